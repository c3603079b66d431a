"""From a member's question to weighted index terms: checks, typo repair, synonym expansion."""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from lemminflect import getAllLemmas
from rapidfuzz import process
from rapidfuzz.distance import OSA

from index.analysis.analyzer import analyze, analyze_words
from index.analysis.chat_words import spelled_out
from index.analysis.salience import (
    english_words,
    is_common_word,
    misspelt_stop_word,
    salience,
    zipf,
)
from index.analysis.similar_words import SIMILAR_AT, near_terms, similarities
from index.analysis.synonyms import (
    EXPANSION_WEIGHT,
    known_terms,
    related_phrases,
    related_terms,
)

MAX_QUESTION_CHARS = 1000
TYPO_WEIGHT = 0.8
# Each question word of some salience (NEIGHBOUR_SALIENCE: not filler) also searches the
# indexed terms of up to NEIGHBOURS words near it in meaning (index.analysis.similar_words),
# at NEIGHBOUR_WEIGHT of its weight: "cops" finds "police", "hurt" "injured". Tuning split
# (1,141 answerable questions, 12 sets): right first 937 -> 943, in top 3 1,068 -> 1,077,
# declared not covered 13 -> 10, out of scope confident 5 either way. Near words drawn from
# the briefing's own vocabulary instead (every indexed term embedded): 947 and 1,078, but
# 2.7 s to embed a 100k-passage index's 50,000 terms before its first answer.
NEIGHBOURS = 3
NEIGHBOUR_WEIGHT = 0.3
NEIGHBOUR_SALIENCE = 0.3
_HAS_WORD = re.compile(r"[^\W_]")
_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9}
_SCALE_WORDS = {1e3: "thousand", 1e6: "million", 1e9: "billion"}
_SCALED_NUMBER = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?)\s?(k|m|mn|bn|b)\b", re.IGNORECASE)
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
    # The same as whole phrases, for deciding whether a passage says what was asked.
    phrases_of: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    # How specific each asked term is, for deciding whether a passage covers the question:
    # ln(1 + F/df) with F the index's largest document frequency. A word the index has never
    # seen weighs like its most specific indexed synonym ("soldiers" like "troops": the
    # briefing speaks of that concept that often), or, with none, like the rarest words.
    specificity: dict[str, float] = field(default_factory=dict)
    # How much each asked term says about the topic, 0.15–1 (index.analysis.salience).
    salience: dict[str, float] = field(default_factory=dict)
    # The word the member typed for each asked term, for finding paraphrases of it.
    words: dict[str, str] = field(default_factory=dict)
    # Terms searched only because the question follows up another (index.answering.answer):
    # they find its topic, but what the question asks is the rest.
    borrowed: frozenset[str] = frozenset()


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


_CAPITALS = re.compile(r"\b[A-Z]{2,5}\b")
# Clipped words ("aussies", "brits"): how many letters they keep, how many indexed words
# sharing them are compared, how many are kept; a word this common in English is no clipping.
CLIPPED_PREFIX = 3
CLIPPED_CANDIDATES = 200
CLIPPED_KEPT = 2
EVERYDAY_ZIPF = 4.5


