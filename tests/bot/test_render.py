"""The pure embed builders of bot/render.py: always within Discord's limits, never pinging."""

from __future__ import annotations

from typing import Any

import discord
import pytest

from bot.render import (
    DESCRIPTION_LIMIT,
    ELLIPSIS,
    FIELD_VALUE_LIMIT,
    FIELDS_LIMIT,
    TITLE_LIMIT,
    TOTAL_LIMIT,
    answer_embed,
    figure_embed,
    figures_embed,
    fit,
    highlighted,
    notice_embed,
    report_embed,
    safe,
    within_total,
)
from index.answering.answer import Answer, PassageAnswer
from index.figures.periods import Period
from index.figures.record import Figure
from tests.bot_fixtures import embed_problems

TEXT = (
    "The territorial gains have come at a significant human cost. A BBC Russian analysis "
    "confirmed at least 78,329 Russian troops have been killed since the full-scale invasion "
    "began in February 2022."
)


def passage(text: str = TEXT, *, sentence: tuple[int, int] | None = None, **extra) -> PassageAnswer:
    start = text.find("A BBC") if "A BBC" in text else 0
    values = {
        "id": "doc#5",
        "document": "doc",
        "title": "Russia advances near Kursk",
        "date": "2024-11-19",
        "paragraph": 5,
        "text": text,
        "score": 5.0,
        "citation": "Russia advances near Kursk…, 19 Nov 2024, ¶5",
        "sentence": sentence or (start, len(text)),
        "highlights": (),
    }
    return PassageAnswer(**{**values, **extra})


def answered(*passages: PassageAnswer, question: str = "How many troops?", **extra) -> Answer:
    return Answer(
        question=question,
        answered=True,
        status="answered",
        passages=list(passages),
        elapsed_ms=1.25,
        **extra,
    )


def unmarked(text: str) -> str:
    return text.replace("**", "").replace("__", "").replace("\\", "")


def check(embed: discord.Embed) -> dict:
    data = embed.to_dict()
    assert embed_problems(data) == [], embed_problems(data)
    assert len(embed) <= TOTAL_LIMIT
    return data


# -- fit ---------------------------------------------------------------------------------------


def test_fit_leaves_short_text_alone() -> None:
    assert fit("short", 5) == "short"
    assert fit("", 10) == ""


def test_fit_cuts_at_a_word_and_marks_the_cut() -> None:
    text = "alpha beta gamma delta epsilon"
    cut = fit(text, 20)
    assert len(cut) <= 20 and cut.endswith(ELLIPSIS)
    assert cut == "alpha beta gamma…"


@pytest.mark.parametrize("limit", [1, 2, 10, 99, 256, 4096])
def test_fit_never_exceeds_the_limit(limit: int) -> None:
    for text in ("x" * 10_000, "word " * 3000, "é" * 5000, " " * 5000 + "z"):
        cut = fit(text, limit)
        assert len(cut) <= limit
        assert cut.endswith(ELLIPSIS)


def test_fit_without_spaces_cuts_mid_word() -> None:
    assert fit("abcdefghij", 5) == "abcd…"


# -- safe / highlighted --------------------------------------------------------------------------


def test_safe_escapes_markdown_and_mentions() -> None:
    text = safe("**bold** __u__ @everyone @here <@&123456789012345678>")
    assert "**" not in text.replace("\\*", "")
    assert "@everyone" not in text and "@here" not in text
    assert "<@&123456789012345678>" not in text


def test_highlighted_bolds_the_sentence_and_underlines_words() -> None:
    start = TEXT.find("A BBC")
    killed = TEXT.find("killed")
    marked = highlighted(
        passage(sentence=(start, len(TEXT)), highlights=((killed, killed + len("killed")),))
    )
    assert marked.startswith("The territorial gains have come at a significant human cost. **")
    assert marked.endswith("**")
    assert "__killed__" in marked
    assert unmarked(marked) == TEXT


def test_highlighted_escapes_the_article_text() -> None:
    text = "Prices *rose* by 5_000 units. @everyone panicked."
    marked = highlighted(passage(text, sentence=(0, len(text)), highlights=((0, 6),)))
    assert "@everyone" not in marked
    assert "\\*rose\\*" in marked and "\\_" in marked
    assert marked.startswith("**__Prices__")


def test_highlighted_handles_highlights_across_the_sentence_edge() -> None:
    start = TEXT.find("A BBC")
    # A highlight spanning the end of the first sentence and the start of the second.
    span = (start - 6, start + 5)
    marked = highlighted(passage(sentence=(start, len(TEXT)), highlights=(span,)))
    assert unmarked(marked).replace("\u200b", "") == TEXT
    assert marked.count("**") % 2 == 0 and marked.count("__") % 2 == 0


# -- answer_embed --------------------------------------------------------------------------------


def test_answer_embed_shows_passage_citation_and_footer() -> None:
    data = check(answer_embed(answered(passage()), page=2))
    assert "78,329" in data["description"]
    assert "*Russia advances near Kursk…, 19 Nov 2024, ¶5*" in data["description"]
    assert data["footer"]["text"] == "Briefing of 19 Nov 2024 · page 2 · searched in 1.2 ms"
    assert data["title"] == "“How many troops?”"


def test_answer_embed_says_which_question_a_follow_up_follows() -> None:
    """Shown first, inert and cut: the member sees what their reply was searched with."""
    followed = "@everyone how many **troops** " + "were sent " * 100
    data = check(answer_embed(answered(passage(), follows=followed)))
    first = data["description"].split("\n")[0]
    assert first.startswith("-# following up: “@\u200beveryone how many \\*\\*troops")
    assert first.endswith("…”") and len(first) < 250


