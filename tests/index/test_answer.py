"""The answer function as every face uses it: citations, highlights, figures, honest refusals."""

from __future__ import annotations

from index.answering.answer import answer, citation, short_title
from index.search.query import Vocabulary, unknown_names
from index.store.library import Library


def test_citation_is_short_and_checkable() -> None:
    title = "Russia advances near Kursk as Ukraine’s counteroffensive struggles to make progress."
    assert citation(title, "2024-11-19", 3) == "Russia advances near Kursk…, 19 Nov 2024, ¶3"
    assert short_title("Short title.") == "Short title"
    assert citation("Untitled", None, 1) == "Untitled, undated, ¶1"


def test_best_sentence_and_matched_words_are_marked(seed_library: Library) -> None:
    result = answer(seed_library, "How many Russian troops were killed?")
    best = result.passages[0]
    start, end = best.sentence
    assert best.text[start:end].startswith("A BBC Russian analysis confirmed at least 78,329")
    marked = {best.text[s:e] for s, e in best.highlights}
    assert {"troops", "killed", "Russian"} <= marked


def test_answer_figures_match_the_question(seed_library: Library) -> None:
    result = answer(seed_library, "how many soldiers died")
    assert [f.value for f in result.figures] == [78329.0]
    assert result.figures[0].qualifier == "at least"
    assert result.figures[0].source == "BBC Russian"
    deployed = answer(seed_library, "How many troops did Moscow send to Kursk?")
    assert deployed.figures[0].value == 50000.0


def test_later_pages_are_judged_like_the_first(seed_library: Library) -> None:
    first = answer(seed_library, "How much territory has Russia seized?")
    second = answer(seed_library, "How much territory has Russia seized?", offset=3)
    assert first.answered and second.answered
    assert not {p.id for p in first.passages} & {p.id for p in second.passages}


def test_questions_about_people_the_briefing_never_names(seed_library: Library) -> None:
    result = answer(seed_library, "What did Zelensky say about the war?")
    assert not result.answered and result.status == "not_covered"
    assert "never mentions Zelensky" in (result.message or "")
    assert "territory" in (result.message or "")
    assert answer(seed_library, "What did Donald Trump pledge?").answered


def test_unknown_names_ignore_sentence_starts_and_typos() -> None:
    vocabulary = Vocabulary({"handelman": 1, "troop": 3})
    assert unknown_names("Troops near Odesa?", vocabulary) == ["Odesa"]
    assert unknown_names("Who is David Handelmann", vocabulary) == ["David"]
    assert unknown_names("Where are the troops. Where?", vocabulary) == []
