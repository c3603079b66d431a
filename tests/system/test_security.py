"""Security: the token stays secret, /reindex is for admins only, Discord chooses no file path,
and the cooldown bounds how much work one member can make the bot do."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fakediscord import FakeDiscord, make_user, payloads

import index.answering.answer
import index.store.build
from bot.settings import load_settings
from bot.state import BotState
from tests.bot_fixtures import World, briefbot, custom_ids, embed_text
from tests.reliability_support import COVERED, PROJECT, clean_env, run_env, start_run, stop

pytestmark = pytest.mark.timeout(90)

TOKEN = "MTA5ODc2NTQzMjEwOTg3NjU0.Gq7Xy1.s3cr3t-T0KEN_value-that-must-never-be-logged"
SECRET_PART = "s3cr3t-T0KEN_value"
KILLED = COVERED[1]


# -- the token -------------------------------------------------------------------------------


def test_settings_never_show_the_token(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"DISCORD_TOKEN={TOKEN}\n")
    for settings in (
        load_settings(environ={"DISCORD_TOKEN": TOKEN}, dotenv_path=None),
        load_settings(environ={}, dotenv_path=tmp_path / ".env"),
    ):
        assert settings.token is not None and settings.token.reveal() == TOKEN
        for shown in (repr(settings), str(settings), f"{settings}", repr(settings.token)):
            assert SECRET_PART not in shown and TOKEN not in shown


def test_dotenv_is_git_ignored() -> None:
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", ".env"], cwd=PROJECT, capture_output=True, timeout=10
    )
    assert ignored.returncode == 0, "`.env` (which holds the token) must be git-ignored"
    tracked = subprocess.run(
        ["git", "ls-files", ".env"], cwd=PROJECT, capture_output=True, text=True, timeout=10
    )
    assert tracked.stdout.strip() == ""


async def test_the_token_never_appears_in_debug_logs_or_errors(tmp_path: Path) -> None:
    """`briefbot run` at DEBUG, token from .env; /ask, a failing reply, a failed re-index."""
    world = World.create(tmp_path)
    (tmp_path / ".env").write_text(f"DISCORD_TOKEN={TOKEN}\nBRIEFBOT_LOG_LEVEL=DEBUG\n")
    async with FakeDiscord(token=TOKEN) as server:
        env = run_env(server, world.seeds, world.db)
        del env["DISCORD_TOKEN"]  # read from .env in the working directory
        process = await start_run(env, tmp_path)
        try:
            await server.wait_for_sessions(1, timeout=30)
            assert server.identifies[0]["token"] == TOKEN
            await server.wait_for_request(
                "PUT", rf"/applications/{server.application_id}/commands", timeout=15
            )
            handle = await server.send_slash_command("ask", {"question": KILLED})
            assert "78,329" in embed_text((await handle.wait_reply())["embeds"][0])
            # An error path: Discord refuses the reply, the bot logs a traceback and apologises.
            server.fail_next("POST", r"/interactions/.*/callback", status=403)
            failing = await server.send_slash_command("ask", {"question": KILLED})
            apology = await failing.wait_reply()
            assert "went wrong" in apology["embeds"][0]["description"]
            # Another: a re-index that fails on a binary seed.
            (world.seeds / "broken.txt").write_bytes(b"\x00\x01binary")
            reindex = await server.send_slash_command("reindex", permissions=payloads.ADMINISTRATOR)
            assert "failed" in (await reindex.wait_followup(timeout=15))["embeds"][0]["title"]
            mention = await server.send_message("how many troops were killed?", mention_bot=True)
            await mention.wait_reply()
        finally:
            out, err = await stop(process)
    output = out + err
    assert process.returncode == 0, output
    assert re.search(r"DEBUG discord\.", output), "DEBUG logging was not on"
    assert "Command /ask failed" in output and "Traceback" in output  # the error was logged
    assert "Re-index by" in output and "broken.txt" in output
    assert TOKEN not in output
    assert SECRET_PART not in output
    assert TOKEN.split(".")[0] not in output  # not even the part that encodes the bot id


# -- /reindex: administrators only, inside a server --------------------------------------------


@pytest.fixture
async def server() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as srv:
        yield srv


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every build_index call the bot makes (patched before the bot loads its cogs)."""
    calls: list[Path] = []
    build = index.store.build.build_index

    def counting(seeds: Path, db: Path, **kwargs):
        calls.append(db)
        return build(seeds, db, **kwargs)

    monkeypatch.setattr(index, "build_index", counting)
    return calls


@pytest.mark.parametrize(
    ("who", "refusal"),
    [
        ({"permissions": 0}, "Only server administrators"),
        ({"permissions": payloads.MANAGE_GUILD | payloads.SEND_MESSAGES}, "Only server admin"),
        ({"guild_id": None}, "inside a server"),
        ({"guild_id": None, "permissions": payloads.ADMINISTRATOR}, "inside a server"),
    ],
    ids=["no-permissions", "manage-guild", "dm", "dm-claiming-admin"],
)
async def test_reindex_is_refused_at_runtime_whatever_the_command_permissions(
    server: FakeDiscord, tmp_path: Path, builds: list[Path], who: dict, refusal: str
) -> None:
    """The fake does not apply default_member_permissions, like a guild that overrode them:
    the interaction reaches the bot, and the bot's own check must refuse."""
    world = World.create(tmp_path)
    before = world.index_identity()
    services = world.services(server)
    try:
        async with briefbot(server, services):
            handle = await server.send_slash_command("reindex", **who)
            reply = await handle.wait_reply()
            await asyncio.sleep(0.2)
            assert handle.ephemeral and refusal in reply["embeds"][0]["description"]
            assert not handle.followups
    finally:
        services.state.close()
    assert builds == [] and world.index_identity() == before
    assert server.errors == []


