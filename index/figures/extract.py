"""Figures: every quantity a careful analyst would pull from an article, with its context.

A figure is a number with its unit and hedge ("approximately 2,700 square kilometers"), what it
measures ("Ukrainian territory seized"), whose it is (Russia), when it holds (2024, resolved
from "this year" with the article's date), who says so (ISW), and where it is (¶3, the exact
characters in the source file). Ratios ("nearly six times more") link the two figures they
compare. Parsing is in `index.quantities`, `index.periods`, `index.syntax`, `index.actors`,
`index.attribution` and `index.measures`; this module assembles and renders the records.

Never figures: years and dates on their own (they date other figures), durations, ordinals,
page counters, numbers inside names, small counts written as words with no unit or hedge.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from typing import Any

from index.documents import Document, Passage
from index.figures.actors import DEMONYMS, proper_words, subject
from index.figures.attribution import find_sources, source_for
from index.figures.measures import Label, compose, fallback_noun, label, topic
from index.figures.periods import Period, TimeMention, find_periods, period_label
from index.figures.quantities import Quantity, find_quantities, may_hold_figure
from index.figures.syntax import (
    REPORTING_VERBS,
    clause_bounds,
    core_start,
    parentheticals,
    verb_at,
    verb_group,
)
from index.text.sentences import sentence_spans
from index.text.tokens import Token, tokenize

__all__ = ["Figure", "Period", "extract_figures", "figure_to_dict", "render_figure"]

_CHROME = re.compile(
    r"^(?:\s*[\d.,]+[kKmM]?\s*(?:views?|mins?|minutes?|min read|comments?|shares?|likes?|reads?)"
    r"\b)+\s*$",
    re.IGNORECASE,
)
_RATIO_REACH = 4  # tokens between "six times more than the" and the figure compared with
_ANAPHOR = re.compile(
    r"\bthe ((?:border |occupied |frontline )?(?:region|territory|area|oblast))\b"
)
_PLACE_NAME = re.compile(
    r"\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)(?:['’]s)? (?:region|oblast|province|territory)\b"
)


@dataclass(frozen=True)
class Figure:
    """One quantity in an article with what it measures, whose it is, when, and per whom."""

    id: str
    document: str
    passage: str
    paragraph: int
    sentence: str
    start: int
    end: int
    surface: str
    value: float
    unit: str
    kind: str
    qualifier: str
    measure: str
    topic: str
    subject: str | None
    period: Period | None
    source: str | None
    compares: tuple[str, ...] = ()
    value_high: float | None = None


@dataclass
class _Draft:
    """A figure being assembled within its sentence, before ids and links are final."""

    quantity: Quantity
    parts: Label
    passage: Passage
    offset: int  # where the sentence starts in the source file
    sentence: str
    tokens: list[Token]
    subject: str | None
    period: Period | None
    source: str | None
    clause: tuple[int, int] = (0, 0)
    aside: bool = False  # the figure sits in a comma-enclosed aside
    measure: str = ""
    unit: str = ""
    id: str = ""
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
        text = passage.text if source_text is None else source_text[passage.start : passage.end]
        before = seen.get(passage.paragraph, "")
        seen[passage.paragraph] = f"{before} {text}"
        if not may_hold_figure(text) or _CHROME.match(text):
            continue
        proper = proper_words(f"{before} {text}")
        for start, end in sentence_spans(text):
            sentence = text[start:end]
            if not may_hold_figure(sentence) or _CHROME.match(sentence):
                continue
            context = f"{before} {text[:end]}"
            offset = passage.start + start
            drafts = _sentence_drafts(document, passage, offset, sentence, proper)
            for draft in drafts:
                _resolve_pronoun(draft, last_count.get(passage.paragraph))
                if draft.quantity.kind == "count" and draft.unit:
                    last_count[passage.paragraph] = draft
            _link(document.slug, passage.paragraph, drafts, counters, context)
            figures.extend(_figure(document.slug, draft) for draft in drafts)
    return figures


def _sentence_drafts(
    document: Document, passage: Passage, offset: int, sentence: str, proper: frozenset[str]
) -> list[_Draft]:
    tokens = tokenize(sentence)
    quantities = find_quantities(sentence, tokens)
    if not quantities:
        return []
    mask = parentheticals(tokens)
    mentions = find_periods(sentence, document.date)
    sources = find_sources(sentence)
    starts = [quantity.start for quantity in quantities]
    reporter = next((s.name for s in sources if s.scope == "after"), None)
    drafts: list[_Draft] = []
    for quantity in quantities:
        clause = clause_bounds(tokens, quantity.first, quantity.last, mask)
        core = _after_frame(
            tokens, core_start(tokens, clause[0], quantity.first, mask), quantity.first
        )
        group = verb_group(tokens, quantity.first, core)
        parts = label(tokens, quantity, clause, core, group, mask)
        actor = subject(tokens, quantity.first, quantity.last, core, group, proper, reporter, mask)
        drafts.append(
            _Draft(
                quantity=quantity,
                parts=parts,
                passage=passage,
                offset=offset,
                sentence=sentence,
                tokens=tokens,
                subject=actor,
                period=_period(quantity, mentions, tokens, clause, mask, starts),
                source=source_for(sources, quantity.start, starts),
                clause=clause,
                aside=mask[quantity.first],
                unit=quantity.unit,
            )
        )
    _share_labels(drafts)
    return drafts


def _after_frame(tokens: list[Token], core: int, first: int) -> int:
    """Move a clause's start past a reporting frame: "[Destatis said] German output fell …"."""
    for index in range(first - 1, core - 1, -1):
        if tokens[index].lower in REPORTING_VERBS and verb_at(tokens, index):
            following = index + 1
            if following < first and tokens[following].lower == "that":
                following += 1
            return following
    return core


