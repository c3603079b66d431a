"""Builders for Discord API payloads, shaped like the real API so discord.py parses them as is."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

Json = dict[str, Any]

DISCORD_EPOCH_MS = 1420070400000

# Permission bits (https://discord.com/developers/docs/topics/permissions).
ADMINISTRATOR = 1 << 3
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_EXTERNAL_EMOJIS = 1 << 18
MANAGE_GUILD = 1 << 5
USE_APPLICATION_COMMANDS = 1 << 31
SEND_MESSAGES_IN_THREADS = 1 << 38
ALL_PERMISSIONS = (1 << 53) - 1

DEFAULT_EVERYONE_PERMISSIONS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | ADD_REACTIONS
    | USE_EXTERNAL_EMOJIS
    | USE_APPLICATION_COMMANDS
    | SEND_MESSAGES_IN_THREADS
)
DEFAULT_BOT_PERMISSIONS = DEFAULT_EVERYONE_PERMISSIONS

# Gateway intent bits that Discord treats as privileged.
INTENT_GUILD_MEMBERS = 1 << 1
INTENT_GUILD_PRESENCES = 1 << 8
INTENT_MESSAGE_CONTENT = 1 << 15
PRIVILEGED_INTENTS = INTENT_GUILD_MEMBERS | INTENT_GUILD_PRESENCES | INTENT_MESSAGE_CONTENT

# Message flags.
FLAG_EPHEMERAL = 1 << 6
FLAG_LOADING = 1 << 7

# Channel types.
GUILD_TEXT = 0
DM = 1

_counter = itertools.count()


def snowflake(at: float | None = None) -> int:
    """Return a fresh, unique snowflake; real-looking so `(id >> 22) % shards` routing behaves."""
    ms = int((time.time() if at is None else at) * 1000) - DISCORD_EPOCH_MS
    return (ms << 22) | (1 << 17) | (next(_counter) & 0xFFF)


def shard_for(guild_id: int, shard_count: int) -> int:
    """Shard that Discord routes a guild's events to."""
    return (int(guild_id) >> 22) % max(shard_count, 1)


def iso_now() -> str:
    """Timestamp in the ISO-8601 form Discord sends."""
    return datetime.now(UTC).isoformat()


def make_user(
    username: str = "tester",
    *,
    user_id: int | None = None,
    bot: bool = False,
    global_name: str | None = None,
) -> Json:
    """A user object; the same dict is reused for authors, members and mentions."""
    user: Json = {
        "id": str(user_id or snowflake()),
        "username": username,
        "discriminator": "0",
        "global_name": global_name if global_name is not None else (None if bot else username),
        "avatar": None,
        "public_flags": 0,
        "flags": 0,
    }
    if bot:
        user["bot"] = True
    return user


def make_role(
    name: str,
    *,
    role_id: int | None = None,
    permissions: int = 0,
    position: int = 1,
) -> Json:
    """A guild role."""
    return {
        "id": str(role_id or snowflake()),
        "name": name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "icon": None,
        "unicode_emoji": None,
        "position": position,
        "permissions": str(permissions),
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }


def make_text_channel(
    name: str,
    *,
    guild_id: int | str,
    channel_id: int | None = None,
    position: int = 0,
) -> Json:
    """A guild text channel."""
    return {
        "id": str(channel_id or snowflake()),
        "type": GUILD_TEXT,
        "guild_id": str(guild_id),
        "name": name,
        "position": position,
        "permission_overwrites": [],
        "topic": None,
        "nsfw": False,
        "parent_id": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
    }


def make_dm_channel(recipient: Json, *, channel_id: int | None = None) -> Json:
    """A DM channel between the bot and `recipient`."""
    return {
        "id": str(channel_id or snowflake()),
        "type": DM,
        "last_message_id": None,
        "recipients": [recipient],
        "flags": 0,
    }


def make_member(user: Json, *, roles: Iterable[int | str] = (), nick: str | None = None) -> Json:
    """A guild member (with the nested user, as in GUILD_CREATE)."""
    return {
        "user": user,
        "nick": nick,
        "avatar": None,
        "roles": [str(r) for r in roles],
        "joined_at": iso_now(),
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
    }


