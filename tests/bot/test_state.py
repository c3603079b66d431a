"""The bot's own state file, shared by every shard process of one bot."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from bot.state import BotState

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
    assert state.question(question) == "How much territory?"
