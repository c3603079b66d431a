"""Reading plain-text articles from the seeds folder into documents and passages.

An article is a UTF-8 text file whose blocks are separated by blank lines. The header carries
page chrome (view/minute/comment counters, category lines, a title repeated as standfirst),
which is dropped; the title, the date and section headings are kept as metadata. Paragraph
numbers count the blocks a reader sees once the chrome is gone (the title is ¶1, headings
count too), so "¶3" can be checked by eye against the article.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import warnings
from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from dateutil import parser as date_parser
from dateutil.parser import UnknownTimezoneWarning

from index.documents import Document, Passage
from index.text.normalize import joined_lines, normalize
from index.text.sentences import sentence_spans

# Bumped when the same file reads into other passages (an index built before is rebuilt).
READER_VERSION = "6"  # 2: Markdown; 3: hard wraps; 4: dates, titles; 5: bylines, chrome; 6: lists
MAX_PASSAGE_WORDS = 120
# A file whose lines are all at most this long, most ending mid-sentence before another, is
# hard-wrapped; a line filled to WRAPPED_FILL of the longest carries on into the next.
WRAP_WIDTH = 100
WRAPPED_FILL = 0.6
SEED_SUFFIXES = frozenset({".txt", ".md", ".text"})

_COUNTER_UNITS = r"views?|mins?|minutes?|min read|comments?|shares?|likes?|reads?"
_COUNTER = re.compile(rf"^(?:\s*[\d.,]+[kKmM]?\s*(?:{_COUNTER_UNITS})\b)+\s*$", re.IGNORECASE)
_CATEGORY = re.compile(
    r"^(?:in|posted in|filed under|categor(?:y|ies)\s*:)\s+[\w&'’ -]+(?:,\s*[\w&'’ -]+)*$",
    re.IGNORECASE,
)
_ASCII_NON_WORD = str.maketrans(
    {chr(c): " " for c in range(128) if not (chr(c).isalnum() or chr(c) == "_")}
)
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
# Lines of a web page that are no part of its article, wherever they stand: "Advertisement",
# "Share this article", "Read more: …", "Related stories: …", "Sign up to our newsletter".
_WEB_CHROME = re.compile(
    r"^(?:advertisement|share (?:this|on)\b.{0,40}|(?:read|see) (?:more|also)\b.{0,100}"
    r"|related(?: articles?| stories?| coverage)?:.{0,100}"
    r"|(?:sign up|subscribe)(?: (?:now|here|today))?(?: (?:to|for)\b.{0,60})?"
    r"|follow us on\b.{0,40})$",
    re.IGNORECASE,
)
# "By Jane Smith", "By JANE SMITH and Tom Brown, Reuters": the byline under a headline, every
# word a capitalised name ("By the end of 2026, …" opens a paragraph).
_BYLINE = re.compile(
    r"^(?:By|BY)\s+[A-Z][\w'’.-]*(?:(?:,?\s+(?:and|&)\s+|,\s*|\s+)[A-Z][\w'’.-]*){0,8}$"
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_MONTH_WORD = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b\.?", re.IGNORECASE
)
_ISO = re.compile(r"\d{4}-\d\d-\d\d[T ]")
_DOT_TIME = re.compile(r"\b(\d{1,2})\.(\d\d)\b(?!\.)")
_TERMINAL_PUNCTUATION = tuple(".!?:;\"'”’…")
# Markdown, as briefings written by hand often are: "## Heading", "**Key points:**", and list
# items ("- 3 people were injured", "2. Crews …"), which are the article's text however short.
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_EMPHASIS = re.compile(r"^(\*\*|__)(.+)\1$")
_LIST_ITEM = re.compile(r"^(?:[-*+•▪◦]|\d{1,3}[.)])\s+(?=\S)")
_TABLE_ROW = re.compile(r"^\|.*\|$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
_HEADING_MAX_WORDS = 12
_TITLE_MAX_WORDS = 30


class SeedError(Exception):
    """A seed file that cannot become part of the index; says which file and why."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def seed_files(folder: Path) -> list[Path]:
    """The article files of a seeds folder, in a stable (name) order."""
    if not folder.is_dir():
        raise SeedError(folder, "the seeds folder does not exist")
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in SEED_SUFFIXES and not p.name.startswith(".")
    )


