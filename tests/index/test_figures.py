"""Figure extraction as a reader sees it: the figures of the seed article and of three briefings
in other shapes, each checked against gold written by reading the text, plus text that must
never yield a figure (page chrome, dates, years, ordinals, durations)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from index.articles import read_document
from index.documents import Document, Passage
from index.figures.evaluation import figure_key, score_figures
from index.figures.extract import Figure, extract_figures, figure_to_dict, render_figure

PROJECT = Path(__file__).resolve().parents[2]
SEED = PROJECT / "seeds" / "000_aaf0c42d52a664a3.txt"
SEED_GOLD = json.loads((PROJECT / "tests" / "eval" / "gold_figures.json").read_text("utf-8"))
BRIEFINGS = PROJECT / "tests" / "fixtures" / "briefings"
BRIEFING_GOLD = json.loads((BRIEFINGS / "gold_figures.json").read_text("utf-8"))
BRIEFING_FILES = sorted(name for name in BRIEFING_GOLD if name.endswith(".txt"))


@pytest.fixture(scope="module")
def seed_figures() -> list[Figure]:
    return extract_figures(read_document(SEED))


@pytest.fixture(scope="module")
def seed_by_key(seed_figures: list[Figure]) -> dict[str, Figure]:
    """The extracted figure for each gold row, by the row's key."""
    by_value = {figure_key(figure): figure for figure in seed_figures}
    return {row["key"]: by_value[figure_key(row)] for row in SEED_GOLD}


def one_passage(text: str, date: str | None = "2024-11-19") -> Document:
    """A document whose only passage is `text` (¶2), for sentences tested on their own."""
    passage = Passage("t#2", "t", 2, 1, "", 0, len(text), text)
    return Document("t", "t.txt", "T", date, (), (passage,), "hash")


def figures_in(text: str, date: str | None = "2024-11-19") -> list[Figure]:
    return extract_figures(one_passage(text, date))


# The seed article -----------------------------------------------------------------------


def test_seed_figures_match_the_gold_exactly(seed_figures: list[Figure]) -> None:
    score = score_figures(seed_figures, SEED_GOLD)
    assert score["missing"] == [] and score["spurious"] == []
    assert score["precision"] == 1.0 and score["recall"] == 1.0


@pytest.mark.parametrize("row", SEED_GOLD, ids=[row["key"] for row in SEED_GOLD])
def test_seed_figure_reads_as_the_article_says(
    row: dict[str, Any], seed_by_key: dict[str, Figure]
) -> None:
    figure = seed_by_key[row["key"]]
    assert figure.surface == row["surface"]
    assert (figure.kind, figure.qualifier, figure.topic) == (
        row["kind"],
        row["qualifier"],
        row["topic"],
    )
    assert figure.subject == row["subject"]
    assert figure.source == row["source"]
    if "period" in row:
        got = None if figure.period is None else figure_to_dict(figure)["period"]
        assert got == row["period"]
    words = figure.measure.split()
    assert all(word in words for word in row.get("measure_words", []))
    assert not any(word in words for word in row.get("measure_excludes", []))


def test_the_ratio_links_the_two_figures_it_compares(seed_by_key: dict[str, Figure]) -> None:
    ratio = seed_by_key["ratio-2024-2023"]
    assert ratio.compares == (seed_by_key["seized-2024"].id, seed_by_key["gained-2023"].id)
    assert (ratio.value, ratio.unit, ratio.qualifier) == (6.0, "×", "nearly")


def test_russian_losses_are_never_labelled_ukrainian(seed_by_key: dict[str, Figure]) -> None:
    killed = seed_by_key["russian-killed"]
    assert "Ukrainian" not in killed.measure and "Ukrainian" not in render_figure(killed)
    assert killed.topic == "casualties" and killed.subject == "Russia"


def test_seed_lines_read_well(seed_by_key: dict[str, Figure]) -> None:
    lines = {key: render_figure(figure) for key, figure in seed_by_key.items()}
    assert lines["seized-2024"] == (
        "≈2,700 km² of Ukrainian territory seized by Russia in 2024, per ISW [¶3]"
    )
    assert lines["ratio-2024-2023"].startswith("nearly 6× ")
    assert "vs 2023" in lines["ratio-2024-2023"]
    assert lines["russian-killed"] == (
        "≥78,329 Russian troops killed since Feb 2022, per BBC Russian [¶5]"
    )
    assert lines["regained-kursk"].endswith("since Oct 2024 [¶6]")
    assert "as of 19 Nov 2024" in lines["held-now"]


def test_spans_quote_the_source_file_and_ids_are_stable(seed_figures: list[Figure]) -> None:
    source = SEED.read_text("utf-8")
    document = read_document(SEED)
    for figure in seed_figures:
        assert source[figure.start : figure.end] == figure.surface
        assert figure.surface in figure.sentence
        assert figure.id.startswith(f"{figure.document}:{figure.paragraph}:")
    again = extract_figures(document, source_text=source)
    assert [f.id for f in again] == [f.id for f in seed_figures]
    assert [figure_key(f) for f in again] == [figure_key(f) for f in seed_figures]


