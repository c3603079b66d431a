"""Time expressions resolved to dates: a figure says *when* as well as *how much*.

"this year", "since October", "in the fourth quarter of 2024", "currently" become ISO ranges
using the article's date, because a reader of "593 km² since October" needs to know which
October. Expressions that need no date ("in 2023", "since February 2022") resolve without one;
relative ones keep their text and leave the dates empty when the article is undated.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from index.figures.lexicon import FUTURE_CUES, MONTHS, SMALL_NUMBERS, WEEKDAYS


@dataclass(frozen=True)
class Period:
    """When a figure holds: the words used and the ISO dates they stand for."""

    text: str
    start: str | None
    end: str | None


@dataclass(frozen=True)
class TimeMention:
    """A time expression in a sentence: its character span and the period it names.
    `measured` says it counts a duration that is a figure of its own: "over the past two
    years" is how long as well as when."""

    start: int
    end: int
    period: Period
    measured: bool = False
    # The words of an event inside it, which are no time: "since [a 34-year-old Agassi won
    # the title] in 2004". Its numbers are figures of their own.
    event: tuple[int, int] | None = None

    def time_spans(self) -> tuple[tuple[int, int], ...]:
        """The character spans that are time: all of it but the event's words."""
        if self.event is None:
            return ((self.start, self.end),)
        return ((self.start, self.event[0]), (self.event[1], self.end))


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?(?![-\w])"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# A part of a day that a day names: "on Wednesday night", "yesterday morning".
_DAY_PART = r"(?:morning|afternoon|evening|night)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
# One point in time, most specific first: a day, a month of a year, a day without year, a
# month, a year.
_POINT = (
    rf"(?:{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}|{_MONTH}\s+{_DAY},?\s+{_YEAR}"
    rf"|{_YEAR}-\d\d-\d\d|{_MONTH}\s+{_YEAR}|{_DAY}\s+(?:of\s+)?{_MONTH}|{_MONTH}\s+{_DAY}\b"
    rf"|{_MONTH}|{_YEAR})"
)
_POINT_WORDS = re.compile(r"[A-Za-z]+|\d+")
_ISO_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "last": 4}
_NUMBER_WORDS = {**SMALL_NUMBERS, "a": 1, "twenty": 20}

Resolved = tuple[str, date | None, date | None] | None
Resolver = Callable[[re.Match[str], date | None], Resolved]


# A clock time, with its time zone: "7:30pm AEDT", "4 p.m.", "11.30am". Never a figure, and
# left out of labels whole, as other time expressions are.
_CLOCK_TIME = re.compile(
    r"(?<![\d.:,])\d{1,2}(?:[:.]\d{2})?\s?[ap]\.?m\b\.?(?:\s+[A-Z]{3,4}\b)?", re.IGNORECASE
)


def clock_times(text: str) -> list[tuple[int, int]]:
    """The character spans of the clock times in `text`."""
    return [match.span() for match in _CLOCK_TIME.finditer(text)]


def find_periods(text: str, article_date: str | None) -> list[TimeMention]:
    """Every time expression in `text` with the period it names, in text order."""
    reference = date.fromisoformat(article_date) if article_date else None
    taken: list[tuple[int, int]] = []
    mentions: list[TimeMention] = []
    lower = text.lower()
    for pattern, resolve, cues in _PATTERNS:
        if not any(cue in lower for cue in cues):
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < other_end and other_start < end for other_start, other_end in taken):
                continue
            resolved = resolve(match, reference)
            if resolved is None:
                continue
            label, first, last = resolved
            taken.append((start, end))
            period = Period(label, _iso(first), _iso(last))
            measured = resolve is _span and match["count"] not in (None, "a")
            event = match.span("event") if resolve is _since_event else None
            mentions.append(TimeMention(start, end, period, measured, event))
    return sorted(mentions, key=lambda mention: mention.start)


