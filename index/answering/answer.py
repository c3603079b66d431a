"""The answer to a question: best passages, cited and highlighted, or an honest "not covered".

One function serves the CLI, the console and the Discord bot, so every face answers alike.
"""

from __future__ import annotations

import functools
import time
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from index.analysis import chat_words
from index.analysis.analyzer import analyze
from index.analysis.salience import english_words
from index.analysis.similar_words import near_words, similarities
from index.answering.acronyms import acronyms, initials_of, spell_out, spellings
from index.answering.confidence import CLOSEST_MESSAGE, Status, confidence, rank_score, verdict
from index.answering.evidence import Evidence, counted_terms, gather
from index.answering.figure_search import asked_kinds, best_figures
from index.answering.follow_ups import borrowing, followed, on_topic, topics
from index.answering.highlight import highlight
from index.answering.key_sentence import key_sentence
from index.figures.record import Figure
from index.search.query import (
    BadQuestion,
    Query,
    Vocabulary,
    build_query,
    check_question,
    unknown_names,
)
from index.store.library import Library, StoredPassage

DEFAULT_PASSAGES = 3
MAX_FIGURES = 3
RERANK_DEPTH = 10
# A number question also considers the passages holding the FIGURE_CANDIDATES figures that
# best answer it among the leading article's ARTICLE_DEPTH best passages: on the tuning split,
# right first 319 → 320 of 366 (real news 0.896 → 0.906, top 3 0.979 → 0.990).
FIGURE_CANDIDATES = 3
ARTICLE_DEPTH = 30
# Every passage of a leading article this short is a candidate: on the tuning split, in top 3
# Lee 170 → 171 and abc 87 → 88 of 96; right first and out-of-scope answers unchanged (the
# same at 12 and at 40).
LEAD_ARTICLE_REST = 40
# The leading articles are those of the LEADING_ARTICLES best passages by BM25: when two
# articles share the question's words, either may be the one asked about (tuning: top 3
# 1,086 → 1,087, follow-ups after another article's question right first 760 → 762, top 3
# 868 → 872; nothing lower). It costs up to 40 more candidates: answer() p50 on the Lee
# briefings 4.4 → 4.8 ms, on the web pages 4.2 → 5.6 ms (their articles are longer).
LEADING_ARTICLES = 2
_CITATION_TITLE_CHARS = 30
_TRAILING_SMALL_WORDS = {"a", "an", "the", "as", "of", "to", "in", "and", "on", "for", "at"}


@dataclass(frozen=True)
class PassageAnswer:
    id: str
    document: str
    title: str
    date: str | None
    paragraph: int
    text: str
    score: float
    citation: str
    sentence: tuple[int, int]
    highlights: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Answer:
    question: str
    answered: bool
    # "answered" (confident), "closest" (the passages most likely to help, which may not
    # answer exactly), "not_covered" (nothing bears on it) or "invalid" (cannot be searched).
    status: Status
    passages: list[PassageAnswer] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    message: str | None = None
    corrections: dict[str, str] = field(default_factory=dict)
    # The question this one followed up, whose terms it was searched with (None: asked alone).
    follows: str | None = None
    coverage: float = 0.0
    confidence: float = 0.0
    index_version: str | None = None
    elapsed_ms: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Candidate:
    """A passage BM25 found, with the evidence that it answers and its rank score."""

    passage: StoredPassage
    score: float
    evidence: Evidence
    rank_score: float


def answer(
    library: Library,
    question: str,
    k: int = DEFAULT_PASSAGES,
    offset: int = 0,
    *,
    briefing: str | None = None,
    follows: str | None = None,
) -> Answer:
    """Answer `question` from `library` with up to `k` passages, skipping the first `offset`.

    The best RERANK_DEPTH passages by BM25 are reordered by the answer model
    (index.answering.confidence), whose confidence in the first decides the status; a
    later page (offset > 0) so has the first page's status. `follows` is the question this
    one follows up, if any ("and how many of them were wounded" after "how many civilians
    died in Jalalabad"): its topic is searched too (index.answering.follow_ups).
    """
    started = time.perf_counter()
    try:
        text = check_question(question)
    except BadQuestion as problem:
        return Answer(question=question, answered=False, status="invalid", message=str(problem))
    query, strangers = searched(library, text, briefing)
    context = followed(follows)
    topic: dict[str, float] = {}
    if context is not None:
        previous = searched(library, context, briefing)[0]
        query, topic = borrowing(query, previous), topics(library, previous, briefing)
    candidates = weigh(library, query, max(offset + k, RERANK_DEPTH), strangers, briefing, topic)
    sure = confidence(candidates[0].evidence) if candidates else 0.0
    status = (
        verdict(candidates[0].evidence, sure, max(c.evidence.context for c in candidates))
        if candidates
        else "not_covered"
    )
    shown = candidates[offset : offset + k] if status != "not_covered" else []
    idf = library.idf(list(query.weights)) if shown else {}
    figures = library.figures_in([c.passage.id for c in shown]) if shown else []
    counted = counted_terms(query)
    passages = [_passage_answer(library, c, query, idf, figures, counted) for c in shown]
    result = Answer(
        question=text,
        answered=status == "answered",
        status=status,
        passages=passages,
        figures=_figures(query, passages, figures),
        message=_message(library, status, strangers),
        corrections=query.corrections,
        follows=context,
        coverage=round(candidates[0].evidence.coverage, 3) if candidates else 0.0,
        confidence=round(sure, 3),
        index_version=library.version,
    )
    elapsed = (time.perf_counter() - started) * 1000
    return replace(result, elapsed_ms=round(elapsed, 2))


