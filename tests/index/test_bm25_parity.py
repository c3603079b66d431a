"""Our BM25 from stored postings equals rank-bm25 and ranks like SQLite FTS5, on the same tokens."""

from __future__ import annotations

import contextlib
import math
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from unittest.mock import patch

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rank_bm25 import BM25Okapi

from index.analysis.analyzer import analyze
from index.search import bm25, searcher
from index.search.bm25 import Bm25Parameters
from index.store.build import build_index
from index.store.library import Library

WORDS = [
    "amber", "birch", "cobalt", "delta", "ember", "fjord", "garnet", "harbor", "indigo", "jasper",
    "kelp", "lagoon", "maple", "nectar", "onyx", "prairie", "quartz", "raven", "saffron", "tundra",
]  # fmt: skip
# Words in a few passages only: the rare terms that let MaxScore skip the common ones.
RARE = ["vellum", "wombat", "xylem", "yarrow", "zircon"]
passage_words = st.builds(
    lambda common, rare: common + rare,
    st.lists(st.sampled_from(WORDS), min_size=13, max_size=40),
    st.lists(st.sampled_from(RARE), max_size=2),
)
corpora = st.lists(passage_words, min_size=2, max_size=40)
questions = st.lists(st.sampled_from([*WORDS, *RARE, "absent"]), min_size=1, max_size=6)


# Which terms are scored densely (as the frequent terms of a big corpus are): none, those in
# half the passages or more, or all of them.
DENSITIES = {"none": None, "half": 2, "all": 10**9}


@contextlib.contextmanager
def scoring(density: str) -> Iterator[None]:
    """Terms dense as `density` says, in blocks of 4 passages and chunks of 8, terms in a
    quarter of the passages scattered chunk by chunk (rarer ones looked up, by laying them
    over a buffer from 2 candidates), screened candidates scored exactly only near the k-th
    from 3, all postings simply added up only below 12: a few dozen passages then take the
    paths of a million."""
    share = DENSITIES[density]
    with (
        patch.object(bm25, "DENSE_SHARE", share or bm25.DENSE_SHARE),
        patch.object(bm25, "DENSE_MIN_POSTINGS", bm25.DENSE_MIN_POSTINGS if share is None else 0),
        patch.object(searcher, "BLOCK", 4),
        patch.object(searcher, "CHUNK", 8),
        patch.object(searcher, "_WIDE_SHARE", 4),
        patch.object(searcher, "_FEW_POSTINGS", 12),
        patch.object(searcher, "_LAY_OVER_MIN", 2),
        patch.object(searcher, "_FINISH_ALL", 2),
    ):
        yield


def build(passages: list[list[str]], folder: Path, params: Bm25Parameters) -> Library:
    """Index the passages through the real build (seed file → reader → analyzer → SQLite)."""
    seeds = folder / "seeds"
    seeds.mkdir()
    body = "\n\n".join(" ".join(words) + "." for words in passages)
    (seeds / "random.txt").write_text(f"Random corpus\n\n{body}\n", encoding="utf-8")
    db = folder / "index.sqlite"
    build_index(seeds, db, params=params)
    return Library(db)


def stored_tokens(library: Library) -> list[list[str]]:
    """The tokens of every stored passage, as the analyzer produced them for the index."""
    passages = library.passages(list(range(library.size)))
    return [analyze(passage.text) for passage in passages]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    corpus=corpora,
    question=questions,
    k1=st.sampled_from([1.2, 1.5, 2.0]),
    density=st.sampled_from(list(DENSITIES)),
)
def test_scores_equal_rank_bm25(
    corpus: list[list[str]], question: list[str], k1: float, density: str
) -> None:
    with tempfile.TemporaryDirectory() as folder, scoring(density):
        library = build(corpus, Path(folder), Bm25Parameters(k1=k1, b=0.75, epsilon=0.25))
        tokens = stored_tokens(library)
        query = [term for word in question for term in analyze(word)]
        expected = BM25Okapi(tokens, k1=k1, b=0.75, epsilon=0.25).get_scores(query)
        ours = library.searcher.scores(Counter(query))
        library.close()
    np.testing.assert_allclose(ours, expected, rtol=0, atol=1e-9)


