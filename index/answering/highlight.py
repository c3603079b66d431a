"""Which words of a passage matched the question, in the sentence that answers it best
(index.answering.key_sentence)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from index.analysis.analyzer import analyze

# A word as a reader sees it: "2,700", "2.5", "Ukraine’s", "long-range" is two words.
_WORD = re.compile(
    r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[^\W_]+(?:['’][^\W_]+)*"
)
# A letter or digit. A word's other characters (a digit group's comma or space, a decimal
# point, an apostrophe) each come right after one.
_WORD_CHARACTER = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Highlight:
    sentence: tuple[int, int]
    words: tuple[tuple[int, int], ...]


def matched_words(
    text: str, weights: Mapping[str, float], sentence: tuple[int, int]
) -> list[tuple[int, int, str]]:
    """(start, end, term) of every word within the span `sentence` of `text` whose index term
    the question asked for. Words are read off the text as a reader splits it, from where
    no word runs into the span (see _reading_start); only those within are looked up (the
    words come in order, so none after the first that ends past the span is within it)."""
    start, end = sentence
    found = []
    for match in _WORD.finditer(text, _reading_start(text, start)):
        if match.end() > end:
            break
        if match.start() < start:
            continue
        for term in _word_terms(match.group()):
            if term in weights:
                found.append((match.start(), match.end(), term))
                break
    return found


def _reading_start(text: str, start: int) -> int:
    """Where reading words can begin to find those of `text` from `start` on, as reading
    from its beginning would: the nearest position at or before `start` that follows a
    character no word holds. That is one that is no letter or digit and follows none (or
    is the first), as a sentence's first word follows the space after a full stop; reading
    the passage from its beginning to each sentence cost as much as all the rest."""
    at = start
    while at > 0 and not _outside_words(text, at - 1):
        at -= 1
    return at


def _outside_words(text: str, index: int) -> bool:
    """Whether no word (as _WORD reads them) can hold the character at `index`."""
    return not _WORD_CHARACTER.match(text, index) and (
        index == 0 or not _WORD_CHARACTER.match(text, index - 1)
    )


@lru_cache(maxsize=65_536)
def _word_terms(word: str) -> tuple[str, ...]:
    """One word's index terms; words repeat across passages, so this is worth remembering."""
    return tuple(analyze(word))


def highlight(text: str, weights: Mapping[str, float], sentence: tuple[int, int]) -> Highlight:
    """The key `sentence` of `text`, with the words in it that the question asked for."""
    words = tuple((start, end) for start, end, _ in matched_words(text, weights, sentence))
    return Highlight(sentence=sentence, words=words)
