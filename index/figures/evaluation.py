"""Figure precision and recall against hand-written gold, so extractor changes are measured.

A figure matches a gold row on (value, unit, paragraph): the number a reader would check, what
it counts, and where it is. Each gold row can be matched once, so a figure extracted twice
counts once as right and once as spurious.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

FigureKey = tuple[float, str, int]


def figure_key(figure: Any) -> FigureKey:
    """(value, unit, paragraph) of an extracted figure (object or dict) or a gold row."""

    def field(name: str) -> Any:
        return figure.get(name) if isinstance(figure, Mapping) else getattr(figure, name)

    return round(float(field("value")), 6), str(field("unit")), int(field("paragraph"))


def score_figures(extracted: Iterable[Any], gold: Iterable[Any]) -> dict[str, Any]:
    """Precision, recall, and the keys missing from or spurious in the extraction."""
    found = Counter(figure_key(figure) for figure in extracted)
    wanted = Counter(figure_key(row) for row in gold)
    matched = sum((found & wanted).values())
    return {
        "precision": matched / sum(found.values()) if found else 1.0,
        "recall": matched / sum(wanted.values()) if wanted else 1.0,
        "missing": sorted((wanted - found).elements()),
        "spurious": sorted((found - wanted).elements()),
    }
