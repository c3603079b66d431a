"""From a member's question to weighted index terms: checks, typo repair, synonym expansion."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.analyzer import analyze
from index.synonyms import EXPANSION_WEIGHT, expand

MAX_QUESTION_CHARS = 1000
TYPO_WEIGHT = 0.8
_HAS_WORD = re.compile(r"[^\W_]")


class BadQuestion(ValueError):
    """A question that cannot be searched; the message tells the member what to do."""


@dataclass(frozen=True)
class Query:
    """A question ready to search: its own terms, repaired typos and expansions, weighted."""

    text: str
    asked: tuple[str, ...]
    corrections: dict[str, str] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    synonyms_of: dict[str, tuple[str, ...]] = field(default_factory=dict)


def check_question(text: str) -> str:
    """The question with surrounding space removed, or BadQuestion saying what is wrong."""
    question = text.strip()
    if not question:
        raise BadQuestion(
            "Ask a question about the briefing, e.g. “How much territory has Russia seized?”"
        )
    if len(question) > MAX_QUESTION_CHARS:
        raise BadQuestion(
            f"Questions are limited to {MAX_QUESTION_CHARS:,} characters (yours has "
            f"{len(question):,}); ask about one thing at a time."
        )
    if not _HAS_WORD.search(question):
        raise BadQuestion(
            "That question has no words or numbers in it; ask in words, e.g. “How many troops…?”"
        )
    return question


def build_query(text: str, vocabulary: Vocabulary) -> Query:
    """Analyze a checked question; unknown words close to an indexed one are repaired."""
    asked = analyze(text)
    corrections: dict[str, str] = {}
    for term in asked:
        if term not in corrections and not vocabulary.contains(term):
            suggestion = vocabulary.closest(term)
            if suggestion:
                corrections[term] = suggestion
    effective = [corrections.get(term, term) for term in asked]
    weights: dict[str, float] = {}
    for original, term in zip(asked, effective, strict=True):
        weights[term] = weights.get(term, 0.0) + (TYPO_WEIGHT if original != term else 1.0)
    synonyms_of: dict[str, tuple[str, ...]] = {}
    for term in dict.fromkeys(effective):
        related = tuple(expand([term]))
        synonyms_of[term] = related
        for synonym in related:
            if synonym not in weights:
                weights[synonym] = EXPANSION_WEIGHT
    for synonym in expand(effective):
        weights.setdefault(synonym, EXPANSION_WEIGHT)
    return Query(
        text=text,
        asked=tuple(effective),
        corrections=corrections,
        weights=weights,
        synonyms_of=synonyms_of,
    )


class Vocabulary:
    """The index's terms, for telling known words from typos."""

    def __init__(self, terms: dict[str, int]) -> None:
        self._terms = terms
        self._choices: list[str] | None = None

    def __len__(self) -> int:
        return len(self._terms)

    def contains(self, term: str) -> bool:
        return term in self._terms

    def closest(self, term: str) -> str | None:
        """The indexed word one or two edits away (longer words allow two), most frequent first."""
        if term[0].isdigit() or len(term) < 4:
            return None
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        if self._choices is None:
            self._choices = [t for t in self._terms if not t[0].isdigit()]
        limit = 1 if len(term) < 7 else 2
        matches = process.extract(
            term, self._choices, scorer=Levenshtein.distance, score_cutoff=limit, limit=10
        )
        if not matches:
            return None
        return min(matches, key=lambda m: (m[1], -self._terms[m[0]], m[0]))[0]
