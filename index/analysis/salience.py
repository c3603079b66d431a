"""How much a word of a question says about its topic, from how common it is in English.

Members type "wat does the 593 refer to pls" and "tell me exactly how many…": scaffolding
and chat filler that must never weigh like the question's content words. The index cannot
tell them apart (a word the briefing never uses looks maximally rare to it), but general
English can: wordfreq's Zipf frequency (log10 of occurrences per billion words, from web,
news, subtitles and social text, shipped inside the package) is 6–7 for "think", "tell",
"right", 5–5.7 for "exactly", "number", "story", and at most about 4 for "checkpoints",
"casinos", "Kandahar".
"""

from __future__ import annotations

import bisect
import re
from functools import cache, lru_cache

from lemminflect import getAllLemmas
from rapidfuzz.distance import OSA
from wordfreq import top_n_list, zipf_frequency

from index.analysis.stopwords import STOP_WORDS

# Zipf frequency at and below which a word is fully a content word, and the span over which
# its salience falls to SALIENCE_FLOOR: "checkpoints" (3.1) 1.0, "refer" (4.5) 0.6,
# "exactly" (5.2) 0.3, "tell" (5.5) and anything commoner the floor.
CONTENT_ZIPF = 3.5
FALLOFF_ZIPF = 2.5
SALIENCE_FLOOR = 0.15
# A word at least this common is a real English word: typo repair leaves it alone ("weed"
# is not a typo of "week"); "trupm" or "casualites" are far below it.
COMMON_WORD_ZIPF = 3.0
# A word one edit from a stop word that is this much commoner (a thousand times) is a chat
# spelling of it: "wat" (3.4) for "what" (6.8), "wen" for "when"; "hat" (4.3) is not "that".
STOP_WORD_LEAD_ZIPF = 3.0
# How many of English's commonest words typo repair may take a word for ("yougest": youngest);
# those at least COMMON_WORD_ZIPF common are some 30,000.
COMMON_WORDS = 60_000


@lru_cache(maxsize=65_536)
def zipf(word: str) -> float:
    """Zipf frequency of a lowercase word in English; 0 for words wordfreq has never seen."""
    return zipf_frequency(word, "en")


def salience(word: str) -> float:
    """1.0 for a content word, down to SALIENCE_FLOOR for everyday words and filler.

    Numbers always say what the question is about ("the 593 figure").
    """
    if any(character.isdigit() for character in word):
        return 1.0
    falloff = (zipf(word) - CONTENT_ZIPF) / FALLOFF_ZIPF
    return min(1.0, max(SALIENCE_FLOOR, 1.0 - falloff))


def is_common_word(word: str) -> bool:
    """A real, common English word, never to be "repaired" into another one: itself, or an
    inflection of one in lemminflect's dictionary ("nicking": nick, not "nice")."""
    lemmas = {lemma for forms in getAllLemmas(word).values() for lemma in forms}
    return any(zipf(form) >= COMMON_WORD_ZIPF for form in (word, *lemmas))


@lru_cache(maxsize=16_384)
def misspelt_stop_word(word: str) -> bool:
    """Whether `word` is a chat spelling of a stop word ("wat", "wen", "wher"), also with a
    clitic "'s" ("wat's" as "what's")."""
    word = re.sub(r"['’]s$", "", word)
    if not word.isalpha() or word in STOP_WORDS:
        return False
    lead = zipf(word) + STOP_WORD_LEAD_ZIPF
    return any(
        stop[0] == word[0] and zipf(stop) >= lead and OSA.distance(word, stop) <= 1
        for stop in STOP_WORDS
    )


@cache
def _common_words_by_initial() -> dict[str, tuple[str, ...]]:
    """wordfreq's list, commonest first, cut where words stop being common (found by
    bisection: a frequency lookup per word would cost a second and a half)."""
    words = top_n_list("en", COMMON_WORDS)
    common = bisect.bisect_left(words, -COMMON_WORD_ZIPF, key=lambda word: -zipf(word))
    table: dict[str, list[str]] = {}
    for word in words[:common]:
        if word.isalpha():
            table.setdefault(word[0], []).append(word)
    return {initial: tuple(found) for initial, found in table.items()}


def english_words(initial: str) -> tuple[str, ...]:
    """The common English words (wordfreq) that begin with `initial`."""
    return _common_words_by_initial().get(initial, ())
