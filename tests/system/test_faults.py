"""Faults: bad seed files during a re-index, a broken index at start, a read-only index.

A re-index that cannot read a seed is refused, names the file and why, and leaves the
previous index serving; an index that is missing or unusable at start is rebuilt from the
seeds with one log line that says why.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import index.store.build
from index.answering.answer import answer
from index.articles import SeedError
from index.store.build import build_index
from index.store.freshness import MISSING, SEEDS_CHANGED, open_index, stale_reason
from index.store.library import Library, LibraryWatcher
from tests.reliability_support import BRIEFBOT, COVERED, clean_env, copy_seeds, read_json_lines

pytestmark = pytest.mark.timeout(120)

KILLED = COVERED[1]


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """(seeds, db): a private copy of the seeds and its index."""
    seeds = copy_seeds(tmp_path)
    db = tmp_path / "var" / "index.sqlite"
    build_index(seeds, db)
    return seeds, db


def _serves(watcher: LibraryWatcher) -> None:
    reply = answer(watcher.current(), KILLED)
    assert reply.answered and "78,329" in reply.passages[0].text


def _leftovers(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir() if p.name != db.name)


# -- seed files that cannot be read during a re-index ---------------------------------------


def _directory(seeds: Path) -> str:
    (seeds / "folder.txt").mkdir()
    return "folder.txt"


def _dangling_symlink(seeds: Path) -> str:
    (seeds / "link.txt").symlink_to(seeds / "nowhere.txt")
    return "link.txt"


def _empty(seeds: Path) -> str:
    (seeds / "empty.md").write_bytes(b" \n\n\t\n")
    return "empty.md"


def _binary(seeds: Path) -> str:
    (seeds / "photo.txt").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)))
    return "photo.txt"


def _not_utf8(seeds: Path) -> str:
    (seeds / "latin1.txt").write_bytes("Café society\n\nLe café était plein.\n".encode("latin-1"))
    return "latin1.txt"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_directory, "cannot be read"),
        (_dangling_symlink, "disappeared while indexing"),
        (_empty, "is empty"),
        (_binary, "is binary"),
        (_not_utf8, "is not UTF-8"),
    ],
    ids=["directory", "dangling-symlink", "empty", "binary", "not-utf8"],
)
def test_bad_seed_refuses_the_build_and_the_old_index_keeps_serving(
    built: tuple[Path, Path], make, reason: str
) -> None:
    seeds, db = built
    watcher = LibraryWatcher(db)
    before = db.read_bytes()
    name = make(seeds)
    with pytest.raises(SeedError, match=reason) as raised:
        build_index(seeds, db)
    assert Path(raised.value.path).name == name
    assert db.read_bytes() == before
    assert _leftovers(db) == []  # no half-built file left beside the index
    _serves(watcher)


@pytest.mark.parametrize("make", [_directory, _dangling_symlink], ids=["directory", "symlink"])
def test_briefbot_index_names_an_unreadable_seed_in_one_line(tmp_path: Path, make) -> None:
    seeds = copy_seeds(tmp_path)
    name = make(seeds)
    done = subprocess.run(
        [str(BRIEFBOT), "index", "--seeds", str(seeds), "--db", str(tmp_path / "i.sqlite")],
        cwd=tmp_path, env=clean_env(), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith("briefbot: ") and name in line


def test_seed_deleted_between_listing_and_reading(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The listing names a file that is gone by the time it is read: refused, old index serves."""
    seeds, db = built
    watcher = LibraryWatcher(db)
    before = db.read_bytes()
    doomed = seeds / "doomed.txt"
    doomed.write_text("Doomed article\n\nMarch 1, 2025\n\nIt will not last.\n", encoding="utf-8")
    listing = index.store.build.seed_files

    def list_then_delete(folder: Path) -> list[Path]:
        paths = listing(folder)
        doomed.unlink()  # deleted right after it was listed
        return paths

    monkeypatch.setattr(index.store.build, "seed_files", list_then_delete)
    with pytest.raises(SeedError, match="disappeared while indexing") as raised:
        build_index(seeds, db)
    assert raised.value.path == str(doomed)
    assert db.read_bytes() == before and _leftovers(db) == []
    _serves(watcher)


def test_seed_deleted_between_sizing_and_reading(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds, db = built
    before = db.read_bytes()
    doomed = seeds / "doomed.txt"
    doomed.write_text("Doomed article\n\nMarch 1, 2025\n\nIt will not last.\n", encoding="utf-8")
    reading = index.store.build.read_document

    def delete_then_read(path: Path, taken: set[str] | None = None):
        if path == doomed:
            doomed.unlink()
        return reading(path, taken)

    monkeypatch.setattr(index.store.build, "read_document", delete_then_read)
    with pytest.raises(SeedError, match="cannot be read") as raised:
        build_index(seeds, db)
    assert raised.value.path == str(doomed)
    assert db.read_bytes() == before and _leftovers(db) == []


# -- a missing or broken index at start ----------------------------------------------------


def _truncate(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])


