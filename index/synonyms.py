"""Query expansion: words a member may use for what the briefing says in other words.

Each group lists phrases that mean the same thing for a reader of the briefing. A question
that uses one phrase also searches for the others, weighted below the member's own words
(EXPANSION_WEIGHT), so an exact match still ranks first. Only questions are expanded; the
index keeps the article's own words. Keep groups small and unambiguous: a loose synonym
(e.g. "land" for "territory") costs precision on every question that uses it.
"""

from __future__ import annotations

from functools import cache

from index.analyzer import analyze

EXPANSION_WEIGHT = 0.4

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    (
        "killed",
        "died",
        "dead",
        "deaths",
        "death toll",
        "losses",
        "fatalities",
        "casualties",
        "slain",
        "perished",
    ),
    ("seized", "captured", "taken", "took", "grabbed", "gained", "conquered", "occupied"),
    (
        "regained",
        "won back",
        "win back",
        "retook",
        "recaptured",
        "reclaimed",
        "took back",
        "recovered",
    ),
    ("troops", "soldiers", "forces", "servicemen", "personnel", "army"),
    ("US", "American", "United States", "America", "Washington"),
    ("Russia", "Russian", "Moscow", "Kremlin"),
    ("Ukraine", "Ukrainian", "Kyiv", "Kiev"),
    ("square kilometers", "kilometers", "km"),
    ("territory", "land", "ground"),
    ("missiles", "rockets"),
    ("aid", "assistance", "support"),
    ("negotiations", "talks", "peace talks"),
    ("withdrawing", "retreating", "pulling back"),
    ("deployed", "sent", "dispatched"),
    ("counteroffensive", "counter-attack", "counterattack"),
    ("collapse", "fall", "crumble"),
)


@cache
def _analyzed_groups() -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Each group's phrases as analyzed term sequences (the same chain as the index)."""
    groups = []
    for group in SYNONYM_GROUPS:
        phrases = {tuple(analyze(phrase)) for phrase in group}
        groups.append(tuple(sorted(p for p in phrases if p)))
    return tuple(groups)


def expand(terms: list[str]) -> list[str]:
    """Terms that a synonym group adds to `terms`, excluding those already asked for."""
    asked = set(terms)
    added: list[str] = []
    for phrases in _analyzed_groups():
        if not any(_contains(terms, phrase) for phrase in phrases):
            continue
        for phrase in phrases:
            for term in phrase:
                if term not in asked and term not in added:
                    added.append(term)
    return added


def _contains(terms: list[str], phrase: tuple[str, ...]) -> bool:
    width = len(phrase)
    return any(tuple(terms[i : i + width]) == phrase for i in range(len(terms) - width + 1))
