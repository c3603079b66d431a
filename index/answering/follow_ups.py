"""Follow-up questions: "and how many of them were wounded", asked in reply to an answer.

A follow-up leaves its topic unsaid. It is searched with the question it follows, in two
ways measured together on the tuning split (tests/eval/followups.py: the 849 answerable
questions that follow another about the same article, asked after it):

- the followed question's terms that the follow-up lacks join its query at FOLLOW_UP_WEIGHT
  of their weight ("borrowed": they find the topic, but coverage is judged on the
  follow-up's own terms);
- each article gains TOPIC_WEIGHT times the followed question's best score in it, so the
  passage of that article that answers the follow-up ranks first even when it does not
  repeat the topic's words ("the blaze started on Tuesday" after "how many homes did the
  bushfire destroy").

Alone -> as a follow-up: right first 677 -> 707, in top 3 787 -> 814, confident 124 (121
right) -> 120 (116); out of scope confident 5 -> 4 of 160. Borrowed terms alone: 696 and 810;
the article prior alone: 693 and 794 at best. What it costs when a member replies but
changes the topic (asked after a question about another article): 669 right first, 771 in
top 3. FOLLOW_UP_WEIGHT 0.3 / 0.7 gave 692 / 692 with borrowed terms alone; TOPIC_WEIGHT 0.1
/ 0.5 gave 700 / 707, with 674 / 660 after another article's question. (Measured before the
pages set joined the tuning split and before near words were searched (index.search.query);
now, over 932 questions: 750 -> 770 right first, 870 -> 892 in top 3, 737 after another
article's question.)
"""

from __future__ import annotations

from dataclasses import replace

from index.search.query import BadQuestion, Query, check_question
from index.store.library import Library

FOLLOW_UP_WEIGHT = 0.5
TOPIC_WEIGHT = 0.3
# Passages of the followed question's search that say which articles it is about.
TOPIC_DEPTH = 10


def followed(follows: str | None) -> str | None:
    """The question followed, if it can be searched (an empty or oversized one is left out,
    and the follow-up asked alone)."""
    if follows is None:
        return None
    try:
        return check_question(follows)
    except BadQuestion:
        return None


def borrowing(query: Query, previous: Query) -> Query:
    """`query` with the terms of the question it follows that it lacks, at FOLLOW_UP_WEIGHT
    of their weight there, marked as borrowed."""
    borrowed = {
        term: FOLLOW_UP_WEIGHT * weight
        for term, weight in previous.weights.items()
        if term not in query.weights
    }
    return replace(query, weights={**query.weights, **borrowed}, borrowed=frozenset(borrowed))


def topics(library: Library, previous: Query, briefing: str | None) -> dict[str, float]:
    """Each article the followed question finds, with its best passage's score."""
    found = library.search(previous.weights, TOPIC_DEPTH, briefing=briefing)
    passages = library.passages([number for number, _ in found])
    scores: dict[str, float] = {}
    for passage, (_, score) in zip(passages, found, strict=True):
        scores.setdefault(passage.document, score)
    return scores


def on_topic(
    library: Library,
    query: Query,
    depth: int,
    ranked: list[tuple[int, float]],
    topic: dict[str, float],
) -> list[tuple[int, float]]:
    """`ranked` (passage number, score) with the leading topic article's best `depth`
    passages for `query` added, each passage's score raised by TOPIC_WEIGHT times its
    article's topic score, best first."""
    leading = max(topic, key=topic.__getitem__)
    seen = {number for number, _ in ranked}
    ranked = ranked + [
        found
        for found in library.search(query.weights, depth, briefing=leading)
        if found[0] not in seen
    ]
    passages = library.passages([number for number, _ in ranked])
    raised = [
        (number, score + TOPIC_WEIGHT * topic.get(passage.document, 0.0))
        for (number, score), passage in zip(ranked, passages, strict=True)
    ]
    return sorted(raised, key=lambda item: -item[1])
