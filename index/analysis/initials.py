"""Names and the initials that stand for them: "RFS" for the Rural Fire Service, "AG" for the
Attorney-General.

The question side (index.answering.acronyms, reading the passages a question finds) and the
index (index.store.build, the briefings' names by their initials) read them alike: a run of
words whose initials spell the letters, connectors allowed between them ("Reserve Bank of
Australia" is RBA), capitalized throughout or nowhere. Each part of a hyphenated name gives
an initial: "the GG" is the Governor-General.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from index.analysis.stopwords import STOP_WORDS

MAX_INITIALS = 5
_WORD = re.compile(r"[^\W\d_][\w'’]*")
# Words an acronym leaves out between its initials: "Reserve Bank of Australia" is RBA.
_CONNECTORS = frozenset({"of", "the", "and", "for", "&"})
# Capitalized words that open no name: titles ("Mr Morrow" is not "mm") and stop words.
_NOT_INITIALS = STOP_WORDS | {"mr", "mrs", "ms", "dr"}


def phrases_with_initials(text: str, letters: str) -> list[str]:
    """The runs of words in `text` whose initials are `letters`, as written."""
    words = _WORD.findall(text)
    return [
        phrase
        for start, word in enumerate(words)
        if word[0].lower() == letters[0]
        for initials, phrase in _runs(words, start)
        if initials == letters
    ]


def names_by_initials(text: str) -> Counter[tuple[str, str]]:
    """Every capitalized name in `text` of two to MAX_INITIALS words, by its initials and as
    written, with how often it occurs ("New South Wales": ("nsw", …), and ("sw", "South
    Wales") too: which one a member means is decided where the initials are asked)."""
    words = _WORD.findall(text)
    return Counter(
        run for start, word in enumerate(words) if word[0].isupper() for run in _runs(words, start)
    )


def _runs(words: list[str], start: int) -> Iterator[tuple[str, str]]:
    """The initials and phrase of each run of two or more words from `start`, shortest
    first, connectors allowed between its words, capitalized like its first word."""
    first = words[start]
    if first.lower() in _NOT_INITIALS:
        return
    taken, initials, position = [first], first[0].lower(), start + 1
    while len(initials) < MAX_INITIALS:
        while position < len(words) and words[position].lower() in _CONNECTORS:
            taken.append(words[position])
            position += 1
        if position >= len(words):
            return
        following = words[position]
        if following.lower() in _NOT_INITIALS or following[0].isupper() != first[0].isupper():
            return  # a name is capitalized throughout, a common phrase nowhere
        taken.append(following)
        initials += following[0].lower()
        position += 1
        yield initials, " ".join(taken)
