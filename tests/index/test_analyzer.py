"""The analyzer chain: one set of terms for a passage and for the questions that should find it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from index.analysis import analyzer
from index.analysis.analyzer import analyze
from index.analysis.synonyms import EXPANSION_WEIGHT
from index.search.query import Vocabulary, build_query


@pytest.mark.parametrize(
    "spelling",
    ["2,700 square kilometers", "2 700 square kilometres", "2700 sq km", "2,700 km2", "2,700 km²"],
)
def test_numbers_and_units_have_one_spelling(spelling: str) -> None:
    assert analyze(spelling) == ["2700", "km2"]


def test_possessives_quotes_and_case_fold_together() -> None:
    assert analyze("Ukraine’s RUSSIA's") == analyze("ukraine's russia") == ["ukrain", "russia"]


def test_stop_words_and_question_words_are_dropped() -> None:
    assert analyze("How many of the troops were there?") == ["troop"]


def test_stemming_joins_word_forms() -> None:
    assert analyze("killed") == analyze("killing") == analyze("kills")


def test_threads_analyzing_at_once_get_the_same_terms(seeds: Path) -> None:
    """Answers run in worker threads: stemming in several at once must not mix words up."""
    words = " ".join(path.read_text() for path in sorted(seeds.iterdir())).split()
    chunks = [" ".join(words[start::8]) for start in range(8)]
    analyzer._term.cache_clear()  # every word reaches a stemmer, not the cache
    with ThreadPoolExecutor(max_workers=8) as pool:
        at_once = list(pool.map(analyze, chunks * 4))
    analyzer._term.cache_clear()
    assert at_once == [analyze(chunk) for chunk in chunks] * 4


@pytest.mark.parametrize("spelling", ["US", "U.S.", "U.S.A.", "us"])
def test_united_states_acronyms(spelling: str) -> None:
    assert analyze(f"{spelling} aid") == ["usa", "aid"]


def test_emoji_and_punctuation_make_no_terms() -> None:
    assert analyze("🙂 ?! … —") == []


def test_synonyms_expand_questions_below_the_askers_words() -> None:
    vocabulary = Vocabulary({"kill": 1, "troop": 2, "soldier": 1})
    query = build_query("how many soldiers died", vocabulary)
    assert query.weights["soldier"] == 1.0
    assert query.weights["die"] == 1.0
    assert query.weights["kill"] == EXPANSION_WEIGHT
    assert query.weights["troop"] == EXPANSION_WEIGHT


def test_multi_word_synonyms() -> None:
    query = build_query("land they won back", Vocabulary({"regain": 1}))
    assert query.weights["regain"] == EXPANSION_WEIGHT


def test_typos_close_to_an_indexed_word_are_repaired() -> None:
    query = build_query("how many troups", Vocabulary({"troop": 3, "group": 1}))
    assert query.corrections == {"troup": "troop"}
    assert "troup" not in query.weights
