"""Several processes, one index: two `briefbot run` shards share the index and the state DB.

The fake Discord runs with shard_count=2 and two guilds that route to different shards
(shard = (guild_id >> 22) % 2). /reindex through shard 0's process is answered from the new
index by shard 1's process without a restart; what one process records, the other reports.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fakediscord import FakeDiscord, make_guild, payloads, snowflake
from fakediscord.payloads import shard_for

from tests.bot_fixtures import World, embed_text
from tests.reliability_support import COVERED, ROTATING, run_env, start_run, stop

pytestmark = pytest.mark.timeout(90)

KILLED = COVERED[1]


def _guild_ids() -> tuple[int, int]:
    """Two guild ids, the first routed to shard 0 and the second to shard 1."""
    base = snowflake() & ~(1 << 22)  # bit 22 clear: (id >> 22) is even
    return base, base | (1 << 22)


async def _ask(server: FakeDiscord, question: str, guild_id: int) -> str:
    handle = await server.send_slash_command("ask", {"question": question}, guild_id=guild_id)
    return embed_text((await handle.wait_reply(timeout=10))["embeds"][0])


async def test_two_shard_processes_share_the_index_and_the_state(tmp_path: Path) -> None:
    world = World.create(tmp_path)
    zero, one = _guild_ids()
    async with FakeDiscord(shard_count=2, create_default_guild=False) as server:
        for name, guild_id in (("Shard zero", zero), ("Shard one", one)):
            server.add_guild(make_guild(name, guild_id=guild_id), members=[server.user])
        assert (shard_for(zero, 2), shard_for(one, 2)) == (0, 1)
        processes = [
            await start_run(
                run_env(
                    server,
                    world.seeds,
                    world.db,
                    BRIEFBOT_SHARD_COUNT="2",
                    BRIEFBOT_SHARD_IDS=str(shard),
                ),
                tmp_path,
            )
            for shard in (0, 1)
        ]
        outputs: list[tuple[str, str]] = []
        try:
            sessions = await server.wait_for_sessions(2, timeout=40)
            assert sorted((s.shard_id, s.shard_count) for s in sessions) == [(0, 2), (1, 2)]
            await server.wait_for_request(
                "PUT", rf"/applications/{server.application_id}/commands", timeout=15
            )
            assert "78,329" in await _ask(server, KILLED, zero)
            assert "78,329" in await _ask(server, KILLED, one)

            name = "zorblatt.txt"
            text, question, _ = ROTATING[name]
            assert "doesn't cover" in await _ask(server, question, one)
            (world.seeds / name).write_text(text, encoding="utf-8")
            reindex = await server.send_slash_command(
                "reindex", guild_id=zero, permissions=payloads.ADMINISTRATOR
            )
            report = embed_text((await reindex.wait_followup(timeout=20))["embeds"][0])
            assert "2 documents" in report and "Documents: +1 added" in report
            reindexed_at = time.monotonic()
            # Shard 1's process was not told: it notices the replaced file on its next question.
            answered = await _ask(server, question, one)
            assert "4,321" in answered, answered
            assert time.monotonic() - reindexed_at < 5

            # The state DB is shared: shard 1 reports shard 0's re-index and both shards' asks.
            briefing = await server.send_slash_command("briefing", guild_id=one)
            text = embed_text((await briefing.wait_reply())["embeds"][0])
            assert "2 documents" in text
            assert "Last re-indexed" in text
            assert "4 asked, 3 answered, 1 not covered" in text

            # Shard 1 loses its gateway connection, resumes and answers; shard 0 is untouched.
            mark = server.gateway_mark()
            assert await server.drop_connection(shard_id=1) == 1
            await server.wait_for_gateway(t="RESUMED", since=mark, timeout=15)
            assert "4,321" in await _ask(server, question, one)
            assert "4,321" in await _ask(server, question, zero)
            assert len(server.identifies) == 2 and len(server.open_connections()) == 2
        finally:
            outputs = [await stop(process) for process in processes]
        assert server.errors == []
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, out + err
        assert "Traceback" not in out + err
    # Both processes opened the same index: neither rebuilt it at start.
    assert not any("Rebuilt the index" in out + err for out, err in outputs)
