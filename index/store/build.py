"""The index file: its SQLite schema, and an atomic build that never disturbs readers.

A build writes a new file beside the live one, checks it, and moves it into place with
os.replace. Readers that opened the old file keep reading it until they reopen; a reader
never sees a half-built index, and a build that fails leaves the old file serving.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import multiprocessing
import os
import sqlite3
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import sqlite_utils

from index.analysis.analyzer import ANALYZER_VERSION, analyze_passages
from index.analysis.initials import names_by_initials
from index.articles import READER_VERSION, SeedError, _unique_slug, read_document, seed_files
from index.documents import Document
from index.figures.extract import EXTRACTOR_VERSION, Figure, extract_figures
from index.search.bm25 import (
    Bm25Parameters,
    LengthNorms,
    frequency_dtype,
    idf_table,
    is_dense,
    top_impacts,
)
from index.store.postings import PostingsBuilder

SCHEMA_VERSION = "6"
DEFAULT_PARAMETERS = Bm25Parameters()

Progress = Callable[[int, int], None]
# Big pages keep a frequent term's postings (megabytes at a million passages) in few pages.
_PAGE_SIZE = 16384
# Seed files are read, analyzed and their figures extracted in worker processes when they
# add up to this much text (about two seconds of work, well above the workers' start-up).
_PARALLEL_BYTES = 2**20
_MAX_WORKERS = 4
# Joins a file's terms for the trip from a worker (no term holds a line break).
_SEPARATOR = "\n"


class IndexUnusable(Exception):
    """An index file that cannot be used (missing, corrupt, or built by an older version).

    Its parts are kept apart so a caller that is about to rebuild the index can log why
    without the advice meant for a user ("run `briefbot index`").
    """

    def __init__(self, path: Path, reason: str, advice: str | None = None) -> None:
        message = f"the index at {path} {reason}"
        super().__init__(f"{message}; {advice}" if advice else message)
        self.path = path
        self.reason = reason
        self.advice = advice


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
    return _fingerprint((path.name, _content_digest(path)) for path in paths)


def _fingerprint(digests: Iterable[tuple[str, bytes]]) -> str:
    """seeds_fingerprint from each file's name and content digest, in file order."""
    digest = hashlib.sha256()
    for name, content in digests:
        digest.update(name.encode())
        digest.update(content)
    return digest.hexdigest()


def _content_digest(path: Path) -> bytes:
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError as error:
        raise _unreadable(path, error) from error


def _unreadable(path: Path, error: OSError) -> SeedError:
    """A seed file that vanished or cannot be read while indexing, as a SeedError naming it."""
    if isinstance(error, FileNotFoundError):
        return SeedError(path, "disappeared while indexing (deleted, or a dangling link)")
    return SeedError(path, f"cannot be read ({error.strerror or error})")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError as error:
        raise _unreadable(path, error) from error


def build_index(
    seeds: Path,
    db_path: Path,
    *,
    params: Bm25Parameters = DEFAULT_PARAMETERS,
    built_by: str | None = None,
    progress: Progress | None = None,
    paths: list[Path] | None = None,
) -> BuildReport:
    """Build the index of every article in `seeds` and atomically replace `db_path` with it.

    `paths`, when given, are the files to index instead of the folder's, in name order and
    named as they will be in the folder (a briefing staged elsewhere until its index is built).
    Raises SeedError naming the file at fault; the file at `db_path` is then untouched.
    """
    started = time.perf_counter()
    try:
        paths = seed_files(seeds) if paths is None else paths
    except OSError as error:
        raise SeedError(seeds, f"cannot be listed ({error.strerror or error})") from error
    if not paths:
        raise SeedError(seeds, "has no article files (*.txt, *.md)")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    remove_dead_builds(db_path)
    building = db_path.with_name(f".{db_path.name}.{os.getpid()}.building")
    building.unlink(missing_ok=True)
    try:
        counts = _write_index(building, paths, params, built_by, progress)
        _check(building, counts)
        previous = _contents(db_path)
        fsync(building)
        os.replace(building, db_path)
    finally:
        building.unlink(missing_ok=True)
    current = _contents(db_path, fingerprints=any(previous.values()))
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