def make_guild(
    name: str = "Briefbot Test Guild",
    *,
    guild_id: int | None = None,
    owner_id: int | str | None = None,
    channel_names: Sequence[str] = ("general",),
    everyone_permissions: int = DEFAULT_EVERYONE_PERMISSIONS,
) -> Json:
    """A full GUILD_CREATE guild with an @everyone role and text channels, but no members yet."""
    gid = guild_id or snowflake()
    return {
        "id": str(gid),
        "name": name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(owner_id or snowflake()),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "features": [],
        "emojis": [],
        "stickers": [],
        "roles": [
            make_role("@everyone", role_id=gid, permissions=everyone_permissions, position=0)
        ],
        "channels": [
            make_text_channel(n, guild_id=gid, position=i) for i, n in enumerate(channel_names)
        ],
        "threads": [],
        "members": [],
        "member_count": 0,
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "large": False,
        "unavailable": False,
        "joined_at": iso_now(),
        "lazy": True,
        "premium_progress_bar_enabled": False,
    }


def member_permissions(
    guild: Json, role_ids: Iterable[int | str], *, user_id: int | str | None = None
) -> int:
    """Guild-level permissions of a member, as Discord computes them for `member.permissions`."""
    if user_id is not None and str(user_id) == str(guild.get("owner_id")):
        return ALL_PERMISSIONS
    wanted = {str(r) for r in role_ids} | {str(guild["id"])}
    perms = 0
    for role in guild["roles"]:
        if role["id"] in wanted:
            perms |= int(role["permissions"])
    return ALL_PERMISSIONS if perms & ADMINISTRATOR else perms


