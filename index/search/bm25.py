"""Okapi BM25, exactly as rank-bm25's BM25Okapi computes it, but from stored postings.

rank-bm25 scores every passage of the corpus for every question; here a question only touches
the postings of its own terms, so its cost grows with those postings, not with the corpus.
The arithmetic is the same, term by term, so the scores are equal to rank-bm25's (a test
proves it to 1e-9 on random corpora):

    idf(t)     = ln(N - df + 0.5) - ln(df + 0.5), and when negative, epsilon * mean idf
    score(q,d) = Σ_t  w_t · idf(t) · tf·(k1+1) / (tf + k1·(1 - b + b·|d|/avgdl))

`w_t` is 1 for each time a term appears in the question (rank-bm25 adds repeats too) and
lower for synonym expansions. The build stores each posting's impact, idf(t) · tf·(k1+1) /
(tf + …), so a question only multiplies by w_t and adds. `idf_floor` replaces the epsilon
rule with SQLite FTS5's (idf ≤ 0 → 1e-6), which lets FTS5 serve as an independent reference
in the tests.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np


@dataclass(frozen=True)
class Bm25Parameters:
    k1: float = 1.5
    b: float = 0.75
    epsilon: float = 0.25
    idf_floor: float | None = None


def idf_table(
    document_frequencies: Mapping[str, int], corpus_size: int, params: Bm25Parameters
) -> dict[str, float]:
    """Inverse document frequency of every term, with rank-bm25's (or FTS5's) floor."""
    idf = {
        term: math.log(corpus_size - df + 0.5) - math.log(df + 0.5)
        for term, df in document_frequencies.items()
    }
    if params.idf_floor is not None:
        return {term: value if value > 0 else params.idf_floor for term, value in idf.items()}
    if not idf:
        return idf
    floor = params.epsilon * (sum(idf.values()) / len(idf))
    return {term: value if value >= 0 else floor for term, value in idf.items()}


def length_norms(lengths: np.ndarray, params: Bm25Parameters) -> np.ndarray:
    """k1·(1 - b + b·|d|/avgdl) for every passage: the part of BM25 that never changes."""
    avgdl = float(lengths.sum()) / len(lengths) if len(lengths) else 1.0
    return params.k1 * (1 - params.b + params.b * lengths.astype(np.float64) / avgdl)


def term_impacts(
    passages: np.ndarray, frequencies: np.ndarray, norms: np.ndarray, k1: float, idf: float
) -> np.ndarray:
    """idf · tf·(k1+1) / (tf + k1·(1 - b + b·|d|/avgdl)) of each posting: what a question
    that asks the term once adds to a passage's score, as rank-bm25 computes it."""
    tf = frequencies.astype(np.float64)
    impacts: np.ndarray = idf * (tf * (k1 + 1) / (tf + norms[passages]))
    return impacts


# Past this share of the passages (and this many postings), a term is scored densely.
DENSE_SHARE = 10
DENSE_MIN_POSTINGS = 10_000
# The largest impacts of each term, stored at build time: MaxScore's proof needs the k-th.
TOP_IMPACTS = 32


def top_impacts(impacts: np.ndarray) -> np.ndarray:
    """The TOP_IMPACTS largest impacts, largest first."""
    if impacts.size > TOP_IMPACTS:
        impacts = np.partition(impacts, impacts.size - TOP_IMPACTS)[-TOP_IMPACTS:]
    return np.sort(impacts)[::-1].copy()


def is_dense(postings: int, corpus_size: int) -> bool:
    """A term in 1/DENSE_SHARE of the passages (and not few) is scored as a dense array."""
    return postings * DENSE_SHARE >= corpus_size and postings >= DENSE_MIN_POSTINGS


@dataclass(frozen=True)
class TermPostings:
    """One term's postings, ready to score: contribution = weight · impacts."""

    term: str
    df: int
    idf: float
    # Passage numbers (ascending) and their impacts; both empty when the term is dense.
    passages: np.ndarray
    impacts: np.ndarray
    # The largest impacts, largest first (at most TOP_IMPACTS): no passage gets more than
    # weight · top[0] from this term, and at least k passages get weight · top[k-1].
    top: np.ndarray
    # For a term in a large share of the passages: its impacts laid over every passage (0
    # where absent). Adding a dense array is several times faster than scattering postings.
    dense: np.ndarray | None = None

    @property
    def bound(self) -> float:
        return float(self.top[0]) if self.top.size else 0.0

    def kth_impact(self, k: int) -> float | None:
        """The k-th largest impact, when it is known without reading the postings."""
        if k <= self.top.size:
            return float(self.top[k - 1])
        if self.dense is None and k <= self.impacts.size:
            return float(np.partition(self.impacts, self.impacts.size - k)[-k])
        return None

    @property
    def nbytes(self) -> int:
        dense = self.dense.nbytes if self.dense is not None else 0
        return self.passages.nbytes + self.impacts.nbytes + self.top.nbytes + dense

    def ready(self, corpus_size: int) -> TermPostings:
        """These postings as the searcher scores them: laid over every passage if dense."""
        if self.dense is not None or not is_dense(self.df, corpus_size):
            return self
        dense = np.zeros(corpus_size, dtype=np.float64)
        dense[self.passages] = self.impacts
        # The impacts live in `dense` alone: keeping both would cost half as much again.
        empty = np.empty(0, dtype=np.int32)
        return replace(self, passages=empty, impacts=np.empty(0), dense=dense)
