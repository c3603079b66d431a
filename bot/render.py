"""Answers, figures and reports as Discord embeds: pure functions, always within Discord's limits.

Limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits):
title 256, description 4096, field name 256, field value 1024, footer 2048, 25 fields,
6000 characters in all the embeds of a message. Text that does not fit is cut with "…".
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence

import discord
from discord.utils import escape_markdown, escape_mentions

from index import CLOSEST_LABEL, Answer, Figure, PassageAnswer, display_date

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
FIELDS_LIMIT = 25
TOTAL_LIMIT = 6000
ELLIPSIS = "…"
# The question a follow-up follows, as shown above its answer: enough to recognise it.
FOLLOWS_LIMIT = 200

ANSWER_COLOUR = discord.Colour.blurple()
NOT_COVERED_COLOUR = discord.Colour.light_grey()
CLOSEST_COLOUR = discord.Colour.gold()
ERROR_COLOUR = discord.Colour.red()


def fit(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, at a word boundary when one is near, ending in "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def safe(text: str) -> str:
    """User or article text made inert: no Markdown effects, no mentions."""
    return escape_mentions(escape_markdown(text))


def highlighted(passage: PassageAnswer) -> str:
    """The passage with its best sentence in bold and the matched words underlined."""
    start, end = passage.sentence
    cuts = sorted(
        {0, len(passage.text), start, end, *(p for span in passage.highlights for p in span)}
    )
    marked: list[str] = []
    for left, right in itertools.pairwise(cuts):
        piece = safe(passage.text[left:right])
        if any(s <= left and right <= e for s, e in passage.highlights):
            piece = f"__{piece}__"
        if start <= left and right <= end:
            piece = f"**{piece}**"
        marked.append(piece)
    return "".join(marked).replace("****", "")


def answer_embed(answer: Answer, *, page: int = 1) -> discord.Embed:
    """The reply to a question: passages with citations, the figures, search time in the footer.

    A confident answer is blurple; the closest passages, which may not answer exactly, are
    gold and say so above them; "not covered" is grey and says what the briefing covers.
    Repaired typos are shown in every case ("read as: casualites → casualti"), and so is the
    question a follow-up was searched with.
    """
    title = fit(f"“{safe(answer.question)}”", TITLE_LIMIT)
    blocks = []
    if answer.follows:
        blocks.append(f"-# following up: “{safe(fit(answer.follows, FOLLOWS_LIMIT))}”")
    if answer.corrections:
        fixed = ", ".join(f"{safe(a)} → {safe(b)}" for a, b in answer.corrections.items())
        blocks.append(f"-# read as: {fixed}")
    if not answer.passages:
        blocks.append(safe(answer.message or "The briefing doesn't cover that."))
        return discord.Embed(
            title=title, description=_joined(blocks, DESCRIPTION_LIMIT), colour=NOT_COVERED_COLOUR
        ).set_footer(text=f"Not covered · searched in {answer.elapsed_ms:.1f} ms")
    closest = answer.status == "closest"
    if closest:
        blocks.append(f"**{CLOSEST_LABEL}**")
    blocks.extend(
        f"{highlighted(passage)}\n— *{safe(passage.citation)}*" for passage in answer.passages
    )
    embed = discord.Embed(
        title=title,
        description=_joined(blocks, DESCRIPTION_LIMIT),
        colour=CLOSEST_COLOUR if closest else ANSWER_COLOUR,
    )
    if answer.figures:
        lines = [f"• {safe(figure.rendered)}" for figure in answer.figures]
        embed.add_field(name="Figures", value=_joined(lines, FIELD_VALUE_LIMIT), inline=False)
    dates = sorted({display_date(p.date) for p in answer.passages})
    kind = "Closest match · " if closest else ""
    embed.set_footer(
        text=fit(
            f"{kind}Briefing of {', '.join(dates)} · page {page} · "
            f"searched in {answer.elapsed_ms:.1f} ms",
            FOOTER_LIMIT,
        )
    )
    return within_total(embed)


def figures_embed(title: str, figures_by_topic: Mapping[str, Sequence[Figure]]) -> discord.Embed:
    """The briefing's figures, one field per topic."""
    embed = discord.Embed(title=fit(title, TITLE_LIMIT), colour=ANSWER_COLOUR)
    if not figures_by_topic:
        embed.description = "No figures in the briefing for that."
    for topic, figures in list(figures_by_topic.items())[:FIELDS_LIMIT]:
        lines = [f"• {safe(figure.rendered)}" for figure in figures]
        embed.add_field(
            name=fit(topic.capitalize(), FIELD_NAME_LIMIT),
            value=_joined(lines, FIELD_VALUE_LIMIT),
            inline=False,
        )
    return within_total(embed)


def figure_embed(figure: Figure, citation: str) -> discord.Embed:
    """One figure with the sentence it comes from, quoted, and its citation."""
    embed = discord.Embed(
        title=fit(safe(figure.label[:1].upper() + figure.label[1:]), TITLE_LIMIT),
        description=fit(
            f"**{safe(figure.rendered)}**\n> {safe(figure.sentence)}\n— *{safe(citation)}*",
            DESCRIPTION_LIMIT,
        ),
        colour=ANSWER_COLOUR,
    )
    details = {
        "Value": f"{figure.value:,g} {figure.unit}",
        "Qualifier": figure.qualifier if figure.qualifier != "exact" else None,
        "Source": figure.source or "unattributed",
        "Period": figure.period.text if figure.period else None,
    }
    for name, value in details.items():
        if value:
            embed.add_field(name=name, value=fit(safe(str(value)), FIELD_VALUE_LIMIT))
    return within_total(embed)


def notice_embed(text: str, *, error: bool = False) -> discord.Embed:
    return discord.Embed(
        description=fit(text, DESCRIPTION_LIMIT), colour=ERROR_COLOUR if error else ANSWER_COLOUR
    )


def report_embed(title: str, lines: Iterable[str], *, error: bool = False) -> discord.Embed:
    embed = notice_embed(_joined([safe(line) for line in lines], DESCRIPTION_LIMIT), error=error)
    embed.title = fit(title, TITLE_LIMIT)
    return embed


def within_total(embed: discord.Embed) -> discord.Embed:
    """Trim the description (then fields) until the whole embed fits Discord's 6000 characters."""
    excess = len(embed) - TOTAL_LIMIT
    if excess > 0 and embed.description:
        embed.description = fit(embed.description, max(1, len(embed.description) - excess))
    while len(embed) > TOTAL_LIMIT and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    return embed


def _joined(blocks: Sequence[str], limit: int) -> str:
    """Blocks separated by blank lines, keeping whole blocks while they fit."""
    text = ""
    for block in blocks:
        candidate = f"{text}\n\n{block}" if text else block
        if len(candidate) > limit:
            return text or fit(_plain(block), limit)
        text = candidate
    return text


def _plain(block: str) -> str:
    """A block without its emphasis, so cutting it cannot leave a marker unclosed."""
    return block.replace("**", "").replace("__", "")
