"""Screening in float32 never costs exactness: a passage that float32 sums rank lower still
wins when its exact score is higher."""

from __future__ import annotations

from unittest.mock import patch

import numpy as np

from index.search import bm25
from index.search.bm25 import LengthNorms, TermPostings, top_impacts
from index.search.searcher import Bm25Searcher

# Two passages of equal length; "a" is twice in the first, "b" twice in the second, with
# idfs a hair apart. Exact sums: 7.1939137464 and 7.1939139060 (the second is better);
# float32 sums: 7.1939139366 and 7.1939134598 (the first looks better).
NORMS = LengthNorms(np.full(2, 0.7910382140105668), k1=1.5)
IDF = {"a": 2.257065112089747, "b": 2.257065515563455}
FREQUENCIES = {"a": [2, 1], "b": [1, 2]}


def postings(term: str) -> TermPostings:
    passages = np.arange(2, dtype=np.int32)
    frequencies = np.array(FREQUENCIES[term], dtype=np.uint8)
    impacts = NORMS.impacts(passages, frequencies, IDF[term])
    return TermPostings(term, 2, IDF[term], passages, impacts, top_impacts(impacts), frequencies)


def test_the_exactly_better_passage_wins_though_float32_ranks_it_lower() -> None:
    with patch.object(bm25, "DENSE_MIN_POSTINGS", 0):  # both terms laid out densely
        searcher = Bm25Searcher(NORMS, lambda terms: [], [postings("a"), postings("b")])
    question = {"a": 1.0, "b": 1.0}
    exact = searcher.scores(question)
    in_float32 = sum(postings(term).impacts.astype(np.float32) for term in IDF)
    assert exact[1] > exact[0] and in_float32[0] > in_float32[1]
    assert searcher.search(question, 1) == [(1, float(exact[1]))]
