"""Administration: /reindex rebuilds the index, or adds, replaces or removes one briefing.

The previous index keeps answering until the new one is installed; a refused file or a failed
build changes nothing (see index.store.seed_changes).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from pathlib import Path

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import reindex_allowed
from bot.client import Briefbot
from bot.completion import briefing_choices
from bot.render import report_embed
from bot.services import Services
from index import BuildReport, IndexUnusable, SeedError, build_index, display_date
from index.answering import completion
from index.store.seed_changes import (
    SeedChange,
    add_briefing,
    briefing_name,
    check_size,
    remove_briefing,
)

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


def seed_change_line(change: SeedChange) -> str:
    """“Added brief.txt: “Title” (3 Mar 2025)”, and where a removed file went."""
    verb = {"add": "Added", "replace": "Replaced", "remove": "Removed"}[change.action]
    line = f"{verb} {change.file}: “{change.title}” ({display_date(change.date)})"
    if change.action == "remove":
        line += "; kept in seeds/.removed/ (add it again to restore it)"
    return line


class AdminCog(commands.Cog):
    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(
        name="reindex",
        description="Rebuild the briefing index; add, replace or remove a briefing (admins)",
    )
    @app_commands.describe(
        add="A briefing to add: a .txt or .md file of at most 1 MB",
        replace="Replace a briefing already there under the same file name (default: no)",
        remove="A briefing to remove (kept in seeds/.removed/)",
    )
    @app_commands.default_permissions(administrator=True)
    @app_commands.guild_only()
    @reindex_allowed()
    async def reindex(
        self,
        interaction: discord.Interaction,
        add: discord.Attachment | None = None,
        replace: bool = False,
        remove: str | None = None,
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        who = f"{interaction.user} ({interaction.user.id})"
        try:
            action, file, work = await self._work(add, replace, remove, who)
        except SeedError as problem:
            await self._failed(interaction, who, "add" if add else "remove", problem.path, problem)
            return
        services = self.services
        if services.reindex_lock.locked():
            await interaction.followup.send(
                "A re-index is already running; yours starts when it finishes.", ephemeral=True
            )
        async with services.reindex_lock:
            try:
                outcome = await asyncio.to_thread(work)
            except (SeedError, IndexUnusable, OSError) as problem:
                await self._failed(interaction, who, action, file, problem)
                return
        # Swap in the new index now, not on the next question, with its autocomplete ready.
        await asyncio.to_thread(completion.prepare, services.library())
        if isinstance(outcome, SeedChange):
            lines = [seed_change_line(outcome), *change_lines(outcome.report)]
            action = outcome.action
        else:
            lines = change_lines(outcome)
        summary = "; ".join(lines)
        await asyncio.to_thread(
            functools.partial(
                services.state.record_reindex,
                who,
                ok=True,
                summary=summary,
                action=action,
                file=file,
            )
        )
        log.info("Re-indexed by %s: %s", who, summary)
        await interaction.followup.send(embed=report_embed("Re-indexed", lines), ephemeral=True)

    async def _work(
        self,
        add: discord.Attachment | None,
        replace: bool,
        remove: str | None,
        who: str,
    ) -> tuple[str, str | None, Callable[[], BuildReport | SeedChange]]:
        """(action, file, the blocking work) for the options given; SeedError if refused."""
        seeds, db = self.services.seeds, self.services.db
        if add is not None and remove is not None:
            raise SeedError(add.filename, "choose either add or remove, not both")
        if add is not None:
            name = briefing_name(add.filename)
            check_size(name, add.size)  # before downloading it
            try:
                data = await add.read()
            except discord.HTTPException as error:
                raise SeedError(name, f"could not be downloaded from Discord ({error})") from error
            work = functools.partial(
                add_briefing, seeds, db, name, data, replace=replace, built_by=who
            )
            return "add", name, work
        if remove is not None:
            name = self._seed_file(remove)
            return "remove", name, functools.partial(remove_briefing, seeds, db, name, built_by=who)
        return "reindex", None, functools.partial(build_index, seeds, db, built_by=who)

    def _seed_file(self, briefing: str) -> str:
        """The seed file of a briefing chosen by slug (as suggested) or given by file name."""
        document = self.services.library().documents.get(briefing)
        if document is not None:
            return Path(document.path).name
        if "/" not in briefing and (self.services.seeds / briefing).is_file():
            return briefing
        raise SeedError(briefing, "is not an indexed briefing; pick one from the suggestions")

    async def _failed(
        self,
        interaction: discord.Interaction,
        who: str,
        action: str,
        file: str | None,
        problem: Exception,
    ) -> None:
        log.warning("Re-index by %s failed (%s): %s", who, action, problem)
        record = self.services.state.record_reindex
        await asyncio.to_thread(
            functools.partial(record, who, ok=False, summary=str(problem), action=action, file=file)
        )
        await interaction.followup.send(
            embed=report_embed(
                "Re-index failed: the previous index is still answering",
                [str(problem), "Nothing was changed. Fix that file, then run /reindex again."],
                error=True,
            ),
            ephemeral=True,
        )

    @reindex.autocomplete("remove")
    async def remove_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return briefing_choices(self.services.library(), current)


async def setup(bot: Briefbot) -> None:
    await bot.add_cog(AdminCog(bot.services))
