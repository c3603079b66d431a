"""Autocomplete completes: prefixes of label words and numbers, whole words first, at most 25."""

from __future__ import annotations

from index.answering.completion import Choice, Completer, figure_completer, words_of
from index.store.library import Library


def test_words_and_numbers_are_folded_for_matching() -> None:
    assert words_of("≈2,700 km² of Café territory, 1.5%") == [
        "2700", "km", "2", "of", "cafe", "territory", "1.5",
    ]  # fmt: skip


def test_prefixes_match_and_whole_words_rank_first() -> None:
    completer = Completer(
        [
            (Choice("territory seized", "a"), ["territory", "seized"]),
            (Choice("terr tax", "b"), ["terr", "tax"]),
            (Choice("troops killed", "c"), ["troops", "killed"]),
        ]
    )
    assert [c.value for c in completer.complete("terr")] == ["b", "a"]  # "terr" is b's word
    assert [c.value for c in completer.complete("t kil")] == ["c"]  # every typed word matches
    assert completer.complete("zzz") == []
    assert [c.value for c in completer.complete("")] == ["a", "b", "c"]


def test_figures_complete_by_label_number_and_synonym(seed_library: Library) -> None:
    completer = figure_completer(seed_library.figures())
    territory = completer.complete("terr")
    assert territory and all("km²" in c.name or "territory" in c.name for c in territory)
    assert "≈2,700 km²" in completer.complete("27")[0].name
    assert "troops killed" in completer.complete("kil")[0].name
    assert "troops killed" in completer.complete("soldiers died")[0].name


def test_at_most_the_limit() -> None:
    completer = Completer([(Choice(f"figure {n}", str(n)), ["figure", str(n)]) for n in range(40)])
    assert len(completer.complete("fig")) == 25
    assert [c.value for c in completer.complete("fig 1", 3)] == ["1", "10", "11"]
