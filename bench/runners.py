"""The measured contestants, each run in its own process so its peak memory is its own.

    python -m bench.runners build  SEEDS DB               our index through index.build_index
    python -m bench.runners search DB QUESTIONS           our search and answer() on that index
    python -m bench.runners rank   FOLDER QUESTIONS       rank-bm25 in memory (BM25Okapi)
    python -m bench.runners fts5   FOLDER DB QUESTIONS    SQLite FTS5, terms OR-ed, bm25() top 10
    python -m bench.runners bm25s  FOLDER QUESTIONS BACKEND   bm25s (numpy or numba backend)

Each prints one JSON object. QUESTIONS is a JSON file holding {"tokens": [token lists],
"texts": [questions], "typos": [questions with a word misspelt]}. Every search runner answers
each question twice: the first pass right after opening (cold: caches empty, code not yet
compiled), then again (warm); both are reported, with the warm pass's top 10.
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from index.search.bm25 import Bm25Parameters

TOP_K = 10
# The peers rank with the parameters our index is built with (index.store.build).
PARAMETERS = Bm25Parameters()


def peak_mb() -> dict[str, float]:
    """Peak resident memory of this process and of its largest child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_mb": round(own, 1), "peak_children_mb": round(children, 1)}


def percentiles(seconds: list[float]) -> dict[str, float]:
    ms = np.asarray(seconds) * 1000
    return {
        "n": len(ms),
        "p50": float(np.percentile(ms, 50)),
        "p95": float(np.percentile(ms, 95)),
        "p99": float(np.percentile(ms, 99)),
        "mean": float(ms.mean()),
    }


def run(*args: str) -> dict:
    """Run `python -m bench.runners ARGS` and return its JSON result."""
    completed = subprocess.run(
        [sys.executable, "-m", "bench.runners", *args],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def build(seeds: Path, db: Path) -> dict:
    from index.store.build import _MAX_WORKERS, build_index

    started = time.perf_counter()
    report = build_index(seeds, db)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "documents": report.documents,
        "passages": report.passages,
        "terms": report.terms,
        "db_mb": db.stat().st_size / 2**20,
        "workers": min(_MAX_WORKERS, os.cpu_count() or 1),
        **peak_mb(),
    }


def search(db: Path, questions: dict) -> dict:
    from collections import Counter

    from index.answering.answer import answer
    from index.store.library import Library

    started = time.perf_counter()
    library = Library(db)
    open_ms = (time.perf_counter() - started) * 1000
    weights = [Counter(tokens) for tokens in questions["tokens"]]
    passes = _top_10s(_passes(lambda query: library.search(query, TOP_K), weights))
    answers = {}
    for name, key in (("answer", "texts"), ("answer_typo", "typos")):
        # Like the search: the first pass pays what is loaded on first use (the paraphrase
        # model, the typo index), reported apart from the second.
        answered = _passes(lambda text: answer(library, text), questions[key])
        answers[name], answers[f"{name}_cold"] = answered["latency"], answered["cold"]
    hot_mb = library.searcher.hot_bytes / 2**20
    library.close()
    library = Library(db)
    started = time.perf_counter()
    answer(library, questions["typos"][0])
    answer_first_ms = (time.perf_counter() - started) * 1000
    library.close()
    return {
        "open_ms": open_ms,
        "hot_mb": hot_mb,
        **passes,
        **answers,
        "answer_first_ms": answer_first_ms,
        **peak_mb(),
    }


def bm25s_peer(folder: Path, questions: dict, backend: str) -> dict:
    import bm25s

    from bench.corpus import Corpus

    tokens = Corpus(0, folder).tokens()
    started = time.perf_counter()
    retriever = bm25s.BM25(k1=PARAMETERS.k1, b=PARAMETERS.b, backend=backend)
    retriever.index(tokens, show_progress=False)
    build_seconds = time.perf_counter() - started
    del tokens
    known = retriever.vocab_dict

    def top(query: list[str]) -> list[list]:
        query = [term for term in query if term in known]  # bm25s refuses unknown terms
        if not query:
            return []
        numbers, scores = retriever.retrieve(
            [query], k=TOP_K, show_progress=False, n_threads=1, backend_selection=backend
        )
        return [[int(n), float(s)] for n, s in zip(numbers[0], scores[0], strict=True)]

    return {
        "seconds": build_seconds,
        "version": bm25s.__version__,
        **_top_10s(_passes(top, questions["tokens"])),
        **peak_mb(),
    }


