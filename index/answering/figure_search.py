"""Finding figures by words or numbers: for /figure autocomplete and for the figures of an answer.

A figure matches through its label (measure), topic, subject, unit and the sentence it comes
from, all analyzed with the same chain as passages, so "soldiers died" finds "troops killed"
through the synonym table, and "2700" or "2,700" finds the figure by its value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from index.analysis.analyzer import analyze
from index.analysis.synonyms import EXPANSION_WEIGHT, expand, parties_in

Figure = Mapping[str, Any]
# Whatever kind of mapping comes in (a stored figure is a dict) comes back out.
FigureT = TypeVar("FigureT", bound=Figure)

RELATIVE_CUT = 0.6
_NUMBER = re.compile(r"\d[\d,.\u00a0 ]*\d|\d")


def label_terms(figure: Figure) -> set[str]:
    """What a figure is about, as index terms: its label, topic, subject and unit."""
    text = " ".join(
        str(figure.get(key) or "") for key in ("measure", "topic", "subject", "unit", "kind")
    )
    return set(analyze(text))


def numbers_in(text: str) -> set[float]:
    """Numbers written in `text`, with digit groups and decimals understood."""
    values = set()
    for match in _NUMBER.finditer(text):
        digits = re.sub(r"[,\u00a0 ]", "", match.group())
        try:
            values.add(float(digits))
        except ValueError:
            continue
    return values


@dataclass(frozen=True)
class _Asked:
    """A question analyzed once, for scoring every figure against it."""

    synonyms: dict[str, frozenset[str]]
    parties: frozenset[str]
    numbers: set[float]

    @classmethod
    def of(cls, question: str) -> _Asked:
        terms = analyze(question)
        return cls(
            synonyms={term: frozenset(expand([term])) for term in set(terms)},
            parties=parties_in(terms),
            numbers=numbers_in(question),
        )


def _score(figure: Figure, asked: _Asked) -> float:
    """How well a figure answers the question: label words (synonyms count less), and numbers.

    0 when the question names an actor the figure is not about (Ukrainian losses are never
    answered with Russian ones).
    """
    figure_parties = parties_in(
        analyze(str(figure.get("subject") or "")) + analyze(str(figure.get("measure") or ""))
    )
    if asked.parties and figure_parties and not (asked.parties & figure_parties):
        return 0.0
    labels = label_terms(figure)
    sentence = set(analyze(str(figure.get("sentence") or "")))
    score = 0.0
    for term, synonyms in asked.synonyms.items():
        if term in labels:
            score += 1.0
        elif labels & synonyms:
            score += EXPANSION_WEIGHT
        elif term in sentence:
            score += 0.5
    if figure.get("value") is not None and float(figure["value"]) in asked.numbers:
        score += 2.0
    return score


def best_figures(figures: Iterable[FigureT], question: str, limit: int) -> list[FigureT]:
    """The figures that bear on `question`, best first (ties keep the article's order).

    Figures far weaker than the best one (below RELATIVE_CUT of its score) are left out: for
    "how many soldiers died", troops *killed* bear on it, troops *deployed* do not.
    """
    asked = _Asked.of(question)
    scored = [(_score(f, asked), index, f) for index, f in enumerate(figures)]
    best = max((score for score, _, _ in scored), default=0.0)
    kept = [s for s in scored if s[0] > 0 and s[0] >= RELATIVE_CUT * best]
    ranked = sorted(kept, key=lambda s: (-s[0], s[1]))
    return [figure for _, _, figure in ranked[:limit]]
