"""The answer to a question: best passages, cited and highlighted, or an honest "not covered".

One function serves the CLI, the console and the Discord bot, so every face answers alike.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from index.analysis.analyzer import analyze
from index.analysis.synonyms import party_mentions
from index.answering.figure_search import best_figures
from index.answering.highlight import best_sentence
from index.search.query import BadQuestion, Query, build_query, check_question, unknown_names
from index.store.library import Library, StoredPassage
from index.text.sentences import sentence_spans

DEFAULT_PASSAGES = 3
MAX_FIGURES = 3
RERANK_DEPTH = 10
# Share of the question's weight (specificity of its own words) that the best passage must
# state (see _coverage). On tests/eval/questions.jsonl every threshold from 0.45 to 0.55 gives
# the same decisions (answerable questions score ≥ 0.58, out-of-scope ones ≤ 0.40 but one);
# 0.5 is the middle of that gap.
MIN_COVERAGE = 0.5
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
    # "answered", "not_covered", or "invalid" (a question that cannot be searched).
    status: str
    passages: list[PassageAnswer] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    message: str | None = None
    corrections: dict[str, str] = field(default_factory=dict)
    coverage: float = 0.0
    index_version: str | None = None
    elapsed_ms: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def answer(
    library: Library,
    question: str,
    k: int = DEFAULT_PASSAGES,
    offset: int = 0,
    *,
    briefing: str | None = None,
) -> Answer:
    """Answer `question` from `library` with up to `k` passages, skipping the first `offset`.

    When the best passage by BM25 does not state what the question asks, the best
    RERANK_DEPTH are checked: those that do come first, in BM25 order, then the rest. A
    paragraph that matches the words but is about another party ("Ukrainian casualties" for
    "Russia casualties") so gives way to the one that answers. Whether the briefing covers
    the question is judged on the first passage, so a later page (offset > 0) is answered
    exactly when the first is.
    """
    started = time.perf_counter()
    try:
        text = check_question(question)
    except BadQuestion as problem:
        return Answer(question=question, answered=False, status="invalid", message=str(problem))
    query = build_query(text, library.vocabulary())
    ranked = library.search(query.weights, max(offset + k, RERANK_DEPTH), briefing=briefing)
    candidates = library.passages([number for number, _ in ranked])
    order, coverage = _covered_first(query, candidates)
    page = order[offset : offset + k]
    hits = [ranked[i] for i in page]
    passages = [candidates[i] for i in page]
    strangers = unknown_names(text, library.vocabulary())
    answered = bool(passages) and coverage >= MIN_COVERAGE and not strangers
    idf = library.idf(list(query.weights)) if answered else {}
    result = Answer(
        question=text,
        answered=answered,
        status="answered" if answered else "not_covered",
        passages=[
            _passage_answer(library, passage, score, query, idf)
            for passage, (_, score) in zip(passages, hits, strict=True)
        ]
        if answered
        else [],
        figures=_figures(library, text, passages) if answered else [],
        message=None if answered else _not_covered_message(library, strangers),
        corrections=query.corrections,
        coverage=round(coverage, 3),
        index_version=library.version,
    )
    elapsed = (time.perf_counter() - started) * 1000
    return replace(result, elapsed_ms=round(elapsed, 2))


def _figures(
    library: Library, question: str, passages: list[StoredPassage]
) -> list[dict[str, Any]]:
    """Figures of the returned passages that bear on the question, best first."""
    candidates = library.figures_in([passage.id for passage in passages])
    return best_figures(candidates, question, MAX_FIGURES)


def _covered_first(query: Query, candidates: list[StoredPassage]) -> tuple[list[int], float]:
    """Candidate positions, those covering the question first, and the first one's coverage.

    The others are checked only when the best does not cover it: the common case costs one.
    """
    positions = list(range(len(candidates)))
    if not candidates:
        return positions, 0.0
    coverages = {0: _coverage(query, candidates[0])}
    if coverages[0] < MIN_COVERAGE:
        coverages.update((i, _coverage(query, candidates[i])) for i in positions[1:])
        positions.sort(key=lambda i: (coverages[i] < MIN_COVERAGE, i))
    return positions, coverages[positions[0]]


def _coverage(query: Query, passage: StoredPassage) -> float:
    """How much of what the question asks about the passage states: 0 (nothing) to 1 (all).

    The share of the question's own words, each weighed by its specificity (an idf, see
    Query.specificity; a word the index has never seen weighs like the rarest), that the
    passage contains itself or through a synonym. Synonyms are credited per asked word and
    phrase-aware: "won back" is found in "regained", both words of it.

    Subject sensitivity: when the question ties a thing to a party of the conflict
    (index.synonyms.PARTIES: Russia, Ukraine, the US) by naming the party right before it
    ("Ukrainian soldiers"), a sentence that ties the same thing or a synonym to another party
    ("78,329 Russian troops have been killed") is about someone else, and none of its words
    count; "Ukrainian" elsewhere in the passage ("Ukrainian defenses") cannot make up for
    it. Only such a direct clash counts: "Russia has seized ... Ukrainian territory" still
    answers "how much territory has Russia captured", which ties no party to "territory".
    Frequency weights alone cannot do this: party names are the briefing's commonest words,
    hence its least specific ones.

    Weights are Query.specificity, not BM25's idf, which cannot weigh a word the index lacks.
    """
    claims = _party_claims(query.asked)
    clashing = {
        related: parties
        for thing, parties in claims.items()
        for related in (thing, *query.synonyms_of.get(thing, ()))
    }
    present: set[str] = set()
    for start, end in sentence_spans(passage.text):
        terms = analyze(passage.text[start:end])
        sentence_claims = _party_claims(terms)
        if any(
            thing in clashing and not parties & clashing[thing]
            for thing, parties in sentence_claims.items()
        ):
            continue
        present.update(terms)
    total = matched = 0.0
    for term in dict.fromkeys(query.asked):
        weight = query.specificity.get(term, 1.0)
        total += weight
        if present & {term, *query.synonyms_of.get(term, ())}:
            matched += weight
    return matched / total if total else 0.0


def _party_claims(terms: list[str] | tuple[str, ...]) -> dict[str, frozenset[str]]:
    """Things tied to a party by naming it right before them: "russian troop" → troop: russia."""
    mentions = party_mentions(terms)
    names = {i for start, end, _ in mentions for i in range(start, end)}
    claims: dict[str, set[str]] = {}
    for _, end, party in mentions:
        if end < len(terms) and end not in names:
            claims.setdefault(terms[end], set()).add(party)
    return {thing: frozenset(parties) for thing, parties in claims.items()}


def _passage_answer(
    library: Library, passage: StoredPassage, score: float, query: Query, idf: dict[str, float]
) -> PassageAnswer:
    document = library.documents[passage.document]
    highlight = best_sentence(passage.text, query.weights, idf)
    return PassageAnswer(
        id=passage.id,
        document=passage.document,
        title=document.title,
        date=document.date,
        paragraph=passage.paragraph,
        text=passage.text,
        score=round(score, 6),
        citation=citation(document.title, document.date, passage.paragraph),
        sentence=highlight.sentence,
        highlights=highlight.words,
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