def period_label(period: Period) -> str:
    """How a period reads in a figure line: "in 2024", "since Oct 2024", "as of 19 Nov 2024"."""
    if period.start is None or period.end is None:
        if period.end and period.text.startswith(("by ", "before ", "until ")):
            last = date.fromisoformat(period.end)
            return (
                f"by {last.year}" if (last.month, last.day) == (12, 31) else f"by {last:%-d %b %Y}"
            )
        return period.text
    first, last = date.fromisoformat(period.start), date.fromisoformat(period.end)
    if first == last:
        prefix = "on" if period.text.startswith(("on ", "On ")) else "as of"
        return f"{prefix} {first.strftime('%-d %b %Y')}"
    if period.text.lower().startswith("since"):
        return f"since {first.strftime('%b %Y')}"
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return f"in {first.year}"
    if first.day == 1 and last == _month_end(first.year, first.month):
        return f"in {first.strftime('%b %Y')}"
    if first.day == 1 and first.month % 3 == 1 and last == _month_end(first.year, first.month + 2):
        return f"in Q{(first.month + 2) // 3} {first.year}"
    if first.day == 1 and last == _month_end(last.year, last.month):
        return f"{first:%b %Y}–{last:%b %Y}"
    return period.text


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _point(text: str, reference: date | None) -> tuple[date, date] | None:
    """The first and last day of a written point in time ("February 2022" → Feb 1 – Feb 28)."""
    words = _POINT_WORDS.findall(text)
    year = next((int(w) for w in words if len(w) == 4 and w.isdigit()), None)
    month = next((MONTHS[w.lower()] for w in words if w.lower() in MONTHS), None)
    day = next((int(w) for w in words if w.isdigit() and len(w) <= 2 and int(w) <= 31), None)
    iso = _ISO_DATE.fullmatch(text.strip())
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    if month is None:
        return (date(year, 1, 1), date(year, 12, 31)) if year else None
    if year is None:
        if reference is None:
            return None
        year = reference.year
        if (month, day or 1) > (reference.month, reference.day):
            year -= 1
    try:
        if day is not None:
            return date(year, month, day), date(year, month, day)
        return date(year, month, 1), _month_end(year, month)
    except ValueError:
        return None


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _quarter(year: int, quarter: int) -> tuple[date, date]:
    first_month = 3 * (quarter - 1) + 1
    return date(year, first_month, 1), _month_end(year, first_month + 2)


def _since_event(match: re.Match[str], reference: date | None) -> Resolved:
    """'since the full-scale invasion began in February 2022' reads as 'since February 2022'."""
    point = _point(match["point"], reference)
    if point is None:
        return None
    return f"since {match['point']}", point[0], reference


def _since(match: re.Match[str], reference: date | None) -> Resolved:
    point = _point(match["point"], reference)
    return match.group(), point[0] if point else None, reference


def _by_end(match: re.Match[str], reference: date | None) -> Resolved:
    what = match["what"].lower()
    if what in ("year", "month"):
        if reference is None:
            return match.group(), None, None
        if what == "year":
            return match.group(), None, date(reference.year, 12, 31)
        return match.group(), None, _month_end(reference.year, reference.month)
    point = _point(match["what"], reference)
    return match.group(), None, point[1] if point else None


def _span(match: re.Match[str], reference: date | None) -> Resolved:
    """'over the next five years', 'over the past decade': a span counted from the article."""
    count_word = (match["count"] or "a").lower()
    count = int(count_word) if count_word.isdigit() else _NUMBER_WORDS.get(count_word)
    if count is None or reference is None:
        return match.group(), None, None
    backwards = match["direction"].lower() in ("past", "last", "previous")
    first, last = _counted(reference, count, match["unit"], backwards)
    return match.group(), first, last


def _counted(reference: date, count: int, unit: str, backwards: bool) -> tuple[date, date]:
    """The span of `count` units (years, months, weeks, days, decades) before or after
    `reference`; hours stay within its day."""
    unit = unit.lower().rstrip("s")
    months = {"year": 12, "decade": 120, "month": 1, "quarter": 3}.get(unit)
    days = {"week": 7, "day": 1}.get(unit, 0)
    sign = -1 if backwards else 1
    other = (
        _shift_months(reference, sign * count * months)
        if months
        else reference + timedelta(days=sign * days * count)
    )
    return min(reference, other), max(reference, other)


def _year_to(match: re.Match[str], reference: date | None) -> Resolved:
    """'the financial year that ended in March', 'the year to March': twelve months to a month."""
    point = _point(match["point"], reference)
    if point is None:
        return match.group(), None, None
    last = _month_end(point[0].year, point[0].month)
    return match.group(), _shift_months(point[0], -11), last


