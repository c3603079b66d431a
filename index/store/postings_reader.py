"""Reading stored postings for the searcher: the rows of the `terms` table as TermPostings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from index.search.bm25 import TermPostings

# Runs one SQL statement on the open index and returns its rows.
Query = Callable[[str, Sequence[object]], list[tuple[Any, ...]]]
_COLUMNS = "term, df, idf, passages, impacts, top, frequencies"
# Stored frequencies are the narrowest unsigned integers that hold them: 1, 2 or 4 bytes.
_FREQUENCY_TYPES = {1: np.uint8, 2: np.uint16, 4: np.uint32}


def read_postings(query: Query, terms: list[str]) -> list[TermPostings]:
    """The postings of those of `terms` that the index holds."""
    if not terms:
        return []
    placeholders = ",".join("?" * len(terms))
    rows = query(f"SELECT {_COLUMNS} FROM terms WHERE term IN ({placeholders})", terms)
    return [_postings(*row) for row in rows]


def read_most_common(query: Query, smallest_df: int, count: int) -> list[TermPostings]:
    """The postings of the `count` most common terms found in `smallest_df` passages or more."""
    if count <= 0:
        return []
    rows = query(
        f"SELECT {_COLUMNS} FROM terms WHERE df >= ? ORDER BY df DESC, term LIMIT ?",
        [smallest_df, count],
    )
    return [_postings(*row) for row in rows]


def _postings(
    term: str,
    df: int,
    idf: float,
    passages: bytes,
    impacts: bytes,
    top: bytes,
    frequencies: bytes | None,
) -> TermPostings:
    return TermPostings(
        term,
        df,
        idf,
        np.frombuffer(passages, dtype=np.int32),
        np.frombuffer(impacts, dtype=np.float64),
        np.frombuffer(top, dtype=np.float64),
        None
        if frequencies is None
        else np.frombuffer(frequencies, dtype=_FREQUENCY_TYPES[len(frequencies) // df]),
    )
