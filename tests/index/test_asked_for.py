"""What a question asks for decides which passage holds the kind of answer wanted."""

from __future__ import annotations

import pytest

from index.analysis.analyzer import analyze
from index.answering.asked_for import (
    asked_for,
    counted_term,
    counts,
    holds,
    measured_thing,
    named_thing,
    names,
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("how many wickets did warne take", "number"),
        ("judge valued mar a lago at how much??", "number"),
        ("when and where is the 2nd test pls", "time"),
        ("where did the 4 latest deaths happen", "place"),
        ("who's the president of argentina", "person"),
        # The first question word decides: "when" here only says which total.
        ("wat was south africa's total when they got bowled out", "open"),
        ("what percentage of homes lost power", "number"),
        ("tell me about the storm", "open"),
        ("why'd play finish early yesterday", "reason"),
        ("how come the flight never landed", "reason"),
        # Chat drops the apostrophe: "whos", "wheres", "whens".
        ("whos the judge in trumps fraud trial", "person"),
        ("wheres the golf course he was bragging abt", "place"),
        # "How" + an adjective, and "what's the most …", ask for a degree: a number.
        ("how strong were the winds in canberra yesterday", "number"),
        ("how hot was the pool", "number"),
        ("whats the most nauru will hold now", "number"),
        ("how exactly did the fire start", "open"),
        ("how well did the team play", "open"),
        ("what's the most common cause of the crashes", "open"),
    ],
)
def test_the_first_question_word_decides_the_kind(question: str, kind: str) -> None:
    assert asked_for(question) == kind


def test_a_passage_holds_the_kind_in_its_answering_sentence() -> None:
    passage = "The tourists were bowled out for 128. The next Test starts on Boxing Day."
    assert holds("number", "The tourists were bowled out for 128.", passage) == 1.0
    assert holds("number", "The next Test starts on Boxing Day.", passage) == 0.5
    assert holds("number", "No figure.", "No figure at all.") == 0.0
    debate = "The council will begin debate on the bill at 9:00am."
    assert holds("time", debate, debate) == 1.0  # a clock time glued to "am"
    rain = "Play was abandoned due to rain a few overs short of stumps."
    assert holds("reason", rain, rain) == 1.0
    assert holds("reason", "Play was abandoned yesterday.", "Play was abandoned yesterday.") == 0.0


def test_the_thing_a_how_many_question_counts() -> None:
    assert counted_term("how many wickets did mcgrath n warne get each") == "wicket"
    assert counted_term("how many more troops were sent") == "troop"
    assert counted_term("what was the number of casinos") == "casino"
    assert counted_term("how much did it cost") is None
    # The head of the noun phrase, before the verb; chat spellings spelt out.
    assert counted_term("how many cholera cases has the WHO recorded") == "case"
    # an auxiliary after the plural head is the verb: "need" is not what is counted
    assert counted_term("how many people need aid") == "peopl"
    assert counted_term("how many police officers were hurt") == "offic"
    assert counted_term("how many ppl died") == "peopl"
    assert counted_term("how many Republicans actually voted to confirm her") == "republican"


def test_a_sentence_counts_the_thing_only_with_a_number_next_to_it() -> None:
    """ "Each took three wickets" counts wickets; a sentence naming wickets and a year does not."""
    assert counts(analyze("McGrath and Warne each took three wickets"), {"wicket"})
    assert counts(analyze("11,000 poker and gaming machines"), {"machin"})
    assert not counts(analyze("In 2001 the wickets were slow"), {"wicket"})


def test_which_x_asks_for_a_name_that_ends_in_x() -> None:
    assert named_thing("which bank were the loans from") == frozenset({"bank"})
    assert named_thing("which union guy is fighting for them") == frozenset({"union", "guy"})
    assert named_thing("what is the plan") == frozenset()
    assert named_thing("which 2 guides got off") == frozenset({"guid"})
    assert named_thing("which three banks lent to him") == frozenset({"bank"})
    passage = "The loans came from Deutsche Bank. The bank was thrilled, Trump said."
    assert names(frozenset({"bank"}), "The loans came from Deutsche Bank.", passage) == 1.0
    assert names(frozenset({"bank"}), "The bank was thrilled, Trump said.", passage) == 0.5
    union = "The Australian Services Union's Luke Foley says he will fight on."
    assert names(frozenset({"union"}), union, union) == 1.0  # the possessive ends the name


def test_who_is_the_x_and_which_town_name_the_noun_asked_about() -> None:
    assert named_thing("whos the judge in trumps fraud trial") == frozenset({"judg"})
    assert named_thing("who was the lawyer grilling trump") == frozenset({"lawyer"})
    assert named_thing("which company bought the network") == frozenset({"compani"})
    assert named_thing("which town was the house near") == frozenset({"town"})


@pytest.mark.parametrize(
    ("thing", "sentence", "holds"),
    [
        ("judg", "Judge Arthur Engoron, who has clashed with Trump, tried to stop him.", 1.0),
        ("economist", "ANZ chief economist Saul Eslake says it is the third drop in a row.", 1.0),
        ("judg", "Donald Trump brought bombastic rhetoric to the witness stand on Monday.", 0.0),
        ("town", "Gunmen were holed up in a house on the edge of the town of Jenin.", 1.0),
        ("town", "Troops chased the gunmen out of town into Palestinian land.", 0.0),
        # The asked noun written in capitals is no name: "which tv show" is not answered by
        # "the struggling pay TV operator".
        ("tv", "Management at the struggling pay TV operator has completed a review.", 0.0),
        ("tv", "Gates said so in an interview on NBC TV on Sunday.", 1.0),
    ],
)
def test_a_name_the_asked_noun_titles_answers_it(thing: str, sentence: str, holds: float) -> None:
    """ "Judge Arthur Engoron", "chief economist Saul Eslake", "the town of Jenin"."""
    assert names(frozenset({thing}), sentence, sentence) == holds


def test_what_is_x_names_the_head_of_its_noun_phrase() -> None:
    assert measured_thing("What is inflation in the euro area now?") == frozenset({"inflat"})
    assert measured_thing("What are Russia's losses so far?") == frozenset({"loss"})
    assert measured_thing("whats the total when they were bowled out") == frozenset({"total"})
    assert measured_thing("how many troops died") == frozenset()
    assert measured_thing("what's the top speed of the train") == frozenset({"speed"})


def test_what_is_x_doing_asks_for_no_value_of_x() -> None:
    assert measured_thing("what's pakistan doing on its side of the border") == frozenset()
    assert measured_thing("what was the army building there") == frozenset()