# Passages 9 and 10 score the same sum in another order (tf 1+4+2 and 2+1+4 of terms with
# equal idf): equal to the last bit or not, they tie and go in passage order.
TIED_SUMS = [
    {"amber": 13}, {"amber": 13}, {"amber": 13}, {"amber": 12, "delta": 1},
    {"amber": 18, "cobalt": 1, "delta": 1}, {"amber": 27, "birch": 1},
    {"amber": 26, "birch": 1, "cobalt": 1, "delta": 2},
    {"amber": 33, "birch": 1, "cobalt": 1, "delta": 1}, {"amber": 37, "birch": 1, "cobalt": 1},
    {"amber": 33, "birch": 1, "cobalt": 4, "delta": 2},
    {"amber": 33, "birch": 2, "cobalt": 1, "delta": 4},
]  # fmt: skip


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    corpus=corpora,
    question=questions,
    density=st.sampled_from(list(DENSITIES)),
    k=st.sampled_from([1, 2, 5, None]),
    scope=st.none() | st.tuples(st.integers(0, 20), st.integers(1, 20)),
)
@example(
    corpus=[[word for word, n in counts.items() for _ in range(n)] for counts in TIED_SUMS],
    question=["birch", "cobalt", "delta"],
    density="none",
    k=None,
    scope=None,
)
@example(  # the same ties, screened in float32 first
    corpus=[[word for word, n in counts.items() for _ in range(n)] for counts in TIED_SUMS],
    question=["amber", "birch", "cobalt", "delta"],
    density="all",
    k=10,
    scope=None,
)
def test_ranking_equals_sqlite_fts5(
    corpus: list[list[str]],
    question: list[str],
    density: str,
    k: int | None,
    scope: tuple[int, int] | None,
) -> None:
    """Every path (MaxScore, full scoring with block maxima, one term) ranks as FTS5 does:
    the top k (k None: every passage with a question term) are FTS5's first k; scoped to
    passages [first, first + count), FTS5's first k of those."""
    terms = list(dict.fromkeys(term for word in question for term in analyze(word)))
    within = None if scope is None else (scope[0], scope[0] + scope[1])
    with tempfile.TemporaryDirectory() as folder, scoring(density):
        library = build(corpus, Path(folder), Bm25Parameters(k1=1.2, b=0.75, idf_floor=1e-6))
        fts = fts5_ranking(stored_tokens(library), terms)
        if within is not None:
            fts = [(number, score) for number, score in fts if within[0] <= number < within[1]]
        fts = fts[:k]
        ours = library.searcher.search(dict.fromkeys(terms, 1.0), k or library.size, within)
        library.close()
    assert [number for number, _ in ours] == [number for number, _ in fts]
    np.testing.assert_allclose([s for _, s in ours], [s for _, s in fts], rtol=0, atol=1e-9)


def fts5_ranking(tokens: list[list[str]], terms: list[str]) -> list[tuple[int, float]]:
    """FTS5's own BM25 (k1=1.2, b=0.75) over the same tokens, terms OR-ed; ties by rowid."""
    with contextlib.closing(sqlite3.connect(":memory:")) as conn:
        conn.execute("CREATE VIRTUAL TABLE p USING fts5(body)")
        conn.executemany(
            "INSERT INTO p(rowid, body) VALUES (?, ?)",
            [(number, " ".join(words)) for number, words in enumerate(tokens)],
        )
        match = " OR ".join(f'"{term}"' for term in terms)
        rows = conn.execute(
            "SELECT rowid, -bm25(p) AS score FROM p WHERE p MATCH ? ORDER BY score DESC, rowid",
            (match,),
        ).fetchall()
    return _ties_by_number(rows)


def _ties_by_number(rows: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """Scores equal to 12 significant digits are ties, ordered by passage number.

    Equal sums taken in another order differ in the last bit, in FTS5 as in numpy.
    """
    if not rows:
        return rows
    digits = 11 - math.floor(math.log10(max(abs(score) for _, score in rows)))
    return sorted(rows, key=lambda row: (-round(row[1], digits), row[0]))
