"""Autocomplete for figures and briefings: what a member has typed so far, completed.

Every typed word matches the start of a label word or number ("terr" → territory, "27" →
2,700, "kil" → killed), a whole word (ranked first), or a synonym ("soldiers" → troops). The
words are laid out once per opened index, sorted, with each word's entries in one flat array,
so the entries of every word with a given prefix are one contiguous slice: a keystroke costs a
binary search and a few numpy operations, not a scan of the figures.
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from index.analysis.analyzer import analyze
from index.analysis.synonyms import expand
from index.answering.answer import display_date
from index.figures.record import Figure
from index.store.library import Library, StoredDocument
from index.text.normalize import normalize

CHOICES_LIMIT = 25
WHOLE_WORD, PARTIAL = 2, 1
# Numbers as written ("2,700", "1.5") and words; digit-group commas are dropped ("2700").
_WORD = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_]+")


@dataclass(frozen=True)
class Choice:
    """One suggestion: what the member sees (the face fits it to its limits), and the value."""

    name: str
    value: str


def words_of(text: str) -> list[str]:
    """The words and numbers of `text` as completion keys: folded, accents and commas gone."""
    words = _WORD.findall(normalize(text).casefold())
    return [_plain(word).replace(",", "").rstrip(".") for word in words]


def _plain(word: str) -> str:
    """The word without accents ("café" → "cafe", "km²" → "km2")."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Completer:
    """Choices looked up by the prefixes of their words; built once, asked on every keystroke."""

    def __init__(self, entries: Sequence[tuple[Choice, Iterable[str]]]) -> None:
        self.choices = [choice for choice, _ in entries]
        postings: dict[str, set[int]] = {}
        for number, (_, words) in enumerate(entries):
            for word in words:
                postings.setdefault(word, set()).add(number)
        self._words = sorted(postings)
        sizes = [len(postings[word]) for word in self._words]
        self._starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        self._entries = np.fromiter(
            (n for word in self._words for n in sorted(postings[word])),
            dtype=np.int64,
            count=int(self._starts[-1]),
        )

    def complete(self, typed: str, limit: int = CHOICES_LIMIT) -> list[Choice]:
        """Choices matching every typed word, whole-word matches first, then in their order."""
        tokens = words_of(typed)
        if not tokens:
            return self.choices[:limit]
        score = np.zeros(len(self.choices), dtype=np.int64)
        matched_all = np.ones(len(self.choices), dtype=bool)
        for token in dict.fromkeys(tokens):
            strength = self._strength(token)
            matched_all &= strength > 0
            score += strength
        candidates = np.flatnonzero(matched_all)
        order = np.lexsort((candidates, -score[candidates]))[:limit]
        return [self.choices[candidates[i]] for i in order]

    def _strength(self, token: str) -> np.ndarray:
        """Per choice: WHOLE_WORD, PARTIAL (a word starts with the token, or a synonym), or 0."""
        strength = np.zeros(len(self.choices), dtype=np.int64)
        first = bisect.bisect_left(self._words, token)
        end = bisect.bisect_left(self._words, token + "\U0010ffff", lo=first)
        strength[self._entries[self._starts[first] : self._starts[end]]] = PARTIAL
        stems = analyze(token)
        for word in expand(stems):
            strength[self._of(word)] = PARTIAL
        for word in {token, *stems}:
            strength[self._of(word)] = WHOLE_WORD
        return strength

    def _of(self, word: str) -> np.ndarray:
        """The choices that have exactly this word."""
        at = bisect.bisect_left(self._words, word)
        if at == len(self._words) or self._words[at] != word:
            return self._entries[:0]
        return self._entries[self._starts[at] : self._starts[at + 1]]


def figure_choices(library: Library, typed: str, limit: int = CHOICES_LIMIT) -> list[Choice]:
    """/figure's suggestions: figures by their label's words and numbers."""
    return _cached(_figure_completers, library, _figure_completer).complete(typed, limit)


def briefing_choices(library: Library, typed: str, limit: int = CHOICES_LIMIT) -> list[Choice]:
    """The indexed briefings (documents), newest first, by the words of their title and date."""
    return _cached(_briefing_completers, library, _briefing_completer).complete(typed, limit)


def prepare(library: Library) -> None:
    """Build the completers of `library` now (at start, after a re-index), not on a keystroke."""
    figure_choices(library, "")
    briefing_choices(library, "")


def find_briefing(library: Library, typed: str) -> str | None:
    """The slug of the briefing `typed` names: a slug as suggested, or the best completion."""
    if typed in library.documents:
        return typed
    best = briefing_choices(library, typed, 1)
    return best[0].value if best else None


def figure_completer(figures: Iterable[Figure]) -> Completer:
    """A completer over figures as Library.figures() gives them (label, numbers, synonyms)."""
    stems = functools.lru_cache(maxsize=4096)(lambda label: frozenset(analyze(label)))
    return Completer([(_figure_choice(f), _figure_words(f, stems)) for f in figures])


def _figure_completer(library: Library) -> Completer:
    return figure_completer(library.figures())


def _figure_choice(figure: Figure) -> Choice:
    return Choice(figure.rendered, figure.id)


def _figure_words(figure: Figure, stems: Callable[[str], frozenset[str]]) -> set[str]:
    """The rendered line's words and numbers, and the index terms of its label (for synonyms).

    Labels repeat across figures (“troops killed”), so their terms are analyzed once each.
    """
    label = " ".join((figure.label, figure.topic, figure.subject or "", figure.unit))
    words = set(words_of(f"{figure.rendered} {label}")) | stems(label)
    value = figure.value
    words.add(str(int(value)) if float(value).is_integer() else str(value))
    return words


def _briefing_completer(library: Library) -> Completer:
    newest_first = sorted(library.documents.values(), key=lambda d: d.date or "", reverse=True)
    return Completer([(_briefing_choice(d), _briefing_words(d)) for d in newest_first])


def _briefing_choice(document: StoredDocument) -> Choice:
    return Choice(f"{display_date(document.date)} · {document.title}", document.slug)


def _briefing_words(document: StoredDocument) -> set[str]:
    text = f"{document.title} {document.date or ''} {display_date(document.date)}"
    return set(words_of(text)) | set(analyze(document.title)) | set(document.slug.split("-"))


_figure_completers: weakref.WeakKeyDictionary[Library, Completer] = weakref.WeakKeyDictionary()
_briefing_completers: weakref.WeakKeyDictionary[Library, Completer] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _cached(
    cache: weakref.WeakKeyDictionary[Library, Completer],
    library: Library,
    build: Callable[[Library], Completer],
) -> Completer:
    """One completer per opened index, built on first use and dropped with the index."""
    with _lock:
        completer = cache.get(library)
        if completer is None:
            completer = cache[library] = build(library)
        return completer