def _period(
    quantity: Quantity,
    mentions: list[TimeMention],
    tokens: list[Token],
    clause: tuple[int, int],
    mask: list[bool],
    starts: list[int],
) -> Period | None:
    """The time expression of the figure's clause nearest to it, with no other figure between;
    a time after the figure first ("465 km² gained in 2023"), then before ("Since October, …")."""
    low, high = tokens[clause[0]].start, tokens[clause[1] - 1].end
    inside = mask[quantity.first]
    masked = {t.start for t, hidden in zip(tokens, mask, strict=True) if hidden != inside}
    usable = [
        m
        for m in mentions
        if low <= m.start
        and m.end <= high
        and m.start not in masked
        and not (m.start < quantity.end and quantity.start < m.end)
    ]
    after = [m for m in usable if m.start >= quantity.end]
    before = [m for m in usable if m.end <= quantity.start]
    for mention in after:
        if not any(quantity.end <= s < mention.start for s in starts):
            return mention.period
    for mention in reversed(before):
        if not any(mention.end <= s < quantity.start for s in starts):
            return mention.period
    return after[0].period if after else None


def _share_labels(drafts: list[_Draft]) -> None:
    """Give each figure its measure; comparison points, conversions and pronouns share the
    label of the figure before them ("down from 0.4%", "($14.4 billion)", "expect it to …")."""
    previous: _Draft | None = None
    ratio_end = -1
    for draft in drafts:
        quantity, parts = draft.quantity, draft.parts
        if quantity.kind == "ratio":
            ratio_end = quantity.last
            continue
        kin = previous if previous and _same_family(previous.quantity, quantity) else None
        baseline = parts.baseline or 0 <= quantity.first - ratio_end <= _RATIO_REACH
        if parts.parenthetical and previous is not None:
            draft.measure = previous.measure
            draft.subject = draft.subject or previous.subject
            draft.period, draft.source = previous.period, previous.source or draft.source
        elif kin is not None and baseline and not parts.noun:
            draft.measure = kin.measure
            if parts.verb and not kin.parts.change:
                draft.measure = compose(replace(kin.parts, verb=parts.verb, extra=parts.extra), "")
            draft.subject = draft.subject or kin.subject
        else:
            if not parts.noun:
                if parts.anaphoric and previous is not None:
                    noun = previous.parts.noun
                else:
                    noun = fallback_noun(quantity.kind, draft.sentence)
                draft.parts = parts = replace(parts, noun=noun)
            draft.measure = compose(parts, quantity.kind)
        previous, ratio_end = draft, -1


def _same_family(first: Quantity, second: Quantity) -> bool:
    kinds = {first.kind, second.kind}
    return len(kinds) == 1 or kinds <= {"count", "time"} or kinds <= {"percent", "points"}


def _resolve_pronoun(draft: _Draft, counted: _Draft | None) -> None:
    """ "More than 3.5 million of them": the unit and noun of the paragraph's last count."""
    if draft.quantity.noun in ("them", "those", "these", "whom", "which") and counted:
        draft.unit = counted.unit
        noun = counted.quantity.noun or counted.unit
        draft.parts = replace(draft.parts, noun=noun)
        draft.measure = compose(draft.parts, "count")