def warm_up() -> None:
    """Load what answering reads on first use (word frequencies, chat words, word vectors),
    so that a long-running face answers its first question as fast as the rest."""
    build_query("warm up the question analysis", Vocabulary({}))
    chat_words.load()
    english_words("a")
    similarities(["warm"], [["up"]])
    near_words("warm")


def searched(library: Library, text: str, briefing: str | None = None) -> tuple[Query, list[str]]:
    """A checked question as it is searched, and the names in it the briefings (or the one
    `briefing` it is asked about) never mention.

    An acronym ("the AG") is also searched spelt out as the passages the question finds write
    it ("attorney general", index.answering.acronyms), or else, when the briefings never
    write the initials, as their most mentioned name with them; it is then no unknown name.
    """
    vocabulary = library.vocabulary()
    query = build_query(text, vocabulary)
    in_briefing = None if briefing is None else functools.partial(_mentions, library, briefing)
    strangers = unknown_names(text, vocabulary, in_briefing)
    unknown = acronyms(query)
    if not unknown:
        return query, strangers
    found = library.search(query.weights, RERANK_DEPTH, briefing=briefing)
    texts = [passage.text for passage in library.passages([number for number, _ in found])]
    spelt = spellings(query, unknown, texts)
    for term in unknown:
        if term in spelt or vocabulary.contains(term):
            continue
        if names := library.names(initials_of(query, term)):
            spelt[term] = names[0]
    if not spelt:
        return query, strangers
    known = set(spelt)
    return spell_out(query, spelt), [n for n in strangers if not set(analyze(n)) <= known]


def _mentions(library: Library, briefing: str, term: str) -> bool:
    """Whether one briefing's passages hold `term`: a question scoped to the Kursk briefing
    about "the Zorblatt reservoir" names someone that briefing never mentions, although
    another briefing does."""
    return bool(library.search({term: 1.0}, 1, briefing=briefing))


def weigh(
    library: Library,
    query: Query,
    depth: int,
    strangers: list[str],
    briefing: str | None = None,
    topic: dict[str, float] | None = None,
) -> list[Candidate]:
    """The best `depth` passages by BM25 (of one briefing, if given), the likeliest first;
    for a follow-up, those of the `topic` it follows first (index.answering.follow_ups)."""
    ranked = library.search(query.weights, depth, briefing=briefing)
    if topic:
        ranked = on_topic(library, query, depth, ranked, topic)
    ranked += _holding_asked_figures(library, query, ranked)
    passages = library.passages([number for number, _ in ranked])
    rest = _rest_of_leading_articles(library, ranked, passages)
    ranked += rest
    passages += library.passages([number for number, _ in rest])
    scores = [score for _, score in ranked]
    evidence = gather(library, query, passages, scores, bool(strangers))
    candidates = [
        Candidate(passage, score, signals, rank_score(signals))
        for passage, score, signals in zip(passages, scores, evidence, strict=True)
    ]
    return sorted(candidates, key=lambda c: -c.rank_score)


def _rest_of_leading_articles(
    library: Library, ranked: list[tuple[int, float]], passages: list[StoredPassage]
) -> list[tuple[int, float]]:
    """The leading articles' passages not yet among the candidates (`ranked`, whose
    `passages` these are), of each that is short (at most LEAD_ARTICLE_REST passages).

    Wire copy names its subject once, in the lede: "the closure of 12 stores" shares no word
    with "how many Harris Scarfe shops closed", and only the lead article's context ties it to
    the question. They join with a BM25 score of 0; the answer model weighs the rest.
    """
    leading = list(dict.fromkeys(passage.document for passage in passages))[:LEADING_ARTICLES]
    seen = {number for number, _ in ranked}
    rest = []
    for document in leading:
        first, end = library.passage_range(document)
        if end - first <= LEAD_ARTICLE_REST:
            rest += [(number, 0.0) for number in range(first, end) if number not in seen]
    return rest


