"""Statistics: /stats (figures by topic), /figure (one figure, with autocomplete), /briefing."""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import Briefbot
from bot.render import figure_embed, figures_embed, fit, report_embed, safe
from bot.services import Services
from index import Figure, Library, best_figures, citation, display_date

CHOICES_LIMIT = 25
CHOICE_NAME_LIMIT = 100


class StatsCog(commands.Cog):
    def __init__(self, services: Services) -> None:
        self.services = services

    @app_commands.command(name="stats", description="The briefing's figures, grouped by topic")
    @app_commands.describe(topic="Only this topic (territory, casualties, troops…)")
    async def stats(self, interaction: discord.Interaction, topic: str | None = None) -> None:
        library = self.services.library()
        topics = library.topics()
        if topic is not None and topic not in topics:
            await interaction.response.send_message(
                f"No topic called “{safe(fit(topic, 50))}”. Topics: {', '.join(topics) or 'none'}.",
                ephemeral=True,
            )
            return
        grouped = {t: library.figures(t) for t in ([topic] if topic else topics)}
        title = f"Figures: {topic}" if topic else "The briefing's figures by topic"
        await interaction.response.send_message(embed=figures_embed(title, grouped))

    @stats.autocomplete("topic")
    async def topic_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        typed = current.casefold().strip()
        return [
            app_commands.Choice(name=topic, value=topic)
            for topic in self.services.library().topics()
            if typed in topic.casefold()
        ][:CHOICES_LIMIT]

    @app_commands.command(name="figure", description="One figure with the sentence it comes from")
    @app_commands.describe(name="Start typing a label, a number or a word (e.g. troops, 2700)")
    async def figure(self, interaction: discord.Interaction, name: str) -> None:
        library = self.services.library()
        found = await asyncio.to_thread(_find_figure, library, name)
        if found is None:
            await interaction.response.send_message(
                "No figure matches that; pick one from the suggestions or try /stats.",
                ephemeral=True,
            )
            return
        document = library.documents[found.document]
        where = citation(document.title, document.date, found.paragraph)
        await interaction.response.send_message(embed=figure_embed(found, where))

    @figure.autocomplete("name")
    async def figure_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        # Matching analyzes every figure: off the event loop, which serves every keystroke.
        matches = await asyncio.to_thread(_figure_choices, self.services.library(), current)
        return [
            app_commands.Choice(name=fit(figure.rendered, CHOICE_NAME_LIMIT), value=figure.id)
            for figure in matches[:CHOICES_LIMIT]
        ]

    @app_commands.command(name="briefing", description="What the bot knows, and how it is used")
    async def briefing(self, interaction: discord.Interaction) -> None:
        library = self.services.library()
        usage = self.services.state.usage()
        last = self.services.state.last_reindex()
        lines = [
            f"{display_date(d.date)} · {d.title} ({d.passages} passages)"
            for d in library.documents.values()
        ]
        lines.append(
            f"{len(library.documents)} documents, {library.size} passages, "
            f"{library.figure_count} figures; index built {library.meta['built_at']}"
        )
        if last:
            outcome = "re-indexed" if last.ok else "tried to re-index (failed)"
            lines.append(f"Last {outcome} {last.at} by {last.by}")
        lines.append(
            f"Questions: {usage.asked} asked, {usage.answered} answered, "
            f"{usage.not_covered} not covered · feedback 👍 {usage.helpful} 👎 {usage.unhelpful}"
        )
        await interaction.response.send_message(
            embed=report_embed("The briefing", lines), ephemeral=True
        )


def _find_figure(library: Library, name: str) -> Figure | None:
    """The figure picked from the suggestions (its id), else the best match for the words."""
    return library.figure(name) or next(iter(best_figures(library.figures(), name, 1)), None)


def _figure_choices(library: Library, typed: str) -> list[Figure]:
    figures = library.figures()
    return best_figures(figures, typed, CHOICES_LIMIT) if typed.strip() else figures


async def setup(bot: Briefbot) -> None:
    await bot.add_cog(StatsCog(bot.services))
