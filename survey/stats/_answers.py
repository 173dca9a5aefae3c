"""Answers as plain float arrays, read from the frame once per column, and the per-answer
arithmetic the satisfaction tables and the difference tests share.

- :func:`numeric_answers`: a column as float64 codes (NaN = blank or not a number), the
  values ``pd.to_numeric(errors="coerce")`` gives;
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

__all__ = ["answer_classes", "level_index", "mean_and_sd", "numeric_answers"]


def numeric_answers(answers: pd.Series) -> np.ndarray:
    """The answers as float64 codes, NaN where blank or not a number.

    >>> numeric_answers(pd.Series(["5", None, "x", 4])).tolist()
    [5.0, nan, nan, 4.0]
    """
    return pd.to_numeric(answers, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)


def level_index(x: np.ndarray, levels: Sequence[int]) -> np.ndarray:
    """Each answer's position in ``levels`` (int64), −1 where the answer is not a level.

    >>> level_index(np.array([5.0, 3.0, np.nan, 9.0, 4.5]), (1, 2, 3, 4, 5)).tolist()
    [4, 2, -1, -1, -1]
    """
    out = np.full(len(x), -1, dtype=np.int64)
    if not len(levels):
        return out
    codes = np.asarray(levels, dtype=np.int64)
    low, high = int(codes.min()), int(codes.max())
    lookup = np.full(high - low + 1, -1, dtype=np.int64)
    lookup[codes - low] = np.arange(len(codes))
    with np.errstate(invalid="ignore"):
        valid = (x == np.floor(x)) & (x >= low) & (x <= high)
    out[valid] = lookup[x[valid].astype(np.int64) - low]
    return out


def answer_classes(x: np.ndarray, levels: Sequence[int], excluded: Sequence[int]) -> np.ndarray:
    """Each answer's class (int16): its position among ``levels`` (0 … L − 1), L for an
    ``excluded`` code, L + 1 for any other number, L + 2 for a blank.

    >>> answer_classes(np.array([5.0, 1.0, 9.0, 7.0, np.nan]), (1, 2, 3, 4, 5), (9,)).tolist()
    [4, 0, 5, 6, 7]
    """
    size = len(levels)
    out = np.full(len(x), size + 1, dtype=np.int16)
    known = [int(c) for c in (*levels, *excluded)]
    if known:
        low, high = min(known), max(known)
        lookup = np.full(high - low + 1, size + 1, dtype=np.int16)
        lookup[np.asarray(levels, dtype=np.int64) - low] = np.arange(size)
        lookup[np.asarray(excluded, dtype=np.int64) - low] = size
        with np.errstate(invalid="ignore"):
            known_code = (x >= low) & (x <= high) & (x == np.floor(x))
        out[known_code] = lookup[x[known_code].astype(np.int64) - low]
    out[np.isnan(x)] = size + 2
    return out


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
