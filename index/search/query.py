"""From a member's question to weighted index terms: checks, typo repair, synonym expansion."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from index.analysis.analyzer import analyze
from index.analysis.synonyms import EXPANSION_WEIGHT, known_terms, related_terms

MAX_QUESTION_CHARS = 1000
TYPO_WEIGHT = 0.8
_HAS_WORD = re.compile(r"[^\W_]")
# A name as a question writes it: a Title-case word that does not start a sentence.
_NAME = re.compile(r"(?<![.!?:] )(?<![\w'’-])(?<!^)[A-Z][a-z][\w'’-]*")


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
    # How specific each asked term is, for deciding whether a passage covers the question:
    # ln(1 + F/df) with F the index's largest document frequency. A word the index has never
    # seen weighs like its most specific indexed synonym ("soldiers" like "troops": the
    # briefing speaks of that concept that often), or, with none, like the rarest words.
    specificity: dict[str, float] = field(default_factory=dict)


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
    """Analyze a checked question; unknown words close to an indexed one are repaired.

    A word of the synonym table is a real word, not a typo, even when the index lacks it
    ("soldiers", "last year"): it is expanded instead of "repaired" into another word.
    """
    asked = analyze(text)
    corrections: dict[str, str] = {}
    for term in asked:
        if term in corrections or vocabulary.contains(term) or term in known_terms():
            continue
        suggestion = vocabulary.closest(term)
        if suggestion:
            corrections[term] = suggestion
    effective = [corrections.get(term, term) for term in asked]
    weights: dict[str, float] = {}
    expansions: dict[str, float] = {}
    for original, term in zip(asked, effective, strict=True):
        weights[term] = weights.get(term, 0.0) + (TYPO_WEIGHT if original != term else 1.0)
    # Per asked term, phrase-aware: "won back" relates both "won" and "back" to "regain".
    # As in Lucene's SynonymQuery, a synonym never counts as rarer than the word asked:
    # "Russian" (common here) must not rank a passage by "Moscow" (rare, so heavy in BM25).
    synonyms_of = related_terms(effective)
    for term, related in synonyms_of.items():
        for synonym in related:
            if synonym in weights:
                continue
            rarity = vocabulary.specificity(term) / vocabulary.specificity(synonym)
            weight = EXPANSION_WEIGHT * min(1.0, rarity)
            expansions[synonym] = max(expansions.get(synonym, 0.0), weight)
    weights.update(expansions)
    return Query(
        text=text,
        asked=tuple(effective),
        corrections=corrections,
        weights=weights,
        synonyms_of=synonyms_of,
        specificity={term: _specificity(term, synonyms_of, vocabulary) for term in effective},
    )


def _specificity(
    term: str, synonyms_of: dict[str, tuple[str, ...]], vocabulary: Vocabulary
) -> float:
    known = [s for s in synonyms_of.get(term, ()) if vocabulary.contains(s)]
    if vocabulary.contains(term) or not known:
        return vocabulary.specificity(term)
    return max(vocabulary.specificity(s) for s in known)


class Vocabulary:
    """The index's terms, for telling known words from typos."""

    def __init__(self, terms: dict[str, int]) -> None:
        self._terms = terms
        self._by_initial: dict[str, list[str]] | None = None
        self._most_frequent: int | None = None

    def __len__(self) -> int:
        return len(self._terms)

    def contains(self, term: str) -> bool:
        return term in self._terms

    def specificity(self, term: str) -> float:
        """ln(1 + F/df): an idf that needs no corpus size (F is the largest df, so every
        indexed word weighs at least ln 2); an unknown word weighs like one seen once."""
        if self._most_frequent is None:
            self._most_frequent = max(self._terms.values(), default=1)
        return math.log(1 + self._most_frequent / max(self._terms.get(term, 0), 1))

    def closest(self, term: str) -> str | None:
        """The indexed word one or two edits away (longer words allow two), most frequent first.

        As Lucene's DirectSpellChecker does by default: the first letter must match (typists
        rarely get it wrong, and without that rule real words become other words: "will" →
        "kill", "weather" → "rather"), and swapping two adjacent letters is one edit ("trupm").
        """
        if term[0].isdigit() or len(term) < 4:
            return None
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        if self._by_initial is None:
            self._by_initial = {}
            for known in self._terms:
                if not known[0].isdigit():
                    self._by_initial.setdefault(known[0], []).append(known)
        limit = 1 if len(term) < 7 else 2
        matches = process.extract(
            term,
            self._by_initial.get(term[0], []),
            scorer=OSA.distance,
            score_cutoff=limit,
            limit=10,
        )
        if not matches:
            return None
        return min(matches, key=lambda m: (m[1], -self._terms[m[0]], m[0]))[0]


def unknown_names(text: str, vocabulary: Vocabulary) -> list[str]:
    """Names in the question (“Israeli”, “Biden”) that the briefing never mentions.

    A question about someone the briefing never names is about something else, however well
    its other words match ("How many Israeli soldiers were killed?" is not answered by Russian
    losses). Typos of indexed names are not unknown: they are repaired first.
    """
    names = []
    for match in _NAME.finditer(text.strip()):
        terms = analyze(match.group())
        if terms and not any(
            vocabulary.contains(t) or t in known_terms() or vocabulary.closest(t) for t in terms
        ):
            names.append(match.group())
    return names
