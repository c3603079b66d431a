"""Inverted postings built in bounded memory: term → (passage numbers, term frequencies).

Passages arrive in order, already counted (one entry per distinct term of a passage), in
chunks of a few million entries with numpy (no Python object per posting); at the end they
are laid out term by term with a counting sort, so a million passages fit in a few hundred
megabytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import repeat

import numpy as np

_CHUNK_POSTINGS = 4_000_000
# numpy sorts 16-bit keys by radix (linear, ~6x faster than its timsort of 32-bit keys).
_RADIX = 1 << 16


class PostingsBuilder:
    """Collects the counted terms of passages 0, 1, 2… and yields each term's postings."""

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}
        self.lengths: list[int] = []
        self._chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._counted: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._counted_size = 0

    def add_counted(
        self,
        terms: list[str],
        passages: np.ndarray,
        term_ids: np.ndarray,
        frequencies: np.ndarray,
        lengths: np.ndarray,
    ) -> None:
        """Add the next `len(lengths)` passages, already counted (e.g. by another process).

        `terms` names the local term ids; (passages, term_ids, frequencies) hold one entry per
        distinct term of a passage, passages numbered from 0 and ascending.
        """
        ids = self.vocabulary
        to_global = np.fromiter(map(ids.get, terms, repeat(-1)), dtype=np.int32, count=len(terms))
        for position in np.flatnonzero(to_global < 0).tolist():  # new terms, in their order
            to_global[position] = ids.setdefault(terms[position], len(ids))
        first = len(self.lengths)
        self.lengths.extend(lengths.tolist())
        self._counted.append(
            (to_global[term_ids], (passages + first).astype(np.int32), frequencies.astype(np.int32))
        )
        self._counted_size += len(term_ids)
        if self._counted_size >= _CHUNK_POSTINGS:
            self._flush_counted()

    def _flush_counted(self) -> None:
        if self._counted:
            # One chunk per few million postings: the layout pass costs a bincount per chunk.
            terms, passages, counts = zip(*self._counted, strict=True)
            self._chunks.append(
                (np.concatenate(terms), np.concatenate(passages), np.concatenate(counts))
            )
            self._counted, self._counted_size = [], 0

    def postings(self) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
        """Yield (term, passage numbers ascending, term frequencies) for every term.

        A counting sort: each chunk's entries (in passage order) are ordered by term, stably,
        and each term's run goes to the next free places of that term's slice.
        """
        self._flush_counted()
        vocabulary_size = len(self.vocabulary)
        document_frequency = np.zeros(vocabulary_size, dtype=np.int64)
        for terms, _, _ in self._chunks:
            document_frequency += np.bincount(terms, minlength=vocabulary_size)
        offsets = np.concatenate(([0], np.cumsum(document_frequency)))
        all_passages = np.empty(int(offsets[-1]), dtype=np.int32)
        all_frequencies = np.empty(int(offsets[-1]), dtype=np.int32)
        cursor = offsets[:-1].copy()
        while self._chunks:
            terms, passages, frequencies = self._chunks.pop(0)
            order = _stable_order(terms)
            counts = np.bincount(terms, minlength=vocabulary_size)
            # The i-th entry in term order goes to its term's cursor + (i - the term's first i).
            shift = cursor - (np.cumsum(counts) - counts)
            positions = shift[terms[order]]
            positions += np.arange(len(terms))
            all_passages[positions] = passages[order]
            all_frequencies[positions] = frequencies[order]
            cursor += counts
        bounds = offsets.tolist()
        for term, term_id in self.vocabulary.items():
            start, end = bounds[term_id], bounds[term_id + 1]
            yield term, all_passages[start:end], all_frequencies[start:end]


def _stable_order(keys: np.ndarray) -> np.ndarray:
    """The stable argsort of non-negative int32 keys, by 16-bit radix passes (one when the
    keys fit, as term ids do below 65,536 terms; else low half, then high half)."""
    if keys.size == 0 or int(keys.max()) < _RADIX:
        return np.argsort(keys.astype(np.uint16), kind="stable")
    low = np.argsort((keys & (_RADIX - 1)).astype(np.uint16), kind="stable")
    high = np.argsort((keys[low] >> 16).astype(np.uint16), kind="stable")
    ordered: np.ndarray = low[high]
    return ordered
