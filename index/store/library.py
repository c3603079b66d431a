"""Reading a built index: a read-only snapshot to answer from, and a watcher that swaps in new ones.

A `Library` opens the file, reads passages, documents, the vocabulary and figures, and hands
its `Bm25Searcher` (index/search) what ranking needs: the passages' length norms, a postings
reader and the very common terms, decoded once here. Every answer is computed from one
`Library` (one open file), so an answer never mixes an old and a new index.
`LibraryWatcher.current()` notices when the file at the path was replaced (by this process or
any other, e.g. another shard's /reindex) and opens the new one.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cachetools
import numpy as np

from index.analysis.analyzer import ANALYZER_VERSION
from index.articles import READER_VERSION
from index.figures.extract import EXTRACTOR_VERSION
from index.figures.record import Figure
from index.search.bm25 import Bm25Parameters, LengthNorms
from index.search.query import Vocabulary
from index.search.searcher import Bm25Searcher
from index.store.build import SCHEMA_VERSION, IndexUnusable
from index.store.postings_reader import read_most_common, read_postings

log = logging.getLogger(__name__)
# The topic every rank is filed under (index.figures.labels).
RANK_TOPIC = "rank"
# Passages kept between questions (LRU, by number): as many as the answer's caches keep
# passages' sentences for (index.answering.evidence.sentence_terms). Questions about a
# briefing find its passages, and their articles' ledes, again and again; each read of a
# few passages costs more than the rest of gathering their evidence's words.
PASSAGE_CACHE = 16_384


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
        self._read: cachetools.LRUCache[int, StoredPassage] = cachetools.LRUCache(PASSAGE_CACHE)
        self._read_lock = threading.Lock()
        self._conn = sqlite3.connect(
            f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
        try:
            self._check_complete()
            self.meta = dict(self._conn.execute("SELECT key, value FROM meta"))
            self._check_version()
            self.size = int(self.meta["passages"])
            self.documents = self._read_documents()
            self.searcher = Bm25Searcher(
                self._length_norms(),
                functools.partial(read_postings, self._query),
                read_most_common(self._query, *Bm25Searcher.hot_terms(self.size)),
            )
        except sqlite3.DatabaseError as error:
            self._conn.close()
            raise IndexUnusable(path, f"is unreadable ({error})") from error

    def _check_complete(self) -> None:
        """Refuse a truncated file up front, instead of failing on some later question."""
        (page_count,) = self._conn.execute("PRAGMA page_count").fetchone()
        (page_size,) = self._conn.execute("PRAGMA page_size").fetchone()
        size = os.path.getsize(self.path)
        if page_count * page_size != size:
            raise sqlite3.DatabaseError(f"truncated: {size} bytes of {page_count * page_size}")

    def _length_norms(self) -> LengthNorms:
        ((lengths,),) = self._query("SELECT data FROM arrays WHERE name = 'lengths'")
        params = Bm25Parameters(**json.loads(self.meta["parameters"]))
        return LengthNorms.of(np.frombuffer(lengths, dtype=np.int32), params)

    def _check_version(self) -> None:
        schema = self.meta.get("schema_version")
        analyzer = self.meta.get("analyzer_version")
        extractor = self.meta.get("extractor_version")
        reader = self.meta.get("reader_version")
        built = (schema, analyzer, extractor, reader)
        if built != (SCHEMA_VERSION, ANALYZER_VERSION, EXTRACTOR_VERSION, READER_VERSION):
            raise IndexUnusable(
                self.path,
                f"was built by another version (schema {schema}, analyzer {analyzer}, "
                f"figures {extractor}, articles {reader})",
                "rebuild it with `briefbot index`",
            )

    @property
    def version(self) -> str:
        """Changes with every build: lets a long-lived reader tell one index from the next."""
        return f"{self.meta['built_at']}/{self.meta['seeds_fingerprint'][:12]}"

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def _query(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple[Any, ...]]:
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

    def search(
        self, weighted_terms: Mapping[str, float], k: int, briefing: str | None = None
    ) -> list[tuple[int, float]]:
        """The k best passages as (number, score), best first (see Bm25Searcher.search).

        With `briefing` (a document's slug) only that document's passages are candidates.
        """
        within = self.passage_range(briefing) if briefing is not None else None
        return self.searcher.search(weighted_terms, k, within)

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

    def passages(self, numbers: list[int]) -> list[StoredPassage]:
        """Passages by number, in the order asked; those not read lately are read in one
        query (the file never changes under an open Library)."""
        with self._read_lock:
            found = {n: p for n in numbers if (p := self._read.get(n)) is not None}
        missing = [n for n in dict.fromkeys(numbers) if n not in found]
        if missing:
            read = self._read_passages(missing)
            with self._read_lock:
                self._read.update(read)
            found |= read
        return [found[n] for n in numbers]

    def _read_passages(self, numbers: list[int]) -> dict[int, StoredPassage]:
        placeholders = ",".join("?" * len(numbers))
        rows = self._query(
            "SELECT number, id, document, paragraph, section, start, end, text FROM passages "
            f"WHERE number IN ({placeholders})",
            numbers,
        )
        return {row[0]: StoredPassage(*row) for row in rows}

    def idf(self, terms: list[str]) -> dict[str, float]:
        """The stored idf of those of `terms` that the index knows (read with the
        vocabulary: a query for a few terms costs some 0.1 ms in the middle of an answer,
        which runs two)."""
        known = self._terms[1]
        return {term: known[term] for term in terms if term in known}

    @functools.cached_property
    def _terms(self) -> tuple[Vocabulary, dict[str, float]]:
        """Every indexed term's document frequency and idf, read in one pass."""
        rows = self._query("SELECT term, df, idf FROM terms")
        return Vocabulary({term: df for term, df, _ in rows}), {term: idf for term, _, idf in rows}

    def vocabulary(self) -> Vocabulary:
        """Every indexed term with its document frequency (read once, on first use)."""
        return self._terms[0]

    def topics(self) -> list[str]:
        """Topics of the briefing's figures, most figures first; not ranks ("its fourth
        crew"), which answer "which number" but are places in an order, not statistics."""
        rows = self._query(
            "SELECT topic FROM figures WHERE topic != ? GROUP BY topic "
            "ORDER BY count(*) DESC, topic",
            (RANK_TOPIC,),
        )
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

    def names(self, initials: str) -> list[str]:
        """The briefings' names with these initials ("rfs"), the most mentioned first."""
        rows = self._query(
            "SELECT name FROM names WHERE initials = ? ORDER BY mentions DESC, name",
            (initials,),
        )
        return [name for (name,) in rows]

    @property
    def figure_count(self) -> int:
        return int(self._query("SELECT count(*) FROM figures")[0][0])


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


def _file_identity(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size
