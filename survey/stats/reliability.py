"""Cronbach's α and the item-total table, from one covariance matrix.

Conventions (SPSS RELIABILITY, R ``psych::alpha``, SAS PROC CORR ALPHA, Minitab):

- raw α = k/(k−1) · (1 − tr C / ΣC), C the item covariance matrix (denominator n − 1);
- standardised α = k/(k−1) · (1 − k / ΣR), R the item correlation matrix;
- average inter-item r r̄ = (ΣR − k) / (k(k−1)); signal/noise = k·r̄ / (1 − r̄);
- Guttman λ6 = 1 − Σ(1 − SMC_i) / ΣR (psych ``G6(smc)``), λ2 = (ΣC − tr C +
  √(k/(k−1) · Σ_{i≠j} C_ij²)) / ΣC, SMC_i = 1 − 1/(R⁻¹)_ii (squared multiple correlation);
- the asymptotic standard error of α (Duhachek & Iacobucci 2004, psych ``ase``):
  Q = 2k² / ((k−1)² (ΣC)³) · (ΣC · (tr C² + (tr C)²) − 2 tr C · 1ᵀC²1), se = √(Q/n);
- corrected item-total r (校正的项总计相关性, SPSS "Corrected Item-Total Correlation", psych
  ``r.drop``) = r(item, sum of the other items) = (c_i − C_ii) / √(C_ii · ΣC₋ᵢ), c_i = Σ_j C_ij;
- item-total r (psych ``raw.r``; Chinese reports call it 效度) = c_i / √(C_ii · ΣC);
- standardised versions (psych ``std.r``, SAS "standardized correlation with total") use R;
  psych ``r.cor`` uses R with SMCs on the diagonal;
- Feldt interval: 1 − (1−α)·F(1−γ/2; n−1, (n−1)(k−1)) … with n the rows actually used (R
  psych and pingouin use the input row count even after deleting rows; we do not);
- bootstrap interval (optional): percentile interval of α over resampled respondents, as
  ``psych::alpha(n.iter=)``; the seed is an input, so the figures are reproducible.

Missing data (see :mod:`survey.stats._moments`): ``listwise`` by default (SPSS);
``pairwise`` on request (psych, pingouin), where C and R use every pair of answers and n is
the number of respondents with at least one answer to an item in α (a row that answered
only a constant item left out of α is not counted). Every result states the policy and n.

Undefined and degenerate cases give no number but a :class:`~survey.errors.Reason`: fewer
than 2 items, fewer than 2 respondents (3 for the interval), zero total variance (everyone
gave the same answers, or items cancel out), a pair of items answered together by fewer
than 2 respondents, a pairwise matrix that is not positive semi-definite and so gives an
impossible value (α above 1, a total variance ≤ 0). A constant item or an item with fewer
than 2 answers is left out of α with a warning (as psych does). With a positive
semi-definite C, α ≤ 1 (Cauchy–Schwarz: var ΣX ≤ k · Σ var X); α is never ±inf or NaN.
An indefinite pairwise covariance matrix whose α is still in range (pingouin's own
missing-data example) gives α, as psych and pingouin do, with a warning. The figures that
need R⁻¹ (SMC, λ6, KMO, Bartlett) depend on R alone: they are given when the pairwise R is
positive definite (even beside an indefinite C), and absent with a reason when R is not
(``not_positive_semidefinite``) or singular.

A correlation is 0/0 where an item does not vary on the rows it shares with another (a
pair-restricted variance that is exactly zero, decided in exact whole-number sums, not by
float noise): that r is absent (``correlation_undefined``), and so are the standardised α
and everything read from R. Likewise a corrected item-total r whose rest score is the same
for every respondent is absent (``zero_total_variance``), not 0.000.

Interpretation bands (George & Mallery 2003, as used in Chinese evaluation reports):
α ≥ 0.9 excellent, 0.8–0.9 good, 0.7–0.8 acceptable, 0.6–0.7 questionable, < 0.6 poor; above
0.95 the items are probably redundant (Streiner 2003).

References: Cronbach (1951), Psychometrika 16, 297–334; Feldt, Woodruff & Salih (1987),
Applied Psychological Measurement 11, 93–103; Guttman (1945), Psychometrika 10, 255–282;
Duhachek & Iacobucci (2004), J. Applied Psychology 89, 792–808; Revelle, psych::alpha;
IBM SPSS Statistics, RELIABILITY algorithms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from survey.errors import ParameterError, Reason
from survey.locale import Language, text
from survey.stats._moments import (
    Missing,
    PreparedItems,
    ScaleRange,
    item_moments,
    prepare_items,
)
from survey.stats.intervals import feldt_interval
from survey.stats.missing_codes import MissingValues
from survey.stats.validity import KMO, Bartlett, bartlett_from_correlation, kmo_from_correlation
from survey.stats.whole_numbers import (
    ListwiseSums,
    complete_subset,
    pattern_sums,
    prepare_whole_numbers,
    read_sums,
)

if TYPE_CHECKING:
    from survey.instrument.model import Instrument
    from survey.stats.answers import ItemAnswers

__all__ = [
    "ITEM_COLUMNS",
    "Alpha",
    "Caveat",
    "ScaleReliability",
    "alpha_band",
    "cronbach_alpha",
    "instrument_reliability",
    "inter_item_correlations",
    "item_statistics",
    "prepared_reliability",
    "scale_reliability",
]

#: Columns of :func:`item_statistics`, in order.
ITEM_COLUMNS = [
    "item", "n", "mean", "sd", "item_total_r", "corrected_item_total_r", "alpha_if_deleted",
    "scale_mean_if_deleted", "scale_var_if_deleted", "smc",
    "alpha_standardized_if_deleted", "standardized_item_total_r",
    "standardized_corrected_item_total_r", "overlap_corrected_item_total_r",
    "scale_sd_if_deleted", "lambda6_if_deleted", "average_r_if_deleted", "median_r_if_deleted",
    "var_r_if_deleted", "signal_to_noise_if_deleted", "alpha_se_if_deleted", "reversed",
    "reason", "alpha_if_deleted_reason", "corrected_item_total_r_reason",
]

_REL_TOL = 1e-10  # eigenvalues below −tol·max are "negative"; R with min/max below tol is singular


@dataclass(frozen=True)
class Caveat:
    """A warning attached to a result: stable code and a sentence. ``items`` are the items
    the sentence names (as columns), so a report can name them by their text instead."""

    code: str
    message: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Alpha:
    """Cronbach's α for one set of items. ``alpha`` is ``None`` when undefined (see ``reason``).

    ``n_respondents`` is the number of rows used (listwise: complete rows; pairwise: rows
    with at least one answer), ``n_rows`` the rows given. ``items`` are the items in α
    (constant or empty items left out are in ``excluded_items``).
    """

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
    n_rows: int | None = None
    n_pairwise_min: int | None = None
    average_r: float | None = None
    median_r: float | None = None
    var_r: float | None = None
    signal_to_noise: float | None = None
    guttman_lambda2: float | None = None
    guttman_lambda6: float | None = None
    alpha_se: float | None = None
    scale_mean: float | None = None
    scale_variance: float | None = None
    scale_sd: float | None = None
    ci_method: str = "feldt"
    bootstrap_low: float | None = None
    bootstrap_high: float | None = None
    n_bootstrap: int = 0
    bootstrap_seed: int | None = None
    reversed_items: tuple[str, ...] = ()
    excluded_items: tuple[str, ...] = ()

    @property
    def band(self) -> str | None:
        """The interpretation band of α (``excellent`` … ``poor``), ``None`` when undefined."""
        return None if self.alpha is None else alpha_band(self.alpha)

    def band_sentence(self, lang: Language = "en") -> str | None:
        """The band as a sentence in ``lang``, with its limits stated."""
        return None if self.band is None else text(lang, f"band_{self.band}")

    def to_dict(self, lang: Language = "en") -> dict[str, object]:
        """JSON-ready mapping (the reliability block of results.json, ``items`` as names)."""
        return {
            "items": list(self.items),
            "n_rows": self.n_rows,
            "n_respondents": self.n_respondents,
            "n_pairwise_min": self.n_pairwise_min,
            "n_items": self.n_items,
            "missing": self.missing,
            "alpha": self.alpha,
            "alpha_standardized": self.alpha_standardized,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "confidence": self.confidence,
            "ci_method": self.ci_method,
            "bootstrap": None if not self.n_bootstrap else {
                "n": self.n_bootstrap, "seed": self.bootstrap_seed, "method": "percentile",
                "ci_low": self.bootstrap_low, "ci_high": self.bootstrap_high},
            "reason": None if self.reason is None else str(self.reason),
            "average_r": self.average_r,
            "median_r": self.median_r,
            "var_r": self.var_r,
            "signal_to_noise": self.signal_to_noise,
            "guttman_lambda2": self.guttman_lambda2,
            "guttman_lambda6": self.guttman_lambda6,
            "alpha_se": self.alpha_se,
            "scale_mean": self.scale_mean,
            "scale_variance": self.scale_variance,
            "scale_sd": self.scale_sd,
            "band": self.band,
            "interpretation": self.band_sentence(lang),
            "reversed_items": list(self.reversed_items),
            "excluded_items": list(self.excluded_items),
            "warnings": [{"code": w.code, "message": w.message} for w in self.warnings],
        }


def alpha_band(alpha: float) -> str:
    """The conventional band of α: ``excellent`` (≥ 0.9), ``good`` (0.8–0.9), ``acceptable``
    (0.7–0.8), ``questionable`` (0.6–0.7) or ``poor`` (< 0.6).

    >>> alpha_band(0.9), alpha_band(0.8999), alpha_band(0.42)
    ('excellent', 'good', 'poor')
    """
    for limit, band in ((0.9, "excellent"), (0.8, "good"), (0.7, "acceptable"),
                        (0.6, "questionable")):
        if alpha >= limit:
            return band
    return "poor"


# --------------------------------------------------------------------------- matrix algebra


def _is_psd(matrix: np.ndarray) -> bool:
    eig = np.linalg.eigvalsh(matrix)
    return bool(eig[0] >= -_REL_TOL * max(abs(eig[-1]), 1e-300))


def _smc(corr: np.ndarray) -> np.ndarray | None:
    """Squared multiple correlations 1 − 1/(R⁻¹)_ii; ``None`` when R is singular."""
    eig = np.linalg.eigvalsh(corr)
    if eig[0] <= _REL_TOL * eig[-1]:
        return None
    return 1 - 1 / np.diag(np.linalg.inv(corr))


def _bounded(value: float) -> float | None:
    """A reliability coefficient: ≤ 1 (rounding excess clipped), or ``None`` above 1.

    Above 1 happens only with a pairwise matrix that is not positive semi-definite.
    """
    if not np.isfinite(value) or value > 1 + 1e-9:
        return None
    return float(min(value, 1.0))


def _summary(cov: np.ndarray, corr: np.ndarray, n: int) -> dict[str, float | None]:
    """psych's ``alpha.1``: α, standardised α, λ2, λ6, r̄, median/variance of r, S/N, se."""
    k = cov.shape[0]
    out: dict[str, float | None] = dict.fromkeys(
        ("alpha", "alpha_standardized", "guttman_lambda2", "guttman_lambda6", "average_r",
         "median_r", "var_r", "signal_to_noise", "alpha_se"))
    if k < 2:
        return out
    total, trace = float(cov.sum()), float(np.trace(cov))
    if total > 1e-12 * trace:
        out["alpha"] = _bounded(k / (k - 1) * (1 - trace / total))
        off = cov - np.diag(np.diag(cov))
        out["guttman_lambda2"] = _bounded(
            (total - trace + np.sqrt(k / (k - 1) * (off**2).sum())) / total)
        c2 = cov @ cov
        q = (2 * k**2 / ((k - 1) ** 2 * total**3)
             * (total * (np.trace(c2) + trace**2) - 2 * trace * c2.sum()))
        out["alpha_se"] = float(np.sqrt(q / n)) if q >= 0 and n > 0 else None
    if not np.isfinite(corr).all():
        return out
    sum_r = float(corr.sum())
    upper = corr[np.triu_indices(k, 1)]
    av_r = (sum_r - k) / (k * (k - 1))
    out["average_r"] = float(av_r)
    out["median_r"] = float(np.median(upper))
    out["var_r"] = float(np.var(upper, ddof=1)) if upper.size > 1 else None
    out["signal_to_noise"] = float(k * av_r / (1 - av_r)) if av_r < 1 else None
    if sum_r > 1e-12 * k:
        out["alpha_standardized"] = _bounded(k / (k - 1) * (1 - k / sum_r))
        smc = _smc(corr)
        if smc is not None:
            out["guttman_lambda6"] = _bounded(1 - (k - smc.sum()) / sum_r)
    return out


