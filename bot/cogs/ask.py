"""Asking: /ask, @mentions and ask channels; paging and feedback buttons that survive restarts."""

from __future__ import annotations

import asyncio
import functools
import logging
import re
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands
from discord.utils import MISSING

from bot.client import Briefbot, briefbot
from bot.completion import briefing_choices
from bot.render import answer_embed, fit, notice_embed, safe
from bot.services import Services
from bot.state import Asked
from index import DEFAULT_PASSAGES, Answer, answer
from index.answering.completion import find_briefing

log = logging.getLogger(__name__)

# Per member: this many questions per this many seconds, for /ask and messages alike.
ASK_RATE, ASK_PER_SECONDS = 5, 30.0
# Past this, the answer is sent as a follow-up so Discord's 3-second window is never missed.
DEFER_AFTER_SECONDS = 1.5
_MENTION = re.compile(r"<@[!&]?\d+>|<#\d+>|@everyone\b|@here\b")
# An answer's buttons carry the id of the question it answers: a reply to it follows that up.
_ANSWERED = re.compile(r"bb:(?:vote|more):(?P<question>\d+):")
# How much of a conversation a follow-up is searched with: the latest questions, the oldest
# dropped first, so a long thread keeps to its recent topic.
FOLLOWS_CHARS = 300


def question_from_message(content: str) -> str:
    """The question in a message or /ask: mentions removed (the bot's, others', @everyone).

    They name no one in the briefing; left in, they count as words the briefing lacks and
    turn a covered question into "not covered".
    """
    return " ".join(_MENTION.sub(" ", content).split())


def answered_question(message: discord.Message) -> int | None:
    """The id of the question a message of the bot answers, read from its buttons, or None
    (a notice, or another message)."""
    for row in message.components:
        for item in getattr(row, "children", ()):
            match = _ANSWERED.match(getattr(item, "custom_id", None) or "")
            if match:
                return int(match["question"])
    return None


def conversation(asked: Asked) -> str:
    """What a reply to the answer of `asked` follows up: that question, after the one it
    followed in turn, cut to the last FOLLOWS_CHARS characters at a word."""
    text = f"{asked.follows} {asked.question}" if asked.follows else asked.question
    if len(text) <= FOLLOWS_CHARS:
        return text
    cut = text[-FOLLOWS_CHARS:]
    return cut[cut.find(" ") + 1 :] if " " in cut else cut


class AnswerItem:
    """Mixin for buttons whose state lives in their custom_id, so they work after a restart.

    Not a DynamicItem itself: discord.py requires a `template` on every DynamicItem subclass.
    """

    @staticmethod
    def services(interaction: discord.Interaction) -> Services:
        return briefbot(interaction.client).services


class MorePassages(
    AnswerItem,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"bb:more:(?P<question>\d+):(?P<asker>\d+):(?P<offset>\d+)",
):
    """Pages to the next passages of the same answer; only the member who asked may press it."""

    def __init__(self, question_id: int, asker_id: int, offset: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="More passages",
                emoji="📄",
                style=discord.ButtonStyle.secondary,
                custom_id=f"bb:more:{question_id}:{asker_id}:{offset}",
            )
        )
        self.question_id, self.asker_id, self.offset = question_id, asker_id, offset

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> MorePassages:
        return cls(int(match["question"]), int(match["asker"]), int(match["offset"]))

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.user.id == self.asker_id:
            return True
        await interaction.response.send_message(
            "Only the member who asked can page through this answer; ask your own with /ask.",
            ephemeral=True,
        )
        return False

    async def callback(self, interaction: discord.Interaction) -> None:
        # A page is another search: it draws on the same per-member allowance as /ask.
        cog = briefbot(interaction.client).get_cog(AskCog.__cog_name__)
        slow_down = cog.slow_down(interaction.user) if isinstance(cog, AskCog) else None
        if slow_down:
            await interaction.response.send_message(embed=slow_down, ephemeral=True)
            return
        services = self.services(interaction)
        asked = await asyncio.to_thread(services.state.asked, self.question_id)
        library = services.library()
        if asked is None or (asked.briefing and asked.briefing not in library.documents):
            await interaction.response.send_message("That question has expired.", ephemeral=True)
            return
        result = await asyncio.to_thread(
            functools.partial(
                answer,
                library,
                asked.question,
                DEFAULT_PASSAGES,
                self.offset,
                briefing=asked.briefing,
                follows=asked.follows,
            )
        )
        page = self.offset // DEFAULT_PASSAGES + 1
        if not result.passages:
            await interaction.response.send_message(
                "No more passages for that question.", ephemeral=True
            )
            return
        await interaction.response.edit_message(
            embed=answer_embed(result, page=page),
            view=answer_view(
                self.question_id, self.asker_id, self.offset + DEFAULT_PASSAGES, result
            ),
        )