def _link(
    slug: str, paragraph: int, drafts: list[_Draft], counters: dict[int, int], context: str
) -> None:
    """Number the figures of a paragraph and tie each ratio to the two figures it compares."""
    for draft in drafts:
        counters[paragraph] = counters.get(paragraph, 0) + 1
        draft.id = f"{slug}:{paragraph}:{counters[paragraph]}"
        draft.measure = _resolve_places(draft.measure, context)
    for index, draft in enumerate(drafts):
        if draft.quantity.kind != "ratio":
            continue
        earlier = [
            d
            for d in drafts[:index]
            if d.quantity.kind != "ratio" and (draft.aside or d.quantity.first >= draft.clause[0])
        ]
        later = [
            d
            for d in drafts[index + 1 :]
            if d.quantity.kind != "ratio" and d.quantity.first - draft.quantity.last <= _RATIO_REACH
        ]
        base = earlier[-1] if earlier else None
        other = later[0] if later else None
        draft.compares = tuple(d.id for d in (base, other) if d is not None)
        if base is not None:
            draft.measure = f"{base.measure} vs {_baseline(draft, other)}"
            draft.subject = draft.subject or base.subject
            draft.period = base.period or draft.period
        else:
            noun = draft.parts.noun or "value"
            draft.measure = f"rise in {noun}" if draft.parts.change >= 0 else f"fall in {noun}"


def _baseline(ratio: _Draft, other: _Draft | None) -> str:
    """What a ratio compares against: the other figure's year, or the words after "than/as"."""
    if other is not None and other.period is not None and other.period.start:
        label_text = period_label(other.period)
        return label_text.removeprefix("in ").removeprefix("as of ")
    if other is not None:
        return other.sentence[other.quantity.start : other.quantity.end]
    words = re.split(r"[,.;]", ratio.sentence[ratio.quantity.end :], maxsplit=1)[0].split()
    markers = [i for i, word in enumerate(words[:4]) if word.lower() in ("than", "as")]
    if markers:
        words = words[markers[-1] + 1 :]
    while words and words[0].lower() in ("the", "those", "that", "more", "much", "many"):
        words = words[1:]
    return " ".join(words[:6]) or "before"


def _resolve_places(measure: str, context: str) -> str:
    """ "to reclaim the territory" → "to reclaim Kursk territory", from the paragraph's last
    named region, so a label read alone still says where."""
    if not _ANAPHOR.search(measure):
        return measure
    names = _PLACE_NAME.findall(context)
    if not names:
        return measure
    return _ANAPHOR.sub(lambda match: f"{names[-1]} {match.group(1)}", measure)


def _figure(slug: str, draft: _Draft) -> Figure:
    quantity = draft.quantity
    value, high = quantity.value, quantity.value_high
    if draft.parts.change < 0 and value > 0:
        value, high = -value, (-high if high is not None else None)
        if high is not None:
            value, high = high, value
    surface = draft.sentence[quantity.start : quantity.end]
    return Figure(
        id=draft.id,
        document=slug,
        passage=draft.passage.id,
        paragraph=draft.passage.paragraph,
        sentence=draft.sentence,
        start=draft.offset + quantity.start,
        end=draft.offset + quantity.end,
        surface=surface,
        value=value,
        unit=draft.unit,
        kind=quantity.kind,
        qualifier=quantity.qualifier,
        measure=draft.measure,
        topic=topic(draft.measure, draft.unit, quantity.kind, draft.sentence),
        subject=draft.subject,
        period=draft.period,
        source=draft.source,
        compares=draft.compares,
        value_high=high,
    )


# Rendering -------------------------------------------------------------------------------

_SYMBOLS = {
    **dict.fromkeys(
        ("approximately", "about", "around", "roughly", "some", "circa", "estimated", "~"), "≈"
    ),
    **dict.fromkeys(("at least", "no fewer than", "no less than", "a minimum of"), "≥"),
    **dict.fromkeys(("more than", "over", "above", "in excess of", "upwards of", "just over"), ">"),
    **dict.fromkeys(
        ("up to", "as many as", "as much as", "at most", "no more than", "as high as"), "≤"
    ),
    **dict.fromkeys(("fewer than", "less than", "under", "below", "just under", "as low as"), "<"),
}
_CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "RUB": "₽"}
_GLUED_UNITS = frozenset({"%", "×"})
_PHYSICAL = frozenset({"area", "distance", "mass", "volume", "power", "energy", "temperature"})


