"""Running the briefing desk from Discord: /reindex add, replace and remove, scoped questions,
what readers asked, and autocomplete that completes; through the real client and the fake CDN.
"""

from __future__ import annotations

import asyncio
import re

import pytest
from discord.ext import commands
from fakediscord import FakeDiscord, InteractionHandle, make_user, payloads

from bot.services import Services
from tests.bot_fixtures import World, ask, custom_ids, embed_text, only_embed, plain

pytestmark = pytest.mark.timeout(60)

ADMIN = {"permissions": payloads.ADMINISTRATOR}
RESERVOIR = """\
Zorblatt reservoir reaches record level

March 3, 2025

Engineers said the Zorblatt reservoir now holds 4,321 cubic metres of meltwater, a record.

The reservoir supplies the valley towns during the dry season.
"""
RESERVOIR_QUESTION = "How much water does the Zorblatt reservoir hold?"
KILLED = "How many Russian troops have been killed?"


def folder_state(world: World) -> tuple[dict[str, bytes], tuple[int, int, int]]:
    """Every file under the seeds folder (hidden ones too) and the index file's identity."""
    files = {
        str(path.relative_to(world.seeds)): path.read_bytes()
        for path in sorted(world.seeds.rglob("*"))
        if path.is_file()
    }
    stat = world.db.stat()
    return files, (stat.st_ino, stat.st_mtime_ns, stat.st_size)


async def reindex(server: FakeDiscord, options: dict | None = None, **who: object) -> str:
    """Run /reindex and return the text of its final (report) message."""
    handle = await server.send_slash_command("reindex", options, **(who or ADMIN))
    return await report_of(handle)


async def report_of(handle: InteractionHandle) -> str:
    """The text of the last follow-up: the report (after any "already running" notice)."""
    await handle.wait_callback()
    index = 0
    while True:
        body = await handle.wait_followup(index, timeout=30)
        if body.get("embeds"):
            return plain(embed_text(only_embed(body)))
        index += 1


async def add(server: FakeDiscord, filename: str, data: bytes, **options: object) -> str:
    attachment = server.add_attachment(filename, data)
    return await reindex(server, {"add": attachment, **options})


async def test_an_admin_adds_a_briefing_and_ask_answers_from_it(
    server: FakeDiscord, bot: commands.Bot, world: World
) -> None:
    report = await add(server, "reservoir.txt", RESERVOIR.encode())
    assert "Added reservoir.txt: “Zorblatt reservoir reaches record level” (3 Mar 2025)" in report
    assert "2 documents" in report and "Documents: +1 added" in report
    assert "Passages: +2 added, −0 removed, 0 changed" in report
    assert (world.seeds / "reservoir.txt").read_text() == RESERVOIR
    assert len(server.cdn.downloads) == 1  # fetched from the CDN URL Discord gave

    reply, _ = await ask(server, RESERVOIR_QUESTION)
    assert "4,321" in only_embed(reply)["description"]

    briefing = await server.send_slash_command("briefing", **ADMIN)
    text = embed_text(only_embed(await briefing.wait_reply()))
    assert "add reservoir.txt by tester" in plain(text)


async def test_a_markdown_briefing_with_bullets_answers_from_a_bullet(
    server: FakeDiscord, bot: commands.Bot, world: World
) -> None:
    """A briefing written in Markdown, as an editor types one: its short bullets are text."""
    storm = (
        "# Storm batters the coast\n\n2 December 2026\n\n**Key points:**\n\n"
        "- About 40,000 homes lost power on Tuesday\n- Winds reached 120 km/h at Cape Byron\n\n"
        "The Bureau of Meteorology said the storm was the strongest in a decade.\n"
    )
    report = await add(server, "storm.md", storm.encode())
    assert "Added storm.md: “Storm batters the coast” (2 Dec 2026)" in report
    reply, _ = await ask(server, "how strong were the winds at cape byron")
    embed = only_embed(reply)
    assert "120 km/h" in embed["description"]
    assert "Winds reached 120 km/h at Cape Byron" in plain(embed_text(embed))


async def test_a_members_add_is_refused_and_nothing_is_written(
    server: FakeDiscord, bot: commands.Bot, world: World
) -> None:
    before = folder_state(world)
    attachment = server.add_attachment("reservoir.txt", RESERVOIR.encode())
    handle = await server.send_slash_command(
        "reindex", {"add": attachment}, permissions=payloads.SEND_MESSAGES
    )
    reply = await handle.wait_reply()
    assert handle.ephemeral and "Only server administrators" in only_embed(reply)["description"]
    await asyncio.sleep(0.2)
    assert folder_state(world) == before
    assert server.cdn.downloads == []


