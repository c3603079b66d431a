"""The key sentence of a passage: the one set in bold, and the one its figures answer from.

The sentence that repeats most of the question's words often only introduces the topic, and
the answer comes in the next: "Since 1997, Tel Rumeida has formed part of H2…", then "Around
35,000 Palestinians … live in this area" for "how many Palestinians live in H2". Each sentence
is weighed by a small conditional logit over what speaks for it answering:

- the question's words it states (weight × idf, against the passage's best sentence), with
  the words only the sentence before it states at half weight (what "this area" refers to);
- whether it holds what the question asks for (a number for "how many", a date for "when", a
  place for "where", a name for "who": index.answering.asked_for), a count of the thing
  counted ("how many wickets": "three wickets"), and an extracted figure of the kind asked for
  (money for "how much did it cost");
- how near in meaning it is to the question (WordLlama sentence vectors).

KEY_SENTENCE_WEIGHTS is fitted by `python -m tests.eval.calibrate` on the tuning split, over
the passages put first that answer (the sentence holding the question's gold snippet is the
key one). Tuning split, 823 such passages of two sentences or more, 5-fold CV: key sentence
right 605 (the words alone, as before) → 674 and 677 on two fold draws (82%); without the
sentence before, 662.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from index.analysis.analyzer import analyze
from index.analysis.similar_words import each_sentence_similarity
from index.answering.asked_for import asked_for, counts, holds
from index.answering.evidence import sentence_terms
from index.answering.figure_search import asked_kinds, in_sentence
from index.figures.record import Figure
from index.search.query import Query

# In the order of SentenceSignals' fields.
KEY_SENTENCE_WEIGHTS = (2.881, 1.231, 1.286, 2.653, 3.148)
# What only the sentence before states counts this much: it says what "this area" is.
_PREVIOUS_WEIGHT = 0.5


@dataclass(frozen=True)
class SentenceSignals:
    """What speaks for one sentence being the key one, each in [0, 1]."""

    # The question's words it states, and at _PREVIOUS_WEIGHT those only the sentence before
    # it states, against the passage's best sentence alone.
    words: float
    holds: float  # holds the kind of thing asked for (0.5 when the question asks for none)
    counted: float  # counts the thing a "how many" question counts (0.5 when it counts none)
    meaning: float  # cosine of the question and the sentence
    figure: float  # holds a figure of a kind asked for (0.5 when the question asks no number)

    def vector(self) -> tuple[float, ...]:
        """Every signal, in field order (KEY_SENTENCE_WEIGHTS' order); spelt out, as
        dataclasses.astuple deep-copies each field."""
        return (self.words, self.holds, self.counted, self.meaning, self.figure)


def sentence_signals(
    text: str,
    query: Query,
    idf: Mapping[str, float],
    figures: Sequence[Figure],
    counted: set[str],
    nearness: Sequence[float] = (),
) -> list[tuple[tuple[int, int], SentenceSignals]]:
    """Each sentence of `text` (a passage, whose extracted `figures` are given) by its span,
    with its signals; `counted` is the thing a "how many" question counts, with synonyms.
    `nearness` is the question's cosine similarity to each sentence, when known already
    (Evidence.sentence_meanings); else it is worked out here."""
    analysed = sentence_terms(text) or (((0, len(text)), tuple(analyze(text))),)
    spans = [span for span, _ in analysed]
    sentences = [text[start:end] for start, end in spans]
    ordered = [said for _, said in analysed]
    terms = [set(said) for said in ordered]

    def weight(said: set[str]) -> float:
        return sum(
            query.weights[term] * max(idf.get(term, 0.0), 0.0)
            for term in said
            if term in query.weights
        )

    stated = [weight(said) for said in terms]
    best = max(stated) or 1.0
    kind = asked_for(query.text)
    figure_kinds = asked_kinds(query.text)
    if figure_kinds:
        kind = "number"
    of_kind = [figure for figure in figures if figure.kind in figure_kinds]
    if len(nearness) != len(sentences):
        nearness = each_sentence_similarity(query.text, sentences)
    signals = []
    for index, sentence in enumerate(sentences):
        before = weight(terms[index - 1] - terms[index]) if index else 0.0
        signals.append(
            SentenceSignals(
                words=(stated[index] + _PREVIOUS_WEIGHT * before) / best,
                holds=holds(kind, sentence, sentence),
                counted=float(counts(ordered[index], counted)) if counted else 0.5,
                meaning=nearness[index],
                figure=float(any(in_sentence(figure, sentence) for figure in of_kind))
                if figure_kinds
                else 0.5,
            )
        )
    return list(zip(spans, signals, strict=True))


def key_sentence(
    text: str,
    query: Query,
    idf: Mapping[str, float],
    figures: Sequence[Figure],
    counted: set[str],
    nearness: Sequence[float] = (),
) -> tuple[int, int]:
    """The span of the sentence of `text` that most probably answers `query` (the first on
    ties); `nearness` as for sentence_signals."""
    scored = sentence_signals(text, query, idf, figures, counted, nearness)
    if len(scored) == 1:
        return scored[0][0]
    return max(scored, key=lambda pair: _score(pair[1]))[0]


def _score(signals: SentenceSignals) -> float:
    return sum(w * x for w, x in zip(KEY_SENTENCE_WEIGHTS, signals.vector(), strict=True))
