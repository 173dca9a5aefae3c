"""Satisfaction conventions: how one item's answers become one figure, and how sure it is.

Evaluation reports compute "满意度" in several ways and rarely say which. Each convention
here has a name that is printed with every figure (:meth:`Convention.label`):

============== ======================================================= ======= ===========
name           per valid answer                                        unit    interval
============== ======================================================= ======= ===========
top_two_box    1 if a satisfied code (非常满意, 满意) else 0 → 满意率    share   Wilson
weighted_100   points of its level under a mapping (100/80/60/40/20)   points  t
mean           level position 1 … k (k = most satisfied)               scale   t
mean_percent   position / k × 100  (the "mean/5×100" score)            points  t
mean_rescaled  (position − 1) / (k − 1) × 100  ("(mean−1)/4×100")      points  t
============== ======================================================= ======= ===========

The figure is the mean of the per-answer values over the item's **valid answers**: missing
answers and excluded codes (不了解, 说不清: the scale's ``excluded``) are not in the
denominator. A code outside the scale is not an answer either; it is counted in
``n_out_of_scale`` (screening normally sets such questionnaires aside).

Levels are the scale's scored codes ordered from least to most favourable. The direction is
taken from the scale's ``satisfied`` codes (they are the favourable end); a scale without
satisfied codes is read as "higher code = more favourable". A reverse-keyed item mirrors
its levels, so its satisfied codes are the mirrored ones.

Intervals: a share has the Wilson score interval (Wilson 1927) or, on request, the exact
Clopper–Pearson interval (Clopper & Pearson 1934); a mean score has the t interval
x̄ ± t₍ₙ₋₁₎·s/√n, clipped to the range of possible values. With every answer identical the
t interval has zero width: it cannot express uncertainty, and the Wilson interval of the
top-two-box rate is then the better statement.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeGuard, get_args

import numpy as np
import pandas as pd
from scipy import special

from survey.errors import ParameterError, Reason
from survey.stats._answers import answer_classes, numeric_answers
from survey.stats.intervals import t_quantile, wilson_interval
from survey.stats.patterns import PatternColumn, ValidValues

__all__ = [
    "NAMED_MAPPINGS",
    "Convention",
    "ConventionName",
    "IntervalMethod",
    "Unit",
    "answer_scores",
    "clopper_pearson_interval",
    "item_estimate",
    "mean_interval",
    "proportion_interval",
    "scale_levels",
]

ConventionName = Literal["top_two_box", "weighted_100", "mean", "mean_percent", "mean_rescaled"]
IntervalMethod = Literal["wilson", "clopper_pearson"]
Unit = Literal["share", "points", "scale"]
CONVENTIONS: tuple[str, ...] = get_args(ConventionName)


def _is_convention(name: str) -> TypeGuard[ConventionName]:
    return name in CONVENTIONS


#: Named weighted-score mappings, points from the most to the least satisfied level.
NAMED_MAPPINGS: dict[str, tuple[float, ...]] = {
    "100/80/60/40/20": (100.0, 80.0, 60.0, 40.0, 20.0),
    "100/80/60/30/0": (100.0, 80.0, 60.0, 30.0, 0.0),
    "100/75/50/25/0": (100.0, 75.0, 50.0, 25.0, 0.0),
}


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


@dataclass(frozen=True)
class Convention:
    """A satisfaction convention: its name and, for ``weighted_100``, the points per level.

    ``points`` run from the most to the least satisfied level, as reports write them
    (100/80/60/40/20). Build one with :meth:`of`.

    >>> Convention.of("weighted_100", "100/80/60/30/0").label()
    'weighted_100(100/80/60/30/0)'
    >>> Convention.of("mean_rescaled").label(5)
    'mean_rescaled((mean−1)/4×100)'
    """

    name: ConventionName = "top_two_box"
    points: tuple[float, ...] | None = None
    mapping: str | None = None

    @classmethod
    def of(cls, name: str, mapping: str | Sequence[float] | None = None) -> Convention:
        """The convention ``name``; ``mapping`` is a name of :data:`NAMED_MAPPINGS` or a list
        of points (most satisfied first) for ``weighted_100``, and must be absent otherwise."""
        if not _is_convention(name):
            raise ParameterError("unknown satisfaction convention", code="unknown_convention",
                                 expected=" / ".join(CONVENTIONS), got=name)
        if name != "weighted_100":
            if mapping is not None:
                raise ParameterError(f"convention {name} takes no mapping",
                                     code="mapping_not_used", got=mapping,
                                     hint="A points mapping belongs to weighted_100.")
            return cls(name=name)
        if mapping is None:
            raise ParameterError(
                "weighted_100 needs a mapping", code="mapping_missing",
                expected=" / ".join(NAMED_MAPPINGS) + " or a list of points",
                hint="Name the points per level, most satisfied first, e.g. 100/80/60/40/20.")
        if isinstance(mapping, str):
            key = mapping.replace(" ", "")
            if key in NAMED_MAPPINGS:
                return cls(name="weighted_100", points=NAMED_MAPPINGS[key], mapping=key)
            try:
                points = tuple(float(p) for p in key.split("/"))
            except ValueError:
                raise ParameterError("unreadable points mapping", code="bad_mapping",
                                     expected="points separated by '/', e.g. 100/70/40/10/0",
                                     got=mapping) from None
        else:
            points = tuple(float(p) for p in mapping)
        if len(points) < 2 or any(not math.isfinite(p) for p in points):
            raise ParameterError("a points mapping needs at least two finite values",
                                 code="bad_mapping", got=mapping)
        if any(a < b for a, b in zip(points, points[1:], strict=False)):
            raise ParameterError("points must not rise from the most to the least satisfied "
                                 "level", code="bad_mapping", got=mapping)
        name_of = "/".join(_num(p) for p in points)
        if name_of in NAMED_MAPPINGS:
            return cls(name="weighted_100", points=points, mapping=name_of)
        return cls(name="weighted_100", points=points, mapping=f"custom:{name_of}")

    @property
    def unit(self) -> Unit:
        """``share`` (0–1), ``points`` (0–100) or ``scale`` (level positions 1 … k)."""
        if self.name == "top_two_box":
            return "share"
        if self.name == "mean":
            return "scale"
        return "points"

    def label(self, k: int = 5) -> str:
        """The name printed with every figure, for a scale of ``k`` levels."""
        if self.name == "weighted_100":
            return f"weighted_100({self.mapping})"
        if self.name == "mean_percent":
            return f"mean_percent(mean/{k}×100)"
        if self.name == "mean_rescaled":
            return f"mean_rescaled((mean−1)/{k - 1}×100)"
        return self.name

    def level_values(self, k: int) -> tuple[float, ...]:
        """The per-answer value of each level, least satisfied first (top_two_box excepted:
        it depends on the satisfied codes, not on the position)."""
        if self.name == "weighted_100":
            points = self.points or ()
            if len(points) != k:
                raise ParameterError(
                    "the points mapping does not fit the scale", code="mapping_levels",
                    expected=f"{k} points (one per level)", got=self.mapping)
            return tuple(reversed(points))
        if self.name == "mean":
            return tuple(float(i) for i in range(1, k + 1))
        if self.name == "mean_percent":
            return tuple(i / k * 100 for i in range(1, k + 1))
        if self.name == "mean_rescaled":
            if k < 2:
                raise ParameterError("mean_rescaled needs at least two levels",
                                     code="mapping_levels", got=k)
            return tuple((i - 1) / (k - 1) * 100 for i in range(1, k + 1))
        raise ParameterError("top_two_box has no per-level values", code="no_level_values")


def scale_levels(
    codes: Sequence[int], satisfied: Sequence[int] = (), excluded: Sequence[int] = (),
    *, reverse: bool = False,
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Levels (scored codes, least to most favourable) and the satisfied codes of an item.

    >>> scale_levels([5, 4, 3, 2, 1], [5, 4])
    ((1, 2, 3, 4, 5), (5, 4))
    >>> scale_levels([1, 2, 3, 9], [1], [9])        # 1 = 满意 printed first
    ((3, 2, 1), (1,))
    >>> scale_levels([5, 4, 3, 2, 1], [5, 4], reverse=True)
    ((5, 4, 3, 2, 1), (1, 2))
    """
    scored = [c for c in codes if c not in set(excluded)]
    ascending = sorted(scored)
    sat = [c for c in satisfied if c in scored]
    if sat:
        others = [c for c in scored if c not in sat]
        favourable_high = not others or min(sat) >= max(others) or (
            sum(sat) / len(sat) > sum(others) / len(others))
        levels = ascending if favourable_high else ascending[::-1]
    else:
        levels = ascending
    if reverse:
        positions = [levels.index(c) for c in sat]
        levels = levels[::-1]
        sat = [levels[p] for p in positions]
    return tuple(levels), tuple(sat)


