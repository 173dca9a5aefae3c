"""Sufficient statistics of a scale's items that add up across batches and machines.

Everything reliability needs (:mod:`survey.stats._moments`) is a function of a few sums over
respondents, so a file larger than memory can be read in batches, or partitions summed on
many machines, and the sums merged. For k items, over the rows where items i and j were
both answered (a k × k "pairwise mask"):

- ``n_pair[i, j]`` rows, ``s[i, j] = Σ a_i``, ``q[i, j] = Σ a_i²``, ``c[i, j] = Σ a_i a_j``;

and over the rows complete on all k items (listwise deletion): ``n_complete``, ``s_c[i]``,
``c_c[i, j]``; plus the rows read, the rows with at least one answer, and each item's codes
and how often each was chosen (for the declared-missing-code check and the range used by
reverse keying).

From these, with n = n_pair[i, j]: the pair-restricted sum of squares ss_i = q − s²/n and
cross-products sp_ij = c_ij − s_ij s_ji / n give R's ``cov(x, use = "pairwise")`` =
sp/(n − 1) and r = sp/√(ss_i ss_j); listwise, C = (c_c − s_c s_cᵀ/n)/(n − 1). These are the
moments :func:`~survey.stats._moments.item_moments` forms from the whole matrix.

Precision. Where every answer is an integer code (the usual case) each batch's sums are
exact integers (a float product of small integers is exact below 2⁵³, checked per batch)
and are merged as Python integers; the differences n·q − s² and n·c − s_i s_j are formed in
integers too, so the only roundings are the final divisions: the moments match the
in-memory ones to ~1e-15. Otherwise ``a = x − K`` with a shift K per item (the first batch's
means), which removes the cancellation of the textbook one-pass formula; two sums with
different shifts are merged by moving one to the other's shift (exact algebra:
Σ(a + d) = Σa + n d, Σ(a + d)² = Σa² + 2dΣa + n d², …), the pairwise form of Chan, Golub &
LeVeque (1979), "Updating formulae and a pairwise algorithm for computing sample
variances".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from survey.stats._moments import Missing, Moments, cross_products

__all__ = ["CODE_LIMIT", "SufficientStatistics", "batch_statistics", "code_counts", "code_matrix",
           "listwise_moments", "merge", "merge_codes", "to_integers"]

#: Integer codes with a span wider than this are not counted one by one (no survey scale
#: has that many levels); the item keeps only its lowest and highest answer.
CODE_LIMIT = 10_000
_EXACT = 2.0**53


@dataclass(frozen=True)
class SufficientStatistics:
    """Mergeable sums of k items (see the module text). ``exact``: the sums are Python
    integers (object arrays) of integer codes, ``shift`` zero; otherwise float sums of
    ``x − shift``. ``codes[i]``: code → count for item i, or ``None`` when the item's
    answers are not integer codes within :data:`CODE_LIMIT`; ``low``/``high`` the lowest
    and highest answer (NaN for an item without answers)."""

    names: tuple[str, ...]
    n_rows: int
    n_any: int
    exact: bool
    shift: np.ndarray
    n_pair: np.ndarray
    s: np.ndarray
    q: np.ndarray
    c: np.ndarray
    n_complete: int
    s_c: np.ndarray
    c_c: np.ndarray
    low: np.ndarray
    high: np.ndarray
    codes: tuple[dict[float, int] | None, ...]

    @property
    def k(self) -> int:
        """Number of items."""
        return len(self.names)

    @property
    def answered(self) -> np.ndarray:
        """Answers per item."""
        return np.diag(self.n_pair).astype(int)

    def __add__(self, other: SufficientStatistics) -> SufficientStatistics:
        return merge(self, other)

    def code_matrix(self) -> np.ndarray:
        """Each item's distinct answers as a column (NaN-padded): what
        :func:`~survey.stats.missing_codes.check_undeclared` needs to see of the data."""
        return code_matrix(self.codes, self.low, self.high)

    def observed_range(self, usable: Sequence[int]) -> tuple[float, float]:
        """Lowest and highest answer among the items at ``usable``."""
        return float(np.nanmin(self.low[list(usable)])), float(np.nanmax(self.high[list(usable)]))

    def moments(self, missing: Missing) -> Moments:
        """The moments :func:`~survey.stats._moments.item_moments` gives on the same rows."""
        k = self.k
        if missing == "listwise":
            n = self.n_complete
            if self.exact:
                return listwise_moments(self.n_rows, n, self.s_c, self.c_c)
            mean_a = self.s_c / n if n else np.full(k, np.nan)
            cross = self.c_c - np.outer(self.s_c, mean_a) if n else np.zeros((k, k))
            return _listwise(self.n_rows, n, self.shift + mean_a, cross)
        n_pair = self.n_pair.astype(np.int64)
        with np.errstate(divide="ignore", invalid="ignore"):
            if self.exact:
                npo = n_pair.astype(object)
                ss = _to_float(npo * self.q - self.s * self.s) / n_pair
                sp = _to_float(npo * self.c - self.s * self.s.T) / n_pair
                mean = _to_float(np.diag(self.s)) / np.diag(n_pair)
            else:
                ss = self.q - self.s * self.s / n_pair
                sp = self.c - self.s * self.s.T / n_pair
                mean = self.shift + np.diag(self.s) / np.diag(n_pair)
            cov = np.where(n_pair > 1, sp / (n_pair - 1), np.nan)
            corr = np.where(n_pair > 1, sp / np.sqrt(ss * ss.T), np.nan)
        corr[~np.isfinite(corr)] = np.nan
        np.fill_diagonal(corr, np.where(np.diag(cov) > 0, 1.0, np.nan))
        return Moments("pairwise", self.n_rows, self.n_any, np.diag(n_pair).astype(int),
                       n_pair.astype(int), mean, cov, corr)

    def subset(self, keep: Sequence[int]) -> SufficientStatistics:
        """The sums of the items at ``keep``. Exact for everything but the listwise sums
        and ``n_any``, which depend on the item set (use a pass over those items)."""
        keep = list(keep)
        idx = np.ix_(keep, keep)
        return replace(self, names=tuple(self.names[i] for i in keep), shift=self.shift[keep],
                       n_pair=self.n_pair[idx], s=self.s[idx], q=self.q[idx], c=self.c[idx],
                       s_c=self.s_c[keep], c_c=self.c_c[idx], low=self.low[keep],
                       high=self.high[keep], codes=tuple(self.codes[i] for i in keep))


def listwise_moments(n_rows: int, n: int, s: np.ndarray, c: np.ndarray) -> Moments:
    """Listwise moments of ``n`` complete rows from their exact integer item sums ``s`` and
    cross-products ``c`` (object arrays of Python integers): C = (n c − s sᵀ)/(n (n − 1)),
    the numerator formed in integers and divided once."""
    k = len(s)
    num = n * c - np.outer(s, s)
    cross = _to_float(num) / n if n else np.zeros((k, k))
    mean = _to_float(s) / n if n else np.full(k, np.nan)
    return _listwise(n_rows, n, mean, cross)


def _listwise(n_rows: int, n: int, mean: np.ndarray, cross: np.ndarray) -> Moments:
    """Moments from the sums of cross-products about the means of n complete rows."""
    k = len(mean)
    with np.errstate(divide="ignore", invalid="ignore"):
        cov = cross / (n - 1) if n > 1 else np.full((k, k), np.nan)
        sd = np.sqrt(np.diag(cov))
        corr = cov / np.outer(sd, sd)
    np.fill_diagonal(corr, np.where(sd > 0, 1.0, np.nan))
    return Moments("listwise", n_rows, n, np.full(k, n), np.full((k, k), n), mean, cov, corr)


def code_matrix(codes: Sequence[dict[float, int] | None], low: np.ndarray,
                high: np.ndarray) -> np.ndarray:
    """Each item's distinct answers as a column (NaN-padded): its counted codes, or its
    lowest and highest answer where they were not counted."""
    columns = [np.array(sorted(c), dtype=float) if c is not None
               else np.array([v for v in (lo, hi) if v == v], dtype=float)
               for c, lo, hi in zip(codes, low, high, strict=True)]
    depth = max((len(c) for c in columns), default=0)
    out = np.full((depth, len(columns)), np.nan)
    for j, column in enumerate(columns):
        out[: len(column), j] = column
    return out


def _to_float(a: np.ndarray | int) -> np.ndarray:
    return np.asarray(a, dtype=object).astype(np.float64)


def batch_statistics(x: np.ndarray, names: Sequence[str],
                     shift: np.ndarray | None = None) -> SufficientStatistics:
    """The sums of one batch ``x`` (rows × items, NaN = missing; read, never written).

    Exact integer sums where every answer is an integer and the batch is small enough for
    its sums of products to stay below 2⁵³; else float sums about ``shift`` (by default the
    batch's own item means). Temporaries are kept to a mask and, with blanks, two matrices
    the size of ``x``: a batch's peak memory is a few times the batch, not a dozen.
    """
    n_rows, k = x.shape
    observed = ~np.isnan(x)
    complete = observed.all(axis=1)
    all_complete = bool(complete.all())
    if n_rows:  # fmin/fmax skip NaN: an item without answers keeps NaN
        low, high = np.fmin.reduce(x, axis=0), np.fmax.reduce(x, axis=0)
    else:
        low, high = np.full(k, np.nan), np.full(k, np.nan)
    ends = np.abs(np.concatenate([low, high]))
    top = float(np.nanmax(ends)) if np.isfinite(ends).any() else 0.0
    integer = all(_whole(x[:, j], None if all_complete else observed[:, j]) for j in range(k))
    exact = integer and n_rows * max(top, 1.0) ** 2 < _EXACT
    if exact:
        base = np.zeros(k)
    elif shift is not None:
        base = np.asarray(shift, dtype=float)
    else:
        counts = observed.sum(axis=0)
        base = np.where(counts > 0, np.nansum(x, axis=0) / np.maximum(counts, 1), 0.0)
    a = x if exact else x - base
    if all_complete:
        n_pair = np.full((k, k), float(n_rows))
        col = a.sum(axis=0)
        s = np.repeat(col[:, None], k, axis=1)
        c = cross_products(a)
        q = np.repeat(np.diag(c)[:, None], k, axis=1)  # Σa_i² over all rows: c's diagonal
        s_c, c_c = col, c
    else:
        mask = observed.astype(np.float64)
        a0 = np.where(observed, a, 0.0)
        n_pair = cross_products(mask)
        s = a0.T @ mask
        c = cross_products(a0)
        np.square(a0, out=a0)
        q = a0.T @ mask
        del a0, mask
        ac = a[complete]
        s_c = ac.sum(axis=0)
        c_c = cross_products(ac)
    codes = code_counts(x, None if all_complete else observed, low, high, integer)
    n_any = n_rows if all_complete else int(observed.any(axis=1).sum())
    n_complete = int(complete.sum())
    if exact:
        s, q, c, s_c, c_c = (to_integers(v) for v in (s, q, c, s_c, c_c))
    return SufficientStatistics(
        names=tuple(names), n_rows=n_rows, n_any=n_any, exact=exact, shift=base,
        n_pair=np.rint(n_pair).astype(np.int64), s=s, q=q, c=c, n_complete=n_complete,
        s_c=s_c, c_c=c_c, low=low, high=high, codes=codes)


def _whole(column: np.ndarray, observed: np.ndarray | None) -> bool:
    """Every answer in ``column`` (those at ``observed``, or all) is a whole number."""
    values = column if observed is None else column[observed]
    return bool(np.array_equal(values, np.rint(values)))


def to_integers(a: np.ndarray) -> np.ndarray:
    """Exact integer-valued floats as Python integers (an object array), so merged sums
    never overflow."""
    exact: np.ndarray = np.rint(a).astype(np.int64).astype(object)
    return exact


def code_counts(x: np.ndarray, observed: np.ndarray | None, low: np.ndarray, high: np.ndarray,
           integer: bool) -> tuple[dict[float, int] | None, ...]:
    """Each item's codes and their counts (``observed`` ``None``: every cell answered)."""
    out: list[dict[float, int] | None] = []
    for j in range(x.shape[1]):
        if low[j] != low[j]:  # no answer to this item
            out.append({})
            continue
        if not integer or high[j] - low[j] > CODE_LIMIT:
            out.append(None)
            continue
        span = int(high[j] - low[j])
        position = x[:, j] - low[j]
        if observed is not None:  # blanks counted one past the highest code, then dropped
            np.nan_to_num(position, copy=False, nan=span + 1)
        counts = np.bincount(position.astype(np.intp))[: span + 1]
        hit = np.flatnonzero(counts)
        out.append({float(low[j] + h): int(counts[h]) for h in hit})
    return tuple(out)


def merge_codes(a: dict[float, int] | None, b: dict[float, int] | None,
                 low: float, high: float) -> dict[float, int] | None:
    """Two items' code counts added (``None``: not counted, on either side or because the
    merged span passes :data:`CODE_LIMIT`)."""
    if a is None or b is None or (high == high and high - low > CODE_LIMIT):
        return None
    out = dict(a)
    for code, count in b.items():
        out[code] = out.get(code, 0) + count
    return out


def _floats(st: SufficientStatistics, shift: np.ndarray) -> tuple[np.ndarray, ...]:
    """``st``'s sums as floats about ``shift`` (d = old shift − new shift):
    Σ(a+d) = Σa + n d, Σ(a+d)² = Σa² + 2dΣa + n d², Σ(a_i+d_i)(a_j+d_j) = Σa_ia_j + d_jΣa_i +
    d_iΣa_j + n d_i d_j, all over the same rows."""
    to = _to_float if st.exact else (lambda v: np.asarray(v, dtype=np.float64))
    s, q, c, s_c, c_c = (to(v) for v in (st.s, st.q, st.c, st.s_c, st.c_c))
    d = st.shift - shift
    if not d.any():
        return s, q, c, s_c, c_c
    n = st.n_pair.astype(np.float64)
    di, dj = d[:, None], d[None, :]
    c = c + dj * s + di * s.T + n * di * dj
    q = q + 2 * di * s + n * di * di
    s = s + n * di
    nc = float(st.n_complete)
    c_c = c_c + np.outer(s_c, d) + np.outer(d, s_c) + nc * np.outer(d, d)
    s_c = s_c + nc * d
    return s, q, c, s_c, c_c


def merge(a: SufficientStatistics, b: SufficientStatistics) -> SufficientStatistics:
    """The sums of the rows of ``a`` and ``b`` together (same items, in the same order)."""
    if a.names != b.names:
        raise ValueError("sufficient statistics of different items cannot be merged")
    low = np.fmin(a.low, b.low)
    high = np.fmax(a.high, b.high)
    codes = tuple(merge_codes(ca, cb, lo, hi)
                  for ca, cb, lo, hi in zip(a.codes, b.codes, low, high, strict=True))
    common = dict(names=a.names, n_rows=a.n_rows + b.n_rows, n_any=a.n_any + b.n_any,
                  n_pair=a.n_pair + b.n_pair, n_complete=a.n_complete + b.n_complete,
                  low=low, high=high, codes=codes)
    if a.exact and b.exact:
        return SufficientStatistics(**common, exact=True, shift=a.shift, s=a.s + b.s,
                                    q=a.q + b.q, c=a.c + b.c, s_c=a.s_c + b.s_c,
                                    c_c=a.c_c + b.c_c)
    # float sums about one shift: the inexact side's (the exact side's is 0, far from a mean)
    shift = a.shift if not a.exact else b.shift
    fa, fb = _floats(a, shift), _floats(b, shift)
    s, q, c, s_c, c_c = (u + v for u, v in zip(fa, fb, strict=True))
    return SufficientStatistics(**common, exact=False, shift=shift, s=s, q=q, c=c, s_c=s_c,
                                c_c=c_c)