def remove_dead_builds(db_path: Path) -> list[Path]:
    """Delete the `.NAME.PID.building` files of builds whose process is gone; return them.

    A build killed outright (kill -9, power loss) cannot remove its own file, which at a
    million passages weighs gigabytes. A file whose process still runs is another build's.
    """
    removed = []
    for leftover in db_path.parent.glob(f".{glob.escape(db_path.name)}.*.building"):
        pid = leftover.name[len(db_path.name) + 2 : -len(".building")]
        if pid.isdigit() and not _process_alive(int(pid)):
            with contextlib.suppress(OSError):  # a read-only folder: leave it, serve anyway
                leftover.unlink(missing_ok=True)
                removed.append(leftover)
    return removed


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def _write_index(
    path: Path,
    paths: list[Path],
    params: Bm25Parameters,
    built_by: str | None,
    progress: Progress | None,
) -> dict[str, int]:
    db = sqlite_utils.Database(path)
    db.conn.execute(f"PRAGMA page_size={_PAGE_SIZE}")
    db.conn.execute("PRAGMA journal_mode=OFF")
    db.conn.execute("PRAGMA synchronous=OFF")
    db.conn.execute("PRAGMA cache_size=-65536")
    _create_schema(db)
    postings = PostingsBuilder()
    taken_slugs: set[str] = set()
    digests = []
    names: Counter[tuple[str, str]] = Counter()
    counts = {"documents": 0, "passages": 0, "figures": 0, "terms": 0}
    for done, analyzed in enumerate(_analyzed_seeds(paths), start=1):
        digests.append(analyzed.digest)
        document, figures = _with_unique_slug(analyzed.document, analyzed.figures, taken_slugs)
        terms, *counted = analyzed.postings
        lengths = counted[-1]
        _insert_document(db, document, postings, counts["documents"], lengths)
        _insert_figures(db, figures)
        counts["figures"] += len(figures)
        names.update(analyzed.names)
        # Split here, not unpickled as a list: the main process looks each term up, and
        # strings it has just made are in its CPU cache (a quarter less CPU; one string is
        # also quicker to pickle than thousands).
        postings.add_counted(terms.split(_SEPARATOR), *counted)
        counts["documents"] += 1
        counts["passages"] += len(document.passages)
        if progress:
            progress(done, len(paths))
    lengths = np.asarray(postings.lengths, dtype=np.int32)
    counts["terms"] = _insert_terms(db, postings, lengths, params)
    db.conn.execute("INSERT INTO arrays (name, data) VALUES ('lengths', ?)", (lengths.tobytes(),))
    db.conn.executemany(
        "INSERT INTO names (initials, name, mentions) VALUES (?, ?, ?)",
        ((initials, name, mentions) for (initials, name), mentions in names.items()),
    )
    _insert_meta(
        db,
        {
            "schema_version": SCHEMA_VERSION,
            "analyzer_version": ANALYZER_VERSION,
            "extractor_version": EXTRACTOR_VERSION,
            "reader_version": READER_VERSION,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "built_by": built_by or "",
            "seeds_fingerprint": _fingerprint(zip([p.name for p in paths], digests, strict=True)),
            "parameters": json.dumps(params.__dict__),
            "passages": str(len(lengths)),
        },
    )
    # No VACUUM: a fresh file written by inserts alone has no free pages to reclaim, and
    # rewriting it cost seconds per million passages.
    db.conn.commit()
    db.close()
    return counts


