"""The Discord client: one cog per concern, command errors answered, commands synced sparingly."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import NotAllowed
from bot.render import notice_embed
from bot.services import Services

log = logging.getLogger(__name__)

EXTENSIONS = ("bot.cogs.ask", "bot.cogs.stats", "bot.cogs.admin")
COMMANDS_HASH_KEY = "commands_hash"


class Briefbot(commands.Bot):
    """The bot the cogs are written against: it carries the services they share."""

    def __init__(self, services: Services, *, force_sync: bool = False, **options: Any) -> None:
        super().__init__(**_options(services), **options)
        self.services = services
        self.force_sync = force_sync

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            # A failure is fatal: a bot that runs without /ask must not sync that to Discord.
            await self.load_extension(extension)
        self.tree.error(on_app_command_error)
        await sync_commands_if_changed(self, self.services, force=self.force_sync)

    async def on_message(self, message: discord.Message, /) -> None:
        """No prefix commands: questions in messages are handled by the ask cog's listener."""


class ShardedBriefbot(Briefbot, commands.AutoShardedBot):
    """The same bot over several gateway connections (AutoShardedBot's, ahead of Bot's)."""

    def __init__(self, services: Services, *, force_sync: bool = False, **options: Any) -> None:
        settings = services.settings
        sharding: dict[str, Any] = {"shard_count": settings.shard_count}
        if settings.shard_ids:
            sharding["shard_ids"] = list(settings.shard_ids)
        super().__init__(services, force_sync=force_sync, **sharding, **options)


def briefbot(client: discord.Client) -> Briefbot:
    """The bot behind an interaction: discord.py types UI items against any client."""
    if not isinstance(client, Briefbot):
        raise TypeError(f"Briefbot's buttons need a Briefbot, not a {type(client).__name__}")
    return client


def create_bot(services: Services, **options: Any) -> Briefbot:
    """A sharded bot when BRIEFBOT_SHARD_COUNT is set, a plain one otherwise."""
    # Briefbot never joins voice: no start-up warnings about missing voice libraries.
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
    if services.settings.shard_count:
        return ShardedBriefbot(services, **options)
    return Briefbot(services, **options)


def _options(services: Services) -> dict[str, Any]:
    intents = discord.Intents.default()
    # Mentions carry their content without the privileged intent; ask channels need it.
    intents.message_content = bool(services.settings.ask_channel_ids)
    return {
        "command_prefix": commands.when_mentioned,
        "intents": intents,
        "allowed_mentions": discord.AllowedMentions.none(),
        "help_command": None,
    }


def commands_fingerprint(tree: app_commands.CommandTree, guild_ids: tuple[int, ...]) -> str:
    """Changes exactly when what Discord would be told changes (commands or target guilds)."""
    payload = {
        "commands": sorted((c.to_dict(tree) for c in tree.get_commands()), key=lambda c: c["name"]),
        "guilds": sorted(guild_ids),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


async def sync_commands_if_changed(
    bot: commands.Bot, services: Services, *, force: bool = False
) -> bool:
    """Publish the slash commands only when they changed (Discord rate-limits syncing)."""
    guild_ids = services.settings.guild_ids
    fingerprint = commands_fingerprint(bot.tree, guild_ids)
    if not force and services.state.get(COMMANDS_HASH_KEY) == fingerprint:
        log.info("Slash commands unchanged since the last sync; not syncing")
        return False
    if guild_ids:
        for guild_id in guild_ids:
            guild = discord.Object(id=guild_id)
            bot.tree.copy_global_to(guild=guild)
            await bot.tree.sync(guild=guild)
        log.info("Synced slash commands to guilds %s", ", ".join(map(str, guild_ids)))
    else:
        await bot.tree.sync()
        log.info("Synced slash commands globally (Discord may take up to an hour to show them)")
    await asyncio.to_thread(services.state.set, COMMANDS_HASH_KEY, fingerprint)
    return True


def user_message(error: app_commands.AppCommandError) -> str | None:
    """What to tell the member for errors they can cause; None for bugs (logged instead)."""
    if isinstance(error, NotAllowed):
        return str(error)
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command only works inside a server."
    if isinstance(error, app_commands.MissingPermissions | app_commands.CheckFailure):
        return "You don't have permission to use this command."
    return None


async def on_app_command_error(
    interaction: discord.Interaction, error: app_commands.AppCommandError
) -> None:
    """Answer privately; log the traceback of anything that is a bug rather than a user error."""
    message = user_message(error)
    if message is None:
        command = interaction.command.qualified_name if interaction.command else "?"
        log.error("Command /%s failed", command, exc_info=error)
        message = "Something went wrong on our side; it has been logged. Please try again."
    embed = notice_embed(message, error=True)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(embed=embed, ephemeral=True)
        else:
            await interaction.response.send_message(embed=embed, ephemeral=True)
    except discord.HTTPException:
        log.warning("Could not tell the member about an error in /%s", interaction.command)
