"""Where a figure comes from: "according to X", "X said", "an X analysis confirmed", "per X".

A reader weighs "at least 78,329 troops killed" differently when BBC Russian counted them, so
every figure carries its attribution when the sentence gives one. Only the sentence is read:
a source named two sentences earlier is not assumed to stand behind a new number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.figures.lexicon import ARTICLES, PREPOSITIONS, REPORT_NOUNS, REPORTING_VERBS

# A proper name: capitalized words joined by of/for/the/and, then an optional "(ACRONYM)".
_NAME = (
    r"(?:[A-Z][\w&'’.-]*(?:[ \u00a0]+(?:(?:of|for|the|and|on|de)[ \u00a0]+)*[A-Z][\w&'’.-]*)*)"
    r"(?:[ \u00a0]*\([A-Z][\w&.-]*\))?"
)
_REPORTS = rf"(?:has |have |had )?(?:{'|'.join(sorted(REPORTING_VERBS, key=len, reverse=True))})\b"
_DOCUMENTS = rf"(?:{REPORT_NOUNS})"
# Capitalized words opening a sentence that are not names: "Initial reports spoke of …".
_GENERIC = frozenset(
    "it they this that he she we initial early earlier latest new first recent official "
    "preliminary previous".split()
)
# Word stems one of which every attribution pattern needs: most sentences have none.
_CUES = (
    *{verb[:5] for verb in REPORTING_VERBS},
    "accord",
    "per ",
    "polled",
    "study",
    "published",
)


@dataclass(frozen=True)
class Attribution:
    """A source named in a sentence and which figures it covers.

    scope: "sentence" (according to X, per X: every figure in the sentence), "after" (X said
    [that] …: the figures after it), "before" (…, X said: the figures before it), "nearest"
    (the $4.2bn the UN says is needed: only the figure right before it).
    """

    start: int
    end: int
    name: str
    scope: str


_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b[Aa]ccording to (?P<what>[^,;]+)"), "sentence"),
    (
        re.compile(
            rf"\b(?:[Rr]esearchers|[Aa]nalysts|[Ee]conomists|[Oo]fficials|[Ee]xperts|[Ss]cientists)"
            rf" (?:at|from|with) (?:the )?(?P<name>{_NAME}) {_REPORTS}"
        ),
        "expert",
    ),
    (
        re.compile(
            rf"\b(?:study|report|paper|analysis|survey) (?:published |released )?(?:in|by) "
            rf"(?P<name>{_NAME})"
        ),
        "sentence",
    ),
    (re.compile(rf"\bpolled by (?:the )?(?P<name>{_NAME})"), "poll"),
    (
        re.compile(
            rf"(?P<name>{_NAME})(?:'s|’s)? (?:[a-z]+ ){{0,2}}{_DOCUMENTS} "
            rf"(?:has |have )?(?:confirmed|found|showed|shows|suggests?|estimated|said|says|"
            rf"indicates?|counted)\b"
        ),
        "reporting",
    ),
    (re.compile(rf"(?P<name>{_NAME}) {_REPORTS}"), "reporting"),
    (re.compile(rf"\bper (?:the )?(?P<name>{_NAME})"), "sentence"),
)


def find_sources(sentence: str) -> list[Attribution]:
    """The attributions in a sentence, in text order (one per named source)."""
    lower = sentence.lower()
    if not any(cue in lower for cue in _CUES):
        return []
    found: list[Attribution] = []
    for pattern, scope in _PATTERNS:
        for match in pattern.finditer(sentence):
            if any(match.start() < a.end and a.start < match.end() for a in found):
                continue
            name = _source_name(match)
            if name is None:
                continue
            if scope == "reporting" and (
                _after_preposition(sentence, match.start("name"))
                or _takes_an_object(sentence, match.end())
            ):
                continue
            if scope in ("reporting", "expert"):
                scope_here = _reporting_scope(sentence, match.start(), match.end())
            elif scope == "poll":
                name, scope_here = f"{name} poll", "sentence"
            else:
                scope_here = scope
            found.append(Attribution(match.start(), match.end(), name, scope_here))
    return sorted(found, key=lambda attribution: attribution.start)


def source_for(sources: list[Attribution], start: int, figure_starts: list[int]) -> str | None:
    """The source standing behind the figure at `start`, given where the sentence's figures are."""
    for attribution in sources:
        if _covers(attribution, start, figure_starts):
            return attribution.name
    return None


