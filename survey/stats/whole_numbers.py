"""Listwise moments of whole-number answers from exact sums, without a float copy of the data.

A file of answer codes reads as integer columns, or as float columns where some cells are
blank (a 1,000,000 × 30 CSV: 30 int64 or float64 columns). The general path
(:func:`~survey.stats._moments.prepare_items`) copies them into one float64 matrix, copies
the complete rows and centres them before the cross-products, and sorts every column to
find its codes. Here the columns are read in row chunks of :data:`CHUNK_ROWS` into one float
buffer of a few megabytes, and each chunk is reduced to what listwise reliability needs:

- per item over all rows: the answers, the lowest and highest answer, each code's count
  (for the check of undeclared missing codes and the reverse-keying range);
- over the rows complete on every item: their number n, the item sums s and the
  cross-products XᵀX, exact in binary floating point while they stay below 2⁵³ (checked per
  chunk), merged as Python integers.

Then S = (n·XᵀX − s sᵀ) / (n (n − 1)), the numerator formed in integers: the cancellation
that makes the one-pass formula unsafe in floating point (Chan, Golub & LeVeque 1983,
"Algorithms for computing the sample variance: analysis and recommendations") cannot
happen, and the only rounding is the final division, so the figures equal the centred
path's to ~1e-15. The same integer numerators D = n·XᵀX − s sᵀ decide exactly whether an
item's rest score (the sum of the other items, reverse keying applied) varies: n times its
sum of squares about its mean is Σ_{j,l≠i} sign_j sign_l D_jl, zero exactly when the rest
score is constant.

Not taken (the caller uses the general path): an answer that is not a whole number,
declared missing codes to blank, pairwise deletion, a bootstrap (it resamples rows, so it
needs them), fewer than 2 rows, sums too large to be exact, and, when there are blanks, a
scale that leaves an item out of α (its rows would be complete on fewer items).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from survey.stats._moments import (
    Moments,
    PreparedItems,
    ScaleRange,
    cross_products,
    prepare_moments,
)
from survey.stats.missing_codes import MissingValues, check_undeclared, declared_codes
from survey.stats.patterns import AnswerPatterns
from survey.stats.sufficient import (
    CODE_LIMIT,
    code_counts,
    code_matrix,
    listwise_moments,
    merge_codes,
    to_integers,
)

__all__ = ["CHUNK_ROWS", "ListwiseSums", "complete_subset", "constant_rest", "pattern_sums",
           "prepare_whole_numbers", "read_sums", "whole_number_sums"]

#: Rows per chunk: 65,536 × 30 items is a 15 MB float buffer.
CHUNK_ROWS = 65_536
_EXACT = 2.0**53


@dataclass(frozen=True)
class ListwiseSums:
    """Exact sums of whole-number answers for listwise deletion (see the module text):
    ``answered``, ``low``, ``high`` and ``codes`` per item over all ``n_rows`` rows;
    ``n_complete``, ``s`` and ``c`` (Python integers) over the complete rows."""

    names: tuple[str, ...]
    n_rows: int
    answered: np.ndarray
    low: np.ndarray
    high: np.ndarray
    codes: tuple[dict[float, int] | None, ...]
    n_complete: int
    s: np.ndarray
    c: np.ndarray

    def __add__(self, other: ListwiseSums) -> ListwiseSums:
        low, high = np.fmin(self.low, other.low), np.fmax(self.high, other.high)
        return ListwiseSums(
            self.names, self.n_rows + other.n_rows, self.answered + other.answered, low,
            high, tuple(merge_codes(a, b, lo, hi) for a, b, lo, hi
                        in zip(self.codes, other.codes, low, high, strict=True)),
            self.n_complete + other.n_complete, self.s + other.s, self.c + other.c)

    def moments(self) -> Moments:
        """The listwise moments of the complete rows."""
        return listwise_moments(self.n_rows, self.n_complete, self.s, self.c)

    def deviations(self) -> np.ndarray:
        """n·XᵀX − s sᵀ of the complete rows, in Python integers (an object array)."""
        out: np.ndarray = self.n_complete * self.c - np.outer(self.s, self.s)
        return out


def _numeric_columns(data: pd.DataFrame, labels: Sequence[object]) -> list[np.ndarray] | None:
    """The columns as plain numpy integer or float arrays (views), else ``None``."""
    if not data.columns.is_unique or any(label not in data.columns for label in labels):
        return None
    out = []
    for label in labels:
        dtype = data[label].dtype
        if isinstance(dtype, pd.api.extensions.ExtensionDtype) or dtype.kind not in "iuf":
            return None
        out.append(data[label].to_numpy())
    return out


def _chunk_sums(x: np.ndarray, names: tuple[str, ...]) -> ListwiseSums | None:
    """The sums of one chunk (rows × items, NaN = blank); ``None`` if an answer is not a
    whole number or the complete rows' sums could pass 2⁵³."""
    n, k = x.shape
    observed = ~np.isnan(x)
    complete = observed.all(axis=1)
    every = bool(complete.all())
    low, high = np.fmin.reduce(x, axis=0), np.fmax.reduce(x, axis=0)  # NaN skipped
    fraction = np.abs(x - np.rint(x))
    if (np.fmax.reduce(fraction, axis=0) > 0).any():  # blanks skipped (NaN > 0 is false)
        return None
    del fraction
    ends = np.abs(np.concatenate([low, high]))
    top = float(np.nanmax(ends)) if np.isfinite(ends).any() else 0.0
    rows = x if every else x[complete]
    if not top < np.inf or len(rows) * max(top, 1.0) ** 2 >= _EXACT:
        return None
    answered = np.full(k, n, dtype=np.int64) if every else observed.sum(axis=0)
    return ListwiseSums(names, n, answered, low, high,
                        code_counts(x, None if every else observed, low, high, True),
                        len(rows), to_integers(rows.sum(axis=0)),
                        to_integers(cross_products(rows)))


