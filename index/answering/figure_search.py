"""Finding figures by words or numbers: for /figure autocomplete and for the figures of an answer.

A figure matches through its label (the words of its sentence around the number), topic,
subject and unit, and the sentence it comes from, all analyzed with the same chain as
passages, so "soldiers died" finds "troops killed" through the synonym table, and "2700" or
"2,700" finds the figure by its value. A question that asks for a number ("how many
Australians died", "what share …", "how much money") puts the figure of the kind and the
counted noun it asks for first; a question that asks no number gets only the figures of the
sentence that answers it, when the caller says which sentence that is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from index.analysis.analyzer import analyze, analyze_words
from index.analysis.chat_words import spelled_out
from index.analysis.similar_words import SIMILAR_AT, similarities
from index.analysis.synonyms import EXPANSION_WEIGHT, expand, parties_in
from index.answering.asked_for import (
    amount_term,
    asks_degree,
    counted_term,
    counted_words,
    measured_thing,
)
from index.figures.lexicon import CURRENCY_CODES, CURRENCY_WORDS, DOLLAR_NATIONALITIES
from index.figures.periods import Period
from index.figures.quantities import unit_kind
from index.figures.record import Figure
from index.search.query import Query, rounded_ranges

RELATIVE_CUT = 0.6
# On a number question, a figure of the sentence that answers it gains this much (as much as
# one label word): on the tuning split, the figure asked for came first for 0.839 → 0.857 of
# the real-news questions, other sets unchanged.
ANSWERING_SENTENCE = 1.0
# A figure of the passage the answer model put first gains this much: the passages shown
# below it may come from other articles, whose figures share the question's words by chance.
# On the tuning split, the figure asked for came first for Lee 0.659 → 0.694 (0.682 at 0.5,
# the same at 2.0), other sets unchanged.
LEAD_PASSAGE = 1.0
# A question about a change ("by how much did Istanbul drop", "how much did it grow") puts a
# figure its label says changed ("a decrease of 2.1%") before a level of the same thing ("60
# million passengers"), as much as a period it names: tuning split, the figure asked for
# came first 483 -> 485 of 574 (Lee, courant), nothing else moved (the same at 2.0).
CHANGE_ASKED = 1.0
# A question that asks no change ("what were austar shares trading at") wants a level ("rose
# to 31.5 cents"), not the change ("rose 5 cents"): the change loses as much. Tuning split,
# figure listed first +2 (real news, herald), nothing else moved.
CHANGE_UNASKED = 0.5
# A level a change left ("tripled from 8% to 25%", "cut from $4.83 billion to $4.48 billion")
# is the earlier one: unless the question asks for what was before, the level reached comes
# first. Tuning split, figure listed first +3 (courant, herald, real news), nothing else moved.
LEVEL_LEFT = 0.5
_EARLIER = re.compile(
    r"\b(?:before|b4|previous(?:ly)?|prior|old|original(?:ly)?|used to|earlier|initial(?:ly)?"
    r"|from|start(?:ed)?)\b"
)
# Words that say a quantity changed, as index terms.
_CHANGE = frozenset(
    analyze(
        "rise rose risen grow grew grown growth increase increased jump jumped climb climbed "
        "fall fell fallen drop dropped decrease decreased decline declined plunge plunged "
        "shrink shrank slump slumped gain gained lose lost down up cut lower lowered raise raised "
        "reduce reduced hike hiked boost boosted slash slashed"
    )
)
# What "how many" may ask for, before its noun says which.
_HOW_MANY = "count time area distance speed mass volume power energy temperature"
_HOW_MANY_KINDS = frozenset(_HOW_MANY.split())
# What "how" + an adjective with no kind of its own ("how strong", "how cheap", "how hot")
# may ask for: any measure.
_DEGREE_KINDS = _HOW_MANY_KINDS | {"money", "percent", "points"}
# What "how much" + a noun may measure when a figure's label names the noun ("how much rain":
# 52 mm): a measure, never a count, a time or a comparison of two figures.
_AMOUNT_KINDS = _DEGREE_KINDS - {"count", "time"}
# A number standing alone, its digits grouped by threes ("1,500", "10 000"; "6-4, 7-5" is
# four numbers): not the digit of a name ("H2", "5v5", "T1"), nor one joined to a word by a
# hyphen ("MS-13", "COVID-19", "the B-1 bomber") unless it is a year ("mid-2016").
_NUMBER = re.compile(
    r"(?<![^\W_])(?<![^\W\d_]-)\d+(?:[,\u00a0 ]\d{3}(?!\d))*(?:\.\d+)?(?![^\W_]|\.\d)"
    r"|(?<=[^\W\d_]-)(?:1[89]|20)\d\d(?![\w-])"
)
# What a question asks for, by the words it asks with: the kinds of figure that answer it.
_ASKS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = tuple(
    (re.compile(pattern), frozenset(kinds.split()))
    for pattern, kinds in (
        (
            r"\bhow many\b|\bnumber of\b",
            _HOW_MANY,
        ),
        # "How many days…" asks for a time; "…in the next 2 days" only says which one.
        (r"\bhow long\b|(?<!\d )\b(?:days|weeks|months|years|hours|minutes)\b", "time"),
        (r"\bhow old\b|\bage[ds]?\b", "age"),
        (
            r"\bcost|\bworth|\bvalued?\b|\bprice|\bpaid\b|\bpay(?:s|ing)? for\b|\bpaying\b"
            r"|\bowed?\b|\bfined?\b"
            r"|\bmoney\b|\bdollars?\b|\bcash\b|\bsavings\b|\btrading at\b|[$€£]",
            "money",
        ),
        (
            r"\bper ?cent|%|\bwhat share\b|\bshare of\b|\bproportion\b|\bfraction\b|\brate\b"
            r"|\bby how much\b|\bgo up\b",
            "percent points odds",
        ),
        # "What's the chance…", "how likely…": odds, or a percentage.
        (r"\bchances?\b|\bodds\b|\bprobability\b|\bhow likely\b|\blikelihood\b", "percent odds"),
        # A margin may be counted: "by how much did Australia win" (246 runs).
        (r"\bby how (?:much|many)\b", "count"),
        # "What was South Africa's total", "the final tally": a count (a tally may be a score).
        (r"\btotal\b(?! area)|\btally\b", "count"),
        (r"\bhow much\b", "money percent points area volume mass power energy"),
        # "area" asks for one only as the thing asked ("what area", "the area of"): "the euro
        # area", "the area near the checkpoint" name a place.
        (
            r"\bwhat(?:'s| is| was)? (?:the )?(?:total )?area\b|\barea of\b|\bsq\b|\bsquare\b",
            "area",
        ),
        (r"\bhow (?:far|long is|high|tall|deep|wide)\b|\bdistance\b|\bheight\b", "distance"),
        (r"\bhow (?:fast|quick)\b|\bspeed\b", "speed"),
        # The noun of a measure asks for it as "how hot" does: "what temperature is forecast".
        (r"\btemperatures?\b", "temperature"),
        (r"\bweight\b|\bhow heavy\b", "mass"),
        (r"\bpopulation\b", "count"),
        (r"\btimes\b|\bhow much more\b|\bcompare", "ratio"),
        (r"\bscore(?:line)?\b|\bvotes?\b|\btally\b|\bresult\b", "score"),
        # A place in an order: "what rank", "which crew number", "which day of the war".
        (
            r"\brank(?:ed|ing)?\b|\b(?:what|which)(?: \w+)? number\b(?! of)"
            r"|\b(?:what|which) (?:position|place)\b"
            r"|\b(?:what|which) (?:day|round|edition|game|test|match|stage) of\b",
            "rank",
        ),
    )
)


def label_terms(figure: Figure) -> set[str]:
    """What a figure is about, as index terms: its label, topic, subject and unit."""
    text = " ".join((figure.label, figure.topic, figure.subject or "", figure.unit, figure.kind))
    return set(analyze(text))


def numbers_in(text: str) -> set[float]:
    """Numbers written in `text`, with digit groups and decimals understood; digits inside
    a name ("H2") are not numbers."""
    values = set()
    for match in _NUMBER.finditer(text):
        digits = re.sub(r"[,\u00a0 ]", "", match.group())
        try:
            values.add(float(digits))
        except ValueError:
            continue
    return values


_CURRENCY = re.compile(
    rf"\b(?:({'|'.join(DOLLAR_NATIONALITIES)})\s+dollars?|({'|'.join(CURRENCY_WORDS)})"
    rf"|({'|'.join(CURRENCY_CODES)}))\b",
    re.IGNORECASE,
)


def asked_currency(question: str) -> str | None:
    """The currency a question asks its amount in ("in aussie dollars": AUD, "in francs":
    CHF, "in usd"); None for none, or for bare "dollars", which are whoever's the article
    counts in."""
    for match in _CURRENCY.finditer(question):
        nationality, word, code = (group and group.lower() for group in match.groups())
        if nationality:
            return DOLLAR_NATIONALITIES[nationality]
        if word and word != "dollars":
            return CURRENCY_WORDS[word]
        if code:
            return code.upper()
    return None


@lru_cache(maxsize=4096)
def asked_kinds(question: str) -> frozenset[str]:
    """The kinds of figure a question asks for; empty when it asks no number (remembered:
    answering one question asks it six times).

    "How many" asks for the kind its noun measures: "how many hours" a time, "how many km" a
    distance, "how many MPs" a count, where a time figure ("a 16-hour debate") in the same
    sentence does not answer it.
    """
    lower = question.lower()
    kinds: set[str] = set()
    for pattern, answers in _ASKS:
        if pattern.search(lower):
            kinds |= answers
    if not kinds and asks_degree(question) is not None:
        kinds = set(_DEGREE_KINDS)
    nouns = counted_words(question)
    if nouns:
        kinds = (kinds - _HOW_MANY_KINDS) | {unit_kind(" ".join(nouns)) or "count"}
    return frozenset(kinds)


@dataclass(frozen=True)
class _Asked:
    """A question analyzed once, for scoring every figure against it."""

    synonyms: dict[str, frozenset[str]]
    parties: frozenset[str]
    numbers: set[float]
    # Numbers quoted with a scale, as the ranges they round ("45m", "78k": 77,500 to 78,500).
    rounded: tuple[tuple[float, float], ...]
    kinds: frozenset[str]
    counted: frozenset[str]
    # The thing a "how much" question measures ("how much rain"): a figure its label names is
    # of a kind that measures it, whichever that is (rain in mm, a debt in money).
    amount: frozenset[str]
    currency: str | None
    text: str
    # The word the member typed for each asked term, for finding it said in other words.
    typed: dict[str, str]
    # Whether it asks how something changed ("how much did it drop").
    change: bool

    @classmethod
    def of(cls, question: str, query: Query | None = None) -> _Asked:
        """With the question's `query`, its terms are those searched: typos repaired
        ("palestinains"), synonyms from the same table.

        Unlike in passage search, everyday words weigh in full here: the words of a number
        question that pick its figure are often common ones ("people", "died", "cost"); on
        the tuning split, weighing them by salience showed the figure asked for less often
        (real news 0.893 → 0.893 shown, 0.821 → 0.786 first; Lee 0.725 → 0.650).
        """
        term = counted_term(question)
        counted = [term] if term else []
        if query is not None:
            counted = [query.corrections.get(term, term) for term in counted]
        if query is None:
            terms = set(analyze(question))
            synonyms = {term: frozenset(expand([term])) for term in terms}
        else:
            terms = set(query.asked)
            synonyms = {term: frozenset(query.synonyms_of.get(term, ())) for term in terms}
        return cls(
            synonyms=synonyms,
            parties=parties_in(list(terms)),
            numbers=numbers_in(question),
            rounded=tuple((low, high) for _, low, high in rounded_ranges(question)),
            kinds=asked_kinds(question),
            counted=_with_synonyms(counted),
            amount=_with_synonyms([term] if (term := amount_term(question)) else []),
            currency=asked_currency(question),
            text=" ".join(spelled_out(word) or word for word in question.lower().split()),
            typed=dict(query.words) if query is not None else {},
            change=bool(_CHANGE & terms),
        )

    @property
    def wants_number(self) -> bool:
        return bool(self.kinds or self.numbers or self.rounded)

    def paraphrased(self, figures: list[Figure]) -> list[frozenset[str]]:
        """For each figure, the asked terms its label says in other words ("dropped" for
        "fall", "hurt" for "injured"): word vectors at least SIMILAR_AT apart, all compared
        in one batch. A one-letter word ("n" for "and") stands for a word its vector does not
        hold: it sits near words that start with its letter ("national", .53)."""
        terms = [term for term in self.synonyms if len(self.typed.get(term, "")) > 1]
        if not terms or not figures:
            return [frozenset() for _ in figures]
        labels = [[word for word, _ in analyze_words(figure.label)] for figure in figures]
        near = similarities([self.typed[term] for term in terms], labels)
        return [
            frozenset(
                term for term, similar in zip(terms, row, strict=True) if similar >= SIMILAR_AT
            )
            for row in near
        ]


def _with_synonyms(terms: list[str]) -> frozenset[str]:
    """The terms themselves and what the synonym table adds to them (none for no terms)."""
    return frozenset(terms) | frozenset(expand(terms)) if terms else frozenset()


def _words_score(figure: Figure, asked: _Asked, paraphrased: frozenset[str]) -> float:
    """How well a figure's words answer the question: label words (synonyms and paraphrases
    count less), words of its sentence (less), and numbers quoted back.

    0 when the question names an actor the figure is not about (Ukrainian losses are never
    answered with Russian ones).
    """
    if _other_party(figure, asked):
        return 0.0
    labels = label_terms(figure)
    sentence = set(analyze(figure.sentence))
    score = 0.0
    for term, synonyms in asked.synonyms.items():
        if term in labels:
            score += 1.0
        elif labels & synonyms or term in paraphrased:
            score += EXPANSION_WEIGHT
        elif term in sentence:
            score += 0.5
    values = {abs(figure.value)} | ({abs(figure.value_high)} if figure.value_high else set())
    if values & asked.numbers or any(
        low <= v <= high for v in values for low, high in asked.rounded
    ):
        score += 2.0
    return score


def _other_party(figure: Figure, asked: _Asked) -> bool:
    """Whether the question names an actor and the figure is about another one."""
    figure_parties = parties_in(analyze(figure.subject or "") + analyze(figure.label))
    return bool(asked.parties and figure_parties and not (asked.parties & figure_parties))


def _kind_score(figure: Figure, asked: _Asked) -> float:
    """The kind and counted noun asked for ("how many Australians"): another kind counts
    against a figure."""
    score = 0.0
    if asked.kinds:
        of_kind = figure.kind in asked.kinds or (
            figure.kind in _AMOUNT_KINDS and bool(asked.amount & label_terms(figure))
        )
        score += 1.0 if of_kind else -1.0
    elif figure.kind == "ratio":
        score -= 0.5  # a ratio repeats the words of the figures it compares: they come first
    if asked.counted and asked.counted & set(analyze(figure.unit)):
        score += 2.0
    if asked.currency is not None and figure.unit == asked.currency:
        score += 2.0  # "in aussie dollars": the amount the article converted
    if figure.period is not None and _names_period(figure.period, asked):
        score += 1.0
    changed = bool(_CHANGE & label_terms(figure))
    if asked.change and changed:
        score += CHANGE_ASKED
    elif changed and not figure.label.endswith(" to"):
        score -= CHANGE_UNASKED  # by how much it changed, when the level was asked
    if figure.label.endswith(" from") and not _EARLIER.search(asked.text):
        score -= LEVEL_LEFT
    return score


def _names_period(period: Period, asked: _Asked) -> bool:
    """Whether the question names the figure's time: "this year", "in 2023"."""
    year = float(period.start[:4]) if period.start else None
    return period.text.lower() in asked.text or year in asked.numbers


