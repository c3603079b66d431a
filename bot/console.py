"""The terminal face: answers as plain text, and an interactive console that asks like Discord."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from index import CLOSEST_LABEL, Answer

PROMPT = "briefbot> "


def format_answer(answer: Answer, *, bold: Callable[[str], str] = lambda s: f"**{s}**") -> str:
    """An answer as text: each passage with its key sentence emphasised, then its citation.

    The closest passages, which may not answer exactly, are introduced as such; the question
    a follow-up was searched with, and repaired typos, are shown in every case, refusals
    included.
    """
    lines: list[str] = []
    if answer.follows:
        lines.append(f"(following up: {answer.follows})")
    if answer.corrections:
        fixed = ", ".join(f"{a} → {b}" for a, b in answer.corrections.items())
        lines.append(f"(read as: {fixed})")
    if not answer.passages:
        lines.append(answer.message or "The briefing doesn't cover that.")
        return "\n\n".join(lines)
    if answer.status == "closest":
        lines.append(f"[{CLOSEST_LABEL}]")
    for number, passage in enumerate(answer.passages, start=1):
        start, end = passage.sentence
        text = passage.text[:start] + bold(passage.text[start:end]) + passage.text[end:]
        lines.append(f"{number}. {text}\n   — {passage.citation}")
    if answer.figures:
        lines.append("\n".join(["Figures:", *(f"  • {f.rendered}" for f in answer.figures)]))
    return "\n\n".join(lines)


def ansi_bold(text: str) -> str:
    return f"\033[1m{text}\033[0m"


def run_console(
    ask: Callable[[str], Answer], stdin: TextIO, stdout: TextIO, *, interactive: bool
) -> None:
    """Read questions line by line until EOF or `quit`, answering each as the bot would."""
    bold = ansi_bold if interactive else (lambda s: f"**{s}**")
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = stdin.readline()
        if not line or line.strip().lower() in {"quit", "exit"}:
            break
        if not line.strip():
            continue
        stdout.write(format_answer(ask(line), bold=bold) + "\n\n")
        stdout.flush()
