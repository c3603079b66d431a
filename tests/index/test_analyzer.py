"""The analyzer chain: one set of terms for a passage and for the questions that should find it."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.analysis import analyzer
from index.analysis.analyzer import analyze
from index.analysis.synonyms import EXPANSION_WEIGHT
from index.search.query import NEIGHBOUR_WEIGHT, Vocabulary, build_query
from index.text.normalize import normalize


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


def test_comparatives_and_superlatives_are_their_adjective() -> None:
    assert analyze("lowest") == analyze("lower") == analyze("low")
    assert analyze("biggest largest") == analyze("big large")
    # a noun of its own and an irregular form stay apart
    assert analyze("number leader worst") == ["number", "leader", "worst"]


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
    for asked, synonym in (("soldier", "troop"), ("die", "kill")):
        assert query.weights[asked] == pytest.approx(query.salience[asked])
        assert query.weights[synonym] == pytest.approx(EXPANSION_WEIGHT * query.salience[asked])


def test_a_plane_is_searched_as_an_aircraft() -> None:
    """Members say "plane"; wire copy says "aircraft"."""
    query = build_query("what time did the plane crash", Vocabulary({"aircraft": 3}))
    assert query.weights["aircraft"] == pytest.approx(EXPANSION_WEIGHT * query.salience["plane"])


def test_a_clipped_word_searches_the_word_it_clips() -> None:
    """ "aussies" is Australians and "brits" British; "austria" shares the letters only, and
    an everyday word ("trial") is never read as a clipping of a longer one ("trialled")."""
    vocabulary = Vocabulary({"australian": 3, "austria": 2, "british": 2, "trialled": 1})
    query = build_query("how many aussies and brits died in the trial", vocabulary)
    assert query.synonyms_of["aussi"] == ("australian",)
    assert query.synonyms_of["brit"] == ("british",)
    assert query.synonyms_of["trial"] == ()


def test_a_word_no_table_lists_also_searches_the_words_near_it_in_meaning() -> None:
    """ "cops" is in no synonym table: the briefing's "police" is searched through word
    vectors, below the asker's own word; filler ("there") searches nothing near it."""
    query = build_query("how many cops were there", Vocabulary({"polic": 2, "crowd": 3}))
    assert query.weights["polic"] == pytest.approx(NEIGHBOUR_WEIGHT * query.weights["cop"])
    assert "polic" not in query.asked and "crowd" not in query.weights


def test_a_question_the_briefings_use_no_word_of_searches_near_every_word() -> None:
    """ "Deal" is too everyday to search its near words while another word of the question
    finds passages; when none does, it searches them rather than finding nothing."""
    briefing = {"agreement": 2, "talk": 3}
    alone = build_query("where did they hash out the deal", Vocabulary(briefing))
    assert alone.weights["agreement"] == pytest.approx(NEIGHBOUR_WEIGHT * alone.weights["deal"])
    found = build_query("where did they hash out the deal", Vocabulary({**briefing, "deal": 1}))
    assert "agreement" not in found.weights


def test_multi_word_synonyms() -> None:
    query = build_query("land they won back", Vocabulary({"regain": 1}))
    assert query.weights["regain"] == pytest.approx(EXPANSION_WEIGHT * query.salience["won"])


def test_filler_and_scaffolding_weigh_less_than_content_words() -> None:
    """Chat filler and question scaffolding never weigh like the words the question is about."""
    vocabulary = Vocabulary({"checkpoint": 2, "staf": 1, "refer": 1, "exact": 1})
    query = build_query("tell me exactly what the staffed checkpoints refer to", vocabulary)
    content = min(query.weights["checkpoint"], query.weights["staf"])
    assert max(query.weights["exact"], query.weights["refer"]) < content
    assert query.weights["checkpoint"] == 1.0


def test_common_english_words_are_never_repaired_into_others() -> None:
    """ "weed" is a word, not a typo of "week"; "casualites" is a typo."""
    vocabulary = Vocabulary({"week": 5, "casualti": 2})
    assert build_query("weed laws", vocabulary).corrections == {}
    assert build_query("casualites", vocabulary).corrections == {"casualit": "casualti"}