def best_figures(
    figures: Iterable[Figure],
    question: str,
    limit: int,
    answering: str | None = None,
    query: Query | None = None,
    lead: str | None = None,
) -> list[Figure]:
    """The figures that bear on `question`, best first (ties keep the article's order).

    Figures whose words are far weaker than the best one's (below RELATIVE_CUT of its score,
    the best taken among figures of the kind asked for, if any) are left out: for "how many
    soldiers died", troops *killed* bear on it, troops *deployed* do not. A figure of the kind
    asked for in the `answering` sentence always bears on it, whatever its words (tuning
    split, asked-for figure shown: fixtures 0.941 → 1.0, real news 0.946 → 0.964; first:
    fixtures 0.882 → 0.941). The rest are ordered by their words and by the kind and counted
    noun asked for. When the caller names the
    `answering` sentence and the question asks no number, the figures of that sentence are
    the answer's, in article order (ranks last): "who is Faker" is not answered with his damage
    share.
    """
    pool = list(figures)
    if not pool:  # most passages shown hold no figure: the question needs no analysis for them
        return []
    asked = _Asked.of(question, query)
    said = answering.strip() if answering is not None else None
    if said is not None and not asked.wants_number:
        # A rank not asked for ("the third Test") comes after the sentence's quantities.
        stated = sorted((f for f in pool if in_sentence(f, said)), key=lambda f: f.kind == "rank")
        thing = measured_thing(question)
        if stated or not thing:
            return stated[:limit]
        # "What are the casualties?" answered by a sentence with no figure in it: the
        # figures of the passages shown that measure what it names are the answer.
        pool = [f for f in pool if thing & label_terms(f)]
    words = [
        _words_score(figure, asked, paraphrased)
        for figure, paraphrased in zip(pool, asked.paraphrased(pool), strict=True)
    ]
    of_kind = [w for w, f in zip(words, pool, strict=True) if f.kind in asked.kinds]
    best = max(of_kind or words, default=0.0)
    kept = [
        (
            w + _kind_score(figure, asked) + _answering_score(figure, said, lead),
            index,
            figure,
        )
        for index, (w, figure) in enumerate(zip(words, pool, strict=True))
        if (w > 0 or (figure.kind in asked.kinds and not _other_party(figure, asked)))
        and (w >= RELATIVE_CUT * best or _answers_in_kind(figure, asked, said, lead))
    ]
    ranked = sorted(kept, key=lambda s: (-s[0], s[1]))
    return [figure for _, _, figure in ranked[:limit]]


def _answers_in_kind(figure: Figure, asked: _Asked, said: str | None, lead: str | None) -> bool:
    """A figure of a kind asked for, in the sentence that answers the question; or, for a
    question that names its kind ("how old", "how much did it cost"), anywhere in the
    passage that answers it."""
    if figure.kind not in asked.kinds:
        return False
    if said is not None and in_sentence(figure, said):
        return True
    return figure.passage == lead and not (asked.kinds & _HOW_MANY_KINDS)


def in_sentence(figure: Figure, sentence: str) -> bool:
    """Whether `figure` was read from `sentence` (either may be trimmed of the other's ends)."""
    return figure.sentence.strip() in sentence or sentence in figure.sentence


def _answering_score(figure: Figure, answering: str | None, lead: str | None) -> float:
    """A figure of the passage, and more of the sentence, that answers the question is likelier
    the one asked for."""
    score = LEAD_PASSAGE if figure.passage == lead else 0.0
    if answering is not None and in_sentence(figure, answering):
        score += ANSWERING_SENTENCE
    return score
