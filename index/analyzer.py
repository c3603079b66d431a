"""The one analyzer chain that turns passages and questions alike into index terms.

Like a Lucene analyzer: character filters on the whole text, a tokenizer, then small token
filters. The chain below *is* the configuration; change it and bump ANALYZER_VERSION so an
index built with an older chain is rebuilt instead of silently mismatching questions.

    text ─ normalize (NFKC, quotes, spaces, dashes)
         ─ acronyms   ("U.S." / "US" → usa, case-sensitive so the pronoun "us" stays a stop word)
         ─ units      ("square kilometres", "sq km", "km2", "km²" → km2)
         ─ digits     ("2,700" / "2 700" → 2700)
         ─ lowercase, tokenize
         ─ possessive ("russia's" → russia)
         ─ stop words
         ─ Snowball English stemming
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

from index.stopwords import STOP_WORDS
from index.text import normalize

ANALYZER_VERSION = "1"

_ACRONYMS = (
    (re.compile(r"\bU\.\s?S\.(?:\s?A\.)?|\bUSA\b|\bUS\b"), " usa "),
    (re.compile(r"\bU\.\s?K\.|\bUK\b"), " uk "),
    (re.compile(r"\bU\.\s?N\.|\bUN\b"), " un "),
)
_UNITS = (
    (
        re.compile(
            r"\b(?:square|sq\.?)\s*(?:kilomet(?:er|re)s?|kms?)\b|\bkm\s?(?:2|²)(?!\d)|\bkm\^2\b",
            re.IGNORECASE,
        ),
        " km2 ",
    ),
    (
        re.compile(r"\b(?:square|sq\.?)\s*miles?\b|\bmi\s?(?:2|²)(?!\d)", re.IGNORECASE),
        " mi2 ",
    ),
    (re.compile(r"(?<=\d)\s?%|\bper\s?cent\b", re.IGNORECASE), " percent "),
)
_DIGIT_GROUPS = re.compile(r"(?<![\d.,])\d{1,3}(?:[, ]\d{3})+(?!\d)")
_TOKEN = re.compile(r"\d+(?:\.\d+)+|[^\W_]+(?:'[^\W_]+)*")
_stemmer = Stemmer.Stemmer("english")
# Lowercase spellings of the acronyms above: in news questions "us aid" means the country.
_FOLDED = {"us": "usa", "u.s": "usa"}


def analyze(text: str) -> list[str]:
    """Index terms of `text`, in order, with repeats (term frequency counts them)."""
    terms: list[str] = []
    for token in tokenize(text):
        term = _term(token)
        if term:
            terms.append(term)
    return terms


def tokenize(text: str) -> list[str]:
    """Character filters, then lowercase word tokens (before stop words and stemming)."""
    return _TOKEN.findall(char_filter(text).lower())


def char_filter(text: str) -> str:
    """The text-level filters: normalization, acronyms, units, digit groups."""
    text = normalize(text)
    for pattern, replacement in (*_ACRONYMS, *_UNITS):
        text = pattern.sub(replacement, text)
    return _DIGIT_GROUPS.sub(lambda m: re.sub(r"[, ]", "", m.group()), text)


@lru_cache(maxsize=200_000)
def _term(token: str) -> str:
    """The token filters: possessive, stop word, stem. Empty string means dropped."""
    token = _FOLDED.get(token, token)
    token = _strip_possessive(token)
    if not token or token in STOP_WORDS:
        return ""
    if token[0].isdigit():
        return token
    return _stemmer.stemWord(token)


def _strip_possessive(token: str) -> str:
    if token.endswith("'s"):
        token = token[:-2]
    return token.replace("'", "")