# --------------------------------------------------------------------------- α


#: Most bootstrap resamples: percentile limits of α settle to 3 decimals long before this,
#: and each resample costs a pass over the respondents.
MAX_BOOTSTRAP = 10_000


def _alpha(p: PreparedItems, *, confidence: float, bootstrap: int, seed: int,
           lang: Language) -> Alpha:
    if not 0 <= bootstrap <= MAX_BOOTSTRAP:
        raise ParameterError("bootstrap resamples out of range", code="bad_bootstrap",
                             expected=f"0 to {MAX_BOOTSTRAP:,} resamples", got=bootstrap)
    m = p.moments.subset(list(p.keep))
    names = tuple(p.names[i] for i in p.keep)
    k, n = len(names), m.n_used
    warnings: list[Caveat] = []
    if p.empty:
        warnings.append(Caveat("empty_item", text(lang, "warn_empty_item",
                                                  items=", ".join(p.empty)), tuple(p.empty)))
    if p.constant:
        warnings.append(Caveat("constant_item", text(lang, "warn_constant_item",
                                                     items=", ".join(p.constant)),
                               tuple(p.constant)))
    n_pair_min = int(m.n_pair.min()) if m.missing == "pairwise" and k else None
    base: dict[str, Any] = dict(
        items=names, n_respondents=n, n_items=k, missing=m.missing, confidence=confidence,
        n_rows=m.n_rows, n_pairwise_min=n_pair_min, reversed_items=p.reversed_items,
        excluded_items=p.empty + p.constant)
    if k:
        total_mean = float(m.mean.sum())
        base["scale_mean"] = total_mean
        if np.isfinite(m.cov).all():
            base["scale_variance"] = float(m.cov.sum())
            base["scale_sd"] = float(np.sqrt(max(m.cov.sum(), 0.0)))

    def undefined(reason: Reason) -> Alpha:
        if reason is Reason.NOT_POSITIVE_SEMIDEFINITE:  # ΣC is then no variance at all
            base.update(scale_variance=None, scale_sd=None)
        return Alpha(**base, alpha=None, alpha_standardized=None, ci_low=None, ci_high=None,
                     reason=reason, warnings=tuple(warnings))

    if k < 2:
        everyone_same = k == 0 and len(p.constant) >= 2
        return undefined(Reason.ZERO_TOTAL_VARIANCE if everyone_same else Reason.TOO_FEW_ITEMS)
    if n < 2:
        return undefined(Reason.TOO_FEW_RESPONDENTS)
    if not np.isfinite(m.cov).all():
        return undefined(Reason.TOO_FEW_PAIRS)
    corr_defined = bool(np.isfinite(m.corr).all())
    indefinite = m.missing == "pairwise" and not (
        _is_psd(m.cov) and (not corr_defined or _is_psd(m.corr)))
    s = _summary(m.cov, m.corr, n)
    if not corr_defined:  # some pair has no r (no variation among its common respondents)
        warnings.append(Caveat("correlation_undefined", text(lang, "warn_correlation_undefined")))
    if s["alpha"] is None:
        return undefined(Reason.NOT_POSITIVE_SEMIDEFINITE if indefinite
                         else Reason.ZERO_TOTAL_VARIANCE)
    if indefinite:
        # psych and pingouin report α from such a matrix; it is ≤ 1 here, so we do too, but
        # say so. Figures that need R⁻¹ or a variance that came out negative are absent.
        warnings.append(Caveat("not_positive_semidefinite", text(lang, "warn_not_psd")))
    alpha = float(s["alpha"])
    ci_low = ci_high = None
    if n >= 3:
        ci_low, ci_high = feldt_interval(alpha, n, k, confidence)
        ci_high = min(ci_high, 1.0)
    else:
        warnings.append(Caveat("too_few_for_interval", text(lang, "warn_too_few_for_interval")))
    if s["guttman_lambda6"] is None and s["alpha_standardized"] is not None and not indefinite:
        warnings.append(Caveat("singular_correlation_matrix",
                               text(lang, "warn_singular_smc")))
    boot_low = boot_high = None
    if bootstrap:
        boot_low, boot_high, failed = _bootstrap(p, bootstrap, seed, confidence)
        if failed:
            warnings.append(Caveat("bootstrap_undefined",
                                   text(lang, "warn_bootstrap_undefined", failed=failed,
                                        total=bootstrap)))
    if alpha < 0:
        warnings.append(Caveat("negative_alpha", text(lang, "warn_negative_alpha")))
    suspects = _suspected_reverse(m.cov, names)
    if suspects:
        warnings.append(Caveat("reverse_keyed_suspected",
                               text(lang, "warn_reverse_keyed", items=", ".join(suspects)),
                               tuple(suspects)))
    if alpha > 0.95:
        warnings.append(Caveat("redundant_items", text(lang, "warn_redundant_items")))
    return Alpha(**base, alpha=alpha, alpha_standardized=s["alpha_standardized"],
                 ci_low=ci_low, ci_high=ci_high, average_r=s["average_r"],
                 median_r=s["median_r"], var_r=s["var_r"],
                 signal_to_noise=s["signal_to_noise"], guttman_lambda2=s["guttman_lambda2"],
                 guttman_lambda6=s["guttman_lambda6"], alpha_se=s["alpha_se"],
                 bootstrap_low=boot_low, bootstrap_high=boot_high, n_bootstrap=bootstrap,
                 bootstrap_seed=seed if bootstrap else None, warnings=tuple(warnings))


