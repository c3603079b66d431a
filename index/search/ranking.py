"""Ordering scored passages: the k best, best first, with ties that survive rounding.

Equal scores summed in another order (tf 1 of one term + tf 2 of another, and the reverse)
can differ in the last bit; rounded to TIE_DIGITS significant digits they tie, and the earlier
passage (document order, then paragraph) comes first.
"""

from __future__ import annotations

import math

import numpy as np

# Scores that agree to this many significant digits are ties, ordered by passage.
TIE_DIGITS = 12


def top_k(numbers: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k best (number, score), best first; scores equal to TIE_DIGITS digits go in order.

    `numbers` must include the best-scoring passage of all, which sets the rounding. Only
    the few scores near the k-th are rounded: rounding a million costs milliseconds.
    """
    if numbers.size == 0:
        return []
    # Array methods, not np.max/np.round: their wrappers cost as much as the work on a few.
    largest = max(float(scores.max()), -float(scores.min()))
    decimals = TIE_DIGITS - 1 - math.floor(math.log10(largest)) if largest > 0 else 0
    if numbers.size > k:
        threshold = np.partition(scores, numbers.size - k)[numbers.size - k]
        keep = scores >= threshold - 10.0**-decimals
        numbers, scores = numbers[keep], scores[keep]
    key = scores.round(decimals) if largest > 0 else scores
    order = np.lexsort((numbers, -key))[:k]
    return list(zip(numbers[order].tolist(), scores[order].tolist(), strict=True))
