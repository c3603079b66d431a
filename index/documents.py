"""The briefing's data model: a document (one article) and its passages (cited paragraphs)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Passage:
    """One citable unit of an article: a paragraph, or a sentence-aligned piece of a long one.

    `text` is the original wording (citations quote it); `start`/`end` are character offsets of
    that text in the source file, so `source[start:end] == text`, but for the line breaks of
    a hard-wrapped paragraph, which read as spaces (`joined_lines(source[start:end]) == text`).
    """

    id: str
    document: str
    paragraph: int
    part: int
    section: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Document:
    """One article read from the seeds folder, its chrome removed."""

    slug: str
    path: str
    title: str
    date: str | None
    sections: tuple[str, ...]
    passages: tuple[Passage, ...]
    content_hash: str
    categories: tuple[str, ...] = field(default=())
