"""The one analyzer chain that turns passages and questions alike into index terms.

Like a Lucene analyzer: character filters on the whole text, a tokenizer, then small token
filters. The chain below *is* the configuration; change it and bump ANALYZER_VERSION so an
index built with an older chain is rebuilt instead of silently mismatching questions.

    text ─ normalize (NFKC, quotes, spaces, dashes)
         ─ acronyms   ("U.S." / "US" → usa, case-sensitive so the pronoun "us" stays a stop word)
         ─ units      ("square kilometres", "sq km", "km2", "km²" → km2)
         ─ digits     ("2,700" / "2 700" → 2700)
         ─ clock times ("4:00pm", "4 p.m." → 4pm)
         ─ quantifiers ("scores of accidents", "dozens of people": "many", not the nouns
                       "score" and "dozen" a question about a match or eggs means)
         ─ lowercase, tokenize
         ─ possessive ("russia's" → russia)
         ─ stop words
         ─ number words ("four" → 4)
         ─ comparatives and superlatives ("lowest" → low, lemminflect)
         ─ Snowball English stemming
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import Stemmer
from lemminflect import getAllLemmas

from index.analysis.stopwords import STOP_WORDS
from index.text.normalize import normalize
from index.text.number_words import SMALL_NUMBERS, TENS

ANALYZER_VERSION = "9"

_POSSESSIVE = r"(?:['’]s\b)?"
_ACRONYMS = (
    (re.compile(rf"(?:\bU\.\s?S\.(?:\s?A\.)?|\bUSA\b|\bUS\b){_POSSESSIVE}"), " usa "),
    (re.compile(rf"(?:\bU\.\s?K\.|\bUK\b){_POSSESSIVE}"), " uk "),
    (re.compile(rf"(?:\bU\.\s?N\.|\bUN\b){_POSSESSIVE}"), " un "),
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
# "Scores of X" is a quantity, unless a determiner makes it the noun ("scores of the teams").
_QUANTIFIERS = re.compile(
    r"\b(?:scores|dozens)\s+of\b(?!\s+(?:the|their|his|her|its|our|these|those|both)\b)",
    re.IGNORECASE,
)
_QUANTIFIER_HINTS = ("scores of", "dozens of")
_DIGIT_GROUPS = re.compile(r"(?<![\d.,])\d{1,3}(?:[, ]\d{3})+(?!\d)")
# A clock time, however it is written, is one term: "4:00pm", "4 p.m.", "4.00 pm" → 4pm, as a
# member types it; "4:30pm" → 430pm.
_CLOCK = re.compile(r"(?<![\d.:,])(\d{1,2})(?:[:.](\d{2}))?\s?([ap])\.?m\b\.?", re.IGNORECASE)
# Substrings that every match of the pattern at the same place contains (units: case-folded).
_ACRONYM_HINTS: tuple[tuple[str, ...], ...] = (("U.", "US"), ("U.", "UK"), ("U.", "UN"))
_UNIT_HINTS: tuple[tuple[str, ...], ...] = (("sq", "2", "²"), ("sq", "2", "²"), ("%", "cent"))
_DIGIT_GROUP_HINT = re.compile(r"\d[, ]\d")
_ANY_DIGIT = re.compile(r"\d")
# Any hint of any unit pattern: one test before the per-pattern ones (a substring test costs a
# tenth of a regular expression's search over a passage).
_ANY_UNIT_HINT = tuple({hint for hints in _UNIT_HINTS for hint in hints})
_ASCII_SEPARATORS = str.maketrans(
    {chr(c): " " for c in range(128) if not chr(c).isalnum() or chr(c).isdigit()}
)
_TOKEN = re.compile(r"\d+(?:\.\d+)+|[^\W_]+(?:'[^\W_]+)*")
# Joins texts analysed together: letters only, so no filter matches across it, and the
# stemmer leaves it as it is.
_BREAK = "qqzpassagebreakzqq"
# PyStemmer objects are not thread-safe, and answers are computed in worker threads.
_per_thread = threading.local()
# Lowercase spellings of the acronyms above: in news questions "us aid" means the country.
_FOLDED = {"us": "usa", "u.s": "usa"}
# Numbers in words are their digits ("four more people died" answers "the 4 deaths"), except
# "one", mostly a pronoun or determiner ("one of them").
_NUMBER_WORD_DIGITS = {
    word: str(number) for word, number in (*SMALL_NUMBERS.items(), *TENS.items()) if word != "one"
}


def analyze(text: str) -> list[str]:
    """Index terms of `text`, in order, with repeats (term frequency counts them)."""
    return [term for term in map(_term, tokenize(text)) if term]


def analyze_passages(texts: Sequence[str]) -> tuple[list[str], list[int]]:
    """The terms of many texts at once, in order, and how many each text has: the same as
    `analyze` on each, with the filters and the tokenizer run once over them all (the index
    build analyses a file's passages this way).

    Each text is filtered alone (a filter runs only on the texts holding its hints), then
    they are joined by a word that no text holds for one tokenizing pass; should a text hold
    it, each text is analysed alone.
    """
    if not texts:
        return [], []
    if any(_BREAK in text.lower() for text in texts):
        each = [analyze(text) for text in texts]
        return [term for terms in each for term in terms], [len(terms) for terms in each]
    filtered = f" {_BREAK} ".join(map(char_filter, texts)).lower()
    joined = [term for term in map(_term, _split_words(filtered)) if term]
    lengths: list[int] = []
    start = 0
    for _ in range(len(texts) - 1):
        end = joined.index(_BREAK, start)
        lengths.append(end - start)
        start = end + 1
    lengths.append(len(joined) - start)
    return [term for term in joined if term != _BREAK], lengths


def analyze_words(text: str) -> list[tuple[str, str]]:
    """(word, term) pairs of `text`: the term with the lowercase word it came from."""
    pairs = ((token, _term(token)) for token in tokenize(text))
    return [(token, term) for token, term in pairs if term]


def tokenize(text: str) -> list[str]:
    """Character filters, then lowercase word tokens (before stop words and stemming)."""
    return _split_words(char_filter(text).lower())


def _split_words(text: str) -> list[str]:
    """The word tokens of filtered, lowercase text."""
    if text.isascii() and "'" not in text and not _has_ascii_digit(text):
        # Same tokens as _TOKEN without a regex: runs of ASCII letters.
        return text.translate(_ASCII_SEPARATORS).split()
    return _TOKEN.findall(text)


def char_filter(text: str) -> str:
    """The text-level filters: normalization, acronyms, units, quantifiers, digit groups.

    Each pattern runs only where it can match (a cheap substring test first): every match
    holds one of its hints (units: case-folded; after NFKC the only other letter that
    re.IGNORECASE equates with an ASCII one is the dotless ı), every digit group a digit
    followed by a comma or space and a digit. The output is the same as running them all.
    """
    text = _without_accents(normalize(text))
    if "U" in text:  # every acronym hint holds a capital U
        for (pattern, replacement), hints in zip(_ACRONYMS, _ACRONYM_HINTS, strict=True):
            if any(hint in text for hint in hints):
                text = pattern.sub(replacement, text)
    folded = _fold(text)
    if any(hint in folded for hint in _ANY_UNIT_HINT):
        for (pattern, replacement), hints in zip(_UNITS, _UNIT_HINTS, strict=True):
            if any(hint in folded for hint in hints):
                replaced = pattern.sub(replacement, text)
                if replaced != text:
                    text, folded = replaced, _fold(replaced)
    if any(hint in folded for hint in _QUANTIFIER_HINTS):
        text = _QUANTIFIERS.sub(" many of", text)
    if _has_digit(text) and _DIGIT_GROUP_HINT.search(text):
        text = _DIGIT_GROUPS.sub(lambda m: re.sub(r"[, ]", "", m.group()), text)
    if ("m" in folded) and _has_digit(text):
        text = _CLOCK.sub(_clock_term, text)
    return text


def _without_accents(text: str) -> str:
    """Letters without their accents: members type "fruhburgunder", "pele" and "sao paulo"
    for what articles write "Frühburgunder", "Pelé" and "São Paulo"."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(char for char in decomposed if not unicodedata.combining(char))
    )