def _holding_asked_figures(
    library: Library, query: Query, ranked: list[tuple[int, float]]
) -> list[tuple[int, float]]:
    """For a number question, the passages that hold the figures that best answer it among
    the ARTICLE_DEPTH best passages of the leading article, those not already in `ranked`.

    An article names its subject in many passages, and the one giving the number asked for
    ("Prelogar, 43, argues…" for "how old is Prelogar") may share only that name.
    """
    if not ranked or not asked_kinds(query.text):
        return []
    (lead,) = library.passages([ranked[0][0]])
    within = library.search(query.weights, ARTICLE_DEPTH, briefing=lead.document)
    seen = {number for number, _ in ranked}
    fresh = [(number, score) for number, score in within if number not in seen]
    passages = library.passages([number for number, _ in fresh])
    figures = library.figures_in([p.id for p in passages])
    holding = {f.passage for f in best_figures(figures, query.text, FIGURE_CANDIDATES, query=query)}
    return [
        (number, score)
        for (number, score), passage in zip(fresh, passages, strict=True)
        if passage.id in holding
    ]


def _figures(query: Query, passages: list[PassageAnswer], figures: list[Figure]) -> list[Figure]:
    """The shown passages' `figures` that bear on the question, best first; for a question
    that asks for no number, those of the sentence that answers it."""
    if not passages:
        return []
    lead = passages[0]
    answering = lead.text[slice(*lead.sentence)]
    return best_figures(
        figures, query.text, MAX_FIGURES, answering=answering, query=query, lead=lead.id
    )


def _passage_answer(
    library: Library,
    candidate: Candidate,
    query: Query,
    idf: dict[str, float],
    figures: list[Figure],
    counted: set[str],
) -> PassageAnswer:
    passage, score = candidate.passage, candidate.score
    document = library.documents[passage.document]
    own = [figure for figure in figures if figure.passage == passage.id]
    meanings = candidate.evidence.sentence_meanings
    sentence = key_sentence(passage.text, query, idf, own, counted, meanings)
    marked = highlight(passage.text, query.weights, sentence)
    return PassageAnswer(
        id=passage.id,
        document=passage.document,
        title=document.title,
        date=document.date,
        paragraph=passage.paragraph,
        text=passage.text,
        score=round(score, 6),
        citation=citation(document.title, document.date, passage.paragraph),
        sentence=marked.sentence,
        highlights=marked.words,
    )


def citation(title: str, date: str | None, paragraph: int) -> str:
    """“Russia advances near Kursk…, 19 Nov 2024, ¶3”: short enough for a chat line."""
    return f"{short_title(title)}, {display_date(date)}, ¶{paragraph}"


def short_title(title: str) -> str:
    title = title.rstrip(" .")
    if len(title) <= _CITATION_TITLE_CHARS:
        return title
    words = title[: _CITATION_TITLE_CHARS + 1].split()[:-1] or [title[:_CITATION_TITLE_CHARS]]
    while len(words) > 1 and words[-1].lower() in _TRAILING_SMALL_WORDS:
        words.pop()
    return " ".join(words).rstrip(",;:") + "…"


def display_date(date: str | None) -> str:
    if not date:
        return "undated"
    year, month, day = date.split("-")
    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    return f"{int(day)} {months[int(month) - 1]} {year}"


def _message(library: Library, status: Status, strangers: list[str]) -> str | None:
    """What the member should know besides the passages: nothing when answered confidently."""
    if status == "answered":
        return None
    if status == "closest":
        return CLOSEST_MESSAGE
    return _not_covered_message(library, strangers)


def _not_covered_message(library: Library, strangers: list[str]) -> str:
    """Say what the briefing does cover, so the member can ask something it answers."""
    documents = list(library.documents.values())
    covered = "; ".join(
        f"{doc.title.rstrip('.')} ({display_date(doc.date)})" for doc in documents[:5]
    )
    if len(documents) > 5:
        covered += f"; and {len(documents) - 5} more articles"
    topics = library.topics()
    figures = f" It has figures on {', '.join(topics)}." if topics else ""
    unmentioned = f" It never mentions {', '.join(strangers)}." if strangers else ""
    return f"The briefing doesn't cover that.{unmentioned} It covers: {covered}.{figures}"
