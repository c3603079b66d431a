"""Proves the fake Discord harness drives a real discord.py `commands.Bot` end to end."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator

import aiohttp
import discord
import discord.http
import pytest
import yarl
from discord import app_commands
from discord.ext import commands
from discord.gateway import DiscordWebSocket
from fakediscord import (
    FakeDiscord,
    make_guild,
    payloads,
    preserve_discord_endpoints,
    running_bot,
)

pytestmark = pytest.mark.timeout(30)

TOPICS = ["economy", "elections", "energy", "science", "sport"]


def apply_endpoint_overrides() -> None:
    """The minimal version of what the product bot must do before `login` (see README)."""
    if api_base := os.environ.get("DISCORD_API_BASE"):
        discord.http.Route.BASE = api_base.rstrip("/")
    if gateway_url := os.environ.get("DISCORD_GATEWAY_URL"):
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


class VoteView(discord.ui.View):
    """A button whose press edits the message in place (component callback type 7)."""

    def __init__(self) -> None:
        super().__init__(timeout=30)
        self.votes = 0

    @discord.ui.button(label="Vote", custom_id="vote:up", style=discord.ButtonStyle.primary)
    async def vote(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.votes += 1
        await interaction.response.edit_message(content=f"votes: {self.votes}", view=self)


def install(bot: commands.Bot) -> commands.Bot:
    """Give a bot the commands and handlers the tests exercise."""
    bot.seen_messages = []  # type: ignore[attr-defined]

    @bot.tree.command(name="ping", description="Check that the bot answers")
    async def ping(interaction: discord.Interaction) -> None:
        embed = discord.Embed(title="Pong", description="pong")
        await interaction.response.send_message("pong", embed=embed)

    @bot.tree.command(name="think", description="Defer ephemerally, then follow up")
    async def think(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await asyncio.sleep(0.05)
        await interaction.followup.send("done thinking", ephemeral=True)

    async def topic_choices(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=t, value=t) for t in TOPICS if current.lower() in t]

    @bot.tree.command(name="topic", description="Pick a topic")
    @app_commands.autocomplete(name=topic_choices)
    async def topic(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(f"topic: {name}")

    @bot.tree.command(name="admin", description="Administrators only")
    @app_commands.checks.has_permissions(administrator=True)
    async def admin(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("welcome, admin")

    @admin.error
    async def admin_error(
        interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await interaction.response.send_message("admins only", ephemeral=True)

    @bot.tree.command(name="vote", description="Post a vote button")
    async def vote(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("votes: 0", view=VoteView())

    @bot.tree.command(name="long", description="Answer with an over-long message")
    async def long(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("x" * 2001)

    @bot.event
    async def on_message(message: discord.Message) -> None:
        if message.author.bot:
            return
        bot.seen_messages.append(message.content)  # type: ignore[attr-defined]
        if bot.user is not None and bot.user.mentioned_in(message):
            await message.reply(f"hello {message.author.name}", mention_author=False)

    async def setup_hook() -> None:
        await bot.tree.sync()

    async def before_identify_hook(shard_id: int | None, *, initial: bool = False) -> None:
        return None  # discord.py sleeps 5s before every non-initial IDENTIFY by default

    bot.setup_hook = setup_hook  # type: ignore[method-assign]
    bot.before_identify_hook = before_identify_hook  # type: ignore[method-assign]
    return bot


def build_bot(cls: type[commands.Bot] = commands.Bot) -> commands.Bot:
    """A plain bot: default intents (no message_content), fast guild-ready timeout."""
    intents = discord.Intents.default()
    assert not intents.message_content
    bot = cls(command_prefix=commands.when_mentioned, intents=intents, guild_ready_timeout=0.1)
    return install(bot)


@pytest.fixture
async def server() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as srv:
        yield srv


@pytest.fixture
def endpoints(server: FakeDiscord, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for key, value in server.env().items():
        monkeypatch.setenv(key, value)
    with preserve_discord_endpoints():
        apply_endpoint_overrides()
        yield


@pytest.fixture
async def bot(server: FakeDiscord, endpoints: None) -> AsyncIterator[commands.Bot]:
    async with running_bot(build_bot(), server.token) as running:
        yield running
    assert not server.errors, server.errors


async def test_login_ready_and_guild_available(server: FakeDiscord, bot: commands.Bot) -> None:
    me = server.find_requests("GET", "/users/@me")
    assert me and me[0].headers["Authorization"] == f"Bot {server.token}"
    assert server.find_requests("GET", "/oauth2/applications/@me")
    assert bot.user is not None and bot.user.id == int(server.bot_user["id"])
    assert bot.application_id == server.application_id

    guild = bot.get_guild(server.guild_id)
    assert guild is not None and guild.me is not None
    assert guild.get_channel(server.channel_id) is not None

    (identify,) = server.identifies
    assert identify["intents"] == discord.Intents.default().value
    # zlib-stream, or zstd-stream when the zstandard package is installed.
    expected = discord.utils._ActiveDecompressionContext.COMPRESSION_TYPE  # type: ignore[attr-defined]
    assert server.connections[0].compress == expected
    assert server.connections[0].path == "/gateway"

    synced = {c["name"] for c in server.synced_commands()}
    assert {"ping", "think", "topic", "admin", "vote"} <= synced


async def test_slash_command_gets_embed_reply(server: FakeDiscord, bot: commands.Bot) -> None:
    handle = await server.send_slash_command("ping")
    body = await handle.wait_callback()
    assert body["type"] == 4
    assert body["data"]["content"] == "pong"
    assert body["data"]["embeds"][0]["title"] == "Pong"
    assert handle.callback is not None and handle.callback.query.get("with_response") == "1"
    assert handle.original is not None and handle.original["content"] == "pong"


async def test_deferred_ephemeral_then_followup(server: FakeDiscord, bot: commands.Bot) -> None:
    handle = await server.send_slash_command("think")
    body = await handle.wait_callback()
    assert body["type"] == 5 and handle.ephemeral
    followup = await handle.wait_followup()
    assert followup["content"] == "done thinking"
    assert followup["flags"] & payloads.FLAG_EPHEMERAL
    assert await handle.wait_reply() == followup
    original = handle.original
    assert original is not None and original["content"] == "done thinking"
    assert not original["flags"] & payloads.FLAG_LOADING


async def test_autocomplete_returns_choices(server: FakeDiscord, bot: commands.Bot) -> None:
    handle = await server.send_autocomplete("topic", {"name": "e"}, focused="name")
    choices = await handle.wait_choices()
    assert [c["value"] for c in choices] == ["economy", "elections", "energy", "science"]

    handle = await server.send_slash_command("topic", {"name": "energy"})
    assert (await handle.wait_reply())["content"] == "topic: energy"


async def test_member_permissions_reach_checks(server: FakeDiscord, bot: commands.Bot) -> None:
    admin = await server.send_slash_command("admin", permissions=payloads.ADMINISTRATOR)
    assert (await admin.wait_reply())["content"] == "welcome, admin"

    pleb = await server.send_slash_command("admin", permissions=payloads.SEND_MESSAGES)
    reply = await pleb.wait_reply()
    assert reply["content"] == "admins only" and pleb.ephemeral


async def test_button_press_updates_message(server: FakeDiscord, bot: commands.Bot) -> None:
    posted = await server.send_slash_command("vote")
    assert (await posted.wait_reply())["content"] == "votes: 0"

    press = await server.send_component("vote:up")
    body = await press.wait_callback()
    assert body["type"] == 7 and body["data"]["content"] == "votes: 1"
    assert posted.original is not None and posted.original["content"] == "votes: 1"


async def test_mention_gets_reply_and_content_intent_is_emulated(
    server: FakeDiscord, bot: commands.Bot
) -> None:
    await server.send_message("nobody is talking to you")
    handle = await server.send_message("hello there", mention_bot=True)
    reply = await handle.wait_reply()
    assert reply["content"] == "hello tester"
    assert reply["message_reference"]["message_id"] == str(handle.id)
    # Without the message_content intent Discord blanks messages that don't mention the bot.
    assert bot.seen_messages == ["", f"<@{server.bot_user['id']}> hello there"]  # type: ignore[attr-defined]


async def test_dm_message_gets_reply(server: FakeDiscord, bot: commands.Bot) -> None:
    handle = await server.send_message("hi in private", guild_id=None, mention_bot=True)
    reply = await handle.wait_reply()
    assert reply["content"] == "hello tester" and "guild_id" not in reply


async def test_dropped_websocket_resumes_and_replays(
    server: FakeDiscord, bot: commands.Bot
) -> None:
    resumed = asyncio.Event()

    async def on_resumed() -> None:
        resumed.set()

    bot.add_listener(on_resumed)
    mark = server.gateway_mark()
    assert await server.drop_connection() == 1
    # Dispatched while the bot is disconnected: replayed to it after RESUME.
    handle = await server.send_slash_command("ping")
    await server.wait_for_gateway(op=6, direction="recv", since=mark)
    await server.wait_for_gateway(t="RESUMED", since=mark)
    assert (await handle.wait_reply())["content"] == "pong"
    await asyncio.wait_for(resumed.wait(), 5)
    assert server.connections[-1].path == "/gateway/resume"
    assert len(server.identifies) == 1

    again = await server.send_slash_command("ping")
    assert (await again.wait_reply())["content"] == "pong"


async def test_invalidated_session_reidentifies_on_default_gateway(
    server: FakeDiscord, bot: commands.Bot
) -> None:
    await server.invalidate_session(resumable=False)
    await server.wait_for_gateway(op=2, direction="recv", since=1)
    await server.wait_for_sessions(1)
    assert len(server.identifies) == 2
    assert server.connections[-1].path == "/gateway"
    handle = await server.send_slash_command("ping")
    assert (await handle.wait_reply())["content"] == "pong"


async def test_oversized_reply_is_rejected_like_discord(
    server: FakeDiscord, bot: commands.Bot
) -> None:
    handle = await server.send_slash_command("long")
    rejected = await server.wait_for_request(
        "POST", r"/interactions/\d+/.+/callback", predicate=lambda r: r.status == 400
    )
    assert rejected.response["code"] == 50035
    assert handle.callback is None


async def test_rejected_token_fails_login(server: FakeDiscord, endpoints: None) -> None:
    server.reject_token = True
    with pytest.raises(discord.LoginFailure):
        async with running_bot(build_bot(), server.token):
            pass
    (req,) = server.requests
    assert (req.method, req.path, req.status) == ("GET", "/users/@me", 401)


async def test_unknown_route_and_exact_json_content_type(server: FakeDiscord) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{server.api_base}/nope/nothing") as resp:
            assert resp.status == 404
            assert resp.headers["Content-Type"] == "application/json"
            assert (await resp.json())["code"] == 0
        headers = {"Authorization": f"Bot {server.token}"}
        async with session.get(f"{server.api_base}/gateway/bot", headers=headers) as resp:
            assert resp.headers["Content-Type"] == "application/json"
            assert (await resp.json())["url"] == server.gateway_url
    assert [r.path for r in server.unknown_requests] == ["/nope/nothing"]
    server.errors.clear()


def _guild_id_on_shard(shard_id: int, shard_count: int) -> int:
    gid = payloads.snowflake()
    while payloads.shard_for(gid, shard_count) != shard_id:
        gid += 1 << 22
    return gid


async def test_sharded_bot_routes_guilds_to_their_shard() -> None:
    async with FakeDiscord(shard_count=2, create_default_guild=False) as server:
        for shard in (0, 1):
            guild = make_guild(f"shard {shard}", guild_id=_guild_id_on_shard(shard, 2))
            server.add_guild(guild, members=[server.user])
        with preserve_discord_endpoints():
            discord.http.Route.BASE = server.api_base
            DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(server.gateway_url)
            async with running_bot(build_bot(commands.AutoShardedBot), server.token) as bot:
                assert bot.shard_count == 2
                assert sorted(i["shard"] for i in server.identifies) == [[0, 2], [1, 2]]
                for gid in server.guilds:
                    assert bot.get_guild(gid) is not None
                    handle = await server.send_slash_command("ping", guild_id=gid)
                    assert (await handle.wait_reply())["content"] == "pong"
                    (rec,) = [
                        r
                        for r in server.gateway_log
                        if r.t == "INTERACTION_CREATE" and r.d["id"] == str(handle.id)
                    ]
                    assert rec.shard_id == payloads.shard_for(gid, 2)
        assert not server.errors, server.errors
