"""Reading a built index: a read-only snapshot to answer from, and a watcher that swaps in new ones.

Every answer is computed from one `Library` (one open file), so an answer never mixes an old
and a new index. `LibraryWatcher.current()` notices when the file at the path was replaced (by
this process or any other, e.g. another shard's /reindex) and opens the new one.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import os
import sqlite3
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.analysis.analyzer import ANALYZER_VERSION
from index.figures.record import Figure
from index.search.bm25 import (
    Bm25Parameters,
    PostingsCache,
    TermPostings,
    length_norms,
    term_factors,
)
from index.search.query import Vocabulary
from index.store.build import SCHEMA_VERSION, IndexUnusable

# Scoring-ready postings of frequent terms kept per open index (see PostingsCache).
POSTINGS_CACHE_BYTES = 384 * 2**20
_CACHE_MIN_POSTINGS = 1024
# MaxScore gives up when the rarer terms' postings exceed this share of the passages.
_PRUNE_SHARE = 16

log = logging.getLogger(__name__)
# Scores that agree to this many significant digits are ties, ordered by passage.
TIE_DIGITS = 12


@dataclass(frozen=True)
class StoredPassage:
    number: int
    id: str
    document: str
    paragraph: int
    section: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class StoredDocument:
    slug: str
    path: str
    title: str
    date: str | None
    sections: tuple[str, ...]
    passages: int


class Library:
    """One index file opened read-only; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise IndexUnusable(path, "does not exist", "run `briefbot index` to build it")
        self.path = path
        self.identity = _file_identity(path)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(
            f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
        try:
            self._check_complete()
            self.meta = dict(self._conn.execute("SELECT key, value FROM meta"))
            self._check_version()
            (lengths_blob,) = self._conn.execute(
                "SELECT data FROM arrays WHERE name = 'lengths'"
            ).fetchone()
        except (sqlite3.DatabaseError, TypeError) as error:
            self._conn.close()
            raise IndexUnusable(path, f"is unreadable ({error})") from error
        self.params = Bm25Parameters(**json.loads(self.meta["parameters"]))
        self.lengths = np.frombuffer(lengths_blob, dtype=np.int32)
        self._norms = length_norms(self.lengths, self.params)
        self.documents = self._read_documents()

    def _check_complete(self) -> None:
        """Refuse a truncated file up front, instead of failing on some later question."""
        (page_count,) = self._conn.execute("PRAGMA page_count").fetchone()
        (page_size,) = self._conn.execute("PRAGMA page_size").fetchone()
        size = os.path.getsize(self.path)
        if page_count * page_size != size:
            raise sqlite3.DatabaseError(f"truncated: {size} bytes of {page_count * page_size}")

    def _check_version(self) -> None:
        schema = self.meta.get("schema_version")
        analyzer = self.meta.get("analyzer_version")
        if schema != SCHEMA_VERSION or analyzer != ANALYZER_VERSION:
            raise IndexUnusable(
                self.path,
                f"was built by another version (schema {schema}, analyzer {analyzer})",
                "rebuild it with `briefbot index`",
            )

    @property
    def version(self) -> str:
        """Changes with every build: lets a long-lived reader tell one index from the next."""
        return f"{self.meta['built_at']}/{self.meta['seeds_fingerprint'][:12]}"

    @property
    def size(self) -> int:
        return len(self.lengths)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _query(self, sql: str, parameters: tuple | list = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, parameters).fetchall()

    def _read_documents(self) -> dict[str, StoredDocument]:
        rows = self._query(
            "SELECT slug, path, title, date, sections, passages FROM documents ORDER BY position"
        )
        return {
            slug: StoredDocument(slug, path, title, date, tuple(json.loads(sections)), passages)
            for slug, path, title, date, sections, passages in rows
        }

    def scores(self, weighted_terms: Mapping[str, float]) -> np.ndarray:
        """BM25 score of every passage for the weighted question terms (zeros where absent)."""
        scores, _ = self._score(self._weighted_postings(weighted_terms))
        return scores

    def search(
        self, weighted_terms: Mapping[str, float], k: int, briefing: str | None = None
    ) -> list[tuple[int, float]]:
        """The k best passages as (number, score), best first; ties go to the earlier passage.

        Only passages containing at least one question term are candidates. When the rarer
        terms' passages already hold k scores that the other terms together cannot reach
        (MaxScore), only those passages are scored; otherwise every posting is. With
        `briefing` (a document's slug) only that document's passages are candidates.
        """
        if k <= 0:
            return []
        weighted = self._weighted_postings(weighted_terms)
        if briefing is not None:
            weighted = _within(weighted, *self.passage_range(briefing))
        pruned = self._search_pruned(weighted, k)
        if pruned is not None:
            return pruned
        scores, touched = self._score(weighted)
        return _top(touched, scores[touched], k)

    def _search_pruned(
        self, weighted: list[tuple[float, TermPostings]], k: int
    ) -> list[tuple[int, float]] | None:
        """MaxScore: the top k from the passages of the rarest terms, or None if not provable."""
        if len(weighted) < 2 or any(weight <= 0 for weight, _ in weighted):
            return None
        by_rarity = sorted(range(len(weighted)), key=lambda i: len(weighted[i][1].passages))
        bounds = [weight * entry.bound for weight, entry in weighted]
        limit = max(4 * k, self.size // _PRUNE_SHARE)
        for essential in range(1, len(weighted)):
            chosen = by_rarity[:essential]
            if sum(len(weighted[i][1].passages) for i in chosen) > limit:
                return None
            rest_bound = sum(bounds[i] for i in by_rarity[essential:])
            candidates = np.unique(np.concatenate([weighted[i][1].passages for i in chosen]))
            if candidates.size < k:
                continue
            scores = np.zeros(candidates.size, dtype=np.float64)
            for weight, entry in weighted:  # the same order and arithmetic as _score
                if entry.dense is not None:
                    scores += weight * entry.dense[candidates]
                    continue
                at = np.searchsorted(entry.passages, candidates)
                np.minimum(at, entry.passages.size - 1, out=at)
                found = entry.passages[at] == candidates
                scores[found] += weight * entry.factors[at[found]]
            threshold = np.partition(scores, candidates.size - k)[candidates.size - k]
            # Passages outside the candidates score at most rest_bound: strictly less, so
            # neither better nor tied (the margin covers rounding in the sums).
            if rest_bound * (1 + 1e-9) + 1e-12 < threshold:
                return _top(candidates, scores, k)
        return None

    def passage_range(self, briefing: str) -> tuple[int, int]:
        """The passage numbers [first, end) of a document: one briefing is a contiguous run.

        Raises KeyError for a slug the index does not hold.
        """
        return self._passage_ranges[briefing]

    @functools.cached_property
    def _passage_ranges(self) -> dict[str, tuple[int, int]]:
        ranges, first = {}, 0
        for slug, document in self.documents.items():
            ranges[slug] = (first, first + document.passages)
            first += document.passages
        return ranges

    def _score(self, weighted: list[tuple[float, TermPostings]]) -> tuple[np.ndarray, np.ndarray]:
        """Scores of every passage and the passages (ascending) holding a question term."""
        scores = np.zeros(self.size, dtype=np.float64)
        if not weighted:
            return scores, np.empty(0, dtype=np.int64)
        for weight, entry in weighted:
            if entry.dense is not None:
                scores += weight * entry.dense  # + 0.0 where absent: the same sums, faster
            else:
                scores[entry.passages] += weight * entry.factors
        postings = sum(entry.passages.size for _, entry in weighted)
        if len(weighted) == 1:
            return scores, weighted[0][1].passages
        if postings * 16 < self.size:
            return scores, np.unique(np.concatenate([e.passages for _, e in weighted]))
        touched = np.zeros(self.size, dtype=bool)
        for _, entry in weighted:
            if entry.dense is not None:
                np.logical_or(touched, entry.dense > 0, out=touched)  # factors are > 0
            else:
                touched[entry.passages] = True
        return scores, np.flatnonzero(touched)

    def _weighted_postings(
        self, weighted_terms: Mapping[str, float]
    ) -> list[tuple[float, TermPostings]]:
        """(weight · idf, postings) of the question's indexed terms, in term order."""
        terms = sorted(term for term, weight in weighted_terms.items() if weight)
        cache = self._postings_cache
        found = {term: entry for term in terms if (entry := cache.get(term)) is not None}
        missing = [term for term in terms if term not in found]
        if missing:
            rows = self._query(
                "SELECT term, idf, passages, frequencies FROM terms "
                f"WHERE term IN ({','.join('?' * len(missing))})",
                missing,
            )
            for term, idf, passages_blob, frequencies_blob in rows:
                passages = np.frombuffer(passages_blob, dtype=np.int32)
                frequencies = np.frombuffer(frequencies_blob, dtype=np.int32)
                factors = term_factors(passages, frequencies, self._norms, self.params.k1)
                found[term] = TermPostings.build(term, idf, passages, factors, self.size)
                cache.put(found[term])
        return [
            (weighted_terms[term] * found[term].idf, found[term]) for term in terms if term in found
        ]

    @functools.cached_property
    def _postings_cache(self) -> PostingsCache:
        return PostingsCache(POSTINGS_CACHE_BYTES, max(_CACHE_MIN_POSTINGS, self.size // 1000))

    def passages(self, numbers: list[int]) -> list[StoredPassage]:
        """Passages by number, in the order asked."""
        if not numbers:
            return []
        placeholders = ",".join("?" * len(numbers))
        rows = self._query(
            "SELECT number, id, document, paragraph, section, start, end, text FROM passages "
            f"WHERE number IN ({placeholders})",
            numbers,
        )
        by_number = {row[0]: StoredPassage(*row) for row in rows}
        return [by_number[n] for n in numbers]

    def idf(self, terms: list[str]) -> dict[str, float]:
        """The stored idf of those of `terms` that the index knows."""
        if not terms:
            return {}
        placeholders = ",".join("?" * len(terms))
        return dict(
            self._query(f"SELECT term, idf FROM terms WHERE term IN ({placeholders})", terms)
        )

    @functools.cached_property
    def _vocabulary(self) -> Vocabulary:
        return Vocabulary(dict(self._query("SELECT term, df FROM terms")))

    def vocabulary(self) -> Vocabulary:
        """Every indexed term with its document frequency (read once, on first use)."""
        return self._vocabulary

    def topics(self) -> list[str]:
        """Topics of the briefing's figures, most figures first."""
        rows = self._query("SELECT topic FROM figures GROUP BY topic ORDER BY count(*) DESC, topic")
        return [topic for (topic,) in rows]

    def figures(self, topic: str | None = None) -> list[Figure]:
        """Figures in article order, optionally of one topic; each with its rendered line."""
        sql = "SELECT data, rendered FROM figures"
        parameters: tuple[str, ...] = ()
        if topic is not None:
            sql, parameters = sql + " WHERE topic = ?", (topic,)
        return [
            _figure(data, rendered)
            for data, rendered in self._query(sql + " ORDER BY rowid", parameters)
        ]

    def figure(self, figure_id: str) -> Figure | None:
        rows = self._query("SELECT data, rendered FROM figures WHERE id = ?", (figure_id,))
        return _figure(*rows[0]) if rows else None

    def figures_in(self, passage_ids: list[str]) -> list[Figure]:
        """Figures taken from these passages, in the passages' order."""
        if not passage_ids:
            return []
        placeholders = ",".join("?" * len(passage_ids))
        rows = self._query(
            f"SELECT passage, data, rendered FROM figures WHERE passage IN ({placeholders}) "
            "ORDER BY rowid",
            passage_ids,
        )
        order = {passage: position for position, passage in enumerate(passage_ids)}
        ranked = sorted(rows, key=lambda row: order[row[0]])
        return [_figure(data, rendered) for _, data, rendered in ranked]

    @property
    def figure_count(self) -> int:
        return self._query("SELECT count(*) FROM figures")[0][0]


def _figure(data: str, rendered: str) -> Figure:
    return Figure.from_dict({**json.loads(data), "rendered": rendered})


class LibraryWatcher:
    """Hands out the current Library for a path, reopening it when the file is replaced."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._library = Library(path)
        self._refused: tuple[int, int, int] | None = None

    def current(self) -> Library:
        """The newest usable index; if the file at the path is broken, keep serving the last."""
        identity = _file_identity(self.path)
        if identity in (self._library.identity, self._refused, None):
            return self._library
        with self._lock:
            if identity not in (self._library.identity, self._refused):
                try:
                    self._library = Library(self.path)
                except IndexUnusable as problem:
                    log.error("Keeping the previous index: %s", problem)
                    self._refused = identity
        return self._library


def _within(
    weighted: list[tuple[float, TermPostings]], first: int, end: int
) -> list[tuple[float, TermPostings]]:
    """The postings cut to passages [first, end): the search then scores and ranks only those.

    Idf and length norms stay the whole index's, so a passage scores the same either way.
    """
    cut = []
    for weight, entry in weighted:
        start, stop = np.searchsorted(entry.passages, [first, end])
        passages = entry.passages[start:stop]
        factors = entry.factors[start:stop] if entry.dense is None else entry.dense[passages]
        if passages.size:
            scoped = TermPostings(entry.term, entry.idf, passages, factors, entry.bound)
            cut.append((weight, scoped))
    return cut


def _top(numbers: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k best (number, score), best first; scores equal to TIE_DIGITS digits go in order.

    Equal scores summed in another order (tf 1 of one term + tf 2 of another, and the reverse)
    can differ in the last bit; rounded, they tie and the earlier passage comes first. Only
    the few scores near the k-th are rounded: rounding a million costs milliseconds.
    """
    if numbers.size == 0:
        return []
    largest = float(np.max(np.abs(scores)))
    decimals = TIE_DIGITS - 1 - math.floor(math.log10(largest)) if largest > 0 else 0
    if numbers.size > k:
        threshold = np.partition(scores, numbers.size - k)[numbers.size - k]
        keep = scores >= threshold - 10.0**-decimals
        numbers, scores = numbers[keep], scores[keep]
    key = np.round(scores, decimals) if largest > 0 else scores
    order = np.lexsort((numbers, -key))[:k]
    return [(int(numbers[i]), float(scores[i])) for i in order]


def _file_identity(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size
