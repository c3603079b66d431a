"""`make bench`: build, query and compare against rank-bm25 and SQLite FTS5 on synthetic corpora.

    python -m bench [--sizes 10000 100000 1000000] [--queries 200] [--clean]

Corpora, indexes and FTS5 files go to bench-data/ (git-ignored, reused between runs); the
results are printed and written to docs/benchmarks.md (docs/benchmarks.json keeps the raw
numbers, so a run of some sizes updates their tables and keeps the others).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import time
from collections import Counter
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import numpy as np

from bench import autocomplete, runners
from bench.corpus import (
    MAX_WORDS,
    MIN_WORDS,
    VOCABULARY,
    Corpus,
    question_text,
    questions,
    typo_question,
)
from index.analysis.analyzer import analyze
from index.answering.answer import answer
from index.store.library import Library

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench-data"
DOCS = ROOT / "docs"
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
RANK_BM25_QUERIES_AT_1M = 20


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=list(DEFAULT_SIZES))
    parser.add_argument("--queries", type=int, default=200, help="questions per size")
    parser.add_argument(
        "--clean", action="store_true", help="delete bench-data/ afterwards (corpora, indexes)"
    )
    args = parser.parse_args()
    machine = describe_machine()
    print(_machine_line(machine), flush=True)
    results = _load_results()
    for size in args.sizes:
        results[str(size)] = {"machine": machine, **bench_size(size, args.queries)}
        _save_results(results)
        print(format_size(int(size), results[str(size)]), flush=True)
    write_markdown(results)
    print(f"written: {(DOCS / 'benchmarks.md').relative_to(ROOT)}")
    print(autocomplete.report(), flush=True)
    if args.clean:
        shutil.rmtree(DATA, ignore_errors=True)


def bench_size(size: int, count: int) -> dict:
    folder = DATA / str(size)
    corpus = Corpus(size, folder)
    started = time.perf_counter()
    corpus.ensure()
    _log(size, f"corpus ready in {time.perf_counter() - started:.1f} s")
    db = folder / "briefbot.sqlite"
    db.unlink(missing_ok=True)
    ours = runners.run("build", str(corpus.seeds), str(db))
    _log(size, f"our build {ours['seconds']:.1f} s, {ours['db_mb']:.0f} MB")

    words = corpus.words
    asked = questions(count)
    texts = [question_text(ids, words) for ids in asked]
    token_lists = [analyze(text) for text in texts]
    known = set(words)
    typos = [typo_question(ids, words, known, n) for n, ids in enumerate(asked)]

    library = Library(db)
    latencies, tops = [], []
    for tokens in token_lists:
        weights = Counter(tokens)
        started = time.perf_counter()
        hits = library.search(weights, runners.TOP_K)
        latencies.append(time.perf_counter() - started)
        tops.append(hits)
    ours["latency"] = runners.percentiles(latencies)
    ours["answer"] = _answer_latency(library, texts)
    ours["answer_typo"] = _answer_latency(library, typos)
    library.close()
    library = Library(db)
    started = time.perf_counter()
    answer(library, typos[0])
    ours["answer_first_ms"] = (time.perf_counter() - started) * 1000
    library.close()
    _log(size, f"ours p50 {ours['latency']['p50']:.2f} ms, p99 {ours['latency']['p99']:.2f} ms")

    rank_count = min(count, RANK_BM25_QUERIES_AT_1M if size >= 1_000_000 else count)
    questions_file = folder / "questions.json"
    questions_file.write_text(json.dumps(token_lists[:rank_count]))
    rank = runners.run("rank", str(folder), str(questions_file))
    rank["agrees"] = _same_top(tops[:rank_count], rank.pop("results"))
    _log(size, f"rank-bm25 p50 {rank['latency']['p50']:.1f} ms (agrees: {rank['agrees']})")

    questions_file.write_text(json.dumps(token_lists))
    fts = runners.run("fts5", str(folder), str(folder / "fts5.sqlite"), str(questions_file))
    (folder / "fts5.sqlite").unlink(missing_ok=True)
    _log(size, f"FTS5 p50 {fts['latency']['p50']:.1f} ms")
    db.unlink(missing_ok=True)
    return {
        "size": size,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "documents": ours["documents"],
        "terms": ours["terms"],
        "ours": ours,
        "rank_bm25": rank,
        "fts5": fts,
        "tokens": int(np.load(folder / "lengths.npy").sum()),
    }


def _answer_latency(library: Library, texts: list[str]) -> dict:
    seconds = []
    for text in texts:
        started = time.perf_counter()
        answer(library, text)
        seconds.append(time.perf_counter() - started)
    return runners.percentiles(seconds)


def _same_top(ours: list[list[tuple[int, float]]], theirs: list[list[list]]) -> bool:
    """Our top-10 scores equal rank-bm25's to 1e-9 (ids may differ only within exact ties)."""
    for mine, reference in zip(ours, theirs, strict=True):
        a = np.array([score for _, score in mine])
        b = np.array(sorted((score for _, score in reference), reverse=True))
        # Fewer than 10 passages hold a question term: rank-bm25 fills its 10 with zeros.
        if not np.allclose(a, b[: a.size], rtol=0, atol=1e-9) or np.any(b[a.size :] != 0):
            return False
    return True


def _log(size: int, message: str) -> None:
    print(f"[{size:,} passages] {message}", flush=True)


def describe_machine() -> dict:
    cpu = "unknown"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = 0
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal"):
                ram = int(line.split()[1]) / 2**20
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(ram, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "numpy": np.__version__,
        "rank_bm25": metadata.version("rank-bm25"),
        "os": platform.platform(terse=True),
    }