def render_figure(figure: Figure) -> str:
    """One line for people: "≈2,700 km² of Ukrainian territory seized by Russia in 2024, per ISW
    [¶3]".

    Hedges read as symbols: ≈ approximately/about/around, ≥ at least, > more than/over,
    ≤ up to, < fewer than/under; "nearly"/"almost" stay words ("nearly 6×"). Changes carry a
    sign ("−0.2% change in German output"); ranges read "2–2.25%".
    """
    measure, _, versus = figure.measure.partition(" vs ")
    amount = _amount(figure)
    words = measure.split()
    if figure.kind in ("count", "time") and figure.unit.split("/")[0] in words:
        line = f"{amount} {measure}"
    elif figure.kind in ("count", "time") and figure.unit:
        line = f"{amount} {figure.unit} {measure}".rstrip()
    elif figure.kind in _PHYSICAL and words and not _verb_first(words):
        line = f"{amount} of {measure}"
    else:
        line = f"{amount} {measure}".rstrip()
    line = _with_subject(line, figure.subject)
    if figure.period is not None:
        line += f" {period_label(figure.period)}"
    if versus:
        line += f" vs {versus}"
    if figure.source:
        line += f", per {_short_source(figure.source)}"
    return f"{line} [¶{figure.paragraph}]"


def figure_to_dict(figure: Figure) -> dict[str, Any]:
    """A JSON-ready dict of a figure; the period as {"text", "start", "end"} or None."""
    data = asdict(figure)
    data["compares"] = list(figure.compares)
    return data


def _amount(figure: Figure) -> str:
    """ "≈2,700 km²", "nearly 6×", "−0.2%", "$4.2 billion", "2–2.25%", "$160/child"."""
    unit, _, per = figure.unit.partition("/")
    value = _number(figure.value)
    if figure.value_high is not None:
        value = f"{_number(figure.value)}–{_number(figure.value_high)}"
    if figure.value < 0:
        value = "−" + value.lstrip("-")
    elif figure.measure.startswith("change"):
        value = "+" + value
    if figure.kind == "money":
        sign = _CURRENCY_SIGNS.get(unit)
        text = f"{sign}{value}" if sign else f"{value} {unit}"
        if text.startswith(f"{sign}−"):
            text = f"−{sign}{value.lstrip('−')}"
    elif unit in _GLUED_UNITS:
        text = f"{value}{unit}"
    elif figure.kind in ("count", "time") or not unit:
        text = value
    else:
        text = f"{value} {unit}"
    if per:
        text += f"/{per}"
    qualifier = figure.qualifier
    if qualifier in ("exact", "between"):
        return text
    symbol = _SYMBOLS.get(qualifier)
    return f"{symbol}{text}" if symbol else f"{qualifier} {text}"


def _number(value: float) -> str:
    """2700 → "2,700"; 4.2e9 → "4.2 billion"; 0.75 → "0.75"."""
    magnitude = abs(value)
    for scale, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if magnitude >= scale:
            return f"{_plain(value / scale)} {name}"
    return _plain(value)


def _plain(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _with_subject(line: str, actor: str | None) -> str:
    """Add the actor after the measure's verb ("seized by Russia"), unless the line names it."""
    if not actor:
        return line
    demonyms = {word for word, country in DEMONYMS.items() if country == actor}
    words = [word.lower().rstrip(",") for word in line.split()]
    if actor.lower() in line.lower() or demonyms & set(words):
        return line
    for index in range(len(words) - 1, 0, -1):
        following = words[index + 1] if index + 1 < len(words) else ""
        if _participle_like(words[index]) and following in ("", "to", "in", "from", "into", "for"):
            pieces = line.split()
            return " ".join([*pieces[: index + 1], f"by {actor}", *pieces[index + 1 :]])
    return f"{line} ({actor})"


def _verb_first(words: list[str]) -> bool:
    """Whether a measure opens with a verb or a relation ("travelled from …", "change in …"),
    not with a noun phrase ("pumped hydro")."""
    if words[0] in ("change", "share", "rise", "fall"):
        return True
    following = words[1] if len(words) > 1 else ""
    return _participle_like(words[0]) and following in ("", "from", "to", "in", "by", "for")


def _participle_like(word: str) -> bool:
    return word.endswith("ed") or word in {"held", "spent", "sent", "won", "lost", "set", "made"}


def _short_source(source: str) -> str:
    """ "Institute for the Study of War (ISW)" → "ISW"."""
    match = re.search(r"\(([^)]+)\)$", source)
    return match.group(1) if match else source
