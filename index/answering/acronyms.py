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
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from index.analysis.analyzer import analyze
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
_WORD = re.compile(r"[^\W\d_][\w'’]*")
# Words an acronym leaves out between its initials: "Reserve Bank of Australia" is RBA.
_CONNECTORS = frozenset({"of", "the", "and", "for", "&"})
# Capitalized words that open no name: titles ("Mr Morrow" is not "mm") and stop words.
_NOT_INITIALS = STOP_WORDS | {"mr", "mrs", "ms", "dr"}


def acronyms(query: Query) -> list[str]:
    """The asked terms that may be acronyms: two to five letters, no everyday English word
    ("war", "tax"), no unit ("mm", "hrs") and no stop word."""
    return [
        term
        for term in query.asked
        if _ACRONYM.fullmatch(word := _letters(query.words.get(term, term)))
        and zipf(word) < EVERYDAY_ZIPF
        and word not in STOP_WORDS
        and unit_kind(word) is None
    ]


def _letters(word: str) -> str:
    """A typed word without its possessive: "SG's" is "sg"."""
    return re.sub(r"['’]s$", "", word.lower())


def spell_out(query: Query, unknown: Sequence[str], texts: Sequence[str]) -> Query | None:
    """`query` with each of its `unknown` acronyms spelt out as the phrase `texts` most often
    write with those initials; None when no text spells any of them."""
    spelt = {}
    for term in unknown:
        letters = _letters(query.words.get(term, term))
        # Only where the initials are not written too: "International Monetary Fund (IMF)"
        # already finds its passage by "IMF", and counting both would only inflate it.
        without = [text for text in texts if not re.search(rf"\b{letters}\b", text, re.I)]
        found = Counter(p for text in without for p in _phrases_with_initials(text, letters))
        written = Counter(p.lower() for p in found.elements())
        named = {p.lower() for p in found if p[0].isupper()}
        usual = [(n, p) for p, n in written.items() if p in named or n >= REPEATED]
        if usual:
            spelt[term] = max(usual)[1]
    if not spelt:
        return None
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


def _phrases_with_initials(text: str, letters: str) -> list[str]:
    """The runs of words in `text` whose initials are `letters`, connectors between them
    allowed ("Reserve Bank of Australia" for "rba"), all capitalized or none, as written."""
    words = _WORD.findall(text)
    found = []
    for start, word in enumerate(words):
        if word[0].lower() != letters[0] or word.lower() in _NOT_INITIALS:
            continue
        taken, position = [word], start + 1
        for letter in letters[1:]:
            while position < len(words) and words[position].lower() in _CONNECTORS:
                taken.append(words[position])
                position += 1
            if position >= len(words):
                break
            following = words[position]
            if following[0].lower() != letter or following.lower() in _NOT_INITIALS:
                break
            if following[0].isupper() != word[0].isupper():
                break  # a name is capitalized throughout, a common phrase nowhere
            taken.append(following)
            position += 1
        else:
            found.append(" ".join(taken))
    return found
