"""`python -m tests.eval.figures [--json] [--misses]`: figure precision and recall per article
set and split, and labels that break the invariant (a word their sentence does not hold).

Article sets with gold figures:
- seed: seeds/ against tests/eval/gold_figures.json (a list of rows naming their document);
- fixtures: tests/fixtures/briefings against the gold_figures.json beside them;
- every folder under tests/eval/ holding gold_figures.json and an articles/ folder
  (tests/eval/realnews and tests/eval/lee: split "tuning"; tests/eval/blind and
  tests/eval/web: split "test").
Gold files map a document (its slug, or its file name) to rows with at least value, unit and
paragraph, or list rows naming their document; a "decisions" key holds the conventions and is
not a document. Figures match gold rows on (value, unit, paragraph), each row at most once
(index.figures.evaluation); the blind, web and Lee sets, whose writers numbered paragraphs
with the page chrome and wrote units their own way, are matched on document and value, as
their READMEs say.
The invariant is checked on every article the project has, gold or not.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.articles import SEED_SUFFIXES, SeedError, read_document
from index.documents import Document
from index.figures.evaluation import score_figures
from index.figures.extract import Figure, extract_figures
from index.figures.lexicon import words_of
from index.figures.render import label_words

PROJECT = Path(__file__).resolve().parents[2]
EVAL = PROJECT / "tests" / "eval"
SEED_GOLD = EVAL / "gold_figures.json"
# The articles themselves: an evaluation set's README and SOURCES are not briefings.
ARTICLE_ROOTS = (
    PROJECT / "seeds",
    PROJECT / "tests" / "fixtures",
    *sorted(EVAL.glob("*/articles")),
)


@dataclass(frozen=True)
class ArticleSet:
    """Articles with gold figures: where they are, the gold file, and the split they belong to."""

    name: str
    split: str
    articles: Path
    gold: Path
    by_value: bool = False


@dataclass
class SetScore:
    """How the extractor did on one article set."""

    name: str
    split: str
    gold: int = 0
    extracted: int = 0
    matched: int = 0
    invented: list[str] = field(default_factory=list)
    missing: dict[str, list[Any]] = field(default_factory=dict)
    spurious: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "set": self.name,
            "split": self.split,
            "precision": self.precision,
            "recall": self.recall,
            "gold": self.gold,
            "extracted": self.extracted,
            "matched": self.matched,
            "invented": len(self.invented),
        }


# Sets whose writers numbered paragraphs and named units their own way: matched on value.
_WRITERS_CONVENTIONS = frozenset(
    {
        "abc",
        "agency",
        "blind",
        "bulletin",
        "courant",
        "courier",
        "dispatch",
        "fresh",
        "gazette",
        "ledger",
        "lee",
        "pages",
        "press",
        "tribune",
        "web",
        "wire",
    }
)
_TEST_SPLITS = frozenset({"blind", "fresh", "gazette", "ledger", "web"})


def article_sets() -> list[ArticleSet]:
    """Every article set with gold figures, the seed and fixtures first."""
    sets = [
        ArticleSet("seed", "tuning", PROJECT / "seeds", SEED_GOLD),
        ArticleSet(
            "fixtures",
            "tuning",
            PROJECT / "tests" / "fixtures" / "briefings",
            PROJECT / "tests" / "fixtures" / "briefings" / "gold_figures.json",
        ),
    ]
    for gold in sorted(EVAL.glob("*/gold_figures.json")):
        folder = gold.parent
        split = "test" if folder.name in _TEST_SPLITS else "tuning"
        by_value = folder.name in _WRITERS_CONVENTIONS
        sets.append(ArticleSet(folder.name, split, folder / "articles", gold, by_value=by_value))
    return [s for s in sets if s.gold.is_file() and s.articles.is_dir()]


def gold_rows(article_set: ArticleSet, documents: Sequence[Document]) -> dict[str, list[Any]]:
    """Gold rows by document slug, whatever the file keys them by (slug, file name with or
    without its suffix, or a "document" field in a flat list)."""
    data = json.loads(article_set.gold.read_text("utf-8"))
    by_slug: dict[str, list[Any]] = {document.slug: [] for document in documents}
    slugs = {Path(document.path).name: document.slug for document in documents}
    slugs.update({Path(document.path).stem: document.slug for document in documents})
    slugs.update({_letters(document.slug): document.slug for document in documents})
    keyed = (
        [(row["document"], [row]) for row in data]
        if isinstance(data, list)
        else [(key, rows) for key, rows in data.items() if key != "decisions"]
    )
    for key, rows in keyed:
        slug = slugs.get(key) or slugs.get(_letters(key), key)
        by_slug.setdefault(slug, []).extend(rows)
    return by_slug


def _letters(slug: str) -> str:
    """A slug's letters and digits only: "heartsteel-s" and "heartsteels" are one document."""
    return re.sub(r"[^a-z0-9]", "", slug.lower())