def whole_number_sums(columns: Sequence[np.ndarray], names: Sequence[str],
                      chunk_rows: int = CHUNK_ROWS) -> ListwiseSums | None:
    """The merged sums of equally long ``columns`` (at least one row), read ``chunk_rows``
    rows at a time into one float64 buffer (column-major, as the cross-products read it);
    ``None`` as soon as a chunk is not whole numbers summed exactly."""
    k, n = len(columns), len(columns[0])
    label = tuple(str(name) for name in names)
    total: ListwiseSums | None = None
    buffer = np.empty((min(chunk_rows, n), k), dtype=np.float64, order="F")
    for start in range(0, n, chunk_rows):
        stop = min(start + chunk_rows, n)
        if stop - start < len(buffer):  # the last, shorter chunk: a buffer of its own
            buffer = np.empty((stop - start, k), dtype=np.float64, order="F")
        for j, column in enumerate(columns):
            buffer[:, j] = column[start:stop]
        part = _chunk_sums(buffer, label)
        if part is None:
            return None
        total = part if total is None else total + part
    return total


def constant_rest(d: np.ndarray, signs: np.ndarray, keep: Sequence[int]) -> np.ndarray:
    """For each item at ``keep``: whether the sum of the other kept items (``signs`` −1
    reverse-keyed) is the same in every complete row, from the numerators ``d`` = n·XᵀX − s sᵀ:
    the rest's n² × variance is wᵀ d w (w the signs of the other items).

    Exact integers (an object array) decide exactly: zero or not. Float numerators (a
    streamed pass over answers that are not whole numbers) count as zero up to rounding:
    at most 2⁻³³ of (Σ √d_jj)², the most the rest could vary given its items' spreads."""
    keep = list(keep)
    sign = [round(float(s)) for s in signs]
    out = np.zeros(len(keep), dtype=bool)
    if len(keep) < 2:
        return out
    exact = d.dtype == object
    for position, i in enumerate(keep):
        others = [j for j in keep if j != i]
        spread = sum(sign[j] * sign[m] * d[j, m] for j in others for m in others)
        if exact:
            out[position] = spread == 0
        else:
            bound = sum(float(np.sqrt(max(d[j, j], 0.0))) for j in others) ** 2
            out[position] = spread <= 2.0**-33 * bound
    return out


class _FewerItems(Exception):
    """Moments asked of fewer items on data with blanks: the general path computes them."""


def read_sums(data: pd.DataFrame, items: Sequence[str] | None,
              missing_values: MissingValues | None = None) -> ListwiseSums | None:
    """The sums of the ``items`` of ``data`` (default: every column), read in chunks
    (:func:`whole_number_sums`); ``None`` where the exact path does not apply: fewer than 2
    rows, repeated or absent items, a column that is not plain numbers, declared missing
    codes, an answer that is not a whole number, sums too large to be exact."""
    if not isinstance(data, pd.DataFrame) or len(data) < 2:
        return None
    labels = list(data.columns) if items is None else list(items)
    names = [str(c) for c in labels]
    if not names or len(set(names)) != len(names):
        return None
    columns = _numeric_columns(data, labels)
    if columns is None:
        return None
    declared = declared_codes(data, names, missing_values)
    if declared and any(declared.values()):
        return None
    return whole_number_sums(columns, names)


