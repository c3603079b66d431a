"""Words that mean nearly the same, for paraphrases no synonym table lists.

Members ask about "cops", "pokies" and "ads" in articles that say "police", "poker machines"
and "advertisements". WordLlama's static token embeddings (the `wordllama` package, MIT; its
weights and tokenizer ship inside the wheel, trained from large language models' token
tables) give each word a vector; two words whose cosine similarity reaches SIMILAR_AT are
taken as paraphrases. Loaded once, from the package folder, never from the network.

SIMILAR_AT was set on word pairs alone, before any evaluation question was asked: over 16
paraphrase pairs (cops/police .53, raise/increase .73, hurt/injured .61, ads/advertisements
.70) and 10 unrelated pairs sharing a topic (population/people .42, designed/built .37,
book/trip .23), 0.45 keeps 10 of the 16 and none of the 10.
"""

from __future__ import annotations

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


class _Vectors:
    """Word vectors, remembered (a bounded cache: words repeat across questions).

    A word's vector is the mean of its tokens' rows of the embedding table, unit length: what
    `WordLlama.embed` computes for one word, without its batching and padding overhead.
    """

    def __init__(self, limit: int = 200_000) -> None:
        self._known: dict[str, np.ndarray] = {}
        self._limit = limit
        self._lock = threading.Lock()

    def __call__(self, words: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = [word for word in dict.fromkeys(words) if word not in self._known]
            if len(self._known) + len(missing) > self._limit:
                self._known.clear()
            if missing:
                model = _model()
                for word in missing:
                    ids = model.tokenizer.encode(word, add_special_tokens=False).ids
                    vector = model.embedding[ids].mean(axis=0)
                    self._known[word] = vector / (np.linalg.norm(vector) or 1.0)
            return np.stack([self._known[word] for word in words])


_vectors = _Vectors()


def similarities(words: Sequence[str], texts: Sequence[Sequence[str]]) -> list[list[float]]:
    """For each text (a sequence of words), each of `words`' highest cosine similarity to a
    word of it (0 for an empty text); every vector is computed in one batch."""
    vectors = _vectors([*words, *(word for text in texts for word in text)])
    asked, rest = vectors[: len(words)], vectors[len(words) :]
    result = []
    for text in texts:
        block, rest = rest[: len(text)], rest[len(text) :]
        result.append(
            [float(v) for v in (block @ asked.T).max(axis=0)] if len(text) else [0.0] * len(words)
        )
    return result
