"""The bot's own state file, shared by every shard process of one bot."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bot.cogs.ask import FOLLOWS_CHARS, conversation
from bot.state import Asked, BotState

OPEN_AT_ONCE = """
import sys, time
from pathlib import Path
from bot.state import BotState
start = float(sys.argv[2])
while time.time() < start:
    pass
state = BotState(Path(sys.argv[1]))
state.record_question(int(sys.argv[3]), "How many troops?", True)
"""


def test_processes_starting_together_all_open_the_state(tmp_path: Path) -> None:
    """Shards start at the same moment; switching to WAL must not fail with 'locked'."""
    for attempt in range(5):
        path = tmp_path / f"state-{attempt}.sqlite"
        start = time.time() + 0.8
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", OPEN_AT_ONCE, str(path), str(start), str(shard)],
                stderr=subprocess.PIPE,
                text=True,
            )
            for shard in range(3)
        ]
        errors = [p.communicate(timeout=60)[1] for p in processes]
        assert [p.returncode for p in processes] == [0, 0, 0], errors
        assert BotState(path).usage().asked == 3


def test_feedback_is_one_vote_per_member_and_question(tmp_path: Path) -> None:
    state = BotState(tmp_path / "state.sqlite")
    question = state.record_question(7, "How much territory?", answered=True)
    state.record_feedback(question, user_id=7, helpful=True)
    state.record_feedback(question, user_id=7, helpful=False)
    state.record_feedback(question, user_id=8, helpful=True)
    usage = state.usage()
    assert (usage.asked, usage.answered, usage.helpful, usage.unhelpful) == (1, 1, 1, 1)
    asked = state.asked(question)
    assert asked is not None and asked.question == "How much territory?"


def test_reader_questions_keep_the_status_as_given(tmp_path: Path) -> None:
    """Statuses are data: a new one ("closest") is stored and shown as the answer gave it."""
    state = BotState(tmp_path / "state.sqlite")
    covered = state.record_question(1, "Territory?", True, status="answered", citation="A, ¶3")
    state.record_question(1, "World Cup?", False, status="not_covered")
    closest = state.record_question(1, "Near miss?", False, status="closest", citation="A, ¶4")
    state.record_feedback(covered, user_id=2, helpful=False)
    state.record_feedback(closest, user_id=2, helpful=False)
    state.record_feedback(closest, user_id=3, helpful=True)

    assert [(q.question, q.status) for q in state.not_covered()] == [("World Cup?", "not_covered")]
    down = state.voted_down()
    assert {(q.question, q.status, q.citation) for q in down} == {
        ("Territory?", "answered", "A, ¶3"),
        ("Near miss?", "closest", "A, ¶4"),
    }


def test_a_follow_up_keeps_the_question_it_follows_for_its_next_pages(tmp_path: Path) -> None:
    state = BotState(tmp_path / "state.sqlite")
    first = state.record_question(1, "How many troops?", True)
    second = state.record_question(1, "and killed?", True, follows="How many troops?")
    assert state.asked(first) is not None and state.asked(first).follows is None
    assert state.asked(second) == Asked("and killed?", None, "How many troops?")


def test_an_older_state_file_gains_the_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    with sqlite3.connect(path) as old:
        old.execute(
            "CREATE TABLE questions (id INTEGER PRIMARY KEY, at TEXT, user_id INTEGER, "
            "question TEXT, answered INTEGER)"
        )
        old.execute("INSERT INTO questions VALUES (1, '2024-01-01', 5, 'Old question?', 0)")
        old.execute(
            "CREATE TABLE reindexes (id INTEGER PRIMARY KEY, at TEXT, by TEXT, ok INTEGER, "
            "summary TEXT)"
        )
        old.execute("INSERT INTO reindexes VALUES (1, '2024-01-01', 'ann (1)', 1, '1 documents')")
    state = BotState(path)
    assert [(q.question, q.status) for q in state.not_covered()] == [
        ("Old question?", "not_covered")
    ]
    assert state.asked(1) == Asked("Old question?", None, None)
    (change,) = state.recent_changes()
    assert (change.by, change.action, change.file) == ("ann (1)", "reindex", None)
    state.record_reindex("bob (2)", ok=True, summary="added", action="add", file="brief.txt")
    assert [c.file for c in state.recent_changes()] == ["brief.txt", None]


def test_a_long_conversation_follows_up_its_latest_questions() -> None:
    """A reply to a follow-up carries the conversation on, cut at a word to its last
    FOLLOWS_CHARS characters: the latest question whole, the oldest dropped first."""
    first = Asked("how many troops did Moscow send to Kursk?", None)
    assert conversation(first) == first.question
    long_ago = " ".join(f"question{n}" for n in range(60))
    latest = Asked("and how many were killed?", None, long_ago)
    followed = conversation(latest)
    assert followed.endswith(" and how many were killed?") and len(followed) <= FOLLOWS_CHARS
    assert followed.split()[0] in long_ago.split()  # cut between words
    assert "question0 " not in followed