def _machine_line(m: dict) -> str:
    return (
        f"{m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, {m['os']}; Python {m['python']}, "
        f"SQLite {m['sqlite']}, numpy {m['numpy']}, rank-bm25 {m['rank_bm25']}"
    )


def _load_results() -> dict:
    path = DOCS / "benchmarks.json"
    return json.loads(path.read_text()) if path.exists() else {}


def _save_results(results: dict) -> None:
    DOCS.mkdir(exist_ok=True)
    ordered = dict(sorted(results.items(), key=lambda item: int(item[0])))
    (DOCS / "benchmarks.json").write_text(json.dumps(ordered, indent=1) + "\n")


def format_size(size: int, r: dict) -> str:
    ours, rank, fts = r["ours"], r["rank_bm25"], r["fts5"]

    def row(name: str, lat: dict, build: str, db: str, peak: str) -> str:
        return (
            f"| {name} | {lat['p50']:.2f} | {lat['p95']:.2f} | {lat['p99']:.2f} | {lat['n']} "
            f"| {build} | {db} | {peak} |"
        )

    workers = ours.get("workers", 2) if ours["peak_children_mb"] else 0
    our_peak = ours["peak_mb"] + workers * ours["peak_children_mb"]
    speedup_rank = rank["latency"]["p50"] / ours["latency"]["p50"]
    speedup_fts = fts["latency"]["p50"] / ours["latency"]["p50"]
    lines = [
        f"### {size:,} passages",
        "",
        f"{r['documents']:,} files, {r['tokens']:,} words, {r['terms']:,} distinct terms; "
        f"measured {r['date']}.",
        "",
        "| engine | p50 ms | p95 ms | p99 ms | queries | build s | DB MB | peak MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        row(
            "briefbot `Library.search` (top 10)",
            ours["latency"],
            f"{ours['seconds']:.1f}",
            f"{ours['db_mb']:.0f}",
            f"{our_peak:.0f}",
        ),
        row("briefbot `answer()` (k=3)", ours["answer"], "", "", ""),
        row("briefbot `answer()`, one word misspelt", ours["answer_typo"], "", "", ""),
        row(
            "rank-bm25 `BM25Okapi` (in memory)",
            rank["latency"],
            f"{rank['seconds']:.1f}",
            "—",
            f"{rank['peak_mb']:.0f}",
        ),
        row(
            "SQLite FTS5, terms OR-ed, `bm25()` top 10",
            fts["latency"],
            f"{fts['seconds']:.1f}",
            f"{fts['db_mb']:.0f}",
            f"{fts['peak_mb']:.0f}",
        ),
        "",
        f"p50 speed-up: {speedup_rank:,.0f}× rank-bm25, {speedup_fts:,.1f}× FTS5. "
        f"Top-10 scores equal rank-bm25's to 1e-9: {'yes' if rank['agrees'] else 'NO'}. "
        f"Our peak memory is the build process ({ours['peak_mb']:.0f} MB) plus {workers} "
        f"analysis workers at the largest one's peak ({ours['peak_children_mb']:.0f} MB). "
        "First `answer()` on a freshly "
        f"opened index (loads the typo vocabulary): {ours['answer_first_ms']:.0f} ms.",
        "",
    ]
    return "\n".join(lines)


def write_markdown(results: dict) -> None:
    machines = {_machine_line(r["machine"]) for r in results.values()}
    sizes = sorted(results, key=int)
    rank_note = (
        f"rank-bm25 answers {RANK_BM25_QUERIES_AT_1M} of the questions at 1,000,000 passages "
        "(it needs over a second each) and all of them at smaller sizes."
    )
    text = "\n".join(
        [
            "# Benchmarks",
            "",
            'Generated by `make bench` (`python -m bench`; `SIZES="10000 100000" make bench` '
            "selects sizes). Do not edit by hand.",
            "",
            "Machine: " + "; ".join(sorted(machines)) + ".",
            "",
            "## Method",
            "",
            f"- Corpus: deterministic synthetic passages (fixed seed), {MIN_WORDS}–{MAX_WORDS} "
            f"words each, drawn from a Zipf distribution (exponent 1) over {VOCABULARY:,} "
            "made-up words, written as seed files of 1,000 passages under a title and a date "
            "(`bench/corpus.py`).",
            "- Build: `index.build_index`, the code behind `briefbot index`, in its own "
            "process; peak memory is its `ru_maxrss` plus that of its largest child.",
            "- Questions: 2–5 words drawn from the same Zipf distribution, so most questions "
            "contain at least one word found in a large share of all passages (the hard case "
            "for an inverted index). The same analyzed tokens go to all three engines.",
            "- Latency: wall time per question, one at a time, in the process that holds the "
            "index, after the build (the file in the OS cache). `Library.search` is the top-10 "
            "search alone; `answer()` is the full path of `briefbot ask` (typo repair, synonyms, "
            "search, passages, coverage, highlighting); the misspelt variant changes one letter "
            "of the question's longest word.",
            f"- {rank_note} Its scores are checked against ours (top 10, to 1e-9).",
            "- FTS5: a file database of the same tokens, `optimize`d; question terms OR-ed, "
            "`ORDER BY bm25(t) LIMIT 10`.",
            "",
            "## Results",
            "",
            *(format_size(int(size), results[size]) for size in sizes),
        ]
    )
    (DOCS / "benchmarks.md").write_text(text)


if __name__ == "__main__":
    main()
