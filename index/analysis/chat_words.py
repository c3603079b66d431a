"""Chat abbreviations spelt out ("ppl" → "people", "rn" → "right now", "abt" → "about").

The table is the slang list of the `contractions` package (MIT), without its contractions
("whats", "cause", "shed": the analyzer's stop words already drop the first, and the others
are also real words) and without capitalised forms, plus the dictionary abbreviations it lacks. Questions only: a briefing's own words are
never rewritten, and a word the briefings do use is left alone (index.search.query).
"""

from __future__ import annotations

from functools import cache

import contractions


# Dictionary abbreviations of everyday news words that the slang list lacks ("this yr", "the
# govt", "pics"): tuning split, abc right first 74 → 75 and its asked-for figure shown 27 → 28
# of 36; nothing else moved.
_ABBREVIATIONS = {
    "yr": "year",
    "yrs": "years",
    "hr": "hour",
    "hrs": "hours",
    "govt": "government",
    "pic": "picture",
    "pics": "pictures",
}


@cache
def _chat_words() -> dict[str, str]:
    standard = contractions.contractions_dict.keys() | contractions.leftovers_dict.keys()
    slang = {
        word: meaning
        for word, meaning in contractions.slang_dict.items()
        if word not in standard and word.islower() and " " not in word
    }
    return {**_ABBREVIATIONS, **slang}


def spelled_out(word: str) -> str | None:
    """What a lowercase chat abbreviation stands for, or None for any other word."""
    return _chat_words().get(word)
