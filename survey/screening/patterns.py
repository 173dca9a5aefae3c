"""Screening rules about how a questionnaire was answered rather than what it says.

- :func:`straight_lining`: the longest run of identical answers over a Likert matrix's
  items, and the within-person standard deviation over them.
- :func:`speeding`: a completion time below a set minimum or a fraction of the median.
- :func:`mahalanobis`: multivariate outliers, D² = (x − x̄)ᵀ S⁻¹ (x − x̄) over complete
  answers, against the χ² quantile with df = number of items (Tabachnick & Fidell, *Using
  Multivariate Statistics*, ch. 4: p < .001).

Each returns a problems table (see :mod:`survey.screening.rules`); all are vectorised.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from survey.instrument.model import Instrument
from survey.instrument.variables import Variable, variables
from survey.locale import Language, text
from survey.responses.mapping import DURATION_COLUMN
from survey.rounding import format_number
from survey.screening._problems import (
    concat,
    empty,
    numbers_text,
    problems,
    render,
    render_numbers,
)

__all__ = ["longest_run", "mahalanobis", "speeding", "straight_lining"]

#: Rows per block when computing Mahalanobis distances (bounds the memory used).
_BLOCK_ROWS = 100_000


def longest_run(block: np.ndarray) -> np.ndarray:
    """Per row, the length of the longest run of equal, present values (left to right).

    >>> longest_run(np.array([[5, 5, 4, 4, 4, 3], [1, 2, 3, 4, 5, 5], [2, np.nan, 2, 2, 2, 2]]))
    array([3, 2, 4])
    """
    block = np.asarray(block, dtype="float64")
    n, k = block.shape
    if k == 0:
        return np.zeros(n, dtype="int64")
    current = np.where(np.isnan(block[:, 0]), 0, 1)
    best = current.copy()
    for j in range(1, k):
        present = ~np.isnan(block[:, j])
        same = present & (block[:, j] == block[:, j - 1])
        current = np.where(same, current + 1, np.where(present, 1, 0))
        np.maximum(best, current, out=best)
    return best


def _matrices(instrument: Instrument) -> list[tuple[str, list[Variable]]]:
    grouped: dict[str, list[Variable]] = {}
    for var in variables(instrument):
        if var.kind == "likert_item":
            grouped.setdefault(var.question, []).append(var)
    return list(grouped.items())


def straight_lining(
    frame: pd.DataFrame,
    instrument: Instrument,
    *,
    min_items: int = 6,
    min_run: int | None = None,
    max_sd: float | None = None,
    lang: Language = "en",
) -> pd.DataFrame:
    """Respondents who answered a Likert matrix of ``min_items`` or more items in a line.

    Found when the longest run of identical answers reaches ``min_run`` items (default:
    every item, i.e. one answer to the whole matrix) or, when ``max_sd`` is given, when the
    within-person standard deviation of the answers (population SD over the items answered)
    is at most ``max_sd``. Only respondents who answered every item are judged. Matrices
    with fewer items are not checked: three identical answers say little.
    """
    parts = []
    for question, vars_ in _matrices(instrument):
        if len(vars_) < min_items or any(v.name not in frame for v in vars_):
            continue
        need = len(vars_) if min_run is None else min(min_run, len(vars_))
        found, run, mode, sd = _lines(frame, [v.name for v in vars_], need, max_sd)
        if not found.any():
            continue
        values = numbers_text(mode)
        detail = render_numbers(lang, "screening_detail_straight_lining",
                                {"run": (run, 0), "value": (mode, 2), "sd": (sd, 2)},
                                items=len(vars_))
        parts.append(problems(frame, instrument.id_column, "straight_lining", found, question,
                              values, detail))
    return concat(parts)


def _lines(frame: pd.DataFrame, names: list[str], need: int, max_sd: float | None,
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Which rows straight-line the items ``names`` (:func:`straight_lining`), and for each
    row found its longest run, the answer of that run and the SD of its answers.

    With the default run (every item) and no ``max_sd``, float columns are compared
    column by column (:func:`_identical_answers`): a row found gives one answer ``k`` times,
    so its run is ``k``, its answer the first, and its SD that of ``k`` copies of the answer,
    computed once per answer (:func:`_constant_sd`). Otherwise the rows × items block is
    read and each row found measured."""
    if need == len(names) and max_sd is None and all(
            frame[name].dtype == np.float64 for name in names):
        first = frame[names[0]].to_numpy()
        found = _identical_answers([frame[name].to_numpy() for name in names])
        mode = first[found]
        return (found, np.full(len(mode), len(names), dtype=np.int64), mode,
                _constant_sd(mode, len(names)))
    block = frame[names].to_numpy(dtype="float64")
    complete = ~np.isnan(block).any(axis=1)
    if need == len(names):  # a run of every item: each answer equals the one before
        found = complete & (block[:, 1:] == block[:, :-1]).all(axis=1)
    else:
        found = complete & (longest_run(block) >= need)
    # 1e308 or inf answers have an SD of inf or NaN, without a warning to the user
    with np.errstate(over="ignore", invalid="ignore"):
        if max_sd is not None:
            sd_all = np.full(len(block), np.inf)
            sd_all[complete] = block[complete].std(axis=1)
            found |= complete & (sd_all <= max_sd + 1e-12)
        sub = block[found]
        sd = sub.std(axis=1)
    return found, longest_run(sub), _run_value(sub), sd


