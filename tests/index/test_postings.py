"""The postings layout equals a plain inversion, whatever the chunking and however many terms."""

from __future__ import annotations

from unittest.mock import patch

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from index.store import postings
from index.store.postings import PostingsBuilder, _stable_order


@given(st.lists(st.integers(0, 2**31 - 1) | st.integers(0, 70_000), max_size=300))
def test_stable_order_is_a_stable_argsort(keys: list[int]) -> None:
    array = np.array(keys, dtype=np.int32)
    assert np.array_equal(_stable_order(array), np.argsort(array, kind="stable"))


# Files of passages, each passage a list of words (repeats are its term frequencies).
files = st.lists(
    st.lists(st.lists(st.sampled_from("abcdefgh"), max_size=6), min_size=1, max_size=5),
    min_size=1,
    max_size=6,
)


@settings(max_examples=60, deadline=None)
@given(files=files, chunk=st.integers(1, 20))
def test_postings_equal_a_plain_inversion(files: list[list[list[str]]], chunk: int) -> None:
    builder = PostingsBuilder()
    expected: dict[str, list[tuple[int, int]]] = {}
    number = 0
    with patch.object(postings, "_CHUNK_POSTINGS", chunk):
        for passages in files:
            builder.add_counted(*_counted(passages))
            for words in passages:
                for word in dict.fromkeys(words):
                    expected.setdefault(word, []).append((number, words.count(word)))
                number += 1
        laid_out = {
            term: list(zip(numbers.tolist(), frequencies.tolist(), strict=True))
            for term, numbers, frequencies in builder.postings()
        }
    assert laid_out == expected
    assert builder.lengths == [len(words) for passages in files for words in passages]


def _counted(
    passages: list[list[str]],
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """add_counted's arguments for one file, as the build's workers make them."""
    vocabulary = list(dict.fromkeys(word for words in passages for word in words))
    local = {word: number for number, word in enumerate(vocabulary)}
    rows = [
        (number, local[word], words.count(word))
        for number, words in enumerate(passages)
        for word in sorted(set(words), key=local.__getitem__)
    ]
    columns = np.array(rows, dtype=np.int32).reshape(-1, 3).T
    lengths = np.array([len(words) for words in passages], dtype=np.int32)
    return vocabulary, columns[0], columns[1], columns[2], lengths
