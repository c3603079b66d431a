"""The answer to a question: best passages, cited and highlighted, or an honest "not covered".

One function serves the CLI, the console and the Discord bot, so every face answers alike.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

from index.analyzer import analyze
from index.highlight import best_sentence
from index.library import Library, StoredPassage
from index.query import BadQuestion, Query, build_query, check_question

DEFAULT_PASSAGES = 3
# Share of the question's weight (idf of its own words) that the best passage must match.
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
    passages: list[PassageAnswer] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    message: str | None = None
    corrections: dict[str, str] = field(default_factory=dict)
    coverage: float = 0.0
    index_version: str | None = None
    elapsed_ms: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def answer(library: Library, question: str, k: int = DEFAULT_PASSAGES, offset: int = 0) -> Answer:
    """Answer `question` from `library` with up to `k` passages, skipping the first `offset`."""
    started = time.perf_counter()
    try:
        text = check_question(question)
    except BadQuestion as problem:
        return Answer(question=question, answered=False, message=str(problem))
    query = build_query(text, library.vocabulary())
    hits = library.search(query.weights, offset + k)[offset:]
    passages = library.passages([number for number, _ in hits])
    idf = library.idf(list(query.weights))
    coverage = _coverage(query, passages[0], idf) if passages else 0.0
    answered = bool(passages) and coverage >= MIN_COVERAGE
    result = Answer(
        question=text,
        answered=answered,
        passages=[
            _passage_answer(library, passage, score, query, idf)
            for passage, (_, score) in zip(passages, hits, strict=True)
        ]
        if answered
        else [],
        message=None if answered else _not_covered_message(library),
        corrections=query.corrections,
        coverage=round(coverage, 3),
        index_version=library.version,
    )
    elapsed = (time.perf_counter() - started) * 1000
    return Answer(**{**result.__dict__, "elapsed_ms": round(elapsed, 2)})


def _coverage(query: Query, passage: StoredPassage, idf: dict[str, float]) -> float:
    """How much of what the question asks about (its own words, by idf) the passage contains.

    A word the index has never seen weighs like the rarest indexed word: a question about
    something absent from the briefing is not answered by its other, common words.
    """
    present = set(analyze(passage.text))
    rarest = max(idf.values(), default=1.0)
    total = matched = 0.0
    for term in dict.fromkeys(query.asked):
        weight = idf.get(term, rarest) if term in idf else rarest
        weight = max(weight, 0.0)
        total += weight
        related = {term, *query.synonyms_of.get(term, ())}
        if present & related:
            matched += weight
    return matched / total if total else 0.0


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


def _not_covered_message(library: Library) -> str:
    titles = "; ".join(doc.title.rstrip(".") for doc in list(library.documents.values())[:5])
    return f"The briefing doesn't cover that. It covers: {titles}."
