"""Keeping the index in step with the seeds: build it when missing, broken or out of date."""

from __future__ import annotations

import logging
from pathlib import Path

from index.articles import seed_files
from index.library import Library, LibraryWatcher
from index.store import IndexUnusable, build_index, seeds_fingerprint

log = logging.getLogger(__name__)


def is_stale(seeds: Path, db: Path) -> bool:
    """True when the index is missing, unusable, or was built from other seed contents."""
    try:
        library = Library(db)
    except IndexUnusable:
        return True
    try:
        return library.meta.get("seeds_fingerprint") != seeds_fingerprint(seed_files(seeds))
    finally:
        library.close()


def open_index(seeds: Path, db: Path, *, rebuild_if_stale: bool = False) -> LibraryWatcher:
    """Open the index at `db`, (re)building it from `seeds` first when it cannot be used."""
    try:
        if rebuild_if_stale and is_stale(seeds, db):
            raise IndexUnusable("the seeds changed since the index was built")
        return LibraryWatcher(db)
    except IndexUnusable as reason:
        report = build_index(seeds, db)
        log.warning(
            "Rebuilt the index at %s (%s): %d documents, %d passages in %.2f s",
            db,
            reason,
            report.documents,
            report.passages,
            report.seconds,
        )
        return LibraryWatcher(db)
