"""Retrieval-quality evaluation of Briefbot on the seed briefing; `make eval` runs it.

Questions live in JSON Lines files beside this module, one object a line:

    {"question": "...", "answer_passages": ["<passage id>", ...], "answer_figure": "..." | null,
     "kind": "direct|paraphrase|abbreviation|units|casing|emoji|typo|ambiguous|out_of_scope"}

Any of `answer_passages` at rank 1 counts as correct; out-of-scope questions have none and are
correct when the bot says "not covered". The gold was written by reading the article, not by
running the bot. `questions.jsonl` is the tuning set (tests/test_eval.py asserts its floors);
`holdout.jsonl` is never tuned on and shows whether tuning overfitted.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.answering.answer import answer
from index.articles import read_seeds
from index.figures.extract import extract_figures
from index.store.build import build_index
from index.store.library import Library
from tests.eval.metrics import Outcome, figure_scores

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
SEEDS = PROJECT / "seeds"
QUESTIONS = HERE / "questions.jsonl"
HOLDOUT = HERE / "holdout.jsonl"
# Questions about the three fixture briefings (economy, aid, long paragraphs), indexed together.
FIXTURE_QUESTIONS = HERE / "fixtures.jsonl"
FIXTURE_SEEDS = PROJECT / "tests" / "fixtures" / "briefings"
GOLD_FIGURES = HERE / "gold_figures.json"
KINDS = frozenset(
    "direct paraphrase abbreviation units casing emoji typo ambiguous out_of_scope".split()
)
RANKS = 3


@dataclass(frozen=True)
class Question:
    question: str
    answer_passages: tuple[str, ...]
    answer_figure: str | None
    kind: str


def load_questions(path: Path) -> list[Question]:
    """The questions of a JSON Lines file, checked for shape (blank lines are skipped)."""
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        kind = row["kind"]
        passages = tuple(row["answer_passages"])
        if kind not in KINDS:
            raise ValueError(f"{path.name}:{number}: unknown kind {kind!r}")
        if (kind == "out_of_scope") != (not passages):
            raise ValueError(f"{path.name}:{number}: out_of_scope ⇔ no answer_passages")
        questions.append(Question(row["question"], passages, row.get("answer_figure"), kind))
    return questions


@contextmanager
def seed_library(seeds: Path = SEEDS) -> Iterator[Library]:
    """An index of `seeds` built in a temporary folder, open for the duration."""
    with tempfile.TemporaryDirectory(prefix="briefbot-eval-") as folder:
        build_index(seeds, Path(folder) / "briefbot.sqlite")
        library = Library(Path(folder) / "briefbot.sqlite")
        try:
            yield library
        finally:
            library.close()


def run(library: Library, questions: Sequence[Question], k: int = RANKS) -> list[Outcome]:
    """Ask every question; an unanswered one ("not covered") returns no passages."""
    outcomes = []
    for item in questions:
        result = answer(library, item.question, k=k)
        got = tuple(p.id for p in result.passages) if result.answered else ()
        outcomes.append(Outcome(item.question, item.kind, item.answer_passages, got))
    return outcomes


def figure_evaluation(seeds: Path = SEEDS, gold_path: Path = GOLD_FIGURES) -> dict[str, Any] | None:
    """Figure precision/recall against gold figures, or None without a gold file.

    Gold is a JSON list of objects with at least value, unit and paragraph; figures are
    matched on those three.
    """
    if not gold_path.is_file():
        return None
    documents = list(read_seeds(seeds))
    gold_rows = json.loads(gold_path.read_text(encoding="utf-8"))
    slugs = {document.slug for document in documents}
    gold = [row for row in gold_rows if row.get("document") in (None, *slugs)]
    extracted = [figure for document in documents for figure in extract_figures(document)]
    return figure_scores(gold, extracted)
