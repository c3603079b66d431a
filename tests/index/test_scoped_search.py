"""A search scoped to one briefing ranks within it: its top k, not the top k of all, filtered."""

from __future__ import annotations

from pathlib import Path

from index.answering.answer import answer
from index.store.build import build_index
from index.store.library import Library

LOUD = "Troops report\n\nMay 1, 2025\n\n" + "\n\n".join(
    f"Troops troops troops moved to sector {n}, the troops said." for n in range(30)
)
QUIET = (
    "Harbour news\n\nJune 2, 2025\n\nA ferry crossed the harbour.\n\n"
    "One of its passengers was a retired soldier who once led troops.\n"
)


def test_the_top_k_of_a_briefing_is_found_even_when_another_outranks_it(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a-loud.txt").write_text(LOUD)
    (seeds / "b-quiet.txt").write_text(QUIET)
    db = tmp_path / "index.sqlite"
    build_index(seeds, db)
    library = Library(db)
    loud, quiet = library.documents  # in file order
    first, end = library.passage_range(quiet)
    assert (first, end) == (library.documents[loud].passages, library.size)

    overall = library.search({"troop": 1.0}, 3)
    assert all(number < first for number, _ in overall)  # the quiet one is not in the top 3
    scoped = library.search({"troop": 1.0}, 3, briefing=quiet)
    ((number, score),) = scoped
    assert first <= number < end
    assert score == dict(library.search({"troop": 1.0}, library.size))[number]  # same score

    reply = answer(library, "Who led troops?", briefing=quiet)
    assert reply.passages and {p.document for p in reply.passages} == {quiet}
