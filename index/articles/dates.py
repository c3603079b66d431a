"""The date line of an article, in the formats sites write it."""

from __future__ import annotations

import re
import warnings
from datetime import datetime

from dateutil import parser as date_parser
from dateutil.parser import UnknownTimezoneWarning

_DATE_PREFIX = re.compile(
    r"^(?:published|updated|posted|date|dated)\s*(?:on)?\s*:?\s*", re.IGNORECASE
)
_DATE_FORMATS = (
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%A, %B %d, %Y",
    "%A, %d %B %Y",
    "%A %d %B %Y",
    "%Y-%m-%d",
    "%d.%m.%Y",
    "%B %d %Y",
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_MONTH_WORD = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b\.?", re.IGNORECASE
)
_ISO = re.compile(r"\d{4}-\d\d-\d\d[T ]")
_DOT_TIME = re.compile(r"\b(\d{1,2})\.(\d\d)\b(?!\.)")


def parse_date(line: str) -> str | None:
    """The ISO date a line gives, or None for a line that is no date."""
    # A date of at most 40 characters (20 words) after a prefix of at most 3: a quick no for
    # every paragraph, before the regular expressions.
    if len(line.split(None, 24)) > 24:
        return None
    candidate = _DATE_PREFIX.sub("", line.strip()).rstrip(".")
    candidate = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", candidate)
    if len(candidate) > 40:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(candidate, fmt).date().isoformat()
        except ValueError:
            continue
    return _written_date(candidate)


def _written_date(candidate: str) -> str | None:
    """A date line as sites write it, with a weekday, a time or a zone ("2 Dec 2026 10:32
    AEDT", "Nov. 6, 2023 at 5:12 p.m. EST", "Tue 2 Dec 2026 14.30 GMT",
    "2026-12-02T10:00:00Z"), read by dateutil's parser when it names its month in words or is
    ISO, and holds a four-digit year and a day ("May 2026" dates no article)."""
    if not (_YEAR.search(candidate) and (_MONTH_WORD.search(candidate) or _ISO.match(candidate))):
        return None
    text = _DOT_TIME.sub(r"\1:\2", candidate)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UnknownTimezoneWarning)
            days = {
                date_parser.parse(text, default=datetime(2000, 1, day), ignoretz=True).date()
                for day in (1, 2)
            }
    except (ValueError, OverflowError):
        return None
    return days.pop().isoformat() if len(days) == 1 else None
