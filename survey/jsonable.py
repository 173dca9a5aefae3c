"""Turning results into JSON: NaN and inf become ``null``, numpy scalars become Python.

:func:`dumps` writes the results file: objects indented as ``json.dumps(indent=2)`` would,
but each flat record of a list (a mapping of scalars, such as one screening finding) on one
line, encoded by the C encoder. Indented output otherwise forces Python's pure-Python
encoder, a function call per value: at 100,000 respondents that is millions of calls.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Records", "dumps", "jsonable", "records"]


class Records(list[dict[str, Any]]):
    """Rows made by :func:`records`: already JSON-ready, so :func:`jsonable` passes them
    through instead of walking every value a second time."""


def records(frame: pd.DataFrame) -> Records:
    """A frame's rows as mappings (column → value), in order; blanks become ``None`` and
    numpy scalars Python ones.

    >>> records(pd.DataFrame({"a": [1, 2], "b": [0.5, np.nan]}))
    [{'a': 1, 'b': 0.5}, {'a': 2, 'b': None}]
    """
    if frame.empty:
        return Records()
    columns = [str(c) for c in frame.columns]
    values = [_python_values(frame.iloc[:, i]) for i in range(frame.shape[1])]
    return Records(dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True))


def _python_values(column: pd.Series) -> list[Any]:
    """One column as Python values, NaN/NA/inf → None (vectorised where the dtype allows)."""
    kind = column.dtype.kind
    if kind in "iubf":
        # Nullable integers (Int64) would become floats through NaN: fill, then blank again.
        blank = column.isna().to_numpy().copy()
        dtype = {"i": "int64", "u": "uint64", "b": "bool"}.get(kind, "float64")
        data = column.to_numpy(dtype=dtype, na_value=0)
        if kind == "f":
            blank |= ~np.isfinite(data)
        out = data.tolist()
        for i in np.flatnonzero(blank).tolist():
            out[i] = None
        return out
    gaps = column.isna().to_numpy().tolist()
    # Text and Python ints are already JSON-ready: skip the call for them (most cells).
    return [None if gap else v if type(v) is str or type(v) is int else jsonable(v)
            for v, gap in zip(column.tolist(), gaps, strict=True)]


def jsonable(value: Any) -> Any:
    """``value`` with NaN/inf → None, numpy scalars → Python, tuples → lists.

    >>> jsonable({"a": float("nan"), "b": np.int64(3), "c": (1.5,)})
    {'a': None, 'b': 3, 'c': [1.5]}
    """
    if isinstance(value, Records):
        return value
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


def dumps(value: Any, indent: int = 2) -> str:
    """``value`` (already :func:`jsonable`) as indented JSON, flat records one per line.

    >>> print(dumps({"n": 2, "rows": [{"a": 1}, {"a": None}], "empty": []}))
    {
      "n": 2,
      "rows": [
        {"a": 1},
        {"a": null}
      ],
      "empty": []
    }
    """
    parts: list[str] = []
    _write(value, 0, indent, parts)
    return "".join(parts)


_SCALARS = (str, int, float, bool, type(None))


def _flat(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(v, _SCALARS) or (isinstance(v, list) and
                   all(isinstance(x, _SCALARS) for x in v)) for v in value.values())
    return False


# One encoder for every call: json.dumps with options builds a new one each time.
_compact = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "), allow_nan=False).encode


def _write(value: Any, depth: int, indent: int, parts: list[str]) -> None:
    inner = " " * (indent * (depth + 1))
    if isinstance(value, dict) and value:
        parts.append("{\n")
        for i, (key, item) in enumerate(value.items()):
            parts.append(f"{inner}{json.dumps(str(key), ensure_ascii=False)}: ")
            _write(item, depth + 1, indent, parts)
            parts.append(",\n" if i < len(value) - 1 else "\n")
        parts.append(" " * (indent * depth) + "}")
    elif isinstance(value, list) and value:
        if all(isinstance(v, _SCALARS) for v in value):
            parts.append(_compact(value))
            return
        parts.append("[\n")
        if isinstance(value, Records):  # rows of a frame: each on one line, no check needed
            parts.append(inner + f",\n{inner}".join(map(_compact, value)) + "\n")
            parts.append(" " * (indent * depth) + "]")
            return
        last = len(value) - 1
        for i, item in enumerate(value):
            parts.append(inner)
            if _flat(item):
                parts.append(_compact(item))
            else:
                _write(item, depth + 1, indent, parts)
            parts.append(",\n" if i < last else "\n")
        parts.append(" " * (indent * depth) + "]")
    else:
        parts.append(_compact(value))
