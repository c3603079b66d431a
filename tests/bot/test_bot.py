"""The real Briefbot, end to end through discord.py, against the fake Discord server.

Every test starts the product bot (`bot.client.create_bot`) on a private copy of the seeds and
asserts on the HTTP calls it makes: what a member would see in Discord.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

import discord
import pytest
from discord.ext import commands
from fakediscord import FakeDiscord, make_user, payloads

from bot.services import Services
from bot.state import BotState
from index.store.build import build_index
from index.store.library import Library
from tests.bot_fixtures import (
    World,
    ask,
    assert_all_embeds_within_limits,
    briefbot,
    button_labels,
    custom_ids,
    embed_problems,
    embed_text,
    only_embed,
    plain,
)

pytestmark = pytest.mark.timeout(60)

BRIEFBOT = Path(sys.executable).with_name("briefbot")
KILLED = "How many Russian troops have been killed?"
NEW_ARTICLE = """\
Zorblatt reservoir reaches record level

March 3, 2025

Engineers said the Zorblatt reservoir now holds 4,321 cubic metres of meltwater, a record.

The reservoir supplies the valley towns during the dry season.
"""


def no_pings(body: dict) -> None:
    """The message may ping nobody: no @everyone/@here, users, roles or replied-to author."""
    mentions = body.get("allowed_mentions")
    assert mentions is not None, f"no allowed_mentions in {body}"
    assert mentions.get("parse") == []
    assert not mentions.get("users") and not mentions.get("roles")
    assert not mentions.get("replied_user")


# -- /ask --------------------------------------------------------------------------------------


async def test_ask_cites_the_passage_with_buttons_and_pings_nobody(
    server: FakeDiscord, bot: commands.Bot
) -> None:
    reply, handle = await ask(server, KILLED)
    assert handle.callback_type == 4 and not handle.ephemeral
    embed = only_embed(reply)
    first_block = embed["description"].split("\n\n")[0]
    assert "78,329" in first_block and "¶5" in first_block
    assert "**" in first_block  # the sentence that answers is highlighted
    footer = embed["footer"]["text"]
    assert "19 Nov 2024" in footer
    assert re.search(r"searched in \d+(\.\d+)? ms", footer)
    assert "page 1" in footer
    assert button_labels(reply) == ["More passages", "👍", "👎"]
    no_pings(reply)


async def test_private_ask_is_ephemeral(server: FakeDiscord, bot: commands.Bot) -> None:
    handle = await server.send_slash_command("ask", {"question": KILLED, "private": True})
    reply = await handle.wait_reply()
    assert int(reply["flags"]) & payloads.FLAG_EPHEMERAL
    assert "78,329" in only_embed(reply)["description"]


async def test_more_passages_pages_for_the_asker_only(
    server: FakeDiscord, bot: commands.Bot
) -> None:
    reply, asked = await ask(server, KILLED)
    page1 = only_embed(reply)["description"]
    more = next(c for c in custom_ids(reply) if c.startswith("bb:more:"))

    stranger = make_user("stranger")
    server.add_member(server.guild_id, stranger)
    refused = await server.send_component(more, user=stranger)
    body = await refused.wait_callback()
    assert body["type"] == 4 and refused.ephemeral
    assert "Only the member who asked" in body["data"]["content"]
    assert asked.original is not None and asked.original["embeds"][0]["description"] == page1

    press = await server.send_component(more)
    body = await press.wait_callback()
    assert body["type"] == 7, body  # the answer message is edited in place
    page2 = only_embed(body["data"])
    assert "page 2" in page2["footer"]["text"]
    cited1 = set(re.findall(r"¶\d+", page1))
    cited2 = set(re.findall(r"¶\d+", page2["description"]))
    assert cited2 and not cited1 & cited2, (cited1, cited2)
    assert asked.original["embeds"][0]["description"] == page2["description"]
    no_pings(body["data"])


async def test_thumbs_up_is_thanked_and_counted(server: FakeDiscord, bot: commands.Bot) -> None:
    reply, _ = await ask(server, KILLED)
    up = next(c for c in custom_ids(reply) if c.endswith(":up"))
    vote = await server.send_component(up)
    body = await vote.wait_callback()
    assert body["type"] == 4 and vote.ephemeral
    assert "Thanks" in body["data"]["content"]

    briefing = await server.send_slash_command("briefing")
    text = embed_text(only_embed(await briefing.wait_reply()))
    assert "👍 1" in text and "👎 0" in text
    assert "1 asked, 1 answered" in text


async def test_question_outside_the_briefing_says_so(
    server: FakeDiscord, bot: commands.Bot
) -> None:
    reply, _ = await ask(server, "Who won the 2022 World Cup?")
    embed = only_embed(reply)
    assert "doesn't cover" in embed["description"]
    assert "Russia advances near Kursk" in embed["description"]  # says what it does cover
    assert "Not covered" in embed["footer"]["text"]
    assert "More passages" not in button_labels(reply)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("   ", "Ask a question"),
        ("?!…", "no words or numbers"),
        ("😀🎉🔥", "no words or numbers"),
        ("troops " * 142 + "troopss", "1,000 characters"),
    ],
    ids=["blank", "punctuation", "emoji", "too-long"],
)
async def test_unusable_question_gets_a_private_explanation(
    server: FakeDiscord, bot: commands.Bot, question: str, expected: str
) -> None:
    reply, handle = await ask(server, question)
    assert handle.ephemeral
    assert expected in only_embed(reply)["description"]
    # The bot is still fine afterwards.
    again, _ = await ask(server, KILLED)
    assert "78,329" in only_embed(again)["description"]


async def test_mentions_in_a_question_ping_nobody(server: FakeDiscord, bot: commands.Bot) -> None:
    role = "<@&123456789012345678>"
    question = f"@everyone @here <@&123> <@456> {role} how many troops were killed?"
    reply, _ = await ask(server, question)
    no_pings(reply)
    text = embed_text(only_embed(reply))
    assert "@everyone" not in text and "@here" not in text
    assert role not in text
    assert "78,329" in text


async def test_mention_message_gets_a_reply_in_the_channel(
    server: FakeDiscord, bot: commands.Bot
) -> None:
    assert bot.user is not None
    handle = await server.send_message(
        f"<@{bot.user.id}> how many troops did Moscow deploy?", mention_bot=True
    )
    reply = await handle.wait_reply()
    assert reply["message_reference"]["message_id"] == str(handle.id)
    (posted,) = server.find_requests("POST", f"/channels/{server.channel_id}/messages")
    no_pings(posted.json)
    embed = only_embed(reply)
    assert "50,000" in embed["description"].split("\n\n")[0]
    assert "More passages" in button_labels(reply)

    more = next(c for c in custom_ids(reply) if c.startswith("bb:more:"))
    press = await server.send_component(more)
    body = await press.wait_callback()
    assert body["type"] == 7 and "page 2" in only_embed(body["data"])["footer"]["text"]


async def test_a_reply_to_an_answer_follows_it_up_and_pages_with_it(
    server: FakeDiscord, bot: commands.Bot
) -> None:
    """Replying to the bot's answer asks a follow-up: searched with the question it follows,
    which the answer shows above its passages, and keeps for its next pages."""
    first = await (
        await server.send_message("how many troops did Moscow deploy to Kursk?", mention_bot=True)
    ).wait_reply()
    here = {"channel_id": first["channel_id"], "guild_id": str(server.guild_id)}
    follow_up = await server.send_message(
        "and how many of them were killed?",
        mention_bot=True,
        message_reference={"message_id": first["id"], **here},
    )
    reply = await follow_up.wait_reply()
    description = plain(only_embed(reply)["description"])
    assert description.startswith("-# following up: “how many troops did Moscow deploy to Kursk?”")
    assert "78,329" in embed_text(only_embed(reply))
    more = next(c for c in custom_ids(reply) if c.startswith("bb:more:"))
    page = await (await server.send_component(more)).wait_callback()
    assert only_embed(page["data"])["description"].startswith("-# following up:")

    # Discord may leave the replied-to message out of the event: the bot fetches it.
    fetched = await server.send_message(
        "and how many were wounded?",
        mention_bot=True,
        message_reference={"message_id": reply["id"], **here},
        with_referenced=False,
    )
    chained = plain(only_embed(await fetched.wait_reply())["description"])
    assert chained.startswith(
        "-# following up: “how many troops did Moscow deploy to Kursk? and how many of them were "
        "killed?”"
    )


async def test_a_reply_to_anything_but_an_answer_is_asked_alone(
    server: FakeDiscord, bot: commands.Bot
) -> None:
    mine = await server.send_message("just chatting about Kursk")
    reply = await (
        await server.send_message(
            "how many troops were killed?",
            mention_bot=True,
            message_reference={"message_id": str(mine.id), "channel_id": str(server.channel_id)},
        )
    ).wait_reply()
    assert "following up" not in only_embed(reply)["description"]


async def test_mention_without_a_question_gets_a_hint(
    server: FakeDiscord, bot: commands.Bot
) -> None:
    handle = await server.send_message("", mention_bot=True)
    reply = await handle.wait_reply()
    assert "Ask me about the briefing" in only_embed(reply)["description"]


async def test_asking_too_quickly_is_answered_kindly(
    server: FakeDiscord, bot: commands.Bot
) -> None:
    for _ in range(5):
        reply, handle = await ask(server, KILLED)
        assert "78,329" in only_embed(reply)["description"]
    reply, handle = await ask(server, KILLED)
    assert handle.ephemeral
    assert "asking quickly" in only_embed(reply)["description"]
    # Another member is not held back.
    other = make_user("other")
    server.add_member(server.guild_id, other)
    reply, _ = await ask(server, KILLED, user=other)
    assert "78,329" in only_embed(reply)["description"]
    # Messages share the same allowance.
    handle = await server.send_message("how many troops were killed?", mention_bot=True)
    assert "asking quickly" in only_embed(await handle.wait_reply())["description"]


async def test_long_markdown_question_fits_discord_limits(
    server: FakeDiscord, bot: commands.Bot
) -> None:
    question = ("**troops** __killed__ `x` ~~y~~ > *z* | @everyone # " * 40)[:1000]
    assert len(question) == 1000
    reply, _ = await ask(server, question)
    embed = only_embed(reply)
    assert embed_problems(embed) == []
    assert len(embed["title"]) <= 256
    assert "@everyone" not in embed["title"]
    assert assert_all_embeds_within_limits(server) >= 1


# -- /stats, /figure, /briefing ----------------------------------------------------------------


async def test_stats_lists_figures_by_topic(
    server: FakeDiscord, bot: commands.Bot, services: Services
) -> None:
    library = services.library()
    handle = await server.send_slash_command("stats")
    embed = only_embed(await handle.wait_reply())
    topics = library.topics()
    if topics:
        names = [field["name"] for field in embed["fields"]]
        assert names == [t.capitalize() for t in topics][:25]
    else:
        assert "No figures" in embed["description"]

    choices = await (
        await server.send_autocomplete("stats", {"topic": ""}, focused="topic")
    ).wait_choices()
    assert [c["value"] for c in choices] == topics[:25]

    unknown = await server.send_slash_command("stats", {"topic": "no such topic"})
    reply = await unknown.wait_reply()
    assert unknown.ephemeral and "No topic called" in reply["content"]

    if topics:
        one = await server.send_slash_command("stats", {"topic": topics[0]})
        embed = only_embed(await one.wait_reply())
        assert [field["name"] for field in embed["fields"]] == [topics[0].capitalize()]


async def test_figure_autocomplete_and_figure(
    server: FakeDiscord, bot: commands.Bot, services: Services
) -> None:
    handle = await server.send_autocomplete("figure", {"name": "troops"}, focused="name")
    choices = await handle.wait_choices()
    assert len(choices) <= 25
    if services.library().figure_count == 0:
        pytest.skip("the index has no figures (index/figures extracts none)")
    assert choices, "no figure suggested for “troops”"
    assert all(len(choice["name"]) <= 100 for choice in choices)
    assert all("troop" in choice["name"].lower() for choice in choices), choices

    chosen = choices[0]
    figure = services.library().figure(chosen["value"])
    assert figure is not None
    shown = await server.send_slash_command("figure", {"name": chosen["value"]})
    embed = only_embed(await shown.wait_reply())
    assert "¶" in embed["description"] and "19 Nov 2024" in embed["description"]
    assert plain(figure.sentence)[:40] in plain(embed["description"])

    missing = await server.send_slash_command("figure", {"name": "zzzz qqqq"})
    reply = await missing.wait_reply()
    assert missing.ephemeral and "No figure matches" in reply["content"]

    # Typed text that is not a suggestion still finds the best figure.
    typed = await server.send_slash_command("figure", {"name": "troops deployed"})
    assert "50,000" in only_embed(await typed.wait_reply())["description"]


async def test_briefing_reports_documents_passages_and_usage(
    server: FakeDiscord, bot: commands.Bot, services: Services
) -> None:
    await ask(server, KILLED)
    await ask(server, "Who won the 2022 World Cup?")
    handle = await server.send_slash_command("briefing")
    embed = only_embed(await handle.wait_reply())
    assert handle.ephemeral
    text = embed_text(embed)
    library = services.library()
    assert "Russia advances near Kursk" in text and "19 Nov 2024" in text
    assert f"1 documents, {library.size} passages, {library.figure_count} figures" in text
    assert "2 asked, 1 answered, 1 not covered" in text


# -- /reindex ----------------------------------------------------------------------------------


async def test_reindex_refused_without_permission(
    server: FakeDiscord, bot: commands.Bot, world: World
) -> None:
    before = world.index_identity()
    handle = await server.send_slash_command("reindex", permissions=payloads.SEND_MESSAGES)
    reply = await handle.wait_reply()
    assert handle.callback_type == 4 and handle.ephemeral
    assert "Only server administrators" in only_embed(reply)["description"]
    await asyncio.sleep(0.2)
    assert world.index_identity() == before
    assert not handle.followups


async def test_reindex_refused_in_a_dm(
    server: FakeDiscord, bot: commands.Bot, world: World
) -> None:
    before = world.index_identity()
    handle = await server.send_slash_command("reindex", guild_id=None)
    reply = await handle.wait_reply()
    assert handle.ephemeral
    assert "inside a server" in only_embed(reply)["description"]
    assert world.index_identity() == before


async def test_reindex_by_an_admin_reports_and_picks_up_a_new_article(
    server: FakeDiscord, bot: commands.Bot, world: World
) -> None:
    handle = await server.send_slash_command("reindex", permissions=payloads.ADMINISTRATOR)
    assert (await handle.wait_callback())["type"] == 5 and handle.ephemeral
    followup = await handle.wait_followup(timeout=10)
    assert int(followup["flags"]) & payloads.FLAG_EPHEMERAL
    text = embed_text(only_embed(followup))
    assert re.search(r"1 documents, \d+ passages, \d+ figures", text)
    assert "Documents: +0 added, −0 removed, 0 changed" in text

    (world.seeds / "zorblatt.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    handle = await server.send_slash_command("reindex", permissions=payloads.ADMINISTRATOR)
    text = embed_text(only_embed(await handle.wait_followup(timeout=10)))
    assert "2 documents" in text
    assert "Documents: +1 added" in text and "zorblatt" in text.lower()

    reply, _ = await ask(server, "How much water does the Zorblatt reservoir hold?")
    embed = only_embed(reply)
    assert "4,321" in embed["description"] and "3 Mar 2025" in embed["description"]

    briefing = await server.send_slash_command("briefing")
    assert "Last re-indexed" in embed_text(only_embed(await briefing.wait_reply()))


async def test_reindex_with_a_bad_file_keeps_the_old_index(
    server: FakeDiscord, bot: commands.Bot, world: World
) -> None:
    before = world.index_identity()
    (world.seeds / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    handle = await server.send_slash_command("reindex", permissions=payloads.ADMINISTRATOR)
    assert (await handle.wait_callback())["type"] == 5
    followup = await handle.wait_followup(timeout=10)
    embed = only_embed(followup)
    assert "failed" in embed["title"] and "still answering" in embed["title"]
    assert "broken.txt" in embed["description"]
    assert world.index_identity() == before

    reply, _ = await ask(server, KILLED)
    assert "78,329" in only_embed(reply)["description"]


# -- connection and commands -------------------------------------------------------------------


async def test_dropped_gateway_resumes_and_answers(server: FakeDiscord, bot: commands.Bot) -> None:
    mark = server.gateway_mark()
    assert await server.drop_connection() == 1
    await server.wait_for_gateway(t="RESUMED", since=mark, timeout=10)
    reply, _ = await ask(server, KILLED)
    assert "78,329" in only_embed(reply)["description"]
    assert len(server.identifies) == 1


async def test_commands_synced_once_then_not_again(
    server: FakeDiscord, world: World, tmp_path: Path
) -> None:
    state = BotState(tmp_path / "state.sqlite")
    try:
        services = world.services(server, state=state)
        async with briefbot(server, services):
            syncs = server.find_requests("PUT", rf"/applications/{server.application_id}/commands")
            assert len(syncs) == 1
            synced = {c["name"]: c for c in server.synced_commands()}
            assert set(synced) == {"ask", "stats", "figure", "briefing", "reindex"}
            assert all(c["description"] for c in synced.values())
            reindex = synced["reindex"]
            assert str(reindex["default_member_permissions"]) == "8"
            assert reindex.get("dm_permission") is False or reindex.get("contexts") == [0]
            ask_options = {o["name"]: o for o in synced["ask"]["options"]}
            assert ask_options["question"]["required"] is True
            assert synced["stats"]["options"][0]["autocomplete"] is True
            assert synced["figure"]["options"][0]["autocomplete"] is True
            first, _ = await ask(server, KILLED)

        mark = server.mark()
        services = world.services(server, state=state)
        async with briefbot(server, services):
            reply, _ = await ask(server, KILLED)
            assert "78,329" in only_embed(reply)["description"]
            # The buttons of an answer given before the restart still work.
            more = next(c for c in custom_ids(first) if c.startswith("bb:more:"))
            press = await server.send_component(more)
            body = await press.wait_callback()
            assert body["type"] == 7 and "page 2" in only_embed(body["data"])["footer"]["text"]
        later = [r for r in server.requests[mark:] if "/commands" in r.path and r.method != "GET"]
        assert later == []
    finally:
        state.close()
    assert not server.errors, server.errors


async def test_commands_resynced_when_guilds_change(
    server: FakeDiscord, world: World, tmp_path: Path
) -> None:
    state = BotState(tmp_path / "state.sqlite")
    try:
        async with briefbot(server, world.services(server, state=state)):
            pass
        mark = server.mark()
        guild = str(server.guild_id)
        async with briefbot(server, world.services(server, state=state, BRIEFBOT_GUILD_IDS=guild)):
            pass
        puts = [r for r in server.requests[mark:] if r.method == "PUT"]
        assert [r.path for r in puts] == [
            f"/applications/{server.application_id}/guilds/{guild}/commands"
        ]
    finally:
        state.close()


# -- the `briefbot run` console command --------------------------------------------------------


def _run_env(server: FakeDiscord, tmp_path: Path, world: World) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DISCORD_", "BRIEFBOT_"))
    }
    env.update(server.env())
    env.update(BRIEFBOT_SEEDS=str(world.seeds), BRIEFBOT_DB=str(tmp_path / "run" / "db.sqlite"))
    return env


async def _start(server: FakeDiscord, tmp_path: Path, world: World) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        str(BRIEFBOT),
        "run",
        cwd=tmp_path,  # no .env there
        env=_run_env(server, tmp_path, world),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_briefbot_run_answers_and_stops_cleanly_on_sigterm(
    server: FakeDiscord, world: World, tmp_path: Path
) -> None:
    process = await _start(server, tmp_path, world)
    try:
        await server.wait_for_sessions(1, timeout=30)
        await server.wait_for_request(
            "PUT", rf"/applications/{server.application_id}/commands", timeout=10
        )
        reply, _ = await ask(server, KILLED)
        embed = only_embed(reply)
        assert "78,329" in embed["description"] and "¶5" in embed["description"]
        no_pings(reply)
        process.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 20)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    output = (stdout + stderr).decode()
    assert process.returncode == 0, output
    assert "Shutting down" in output and "Briefbot stopped" in output
    assert "Traceback" not in output
    assert server.token not in output
    assert not server.errors, server.errors


async def test_briefbot_run_with_a_rejected_token_says_so_in_one_line(
    server: FakeDiscord, world: World, tmp_path: Path
) -> None:
    server.reject_token = True
    process = await _start(server, tmp_path, world)
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    out, err = stdout.decode(), stderr.decode()
    assert process.returncode == 1, out + err
    assert "Traceback" not in out + err
    assert server.token not in out + err
    lines = err.splitlines()
    problems = [line for line in lines if line.startswith("briefbot:")]
    assert problems == ["briefbot: Discord rejected DISCORD_TOKEN; check the token in .env"]
    assert lines[-1] == problems[0]
    # Nothing else alarming: no errors, no voice-library warnings, no line logged twice.
    assert not [line for line in lines if re.search(r"ERROR|CRITICAL|voice", line)]
    assert len(lines) == len(set(lines)), err


# -- sanity of the harness itself --------------------------------------------------------------


def test_world_index_matches_the_seeds(world: World) -> None:
    fresh = world.db.with_name("fresh.sqlite")
    build_index(world.seeds, fresh)
    assert Library(world.db).size == Library(fresh).size


def test_embed_limit_checker_catches_oversize() -> None:
    big = discord.Embed(title="t" * 257, description="d" * 4097).to_dict()
    assert len(embed_problems(big)) == 2  # title, description
    many = discord.Embed(description="d" * 4000)
    for number in range(26):
        many.add_field(name=f"f{number}", value="v" * 1025)
    problems = embed_problems(many.to_dict())
    assert "26 fields" in problems and any("in all" in problem for problem in problems)
    assert sum("value of 1025" in problem for problem in problems) == 26
