"""Follow-up questions: searched with the question they follow, so "it" finds its topic."""

from __future__ import annotations

import pytest

from index import build_index
from index.answering.answer import answer
from index.store.library import Library

FIRE = """\
Bushfire destroys homes near Lithgow

January 9, 2025

A bushfire has destroyed 14 homes near Lithgow, west of Sydney, and burned through 3,000 \
hectares of bushland.

Firefighters said the blaze started on Tuesday afternoon in dry grass beside a rail line, and \
spread quickly in strong westerly winds.

More than 200 firefighters from three states are now working to contain it.
"""
ELECTION = """\
Premier calls state election for March

January 9, 2025

The Premier has called the state election for March 22, ending months of speculation.

The official campaign will start on Monday, when both major parties launch their policies.

Polls show the government trailing the opposition by four points after a difficult year.
"""


@pytest.fixture(scope="module")
def two_briefings(tmp_path_factory: pytest.TempPathFactory) -> Library:
    folder = tmp_path_factory.mktemp("follow-ups")
    seeds = folder / "seeds"
    seeds.mkdir()
    (seeds / "a-fire.txt").write_text(FIRE)
    (seeds / "b-election.txt").write_text(ELECTION)
    build_index(seeds, folder / "index.sqlite")
    return Library(folder / "index.sqlite")


def test_a_follow_up_is_answered_from_the_topic_of_the_question_it_follows(
    two_briefings: Library,
) -> None:
    """ "and when did it start?" names no topic: asked after a question about the fire it is
    answered from the fire article, after one about the election from the election's."""
    fire = answer(two_briefings, "and when did it start?", follows="how many homes did it burn?")
    assert fire.follows == "how many homes did it burn?"
    assert fire.passages[0].document == "bushfire-destroys-homes-near-lithgow"
    assert any("started on Tuesday" in p.text for p in fire.passages)
    election = answer(two_briefings, "and when did it start?", follows="when is the election?")
    assert "campaign will start on Monday" in election.passages[0].text


def test_what_a_follow_up_asks_stays_its_own(two_briefings: Library) -> None:
    """The followed question's words find the topic; they are not asked again: a follow-up
    about something neither article says is still not covered."""
    result = answer(two_briefings, "what about the Zorblatt dam?", follows="how many homes?")
    assert result.status == "not_covered" and result.follows == "how many homes?"


def test_a_follow_up_of_nothing_searchable_is_asked_alone(two_briefings: Library) -> None:
    alone = answer(two_briefings, "when did the blaze start?")
    for follows in ("", "   ", "x" * 1001):
        result = answer(two_briefings, "when did the blaze start?", follows=follows)
        assert result.follows is None
        assert [p.id for p in result.passages] == [p.id for p in alone.passages]