def answer_scores(
    answers: pd.Series, levels: Sequence[int], satisfied: Sequence[int],
    convention: Convention,
) -> pd.Series:
    """Per-answer value under ``convention`` (NaN where the answer is not a valid level).

    >>> s = pd.Series([5, 4, 3, None, 9])
    >>> answer_scores(s, (1, 2, 3, 4, 5), (5, 4), Convention.of("weighted_100",
    ...     "100/80/60/30/0")).tolist()
    [100.0, 80.0, 60.0, nan, nan]
    """
    values = pd.to_numeric(answers, errors="coerce")
    if convention.name == "top_two_box":
        table = {c: (1.0 if c in set(satisfied) else 0.0) for c in levels}
    else:
        table = dict(zip(levels, convention.level_values(len(levels)), strict=True))
    # A lookup array indexed by code: one vectorised take instead of a Python call per answer.
    codes = np.fromiter(table, dtype=np.int64, count=len(table))
    lookup = np.full(int(codes.max() - codes.min()) + 1, np.nan)
    lookup[codes - codes.min()] = np.fromiter(table.values(), dtype=float, count=len(table))
    x = values.to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        valid = (x == np.floor(x)) & (x >= codes.min()) & (x <= codes.max())
    scores = np.full(len(x), np.nan)
    scores[valid] = lookup[x[valid].astype(np.int64) - codes.min()]
    return pd.Series(scores, index=answers.index, name=answers.name)