def _create_schema(db: sqlite_utils.Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("documents").create(
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
    db.table("passages").create(
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
    # Each posting's impact (idf · tf·(k1+1) / (tf + k1·(1 - b + b·|d|/avgdl))) is stored
    # ready to score, with the term's largest impacts for MaxScore's bounds; a term the
    # searcher lays out densely also keeps its frequencies (the narrowest unsigned integers),
    # from which it recomputes exact impacts.
    db.table("terms").create(
        {
            "term": str,
            "df": int,
            "idf": float,
            "passages": bytes,
            "impacts": bytes,
            "top": bytes,
            "frequencies": bytes,
        },
        pk="term",
    )
    # Every passage's length in terms (int32, by number): the searcher's length norms.
    db.table("arrays").create({"name": str, "data": bytes}, pk="name")
    db.table("figures").create(
        {
            "id": str,
            "document": str,
            "passage": str,
            "paragraph": int,
            "topic": str,
            "measure": str,
            "value": float,
            "unit": str,
            "rendered": str,
            "data": str,
        },
        pk="id",
    )
    db.table("figures").create_index(["passage"])
    db.table("figures").create_index(["topic"])
    # The briefings' capitalized names by their initials ("rfs": "Rural Fire Service"), for
    # acronyms that the passages a question finds do not spell out (index.answering.acronyms).
    db.table("names").create(
        {"initials": str, "name": str, "mentions": int}, pk=("initials", "name")
    )


@dataclass(frozen=True)
class _Analyzed:
    """A seed file read and analyzed (in a worker process for large builds)."""

    document: Document
    figures: list[Figure]
    # Its capitalized names by initials and as written, with their mentions.
    names: Counter[tuple[str, str]]
    # The file's content digest, for the seeds' fingerprint (hashed here, in parallel).
    digest: bytes
    # PostingsBuilder.add_counted's arguments: local terms (joined by _SEPARATOR), passages,
    # term ids, tfs, lengths.
    postings: tuple[str, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _read_and_analyze(path: Path) -> _Analyzed | tuple[str, str]:
    """Read one seed file and count its passages' terms; a SeedError comes back as its parts.

    The slug is made unique later, in file order, by the process that writes the index.
    """
    try:
        document = read_document(path, set())
        digest = _content_digest(path)
    except SeedError as error:
        return error.path, error.reason
    terms, passage_lengths = analyze_passages([passage.text for passage in document.passages])
    lengths = np.array(passage_lengths, dtype=np.int32)
    # Local term ids in order of first appearance, mapped without a Python loop per term.
    vocabulary = list(dict.fromkeys(terms))
    local = dict(zip(vocabulary, range(len(vocabulary)), strict=True))
    ids = np.fromiter(map(local.__getitem__, terms), dtype=np.int64, count=len(terms))
    keys = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths) << 32
    keys |= ids
    keys.sort()
    unique, counts = _run_lengths(keys)
    return _Analyzed(
        document,
        extract_figures(document),
        sum((names_by_initials(passage.text) for passage in document.passages), Counter()),
        digest,
        (
            _SEPARATOR.join(vocabulary),
            (unique >> 32).astype(np.int32),
            (unique & 0xFFFFFFFF).astype(np.int32),
            counts.astype(np.int32),
            lengths,
        ),
    )


def _run_lengths(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of a sorted array and how often each occurs (np.unique hashes,
    several times slower)."""
    if values.size == 0:
        return values, np.empty(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
    return values[starts], np.diff(np.append(starts, values.size))


def _analyzed_seeds(paths: list[Path]) -> Iterator[_Analyzed]:
    """Every seed file read and analyzed, in order: across processes when there is much to do.

    At most a few files are in flight at once, so memory stays bounded however many there are.
    """
    workers = min(_MAX_WORKERS, os.cpu_count() or 1)
    total = sum(_size(path) for path in paths)
    results: Iterable[_Analyzed | tuple[str, str]]
    if workers < 2 or len(paths) < 2 or total < _PARALLEL_BYTES:
        results = map(_read_and_analyze, paths)
        pool = None
    else:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        results = _bounded_map(pool, paths, 4 * workers)
    try:
        for result in results:
            if isinstance(result, tuple):
                raise SeedError(*result)
            yield result
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _bounded_map(
    pool: ProcessPoolExecutor, paths: list[Path], window: int
) -> Iterator[_Analyzed | tuple[str, str]]:
    pending: deque[Future[_Analyzed | tuple[str, str]]] = deque()
    for path in paths:
        pending.append(pool.submit(_read_and_analyze, path))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _with_unique_slug(
    document: Document, figures: list[Figure], taken: set[str]
) -> tuple[Document, list[Figure]]:
    """The document (and its figures) under the slug read_document would give it after the
    files before it: workers read files independently, so only here are slugs made unique."""
    slug = _unique_slug(document.slug, taken)
    if slug == document.slug:
        return document, figures
    cut = len(document.slug)
    passages = tuple(
        replace(passage, id=slug + passage.id[cut:], document=slug) for passage in document.passages
    )
    renamed = [
        replace(f, id=slug + f.id[cut:], document=slug, passage=slug + f.passage[cut:])
        for f in figures
    ]
    return replace(document, slug=slug, passages=passages), renamed


def _insert_document(
    db: sqlite_utils.Database,
    document: Document,
    postings: PostingsBuilder,
    position: int,
    lengths: np.ndarray,
) -> None:
    """Insert a document and its passages.

    `postings` holds the passages before this document's, which numbers its passages;
    `lengths` are their analyzed lengths in terms.
    """
    db.conn.execute(
        "INSERT INTO documents (slug, position, path, title, date, sections, categories, "
        "content_hash, passages) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            document.slug,
            position,
            document.path,
            document.title,
            document.date,
            json.dumps(document.sections),
            json.dumps(document.categories),
            document.content_hash,
            len(document.passages),
        ),
    )
    first = len(postings.lengths)
    db.conn.executemany(
        "INSERT INTO passages (number, id, document, paragraph, part, section, start, end, "
        "text, length) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                first + number,
                passage.id,
                passage.document,
                passage.paragraph,
                passage.part,
                passage.section,
                passage.start,
                passage.end,
                passage.text,
                length,
            )
            for number, (passage, length) in enumerate(
                zip(document.passages, lengths.tolist(), strict=True)
            )
        ),
    )


def _insert_figures(db: sqlite_utils.Database, figures: list[Figure]) -> None:
    db.table("figures").insert_all(
        {
            "id": figure.id,
            "document": figure.document,
            "passage": figure.passage,
            "paragraph": figure.paragraph,
            "topic": figure.topic,
            "measure": figure.measure,
            "value": figure.value,
            "unit": figure.unit,
            "rendered": figure.rendered,
            "data": json.dumps(figure.to_dict(), ensure_ascii=False),
        }
        for figure in figures
    )


def _insert_terms(
    db: sqlite_utils.Database,
    postings: PostingsBuilder,
    lengths: np.ndarray,
    params: Bm25Parameters,
) -> int:
    entries = list(postings.postings())
    idf = idf_table({term: len(numbers) for term, numbers, _ in entries}, len(lengths), params)
    norms = LengthNorms.of(lengths, params)

    def rows() -> Iterator[tuple[str, int, float, bytes, bytes, bytes, bytes | None]]:
        for term, numbers, frequencies in entries:
            impacts = norms.impacts(numbers, frequencies, idf[term])
            dense = is_dense(len(numbers), len(lengths))
            stored = frequencies.astype(frequency_dtype(frequencies)).tobytes() if dense else None
            top = top_impacts(impacts).tobytes()
            yield term, len(numbers), idf[term], numbers.tobytes(), impacts.tobytes(), top, stored

    db.conn.executemany(
        "INSERT INTO terms (term, df, idf, passages, impacts, top, frequencies) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows(),
    )
    return len(entries)


def _insert_meta(db: sqlite_utils.Database, values: dict[str, str]) -> None:
    db.table("meta").insert_all([{"key": key, "value": value} for key, value in values.items()])


def _check(path: Path, counts: dict[str, int]) -> None:
    """Refuse to install a file that does not read back as the index just written."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        (passages,) = conn.execute("SELECT count(*) FROM passages").fetchone()
        (terms,) = conn.execute("SELECT count(*) FROM terms").fetchone()
        (ok,) = conn.execute("PRAGMA quick_check").fetchone()
    if ok != "ok" or passages != counts["passages"] or terms != counts["terms"]:
        raise IndexUnusable(path, f"did not verify ({ok})", "the old one is kept")


def _contents(path: Path, *, fingerprints: bool = True) -> dict[str, dict[str, str]]:
    """Id → content fingerprint of what an index holds, to report what a re-index changed.

    Without `fingerprints` (nothing to compare them with: a first build) only the ids are
    read, which spares hashing every passage.
    """
    kinds: dict[str, dict[str, str]] = {"documents": {}, "passages": {}, "figures": {}}
    if not path.exists():
        return kinds
    columns = {
        "documents": ("slug", "content_hash"),
        "passages": ("id", "sha1(text)"),
        "figures": ("id", "sha1(rendered)"),
    }
    queries = {
        kind: f"SELECT {key}, {fingerprint if fingerprints else repr('')} FROM {kind}"
        for kind, (key, fingerprint) in columns.items()
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


def fsync(path: Path) -> None:
    """Flush a file (or a folder's entries) to disk: a rename is durable only after this."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