def pattern_sums(data: pd.DataFrame, patterns: AnswerPatterns,
                 levels: Sequence[Sequence[int]]) -> ListwiseSums | None:
    """The :func:`read_sums` of the items of ``data`` whose answers ``patterns`` holds (the
    answer classes of each item: class c below ``len(levels[j])`` the code ``levels[j][c]``,
    the next class an excluded code, read as a blank, the last a blank), from the
    patterns' counts instead of the columns: every sum is a sum over patterns of a pattern's
    rows times its values, in exact integers, the same integers. ``None`` where
    :func:`read_sums` would be ``None`` (checked on the columns' types, not their cells)
    or the patterns do not decide the sums: an answer that is no level and not excluded
    (its value is not held), codes large enough for a chunk's sums to pass 2⁵³."""
    names = list(patterns.names)
    if len(data) < 2 or len(set(names)) != len(names) or len(data) != len(patterns.rows) \
            or _numeric_columns(data, names) is None:
        return None
    declared = declared_codes(data, names, None)
    if declared and any(declared.values()):
        return None
    w = patterns.counts
    values = np.full((len(w), len(names)), np.nan)
    for j, (name, codes_j) in enumerate(zip(names, levels, strict=True)):
        classes = patterns.classes(name)
        if w[classes == len(codes_j) + 1].any():  # another number: its value is not held
            return None
        scored = classes < len(codes_j)
        values[scored, j] = np.asarray(codes_j, dtype=np.float64)[classes[scored]]
    seen = values[w > 0]
    low, high = np.fmin.reduce(seen, axis=0), np.fmax.reduce(seen, axis=0)
    ends = np.abs(np.concatenate([low, high]))
    top = max(float(np.nanmax(ends)) if np.isfinite(ends).any() else 0.0, 1.0)
    if min(len(data), CHUNK_ROWS) * top**2 >= _EXACT or len(data) * top**2 >= 2.0**62:
        return None  # a chunk of rows could pass 2⁵³; the columns' reading decides
    observed = ~np.isnan(values)
    complete = observed.all(axis=1)
    x, wc = values[complete].astype(np.int64), w[complete]
    codes = tuple(_pattern_codes(values[:, j], w, lo, hi)
                  for j, (lo, hi) in enumerate(zip(low, high, strict=True)))
    return ListwiseSums(tuple(names), len(data), w @ observed, low, high, codes,
                        int(wc.sum()), (wc @ x).astype(object), ((x.T * wc) @ x).astype(object))


def _pattern_codes(values: np.ndarray, w: np.ndarray, low: float,
                   high: float) -> dict[float, int] | None:
    """One item's codes and their counts (ascending), as :func:`code_counts` counts them:
    ``{}`` with no answer, ``None`` past its span."""
    if low != low:
        return {}
    if high - low > CODE_LIMIT:
        return None
    counts: dict[float, int] = {}
    for value, count in zip(values.tolist(), w.tolist(), strict=True):
        if value == value and count:
            counts[value] = counts.get(value, 0) + count
    return dict(sorted(counts.items()))


def complete_subset(sums: ListwiseSums, names: Sequence[str]) -> ListwiseSums | None:
    """The sums of the items ``names`` (in that order) taken from ``sums``, which are those
    :func:`read_sums` gives for them when every row was complete (the rows complete on
    fewer items are then the same rows; every sum is per item or per pair of items);
    ``None`` when a row had a blank, or an item is repeated or not among them."""
    if sums.n_complete != sums.n_rows or len(set(names)) != len(names) \
            or any(name not in sums.names for name in names):
        return None
    idx = [sums.names.index(name) for name in names]
    return ListwiseSums(tuple(names), sums.n_rows, sums.answered[idx], sums.low[idx],
                        sums.high[idx], tuple(sums.codes[i] for i in idx), sums.n_complete,
                        sums.s[idx], sums.c[np.ix_(idx, idx)])


def prepare_whole_numbers(
    data: pd.DataFrame, items: Sequence[str] | None, reverse: Sequence[str],
    scale_range: ScaleRange | None, missing_values: MissingValues | None = None,
    *, sums: ListwiseSums | None = None,
) -> PreparedItems | None:
    """:func:`~survey.stats._moments.prepare_items` under listwise deletion, from exact
    sums of whole-number columns (see the module text); ``None`` where it does not apply.
    The result keeps no rows (``x`` is empty) and carries the exact ``deviations``.
    ``sums``: the items' :func:`read_sums`, when read already (the columns are not read
    again)."""
    if sums is None:
        sums = read_sums(data, items, missing_values)
    if sums is None:
        return None
    names = list(sums.names)
    declared = declared_codes(data, names, missing_values)
    check_undeclared(code_matrix(sums.codes, sums.low, sums.high), names, declared,
                     explicit=missing_values is not None, scale_range=scale_range)
    blanks = sums.n_complete < sums.n_rows

    def moments_of(usable: list[int]) -> Moments:
        if len(usable) == len(names):
            return sums.moments()
        if blanks:  # rows complete on these items are more than those summed
            raise _FewerItems
        idx = np.ix_(usable, usable)
        return listwise_moments(sums.n_rows, sums.n_complete, sums.s[usable], sums.c[idx])

    def observed_range(usable: list[int]) -> tuple[float, float]:
        return float(np.nanmin(sums.low[usable])), float(np.nanmax(sums.high[usable]))

    try:
        prepared = prepare_moments(names, sums.answered, moments_of, observed_range, reverse,
                                   scale_range, deviations=sums.deviations())
    except _FewerItems:
        return None
    if blanks and len(prepared.keep) < len(names):
        return None  # the rest scores are judged on the rows complete on the kept items
    return prepared
