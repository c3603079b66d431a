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
    """rank-bm25's defaults, but for b: passages differ less in length than documents, and a
    longer one is more often the one that says it all. Tuning split, right first (top 3):
    b 0.75 → 963 (1,085), 0.9 → 962 (1,084), 0.6 → 966 (1,086), 0.5 → 966 (1,086),
    0.4 → 967 (1,087), 0.3 → 966 (1,087); k1 1.2 and 0.9 → 962 and 960 at b 0.75."""

    k1: float = 1.5
    b: float = 0.5
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


@dataclass(frozen=True)
class LengthNorms:
    """What an impact needs besides the term: every passage's length norm, and k1."""

    norms: np.ndarray
    k1: float

    @classmethod
    def of(cls, lengths: np.ndarray, params: Bm25Parameters) -> LengthNorms:
        """k1·(1 - b + b·|d|/avgdl) for every passage: the part of BM25 that never changes."""
        avgdl = float(lengths.sum()) / len(lengths) if len(lengths) else 1.0
        norms = params.k1 * (1 - params.b + params.b * lengths.astype(np.float64) / avgdl)
        return cls(norms, params.k1)

    @property
    def size(self) -> int:
        return len(self.norms)

    def impacts(self, passages: np.ndarray, frequencies: np.ndarray, idf: float) -> np.ndarray:
        """idf · tf·(k1+1) / (tf + k1·(1 - b + b·|d|/avgdl)) of a term in these passages: what
        a question that asks it once adds to their scores, as rank-bm25 computes it. The build
        and the searcher both compute impacts here, so they agree to the bit (0 where tf is 0).
        """
        tf = frequencies.astype(np.float64)
        impacts: np.ndarray = idf * (tf * (self.k1 + 1) / (tf + self.norms[passages]))
        return impacts


# Past this share of the passages (and this many postings), a term is scored densely; the
# build stores such a term's frequencies too.
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


def frequency_dtype(frequencies: np.ndarray) -> np.dtype[np.unsignedinteger]:
    """The narrowest unsigned type that holds these term frequencies (a byte, nearly always)."""
    largest = int(frequencies.max()) if frequencies.size else 0
    return np.dtype(np.uint8 if largest <= 0xFF else np.uint16 if largest <= 0xFFFF else np.uint32)


@dataclass(frozen=True)
class DenseTerm:
    """A very common term laid over every passage, in 5 bytes a passage instead of 8.

    `screen` holds its impacts rounded to float32, for summing every passage's score
    approximately (half the memory traffic of float64); `frequencies` its tf in each passage
    (0 where absent), from which `exact` recomputes the float64 impacts of the few passages
    that the screen leaves in contention, bit for bit as stored.
    """

    screen: np.ndarray
    frequencies: np.ndarray
    norms: LengthNorms
    idf: float

    def exact(self, passages: np.ndarray) -> np.ndarray:
        return self.norms.impacts(passages, self.frequencies[passages], self.idf)

    def passages(self, first: int, end: int) -> np.ndarray:
        """The passages in [first, end) that hold the term, ascending."""
        found: np.ndarray = np.flatnonzero(self.frequencies[first:end]).astype(np.int32)
        return found + np.int32(first)

    @property
    def nbytes(self) -> int:
        return int(self.screen.nbytes + self.frequencies.nbytes)


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
    # The term frequency in each of `passages`: stored for the terms dense at build time.
    frequencies: np.ndarray | None = None
    # Its impacts in float32, for a sparse term that full scoring scatters.
    screen: np.ndarray | None = None
    # For a term in a large share of the passages: laid over every passage. Adding a dense
    # array is several times faster than scattering postings.
    dense: DenseTerm | None = None

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

    def impacts_at(self, passages: np.ndarray) -> np.ndarray:
        """The exact impacts at these passages (ascending; 0 where the term is absent)."""
        if self.dense is not None:
            return self.dense.exact(passages)
        if self.passages is passages:
            return self.impacts
        impacts = np.zeros(passages.size)
        at = np.searchsorted(self.passages, passages)
        np.minimum(at, self.passages.size - 1, out=at)
        found = self.passages[at] == passages
        impacts[found] = self.impacts[at[found]]
        return impacts

    @property
    def nbytes(self) -> int:
        dense = self.dense.nbytes if self.dense is not None else 0
        screen = self.screen.nbytes if self.screen is not None else 0
        return self.passages.nbytes + self.impacts.nbytes + self.top.nbytes + dense + screen

    def ready(self, norms: LengthNorms) -> TermPostings:
        """These postings as the searcher scores them: laid over every passage if dense (and
        its frequencies were stored)."""
        if self.dense is not None or self.frequencies is None or not is_dense(self.df, norms.size):
            return self
        screen = np.zeros(norms.size, dtype=np.float32)
        screen[self.passages] = self.impacts
        frequencies = np.zeros(norms.size, dtype=self.frequencies.dtype)
        frequencies[self.passages] = self.frequencies
        # The postings live in the dense arrays alone: keeping both would cost twice as much.
        empty = np.empty(0, dtype=np.int32)
        dense = DenseTerm(screen, frequencies, norms, self.idf)
        return replace(self, passages=empty, impacts=np.empty(0), frequencies=None, dense=dense)
