"""Answers as plain float arrays, read from the frame once per column, and the per-answer
arithmetic the satisfaction tables and the difference tests share.

- :func:`numeric_answers`: a column as float64 codes (NaN = blank or not a number), the
  values ``pd.to_numeric(errors="coerce")`` gives;
- :func:`code_slots`: each answer's slot among a range of whole-number codes, the index
  of a small lookup table that maps it to a level position or an answer class;
- :func:`level_index`: each answer's position among an item's levels (−1 where the answer
  is no level: blank, an excluded code, a code outside the scale);
- :func:`answer_classes`: the same positions with the other answers told apart: L (the
  number of levels) for an excluded code (不了解), L + 1 for another number, L + 2 for a
  blank; one small-integer array per item, all its counts one ``bincount`` away;
- :func:`mean_and_sd`: the mean and the sample SD (ddof = 1) of the values, computed as
  pandas computes ``Series.mean()`` and ``Series.std()`` (the sum, then the two-pass
  Σ(x̄ − x)² in the values' order), so the figures are the same floats.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["answer_classes", "code_slots", "level_index", "mean_and_sd", "numeric_answers",
           "slot_lookup"]


def numeric_answers(answers: pd.Series) -> np.ndarray:
    """The answers as float64 codes, NaN where blank or not a number.

    >>> numeric_answers(pd.Series(["5", None, "x", 4])).tolist()
    [5.0, nan, nan, 4.0]
    """
    return pd.to_numeric(answers, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)


def code_slots(x: np.ndarray, low: int, high: int) -> np.ndarray:
    """Each answer's slot among the whole numbers ``low`` … ``high`` (intp): 1 + (code − low)
    for one of them, 0 for a number below, ``high − low + 2`` for a number above or not whole,
    ``high − low + 3`` for a blank (NaN). A few whole-array operations (a subtraction, a clip,
    a floor, two masked copies) instead of masks and scatters: a small lookup table indexed
    by the slots gives any per-code mapping (:func:`level_index`, :func:`answer_classes`),
    and one ``bincount`` of them counts every code.

    >>> code_slots(np.array([5.0, 3.0, np.nan, 9.0, 4.5, 0.0]), 1, 5).tolist()
    [5, 3, 7, 6, 6, 0]
    """
    span = high - low + 1
    with np.errstate(invalid="ignore"):
        # A whole number moves exactly (|x| < 2⁵³); one far from the range is clipped away.
        pos: np.ndarray = np.subtract(x, float(low - 1))
        np.clip(pos, 0.0, float(span + 1), out=pos)
        # Whole-ness is read on the answer itself: x − (low − 1) may round a fraction away.
        np.copyto(pos, float(span + 1), where=x != np.floor(x))  # NaN too
    np.copyto(pos, float(span + 2), where=np.isnan(x))
    return pos.astype(np.intp)


def slot_lookup(levels: Sequence[int], low: int, high: int, dtype: type[np.integer],
                 other: int, blank: int, excluded: Sequence[int] = (),
                 excluded_value: int = 0) -> np.ndarray:
    """The lookup table of :func:`code_slots` over ``low`` … ``high``: a level's slot holds
    its position, an excluded code's ``excluded_value``, a blank's ``blank``, any other
    slot ``other``."""
    span = high - low + 1
    lookup = np.full(span + 3, other, dtype=dtype)
    if len(levels):
        lookup[np.asarray(levels, dtype=np.int64) - low + 1] = np.arange(len(levels))
    if len(excluded):  # a code both a level and excluded is excluded
        lookup[np.asarray(excluded, dtype=np.int64) - low + 1] = excluded_value
    lookup[span + 2] = blank
    return lookup


def level_index(x: np.ndarray, levels: Sequence[int]) -> np.ndarray:
    """Each answer's position in ``levels`` (int64), −1 where the answer is not a level.

    >>> level_index(np.array([5.0, 3.0, np.nan, 9.0, 4.5]), (1, 2, 3, 4, 5)).tolist()
    [4, 2, -1, -1, -1]
    """
    if not len(levels):
        return np.full(len(x), -1, dtype=np.int64)
    low, high = min(int(c) for c in levels), max(int(c) for c in levels)
    return slot_lookup(levels, low, high, np.int64, -1, -1).take(code_slots(x, low, high))


def answer_classes(x: np.ndarray, levels: Sequence[int], excluded: Sequence[int]) -> np.ndarray:
    """Each answer's class (int16): its position among ``levels`` (0 … L − 1), L for an
    ``excluded`` code, L + 1 for any other number, L + 2 for a blank.

    >>> answer_classes(np.array([5.0, 1.0, 9.0, 7.0, np.nan]), (1, 2, 3, 4, 5), (9,)).tolist()
    [4, 0, 5, 6, 7]
    """
    size = len(levels)
    known = [int(c) for c in (*levels, *excluded)]
    if not known:
        out = np.full(len(x), size + 1, dtype=np.int16)
        out[np.isnan(x)] = size + 2
        return out
    low, high = min(known), max(known)
    lookup = slot_lookup(levels, low, high, np.int16, size + 1, size + 2, excluded, size)
    return lookup.take(code_slots(x, low, high))


def mean_and_sd(values: np.ndarray) -> tuple[float, float | None]:
    """Mean and sample SD (``None`` for fewer than two values) of float64 ``values`` without
    NaN, as pandas computes them (``nanops.nanmean`` and ``nanops.nanvar``).

    >>> mean_and_sd(np.array([1.0, 2.0, 4.0]))
    (2.3333333333333335, 1.5275252316519465)
    """
    n = np.float64(len(values))
    total = values.sum(dtype=np.float64)
    mean = float(total / n)
    if len(values) < 2:
        return mean, None
    average = total / n
    squares = (average - values) ** 2
    return mean, math.sqrt(float(squares.sum(dtype=np.float64) / (n - 1)))
