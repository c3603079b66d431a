"""Adding, replacing and removing one briefing as a single transaction with the index.

The seeds folder and the serving index change together or not at all. An uploaded file is
staged in `seeds/.incoming/` (hidden, so no build reads it), the index is built as if it were
in place, and only once the new index is installed does the file move into the folder; a
removal is built without the file, then the file moves to `seeds/.removed/`. A build that
fails leaves both as they were.

A process killed at any moment (kill -9) leaves at most a staged file or a removal marker.
`recover` (run before every change and when an index is opened) finishes the change when the
installed index was built from it (its seeds fingerprint says so) and undoes it otherwise.
Changes from several processes (shards) take turns through a lock file beside the index.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from index.articles import SeedError, read_document, seed_files
from index.store.build import BuildReport, build_index, fsync, seeds_fingerprint

MAX_BRIEFING_BYTES = 2**20
BRIEFING_SUFFIXES = (".txt", ".md")
STAGING = ".incoming"
REMOVED = ".removed"
_LOCK = ".seeds-lock"
_REMOVAL = ".remove"
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._()-]{0,119}")


@dataclass(frozen=True)
class SeedChange:
    """A change made to the seeds, and the build that installed it."""

    action: str  # "add", "replace" or "remove"
    file: str
    title: str
    date: str | None
    report: BuildReport


def briefing_name(filename: str) -> str:
    """The attachment's file name if it is safe to create in the seeds folder, else SeedError.

    Refused: paths (`../x.txt`, `a/b.txt`), hidden files, names that are not plain letters,
    digits, spaces and `._()-`, and anything but .txt / .md.
    """
    if "/" in filename or "\\" in filename or ".." in filename:
        raise SeedError(filename, "is a path, not a file name; name the file plainly (brief.txt)")
    if filename.startswith("."):
        raise SeedError(filename, "is a hidden file name; name the file plainly (brief.txt)")
    if not filename.lower().endswith(BRIEFING_SUFFIXES):
        raise SeedError(filename, "is not a .txt or .md file")
    if not _SAFE_NAME.fullmatch(filename):
        raise SeedError(
            filename, "has characters other than letters, digits, spaces and ._()- in its name"
        )
    return filename


def check_size(filename: str, size: int) -> None:
    """SeedError when a briefing of `size` bytes is over MAX_BRIEFING_BYTES."""
    if size > MAX_BRIEFING_BYTES:
        raise SeedError(
            filename, f"is {size:,} bytes; briefings are limited to {MAX_BRIEFING_BYTES:,} bytes"
        )


def add_briefing(
    seeds: Path,
    db: Path,
    filename: str,
    data: bytes,
    *,
    replace: bool = False,
    built_by: str | None = None,
) -> SeedChange:
    """Put `data` in the seeds as `filename` and rebuild the index, or change nothing.

    Raises SeedError naming the file when it is refused (unsafe name, too large, empty,
    binary, not UTF-8, no text, already there without `replace`) or the build fails.
    """
    name = briefing_name(filename)
    check_size(name, len(data))
    with _changing(seeds, db) as staging:
        target = seeds / name
        exists = target.exists()
        if exists and not replace:
            raise SeedError(name, "is already in the briefing; set replace to replace it")
        staged = staging / name
        try:
            _write_durably(staged, data)
            try:
                document = read_document(staged)
            except SeedError as problem:
                raise SeedError(name, problem.reason) from None
            paths = sorted([*(p for p in seed_files(seeds) if p.name != name), staged], key=_name)
            report = build_index(seeds, db, built_by=built_by, paths=paths)
        except BaseException:
            staged.unlink(missing_ok=True)
            raise
        _install(staged, seeds)
    action = "replace" if exists else "add"
    return SeedChange(action, name, document.title, document.date, report)


def remove_briefing(
    seeds: Path, db: Path, filename: str, *, built_by: str | None = None
) -> SeedChange:
    """Rebuild the index without `filename`, then move it to `seeds/.removed/`."""
    with _changing(seeds, db) as staging:
        target = seeds / filename
        if filename not in {p.name for p in seed_files(seeds)}:
            raise SeedError(filename, "is not in the briefing's seeds folder")
        try:
            document = read_document(target)
            title, date = document.title, document.date
        except SeedError:  # a broken file is exactly what one may want to remove
            title, date = filename, None
        paths = [p for p in seed_files(seeds) if p.name != filename]
        if not paths:
            raise SeedError(filename, "is the only briefing; add another before removing it")
        marker = staging / (filename + _REMOVAL)
        _write_durably(marker, b"")
        try:
            report = build_index(seeds, db, built_by=built_by, paths=paths)
        except BaseException:
            marker.unlink(missing_ok=True)
            raise
        _retire(target, seeds)
        marker.unlink()
    return SeedChange("remove", filename, title, date, report)


def recover(seeds: Path, db: Path) -> list[str]:
    """Finish or undo the changes a killed process left half done; say what was done.

    Skipped while another process holds the lock: that change is in progress, not abandoned.
    """
    staging = seeds / STAGING
    if not staging.is_dir():
        return []
    try:
        with _locked(db, wait=False) as locked:
            if not locked:
                return []
            done = _recover(seeds, db, staging)
            _remove_if_empty(staging)
            return done
    except OSError as error:  # read-only folders: nothing can be settled, serve what is there
        return [f"could not settle {staging} ({error.strerror or error})"]


@contextlib.contextmanager
def _changing(seeds: Path, db: Path) -> Iterator[Path]:
    """The staging folder, under the lock, once any abandoned change has been settled.

    The folder is removed afterwards, so a change that is refused leaves no trace in seeds.
    """
    staging = seeds / STAGING
    db.parent.mkdir(parents=True, exist_ok=True)
    with _locked(db, wait=True):
        try:
            staging.mkdir(exist_ok=True)
        except OSError as error:
            raise SeedError(seeds, f"cannot be written ({error.strerror or error})") from error
        try:
            _recover(seeds, db, staging)
            yield staging
        finally:
            _remove_if_empty(staging)


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):
        folder.rmdir()


@contextlib.contextmanager
def _locked(db: Path, *, wait: bool) -> Iterator[bool]:
    """Hold the lock of changes to the seeds of `db` (a file beside it, left in place)."""
    fd = os.open(db.with_name(f".{db.name}{_LOCK}"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def _recover(seeds: Path, db: Path, staging: Path) -> list[str]:
    built_from = _index_fingerprint(db)
    current = seed_files(seeds)
    done = []
    for leftover in sorted(staging.iterdir(), key=_name):
        if leftover.name.endswith(_REMOVAL):
            name = leftover.name[: -len(_REMOVAL)]
            after = [p for p in current if p.name != name]
            if after != current and seeds_fingerprint(after) == built_from:
                _retire(seeds / name, seeds)
            finished = seeds_fingerprint(after) == built_from
            done.append(f"{'finished' if finished else 'undid'} removing {name}")
        else:
            after = sorted([*(p for p in current if p.name != leftover.name), leftover], key=_name)
            if seeds_fingerprint(after) == built_from:
                _install(leftover, seeds)
                done.append(f"finished adding {leftover.name}")
                continue
            done.append(f"undid adding {leftover.name}")
        leftover.unlink(missing_ok=True)
        current = seed_files(seeds)
    return done


def _install(staged: Path, seeds: Path) -> None:
    """Move a staged file into the folder, keeping the file it replaces in .removed/."""
    target = seeds / staged.name
    if target.exists():
        _retire(target, seeds)
    os.replace(staged, target)
    fsync(seeds)


def _retire(path: Path, seeds: Path) -> None:
    removed = seeds / REMOVED
    removed.mkdir(exist_ok=True)
    os.replace(path, removed / path.name)
    fsync(removed)
    fsync(seeds)


def _index_fingerprint(db: Path) -> str | None:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'seeds_fingerprint'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def _write_durably(path: Path, data: bytes) -> None:
    with path.open("wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    fsync(path.parent)


def _name(path: Path) -> str:
    return path.name
