"""Fake Discord (REST + gateway) for driving a real discord.py bot in tests. See README.md."""

from . import payloads
from .payloads import make_guild, make_role, make_text_channel, make_user, snowflake
from .runner import discord_endpoints, preserve_discord_endpoints, running_bot
from .server import (
    FakeDiscord,
    FakeDiscordTimeout,
    GatewayRecord,
    GatewaySession,
    InteractionHandle,
    MessageHandle,
    RecordedRequest,
)

__all__ = [
    "FakeDiscord",
    "FakeDiscordTimeout",
    "GatewayRecord",
    "GatewaySession",
    "InteractionHandle",
    "MessageHandle",
    "RecordedRequest",
    "discord_endpoints",
    "make_guild",
    "make_role",
    "make_text_channel",
    "make_user",
    "payloads",
    "preserve_discord_endpoints",
    "running_bot",
    "snowflake",
]
