"""Cronbach's α and the item-total table, from one covariance matrix.

Conventions (as SPSS RELIABILITY and R ``psych::alpha``):

- raw α = k/(k−1) · (1 − tr C / ΣC), C the item covariance matrix (denominator n − 1);
- standardised α = k/(k−1) · (1 − k / ΣR), R the item correlation matrix;
- corrected item-total r (校正的项总计相关性, SPSS "Corrected Item-Total Correlation",
  psych ``r.drop``) = r(item, sum of the other items);
- item-total r (psych ``raw.r``; Chinese reports call it 效度) = r(item, sum of all items);
- missing data: listwise (rows with any missing item are left out, as SPSS); the rows used
  are counted and reported, and the Feldt interval uses that count.

Undefined cases give no number but a :class:`~survey.errors.Reason`: fewer than 2 items,
fewer than 2 respondents, zero total variance. A constant item (zero variance) is left out
of α with a warning, as psych does. With listwise deletion C is positive semi-definite, so
α ≤ 1 always (Cauchy–Schwarz: var(ΣX) ≤ k·Σ var X).

References: Cronbach (1951), Psychometrika 16, 297–334; Feldt, Woodruff & Salih (1987),
Applied Psychological Measurement 11, 93–103; IBM SPSS Statistics, RELIABILITY algorithms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from survey.errors import Reason
from survey.stats.intervals import feldt_interval

__all__ = ["Alpha", "Caveat", "cronbach_alpha", "item_statistics"]


@dataclass(frozen=True)
class Caveat:
    """A warning attached to a result: stable code and a sentence."""

    code: str
    message: str


@dataclass(frozen=True)
class Alpha:
    """Cronbach's α for one set of items. ``alpha`` is ``None`` when undefined (see ``reason``)."""

    items: tuple[str, ...]
    n_respondents: int
    n_items: int
    missing: str
    alpha: float | None
    alpha_standardized: float | None
    ci_low: float | None
    ci_high: float | None
    confidence: float
    reason: Reason | None = None
    warnings: tuple[Caveat, ...] = field(default=())

    def to_dict(self) -> dict[str, object]:
        """JSON-ready mapping (the reliability block of results.json)."""
        return {
            "items": list(self.items),
            "n_respondents": self.n_respondents,
            "n_items": self.n_items,
            "missing": self.missing,
            "alpha": self.alpha,
            "alpha_standardized": self.alpha_standardized,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "confidence": self.confidence,
            "reason": None if self.reason is None else str(self.reason),
            "warnings": [{"code": w.code, "message": w.message} for w in self.warnings],
        }


def _complete(data: pd.DataFrame, items: Sequence[str] | None) -> pd.DataFrame:
    frame = data if items is None else data[list(items)]
    return frame.apply(pd.to_numeric, errors="coerce").astype("float64").dropna(how="any")


def _alpha_from_cov(cov: np.ndarray) -> float:
    k = cov.shape[0]
    return float(k / (k - 1) * (1 - np.trace(cov) / cov.sum()))


