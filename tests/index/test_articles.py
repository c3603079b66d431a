"""Reading articles: chrome dropped, metadata kept, passages cite the source exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.articles import MAX_PASSAGE_WORDS, SeedError, read_document, read_seeds
from index.figures.extract import extract_figures
from index.text.normalize import joined_lines
from tests.conftest import SEEDS


def seed_document():
    (document,) = read_seeds(SEEDS)
    return document


def test_seed_article_metadata_and_chrome() -> None:
    document = seed_document()
    assert document.title.startswith("Russia advances near Kursk")
    assert document.date == "2024-11-19"
    assert document.sections == ("Russian Military Gains Momentum in Ukraine Conflict",)
    assert document.categories == ("All", "World")
    texts = " ".join(p.text for p in document.passages)
    for chrome in ("5 views", "3 mins", "0 comments", "In All, World", "November 19, 2024"):
        assert chrome not in texts
    assert not any(p.text.startswith("Russia advances near Kursk") for p in document.passages)


def test_passages_quote_the_source_at_their_span() -> None:
    document = seed_document()
    source = Path(document.path).read_text(encoding="utf-8")
    assert len(document.passages) == 10
    for passage in document.passages:
        assert source[passage.start : passage.end] == passage.text
        assert passage.id == f"{document.slug}#{passage.paragraph}"


def test_paragraph_numbers_count_title_and_headings() -> None:
    first = seed_document().passages[0]
    assert first.paragraph == 3
    assert "2,700 square kilometers" in first.text


def test_long_paragraph_is_split_at_sentences(tmp_path: Path) -> None:
    sentence = "Officials said the new budget rules would change how money is spent this year. "
    path = tmp_path / "long.txt"
    path.write_text("A long report\n\nMarch 4, 2025\n\n" + sentence * 40 + "\n", encoding="utf-8")
    document = read_document(path)
    assert len(document.passages) > 1
    assert {p.paragraph for p in document.passages} == {2}
    assert [p.id.rsplit(".", 1)[1] for p in document.passages] == [
        str(n) for n in range(1, len(document.passages) + 1)
    ]
    for passage in document.passages:
        assert len(passage.text.split()) <= MAX_PASSAGE_WORDS
        assert passage.text.endswith(".")


def test_article_without_header_takes_title_from_file_name(tmp_path: Path) -> None:
    body = " ".join(["The council approved the plan after a long debate on costs."] * 4)
    path = tmp_path / "council_vote.txt"
    path.write_text(body + "\n\n" + body + "\n", encoding="utf-8")
    document = read_document(path)
    assert document.title == "Council vote"
    assert document.date is None
    assert [p.paragraph for p in document.passages] == [1, 2]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "is empty"),
        (b"   \n\n  ", "is empty"),
        (b"\x00\x01\x02binary\x00", "is binary"),
        (b"caf\xe9 au lait is not utf-8 text here", "is not UTF-8"),
    ],
)
def test_unusable_files_are_refused_with_their_reason(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(SeedError) as raised:
        read_document(path)
    assert raised.value.path == str(path)
    assert reason in raised.value.reason


def test_same_titles_get_distinct_slugs(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(
            "Same title\n\nJanuary 2, 2025\n\nA paragraph about the same thing, twice over.\n",
            encoding="utf-8",
        )
    slugs = [document.slug for document in read_seeds(tmp_path)]
    assert slugs == ["same-title", "same-title-2"]


def test_markdown_headings_lists_and_tables_read_as_written(tmp_path: Path) -> None:
    """A briefing written in Markdown loses no list item or table row to the heading rule
    (a short line without a full stop), and keeps no Markdown marks in its title or sections."""
    path = tmp_path / "storm.md"
    path.write_text(
        "# Storm batters the coast\n\n2 December 2026\n\n**Key points:**\n\n"
        "- About 40,000 homes lost power on Tuesday\n- 3 people were injured\n\n"
        "| Town | Rainfall |\n|---|---|\n| Byron Bay | 180 mm |\n\n"
        "## What happened next\n\nCrews worked overnight to restore power.\n\n"
        "Related stories:\n\n- Floods close the highway\n- Schools shut\n",
        encoding="utf-8",
    )
    document = read_document(path)
    source = path.read_text(encoding="utf-8")
    assert document.title == "Storm batters the coast"
    assert document.sections[:2] == ("Key points:", "What happened next")
    texts = [p.text for p in document.passages]
    assert texts[:4] == [
        "About 40,000 homes lost power on Tuesday",
        "3 people were injured",
        "| Town | Rainfall |",
        "| Byron Bay | 180 mm |",
    ]
    assert "Floods close the highway" not in texts  # a closing list of links
    assert [p.paragraph for p in document.passages][:4] == [3, 4, 5, 6]
    for passage in document.passages:
        assert source[passage.start : passage.end] == passage.text


def test_a_hard_wrapped_article_reads_as_its_paragraphs(tmp_path: Path) -> None:
    """Text wrapped at a fixed width (an e-mail, a wire feed, a PDF) is one passage per
    paragraph, not one per line: no line is taken for a heading, no figure is lost."""
    path = tmp_path / "budget.txt"
    path.write_text(
        "Council approves new budget\r\n3 March 2025\r\n\r\n"
        "The city council approved a budget of $45 million on Tuesday, with\r\n"
        "most of the money going to road repairs and a new library in the\r\n"
        "northern suburbs.\r\n\r\n"
        "Background\r\n"
        "Councillor Jane Smith said the library would open in 2027 and\r\n"
        "employ about 30 staff. The council meets again on Friday, when the\r\n"
        "vote on rates is due.\r\n",
        encoding="utf-8",
    )
    document = read_document(path)
    source = path.read_bytes().decode("utf-8")
    assert (document.title, document.date, document.sections) == (
        "Council approves new budget",
        "2025-03-03",
        ("Background",),
    )
    assert [p.text[:29] for p in document.passages] == [
        "The city council approved a b",
        "Councillor Jane Smith said th",
    ]
    assert document.passages[0].text.endswith("in the  northern suburbs.")
    for passage in document.passages:
        assert joined_lines(source[passage.start : passage.end]) == passage.text
    amounts = [f.value for f in extract_figures(document, source_text=source)]
    assert 45_000_000 in amounts and 30 in amounts


def test_lines_of_a_file_not_wrapped_stay_paragraphs(tmp_path: Path) -> None:
    """One paragraph per line (short ones too) is how most articles come: nothing is joined."""
    path = tmp_path / "lines.txt"
    lines = ["Storm warning issued for the coast", "2 December 2026"] + [
        f"Residents of town {n} were told to expect strong winds and heavy rain tonight."
        for n in range(4)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    document = read_document(path)
    assert len(document.passages) == 4


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("November 19, 2024", "2024-11-19"),
        ("2 Dec 2026 10:32 AEDT", "2026-12-02"),
        ("Tue 2 Dec 2026 14.30 GMT", "2026-12-02"),
        ("Updated 2:45 PM ET, Tue December 2, 2026", "2026-12-02"),
        ("Nov. 6, 2023 at 5:12 p.m. EST", "2023-11-06"),
        ("2026-12-02T10:00:00Z", "2026-12-02"),
        ("May 2026", None),  # no day
        ("12/02/2026", None),  # 12 February or December 2?
        ("Oct 2026 budget 3", None),
    ],
)
def test_the_date_line_is_read_as_sites_write_it(
    tmp_path: Path, line: str, date: str | None
) -> None:
    path = tmp_path / "dated.txt"
    path.write_text(f"Storm batters the coast\n{line}\n\nCrews worked overnight.\n", "utf-8")
    assert read_document(path).date == date


def test_a_title_of_two_sentences_over_a_date_is_the_title(tmp_path: Path) -> None:
    path = tmp_path / "goats.txt"
    title = "Wild goats ruled this island for a century. Now, it's being reborn."
    path.write_text(f"{title}\n2020-01-03\n\nThe rocky island was stripped bare.\n", "utf-8")
    document = read_document(path)
    assert (document.title, document.date) == (title, "2020-01-03")
    assert [p.text for p in document.passages] == ["The rocky island was stripped bare."]


def test_a_web_page_loses_its_byline_and_chrome_and_keeps_its_date(tmp_path: Path) -> None:
    """The header runs on through a standfirst and a byline to the date; "Advertisement",
    "Read more: …" and "Share this article" are no paragraphs and head no section."""
    path = tmp_path / "floods.txt"
    path.write_text(
        "Floods cut off 3,000 homes\n\nResidents brace for more rain\n\n"
        "By Jane Smith and Tom Brown\n\nUpdated 2 Dec 2026, 10:32am\n\nAdvertisement\n\n"
        "More than 3,000 homes have been cut off by floodwaters, emergency services say.\n\n"
        "Read more: How to prepare your home for a flood\n\n"
        "By the end of the day, 120 people had been rescued.\n\nShare this article\n",
        encoding="utf-8",
    )
    document = read_document(path)
    assert (document.title, document.date) == ("Floods cut off 3,000 homes", "2026-12-02")
    assert document.sections == ("Residents brace for more rain",)
    assert [(p.paragraph, p.text[:20]) for p in document.passages] == [
        (3, "More than 3,000 home"),
        (4, "By the end of the da"),
    ]


def test_a_briefing_of_lists_alone_is_all_passages(tmp_path: Path) -> None:
    path = tmp_path / "facts.md"
    path.write_text("# Storm facts\n\n- 40,000 homes lost power\n- 3 people injured\n", "utf-8")
    texts = [p.text for p in read_document(path).passages]
    assert texts == ["40,000 homes lost power", "3 people injured"]