def clopper_pearson_interval(
    successes: float, n: float, confidence: float = 0.95,
) -> tuple[float, float]:
    """Exact (Clopper–Pearson) interval for a proportion, from beta quantiles.

    .. math:: [B_{γ/2}(x, n−x+1),\\; B_{1−γ/2}(x+1, n−x)],\\quad γ = 1 − \\text{confidence}

    with the lower end 0 when x = 0 and the upper end 1 when x = n. Conservative: its
    coverage is at least the nominal level. Clopper & Pearson (1934), Biometrika 26, 404–413.

    >>> [round(v, 4) for v in clopper_pearson_interval(45, 46)]
    [0.8847, 0.9994]
    """
    if n <= 0:
        raise ValueError("n must be positive")
    gamma = 1 - confidence
    # scipy.special.betaincinv is the beta quantile scipy.stats.beta.ppf returns.
    low = 0.0 if successes <= 0 else float(special.betaincinv(successes, n - successes + 1,
                                                              gamma / 2))
    high = 1.0 if successes >= n else float(special.betaincinv(successes + 1, n - successes,
                                                               1 - gamma / 2))
    return low, high


def proportion_interval(
    successes: float, n: float, confidence: float = 0.95, method: IntervalMethod = "wilson",
) -> tuple[float, float]:
    """The interval of a proportion by ``method`` (``wilson`` or ``clopper_pearson``).

    At 0 % the lower end is exactly 0 and at 100 % the upper end exactly 1 (the Wilson
    formula gives them up to float noise, e.g. 5.6e-17, which would put the rate outside
    its own interval).

    >>> proportion_interval(0, 3)[0], proportion_interval(3, 3)[1]
    (0.0, 1.0)
    """
    if method == "clopper_pearson":
        low, high = clopper_pearson_interval(successes, n, confidence)
    else:
        low, high = wilson_interval(successes, n, confidence)
    if successes <= 0:
        low = 0.0
    if successes >= n:
        high = 1.0
    return low, high