def _clock_term(match: re.Match[str]) -> str:
    hour, minutes, half = match.groups()
    return f" {int(hour)}{'' if minutes in (None, '00') else minutes}{half.lower()}m "


def _has_digit(text: str) -> bool:
    """Any digit: ASCII ones by substring tests, others (rare) by the regular expression."""
    return _has_ascii_digit(text) or (not text.isascii() and _ANY_DIGIT.search(text) is not None)


def _fold(text: str) -> str:
    folded = text.lower()
    return folded if folded.isascii() else folded.replace("ı", "i")


def _has_ascii_digit(text: str) -> bool:
    return any(digit in text for digit in "0123456789")


@lru_cache(maxsize=200_000)
def _term(token: str) -> str:
    """The token filters: possessive, stop word, stem. Empty string means dropped."""
    token = _FOLDED.get(token, token)
    token = _strip_possessive(token)
    if not token or token in STOP_WORDS:
        return ""
    if token[0].isdigit():
        return token
    if token in _NUMBER_WORD_DIGITS:
        return _NUMBER_WORD_DIGITS[token]
    stem: str = _stemmer().stemWord(_positive(token))
    return stem


def _positive(token: str) -> str:
    """An adjective's comparative or superlative as its plain form ("lowest", "lower" → low,
    "biggest" → big), which Snowball leaves apart: "the lowest level since 1997" answers "when
    were job ads this low". Lemmas from lemminflect's dictionary (no rules for unknown words);
    a word that is also a noun of its own ("number", "leader") stays, and so does an irregular
    form ("worst" is no spelling of "bad")."""
    if len(token) < 5 or not token.endswith(("er", "est")):
        return token
    lemmas = getAllLemmas(token)
    if token in lemmas.get("NOUN", ()):
        return token
    plain = next(iter(lemmas.get("ADJ", ())), token)
    return plain if token.startswith(plain.rstrip("ey")[:3]) and plain != token else token


def _stemmer() -> Stemmer.Stemmer:
    """This thread's own English stemmer, made on first use."""
    stemmer = getattr(_per_thread, "stemmer", None)
    if stemmer is None:
        stemmer = _per_thread.stemmer = Stemmer.Stemmer("english")
    return stemmer


def _strip_possessive(token: str) -> str:
    if token.endswith("'s"):
        token = token[:-2]
    return token.replace("'", "")
