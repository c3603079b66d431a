"""Briefbot's core, which knows nothing of Discord: the small API the faces (CLI, console, bot) use.

Data flows one way through the subsystems below: `articles` reads seeds into documents and
passages (`text` splits and normalises); `analysis` turns text into index terms; `figures`
extracts structured figures; `store` builds the SQLite index atomically and opens snapshots of
it; `search` holds BM25 and the question's terms; `answering` turns a question into cited
passages and figures. See docs/architecture.md.
"""

from index.answering.answer import (
    DEFAULT_PASSAGES,
    Answer,
    PassageAnswer,
    answer,
    citation,
    display_date,
    warm_up,
)
from index.answering.confidence import CLOSEST_LABEL, Status
from index.answering.figure_search import best_figures
from index.articles import SeedError
from index.figures.record import Figure
from index.store.build import BuildReport, IndexUnusable, build_index
from index.store.freshness import open_index
from index.store.library import Library, LibraryWatcher

__all__ = [
    "CLOSEST_LABEL",
    "DEFAULT_PASSAGES",
    "Answer",
    "BuildReport",
    "Figure",
    "IndexUnusable",
    "Library",
    "LibraryWatcher",
    "PassageAnswer",
    "SeedError",
    "Status",
    "answer",
    "best_figures",
    "build_index",
    "citation",
    "display_date",
    "open_index",
    "warm_up",
]
