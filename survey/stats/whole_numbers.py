"""Moments of complete whole-number answers from exact sums, without a float copy of the data.

A file of answer codes without blanks reads as integer columns (a 1,000,000 × 30 CSV: 30
int64 columns). The general path (:func:`~survey.stats._moments.prepare_items`) copies them
into one float64 matrix and centres a second copy before the cross-products. Here the
columns are read in row chunks of :data:`CHUNK_ROWS` (a float buffer of a few megabytes)
and reduced to the sums of :mod:`survey.stats.sufficient`: the item sums s and the
cross-products XᵀX of each chunk, exact in binary floating point while they stay below
2⁵³ (checked per chunk), merged as Python integers. Then, under listwise deletion (every row
is complete),

    S = (n·XᵀX − s sᵀ) / (n (n − 1)),

with the numerator formed in integers: the cancellation that makes the one-pass formula
unsafe in floating point (Chan, Golub & LeVeque 1983, "Algorithms for computing the sample
variance: analysis and recommendations") cannot happen, and the only rounding is the final division. The figures equal
the centred path's to ~1e-15.

The same integer numerators D = n·XᵀX − s sᵀ also decide exactly whether an item's rest
score (the sum of the other items, reverse keying applied) varies: its sum of squares about
its mean is Σ_{j,l≠i} sign_j sign_l D_jl / n, zero exactly when the rest score is constant.

Not taken (the caller uses the general path): blanks or non-integer columns, declared
missing codes to blank, pairwise deletion, a bootstrap (it resamples the rows, so it needs
them), fewer than 2 rows, or sums too large to be exact.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from survey.stats._moments import Moments, PreparedItems, ScaleRange, prepare_moments
from survey.stats.missing_codes import MissingValues, check_undeclared, declared_codes
from survey.stats.sufficient import SufficientStatistics, batch_statistics, merge

__all__ = ["CHUNK_ROWS", "constant_rest", "prepare_whole_numbers", "whole_number_sums"]

#: Rows per chunk: 65,536 × 30 items is a 15 MB float buffer.
CHUNK_ROWS = 65_536


def _integer_columns(data: pd.DataFrame, labels: Sequence[object]) -> list[np.ndarray] | None:
    """The columns as numpy integer arrays (views), or ``None`` if any is not one."""
    if not data.columns.is_unique or any(label not in data.columns for label in labels):
        return None
    out = []
    for label in labels:
        dtype = data[label].dtype
        if isinstance(dtype, pd.api.extensions.ExtensionDtype) or dtype.kind not in "iu":
            return None
        out.append(data[label].to_numpy())
    return out


def whole_number_sums(columns: Sequence[np.ndarray], names: Sequence[str],
                      chunk_rows: int = CHUNK_ROWS) -> SufficientStatistics:
    """The merged sums of equally long integer ``columns``, read ``chunk_rows`` rows at a
    time into one float64 buffer (column-major, as the cross-products read it)."""
    k = len(columns)
    n = len(columns[0]) if k else 0
    total: SufficientStatistics | None = None
    buffer = np.empty((min(chunk_rows, n), k), dtype=np.float64, order="F")
    for start in range(0, n, chunk_rows):
        stop = min(start + chunk_rows, n)
        if stop - start < len(buffer):  # the last, shorter chunk: a buffer of its own
            buffer = np.empty((stop - start, k), dtype=np.float64, order="F")
        for j, column in enumerate(columns):
            buffer[:, j] = column[start:stop]
        part = batch_statistics(buffer, names)
        total = part if total is None else merge(total, part)
    return total if total is not None else batch_statistics(np.empty((0, k)), names)


def deviations(st: SufficientStatistics) -> np.ndarray:
    """n·XᵀX − s sᵀ of the complete rows in Python integers (an object array): n times the
    sums of cross-products about the means, exact."""
    out: np.ndarray = st.n_complete * st.c_c - np.outer(st.s_c, st.s_c)
    return out


def constant_rest(d: np.ndarray, signs: np.ndarray, keep: Sequence[int]) -> np.ndarray:
    """For each item at ``keep``: whether the sum of the other kept items (``signs`` −1
    reverse-keyed) is the same in every row, from the exact numerators ``d``."""
    keep = list(keep)
    sign = [round(float(s)) for s in signs]
    out = np.zeros(len(keep), dtype=bool)
    if len(keep) < 2:
        return out
    for position, i in enumerate(keep):
        others = [j for j in keep if j != i]
        spread = sum(sign[j] * sign[m] * d[j, m] for j in others for m in others)
        out[position] = spread == 0
    return out


def prepare_whole_numbers(
    data: pd.DataFrame, items: Sequence[str] | None, reverse: Sequence[str],
    scale_range: ScaleRange | None, missing_values: MissingValues | None = None,
) -> PreparedItems | None:
    """:func:`~survey.stats._moments.prepare_items` under listwise deletion, from exact
    sums of integer columns (see the module text); ``None`` where it does not apply. The
    result keeps no rows (``x`` is empty) and carries the exact ``deviations``."""
    if not isinstance(data, pd.DataFrame) or len(data) < 2:
        return None
    labels = list(data.columns) if items is None else list(items)
    names = [str(c) for c in labels]
    if not names or len(set(names)) != len(names):
        return None
    columns = _integer_columns(data, labels)
    if columns is None:
        return None
    declared = declared_codes(data, names, missing_values)
    if declared and any(declared.values()):
        return None
    st = whole_number_sums(columns, names)
    if not st.exact:
        return None
    check_undeclared(st.code_matrix(), names, declared, explicit=missing_values is not None,
                     scale_range=scale_range)

    def moments_of(usable: list[int]) -> Moments:
        return (st if len(usable) == len(names) else st.subset(usable)).moments("listwise")

    return prepare_moments(names, st.answered, moments_of, st.observed_range, reverse,
                           scale_range, deviations=deviations(st))