def _suspected_reverse(cov: np.ndarray, names: tuple[str, ...]) -> list[str]:
    """Items whose corrected item-total r is negative (c_i − C_ii < 0). α < 0 implies at
    least one: α < 0 ⇔ Σ_{i≠j} C_ij < 0 ⇔ Σ_i (c_i − C_ii) < 0."""
    rest = cov.sum(axis=1) - np.diag(cov)
    return [names[i] for i in range(len(names)) if rest[i] < 0]


def _bootstrap(p: PreparedItems, replicates: int, seed: int,
               confidence: float) -> tuple[float | None, float | None, int]:
    """Percentile interval of α over ``replicates`` resamples of the respondents."""
    rng = np.random.default_rng(seed)
    x = p.x[:, list(p.keep)]
    missing = p.moments.missing
    if missing == "listwise":
        x = x[~np.isnan(x).any(axis=1)]
    else:
        x = x[~np.isnan(x).all(axis=1)]
    n = len(x)
    values = []
    signs = p.signs[list(p.keep)]
    outer = np.outer(signs, signs)
    for _ in range(replicates):
        weights = np.bincount(rng.integers(0, n, n), minlength=n).astype(float)
        m = item_moments(x, missing, weights)
        cov = m.cov * outer
        if not np.isfinite(cov).all():
            continue
        total, k = cov.sum(), cov.shape[0]
        if total > 1e-12 * np.trace(cov):
            value = _bounded(k / (k - 1) * (1 - np.trace(cov) / total))
            if value is not None:
                values.append(value)
    failed = replicates - len(values)
    if not values:
        return None, None, failed
    gamma = 1 - confidence
    low, high = np.quantile(values, [gamma / 2, 1 - gamma / 2])
    return float(low), float(high), failed


