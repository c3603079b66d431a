"""Tokens with character offsets: the figure extractors read words in order but cite by offset.

Works on the original text (never normalized) so that every span can be quoted back exactly.
A word keeps its hyphens and apostrophes ("counter-attacks", "Ukraine’s", "F-16"), so a number
inside a name is never a number token; a number keeps its digit groups ("2,700", "4.2"); an
initialism keeps its full stops ("two U.S. officials" counts officials).
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Invisible inside a word as web pages write it: a soft hyphen ("inter­national"), zero-width
# spaces and joiners. A word reads through them; its `lower` form drops them.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060"
_WITHOUT_INVISIBLE = str.maketrans(dict.fromkeys(_INVISIBLE))
_TOKEN = re.compile(
    r"\d+(?:[.,\u00a0\u202f\u2009]\d+)*"
    r"|[A-Z](?:\.[A-Z])+\.?(?![^\W\d_])"  # an initialism: "U.S.", "U.N.", "D.C."
    rf"|[^\W\d_]+(?:[{_INVISIBLE}]+[^\W\d_]+)*(?:['’][^\W\d_]+)*"
    r"(?:[-‐‑][^\W_]+(?:['’][^\W\d_]+)*)*"
    r"|\S"
)


class Token(NamedTuple):
    """One word, number or symbol, where it is in the text it was read from, and its shape.

    A named tuple because a sentence makes dozens of them and the extractor may read a
    million passages: building one must cost next to nothing.
    """

    text: str
    start: int
    end: int
    lower: str
    is_number: bool
    is_word: bool
    is_capitalized: bool


def tokenize(text: str) -> list[Token]:
    """Split `text` into tokens, each with its offsets into `text`."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        first = word[0]
        tokens.append(
            Token(
                word,
                match.start(),
                match.end(),
                word.lower() if word.isascii() else word.lower().translate(_WITHOUT_INVISIBLE),
                first.isdigit(),
                first.isalpha(),
                first.isupper(),
            )
        )
    return tokens


def bare(word: str) -> str:
    """A word without its possessive ending: "Ukraine’s" → "Ukraine", "bloc's" → "bloc"."""
    for ending in ("'s", "’s", "'", "’"):
        if word.endswith(ending):
            return word[: -len(ending)]
    return word
