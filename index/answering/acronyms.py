"""Acronyms the briefings spell out: "the AG" for "the attorney general", "nsw" for "New South
Wales".

Members write initials where articles write the words, and articles use both ("the AG's suit",
"the attorney general's office"). The question is searched as asked first, and the passages it
finds that do not write the initials are read for words whose initials spell them (a question
is about what its other words find). The commonest such phrase joins the query as the
acronym's synonym, and the question is searched again. A word of two to five letters that is
no everyday English word (wordfreq's Zipf frequency below EVERYDAY_ZIPF: "ag" 4.0, "nsw" 3.8,
"war" 5.5), no unit and no stop word is read as one.

Each part of a hyphenated name gives an initial: "the GG" is the Governor-General (abc right
first 72 → 73 of 96, nothing else moved).

Tuning split: chat right first 0.774 → 0.792 ("the AG", "the SG's office"), every other set
unchanged; reading passages that also write the initials ("International Monetary Fund (IMF)")
made one more out-of-scope question confident on Lee, so they are left out.

When the passages found spell none out ("who's the RFS bloke they quoted": nothing else in it
finds the Rural Fire Service), the briefings' most mentioned name with those initials is taken
(index.store: names by initials, read at index time). wire right first 75 → 78 of 96, every
other set unchanged.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from index.analysis.analyzer import analyze
from index.analysis.initials import phrases_with_initials
from index.analysis.salience import zipf
from index.analysis.stopwords import STOP_WORDS
from index.analysis.synonyms import EXPANSION_WEIGHT
from index.figures.quantities import unit_kind
from index.search.query import Query

_ACRONYM = re.compile(r"[a-z]{2,5}")
EVERYDAY_ZIPF = 4.5
# A name spells an acronym wherever it is met; a phrase in lower case only when the passages
# found repeat it ("the attorney general's office", twice), not a chance run of initials.
REPEATED = 2


def acronyms(query: Query) -> list[str]:
    """The asked terms that may be acronyms: two to five letters, no everyday English word
    ("war", "tax"), no unit ("mm", "hrs") and no stop word."""
    return [
        term
        for term in query.asked
        if _ACRONYM.fullmatch(word := initials_of(query, term))
        and zipf(word) < EVERYDAY_ZIPF
        and word not in STOP_WORDS
        and unit_kind(word) is None
    ]


def spellings(query: Query, unknown: Sequence[str], texts: Sequence[str]) -> dict[str, str]:
    """Each of the `unknown` acronyms that `texts` spell out, with the phrase they most often
    write with its initials."""
    spelt = {}
    for term in unknown:
        letters = initials_of(query, term)
        # Only where the initials are not written too: "International Monetary Fund (IMF)"
        # already finds its passage by "IMF", and counting both would only inflate it.
        without = [text for text in texts if not re.search(rf"\b{letters}\b", text, re.I)]
        found = Counter(p for text in without for p in phrases_with_initials(text, letters))
        written = Counter(p.lower() for p in found.elements())
        named = {p.lower() for p in found if p[0].isupper()}
        usual = [(n, p) for p, n in written.items() if p in named or n >= REPEATED]
        if usual:
            spelt[term] = max(usual)[1]
    return spelt


def initials_of(query: Query, term: str) -> str:
    """An asked word as the member typed it, without its possessive: "SG's" is "sg"."""
    return re.sub(r"['’]s$", "", query.words.get(term, term).lower())


def spell_out(query: Query, spelt: dict[str, str]) -> Query:
    """`query` with each acronym of `spelt` also searched as its phrase, at synonym weight."""
    weights = dict(query.weights)
    synonyms_of = dict(query.synonyms_of)
    phrases_of = dict(query.phrases_of)
    for term, phrase in spelt.items():
        terms = tuple(analyze(phrase))
        weight = EXPANSION_WEIGHT * query.salience.get(term, 1.0)
        for spelt_term in terms:
            weights[spelt_term] = max(weights.get(spelt_term, 0.0), weight)
        synonyms_of[term] = (*synonyms_of.get(term, ()), *terms)
        phrases_of[term] = (*phrases_of.get(term, ()), terms)
    return replace(query, weights=weights, synonyms_of=synonyms_of, phrases_of=phrases_of)