def read_source(path: Path) -> tuple[str, str]:
    """Return the file's text and content hash, refusing files that are not UTF-8 text."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SeedError(path, f"cannot be read ({error.strerror or error})") from error
    if not raw.strip():
        raise SeedError(path, "is empty")
    if b"\x00" in raw[:65536]:
        raise SeedError(path, "is binary, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SeedError(
            path, f"is not UTF-8 text (invalid byte at offset {error.start})"
        ) from error
    return text, hashlib.sha256(raw).hexdigest()


def read_document(path: Path, taken_slugs: set[str] | None = None) -> Document:
    """Read one article file into a document with its passages."""
    text, content_hash = read_source(path)
    blocks = _unwrapped(text, list(_blocks(text)))
    title, article_date, categories, body = _split_header(blocks)
    title_in_text = title is not None
    if title is None:
        title = _title_from_filename(path)
    slug = _unique_slug(_slugify(title), taken_slugs if taken_slugs is not None else set())
    passages, sections = _passages(slug, body, first_paragraph=2 if title_in_text else 1)
    if not passages:
        raise SeedError(path, "has no paragraphs of text")
    return Document(
        slug=slug,
        path=str(path),
        title=title,
        date=article_date,
        sections=tuple(sections),
        passages=tuple(passages),
        content_hash=content_hash,
        categories=tuple(categories),
    )


def read_seeds(folder: Path) -> Iterator[Document]:
    """Read every article of a seeds folder; the first bad file stops the build with its reason."""
    taken: set[str] = set()
    for path in seed_files(folder):
        yield read_document(path, taken)


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, line) for each non-empty line; blank lines separate blocks."""
    offset = 0
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        stripped = content.strip()
        if stripped:
            yield offset + content.index(stripped[0]), stripped
        offset += len(line)


