"""Keeping the index in step with the seeds: build it when missing, broken or out of date."""

from __future__ import annotations

import logging
from pathlib import Path

from index.articles import seed_files
from index.store.build import IndexUnusable, build_index, remove_dead_builds, seeds_fingerprint
from index.store.library import Library, LibraryWatcher
from index.store.seed_changes import recover

log = logging.getLogger(__name__)

MISSING = "there was no index yet"
SEEDS_CHANGED = "the seeds changed since the index was built"


def unusable_reason(problem: IndexUnusable) -> str:
    """Why an index file could not be used, for the line that logs its rebuild.

    Without the problem's advice to the user ("run `briefbot index`"): it is being rebuilt.
    """
    return f"the index was unusable: it {problem.reason}"


def stale_reason(seeds: Path, db: Path) -> str | None:
    """Why the index at `db` cannot serve `seeds` as they are now; None when it can."""
    if not db.exists():
        return MISSING
    try:
        library = Library(db)
    except IndexUnusable as problem:
        return unusable_reason(problem)
    try:
        return _seeds_reason(library, seeds)
    finally:
        library.close()


def _seeds_reason(library: Library, seeds: Path) -> str | None:
    fingerprint = seeds_fingerprint(seed_files(seeds))
    return None if library.meta.get("seeds_fingerprint") == fingerprint else SEEDS_CHANGED


def open_index(seeds: Path, db: Path, *, rebuild_if_stale: bool = False) -> LibraryWatcher:
    """Open the index at `db`, (re)building it from `seeds` first when it cannot be used.

    A (re)build is logged in one line that says why: there was no index, the file was
    unusable (truncated, not SQLite, built by another version), or the seeds changed.
    """
    reason: str
    # A process killed during a build or a briefing change leaves its traces: settle them.
    for step in recover(seeds, db):
        log.warning("A briefing change was interrupted: %s", step)
    remove_dead_builds(db)
    if not db.exists():
        reason = MISSING
    else:
        try:
            watcher = LibraryWatcher(db)
        except IndexUnusable as problem:
            reason = unusable_reason(problem)
        else:
            if not rebuild_if_stale:
                return watcher
            changed = _seeds_reason(watcher.current(), seeds)
            if changed is None:
                return watcher
            watcher.current().close()
            reason = changed
    report = build_index(seeds, db)
    log.log(
        logging.INFO if reason == MISSING else logging.WARNING,
        "%s the index at %s (%s): %d documents, %d passages in %.2f s",
        "Built" if reason == MISSING else "Rebuilt",
        db,
        reason,
        report.documents,
        report.passages,
        report.seconds,
    )
    return LibraryWatcher(db)
