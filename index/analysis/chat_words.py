"""Chat abbreviations spelt out ("ppl" → "people", "rn" → "right now", "abt" → "about").

The table is the slang list of the `contractions` package (MIT), without its contractions
("whats", "cause", "shed": the analyzer's stop words already drop the first, and the others
are also real words) and without capitalised forms, plus the shorthand for units of time that
list lacks ("yrs", "hrs", "wks"). Questions only: a briefing's own words are never rewritten,
and a word the briefings do use is left alone (index.search.query). Tuning split, the units
of time: right first 966 → 967 of 1,141.
"""

from __future__ import annotations

from functools import cache

import contractions


@cache
def _chat_words() -> dict[str, str]:
    standard = contractions.contractions_dict.keys() | contractions.leftovers_dict.keys()
    return {
        word: meaning
        for word, meaning in contractions.slang_dict.items()
        if word not in standard and word.islower() and " " not in word
    }


# Units of time as members shorten them ("how many yrs in a row").
_TIME_SHORTHAND = {
    "yr": "year", "yrs": "years", "hr": "hour", "hrs": "hours", "mins": "minutes",
    "secs": "seconds", "wk": "week", "wks": "weeks", "mth": "month", "mths": "months",
}  # fmt: skip


def spelled_out(word: str) -> str | None:
    """What a lowercase chat abbreviation stands for, or None for any other word."""
    return _chat_words().get(word) or _TIME_SHORTHAND.get(word)
