"""Sentence boundaries, needed to split long paragraphs, pick the best sentence and cite figures."""

from __future__ import annotations

import re

# Words that end with a period without ending a sentence ("Dr. Miron", "U.S. aid").
_ABBREVIATIONS = frozenset(
    "dr mr mrs ms prof gen col lt sgt capt st jr sr vs etc inc ltd co corp no approx est "
    "jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e u.s u.k u.n a.m p.m".split()
)

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) and whitespace.
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+|$)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences of `text`, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if _is_abbreviation(text, match.start()) or _next_starts_lowercase(text, end):
            continue
        _append_trimmed(spans, text, start, end)
        start = end
    _append_trimmed(spans, text, start, len(text))
    return spans


def _is_abbreviation(text: str, period_at: int) -> bool:
    if text[period_at] != ".":
        return False
    start = period_at
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._"):
        start -= 1
    if start == period_at:
        return False
    token = text[start:period_at].lower()
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _next_starts_lowercase(text: str, end: int) -> bool:
    rest = text[end:].lstrip()
    return bool(rest) and rest[0].islower()


def _append_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        offset = start + (len(chunk) - len(chunk.lstrip()))
        spans.append((offset, offset + len(stripped)))