def build_query(text: str, vocabulary: Vocabulary) -> Query:
    """Analyze a checked question: spell out chat abbreviations, repair typos, weigh words
    by salience, expand.

    A word of the synonym table, or a common English word, is a real word, not a typo, even
    when the index lacks it ("soldiers", "weed"): it is never "repaired" into another word.
    Each term weighs its word's salience (index.analysis.salience), so scaffolding and chat
    filler ("tell me exactly", "wat", "pls") neither rank passages nor decide coverage. A
    number quoted at lower precision ("78k", "2.7k") also searches the briefing's numbers it
    rounds to.
    """
    words = _spelled_out(analyze_words(text), vocabulary, _initials(text))
    corrections: dict[str, str] = {}
    for word, term in words:
        if term in corrections or vocabulary.contains(term) or term in known_terms():
            continue
        suggestion = _repair(word, term, vocabulary)
        if suggestion:
            corrections[term] = suggestion
    effective = [corrections.get(term, term) for _, term in words]
    salience_of: dict[str, float] = {}
    for (word, original), term in zip(words, effective, strict=True):
        # A repaired word is as salient as the word it became ("lookin" as "looking").
        said = word if original == term else term
        salience_of[term] = max(salience_of.get(term, 0.0), salience(said))
    weights: dict[str, float] = {}
    for (_, original), term in zip(words, effective, strict=True):
        typo = TYPO_WEIGHT if original != term else 1.0
        weights[term] = weights.get(term, 0.0) + typo * salience_of[term]
    # Per asked term, phrase-aware: "won back" relates both "won" and "back" to "regain".
    # As in Lucene's SynonymQuery, a synonym never counts as rarer than the word asked:
    # "Russian" (common here) must not rank a passage by "Moscow" (rare, so heavy in BM25).
    synonyms_of = related_terms(effective)
    phrases_of = related_phrases(effective)
    for term, numbers in _rounded_numbers(text, vocabulary).items():
        synonyms_of[term] = (*synonyms_of.get(term, ()), *numbers)
        phrases_of[term] = (*phrases_of.get(term, ()), *((n,) for n in numbers))
    for term, written in _written_numbers(text, vocabulary).items():
        # Searched by its number ("500"), said by the whole phrase ("500 million").
        synonyms_of[term] = (*synonyms_of.get(term, ()), written[0])
        phrases_of[term] = (*phrases_of.get(term, ()), written)
    for (word, _), term in zip(words, effective, strict=True):
        if not (vocabulary.contains(term) or synonyms_of.get(term)):
            clipped = _clipped_forms_of(word, vocabulary)
            synonyms_of[term] = clipped
            phrases_of[term] = tuple((full,) for full in clipped)
    expansions: dict[str, float] = {}
    for term, related in synonyms_of.items():
        for synonym in related:
            if synonym in weights:
                continue
            rarity = vocabulary.specificity(term) / vocabulary.specificity(synonym)
            weight = EXPANSION_WEIGHT * min(1.0, rarity) * salience_of.get(term, 1.0)
            expansions[synonym] = max(expansions.get(synonym, 0.0), weight)
    weights.update(expansions)
    # A question none of whose words the briefings use would find nothing: then every word,
    # filler too, searches its near words ("hash out the deal" finds "agreement").
    unfound = not any(vocabulary.contains(term) for term in weights)
    for term, word in dict(zip(effective, (word for word, _ in words), strict=True)).items():
        if unfound or salience_of[term] >= NEIGHBOUR_SALIENCE:
            for near in _near_terms(word, term, vocabulary):
                weights.setdefault(near, NEIGHBOUR_WEIGHT * weights[term])
    return Query(
        text=text,
        asked=tuple(effective),
        corrections=corrections,
        weights=weights,
        synonyms_of=synonyms_of,
        phrases_of=phrases_of,
        specificity={term: _specificity(term, synonyms_of, vocabulary) for term in effective},
        salience=salience_of,
        words={term: word for (word, _), term in zip(words, effective, strict=True)},
    )


def _spelled_out(
    words: list[tuple[str, str]], vocabulary: Vocabulary, initials: frozenset[str]
) -> list[tuple[str, str]]:
    """Chat abbreviations the briefings never use, spelt out ("ppl" searches "people"), and
    chat spellings of question words dropped like the words they stand for ("wat").

    A word the member wrote in capitals is initials ("the AG", "the NA"), never a chat word.
    """
    spelled: list[tuple[str, str]] = []
    for word, term in words:
        if vocabulary.contains(term) or word in initials:
            spelled.append((word, term))
        elif (expansion := spelled_out(word)) is not None:
            spelled.extend(analyze_words(expansion))
        elif not misspelt_stop_word(word):
            spelled.append((word, term))
    return spelled


def _near_terms(word: str, term: str, vocabulary: Vocabulary) -> list[str]:
    """The indexed terms of up to NEIGHBOURS common English words near `word` in meaning
    (other than its own `term`): "cops" also searches "polic", "hurt" "injur"."""
    near = [found for found in near_terms(word) if found != term and vocabulary.contains(found)]
    return near[:NEIGHBOURS]


def _initials(text: str) -> frozenset[str]:
    """The words of `text` written in capitals, two to five letters ("AG", "RFS"), lowercased."""
    return frozenset(word.lower() for word in _CAPITALS.findall(text))


