"""Retrieval metrics for the evaluation: pure functions over plain data, no index needed.

An `Outcome` is what the evaluation saw for one question: the passage ids that count as a
correct answer (empty for a question the briefing cannot answer), and the ids the system
returned, best first (empty when it said "not covered").

Conventions, so that every number is well defined:
- top-1, recall@k and MRR are averaged over answerable questions only; an answerable question
  declared "not covered" returned nothing, so it scores 0 on all three.
- "not covered" is a binary decision with out-of-scope questions as the positive class:
  precision = out-of-scope questions declared not covered / all declared not covered,
  recall    = out-of-scope questions declared not covered / all out-of-scope questions.
  A ratio with an empty denominator is 1.0 (nothing was claimed, so nothing was wrong).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from index.figures.evaluation import score_figures


@dataclass(frozen=True)
class Outcome:
    question: str
    kind: str
    expected: tuple[str, ...]
    got: tuple[str, ...]

    @property
    def answerable(self) -> bool:
        return bool(self.expected)

    @property
    def declined(self) -> bool:
        """The system said "not covered" (returned no passage)."""
        return not self.got


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 1.0


def rank(expected: Iterable[str], got: Sequence[str]) -> int | None:
    """1-based rank of the first returned id that is one of `expected`, or None."""
    wanted = set(expected)
    for position, passage in enumerate(got, start=1):
        if passage in wanted:
            return position
    return None


def correct(outcome: Outcome) -> bool:
    """Right at rank 1 for an answerable question; declined for an out-of-scope one."""
    if outcome.answerable:
        return rank(outcome.expected, outcome.got[:1]) == 1
    return outcome.declined


def top1(outcomes: Sequence[Outcome]) -> float:
    answerable = [o for o in outcomes if o.answerable]
    return _ratio(sum(correct(o) for o in answerable), len(answerable))


def recall_at(outcomes: Sequence[Outcome], k: int) -> float:
    answerable = [o for o in outcomes if o.answerable]
    hits = sum(rank(o.expected, o.got[:k]) is not None for o in answerable)
    return _ratio(hits, len(answerable))


def mrr(outcomes: Sequence[Outcome]) -> float:
    answerable = [o for o in outcomes if o.answerable]
    total = 0.0
    for outcome in answerable:
        position = rank(outcome.expected, outcome.got)
        total += 1.0 / position if position else 0.0
    return _ratio(total, len(answerable))


def not_covered_precision(outcomes: Sequence[Outcome]) -> float:
    declined = [o for o in outcomes if o.declined]
    return _ratio(sum(not o.answerable for o in declined), len(declined))


def not_covered_recall(outcomes: Sequence[Outcome]) -> float:
    out_of_scope = [o for o in outcomes if not o.answerable]
    return _ratio(sum(o.declined for o in out_of_scope), len(out_of_scope))


def accuracy(outcomes: Sequence[Outcome]) -> float:
    """Share of all questions handled right (see `correct`)."""
    return _ratio(sum(correct(o) for o in outcomes), len(outcomes))


def by_kind(outcomes: Sequence[Outcome]) -> dict[str, dict[str, float]]:
    """Per question kind: how many questions, and the share handled right (see `correct`)."""
    kinds: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        kinds.setdefault(outcome.kind, []).append(outcome)
    return {
        kind: {"n": len(group), "correct": accuracy(group)} for kind, group in sorted(kinds.items())
    }


def scores(outcomes: Sequence[Outcome]) -> dict[str, float | int]:
    """Every headline number of the evaluation."""
    return {
        "questions": len(outcomes),
        "answerable": sum(o.answerable for o in outcomes),
        "out_of_scope": sum(not o.answerable for o in outcomes),
        "top1": top1(outcomes),
        "recall_at_3": recall_at(outcomes, 3),
        "mrr": mrr(outcomes),
        "not_covered_precision": not_covered_precision(outcomes),
        "not_covered_recall": not_covered_recall(outcomes),
        "accuracy": accuracy(outcomes),
    }


def figure_scores(gold: Iterable[Any], extracted: Iterable[Any]) -> dict[str, float | int]:
    """Figure precision and recall as the extractor's own tests score them, with the counts.

    Matching is `index.figures.evaluation.score_figures`: on (value, unit, paragraph), each
    gold row once, so a figure extracted twice counts once as right and once as spurious.
    """
    gold, extracted = list(gold), list(extracted)
    score = score_figures(extracted, gold)
    return {
        "gold": len(gold),
        "extracted": len(extracted),
        "matched": len(extracted) - len(score["spurious"]),
        "precision": score["precision"],
        "recall": score["recall"],
    }
