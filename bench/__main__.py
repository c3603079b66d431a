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
from collections.abc import Sequence
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
from index.store.library import Library

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench-data"
DOCS = ROOT / "docs"
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
RANK_BM25_QUERIES_AT_1M = 20
BM25S_BACKENDS = ("numba", "numpy")


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
    known = set(words)
    token_lists = [analyze(question_text(ids, words)) for ids in asked]
    questions_file = folder / "questions.json"
    _write_questions(
        questions_file,
        token_lists,
        texts=[question_text(ids, words) for ids in asked],
        typos=[typo_question(ids, words, known, n) for n, ids in enumerate(asked)],
    )
    ours["search"] = runners.run("search", str(db), str(questions_file))
    search = ours["search"]
    _log(
        size,
        f"ours p50 {search['latency']['p50']:.2f} ms, p99 {search['latency']['p99']:.2f} ms "
        f"(cold p99 {search['cold']['p99']:.2f} ms)",
    )
    peers = {}
    for backend in BM25S_BACKENDS:
        peers[f"bm25s_{backend}"] = runners.run("bm25s", str(folder), str(questions_file), backend)
        _log(size, f"bm25s {backend} p50 {peers[f'bm25s_{backend}']['latency']['p50']:.2f} ms")

    rank_count = min(count, RANK_BM25_QUERIES_AT_1M if size >= 1_000_000 else count)
    rank_file = folder / "questions-rank.json"
    _write_questions(rank_file, token_lists[:rank_count])
    rank = runners.run("rank", str(folder), str(rank_file))
    rank["agrees"] = _same_top(search["results"][:rank_count], rank.pop("results"))
    _log(size, f"rank-bm25 p50 {rank['latency']['p50']:.1f} ms (agrees: {rank['agrees']})")

    fts_db = folder / "fts5.sqlite"
    peers["fts5"] = runners.run("fts5", str(folder), str(fts_db), str(questions_file))
    fts_db.unlink(missing_ok=True)
    _log(size, f"FTS5 p50 {peers['fts5']['latency']['p50']:.1f} ms")

    systems = {"ours": search, **peers}
    for name, overlap in _overlaps(db, token_lists, systems).items():
        systems[name]["overlap"] = overlap
        del systems[name]["results"]
    db.unlink(missing_ok=True)
    return {
        "size": size,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "load": _load_average(),
        "documents": ours["documents"],
        "terms": ours["terms"],
        "ours": ours,
        "rank_bm25": rank,
        **peers,
        "tokens": int(np.load(folder / "lengths.npy").sum()),
    }


def _write_questions(
    path: Path, tokens: list[list[str]], texts: Sequence[str] = (), typos: Sequence[str] = ()
) -> None:
    """The runners' input: analyzed tokens, and the question texts for answer()."""
    path.write_text(json.dumps({"tokens": tokens, "texts": list(texts), "typos": list(typos)}))


def _overlaps(db: Path, token_lists: list[list[str]], systems: dict[str, dict]) -> dict:
    """Each system's mean tie-aware top-10 overlap with exact BM25 (rank-bm25's scores).

    A returned passage counts when its exact score reaches the exact 10th best (so any of
    several passages tied there counts); the share is of min(10, passages with a term).
    """
    library = Library(db)
    shares: dict[str, list[float]] = {name: [] for name in systems}
    for number, tokens in enumerate(token_lists):
        exact = library.searcher.scores(Counter(tokens))
        matching = int(np.count_nonzero(exact > 0))
        wanted = min(runners.TOP_K, matching)
        if wanted == 0:
            continue
        tenth = np.partition(exact, exact.size - wanted)[exact.size - wanted]
        floor = tenth - abs(tenth) * 1e-9
        for name, system in systems.items():
            returned = [passage for passage, _ in system["results"][number][:wanted]]
            hits = sum(1 for passage in returned if exact[passage] > 0 and exact[passage] >= floor)
            shares[name].append(hits / wanted)
    library.close()
    return {name: float(np.mean(values)) if values else 1.0 for name, values in shares.items()}


def _load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def _same_top(ours: list[list[list]], theirs: list[list[list]]) -> bool:
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
    """The sizes measured before, except those measured without today's set of engines."""
    path = DOCS / "benchmarks.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    return {size: r for size, r in results.items() if "bm25s_numba" in r}


def _save_results(results: dict) -> None:
    DOCS.mkdir(exist_ok=True)
    ordered = dict(sorted(results.items(), key=lambda item: int(item[0])))
    (DOCS / "benchmarks.json").write_text(json.dumps(ordered, indent=1) + "\n")