def _clipped_forms_of(word: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    """The indexed words a member's clipped or slang word stands for: "aussies" for
    Australian, "brits" for British, "doc" for doctor, "rudy" for Rudolph.

    A clipping keeps the word's opening: candidates begin with its first CLIPPED_PREFIX
    letters and are longer by two or more, and word vectors must find them near in meaning
    (SIMILAR_AT). Everyday English words ("trial", "secret") are words of their own, not
    clippings. Tuning split: right first 75 → 76 abc, 80 → 81 wire, 149 → 149 Lee (one
    up, one down); top 3 +3; answerable declared not covered 1 fewer; nothing else moved.
    """
    lower = word.lower()
    if len(lower) < CLIPPED_PREFIX or not lower.isalpha() or zipf(lower) >= EVERYDAY_ZIPF:
        return ()
    longer = [
        term
        for term in vocabulary.starting_with(lower[:CLIPPED_PREFIX], CLIPPED_CANDIDATES)
        if len(term) >= len(lower) + 2
    ]
    if not longer:
        return ()
    (similar,) = similarities(longer, [[lower]])
    ranked = sorted(zip(similar, longer, strict=True), reverse=True)[:CLIPPED_KEPT]
    return tuple(term for score, term in ranked if score >= SIMILAR_AT)


def _repair(word: str, term: str, vocabulary: Vocabulary) -> str | None:
    """The indexed term a misspelt word stands for, or None for a real word or no match.

    Dropped final g's are chat spelling, not typos ("talkin", "lookin"): the word with its
    g restored is tried first.
    """
    if word.endswith("in") and is_common_word(word + "g"):
        restored = analyze(word + "g")
        if restored and vocabulary.contains(restored[0]):
            return restored[0]
    if is_common_word(word):
        return None
    return vocabulary.closest(term) or _english_repair(word, vocabulary)


def _english_repair(word: str, vocabulary: Vocabulary) -> str | None:
    """The indexed term of the common English word one edit from `word`, when the index holds
    no term near it: the index keeps "youngest" as "young", which no edit of "yougest" reaches.
    The commonest such word first; its first letter kept, as in Vocabulary.closest."""
    lower = word.lower()
    if len(lower) < 5 or not lower.isalpha() or getAllLemmas(lower):
        return None  # a word of the dictionary, if a rare one ("logger"), is no typo
    matches = process.extract(
        lower, english_words(lower[0]), scorer=OSA.distance, score_cutoff=1, limit=5
    )
    for candidate, _, _ in sorted(matches, key=lambda match: -zipf(match[0])):
        terms = analyze(candidate)
        if terms and vocabulary.contains(terms[0]):
            return terms[0]
    return None


def rounded_ranges(text: str) -> list[tuple[re.Match[str], float, float]]:
    """Numbers `text` quotes with a scale ("78k", "2.7k", "1.5m"), each with the range of
    numbers it is a rounding of: "78k" is 77,500 to 78,500."""
    ranges = []
    for match in _SCALED_NUMBER.finditer(text):
        digits, scale = match.group(1), _SCALES[match.group(2).lower()]
        step = 10 ** -len(digits.partition(".")[2]) * scale
        value = float(digits) * scale
        ranges.append((match, value - step / 2, value + step / 2))
    return ranges


def _rounded_numbers(text: str, vocabulary: Vocabulary) -> dict[str, tuple[str, ...]]:
    """Numbers the question quotes with a scale, each mapped to the briefing's numbers it is
    a rounding of: "78k" to 78,329."""
    found: dict[str, tuple[str, ...]] = {}
    for match, low, high in rounded_ranges(text):
        terms = analyze(match.group())
        matches = vocabulary.numbers_between(low, high)
        if terms and matches:
            found[terms[0]] = tuple(str(n) for n in matches)
    return found


def _written_numbers(text: str, vocabulary: Vocabulary) -> dict[str, tuple[str, ...]]:
    """Numbers the question quotes with a scale ("45m", "2.7bn"), each mapped to the phrase a
    briefing writes it as ("$45 million": 45, million), when the briefing has both words."""
    found: dict[str, tuple[str, ...]] = {}
    for match in _SCALED_NUMBER.finditer(text):
        terms = analyze(match.group())
        scale = _SCALE_WORDS[_SCALES[match.group(2).lower()]]
        written = tuple(analyze(f"{match.group(1)} {scale}"))
        if terms and all(vocabulary.contains(term) for term in written):
            found[terms[0]] = written
    return found


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
        # Candidates for typo repair by first letter, with their lengths (see closest), built
        # with the vocabulary so that the first misspelt question does not pay for it (10 ms
        # at a million passages).
        by_initial: dict[str, list[str]] = {}
        for known in terms:
            if not known[0].isdigit():
                by_initial.setdefault(known[0], []).append(known)
        self._by_initial = {
            initial: (
                np.array(words, dtype=object),
                np.array([len(word) for word in words]),
                letter_sets(words),
            )
            for initial, words in by_initial.items()
        }
        self._most_frequent: int | None = None
        self._numbers: list[int] | None = None
        self._sorted: list[str] | None = None

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

    def starting_with(self, prefix: str, limit: int) -> list[str]:
        """Up to `limit` indexed terms that begin with `prefix`, in alphabetical order."""
        if self._sorted is None:
            self._sorted = sorted(self._terms)
        at = bisect.bisect_left(self._sorted, prefix)
        found: list[str] = []
        while at < len(self._sorted) and self._sorted[at].startswith(prefix) and len(found) < limit:
            found.append(self._sorted[at])
            at += 1
        return found

    def abbreviates(self, term: str) -> bool:
        """Whether `term` (three letters or more) begins a longer indexed word: "oct" →
        "octob"."""
        return len(term) >= 3 and any(word != term for word in self.starting_with(term, 2))

    def numbers_between(self, low: float, high: float) -> list[int]:
        """The whole numbers the briefing mentions between `low` and `high`, inclusive."""
        if self._numbers is None:
            self._numbers = sorted(int(t) for t in self._terms if t.isdigit() and len(t) < 16)
        return self._numbers[
            bisect.bisect_left(self._numbers, low) : bisect.bisect_right(self._numbers, high)
        ]

    def closest(self, term: str) -> str | None:
        """The other indexed word one or two edits away (longer words allow two), most
        frequent first.

        As Lucene's DirectSpellChecker does by default: the first letter must match (typists
        rarely get it wrong, and without that rule real words become other words: "will" →
        "kill", "weather" → "rather"), and swapping two adjacent letters is one edit ("trupm").
        """
        if term[0].isdigit() or len(term) < 4 or term[0] not in self._by_initial:
            return None
        limit = 1 if len(term) < 7 else 2
        # Only the words that may be within the edits allowed are compared (in their order,
        # which breaks ties): a few dozen of thousands.
        words, lengths, sets = self._by_initial[term[0]]
        within: list[str] = words[_may_be_within(term, lengths, sets, limit)].tolist()
        matches = process.extract(
            term,
            within,
            scorer=OSA.distance,
            score_cutoff=limit,
            limit=11,
        )
        matches = [match for match in matches if match[0] != term]
        if not matches:
            return None
        return min(matches, key=lambda m: (m[1], -self._terms[m[0]], m[0]))[0]


def letter_sets(words: list[str]) -> np.ndarray:
    """The letters a-z each word holds, as the bits of a uint32 (bit 26: any other
    character)."""
    codes = np.frombuffer("".join(words).encode("utf-32-le"), dtype=np.uint32)
    columns = np.where((codes >= ord("a")) & (codes <= ord("z")), codes - ord("a"), 26)
    bits = np.left_shift(np.uint32(1), columns.astype(np.uint32))
    starts = np.cumsum([0, *(len(word) for word in words[:-1])])
    sets: np.ndarray = np.bitwise_or.reduceat(bits, starts)
    return sets


# How many bits each 16-bit number has set.
_BITS_SET = (
    np.unpackbits(np.arange(1 << 16, dtype=np.uint16).view(np.uint8))
    .reshape(-1, 16)
    .sum(axis=1, dtype=np.uint8)
)


def _bits_set(numbers: np.ndarray) -> np.ndarray:
    """How many bits each uint32 has set."""
    counted: np.ndarray = _BITS_SET[numbers & 0xFFFF] + _BITS_SET[numbers >> 16]
    return counted


def _may_be_within(term: str, lengths: np.ndarray, sets: np.ndarray, limit: int) -> np.ndarray:
    """Which words (their `lengths` and letter_sets) may be within `limit` edits of `term`.

    A word is further away when its length differs by more, or when it holds more letters
    the term lacks, or lacks more letters the term holds: each such letter takes an edit of
    its own (an insertion, deletion or substitution adds or removes one letter on each side
    at most; a swap of two letters none).
    """
    (own,) = letter_sets([term])
    near: np.ndarray = (
        (np.abs(lengths - len(term)) <= limit)
        & (_bits_set(sets & ~own) <= limit)
        & (_bits_set(own & ~sets) <= limit)
    )
    return near


def unknown_names(
    text: str, vocabulary: Vocabulary, mentions: Callable[[str], bool] | None = None
) -> list[str]:
    """Names in the question (“Israeli”, “Biden”) that the briefing never mentions.

    A question about someone the briefing never names is about something else, however well
    its other words match ("How many Israeli soldiers were killed?" is not answered by Russian
    losses). Typos of indexed names are not unknown: they are repaired first; nor are
    abbreviations of indexed words ("Oct" for October, "Gov" for governor). Unknown words
    side by side are one name ("World Cup"). `mentions` says whether the briefing asked about
    mentions a term, when it is one of several (default: whether any does).
    """
    mentioned = mentions or vocabulary.contains
    text = text.strip()
    names: list[tuple[int, int]] = []
    for match in _NAME.finditer(text):
        terms = analyze(match.group())
        if terms and not any(
            mentioned(t) or t in known_terms() or vocabulary.closest(t) or vocabulary.abbreviates(t)
            for t in terms
        ):
            if names and text[names[-1][1] : match.start()] == " ":
                names[-1] = (names[-1][0], match.end())
            else:
                names.append(match.span())
    return [text[start:end] for start, end in names]
