"""Figures: every quantity a careful analyst would pull from an article, with its context.

A figure is a number with its unit and hedge ("approximately 2,700 square kilometers"), the
words of its sentence that say what it measures ("Russia seized … of Ukrainian territory"),
when it holds (2024, resolved from "this year" with the article's date), who says so (ISW),
and where it is (¶3, the exact characters in the source file). Ratios ("nearly six times
more") link the two figures they compare. Numbers are read by `quantities`, times by
`periods`, sources by `attribution` and labels by `labels`; this module puts them together.

Never figures: dates and parts of dates, years, clock times, numbers inside names, page
chrome. An ordinal is a figure of its own kind, a rank ("rose to 17th"). A span counted from
the article ("over the past two years") is a duration as well as the period of the figures
around it.

Bump EXTRACTOR_VERSION whenever what is extracted changes: an index built by another version
is rebuilt rather than go on serving the old figures.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

from index.documents import Document, Passage
from index.figures.attribution import find_sources, source_for
from index.figures.labels import Context, Label, label, proper_words, topic
from index.figures.lexicon import CHROME_LINE, OTHER_EVENT, PARTITIVES, words_of
from index.figures.periods import Period, TimeMention, clock_times, find_periods
from index.figures.quantities import Quantity, find_quantities, may_hold_figure
from index.figures.record import Figure, Kind, Qualifier
from index.figures.render import amount_text, render_figure
from index.text.normalize import joined_lines
from index.text.sentences import sentence_spans
from index.text.tokens import Token, tokenize

__all__ = ["EXTRACTOR_VERSION", "Figure", "Period", "extract_figures", "render_figure"]

# 2: parts of a whole, "a dozen", scores and tallies are figures; shares have their own topic;
# "a 12 month freeze" is a duration.
# 22: ranks ("17th", "its fourth crew"). 35: a rendered line is stored, so a change to it
# bumps this too.
EXTRACTOR_VERSION = "60"

_RATIO_REACH = 4  # tokens between "six times more than the" and the figure compared with


@dataclass
class _Draft:
    """A figure being assembled within its sentence, before ids and links are final."""

    quantity: Quantity
    label: Label
    passage: Passage
    offset: int  # where the sentence starts in the source file
    sentence: str
    period: Period | None
    source: str | None
    unit: str
    id: str = ""
    measure: str = ""
    compares: tuple[str, ...] = ()


def extract_figures(document: Document, source_text: str | None = None) -> list[Figure]:
    """Every figure of a document, in article order.

    `source_text` is the article file's text; when given, passages are read from it by their
    offsets, so each figure's span quotes the file exactly. Passages with no digit and no
    number word are skipped before any parsing.
    """
    figures: list[Figure] = []
    seen: dict[int, str] = {}
    counters: dict[int, int] = {}
    last_count: dict[int, _Draft] = {}
    for passage in document.passages:
        text = passage.text
        if source_text is not None:  # a hard-wrapped paragraph's line breaks read as spaces
            text = joined_lines(source_text[passage.start : passage.end])
        before = seen.get(passage.paragraph, "")
        seen[passage.paragraph] = f"{before} {text}"
        if not may_hold_figure(text) or CHROME_LINE.match(text):
            continue
        proper = proper_words(f"{before} {text}")
        for start, end in sentence_spans(text):
            sentence = text[start:end]
            if not may_hold_figure(sentence) or CHROME_LINE.match(sentence):
                continue
            drafts = _sentence_drafts(document, passage, passage.start + start, sentence, proper)
            for draft in drafts:
                _resolve_partitive(draft, last_count.get(passage.paragraph))
                if draft.quantity.kind == "count" and draft.unit:
                    last_count[passage.paragraph] = draft
            _share_nouns(drafts)  # "200 of them in 2012 and 100 in 2014": 100 of them too
            _link(document.slug, passage.paragraph, drafts, counters)
            figures.extend(_figure(document.slug, draft) for draft in drafts)
    return figures


def _sentence_drafts(
    document: Document, passage: Passage, offset: int, sentence: str, proper: frozenset[str]
) -> list[_Draft]:
    tokens = tokenize(sentence)
    mentions = find_periods(sentence, document.date)
    clocks = clock_times(sentence)
    # A number inside a time expression is no figure ("by the end of 2025", "5 p.m. UTC"),
    # unless it counts a span that is one ("over the past two years"); a hedge before it is
    # no part of the time ("around 3 p.m.").
    unmeasured = [span for m in mentions if not m.measured for span in m.time_spans()] + clocks
    quantities = [
        quantity
        for quantity in find_quantities(sentence, tokens)
        if not any(
            start <= tokens[quantity.number].start and quantity.end <= end
            for start, end in unmeasured
        )
    ]
    if not quantities:
        return []
    sources = find_sources(sentence)
    starts = [quantity.start for quantity in quantities]
    times = (*(span for m in mentions for span in m.time_spans()), *clocks)
    spans = tuple((s.start, s.end) for s in sources)
    drafts: list[_Draft] = []
    for quantity in quantities:
        # A rank is a word of its noun phrase ("late in the second session … for 128"), and
        # a decade of life of its clause ("8 of the victims were in their 80s"): they end no
        # other figure's label.
        others = frozenset(
            k
            for other in quantities
            if other is not quantity and (not _worded(other) or _worded(quantity))
            for k in range(other.first, max(other.last, other.noun_first))
        )
        own = [(m.start, m.end) for m in mentions if m.start <= quantity.start < m.end]
        context = Context(others, tuple(t for t in times if t not in own), spans, proper)
        drafts.append(
            _Draft(
                quantity=quantity,
                label=label(
                    tokens,
                    quantity.first,
                    quantity.noun_first,
                    quantity.last,
                    context,
                    read_through=quantity.kind != "ratio",
                ),
                passage=passage,
                offset=offset,
                sentence=sentence,
                period=None
                if quantity.kind == "age" or own  # "over the past two years" is its own time
                else _period(quantity, mentions, starts, sentence),
                source=source_for(sources, quantity.start, starts),
                unit=quantity.unit,
            )
        )
    _share_nouns_back(tokens, drafts)
    _share_nouns(drafts)
    _share_leads(tokens, drafts, times)
    return drafts


def _worded(quantity: Quantity) -> bool:
    """A rank or a decade of life: a figure read as a word of the phrase around it."""
    return quantity.kind == "rank" or (quantity.kind == "age" and quantity.value_high is not None)


def _period(
    quantity: Quantity, mentions: list[TimeMention], starts: list[int], sentence: str
) -> Period | None:
    """The time expression nearest the figure with no other figure between: one after it
    first ("465 km² gained in 2023") unless a clause about another event comes between ("…
    when X was out this morning"), then one before ("Since October, …")."""
    usable = [m for m in mentions if not (m.start < quantity.end and quantity.start < m.end)]
    for mention in (m for m in usable if m.start >= quantity.end):
        if any(quantity.end <= s < mention.start for s in starts):
            continue
        if not OTHER_EVENT.intersection(words_of(sentence[quantity.end : mention.start])):
            return mention.period
    for mention in reversed([m for m in usable if m.end <= quantity.start]):
        if not any(mention.end <= s < quantity.start for s in starts):
            return mention.period
    following = [s for s in starts if s >= quantity.end]
    between = sentence[quantity.end : following[0]].strip().lower() if following else ","
    joined = between.startswith("(") or (
        not any(mark in between for mark in ",;:") and between.endswith(("to", "and", "or"))
    )
    if joined:
        # "cut by 25 basis points to 2.75% last month", "47 GW of storage and 26 GW of hydro by
        # 2032", "₹1.2 trillion ($14.4 billion) … over the next five years": one time for both
        return next((m.period for m in usable if m.start >= quantity.end), None)
    return None


def _share_nouns(drafts: list[_Draft]) -> None:
    """A bare count after a counted one in the same sentence counts the same thing: "nearly 80
    civilians dead and 150 wounded" (150 civilians)."""
    previous: _Draft | None = None
    for draft in drafts:
        bare = draft.quantity.kind == "count" and not draft.unit and not draft.quantity.noun
        if bare and previous is not None:
            draft.unit = previous.unit
        if draft.quantity.kind == "count" and draft.unit:
            previous = draft


def _share_nouns_back(tokens: list[Token], drafts: list[_Draft]) -> None:
    """A bare count joined by "and" or "or" to a counted one right after it counts the same
    thing: "609 and 552 respective billionaires", "12 and 15 soldiers"."""
    for earlier, later in reversed(list(itertools.pairwise(drafts))):
        bare = earlier.quantity.kind == "count" and not earlier.unit and not earlier.quantity.noun
        between = [t.lower for t in tokens[earlier.quantity.last : later.quantity.first]]
        if bare and later.quantity.kind == "count" and later.unit and between in (["and"], ["or"]):
            earlier.unit = later.unit


def _share_leads(
    tokens: list[Token], drafts: list[_Draft], times: tuple[tuple[int, int], ...]
) -> None:
    """Figures whose clause is another figure's: a conversion in brackets ("a fine of 7,500
    Swiss francs (about $A8,800)"), a level after a change ("rose five cents to 31.5 cents",
    "fell from $327 million in 2016 to $116.8 million"), the level a change left ("eased to
    2.4% in January from 2.6%"), and an age ("Prelogar, 43,")."""
    for previous, draft in itertools.pairwise(drafts):
        first, lead = draft.quantity.first, previous.label.lead
        between = [
            t.lower
            for t in tokens[previous.quantity.last : first]
            if not any(start <= t.start < end for start, end in times)
        ]
        if between == ["("]:
            # the words after the counted noun, not the noun: "10 keys ($10)" is no "$10 keys"
            measure = previous.label.measure
            noun = previous.quantity.noun
            if noun and draft.quantity.kind != previous.quantity.kind:
                measure = measure.removeprefix(noun).strip()
            draft.label = replace(draft.label, lead=lead, measure=measure)
        elif between in (["to"], [",", "to"]) and lead and _a_level(previous, draft):
            stem = lead.removesuffix(" from").removesuffix(" by")  # "fell from", "cut … by"
            draft.label = replace(draft.label, lead=f"{stem} to")
        elif between == ["from"] and lead.endswith(" to"):
            # "eased to 2.4% in January from 2.6% in December": the level it left
            draft.label = replace(draft.label, lead=f"{lead.removesuffix(' to')} from")
    for draft in drafts:
        first = draft.quantity.first
        if draft.quantity.kind == "age" and first >= 2 and tokens[first - 1].text == ",":
            name = first - 1
            while name > 0 and tokens[name - 1].is_capitalized:
                name -= 1
            if name < first - 1:
                # "Pruitt, 48, a former attorney general, was confirmed": the age is the
                # name's; what the sentence goes on to say is not
                closes = (
                    draft.quantity.last < len(tokens) and tokens[draft.quantity.last].text == ","
                )
                measure = "" if closes else draft.label.measure
                draft.label = replace(
                    draft.label, lead=_joined(tokens[name:first]), measure=measure
                )


def _a_level(change: _Draft, level: _Draft) -> bool:
    """Whether `level`, after "to", is the level a `change` reached: a measure ("to $391,000"),
    or a bare number after a bare change of the same kind ("grew by 12,000 to 1.3 million")."""
    if level.quantity.unit:
        return True
    return level.quantity.kind == change.quantity.kind and not change.quantity.unit


def _joined(tokens: list[Token]) -> str:
    """Tokens as the sentence writes them: "Prelogar,"."""
    return "".join(
        (" " if i and token.start > tokens[i - 1].end else "") + token.text
        for i, token in enumerate(tokens)
    )


def _resolve_partitive(draft: _Draft, counted: _Draft | None) -> None:
    """ "two of whom", "More than 3.5 million of them": the unit of the paragraph's last
    count."""
    if draft.quantity.noun in PARTITIVES and counted is not None:
        draft.unit = counted.unit


def _link(slug: str, paragraph: int, drafts: list[_Draft], counters: dict[int, int]) -> None:
    """Number the figures of a paragraph and tie each ratio to the two figures it compares."""
    for draft in drafts:
        counters[paragraph] = counters.get(paragraph, 0) + 1
        draft.id = f"{slug}:{paragraph}:{counters[paragraph]}"
        draft.measure = draft.label.measure
    for index, draft in enumerate(drafts):
        if draft.quantity.kind != "ratio":
            continue
        base = next((d for d in reversed(drafts[:index]) if d.quantity.kind != "ratio"), None)
        between = draft.sentence[base.quantity.end : draft.quantity.start] if base else ""
        if draft.label.lead and ("," in between or ";" in between):
            base = None  # "…three weeks, and fuel prices have risen sixfold": another clause
        other = next(
            (
                d
                for d in drafts[index + 1 :]
                if d.quantity.kind != "ratio"
                and d.quantity.first - draft.quantity.last <= _RATIO_REACH
            ),
            None,
        )
        draft.compares = tuple(d.id for d in (base, other) if d is not None)
        if other is not None:
            compared = _figure(slug, other)
            draft.measure = " ".join(
                part for part in (draft.measure, amount_text(compared), other.measure) if part
            )
            draft.period = other.period


def _figure(slug: str, draft: _Draft) -> Figure:
    quantity = draft.quantity
    kind: Kind = quantity.kind  # type: ignore[assignment]
    qualifier: Qualifier = quantity.qualifier  # type: ignore[assignment]
    figure = Figure(
        id=draft.id,
        document=slug,
        passage=draft.passage.id,
        paragraph=draft.passage.paragraph,
        sentence=draft.sentence,
        start=draft.offset + quantity.start,
        end=draft.offset + quantity.end,
        surface=draft.sentence[quantity.start : quantity.end],
        value=quantity.value,
        unit=draft.unit,
        kind=kind,
        qualifier=qualifier,
        lead=draft.label.lead,
        measure=draft.measure,
        topic=topic(f"{draft.label.lead} {draft.measure}", draft.unit, kind),
        subject=draft.label.subject,
        period=draft.period,
        source=draft.source,
        compares=draft.compares,
        value_high=quantity.value_high,
    )
    return replace(figure, rendered=render_figure(figure))
