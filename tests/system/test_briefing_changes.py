"""Adding and removing a briefing is one transaction with the index, even under kill -9.

A process changing the briefing is killed outright at each stage the file system shows (file
staged, index being built, done) and at spread-out moments; the next start must find the
seeds folder and the serving index consistent (no rebuild needed), with no staged file and no
`.NAME.PID.building` leftover, and the briefing either fully added or not at all.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from index.articles import SeedError, seed_files
from index.store.build import build_index
from index.store.freshness import open_index, stale_reason
from index.store.seed_changes import STAGING, add_briefing
from tests.reliability_support import ROTATING, copy_seeds

pytestmark = pytest.mark.timeout(300)

ARTICLE, QUESTION, SLUG = ROTATING["zorblatt.txt"]
NAME = "zorblatt.txt"
# Enough text that a build takes a good fraction of a second, so kills land inside it.
FILLER = "\n\n".join(
    f"Section {n} of the long report on regional water supply, dam {n} and canal {n * 7} "
    f"holding {n * 113:,} cubic metres after the {n}th inspection by the valley authority."
    for n in range(1, 800)
)
CHANGE = """
import sys
from pathlib import Path
from index.store.seed_changes import add_briefing, remove_briefing
seeds, db, action = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
print("ready", flush=True)
if action == "add":
    add_briefing(seeds, db, "zorblatt.txt", sys.argv[4].encode())
else:
    remove_briefing(seeds, db, "zorblatt.txt")
print("done", flush=True)
"""


@pytest.fixture
def desk(tmp_path: Path) -> tuple[Path, Path, float]:
    """(seeds, db, seconds a build takes): the project's seeds plus a long report, indexed."""
    seeds = copy_seeds(tmp_path)
    (seeds / "water-report.txt").write_text(f"Regional water report\n\nMay 1, 2025\n\n{FILLER}\n")
    db = tmp_path / "var" / "index.sqlite"
    return seeds, db, build_index(seeds, db).seconds


def _start(seeds: Path, db: Path, action: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", CHANGE, str(seeds), str(db), action, ARTICLE],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "ready\n"
    return process


def _kill(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def _wait_for(condition: Callable[[], bool], process: subprocess.Popen[str]) -> bool:
    """Poll the file system until `condition` holds; False if the process ended first."""
    deadline = time.monotonic() + 60
    while not condition():
        if process.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.001)
    return True


def _staged(seeds: Path) -> bool:
    return (seeds / STAGING / NAME).exists()


def _building(db: Path) -> bool:
    return any(db.parent.glob(f".{db.name}.*.building"))


def _assert_consistent_after_start(seeds: Path, db: Path) -> bool:
    """Start as the bot does; return whether the briefing ended up added."""
    watcher = open_index(seeds, db)  # settles interrupted changes, removes dead builds
    assert stale_reason(seeds, db) is None  # seeds and index agree: no rebuild needed
    assert not _building(db), sorted(p.name for p in db.parent.iterdir())
    assert not (seeds / STAGING).exists()
    in_seeds = (seeds / NAME).exists()
    assert (SLUG in watcher.current().documents) == in_seeds
    return in_seeds


@pytest.mark.parametrize("stage", ["staged", "building", "early", "midway", "late", "never"])
def test_kill_9_while_adding_leaves_seeds_and_index_consistent(
    desk: tuple[Path, Path, float], stage: str
) -> None:
    seeds, db, duration = desk
    process = _start(seeds, db, "add")
    if stage == "staged":
        _wait_for(lambda: _staged(seeds), process)
    elif stage == "building":
        _wait_for(lambda: _building(db), process)
    elif stage != "never":
        time.sleep(duration * {"early": 0.2, "midway": 0.5, "late": 0.8}[stage])
    if stage == "never":
        process.wait(timeout=120)
    else:
        _kill(process)
    added = _assert_consistent_after_start(seeds, db)
    assert added or stage != "never"


def test_kill_9_while_removing_leaves_seeds_and_index_consistent(
    desk: tuple[Path, Path, float],
) -> None:
    seeds, db, _ = desk
    add_briefing(seeds, db, NAME, ARTICLE.encode())
    process = _start(seeds, db, "remove")
    assert _wait_for(lambda: _building(db), process)
    _kill(process)
    assert _assert_consistent_after_start(seeds, db)  # undone: still there
    assert not (seeds / ".removed" / NAME).exists()


def test_a_killed_index_build_leaves_a_file_that_the_next_build_removes(
    desk: tuple[Path, Path, float],
) -> None:
    seeds, db, _ = desk
    process = subprocess.Popen(
        [Path(sys.executable).with_name("briefbot"), "index", "--seeds", seeds, "--db", db],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_for(lambda: _building(db), process)  # type: ignore[arg-type]
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    assert _building(db)  # what a kill -9 leaves behind
    build_index(seeds, db)
    assert not _building(db)


def test_a_failed_build_leaves_the_seeds_and_the_index_as_they_were(
    desk: tuple[Path, Path, float],
) -> None:
    seeds, db, _ = desk
    (seeds / "broken.txt").write_bytes(b"\x00\x01binary")
    before = sorted(p.name for p in seeds.rglob("*"))
    identity = db.stat().st_ino, db.stat().st_mtime_ns
    with pytest.raises(SeedError, match=r"broken\.txt: is binary"):
        add_briefing(seeds, db, NAME, ARTICLE.encode())
    assert sorted(p.name for p in seeds.rglob("*")) == before
    assert (db.stat().st_ino, db.stat().st_mtime_ns) == identity


def test_killed_after_its_index_was_installed_the_next_start_finishes_the_change(
    desk: tuple[Path, Path, float],
) -> None:
    """The moment between installing the index and moving the file: the change is kept."""
    seeds, db, _ = desk
    staging = seeds / STAGING
    staging.mkdir()
    staged = staging / NAME
    staged.write_text(ARTICLE)
    build_index(seeds, db, paths=sorted([*seed_files(seeds), staged], key=lambda p: p.name))
    assert _assert_consistent_after_start(seeds, db)

    staging.mkdir()
    (staging / (NAME + ".remove")).write_bytes(b"")
    build_index(seeds, db, paths=[p for p in seed_files(seeds) if p.name != NAME])
    assert not _assert_consistent_after_start(seeds, db)
    assert (seeds / ".removed" / NAME).read_text() == ARTICLE
