"""The head of an article: its title, date and categories, and the chrome dropped around them
(view counters, category lines, a byline, a title repeated as a standfirst)."""

from __future__ import annotations

import re
from functools import lru_cache

from index.articles.dates import parse_date
from index.articles.lines import (
    BYLINE,
    CATEGORY,
    COUNTER,
    WEB_CHROME,
    is_heading,
    plain_heading,
)
from index.text.normalize import normalize
from index.text.sentences import sentence_spans

_TITLE_MAX_WORDS = 30
_ASCII_NON_WORD = str.maketrans(
    {chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")}
)

Lines = list[tuple[int, str]]


def split_header(lines: Lines) -> tuple[str | None, str | None, list[str], Lines]:
    """Drop chrome lines from the head of the article; return title, date, categories and body."""
    title: str | None = None
    article_date: str | None = None
    categories: list[str] = []
    body: Lines = []
    for index, (offset, line) in enumerate(lines):
        # The header runs on through a standfirst or a byline, up to the first paragraph.
        in_header = all(is_heading(kept) for _, kept in body)
        if COUNTER.match(line) or WEB_CHROME.match(line):
            continue
        parsed_date = parse_date(line)
        if parsed_date is not None and in_header:
            article_date = article_date or parsed_date
            continue
        if not body and title is None and _looks_like_title(line, lines[index + 1 :]):
            title = plain_heading(line.rstrip())
            continue
        if in_header and CATEGORY.match(line) and len(line.split()) <= 8:
            categories.extend(part.strip() for part in re.split(r",", _strip_category(line)))
            continue
        if in_header and BYLINE.match(line):
            continue
        if title is not None and _same_text(line, title):
            continue
        body.append((offset, line))
    return title, article_date, categories, body


def _looks_like_title(line: str, following: Lines) -> bool:
    """A short line of one sentence, or of two over a date line ("Ravenous wild goats ruled
    this island for over a century. Now, it's being reborn." then "2020-01-03")."""
    words = len(line.split())
    if words > _TITLE_MAX_WORDS or CATEGORY.match(line) or not following:
        return False
    return len(sentence_spans(line)) <= 1 or parse_date(following[0][1]) is not None


def _strip_category(line: str) -> str:
    return re.sub(r"^(?:in|posted in|filed under|categor(?:y|ies)\s*:)\s+", "", line, flags=re.I)


def _same_text(line: str, title: str) -> bool:
    """Whether `line` repeats `title`, punctuation, spacing and case aside. A line over three
    times the title's length cannot (two thirds of it would be punctuation): it is not
    compared, which spares the build a normalisation of every paragraph."""
    return len(line) <= 3 * len(title) + 10 and _comparable(line) == _comparable(title)


@lru_cache(maxsize=64)  # the title, compared with every line of its article
def _comparable(text: str) -> str:
    if text.isascii():  # the same without a regex: normalize is a no-op, \W is [^a-z0-9_]
        return " ".join(text.lower().translate(_ASCII_NON_WORD).split())
    return re.sub(r"\W+", " ", normalize(text).casefold()).strip()
