"""Declared missing codes (不了解 = 9, 拒答 = 99 …): answers that are no point on the scale.

A statistic of a scale (α, the item table, KMO, Bartlett) treats an answer as a position on
the scale. A code such as 9 for 不了解 beside the codes 1–5 is a valid answer but no position:
averaged in, it makes α wrong without any sign (40 of 200 answering 9 turned α = 0.78 into
0.38). So every path declares such codes, as SPSS's ``MISSING VALUES`` does, and they become
missing before anything is computed:

- an instrument declares them on its scales (``excluded``); :func:`survey.read_responses`
  records them on the frame it returns, in ``frame.attrs["missing_values"]`` (column →
  codes), which pandas carries through row selections such as ``screening.valid``;
- a caller declares them with ``missing_values=`` (the same codes for every item, or a
  mapping item → codes), or ``survey reliability --missing-values 9,99``;
- SPSS/Stata files bring their own: pyreadstat reads user-missing values as blanks.

Where nothing is declared for an item, its answers are checked: a code of the kinds platforms
and codebooks use for missing answers (9, 99, 98, 999 …, or negative) lying three or more
levels beyond a run of consecutive codes (9 beside 1–5, 99 beside 1–7, −3 beside 1–5) is
almost always a missing code, and computing with it is refused with a message that says how
to declare it (:func:`check_undeclared`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from survey.errors import ParameterError

__all__ = ["MissingValues", "check_undeclared", "declared_codes", "distinct_values", "far_codes",
           "mask_declared"]

#: Codes for every item, or item → codes.
MissingValues = Sequence[float] | Mapping[str, Sequence[float]]

#: A code this many levels or more beyond the scale's run of codes may be a missing code.
FAR_GAP = 3
#: Codes conventionally meaning "don't know / refused / not applicable" (SPSS and platform
#: codebooks): nines and eights such as 9, 98, 99, 999, and negative codes (问卷星 −2, −3).
_TYPICAL = re.compile(r"-\d+|9+[6-8]?")


def declared_codes(
    data: pd.DataFrame | np.ndarray, names: Sequence[str],
    missing_values: MissingValues | None,
) -> dict[str, tuple[float, ...]] | None:
    """Item → declared missing codes: from ``missing_values`` when given, else from
    ``data.attrs["missing_values"]``; ``None`` where nothing is declared at all."""
    source: object = missing_values
    if source is None and isinstance(data, pd.DataFrame):
        source = data.attrs.get("missing_values")
    if source is None:
        return None
    if isinstance(source, Mapping):
        return {name: tuple(float(c) for c in source.get(name, ())) for name in names}
    if isinstance(source, str | bytes) or not isinstance(source, Sequence | np.ndarray):
        raise ParameterError("missing values must be a list of codes or a mapping item → codes",
                             code="bad_missing_values", got=repr(source))
    codes = tuple(float(c) for c in source)
    return dict.fromkeys(names, codes)


def mask_declared(x: np.ndarray, names: Sequence[str],
                  declared: Mapping[str, Sequence[float]]) -> np.ndarray:
    """``x`` with each item's declared codes set to NaN (a copy where anything changes)."""
    out = x
    for j, name in enumerate(names):
        codes = declared.get(name, ())
        if not codes:
            continue
        hit = np.isin(x[:, j], np.asarray(codes, dtype=float))
        if hit.any():
            if out is x:
                out = x.copy()
            out[hit, j] = np.nan
    return out


def distinct_values(values: np.ndarray) -> np.ndarray:
    """The distinct answers in ``values``, ascending, NaN left out. Whole numbers spanning
    at most 10,000 codes are counted (``bincount``, one pass) instead of sorted.

    >>> distinct_values(np.array([5.0, 1.0, np.nan, 5.0, 3.0])).tolist()
    [1.0, 3.0, 5.0]
    """
    answers: np.ndarray = values[~np.isnan(values)]
    if not len(answers):
        return answers
    low, high = float(answers.min()), float(answers.max())
    if high - low <= 10_000 and np.array_equal(answers, np.rint(answers)):
        counts = np.bincount((answers - low).astype(np.intp))
        out: np.ndarray = low + np.flatnonzero(counts).astype(np.float64)
        return out
    seen: np.ndarray = np.unique(answers)
    return seen


def far_codes(values: np.ndarray) -> tuple[float, ...]:
    """Typical missing codes (9, 99, 98 …, negative) lying :data:`FAR_GAP` or more levels
    beyond the longest run of codes among ``values`` (NaN ignored); ``()`` for non-integer
    data. A run may skip one level (a level nobody chose does not break a scale).

    >>> far_codes(np.array([1, 2, 3, 4, 5, 9, 9, np.nan]))
    (9.0,)
    >>> far_codes(np.array([0, 1, 2, 3, 5, 7, 10]))  # a 0–10 rating with gaps
    ()
    >>> far_codes(np.array([1, 3, 4, 7]))  # 7 on a 1–7 scale is no missing code
    ()
    >>> far_codes(np.array([1.5, 2.0, 9.0]))
    ()
    """
    seen = distinct_values(values)
    if len(seen) < 2 or not np.all(seen == np.round(seen)):
        return ()
    # Runs of codes no more than 2 apart (a level nobody chose does not break a scale).
    breaks = np.flatnonzero(np.diff(seen) > FAR_GAP - 1)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(seen) - 1]))
    sizes = ends - starts
    main = int(np.argmax(sizes))
    if sizes[main] < 2:  # no run of at least three codes: no scale to stand beside
        return ()
    low, high = seen[starts[main]], seen[ends[main]]
    return tuple(float(c) for c in seen
                 if (c <= low - FAR_GAP or c >= high + FAR_GAP) and _TYPICAL.fullmatch(f"{c:.0f}"))


def check_undeclared(
    x: np.ndarray, names: Sequence[str], declared: Mapping[str, Sequence[float]] | None, *,
    explicit: bool = False,
    scale_range: tuple[float, float] | Mapping[str, tuple[float, float]] | None = None,
) -> None:
    """Refuse far codes (:func:`far_codes`) that were not declared missing.

    ``explicit``: the caller declared the missing codes itself (even none): its word stands.
    ``scale_range``: (low, high) for every item, or item → (low, high); where an item has
    one, every answer outside it is refused instead (nothing to guess).
    """
    if explicit:
        return
    for j, name in enumerate(names):
        column = x[:, j]
        bounds = scale_range.get(name) if isinstance(scale_range, Mapping) else scale_range
        if bounds is not None:
            low, high = bounds
            far = tuple(float(c) for c in np.unique(column[(column < low) | (column > high)]))
        else:
            far = far_codes(column)
        if far:
            shown = ",".join(f"{c:g}" for c in far)
            rest = column[~np.isnan(column) & ~np.isin(column, far)]
            beside = f"{rest.min():g}–{rest.max():g}" if len(rest) else "none"
            raise ParameterError(
                f"the code {shown.replace(',', ', ')} lies beyond the scale's codes "
                f"({beside}); a code for 不了解 or 拒答 is no point on the scale and would "
                "be averaged in",
                code="undeclared_missing_code", column=str(name),
                hint=f"Declare it missing (survey reliability --missing-values {shown}; in "
                     f"Python missing_values=[{shown}]) or read the file with its instrument "
                     "(--instrument).")