def _garbage(db: Path) -> None:
    db.write_bytes(b"this is not an index\n" * 200)


def _old_schema(db: Path) -> None:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
        conn.commit()


def _old_figures(db: Path) -> None:
    """An index from before figure extraction was versioned: its figures are stale."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("DELETE FROM meta WHERE key = 'extractor_version'")
        conn.commit()


def _old_reader(db: Path) -> None:
    """An index whose passages an older article reader made (before Markdown lists)."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'reader_version'")
        conn.commit()


BROKEN = {
    "missing": (Path.unlink, MISSING),
    "truncated": (_truncate, r"\(the index was unusable: it is unreadable \(\w"),
    "garbage": (_garbage, r"\(the index was unusable: it is unreadable \(file is not a database"),
    "old-schema": (_old_schema, r"\(the index was unusable: it was built by another version"),
    "old-figures": (_old_figures, r"\(the index was unusable: .* another version .*figures None"),
    "old-articles": (_old_reader, r"\(the index was unusable: .* another version .*articles 1\)"),
}


@pytest.mark.parametrize("rebuild_if_stale", [False, True], ids=["ask", "run"])
@pytest.mark.parametrize("kind", list(BROKEN))
def test_broken_index_is_rebuilt_with_one_log_line_saying_why(
    built: tuple[Path, Path], caplog: pytest.LogCaptureFixture, kind: str, rebuild_if_stale: bool
) -> None:
    seeds, db = built
    breaking, reason = BROKEN[kind]
    breaking(db)
    with caplog.at_level(logging.DEBUG):
        watcher = open_index(seeds, db, rebuild_if_stale=rebuild_if_stale)
    (record,) = caplog.records
    message = record.getMessage()
    verb = "Built" if kind == "missing" else "Rebuilt"
    assert message.startswith(f"{verb} the index at {db} ("), message
    assert re.search(reason, message), message
    assert SEEDS_CHANGED not in message
    assert "briefbot index" not in message  # no advice to do what was just done
    assert "1 documents, 10 passages" in message
    assert record.levelno == (logging.INFO if kind == "missing" else logging.WARNING)
    _serves(watcher)
    assert stale_reason(seeds, db) is None
    assert _leftovers(db) == []


def test_changed_seeds_rebuild_says_so_and_a_fresh_index_is_left_alone(
    built: tuple[Path, Path], caplog: pytest.LogCaptureFixture
) -> None:
    seeds, db = built
    with caplog.at_level(logging.DEBUG):
        open_index(seeds, db, rebuild_if_stale=True)
    assert caplog.records == []  # fresh: opened as it is, nothing to say
    (seeds / "extra.txt").write_text("Extra article\n\nMay 2, 2025\n\nSome text here.\n")
    assert stale_reason(seeds, db) == SEEDS_CHANGED
    with caplog.at_level(logging.DEBUG):
        watcher = open_index(seeds, db, rebuild_if_stale=True)
    (record,) = caplog.records
    assert f"({SEEDS_CHANGED})" in record.getMessage()
    assert "2 documents" in record.getMessage()
    assert len(watcher.current().documents) == 2


