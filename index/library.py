"""Reading a built index: a read-only snapshot to answer from, and a watcher that swaps in new ones.

Every answer is computed from one `Library` (one open file), so an answer never mixes an old
and a new index. `LibraryWatcher.current()` notices when the file at the path was replaced (by
this process or any other, e.g. another shard's /reindex) and opens the new one.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.analyzer import ANALYZER_VERSION
from index.bm25 import Bm25Parameters, add_term_scores, length_norms
from index.query import Vocabulary
from index.store import SCHEMA_VERSION, IndexUnusable


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
            raise IndexUnusable(f"no index at {path}; run `briefbot index` to build it")
        self.path = path
        self.identity = _file_identity(path)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(
            f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
        try:
            self.meta = dict(self._conn.execute("SELECT key, value FROM meta"))
            self._check_version()
            (lengths_blob,) = self._conn.execute(
                "SELECT data FROM arrays WHERE name = 'lengths'"
            ).fetchone()
        except (sqlite3.DatabaseError, TypeError) as error:
            self._conn.close()
            raise IndexUnusable(f"the index at {path} is unreadable ({error})") from error
        self.params = Bm25Parameters(**json.loads(self.meta["parameters"]))
        self.lengths = np.frombuffer(lengths_blob, dtype=np.int32)
        self._norms = length_norms(self.lengths, self.params)
        self.documents = self._read_documents()

    def _check_version(self) -> None:
        schema = self.meta.get("schema_version")
        analyzer = self.meta.get("analyzer_version")
        if schema != SCHEMA_VERSION or analyzer != ANALYZER_VERSION:
            raise IndexUnusable(
                f"the index at {self.path} was built by another version "
                f"(schema {schema}, analyzer {analyzer}); rebuild it with `briefbot index`"
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
        scores, _ = self._score(weighted_terms)
        return scores

    def search(self, weighted_terms: Mapping[str, float], k: int) -> list[tuple[int, float]]:
        """The k best passages as (number, score), best first; ties go to the earlier passage.

        Only passages containing at least one question term are candidates.
        """
        scores, touched = self._score(weighted_terms)
        if touched.size == 0 or k <= 0:
            return []
        candidate_scores = scores[touched]
        if touched.size > k:
            threshold = np.partition(candidate_scores, touched.size - k)[touched.size - k]
            keep = candidate_scores >= threshold
            touched, candidate_scores = touched[keep], candidate_scores[keep]
        order = np.lexsort((touched, -candidate_scores))[:k]
        return [(int(touched[i]), float(candidate_scores[i])) for i in order]

    def _score(self, weighted_terms: Mapping[str, float]) -> tuple[np.ndarray, np.ndarray]:
        scores = np.zeros(self.size, dtype=np.float64)
        terms = [term for term, weight in weighted_terms.items() if weight]
        if not terms:
            return scores, np.empty(0, dtype=np.int32)
        placeholders = ",".join("?" * len(terms))
        rows = self._query(
            f"SELECT term, idf, passages, frequencies FROM terms WHERE term IN ({placeholders})",
            terms,
        )
        touched = []
        for term, idf, passages_blob, frequencies_blob in rows:
            passages = np.frombuffer(passages_blob, dtype=np.int32)
            frequencies = np.frombuffer(frequencies_blob, dtype=np.int32)
            add_term_scores(
                scores,
                passages,
                frequencies,
                weighted_terms[term] * idf,
                self._norms,
                self.params.k1,
            )
            touched.append(passages)
        if not touched:
            return scores, np.empty(0, dtype=np.int32)
        return scores, np.unique(np.concatenate(touched))

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


class LibraryWatcher:
    """Hands out the current Library for a path, reopening it when the file is replaced."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._library = Library(path)

    def current(self) -> Library:
        """The newest usable index; if the file at the path is broken, keep serving the last."""
        identity = _file_identity(self.path)
        if identity == self._library.identity or identity is None:
            return self._library
        with self._lock:
            if identity != self._library.identity:
                with contextlib.suppress(IndexUnusable):
                    self._library = Library(self.path)
        return self._library


def _file_identity(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size
