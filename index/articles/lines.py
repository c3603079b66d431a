"""What a line of an article file is: page chrome, a heading, a list item or a table row, or
prose; and the lines of a hard-wrapped file joined back into their paragraphs."""

from __future__ import annotations

import re

from index.articles.dates import parse_date
from index.text.normalize import joined_lines

# A file whose lines are all at most this long, most ending mid-sentence before another, is
# hard-wrapped; a line filled to WRAPPED_FILL of the longest carries on into the next.
WRAP_WIDTH = 100
WRAPPED_FILL = 0.6
HEADING_MAX_WORDS = 12

_COUNTER_UNITS = r"views?|mins?|minutes?|min read|comments?|shares?|likes?|reads?"
COUNTER = re.compile(rf"^(?:\s*[\d.,]+[kKmM]?\s*(?:{_COUNTER_UNITS})\b)+\s*$", re.IGNORECASE)
CATEGORY = re.compile(
    r"^(?:in|posted in|filed under|categor(?:y|ies)\s*:)\s+[\w&'’ -]+(?:,\s*[\w&'’ -]+)*$",
    re.IGNORECASE,
)
# Lines of a web page that are no part of its article, wherever they stand: "Advertisement",
# "Share this article", "Read more: …", "Related stories: …", "Sign up to our newsletter".
WEB_CHROME = re.compile(
    r"^(?:advertisement|share (?:this|on)\b.{0,40}|(?:read|see) (?:more|also)\b.{0,100}"
    r"|related(?: articles?| stories?| coverage)?:.{0,100}"
    r"|(?:sign up|subscribe)(?: (?:now|here|today))?(?: (?:to|for)\b.{0,60})?"
    r"|follow us on\b.{0,40})$",
    re.IGNORECASE,
)
# "By Jane Smith", "By JANE SMITH and Tom Brown, Reuters": the byline under a headline, every
# word a capitalised name ("By the end of 2026, …" opens a paragraph).
BYLINE = re.compile(
    r"^(?:By|BY)\s+[A-Z][\w'’.-]*(?:(?:,?\s+(?:and|&)\s+|,\s*|\s+)[A-Z][\w'’.-]*){0,8}$"
)
TERMINAL_PUNCTUATION = tuple(".!?:;\"'”’…")
# Markdown, as briefings written by hand often are: "## Heading", "**Key points:**", and list
# items ("- 3 people were injured", "2. Crews …"), which are the article's text however short.
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_EMPHASIS = re.compile(r"^(\*\*|__)(.+)\1$")
LIST_ITEM = re.compile(r"^(?:[-*+•▪◦]|\d{1,3}[.)])\s+(?=\S)")
TABLE_ROW = re.compile(r"^\|.*\|$")
TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")


def blocks(text: str) -> list[tuple[int, str]]:
    """(offset, line) for each non-empty line, stripped; blank lines separate blocks."""
    found = []
    offset = 0
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        stripped = content.strip()
        if stripped:
            found.append((offset + content.index(stripped[0]), stripped))
        offset += len(line)
    return found


def unwrapped(text: str, lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The lines of a hard-wrapped file (an e-mail, a wire feed, text from a PDF: every line at
    most WRAP_WIDTH characters, most of those followed by another ending mid-sentence) joined
    back into their paragraphs, each line to the one before when that one was filled to near
    the width (a short line is a title, a heading or a paragraph's end), it opens no list
    item, and neither is a table row, a Markdown heading, a date or page chrome. The line
    breaks read as spaces, so a paragraph keeps its offsets in the file. Other files are left
    as they are: one paragraph per line.
    """
    width = max((len(line) for _, line in lines), default=0)
    if width > WRAP_WIDTH:
        return lines
    adjacent = {i for i in range(1, len(lines)) if _next_line(text, lines[i - 1], lines[i][0])}
    wrapped = [i for i in adjacent if not lines[i - 1][1].endswith(TERMINAL_PUNCTUATION)]
    if len(wrapped) < 2 or 2 * len(wrapped) < len(adjacent):
        return lines
    joined: list[tuple[int, str]] = []
    for i, (offset, line) in enumerate(lines):
        previous = lines[i - 1][1] if i else ""
        if joined and i in adjacent and _continues(previous, line, width):
            start = joined[-1][0]
            joined[-1] = (start, joined_lines(text[start : offset + len(line)]))
        else:
            joined.append((offset, line))
    return joined


def _next_line(text: str, previous: tuple[int, str], offset: int) -> bool:
    """Whether the line at `offset` directly follows `previous`, no blank line between."""
    start, line = previous
    return text.count("\n", start + len(line), offset) == 1


def _continues(previous: str, line: str, width: int) -> bool:
    """Whether `line` carries on the paragraph (or list item) of the wrapped line before it."""
    filled = len(previous) >= WRAPPED_FILL * width
    return filled and not LIST_ITEM.match(line) and not _alone(previous) and not _alone(line)


def _alone(line: str) -> bool:
    """A line that is a paragraph of its own whatever follows it: a table row, a heading in
    Markdown, a date, or page chrome."""
    return bool(
        TABLE_ROW.match(line)
        or _MARKDOWN_HEADING.match(line)
        or COUNTER.match(line)
        or CATEGORY.match(line)
        or parse_date(line)
    )


def is_heading(line: str, before_prose: bool = True) -> bool:
    """A Markdown heading, a short line set in bold, or a short line that ends no sentence;
    never a list item or a table row that more prose follows. A page's closing lists of
    links ("Editors' recommendations:", then short titles) are read as headings still, as
    before Markdown was read: no question is answered by a link's title."""
    if _MARKDOWN_HEADING.match(line):
        return True
    if before_prose and (LIST_ITEM.match(line) or TABLE_ROW.match(line)):
        return False
    plain = plain_heading(line)
    short = at_most_words(plain, HEADING_MAX_WORDS)
    return short and (plain != line or not line.endswith(TERMINAL_PUNCTUATION))


def is_prose(line: str) -> bool:
    """A paragraph of the article's text: no heading, list item or table row."""
    return not (LIST_ITEM.match(line) or TABLE_ROW.match(line) or is_heading(line))


def plain_heading(line: str) -> str:
    """A heading or title without its Markdown: "## Key points" and "**Key points**" as
    "Key points"."""
    line = _MARKDOWN_HEADING.sub("", line)
    emphasis = _EMPHASIS.match(line)
    return emphasis.group(2).strip() if emphasis else line


def at_most_words(text: str, limit: int) -> bool:
    """len(text.split()) <= limit, without splitting past the limit."""
    return len(text.split(None, limit)) <= limit