OVERSIZED = b"Big briefing\n\n" + b"word " * (2**20 // 5 + 1)


@pytest.mark.parametrize(
    ("filename", "data", "reason"),
    [
        ("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is binary, not text"),
        ("empty.txt", b"  \n\n", "is empty"),
        ("latin1.txt", "Café crème\n\nPrix: 3 €".encode("cp1252"), "is not UTF-8 text"),
        ("huge.txt", OVERSIZED, "is 1,048,594 bytes; briefings are limited to 1,048,576 bytes"),
        ("../escape.txt", RESERVOIR.encode(), "is a path, not a file name"),
        (".hidden.txt", RESERVOIR.encode(), "is a hidden file name"),
        ("slides.pdf", RESERVOIR.encode(), "is not a .txt or .md file"),
    ],
    ids=["binary", "empty", "not-utf8", "oversized", "traversal", "hidden", "not-text"],
)
async def test_a_bad_attachment_is_refused_by_name_and_the_folder_is_unchanged(
    server: FakeDiscord, bot: commands.Bot, world: World, filename: str, data: bytes, reason: str
) -> None:
    before = folder_state(world)
    report = await add(server, filename, data)
    assert report.startswith("Re-index failed: the previous index is still answering")
    assert f"{filename}: {reason}" in report
    assert folder_state(world) == before
    assert not (world.seeds.parent / "escape.txt").exists()
    if len(data) > 2**20:
        assert server.cdn.downloads == []  # refused by its size, before downloading
    reply, _ = await ask(server, KILLED)
    assert "78,329" in only_embed(reply)["description"]


async def test_replacing_needs_replace_true(
    server: FakeDiscord, bot: commands.Bot, world: World
) -> None:
    (seed,) = world.seeds.glob("*.txt")
    original = seed.read_text()
    revised = original.replace("78,329", "81,000")
    before = folder_state(world)

    refused = await add(server, seed.name, revised.encode())
    assert f"{seed.name}: is already in the briefing; set replace to replace it" in refused
    assert folder_state(world) == before

    report = await add(server, seed.name, revised.encode(), replace=True)
    assert f"Replaced {seed.name}: “Russia advances near Kursk" in report
    assert "Passages: +0 added, −0 removed, 1 changed" in report
    assert seed.read_text() == revised
    assert (world.seeds / ".removed" / seed.name).read_text() == original
    reply, _ = await ask(server, KILLED)
    assert "81,000" in only_embed(reply)["description"]


async def test_remove_then_restore_a_briefing(
    server: FakeDiscord, bot: commands.Bot, world: World, services: Services
) -> None:
    await add(server, "reservoir.txt", RESERVOIR.encode())
    handle = await server.send_autocomplete(
        "reindex", {"remove": "zorb"}, focused="remove", **ADMIN
    )
    (choice,) = await handle.wait_choices()
    assert choice["name"] == "3 Mar 2025 · Zorblatt reservoir reaches record level"

    report = await reindex(server, {"remove": choice["value"]})
    assert "Removed reservoir.txt: “Zorblatt reservoir reaches record level”" in report
    assert "kept in seeds/.removed/" in report and "Documents: +0 added, −1 removed" in report
    assert not (world.seeds / "reservoir.txt").exists()
    assert (world.seeds / ".removed" / "reservoir.txt").read_text() == RESERVOIR
    reply, _ = await ask(server, RESERVOIR_QUESTION)
    assert "doesn't cover" in only_embed(reply)["description"]

    restored = (world.seeds / ".removed" / "reservoir.txt").read_bytes()
    report = await add(server, "reservoir.txt", restored)
    assert "Added reservoir.txt" in report
    reply, _ = await ask(server, RESERVOIR_QUESTION)
    assert "4,321" in only_embed(reply)["description"]


async def test_two_admins_adding_at_once_take_turns(
    server: FakeDiscord, bot: commands.Bot, world: World, services: Services
) -> None:
    other = make_user("second-admin")
    server.add_member(server.guild_id, other)
    first = await server.send_slash_command(
        "reindex", {"add": server.add_attachment("reservoir.txt", RESERVOIR.encode())}, **ADMIN
    )
    dam = server.add_attachment("dam.txt", RESERVOIR.replace("Zorblatt", "Quimby").encode())
    second = await server.send_slash_command("reindex", {"add": dam}, user=other, **ADMIN)
    reports = await asyncio.gather(report_of(first), report_of(second))
    assert sorted(re.findall(r"\d documents,", "".join(reports))) == [
        "2 documents,",
        "3 documents,",
    ]
    notices = [r.json.get("content") for h in (first, second) for r in h.followups]
    assert "A re-index is already running; yours starts when it finishes." in notices
    assert {d.title for d in services.library().documents.values()} >= {
        "Zorblatt reservoir reaches record level",
        "Quimby reservoir reaches record level",
    }
    assert (world.seeds / "reservoir.txt").is_file() and (world.seeds / "dam.txt").is_file()


async def test_ask_and_stats_scoped_to_one_briefing(
    server: FakeDiscord, bot: commands.Bot, services: Services
) -> None:
    troops = (
        RESERVOIR + "\nRussian troops killed near the reservoir were counted, officials said.\n"
    )
    await add(server, "reservoir.txt", troops.encode())
    handle = await server.send_autocomplete(
        "ask", {"question": "x", "briefing": ""}, focused="briefing"
    )
    choices = await handle.wait_choices()
    assert [c["name"][:11] for c in choices] == ["3 Mar 2025 ", "19 Nov 2024"]  # newest first
    reservoir, kursk = (c["value"] for c in choices)

    reply, _ = await ask(server, RESERVOIR_QUESTION, briefing=kursk)
    assert "doesn't cover" in only_embed(reply)["description"]
    reply, _ = await ask(server, RESERVOIR_QUESTION, briefing=reservoir)
    assert "4,321" in only_embed(reply)["description"]
    # Both briefings speak of troops killed: scoped, every page comes from the chosen one.
    unscoped, _ = await ask(server, KILLED)
    pages = [only_embed(unscoped)["description"]]
    more = next(c for c in custom_ids(unscoped) if c.startswith("bb:more:"))
    page = await (await server.send_component(more)).wait_callback()
    pages.append(only_embed(page["data"])["description"])
    assert "reservoir" in "".join(pages)
    other = make_user("other")  # five questions per member per 30 s
    server.add_member(server.guild_id, other)
    scoped, _ = await ask(server, KILLED, briefing=kursk, user=other)
    pages = [only_embed(scoped)["description"]]
    more = next(c for c in custom_ids(scoped) if c.startswith("bb:more:"))
    page = await (await server.send_component(more, user=other)).wait_callback()
    pages.append(only_embed(page["data"])["description"])
    assert "78,329" in pages[0] and "reservoir" not in "".join(pages)

    unknown = await server.send_slash_command(
        "ask", {"question": KILLED, "briefing": "qqqq"}, user=other
    )
    assert "No briefing called" in only_embed(await unknown.wait_reply())["description"]

    stats = await server.send_slash_command("stats", {"briefing": reservoir})
    embed = only_embed(await stats.wait_reply())
    assert "Zorblatt" in embed["title"] and "78,329" not in embed_text(embed)


async def test_figure_autocomplete_completes_words_and_numbers(
    server: FakeDiscord, bot: commands.Bot
) -> None:
    async def choices(typed: str) -> list[str]:
        handle = await server.send_autocomplete("figure", {"name": typed}, focused="name")
        return [choice["name"] for choice in await handle.wait_choices()]

    territory = await choices("terr")
    assert territory and all("territory" in name or "km²" in name for name in territory)
    assert "≈2,700 km² of Ukrainian territory" in (await choices("27"))[0]
    assert "troops killed" in (await choices("kil"))[0]
    assert (await choices("troops"))[0].startswith("≥78,329 Russian troops killed")


async def test_briefing_shows_admins_what_readers_asked(
    server: FakeDiscord, bot: commands.Bot
) -> None:
    await ask(server, "Who won the 2022 World Cup?")
    reply, _ = await ask(server, "How much territory has Russia seized?")
    down = next(c for c in custom_ids(reply) if c.endswith(":down"))
    await (await server.send_component(down)).wait_callback()

    admin = await server.send_slash_command("briefing", **ADMIN)
    text = plain(embed_text(only_embed(await admin.wait_reply())))
    assert admin.ephemeral
    assert "“Who won the 2022 World Cup?” · not_covered" in text
    assert "“How much territory has Russia seized?” · answered · Russia advances near Kursk…" in (
        text
    )

    member = await server.send_slash_command("briefing", permissions=payloads.SEND_MESSAGES)
    text = plain(embed_text(only_embed(await member.wait_reply())))
    assert "2 asked, 1 answered, 1 not covered" in text
    assert "World Cup" not in text and "Voted" not in text