def _covers(attribution: Attribution, start: int, figure_starts: list[int]) -> bool:
    if attribution.scope == "sentence":
        return True
    if attribution.scope == "after":
        return attribution.end <= start
    if attribution.start < start:
        return False
    if attribution.scope == "before":
        return True
    return not any(start < other < attribution.start for other in figure_starts)


def _source_name(match: re.Match[str]) -> str | None:
    if "what" in match.re.groupindex:
        return _according_to(match["what"])
    name = re.sub(r"['’]s$", "", match["name"].strip())
    opening = match.start("name") == 0 or match.string[: match.start("name")].endswith(('"', "“"))
    if opening:  # "But the Bureau's Claire Richards says": the name follows the joining word
        name = re.sub(r"^(?:(?:But|And|Yet|So|Or|Nor)\s+)?(?:(?:the|The|A|An)\s+)?", "", name)
        if " " not in name and name.endswith("s") and not name.isupper():
            return None  # "Developers say", "Officials said": people, not a named source
    return name if name and not _generic(name) else None


def _generic(name: str) -> bool:
    """Sentence-opening words that look like names but are not sources ("Officials", "It",
    "The" of "The report says")."""
    return name.lower() in _GENERIC or name.lower() in ARTICLES


def _according_to(what: str) -> str | None:
    """'according to a flash estimate from Eurostat' → 'Eurostat'; 'the ISW' → 'ISW'."""
    what = what.strip().rstrip(".")
    leading = re.match(rf"(?:the |a |an )?(?P<name>{_NAME})", what)
    if leading:
        return leading["name"].strip()
    inner = re.search(rf"\b(?:from|by|of|at) (?:the )?(?P<name>{_NAME})", what)
    if inner:
        return inner["name"].strip()
    words = re.sub(r"^(?:the|a|an) ", "", what).split()
    return " ".join(words[:6]) or None


def _after_preposition(sentence: str, position: int) -> bool:
    words = re.findall(r"[A-Za-z]+", sentence[:position])
    while words and words[-1].lower() in ARTICLES:
        words.pop()
    return bool(words) and words[-1].lower() in PREPOSITIONS


# A reporting verb's object, then a preposition: "the Senate confirmed Prelogar by a vote of".
_OBJECT = re.compile(rf"\s+{_NAME}\s+(?:{'|'.join(sorted(PREPOSITIONS))})\b")


def _takes_an_object(sentence: str, end: int) -> bool:
    """Whether the reporting verb ending at `end` acts on someone rather than reports a figure
    ("the Senate confirmed Prelogar by a vote of 53-36" is no report by the Senate). "Say"
    takes no such object: in "ISW said Russia in 2024 seized…" the name opens what was said."""
    verb = sentence[:end].split()[-1].lower()
    return not verb.startswith(("say", "said")) and _OBJECT.match(sentence, end) is not None


def _reporting_scope(sentence: str, start: int, end: int) -> str:
    """', X said.' covers what precedes it; 'X said [that] …' what follows; a reporting verb
    inside a noun phrase ('the $4.2bn the UN says is needed') only the figure right before."""
    after = sentence[end:].lstrip()
    if not after or after[0] in ",.;":
        return "before"
    before = re.sub(r"\b(?:the|a|an)$", "", sentence[:start].rstrip()).rstrip()
    opening = re.search(r"(?:^|[(\"“]|\b(?:and|but|while|as|so|yet))$", before)
    if opening or after.startswith("that "):
        return "after"
    return "nearest"
