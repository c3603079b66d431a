"""Which words of a passage matched the question, and which sentence answers it best."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from index.analysis.analyzer import analyze
from index.text.sentences import sentence_spans

# A word as a reader sees it: "2,700", "2.5", "Ukraine’s", "long-range" is two words.
_WORD = re.compile(
    r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[^\W_]+(?:['’][^\W_]+)*"
)


@dataclass(frozen=True)
class Highlight:
    sentence: tuple[int, int]
    words: tuple[tuple[int, int], ...]


def matched_words(text: str, weights: Mapping[str, float]) -> list[tuple[int, int, str]]:
    """(start, end, term) of every word in `text` whose index term the question asked for."""
    found = []
    for match in _WORD.finditer(text):
        for term in _word_terms(match.group()):
            if term in weights:
                found.append((match.start(), match.end(), term))
                break
    return found


@lru_cache(maxsize=65_536)
def _word_terms(word: str) -> tuple[str, ...]:
    """One word's index terms; words repeat across passages, so this is worth remembering."""
    return tuple(analyze(word))


def best_sentence(text: str, weights: Mapping[str, float], idf: Mapping[str, float]) -> Highlight:
    """The sentence whose distinct matched terms weigh most (weight × idf); the first on ties."""
    words = matched_words(text, weights)
    best: tuple[float, tuple[int, int]] | None = None
    for start, end in sentence_spans(text):
        terms = {term for s, e, term in words if s >= start and e <= end}
        value = sum(weights[t] * max(idf.get(t, 0.0), 0.0) for t in terms)
        if best is None or value > best[0]:
            best = (value, (start, end))
    span = best[1] if best else (0, len(text))
    inside = tuple((s, e) for s, e, _ in words if s >= span[0] and e <= span[1])
    return Highlight(sentence=span, words=inside)
