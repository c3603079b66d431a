"""`python -m tests.eval [--json] [--misses] [--set NAME ...]`: the answer-quality report.

Builds an index of each set's briefings in a temporary folder, asks every question, and prints
one line per set and split (see tests/eval/metrics.py for what each number means).
`--misses` lists what went wrong, per question, on the tuning split only.
Figures: `python -m tests.eval.figures`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from tests.eval import SETS, evaluate
from tests.eval.metrics import Outcome, scores


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.eval", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument(
        "--misses",
        action="store_true",
        help="list every miss of the tuning split (the test split is only ever scored)",
    )
    parser.add_argument(
        "--set", nargs="+", choices=sorted({s.name for s in SETS}), help="only these sets"
    )
    args = parser.parse_args(argv)
    chosen = [s for s in SETS if not args.set or s.name in args.set]
    outcomes = evaluate(chosen)
    report = {label: scores(rows) for label, rows in outcomes.items()}
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(_HEADER)
    for label, row in report.items():
        print(_line(label, row))
    if args.misses:
        tuning = {s.label for s in chosen if s.split == "tuning"}
        for label, rows in outcomes.items():
            if label in tuning:
                _print_misses(label, rows)
    return 0


_HEADER = (
    "set/split          n  oos | first  top3   MRR | not-cov  oos-conf | conf-share conf-prec"
    " | fig-n shown first | key-n right"
)


def _line(label: str, row: dict[str, float | int]) -> str:
    return (
        f"{label:<16} {row['answerable']:>3} {row['out_of_scope']:>4} | "
        f"{row['right_first']:.3f} {row['in_top_3']:.3f} {row['mrr']:.3f} | "
        f"{row['declared_not_covered']:>7} {row['out_of_scope_confident']:>9} | "
        f"{row['confident_share']:>10.3f} {row['confident_precision']:>9.3f} | "
        f"{row['figure_questions']:>5} {row['figure_shown']:.3f} {row['figure_first']:.3f} | "
        f"{row['key_sentences']:>5} {row['key_sentence_right']:.3f}"
    )


def _print_misses(label: str, rows: list[Outcome]) -> None:
    misses = [o for o in rows if not o.handled or (o.answerable and o.status != "answered")]
    if not misses:
        return
    print(f"\n== {label}: {len(misses)} to look at")
    for o in misses:
        where = f"rank {o.rank}" if o.rank else "not found"
        scope = "" if o.answerable else "out of scope, "
        print(f"  {o.id:<16} {o.status:<11} {scope}{where}: {o.question!r}")


if __name__ == "__main__":
    sys.exit(main())
