"""Finding figures by words or numbers: for /figure autocomplete and for the figures of an answer.

A figure matches through its label (measure), topic, subject, unit and the sentence it comes
from, all analyzed with the same chain as passages, so "soldiers died" finds "troops killed"
through the synonym table, and "2700" or "2,700" finds the figure by its value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from index.analyzer import analyze
from index.synonyms import EXPANSION_WEIGHT, expand, parties_in

Figure = Mapping[str, Any]

RELATIVE_CUT = 0.6
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


def figure_score(figure: Figure, question: str) -> float:
    """How well a figure answers `question`: label words (synonyms count less), and numbers.

    0 when the question names an actor the figure is not about (Ukrainian losses are never
    answered with Russian ones).
    """
    asked = analyze(question)
    figure_subjects = parties_in(
        analyze(str(figure.get("subject") or "")) + analyze(str(figure.get("measure") or ""))
    )
    asked_subjects = parties_in(asked)
    if asked_subjects and figure_subjects and not (asked_subjects & figure_subjects):
        return 0.0
    labels = label_terms(figure)
    sentence = set(analyze(str(figure.get("sentence") or "")))
    score = 0.0
    for term in set(asked):
        if term in labels:
            score += 1.0
        elif labels & set(expand([term])):
            score += EXPANSION_WEIGHT
        elif term in sentence:
            score += 0.5
    if figure.get("value") is not None and float(figure["value"]) in numbers_in(question):
        score += 2.0
    return score


def best_figures(figures: Iterable[Figure], question: str, limit: int) -> list[Figure]:
    """The figures that bear on `question`, best first (ties keep the article's order).

    Figures far weaker than the best one (below RELATIVE_CUT of its score) are left out: for
    "how many soldiers died", troops *killed* bear on it, troops *deployed* do not.
    """
    scored = [(figure_score(f, question), index, f) for index, f in enumerate(figures)]
    best = max((score for score, _, _ in scored), default=0.0)
    kept = [s for s in scored if s[0] > 0 and s[0] >= RELATIVE_CUT * best]
    ranked = sorted(kept, key=lambda s: (-s[0], s[1]))
    return [figure for _, _, figure in ranked[:limit]]