def _named_quarter(match: re.Match[str], reference: date | None) -> Resolved:
    number = _QUARTERS[match["which"].lower()] if match["which"] else int(match["q"])
    if match["year"] or match["year2"]:
        return (match.group(), *_quarter(int(match["year"] or match["year2"]), number))
    if reference is None:
        return match.group(), None, None
    year = reference.year
    last_year = bool(match["rel"]) and match["rel"].lower() == "last"
    if last_year or _quarter(year, number)[0] > reference:
        year -= 1
    return (match.group(), *_quarter(year, number))


def _relative(match: re.Match[str], reference: date | None) -> Resolved:
    """'this year', 'last month', 'the past year', 'last quarter'."""
    if reference is None:
        return match.group(), None, None
    which = " ".join(match["which"].lower().split())
    unit = match["unit"].lower()
    if which in ("the past", "the last"):
        return (match.group(), *_counted(reference, 1, unit, backwards=True))
    step = {"this": 0, "the current": 0, "last": -1, "the previous": -1, "next": 1}[which]
    if unit == "year":
        year = reference.year + step
        return match.group(), date(year, 1, 1), date(year, 12, 31)
    if unit == "month":
        first = _shift_months(reference.replace(day=1), step)
        return match.group(), first, _month_end(first.year, first.month)
    if unit == "quarter":
        index = (reference.year * 4 + (reference.month - 1) // 3) + step
        return (match.group(), *_quarter(index // 4, index % 4 + 1))
    monday = reference - timedelta(days=reference.weekday()) + timedelta(weeks=step)
    return match.group(), monday, monday + timedelta(days=6)


def _so_far(match: re.Match[str], reference: date | None) -> Resolved:
    if reference is None:
        return match.group(), None, None
    return match.group(), date(reference.year, 1, 1), reference


def _between_years(match: re.Match[str], reference: date | None) -> Resolved:
    return match.group(), date(int(match["a"]), 1, 1), date(int(match["b"]), 12, 31)


def _by_year(match: re.Match[str], reference: date | None) -> Resolved:
    point = _point(match["point"], reference)
    return match.group(), None, point[1] if point else None


def _at(match: re.Match[str], reference: date | None) -> Resolved:
    point = _point(match["point"], reference)
    if point is None:
        return (match.group(), None, None) if not match["point"][0].isdigit() else None
    return match.group(), point[0], point[1]


def _now(match: re.Match[str], reference: date | None) -> Resolved:
    if match.group().lower() in ("to date", "so far"):
        return match.group(), None, reference
    return match.group(), reference, reference


def _day_before(match: re.Match[str], reference: date | None) -> Resolved:
    """ "yesterday", "last night": the day before the article's."""
    if reference is None:
        return match.group(), None, None
    day = reference - timedelta(days=1)
    return match.group(), day, day


def _weekday(match: re.Match[str], reference: date | None) -> Resolved:
    """ "Thursday" in Wednesday's article: the next day when the sentence speaks of what will
    happen ("will", "expected", "scheduled"), the last Thursday before it otherwise."""
    if reference is None:
        return match.group(), None, None
    if match["date"]:  # "On Sunday, October 29": the date says which Sunday
        point = _point(match["date"], reference)
        return (match.group(), *point) if point else None
    weekday = WEEKDAYS.index(match["day"].lower())
    words = set(re.findall(r"[\w'’]+", match.string.lower()))
    if words & FUTURE_CUES:
        day = reference + timedelta(days=(weekday - reference.weekday()) % 7)
    else:
        day = reference - timedelta(days=(reference.weekday() - weekday) % 7)
    return match.group(), day, day


_I = re.IGNORECASE
# Earlier patterns win where two overlap ("since … in February 2022" over "in February 2022").
# Each pattern runs only when one of its cue words is in the sentence: most sentences hold none.
_DATE_CUES = (*"0123456789", *(name for name in MONTHS if len(name) == 3))
_PATTERNS: tuple[tuple[re.Pattern[str], Resolver, tuple[str, ...]], ...] = (
    (
        re.compile(
            rf"\b[Ss]ince\s+(?P<event>(?:[\w’'-]+\s+){{1,12}}?)in\s+"
            rf"(?P<point>{_MONTH}\s+{_YEAR}|{_YEAR})\b"
        ),
        _since_event,
        ("since",),
    ),
    (re.compile(rf"\b[Ss]ince\s+(?P<point>{_POINT})(?!\s*%)"), _since, ("since",)),
    (
        re.compile(r"\b(?:so\s+far\s+this\s+year|this\s+year\s+so\s+far|year\s+to\s+date)\b", _I),
        _so_far,
        ("so far", "to date"),
    ),
    (
        re.compile(
            rf"\b(?:by|before|until)\s+the\s+end\s+of\s+(?:the\s+|this\s+)?"
            rf"(?P<what>year|month|{_MONTH}(?:\s+{_YEAR})?|{_YEAR})\b"
        ),
        _by_end,
        ("end of",),
    ),
    (
        re.compile(
            r"\b(?:over|in|during|within)\s+the\s+(?P<direction>next|coming|past|last|previous)"
            r"\s+(?:(?P<count>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|twelve|"
            r"fifteen|twenty)\s+)?(?P<unit>years|months|weeks|days|hours|decades|decade)\b",
            _I,
        ),
        _span,
        ("next", "coming", "past", "last", "previous"),
    ),
    (
        re.compile(
            rf"\b(?:in\s+)?the\s+(?:(?:financial|fiscal)\s+year|year|12\s+months|twelve\s+months)"
            rf"\s+(?:that\s+)?(?:to|ended|ending|through)\s+(?:in\s+)?"
            rf"(?P<point>{_MONTH}(?:\s+{_YEAR})?)"
        ),
        _year_to,
        ("year", "months"),
    ),
    (
        re.compile(
            rf"\b(?:(?:in|during|for)\s+)?(?:the\s+)?(?P<which>first|second|third|fourth|final)"
            rf"\s+quarter(?:\s+of\s+(?:(?P<year>{_YEAR})|(?P<rel>this|last|the)\s+year))?"
            rf"|\bQ(?P<q>[1-4])(?:\s+(?P<year2>{_YEAR}))?\b",
            _I,
        ),
        _named_quarter,
        ("quarter", "q1", "q2", "q3", "q4"),
    ),
    (
        re.compile(
            r"\b(?P<which>this|last|next|the\s+previous|the\s+past|the\s+last|the\s+current)"
            r"\s+(?P<unit>year|month|quarter|week)\b(?!\s+(?:earlier|ago|before))",
            _I,
        ),
        _relative,
        ("year", "month", "quarter", "week"),
    ),
    (
        re.compile(rf"\bbetween\s+(?P<a>{_YEAR})\s+and\s+(?P<b>{_YEAR})\b"),
        _between_years,
        ("between",),
    ),
    (
        re.compile(rf"\b(?:by|before|until)\s+(?P<point>{_MONTH}\s+{_YEAR}|{_YEAR})\b"),
        _by_year,
        ("by ", "before ", "until "),
    ),
    (
        re.compile(
            rf"\b(?:[Ii]n|[Dd]uring|[Ff]or|[Oo]f|[Tt]hroughout|[Uu]ntil|[Tt]hrough|[Ff]rom|[Oo]n"
            rf"|[Aa]s\s+of)\s+(?P<point>{_POINT})\b(?!\s*(?:%|levels?\b))"
        ),
        _at,
        _DATE_CUES,
    ),
    (
        re.compile(
            rf"(?P<point>{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}|{_MONTH}\s+{_DAY},?\s+{_YEAR}"
            rf"|{_YEAR}-\d\d-\d\d|{_MONTH}\s+{_YEAR})\b"
        ),
        _at,
        _DATE_CUES,
    ),
    (
        re.compile(
            r"\b(?:currently|at\s+present|presently|now|today|as\s+of\s+now|to\s+date|so\s+far"
            r"|this\s+(?:morning|afternoon|evening)|tonight)\b(?![-‐‑])",  # not "now-defunct"
            _I,
        ),
        _now,
        ("current", "present", "now", "today", "to date", "so far", "this ", "tonight"),
    ),
    (
        re.compile(rf"\b(?:yesterday(?:\s+{_DAY_PART})?|last\s+night)\b", _I),
        _day_before,
        ("yesterday", "night"),
    ),
    (
        re.compile(
            r"\b(?:on\s+)?(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
            rf"(?:\s+{_DAY_PART}\b)?"  # "on Wednesday night"
            rf"(?:,?\s+(?P<date>{_MONTH}\s+{_DAY}|{_DAY}\s+{_MONTH})\b)?"
        ),
        _weekday,
        ("day",),
    ),
)
