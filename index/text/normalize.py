"""Text normalization shared by matching and extraction: one spelling for quotes, spaces, dashes."""

from __future__ import annotations

import html
import unicodedata

_TRANSLATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2007": " ",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00ad": None,
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
    }
)


def normalize(text: str) -> str:
    """Fold typographic variants so "Ukraine’s" matches "Ukraine's" and "2 700" keeps one space.

    Same length is not preserved (zero-width characters are removed); use it for matching,
    never for offsets into the original text. ASCII text is already in that form (NFKC leaves
    it alone and every character the table folds is beyond ASCII).
    """
    if "&" in text and ";" in text:
        text = html.unescape(text)  # "&amp;", "&nbsp;", "&#8217;" of text copied from a page
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", text).translate(_TRANSLATION)


_LINE_BREAKS = str.maketrans("\r\n", "  ")


def joined_lines(text: str) -> str:
    """A hard-wrapped paragraph as it reads: each line break a space, so that every character
    keeps its offset in the file."""
    return text.translate(_LINE_BREAKS)
