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
from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd

__all__ = ["answer_classes", "code_counts", "code_slots", "count_slots", "level_index", "map_slots",
           "mean_and_sd", "numeric_answers", "slot_lookup"]


def numeric_answers(answers: pd.Series) -> np.ndarray:
    """The answers as float64 codes, NaN where blank or not a number: a float64 column's
    own values, read-only (what ``pd.to_numeric`` would give, without the copy), else the
    converted column.

    >>> numeric_answers(pd.Series(["5", None, "x", 4])).tolist()
    [5.0, nan, nan, 4.0]
    """
    if answers.dtype == np.float64:
        values = answers.to_numpy().view()
        values.setflags(write=False)
        return values
    return pd.to_numeric(answers, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)


_CHUNK = 1 << 16
"""Rows per step of :func:`_slot_chunks`: its buffers stay in the processor's cache."""


def _slot_chunks(x: np.ndarray, low: int, high: int) -> Iterator[tuple[int, np.ndarray]]:
    """The slots of :func:`code_slots`, ``_CHUNK`` answers at a time: (first row, slots),
    the slots in a buffer reused from one step to the next."""
    span = high - low + 1
    step = min(len(x), _CHUNK)
    pos, floor = np.empty(step), np.empty(step)
    mask, slots = np.empty(step, dtype=bool), np.empty(step, dtype=np.intp)
    for start in range(0, len(x), step or 1):
        part = x[start:start + step]
        m = len(part)
        p, f, k, s = pos[:m], floor[:m], mask[:m], slots[:m]
        # A whole number moves exactly (|x| < 2⁵³); one far from the range is clipped away.
        np.subtract(part, float(low - 1), out=p)
        np.clip(p, 0.0, float(span + 1), out=p)
        # Whole-ness is read on the answer itself: x − (low − 1) may round a fraction away.
        np.floor(part, out=f)
        with np.errstate(invalid="ignore"):
            np.not_equal(part, f, out=k)  # NaN too
        np.copyto(p, float(span + 1), where=k)
        np.isnan(part, out=k)
        np.copyto(p, float(span + 2), where=k)
        np.copyto(s, p, casting="unsafe")
        yield start, s


def code_slots(x: np.ndarray, low: int, high: int) -> np.ndarray:
    """Each answer's slot among the whole numbers ``low`` … ``high`` (intp): 1 + (code − low)
    for one of them, 0 for a number below, ``high − low + 2`` for a number above or not whole,
    ``high − low + 3`` for a blank (NaN). A few whole-array operations (a subtraction, a clip,
    a floor, two masked copies) over a block of rows at a time instead of masks and
    scatters: a small lookup table indexed by the slots gives any per-code mapping
    (:func:`map_slots`: :func:`level_index`, :func:`answer_classes`), and counting them
    counts every code (:func:`count_slots`).

    >>> code_slots(np.array([5.0, 3.0, np.nan, 9.0, 4.5, 0.0]), 1, 5).tolist()
    [5, 3, 7, 6, 6, 0]
    """
    out = np.empty(len(x), dtype=np.intp)
    for start, slots in _slot_chunks(x, low, high):
        out[start:start + len(slots)] = slots
    return out


def map_slots(x: np.ndarray, low: int, high: int, lookup: np.ndarray) -> np.ndarray:
    """``lookup[code_slots(x, low, high)]``, without the slots' whole array.

    >>> map_slots(np.array([5.0, np.nan, 0.0]), 1, 5, np.arange(8) * 10).tolist()
    [50, 70, 0]
    """
    out = np.empty(len(x), dtype=lookup.dtype)
    for start, slots in _slot_chunks(x, low, high):
        lookup.take(slots, out=out[start:start + len(slots)], mode="clip")  # all in range
    return out


def count_slots(x: np.ndarray, low: int, high: int) -> np.ndarray:
    """The number of answers in each slot of :func:`code_slots` (``high − low + 4`` counts).

    >>> count_slots(np.array([5.0, 5.0, np.nan, 0.0]), 1, 5).tolist()
    [1, 0, 0, 0, 0, 2, 0, 1]
    """
    counts = np.zeros(high - low + 4, dtype=np.int64)
    for _, slots in _slot_chunks(x, low, high):
        counts += np.bincount(slots, minlength=len(counts))
    return counts


def code_counts(x: np.ndarray, codes: Sequence[int]) -> list[int]:
    """The number of answers equal to each of ``codes`` (float64 ``x``), in their order: the
    counts :func:`count_slots` gives those codes, by one comparison with each code per block
    of ``_CHUNK`` rows (a float equals a whole number only when it is that number; −0.0
    equals 0) and no slots. Cheaper than the slots when only the codes' counts are needed
    and they are few (a single-choice question's options).

    >>> code_counts(np.array([2.0, 1.0, np.nan, 2.0, 2.5, -0.0]), [0, 1, 2, 3])
    [1, 1, 2, 0]
    """
    counts = [0] * len(codes)
    equal = np.empty(min(len(x), _CHUNK), dtype=bool)
    for start in range(0, len(x), _CHUNK):
        part = x[start:start + _CHUNK]
        e = equal[:len(part)]
        for i, code in enumerate(codes):
            np.equal(part, float(code), out=e)
            counts[i] += int(np.count_nonzero(e))
    return counts


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
    return map_slots(x, low, high, slot_lookup(levels, low, high, np.int64, -1, -1))


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
    return map_slots(x, low, high, lookup)


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
