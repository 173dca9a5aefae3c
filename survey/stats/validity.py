"""Sampling adequacy (KMO, MSA per item) and Bartlett's test of sphericity.

Both are read from the item correlation matrix R (SPSS FACTOR, R ``psych::KMO`` and
``psych::cortest.bartlett``, factor_analyzer):

- partial correlations from R⁻¹ = Q: p_ij = −Q_ij / √(Q_ii Q_jj);
- MSA_i = Σ_{j≠i} r_ij² / (Σ_{j≠i} r_ij² + Σ_{j≠i} p_ij²); overall KMO the same sums over
  all i ≠ j (Kaiser 1970; Kaiser & Rice 1974);
- Bartlett χ² = −(n − 1 − (2p + 5)/6) · ln|R| with df = p(p − 1)/2 (Bartlett 1950), n the
  respondents used: complete rows (listwise) or rows with at least one answer (pairwise,
  as psych, which uses the row count of the data).

Undefined cases give no number but a reason: fewer than 2 items, a constant item (its r is
undefined), a pair answered together by fewer than 2 respondents, an r that is 0/0 (one item
constant on the rows it shares with another: ``correlation_undefined``), a pairwise R that is not
positive semi-definite, a singular R (more items than respondents, an item that is a sum of
others: R⁻¹ and ln|R| do not exist), or too few respondents for Bartlett's factor.

Kaiser's (1974) labels for KMO: ≥ 0.9 marvelous, 0.8 meritorious, 0.7 middling, 0.6
mediocre, 0.5 miserable, below 0.5 unacceptable.

References: Kaiser & Rice (1974), Educational and Psychological Measurement 34, 111–117;
Bartlett (1950), British Journal of Statistical Psychology 3, 77–85; Dziuban & Shirkey
(1974), Psychological Bulletin 81, 358–361.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special  # chdtrc is the χ² survival function scipy.stats calls

from survey.errors import Reason
from survey.stats._moments import Missing, item_moments, scale_matrix
from survey.stats.missing_codes import MissingValues

__all__ = [
    "KMO",
    "Bartlett",
    "bartlett_from_correlation",
    "bartlett_sphericity",
    "kmo",
    "kmo_band",
    "kmo_from_correlation",
]

_REL_TOL = 1e-10


@dataclass(frozen=True)
class KMO:
    """Kaiser–Meyer–Olkin measure: ``overall`` and ``per_item`` (MSA), aligned with ``items``."""

    items: tuple[str, ...]
    overall: float | None
    per_item: tuple[float | None, ...]
    n_respondents: int | None = None
    missing: str | None = None
    reason: Reason | None = None

    @property
    def msa(self) -> dict[str, float | None]:
        """MSA by item name."""
        return dict(zip(self.items, self.per_item, strict=True))

    @property
    def band(self) -> str | None:
        """Kaiser's label for the overall value, ``None`` when undefined."""
        return None if self.overall is None else kmo_band(self.overall)

    def to_dict(self) -> dict[str, object]:
        """``{"overall", "per_item": {item: msa}, "band", "n_respondents", "missing", "reason"}``."""
        return {"overall": self.overall, "per_item": self.msa, "band": self.band,
                "n_respondents": self.n_respondents, "missing": self.missing,
                "reason": None if self.reason is None else str(self.reason)}


@dataclass(frozen=True)
class Bartlett:
    """Bartlett's test that R is an identity matrix: χ², df, p."""

    items: tuple[str, ...]
    chi2: float | None
    df: int | None
    p_value: float | None
    n_respondents: int | None = None
    missing: str | None = None
    reason: Reason | None = None

    def to_dict(self) -> dict[str, object]:
        """``{"chi2", "df", "p_value", "n_respondents", "missing", "reason"}``."""
        return {"chi2": self.chi2, "df": self.df, "p_value": self.p_value,
                "n_respondents": self.n_respondents, "missing": self.missing,
                "reason": None if self.reason is None else str(self.reason)}


def kmo_band(value: float) -> str:
    """Kaiser's (1974) label: ``marvelous`` (≥ 0.9) … ``unacceptable`` (< 0.5).

    >>> kmo_band(0.93), kmo_band(0.81498), kmo_band(0.49)
    ('marvelous', 'meritorious', 'unacceptable')
    """
    for limit, band in ((0.9, "marvelous"), (0.8, "meritorious"), (0.7, "middling"),
                        (0.6, "mediocre"), (0.5, "miserable")):
        if value >= limit:
            return band
    return "unacceptable"


def _problem(corr: np.ndarray, n_pair: np.ndarray | None = None) -> Reason | None:
    """Why R cannot be inverted, or ``None``. An r that is NaN between two varying items
    is a pair answered together by fewer than 2 respondents (``n_pair`` < 2), else 0/0: one
    of them constant on the rows they share (``correlation_undefined``)."""
    k = corr.shape[0]
    if k < 2:
        return Reason.TOO_FEW_ITEMS
    if not np.isfinite(corr).all():
        diagonal = np.diag(corr)
        if not np.isfinite(diagonal).all():
            return Reason.CONSTANT_ITEM
        if n_pair is not None and (n_pair[~np.isfinite(corr)] < 2).any():
            return Reason.TOO_FEW_PAIRS
        return Reason.CORRELATION_UNDEFINED
    eig = np.linalg.eigvalsh(corr)
    if eig[0] < -_REL_TOL * eig[-1]:
        return Reason.NOT_POSITIVE_SEMIDEFINITE
    if eig[0] <= _REL_TOL * eig[-1]:
        return Reason.SINGULAR_CORRELATION_MATRIX
    return None


