"""The BM25 searcher: the k best passages for weighted question terms, exactly and fast.

It knows nothing of files: whoever opens an index hands it the passages' length norms, a
function that reads terms' postings, and the very common terms to lay out densely. Every
score it returns adds the same contributions (weight · impact) in the same order (dense
terms, then wide, then narrow; each kind by term), in float64, so a passage's score is the
same to the last bit whichever path computed it, and equals rank-bm25's to 1e-9.

Many passages are first *screened*: their scores summed approximately, the dense terms'
impacts taken in float32 (half the memory traffic). A screened score is within a margin of
the exact one (`_screen_margin`, proven from float32's rounding); only the passages whose
screened score comes within twice that margin of the k-th best are scored exactly.

- **MaxScore** (`_search_pruned`): when the rarer terms' passages provably hold the top k
  (their k-th best score beats what the other terms could add at most), only those passages
  are scored. Whether it can be proven is decided before any candidate set is built.
- **Full scoring** (`_search_full`): otherwise every passage is screened, a cache-sized
  chunk at a time into one reused buffer, noting each 1,024-passage block's maximum on the
  way; the top k then come from the few blocks whose maximum reaches a floor under the k-th.

`search` reuses its corpus-sized buffers: no question allocates (and page-faults) new ones.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace

import cachetools
import numpy as np

from index.search import bm25
from index.search.bm25 import LengthNorms, TermPostings, top_impacts
from index.search.ranking import top_k

# Reads the postings of those of the given terms that the index knows.
PostingsReader = Callable[[list[str]], Iterable[TermPostings]]

# The very common terms are decoded into dense arrays when the index opens, up to this much
# memory (the most common first), 5 bytes a passage each (float32 impacts, byte tf): all the
# 54 terms in a tenth of the passages or more at a million passages, in 258 MB.
HOT_BYTES = 384 * 2**20
_HOT_BYTES_PER_PASSAGE = 5
# Scoring-ready postings of the other terms kept between questions (LRU, bounded): even a
# rare term's read from SQLite costs as much as scoring it (10-20 µs).
CACHE_BYTES = 128 * 2**20
# Passages per block maximum, and per chunk scored at once (a multiple of BLOCK that keeps
# the chunk's scores in the CPU cache while every term is added).
BLOCK = 1024
CHUNK = 128 * BLOCK
# MaxScore is tried when its candidates are at most this share of the passages: scoring
# more costs more than scoring every passage (measured at 100k and 1M).
_PRUNE_SHARE = 64
# Questions whose terms have at most this many postings in all simply add them all up.
_FEW_POSTINGS = 16_384
# Candidates looked up in a term's postings by laying these over a buffer when at least this
# many (and the postings at most twice as many): binary search is faster for fewer.
_LAY_OVER_MIN = 256
# The rarest terms' passages are scored for a floor when they are at most this many.
_PROBE_POSTINGS = 4096
# A sparse term in this share of the passages or more is "wide": full scoring scatters it
# chunk by chunk; narrower ones are looked up for their own passages only.
_WIDE_SHARE = 64
_DENSE, _WIDE, _NARROW = range(3)
# Margin for rounding in sums when comparing a bound with a score.
_RELATIVE_MARGIN = 1e-9
# Screened candidates up to this many are all scored exactly: fewer operations than
# choosing the few near the k-th best.
_FINISH_ALL = 256
# A float32 rounding, relative (2^-24): each float32 impact, product and sum in a screened
# score errs by at most this much of the largest possible score.
_FLOAT32_ROUNDING = 2.0**-24


@dataclass
class _Workspace:
    """Buffers one search reuses: exact partial scores of every passage, screened scores
    (float32) with each block's maximum and a chunk of scratch, and zeros to lay a term's
    impacts over."""

    scores: np.ndarray
    screen: np.ndarray
    maxima: np.ndarray
    scratch: np.ndarray
    lookup: np.ndarray


Weighted = list[tuple[float, TermPostings]]


class Bm25Searcher:
    """Top-k BM25 over one index's postings; safe to share between threads."""

    def __init__(
        self, norms: LengthNorms, read: PostingsReader, hot: Iterable[TermPostings]
    ) -> None:
        self.size = norms.size
        self._norms = norms
        self._read = read
        # The very common terms, dense, decoded once when the index opens.
        self._hot = {entry.term: entry.ready(norms) for entry in hot}
        self._cache: cachetools.LRUCache[str, TermPostings] = cachetools.LRUCache(
            CACHE_BYTES, getsizeof=lambda entry: entry.nbytes
        )
        self._lock = threading.Lock()
        self._spare: list[_Workspace] = [self._new_workspace()]

    @staticmethod
    def hot_terms(size: int) -> tuple[int, int]:
        """Which terms to hand over decoded when the index opens: (smallest df, how many),
        taking the most common first."""
        smallest = max(bm25.DENSE_MIN_POSTINGS, -(-size // bm25.DENSE_SHARE))
        return smallest, HOT_BYTES // (_HOT_BYTES_PER_PASSAGE * max(size, 1))

    @property
    def hot_bytes(self) -> int:
        """Memory held by the dense arrays decoded when the index opened."""
        return sum(entry.nbytes for entry in self._hot.values())

    def search(
        self, weighted_terms: Mapping[str, float], k: int, within: tuple[int, int] | None = None
    ) -> list[tuple[int, float]]:
        """The k best passages as (number, score), best first; ties go to the earlier passage.

        Only passages containing at least one question term are candidates; with `within`
        (first, end), only passages numbered first to end - 1 (one briefing's). They score as
        in the whole index (its idf and lengths), and the top k are theirs, not the whole
        index's filtered.
        """
        weighted = self._weighted(weighted_terms)
        if within is not None:
            weighted = self._scoped(weighted, *within)
        if k <= 0 or not weighted:
            return []
        if any(weight <= 0 for weight, _ in weighted):
            return self._search_any_sign(weighted_terms, weighted, k)
        if len(weighted) == 1 and weighted[0][1].dense is None:
            weight, entry = weighted[0]
            return top_k(entry.passages, _weighted(weight, entry.impacts), k)
        with self._workspace() as workspace:
            if sum(entry.df for _, entry in weighted) <= _FEW_POSTINGS and not any(
                entry.dense is not None for _, entry in weighted
            ):
                return self._search_few(weighted, k, workspace)
            pruned = self._search_pruned(weighted, k, workspace)
            if pruned is not None:
                return pruned
            return self._search_full(weighted, k, workspace)

    def scores(self, weighted_terms: Mapping[str, float]) -> np.ndarray:
        """BM25 score of every passage for the weighted question terms (zeros where absent)."""
        weighted = self._weighted(weighted_terms)
        everyone = np.arange(self.size, dtype=np.int32)
        scores = np.zeros(self.size)
        for weight, entry in weighted:  # as _candidate_scores adds them, without looking up
            if entry.dense is not None:
                scores += _weighted(weight, entry.dense.exact(everyone))
            else:
                np.add.at(scores, entry.passages, _weighted(weight, entry.impacts))
        return scores

    def _search_few(
        self, weighted: Weighted, k: int, workspace: _Workspace
    ) -> list[tuple[int, float]]:
        """Few postings in all: every one is added into a scratch accumulator, in order."""
        accumulator = workspace.scores
        for _, entry in weighted:
            accumulator[entry.passages] = 0.0
        for weight, entry in weighted:
            np.add.at(accumulator, entry.passages, _weighted(weight, entry.impacts))
        touched = self._union([entry for _, entry in weighted])
        return top_k(touched, accumulator[touched], k)

    def _search_pruned(
        self, weighted: Weighted, k: int, workspace: _Workspace
    ) -> list[tuple[int, float]] | None:
        """MaxScore: the top k from the passages of the rarest terms, or None if not provable.

        A floor under the final k-th best score comes first: the k-th best screened score of
        the rarest terms' passages when they are few, less the margin, else the k-th largest
        stored impact. A
        passage outside the rarest terms' postings scores at most the other terms' bounds
        summed; the fewest rarest terms that push that below the floor are essential, and
        only their passages can win or tie. Whether that holds is known before any candidate
        is built; if it never does, None. Of the candidates, only those whose partial score
        plus the other terms' bounds reaches the floor are screened to the end.
        """
        order = sorted(range(len(weighted)), key=lambda i: weighted[i][1].df)
        rarest = [weighted[i][1] for i in order]
        if rarest[0].dense is not None:
            return None
        bounds = [weighted[i][0] * weighted[i][1].bound for i in order]
        slack = sum(bounds) * _RELATIVE_MARGIN  # rounding in sums: below any score's digits
        limit = max(4 * k, self.size // _PRUNE_SHARE)

        def essentials(floor: float) -> int | None:
            """How many of the rarest terms must be scored for the floor to hold, if few."""
            for count in range(1, len(order) + 1):
                if (
                    rarest[count - 1].dense is not None
                    or sum(entry.df for entry in rarest[:count]) > limit
                ):
                    return None
                if sum(bounds[count:]) + slack < floor:
                    return count
            return None

        if essentials(sum(bounds)) is None:  # not even the best floor could leave few
            return None
        # A floor: the k-th largest stored impact of a sparse term, or better, the k-th best
        # score of the rarest terms' passages when they are few (a probe).
        floor = max(
            (weight * (e.kth_impact(k) or 0.0) for weight, e in weighted if e.dense is None),
            default=0.0,
        )
        margin = _screen_margin(weighted)
        probe = _prefix_reaching(rarest, k, _PROBE_POSTINGS)
        if probe == len(rarest):  # every term's passages, all sparse: nothing else scores
            candidates = self._union(rarest)
            return top_k(candidates, self._candidate_scores(weighted, candidates, workspace), k)
        if probe:
            candidates = self._union(rarest[:probe])
            screened = self._candidate_scores(weighted, candidates, workspace, screened=True)
            floor = max(floor, _kth_largest(screened, k) - margin)
        essential = essentials(floor)
        if essential is None:
            return None
        if essential == probe and candidates.size >= k:
            return self._finish(weighted, candidates, screened, k, workspace)
        # Partial scores of the essential terms' passages, summed in a scratch accumulator.
        accumulator = workspace.scores
        for entry in rarest[:essential]:
            accumulator[entry.passages] = 0.0
        for position in range(essential):
            weight, entry = weighted[order[position]]
            np.add.at(accumulator, entry.passages, _weighted(weight, entry.impacts))
        survivors = self._union(rarest[:essential])
        partial = accumulator[survivors]
        # The other terms one by one, largest bound first, each time dropping the passages
        # that cannot reach the floor even with every term still to come. Screened partial
        # scores are within the margin of exact ones, below or above.
        rest = sum(bounds[essential:])
        for position in sorted(range(essential, len(order)), key=lambda p: -bounds[p]):
            floor = max(floor, _kth_largest(partial, k) - margin)
            reachable = partial + (rest + margin + 2 * slack) >= floor
            survivors, partial = survivors[reachable], partial[reachable]
            term = [weighted[order[position]]]
            partial = partial + self._candidate_scores(term, survivors, workspace, screened=True)
            rest -= bounds[position]
        return self._finish(weighted, survivors, partial, k, workspace)

    def _finish(
        self,
        weighted: Weighted,
        candidates: np.ndarray,
        screened: np.ndarray,
        k: int,
        workspace: _Workspace,
    ) -> list[tuple[int, float]]:
        """The top k of candidates that hold it, from their screened scores: the k-th best
        screened score less the margin is a floor under the exact k-th, so only those within
        twice the margin of it can reach or tie it, and only those are scored exactly (all of
        them when few)."""
        if candidates.size > _FINISH_ALL:
            near = screened >= _kth_largest(screened, k) - 2 * _screen_margin(weighted)
            candidates = candidates[near]
        return top_k(candidates, self._candidate_scores(weighted, candidates, workspace), k)

    def _search_full(
        self, weighted: Weighted, k: int, workspace: _Workspace
    ) -> list[tuple[int, float]]:
        """Screen every passage: the dense and wide terms a chunk at a time, noting block
        maxima; then the narrow terms added onto their passages, raising their blocks' maxima.
        Each block holds a passage whose exact score is at least its maximum less the margin,
        so the k-th largest maximum less twice the margin is a floor under every screened
        score that can reach or tie the exact k-th best: only the few passages of the blocks
        whose maximum reaches it, and that reach it themselves, are scored exactly."""
        self._screen_chunks(weighted, workspace)
        screen, maxima = workspace.screen, workspace.maxima
        narrow = [(weight, entry) for weight, entry in weighted if self._kind(entry) == _NARROW]
        for weight, entry in narrow:
            contributions = _weighted(weight, entry.impacts).astype(np.float32)
            np.add.at(screen, entry.passages, contributions)
        for _, entry in narrow:
            np.maximum.at(maxima, entry.passages // BLOCK, screen[entry.passages])
        floor = _kth_largest(maxima, k) - 2 * _screen_margin(weighted)
        blocks = np.flatnonzero(maxima >= floor) if floor > 0 else np.flatnonzero(maxima > 0)
        in_blocks = screen.reshape(-1, BLOCK)[blocks]
        rows, columns = np.divmod(
            np.flatnonzero(in_blocks >= floor if floor > 0 else in_blocks > 0), BLOCK
        )
        numbers = (blocks[rows] * BLOCK + columns).astype(np.int32)
        return top_k(numbers, self._candidate_scores(weighted, numbers, workspace), k)

    def _screen_chunks(self, weighted: Weighted, workspace: _Workspace) -> None:
        """The dense and wide terms' screened sum for every passage into workspace.screen, a
        chunk at a time so that it stays in the CPU cache, with each block's maximum."""
        screen, scratch, maxima = workspace.screen, workspace.scratch, workspace.maxima
        starts = np.arange(0, self.size + CHUNK, CHUNK)
        # A screened sum may add in any order: terms asked once first, the first two at once.
        dense = [(weight, e.dense.screen) for weight, e in weighted if e.dense is not None]
        once = [array for weight, array in dense if weight == 1.0]
        weighed = [(weight, array) for weight, array in dense if weight != 1.0]
        wide = [
            (np.searchsorted(e.passages, starts).tolist(), e.passages, _weighted(w, e.screen))
            for w, e in weighted
            if e.screen is not None
        ]
        for chunk, start in enumerate(starts[:-1].tolist()):
            end = min(start + CHUNK, self.size)
            into = screen[start:end]
            if len(once) >= 2:
                np.add(once[0][start:end], once[1][start:end], out=into)
            elif once:
                np.copyto(into, once[0][start:end])
            else:
                into.fill(0.0)
            for array in once[2:]:
                into += array[start:end]
            for weight, array in weighed:
                into += np.multiply(array[start:end], weight, out=scratch[: end - start])
            for cuts, passages, contributions in wide:
                low, high = cuts[chunk], cuts[chunk + 1]
                np.add.at(into, passages[low:high] - start, contributions[low:high])
            blocks = screen[start : start + CHUNK].reshape(-1, BLOCK)
            first = start // BLOCK
            blocks.max(axis=1, out=maxima[first : first + len(blocks)])

    def _kind(self, entry: TermPostings) -> int:
        """How a term is scored: dense, wide (scattered) or narrow (looked up); every path
        adds the kinds in this order."""
        if entry.dense is not None:
            return _DENSE
        return _WIDE if entry.df * _WIDE_SHARE >= self.size else _NARROW

    @staticmethod
    def _candidate_scores(
        weighted: Weighted, candidates: np.ndarray, workspace: _Workspace, screened: bool = False
    ) -> np.ndarray:
        """Exact scores of some passages (ascending), adding the terms in `weighted` order;
        `screened`, within the margin: the dense terms' float32 impacts, not recomputed.

        A sparse term's impacts at the candidates are looked up: by binary search, or when
        the candidates are many and the term's postings not many more, by laying them over
        workspace.lookup (zeros, and left so) and reading them back, several times faster.
        """
        scores = np.zeros(candidates.size)
        lookup = workspace.lookup
        for weight, entry in weighted:
            if entry.dense is not None and screened:
                scores += _weighted(weight, entry.dense.screen[candidates])
            elif entry.dense is not None:
                scores += _weighted(weight, entry.dense.exact(candidates))
            elif entry.passages is candidates:
                scores += _weighted(weight, entry.impacts)
            elif candidates.size >= _LAY_OVER_MIN and entry.df <= 2 * candidates.size:
                lookup[entry.passages] = entry.impacts
                scores += _weighted(weight, lookup[candidates])
                lookup[entry.passages] = 0.0
            else:
                at = np.searchsorted(entry.passages, candidates)
                np.minimum(at, entry.passages.size - 1, out=at)
                found = entry.passages[at] == candidates
                scores[found] += _weighted(weight, entry.impacts[at[found]])
        return scores

    def _search_any_sign(
        self, weighted_terms: Mapping[str, float], weighted: Weighted, k: int
    ) -> list[tuple[int, float]]:
        """Top k when some contribution is not positive (tiny corpora, zero or negative idf):
        a passage with a question term may then score 0 or less, yet stays a candidate."""
        scores = self.scores(weighted_terms)
        touched = np.zeros(self.size, dtype=bool)
        for _, entry in weighted:
            dense = entry.dense
            touched[entry.passages if dense is None else dense.passages(0, self.size)] = True
        numbers = np.flatnonzero(touched)
        return top_k(numbers, scores[numbers], k)

    def _scoped(self, weighted: Weighted, first: int, end: int) -> Weighted:
        """The postings cut to passages [first, end), in the same order (so the same sums)."""
        cut: Weighted = []
        for weight, entry in weighted:
            if entry.dense is not None:
                passages = entry.dense.passages(first, end)
                impacts = entry.dense.exact(passages)
            else:
                start, stop = np.searchsorted(entry.passages, [first, end]).tolist()
                passages, impacts = entry.passages[start:stop], entry.impacts[start:stop]
            if passages.size:  # its top impacts are these passages' (MaxScore's floor)
                scoped = TermPostings(
                    entry.term, passages.size, entry.idf, passages, impacts, top_impacts(impacts)
                )
                cut.append((weight, self._screenable(scoped)))
        return cut

    @staticmethod
    def _union(entries: list[TermPostings]) -> np.ndarray:
        """The passages holding any of these (sparse) terms, ascending.

        Sorted and deduplicated by hand: np.unique hashes, many times slower here.
        """
        if len(entries) == 1:
            return entries[0].passages
        union = np.concatenate([entry.passages for entry in entries])
        union.sort()
        distinct = np.empty(union.size, dtype=bool)
        distinct[:1] = True
        np.not_equal(union[1:], union[:-1], out=distinct[1:])
        return union[distinct]

    def _weighted(self, weighted_terms: Mapping[str, float]) -> Weighted:
        """(weight, postings) of the question's indexed terms: the order every path adds
        them in: by kind (dense, wide, narrow), then by term."""
        terms = sorted(term for term, weight in weighted_terms.items() if weight)
        found: dict[str, TermPostings] = {}
        missing = []
        for term in terms:
            entry = self._hot.get(term) or self._cached(term)
            if entry is None:
                missing.append(term)
            else:
                found[term] = entry
        if missing:
            for stored in self._read(missing):
                entry = found[stored.term] = self._screenable(stored.ready(self._norms))
                with self._lock:
                    self._cache[entry.term] = entry
        weighted = [(float(weighted_terms[term]), found[term]) for term in terms if term in found]
        return sorted(weighted, key=lambda pair: self._kind(pair[1]))

    def _screenable(self, entry: TermPostings) -> TermPostings:
        """A wide term with its impacts in float32 too, for full scoring to scatter."""
        if self._kind(entry) != _WIDE:
            return entry
        return replace(entry, screen=entry.impacts.astype(np.float32))

    def _cached(self, term: str) -> TermPostings | None:
        with self._lock:
            return self._cache.get(term)

    @contextmanager
    def _workspace(self) -> Iterator[_Workspace]:
        """A workspace no other thread is using: the spare one, or a new one if it is taken."""
        with self._lock:
            workspace = self._spare.pop() if self._spare else None
        if workspace is None:
            workspace = self._new_workspace()
        try:
            yield workspace
        finally:
            with self._lock:
                self._spare.append(workspace)

    def _new_workspace(self) -> _Workspace:
        """Buffers written once now, so that no question pays for their page faults."""
        blocks = -(-self.size // BLOCK)
        # np.full, not np.zeros: zeros come from calloc, whose pages fault on first write.
        return _Workspace(
            np.full(self.size, 0.0),
            # The tail past the last passage stays -inf.
            np.full(blocks * BLOCK, -np.inf, dtype=np.float32),
            np.full(blocks, -np.inf, dtype=np.float32),
            np.full(min(CHUNK, self.size), 0.0, dtype=np.float32),
            np.full(self.size, 0.0),
        )


def _weighted(weight: float, impacts: np.ndarray) -> np.ndarray:
    """weight · impacts; asked once, a term's impacts are its contributions as they are."""
    return impacts if weight == 1.0 else weight * impacts


def _kth_largest(values: np.ndarray, k: int) -> float:
    """The k-th largest of the values, or -inf if there are fewer."""
    if values.size < k:
        return -np.inf
    return float(np.partition(values, values.size - k)[values.size - k])


def _screen_margin(weighted: Weighted) -> float:
    """How far a screened score can be from the exact one: each float32 impact, product and
    sum rounds by at most _FLOAT32_ROUNDING of the largest possible score (the bounds summed),
    about m + 3 roundings for m terms; counted as 4m + 4, to spare (a tie's rounding too)."""
    bounds = sum(weight * entry.bound for weight, entry in weighted)
    return (4 * len(weighted) + 4) * _FLOAT32_ROUNDING * bounds


def _prefix_reaching(entries: list[TermPostings], k: int, most: int) -> int:
    """How many of the first sparse entries hold k postings together, if at most `most`
    (else 0)."""
    postings = 0
    for count, entry in enumerate(entries, start=1):
        postings += entry.df
        if entry.dense is not None or postings > most:
            return 0
        if postings >= k:
            return count
    return len(entries)
