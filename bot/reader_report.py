"""What readers asked and what changed: the lines `/briefing` shows and `briefbot usage` prints.

Members see the public summary (usage counts); admins also see the questions the briefing
did not cover, the answers voted 👎 and the last changes to the briefing, so editors know
what to add next.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from bot.render import fit
from bot.state import BotState, ReaderQuestion, Reindex

RECENT_QUESTIONS = 10
RECENT_CHANGES = 5
QUESTION_CHARS = 120


def usage_line(state: BotState) -> str:
    usage = state.usage()
    return (
        f"Questions: {usage.asked} asked, {usage.answered} answered, "
        f"{usage.not_covered} not covered · feedback 👍 {usage.helpful} 👎 {usage.unhelpful}"
    )


def change_line(change: Reindex) -> str:
    """“2026-12-01T17:40:00+00:00 add brief.txt by Ann (1): ok”: who changed what, and when."""
    what = f"{change.action} {change.file}" if change.file else change.action
    outcome = "ok" if change.ok else f"failed ({change.summary})"
    return f"{change.at} {what} by {change.by}: {outcome}"


def question_line(asked: ReaderQuestion) -> str:
    cited = f" · {asked.citation}" if asked.citation else ""
    return f"“{fit(asked.question, QUESTION_CHARS)}” · {asked.status}{cited}"


def admin_lines(state: BotState) -> list[str]:
    """The part of /briefing only admins see, a block per section: recent changes, questions
    not covered, answers voted 👎."""
    sections = [
        ("Recent changes", [change_line(c) for c in state.recent_changes(RECENT_CHANGES)]),
        ("Not covered", [question_line(q) for q in state.not_covered(RECENT_QUESTIONS)]),
        ("Voted 👎", [question_line(q) for q in state.voted_down(RECENT_QUESTIONS)]),
    ]
    return [
        "\n".join([f"{heading}:", *(f"• {entry}" for entry in entries)])
        if entries
        else f"{heading}: none"
        for heading, entries in sections
    ]


def usage_report(state: BotState) -> dict[str, Any]:
    """Everything admin_lines shows, as data (`briefbot usage --json`)."""
    return {
        "usage": asdict(state.usage()),
        "recent_changes": [asdict(c) for c in state.recent_changes(RECENT_CHANGES)],
        "not_covered": [asdict(q) for q in state.not_covered(RECENT_QUESTIONS)],
        "voted_down": [asdict(q) for q in state.voted_down(RECENT_QUESTIONS)],
    }
