"""Okapi BM25, exactly as rank-bm25's BM25Okapi computes it, but from stored postings.

rank-bm25 scores every passage of the corpus for every question; here a question only touches
the postings of its own terms, so its cost grows with those postings, not with the corpus.
The arithmetic is the same, term by term, so the scores are equal to rank-bm25's (a test
proves it to 1e-9 on random corpora):

    idf(t)     = ln(N - df + 0.5) - ln(df + 0.5), and when negative, epsilon * mean idf
    score(q,d) = Σ_t  w_t · idf(t) · tf·(k1+1) / (tf + k1·(1 - b + b·|d|/avgdl))

`w_t` is 1 for each time a term appears in the question (rank-bm25 adds repeats too) and
lower for synonym expansions. `idf_floor` replaces the epsilon rule with SQLite FTS5's
(idf ≤ 0 → 1e-6), which lets FTS5 serve as an independent reference in the tests.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

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


def term_factors(
    passages: np.ndarray, frequencies: np.ndarray, norms: np.ndarray, k1: float
) -> np.ndarray:
    """tf·(k1+1) / (tf + k1·(1 - b + b·|d|/avgdl)) of each posting: a term's score per idf."""
    tf = frequencies.astype(np.float64)
    return tf * (k1 + 1) / (tf + norms[passages])


# Past this share of the passages (and this many postings), a term is scored densely.
DENSE_SHARE = 5
DENSE_MIN_POSTINGS = 50_000


@dataclass(frozen=True)
class TermPostings:
    """One term's postings, ready to score: contribution = weight · idf · factors."""

    term: str
    idf: float
    passages: np.ndarray
    factors: np.ndarray
    # The largest factor: no passage gets more than weight · idf · bound from this term.
    bound: float
    # For a term in a large share of the passages: its factors laid over every passage (0
    # where absent), and `factors` left empty. Adding a dense array is several times faster
    # than scattering postings.
    dense: np.ndarray | None = None

    @property
    def nbytes(self) -> int:
        dense = self.dense.nbytes if self.dense is not None else 0
        return self.passages.nbytes + self.factors.nbytes + dense

    @classmethod
    def build(
        cls, term: str, idf: float, passages: np.ndarray, factors: np.ndarray, corpus_size: int
    ) -> TermPostings:
        """Postings ready to score, dense when the term is in 1/DENSE_SHARE of the passages."""
        bound = float(factors.max()) if factors.size else 0.0
        if passages.size * DENSE_SHARE < corpus_size or passages.size < DENSE_MIN_POSTINGS:
            return cls(term, idf, passages, factors, bound)
        dense = np.zeros(corpus_size, dtype=np.float64)
        dense[passages] = factors
        # The factors live in `dense` alone: keeping both would halve what the cache holds.
        return cls(term, idf, passages, np.empty(0), bound, dense)


class PostingsCache:
    """The scoring-ready postings of frequent terms, kept between questions (LRU, bounded).

    Frequent terms are the expensive ones (a million postings at a million passages) and the
    ones every question repeats; rare terms are cheap to read and not kept.
    """

    def __init__(self, max_bytes: int, min_postings: int) -> None:
        self.max_bytes = max_bytes
        self.min_postings = min_postings
        self._entries: OrderedDict[str, TermPostings] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, term: str) -> TermPostings | None:
        with self._lock:
            entry = self._entries.get(term)
            if entry is not None:
                self._entries.move_to_end(term)
            return entry

    def put(self, entry: TermPostings) -> None:
        if len(entry.passages) < self.min_postings or entry.nbytes > self.max_bytes:
            return
        with self._lock:
            if entry.term in self._entries:
                return
            self._entries[entry.term] = entry
            self._bytes += entry.nbytes
            while self._bytes > self.max_bytes:
                _, evicted = self._entries.popitem(last=False)
                self._bytes -= evicted.nbytes