def mean_interval(
    mean: float, sd: float, n: float, confidence: float = 0.95,
    bounds: tuple[float, float] | None = None,
) -> tuple[float, float] | None:
    """t interval x̄ ± t₍ₙ₋₁₎·s/√n, clipped to ``bounds``; ``None`` when n < 2.

    >>> [round(v, 4) for v in mean_interval(80.0, 20.0, 25)]
    [71.7444, 88.2556]
    """
    if n < 2:
        return None
    half = t_quantile(confidence, n - 1) * sd / math.sqrt(n)
    low, high = mean - half, mean + half
    if bounds is not None:
        low, high = max(bounds[0], low), min(bounds[1], high)
    return low, high


def item_estimate(
    answers: pd.Series, codes: Sequence[int], satisfied: Sequence[int],
    excluded: Sequence[int] = (), *, convention: Convention | None = None,
    reverse: bool = False, confidence: float = 0.95, interval: IntervalMethod = "wilson",
) -> dict[str, Any]:
    """One item's figure under ``convention``, with its base and interval.

    Returns ``n`` (valid answers: the denominator), ``n_satisfied``, ``n_excluded``,
    ``n_out_of_scale``, ``convention`` (its label), ``unit``, ``value``, ``sd``, ``ci_low``,
    ``ci_high``, ``interval`` and ``reason``. With no valid answer the value is ``None``
    and ``reason`` is ``all_excluded`` when every answer was an excluded code (all 不了解),
    otherwise ``no_valid_answers``. A mean with n = 1 has no interval
    (``too_few_respondents`` is not raised: the value stands, the interval is ``None``).

    >>> r = item_estimate(pd.Series([5, 4, 4, 3, 9]), [5, 4, 3, 2, 1, 9], [5, 4], [9])
    >>> r["n"], r["n_satisfied"], r["n_excluded"], r["value"]
    (4, 3, 1, 0.75)
    """
    return estimate_from_codes(numeric_answers(answers), codes, satisfied, excluded,
                               convention=convention, reverse=reverse, confidence=confidence,
                               interval=interval)


def level_scores(levels: Sequence[int], satisfied: Sequence[int],
                 convention: Convention) -> np.ndarray:
    """The per-answer value of each level (in ``levels`` order) under ``convention``: 1 or 0
    for top_two_box, :meth:`Convention.level_values` otherwise.

    >>> level_scores((1, 2, 3, 4, 5), (5, 4), Convention()).tolist()
    [0.0, 0.0, 0.0, 1.0, 1.0]
    """
    if convention.name == "top_two_box":
        return np.array([1.0 if c in set(satisfied) else 0.0 for c in levels], dtype=np.float64)
    return np.array(convention.level_values(len(levels)), dtype=np.float64)


def estimate_from_codes(
    x: np.ndarray, codes: Sequence[int], satisfied: Sequence[int],
    excluded: Sequence[int] = (), *, convention: Convention | None = None,
    reverse: bool = False, confidence: float = 0.95, interval: IntervalMethod = "wilson",
) -> dict[str, Any]:
    """:func:`item_estimate` of answers already read as float codes (NaN = blank)."""
    levels, sat = scale_levels(codes, satisfied, excluded, reverse=reverse)
    return estimate_from_classes(answer_classes(x, levels, excluded), levels, sat,
                                 convention=convention, confidence=confidence,
                                 interval=interval)


def valid_values(classes: np.ndarray | PatternColumn, size: int, n: int) -> ValidValues:
    """The function giving a per-level table's value at each of the ``n`` valid answers
    (class below ``size``) in row order: ``np.take(table, x[x < size])`` of the classes x,
    the filter made once; for classes held through answer patterns
    (:class:`~survey.stats.patterns.PatternColumn`), the same values looked up per pattern."""
    if isinstance(classes, PatternColumn):
        return classes.valid_values(size, n)
    valid = classes if n == len(classes) else classes[classes < size]
    return lambda table: np.take(table, valid)