def cronbach_alpha(
    data: pd.DataFrame, items: Sequence[str] | None = None, *, confidence: float = 0.95
) -> Alpha:
    """Cronbach's α (raw and standardised) with its Feldt interval, listwise.

    >>> df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})
    >>> round(cronbach_alpha(df).alpha, 6)
    0.933333
    """
    frame = _complete(data, items)
    names = tuple(frame.columns)
    n, k = frame.shape
    warnings: list[Caveat] = []

    def undefined(reason: Reason, used: tuple[str, ...] = names) -> Alpha:
        return Alpha(items=used, n_respondents=n, n_items=len(used), missing="listwise",
                     alpha=None, alpha_standardized=None, ci_low=None, ci_high=None,
                     confidence=confidence, reason=reason, warnings=tuple(warnings))

    if k < 2:
        return undefined(Reason.TOO_FEW_ITEMS)
    if n < 2:
        return undefined(Reason.TOO_FEW_RESPONDENTS)
    cov = np.cov(frame.to_numpy(), rowvar=False, ddof=1)
    constant = [names[i] for i in range(k) if cov[i, i] <= 0]
    if constant:
        if len(constant) == k:
            return undefined(Reason.ZERO_TOTAL_VARIANCE)
        warnings.append(Caveat(
            "constant_item",
            f"items {', '.join(map(str, constant))} have no variance (every respondent gave the same "
            "answer) and are left out of α",
        ))
        keep = [i for i in range(k) if cov[i, i] > 0]
        cov = cov[np.ix_(keep, keep)]
        names = tuple(names[i] for i in keep)
        k = len(keep)
        if k < 2:
            return undefined(Reason.TOO_FEW_ITEMS, names)
    if cov.sum() <= 1e-12 * np.trace(cov):
        # Items that cancel out (e.g. x and 6 − x): the total score does not vary.
        return undefined(Reason.ZERO_TOTAL_VARIANCE, names)
    alpha = min(_alpha_from_cov(cov), 1.0)  # ≤ 1 in exact arithmetic; guard rounding
    sd = np.sqrt(np.diag(cov))
    corr = cov / np.outer(sd, sd)
    alpha_std = min(float(k / (k - 1) * (1 - k / corr.sum())), 1.0) if corr.sum() > 1e-12 else None
    ci_low = ci_high = None
    if n >= 3:
        ci_low, ci_high = feldt_interval(alpha, n, k, confidence)
    else:
        warnings.append(Caveat("too_few_for_interval",
                                 "the confidence interval needs at least 3 respondents"))
    if alpha < 0:
        warnings.append(Caveat(
            "negative_alpha",
            "α is negative: the items correlate negatively on average; check for reverse-keyed items",
        ))
    return Alpha(items=names, n_respondents=n, n_items=k, missing="listwise", alpha=alpha,
                 alpha_standardized=alpha_std, ci_low=ci_low, ci_high=ci_high,
                 confidence=confidence, warnings=tuple(warnings))


def item_statistics(data: pd.DataFrame, items: Sequence[str] | None = None) -> pd.DataFrame:
    """SPSS's item-total statistics, listwise, one row per item.

    Columns: ``item, n, mean, sd, item_total_r, corrected_item_total_r, alpha_if_deleted,
    scale_mean_if_deleted, scale_var_if_deleted``. With ΣC the total variance and
    c_i = Σ_j C_ij, the rest score's variance is ΣC − 2c_i + C_ii, so

    - corrected item-total r = (c_i − C_ii) / √(C_ii · (ΣC − 2c_i + C_ii));
    - item-total r = c_i / √(C_ii · ΣC);
    - α if deleted is α of C without row and column i (undefined, NaN, below 3 items).

    Figures that are undefined for an item (a constant item's correlations) are NaN.
    """
    frame = _complete(data, items)
    n, k = frame.shape
    columns = ["item", "n", "mean", "sd", "item_total_r", "corrected_item_total_r",
               "alpha_if_deleted", "scale_mean_if_deleted", "scale_var_if_deleted"]
    if n < 2 or k < 2:
        return pd.DataFrame(columns=columns)
    x = frame.to_numpy()
    cov = np.cov(x, rowvar=False, ddof=1)
    means = x.mean(axis=0)
    total = cov.sum()
    rows = []
    for i, name in enumerate(frame.columns):
        c_i = cov[i].sum()
        var_i = cov[i, i]
        rest_var = total - 2 * c_i + var_i
        with np.errstate(divide="ignore", invalid="ignore"):
            citc = (c_i - var_i) / np.sqrt(var_i * rest_var)
            itr = c_i / np.sqrt(var_i * total)
        keep = [j for j in range(k) if j != i]
        sub = cov[np.ix_(keep, keep)]
        aid = _alpha_from_cov(sub) if len(keep) >= 2 and sub.sum() > 1e-12 * np.trace(sub) else np.nan
        rows.append({
            "item": name, "n": n, "mean": means[i], "sd": float(np.sqrt(var_i)),
            "item_total_r": float(itr) if np.isfinite(itr) else np.nan,
            "corrected_item_total_r": float(citc) if np.isfinite(citc) else np.nan,
            "alpha_if_deleted": aid,
            "scale_mean_if_deleted": float(means.sum() - means[i]),
            "scale_var_if_deleted": float(rest_var),
        })
    return pd.DataFrame(rows, columns=columns)
