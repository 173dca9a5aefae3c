"""Turning results into JSON: NaN and inf become ``null``, numpy scalars become Python."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["jsonable", "records"]


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as mappings (column → value), in order."""
    return [dict(zip(frame.columns, row, strict=True)) for row in frame.itertuples(index=False)]


def jsonable(value: Any) -> Any:
    """``value`` with NaN/inf → None, numpy scalars → Python, tuples → lists.

    >>> jsonable({"a": float("nan"), "b": np.int64(3), "c": (1.5,)})
    {'a': None, 'b': 3, 'c': [1.5]}
    """
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value
