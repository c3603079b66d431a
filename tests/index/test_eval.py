"""Answer-quality floors on every evaluation set, and the metric functions on cases by hand.

Floors on tuning splits are what the answer model was fitted to reach; floors on test splits
(seed/test, blind/test, web/test, fresh/test, gazette/test, ledger/test, observer/test) are
what it reached when first measured, never tuned to: a change that drops below them made
answers worse on text nobody tuned on.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.eval import SETS, Question, evaluate, load_questions
from tests.eval.metrics import Outcome, scores

# set/split: (right first, in top 3, most answerable declared not covered,
#             most out-of-scope answered confidently)
FLOORS = {
    "seed/tuning": (0.98, 1.0, 0, 0),
    "seed/test": (1.0, 1.0, 0, 0),
    "fixtures/tuning": (0.95, 1.0, 0, 0),
    "realnews/tuning": (0.91, 0.99, 0, 1),
    "chat/tuning": (0.83, 0.94, 0, 1),
    "lee/tuning": (0.84, 0.94, 1, 2),
    "abc/tuning": (0.84, 0.96, 0, 0),
    "wire/tuning": (0.86, 0.96, 0, 0),
    "agency/tuning": (0.80, 0.92, 0, 0),
    "bulletin/tuning": (0.84, 0.97, 0, 2),
    "dispatch/tuning": (0.85, 0.93, 0, 1),
    "courier/tuning": (0.72, 0.89, 0, 0),
    "pages/tuning": (0.84, 0.93, 0, 0),
    "press/tuning": (0.80, 0.90, 0, 0),
    "courant/tuning": (0.70, 0.88, 0, 1),
    "tribune/tuning": (0.73, 0.94, 0, 1),
    "herald/tuning": (0.81, 0.97, 0, 0),
    "blind/test": (0.79, 0.90, 0, 1),
    "web/test": (0.81, 0.92, 0, 0),
    "fresh/test": (0.86, 0.91, 0, 1),
    "gazette/test": (0.83, 0.94, 2, 1),
    "ledger/test": (0.79, 0.91, 2, 1),
    "observer/test": (0.78, 0.96, 0, 1),
}

# Pooled over each split (answers right first whose answer is a quoted snippet): the tuning
# split is what the key-sentence model was fitted to reach (0.832, 728 of 875; 0.750 when the
# sentence with most of the question's words was bold), the test split what it first reached
# (0.846, 369 of 436; 0.766 before).
KEY_SENTENCE_FLOORS = {"tuning": 0.83, "test": 0.84}


@pytest.fixture(scope="module")
def report() -> dict[str, dict[str, float | int]]:
    return {label: scores(rows) for label, rows in evaluate().items()}


@pytest.mark.slow
@pytest.mark.parametrize("label", FLOORS)
def test_floors(report: dict[str, dict[str, float | int]], label: str) -> None:
    first, top3, declined, confident = FLOORS[label]
    row = report[label]
    assert row["right_first"] >= first
    assert row["in_top_3"] >= top3
    assert row["declared_not_covered"] <= declined
    assert row["out_of_scope_confident"] <= confident


def test_every_set_is_split_and_readable() -> None:
    assert {s.split for s in SETS} == {"tuning", "test"}
    assert set(FLOORS) == {s.label for s in SETS}
    for question_set in SETS:
        questions = load_questions(question_set.questions)
        assert questions and any(not q.answerable for q in questions)
        assert question_set.seeds.is_dir()


def test_gold_snippets_are_verbatim_in_their_articles() -> None:
    """A snippet that is not in its article could never be found: the set would lie."""
    for question_set in SETS:
        for line in question_set.questions.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if row.get("article"):
                text = (question_set.seeds / row["article"]).read_text(encoding="utf-8")
                assert all(snippet in text for snippet in row["gold"]), row["id"]


def test_both_question_formats_load(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    team = {"question": "How much?", "answer_passages": ["a#3"], "answer_figure": "2,700 km"}
    real = {"id": "x-1", "question": "how much", "gold": ["2,700"], "figure": 2700.0}
    path.write_text(
        json.dumps({**team, "kind": "direct"})
        + "\n\n"
        + json.dumps({**real, "article": "x.txt", "answerable": True})
        + "\n"
    )
    first, second = load_questions(path)
    assert first.passages == ("a#3",) and first.figure == 2700.0 and first.answerable
    assert second.gold == ("2,700",) and second.answered_by("x#9", "it was 2,700 km")
    path.write_text(json.dumps({**team, "answer_passages": [], "kind": "direct"}) + "\n")
    with pytest.raises(ValueError, match="out_of_scope"):
        load_questions(path)


@pytest.mark.parametrize(
    ("written", "value"),
    [("€350 million", 350e6), ("£12bn", 12e9), ("more than 1,300 people", 1300.0), ("2.4%", 2.4)],
)
def test_the_teams_figures_are_read_with_their_scale(
    tmp_path: Path, written: str, value: float
) -> None:
    path = tmp_path / "q.jsonl"
    row = {"question": "How much?", "answer_passages": ["a#3"], "kind": "direct"}
    path.write_text(json.dumps({**row, "answer_figure": written}) + "\n")
    assert load_questions(path)[0].figure == value


# The metric functions, on cases small enough to check by hand.


def _outcome(answerable: bool, status: str, hits: tuple[bool, ...], **figure: object) -> Outcome:
    return Outcome("id", "q", answerable, status, hits, **figure)  # type: ignore[arg-type]


RIGHT = _outcome(True, "answered", (True, False), figure=78329.0, figures_shown=((78329.0,),))
SECOND = _outcome(
    True, "closest", (False, True), figure=2700.0, figures_shown=((465.0,), (2700.0,))
)
DECLINED = _outcome(True, "not_covered", ())
OOS_CONFIDENT = _outcome(False, "answered", (False,))
OOS_CLOSEST = _outcome(False, "closest", (False,))
ALL = [RIGHT, SECOND, DECLINED, OOS_CONFIDENT, OOS_CLOSEST]


def test_ranks_count_answerable_questions_only() -> None:
    result = scores(ALL)
    assert result["right_first"] == pytest.approx(1 / 3)
    assert result["in_top_3"] == pytest.approx(2 / 3)
    assert result["mrr"] == pytest.approx((1 + 1 / 2) / 3)


def test_outcomes_are_counted_by_status() -> None:
    result = scores(ALL)
    assert (result["declared_not_covered"], result["out_of_scope_confident"]) == (1, 1)
    assert result["confident_share"] == pytest.approx(1 / 3)
    assert result["confident_precision"] == pytest.approx(1 / 2)
    assert OOS_CLOSEST.handled and not OOS_CONFIDENT.handled and not DECLINED.handled


def test_asked_for_figure_shown_and_first() -> None:
    result = scores(ALL)
    assert result["figure_questions"] == 2
    assert result["figure_shown"] == 1.0
    assert result["figure_first"] == pytest.approx(1 / 2)
    assert scores([])["right_first"] == 1.0
    top_of_range = _outcome(True, "answered", (True,), figure=7000.0, figures_shown=((5e3, 7e3),))
    assert scores([top_of_range])["figure_first"] == 1.0  # "$5,000–7,000" shows the 7,000


def test_a_fraction_shown_is_the_one_asked_at_the_places_the_writer_rounded_to() -> None:
    """Writers round "a third" to 0.333: a third shown answers it; a quarter does not, nor
    does 2.46 answer 2.5."""
    third = _outcome(True, "answered", (True,), figure=0.333, figures_shown=((1 / 3,),))
    quarter = _outcome(True, "answered", (True,), figure=0.333, figures_shown=((0.25,),))
    near = _outcome(True, "answered", (True,), figure=2.5, figures_shown=((2.46,),))
    assert [scores([o])["figure_shown"] for o in (third, quarter, near)] == [1.0, 0.0, 0.0]


def test_question_matches_by_id_or_snippet() -> None:
    by_id = Question("a", "q", True, passages=("doc#3",))
    by_snippet = Question("b", "q", True, gold=("593 square",))
    assert by_id.answered_by("doc#3", "") and not by_id.answered_by("doc#4", "593 square")
    assert by_snippet.answered_by("any", "about 593 square km") and not by_snippet.answered_by(
        "any", "593 km"
    )


def test_key_sentence_right_counts_answers_right_first_with_a_snippet() -> None:
    bold = _outcome(True, "answered", (True,), key_sentence=True)
    plain = _outcome(True, "closest", (True,), key_sentence=False)
    wrong_passage = _outcome(True, "closest", (False, True), key_sentence=None)
    result = scores([bold, plain, wrong_passage, RIGHT])  # RIGHT names no snippet
    assert (result["key_sentences"], result["key_sentence_right"]) == (2, 0.5)
    snippet = Question("c", "q", True, gold=("Around 35,000 Palestinians",))
    assert snippet.stated_in(" Around 35,000 Palestinians live there. ")
    assert not snippet.stated_in("Tel Rumeida is part of H2.")
    assert Question("d", "q", True, passages=("a#3",)).stated_in("anything") is None


@pytest.mark.slow
@pytest.mark.parametrize("split", ["tuning", "test"])
def test_key_sentence_floors(report: dict[str, dict[str, float | int]], split: str) -> None:
    """The sentence set in bold holds the answer, pooled over each split's sets."""
    rows = [row for label, row in report.items() if label.endswith(f"/{split}")]
    keyed = sum(row["key_sentences"] for row in rows)
    right = sum(row["key_sentences"] * row["key_sentence_right"] for row in rows)
    assert right / keyed >= KEY_SENTENCE_FLOORS[split]