def read_articles(folder: Path) -> list[tuple[Document, str]]:
    """The readable articles of a folder (recursively) with their source text."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.suffix not in SEED_SUFFIXES or not path.is_file():
            continue
        try:
            found.append((read_document(path), path.read_text("utf-8")))
        except (SeedError, UnicodeDecodeError):
            continue
    return found


def all_articles() -> Iterator[tuple[Document, str]]:
    """Every article of the project: seeds/, tests/fixtures/ and every tests/eval/*/articles/."""
    for root in ARTICLE_ROOTS:
        if root.is_dir():
            yield from read_articles(root)


def invented_words(figures: Sequence[Figure]) -> list[str]:
    """One line per figure whose rendered label holds a word its sentence does not."""
    return [
        f"{figure.rendered}: {label_words(figure)}" for figure in figures if label_words(figure)
    ]


def bare(figure: Figure) -> bool:
    """A label that says nothing beyond the figure's own unit ("4 runs", "4,000 CHF"): the
    reader cannot tell what it counts."""
    unit = set(words_of(figure.unit))
    return not [word for word in words_of(figure.label) if word not in unit]


def score_set(article_set: ArticleSet) -> SetScore:
    """Precision, recall and invariant breaks of the extractor on one article set."""
    articles = read_articles(article_set.articles)
    gold = gold_rows(article_set, [document for document, _ in articles])
    score = SetScore(article_set.name, article_set.split)
    for document, source in articles:
        figures = extract_figures(document, source_text=source)
        rows = gold.get(document.slug, [])
        result = score_figures(figures, rows, by_value=article_set.by_value)
        score.gold += result["gold"]
        score.extracted += result["extracted"]
        score.matched += result["matched"]
        score.invented += invented_words(figures)
        if result["missing"]:
            score.missing[document.slug] = result["missing"]
        if result["spurious"]:
            score.spurious[document.slug] = result["spurious"]
    return score


def evaluate() -> dict[str, Any]:
    """Scores per set, per split (pooled), and the invariant over every article."""
    scores = [score_set(article_set) for article_set in article_sets()]
    splits: dict[str, SetScore] = {}
    for score in scores:
        pooled = splits.setdefault(score.split, SetScore(f"{score.split} split", score.split))
        pooled.gold += score.gold
        pooled.extracted += score.extracted
        pooled.matched += score.matched
        pooled.invented += score.invented
    figures = [f for document, source in all_articles() for f in extract_figures(document, source)]
    return {
        "sets": scores,
        "splits": list(splits.values()),
        "invented": invented_words(figures),
        "bare": [figure.rendered for figure in figures if bare(figure)],
        "figures": len(figures),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.eval.figures", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument(
        "--misses",
        action="store_true",
        help="list missing and spurious keys of the tuning split (never the test split's: it is "
        "not tuned on)",
    )
    args = parser.parse_args(argv)
    report = evaluate()
    if args.json:
        print(
            json.dumps(
                {
                    "sets": [score.as_dict() for score in report["sets"]],
                    "splits": [score.as_dict() for score in report["splits"]],
                    "invented": report["invented"],
                    "bare": report["bare"],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    for score in [*report["sets"], *report["splits"]]:
        print(
            f"figures {score.name:>14} ({score.split}): precision {score.precision:.3f}  "
            f"recall {score.recall:.3f}  ({score.matched} matched of {score.gold} gold, "
            f"{score.extracted} extracted, {len(score.invented)} labels with invented words)"
        )
        if args.misses and score.split == "tuning":
            for slug, keys in score.missing.items():
                print(f"    missing  {slug}: {keys}")
            for slug, keys in score.spurious.items():
                print(f"    spurious {slug}: {keys}")
    print(f"labels with a word their sentence lacks, over every article: {len(report['invented'])}")
    for line in report["invented"]:
        print(f"    {line}")
    print(
        f"labels that say nothing beyond their unit, over every article: {len(report['bare'])}"
        f" of {report['figures']}"
    )
    if args.misses:
        for line in report["bare"]:
            print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
