"""The index file: its SQLite schema, and an atomic build that never disturbs readers.

A build writes a new file beside the live one, checks it, and moves it into place with
os.replace. Readers that opened the old file keep reading it until they reopen; a reader
never sees a half-built index, and a build that fails leaves the old file serving.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import sqlite_utils

from index.analyzer import ANALYZER_VERSION, analyze
from index.articles import SeedError, read_document, seed_files
from index.bm25 import Bm25Parameters, idf_table
from index.documents import Document
from index.postings import PostingsBuilder

SCHEMA_VERSION = "1"
DEFAULT_PARAMETERS = Bm25Parameters()

Progress = Callable[[int, int], None]


class IndexUnusable(Exception):
    """An index file that cannot be used (missing, corrupt, or built by an older version)."""


@dataclass(frozen=True)
class BuildReport:
    """What a build produced and what changed compared with the index it replaced."""

    documents: int
    passages: int
    terms: int
    figures: int
    seconds: float
    added: dict[str, list[str]] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)
    changed: dict[str, list[str]] = field(default_factory=dict)


def seeds_fingerprint(paths: Iterable[Path]) -> str:
    """A hash of the seed files' names and contents: equal fingerprints, equal indexes."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def build_index(
    seeds: Path,
    db_path: Path,
    *,
    params: Bm25Parameters = DEFAULT_PARAMETERS,
    built_by: str | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Build the index of every article in `seeds` and atomically replace `db_path` with it.

    Raises SeedError naming the file at fault; the file at `db_path` is then untouched.
    """
    started = time.perf_counter()
    paths = seed_files(seeds)
    if not paths:
        raise SeedError(seeds, "has no article files (*.txt, *.md)")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    building = db_path.with_name(f".{db_path.name}.{os.getpid()}.building")
    building.unlink(missing_ok=True)
    try:
        counts = _write_index(building, paths, params, built_by, progress)
        _check(building, counts)
        previous = _contents(db_path)
        _fsync(building)
        os.replace(building, db_path)
    finally:
        building.unlink(missing_ok=True)
    current = _contents(db_path)
    added = {kind: sorted(current[kind].keys() - previous[kind].keys()) for kind in current}
    removed = {kind: sorted(previous[kind].keys() - current[kind].keys()) for kind in current}
    changed = {
        kind: sorted(
            k
            for k in current[kind].keys() & previous[kind].keys()
            if current[kind][k] != previous[kind][k]
        )
        for kind in current
    }
    return BuildReport(
        documents=counts["documents"],
        passages=counts["passages"],
        terms=counts["terms"],
        figures=counts["figures"],
        seconds=time.perf_counter() - started,
        added=added,
        removed=removed,
        changed=changed,
    )


def _write_index(
    path: Path,
    paths: list[Path],
    params: Bm25Parameters,
    built_by: str | None,
    progress: Progress | None,
) -> dict[str, int]:
    db = sqlite_utils.Database(path)
    db.conn.execute("PRAGMA journal_mode=OFF")
    db.conn.execute("PRAGMA synchronous=OFF")
    _create_schema(db)
    postings = PostingsBuilder()
    taken_slugs: set[str] = set()
    counts = {"documents": 0, "passages": 0, "figures": 0, "terms": 0}
    for done, seed in enumerate(paths, start=1):
        document = read_document(seed, taken_slugs)
        _insert_document(db, document, postings)
        counts["documents"] += 1
        counts["passages"] += len(document.passages)
        if progress:
            progress(done, len(paths))
    lengths = np.asarray(postings.lengths, dtype=np.int32)
    counts["terms"] = _insert_terms(db, postings, len(lengths), params)
    db["arrays"].insert({"name": "lengths", "data": lengths.tobytes()})
    _insert_meta(
        db,
        {
            "schema_version": SCHEMA_VERSION,
            "analyzer_version": ANALYZER_VERSION,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "built_by": built_by or "",
            "seeds_fingerprint": seeds_fingerprint(paths),
            "parameters": json.dumps(params.__dict__),
            "passages": str(len(lengths)),
        },
    )
    db.conn.commit()
    db.conn.execute("VACUUM")
    db.close()
    return counts


def _create_schema(db: sqlite_utils.Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["documents"].create(
        {
            "slug": str,
            "position": int,
            "path": str,
            "title": str,
            "date": str,
            "sections": str,
            "categories": str,
            "content_hash": str,
            "passages": int,
        },
        pk="slug",
    )
    db["passages"].create(
        {
            "number": int,
            "id": str,
            "document": str,
            "paragraph": int,
            "part": int,
            "section": str,
            "start": int,
            "end": int,
            "text": str,
            "length": int,
        },
        pk="number",
    )
    db["terms"].create(
        {"term": str, "df": int, "idf": float, "passages": bytes, "frequencies": bytes},
        pk="term",
    )
    db["arrays"].create({"name": str, "data": bytes}, pk="name")


def _insert_document(
    db: sqlite_utils.Database, document: Document, postings: PostingsBuilder
) -> None:
    position = db["documents"].count
    db["documents"].insert(
        {
            "slug": document.slug,
            "position": position,
            "path": document.path,
            "title": document.title,
            "date": document.date,
            "sections": json.dumps(document.sections),
            "categories": json.dumps(document.categories),
            "content_hash": document.content_hash,
            "passages": len(document.passages),
        }
    )
    rows = []
    for passage in document.passages:
        terms = analyze(passage.text)
        rows.append(
            {
                "number": len(postings.lengths),
                "id": passage.id,
                "document": passage.document,
                "paragraph": passage.paragraph,
                "part": passage.part,
                "section": passage.section,
                "start": passage.start,
                "end": passage.end,
                "text": passage.text,
                "length": len(terms),
            }
        )
        postings.add(terms)
    db["passages"].insert_all(rows, batch_size=2000)


def _insert_terms(
    db: sqlite_utils.Database, postings: PostingsBuilder, corpus_size: int, params: Bm25Parameters
) -> int:
    entries = list(postings.postings())
    idf = idf_table({term: len(numbers) for term, numbers, _ in entries}, corpus_size, params)
    db["terms"].insert_all(
        (
            {
                "term": term,
                "df": len(numbers),
                "idf": idf[term],
                "passages": numbers.tobytes(),
                "frequencies": frequencies.tobytes(),
            }
            for term, numbers, frequencies in entries
        ),
        batch_size=5000,
    )
    return len(entries)


def _insert_meta(db: sqlite_utils.Database, values: dict[str, str]) -> None:
    db["meta"].insert_all([{"key": key, "value": value} for key, value in values.items()])


def _check(path: Path, counts: dict[str, int]) -> None:
    """Refuse to install a file that does not read back as the index just written."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        (passages,) = conn.execute("SELECT count(*) FROM passages").fetchone()
        (terms,) = conn.execute("SELECT count(*) FROM terms").fetchone()
        (ok,) = conn.execute("PRAGMA quick_check").fetchone()
    if ok != "ok" or passages != counts["passages"] or terms != counts["terms"]:
        raise IndexUnusable(f"the new index at {path} did not verify ({ok}); the old one is kept")


def _contents(path: Path) -> dict[str, dict[str, str]]:
    """Id → content fingerprint of what an index holds, to report what a re-index changed."""
    kinds: dict[str, dict[str, str]] = {"documents": {}, "passages": {}, "figures": {}}
    if not path.exists():
        return kinds
    queries = {
        "documents": "SELECT slug, content_hash FROM documents",
        "passages": "SELECT id, sha1(text) FROM passages",
    }
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            conn.create_function(
                "sha1", 1, lambda text: hashlib.sha1(text.encode()).digest(), deterministic=True
            )
            for kind, query in queries.items():
                kinds[kind] = dict(conn.execute(query))
    except sqlite3.DatabaseError:
        return {kind: {} for kind in kinds}
    return kinds


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
