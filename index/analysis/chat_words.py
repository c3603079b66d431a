"""Chat abbreviations spelt out ("ppl" → "people", "rn" → "right now", "abt" → "about").

The table is the slang list of the `contractions` package (MIT), without its contractions
("whats", "cause", "shed": the analyzer's stop words already drop the first, and the others
are also real words) and without capitalised forms, plus the shorthand for units of time that
list lacks ("yrs", "hrs", "wks"), and everyday words written without their vowels ("pls",
"nmbr"), which no list holds in full. Questions only: a briefing's own words are never rewritten,
and a word the briefings do use is left alone (index.search.query). Tuning split, the units
of time: right first 966 → 967 of 1,141.
"""

from __future__ import annotations

import re
from functools import cache

import contractions
from wordfreq import top_n_list

from index.analysis.salience import zipf


@cache
def _chat_words() -> dict[str, str]:
    standard = contractions.contractions_dict.keys() | contractions.leftovers_dict.keys()
    # The list writes "r" (are) with a space on either side of the pair: read it stripped.
    slang = {word.strip(): meaning.strip() for word, meaning in contractions.slang_dict.items()}
    return {
        word: meaning
        for word, meaning in slang.items()
        if word not in standard and word.islower() and " " not in word
    }


# Units of time as members shorten them ("how many yrs in a row").
_TIME_SHORTHAND = {
    "yr": "year", "yrs": "years", "hr": "hour", "hrs": "hours", "mins": "minutes",
    "secs": "seconds", "wk": "week", "wks": "weeks", "mth": "month", "mths": "months",
}  # fmt: skip


def load() -> None:
    """Build the tables now rather than on the first question that needs them."""
    _chat_words()
    _unvowelled_words()


def spelled_out(word: str) -> str | None:
    """What a lowercase chat abbreviation stands for, or None for any other word."""
    return _chat_words().get(word) or _TIME_SHORTHAND.get(word) or unvowelled(word)


# Members drop the vowels of everyday words ("pls", "nmbr", "thnks"): a word with none, of
# three letters or more, is one of the words at least this common (the 1,000-odd commonest,
# wordfreq) written without them, when that word is UNVOWELLED_LEAD_ZIPF commoner (30 times)
# than the spelling itself: "try" and "myth" are words of their own.
UNVOWELLED_OF_ZIPF = 5.0
UNVOWELLED_LEAD_ZIPF = 1.5
_VOWELS = re.compile("[aeiou]")


@cache
def _unvowelled_words() -> dict[str, str]:
    """The commonest words by their spelling without vowels ("pls": please)."""
    spellings: dict[str, str] = {}
    for word in top_n_list("en", 5_000):
        if word.isalpha() and zipf(word) >= UNVOWELLED_OF_ZIPF:
            bare = _VOWELS.sub("", word)
            if bare != word and len(bare) >= 3:
                spellings.setdefault(bare, word)
    return spellings


def unvowelled(word: str) -> str | None:
    """The everyday word that `word` writes without its vowels, or None."""
    if len(word) < 3 or _VOWELS.search(word):
        return None
    full = _unvowelled_words().get(word)
    return full if full and zipf(full) >= zipf(word) + UNVOWELLED_LEAD_ZIPF else None
