"""Words, and sentences, that mean nearly the same, for paraphrases no synonym table lists.

Members ask about "cops", "pokies" and "ads" in articles that say "police", "poker machines"
and "advertisements". WordLlama's static token embeddings (the `wordllama` package, MIT; its
weights and tokenizer ship inside the wheel, trained from large language models' token
tables) give each word a vector; two words whose cosine similarity reaches SIMILAR_AT are
taken as paraphrases. Loaded once, from the package folder, never from the network.

The same model embeds whole sentences (the mean of their tokens' rows): how near in meaning a
question is to a passage's closest sentence, whatever words either uses ("who took credit
for the bombings" and "Hamas claimed responsibility for the attacks").

SIMILAR_AT was set on word pairs alone, before any evaluation question was asked: over 16
paraphrase pairs (cops/police .53, raise/increase .73, hurt/injured .61, ads/advertisements
.70) and 10 unrelated pairs sharing a topic (population/people .42, designed/built .37,
book/trip .23), 0.45 keeps 10 of the 16 and none of the 10.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from index.analysis.analyzer import analyze
from index.analysis.salience import is_common_word

SIMILAR_AT = 0.45


@lru_cache(maxsize=1)
def _model() -> Any:
    """The WordLlama model, loaded on first use from the package's own folder.

    Importing wordllama calls logging.basicConfig, which would take the process's logging
    over before discord.py sets it up: with a handler on the root logger for the duration of
    the import, that call does nothing. Pointing its cache at the package folder (downloads
    disabled) loads the tokenizer and weights as shipped.
    """
    root = logging.getLogger()
    placeholder = logging.NullHandler()
    root.addHandler(placeholder)
    try:
        import wordllama
    finally:
        root.removeHandler(placeholder)
    return wordllama.WordLlama.load(
        cache_dir=Path(wordllama.__file__).parent, disable_download=True
    )


# The model's tokenizer pads every text of a batch to the longest; embedding reads each text's
# own tokens, so padding is switched off while it encodes (a second, unpadded copy of the
# tokenizer would cost some 40 MB).
_ENCODING = threading.Lock()


def _token_ids(texts: list[str]) -> list[list[int]]:
    """Each text's token ids, unpadded ([0] for a text with none); the `fast` batch skips
    the character offsets nothing here reads (2,000 new words: 11 ms instead of 18)."""
    tokenizer = _model().tokenizer
    with _ENCODING:
        padding = tokenizer.padding
        tokenizer.no_padding()
        try:
            encoded = tokenizer.encode_batch_fast(texts, add_special_tokens=False)
        finally:
            if padding:
                tokenizer.enable_padding(**padding)
    return [text.ids or [0] for text in encoded]


def _embed(texts: Sequence[str], *, unit: bool = True) -> np.ndarray:
    """Each text's unit vector: the mean of its tokens' rows of the embedding table, as
    `WordLlama.embed` computes it, without padding every text to the longest (a passage's
    sentences differ in length tenfold). With `unit` False, the sum of its rows instead:
    sums add up, so a passage's vector is its sentences' sum (same direction as the mean)."""
    ids = _token_ids(list(texts))
    lengths = np.fromiter(map(len, ids), dtype=np.intp, count=len(ids))
    rows: np.ndarray = _model().embedding[
        np.fromiter(itertools.chain.from_iterable(ids), dtype=np.intp)
    ]
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    sums: np.ndarray = np.add.reduceat(rows, starts, axis=0)
    return _unit(sums) if unit else sums


def _unit(vectors: np.ndarray) -> np.ndarray:
    """Each row scaled to length 1. The lengths are summed as np.linalg.norm(axis=1) sums
    them, bit for bit, without its checks of every other case: an answer calls this some 25
    times, and the checks cost more than the sums."""
    lengths = np.sqrt(np.add.reduce(vectors * vectors, axis=1, keepdims=True))
    unit: np.ndarray = vectors / np.maximum(lengths, 1e-12)
    return unit


class _Embeddings:
    """Unit vectors of texts, words or sentences, remembered up to `limit` (a bounded cache:
    words and passages recur across questions).

    The texts not yet known are embedded in one batch. The vectors are rows of one table, so
    that the hundreds an answer asks for (its candidates' words) are gathered by one index:
    stacking them one array at a time took a seventh of answer()'s time.
    """

    def __init__(self, limit: int, *, unit: bool = True, groups: int = 16_384) -> None:
        self._rows: dict[str, int] = {}
        # The rows of groups of texts by their key (see grouped), while the rows stand.
        self._groups: dict[str, np.ndarray] = {}
        self._restarts = 0  # how many times the rows started again (see _embed_missing)
        self._table = np.empty((0, 0), dtype=np.float32)
        self._limit = limit
        self._group_limit = groups
        self._unit = unit
        self._lock = threading.Lock()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            rows = self._rows_of(texts)  # first: embedding may grow the table
            table: np.ndarray = self._table[rows]
            return table

    def grouped(
        self, texts: Sequence[str], groups: Sequence[tuple[str, Sequence[str]]]
    ) -> np.ndarray:
        """The vectors of `texts`, then of each group's texts: what calling with all of them
        gives. A group is a key and the texts it stands for (a passage, and its words); its
        rows are remembered by the key, up to `groups` of them (16,384 by default: as many
        passages as index.answering.evidence keeps the words of; half a KB each).

        An answer asks for its candidates' words, some 500: looking each up cost more than
        all the arithmetic on their vectors (the words' entries have left the CPU's caches
        since the last question), where a passage's rows are one lookup.
        """
        with self._lock:
            restarts = self._restarts
            rows = [self._rows_of(texts)]
            rows += [self._group_rows(key, members) for key, members in groups]
            if self._restarts != restarts:  # the table started again: earlier rows are stale
                every = [*texts, *(text for _, members in groups for text in members)]
                rows = [self._rows_of(every)]
            table: np.ndarray = self._table[np.concatenate(rows)]
            return table

    def _group_rows(self, key: str, texts: Sequence[str]) -> np.ndarray:
        """The rows of a group's texts, remembered by its key (the lock held)."""
        rows = self._groups.get(key)
        if rows is None:
            rows = self._rows_of(texts)
            if len(self._groups) >= self._group_limit:
                self._groups.clear()  # full: start again
            self._groups[key] = rows
        return rows

    def _rows_of(self, texts: Sequence[str]) -> np.ndarray:
        """The texts' rows, embedding those without one (the lock held)."""
        rows = list(map(self._rows.get, texts))
        if None in rows:
            rows = self._embed_missing(texts, rows)
        return np.array(rows, dtype=np.intp)

    def _embed_missing(self, texts: Sequence[str], rows: list[int | None]) -> list[int | None]:
        """Embed the texts without a row (None in `rows`), in one batch; the texts' rows."""
        missing = list(
            dict.fromkeys(text for text, row in zip(texts, rows, strict=True) if row is None)
        )
        if len(self._rows) + len(missing) > self._limit:
            self._rows.clear()  # full: start again, with every text of this call
            self._groups.clear()
            self._restarts += 1
            missing = list(dict.fromkeys(texts))
        self._add(missing, _embed(missing, unit=self._unit))
        return list(map(self._rows.get, texts))

    def _add(self, texts: list[str], vectors: np.ndarray) -> None:
        """Append the rows of new texts; a full table doubles (up to the limit), so that
        appending stays cheap however the cache fills."""
        start = len(self._rows)
        end = start + len(texts)
        if end > len(self._table):
            size = max(end, min(2 * len(self._table), self._limit))
            grown = np.empty((size, vectors.shape[1]), dtype=vectors.dtype)
            if start:  # the first table takes its width from the first vectors
                grown[:start] = self._table[:start]
            self._table = grown
        self._table[start:end] = vectors
        self._rows.update(zip(texts, range(start, end), strict=True))


_word_vectors = _Embeddings(limit=200_000)
# Sentence vectors take 1 KB each: 20,000 hold a briefing of some 5,000 passages. They are
# kept as sums of token rows, so that a passage's sentences add up to the passage.
_sentence_sums = _Embeddings(limit=20_000, unit=False)


def similarities(
    words: Sequence[str], texts: Sequence[Sequence[str]], keys: Sequence[str] | None = None
) -> list[list[float]]:
    """For each text (a sequence of words), each of `words`' highest cosine similarity to a
    word of it (0 for an empty text); every vector is computed in one batch. With `keys` (a
    string for each text that stands for its words, such as the passage they are the words
    of), each text's words are looked up by its key (see _Embeddings.grouped)."""
    if keys is None:
        vectors = _word_vectors([*words, *(word for text in texts for word in text)])
    else:
        vectors = _word_vectors.grouped(words, list(zip(keys, texts, strict=True)))
    asked, rest = vectors[: len(words)], vectors[len(words) :]
    result = []
    for text in texts:
        block, rest = rest[: len(text)], rest[len(text) :]
        result.append(
            [float(v) for v in (block @ asked.T).max(axis=0)] if len(text) else [0.0] * len(words)
        )
    return result


class Nearness(NamedTuple):
    """How near in meaning a question is to a passage: to its nearest sentence, and to the
    whole passage (every sentence's words pooled)."""

    sentence: float
    whole: float


def sentence_similarities(question: str, passages: Sequence[Sequence[str]]) -> list[Nearness]:
    """For each passage (its sentences), the cosine similarity of `question` to its nearest
    sentence in meaning and to all of it; 0 for a passage without sentences."""
    return [nearness for nearness, _ in passage_similarities(question, passages)]


def passage_similarities(
    question: str, passages: Sequence[Sequence[str]]
) -> list[tuple[Nearness, tuple[float, ...]]]:
    """As sentence_similarities, each passage's with the cosine similarity of `question` to
    each of its sentences: what each_sentence_similarity gives for them, bit for bit (the
    same product), so the key sentence of a passage shown needs no second embedding.

    Every vector is scaled to unit length in one batch, not a passage at a time: a row
    scales the same either way, and the calls cost more than the arithmetic.
    """
    sums = _sentence_sums(
        [question, *(sentence for sentences in passages for sentence in sentences)]
    )
    ends = list(itertools.accumulate((len(sentences) for sentences in passages), initial=1))
    spans = list(itertools.pairwise(ends))
    wholes = [sums[start:end].sum(axis=0, keepdims=True) for start, end in spans if start < end]
    units = _unit(np.concatenate([sums, *wholes]))
    asked, whole_units = units[0], iter(units[len(sums) :])
    result: list[tuple[Nearness, tuple[float, ...]]] = []
    for start, end in spans:
        if start == end:
            result.append((Nearness(0.0, 0.0), ()))
            continue
        each = units[start:end] @ asked
        nearness = Nearness(float(each.max()), float(next(whole_units) @ asked))
        result.append((nearness, tuple(each.tolist())))
    return result


def each_sentence_similarity(question: str, sentences: Sequence[str]) -> list[float]:
    """The cosine similarity of `question` to each of `sentences`, in one batch."""
    units = _unit(_sentence_sums([question, *sentences]))
    return [float(x) for x in units[1:] @ units[0]]


# Words near in meaning to a question word, for searching passages that word would miss
# ("cops": police, "hurt": injured). Candidates are the model's own whole-word tokens (some
# 10,000 words and word starts: no briefing's vocabulary needs embedding), compared on the
# first NEAR_DIMS dimensions of WordLlama's vectors (trained so that a prefix of them stands
# for the whole): a word is near at NEAR_AT. Measured in index.search.query (NEIGHBOUR_WEIGHT).
NEAR_DIMS = 64
NEAR_AT = 0.5
_NEAR_LIMIT = 12


@lru_cache(maxsize=1)
def _whole_words() -> tuple[list[str], np.ndarray]:
    """The model's whole-word tokens (lowercase letters, three or more) and their unit vectors
    on the first NEAR_DIMS dimensions."""
    model = _model()
    found = [
        (token[1:], row)
        for token, row in model.tokenizer.get_vocab().items()
        if token.startswith("▁") and len(token) > 3 and token[1:].isalpha() and token[1:].islower()
    ]
    words = [word for word, _ in found]
    vectors = model.embedding[[row for _, row in found]][:, :NEAR_DIMS].astype(np.float32)
    return words, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@lru_cache(maxsize=16_384)
def near_words(word: str) -> tuple[str, ...]:
    """Whole words near `word` in meaning (cosine on NEAR_DIMS dimensions at least NEAR_AT),
    nearest first, at most a dozen; never `word` itself. A number has none: the words near it
    are other numbers ("593": 50, 30), never another way of writing it."""
    if any(character.isdigit() for character in word):
        return ()
    words, vectors = _whole_words()
    vector = _word_vectors([word])[0][:NEAR_DIMS]
    similar = vectors @ (vector / max(float(np.linalg.norm(vector)), 1e-12))
    top = np.argpartition(-similar, _NEAR_LIMIT)[: _NEAR_LIMIT + 1]
    nearest = top[np.argsort(-similar[top])]
    return tuple(words[i] for i in nearest if similar[i] >= NEAR_AT and words[i] != word)[
        :_NEAR_LIMIT
    ]


@lru_cache(maxsize=16_384)
def near_terms(word: str) -> tuple[str, ...]:
    """The index terms of the common English words near `word` (near_words), nearest first,
    each once: what a question word can also search for."""
    terms: list[str] = []
    for near in near_words(word):
        analyzed = analyze(near) if is_common_word(near) else []
        if analyzed and analyzed[0] not in terms:
            terms.append(analyzed[0])
    return tuple(terms)