def _as_matrix(corr: pd.DataFrame | np.ndarray,
               items: Sequence[str] | None) -> tuple[tuple[str, ...], np.ndarray]:
    if isinstance(corr, pd.DataFrame):
        return tuple(str(c) for c in corr.columns), corr.to_numpy(dtype=np.float64)
    matrix = np.asarray(corr, dtype=np.float64)
    names = tuple(items) if items is not None else tuple(
        f"item_{i + 1}" for i in range(matrix.shape[0]))
    return names, matrix


def kmo_from_correlation(
    corr: pd.DataFrame | np.ndarray, items: Sequence[str] | None = None, *,
    n: int | None = None, missing: str | None = None, n_pair: np.ndarray | None = None,
) -> KMO:
    """KMO and per-item MSA of a correlation matrix (psych ``KMO(r)``).

    >>> r = pd.DataFrame([[1, .5, .4], [.5, 1, .3], [.4, .3, 1]], index=list("abc"), columns=list("abc"))
    >>> round(kmo_from_correlation(r).overall, 4)
    0.6279
    """
    names, r = _as_matrix(corr, items)
    k = len(names)
    reason = _problem(r, n_pair)
    if reason is not None:
        return KMO(names, None, (None,) * k, n, missing, reason)
    q = np.linalg.inv(r)
    d = np.sqrt(np.diag(q))
    partial = -q / np.outer(d, d)
    off = ~np.eye(k, dtype=bool)
    r2 = np.where(off, r * r, 0.0)
    p2 = np.where(off, partial * partial, 0.0)
    num, den = r2.sum(axis=1), r2.sum(axis=1) + p2.sum(axis=1)
    per_item = tuple(float(a / b) if b > 0 else None for a, b in zip(num, den, strict=True))
    total = r2.sum() + p2.sum()
    if total <= 0:
        return KMO(names, None, per_item, n, missing, Reason.NOT_APPLICABLE)
    return KMO(names, float(r2.sum() / total), per_item, n, missing)


def bartlett_from_correlation(
    corr: pd.DataFrame | np.ndarray, n: int, items: Sequence[str] | None = None, *,
    missing: str | None = None, n_pair: np.ndarray | None = None,
) -> Bartlett:
    """Bartlett's sphericity test of a correlation matrix from ``n`` respondents.

    >>> r = np.array([[1, .5], [.5, 1]])
    >>> b = bartlett_from_correlation(r, 100)
    >>> round(b.chi2, 4), b.df
    (28.049, 1)
    """
    names, r = _as_matrix(corr, items)
    k = len(names)
    df = k * (k - 1) // 2
    reason = _problem(r, n_pair)
    factor = n - 1 - (2 * k + 5) / 6
    if reason is None and factor <= 0:
        reason = Reason.TOO_FEW_RESPONDENTS
    if reason is not None:
        return Bartlett(names, None, df if k >= 2 else None, None, n, missing, reason)
    _, logdet = np.linalg.slogdet(r)  # R is positive definite here (_problem)
    chi2 = max(-factor * logdet, 0.0)
    return Bartlett(names, float(chi2), df, float(special.chdtrc(df, chi2)), n, missing)


def kmo(
    data: pd.DataFrame, items: Sequence[str] | None = None, *, missing: Missing = "listwise",
    missing_values: MissingValues | None = None,
) -> KMO:
    """KMO and per-item MSA of the items' correlations (listwise or pairwise).

    >>> df = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 1, 4, 3, 5], "c": [1, 3, 2, 5, 4]})
    >>> round(kmo(df).overall, 4)
    0.328
    """
    names, x = scale_matrix(data, items, missing_values)
    m = item_moments(x, missing)
    if m.n_used < 2:
        return KMO(tuple(names), None, (None,) * len(names), m.n_used, missing,
                   Reason.TOO_FEW_RESPONDENTS)
    return kmo_from_correlation(m.corr, names, n=m.n_used, missing=missing, n_pair=m.n_pair)


def bartlett_sphericity(
    data: pd.DataFrame, items: Sequence[str] | None = None, *, missing: Missing = "listwise",
    missing_values: MissingValues | None = None,
) -> Bartlett:
    """Bartlett's sphericity test on the items' correlations (listwise or pairwise)."""
    names, x = scale_matrix(data, items, missing_values)
    m = item_moments(x, missing)
    if m.n_used < 2:
        k = len(names)
        return Bartlett(tuple(names), None, k * (k - 1) // 2 if k >= 2 else None, None,
                        m.n_used, missing, Reason.TOO_FEW_RESPONDENTS)
    return bartlett_from_correlation(m.corr, m.n_used, names, missing=missing,
                                     n_pair=m.n_pair)
