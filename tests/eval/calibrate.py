"""`python -m tests.eval.calibrate`: fit the answer model on the tuning split, and show why.

Every tuning question is asked; each of its RERANK_DEPTH candidates becomes one example (its
evidence, and whether it answers: for out-of-scope questions none does). An L2-regularised
logistic regression is fitted by Newton's method (a few lines of numpy: no library needed for
eight features). It prints the coefficients to paste into index/answering/confidence.py, then
how each threshold would decide on the tuning questions, so the thresholds there can be read
off the same run. It also fits the key-sentence model (index/answering/key_sentence.py) over
the sentences of each first passage that answers. The test split is never read here.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from index.answering.answer import RERANK_DEPTH, answer, searched, weigh
from index.answering.evidence import Evidence, counted_terms
from index.answering.key_sentence import sentence_signals
from index.search.query import check_question
from index.store.library import Library
from tests.eval import SETS, Question, load_questions, seed_library

L2 = 1.0
RANKING = (
    "score relative coverage sentence context kind_match counted context×kind meaning gist"
    " closeness quoted"
).split()
KEY_SENTENCE = "words holds counted meaning figure".split()
CONFIDENCE = (
    "score margin coverage sentence context unknown kind_match counted strangers unsaid meaning"
).split()


@dataclass(frozen=True)
class Asked:
    """One tuning question's candidates: their evidence, and which of them answer."""

    question: Question
    evidence: list[Evidence]
    answers: list[bool]


def tuning_questions() -> Iterator[tuple[Library, Question]]:
    """Every tuning question, with an index of its briefings (one per set of briefings)."""
    tuning = [s for s in SETS if s.split == "tuning"]
    for seeds in dict.fromkeys(s.seeds for s in tuning):
        with seed_library(seeds) as library:
            for question_set in (s for s in tuning if s.seeds == seeds):
                for item in load_questions(question_set.questions):
                    yield library, item


def ask_tuning_questions() -> list[Asked]:
    asked = []
    for library, item in tuning_questions():
        query, strangers = searched(library, check_question(item.question))
        candidates = weigh(library, query, RERANK_DEPTH, strangers)
        asked.append(
            Asked(
                item,
                [c.evidence for c in candidates],
                [item.answered_by(c.passage.id, c.passage.text) for c in candidates],
            )
        )
    return asked


def fit_ranking(asked: list[Asked], l2: float = L2) -> np.ndarray:
    """Conditional-logit weights: a softmax over each question's candidates, fitted to put
    a passage that answers first (Newton's method; questions with no answer among their
    candidates say nothing about the order and are left out)."""
    groups = [
        (np.array([e.ranking_vector() for e in a.evidence]), np.array(a.answers, dtype=float))
        for a in asked
        if any(a.answers)
    ]
    return fit_choice(groups, len(RANKING), l2)


def fit_choice(
    groups: list[tuple[np.ndarray, np.ndarray]], width: int, l2: float = L2
) -> np.ndarray:
    """Conditional-logit weights over groups of (signals of each option, which are right)."""
    weights = np.zeros(width)
    for _ in range(100):
        gradient = l2 * weights
        hessian = l2 * np.eye(len(weights))
        for x, y in groups:
            target = y / y.sum()
            p = np.exp(x @ weights - (x @ weights).max())
            p /= p.sum()
            gradient += x.T @ (p - target)
            mean = p @ x
            hessian += (x * p[:, None]).T @ x - np.outer(mean, mean)
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-9:
            break
    return weights


def key_sentence_choices() -> list[tuple[np.ndarray, np.ndarray]]:
    """For each tuning question whose first passage answers it with a quoted snippet, the
    signals of that passage's sentences (two or more) and which of them hold the snippet."""
    groups = []
    for library, item in tuning_questions():
        result = answer(library, item.question)
        if not item.gold or not result.passages:
            continue
        first = result.passages[0]
        if not item.answered_by(first.id, first.text):
            continue
        query = searched(library, check_question(item.question))[0]
        scored = sentence_signals(
            first.text,
            query,
            library.idf(list(query.weights)),
            library.figures_in([first.id]),
            counted_terms(query),
        )
        right = [bool(item.stated_in(first.text[a:b])) for (a, b), _ in scored]
        if len(scored) > 1 and any(right):
            signals = np.array([signal.vector() for _, signal in scored])
            groups.append((signals, np.array(right, dtype=float)))
    return groups


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2) -> np.ndarray:
    """Logistic regression weights (intercept first) by Newton's method with an L2 penalty."""
    design = np.hstack([np.ones((len(x), 1)), x])
    weights = np.zeros(design.shape[1])
    penalty = np.eye(design.shape[1]) * l2
    penalty[0, 0] = 0.0
    for _ in range(100):
        p = 1 / (1 + np.exp(-design @ weights))
        gradient = design.T @ (p - y) + penalty @ weights
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-9:
            break
    return weights


def main() -> int:
    asked = [a for a in ask_tuning_questions() if a.evidence]
    ranking = fit_ranking(asked)
    firsts = [int(np.argmax([e.ranking_vector() @ ranking for e in a.evidence])) for a in asked]
    x = np.array([a.evidence[i].confidence_vector() for a, i in zip(asked, firsts, strict=True)])
    y = np.array([a.answers[i] for a, i in zip(asked, firsts, strict=True)], dtype=float)
    confidence = fit_logistic(x, y)
    answerable = sum(a.question.answerable for a in asked)
    print(f"{len(asked)} tuning questions ({answerable} answerable), right first {int(y.sum())}")
    print("RANKING_WEIGHTS = (" + ", ".join(f"{w:.3f}" for w in ranking) + ")")
    print(f"CONFIDENCE_INTERCEPT = {confidence[0]:.3f}")
    print("CONFIDENCE_WEIGHTS = (" + ", ".join(f"{w:.3f}" for w in confidence[1:]) + ")")
    for name, w in zip(RANKING, ranking, strict=True):
        print(f"  ranking     {name:<11} {w:+.3f}")
    for name, w in zip(CONFIDENCE, confidence[1:], strict=True):
        print(f"  confidence  {name:<11} {w:+.3f}")
    p = 1 / (1 + np.exp(-(confidence[0] + x @ confidence[1:])))
    oos = np.array([not a.question.answerable for a in asked])
    context = np.array([max(e.context for e in a.evidence) for a in asked])
    sentences = key_sentence_choices()
    key = fit_choice(sentences, len(KEY_SENTENCE))
    right = sum(int(y[int(np.argmax(x @ key))]) for x, y in sentences)
    print(f"\nkey sentences: {len(sentences)} passages, right {right}")
    print("KEY_SENTENCE_WEIGHTS = (" + ", ".join(f"{w:.3f}" for w in key) + ")")
    print("\nanswered at  answered  right  precision  out-of-scope answered")
    for threshold in (0.5, 0.6, 0.7, 0.75, 0.8, 0.825, 0.85, 0.875, 0.9):
        chosen = p >= threshold
        print(
            f"{threshold:>11.3f}  {chosen.sum():>8}  {int(y[chosen].sum()):>5}  "
            f"{y[chosen].mean() if chosen.any() else 1:>9.3f}  {int((chosen & oos).sum()):>21}"
        )
    print("\nnot covered below (bearing)  answerable not covered  out of scope not covered")
    for threshold in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3):
        low = context < threshold
        print(f"{threshold:>27.2f}  {int((low & ~oos).sum()):>22}  {int((low & oos).sum()):>24}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
