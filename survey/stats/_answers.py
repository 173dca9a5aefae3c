"""Answers as plain float arrays, read from the frame once per column, and the per-answer
arithmetic the satisfaction tables and the difference tests share.

- :func:`numeric_answers`: a column as float64 codes (NaN = blank or not a number), the
  values ``pd.to_numeric(errors="coerce")`` gives;
- :func:`level_index`: each answer's position among an item's levels (−1 where the answer
  is no level: blank, an excluded code, a code outside the scale).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["level_index", "numeric_answers"]


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