def _constant_sd(values: np.ndarray, k: int) -> np.ndarray:
    """For each value, the SD numpy gives a row of ``k`` copies of it (0, or nearly, where
    ``k`` copies do not add up exactly), computed once per distinct value: a row's SD
    depends on its own answers only."""
    distinct, inverse = np.unique(values, return_inverse=True)
    with np.errstate(over="ignore", invalid="ignore"):  # 1e308 or inf answers: inf or NaN
        sd: np.ndarray = np.repeat(distinct[:, None], k, axis=1).std(axis=1)
    return sd[inverse]


def _identical_answers(columns: list[np.ndarray]) -> np.ndarray:
    """Rows whose answers in ``columns`` are all present and equal: the first present and
    each equal to the one before (a blank equals nothing), one column at a time."""
    found: np.ndarray = ~np.isnan(columns[0])
    for before, after in zip(columns, columns[1:], strict=False):
        found &= after == before
    return found


def _run_value(block: np.ndarray) -> np.ndarray:
    """The answer of each row's longest run (the first such run)."""
    n, k = block.shape
    current = np.ones(n, dtype="int64")
    best = np.ones(n, dtype="int64")
    value = block[:, 0].copy()
    for j in range(1, k):
        same = block[:, j] == block[:, j - 1]
        current = np.where(same, current + 1, 1)
        better = current > best
        best = np.where(better, current, best)
        value = np.where(better, block[:, j], value)
    return value


def speeding(
    frame: pd.DataFrame,
    instrument: Instrument,
    *,
    min_seconds: float | None = None,
    median_fraction: float | None = 1 / 3,
    lang: Language = "en",
    median: float | None = None,
) -> pd.DataFrame:
    """Questionnaires completed faster than ``min_seconds`` or than ``median_fraction`` of the
    median completion time (of all questionnaires with a time), whichever is higher.
    ``median``: that median when it is known beforehand (a streamed pass over a file's
    batches, each smaller than the file).

    Needs a ``duration_seconds`` column (问卷星 所用时间, 腾讯问卷 答题时长, or one the
    evaluator adds); without one, or without any time recorded, nothing is found.
    """
    if DURATION_COLUMN not in frame:
        return empty()
    seconds = frame[DURATION_COLUMN].to_numpy(dtype="float64")
    known = ~np.isnan(seconds)
    if not known.any():
        return empty()
    thresholds = []
    if min_seconds is not None:
        thresholds.append((float(min_seconds), text(lang, "screening_basis_min_seconds")))
    if median_fraction is not None:
        if median is None:
            median = _median(seconds[known])
        fraction = format_number(median_fraction * 100, 1) + "%"
        thresholds.append((median * median_fraction, text(
            lang, "screening_basis_median", median=format_number(median, 1), fraction=fraction)))
    if not thresholds:
        return empty()
    threshold, basis = max(thresholds, key=lambda t: t[0])
    fast = known & (seconds < threshold)
    if not fast.any():
        return empty()
    values = numbers_text(seconds[fast], 1)
    detail = render(lang, "screening_detail_speeding", len(values), seconds=values,
                    threshold=format_number(threshold, 1), basis=basis)
    return problems(frame, instrument.id_column, "speeding", fast, DURATION_COLUMN, values,
                    detail)


