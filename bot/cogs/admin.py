"""Administration: /reindex rebuilds the index while the old one keeps answering."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import reindex_allowed
from bot.client import Briefbot
from bot.render import report_embed
from bot.services import Services
from index import BuildReport, IndexUnusable, SeedError, build_index

log = logging.getLogger(__name__)


def change_lines(report: BuildReport) -> list[str]:
    """What a re-index changed, in the words an admin expects."""
    lines = [
        f"{report.documents} documents, {report.passages} passages, {report.figures} figures "
        f"indexed in {report.seconds:.2f} s"
    ]
    for kind in ("documents", "passages", "figures"):
        added, removed = len(report.added[kind]), len(report.removed[kind])
        changed = len(report.changed.get(kind, []))
        lines.append(f"{kind.capitalize()}: +{added} added, −{removed} removed, {changed} changed")
    new_documents = report.added["documents"]
    if new_documents:
        lines.append("New: " + ", ".join(new_documents[:10]))
    return lines


class AdminCog(commands.Cog):
    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(
        name="reindex", description="Rebuild the briefing index from the seeds (admins)"
    )
    @app_commands.default_permissions(administrator=True)
    @app_commands.guild_only()
    @reindex_allowed()
    async def reindex(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        who = f"{interaction.user} ({interaction.user.id})"
        services = self.services
        if services.reindex_lock.locked():
            await interaction.followup.send(
                "A re-index is already running; yours starts when it finishes.", ephemeral=True
            )
        async with services.reindex_lock:
            try:
                report = await asyncio.to_thread(
                    build_index, services.seeds, services.db, built_by=who
                )
            except (SeedError, IndexUnusable, OSError) as problem:
                log.warning("Re-index by %s failed: %s", who, problem)
                await asyncio.to_thread(
                    services.state.record_reindex, who, ok=False, summary=str(problem)
                )
                await interaction.followup.send(
                    embed=report_embed(
                        "Re-index failed: the previous index is still answering",
                        [str(problem), "Fix or remove that file, then run /reindex again."],
                        error=True,
                    ),
                    ephemeral=True,
                )
                return
        services.library()  # swap in the new index now, not on the next question
        lines = change_lines(report)
        await asyncio.to_thread(
            services.state.record_reindex, who, ok=True, summary="; ".join(lines)
        )
        log.info("Re-indexed by %s: %s", who, "; ".join(lines))
        await interaction.followup.send(embed=report_embed("Re-indexed", lines), ephemeral=True)


async def setup(bot: Briefbot) -> None:
    await bot.add_cog(AdminCog(bot.services))
