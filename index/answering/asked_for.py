"""What kind of thing a question asks for, and whether a passage holds one.

"How many…" wants a number, "when…" a date or time, "where…" a place, "who…" a person or an
organisation, "why…" a reason (a causal connective: "because", "due to"; tuning split, right
first 967 → 970 of 1,141, the 54 "why" questions 42 → 45). A passage that shares the
question's words but holds nothing of the kind asked for ("how many guides were acquitted"
against a sentence with no number) is weaker evidence; the answer model weighs it
(index.answering.confidence).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Literal

from lemminflect import getAllLemmas

from index.analysis.analyzer import analyze
from index.analysis.chat_words import spelled_out
from index.analysis.stopwords import STOP_WORDS
from index.figures.lexicon import IRREGULAR_PLURALS

Kind = Literal["number", "time", "place", "person", "reason", "open"]

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|scores|"
    "hundreds?|thousands?|millions?|billions?|half|twice|double|triple"
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
)
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_QUESTION_KINDS: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    (
        "number",
        re.compile(
            r"\bhow\s+(?:many|much|old|long|big|large|far|often|tall|high|fast|deep)\b|"
            r"\bwhat\s+(?:percent(?:age)?|share|proportion|number|amount|size|age|rate)\b|"
            r"\bhow\s+\w+\s+(?:many|much)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "time",
        re.compile(
            r"\bwhens?\b|\bwhat\s+(?:year|time|day|date|month)\b|\bwhich\s+(?:year|day|month)\b",
            re.IGNORECASE,
        ),
    ),
    ("place", re.compile(r"\bwheres?\b|\bwhich\s+(?:country|city|town|state|region)\b", re.I)),
    ("reason", re.compile(r"\bwhy(?:['’]?d|s)?\b|\bhow come\b|\bwhat (?:caused|led to)\b", re.I)),
    (
        "person",
        re.compile(
            r"\bwho(?:m|se|s)?\b|\bwhich\s+(?:company|organi[sz]ation|agency|group|firm|team)\b",
            re.IGNORECASE,
        ),
    ),
)
_HOLDS: dict[Kind, re.Pattern[str]] = {
    "number": re.compile(rf"\d|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE),
    "time": re.compile(
        rf"\b(?:1[89]\d\d|20\d\d|{_MONTHS}|{_WEEKDAYS}|yesterday|today|tonight|tomorrow|"
        r"ago|since|until|morning|afternoon|evening|night|week|month|year|\d{1,2}[:.]\d\d(?:[ap]m)?)\b",
        re.IGNORECASE,
    ),
    # A causal connective: "abandoned due to rain", "in protest at", "the reason was".
    "reason": re.compile(
        r"\b(?:because|due to|as a result|owing to|reasons?|caused?|blamed|in protest"
        r"|in response|so that|in order to|to (?:prevent|avoid|stop))\b",
        re.IGNORECASE,
    ),
    # A capitalised word after a preposition of place, not starting the sentence.
    "place": re.compile(
        r"\b(?:in|at|near|from|outside|inside|across)\s+(?:(?:the|a|an)\s+)?[A-Z]\w+"
    ),
    # Two capitalised words in a row (a name), or a capitalised word before "said".
    "person": re.compile(r"\b[A-Z][\w’'-]+\s+[A-Z][\w’'-]+|\b[A-Z]\w+\s+(?:said|says|told)\b"),
}


# Question words that ask for nothing in particular ("what was the total when…"), in chat
# spellings too.
_OPEN_QUESTION = re.compile(r"\b(?:what|whats|wat|wot|wut|which|why|whys)\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def asked_for(question: str) -> Kind:
    """The kind of thing `question` asks for; "open" when it asks for none in particular
    (remembered: answering one question asks it four times).

    The first question word decides: in "what was the total when they were bowled out", the
    "when" only says which total, so the question asks for nothing in particular.
    """
    found = [
        (match.start(), order, kind)
        for order, (kind, pattern) in enumerate((*_QUESTION_KINDS, ("open", _OPEN_QUESTION)))
        if (match := pattern.search(question))
    ]
    degree = asks_degree(question)
    if degree is not None:
        found.append((degree, 0, "number"))
    return min(found)[2] if found else "open"


_HOW_WORD = re.compile(r"\bhow\s+([a-z]+)\b", re.IGNORECASE)
_AT_MOST = re.compile(
    r"\bwh?at(?:['’]?s|\s+is|\s+was|\s+are|\s+were)?\s+the\s+(?:most|least)\s+([a-z]+)", re.I
)


def asks_degree(question: str) -> int | None:
    """Where a question asks "how" + an adjective ("how strong were the winds", "how cheap are
    the tickets", "how hot was the pool") or "what's the most/least" of something ("whats the
    most nauru will hold"): a degree, which a measure answers. None when it asks none ("how
    did", "how exactly", "what's the most common cause": no adjective, or one after "most";
    lemminflect's dictionary)."""
    for match in _HOW_WORD.finditer(question):
        if _adjective(match.group(1)):
            return match.start()
    most = _AT_MOST.search(question)
    if most and not _adjective(most.group(1)):
        return most.start()
    return None


def _adjective(word: str) -> bool:
    """A word that reads as an adjective and is not a stop word ("well", "much")."""
    word = word.lower()
    return word not in STOP_WORDS and "ADJ" in getAllLemmas(word)


def holds(kind: Kind, sentence: str, passage: str) -> float:
    """1.0 when the sentence that matches the question holds a thing of `kind`, 0.5 when only
    another sentence of its passage does (or the question asks for nothing in particular),
    0.0 when the passage holds none."""
    if kind == "open":
        return 0.5
    if _HOLDS[kind].search(sentence):
        return 1.0
    return 0.5 if _HOLDS[kind].search(passage) else 0.0


# "how many wickets", "how many more troops", "number of casinos": the words that follow.
_COUNTED = re.compile(r"\b(?:how\s+many(?:\s+more)?|number\s+of)\s+([^\W\d_][\w'’ -]*)", re.I)
# How many terms after a number its counted noun may come: "5,000 soldiers", "three wickets",
# "11,000 poker and gaming machines".
_COUNTED_WITHIN = 4
_YEAR = re.compile(r"(?:19|20)\d\d")


# "how much rain", "how much snow": the noun of the amount asked.
_AMOUNT_OF = re.compile(r"\bhow\s+much\s+([^\W\d_][\w'’-]*)", re.I)


def amount_term(question: str) -> str | None:
    """The index term of the thing a "how much" question measures ("how much rain fell":
    rain), or None when a verb or a function word follows ("how much did it cost")."""
    match = _AMOUNT_OF.search(question)
    word = match.group(1).lower() if match else ""
    if not word or not _in_noun_phrase(word):
        return None
    terms = analyze(spelled_out(word) or word)
    return terms[0] if terms else None


def counted_term(question: str) -> str | None:
    """The index term of the thing a "how many" question counts, or None: the last word of
    the noun phrase, before its verb ("how many cholera cases has…": cases; "how many ppl
    died": people)."""
    terms = analyze(" ".join(counted_words(question)))
    return terms[-1] if terms else None


def counted_words(question: str) -> list[str]:
    """The words of the noun phrase a "how many" question counts, chat spelled out ("how many
    hrs were spent": hours); empty when it counts nothing or names no noun ("how many died")."""
    match = _COUNTED.search(question)
    if not match:
        return []
    phrase: list[str] = []
    for word in match.group(1).lower().split():
        if not _in_noun_phrase(word) or (phrase and _plural(phrase[-1]) and _may_be_verb(word)):
            break  # "how many people need aid": a verb after the plural head ends the phrase
        phrase.append(word)
    return [spelled_out(word) or word for word in phrase]


def _plural(word: str) -> bool:
    """A plural noun ("troops", "men", "people"): the head of what is counted."""
    nouns = getAllLemmas(word).get("NOUN", ())
    return word in IRREGULAR_PLURALS or any(lemma != word for lemma in nouns)


def _may_be_verb(word: str) -> bool:
    """A word that can be an auxiliary ("need", "must"): after a plural noun, the verb."""
    return "AUX" in getAllLemmas(word)


def _in_noun_phrase(word: str) -> bool:
    """Not a stop word, a chat letter ("r" for "are"), a past-tense verb ("were", "died",
    "recorded"), a participle ("the lawyer grilling Trump") nor a word that is only ever a
    verb or an adverb ("which company bought…", "how many Republicans actually voted";
    lemminflect's dictionary)."""
    readings = set(getAllLemmas(word))
    return (
        len(word) > 1
        and word not in STOP_WORDS
        and not _verb_form(word)
        and not (readings and readings <= {"VERB", "ADV"})
    )


def _verb_form(word: str) -> bool:
    """A participle or past tense of a verb ("died", "grilling", "doing"), or a word that is
    only ever a verb ("bought"); "speed" and "morning" end alike but inflect no verb."""
    readings = getAllLemmas(word)
    inflected = any(lemma != word for lemma in readings.get("VERB", ()))
    return (word.endswith(("ed", "ing")) and (inflected or not readings)) or set(readings) == {
        "VERB"
    }


def counts(terms: Sequence[str], counted: set[str]) -> bool:
    """Whether a number in `terms` (a sentence's index terms; numbers in words are digits)
    is followed closely by one of the `counted` terms: "each took three wickets"."""
    return any(
        _is_count(term) and counted.intersection(terms[i + 1 : i + 1 + _COUNTED_WITHIN])
        for i, term in enumerate(terms)
    )


def _is_count(term: str) -> bool:
    """A number term that is not a year ("in 2001 the wickets…" counts no wickets)."""
    return term[0].isdigit() and not _YEAR.fullmatch(term)


# "Which bank", "which two guides", "what magazine", "who's the judge": the words after the
# question word (and "is the", or a number), up to its verb.
_WHICH_THING = re.compile(
    rf"\b(?:which|what|wat|whats|what['’]s)\s+(?:(?:\d+|{_NUMBER_WORDS})\s+)?([a-z][a-z ]*)"
    r"|\bwho(?:['’]?s|\s+is|\s+was)?\s+(?:the|a|an)\s+([a-z][a-z ]*)",
    re.I,
)
# A run of capitalized words inside a sentence: a name ("the Australian Services Union's").
_NAME_RUN = re.compile(r"(?<=[\w,;] )[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*")
# A possessive ends the name before it: "the Australian Services Union's Luke Foley".
_POSSESSOR = re.compile(r"(?<=['’]s) ")


def named_thing(question: str) -> frozenset[str]:
    """The terms of the noun phrase a "which X" question asks about ("which union guy is…":
    union, guy); empty when the question word is followed by no noun ("what is…")."""
    match = _WHICH_THING.search(question)
    if not match:
        return frozenset()
    phrase = match.group(1) or match.group(2)
    words = itertools.takewhile(_in_noun_phrase, phrase.lower().split())
    return frozenset(term for word in words for term in analyze(word))


def names(things: frozenset[str], sentence: str, passage: str) -> float:
    """1.0 when the sentence holds a name that `things` ends ("which bank": Deutsche Bank) or
    titles ("who's the judge": Judge Arthur Engoron, chief economist Saul Eslake, "which
    town": the town of Jenin), 0.5 when
    only another sentence of its passage does, 0.0 when none does."""
    if _names(things, sentence):
        return 1.0
    return 0.5 if _names(things, passage) else 0.0


def _names(things: frozenset[str], text: str) -> bool:
    for match in _NAME_RUN.finditer(text):
        before = text[: match.start()].split()[-2:]
        if before and set(analyze(before[-1])) & things:
            return True  # "chief economist Saul Eslake"
        if len(before) == 2 and before[1] == "of" and set(analyze(before[0])) & things:
            return True  # "the town of Jenin"
        for name in _POSSESSOR.split(match.group()):
            words = name.split()
            if len(words) > 1 and set(analyze(words[-1])) & things:
                return True  # "Deutsche Bank" (not "pay TV" for "which tv show")
            if len(words) > 1 and set(analyze(words[0])) & things:
                return True  # "Judge Arthur Engoron"
    return False


# "What is inflation…", "what was the total…": the thing an open question asks the value of.
_WHAT_IS = re.compile(
    r"\bwh?at(?:['’]?s|\s+is|\s+was|\s+are|\s+were)\s+(?:the\s+)?([a-z][a-z'’ ]*)", re.I
)


def measured_thing(question: str) -> frozenset[str]:
    """The terms of the head of the noun phrase an open "what is X" question asks about
    ("what is inflation in the euro area": inflation; "what are Russia's losses": losses);
    empty when there is none."""
    match = _WHAT_IS.search(question)
    if not match:
        return frozenset()
    words = match.group(1).lower().split()
    phrase = list(itertools.takewhile(_in_noun_phrase, words))
    after = words[len(phrase) : len(phrase) + 1]
    if not phrase or (after and _verb_form(after[0])):
        return frozenset()  # "what's Pakistan doing": the subject of a verb, not a value
    return frozenset(analyze(phrase[-1]))