async def test_reindex_allowed_for_a_configured_admin_role_without_permissions(
    server: FakeDiscord, tmp_path: Path, builds: list[Path]
) -> None:
    world = World.create(tmp_path)
    role = server.add_role(server.guild_id, "editors", permissions=0)
    services = world.services(server, BRIEFBOT_ADMIN_ROLE_IDS=role["id"])
    try:
        async with briefbot(server, services):
            editor = make_user("editor")
            server.add_member(server.guild_id, editor, roles=[role["id"]])
            handle = await server.send_slash_command(
                "reindex", user=editor, roles=[role["id"]], permissions=0
            )
            followup = await handle.wait_followup(timeout=15)
            assert "Re-indexed" in followup["embeds"][0]["title"]
    finally:
        services.state.close()
    assert builds == [world.db]


# -- nothing from Discord chooses a file path ---------------------------------------------------

_opened: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    watched = event in ("open", "sqlite3.connect", "os.listdir", "os.scandir")
    if _opened is not None and watched and args and isinstance(args[0], str | bytes | Path):
        _opened.append(str(args[0]))


sys.addaudithook(_audit)

TRAVERSALS = ["../../etc/passwd", "/etc/passwd", "..\\..\\etc\\shadow", "seeds/../../etc/shadow"]


async def test_no_question_or_figure_name_opens_a_path(server: FakeDiscord, tmp_path: Path) -> None:
    global _opened
    world = World.create(tmp_path)
    services = world.services(server)
    paths = (services.seeds, services.db, services.settings.state_db)
    files_before = sorted(p.name for p in world.seeds.iterdir())
    try:
        async with briefbot(server, services):
            _opened = []
            (tmp_path / "probe.txt").write_text("the audit hook sees this")
            assert any(p.endswith("probe.txt") for p in _opened)
            try:
                for number, text in enumerate(TRAVERSALS):
                    user = make_user(f"walker{number}")
                    for name, options in (
                        ("ask", {"question": text}),
                        ("ask", {"question": f"how many troops {text}"}),
                        ("figure", {"name": text}),
                        ("stats", {"topic": text}),
                    ):
                        handle = await server.send_slash_command(name, options, user=user)
                        await handle.wait_reply()
                    choices = await (
                        await server.send_autocomplete(
                            "figure", {"name": text}, focused="name", user=user
                        )
                    ).wait_choices()
                    assert all("passwd" not in c["value"] for c in choices)
                    message = await server.send_message(text, mention_bot=True, author=user)
                    await message.wait_reply()
            finally:
                opened, _opened = _opened, None
    finally:
        services.state.close()
    suspicious = [p for p in opened if re.search(r"passwd|shadow|\.\.", p)]
    assert suspicious == []
    assert (services.seeds, services.db, services.settings.state_db) == paths
    assert sorted(p.name for p in world.seeds.iterdir()) == files_before
    assert server.errors == []


# -- the cooldown bounds the work one member causes ----------------------------------------------


async def test_cooldown_bounds_the_searches_one_member_can_cause(
    server: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, int]] = []
    answer = index.answering.answer.answer

    def counting(
        library,
        question,
        k=index.answering.answer.DEFAULT_PASSAGES,
        offset=0,
        briefing=None,
        follows=None,
    ):
        calls.append((question, offset))
        return answer(library, question, k, offset, briefing=briefing, follows=follows)

    monkeypatch.setattr(index, "answer", counting)  # before the cog binds it
    world = World.create(tmp_path)
    services = world.services(server)
    try:
        async with briefbot(server, services):
            first = await (
                await server.send_slash_command("ask", {"question": KILLED})
            ).wait_reply()
            more = next(c for c in custom_ids(first) if c.startswith("bb:more:"))
            refused = 0
            for number in range(12):
                handle = await server.send_slash_command("ask", {"question": f"{KILLED} {number}"})
                refused += "asking quickly" in embed_text((await handle.wait_reply())["embeds"][0])
            for _ in range(6):  # paging is a search too
                press = await server.send_component(more)
                body = await press.wait_callback()
                refused += "asking quickly" in str(body)
            for _ in range(4):
                message = await server.send_message(KILLED, mention_bot=True)
                refused += "asking quickly" in embed_text((await message.wait_reply())["embeds"][0])
            assert len(calls) == 5, calls  # ASK_RATE per 30 s, however it is asked
            assert refused == 12 + 6 + 4 - 4
            other = make_user("other")
            reply = await (
                await server.send_slash_command("ask", {"question": KILLED}, user=other)
            ).wait_reply()
            assert "78,329" in embed_text(reply["embeds"][0])
            assert len(calls) == 6
    finally:
        services.state.close()
    assert server.errors == []


def test_state_file_is_the_only_thing_the_bot_writes(tmp_path: Path) -> None:
    """The state DB sits beside the index but is a separate file; the index stays read-only."""
    settings = load_settings(environ={"BRIEFBOT_DB": str(tmp_path / "var" / "i.sqlite")})
    state = BotState(settings.state_db)
    state.record_question(1, "q", True)
    state.close()
    assert settings.state_db.name == "i-state.sqlite"
    assert not (tmp_path / "var" / "i.sqlite").exists()


def test_clean_env_has_no_token() -> None:
    assert not any(key.startswith("DISCORD_") for key in clean_env())