# --------------------------------------------------------------------------- item table


def _item_table(p: PreparedItems) -> pd.DataFrame:
    full = p.moments
    keep = list(p.keep)
    m = full.subset(keep)
    k = len(keep)
    rows: dict[int, dict[str, Any]] = {}
    n_default = full.n_used
    for i, name in enumerate(p.names):
        n_i = int(full.n_item[i]) if full.missing == "pairwise" else n_default
        reason = None
        if name in p.empty:
            reason, n_i = Reason.NO_VALID_ANSWERS, int(full.n_item[i])
        elif name in p.constant:
            reason = Reason.CONSTANT_ITEM
        var = full.cov[i, i]
        rows[i] = {"item": name, "n": n_i, "mean": full.mean[i],
                   "sd": float(np.sqrt(var)) if np.isfinite(var) and var >= 0 else np.nan,
                   "reversed": bool(p.signs[i] < 0), "reason": reason}
    defined = k >= 2 and m.n_used >= 2 and np.isfinite(m.cov).all()
    reason = None
    if not defined:
        reason = (Reason.TOO_FEW_ITEMS if k < 2 else Reason.TOO_FEW_RESPONDENTS
                  if m.n_used < 2 else Reason.TOO_FEW_PAIRS)
    elif _summary(m.cov, m.corr, m.n_used)["alpha"] is None:
        indefinite = m.missing == "pairwise" and not _is_psd(m.cov)
        reason = Reason.NOT_POSITIVE_SEMIDEFINITE if indefinite else Reason.ZERO_TOTAL_VARIANCE
    if reason is not None:
        for i in keep:
            rows[i]["reason"] = rows[i]["reason"] or reason
        return _frame(rows)
    cov, corr, n = m.cov, m.corr, m.n_used
    total = cov.sum()
    c = cov.sum(axis=1)
    var = np.diag(cov)
    sum_r = corr.sum()
    r_col = corr.sum(axis=1)
    smc = _smc(corr) if np.isfinite(corr).all() else None
    r_cor = np.full(k, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        itr = _r(c / np.sqrt(var * total))
        rest_var = np.where(total - 2 * c + var >= 0, total - 2 * c + var, np.nan)
        citc = _r((c - var) / np.sqrt(var * rest_var))
    flat = _constant_rest(p, keep) if m.missing == "listwise" else np.zeros(k, dtype=bool)
    rest_var = np.where(flat, 0.0, rest_var)
    citc = np.where(flat, np.nan, citc)
    with np.errstate(divide="ignore", invalid="ignore"):
        std_itr = _r(r_col / np.sqrt(sum_r))
        # the standardised rest score's variance; where it is zero up to the rounding of
        # the correlations (2⁻³³ of the most it could be, (k − 1)²) the r does not exist
        std_rest = sum_r - 2 * r_col + 1
        std_citc = np.where(std_rest > 2.0**-33 * (k - 1) ** 2,
                            _r((r_col - 1) / np.sqrt(std_rest)), np.nan)
        if smc is not None:
            rc = corr.copy()
            np.fill_diagonal(rc, smc)
            r_cor = _r(rc.sum(axis=1) / np.sqrt(rc.sum()))
    mean_total = float(m.mean.sum())
    for j, i in enumerate(keep):
        others = [t for t in range(k) if t != j]
        sub = _summary(cov[np.ix_(others, others)], corr[np.ix_(others, others)], n)
        rows[i].update({
            "item_total_r": itr[j], "corrected_item_total_r": citc[j],
            "alpha_if_deleted": None if flat[j] else sub["alpha"],
            "alpha_if_deleted_reason": Reason.ZERO_TOTAL_VARIANCE if flat[j] and k > 2
            else _if_deleted_reason(sub["alpha"], k, m.missing, cov[np.ix_(others, others)]),
            "corrected_item_total_r_reason": Reason.ZERO_TOTAL_VARIANCE if flat[j] else None,
            "scale_mean_if_deleted": mean_total - m.mean[j],
            "scale_var_if_deleted": rest_var[j],
            "scale_sd_if_deleted": np.sqrt(rest_var[j]),
            "smc": np.nan if smc is None else smc[j],
            "alpha_standardized_if_deleted": sub["alpha_standardized"],
            "standardized_item_total_r": std_itr[j],
            "standardized_corrected_item_total_r": std_citc[j],
            "overlap_corrected_item_total_r": r_cor[j],
            "lambda6_if_deleted": sub["guttman_lambda6"],
            "average_r_if_deleted": sub["average_r"],
            "median_r_if_deleted": sub["median_r"],
            "var_r_if_deleted": sub["var_r"],
            "signal_to_noise_if_deleted": sub["signal_to_noise"],
            "alpha_se_if_deleted": sub["alpha_se"],
        })
    return _frame(rows)


def _constant_rest(p: PreparedItems, keep: list[int]) -> np.ndarray:
    """Whether each kept item's rest score (the sum of the other kept items, reverse keying
    applied) is the same for every complete row: decided on the data, not on a variance
    that float rounding leaves at ±1e-16. Whole-number answers sum exactly; other answers
    count as equal within the rounding of their sums (2⁻⁴⁰ of the largest)."""
    if p.deviations is not None:  # whole numbers summed exactly, no rows kept
        from survey.stats.whole_numbers import constant_rest

        if p.moments.n_used < 2:
            return np.zeros(len(keep), dtype=bool)
        return constant_rest(p.deviations, p.signs, keep)
    # column by column, no copy of the matrix: the signed total T over the kept items is NaN
    # in every row not complete on them, so T·0 marks those rows (NaN) and the fmax/fmin
    # reductions, which skip NaN, see only the complete rows; each rest is T − sign_i x_i
    x = p.x
    none = np.zeros(len(keep), dtype=bool)
    if len(keep) < 2:
        return none
    total = np.zeros(len(x))
    for i in keep:
        total += p.signs[i] * x[:, i]
    outside = total * 0.0
    if np.count_nonzero(outside == 0) < 2:
        return none
    whole = all(np.fmax.reduce(np.abs(x[:, i] - np.rint(x[:, i])) + outside) == 0
                for i in keep)
    spread = np.empty(len(keep))
    largest = 0.0
    for position, i in enumerate(keep):
        rest = total - p.signs[i] * x[:, i]
        spread[position] = np.fmax.reduce(rest) - np.fmin.reduce(rest)
        largest = max(largest, float(np.fmax.reduce(np.abs(rest))))
    tolerance = 0.0 if whole else 2.0**-40 * largest
    constant: np.ndarray = spread <= tolerance
    return constant


def _if_deleted_reason(alpha: float | None, k: int, missing: str,
                       rest: np.ndarray) -> Reason | None:
    """Why α of the other items is absent: one item left, or a rest score that does not vary
    (under pairwise deletion: a rest matrix that is not positive semi-definite)."""
    if alpha is not None:
        return None
    if k - 1 < 2:
        return Reason.TOO_FEW_ITEMS
    if missing == "pairwise" and not _is_psd(rest):
        return Reason.NOT_POSITIVE_SEMIDEFINITE
    return Reason.ZERO_TOTAL_VARIANCE


def _r(values: np.ndarray) -> np.ndarray:
    """Correlations: NaN where undefined or impossible (|r| > 1, from an indefinite matrix)."""
    out = np.where(np.isfinite(values) & (np.abs(values) <= 1 + 1e-9), values, np.nan)
    return np.clip(out, -1.0, 1.0)


def _frame(rows: Mapping[int, dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame([rows[i] for i in sorted(rows)], columns=ITEM_COLUMNS)
    reasons = ("reason", "alpha_if_deleted_reason", "corrected_item_total_r_reason")
    numeric = [c for c in ITEM_COLUMNS if c not in ("item", "n", "reversed", *reasons)]
    frame[numeric] = frame[numeric].astype("float64")
    frame["n"] = frame["n"].astype("int64")
    for column in reasons:
        frame[column] = frame[column].map(
            lambda r: None if r is None or r is np.nan else str(r)).astype(object)
    return frame


# --------------------------------------------------------------------------- public API


def cronbach_alpha(
    data: pd.DataFrame,
    items: Sequence[str] | None = None,
    *,
    missing: Missing = "listwise",
    reverse: Sequence[str] = (),
    scale_range: ScaleRange | None = None,
    missing_values: MissingValues | None = None,
    confidence: float = 0.95,
    bootstrap: int = 0,
    seed: int = 0,
    lang: Language = "en",
) -> Alpha:
    """Cronbach's α (raw and standardised) with its Feldt interval.

    ``reverse`` items are scored as ``low + high − x`` (``scale_range = (low, high)``, by
    default the lowest and highest answer seen in these items); ``bootstrap`` > 0 adds a
    percentile interval from that many resamples (``seed`` makes it reproducible).

    >>> df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})
    >>> round(cronbach_alpha(df).alpha, 6)
    0.933333
    >>> cronbach_alpha(df[["a"]]).reason
    <Reason.TOO_FEW_ITEMS: 'too_few_items'>
    """
    p = _prepare(data, items, missing, reverse, scale_range, missing_values,
                 rows=bootstrap > 0)[0]
    return _alpha(p, confidence=confidence, bootstrap=bootstrap, seed=seed, lang=lang)


def item_statistics(
    data: pd.DataFrame,
    items: Sequence[str] | None = None,
    *,
    missing: Missing = "listwise",
    reverse: Sequence[str] = (),
    scale_range: ScaleRange | None = None,
    missing_values: MissingValues | None = None,
) -> pd.DataFrame:
    """SPSS's item-total statistics (plus psych's and SAS's), one row per item.

    Columns :data:`ITEM_COLUMNS`: ``n, mean, sd`` (under pairwise: every answer to the
    item), ``item_total_r`` (效度), ``corrected_item_total_r`` (CITC), ``alpha_if_deleted``
    (α of C without row and column i), ``scale_mean_if_deleted``, ``scale_var_if_deleted``
    (ΣC − 2c_i + C_ii), ``smc``, and the standardised and psych ``alpha.drop`` figures.
    A figure undefined for an item is NaN, with the item's ``reason`` (a constant or empty
    item, or the whole table's reason); α if deleted needs at least 3 items, and where it is
    absent ``alpha_if_deleted_reason`` says why.

    >>> df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})
    >>> item_statistics(df)["corrected_item_total_r"].round(4).tolist()
    [1.0, 0.8, 0.8575]
    """
    return _item_table(_prepare(data, items, missing, reverse, scale_range, missing_values)[0])


def inter_item_correlations(
    data: pd.DataFrame, items: Sequence[str] | None = None, *, missing: Missing = "listwise",
    reverse: Sequence[str] = (), missing_values: MissingValues | None = None,
) -> pd.DataFrame:
    """The inter-item correlation matrix (SPSS /STATISTICS=CORR), items as rows and columns.

    Under ``pairwise`` each r uses the respondents who answered both items (R's
    ``cor(use = "pairwise")``). Pairs without a correlation are NaN.
    """
    p = _prepare(data, items, missing, reverse, None, missing_values)[0]
    return pd.DataFrame(p.moments.corr, index=list(p.names), columns=list(p.names))


@dataclass(frozen=True)
class ScaleReliability:
    """α, the item table, KMO and Bartlett for one scale (or one dimension of it)."""

    alpha: Alpha
    item_table: pd.DataFrame
    correlations: pd.DataFrame
    kmo: KMO
    bartlett: Bartlett
    dimension: str | None = None
    dimensions: tuple[ScaleReliability, ...] = ()
    lang: Language = "en"

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``survey reliability --json`` (undefined figures ``None``)."""
        from survey.jsonable import jsonable, records

        block: dict[str, Any] = {"dimension": self.dimension} if self.dimension else {}
        block.update(self.alpha.to_dict(self.lang))
        block["items_used"] = block.pop("items")
        block["items"] = records(self.item_table)
        block["kmo"] = self.kmo.to_dict()
        block["bartlett"] = self.bartlett.to_dict()
        block["warnings"] = block.pop("warnings")
        if self.dimensions:
            block["dimensions"] = [d.to_dict() for d in self.dimensions]
        out: dict[str, Any] = jsonable(block)
        return out


def scale_reliability(
    data: pd.DataFrame,
    items: Sequence[str] | None = None,
    *,
    missing: Missing = "listwise",
    reverse: Sequence[str] = (),
    scale_range: ScaleRange | None = None,
    missing_values: MissingValues | None = None,
    confidence: float = 0.95,
    bootstrap: int = 0,
    seed: int = 0,
    lang: Language = "en",
    dimensions: Mapping[str, Sequence[str]] | None = None,
) -> ScaleReliability:
    """Everything for one scale from one pass over the data: α, item table, KMO, Bartlett.

    All figures come from one set of moments (:func:`~survey.stats._moments.prepare_items`).
    ``dimensions`` (name → items) adds the same analysis for each dimension, on its own
    items (under listwise deletion: the rows complete on them), as SPSS run per subscale.
    ``scale_range`` may also map each reverse-keyed item to its own (low, high).
    """
    return _reliability(data, items, missing=missing, reverse=reverse, scale_range=scale_range,
                        missing_values=missing_values, confidence=confidence,
                        bootstrap=bootstrap, seed=seed, lang=lang, dimensions=dimensions)


def _reliability(
    data: pd.DataFrame, items: Sequence[str] | None, *, missing: Missing,
    reverse: Sequence[str], scale_range: ScaleRange | None,
    missing_values: MissingValues | None, confidence: float, bootstrap: int, seed: int,
    lang: Language, dimensions: Mapping[str, Sequence[str]] | None,
    sums: ListwiseSums | None = None,
) -> ScaleReliability:
    """:func:`scale_reliability`; ``sums``: the items' exact sums, read already (a
    dimension's, taken from its scale's when every row was complete)."""
    p, sums = _prepare(data, items, missing, reverse, scale_range, missing_values,
                       rows=bootstrap > 0, sums=sums)
    result = _scale(p, confidence=confidence, bootstrap=bootstrap, seed=seed, lang=lang)
    if not dimensions:
        return result
    parts = []
    for name, members in dimensions.items():
        unknown = [i for i in members if i not in p.names]
        if unknown:
            raise ParameterError(f"dimension {name!r} names an item that is not in the scale",
                                 code="unknown_item", expected=f"one of {list(p.names)}",
                                 got=unknown[0])
        sub = _reliability(
            data, list(members), missing=missing, reverse=[r for r in reverse if r in members],
            scale_range=_range(p, scale_range), missing_values=missing_values,
            confidence=confidence, bootstrap=bootstrap, seed=seed, lang=lang, dimensions=None,
            sums=None if sums is None else complete_subset(sums, [str(m) for m in members]))
        parts.append(replace(sub, dimension=str(name)))
    return replace(result, dimensions=tuple(parts))


def _prepare(data: pd.DataFrame, items: Sequence[str] | None, missing: Missing,
             reverse: Sequence[str], scale_range: ScaleRange | None,
             missing_values: MissingValues | None, *, rows: bool = False,
             sums: ListwiseSums | None = None) -> tuple[PreparedItems, ListwiseSums | None]:
    """:func:`~survey.stats._moments.prepare_items`; for whole-number columns (blanks
    allowed) under listwise deletion, when no bootstrap needs the ``rows``, the same from
    exact sums without a float copy of the data (:mod:`survey.stats.whole_numbers`), which
    are returned too (``None`` on the general path); ``sums``: those sums, read already."""
    if missing == "listwise" and not rows:
        if sums is None:
            sums = read_sums(data, items, missing_values)
        if sums is not None:
            prepared = prepare_whole_numbers(data, items, reverse, scale_range,
                                             missing_values, sums=sums)
            if prepared is not None:
                return prepared, sums
    return prepare_items(data, items, missing, reverse, scale_range, missing_values), None


def _range(p: PreparedItems, scale_range: ScaleRange | None) -> ScaleRange | None:
    """The reverse-keying range of the whole scale, so that its dimensions agree with it."""
    if scale_range is not None or not p.reversed_items:
        return scale_range
    return {name: (0.0, float(p.centre[i])) for i, name in enumerate(p.names)
            if name in p.reversed_items}


def _scale(p: PreparedItems, *, confidence: float, bootstrap: int, seed: int,
           lang: Language) -> ScaleReliability:
    alpha = _alpha(p, confidence=confidence, bootstrap=bootstrap, seed=seed, lang=lang)
    table = _item_table(p)
    m = p.moments.subset(list(p.keep))
    names = tuple(p.names[i] for i in p.keep)
    correlations = pd.DataFrame(p.moments.corr, index=list(p.names), columns=list(p.names))
    if m.n_used < 2:
        validity_kmo = KMO(names, None, (None,) * len(names), m.n_used, m.missing,
                           Reason.TOO_FEW_RESPONDENTS)
        validity_bartlett = Bartlett(names, None, None, None, m.n_used, m.missing,
                                     Reason.TOO_FEW_RESPONDENTS)
    else:
        validity_kmo = kmo_from_correlation(m.corr, names, n=m.n_used, missing=m.missing,
                                            n_pair=m.n_pair)
        validity_bartlett = bartlett_from_correlation(m.corr, m.n_used, names,
                                                      missing=m.missing, n_pair=m.n_pair)
    return ScaleReliability(alpha=alpha, item_table=table, correlations=correlations,
                            kmo=validity_kmo, bartlett=validity_bartlett, lang=lang)


def prepared_reliability(prepared: PreparedItems, *, confidence: float = 0.95,
                         lang: Language = "en") -> ScaleReliability:
    """α, the item table, KMO and Bartlett from items already reduced to their moments
    (:func:`~survey.stats._moments.prepare_moments`): the entry of the streamed and
    distributed paths (:mod:`survey.stats.streaming`), which never hold the data. They give
    no bootstrap interval (it resamples respondents)."""
    return _scale(prepared, confidence=confidence, bootstrap=0, seed=0, lang=lang)


def instrument_reliability(
    data: pd.DataFrame,
    instrument: Instrument,
    *,
    missing: Missing = "listwise",
    confidence: float = 0.95,
    bootstrap: int = 0,
    seed: int = 0,
    lang: Language = "en",
    answers: ItemAnswers | None = None,
) -> ScaleReliability:
    """Reliability of an instrument's satisfaction scale, whole and per dimension.

    Items are the satisfaction matrices' Likert items; reverse-keyed items come from
    ``LikertItem.reverse`` and are scored on their scale (lowest + highest code − x);
    excluded codes (不了解, 说不清) count as missing; dimensions come from
    ``LikertItem.dimension``, in questionnaire order. ``answers``: the items' answers
    already read from ``data`` (:class:`~survey.stats.answers.ItemAnswers`), whose answer
    patterns give the exact sums of listwise reliability without reading the columns
    (:func:`~survey.stats.whole_numbers.pattern_sums`; the same figures).
    """
    from survey.stats.answers import item_levels
    from survey.stats.satisfaction import satisfaction_items

    variables = satisfaction_items(instrument)
    names = [v.name for v in variables]
    frame = data[names]  # a view (copy on write): masking a column below copies that column
    for v in variables:
        if v.excluded:  # a valid answer that is no position on the scale
            frame[v.name] = frame[v.name].mask(frame[v.name].isin(v.excluded))
    reverse = [v.name for v in variables if v.reverse]
    scale_range: dict[str, tuple[float, float]] = {}
    for v in variables:
        scored = [c for c in v.codes if c not in v.excluded]
        if v.reverse and scored:
            scale_range[v.name] = (float(min(scored)), float(max(scored)))
    dims: dict[str, list[str]] = {}
    for v in variables:
        if v.dimension:
            dims.setdefault(v.dimension, []).append(v.name)
    sums = None
    if answers is not None and missing == "listwise" and not bootstrap:
        answers.of(data, variables)  # checked: the answers of these rows and items
        patterns = answers.patterns
        if list(patterns.names) == names:
            sums = pattern_sums(frame, patterns, [item_levels(v)[0] for v in variables])
    return _reliability(frame, names, missing=missing, reverse=reverse,
                        scale_range=scale_range or None, missing_values=None,
                        confidence=confidence, bootstrap=bootstrap, seed=seed, lang=lang,
                        dimensions=dims or None, sums=sums)
