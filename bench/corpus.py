"""Deterministic synthetic corpora: made-up words with Zipf frequencies, written as seed files.

Everything derives from SEED, so a size always produces byte-identical files and questions.
A passage is 40–90 words drawn from a Zipf distribution (exponent 1) over 50,000 distinct
made-up words, cut into sentences; files hold 1,000 passages under a title and a date line.

The words are lowercase letters only, at least four long and never stop words, so the
analyzer's terms for a passage are exactly the stems of its words: the token lists handed to
rank-bm25 and FTS5 are derived from the word ids (`tokens`) and checked against the analyzer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from index.analysis.analyzer import _stemmer, analyze
from index.analysis.stopwords import STOP_WORDS

SEED = 20_241_119
VOCABULARY = 50_000
ZIPF_EXPONENT = 1.0
MIN_WORDS, MAX_WORDS = 40, 90
PASSAGES_PER_FILE = 1_000
_ONSETS = "b c d f g h j k l m n p r s t v w z br dr gr kr pl st tr sh ch th".split()
_VOWELS = "a e i o u ai ea ou io".split()
_CODAS = ["", "", "", "n", "r", "l", "s", "m", "k", "nd", "st"]


def vocabulary(size: int = VOCABULARY) -> list[str]:
    """`size` distinct made-up words, most frequent first (rank r has probability ∝ 1/r)."""
    rng = np.random.default_rng([SEED, 0])
    words: dict[str, None] = {}
    while len(words) < size:
        syllables = int(rng.integers(2, 4))
        word = "".join(
            _ONSETS[rng.integers(len(_ONSETS))]
            + _VOWELS[rng.integers(len(_VOWELS))]
            + _CODAS[rng.integers(len(_CODAS))]
            for _ in range(syllables)
        )
        if len(word) >= 4 and word not in STOP_WORDS and "percent" not in word:
            words.setdefault(word)
    return list(words)


def zipf_cdf(size: int = VOCABULARY) -> np.ndarray:
    weights = 1.0 / np.arange(1, size + 1, dtype=np.float64) ** ZIPF_EXPONENT
    cdf = np.cumsum(weights)
    return cdf / cdf[-1]


@dataclass
class Corpus:
    """The corpus of `passages` passages, kept under `folder` (seeds/, ids.npy, lengths.npy)."""

    passages: int
    folder: Path

    @property
    def seeds(self) -> Path:
        return self.folder / "seeds"

    @cached_property
    def words(self) -> list[str]:
        return vocabulary()

    @cached_property
    def stems(self) -> list[str]:
        """Index term of each word id: what the analyzer makes of it."""
        return _stemmer().stemWords(self.words)

    def ensure(self) -> None:
        """Write the seed files and word ids unless a complete copy is already there."""
        manifest = self.folder / "manifest.json"
        expected = {
            "passages": self.passages,
            "seed": SEED,
            "vocabulary": VOCABULARY,
            "zipf": ZIPF_EXPONENT,
            "words": [MIN_WORDS, MAX_WORDS],
            "per_file": PASSAGES_PER_FILE,
            "format": 2,
        }
        if manifest.exists() and json.loads(manifest.read_text()) == expected:
            return
        self.seeds.mkdir(parents=True, exist_ok=True)
        for old in self.seeds.glob("*.txt"):
            old.unlink()
        words = np.array(self.words, dtype=object)
        cdf = zipf_cdf()
        all_ids, all_lengths = [], []
        files = -(-self.passages // PASSAGES_PER_FILE)
        for file_number in range(files):
            count = min(PASSAGES_PER_FILE, self.passages - file_number * PASSAGES_PER_FILE)
            rng = np.random.default_rng([SEED, 1, file_number])
            lengths = rng.integers(MIN_WORDS, MAX_WORDS + 1, size=count)
            ids = np.searchsorted(cdf, rng.random(int(lengths.sum())), side="right")
            ids = np.minimum(ids, VOCABULARY - 1).astype(np.int32)
            sentence_ends = rng.integers(8, 21, size=int(lengths.sum()))
            text = _file_text(file_number, words[ids], lengths, sentence_ends)
            (self.seeds / f"bench-{file_number:05d}.txt").write_text(text, encoding="utf-8")
            if file_number == 0:
                self._check_tokens(text, ids, lengths)
            all_ids.append(ids)
            all_lengths.append(lengths.astype(np.int32))
        np.save(self.folder / "ids.npy", np.concatenate(all_ids))
        np.save(self.folder / "lengths.npy", np.concatenate(all_lengths))
        manifest.write_text(json.dumps(expected))

    def _check_tokens(self, text: str, ids: np.ndarray, lengths: np.ndarray) -> None:
        blocks = text.split("\n\n")[2:]
        stems = self.stems
        per_passage = np.split(ids, np.cumsum(lengths)[:-1])
        for block, passage_ids in zip(blocks[:50], per_passage[:50], strict=True):
            assert analyze(block) == [stems[i] for i in passage_ids], block[:80]

    def token_ids(self) -> tuple[np.ndarray, np.ndarray]:
        """Word ids of every passage, concatenated, and the offset where each passage starts."""
        ids = np.load(self.folder / "ids.npy")
        lengths = np.load(self.folder / "lengths.npy")
        return ids, np.concatenate(([0], np.cumsum(lengths)))

    def tokens(self) -> list[list[str]]:
        """Every passage as the analyzer's terms (rank-bm25's and FTS5's input)."""
        ids, offsets = self.token_ids()
        stems = np.array(self.stems, dtype=object)
        terms = stems[ids].tolist()
        return [terms[offsets[i] : offsets[i + 1]] for i in range(len(offsets) - 1)]