def _timed(function: Callable[[Any], Any], inputs: list) -> tuple[list[float], list]:
    seconds, outputs = [], []
    for item in inputs:
        started = time.perf_counter()
        outputs.append(function(item))
        seconds.append(time.perf_counter() - started)
    return seconds, outputs


def _passes(function: Callable[[Any], Any], queries: list) -> dict:
    """Latency of a cold pass and a warm pass over the queries, and the warm pass's outputs."""
    cold, _ = _timed(function, queries)
    warm, outputs = _timed(function, queries)
    return {"cold": percentiles(cold), "latency": percentiles(warm), "results": outputs}


def _top_10s(passes: dict) -> dict:
    """The passes with their outputs as JSON: [[passage, score], …] per question."""
    results = [[[int(n), float(score)] for n, score in hits] for hits in passes["results"]]
    return {**passes, "results": results}


def rank(folder: Path, questions: list[list[str]]) -> dict:
    """rank-bm25 scores every passage for every question: one pass is enough."""
    from rank_bm25 import BM25Okapi

    from bench.corpus import Corpus

    tokens = Corpus(0, folder).tokens()
    started = time.perf_counter()
    bm25 = BM25Okapi(tokens, k1=PARAMETERS.k1, b=PARAMETERS.b, epsilon=PARAMETERS.epsilon)
    build_seconds = time.perf_counter() - started
    del tokens
    latencies, results = [], []
    for query in questions:
        started = time.perf_counter()
        scores = bm25.get_scores(query)
        top = np.argpartition(-scores, TOP_K)[:TOP_K]
        top = top[np.argsort(-scores[top], kind="stable")]
        latencies.append(time.perf_counter() - started)
        results.append([[int(i), float(scores[i])] for i in top])
    return {
        "seconds": build_seconds,
        "latency": percentiles(latencies),
        "results": results,
        **peak_mb(),
    }


def fts5(folder: Path, db: Path, questions: list[list[str]]) -> dict:
    from bench.corpus import Corpus

    db.unlink(missing_ok=True)
    tokens = Corpus(0, folder).tokens()
    started = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body)")
    with conn:
        conn.executemany(
            "INSERT INTO t(rowid, body) VALUES (?, ?)",
            ((number, " ".join(words)) for number, words in enumerate(tokens)),
        )
        conn.execute("INSERT INTO t(t) VALUES ('optimize')")
    build_seconds = time.perf_counter() - started
    del tokens
    conn.close()
    conn = sqlite3.connect(db)
    latencies, results = [], []
    for query in questions:
        match = " OR ".join(f'"{term}"' for term in dict.fromkeys(query))
        started = time.perf_counter()
        rows = conn.execute(
            "SELECT rowid, -bm25(t) FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT ?",
            (match, TOP_K),
        ).fetchall()
        latencies.append(time.perf_counter() - started)
        results.append([[number, score] for number, score in rows])
    conn.close()
    return {
        "seconds": build_seconds,
        "db_mb": db.stat().st_size / 2**20,
        "latency": percentiles(latencies),
        "results": results,
        **peak_mb(),
    }


def main(argv: list[str]) -> None:
    command, *args = argv
    if command == "build":
        result = build(Path(args[0]), Path(args[1]))
    elif command == "search":
        result = search(Path(args[0]), json.loads(Path(args[1]).read_text()))
    elif command == "rank":
        result = rank(Path(args[0]), json.loads(Path(args[1]).read_text())["tokens"])
    elif command == "fts5":
        questions = json.loads(Path(args[2]).read_text())["tokens"]
        result = fts5(Path(args[0]), Path(args[1]), questions)
    elif command == "bm25s":
        result = bm25s_peer(Path(args[0]), json.loads(Path(args[1]).read_text()), args[2])
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
