"""What speaks for a passage answering a question: the signals the answer model weighs.

BM25 ranks by shared words; whether a passage *answers* takes more. For each candidate this
module measures how well it scores against the best possible and against its rivals, how much
of what the question asks about it states (alone, and read with its context: the paragraph
before it, its heading, the article's title and lede, where wire copy puts the who and the
where), how much of the question the briefings never mention, whether it holds the kind
of thing the question asks for (a number for "how many", a date for "when"…), and for "how
many X" whether it puts a number on X ("each took three wickets").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache, partial
from itertools import accumulate, chain

from index.analysis.analyzer import analyze, analyze_passages, analyze_words
from index.analysis.similar_words import (
    SIMILAR_AT,
    near_terms,
    passage_similarities,
    similarities,
)
from index.analysis.synonyms import party_mentions
from index.answering.asked_for import (
    Kind,
    asked_for,
    counted_term,
    counts,
    holds,
    measured_thing,
    named_thing,
    names,
)
from index.answering.figure_search import asked_kinds, numbers_in
from index.figures.record import Figure
from index.search.query import Query
from index.store.library import Library, StoredPassage
from index.text.sentences import sentence_spans

# The things a question ties to a party ("Ukrainian soldiers": soldier), and their synonyms,
# with the parties it ties them to (see _sentence_share).
Clashing = dict[str, frozenset[str]]
# The words around a passage place it (who, where, which event) but do not state its answer:
# they count half.
_CONTEXT_WEIGHT = 0.5
# Nearer in meaning than an answer usually is, a sentence restates the question rather than
# answers it ("inflation in the euro area is now what households worry about" for "what is
# inflation in the euro area now"): closeness counts up to 0.6, about the 90th percentile of
# the answering sentences' on the tuning split (median 0.42; 5-fold CV right first 865 → 866).
_MEANING_CAP = 0.6


@dataclass(frozen=True)
class Evidence:
    """Signals for one candidate passage, each in [0, 1] unless said otherwise."""

    # BM25 over Σ weight·idf of the question's terms: a passage of average length holding
    # each asked word once scores near 1 (BM25 saturates at idf·(k1+1) a term).
    score: float
    relative: float  # BM25 over the best candidate's
    margin: float  # how far the best candidate leads the next (the same for every candidate)
    coverage: float  # share of the question's weight the passage states itself
    sentence: float  # the same for its best sentence: an answer states it in one place
    context: float  # the same, counting its context's words at half weight
    unknown: float  # share of the question's weight in words the briefings never use
    # What the question asks for (a number, a date…) is in its best sentence (1), elsewhere in
    # it (0.5), nowhere (0); 0.5 when the question asks for nothing in particular. For a
    # number, an extracted figure of the kind asked for (money for "how much is a ticket");
    # for "which bank", a name ending in "Bank", when some candidate holds one.
    kind_match: float
    # For "how many X": a number of X (or a synonym) is in its best sentence (1), elsewhere in
    # it (0.5), nowhere (0); 0.5 when the question counts nothing.
    counted: float
    strangers: float  # 1 when the question names someone the briefings never mention
    # The share of the question's specificity that neither the passage nor its context says,
    # everyday words included: "who *won* the first Test" over a preview of the Test. Salience
    # keeps "won" from ranking passages; whether the question is answered at all still turns
    # on it (tuning split, confident answers before the 5th out-of-scope one, 5-fold CV: 126
    # → 170).
    unsaid: float
    # How near in meaning the question is to the passage's closest sentence (WordLlama
    # sentence vectors, cosine, up to _MEANING_CAP): paraphrase no word matches ("took
    # credit" for "claimed responsibility"). Tuning split, 5-fold CV by article: right first
    # 856 → 866 of 1,047; confident answers before the 4th of 172 out-of-scope ones 96 → 138.
    meaning: float
    # The same for the whole passage, every sentence's words pooled (capped alike): the gist
    # it shares with the question, where the answer spans sentences.
    gist: float
    # How near in meaning, word by word, the passage comes to what the question asks: each
    # asked word by its nearest word of the passage (cosine, 0 for none), weighted like
    # coverage. Coverage counts a word said or not; this also credits "boats" near "yachts".
    # With `gist`, tuning split 5-fold CV right first 945 → 953 of 1,113 (three other fold
    # draws +5, +6, +12; leaving each set out in turn 944 → 952); either alone, +4 and −5.
    closeness: float
    # A number the question quotes ("what's the 6,000 about in the Alito story", "valued at
    # in 2016") is written in the passage (1) or not (0); 0.5 when it quotes none. Tuning
    # split 5-fold CV right first 954 → 960 of 1,114 (other fold draws +4, +4, +8; leaving
    # each set out in turn 952 → 954).
    quoted: float
    # Not a signal of the answer model: how near in meaning the question is to each of its
    # sentences (`meaning` is the nearest), which the key sentence of a passage shown weighs
    # (index.answering.key_sentence) without embedding its sentences again.
    sentence_meanings: tuple[float, ...] = ()

    def ranking_vector(self) -> tuple[float, ...]:
        """The signals that differ between candidates for one question: they order them.

        The last is an interaction: a passage that holds what is asked for, about what its
        context names ("The 47 year old…" after a lede naming her), answers though it repeats
        few of the question's words (tuning split right first 317 → 319 of 366).
        """
        return (
            self.score,
            self.relative,
            self.coverage,
            self.sentence,
            self.context,
            self.kind_match,
            self.counted,
            self.context * self.kind_match,
            self.meaning,
            self.gist,
            self.closeness,
            self.quoted,
        )

    def confidence_vector(self) -> tuple[float, ...]:
        """The signals that say whether the chosen passage answers at all."""
        return (
            self.score,
            self.margin,
            self.coverage,
            self.sentence,
            self.context,
            self.unknown,
            self.kind_match,
            self.counted,
            self.strangers,
            self.unsaid,
            self.meaning,
        )


def gather(
    library: Library,
    query: Query,
    candidates: Sequence[StoredPassage],
    scores: Sequence[float],
    strangers: bool,
) -> list[Evidence]:
    """Evidence for each candidate, in the order given (BM25's)."""
    if not candidates:
        return []
    weights = _question_weights(query)
    total = sum(weights.values()) or 1.0
    unknown = sum(w for t, w in weights.items() if not _findable(t, query, library)) / total
    ideal = _ideal_score(library, query)
    best = scores[0] or 1.0
    margin = (scores[0] - scores[1]) / best if len(scores) > 1 else 1.0
    kind = asked_for(query.text)
    # "What's the fine for…" asks for an amount as "how much is the fine" does: an open
    # question naming a kind of figure asks for a number (tuning right first 320 → 322).
    figure_kinds = asked_kinds(query.text) if kind in ("number", "open") else frozenset()
    # "What is inflation…" asks for what the candidates' figures labelled inflation measure
    # (tuning: fixtures right first 0.941 → 1.0, every other set unchanged).
    if kind == "open" and not figure_kinds:
        figure_kinds = _kinds_measuring(library, candidates, measured_thing(query.text))
    if figure_kinds:
        kind = "number"
    counted = counted_terms(query)
    figures = _figures_by_passage(library, candidates) if figure_kinds else {}
    contexts = _contexts(library, candidates)
    clashing = _clashing(query)
    keywords = _keywords(weights, query)
    # An article's title and lede are in the context of each of its candidates: each text's
    # terms are read once.
    stated_in = _memo(partial(_stated, clashing, keywords))
    stated = []
    for passage, context in zip(candidates, contexts, strict=True):
        own = stated_in(passage.text)
        around = set().union(*map(stated_in, context))
        stated.append((own, around - own))
    asked_weights = {
        query.words[term]: weight for term, weight in weights.items() if term in query.words
    }
    asked_words = list(asked_weights)
    nearest = (
        similarities(
            asked_words,
            [_words(passage.text) for passage in candidates],
            keys=[passage.text for passage in candidates],
        )
        if asked_words
        else [[] for _ in candidates]
    )
    paraphrased = _paraphrased(
        library, query, weights, asked_words, nearest, [own | a for own, a in stated]
    )
    meanings = passage_similarities(
        query.text, [_sentences(passage.text) for passage in candidates]
    )
    asked_total = sum(asked_weights.values()) or 1.0
    quoted = numbers_in(query.text)
    evidence = []
    # "Which bank…" asks for a name that ends in "bank" (Deutsche Bank), "who's the judge…" one
    # that "judge" titles (Judge Arthur Engoron): when a candidate's answering sentence holds
    # one, that is what the question asks for (tuning split: chat right first 0.792 → 0.811,
    # then with "who's the X" 0.821 → 0.830 and Lee 0.786 → 0.791; every other set unchanged).
    # "Which town…" asks for a place the same way ("the town of Jenin"; bulletin top 3 +1).
    asked_name = named_thing(query.text) if kind in ("open", "person", "place") else frozenset()
    naming = []
    for passage, score, (own, around), extra, (meaning, each), near in zip(
        candidates, scores, stated, paraphrased, meanings, nearest, strict=True
    ):
        own = own | extra  # a new set: `stated_in` keeps the one it made
        best_share, best_sentence = max(
            (
                (_sentence_share(weights, query, clashing, keywords, terms), span)
                for span, terms in sentence_terms(passage.text)
            ),
            default=(0.0, (0, 0)),
        )
        evidence.append(
            Evidence(
                score=score / ideal if ideal else 0.0,
                relative=score / best,
                margin=margin,
                coverage=_share(weights, own, query) / total,
                sentence=best_share / total,
                context=_with_context(weights, own, around, query) / total,
                unknown=unknown,
                kind_match=_kind_match(
                    kind, figure_kinds, figures.get(passage.id, []), passage.text, best_sentence
                ),
                counted=_counts(counted, passage.text, best_sentence),
                strangers=float(strangers),
                unsaid=_unsaid(query, own | around),
                meaning=min(meaning.sentence, _MEANING_CAP),
                gist=min(meaning.whole, _MEANING_CAP),
                closeness=sum(
                    w * max(x, 0.0) for w, x in zip(asked_weights.values(), near, strict=True)
                )
                / asked_total,
                quoted=float(bool(quoted & numbers_in(passage.text))) if quoted else 0.5,
                sentence_meanings=each,
            )
        )
        if asked_name:
            naming.append(names(asked_name, passage.text[slice(*best_sentence)], passage.text))
    if 1.0 in naming:
        evidence = [replace(e, kind_match=n) for e, n in zip(evidence, naming, strict=True)]
    return evidence


def _unsaid(query: Query, said: set[str]) -> float:
    """The share of the asked terms' specificity that `said` does not say."""
    specificity = {term: query.specificity.get(term, 1.0) for term in dict.fromkeys(query.asked)}
    total = sum(specificity.values()) or 1.0
    return sum(v for t, v in specificity.items() if not _says(said, t, query)) / total


def _kinds_measuring(
    library: Library, candidates: Sequence[StoredPassage], thing: frozenset[str]
) -> frozenset[str]:
    """The kinds of the candidates' figures that measure `thing` ("what is inflation": the
    percentages labelled inflation), which is then what the question asks for."""
    if not thing:
        return frozenset()
    figures = library.figures_in([c.id for c in candidates])
    return frozenset(f.kind for f in figures if thing & set(analyze(f.label)))


def _figures_by_passage(
    library: Library, candidates: Sequence[StoredPassage]
) -> dict[str, list[Figure]]:
    """The candidates' extracted figures, by passage id: one query for all of them."""
    by_passage: dict[str, list[Figure]] = {}
    for figure in library.figures_in([c.id for c in candidates]):
        by_passage.setdefault(figure.passage, []).append(figure)
    return by_passage


def _kind_match(
    kind: Kind,
    figure_kinds: frozenset[str],
    figures: list[Figure],
    text: str,
    best_sentence: tuple[int, int],
) -> float:
    """Whether the passage holds what the question asks for (see Evidence.kind_match)."""
    sentence = text[slice(*best_sentence)]
    if figure_kinds:
        return _holds_figure(figures, figure_kinds, sentence)
    return holds(kind, sentence, text)


def _holds_figure(figures: list[Figure], kinds: frozenset[str], sentence: str) -> float:
    """1.0 when the answering sentence holds a figure of a kind asked for ("how much is a
    ticket": money), 0.5 when another sentence of the passage does, 0.0 when none does."""
    of_kind = [f for f in figures if f.kind in kinds]
    if any(f.sentence.strip() in sentence or sentence.strip() in f.sentence for f in of_kind):
        return 1.0
    return 0.5 if of_kind else 0.0


def counted_terms(query: Query) -> set[str]:
    """The thing a "how many" question counts, with its synonyms and its near words; empty if
    it counts none. "How many shops closed" is counted by "the closure of 12 stores" (tuning
    split: right first unchanged; 7 more confident answers, every one right, on abc, agency,
    dispatch and press; out of scope answered confidently unchanged)."""
    term = counted_term(query.text)
    if term is None:
        return set()
    term = query.corrections.get(term, term)
    near = near_terms(query.words.get(term, term))
    return {term, *query.synonyms_of.get(term, ()), *near}


def _counts(counted: set[str], text: str, best_sentence: tuple[int, int]) -> float:
    """1 when the best sentence counts the thing asked about, 0.5 when another sentence does
    (or the question counts nothing), 0 when none does."""
    if not counted:
        return 0.5
    counting = [span for span, terms in sentence_terms(text) if counts(terms, counted)]
    return 1.0 if best_sentence in counting else 0.5 if counting else 0.0


def _question_weights(query: Query) -> dict[str, float]:
    """Each asked term's weight for coverage: how specific it is here × how salient in English."""
    return {
        term: query.specificity.get(term, 1.0) * query.salience.get(term, 1.0)
        for term in dict.fromkeys(query.asked)
    }


def _findable(term: str, query: Query, library: Library) -> bool:
    vocabulary = library.vocabulary()
    return any(vocabulary.contains(t) for t in (term, *query.synonyms_of.get(term, ())))


def _ideal_score(library: Library, query: Query) -> float:
    """The BM25 score of a passage that holds each term of the question once, roughly: what
    a candidate's score is measured against (a follow-up's borrowed terms left out, so the
    topic they add counts for a candidate but is not asked of it)."""
    own = [term for term in query.weights if term not in query.borrowed]
    idf = library.idf(own)
    return sum(query.weights[term] * max(idf.get(term, 0.0), 0.0) for term in own)


def _with_context(
    weights: dict[str, float], own: set[str], around: set[str], query: Query
) -> float:
    """The weight a passage states, and at _CONTEXT_WEIGHT what only its context states: an
    asked term said by both (itself in one, a synonym in the other) counts once."""
    return sum(
        weight * (1.0 if _says(own, term, query) else _CONTEXT_WEIGHT)
        for term, weight in weights.items()
        if _says(own, term, query) or _says(around, term, query)
    )


def _share(weights: dict[str, float], present: set[str], query: Query) -> float:
    """Weight of the asked terms found in `present`, themselves or through a synonym."""
    return sum(weight for term, weight in weights.items() if _says(present, term, query))


def _says(present: set[str], term: str, query: Query) -> bool:
    """Whether terms `present` say the asked `term`: itself, or a whole synonym phrase."""
    if term in present:
        return True
    phrases = query.phrases_of.get(term)
    if not phrases:
        return False
    return any(present.issuperset(phrase) for phrase in phrases)


def _paraphrased(
    library: Library,
    query: Query,
    weights: dict[str, float],
    asked_words: list[str],
    nearest: list[list[float]],
    stated: Sequence[set[str]],
) -> list[set[str]]:
    """For each candidate, the asked words the briefings never use that it says in other
    words ("cops" for "police"): a word of it at least SIMILAR_AT near (`nearest`, each
    candidate's similarity to each of `asked_words`).

    Only words no passage holds count: a word the briefings do use already ranks and counts
    by itself.
    """
    unheard = [t for t in weights if t in query.words and not _findable(t, query, library)]
    return [
        {
            t
            for t in unheard
            if not _says(found, t, query) and near[asked_words.index(query.words[t])] >= SIMILAR_AT
        }
        for found, near in zip(stated, nearest, strict=True)
    ]


def _sentences(text: str) -> tuple[str, ...]:
    """The sentences of `text`, split once (sentence_terms remembers them)."""
    return tuple(text[start:end] for (start, end), _ in sentence_terms(text))


@lru_cache(maxsize=16_384)
def _words(text: str) -> tuple[str, ...]:
    """The distinct words of `text` that carry meaning (stop words left out)."""
    return tuple(dict.fromkeys(word for word, _ in analyze_words(text)))


def _contexts(library: Library, candidates: Sequence[StoredPassage]) -> list[list[str]]:
    """Each candidate's surroundings: its article's title and lede, its heading, the passage
    before it."""
    starts = {p.document: library.passage_range(p.document)[0] for p in candidates}
    wanted = {
        number
        for passage in candidates
        for number in (passage.number - 1, starts[passage.document])
        if number >= starts[passage.document]
    }
    around = {passage.number: passage for passage in candidates}
    around |= {p.number: p for p in library.passages(sorted(wanted - around.keys()))}
    contexts = []
    for passage in candidates:
        lede = around[starts[passage.document]]
        previous = around.get(passage.number - 1)
        parts = [library.documents[passage.document].title, passage.section, lede.text]
        if previous is not None and previous.document == passage.document:
            parts.append(previous.text)
        contexts.append([part for part in parts if part and part != passage.text])
    return contexts


def _stated(clashing: Clashing, keywords: frozenset[str] | None, text: str) -> set[str]:
    """Those of the `keywords` (see _keywords; every term if None) that `text` states,
    leaving out its sentences about another party (see _sentence_share).

    Whether a passage or its context says what is asked turns only on the keywords: a
    candidate's context holds some 150 terms, of which a question's few are all looked up.
    """
    said = chain.from_iterable(
        terms
        for _, terms in sentence_terms(text)
        if not clashing or not _about_another(clashing, terms)
    )
    return set(said) if keywords is None else set(keywords.intersection(said))


def _memo(function: Callable[[str], set[str]]) -> Callable[[str], set[str]]:
    """`function`, remembering its result for each text it is called with (for one answer:
    unbounded)."""
    results: dict[str, set[str]] = {}

    def remembered(text: str) -> set[str]:
        if text not in results:
            results[text] = function(text)
        return results[text]

    return remembered


def _clashing(query: Query) -> Clashing:
    """The things the question ties to a party, and their synonyms, with those parties: what
    _sentence_share checks every sentence against (worked out once per question)."""
    return {
        related: parties
        for thing, parties in _party_claims(query.asked).items()
        for related in (thing, *query.synonyms_of.get(thing, ()))
    }


def _sentence_share(
    weights: dict[str, float],
    query: Query,
    clashing: Clashing,
    keywords: frozenset[str] | None,
    terms: Sequence[str],
) -> float:
    """The weight of the asked terms a sentence (its `terms`) states; none when it is about
    another party than the question's (`clashing`, see _clashing), nor when it holds none of
    the `keywords` (see _keywords): most sentences of a passage, skipped without a set.

    When the question ties a thing to a party (index.analysis.synonyms.PARTIES) by naming the
    party right before it ("Ukrainian soldiers"), a sentence that ties the same thing or a
    synonym to another party ("78,329 Russian troops have been killed") is about someone
    else, and none of its words count. Only such a direct clash counts: "Russia has seized …
    Ukrainian territory" still answers "how much territory has Russia captured".
    """
    if (keywords is not None and keywords.isdisjoint(terms)) or _about_another(clashing, terms):
        return 0
    return _share(weights, set(terms), query)


def _keywords(weights: dict[str, float], query: Query) -> frozenset[str] | None:
    """The terms that decide whether a text states an asked term (a sentence holds one of
    them, or states none): the asked terms and the words of their synonym phrases (None if a
    phrase is empty: every text holds that)."""
    phrases = [phrase for term in weights for phrase in query.phrases_of.get(term, ())]
    if not all(phrases):
        return None
    return frozenset(weights).union(*phrases)


def _about_another(clashing: Clashing, terms: Sequence[str]) -> bool:
    """Whether a sentence's `terms` tie a thing the question ties to a party to another."""
    return bool(clashing) and any(
        thing in clashing and not parties & clashing[thing]
        for thing, parties in _party_claims(terms).items()
    )


@lru_cache(maxsize=16_384)
def sentence_terms(text: str) -> tuple[tuple[tuple[int, int], tuple[str, ...]], ...]:
    """Each sentence's span and index terms; passages recur across questions. The sentences
    are analysed in one pass, as the index build analyses a file's passages."""
    spans = sentence_spans(text)
    terms, counts = analyze_passages([text[start:end] for start, end in spans])
    ends = accumulate(counts)
    return tuple(
        (span, tuple(terms[end - count : end]))
        for span, count, end in zip(spans, counts, ends, strict=True)
    )


def _party_claims(terms: Sequence[str]) -> dict[str, frozenset[str]]:
    """Things tied to a party by naming it right before them: "russian troop" → troop: russia."""
    mentions = party_mentions(terms)
    names = {i for start, end, _ in mentions for i in range(start, end)}
    claims: dict[str, set[str]] = {}
    for _, end, party in mentions:
        if end < len(terms) and end not in names:
            claims.setdefault(terms[end], set()).add(party)
    return {thing: frozenset(parties) for thing, parties in claims.items()}
