"""Helpers for the reliability, fault, hostile-input, security and sharding tests.

Everything here is loopback-only and bounded in time: subprocesses get deadlines and are
killed by their own pid, the fake Discord binds 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import sys
import threading
from collections.abc import Awaitable, Coroutine, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from fakediscord import FakeDiscord

from tests.bot_fixtures import SEEDS, embed_problems, sent_messages

PROJECT = Path(__file__).resolve().parents[1]
BRIEFBOT = Path(sys.executable).with_name("briefbot")
T = TypeVar("T")

# Questions the project's seed article answers (tests/eval/questions.jsonl, "direct" kind).
COVERED = [
    "How much territory has Russia seized this year?",
    "How many Russian troops have been killed since the full-scale invasion began?",
    "How many troops has Moscow deployed to reclaim the Kursk region?",
    "Where is Kurakhove?",
    "Who is David Handelman?",
]
NOT_COVERED = ["Who won the 2022 World Cup?", "What is the price of bread in Lisbon?"]

# Articles added and removed while the bot serves; each answers its own question.
ROTATING = {
    "zorblatt.txt": (
        "Zorblatt reservoir reaches record level\n\nMarch 3, 2025\n\n"
        "Engineers said the Zorblatt reservoir now holds 4,321 cubic metres of meltwater, "
        "a record.\n\nThe reservoir supplies the valley towns during the dry season.\n",
        "How much meltwater does the Zorblatt reservoir hold?",
        "zorblatt-reservoir-reaches-record-level",
    ),
    "quillon.txt": (
        "Quillon ferry line reopens\n\nApril 7, 2025\n\n"
        "The Quillon ferry carried 1,234 passengers on its first crossing since the storm.\n\n"
        "Harbour officials expect the timetable to be back to normal by May.\n",
        "How many passengers did the Quillon ferry carry?",
        "quillon-ferry-line-reopens",
    ),
    "marrowind.txt": (
        "Marrowind wind farm connected\n\nMay 9, 2025\n\n"
        "The Marrowind wind farm delivered 77 megawatts to the grid on its first day.\n\n"
        "Its turbines stand twelve kilometres off the coast.\n",
        "How many megawatts did the Marrowind wind farm deliver?",
        "marrowind-wind-farm-connected",
    ),
}

_RAW_MENTION = re.compile(r"@(?:everyone|here)\b|<@[!&]?\d{17,20}>")


def copy_seeds(folder: Path) -> Path:
    seeds = folder / "seeds"
    shutil.copytree(SEEDS, seeds)
    return seeds


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without any Briefbot or Discord setting, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "DISCORD_"))}
    env.update(extra)
    return env


def run_env(server: FakeDiscord, seeds: Path, db: Path, **extra: str) -> dict[str, str]:
    """What `briefbot run` needs to serve `seeds` from `db` against the fake Discord."""
    return clean_env(
        **server.env(), BRIEFBOT_SEEDS=str(seeds), BRIEFBOT_DB=str(db), **extra
    )  # fmt: skip


async def start_run(env: Mapping[str, str], cwd: Path) -> asyncio.subprocess.Process:
    """`briefbot run` as a subprocess (cwd without a .env), output captured."""
    return await asyncio.create_subprocess_exec(
        str(BRIEFBOT),
        "run",
        cwd=cwd,
        env=dict(env),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def stop(process: asyncio.subprocess.Process, timeout: float = 15) -> tuple[str, str]:
    """SIGTERM, wait (bounded), kill if needed; returns all of stdout and stderr."""
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        stdout, stderr = await process.communicate()
    return stdout.decode(errors="replace"), stderr.decode(errors="replace")


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share in 0..1) of `values`."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


def sent_texts(body: Mapping[str, Any]) -> list[str]:
    """Every piece of text of a message body: content, embed parts, button labels."""
    texts = [str(body.get("content") or "")]
    for embed in body.get("embeds") or []:
        texts += [embed.get("title") or "", embed.get("description") or ""]
        texts += [(embed.get("footer") or {}).get("text") or ""]
        for field in embed.get("fields") or []:
            texts += [field.get("name") or "", field.get("value") or ""]
    return texts


def message_problems(server: FakeDiscord) -> list[str]:
    """Everything the bot sent that could ping someone or break Discord's limits."""
    problems = []
    for request, body in sent_messages(server):
        mentions = body.get("allowed_mentions")
        pings = isinstance(mentions, dict) and any(
            mentions.get(key) for key in ("parse", "users", "roles", "replied_user")
        )
        if not isinstance(mentions, dict) or mentions.get("parse") != [] or pings:
            problems.append(f"{request!r}: allowed_mentions {mentions!r}")
        if len(str(body.get("content") or "")) > 2000:
            problems.append(f"{request!r}: content of {len(body['content'])} characters")
        problems += [
            f"{request!r}: {p}" for e in body.get("embeds") or [] for p in embed_problems(e)
        ]
        for text in sent_texts(body):
            if found := _RAW_MENTION.search(text):
                problems.append(f"{request!r}: raw mention {found.group()!r} in {text[:80]!r}")
    return problems


def read_json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


class LoopThread:
    """An asyncio loop in a thread, so synchronous (hypothesis) tests can drive async code."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T] | Awaitable[T], timeout: float = 30) -> T:
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)  # type: ignore[arg-type]
        return future.result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()


@contextlib.contextmanager
def loop_thread() -> Iterator[LoopThread]:
    thread = LoopThread()
    try:
        yield thread
    finally:
        thread.close()