def _mean_and_sd(classes: np.ndarray | PatternColumn, per_class: np.ndarray,
                 scores: np.ndarray) -> tuple[float, float | None]:
    """:func:`~survey.stats._answers.mean_and_sd` of the valid answers' ``scores`` (one per
    level, the first ``len(scores)`` classes), from their classes and the class counts: the
    same floats without the scores' array. The total is Σ count × score when the scores are
    non-negative whole numbers and every partial sum stays below 2⁵³ (then any order of adding gives it
    exactly); each answer's square (x̄ − x)² is its level's, looked up in row order."""
    size = len(scores)
    n = int(per_class[:size].sum())
    values = valid_values(classes, size, n)
    top = float(np.abs(scores).max(initial=0.0))
    if (scores == np.floor(scores)).all() and not np.signbit(scores).any() \
            and top * n < 2.0**53:
        total = np.float64(sum(int(c) * int(v) for c, v in zip(per_class, scores,
                                                                strict=False)))
    else:
        total = values(scores).sum(dtype=np.float64)
    count = np.float64(n)
    mean = float(total / count)
    if n < 2:
        return mean, None
    squares = (total / count - scores) ** 2
    return mean, math.sqrt(float(values(squares).sum(dtype=np.float64) / (count - 1)))


def estimate_from_classes(
    classes: np.ndarray | PatternColumn, levels: Sequence[int], sat: Sequence[int], *,
    convention: Convention | None = None, confidence: float = 0.95,
    interval: IntervalMethod = "wilson", counts: np.ndarray | None = None,
) -> dict[str, Any]:
    """:func:`item_estimate` of answers given as their classes
    (:func:`~survey.stats._answers.answer_classes` over ``levels``; ``sat``: the satisfied
    levels), the form the satisfaction tables read each column into once. The counts are
    one ``bincount`` (or ``counts``, each class's count where the caller has it); the value
    and SD are the mean and SD of the valid answers' scores in their row order
    (:func:`~survey.stats._answers.mean_and_sd`). ``classes`` may be held through the rows'
    answer patterns (:class:`~survey.stats.patterns.PatternColumn`): the same figures."""
    convention = convention or Convention()
    size = len(levels)
    if counts is not None:
        per_class = counts
    elif isinstance(classes, PatternColumn):
        per_class = classes.class_counts(size + 3)
    else:
        per_class = np.bincount(classes, minlength=size + 3)
    n = int(per_class[:size].sum())
    n_excluded, n_out = int(per_class[size]), int(per_class[size + 1])
    k_sat = int(sum(per_class[list(levels).index(c)] for c in set(sat)))
    out: dict[str, Any] = {
        "n": n, "n_satisfied": k_sat, "n_excluded": n_excluded, "n_out_of_scale": n_out,
        "convention": convention.label(size), "unit": convention.unit,
        "value": None, "sd": None, "ci_low": None, "ci_high": None,
        "interval": "wilson" if convention.unit == "share" and interval == "wilson"
        else ("clopper_pearson" if convention.unit == "share" else "t"),
        "reason": None,
    }
    if n == 0:
        out["reason"] = Reason.ALL_EXCLUDED if n_excluded and not n_out else Reason.NO_VALID_ANSWERS
        return out
    value, sd = _mean_and_sd(classes, per_class, level_scores(levels, sat, convention))
    out["value"] = value
    out["sd"] = sd
    if convention.unit == "share":
        out["ci_low"], out["ci_high"] = proportion_interval(k_sat, n, confidence, interval)
    else:
        possible = convention.level_values(size)
        ci = mean_interval(value, sd or 0.0, n, confidence,
                           (min(possible), max(possible)))
        if ci is not None:
            out["ci_low"], out["ci_high"] = ci
    return out
