"""Answer-quality metrics: pure functions over what the evaluation saw, no index needed.

An `Outcome` is one question asked: whether the briefing answers it, the status Briefbot gave
("answered", "closest", "not_covered"), for each returned passage whether it answers the
question, and the figure values shown (in order) against the figure the question asks for.

Conventions, so that every number is well defined:
- right first, in top 3 and MRR are averaged over answerable questions; a passage shown under
  "closest" counts like any other (the member sees it), a question declared not covered
  returned nothing and scores 0.
- "declared not covered" counts answerable questions with status not_covered;
  "answered confidently" counts out-of-scope questions with status answered.
- "confident share" is the share of answerable questions answered confidently, and
  "confident precision" the share of confident answers (any question) whose first passage
  answers: the two sides of the answered/closest line.
- figure shown / first are over answerable questions that ask for a number.
- key sentence right is over questions answered right first whose answer is a quoted snippet
  (the real-news format): the sentence set in bold holds the snippet, or lies within it.
A ratio with an empty denominator is 1.0 (nothing was claimed, so nothing was wrong).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    id: str
    question: str
    answerable: bool
    status: str
    hits: tuple[bool, ...]
    figure: float | None = None
    # Each figure shown, in order, as the values its line displays: one, or both ends of a
    # range ("fined $5,000–7,000" shows 7,000 as much as 5,000).
    figures_shown: tuple[tuple[float, ...], ...] = ()
    # Whether the first passage's key sentence (set in bold) holds the answer; None when the
    # first passage does not answer or the question names no snippet.
    key_sentence: bool | None = None

    @property
    def rank(self) -> int | None:
        """1-based rank of the first returned passage that answers, or None."""
        return next((i for i, hit in enumerate(self.hits, start=1) if hit), None)

    @property
    def right_first(self) -> bool:
        return self.answerable and self.rank == 1

    @property
    def handled(self) -> bool:
        """Right first for an answerable question; not answered confidently otherwise."""
        return self.right_first if self.answerable else self.status != "answered"


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 1.0


def same_number(a: float, b: float) -> bool:
    """Whether the shown `a` is the asked-for `b`. Question writers round a fraction that never
    ends to three places ("a third" is 0.333, "two-thirds" 0.667): 1/3 shown is 0.333 asked."""
    if abs(a - b) <= 1e-6 * max(1.0, abs(b)):
        return True
    return _places(b) == 3 and round(a, 3) == b


def _places(value: float) -> int:
    """How many decimal places `value` is written with (0.333 → 3, 12.5 → 1, 7.0 → 0)."""
    written = repr(value)
    return 0 if "e" in written or "." not in written else len(written.split(".")[1].rstrip("0"))


def scores(outcomes: Sequence[Outcome]) -> dict[str, float | int]:
    """Every headline number of one question set."""
    answerable = [o for o in outcomes if o.answerable]
    out_of_scope = [o for o in outcomes if not o.answerable]
    confident = [o for o in outcomes if o.status == "answered"]
    asks_figure = [o for o in answerable if o.figure is not None]
    keyed = [o for o in answerable if o.right_first and o.key_sentence is not None]
    return {
        "questions": len(outcomes),
        "answerable": len(answerable),
        "out_of_scope": len(out_of_scope),
        "right_first": _ratio(sum(o.rank == 1 for o in answerable), len(answerable)),
        "in_top_3": _ratio(sum((o.rank or 99) <= 3 for o in answerable), len(answerable)),
        "mrr": _ratio(sum(1 / o.rank for o in answerable if o.rank), len(answerable)),
        "declared_not_covered": sum(o.status == "not_covered" for o in answerable),
        "out_of_scope_confident": sum(o.status == "answered" for o in out_of_scope),
        "confident_share": _ratio(sum(o.status == "answered" for o in answerable), len(answerable)),
        "confident_precision": _ratio(sum(o.right_first for o in confident), len(confident)),
        "figure_questions": len(asks_figure),
        "figure_shown": _ratio(
            sum(_shows(o, o.figures_shown) for o in asks_figure), len(asks_figure)
        ),
        "figure_first": _ratio(
            sum(_shows(o, o.figures_shown[:1]) for o in asks_figure), len(asks_figure)
        ),
        "key_sentences": len(keyed),
        "key_sentence_right": _ratio(sum(bool(o.key_sentence) for o in keyed), len(keyed)),
    }


def _shows(outcome: Outcome, figures: Sequence[tuple[float, ...]]) -> bool:
    """Whether one of `figures` displays the figure the question asks for."""
    wanted = outcome.figure
    return wanted is not None and any(
        same_number(value, wanted) for values in figures for value in values
    )
