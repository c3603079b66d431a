"""Answer-quality evaluation: question sets about briefings, each a tuning or a test split.

`make eval` runs `python -m tests.eval` (this report) and `python -m tests.eval.figures`
(figure precision and recall per article set); tests/index/test_eval.py asserts the floors.

| set      | split  | briefings                         | questions                          |
|----------|--------|-----------------------------------|------------------------------------|
| seed     | tuning | seeds/ (the Kursk article)        | questions.jsonl                    |
| seed     | test   | seeds/                            | holdout.jsonl                      |
| fixtures | tuning | tests/fixtures/briefings (3)      | fixtures.jsonl                     |
| realnews | tuning | realnews/articles (11 published)  | realnews/questions.jsonl           |
| lee      | tuning | lee/articles (22 published)       | lee/questions.jsonl                |
| abc      | tuning | abc/articles (12 published)       | abc/questions.jsonl                |
| wire     | tuning | wire/articles (12 published)      | wire/questions.jsonl               |
| agency   | tuning | agency/articles (12 published)    | agency/questions.jsonl             |
| bulletin | tuning | bulletin/articles (12 published)  | bulletin/questions.jsonl           |
| dispatch | tuning | dispatch/articles (12 published)  | dispatch/questions.jsonl           |
| courier  | tuning | courier/articles (12 published)   | courier/questions.jsonl            |
| pages    | tuning | pages/articles (8 published pages)| pages/questions.jsonl              |
| press    | tuning | press/articles (12 published)     | press/questions.jsonl              |
| courant  | tuning | courant/articles (12 published)   | courant/questions.jsonl            |
| tribune  | tuning | tribune/articles (12 published)   | tribune/questions.jsonl            |
| herald   | tuning | herald/articles (12 published)    | herald/questions.jsonl             |
| blind    | test   | blind/articles (published)        | blind/questions.jsonl              |
| web      | test   | web/articles (10 published pages) | web/questions.jsonl                |
| fresh    | test   | fresh/articles (12 published)     | fresh/questions.jsonl              |
| gazette  | test   | gazette/articles (12 published)   | gazette/questions.jsonl            |
| ledger   | test   | ledger/articles (12 published)    | ledger/questions.jsonl             |
| observer | test   | observer/articles (12 published)  | observer/questions.jsonl           |

Tuning splits may be looked at and fitted on (thresholds, the answer model's coefficients);
test splits are only reported. The blind and web sets' questions were written by people who
saw only the articles, never the code or its answers (their README.md files); the web set was
added last and first measured once everything else in this round was done.

Two question formats are read. The team's (seed, fixtures): {"question", "answer_passages":
[passage ids], "answer_figure": "2,700 square kilometers" | null, "kind"}. The real-news one
(realnews, blind): {"id", "article", "question", "gold": [verbatim snippets], "figure": number
| null, "answerable"}. A returned passage answers when its id is listed, or its text holds a
snippet.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index import Library, answer, build_index
from index.answering.answer import Answer
from index.figures.record import Figure
from tests.eval.metrics import Outcome

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
SEEDS = PROJECT / "seeds"
FIXTURE_SEEDS = PROJECT / "tests" / "fixtures" / "briefings"
RANKS = 3
# The team's format writes the figure as a reader would ("€350 million", "£12bn"): the number,
# then its scale word, if any.
_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|trillion|bn|m)?\b", re.I)
_SCALES = {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    answerable: bool
    passages: tuple[str, ...] = ()
    gold: tuple[str, ...] = ()
    figure: float | None = None
    # The article a real-news-format question is about (None in the team's format).
    article: str | None = None

    def answered_by(self, passage_id: str, text: str) -> bool:
        return passage_id in self.passages or any(snippet in text for snippet in self.gold)

    def stated_in(self, sentence: str) -> bool | None:
        """Whether `sentence` holds one of the answer's snippets, or lies within one; None
        for a question whose answer is a passage, not a snippet."""
        if not self.gold:
            return None
        said = sentence.strip()
        return any(snippet in said or said in snippet for snippet in self.gold)


@dataclass(frozen=True)
class QuestionSet:
    name: str
    split: str
    seeds: Path
    questions: Path

    @property
    def label(self) -> str:
        return f"{self.name}/{self.split}"


def _in_folder(name: str, split: str, articles: str | None = None) -> QuestionSet:
    """A set whose questions are `name`/questions.jsonl, about the articles of `articles`
    (by default its own folder's)."""
    return QuestionSet(
        name, split, HERE / (articles or name) / "articles", HERE / name / "questions.jsonl"
    )


SETS = (
    QuestionSet("seed", "tuning", SEEDS, HERE / "questions.jsonl"),
    QuestionSet("seed", "test", SEEDS, HERE / "holdout.jsonl"),
    QuestionSet("fixtures", "tuning", FIXTURE_SEEDS, HERE / "fixtures.jsonl"),
    _in_folder("realnews", "tuning"),
    _in_folder("chat", "tuning", articles="realnews"),
    *(
        _in_folder(name, "tuning")
        for name in (
            "lee",
            "abc",
            "wire",
            "agency",
            "bulletin",
            "dispatch",
            "courier",
            "pages",
            "press",
            "courant",
            "tribune",
            "herald",
        )
    ),
    *(
        _in_folder(name, "test")
        for name in ("blind", "web", "fresh", "gazette", "ledger", "observer")
    ),
)


def load_questions(path: Path) -> list[Question]:
    """The questions of a JSON Lines file in either format (blank lines are skipped)."""
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            questions.append(_question(json.loads(line), f"{path.stem}-{number}"))
    return questions


def _question(row: dict[str, Any], default_id: str) -> Question:
    if "answer_passages" in row:
        passages = tuple(row["answer_passages"])
        if (row["kind"] == "out_of_scope") != (not passages):
            raise ValueError(f"{default_id}: out_of_scope ⇔ no answer_passages")
        wanted = _NUMBER.search(row.get("answer_figure") or "")
        return Question(
            id=default_id,
            question=row["question"],
            answerable=bool(passages),
            passages=passages,
            figure=_figure_value(wanted) if wanted else None,
        )
    if row["answerable"] != bool(row["gold"]):
        raise ValueError(f"{row['id']}: answerable ⇔ gold snippets")
    return Question(
        id=row["id"],
        question=row["question"],
        answerable=row["answerable"],
        gold=tuple(row["gold"]),
        figure=row.get("figure"),
        article=row.get("article"),
    )


def _figure_value(match: re.Match[str]) -> float:
    """The plain value of "€350 million" (350000000.0), as the real-news format writes it."""
    number, scale = match.groups()
    return float(number.replace(",", "")) * _SCALES.get((scale or "").lower(), 1.0)


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


def displayed_values(figure: Figure) -> tuple[float, ...]:
    """The values a figure's line shows: its value, and the top of a range."""
    if figure.value_high is None:
        return (float(figure.value),)
    return (float(figure.value), float(figure.value_high))


def run(library: Library, questions: Sequence[Question], k: int = RANKS) -> list[Outcome]:
    """Ask every question as a member would, and record what they would see."""
    outcomes = []
    for item in questions:
        result = answer(library, item.question, k=k)
        outcomes.append(
            Outcome(
                id=item.id,
                question=item.question,
                answerable=item.answerable,
                status=result.status,
                hits=tuple(item.answered_by(p.id, p.text) for p in result.passages),
                figure=item.figure,
                figures_shown=tuple(displayed_values(f) for f in result.figures),
                key_sentence=_key_sentence_right(item, result),
            )
        )
    return outcomes


def _key_sentence_right(item: Question, result: Answer) -> bool | None:
    """Whether the first passage, when it answers, sets the sentence that says so in bold."""
    if not result.passages:
        return None
    first = result.passages[0]
    if not item.answered_by(first.id, first.text):
        return None
    return item.stated_in(first.text[slice(*first.sentence)])


def evaluate(sets: Sequence[QuestionSet] = SETS) -> dict[str, list[Outcome]]:
    """Every set's outcomes, by label; sets over the same briefings share one index."""
    outcomes: dict[str, list[Outcome]] = {}
    for seeds in dict.fromkeys(s.seeds for s in sets):
        with seed_library(seeds) as library:
            for question_set in (s for s in sets if s.seeds == seeds):
                questions = load_questions(question_set.questions)
                outcomes[question_set.label] = run(library, questions)
    return outcomes