class Feedback(
    AnswerItem,
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"bb:vote:(?P<question>\d+):(?P<vote>up|down)",
):
    """👍/👎 on an answer, stored per member (voting again changes the vote)."""

    def __init__(self, question_id: int, helpful: bool) -> None:
        super().__init__(
            discord.ui.Button(
                emoji="👍" if helpful else "👎",
                style=discord.ButtonStyle.secondary,
                custom_id=f"bb:vote:{question_id}:{'up' if helpful else 'down'}",
            )
        )
        self.question_id, self.helpful = question_id, helpful

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Feedback:
        return cls(int(match["question"]), match["vote"] == "up")

    async def callback(self, interaction: discord.Interaction) -> None:
        await asyncio.to_thread(
            self.services(interaction).state.record_feedback,
            self.question_id,
            interaction.user.id,
            self.helpful,
        )
        await interaction.response.send_message("Thanks for the feedback!", ephemeral=True)


def answer_view(
    question_id: int, asker_id: int, next_offset: int, result: Answer
) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    if len(result.passages) == DEFAULT_PASSAGES:
        view.add_item(MorePassages(question_id, asker_id, next_offset))
    view.add_item(Feedback(question_id, helpful=True))
    view.add_item(Feedback(question_id, helpful=False))
    return view


class AskCog(commands.Cog):
    def __init__(self, bot: Briefbot, services: Services) -> None:
        self.bot = bot
        self.services = services
        self.cooldown: commands.CooldownMapping[discord.abc.User] = (
            commands.CooldownMapping.from_cooldown(ASK_RATE, ASK_PER_SECONDS, lambda user: user.id)
        )

    def slow_down(self, user: discord.abc.User) -> discord.Embed | None:
        """Count one question against the member's allowance; past it, the notice to send."""
        bucket = self.cooldown.get_bucket(user)
        retry = bucket.update_rate_limit() if bucket else None
        if not retry:
            return None
        return notice_embed(f"You're asking quickly: try again in {retry:.0f} s.")

    async def _answer(
        self, question: str, briefing: str | None = None, follows: str | None = None
    ) -> Answer:
        library = self.services.library()
        return await asyncio.to_thread(
            functools.partial(answer, library, question, briefing=briefing, follows=follows)
        )

    async def _record(
        self, user_id: int, question: str, result: Answer, briefing: str | None
    ) -> int:
        """Remember the question with the answer's status and first citation, as given, and
        the question it followed up."""
        record = functools.partial(
            self.services.state.record_question,
            user_id,
            question,
            result.answered,
            status=result.status,
            citation=result.passages[0].citation if result.passages else None,
            briefing=briefing,
            follows=result.follows,
        )
        return await asyncio.to_thread(record)

    async def _replied_to(self, message: discord.Message) -> Asked | None:
        """The question whose answer `message` replies to, or None for a message that replies
        to nothing, or to something other than one of the bot's answers."""
        reference = message.reference
        if reference is None or reference.message_id is None or self.bot.user is None:
            return None
        replied = reference.resolved
        if replied is None:  # Discord left it out: fetch it
            try:
                replied = await message.channel.fetch_message(reference.message_id)
            except discord.HTTPException:
                return None
        if not isinstance(replied, discord.Message) or replied.author.id != self.bot.user.id:
            return None
        question_id = answered_question(replied)
        if question_id is None:
            return None
        return await asyncio.to_thread(self.services.state.asked, question_id)

    @app_commands.command(name="ask", description="Ask a question about the briefing")
    @app_commands.describe(
        question="Your question, in plain words",
        private="Only you see the answer (default: no)",
        briefing="Search only this briefing (default: all of them)",
    )
    async def ask(
        self,
        interaction: discord.Interaction,
        question: str,
        private: bool = False,
        briefing: str | None = None,
    ) -> None:
        slow_down = self.slow_down(interaction.user)
        if slow_down:
            await interaction.response.send_message(embed=slow_down, ephemeral=True)
            return
        slug = find_briefing(self.services.library(), briefing) if briefing is not None else None
        if briefing is not None and slug is None:
            await interaction.response.send_message(
                embed=notice_embed(
                    f"No briefing called “{safe(fit(briefing, 50))}”; pick one from the "
                    "suggestions, or leave it out to search every briefing."
                ),
                ephemeral=True,
            )
            return
        question = question_from_message(question)
        task = asyncio.ensure_future(self._answer(question, slug))
        done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER_SECONDS)
        if not done:
            await interaction.response.defer(ephemeral=private, thinking=True)
        result = await task
        if result.status == "invalid" and result.message:
            # A question that cannot be searched: say why, privately.
            await _send(interaction, embed=notice_embed(result.message), ephemeral=True)
            return
        question_id = await self._record(interaction.user.id, question, result, slug)
        await _send(
            interaction,
            embed=answer_embed(result),
            view=answer_view(question_id, interaction.user.id, DEFAULT_PASSAGES, result),
            ephemeral=private,
        )

    @ask.autocomplete("briefing")
    async def ask_briefing_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return briefing_choices(self.services.library(), current)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or self.bot.user is None:
            return
        mentioned = self.bot.user in message.mentions
        in_ask_channel = message.channel.id in self.services.settings.ask_channel_ids
        if not (mentioned or in_ask_channel):
            return
        question = question_from_message(message.content)
        if not question:
            if mentioned:
                await message.reply(
                    embed=notice_embed(
                        "Ask me about the briefing, e.g. “@Briefbot how many troops…?”"
                    )
                )
            return
        slow_down = self.slow_down(message.author)
        if slow_down:
            await message.reply(embed=slow_down)
            return
        # A reply to an answer follows it up, in the briefing it was scoped to.
        replied = await self._replied_to(message)
        follows = conversation(replied) if replied is not None else None
        briefing = replied.briefing if replied is not None else None
        if briefing is not None and briefing not in self.services.library().documents:
            briefing = None
        async with message.channel.typing():
            result = await self._answer(question, briefing, follows)
        if result.status == "invalid" and result.message:
            await message.reply(embed=notice_embed(result.message))
            return
        question_id = await self._record(message.author.id, question, result, briefing)
        await message.reply(
            embed=answer_embed(result),
            view=answer_view(question_id, message.author.id, DEFAULT_PASSAGES, result),
        )


async def _send(
    interaction: discord.Interaction,
    *,
    embed: discord.Embed,
    view: discord.ui.View = MISSING,
    ephemeral: bool = False,
) -> None:
    if interaction.response.is_done():
        await interaction.followup.send(embed=embed, view=view, ephemeral=ephemeral)
    else:
        await interaction.response.send_message(embed=embed, view=view, ephemeral=ephemeral)


async def setup(bot: Briefbot) -> None:
    bot.add_dynamic_items(MorePassages, Feedback)
    await bot.add_cog(AskCog(bot, bot.services))
