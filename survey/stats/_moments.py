"""Item moments for reliability and validity: counts, means, covariances, correlations.

:func:`prepare_items` turns a data frame into the moments of a scale's items (numbers
checked, empty and constant items found, reverse keying applied); reliability and validity
read everything from that.

Everything the reliability table, KMO and Bartlett need comes from these matrices, found in
one pass over the data (a few matrix products), never one pass per item.

- ``listwise`` (SPSS): rows with any missing item are left out; C is the ordinary covariance
  matrix (denominator n − 1) of the complete rows and R = cov2cor(C).
- ``pairwise`` (R psych, pingouin): C_ij uses the rows where both i and j were answered, with
  that pair's own means (R ``cov(x, use = "pairwise")``, pandas ``DataFrame.cov``); R_ij is the
  Pearson r on the same rows (R ``cor(x, use = "pairwise")``, as psych ≥ 2.4 uses for the
  standardised α). Item means and SDs use every answer to the item.

Data are centred on the item means before the products, so Likert codes far from 0 lose no
precision. Optional frequency ``weights`` (a bootstrap resample as counts) give the moments
of the data with each row repeated ``weight`` times.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import pandas as pd

from survey.errors import ParameterError, ResponseFileError
from survey.stats.missing_codes import (
    MissingValues,
    check_undeclared,
    declared_codes,
    mask_declared,
)

__all__ = [
    "Missing", "Moments", "PreparedItems", "ScaleRange", "cross_products", "item_moments",
    "numeric_matrix",
    "prepare_items", "prepare_moments", "scale_matrix",
]

Missing = Literal["listwise", "pairwise"]
#: (lowest, highest) code for reverse keying: one for all items, or one per item.
ScaleRange = tuple[float, float] | Mapping[str, tuple[float, float]]


@dataclass(frozen=True)
class Moments:
    """Counts, means and second moments of k items (arrays in item order).

    ``n_rows`` is the number of input rows; ``n_used`` the rows that entered: complete rows
    (listwise) or rows with at least one answer (pairwise). ``n_pair[i, j]`` counts the rows
    with both i and j answered (all equal to ``n_used`` under listwise). ``cov``/``corr`` hold
    NaN where a pair has too few rows or an item has no variance.
    """

    missing: Missing
    n_rows: int
    n_used: int
    n_item: np.ndarray
    n_pair: np.ndarray
    mean: np.ndarray
    cov: np.ndarray
    corr: np.ndarray

    @property
    def k(self) -> int:
        """Number of items."""
        return int(self.mean.shape[0])

    @property
    def var(self) -> np.ndarray:
        """Item variances (denominator n_i − 1)."""
        return np.diag(self.cov).copy()

    def subset(self, keep: list[int] | np.ndarray) -> Moments:
        """The moments of the items at positions ``keep`` (no new pass over the data).

        Under pairwise deletion ``n_used`` stays the count for the original item set.
        """
        positions = np.asarray(keep, dtype=np.intp)
        idx = np.ix_(positions, positions)
        return Moments(self.missing, self.n_rows, self.n_used, self.n_item[keep],
                       self.n_pair[idx], self.mean[keep], self.cov[idx], self.corr[idx])

    def flip(self, signs: np.ndarray, centre: np.ndarray) -> Moments:
        """Moments after reverse keying: item i becomes ``centre_i − x`` where ``signs_i < 0``.

        Covariances and correlations change sign in the flipped rows and columns; means
        become ``centre − mean``. Nothing else changes (reverse keying is affine).
        """
        outer = np.outer(signs, signs)
        mean = np.where(signs < 0, centre - self.mean, self.mean)
        return Moments(self.missing, self.n_rows, self.n_used, self.n_item, self.n_pair,
                       mean, self.cov * outer, self.corr * outer)


def item_moments(
    x: np.ndarray, missing: Missing = "listwise", weights: np.ndarray | None = None
) -> Moments:
    """Moments of the float matrix ``x`` (rows = respondents, NaN = missing).

    >>> m = item_moments(np.array([[1., 2.], [2., 2.], [3., 4.], [4., 4.]]))
    >>> m.n_used, m.mean.tolist(), np.round(m.cov, 4).tolist()
    (4, [2.5, 3.0], [[1.6667, 1.3333], [1.3333, 1.3333]])
    """
    n_rows, k = x.shape
    if missing == "listwise":
        complete = ~np.isnan(x.sum(axis=1))  # a row sum is NaN where any answer is
        if complete.all():
            return _complete_moments(x, n_rows, weights, copy=True)
        w = None if weights is None else weights[complete]
        return _complete_moments(x[complete], n_rows, w, copy=False)
    return _pairwise_moments(x, ~np.isnan(x), n_rows, weights)


def _complete_moments(x: np.ndarray, n_rows: int, w: np.ndarray | None, *,
                      copy: bool) -> Moments:
    """Moments of complete rows; ``copy=False`` lets ``x`` (a private copy) be centred in place."""
    k = x.shape[1]
    # a column whose answers are all equal has variance exactly 0 (291.68 ten times is no
    # variance, whatever float noise its centring leaves)
    constant = (x.max(axis=0) == x.min(axis=0)) if x.shape[0] else np.zeros(k, dtype=bool)
    if w is None:
        n = float(x.shape[0])
        mean = x.sum(axis=0) / n if n else np.full(k, np.nan)
        cross = cross_products(_centre(x, mean, copy=copy))
    else:
        n = float(w.sum())
        mean = (w @ x) / n if n else np.full(k, np.nan)
        cross = cross_products((x - mean) * np.sqrt(w)[:, None])
    if constant.any():
        cross[constant, :] = 0.0
        cross[:, constant] = 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = cross / (n - 1) if n > 1 else np.full((k, k), np.nan)
        sd = np.sqrt(np.diag(cov))
        corr = cov / np.outer(sd, sd)
    np.fill_diagonal(corr, np.where(sd > 0, 1.0, np.nan))
    n_int = round(n)
    counts = np.full(k, n_int)
    return Moments("listwise", n_rows, n_int, counts, np.full((k, k), n_int), mean, cov, corr)


def _centre(x: np.ndarray, mean: np.ndarray, *, copy: bool) -> np.ndarray:
    """x − mean by columns, in ``x``'s own memory order (in place when ``copy`` is false).

    For a column-major ``x`` the subtraction runs on the transposed (row-major) view, one
    constant per contiguous row: broadcasting along the strided axis instead is ten times
    slower (0.7 s for 1,000,000 × 30).
    """
    view = x.T if x.flags.f_contiguous and not x.flags.c_contiguous else x
    column = mean[:, None] if view is not x else mean
    centred: np.ndarray
    if copy:
        centred = view - column
    else:
        centred = view
        centred -= column
    return centred.T if view is not x else centred


def cross_products(a: np.ndarray) -> np.ndarray:
    """aᵀa for an n × k matrix: BLAS dsyrk (half a GEMM) on ``a`` as it lies in memory.

    A column-major ``a`` (what pandas hands over for a frame's block) goes in as it is with
    ``trans=1``; a row-major one as its transposed view with ``trans=0``. Either way BLAS
    reads it without a copy (a copy of 1,000,000 × 30 answers is half a second).
    """
    # scipy.linalg is imported here, where it is used: importing it costs 0.15 s, which every
    # command that loads the results (and never computes a reliability) would pay.
    from scipy.linalg.blas import dsyrk

    if a.shape[0] == 0 or a.shape[1] == 0:  # BLAS rejects empty operands
        return np.zeros((a.shape[1], a.shape[1]))
    if a.flags.f_contiguous:
        upper = dsyrk(1.0, a, trans=1)
    else:
        upper = dsyrk(1.0, np.ascontiguousarray(a).T, trans=0)
    return np.triu(upper) + np.triu(upper, 1).T


def _pairwise_moments(
    x: np.ndarray, observed: np.ndarray, n_rows: int, w: np.ndarray | None
) -> Moments:
    """Pairwise moments, each pair on the rows that answered both.

    With whole-number answers (Likert codes, frequency weights) the data are shifted by whole
    numbers (the rounded item means), so every sum below is a sum of whole numbers and exact
    in binary floating point; the numerators n·Σab − Σa·Σb of the covariances are then exact,
    and a variance or covariance that is zero on a pair's rows is exactly zero, never float
    noise (an item constant on the rows it shares with another has no r with it: NaN, not
    ±1e-8). Other data are centred on their means; a pair-restricted sum of squares within
    the rounding error of its terms (2⁻⁴⁰ of Σa²) counts as zero.
    """
    mask = observed.astype(np.float64)
    wmask = mask if w is None else mask * w[:, None]
    n_item = wmask.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(observed, x, 0.0).T @ (np.ones(len(x)) if w is None else w) / n_item
    answers = x[observed]
    whole = bool(np.all(answers == np.rint(answers))) and (
        w is None or bool(np.all(w == np.rint(w))))
    shift = np.where(np.isfinite(mean), np.rint(mean) if whole else mean, 0.0)
    centred = np.where(observed, x - shift, 0.0)
    weighted = centred if w is None else centred * w[:, None]
    n_pair = wmask.T @ mask                # rows with both i and j
    cross = weighted.T @ centred           # Σ a_i a_j over those rows
    sums = weighted.T @ mask               # sums[i, j] = Σ a_i over rows with both i and j
    squares = (weighted * centred).T @ mask  # Σ a_i² over rows with both i and j
    ss_num = n_pair * squares - sums * sums        # n · (pair-restricted sum of squares of i)
    sp_num = n_pair * cross - sums * sums.T        # n · (pair-restricted cross-products)
    exact = whole and float(np.max(n_pair * squares, initial=0.0)) < 2.0**53
    if exact:
        zero = ss_num == 0
    else:
        zero = ss_num <= 2.0**-40 * n_pair * squares
    ss_num = np.where(zero, 0.0, ss_num)
    sp_num = np.where(zero | zero.T, 0.0, sp_num)  # an item constant on the pair's rows
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = np.where(n_pair > 1, sp_num / (n_pair * (n_pair - 1)), np.nan)
        corr = np.where((n_pair > 1) & ~zero & ~zero.T,
                        sp_num / np.sqrt(ss_num * ss_num.T), np.nan)
    corr[~np.isfinite(corr)] = np.nan
    corr = np.clip(corr, -1.0, 1.0)
    diag = np.diag(cov) > 0
    np.fill_diagonal(corr, np.where(diag, 1.0, np.nan))
    if w is None:
        n_used = int(observed.any(axis=1).sum())
    else:
        n_used = round(float(w[observed.any(axis=1)].sum()))
    return Moments("pairwise", n_rows, n_used, np.rint(n_item).astype(int),
                   np.rint(n_pair).astype(int), mean, cov, corr)


def numeric_matrix(
    data: pd.DataFrame | np.ndarray, items: Sequence[str] | None = None
) -> tuple[list[str], np.ndarray]:
    """The item columns of ``data`` as a float matrix (NaN = missing), with their names.

    A column that is not in ``data``, or a cell that is not a number, is a user mistake: a
    :class:`~survey.errors.ResponseFileError` names the column (and the row: the frame's
    ``row`` index when it has one, as :func:`~survey.responses.read_responses` sets, else the
    row of a CSV file with a header line). Nothing is turned into a missing value silently.

    >>> numeric_matrix(pd.DataFrame({"a": [1, None], "b": ["2", "3"]}))[1].tolist()
    [[1.0, 2.0], [nan, 3.0]]
    """
    if isinstance(data, np.ndarray):
        x = np.asarray(data, dtype=np.float64)
        names = list(items) if items is not None else [f"item_{i + 1}" for i in range(x.shape[1])]
        return names, x
    labels = list(data.columns) if items is None else list(items)
    names = [str(c) for c in labels]
    if len(set(names)) != len(names):
        repeated = next(n for n in names if names.count(n) > 1)
        raise ParameterError("an item is named twice", code="repeated_item", got=repeated)
    absent = [c for c in labels if c not in data.columns]
    if absent:
        shown = ", ".join(map(str, list(data.columns)[:30]))
        raise ResponseFileError("column not found", code="missing_column",
                                column=str(absent[0]), hint=f"Columns in the data: {shown}.")
    frame = data[labels]
    if all(pd.api.types.is_float_dtype(t) or pd.api.types.is_integer_dtype(t)
           for t in frame.dtypes) and not any(isinstance(t, pd.api.extensions.ExtensionDtype)
                                               for t in frame.dtypes):
        x = frame.to_numpy(dtype=np.float64)  # plain numpy columns: one block copy
        if not np.isinf(x).any():
            return names, x
    x = np.empty((len(data), len(names)), dtype=np.float64)
    for j, (label, name) in enumerate(zip(labels, names, strict=True)):
        column = data[label]
        if not pd.api.types.is_numeric_dtype(column):
            values = pd.to_numeric(column.astype("string").str.strip().replace({"": pd.NA}),
                                   errors="coerce")
            bad = column.notna().to_numpy() & values.isna().to_numpy()
            bad &= column.astype("string").str.strip().fillna("").to_numpy() != ""
            if bad.any():
                _not_numeric(data, name, int(np.flatnonzero(bad)[0]), column)
            column = values
        x[:, j] = column.to_numpy(dtype=np.float64, na_value=np.nan)
        if np.isinf(x[:, j]).any():
            _not_numeric(data, name, int(np.flatnonzero(np.isinf(x[:, j]))[0]), data[label])
    return names, x


def _not_numeric(data: pd.DataFrame, name: str, position: int, column: pd.Series) -> None:
    label = data.index[position]
    row = int(label) if data.index.name == "row" else position + 2
    raise ResponseFileError("not a number", code="not_numeric", column=name, row=row,
                            expected="a numeric answer code", got=column.iloc[position],
                            hint="Item answers must be numeric codes; map text labels to "
                                 "codes with an instrument (survey reliability --instrument).")


@dataclass(frozen=True)
class PreparedItems:
    """The moments of a scale's items, which items enter α, and what was left out and why."""

    names: tuple[str, ...]          # every requested item
    moments: Moments                # of all requested items (reverse keying applied)
    keep: tuple[int, ...]           # positions of items that enter α
    empty: tuple[str, ...]
    constant: tuple[str, ...]
    reversed_items: tuple[str, ...]
    x: np.ndarray                   # the data (for the bootstrap)
    signs: np.ndarray
    centre: np.ndarray
    # n·XᵀX − s sᵀ of the complete rows in Python integers, for whole-number answers read
    # without a copy (survey.stats.whole_numbers); None where the rows are in ``x``
    deviations: np.ndarray | None = None


def scale_matrix(
    data: pd.DataFrame | np.ndarray, items: Sequence[str] | None,
    missing_values: MissingValues | None = None, scale_range: ScaleRange | None = None,
) -> tuple[list[str], np.ndarray]:
    """:func:`numeric_matrix` with the declared missing codes blanked
    (:mod:`survey.stats.missing_codes`), refusing codes beyond the scale that nobody
    declared: the matrix every statistic of a scale is computed from."""
    names, x = numeric_matrix(data, items)
    declared = declared_codes(data, names, missing_values)
    if declared:
        x = mask_declared(x, names, declared)
    check_undeclared(x, names, declared, explicit=missing_values is not None,
                     scale_range=scale_range)
    return names, x


def prepare_items(
    data: pd.DataFrame | np.ndarray, items: Sequence[str] | None, missing: Missing,
    reverse: Sequence[str], scale_range: ScaleRange | None,
    missing_values: MissingValues | None = None,
) -> PreparedItems:
    """Read the items, set aside empty ones, form the moments once, apply reverse keying
    (``centre − x`` with centre = low + high of ``scale_range``, else of the answers seen)
    and find the constant items. The one pass over the data for everything that follows.
    """
    if missing not in ("listwise", "pairwise"):
        raise ValueError(f"missing must be 'listwise' or 'pairwise', got {missing!r}")
    names, x = scale_matrix(data, items, missing_values, scale_range)
    k = len(names)
    answered = (~np.isnan(x)).sum(axis=0) if k else np.zeros(0, int)

    def moments_of(usable: list[int]) -> Moments:
        return item_moments(x[:, usable] if len(usable) < k else x, missing)

    def observed_range(usable: list[int]) -> tuple[float, float]:
        return float(np.nanmin(x[:, usable])), float(np.nanmax(x[:, usable]))

    return prepare_moments(names, answered, moments_of, observed_range, reverse, scale_range,
                           x=x)


def prepare_moments(
    names: Sequence[str], answered: np.ndarray,
    moments_of: Callable[[list[int]], Moments],
    observed_range: Callable[[list[int]], tuple[float, float]],
    reverse: Sequence[str], scale_range: ScaleRange | None, *, x: np.ndarray | None = None,
    deviations: np.ndarray | None = None,
) -> PreparedItems:
    """The part of :func:`prepare_items` that needs no data, only what was counted in it.

    ``answered`` is each item's number of answers, ``moments_of(usable)`` the moments of the
    items at those positions (listwise: on the rows complete on them), ``observed_range``
    the lowest and highest answer among those items. A streamed or distributed pass
    (:mod:`survey.stats.sufficient`) supplies these from its sums; the in-memory path from
    the matrix. ``x`` is kept for the bootstrap (absent when the data were never in memory);
    ``deviations`` are exact integer numerators of the covariances where they were formed
    (:mod:`survey.stats.whole_numbers`).
    """
    names = list(names)
    k = len(names)
    # Items with fewer than 2 answers are set aside (when others have more), so that an
    # empty column does not wipe out the whole sample under listwise deletion.
    sparse = answered < 2 if k and (answered >= 2).any() else np.zeros(k, dtype=bool)
    empty = [i for i in range(k) if sparse[i]]
    usable = [i for i in range(k) if not sparse[i]]
    unknown = [r for r in reverse if r not in names]
    if unknown:
        raise ParameterError("reverse-keyed items must be among the items", code="unknown_item",
                             expected=f"one of {list(names)}", got=unknown[0])
    signs = np.array([-1.0 if n in set(reverse) else 1.0 for n in names])
    centre = np.zeros(k)
    if (signs < 0).any():
        if isinstance(scale_range, Mapping):
            for i, name in enumerate(names):
                if signs[i] < 0:
                    if name not in scale_range:
                        raise ParameterError("a reverse-keyed item needs its scale range",
                                             code="missing_scale_range", got=name)
                    low, high = scale_range[name]
                    centre[i] = low + high
        elif scale_range is not None:
            centre[:] = scale_range[0] + scale_range[1]
        elif usable:  # psych reverse.code: min + max of the observed answers to these items
            centre[:] = sum(observed_range(usable))
    moments = moments_of(usable)
    if len(usable) < k:
        moments = _embed(moments, usable, k)
    moments = moments.flip(signs, centre)
    var = moments.var
    if moments.n_used < 2:  # no variance exists at all: the reason is the respondents
        constant, keep = [], tuple(usable)
    else:
        # zero variance, up to the rounding of a float mean (x + 291.68 on a constant x)
        varies = var > (1e-12 * np.maximum(np.abs(moments.mean), 1.0)) ** 2
        constant = [i for i in usable if not varies[i]]
        keep = tuple(i for i in usable if varies[i])
    if moments.missing == "pairwise" and len(keep) < k and x is not None:
        # n counts the rows used by a figure: rows that answered only a constant or empty
        # item (left out of α) are no respondents of the scale (a streamed pass, without
        # the rows, keeps its count of rows with any answer)
        n_used = int((~np.isnan(x[:, list(keep)])).any(axis=1).sum()) if keep else 0
        moments = replace(moments, n_used=n_used)
    return PreparedItems(
        names=tuple(names), moments=moments, keep=keep,
        empty=tuple(names[i] for i in empty), constant=tuple(names[i] for i in constant),
        reversed_items=tuple(n for n, s in zip(names, signs, strict=True) if s < 0),
        x=np.empty((0, k)) if x is None else x, signs=signs, centre=centre,
        deviations=deviations,
    )


def _embed(m: Moments, usable: list[int], k: int) -> Moments:
    """Moments of ``usable`` items placed in a k-item frame (NaN / 0 for the others)."""
    def mat(a: np.ndarray, fill: float) -> np.ndarray:
        out = np.full((k, k), fill, dtype=float)
        out[np.ix_(usable, usable)] = a
        return out

    def vec(a: np.ndarray, fill: float) -> np.ndarray:
        out = np.full(k, fill, dtype=float)
        out[usable] = a
        return out

    return Moments(m.missing, m.n_rows, m.n_used, vec(m.n_item, 0).astype(int),
                   mat(m.n_pair, 0).astype(int), vec(m.mean, np.nan), mat(m.cov, np.nan),
                   mat(m.corr, np.nan))
