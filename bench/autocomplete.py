"""`make bench`, autocomplete: /figure suggestions per keystroke at 20,000 figures.

The completer (index.answering.completion) is built once per opened index; each keystroke is
then a binary search over the sorted words. Measured beside two references on the same
figures in the same run: a naive scan that checks every figure's (pre-split) words for the
typed prefixes, and best_figures, what /figure's autocomplete called before.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

from index.answering.completion import figure_completer, words_of
from index.answering.figure_search import best_figures
from index.figures.record import Figure

FIGURES = 20_000
TARGET_MS = 50.0
TYPED = ["terr", "27", "kil", "troops kil", "soldiers died", "t", "2", "aid pl", "ukr terr 20"]
_MEASURES = [
    ("troops killed", "casualties", "troops"),
    ("territory seized", "territory", "km²"),
    ("territory regained", "territory", "km²"),
    ("troops deployed", "troops", "troops"),
    ("aid pledged", "aid", "$"),
    ("civilians displaced", "displacement", "people"),
    ("power plants damaged", "energy", "plants"),
    ("grain exported", "trade", "tonnes"),
]
_SUBJECTS = ["Russian", "Ukrainian", "US", "EU", "Sudanese", "Indian", "German", "UN"]
_SOURCES = ["ISW", "BBC Russia", "Reuters", "the UN", "the ministry", "Kyiv Independent"]


def synthetic_figures(count: int, seed: int = 11) -> list[Figure]:
    """Figures shaped like Library.figures()'s, with varied labels, numbers and years."""
    rng = random.Random(seed)
    figures = []
    for number in range(count):
        measure, topic, unit = rng.choice(_MEASURES)
        subject, source = rng.choice(_SUBJECTS), rng.choice(_SOURCES)
        value = rng.choice([rng.randint(1, 999), rng.randint(1_000, 999_999)])
        year = rng.randint(2014, 2025)
        rendered = f"≈{value:,} {unit} {subject} {measure} in {year}, per {source}"
        figures.append(
            Figure(
                id=f"doc-{number // 50}#{number}",
                document=f"doc-{number // 50}",
                passage=f"doc-{number // 50}#{number % 50}",
                paragraph=number % 50,
                sentence=rendered,
                start=0,
                end=len(rendered),
                surface=f"{value:,}",
                value=float(value),
                unit=unit,
                kind="count",
                qualifier="exact",
                lead="",
                measure=measure,
                topic=topic,
                subject=subject,
                period=None,
                source=source,
                rendered=rendered,
            )
        )
    return figures


def report(count: int = FIGURES, keystrokes: int = 300) -> str:
    """Build, then time every prefix of sampled queries, one keystroke at a time."""
    figures = synthetic_figures(count)
    started = time.perf_counter()
    completer = figure_completer(figures)
    build_ms = (time.perf_counter() - started) * 1000
    rng = random.Random(5)
    words = sorted({w for f in figures[:500] for w in words_of(f.rendered)})
    queries = TYPED + [" ".join(rng.sample(words, 2)) for _ in range(40)]
    typed = [q[:n] for q in queries for n in range(1, len(q) + 1)][:keystrokes]
    completion = _times(lambda text: completer.complete(text), typed)
    split = [set(words_of(f"{f.rendered} {f.measure}")) for f in figures]
    naive = _times(lambda text: _naive(split, text), typed[:: max(1, len(typed) // 40)])
    before = _times(lambda text: best_figures(figures, text, 25), TYPED[:3])
    verdict = "within" if max(completion) <= TARGET_MS else "OVER"
    return (
        f"[autocomplete, {count:,} figures] built in {build_ms:.0f} ms; per keystroke "
        f"({len(typed)} keystrokes) median {statistics.median(completion):.2f} ms, "
        f"max {max(completion):.2f} ms ({verdict} the {TARGET_MS:.0f} ms target) · naive scan "
        f"median {statistics.median(naive):.1f} ms · best_figures (before) median "
        f"{statistics.median(before):.0f} ms"
    )


def _naive(split: list[set[str]], text: str) -> list[int]:
    """Every figure checked word by word; whole-word matches first, as the completer ranks."""
    tokens = words_of(text)
    scored = []
    for number, words in enumerate(split):
        if all(any(w.startswith(t) for w in words) for t in tokens):
            scored.append((-sum(t in words for t in tokens), number))
    return [number for _, number in sorted(scored)[:25]]


def _times(run: Callable[[str], object], typed: list[str]) -> list[float]:
    times = []
    for text in typed:
        started = time.perf_counter()
        run(text)
        times.append((time.perf_counter() - started) * 1000)
    return times


if __name__ == "__main__":
    print(report())