@pytest.mark.parametrize("kind", ["missing", "garbage", "old-schema"])
def test_briefbot_ask_rebuilds_a_broken_index_with_one_line(tmp_path: Path, kind: str) -> None:
    seeds = copy_seeds(tmp_path)
    db = tmp_path / "var" / "briefbot.sqlite"
    build_index(seeds, db)
    breaking, reason = BROKEN[kind]
    breaking(db)
    done = subprocess.run(
        [str(BRIEFBOT), "ask", "--json"], input=KILLED + "\n", cwd=tmp_path,
        env=clean_env(BRIEFBOT_SEEDS=str(seeds), BRIEFBOT_DB=str(db)),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (line,) = done.stderr.splitlines()
    assert re.search(reason, line), line
    assert "Built the index" in line if kind == "missing" else "Rebuilt the index" in line
    (result,) = read_json_lines(done.stdout)
    assert result["answered"] and "78,329" in result["passages"][0]["text"]


# -- the served index is read-only, and a bad replacement is not swapped in -----------------


def test_the_index_is_opened_read_only(built: tuple[Path, Path]) -> None:
    _, db = built
    before = db.read_bytes()
    library = Library(db)
    for sql in (
        "DELETE FROM passages",
        "UPDATE meta SET value = 'x' WHERE key = 'built_by'",
        "CREATE TABLE intruder (x)",
    ):
        with pytest.raises(sqlite3.OperationalError, match=r"readonly|read-only"):
            library._conn.execute(sql)
    assert answer(library, KILLED).answered
    library.close()
    assert db.read_bytes() == before


def test_watcher_keeps_serving_when_the_file_is_replaced_by_garbage_or_removed(
    built: tuple[Path, Path], caplog: pytest.LogCaptureFixture
) -> None:
    seeds, db = built
    watcher = LibraryWatcher(db)
    served = watcher.current()
    garbage = db.with_name("garbage.sqlite")
    _garbage(garbage)
    os.replace(garbage, db)
    with caplog.at_level(logging.DEBUG):
        for _ in range(3):
            assert watcher.current() is served
            _serves(watcher)
    (record,) = caplog.records  # said once, not on every question
    assert "Keeping the previous index" in record.getMessage()
    db.unlink()
    assert watcher.current() is served
    build_index(seeds, db)
    assert watcher.current() is not served
    _serves(watcher)


# -- 50 MB of text ---------------------------------------------------------------------------

_BIG_BUILD = """
import json, resource, sys, time
from pathlib import Path
from index.answering.answer import answer
from index.store.library import Library
from index.store.build import build_index
started = time.perf_counter()
report = build_index(Path(sys.argv[1]), Path(sys.argv[2]))
seconds = time.perf_counter() - started
reply = answer(Library(Path(sys.argv[2])), sys.argv[3])
print(json.dumps({
    "seconds": seconds, "documents": report.documents, "passages": report.passages,
    "figures": report.figures, "shown": len(reply.passages), "answer_ms": reply.elapsed_ms,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def _write_big_article(path: Path, megabytes: int, *, seed_every: int) -> None:
    """`megabytes` of prose in one file: made-up words, and every `seed_every`-th paragraph a
    paragraph of the real briefing (dense with figures, the expensive part to index)."""
    import random

    rng = random.Random(11)
    syllables = "ba de ki lo mu ra se ti vo zu an el in or us ka".split()
    words = ["".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(20_000)]
    briefing = [
        block.strip()
        for path_ in sorted((Path(__file__).parents[2] / "seeds").iterdir())
        for block in path_.read_text(encoding="utf-8").split("\n\n")
        if len(block.split()) > 20
    ]
    target, size = megabytes * 2**20, 0
    with path.open("w", encoding="utf-8") as out:
        out.write("Fifty megabytes of briefing\n\nMarch 3, 2025\n\n")
        for number in itertools.count():
            if size >= target:
                break
            if number % seed_every == 0:
                paragraph = rng.choice(briefing)
            else:
                paragraph = " ".join(
                    (sentence := " ".join(rng.choices(words, k=rng.randint(8, 20))))[0].upper()
                    + sentence[1:]
                    + "."
                    for _ in range(rng.randint(2, 5))
                )
            out.write(paragraph + "\n\n")
            size += len(paragraph.encode()) + 2


@pytest.mark.parametrize(
    "seed_every",
    [pytest.param(25, marks=pytest.mark.slow), pytest.param(1, marks=pytest.mark.big)],
    ids=["prose", "figure-dense"],
)
@pytest.mark.timeout(900)
def test_fifty_megabytes_of_text_index_cleanly(
    tmp_path: Path, request: pytest.FixtureRequest, seed_every: int
) -> None:
    """One 50 MB article indexes, answers, and stays within bounded time and memory.

    "prose" (a briefing paragraph every 25) runs with the suite (~30 s here); "figure-dense"
    (nothing but briefing paragraphs, ~5 min here) only with `-m big`.
    """
    if seed_every == 1 and "big" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("50 MB of figure-dense text takes minutes: run with `-m big`")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    _write_big_article(seeds / "big.txt", 50, seed_every=seed_every)
    done = subprocess.run(
        [sys.executable, "-c", _BIG_BUILD, str(seeds), str(tmp_path / "big.sqlite"), KILLED],
        cwd=tmp_path, env=clean_env(PYTHONPATH=str(Path(__file__).parents[2])),
        capture_output=True, text=True, timeout=880,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    measured = json.loads(done.stdout)
    print(f"\n50 MB ({request.node.callspec.id}): {measured}")
    assert measured["documents"] == 1 and measured["passages"] > 100_000
    assert measured["shown"]  # the passages answered or closest: duplicated text has no margin
    assert measured["peak_mb"] < 2048
