"""`python -m tests.eval.followups`: follow-up questions, asked after the question before them.

Members reply to an answer with a follow-up ("and how many of them were wounded"), and the
bot searches it with the question it follows (`answer(..., follows=...)`, FOLLOW_UP_WEIGHT).
The sets were not written as conversations, but each article's questions come in the order
their writer asked them, and many read as follow-ups. For every answerable question after
another about the same article, this counts right first and in top 3:

- alone, as `make eval` asks it;
- after the question before it: the context a reply gives;
- after a question about another article: a member who replies but changes the topic, which
  measures what the context costs when it is wrong.

Each count is also given for the questions that read as follow-ups: they open with "and",
"so" or "what about", or lean on a pronoun ("how many of them…"). Out-of-scope questions are
asked alone and after an answerable question of their set: a follow-up must not make the
bot confident about what the briefings do not cover.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Sequence

from index import Library, answer
from tests.eval import SETS, Question, QuestionSet, load_questions, seed_library

_READS_AS_FOLLOW_UP = re.compile(
    r"^(and|so|also|but|what about|how about)\b"
    r"|\b(he|she|they|them|those|these|it|his|her|their|this|that)\b",
    re.IGNORECASE,
)
_CONTEXTS = ("alone", "after its predecessor", "after another article's")


def pairs(questions: Sequence[Question]) -> list[tuple[Question, Question, Question]]:
    """(question, the one before it, one about another article) for every answerable question
    that follows another about the same article; the other article's question is the
    predecessor of the question at the same place in the next article's run (cyclically)."""
    runs: dict[str, list[int]] = {}
    for number, question in enumerate(questions):
        if question.article is not None:
            runs.setdefault(question.article, []).append(number)
    articles = list(runs)
    found = []
    for place, article in enumerate(articles):
        other = runs[articles[(place + 1) % len(articles)]]
        for position, number in enumerate(runs[article][1:], start=1):
            question = questions[number]
            if not question.answerable or other == runs[article]:
                continue
            stranger = questions[other[min(position, len(other) - 1) - 1]]
            found.append((question, questions[number - 1], stranger))
    return found


def count(library: Library, question: Question, follows: str | None) -> Counter[str]:
    """Right first and in top 3 for `question` asked after `follows`."""
    result = answer(library, question.question, follows=follows)
    ranks = [n for n, p in enumerate(result.passages, 1) if question.answered_by(p.id, p.text)]
    return Counter(
        first=int(ranks[:1] == [1]),
        top3=int(bool(ranks)),
        asked=1,
        confident=int(result.answered),
        confident_right=int(result.answered and ranks[:1] == [1]),
    )


def out_of_scope_pairs(questions: Sequence[Question]) -> list[tuple[Question, Question]]:
    """(out-of-scope question, an answerable one it is asked after): a reply that asks what
    the briefings do not cover. The answerable ones are taken in turn, spread by a stride."""
    answerable = [q for q in questions if q.answerable and q.article is not None]
    outside = [q for q in questions if not q.answerable]
    if not answerable:
        return []
    return [(q, answerable[(7 * n) % len(answerable)]) for n, q in enumerate(outside)]


def evaluate(sets: Sequence[QuestionSet] = SETS) -> dict[tuple[str, str, str], Counter[str]]:
    """Counts by (split, context, which questions: "follow-up", "other" or "out of scope")."""
    totals: dict[tuple[str, str, str], Counter[str]] = {}
    for question_set in sets:
        questions = load_questions(question_set.questions)
        chosen = pairs(questions)
        if not chosen:
            continue
        with seed_library(question_set.seeds) as library:
            for question, before, stranger in chosen:
                reads = _READS_AS_FOLLOW_UP.search(question.question)
                for context, follows in zip(
                    _CONTEXTS, (None, before.question, stranger.question), strict=True
                ):
                    key = (question_set.split, context, "follow-up" if reads else "other")
                    totals.setdefault(key, Counter()).update(count(library, question, follows))
            for question, before in out_of_scope_pairs(questions):
                for context, follows in zip(_CONTEXTS[:2], (None, before.question), strict=True):
                    key = (question_set.split, context, "out of scope")
                    totals.setdefault(key, Counter()).update(count(library, question, follows))
    return totals


def main() -> int:
    totals = evaluate()
    print(
        "split   context                  |  answerable  first  top3  confident (right first)"
        " | reading as follow-ups  first  top3 | out of scope  confident"
    )
    for split in ("tuning", "test"):
        for context in _CONTEXTS:
            follow = totals.get((split, context, "follow-up"), Counter())
            every = follow + totals.get((split, context, "other"), Counter())
            outside = totals.get((split, context, "out of scope"))
            scope = f"{outside['asked']:12} {outside['confident']:10}" if outside else ""
            print(
                f"{split:7} {context:24} | {every['asked']:11} {every['first']:6}"
                f" {every['top3']:5} {every['confident']:10} ({every['confident_right']})"
                f" | {follow['asked']:21} {follow['first']:6} {follow['top3']:5} | {scope}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