#: Whole-number times spanning fewer seconds than this are counted for their median.
_COUNTED = 1 << 20


def _median(values: np.ndarray) -> float:
    """``numpy.median`` of float ``values`` (none blank): completion times in whole seconds
    spanning less than :data:`_COUNTED` are counted (``bincount``) and the middle one or
    two read from the running counts, instead of partitioned; the middle values are
    averaged as numpy averages them (its sum starts from +0.0, so a zero is +0.0)."""
    low, high = float(values.min()), float(values.max())
    if not (high - low < _COUNTED and low.is_integer()
            and np.array_equal(np.trunc(values), values)):
        return float(np.median(values))
    running = np.cumsum(np.bincount((values - low).astype(np.intp)))
    n = len(values)
    lower, upper = np.searchsorted(running, [(n - 1) // 2, n // 2], side="right")
    if n % 2:
        return float(upper) + low
    return float(np.mean([float(lower) + low, float(upper) + low]))


def mahalanobis(
    frame: pd.DataFrame,
    instrument: Instrument,
    *,
    items: Sequence[str] = (),
    p_value: float = 0.001,
    lang: Language = "en",
) -> pd.DataFrame:
    """Multivariate outliers among complete answers to ``items`` (default: the satisfaction
    items): D² above the χ² quantile at 1 − ``p_value`` with df = number of items.

    The covariance is the sample covariance of the complete rows; a singular covariance
    (an item everyone answered alike) is inverted with the Moore–Penrose pseudo-inverse and
    df becomes its rank. Fewer complete rows than items + 2 give no findings.
    """
    from scipy.stats import chi2

    names = list(items) or [v.name for v in variables(instrument) if v.satisfaction
                            and v.kind == "likert_item"]
    names = [n for n in names if n in frame]
    if len(names) < 2:
        return empty()
    block = frame[names].to_numpy(dtype="float64")
    complete = ~np.isnan(block).any(axis=1)
    x = block[complete]
    if len(x) < len(names) + 2:
        return empty()
    mean = x.mean(axis=0)
    cov = np.cov(x, rowvar=False)
    inverse = np.linalg.pinv(cov)
    df = int(np.linalg.matrix_rank(cov))
    if df < 1:
        return empty()
    d2 = np.empty(len(x))
    for start in range(0, len(x), _BLOCK_ROWS):
        centred = x[start:start + _BLOCK_ROWS] - mean
        d2[start:start + _BLOCK_ROWS] = np.einsum("ij,jk,ik->i", centred, inverse, centred)
    cutoff = float(chi2.ppf(1 - p_value, df))
    outlier = np.zeros(len(frame), dtype=bool)
    outlier[np.flatnonzero(complete)[d2 > cutoff]] = True
    if not outlier.any():
        return empty()
    shown = np.array([format_number(v, 2) for v in d2[d2 > cutoff]], dtype=object)
    detail = render(lang, "screening_detail_mahalanobis", len(shown), d2=shown,
                    cutoff=format_number(cutoff, 2), df=df, p=format_number(p_value, 4))
    return problems(frame, instrument.id_column, "mahalanobis", outlier, "*", shown, detail)
