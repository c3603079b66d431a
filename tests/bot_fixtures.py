"""Helpers for driving the real Briefbot against the fake Discord (see tests/fakediscord)."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from discord.ext import commands
from fakediscord import (
    FakeDiscord,
    InteractionHandle,
    RecordedRequest,
    preserve_discord_endpoints,
    running_bot,
)

from bot.client import create_bot
from bot.endpoints import use_endpoints
from bot.services import Services
from bot.settings import load_settings
from bot.state import BotState
from index.store.build import build_index
from index.store.library import LibraryWatcher

PROJECT = Path(__file__).resolve().parents[1]
SEEDS = PROJECT / "seeds"

# https://discord.com/developers/docs/resources/message#embed-object-embed-limits
EMBED_LIMITS = {"title": 256, "description": 4096, "field_name": 256, "field_value": 1024}
FOOTER_LIMIT = 2048
FIELDS_LIMIT = 25
TOTAL_LIMIT = 6000


@dataclass
class World:
    """A briefing on disk: private seeds, an index built from them, and the bot's state file."""

    seeds: Path
    db: Path

    @classmethod
    def create(cls, folder: Path, prebuilt: Path | None = None) -> World:
        seeds = folder / "seeds"
        shutil.copytree(SEEDS, seeds)
        db = folder / "var" / "index.sqlite"
        db.parent.mkdir(parents=True)
        if prebuilt is not None:
            shutil.copyfile(prebuilt, db)
        else:
            build_index(seeds, db)
        return cls(seeds=seeds, db=db)

    def index_identity(self) -> tuple[int, int, int]:
        """Inode, mtime and size of the index file: unchanged when nothing rebuilt it."""
        stat = self.db.stat()
        return stat.st_ino, stat.st_mtime_ns, stat.st_size

    def services(self, server: FakeDiscord, state: BotState | None = None, **env: str) -> Services:
        settings = load_settings(
            environ={**server.env(), "BRIEFBOT_SEEDS": str(self.seeds), "BRIEFBOT_DB": str(self.db)}
            | env,
            dotenv_path=None,
        )
        return Services(
            settings=settings,
            seeds=self.seeds,
            db=self.db,
            watcher=LibraryWatcher(self.db),
            state=state or BotState(settings.state_db),
        )


@contextlib.asynccontextmanager
async def briefbot(server: FakeDiscord, services: Services) -> AsyncIterator[commands.Bot]:
    """The product bot, pointed at the fake exactly as `briefbot run` does, running."""
    with preserve_discord_endpoints():
        use_endpoints(services.settings.api_base, services.settings.gateway_url)
        bot = create_bot(services, guild_ready_timeout=0.1)
        async with running_bot(bot, server.token) as running:
            yield running


def sent_messages(server: FakeDiscord) -> Iterator[tuple[RecordedRequest, Mapping[str, Any]]]:
    """Every message body the bot sent or edited (callbacks, followups, posts, edits)."""
    for request in server.requests:
        if request.method not in ("POST", "PATCH") or not isinstance(request.json, dict):
            continue
        body = request.json
        if request.path.endswith("/callback"):
            body = body.get("data") or {}
        if isinstance(body, dict) and ("embeds" in body or "content" in body):
            yield request, body


def only_embed(body: Mapping[str, Any]) -> dict[str, Any]:
    (embed,) = body["embeds"]
    return embed


async def ask(
    server: FakeDiscord, question: str, **options: Any
) -> tuple[dict[str, Any], InteractionHandle]:
    """/ask `question` (options: briefing=…, and send_slash_command's user=, permissions=…)."""
    who = {k: options.pop(k) for k in list(options) if k not in ("briefing", "private")}
    handle = await server.send_slash_command("ask", {"question": question, **options}, **who)
    return await handle.wait_reply(), handle


def embed_problems(embed: Mapping[str, Any]) -> list[str]:
    """Where an embed breaks Discord's limits (empty when it fits)."""
    problems = []
    for key in ("title", "description"):
        if len(embed.get(key) or "") > EMBED_LIMITS[key]:
            problems.append(f"{key} has {len(embed[key])} characters")
    fields = embed.get("fields") or []
    if len(fields) > FIELDS_LIMIT:
        problems.append(f"{len(fields)} fields")
    for field in fields:
        if not field.get("name") or len(field["name"]) > EMBED_LIMITS["field_name"]:
            problems.append(f"field name {field.get('name')!r:.40}")
        if not field.get("value") or len(field["value"]) > EMBED_LIMITS["field_value"]:
            problems.append(f"field {field.get('name')!r:.40} value of {len(field['value'])}")
    footer = (embed.get("footer") or {}).get("text") or ""
    if len(footer) > FOOTER_LIMIT:
        problems.append(f"footer has {len(footer)} characters")
    total = (
        len(embed.get("title") or "")
        + len(embed.get("description") or "")
        + len(footer)
        + len((embed.get("author") or {}).get("name") or "")
        + sum(len(f.get("name") or "") + len(f.get("value") or "") for f in fields)
    )
    if total > TOTAL_LIMIT:
        problems.append(f"{total} characters in all")
    return problems


def assert_all_embeds_within_limits(server: FakeDiscord) -> int:
    """Check every embed the bot sent; return how many there were."""
    count = 0
    for request, body in sent_messages(server):
        for embed in body.get("embeds") or []:
            count += 1
            problems = embed_problems(embed)
            assert not problems, f"{request!r}: {problems}"
    return count


def embed_text(embed: Mapping[str, Any]) -> str:
    """All the visible text of an embed, for `in` checks."""
    parts = [embed.get("title") or "", embed.get("description") or ""]
    for field in embed.get("fields") or []:
        parts += [field.get("name") or "", field.get("value") or ""]
    parts.append((embed.get("footer") or {}).get("text") or "")
    return "\n".join(parts)


def plain(text: str) -> str:
    """Embed text without the Markdown the bot adds (bold, underline, escapes)."""
    return text.replace("**", "").replace("__", "").replace("\\", "")


def button_labels(body: Mapping[str, Any]) -> list[str]:
    """Labels (or emoji) of the buttons of a message body, in order."""
    labels = []
    for row in body.get("components") or []:
        for component in row.get("components") or []:
            labels.append(component.get("label") or (component.get("emoji") or {}).get("name"))
    return labels


def custom_ids(body: Mapping[str, Any]) -> list[str]:
    return [
        component["custom_id"]
        for row in body.get("components") or []
        for component in row.get("components") or []
        if "custom_id" in component
    ]
