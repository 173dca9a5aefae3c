"""Satisfaction rates: per item and overall, with their base and interval.

Convention ``top_two_box`` (满意率): the share of valid answers that are satisfied codes
(非常满意 + 满意 on the five-point scale). The denominator is the item's valid answers: a
missing answer or an excluded code (不了解, 说不清) is not in it.

The overall rate is the mean of the item rates (``mean_of_items``). Its interval treats
respondents as clusters: the linearised variance of the mean of ratios
(z_i = (1/k)·Σ_j a_ij (y_ij − p_j) / n_j, Var = n/(n−1)·Σ z_i²) gives an effective sample
size n_eff = p(1−p)/Var, and the Wilson interval is taken at n_eff. With every answer
satisfied the variance is 0 and the respondents' count is used.

References: Wilson (1927), JASA 22, 209–212; Wolter (2007), *Introduction to Variance
Estimation*, ch. 6 (Taylor series); Korn & Graubard (1998), effective sample size for
proportions from complex samples.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from survey.instrument.model import Instrument
from survey.instrument.variables import Variable, variables
from survey.stats.intervals import wilson_interval

__all__ = ["SATISFACTION_COLUMNS", "satisfaction_items", "satisfaction_table", "top_box_rate"]

SATISFACTION_COLUMNS = [
    "group", "item", "label", "dimension", "n", "n_satisfied", "n_excluded",
    "convention", "value", "ci_low", "ci_high",
]


def satisfaction_items(instrument: Instrument) -> list[Variable]:
    """The Likert items of the instrument's satisfaction matrices, in order."""
    return [v for v in variables(instrument) if v.kind == "likert_item" and v.satisfaction]


def top_box_rate(
    answers: pd.Series, satisfied: Sequence[int], excluded: Sequence[int] = (),
    *, confidence: float = 0.95,
) -> dict[str, float | int | None]:
    """Top-box rate of one item: satisfied answers over valid answers, with the Wilson interval.

    Returns ``n`` (valid answers in the denominator), ``n_satisfied``, ``n_excluded``,
    ``value``, ``ci_low``, ``ci_high``; the rate and its interval are ``None`` when n = 0.

    >>> r = top_box_rate(pd.Series([5, 4, 4, 3, 9]), satisfied=[5, 4], excluded=[9])
    >>> r["n"], r["n_satisfied"], r["value"]
    (4, 3, 0.75)
    """
    values = pd.to_numeric(answers, errors="coerce").dropna()
    n_excluded = int(values.isin(list(excluded)).sum())
    valid = values[~values.isin(list(excluded))]
    n = len(valid)
    k = int(valid.isin(list(satisfied)).sum())
    if n == 0:
        return {"n": 0, "n_satisfied": 0, "n_excluded": n_excluded,
                "value": None, "ci_low": None, "ci_high": None}
    low, high = wilson_interval(k, n, confidence)
    return {"n": n, "n_satisfied": k, "n_excluded": n_excluded,
            "value": k / n, "ci_low": low, "ci_high": high}


def _overall(frame: pd.DataFrame, items: list[Variable], confidence: float) -> dict[str, object]:
    """Mean of the item rates, with a respondent-clustered (linearised) Wilson interval."""
    answered_cols, satisfied_cols = [], []
    for var in items:
        x = pd.to_numeric(frame[var.name], errors="coerce")
        valid = x.notna() & ~x.isin(list(var.excluded))
        answered_cols.append(valid.to_numpy())
        satisfied_cols.append((valid & x.isin(list(var.satisfied))).to_numpy())
    a = np.column_stack(answered_cols).astype(float)
    y = np.column_stack(satisfied_cols).astype(float)
    n_j = a.sum(axis=0)
    used = n_j > 0
    if not used.any():
        return {"n": 0, "value": None, "ci_low": None, "ci_high": None,
                "n_satisfied": None, "n_excluded": None}
    a, y, n_j = a[:, used], y[:, used], n_j[used]
    p_j = y.sum(axis=0) / n_j
    k = len(p_j)
    value = float(p_j.mean())
    respondents = a.any(axis=1)
    m = int(respondents.sum())
    z = ((a * (y - p_j)) / n_j).sum(axis=1)[respondents] / k
    variance = m / (m - 1) * float((z**2).sum()) if m > 1 else 0.0
    n_eff = value * (1 - value) / variance if variance > 0 else float(m)
    low, high = wilson_interval(value * n_eff, n_eff, confidence)
    return {"n": m, "value": value, "ci_low": low, "ci_high": high,
            "n_satisfied": None, "n_excluded": None}


def satisfaction_table(
    frame: pd.DataFrame, instrument: Instrument, *, group: str | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Top-two-box rate per satisfaction item and overall, one row each.

    Columns :data:`SATISFACTION_COLUMNS`; the overall row has ``item = "overall"`` and
    ``convention = "top_two_box/mean_of_items"``, and its ``n`` counts respondents.
    """
    group = group or instrument.group.id
    items = satisfaction_items(instrument)
    rows = []
    for var in items:
        rate = top_box_rate(frame[var.name], var.satisfied, var.excluded, confidence=confidence)
        rows.append({"group": group, "item": var.name, "label": var.label,
                     "dimension": var.dimension, "convention": "top_two_box", **rate})
    if items:
        rows.append({"group": group, "item": "overall", "label": None,
                     "dimension": None, "convention": "top_two_box/mean_of_items",
                     **_overall(frame, items, confidence)})
    return pd.DataFrame(rows, columns=SATISFACTION_COLUMNS)