def message_payload(
    *,
    message_id: int | None = None,
    channel_id: int | str,
    author: Json,
    content: str = "",
    guild_id: int | str | None = None,
    embeds: Sequence[Json] = (),
    components: Sequence[Json] = (),
    attachments: Sequence[Json] = (),
    mentions: Sequence[Json] = (),
    mention_roles: Sequence[int | str] = (),
    flags: int = 0,
    message_reference: Json | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Json:
    """A full message object as REST returns it and MESSAGE_CREATE carries it."""
    msg: Json = {
        "id": str(message_id or snowflake()),
        "channel_id": str(channel_id),
        "author": author,
        "content": content,
        "timestamp": iso_now(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": list(mentions),
        "mention_roles": [str(r) for r in mention_roles],
        "attachments": list(attachments),
        "embeds": list(embeds),
        "components": list(components),
        "pinned": False,
        "type": 19 if message_reference else 0,
        "flags": flags,
    }
    if guild_id is not None:
        msg["guild_id"] = str(guild_id)
    if message_reference:
        msg["message_reference"] = {"type": 0, **message_reference}
    if extra:
        msg.update(extra)
    return msg


# ---------------------------------------------------------------------------
# Validation: the fake rejects what Discord rejects, so tests catch oversize output.
# ---------------------------------------------------------------------------

_EMBED_LIMITS = {"title": 256, "description": 4096}


def _err(path: str, code: str, message: str) -> tuple[str, str, str]:
    return (path, code, message)


def validate_message_body(body: Mapping[str, Any], *, has_files: bool = False) -> Json | None:
    """Return a Discord-style 400 error body if `body` breaks message limits, else None."""
    errors: list[tuple[str, str, str]] = []
    content = body.get("content")
    if content is not None and len(str(content)) > 2000:
        errors.append(_err("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length."))
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        errors.append(_err("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length."))
    total = 0
    for i, embed in enumerate(embeds):
        for key, limit in _EMBED_LIMITS.items():
            value = embed.get(key)
            if value is not None:
                total += len(value)
                if len(value) > limit:
                    errors.append(
                        _err(
                            f"embeds.{i}.{key}",
                            "BASE_TYPE_MAX_LENGTH",
                            f"Must be {limit} or fewer in length.",
                        )
                    )
        fields = embed.get("fields") or []
        if len(fields) > 25:
            errors.append(
                _err(f"embeds.{i}.fields", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
            )
        for j, field in enumerate(fields):
            name, value = str(field.get("name", "")), str(field.get("value", ""))
            total += len(name) + len(value)
            if not name or len(name) > 256:
                errors.append(
                    _err(f"embeds.{i}.fields.{j}.name", "BASE_TYPE_BAD_LENGTH", "Must be 1-256.")
                )
            if not value or len(value) > 1024:
                errors.append(
                    _err(f"embeds.{i}.fields.{j}.value", "BASE_TYPE_BAD_LENGTH", "Must be 1-1024.")
                )
        footer = (embed.get("footer") or {}).get("text")
        if footer is not None:
            total += len(footer)
            if len(footer) > 2048:
                errors.append(
                    _err(
                        f"embeds.{i}.footer.text", "BASE_TYPE_MAX_LENGTH", "Must be 2048 or fewer."
                    )
                )
        author = (embed.get("author") or {}).get("name")
        if author is not None:
            total += len(author)
            if len(author) > 256:
                errors.append(
                    _err(f"embeds.{i}.author.name", "BASE_TYPE_MAX_LENGTH", "Must be 256 or fewer.")
                )
    if total > 6000:
        errors.append(_err("embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size."))
    rows = body.get("components") or []
    if len(rows) > 40:
        errors.append(_err("components", "BASE_TYPE_MAX_LENGTH", "Must be 40 or fewer in length."))
    if errors:
        return form_error(errors)
    has_flags_v2 = bool(int(body.get("flags") or 0) & (1 << 15))
    if not (content or embeds or rows or has_files or body.get("poll") or has_flags_v2):
        return {"message": "Cannot send an empty message", "code": 50006}
    return None


def validate_autocomplete_choices(choices: Sequence[Mapping[str, Any]]) -> Json | None:
    """Return a 400 error body if autocomplete choices break Discord's limits, else None."""
    errors: list[tuple[str, str, str]] = []
    if len(choices) > 25:
        errors.append(_err("data.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer."))
    for i, choice in enumerate(choices):
        name = str(choice.get("name", ""))
        if not 1 <= len(name) <= 100:
            errors.append(_err(f"data.choices.{i}.name", "BASE_TYPE_BAD_LENGTH", "Must be 1-100."))
        value = choice.get("value")
        if isinstance(value, str) and len(value) > 100:
            errors.append(_err(f"data.choices.{i}.value", "BASE_TYPE_MAX_LENGTH", "Must be 100."))
    return form_error(errors) if errors else None


def validate_commands(commands: Sequence[Mapping[str, Any]]) -> Json | None:
    """Return a 400 error body if a bulk command overwrite breaks Discord's basic rules."""
    errors: list[tuple[str, str, str]] = []
    if len(commands) > 100:
        errors.append(_err("_root", "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length."))
    seen: set[tuple[str, int]] = set()
    for i, cmd in enumerate(commands):
        name = str(cmd.get("name", ""))
        ctype = int(cmd.get("type", 1))
        if not 1 <= len(name) <= 32:
            errors.append(_err(f"{i}.name", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32."))
        if ctype == 1:
            if name != name.lower() or " " in name:
                errors.append(_err(f"{i}.name", "APPLICATION_COMMAND_INVALID_NAME", "Bad name."))
            desc = str(cmd.get("description", ""))
            if not 1 <= len(desc) <= 100:
                errors.append(
                    _err(f"{i}.description", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100.")
                )
        if len(cmd.get("options") or []) > 25:
            errors.append(_err(f"{i}.options", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer."))
        if (name, ctype) in seen:
            errors.append(
                _err(f"{i}.name", "APPLICATION_COMMANDS_DUPLICATE_NAME", "Duplicate name.")
            )
        seen.add((name, ctype))
    return form_error(errors) if errors else None


def form_error(errors: Sequence[tuple[str, str, str]]) -> Json:
    """Build Discord's nested 50035 'Invalid Form Body' error."""
    tree: Json = {}
    for path, code, message in errors:
        node = tree
        for part in path.split("."):
            node = node.setdefault(part, {})
        node.setdefault("_errors", []).append({"code": code, "message": message})
    return {"code": 50035, "message": "Invalid Form Body", "errors": tree}