def _unwrapped(text: str, lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
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
    wrapped = [i for i in adjacent if not lines[i - 1][1].endswith(_TERMINAL_PUNCTUATION)]
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
    return filled and not _LIST_ITEM.match(line) and not _alone(previous) and not _alone(line)


def _alone(line: str) -> bool:
    """A line that is a paragraph of its own whatever follows it: a table row, a heading in
    Markdown, a date, or page chrome."""
    return bool(
        _TABLE_ROW.match(line)
        or _MARKDOWN_HEADING.match(line)
        or _COUNTER.match(line)
        or _CATEGORY.match(line)
        or _parse_date(line)
    )


def _split_header(
    lines: list[tuple[int, str]],
) -> tuple[str | None, str | None, list[str], list[tuple[int, str]]]:
    """Drop chrome lines from the head of the article; return title, date, categories and body."""
    title: str | None = None
    article_date: str | None = None
    categories: list[str] = []
    body: list[tuple[int, str]] = []
    for index, (offset, line) in enumerate(lines):
        # The header runs on through a standfirst or a byline, up to the first paragraph.
        in_header = all(_is_heading(kept) for _, kept in body)
        if _COUNTER.match(line) or _WEB_CHROME.match(line):
            continue
        parsed_date = _parse_date(line)
        if parsed_date is not None and in_header:
            article_date = article_date or parsed_date
            continue
        if not body and title is None and _looks_like_title(line, lines[index + 1 :]):
            title = _plain_heading(line.rstrip())
            continue
        if in_header and _CATEGORY.match(line) and len(line.split()) <= 8:
            categories.extend(part.strip() for part in re.split(r",", _strip_category(line)))
            continue
        if in_header and _BYLINE.match(line):
            continue
        if title is not None and _same_text(line, title):
            continue
        body.append((offset, line))
    return title, article_date, categories, body


def _looks_like_title(line: str, following: list[tuple[int, str]]) -> bool:
    """A short line of one sentence, or of two over a date line ("Ravenous wild goats ruled
    this island for over a century. Now, it's being reborn." then "2020-01-03")."""
    words = len(line.split())
    if words > _TITLE_MAX_WORDS or _CATEGORY.match(line) or not following:
        return False
    return len(sentence_spans(line)) <= 1 or _parse_date(following[0][1]) is not None


def _strip_category(line: str) -> str:
    return re.sub(r"^(?:in|posted in|filed under|categor(?:y|ies)\s*:)\s+", "", line, flags=re.I)


def _parse_date(line: str) -> str | None:
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


def _is_heading(line: str, before_prose: bool = True) -> bool:
    """A Markdown heading, a short line set in bold, or a short line that ends no sentence;
    never a list item or a table row that more prose follows. A page's closing lists of
    links ("Editors' recommendations:", then short titles) are read as headings still, as
    before Markdown was read: no question is answered by a link's title."""
    if _MARKDOWN_HEADING.match(line):
        return True
    if before_prose and (_LIST_ITEM.match(line) or _TABLE_ROW.match(line)):
        return False
    plain = _plain_heading(line)
    short = _at_most_words(plain, _HEADING_MAX_WORDS)
    return short and (plain != line or not line.endswith(_TERMINAL_PUNCTUATION))


def _plain_heading(line: str) -> str:
    """A heading or title without its Markdown: "## Key points" and "**Key points**" as
    "Key points"."""
    line = _MARKDOWN_HEADING.sub("", line)
    emphasis = _EMPHASIS.match(line)
    return emphasis.group(2).strip() if emphasis else line


def _at_most_words(text: str, limit: int) -> bool:
    """len(text.split()) <= limit, without splitting past the limit."""
    return len(text.split(None, limit)) <= limit


def _passages(
    slug: str, body: list[tuple[int, str]], first_paragraph: int
) -> tuple[list[Passage], list[str]]:
    passages: list[Passage] = []
    sections: list[str] = []
    section = ""
    paragraph = first_paragraph - 1
    prose = [
        not (_LIST_ITEM.match(line) or _TABLE_ROW.match(line) or _is_heading(line))
        for _, line in body
    ]
    # A briefing of lists alone has no closing list of links: every item is its text.
    last_prose = max((i for i, is_prose in enumerate(prose) if is_prose), default=len(body))
    for index, (offset, line) in enumerate(body):
        if _TABLE_RULE.match(line):
            continue  # the rule under a Markdown table's header row: no paragraph a reader sees
        paragraph += 1
        if _is_heading(line, before_prose=index < last_prose):
            section = _plain_heading(line)
            sections.append(section)
            continue
        if item := _LIST_ITEM.match(line):
            offset, line = offset + item.end(), line[item.end() :]
        pieces = _split_long(line)
        for part, (start, end) in enumerate(pieces, start=1):
            suffix = f".{part}" if len(pieces) > 1 else ""
            passages.append(
                Passage(
                    id=f"{slug}#{paragraph}{suffix}",
                    document=slug,
                    paragraph=paragraph,
                    part=part,
                    section=section,
                    start=offset + start,
                    end=offset + end,
                    text=line[start:end],
                )
            )
    return passages, sections


def _split_long(paragraph: str) -> list[tuple[int, int]]:
    """Split a paragraph at sentence boundaries into pieces of at most ~MAX_PASSAGE_WORDS words."""
    if _at_most_words(paragraph, MAX_PASSAGE_WORDS):
        return [(0, len(paragraph))]
    pieces: list[list[int]] = []
    words = 0
    for start, end in sentence_spans(paragraph):
        count = len(paragraph[start:end].split())
        if pieces and words + count <= MAX_PASSAGE_WORDS:
            pieces[-1][1] = end
            words += count
        else:
            pieces.append([start, end])
            words = count
    return [(start, end) for start, end in pieces]


def _slugify(title: str, max_length: int = 48) -> str:
    ascii_title = unicodedata.normalize("NFKD", normalize(title)).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower().replace("'", ""))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or "article"


def _unique_slug(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _title_from_filename(path: Path) -> str:
    return re.sub(r"[_-]+", " ", path.stem).strip().capitalize() or "Untitled"
