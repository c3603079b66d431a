"""A figure as one line an analyst would write: "Russia seized ≈2,700 km² of Ukrainian
territory in 2024, per ISW [¶3]".

Only the amount (hedge symbol, value, unit symbol), the period and the source are normalised;
every other word is the label's, taken from the sentence. `label_words` lists the words of a
line that its sentence does not hold, which must all be in lexicon.RENDER_WORDS.
"""

from __future__ import annotations

import re

from index.figures.labels import is_participle
from index.figures.lexicon import (
    CURRENCY_SIGNS,
    FREQUENCIES,
    MULTIPLIED,
    PARTITIVES,
    QUALIFIER_SYMBOLS,
    RENDER_WORDS,
    SMALL_NUMBERS,
    TENS,
    TIME_UNITS,
    words_of,
)
from index.figures.periods import period_label
from index.figures.record import Figure

_GLUED_UNITS = frozenset({"%", "×"})
# "33-run", "five-months", "eight-year-old": a number joined to a word (not "sub-counties").
_JOINED = re.compile(rf"(?:\d[\d.,]*|{'|'.join((*SMALL_NUMBERS, *TENS))})-[^\W\d_][\w-]*", re.I)


def render_figure(figure: Figure) -> str:
    """One line for people: lead, amount, measure, the subject if the label lacks it, the
    period, the source and the paragraph.

    Hedges read as symbols: ≈ approximately/about/around, ≥ at least, > more than/over,
    ≤ up to, < fewer than/under; "nearly"/"almost" stay words ("nearly 6×"); ranges read
    "2–2.25%". Whether it rose or fell, the label's own words say ("fell 0.3%").
    """
    line = " ".join(part for part in (figure.lead, amount_text(figure), figure.measure) if part)
    if figure.subject and figure.subject.lower() not in line.lower():
        words = line.split()
        line += f" by {figure.subject}" if is_participle(words[-1]) else f" ({figure.subject})"
    if figure.period is not None:
        line += f" {period_label(figure.period)}"
    if figure.source:
        line += f", per {_short_source(figure.source)}"
    return f"{line[:1].upper()}{line[1:]} [¶{figure.paragraph}]"


def label_words(figure: Figure) -> list[str]:
    """The words of the rendered line found neither in the figure's sentence nor in the fixed
    table of units, hedges and connectives: a well-made label has none."""
    sentence = set(words_of(figure.sentence))
    period = set(words_of(period_label(figure.period))) if figure.period else set()
    return [
        word
        for word in words_of(figure.rendered)
        if word not in sentence and word not in RENDER_WORDS and word not in period
    ]


def amount_text(figure: Figure) -> str:
    """The amount as the line shows it: "≈2,700 km²", "nearly 6×", "$4.2 billion"."""
    as_written = figure.kind in ("age", "odds", "score", "rank") or _in_two_units(figure)
    if as_written or _joined(figure.surface) or _compound(figure):
        return figure.surface  # "43", "one in 20", "3-0", "17th", "a 33-run partnership"
    unit, _, per = figure.unit.partition("/")
    low, high = figure.value, figure.value_high
    value = _number(low) if high is None else f"{_number(low)}–{_number(high)}"
    if low < 0:
        value = "−" + value.lstrip("-")
    if figure.kind == "money" and unit != "cents":
        sign = CURRENCY_SIGNS.get(unit)
        text = f"{sign}{value}" if sign else f"{value} {unit}".strip()
        if sign and value.startswith("−"):
            text = f"−{sign}{value[1:]}"
    elif unit in _GLUED_UNITS:
        text = f"{value}{unit}"
    elif not unit or _names_unit(figure, unit) or _unsaid_noun(figure, unit) or _partitive(figure):
        text = value
    else:
        text = f"{value} {unit.removesuffix('s') if low == 1 and unit in TIME_UNITS else unit}"
    if per and not set(words_of(per)) <= set(words_of(figure.measure)):
        text += f" per {per}" if per[0].isdigit() else f"/{per}"  # "5.6 per 1,000 live births"
    qualifier = figure.qualifier
    if qualifier in ("exact", "between"):
        return text
    symbol = QUALIFIER_SYMBOLS.get(qualifier)
    return f"{symbol}{text}" if symbol else f"{qualifier} {text}"


def _in_two_units(figure: Figure) -> bool:
    """A duration written in two units ("16 hours and 23 minutes"): the line keeps the words,
    not the total in the smaller unit (983 minutes)."""
    words = figure.surface.split()
    return figure.kind == "time" and "and" in words and "half" not in words


def _joined(surface: str) -> bool:
    """Whether the number is one word with what it measures ("eight-year-old", "43-month",
    "twice", "doubled"): the line keeps that word rather than split it."""
    last = surface.rsplit(maxsplit=1)[-1]
    return _JOINED.fullmatch(last) is not None or last.lower() in FREQUENCIES | MULTIPLIED.keys()


def _compound(figure: Figure) -> bool:
    """A duration that modifies a noun ("a 12 month wage freeze"): the line keeps it as
    written rather than make its unit plural."""
    *before, last = figure.surface.lower().split()
    rate = "/" in figure.unit  # "three days per week" is a rate, not a compound
    one = before[-1:] in (["a"], ["an"])  # "more than half an hour" is one hour's half
    return not (rate or one) and last in TIME_UNITS and f"{last}s" in TIME_UNITS


def _names_unit(figure: Figure, unit: str) -> bool:
    """Whether the measure already says what is counted ("Russian troops killed")."""
    return figure.kind in ("count", "time") and unit.lower() in words_of(figure.measure)


def _unsaid_noun(figure: Figure, unit: str) -> bool:
    """A counted noun lent by another sentence ("3.5 million of them", unit people): the line
    shows what this sentence says ("of them"), not a word it lacks."""
    return figure.kind == "count" and unit.lower() not in words_of(figure.sentence)


def _partitive(figure: Figure) -> bool:
    """ "14 of them Australians": the measure's pronoun stands for what is counted, so the
    noun it lends is not written again ("14 people of them")."""
    words = words_of(figure.measure)
    return figure.kind == "count" and len(words) > 1 and words[0] == "of" and words[1] in PARTITIVES


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


def _short_source(source: str) -> str:
    """ "Institute for the Study of War (ISW)" → "ISW"."""
    match = re.search(r"\(([^)]+)\)$", source)
    return match.group(1) if match else source