def test_inflections_of_common_words_are_never_repaired_either() -> None:
    """ "nicking" is rare itself, but it is "nick", not a typo of "nice"."""
    vocabulary = Vocabulary({"nice": 5, "money": 3})
    assert build_query("how much money was he nicking", vocabulary).corrections == {}


def test_dropped_gs_are_restored_before_any_edit() -> None:
    query = build_query("what was he talkin about", Vocabulary({"talk": 1, "tall": 9}))
    assert query.corrections == {"talkin": "talk"}


def test_a_number_quoted_with_a_scale_finds_the_numbers_it_rounds() -> None:
    vocabulary = Vocabulary({"78329": 1, "2700": 1, "79000": 1, "465": 1})
    assert "78329" in build_query("whats the 78k", vocabulary).weights
    assert "79000" not in build_query("whats the 78k", vocabulary).weights
    assert "2700" in build_query("2.7k sq km", vocabulary).weights
    assert "465" not in build_query("2.7k sq km", vocabulary).weights


def test_typos_close_to_an_indexed_word_are_repaired() -> None:
    query = build_query("how many troups", Vocabulary({"troop": 3, "group": 1}))
    assert query.corrections == {"troup": "troop"}
    assert "troup" not in query.weights


def test_a_typo_a_letter_or_two_longer_or_shorter_is_repaired_too() -> None:
    """Only words whose length is within the edits allowed are compared: a letter dropped
    or added is one edit, and a long word allows two."""
    vocabulary = Vocabulary({"reservoir": 2, "reserve": 5, "troop": 3})
    assert vocabulary.closest("trop") == "troop"
    assert vocabulary.closest("resevoir") == "reservoir"
    assert vocabulary.closest("reservoirrs") == "reservoir"
    assert vocabulary.closest("reservoirsss") is None


def test_a_typo_of_an_english_word_is_repaired_into_its_indexed_term() -> None:
    """The index keeps "youngest" as "young", which no edit of "yougest" reaches; the
    English word one edit away does. A rare word of the dictionary ("logger") is no typo."""
    vocabulary = Vocabulary({"young": 3, "victim": 2, "long": 4})
    assert build_query("yougest victim age?", vocabulary).corrections == {"yougest": "young"}
    assert build_query("how old is the logger", vocabulary).corrections == {}


def test_numbers_in_words_are_their_digits() -> None:
    """ "Four more people died" answers "where did the 4 latest deaths happen"."""
    assert analyze("four more people died") == analyze("4 more people died")
    assert analyze("seventy") == ["70"]
    assert "1" not in analyze("one of the guides")  # "one" is mostly not a count


def test_chat_abbreviations_search_what_they_stand_for() -> None:
    vocabulary = Vocabulary({"peopl": 3, "ceremoni": 1})
    query = build_query("how many ppl were at the ceremonies rn", vocabulary)
    assert "peopl" in query.weights and "ppl" not in query.weights
    assert "now" in query.asked  # "rn" is "right now"
    # "r" is "are" (the list writes it with spaces around it): no word to search or match.
    assert "r" not in build_query("how strong r the winds", Vocabulary({"wind": 2})).asked


def test_units_of_time_shortened_search_their_word() -> None:
    query = build_query("how many yrs in a row did he win it", Vocabulary({"year": 3, "row": 1}))
    assert "year" in query.weights and "yrs" not in query.weights


def test_everyday_words_written_without_vowels_weigh_as_those_words() -> None:
    """ "pls" is please, "nmbr" number: filler and everyday words, never rare content words.
    Abbreviations of names ("nsw", "gdp") and real words without vowels ("myth") are kept."""
    query = build_query("how many pokies r there pls", Vocabulary({"poki": 2}))
    assert "pls" not in query.weights and max(query.salience.values()) == query.salience["poki"]
    assert "number" in build_query("wats the nmbr of pokies", Vocabulary({"poki": 2})).asked
    for kept in ("nsw", "gdp", "myth"):
        assert kept in build_query(f"what about {kept} then", Vocabulary({})).asked


def test_a_word_the_briefings_use_is_never_spelt_out() -> None:
    """An abbreviation a briefing itself uses ("msg" in a software story) stays as it is."""
    query = build_query("what does the msg say", Vocabulary({"msg": 2}))
    assert "msg" in query.weights and "messag" not in query.weights


