"""Quantities in running text: the number, its scale, unit and hedge, as an analyst would quote it.

"approximately 2,700 square kilometers", "$4.2 billion", "between 2% and 3%", "nearly six
times", "two million manufacturing jobs", durations ("three weeks", "a 43-month recession",
"more than an hour"), ages ("an eight-year-old", "at age 58"), frequencies ("three times",
"twice"), odds ("one in 20"), parts of a whole ("two-thirds of staff"), scores and tallies
("won 6-3", "a vote of 53-36", "2 for 17") and counts in compounds ("a 33-run partnership") are
quantities, and so are ranks ("rose to 17th", "its fourth crew"). Years, dates, clock times,
fractions of a time ("half a century", "the first half of 2024"), numbers inside names
("F-16", "number 10 and 11"), named terms ("a 10-year bond"), the second side of a score
already read, page counters ("5 views") and bare small counts written as words ("two
critical regions") are not, unless a count before them lends them its noun ("seven people …,
five in Victoria"): they are refused as they are read (index.figures.refusals), so no later
stage has to.

Everything is read from the original text, so spans are exact offsets into it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from lemminflect import getAllLemmas

from index.figures.lexicon import (
    CASUALTY_PARTICIPLES,
    CASUALTY_WORDS,
    CONJUNCTIONS,
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DAY_WORDS,
    DEATH_VERBS,
    DENOMINATORS,
    DETERMINERS,
    DOLLAR_PREFIXES,
    FALL_WORDS,
    FRACTIONS,
    FREQUENCIES,
    FUNCTION_WORDS,
    GLUED_SCALES,
    IRREGULAR_PLURALS,
    MULTIPLES,
    MULTIPLIED,
    MULTIPLYING_SCALES,
    NAMED_TERMS,
    NOT_COUNTED,
    NOT_RANKED,
    NUMBER_WORDS,
    ORDINAL_SUFFIXES,
    ORDINALS,
    PLACING_VERBS,
    PREPOSITIONS,
    PRONOUNS,
    QUALIFIER_PHRASES,
    RATE_NAMES,
    RATE_WORDS,
    RISE_WORDS,
    SCALES,
    SHORT_SCALES,
    SMALL_NUMBERS,
    TENS,
    TIME_UNITS,
    UNIT_PATTERNS,
)
from index.figures.raw import RawQuantity
from index.figures.refusals import (
    YEAR,
    is_age,
    is_day_of_month,
    past_owner,
    possessive,
    refused,
)
from index.text.tokens import Token

_MULTIPLE_FOLLOWERS = frozenset({"as", "the", "that", "those", "what", "this"})
_DECADES_OF_LIFE = frozenset(str(decade) for decade in range(10, 100, 10))
_POSSESSIVES = frozenset({"his", "her", "their"})
_PHRASAL_PARTICLES = frozenset({"down", "up", "as", "back", "over", "out", "to", "from"})
_COMPARATIVES = frozenset(
    "more less fewer higher lower larger smaller greater bigger faster slower as the that over "
    "above below".split()
)
_QUALIFIERS_BY_LAST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in QUALIFIER_PHRASES:
    _QUALIFIERS_BY_LAST.setdefault(_phrase[-1], []).append(_phrase)

_GAP = r"[ \u00a0\u202f]?[-‐]?"
_UNITS = tuple(
    (re.compile(_GAP + r"(?:" + pattern + r")", re.IGNORECASE), unit, kind)
    for pattern, unit, kind in UNIT_PATTERNS
)
_RATE = re.compile(
    r"(?:[ \u00a0]of(?:[ \u00a0][a-z-]+){1,3})?[ \u00a0](?:per|a|an|each)[ \u00a0]"
    rf"(?P<per>{RATE_WORDS})\b"
    r"(?![ \u00a0]+(?:earlier|ago|before|later|after|on(?! average)|from)\b)",
    re.IGNORECASE,
)
# "per 100,000 people", "per 1,000 live births", "per 100,000": a rate per a count of something.
_PER_COUNT = re.compile(
    r"[ \u00a0]per[ \u00a0](?P<base>\d{1,3}(?:,\d{3})+|\d+)"
    r"(?:[ \u00a0](?P<noun>(?:[a-z]+[ \u00a0])?(?:[a-z]+s|people|children|women|men)))?\b",
)
# Before a fraction word, these make it a part of something named, not a share: "the first half
# of 2024", "the other half".
_NOT_SHARE_BEFORE = frozenset("the this that its first second last latter other each".split())
# Words that may follow a score: it is said of a match, a vote or a result, not counted; or
# the next clause starts ("even if we were down 2-0 I still feel…").
_AFTER_SCORE = frozenset(
    {
        *PREPOSITIONS,
        *CONJUNCTIONS,
        *DAY_WORDS,
        *PRONOUNS,
        *"win wins victory defeat loss lead vote votes decision "
        "majority margin scoreline draw tally result ruling split triumph upset rout".split(),
    }
)
_PRONOUNS = frozenset({"them", "those", "these", "whom", "which"})
_PLAIN_NUMBER = re.compile(r"\d+(?:\.\d+)?")
VULGAR_FRACTIONS = frozenset("½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞")
_GROUPED_NUMBER = re.compile(r"\d{1,3}([,\u00a0\u202f\u2009])\d{3}(?:\1\d{3})*(?:\.\d+)?")
_GROUP_SEPARATOR = re.compile(r"[,\u00a0\u202f\u2009]")
_QUANTIFIERS = frozenset("many some several other few most all".split())
_OPENING_QUOTES = frozenset("“‘\"'")
_DIGIT = re.compile(r"[0-9]")
_TO_SPACE = str.maketrans(dict.fromkeys(".,;:!?()[]\"'’‘“”-‐‑–—/", " "))


def unit_kind(phrase: str) -> str | None:
    """The kind of figure a noun phrase that opens with a unit measures ("hours": time,
    "square kilometres of land": area, "GW of solar": power), or None when it opens with no
    unit ("wickets", "people")."""
    first = phrase.split(maxsplit=1)[0].lower() if phrase.strip() else ""
    if first in TIME_UNITS:
        return "time"
    return next((kind for pattern, _, kind in _UNITS if _opens_with(pattern, phrase)), None)


def _opens_with(pattern: re.Pattern[str], phrase: str) -> bool:
    """Whether the unit `pattern` matches whole words at the start of `phrase`."""
    match = pattern.match(phrase)
    return match is not None and (match.end() == len(phrase) or not phrase[match.end()].isalnum())


def may_hold_figure(text: str) -> bool:
    """Whether `text` has a digit, a number word, a fraction or an ordinal: the cheap test
    that lets the extractor skip most passages of a large corpus before any parsing."""
    if _DIGIT.search(text) is not None:
        return True
    lower = text.lower()
    words = lower.translate(_TO_SPACE).split()
    return (
        "fold" in lower
        or "couple" in words
        or not NUMBER_WORDS.isdisjoint(words)
        or not FRACTIONS.isdisjoint(words)
        or not ORDINALS.keys().isdisjoint(words)
        or _hedges_an_article(words)
    )


def _hedges_an_article(words: list[str]) -> bool:
    """Whether a hedge stands before "a"/"an" ("less than a millimetre", "more than half an
    hour"): the one figure written with no digit and no number word."""
    for k, word in enumerate(words):
        if word not in ("a", "an"):
            continue
        end = k - 1 if k and words[k - 1] == "half" else k
        for phrase in _QUALIFIERS_BY_LAST.get(words[end - 1] if end else "", ()):
            if tuple(words[max(end - len(phrase), 0) : end]) == phrase:
                return True
    return False


@dataclass(frozen=True)
class Quantity:
    """A quantity as written: span (hedge to unit), value, unit, kind and hedge.

    `first`/`last` are token indices (last exclusive) and `number` the index of the number
    itself; `noun` is what a count counts, with its modifiers ("Russian troops").
    """

    first: int
    last: int
    number: int
    start: int
    end: int
    value: float
    value_high: float | None
    unit: str
    kind: str
    qualifier: str
    noun: str
    noun_first: int


def find_quantities(text: str, tokens: list[Token]) -> list[Quantity]:
    """Every quantity in `text` (already split into `tokens`), in text order."""
    found: list[Quantity] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        starts = token.is_word and (
            _starts_number(token.lower) or _bare_scale(tokens, index) or token.lower in ORDINALS
        )
        if not (token.is_number or starts):
            index += 1
            continue
        counted = any(
            earlier.kind == "count" and earlier.noun and earlier.value != 1 for earlier in found
        )
        listed = bool(found) and _next_in_list(tokens, found[-1], index)
        quantity = _quantity_at(text, tokens, index, counted, listed)
        if quantity is None:
            index += 1
            continue
        found.append(quantity)
        # "three 15-year-old boys": the age inside the counted noun is a figure too
        inner = range(max(quantity.noun_first, index + 1), quantity.last)
        compound = next((k for k in inner if _in_glued_compound(tokens, k)), None)
        index = compound if compound is not None else max(quantity.last, index + 1)
    return found


def _next_in_list(tokens: list[Token], earlier: Quantity, i: int) -> bool:
    """Whether the number at `i` is the next item of a list whose last item is the count
    `earlier`, named or not: "three fire crews, [one] ambulance and several police", "Langer
    was not out 67 and Hayden [55]" (the verb left out: it is Langer's)."""
    joiner = earlier.last
    if earlier.kind != "count" or joiner >= i or tokens[joiner].text.lower() not in (",", "and"):
        return False
    name = tokens[joiner + 1 : i]
    if not name:
        return True
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    ends_item = following is None or not following.is_word or following.lower in _ITEM_ENDS
    return ends_item and len(name) <= _NAME_WORDS and all(t.is_capitalized for t in name)


def _quantity_at(
    text: str, tokens: list[Token], i: int, counted: bool, listed: bool = False
) -> Quantity | None:
    """The quantity whose number starts at token `i`; `counted` says an earlier quantity of the
    sentence counted a noun, which a bare count may share ("7 people died, five in Victoria");
    `listed` that it follows such a count as the next item of a list."""
    if _written_as_ordinal(tokens, i):
        return _rank(tokens, i)
    currency = _currency_before(tokens, i)
    raw = (
        _multiple(tokens, i)
        or _odds(tokens, i)
        or _fraction(text, tokens, i)
        or _score(text, tokens, i)
        or _hedged_one(text, tokens, i)
        or _age_decade(tokens, i)
        or _read(text, tokens, i, money=currency is not None, listed=listed)
    )
    if raw is None:
        return None
    if (
        raw.kind == "time"
        and not raw.noun
        and raw.value.is_integer()
        and (end := _and_a_half(tokens, raw.last))
    ):
        raw.value, raw.last = raw.value + 0.5, end  # "an hour and a half", "two days and half"
    elif raw.kind == "time" and (smaller := _and_smaller(tokens, raw)) is not None:
        raw.value, raw.unit, raw.last = smaller  # "16 hours and 23 minutes": 983 minutes
        raw.noun, raw.head, raw.noun_first = raw.unit, raw.unit, raw.last
    first = i
    if currency is not None:
        if raw.currency:
            return None
        code, first = currency
        raw.unit, raw.kind, raw.currency = code, "money", True
    if _negative_sign(tokens, first):
        raw.value, first = -raw.value, first - 1
    qualifier, first = _qualifier(tokens, first)
    if raw.roughly and qualifier == "exact":
        qualifier = "approximately"
    value_high = raw.paired
    high = None if raw.kind == "score" else _range_end(text, tokens, raw, first)
    if high is not None:
        if first and tokens[first - 1].lower == "between":
            first -= 1
        if qualifier == "exact":
            qualifier = "between"
        value_high = high.value
        raw.last, raw.unit, raw.kind = high.last, high.unit or raw.unit, high.kind
        raw.noun, raw.head, raw.currency = high.noun, high.head, raw.currency or high.currency
        raw.noun_first = high.noun_first
    _add_rate(text, tokens, raw)
    if is_age(tokens, raw):
        raw.unit, raw.kind = "years", "age"
    if refused(tokens, raw, qualifier, value_high, counted, listed):
        return None
    return Quantity(
        first=first,
        last=raw.last,
        number=raw.number,
        start=tokens[first].start,
        end=tokens[raw.last - 1].end,
        value=raw.value,
        value_high=value_high,
        unit=raw.unit,
        kind=raw.kind,
        qualifier=qualifier,
        noun=raw.noun,
        noun_first=raw.noun_first if raw.noun_first >= 0 else raw.last,
    )


_CENTURY_REACH = 5  # tokens: "19th and early 20th centuries"


def _and_a_half(tokens: list[Token], k: int) -> int | None:
    """The index after "and a half" (or "and half") starting at token `k`, if it is there."""
    words = [token.lower for token in tokens[k : k + 3]]
    if words[:3] == ["and", "a", "half"]:
        return k + 3
    return k + 2 if words[:2] == ["and", "half"] else None


# How many of the next smaller unit make one: "two years and nine months" is 33 months.
_SMALLER_UNITS = {
    "years": ("months", 12),
    "weeks": ("days", 7),
    "days": ("hours", 24),
    "hours": ("minutes", 60),
    "minutes": ("seconds", 60),
}


def _and_smaller(tokens: list[Token], raw: RawQuantity) -> tuple[float, str, int] | None:
    """A duration that goes on in the next smaller unit ("16 hours and 23 minutes", "two
    years and nine months"): its value in that unit, the unit, and the index after it."""
    unit = raw.unit if raw.unit.endswith("s") else f"{raw.unit}s"
    smaller = _SMALLER_UNITS.get(unit)
    k = raw.last
    if smaller is None or k + 2 >= len(tokens) or tokens[k].lower != "and":
        return None
    count = _number_word(tokens[k + 1].lower)
    name, factor = smaller
    if count is None or tokens[k + 2].lower not in (name, name.removesuffix("s")):
        return None
    return raw.value * factor + count, name, k + 3


def _written_as_ordinal(tokens: list[Token], i: int) -> bool:
    """ "17th", "fourth", "No. 2": a number written as a place in an order, whatever follows
    it."""
    token = tokens[i]
    if not token.is_number:
        return token.lower in ORDINALS or (
            token.lower in SMALL_NUMBERS and _numbered(tokens, i) is not None
        )
    suffix = tokens[i + 1] if i + 1 < len(tokens) else None
    return token.text.isdigit() and (
        _numbered(tokens, i) is not None
        or (suffix is not None and suffix.start == token.end and suffix.lower in ORDINAL_SUFFIXES)
    )


def _numbered(tokens: list[Token], i: int) -> int | None:
    """Where the words that number a place in an order start before the number at `i`: "the
    No. 2 Republican", "ranked number five", "the world number one"; None when none does."""
    if (
        i >= 2
        and tokens[i - 1].text == "."
        and tokens[i - 2].lower == "no"
        and tokens[i - 2].end == tokens[i - 1].start
    ):
        return i - 2
    if i >= 2 and tokens[i - 1].lower == "number" and tokens[i - 2].lower in _NUMBERING:
        return i - 1
    return None


# Words before "number N" that make it a place in an order ("ranked number five"), not a count.
_NUMBERING = frozenset({"ranked", "world", "seeded", "rated", "seed"})


def _rank(tokens: list[Token], i: int) -> Quantity | None:
    """The number at `i`, written as an ordinal, as a place in an order: "rose to 17th", "the
    100th day", "its fourth long-term crew", "Virgin's second largest base", "ranked eighth";
    None for the day of a date ("December 16th"), a century or a part ("the third quarter"),
    or a word ordinal without a determiner or a placing verb ("a second", "third parties")."""
    token, first = tokens[i], i
    numbered = _numbered(tokens, i)
    if numbered is not None:
        value = float(token.text) if token.is_number else float(SMALL_NUMBERS[token.lower])
        last, first = i + 1, numbered
    elif token.is_number:
        value, last = float(token.text), i + 2
        if is_day_of_month(tokens, i, last):
            return None
    else:
        previous = tokens[i - 1] if i else None
        determined = previous is not None and (
            previous.lower in DETERMINERS - {"a", "an"}
            or previous.lower in PLACING_VERBS
            or possessive(previous)
        )
        if not determined:
            return None
        value, last = float(ORDINALS[token.lower]), i + 1
    if tokens[last : last + 1] and tokens[last].lower in NOT_RANKED:
        return None
    if any(t.lower in ("century", "centuries") for t in tokens[last : last + _CENTURY_REACH]):
        return None  # "the late 19th and early 20th centuries"
    return Quantity(
        first=first,
        last=last,
        number=i,
        start=tokens[first].start,
        end=tokens[last - 1].end,
        value=value,
        value_high=None,
        unit="",
        kind="rank",
        qualifier="exact",
        noun="",
        noun_first=last,
    )


# The longest name read as the next item of a list of counts ("and Matthew Hayden 55"), and
# the words that may follow its number ("… and Mark Waugh eight after Langer was out"), unlike
# a name's own number ("and Apollo 11 landed").
_NAME_WORDS = 3
_ITEM_ENDS = frozenset({"and", "after", "while", "but", "before", "when"})

_NUMBER_STARTS = frozenset(
    {*SMALL_NUMBERS, *TENS, "a", "an", "half", "couple", *MULTIPLES, *MULTIPLIED, *FREQUENCIES}
)


def _starts_number(word: str) -> bool:
    """Whether a word can begin a written-out number ("six", "twenty-five", "sixfold", "a")."""
    prefix = word.split("-")[0]
    return (
        word in _NUMBER_STARTS or word.endswith("fold") or prefix in TENS or prefix in SMALL_NUMBERS
    )


def _multiplies(tokens: list[Token], i: int) -> bool:
    """Whether "doubled" at `i` says what something came to: not "doubled down" or "doubled
    as a venue", nor a change whose levels the sentence gives ("doubled from 30 to 60 years":
    those are its figures)."""
    following = tokens[i + 1].lower if i + 1 < len(tokens) else ""
    return following not in _PHRASAL_PARTICLES


def _multiple(tokens: list[Token], i: int) -> RawQuantity | None:
    """'twice as much', 'double those', 'sixfold', 'six-fold', 'deaths doubled': a ratio
    without the word 'times'; 'pushed back twice': how often."""
    low = tokens[i].lower
    if low in MULTIPLES or low in FREQUENCIES:
        following = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        if following in _MULTIPLE_FOLLOWERS and low in MULTIPLES:
            return RawQuantity(i, i + 1, float(MULTIPLES[low]), 1.0, True, i + 1, "×", "ratio")
        if low in FREQUENCIES:  # "the launch was pushed back twice"
            times = float(FREQUENCIES[low])
            return RawQuantity(i, i + 1, times, 1.0, True, i + 1, "times", noun=low, head="times")
        return None
    if low in MULTIPLIED and _multiplies(tokens, i):
        return RawQuantity(i, i + 1, float(MULTIPLIED[low]), 1.0, True, i + 1, "×", "ratio")
    if low.endswith("fold") and not tokens[i].is_number:
        stem = low[: -len("fold")].rstrip("-")
        value = SMALL_NUMBERS.get(stem) or TENS.get(stem)
        if value:
            return RawQuantity(i, i + 1, float(value), 1.0, True, i + 1, "×", "ratio")
    return None


def _read(
    text: str, tokens: list[Token], i: int, money: bool = False, listed: bool = False
) -> RawQuantity | None:
    """The number at `i` with what follows it: scale, currency word, unit, ratio or count noun.

    `money` says a currency symbol stands before it, so no count noun follows; `listed` that
    it is an item of a list of counts, where "one" counts too.
    """
    compound = None if tokens[i].is_number else _worded_compound(tokens, i)
    if compound is not None:
        return compound
    number = _digits(tokens, i) if tokens[i].is_number else _words(tokens, i)
    if number is None:
        return None
    value, after, scale = number
    roughly = tokens[after - 1].lower.endswith("-odd") or tokens[i].lower == "couple"
    if _glued(tokens, after, "-") and after + 1 < len(tokens) and tokens[after + 1].lower == "odd":
        roughly, after = True, after + 2  # "80-odd ghats"
    raw = RawQuantity(i, after, value, scale, not tokens[i].is_number, after, roughly=roughly)
    following = tokens[after] if after < len(tokens) else None
    if (
        following is not None
        and following.is_capitalized
        and after + 1 < len(tokens)
        and tokens[after + 1].lower in CURRENCY_WORDS
    ):
        after, following = after + 1, tokens[after + 1]  # "7,500 Swiss francs"
    if following is not None and (
        following.lower in CURRENCY_WORDS or following.text in CURRENCY_CODES
    ):
        code = CURRENCY_WORDS.get(following.lower, following.text)
        raw.unit, raw.kind, raw.currency, raw.last = code, "money", True, after + 1
    elif (unit := _unit(text, tokens, after)) is not None:
        raw.unit, raw.kind, raw.last = unit
    elif after < len(tokens) and tokens[after].lower == "times":
        if after + 1 < len(tokens) and tokens[after + 1].lower in _COMPARATIVES:
            raw.unit, raw.kind, raw.last = "×", "ratio", after + 1
        else:  # "arrested three times": how often
            raw.unit, raw.noun, raw.head, raw.last = "times", "times", "times", after + 1
    elif (
        _glued(tokens, after, "-") and after + 1 < len(tokens) and tokens[after + 1].lower == "fold"
    ):
        raw.unit, raw.kind, raw.last = "×", "ratio", after + 2
    elif (
        following is not None
        and following.lower in ("x", "×")
        and _glued(tokens, after, following.text)
    ):
        raw.unit, raw.kind, raw.last = "×", "ratio", after + 1
    elif (age_end := _age_end(tokens, after)) is not None:
        raw.unit, raw.kind, raw.last = "years", "age", age_end
    elif _glued(tokens, after, "-") and (duration := _duration_compound(tokens, after + 1)):
        raw.unit, raw.kind, raw.last = duration, "time", after + 2
    elif value != 1 and (duration := _duration_compound(tokens, after)):
        raw.unit, raw.kind, raw.last = duration, "time", after + 1  # "a 12 month wage freeze"
    elif (
        tokens[i].lower == "one"
        and following is not None
        and following.lower != "day"  # "one day he will…" is mostly "some day"
        and f"{following.lower}s" in TIME_UNITS
    ):
        raw.unit = raw.head = f"{following.lower}s"  # "lasting roughly one hour"
        raw.kind, raw.last = "time", after + 1
    elif _glued(tokens, after, "-") and _counted_compound(tokens, after + 1):
        word = tokens[after + 1].text  # "a 33-run partnership"
        raw.unit, raw.noun, raw.head, raw.last = word, word, word, after + 2
    elif tokens[i].lower == "one" and _toll_of_one(tokens, i, after):
        word = tokens[after].text  # "one person has died"
        raw.unit, raw.noun, raw.head, raw.last, raw.single = word, word, word, after + 1, True
    elif (
        tokens[i].lower == "one"
        and (listed or _stressed(tokens, i))
        and (single := _one_noun(tokens, after))
    ):
        raw.noun, raw.head, raw.last = single  # "except for one place", "one slight stroke"
        raw.unit, raw.single = raw.head, True
    elif (
        tokens[i].lower == "one"
        and _stressed(tokens, i)
        and _next_is(tokens, after, "of")
        and (counted := _count_noun(tokens, after)) is not None
        and counted[1].lower() not in _PRONOUNS
    ):
        raw.noun, raw.head, raw.last, raw.noun_first = counted  # "at least one of his fighters"
        raw.unit, raw.single = raw.head, True
    elif not money and (counted := _count_noun(tokens, after)) is not None:
        raw.noun, raw.head, raw.last, raw.noun_first = counted
        raw.unit = raw.head if raw.head.lower() not in _PRONOUNS else ""
        if raw.head.lower() in TIME_UNITS:
            raw.kind = "time"
    elif not money and value >= 2 and value.is_integer() and _open_compound(tokens, after):
        word = tokens[after].text  # "a five set loss", "its 15 man crew": the hyphen left out
        raw.unit, raw.noun, raw.head, raw.last = word, word, word, after + 1
    return raw


# Words before "one" that make it a count: "only one Test match", "at least one slight stroke".
_STRESSING = (("only",), ("just",), ("at", "least"), ("except", "for"), ("all", "but"))


def _stressed(tokens: list[Token], i: int) -> bool:
    """Whether "one" at `i` is a count said with stress ("except for one place"), unlike
    "one day" or "one of the most…"."""
    before = tuple(token.lower for token in tokens[max(0, i - 2) : i])
    return any(before[-len(words) :] == words for words in _STRESSING)


def _one_noun(tokens: list[Token], k: int) -> tuple[str, str, int] | None:
    """The singular noun phrase a stressed "one" counts, from token `k`: its words, its head
    noun and the index after it ("slight stroke", "Test match"); None when no noun follows
    ("one of them", "just one more time")."""
    head = None
    for m in range(k, min(k + 3, len(tokens))):
        token = tokens[m]
        if not token.is_word or token.lower in FUNCTION_WORDS or token.lower in ("time", "times"):
            break
        readings = getAllLemmas(token.lower)
        if "ADV" in readings:
            break  # "one Test match out of three", "just one more"
        if "NOUN" in readings:
            head = m
        elif "ADJ" not in readings and not token.is_capitalized:
            break
    if head is None:
        return None
    return " ".join(t.text for t in tokens[k : head + 1]), tokens[head].text, head + 1


def _toll_of_one(tokens: list[Token], i: int, k: int) -> bool:
    """Whether "one" at `i` counts the casualty named at `k`: "One person has died",
    "injuring one policeman", "one soldier was killed"."""
    if k >= len(tokens) or not tokens[k].is_word or tokens[k].is_capitalized:
        return False
    if tokens[k].lower in FUNCTION_WORDS or f"{tokens[k].lower}s" in TIME_UNITS:
        return False
    after = any(token.lower in DEATH_VERBS for token in tokens[k + 1 : k + 4])
    return after or (i >= 1 and tokens[i - 1].lower in CASUALTY_PARTICIPLES)


def _duration_compound(tokens: list[Token], k: int) -> str | None:
    """ "18-minute", "one-hour": the time unit of a compound, unless it names a term ("a
    10-year bond")."""
    if k >= len(tokens) or f"{tokens[k].lower}s" not in TIME_UNITS:
        return None
    following = tokens[k + 1].lower if k + 1 < len(tokens) else ""
    return None if following in NAMED_TERMS else f"{tokens[k].lower}s"


def _counted_compound(tokens: list[Token], k: int) -> bool:
    """Whether token `k`, glued after "N-", names what N counts in a compound modifier."""
    return k < len(tokens) and _names_counted(tokens[k].text, tokens, k + 1)


def _names_counted(word: str, tokens: list[Token], head: int) -> bool:
    """Whether `word`, joined to a number, names what it counts in a compound modifying the
    word at `head` ("a 33-run partnership", "the eight-nation contest")."""
    if head >= len(tokens) or not word.isalpha() or not word.islower():
        return False
    if word in NOT_COUNTED or word in TIME_UNITS or f"{word}s" in TIME_UNITS:
        return False
    modified = tokens[head]
    return modified.is_word and modified.lower not in FUNCTION_WORDS and not modified.is_capitalized


def _open_compound(tokens: list[Token], k: int) -> bool:
    """Whether the singular noun at `k`, after a number, is what it counts in a compound
    modifier written without its hyphen ("a five set loss", "a 45 run stand"): a noun
    follows it. A word that can be an adverb or an auxiliary is no such noun ("14 last year",
    "89 yesterday morning", "all six will pay")."""
    if k + 1 >= len(tokens) or _plural(tokens[k]) or _plural(tokens[k + 1]):
        return False
    word, modified = tokens[k].text, tokens[k + 1].lower
    return (
        _names_counted(word, tokens, k + 1)
        and _noun_only(word.lower())
        and modified.isalpha()
        and _noun_only(modified)
    )


@lru_cache(maxsize=4096)
def _noun_only(word: str) -> bool:
    """Whether the dictionary reads `word` as a noun and never as an adverb or auxiliary."""
    readings = getAllLemmas(word)
    return "NOUN" in readings and not {"ADV", "AUX"} & readings.keys()


def _age_end(tokens: list[Token], after: int) -> int | None:
    """The index after an age's words following its number, however the writer hyphenated
    them: "his 20-year-old son", "the 47 year old", "the 35 year-old Federer", "a 35-year old
    man"; None when no age follows."""
    k = after + 1 if _glued(tokens, after, "-") else after
    if k < len(tokens) and tokens[k].lower in ("year-old", "years-old"):
        return k + 1
    words = [token.lower for token in tokens[k : k + 2]]
    return k + 2 if words in (["year", "old"], ["years", "old"]) else None


def _age_decade(tokens: list[Token], i: int) -> RawQuantity | None:
    """The decade of someone's life: "a cyclist in his 60s" is 60 to 69 years old (where "the
    1960s", or "60s" after no possessive, names a time)."""
    token = tokens[i]
    if not (token.is_number and token.text in _DECADES_OF_LIFE) or i < 2 or i + 1 >= len(tokens):
        return None
    following, owner = tokens[i + 1], tokens[i - 1].lower
    if following.text != "s" or following.start != token.end or owner not in _POSSESSIVES:
        return None
    value = float(token.text)
    return RawQuantity(i, i + 1, value, 1.0, False, i + 2, "years", "age", paired=value + 9)


def _worded_compound(tokens: list[Token], i: int) -> RawQuantity | None:
    """A number word joined to what it measures: a duration ("a five-month suspended sentence",
    "up to five-months"), an age ("an eight-year-old girl"), odds ("a one-in-20 chance") or a
    count ("the eight-nation contest")."""
    number, _, rest = tokens[i].lower.partition("-")
    value = SMALL_NUMBERS.get(number) or TENS.get(number)
    if not value or not rest or rest in SMALL_NUMBERS:
        return None  # "twenty-two" is one number, read by _words
    following = tokens[i + 1].lower if i + 1 < len(tokens) else ""
    unit = rest if rest.endswith("s") else f"{rest}s"
    if rest in ("year-old", "years-old"):
        return RawQuantity(i, i + 1, float(value), 1.0, True, i + 1, "years", "age")
    if rest.startswith("in-") and (odds := _number_word(rest[3:])) and odds > value:
        return RawQuantity(i, i + 1, value / odds, 1.0, True, i + 1, "", "odds")
    if unit in TIME_UNITS:
        if following in NAMED_TERMS:
            return None
        return RawQuantity(i, i + 1, float(value), 1.0, True, i + 1, unit, "time", head=unit)
    word = tokens[i].text.partition("-")[2]
    if value >= 2 and _names_counted(word, tokens, i + 1):
        return RawQuantity(i, i + 1, float(value), 1.0, True, i + 1, word, noun=word, head=word)
    return None


def _number_word(word: str) -> float | None:
    """ "20", "twenty": a whole number written in digits or one word."""
    if word.isdigit():
        return float(word)
    value = SMALL_NUMBERS.get(word) or TENS.get(word)
    return float(value) if value else None


def _odds(tokens: list[Token], i: int) -> RawQuantity | None:
    """ "one in 20 chance", "1 in 5 Americans": odds or a share, as the fraction they state."""
    if i + 2 >= len(tokens) or tokens[i + 1].lower != "in":
        return None
    low, high = _number_word(tokens[i].lower), _number_word(tokens[i + 2].lower)
    if not low or not high or high <= low or YEAR.fullmatch(tokens[i + 2].text):
        return None
    following = tokens[i + 3].lower if i + 3 < len(tokens) else ""
    if following in TIME_UNITS or f"{following}s" in TIME_UNITS:
        return None  # "2 in 5 minutes"
    words = not tokens[i].is_number
    return RawQuantity(i, i + 3, low / high, 1.0, words, i + 3, "", "odds")


def _fraction(text: str, tokens: list[Token], i: int) -> RawQuantity | None:
    """ "two-thirds of staff", "a quarter of the forests", "half the population", "more than
    half": a part of a whole, as the fraction it states. Only of something, or hedged: "the
    first half of 2024", "cut in half", "a third time", "half a century" and "about half a
    million" are no share."""
    numerator, denominator, after = _fraction_words(tokens, i)
    if not denominator or (i and tokens[i - 1].lower in _NOT_SHARE_BEFORE):
        return None
    following = [token.lower for token in tokens[after : after + 3]]
    of = following[:1] in (["of"], ["the"])
    then = following[1:] if of else following
    if then[:1] in (["a"], ["an"]) and not TIME_UNITS.isdisjoint(then[1:2]):
        return None  # "a quarter of a century", "half a century": a time
    if not of and then[:1] == ["a"] and then[1:2] and then[1] in SCALES:
        return None  # "about half a million": a number, not a share
    if not of and _qualifier(tokens, i)[0] == "exact":
        return None
    share = RawQuantity(i, after, numerator / denominator, 1.0, True, after, "", "odds")
    if (unit := _unit(text, tokens, after)) is not None:  # "a quarter of a percentage point"
        share.unit, share.kind, share.last = unit
    return share


def _fraction_words(tokens: list[Token], i: int) -> tuple[float, int, int]:
    """Numerator, denominator (0: no fraction here) and the token after "two-thirds", "two
    thirds", "a third", "one quarter" or "half" at `i`."""
    low = tokens[i].lower
    if low == "half":
        return 1.0, 2, i + 1
    number, _, part = low.partition("-")
    if part in DENOMINATORS:  # "two-thirds", "one-eighth"
        value = SMALL_NUMBERS.get(number)
        return (float(value), DENOMINATORS[part], i + 1) if value else (0.0, 0, i)
    part = tokens[i + 1].lower if i + 1 < len(tokens) else ""
    if part not in DENOMINATORS or part in ("half", "halves"):
        return 0.0, 0, i
    value = 1 if low in ("a", "an", "one") else SMALL_NUMBERS.get(low)
    if not value or (value == 1) == part.endswith("s"):  # "a third", "two thirds"
        return 0.0, 0, i
    return float(value), DENOMINATORS[part], i + 2


def _score(text: str, tokens: list[Token], i: int) -> RawQuantity | None:
    """ "beat Weibo Gaming 3-0", "won 6-3, 6-4", "a vote of 53-36", "at 2 for 17": two whole
    numbers paired by a dash or "for", a score or a tally, with nothing after them that they
    count ("2-3 days" is a range)."""
    if i + 2 >= len(tokens) or (i and tokens[i - 1].lower in ("between", "from")):
        return None
    first, joint, second = tokens[i], tokens[i + 1], tokens[i + 2]
    glued = first.end == joint.start == second.start - 1 and joint.text in ("-", "–")
    said = joint.lower == "for" or (joint.lower == "to" and _after_a_vote(tokens, i))
    if not (glued or said) or not (_whole(first) and _whole(second)):
        return None
    following = tokens[i + 3] if i + 3 < len(tokens) else None
    if following is not None and following.is_word and following.lower not in _AFTER_SCORE:
        return None
    if _unit(text, tokens, i + 3) is not None:
        return None  # "2-3 per cent"
    paired = float(second.text)
    return RawQuantity(i, i + 3, float(first.text), 1.0, False, i + 3, "", "score", paired=paired)


def _after_a_vote(tokens: list[Token], i: int) -> bool:
    """Whether the number at `i` opens a tally said in words: "voted 217 to 213", "passed 51 to
    49", "a vote of 5 to 4", "the vote was 6 to 3" (elsewhere "3 to 4" is a range or a
    change)."""
    return any(token.lower in _TALLY_WORDS for token in tokens[max(0, i - 3) : i])


_TALLY_WORDS = frozenset("vote votes voted passed approved rejected confirmed".split())


def _whole(token: Token) -> bool:
    """A whole number under 1,000 written in digits: one side of a score."""
    return token.text.isdigit() and int(token.text) < 1000


def _hedged_one(text: str, tokens: list[Token], i: int) -> RawQuantity | None:
    """ "more than an hour", "less than a millimetre", "more than half an hour": after a hedge,
    "a"/"an" before a unit is one of it (and "half a" a half)."""
    low = tokens[i].lower
    half = low == "half" and i + 1 < len(tokens) and tokens[i + 1].lower in ("a", "an")
    if not (half or low in ("a", "an")) or _qualifier(tokens, i)[0] == "exact":
        return None
    after = i + 2 if half else i + 1
    if after >= len(tokens):
        return None
    word = tokens[after].lower
    value = 0.5 if half else 1.0
    if f"{word}s" in TIME_UNITS:
        return RawQuantity(
            i, after, value, 1.0, True, after + 1, f"{word}s", "time", head=f"{word}s"
        )
    unit = _unit(text, tokens, after)
    if unit is None:
        return None
    return RawQuantity(i, after, value, 1.0, True, unit[2], unit[0], unit[1])


def _add_rate(text: str, tokens: list[Token], raw: RawQuantity) -> None:
    """'$160 per child', '50 GW a year', '48 GW of modules a year', '6.1 deaths per 100,000
    people': a unit per something (a count of something: the number after "per" is the rate's,
    no figure of its own)."""
    if raw.kind == "ratio" or (not raw.unit and raw.words):
        return
    end = tokens[raw.last - 1].end
    if (per_count := _PER_COUNT.match(text, end)) is not None:
        base = " ".join(part for part in per_count.group("base", "noun") if part)
        raw.unit = f"{raw.unit}/{base}"
        raw.last = _index_at(tokens, per_count.end(), raw.last)
        return
    rate = _RATE.match(text, end)
    if rate is None:
        return
    per = rate["per"].lower()
    raw.unit = f"{raw.unit}/{RATE_NAMES.get(per, per)}"
    if not rate.group().lstrip().startswith("of"):
        raw.last = _index_at(tokens, rate.end(), raw.last)


def _glued_fraction(number: Token, following: Token) -> bool:
    """A vulgar fraction written onto a whole number: "2½", "3¾"."""
    return following.start == number.end and following.text in VULGAR_FRACTIONS


def _digits(tokens: list[Token], i: int) -> tuple[float, int, float] | None:
    """A number in digits ("2,700", "4.2", "2 700") with the scale after it ("bn", "million").

    A glued "m" ("$5m", "2.7m people") is read as million, as news style writes it.
    """
    text = tokens[i].text
    if _PLAIN_NUMBER.fullmatch(text) is None and _GROUPED_NUMBER.fullmatch(text) is None:
        return None
    value = float(_GROUP_SEPARATOR.sub("", text))
    after = i + 1
    if after < len(tokens) and _glued_fraction(tokens[i], tokens[after]):
        value += unicodedata.numeric(tokens[after].text)  # "2½ years"
        after += 1
    if after < len(tokens):
        following = tokens[after]
        scale = SCALES.get(following.lower) or SHORT_SCALES.get(following.lower)
        if scale is None and following.start == tokens[i].end:
            scale = GLUED_SCALES.get(following.lower)
        if scale is not None:
            return value * scale, after + 1, scale
    return value, after, 1.0


def _words(tokens: list[Token], i: int) -> tuple[float, int, float] | None:
    """A number written in words: "six", "twenty-five", "two million", "half a million", "a
    dozen"."""
    total, current, seen, scale = 0.0, 0.0, False, 1.0
    j = i
    while j < len(tokens):
        low = tokens[j].lower
        following = tokens[j + 1].lower if j + 1 < len(tokens) else ""
        parts = low.split("-")
        if len(parts) > 1 and parts[-1] == "odd":
            parts = parts[:-1]  # "twenty-odd": twenty, roughly
        if len(parts) == 4 and parts[1:] == ["and", "a", "half"] and parts[0] in SMALL_NUMBERS:
            current, seen, j = SMALL_NUMBERS[parts[0]] + 0.5, True, j + 1  # "one-and-a-half"
            break
        if not seen and low in ("a", "an") and following in SCALES:
            current, seen = 1.0, True
        elif not seen and low == "couple" and following == "of":
            current, seen, j = 2.0, True, j + 1  # "a couple of days": about two
        elif seen and low == "and" and following == "a" and _next_is(tokens, j + 2, "half"):
            current, j = current + 0.5, j + 2  # "two and a half years"
        elif not seen and j == i and _bare_scale(tokens, j):
            current, seen = 1.0, True
            continue  # the scale word is read next, as the multiplier of one
        elif not seen and low == "half" and following == "a":
            after = tokens[j + 2].lower if j + 2 < len(tokens) else ""
            if after not in ("dozen", "million", "billion", "thousand"):
                return None
            current, seen, j = 0.5, True, j + 1
        elif _number_parts(parts):
            if seen and current % 100:
                break
            current += sum(SMALL_NUMBERS.get(part, 0) + TENS.get(part, 0) for part in parts)
            seen = True
        elif seen and low in SCALES:
            if low in MULTIPLYING_SCALES:
                current *= SCALES[low]
            else:
                total, current, scale = total + current * SCALES[low], 0.0, SCALES[low]
        elif seen and low == "and" and current >= 100 and following in {*SMALL_NUMBERS, *TENS}:
            pass
        else:
            break
        j += 1
    if not seen:
        return None
    return total + current, j, scale


def _number_parts(parts: list[str]) -> bool:
    """Whether a word's hyphenated parts spell one number: "six", "twenty-five"; not
    "nine-nine" (the title "Brooklyn Nine-Nine") or "one-two"."""
    if len(parts) == 1:
        return parts[0] in SMALL_NUMBERS or parts[0] in TENS
    return len(parts) == 2 and parts[0] in TENS and 1 <= SMALL_NUMBERS.get(parts[1], 0) <= 9


def _next_is(tokens: list[Token], j: int, word: str) -> bool:
    return j < len(tokens) and tokens[j].lower == word


def _bare_scale(tokens: list[Token], j: int) -> bool:
    """A scale word that is the whole number after "the": "the hundred fires still burning".
    As written in lower case only: "the Hundred Years' War" is a name."""
    return tokens[j].text in SCALES and j > 0 and tokens[j - 1].lower == "the"


def _unit(text: str, tokens: list[Token], after: int) -> tuple[str, str, int] | None:
    """A unit of measure written right after the number ("%", "square kilometers", "GW")."""
    if after == 0 or after > len(tokens):
        return None
    position = tokens[after - 1].end
    for pattern, unit, kind in _UNITS:
        match = pattern.match(text, position)
        if match is not None:
            return unit, kind, _index_at(tokens, match.end(), after)
    return None


def _index_at(tokens: list[Token], offset: int, default: int) -> int:
    """The index of the first token starting at or after `offset`."""
    for index in range(default, len(tokens)):
        if tokens[index].start >= offset:
            return index
    return len(tokens)


def _count_noun(tokens: list[Token], j: int) -> tuple[str, str, int, int] | None:
    """What a number counts: "78,329 Russian troops", "11 of Sudan's 18 states", "of them",
    "almost 11,000 poker and gaming machines", "four “associate justices”".

    Returns the noun with its modifiers, its head word as written, the index after it and the
    index where it starts (for "N of …" both stay at the number, so the span does not swallow
    the total).
    """
    if j < len(tokens) and tokens[j].lower == "of":
        k = j + 1
        if k < len(tokens) and tokens[k].lower in _PRONOUNS:
            return tokens[k].lower, tokens[k].lower, j, j
        k = past_owner(tokens, k)
        if k < len(tokens) and tokens[k].is_number:
            k += 1
        counted = _count_noun(tokens, k)
        return (counted[0], counted[1], j, j) if counted else None
    first = j
    while first < len(tokens) and tokens[first].text in _OPENING_QUOTES:
        first += 1
    for k in range(first, min(first + 5, len(tokens))):
        token = tokens[k]
        joins = (
            token.lower in ("and", "or")
            and k > first
            and tokens[k - 1].lower not in CASUALTY_WORDS
            and k + 1 < len(tokens)
            and tokens[k + 1].lower not in _QUANTIFIERS
        )
        # "US" in capitals is initials, not the pronoun: "two US soldiers".
        function_word = token.lower in FUNCTION_WORDS and not token.text.isupper()
        if _in_model_number(tokens, k) or _in_glued_compound(tokens, k):
            continue
        if not joins and (not token.is_word or function_word):
            return None
        if _plural(token):
            if k + 1 < len(tokens) and _plural(tokens[k + 1]) and not tokens[k + 1].is_capitalized:
                continue  # "eight Worlds appearances"
            noun = " ".join(t.text for t in tokens[first : k + 1])
            return noun, token.text, k + 1, j
        if token.lower.endswith("ly") or possessive(token):
            return None
    return None


def _in_glued_compound(tokens: list[Token], k: int) -> bool:
    """Whether token `k` is the number or the dash of a compound modifier before the noun
    counted: "three 15-year-old boys" counts boys."""
    if tokens[k].is_number and _glued(tokens, k + 1, "-"):
        return _modifies(tokens, k + 2)
    if tokens[k].text == "-" and k > 0 and tokens[k - 1].is_number and _glued(tokens, k, "-"):
        return _modifies(tokens, k + 1)
    return False


def _modifies(tokens: list[Token], k: int) -> bool:
    """Whether token `k`, glued after "N-", is a modifier ("year-old") with a noun after it,
    not the counted noun itself."""
    return k + 1 < len(tokens) and tokens[k].is_word and not _plural(tokens[k])


def _in_model_number(tokens: list[Token], k: int) -> bool:
    """Whether token `k` is part of a model number after its maker's name: "four Boeing
    767-300 aircraft" counts aircraft. A hedge or function word opening the sentence is no
    maker ("About 300-400 people" is a range)."""
    j = k
    while j > 0 and (tokens[j].is_number or tokens[j].text == "-"):
        j -= 1
    maker = tokens[j]
    hedge = maker.lower in _QUALIFIERS_BY_LAST or maker.lower in FUNCTION_WORDS
    return j < k and maker.is_capitalized and not hedge and tokens[j + 1].is_number


def _plural(token: Token) -> bool:
    """Whether a word is a plural noun: "troops", "people"; "Israelis", "gurus" and "gunmen"
    too, which the dictionary has as plurals, but not "analysis", "Paris" or "specimen"."""
    word = token.lower
    if word in IRREGULAR_PLURALS:
        return True
    if (len(word) > 5 and word.endswith("men")) or word.endswith(("is", "us")):
        return _dictionary_plural(token.text)
    if len(word) <= 3 or not word.endswith("s") or word in FUNCTION_WORDS:
        return False
    return not word.endswith(("ss", "ous", "'s", "’s"))


@lru_cache(maxsize=4096)
def _dictionary_plural(word: str) -> bool:
    """Whether lemminflect's dictionary reads `word` as the plural of another noun (a name
    as written: "Israelis" → Israeli, "Paris" → Paris; other words in lower case)."""
    if word[0].isupper():
        lemmas = getAllLemmas(word, upos="PROPN").get("NOUN", ())
        if lemmas:
            return word not in lemmas
    lower = word.lower()
    lemmas = getAllLemmas(lower, upos="NOUN").get("NOUN", ())
    return bool(lemmas) and lower not in lemmas


def _glued(tokens: list[Token], index: int, text: str) -> bool:
    """Whether token `index` is `text` written against the token before it."""
    return (
        0 < index < len(tokens)
        and tokens[index].text == text
        and tokens[index].start == tokens[index - 1].end
    )


def _currency_before(tokens: list[Token], i: int) -> tuple[str, int] | None:
    """'$', 'US$', '€', 'EUR ' before a number: the currency code and where the span starts."""
    if i == 0:
        return None
    previous = tokens[i - 1]
    if (
        previous.text in DOLLAR_PREFIXES
        and previous.end == tokens[i].start
        and i >= 2
        and tokens[i - 2].text == "$"
        and tokens[i - 2].end == previous.start
    ):
        return DOLLAR_PREFIXES[previous.text], i - 2
    if previous.text in CURRENCY_SYMBOLS and previous.end == tokens[i].start:
        code, first = CURRENCY_SYMBOLS[previous.text], i - 1
        if previous.text == "$" and i >= 2:
            prefix = tokens[i - 2]
            if prefix.end == previous.start and prefix.text in DOLLAR_PREFIXES:
                code, first = DOLLAR_PREFIXES[prefix.text], i - 2
        return code, first
    if previous.text in CURRENCY_CODES:
        return previous.text, i - 1
    return None


def _negative_sign(tokens: list[Token], first: int) -> bool:
    """'−0.3%': a minus glued to the number, not the dash of a range or a compound."""
    if first == 0 or tokens[first - 1].text not in ("-", "−"):
        return False
    sign = tokens[first - 1]
    if sign.end != tokens[first].start:
        return False
    return first < 2 or (tokens[first - 2].end < sign.start and not tokens[first - 2].is_number)


def _qualifier(tokens: list[Token], first: int) -> tuple[str, int]:
    """The hedge written before the number ("approximately", "at least") or "exact"."""
    if first == 0:
        return "exact", first
    for phrase in _QUALIFIERS_BY_LAST.get(tokens[first - 1].lower, ()):
        size = len(phrase)
        if first >= size and all(
            tokens[first - size + k].lower == word for k, word in enumerate(phrase)
        ):
            return " ".join(phrase).removeprefix("an "), first - size
    return "exact", first


def _thousands_shared(low: RawQuantity, high: RawQuantity, written: str) -> bool:
    """ "13 to 14,000 feet" is 13,000 to 14,000: a low end said without the thousands its high
    end writes out, when with them the two ends are close (less than a factor of two apart)."""
    return (
        not low.scaled
        and written.endswith(",000")
        and low.value == int(low.value)
        and high.value / 2 < low.value * 1000 < high.value
    )


def _opens_between(tokens: list[Token], first: int) -> bool:
    """Whether "between" opens the range whose first number is at `first`: right before it,
    or before "the ages of" ("between the ages of 1 and 17")."""
    before = [token.lower for token in tokens[max(first - 4, 0) : first]]
    return before[-1:] == ["between"] or before == ["between", "the", "ages", "of"]


def _range_end(text: str, tokens: list[Token], low: RawQuantity, first: int) -> RawQuantity | None:
    """The upper end of "between 2% and 3%", "3–4 per cent", "$1.2-1.5 billion", "two or three
    days", or None.

    'from 2% to 3%' is a change, not a range: two figures.
    """
    k = low.last
    if k + 1 >= len(tokens) or low.kind == "ratio":
        return None
    connector = tokens[k].lower
    before = tokens[first - 1].lower if first else ""
    if connector in ("-", "–", "—"):
        pass
    elif connector == "to":
        if before == "from" and (first < 2 or tokens[first - 2].lower not in ("range", "ranging")):
            return None
        if before in RISE_WORDS or before in FALL_WORDS or before == "by":
            return None
    elif connector == "or":
        if low.unit or low.noun:  # "80 per cent or $2.5 billion", "two trees or 500 trees"
            return None
    elif connector != "and" or not _opens_between(tokens, first):
        return None
    start = k + 1
    if tokens[start].text in CURRENCY_SYMBOLS and start + 1 < len(tokens):
        start += 1
    if not tokens[start].is_number and not _starts_number(tokens[start].lower):
        return None
    if low.unit == "" and YEAR.fullmatch(tokens[low.number].text):
        return None
    high = _read(text, tokens, start, money=low.currency)
    if high is None or high.kind == "ratio" or high.value <= low.value:
        return None
    if connector == "or" and high.value > 2 * low.value:
        return None  # "two or three days" is a hedged amount; "one or 20" are two
    if low.unit and high.unit and low.unit != high.unit:
        return None
    if not low.scaled and high.scaled and low.value < high.value / high.scale:
        low.value *= high.scale
    elif _thousands_shared(low, high, tokens[start].text):
        low.value *= 1000
    if low.currency and not high.unit:
        high.unit, high.kind, high.currency = low.unit, low.kind, True
    return high
