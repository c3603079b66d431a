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


@dataclass(frozen=True)
class Highlight:
    sentence: tuple[int, int]
    words: tuple[tuple[int, int], ...]


def matched_words(
    text: str, weights: Mapping[str, float], sentence: tuple[int, int]
) -> list[tuple[int, int, str]]:
    """(start, end, term) of every word within the span `sentence` of `text` whose index term
    the question asked for. Words are read off the whole text, as a reader splits it; only
    those within are looked up (the words come in order, so none after the first that ends
    past the span is within it)."""
    start, end = sentence
    found = []
    for match in _WORD.finditer(text):
        if match.end() > end:
            break
        if match.start() < start:
            continue
        for term in _word_terms(match.group()):
            if term in weights:
                found.append((match.start(), match.end(), term))
                break
    return found


@lru_cache(maxsize=65_536)
def _word_terms(word: str) -> tuple[str, ...]:
    """One word's index terms; words repeat across passages, so this is worth remembering."""
    return tuple(analyze(word))


def highlight(text: str, weights: Mapping[str, float], sentence: tuple[int, int]) -> Highlight:
    """The key `sentence` of `text`, with the words in it that the question asked for."""
    words = tuple((start, end) for start, end, _ in matched_words(text, weights, sentence))
    return Highlight(sentence=sentence, words=words)
