"""Inverted postings built in bounded memory: term → (passage numbers, term frequencies).

Passages arrive in order; their terms are counted in chunks with numpy (no Python object per
posting) and, at the end, laid out term by term with a counting sort, so a million passages
fit in a few hundred megabytes.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator

import numpy as np

_CHUNK_TOKENS = 4_000_000


class PostingsBuilder:
    """Collects the analyzed terms of passages 0, 1, 2… and yields each term's postings."""

    def __init__(self) -> None:
        self.vocabulary: dict[str, int] = {}
        self.lengths: list[int] = []
        self._token_ids = array("i")
        self._token_passages = array("i")
        self._chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._counted: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._counted_size = 0

    def add(self, terms: list[str]) -> None:
        """Add the next passage's terms (its number is the count of passages added before)."""
        self._flush_counted()
        passage = len(self.lengths)
        self.lengths.append(len(terms))
        ids = self.vocabulary
        self._token_ids.extend([ids.setdefault(term, len(ids)) for term in terms])
        self._token_passages.extend(array("i", [passage]) * len(terms))
        if len(self._token_ids) >= _CHUNK_TOKENS:
            self._flush_tokens()

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
        self._flush_tokens()
        ids = self.vocabulary
        to_global = np.fromiter(
            (ids.setdefault(term, len(ids)) for term in terms), dtype=np.int32, count=len(terms)
        )
        first = len(self.lengths)
        self.lengths.extend(lengths.tolist())
        self._counted.append(
            (to_global[term_ids], (passages + first).astype(np.int32), frequencies.astype(np.int32))
        )
        self._counted_size += len(term_ids)
        if self._counted_size >= _CHUNK_TOKENS:
            self._flush_counted()

    def _flush(self) -> None:
        self._flush_counted()
        self._flush_tokens()

    def _flush_counted(self) -> None:
        if self._counted:
            # One chunk per few million postings: the layout pass costs a bincount per chunk.
            terms, passages, counts = zip(*self._counted, strict=True)
            self._chunks.append(
                (np.concatenate(terms), np.concatenate(passages), np.concatenate(counts))
            )
            self._counted, self._counted_size = [], 0

    def _flush_tokens(self) -> None:
        if not self._token_ids:
            return
        keys = np.frombuffer(self._token_passages, dtype=np.int32).astype(np.int64) << 32
        keys |= np.frombuffer(self._token_ids, dtype=np.int32).astype(np.int64)
        unique, counts = np.unique(keys, return_counts=True)
        terms = (unique & 0xFFFFFFFF).astype(np.int32)
        passages = (unique >> 32).astype(np.int32)
        self._chunks.append((terms, passages, counts.astype(np.int32)))
        self._token_ids, self._token_passages = array("i"), array("i")

    def postings(self) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
        """Yield (term, passage numbers ascending, term frequencies) for every term."""
        self._flush()
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
            order = np.argsort(terms, kind="stable")
            terms, passages, frequencies = terms[order], passages[order], frequencies[order]
            group_start = np.searchsorted(terms, terms, side="left")
            positions = cursor[terms] + (np.arange(len(terms)) - group_start)
            all_passages[positions] = passages
            all_frequencies[positions] = frequencies
            cursor += np.bincount(terms, minlength=vocabulary_size)
        for term, term_id in self.vocabulary.items():
            start, end = offsets[term_id], offsets[term_id + 1]
            yield term, all_passages[start:end], all_frequencies[start:end]