def _file_text(
    number: int, words: np.ndarray, lengths: np.ndarray, sentence_ends: np.ndarray
) -> str:
    day = 1 + number % 28
    blocks = [f"Bench article {number:05d}", f"{day} November 2024"]
    start = 0
    for length in lengths.tolist():
        passage = words[start : start + length].tolist()
        cut = 0
        sentences = []
        while cut < length:
            end = min(length, cut + int(sentence_ends[start + cut]))
            if length - end < 4:
                end = length
            sentence = passage[cut:end]
            sentences.append(sentence[0].capitalize() + " " + " ".join(sentence[1:]) + ".")
            cut = end
        blocks.append(" ".join(sentences))
        start += length
    return "\n\n".join(blocks) + "\n"


def questions(count: int, *, seed_offset: int = 0) -> list[list[int]]:
    """`count` questions of 2–5 word ids drawn from the same Zipf distribution as the text."""
    rng = np.random.default_rng([SEED, 2, seed_offset])
    cdf = zipf_cdf()
    result = []
    for _ in range(count):
        n = int(rng.integers(2, 6))
        ids = np.searchsorted(cdf, rng.random(n), side="right")
        result.append(np.minimum(ids, VOCABULARY - 1).tolist())
    return result


def question_text(ids: list[int], words: list[str]) -> str:
    text = " ".join(words[i] for i in ids)
    return text[0].upper() + text[1:] + "?"


def typo_question(ids: list[int], words: list[str], known: set[str], rng_seed: int) -> str:
    """The question with its longest word misspelt (one letter changed) into a non-word."""
    rng = np.random.default_rng([SEED, 3, rng_seed])
    longest = max(range(len(ids)), key=lambda i: len(words[ids[i]]))
    word = words[ids[longest]]
    for _ in range(100):
        position = int(rng.integers(1, len(word)))
        letter = "qxyzjkvw"[int(rng.integers(8))]
        typo = word[:position] + letter + word[position + 1 :]
        if typo != word and typo not in known:
            break
    parts = [words[i] for i in ids]
    parts[longest] = typo
    text = " ".join(parts)
    return text[0].upper() + text[1:] + "?"
