"""`python -m tests.eval [--json] [--questions FILE ...]`: the retrieval-quality report.

Builds the index of seeds/ in a temporary folder, asks every question of questions.jsonl and
holdout.jsonl (each reported on its own), and of fixtures.jsonl against the three fixture
briefings of tests/fixtures/briefings, and prints top-1, recall@3, MRR, "not covered"
precision and recall, a per-kind breakdown and the failures; then figure precision/recall if
the figure extractor and its gold file exist.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from tests.eval import (
    FIXTURE_QUESTIONS,
    FIXTURE_SEEDS,
    HOLDOUT,
    QUESTIONS,
    RANKS,
    SEEDS,
    figure_evaluation,
    load_questions,
    run,
    seed_library,
)
from tests.eval.metrics import Outcome, by_kind, correct, scores


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.eval", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument(
        "--questions",
        type=Path,
        nargs="+",
        default=[QUESTIONS, HOLDOUT],
        help="question files about --seeds (default: questions.jsonl holdout.jsonl, and "
        "fixtures.jsonl about the fixture briefings)",
    )
    parser.add_argument("--seeds", type=Path, default=SEEDS, help="articles folder")
    args = parser.parse_args(argv)

    report: dict[str, object] = {}
    failures: dict[str, list[Outcome]] = {}
    sets = [(path, args.seeds) for path in args.questions]
    if args.questions == parser.get_default("questions"):
        sets.append((FIXTURE_QUESTIONS, FIXTURE_SEEDS))
    for seeds in dict.fromkeys(seeds for _, seeds in sets):
        with seed_library(seeds) as library:
            for path in (path for path, of in sets if of == seeds):
                outcomes = run(library, load_questions(path))
                report[path.stem] = {**scores(outcomes), "by_kind": by_kind(outcomes)}
                failures[path.stem] = [o for o in outcomes if not correct(o)]
    figures = figure_evaluation(args.seeds)
    report["figures"] = figures

    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    for name, result in report.items():
        if name != "figures":
            _print_set(name, result, failures[name])  # type: ignore[arg-type]
    if figures is None:
        print("figures: skipped (needs tests/eval/gold_figures.json)")
    else:
        print(
            f"figures: precision {figures['precision']:.3f}  recall {figures['recall']:.3f}  "
            f"({figures['matched']} matched of {figures['gold']} gold, "
            f"{figures['extracted']} extracted)"
        )
    return 0


def _print_set(name: str, result: dict, failures: list[Outcome]) -> None:
    print(
        f"== {name}: {result['questions']} questions "
        f"({result['answerable']} answerable, {result['out_of_scope']} out of scope)"
    )
    print(
        f"top-1 {result['top1']:.3f}  recall@{RANKS} {result['recall_at_3']:.3f}  "
        f"MRR {result['mrr']:.3f}  not-covered precision {result['not_covered_precision']:.3f}  "
        f"recall {result['not_covered_recall']:.3f}"
    )
    for kind, row in result["by_kind"].items():
        print(f"  {kind:<13} {row['correct']:.3f}  (n={row['n']})")
    if failures:
        print(f"failures ({len(failures)}):")
    for outcome in failures:
        expected = ", ".join(_short(p) for p in outcome.expected) or "not covered"
        got = ", ".join(_short(p) for p in outcome.got) or "not covered"
        print(f"  [{outcome.kind}] {outcome.question!r}: expected {expected}; got {got}")
    print()


def _short(passage_id: str) -> str:
    """`slug#5` → `slug#5` shortened to its first word: enough to tell documents apart."""
    slug, _, paragraph = passage_id.partition("#")
    return f"{slug.split('-')[0]}#{paragraph}" if paragraph else passage_id


if __name__ == "__main__":
    sys.exit(main())