@pytest.mark.parametrize("word", ["wat", "wen", "wher", "teh", "wat's"])
def test_chat_spellings_of_question_words_weigh_nothing(word: str) -> None:
    query = build_query(f"{word} did the storm hit", Vocabulary({"storm": 2, "hit": 1}))
    assert set(query.weights) == {"storm", "hit"}


@pytest.mark.parametrize("written", ["4:00pm", "4 p.m.", "4.00 PM", "4pm"])
def test_a_clock_time_is_one_term_however_written(written: str) -> None:
    """ "wats the 4pm thing" finds the passage that says "4:00pm"."""
    assert analyze(f"at {written} today") == ["4pm", "today"]


def test_initials_in_capitals_are_no_chat_spelling() -> None:
    """ "ag" one edit from "at" is a chat spelling; "AG" in capitals is initials."""
    vocabulary = Vocabulary({"law": 2})
    assert "ag" in build_query("who's the AG pushing these laws", vocabulary).weights
    assert "ag" not in build_query("who's the ag pushing these laws", vocabulary).weights


def test_a_real_word_near_a_question_word_still_counts() -> None:
    """ "hat" is one edit from "that" but a word of its own: it still weighs."""
    query = build_query("who bought the hat", Vocabulary({"bought": 1}))
    assert "hat" in query.weights


def _every_filter(text: str) -> str:
    """The character filters run everywhere, without the analyzer's substring shortcuts."""
    text = normalize(text)
    for pattern, replacement in (*analyzer._ACRONYMS, *analyzer._UNITS):
        text = pattern.sub(replacement, text)
    text = analyzer._QUANTIFIERS.sub(" many of", text)
    text = analyzer._DIGIT_GROUPS.sub(lambda m: re.sub(r"[, ]", "", m.group()), text)
    return analyzer._CLOCK.sub(analyzer._clock_term, text)


@given(
    st.lists(
        st.sampled_from(
            [
                "U.S.",
                "US",
                "UK",
                "U.N.",
                "us",
                "2,700",
                "2 700",
                "sq km",
                "km²",
                "KM2",
                "5%",
                "per cent",
                "Scores of",
                "dozens of the",
                "２，７００",
                "ı",
                "Ｕ.Ｓ.",
                "word",
                " ",
                "\u00a0",
                "of",
                "12",
                ",",
                ".",
                ":00",
                "pm",
                "P.M.",
                "am",
            ]
        ),
        max_size=12,
    ).map("".join)
)
def test_the_filters_shortcuts_change_nothing(text: str) -> None:
    """Each filter is skipped where its hints are absent: the output must not differ."""
    assert analyzer.char_filter(text) == _every_filter(text)


def test_passages_analysed_together_get_their_own_terms(seeds: Path) -> None:
    """The build analyses a file's passages in one pass: the same terms as one at a time."""
    texts = [p for path in sorted(seeds.iterdir()) for p in path.read_text().split("\n\n")]
    texts += ["U.S.", "5", "% of the vote", "", "2,700", "sq km", "qqzpassagebreakzqq"]
    for batch in (texts, texts[:-1], texts[:1], []):
        terms, lengths = analyzer.analyze_passages(batch)
        each = [analyze(text) for text in batch]
        assert lengths == [len(t) for t in each]
        assert terms == [term for t in each for term in t]


def test_accents_are_no_part_of_a_term() -> None:
    """Members type "pele" and "sao paulo" for the articles' "Pelé" and "São Paulo"."""
    assert analyze("Pelé played in São Paulo; Frühburgunder") == analyze(
        "pele played in sao paulo; fruhburgunder"
    )


def test_invisible_characters_of_web_copy_split_no_word() -> None:
    """Pages hyphenate with soft hyphens and break with zero-width spaces: "inter­national"
    is "international" to a member who types it."""
    assert analyze("inter\u00adnational ob\u200bservers") == analyze("international observers")


def test_html_entities_of_text_copied_from_a_page_read_as_their_characters() -> None:
    assert analyze("Johnson &amp; Johnson&#8217;s shares&nbsp;fell") == analyze(
        "Johnson & Johnson’s shares fell"
    )
