"""Re-indexing under load, and /ask under load, against the fake Discord.

1. While three `briefbot ask --json` processes and a stream of /ask interactions ask
   continuously, the seeds change and /reindex runs 8 times: no question fails or comes back
   empty, and no answer mixes two indexes (its version is one that was built, its passages
   all belong to documents of that version, and the rotating articles are answered exactly
   when that version holds them).
2. 200 /ask interactions from 40 members in 10 s to a `briefbot run` process are all answered
   inside Discord's 3-second window; p50/p99 from request to reply are printed (-s).

Figures from these runs are in docs/reliability.md.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fakediscord import FakeDiscord, InteractionHandle, make_user, payloads

import index.answering.answer
from index.answering.answer import Answer
from index.store.library import Library
from tests.bot_fixtures import World, briefbot, embed_text
from tests.reliability_support import (
    BRIEFBOT,
    COVERED,
    NOT_COVERED,
    ROTATING,
    clean_env,
    message_problems,
    percentile,
    run_env,
    start_run,
    stop,
)

pytestmark = pytest.mark.timeout(90)

REINDEXES = 8
CLI_PROCESSES = 3
ASK_EVERY = 0.1  # seconds between /ask interactions during the re-index run
DEADLINE = 3.0  # Discord's window for the first response to an interaction


@dataclass
class Served:
    """Every answer given during the run, by where it came from."""

    cli: list[dict] = field(default_factory=list)
    discord: list[Answer] = field(default_factory=list)
    cli_latencies: list[float] = field(default_factory=list)
    startup: list[float] = field(default_factory=list)
    warm: set[int] = field(default_factory=set)
    versions: dict[str, set[str]] = field(default_factory=dict)


def _record_versions(db: Path, served: Served) -> None:
    library = Library(db)
    served.versions[library.version] = set(library.documents)
    library.close()


def _questions() -> itertools.cycle:
    rotating = [question for _, question, _ in ROTATING.values()]
    return itertools.cycle([*COVERED, *rotating, *NOT_COVERED])


def _check(result: dict, versions: dict[str, set[str]]) -> None:
    """One answer, as `ask --json` prints it, against the versions that were built."""
    question = result["question"]
    assert result["status"] in ("answered", "closest", "not_covered"), result
    version = result["index_version"]
    assert version in versions, f"{question!r} answered from unknown index {version}"
    documents = versions[version]
    passages = result["passages"]
    assert {p["document"] for p in passages} <= documents, (question, version)
    if question in COVERED:
        assert result["answered"] and passages and passages[0]["text"], result
    for _, asked, slug in ROTATING.values():
        if question == asked:  # answered exactly when this version holds the article
            assert result["answered"] == (slug in documents), (question, version)
            if result["answered"]:
                assert passages[0]["document"] == slug
    if not result["answered"]:
        assert result["message"] and not passages


async def _cli_asker(
    process: asyncio.subprocess.Process, served: Served, done: asyncio.Event
) -> None:
    assert process.stdin is not None and process.stdout is not None
    for question in _questions():
        if done.is_set():
            break
        started = time.monotonic()
        process.stdin.write(question.encode() + b"\n")
        await process.stdin.drain()
        line = await asyncio.wait_for(process.stdout.readline(), 10)
        if process.pid in served.warm:
            served.cli_latencies.append(time.monotonic() - started)
        else:
            served.startup.append(time.monotonic() - started)  # imports, opening the index
            served.warm.add(process.pid)
        assert line, "the `briefbot ask` process stopped answering"
        served.cli.append(json.loads(line))
        await asyncio.sleep(0.02)
    process.stdin.close()


async def _discord_asker(
    server: FakeDiscord, handles: list[InteractionHandle], done: asyncio.Event
) -> None:
    users = (make_user(f"asker{n}") for n in itertools.count())
    user = next(users)
    for number, question in enumerate(_questions()):
        if done.is_set():
            break
        if number % 5 == 4:
            user = next(users)  # five questions each: within the per-member cooldown
        handles.append(await server.send_slash_command("ask", {"question": question}, user=user))
        await asyncio.sleep(ASK_EVERY)


async def _reindexer(server: FakeDiscord, world: World, served: Served) -> float:
    """Toggle the rotating articles and /reindex, REINDEXES times; returns the longest one."""
    names = list(ROTATING)
    longest = 0.0
    for number in range(REINDEXES):
        await asyncio.sleep(1.0)
        name = names[number % len(names)]
        path = world.seeds / name
        if path.exists():
            path.unlink()
        else:
            path.write_text(ROTATING[name][0], encoding="utf-8")
        started = time.monotonic()
        handle = await server.send_slash_command(
            "reindex", user=server.owner, permissions=payloads.ADMINISTRATOR
        )
        followup = await handle.wait_followup(timeout=20)
        longest = max(longest, time.monotonic() - started)
        assert "Re-indexed" in embed_text(followup["embeds"][0]), followup
        _record_versions(world.db, served)
    return longest


async def _start_asker(env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    """`briefbot ask --json` reading questions from a pipe, one JSON answer per line."""
    return await asyncio.create_subprocess_exec(
        str(BRIEFBOT),
        "ask",
        "--json",
        cwd=cwd,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


@pytest.fixture
async def server() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as srv:
        yield srv


async def test_reindex_under_load_never_fails_or_mixes_indexes(
    server: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = World.create(tmp_path)
    served = Served()
    _record_versions(world.db, served)
    answer = index.answering.answer.answer

    def recording_answer(*args, **kwargs) -> Answer:
        result = answer(*args, **kwargs)
        served.discord.append(result)
        return result

    # Before the bot starts: discord.py loads bot.cogs.ask afresh, binding `answer` then.
    monkeypatch.setattr(index, "answer", recording_answer)
    env = clean_env(BRIEFBOT_SEEDS=str(world.seeds), BRIEFBOT_DB=str(world.db))
    askers = [await _start_asker(env, tmp_path) for _ in range(CLI_PROCESSES)]
    services = world.services(server)
    handles: list[InteractionHandle] = []
    try:
        async with briefbot(server, services):
            started = time.monotonic()
            done = asyncio.Event()
            tasks = [asyncio.ensure_future(_cli_asker(process, served, done)) for process in askers]
            tasks.append(asyncio.ensure_future(_discord_asker(server, handles, done)))
            try:
                longest_reindex = await _reindexer(server, world, served)
                await asyncio.sleep(1.0)  # questions keep coming after the last re-index too
            finally:
                done.set()
                await asyncio.wait_for(asyncio.gather(*tasks), 20)
            replies = [await handle.wait_reply(timeout=10) for handle in handles]
            elapsed = time.monotonic() - started
    finally:
        for process in askers:
            if process.returncode is None:
                process.kill()
            await process.wait()
        services.state.close()

    assert len(served.versions) == REINDEXES + 1  # every build made a distinct index
    for result in served.cli:
        _check(result, served.versions)
    for result in served.discord:
        _check(json.loads(json.dumps(result.to_dict())), served.versions)
    assert len(served.discord) == len(handles) == len(replies)
    for reply in replies:
        (embed,) = reply["embeds"]
        assert embed.get("description") and "went wrong" not in embed["description"]
    assert server.errors == []  # includes any interaction answered after its 3 s window
    assert message_problems(server) == []
    rotating = {question for _, question, _ in ROTATING.values()}
    outcomes = {r["answered"] for r in served.cli if r["question"] in rotating}
    assert outcomes == {True, False}, "the rotating articles should come and go"
    used = {result["index_version"] for result in served.cli}
    assert len(used) >= REINDEXES // 2, "the CLI readers should have seen most of the indexes"
    latencies = sorted(
        reply_seconds(h) for h in handles if reply_seconds(h) is not None
    )  # fmt: skip
    print(
        f"\nRE-INDEX UNDER LOAD: {elapsed:.1f} s, {REINDEXES} re-indexes "
        f"(longest /reindex {longest_reindex:.2f} s), {len(served.versions)} versions; "
        f"{len(served.cli)} CLI answers (max {max(served.cli_latencies) * 1000:.0f} ms, "
        f"first answer after start-up {max(served.startup) * 1000:.0f} ms) + "
        f"{len(handles)} /ask answers (max {max(latencies) * 1000:.0f} ms), none failed"
    )


# -- /ask under load ---------------------------------------------------------------------------


def reply_seconds(handle: InteractionHandle) -> float | None:
    """From dispatch to the first message the member sees (the answer, after a defer)."""
    if handle.callback is None:
        return None
    if handle.callback_type == 4:
        return handle.callback.at - handle.dispatched_at
    later = [
        r for r in handle.requests if r is not handle.callback and r.method in ("POST", "PATCH")
    ]
    return later[0].at - handle.dispatched_at if later else None


LOAD_ASKS = 200
LOAD_USERS = 40
LOAD_SECONDS = 10.0


async def test_two_hundred_asks_in_ten_seconds_are_answered_in_time(tmp_path: Path) -> None:
    world = World.create(tmp_path)
    async with FakeDiscord(callback_deadline=DEADLINE) as server:
        process = await start_run(run_env(server, world.seeds, world.db), tmp_path)
        try:
            await server.wait_for_sessions(1, timeout=30)
            await server.wait_for_request(
                "PUT", rf"/applications/{server.application_id}/commands", timeout=15
            )
            users = [make_user(f"load{n}") for n in range(LOAD_USERS)]
            questions = itertools.cycle([*COVERED, *NOT_COVERED])
            handles: list[InteractionHandle] = []
            started = time.monotonic()
            for number in range(LOAD_ASKS):
                await asyncio.sleep(
                    max(0.0, started + number * LOAD_SECONDS / LOAD_ASKS - time.monotonic())
                )
                handles.append(
                    await server.send_slash_command(
                        "ask", {"question": next(questions)}, user=users[number % LOAD_USERS]
                    )
                )
            sent_in = time.monotonic() - started
            replies = [await handle.wait_reply(timeout=10) for handle in handles]
        finally:
            out, err = await stop(process)
        assert process.returncode == 0, out + err
        assert "Traceback" not in out + err
        assert server.errors == []  # the fake refuses (and records) any reply after 3 s
        assert message_problems(server) == []

    assert sent_in <= LOAD_SECONDS + 0.5
    assert len(replies) == LOAD_ASKS
    for reply in replies:
        (embed,) = reply["embeds"]
        assert "asking quickly" not in (embed.get("description") or ""), embed
        assert embed.get("footer") and "searched in" in embed["footer"]["text"]
    seconds = [reply_seconds(handle) for handle in handles]
    assert None not in seconds
    first_response = [handle.callback.at - handle.dispatched_at for handle in handles]
    assert max(first_response) < DEADLINE
    p50, p99 = percentile(seconds, 0.50), percentile(seconds, 0.99)
    deferred = sum(handle.callback_type == 5 for handle in handles)
    print(
        f"\nLOAD: {LOAD_ASKS} /ask from {LOAD_USERS} members in {sent_in:.1f} s: "
        f"p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, max {max(seconds) * 1000:.0f} ms, "
        f"{deferred} deferred"
    )
    assert p99 < DEADLINE