def format_size(size: int, r: dict) -> str:
    ours, search, rank = r["ours"], r["ours"]["search"], r["rank_bm25"]

    def row(name: str, lat: dict, cold: dict | None, build: str, db: str, peak: str, overlap: str):
        cold_p50, cold_p99 = (f"{cold['p50']:.2f}", f"{cold['p99']:.2f}") if cold else ("—", "—")
        return (
            f"| {name} | {lat['p50']:.2f} | {lat['p95']:.2f} | {lat['p99']:.2f} | {cold_p50} "
            f"| {cold_p99} "
            f"| {lat['n']} | {build} | {db} | {peak} | {overlap} |"
        )

    def peer(name: str, result: dict, db: str = "—") -> str:
        return row(
            name,
            result["latency"],
            result.get("cold"),
            f"{result['seconds']:.1f}",
            db,
            f"{result['peak_mb']:.0f}",
            f"{result['overlap']:.3f}",
        )

    blank = ("", "", "", "")
    workers = ours.get("workers", 2) if ours["peak_children_mb"] else 0
    build_peak = ours["peak_mb"] + workers * ours["peak_children_mb"]
    numba = r["bm25s_numba"]["latency"]
    lines = [
        f"### {size:,} passages",
        "",
        f"{r['documents']:,} files, {r['tokens']:,} words, {r['terms']:,} distinct terms; "
        f"measured {r['date']}, load average {' / '.join(map(str, r['load']))} at the end.",
        "",
        "| engine | p50 ms | p95 ms | p99 ms | cold p50 ms | cold p99 ms | queries | build s "
        "| DB MB | peak MB | top-10 overlap |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        row(
            "briefbot `Library.search` (top 10)",
            search["latency"],
            search["cold"],
            f"{ours['seconds']:.1f}",
            f"{ours['db_mb']:.0f}",
            f"{search['peak_mb']:.0f}",
            f"{search['overlap']:.3f}",
        ),
        row("briefbot `answer()` (k=3)", search["answer"], search.get("answer_cold"), *blank),
        row(
            "briefbot `answer()`, one word misspelt",
            search["answer_typo"],
            search.get("answer_typo_cold"),
            *blank,
        ),
        peer(f"bm25s {r['bm25s_numba']['version']}, numba backend", r["bm25s_numba"]),
        peer(f"bm25s {r['bm25s_numpy']['version']}, numpy backend", r["bm25s_numpy"]),
        row(
            "rank-bm25 `BM25Okapi` (in memory)",
            rank["latency"],
            None,
            f"{rank['seconds']:.1f}",
            "—",
            f"{rank['peak_mb']:.0f}",
            "exact" if rank["agrees"] else "DIFFERS",
        ),
        peer("SQLite FTS5, terms OR-ed, `bm25()` top 10", r["fts5"], f"{r['fts5']['db_mb']:.0f}"),
        "",
        f"p50 against bm25s with numba: {numba['p50'] / search['latency']['p50']:.2f}×; p99: "
        f"{numba['p99'] / search['latency']['p99']:.2f}× (above 1: briefbot is faster). "
        f"Top-10 scores equal rank-bm25's to 1e-9: {'yes' if rank['agrees'] else 'NO'}. "
        f"Opening the index takes {search['open_ms']:.0f} ms and decodes the most common "
        f"terms into {search['hot_mb']:.0f} MB. The build's peak memory is its own process "
        f"({ours['peak_mb']:.0f} MB) plus {workers} analysis workers at the largest one's peak "
        f"({ours['peak_children_mb']:.0f} MB): {build_peak:.0f} MB; the search process peaks "
        f"at {search['peak_mb']:.0f} MB. First `answer()` on a freshly opened index (loads "
        f"the typo vocabulary): {search['answer_first_ms']:.0f} ms.",
        "",
    ]
    return "\n".join(lines)


def write_markdown(results: dict) -> None:
    machines = {_machine_line(r["machine"]) for r in results.values()}
    sizes = sorted(results, key=int)
    params = runners.PARAMETERS
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
            "- Every system runs in its own process (`bench/runners.py`), one after the other; "
            "peak MB is that process's `ru_maxrss`.",
            "- Questions: 2–5 words drawn from the same Zipf distribution, so most questions "
            "contain at least one word found in a large share of all passages (the hard case "
            "for an inverted index). The same analyzed tokens go to every engine.",
            "- Latency: wall time per question, one at a time, in the process that holds the "
            "index (the file in the OS cache). Each engine answers all the questions twice "
            "after opening its index: **cold p50/p99** are the first pass (empty caches, code "
            "not yet compiled: bm25s's numba backend compiles on its first question), "
            "p50/p95/p99 the second, when the words and sentences of the passages a question "
            "finds are cached; a bot serving varied questions over a large index sees "
            "something between the two. `Library.search` is the top-10 search alone; "
            "`answer()` is the full path of `briefbot ask` (typo repair, synonyms, search, "
            "passages, coverage, highlighting), measured the same way (its first pass also "
            "loads the paraphrase model and the typo index on first use); the misspelt "
            "variant changes one letter of the question's longest word.",
            "- Top-10 overlap: the share of each engine's top 10 whose exact BM25 score "
            f"(rank-bm25's `BM25Okapi`, k1={params.k1}, b={params.b}, ours) reaches the exact "
            "10th best, so that any of several passages tied there counts. bm25s "
            f"(k1={params.k1}, b={params.b}, its default Lucene idf, float32) and FTS5 "
            "(k1=1.2, b=0.75, its own idf) rank by other formulas.",
            f"- {rank_note} Its scores are checked against ours (top 10, to 1e-9).",
            "- FTS5: a file database of the same tokens, `optimize`d; question terms OR-ed, "
            "`ORDER BY bm25(t) LIMIT 10`; it answers each question once.",
            "",
            "## Results",
            "",
            *(format_size(int(size), results[size]) for size in sizes),
        ]
    )
    (DOCS / "benchmarks.md").write_text(text)


if __name__ == "__main__":
    main()
