"""Figure precision and recall against hand-written gold, so extractor changes are measured.

A figure matches a gold row on (value, unit, paragraph): the number a reader would check, what
it counts, and where it is. Each gold row can be matched once, so a figure extracted twice
counts once as right and once as spurious. Gold written under other conventions for units and
paragraphs (tests/eval/blind) is matched `by_value` within its document: the number alone,
sign aside, each end of a range on its own (such gold gives a range as two rows).

Ranks ("17th") are left out, extracted or gold (a row whose unit is "rank"): most gold files
leave ordinals out, by their writers' conventions; whether a rank is shown when asked for is
measured with the answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

FigureKey = tuple[float, str, int]


def _field(figure: Any, name: str) -> Any:
    """A field of an extracted figure (object or dict) or a gold row; None if it lacks it."""
    return figure.get(name) if isinstance(figure, Mapping) else getattr(figure, name, None)


def figure_key(figure: Any) -> FigureKey:
    """(value, unit, paragraph) of an extracted figure (object or dict) or a gold row."""
    value, unit, paragraph = (_field(figure, name) for name in ("value", "unit", "paragraph"))
    return _rounded(float(value)), str(unit), int(paragraph)


def value_keys(figure: Any) -> list[float]:
    """The numbers an extracted figure (object or dict) or a gold row states, sign aside."""
    values = [_field(figure, "value"), _field(figure, "value_high")]
    return [_rounded(abs(float(value))) for value in values if value is not None]


def _rounded(value: float) -> float:
    """A value as gold writes it: a share below 1 to two places, since gold rounds repeating
    decimals ("two-thirds" is 0.667 or 0.6667), anything else to six."""
    return round(value, 2) if abs(value) < 1 else round(value, 6)


def score_figures(
    extracted: Iterable[Any], gold: Iterable[Any], by_value: bool = False
) -> dict[str, Any]:
    """Precision, recall, and the keys missing from or spurious in the extraction."""
    extracted = [figure for figure in extracted if _field(figure, "kind") != "rank"]
    gold = [row for row in gold if _field(row, "unit") != "rank"]
    found: Counter[Any]
    wanted: Counter[Any]
    if by_value:
        found = Counter(key for figure in extracted for key in value_keys(figure))
        wanted = Counter(key for row in gold for key in value_keys(row))
    else:
        found = Counter(figure_key(figure) for figure in extracted)
        wanted = Counter(figure_key(row) for row in gold)
    matched = sum((found & wanted).values())
    return {
        "precision": matched / sum(found.values()) if found else 1.0,
        "recall": matched / sum(wanted.values()) if wanted else 1.0,
        "matched": matched,
        "gold": sum(wanted.values()),
        "extracted": sum(found.values()),
        "missing": sorted((wanted - found).elements()),
        "spurious": sorted((found - wanted).elements()),
    }
