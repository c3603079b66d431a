"""Reading plain-text articles from the seeds folder into documents and passages.

An article is a UTF-8 text file whose blocks are separated by blank lines (a hard-wrapped
file's lines are joined back first: `lines`). The header carries page chrome (view/minute/
comment counters, category lines, a byline, a title repeated as standfirst), which is
dropped; the title, the date (`dates`) and section headings are kept as metadata (`header`).
Paragraph numbers count the blocks a reader sees once the chrome is gone (the title is ¶1,
headings count too), so "¶3" can be checked by eye against the article.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from index.articles.header import split_header
from index.articles.lines import (
    LIST_ITEM,
    TABLE_RULE,
    at_most_words,
    blocks,
    is_heading,
    is_prose,
    plain_heading,
    unwrapped,
)
from index.documents import Document, Passage
from index.text.normalize import normalize
from index.text.sentences import sentence_spans

# Bumped when the same file reads into other passages (an index built before is rebuilt).
READER_VERSION = "6"  # 2: Markdown; 3: hard wraps; 4: dates, titles; 5: bylines, chrome; 6: lists
MAX_PASSAGE_WORDS = 120
SEED_SUFFIXES = frozenset({".txt", ".md", ".text"})


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
    title, article_date, categories, body = split_header(unwrapped(text, blocks(text)))
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


def _passages(
    slug: str, body: list[tuple[int, str]], first_paragraph: int
) -> tuple[list[Passage], list[str]]:
    passages: list[Passage] = []
    sections: list[str] = []
    section = ""
    paragraph = first_paragraph - 1
    # A briefing of lists alone has no closing list of links: every item is its text.
    last_prose = max((i for i, (_, line) in enumerate(body) if is_prose(line)), default=len(body))
    for index, (offset, line) in enumerate(body):
        if TABLE_RULE.match(line):
            continue  # the rule under a Markdown table's header row: no paragraph a reader sees
        paragraph += 1
        if is_heading(line, before_prose=index < last_prose):
            section = plain_heading(line)
            sections.append(section)
            continue
        if item := LIST_ITEM.match(line):
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
    if at_most_words(paragraph, MAX_PASSAGE_WORDS):
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
