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
from typing import Any

import numpy as np

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
    """Each text's token ids, unpadded ([0] for a text with none)."""
    tokenizer = _model().tokenizer
    with _ENCODING:
        padding = tokenizer.padding
        tokenizer.no_padding()
        try:
            encoded = tokenizer.encode_batch(texts, add_special_tokens=False)
        finally:
            if padding:
                tokenizer.enable_padding(**padding)
    return [text.ids or [0] for text in encoded]


def _embed(texts: Sequence[str]) -> np.ndarray:
    """Each text's unit vector: the mean of its tokens' rows of the embedding table, as
    `WordLlama.embed` computes it, without padding every text to the longest (a passage's
    sentences differ in length tenfold)."""
    ids = _token_ids(list(texts))
    lengths = np.fromiter(map(len, ids), dtype=np.intp, count=len(ids))
    rows: np.ndarray = _model().embedding[
        np.fromiter(itertools.chain.from_iterable(ids), dtype=np.intp)
    ]
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    vectors: np.ndarray = np.add.reduceat(rows, starts, axis=0) / lengths[:, None]
    unit: np.ndarray = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return unit


class _Embeddings:
    """Unit vectors of texts, words or sentences, remembered up to `limit` (a bounded cache:
    words and passages recur across questions).

    The texts not yet known are embedded in one batch.
    """

    def __init__(self, limit: int) -> None:
        self._known: dict[str, np.ndarray] = {}
        self._limit = limit
        self._lock = threading.Lock()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            unique = list(dict.fromkeys(texts))
            missing = [text for text in unique if text not in self._known]
            if len(self._known) + len(missing) > self._limit:
                self._known.clear()  # full: start again, with every text of this call
                missing = unique
            if missing:
                self._known.update(zip(missing, _embed(missing), strict=True))
            return np.stack([self._known[text] for text in texts])


_word_vectors = _Embeddings(limit=200_000)
# Sentence vectors take 1 KB each: 20,000 hold a briefing of some 5,000 passages.
_sentence_vectors = _Embeddings(limit=20_000)


def similarities(words: Sequence[str], texts: Sequence[Sequence[str]]) -> list[list[float]]:
    """For each text (a sequence of words), each of `words`' highest cosine similarity to a
    word of it (0 for an empty text); every vector is computed in one batch."""
    vectors = _word_vectors([*words, *(word for text in texts for word in text)])
    asked, rest = vectors[: len(words)], vectors[len(words) :]
    result = []
    for text in texts:
        block, rest = rest[: len(text)], rest[len(text) :]
        result.append(
            [float(v) for v in (block @ asked.T).max(axis=0)] if len(text) else [0.0] * len(words)
        )
    return result


def sentence_similarities(question: str, passages: Sequence[Sequence[str]]) -> list[float]:
    """For each passage (its sentences), the cosine similarity of `question` to its nearest
    sentence in meaning; 0 for a passage without sentences."""
    vectors = _sentence_vectors(
        [question, *(sentence for sentences in passages for sentence in sentences)]
    )
    similar = vectors[1:] @ vectors[0]
    result = []
    for sentences in passages:
        block, similar = similar[: len(sentences)], similar[len(sentences) :]
        result.append(float(block.max()) if len(block) else 0.0)
    return result
