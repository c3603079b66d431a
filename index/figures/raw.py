"""A number as the quantity reader first reads it: before its hedge, its range and the
refusals (index.figures.refusals) that keep years, labels, scores left over and idioms out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class RawQuantity:
    """A number with its scale and unit, before hedges, ranges and refusals."""

    number: int
    after_number: int
    value: float
    scale: float
    words: bool
    last: int
    unit: str = ""
    kind: str = "count"
    noun: str = ""
    head: str = ""
    currency: bool = False
    noun_first: int = -1
    paired: float | None = None  # a score's other side ("3-0")
    roughly: bool = False  # written as a round number: "80-odd", "twenty-odd"
    # One thing counted: a casualty ("one person has died") or a count stressed ("only one
    # Test match"), not "one" as a pronoun or an article.
    single: bool = False

    @property
    def scaled(self) -> bool:
        return self.scale != 1