def test_answer_embed_with_huge_inputs_stays_within_limits() -> None:
    question = ("**bold** __under__ @everyone `code` > quote " * 30)[:1000]
    huge = "Word " * 3000
    figures = [a_figure(rendered="figure " * 300, measure="m", value=1, unit="u")] * 10
    many = [
        passage(huge, sentence=(0, len(huge)), date=f"2024-01-{day:02}") for day in range(1, 29)
    ]
    result = answered(
        *many,
        question=question,
        figures=figures,
        corrections={f"wrod{i}": f"word{i}" for i in range(50)},
    )
    data = check(answer_embed(result, page=99))
    assert len(data["title"]) <= TITLE_LIMIT
    assert "@everyone" not in data["title"]
    assert len(data["description"]) <= DESCRIPTION_LIMIT
    for field in data.get("fields", []):
        assert len(field["value"]) <= FIELD_VALUE_LIMIT


def test_answer_embed_keeps_whole_passages_while_they_fit() -> None:
    long = "Sentence about troops. " * 120  # ~2,760 characters each
    data = check(answer_embed(answered(passage(long), passage(long), passage(long))))
    assert data["description"].count("¶5") == 1  # the second passage did not fit whole


def test_answer_embed_for_a_question_not_covered() -> None:
    result = Answer(
        question="Who won the 2022 World Cup? @everyone",
        answered=False,
        status="not_covered",
        message="The briefing doesn't cover that. It covers: " + "Kursk; " * 2000,
        elapsed_ms=0.5,
    )
    data = check(answer_embed(result))
    assert data["description"].startswith("The briefing doesn't cover that.")
    assert "Not covered" in data["footer"]["text"]
    assert "@everyone" not in data["title"]


# -- figures -------------------------------------------------------------------------------------


def test_figures_embed_with_more_than_25_topics_and_long_values() -> None:
    grouped = {
        f"topic {number}": [a_figure(rendered=f"{number} " + "long value " * 200)] * 3
        for number in range(40)
    }
    data = check(figures_embed("The briefing's figures by topic", grouped))
    fields = data["fields"]
    assert 0 < len(fields) <= FIELDS_LIMIT
    assert fields[0]["name"] == "Topic 0"
    assert all(len(field["value"]) <= FIELD_VALUE_LIMIT for field in fields)


def test_figures_embed_with_many_short_figures() -> None:
    grouped = {"troops": [a_figure(rendered=f"{n:,} troops deployed") for n in range(1000)]}
    data = check(figures_embed("Figures: troops", grouped))
    (field,) = data["fields"]
    assert field["value"].startswith("• 0 troops deployed")


def test_figures_embed_without_figures() -> None:
    data = check(figures_embed("Figures", {}))
    assert "No figures" in data["description"]


def test_figure_embed_quotes_the_sentence_with_its_citation() -> None:
    figure = a_figure(
        measure="Russian troops killed",
        rendered="78,329 Russian troops killed",
        sentence="A BBC Russian analysis confirmed at least 78,329 Russian troops...",
        value=78329,
        unit="troops",
        qualifier="at least",
        source="BBC Russian",
        period=Period("since February 2022", "2022-02-01", "2024-11-19"),
    )
    data = check(figure_embed(figure, "Russia advances near Kursk…, 19 Nov 2024, ¶5"))
    assert data["title"] == "Russian troops killed"
    assert "> A BBC Russian analysis" in data["description"]
    assert "¶5" in data["description"]
    fields = {field["name"]: field["value"] for field in data["fields"]}
    assert fields["Value"] == "78,329 troops"
    assert fields["Qualifier"] == "at least" and fields["Period"] == "since February 2022"


def test_figure_embed_with_huge_values() -> None:
    figure = a_figure(
        measure="m" * 1000,
        rendered="r" * 5000,
        sentence="s " * 5000,
        value=1e300,
        unit="u" * 2000,
        source="x" * 2000,
    )
    data = check(figure_embed(figure, "c" * 500))
    assert fields_named(data) == ["Value", "Source"]


def a_figure(**fields: Any) -> Figure:
    """A figure record with the given fields, the rest plain."""
    plain: dict[str, Any] = {
        "id": "d:5:1",
        "document": "d",
        "passage": "d#5",
        "paragraph": 5,
        "sentence": "",
        "start": 0,
        "end": 0,
        "surface": "",
        "value": 0.0,
        "unit": "",
        "kind": "count",
        "qualifier": "exact",
        "lead": "",
        "measure": "",
        "topic": "troops",
        "subject": None,
        "period": None,
        "source": None,
    }
    return Figure(**{**plain, **fields})


def fields_named(data: dict) -> list[str]:
    return [field["name"] for field in data.get("fields", [])]


# -- notices and totals --------------------------------------------------------------------------


def test_notice_and_report_embeds_are_cut() -> None:
    check(notice_embed("n" * 10_000, error=True))
    data = check(report_embed("t" * 1000, ["line " * 100] * 100))
    assert len(data["title"]) <= TITLE_LIMIT


def test_within_total_trims_description_then_fields() -> None:
    embed = discord.Embed(title="t" * 256, description="d" * 4096)
    embed.set_footer(text="f" * 2048)
    for number in range(25):
        embed.add_field(name=f"n{number}", value="v" * 1024)
    trimmed = within_total(embed)
    assert len(trimmed) <= TOTAL_LIMIT
    assert embed_problems(trimmed.to_dict()) == []
