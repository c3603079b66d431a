"""Who may do what: the runtime guard behind /reindex (the client-side hint is not enough)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import discord
from discord import app_commands

if TYPE_CHECKING:  # bot.client imports this module
    from bot.client import Briefbot

T = TypeVar("T")


class NotAllowed(app_commands.CheckFailure):
    """Raised by a check; its message is shown to the member as it is."""


def can_reindex(interaction: discord.Interaction, admin_role_ids: tuple[int, ...]) -> bool:
    """Administrators, or members with one of the configured roles, in a server (never in DMs).

    `interaction.permissions` are the member's resolved permissions in the channel as Discord
    sends them, so a guild that overrides the command's default permissions still cannot let
    an ordinary member through.
    """
    if interaction.guild is None or not isinstance(interaction.user, discord.Member):
        return False
    if interaction.permissions.administrator:
        return True
    return any(role.id in admin_role_ids for role in interaction.user.roles)


def reindex_allowed() -> Callable[[T], T]:
    """The app-command check form of can_reindex, reading the configured roles from the bot."""

    async def predicate(interaction: discord.Interaction[Briefbot]) -> bool:
        roles = interaction.client.services.settings.admin_role_ids
        if interaction.guild is None:
            raise NotAllowed("Re-indexing is only available inside a server.")
        if not can_reindex(interaction, roles):
            raise NotAllowed(
                "Only server administrators (or the configured admin roles) can re-index."
            )
        return True

    return app_commands.check(predicate)