def test_figures_are_json_ready(seed_figures: list[Figure]) -> None:
    for figure in seed_figures:
        data = json.loads(json.dumps(figure_to_dict(figure), ensure_ascii=False))
        assert data["id"] == figure.id and data["value"] == figure.value
        assert data["period"] is None or set(data["period"]) == {"text", "start", "end"}
        assert isinstance(data["compares"], list)


# Briefings in other shapes ------------------------------------------------------------------


@pytest.mark.parametrize("name", BRIEFING_FILES)
def test_briefing_figures_match_the_gold_exactly(name: str) -> None:
    figures = extract_figures(read_document(BRIEFINGS / name))
    score = score_figures(figures, BRIEFING_GOLD[name])
    assert score["missing"] == [] and score["spurious"] == []
    assert score["precision"] == 1.0 and score["recall"] == 1.0


@pytest.mark.parametrize("name", BRIEFING_FILES)
def test_briefing_figures_keep_hedges_ranges_and_periods(name: str) -> None:
    figures = extract_figures(read_document(BRIEFINGS / name))
    by_key = {figure_key(figure): figure for figure in figures}
    by_id = {figure.id: figure for figure in figures}
    for row in BRIEFING_GOLD[name]:
        figure = by_key[figure_key(row)]
        assert figure.surface == row["surface"]
        assert (figure.kind, figure.qualifier) == (row["kind"], row["qualifier"])
        assert figure.value_high == row.get("value_high")
        if "period" in row:
            assert figure.period is not None, row["surface"]
            assert (figure.period.start, figure.period.end) == (
                row["period"]["start"],
                row["period"]["end"],
            )
        if "compares" in row:
            assert [by_id[i].surface for i in figure.compares] == row["compares"]


def test_long_paragraphs_number_figures_across_their_passages() -> None:
    document = read_document(BRIEFINGS / "india_solar_long.txt")
    figures = [f for f in extract_figures(document) if f.paragraph == 2]
    assert {f.passage for f in figures} == {
        "india-races-to-add-solar-power-as-heatwave#2.1",
        "india-races-to-add-solar-power-as-heatwave#2.2",
    }
    assert [f.id.rsplit(":", 1)[1] for f in figures] == [str(n) for n in range(1, 11)]


# How numbers read -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "value_high", "unit", "kind"),
    [
        ("Inflation stood at 2.5% in March.", 2.5, None, "%", "percent"),
        ("The fund holds $4.2 billion.", 4.2e9, None, "USD", "money"),
        ("Brussels approved €350 million in aid.", 3.5e8, None, "EUR", "money"),
        ("The Treasury set aside £12bn.", 1.2e10, None, "GBP", "money"),
        ("Retail sales fell 0.3% in December.", -0.3, None, "%", "percent"),
        ("Growth will be between 2% and 3% next year.", 2.0, 3.0, "%", "percent"),
        ("Wages rose 3–4 per cent.", 3.0, 4.0, "%", "percent"),
        ("Some two million people fled.", 2e6, None, "people", "count"),
        ("Prices have risen sixfold.", 6.0, None, "×", "ratio"),
        ("The front is 1,000 kilometres long.", 1000.0, None, "km", "distance"),
    ],
)
def test_numbers_read_with_scale_unit_sign_and_range(
    text: str, value: float, value_high: float | None, unit: str, kind: str
) -> None:
    (figure,) = figures_in(text)
    assert (figure.value, figure.value_high, figure.unit, figure.kind) == (
        value,
        value_high,
        unit,
        kind,
    )


@pytest.mark.parametrize(
    "text",
    [
        "5 views 3 mins 0 comments",
        "2024",
        "February 2022",
        "November 19, 2024",
        "19 November 2024",
        "Published: 2025-03-04",
        "Ukraine fired long-range missiles into Russia for the first time.",
        "Analysts say the 2022 invasion changed Europe.",
        "Two critical regions experiencing Russian advances are Kupiansk and Kurakhove.",
        "It was the bank's fifth cut since June.",
        "The plan runs over the next five years.",
        "Two thirds of new capacity was renewable.",
        "Children under five are most at risk.",
        "The F-16 jets and COVID-19 vaccines arrived.",
        "Investors bought a 10-year bond.",
        "The talks ended at 10:30 on 3rd March.",
    ],
)
def test_time_labels_and_chrome_are_never_figures(text: str) -> None:
    assert figures_in(text) == []


def test_undated_articles_keep_relative_periods_unresolved() -> None:
    (figure,) = figures_in("Russia seized 465 square kilometers this year.", date=None)
    assert figure.period is not None and figure.period.text == "this year"
    assert (figure.period.start, figure.period.end) == (None, None)
    (figure,) = figures_in("Russia seized 465 square kilometers in 2023.", date=None)
    assert figure.period is not None and figure.period.start == "2023-01-01"
