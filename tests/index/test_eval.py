"""Retrieval quality floors on tests/eval/questions.jsonl, and the metric functions by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.store.library import Library
from tests.eval import (
    FIXTURE_QUESTIONS,
    FIXTURE_SEEDS,
    HOLDOUT,
    QUESTIONS,
    figure_evaluation,
    load_questions,
    run,
    seed_library,
)
from tests.eval.metrics import (
    Outcome,
    accuracy,
    by_kind,
    correct,
    figure_scores,
    mrr,
    not_covered_precision,
    not_covered_recall,
    rank,
    recall_at,
    scores,
    top1,
)

TOP1_FLOOR = 0.90
RECALL_AT_3_FLOOR = 0.97
NOT_COVERED_FLOOR = 0.90


@pytest.fixture(scope="module")
def question_scores(seed_library: Library) -> dict[str, float | int]:
    return scores(run(seed_library, load_questions(QUESTIONS)))


def test_top1_floor(question_scores: dict[str, float | int]) -> None:
    assert question_scores["top1"] >= TOP1_FLOOR


def test_recall_at_3_floor(question_scores: dict[str, float | int]) -> None:
    assert question_scores["recall_at_3"] >= RECALL_AT_3_FLOOR


def test_not_covered_floors(question_scores: dict[str, float | int]) -> None:
    assert question_scores["not_covered_precision"] >= NOT_COVERED_FLOOR
    assert question_scores["not_covered_recall"] >= NOT_COVERED_FLOOR


def test_question_files_are_well_formed() -> None:
    questions = load_questions(QUESTIONS)
    holdout = load_questions(HOLDOUT)
    assert len(questions) >= 60 and len(holdout) >= 20
    assert sum(q.kind == "out_of_scope" for q in questions) >= 12
    assert not {q.question for q in questions} & {q.question for q in holdout}
    assert {q.kind for q in questions} == {
        "direct", "paraphrase", "abbreviation", "units", "casing", "emoji", "typo",
        "ambiguous", "out_of_scope",
    }  # fmt: skip


def test_ukrainian_losses_are_not_answered_with_russian_ones(seed_library: Library) -> None:
    from index.answering.answer import answer

    for question in ("How many Ukrainian troops were killed?", "Ukrainian soldiers died?"):
        result = answer(seed_library, question)
        assert not result.answered or "78,329" not in result.passages[0].text


def test_load_questions_rejects_inconsistent_rows(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    row = {"question": "q", "answer_passages": [], "answer_figure": None, "kind": "direct"}
    path.write_text(json.dumps(row) + "\n")
    with pytest.raises(ValueError, match="out_of_scope"):
        load_questions(path)
    path.write_text(json.dumps({**row, "kind": "poetry", "answer_passages": ["a#3"]}) + "\n")
    with pytest.raises(ValueError, match="unknown kind"):
        load_questions(path)


# The metric functions, on cases small enough to check by hand.

RIGHT = Outcome("a", "direct", ("d#3",), ("d#3", "d#4"))
SECOND = Outcome("b", "paraphrase", ("d#5", "d#9"), ("d#4", "d#9", "d#5"))
MISSED = Outcome("c", "direct", ("d#6",), ("d#3", "d#4", "d#5"))
WRONGLY_DECLINED = Outcome("d", "typo", ("d#7",), ())
DECLINED = Outcome("e", "out_of_scope", (), ())
WRONGLY_ANSWERED = Outcome("f", "out_of_scope", (), ("d#5",))
ALL = [RIGHT, SECOND, MISSED, WRONGLY_DECLINED, DECLINED, WRONGLY_ANSWERED]


def test_rank_is_one_based_and_takes_any_expected_passage() -> None:
    assert rank(("d#3",), ("d#3", "d#4")) == 1
    assert rank(("d#5", "d#9"), ("d#4", "d#9", "d#5")) == 2
    assert rank(("d#6",), ("d#3",)) is None
    assert rank(("d#6",), ()) is None


def test_correct_means_rank_one_or_declined_when_out_of_scope() -> None:
    assert [correct(o) for o in ALL] == [True, False, False, False, True, False]


def test_top1_recall_and_mrr_count_answerable_questions_only() -> None:
    assert top1(ALL) == pytest.approx(1 / 4)
    assert recall_at(ALL, 1) == pytest.approx(1 / 4)
    assert recall_at(ALL, 3) == pytest.approx(2 / 4)
    assert mrr(ALL) == pytest.approx((1 + 1 / 2 + 0 + 0) / 4)


def test_not_covered_precision_and_recall() -> None:
    # Declined: WRONGLY_DECLINED and DECLINED, one of them out of scope.
    assert not_covered_precision(ALL) == pytest.approx(1 / 2)
    # Out of scope: DECLINED and WRONGLY_ANSWERED, one of them declined.
    assert not_covered_recall(ALL) == pytest.approx(1 / 2)
    # Nothing declined and nothing out of scope: both vacuously perfect.
    assert not_covered_precision([RIGHT]) == 1.0
    assert not_covered_recall([RIGHT]) == 1.0
    assert not_covered_recall([WRONGLY_ANSWERED]) == 0.0


def test_accuracy_and_breakdown_by_kind() -> None:
    assert accuracy(ALL) == pytest.approx(2 / 6)
    kinds = by_kind(ALL)
    assert kinds["direct"] == {"n": 2, "correct": 0.5}
    assert kinds["out_of_scope"] == {"n": 2, "correct": 0.5}
    assert kinds["typo"] == {"n": 1, "correct": 0.0}


def test_scores_counts() -> None:
    result = scores(ALL)
    assert (result["questions"], result["answerable"], result["out_of_scope"]) == (6, 4, 2)


def test_figure_scores_match_value_unit_and_paragraph_once_each() -> None:
    def figure(value: float, unit: str, paragraph: int) -> dict[str, object]:
        return {"value": value, "unit": unit, "paragraph": paragraph}

    gold = [figure(2700, "km2", 3), figure(78329, "troops", 5), figure(593, "km2", 6)]
    extracted = [figure(2700.0, "km2", 3), figure(593, "km2", 9), figure(2700, "km2", 3)]
    result = figure_scores(gold, extracted)
    assert (result["gold"], result["extracted"], result["matched"]) == (3, 3, 1)
    assert result["precision"] == pytest.approx(1 / 3)  # the repeat is spurious
    assert result["recall"] == pytest.approx(1 / 3)
    assert figure_scores([], [])["precision"] == 1.0


def test_figure_evaluation_is_skipped_without_gold(tmp_path: Path) -> None:
    assert figure_evaluation(gold_path=tmp_path / "missing.json") is None


def test_floors_hold_on_the_fixture_briefings() -> None:
    """Other shapes of briefing (economy, aid, long paragraphs), with no special case for any."""
    with seed_library(FIXTURE_SEEDS) as library:
        result = scores(run(library, load_questions(FIXTURE_QUESTIONS)))
    assert result["top1"] >= TOP1_FLOOR
    assert result["recall_at_3"] >= RECALL_AT_3_FLOOR
    assert result["not_covered_precision"] >= NOT_COVERED_FLOOR
    assert result["not_covered_recall"] >= NOT_COVERED_FLOOR
