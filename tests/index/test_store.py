"""Building and replacing the index: atomic, verified, and readers keep their snapshot."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.answering.answer import answer
from index.articles import SeedError
from index.store.build import IndexUnusable, build_index
from index.store.library import Library, LibraryWatcher

NEW_ARTICLE = """Grain exports resume from Odesa

March 3, 2025

Ships carrying grain left the port of Odesa on Monday after a pause of three weeks.

The shipping corridor had been closed since a drone strike damaged the harbour cranes.
"""


def test_build_reports_what_it_indexed(seeds: Path, tmp_path: Path) -> None:
    report = build_index(seeds, tmp_path / "index.sqlite")
    assert (report.documents, report.passages) == (1, 10)
    assert report.terms > 100
    assert len(report.added["passages"]) == 10 and report.removed["passages"] == []


def test_reindex_reports_added_and_removed_documents(seeds: Path, tmp_path: Path) -> None:
    db = tmp_path / "index.sqlite"
    build_index(seeds, db)
    (seeds / "odesa.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    added = build_index(seeds, db)
    assert added.added["documents"] == ["grain-exports-resume-from-odesa"]
    assert len(added.added["passages"]) == 2
    (seeds / "odesa.txt").unlink()
    removed = build_index(seeds, db)
    assert removed.removed["documents"] == ["grain-exports-resume-from-odesa"]
    assert removed.added == {"documents": [], "passages": [], "figures": []}


def test_open_reader_keeps_its_snapshot_and_watcher_moves_on(seeds: Path, tmp_path: Path) -> None:
    db = tmp_path / "index.sqlite"
    build_index(seeds, db)
    watcher = LibraryWatcher(db)
    before = watcher.current()
    assert not answer(before, "When did grain ships leave Odesa?").answered
    (seeds / "odesa.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    build_index(seeds, db)
    assert not answer(before, "When did grain ships leave Odesa?").answered
    after = watcher.current()
    assert after is not before
    reply = answer(after, "When did grain ships leave Odesa?")
    assert reply.answered and reply.passages[0].document == "grain-exports-resume-from-odesa"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "is empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "is binary"),
        ("latin1.txt", b"Caf\xe9 society\n\nA story.\n", "is not UTF-8"),
    ],
)
def test_failed_build_keeps_the_old_index(
    seeds: Path, tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    db = tmp_path / "index.sqlite"
    build_index(seeds, db)
    before = db.read_bytes()
    (seeds / name).write_bytes(content)
    with pytest.raises(SeedError, match=reason) as raised:
        build_index(seeds, db)
    assert raised.value.path.endswith(name)
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.sqlite", "seeds"]
    assert answer(Library(db), "How many troops were killed?").answered


def test_missing_seeds_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SeedError, match="does not exist"):
        build_index(tmp_path / "nowhere", tmp_path / "index.sqlite")


@pytest.mark.parametrize("content", [b"", b"garbage, not a database" * 100])
def test_unusable_index_files_are_refused(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "index.sqlite"
    db.write_bytes(content)
    with pytest.raises(IndexUnusable) as raised:
        Library(db)
    assert (raised.value.path, raised.value.advice) == (db, None)
    assert str(raised.value) == f"the index at {db} {raised.value.reason}"
    assert raised.value.reason.startswith("is unreadable (")


def test_a_missing_index_tells_the_user_how_to_build_it(tmp_path: Path) -> None:
    db = tmp_path / "index.sqlite"
    with pytest.raises(IndexUnusable) as raised:
        Library(db)
    assert raised.value.reason == "does not exist"
    assert (
        str(raised.value) == f"the index at {db} does not exist; run `briefbot index` to build it"
    )


def test_articles_with_the_same_title_keep_their_figures_apart(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, count in (("a.txt", "1,200"), ("b.txt", "3,400")):
        (seeds / name).write_text(
            f"Flood relief\n\nMarch 3, 2025\n\nRescuers evacuated {count} people from the valley "
            "after the river burst its banks on Sunday night.\n",
            encoding="utf-8",
        )
    db = tmp_path / "index.sqlite"
    report = build_index(seeds, db)
    library = Library(db)
    figures = {f.value: f for f in library.figures()}
    assert report.figures == 2 and set(figures) == {1200.0, 3400.0}
    assert figures[1200.0].passage == "flood-relief#2"
    assert figures[3400.0].passage == "flood-relief-2#2"
    assert figures[3400.0].id.startswith("flood-relief-2:")
    assert {p.id for p in library.passages([0, 1])} == {"flood-relief#2", "flood-relief-2#2"}


def test_ranks_answer_questions_but_no_statistics_topic_lists_them(
    seeds: Path, tmp_path: Path
) -> None:
    ranked = NEW_ARTICLE.replace("after a pause", "for the fourth time this year, after a pause")
    (seeds / "odesa.txt").write_text(ranked, encoding="utf-8")
    db = tmp_path / "index.sqlite"
    build_index(seeds, db)
    library = Library(db)
    ranks = [f for f in library.figures() if f.kind == "rank"]
    assert [(f.value, f.surface) for f in ranks] == [(4.0, "fourth")]
    assert ranks[0].topic not in library.topics()
    assert all(f.kind != "rank" for t in library.topics() for f in library.figures(t))
    reply = answer(library, "which time this year did ships leave odesa, like what number")
    assert ranks[0].id in [f.id for f in reply.figures]
