"""Satisfaction per item, dimension, subgroup and overall, each figure with its convention,
base and interval.

Item figures follow one of the conventions of :mod:`survey.stats.conventions`
(``top_two_box`` 满意率 by default; ``weighted_100`` with a named points mapping; ``mean``;
``mean_percent`` = mean/k×100; ``mean_rescaled`` = (mean−1)/(k−1)×100). Excluded codes
(不了解) are left out of every denominator; an item answered only with excluded codes has no
figure (``reason = all_excluded``).

The overall figure is computed by one of four methods, and its ``convention`` says which:

- ``mean_of_items``: the mean of the item figures;
- ``weighted_mean``: Σ wⱼ·vⱼ / Σ wⱼ with the spec's item weights (items without a valid
  answer are left out and the weights of the rest renormalised; ``note`` says so);
- ``single_item``: the figure of one overall item (对项目总体效果的满意程度);
- ``respondent_index``: the share of respondents whose mean level (1 … k, reverse-keyed
  items mirrored) over their valid items is at least ``cutoff`` (default: the lowest
  satisfied level, 4 = 满意 on the five-point scale).

Intervals of the mean-of-items and weighted-mean figures treat respondents as clusters: the
linearised variance of the weighted mean of ratios, with
zᵢ = Σⱼ wⱼ·aᵢⱼ(yᵢⱼ − μⱼ)/nⱼ and Var = m/(m−1)·Σ zᵢ², gives for a share the effective sample
size n_eff = v(1−v)/Var at which the Wilson (or Clopper–Pearson) interval is taken, and for a
score the interval v ± t₍ₘ₋₁₎·√Var. With every answer satisfied the variance is 0 and the
respondents' count is used; so it is for a single item, whose share keeps the item's own
interval (k of n).

Each table reads the items' columns once, as answer classes (:func:`item_answers`); a
subgroup level's rows are those arrays restricted to its respondents, which give the same
floats as the level's own frame did.

Every row also carries the margin of error achieved for its n (at p = 0.5, the
conservative figure), and with the finite population correction where the population is
known (:func:`survey.stats.sample_size.margin_of_error`).

References: Wilson (1927), JASA 22, 209–212; Wolter (2007), *Introduction to Variance
Estimation*, ch. 6 (Taylor series); Korn & Graubard (1998), effective sample size for
proportions from complex samples.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeGuard, get_args

import numpy as np
import pandas as pd

from survey.errors import ParameterError, Reason
from survey.instrument.logic import Condition, parse_condition
from survey.instrument.model import Instrument, MultipleChoice
from survey.instrument.variables import Variable, variables
from survey.stats._answers import answer_classes, numeric_answers
from survey.stats.answers import ItemAnswers, item_levels, item_patterns
from survey.stats.conventions import (
    Convention,
    IntervalMethod,
    estimate_from_classes,
    level_scores,
    proportion_interval,
)
from survey.stats.frequencies import frequency_table
from survey.stats.intervals import t_quantile
from survey.stats.levels import SubgroupLevels, level_positions
from survey.stats.patterns import AnswerPatterns, PatternAnswers, PatternColumn
from survey.stats.sample_size import margin_of_error

__all__ = [
    "DIMENSION_COLUMNS",
    "REASON_COLUMNS",
    "SATISFACTION_COLUMNS",
    "SUBGROUP_COLUMNS",
    "OverallMethod",
    "SatisfactionOptions",
    "dimension_table",
    "dissatisfaction_reasons",
    "overall_satisfaction",
    "rank_items",
    "satisfaction_items",
    "satisfaction_table",
    "subgroup_table",
    "top_box_rate",
]

OverallMethod = Literal["mean_of_items", "weighted_mean", "single_item", "respondent_index"]
OVERALL_METHODS: tuple[str, ...] = get_args(OverallMethod)


def _is_overall(name: str) -> TypeGuard[OverallMethod]:
    return name in OVERALL_METHODS


def _is_interval(name: str) -> TypeGuard[IntervalMethod]:
    return name in ("wilson", "clopper_pearson")

SATISFACTION_COLUMNS = [
    "group", "item", "label", "dimension", "n", "n_satisfied", "n_excluded",
    "convention", "value", "ci_low", "ci_high",
    "n_out_of_scale", "unit", "sd", "interval", "confidence", "margin", "margin_fpc",
    "population", "rank", "reason", "note",
]
DIMENSION_COLUMNS = [
    "group", "dimension", "items", "n_items", "n", "convention", "unit", "value", "ci_low",
    "ci_high", "interval", "confidence", "margin", "reason", "note",
]
SUBGROUP_COLUMNS = ["group", "variable", "variable_label", "code", "level", *[
    c for c in SATISFACTION_COLUMNS if c != "group"]]
REASON_COLUMNS = [
    "group", "question", "variable", "code", "label", "count", "base", "share",
    "selections_base", "share_of_selections", "n_eligible", "rank", "n_answered_ineligible",
]


@dataclass(frozen=True)
class SatisfactionOptions:
    """How satisfaction is computed: convention, overall method, interval, confidence.

    Build it with :meth:`build`, which checks every choice; ``item_weights`` is needed for
    ``weighted_mean`` and ``overall_item`` for ``single_item``.
    """

    convention: Convention = Convention()
    overall: OverallMethod = "mean_of_items"
    item_weights: tuple[tuple[str, float], ...] = ()
    overall_item: str | None = None
    cutoff: float | None = None
    interval: IntervalMethod = "wilson"
    confidence: float = 0.95

    @classmethod
    def build(
        cls, *, convention: str | Convention = "top_two_box",
        mapping: str | Sequence[float] | None = None, overall: str = "mean_of_items",
        item_weights: Mapping[str, float] | None = None, overall_item: str | None = None,
        cutoff: float | None = None, interval: str = "wilson", confidence: float = 0.95,
    ) -> SatisfactionOptions:
        """Checked options (a :class:`~survey.errors.ParameterError` names a bad choice)."""
        conv = convention if isinstance(convention, Convention) else Convention.of(convention,
                                                                                   mapping)
        if not _is_overall(overall):
            raise ParameterError("unknown overall method", code="unknown_overall_method",
                                 expected=" / ".join(OVERALL_METHODS), got=overall)
        if not _is_interval(interval):
            raise ParameterError("unknown interval method", code="unknown_interval",
                                 expected="wilson / clopper_pearson", got=interval)
        if not 0 < confidence < 1:
            raise ParameterError("confidence out of range", code="bad_confidence",
                                 expected="a number in (0, 1)", got=confidence)
        if cutoff is not None and (not math.isfinite(cutoff) or cutoff <= 0):
            raise ParameterError("cut-off out of range", code="bad_cutoff",
                                 expected="a positive level, e.g. 4", got=cutoff)
        weights = tuple((str(k), float(v)) for k, v in (item_weights or {}).items())
        if any(not math.isfinite(w) or w <= 0 for _, w in weights):
            raise ParameterError("item weights must be positive", code="bad_item_weights",
                                 got=dict(weights))
        if overall == "weighted_mean" and not weights:
            raise ParameterError("weighted_mean needs item weights", code="item_weights_missing",
                                 hint="Give item_weights: {item id: weight, …}.")
        if overall == "single_item" and not overall_item:
            raise ParameterError("single_item needs the overall item", code="overall_item_missing",
                                 hint="Name it with overall_item (e.g. the 总体满意度 question).")
        return cls(convention=conv, overall=overall, item_weights=weights,
                   overall_item=overall_item, cutoff=cutoff,
                   interval=interval, confidence=confidence)


def satisfaction_items(instrument: Instrument) -> list[Variable]:
    """The satisfaction items, in questionnaire order: the rows of satisfaction matrices and
    every single-choice question on a scale with satisfied codes (``scale: sat5``)."""
    return [v for v in variables(instrument)
            if v.kind in ("likert_item", "single") and v.satisfaction]


def top_box_rate(
    answers: pd.Series, satisfied: Sequence[int], excluded: Sequence[int] = (),
    *, confidence: float = 0.95, interval: IntervalMethod = "wilson",
) -> dict[str, float | int | None]:
    """Top-box rate of one item: satisfied answers over valid answers, with the Wilson interval.

    Returns ``n`` (valid answers in the denominator), ``n_satisfied``, ``n_excluded``,
    ``value``, ``ci_low``, ``ci_high``; the rate and its interval are ``None`` when n = 0.
    Every non-excluded answer counts in the denominator (use :func:`item_estimate` to
    leave codes outside the scale out as well).

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
    low, high = proportion_interval(k, n, confidence, interval)
    return {"n": n, "n_satisfied": k, "n_excluded": n_excluded,
            "value": k / n, "ci_low": low, "ci_high": high}


# ---------------------------------------------------------------------------------------------
# overall


Answers = Mapping[str, np.ndarray]
"""Each item's answers as their classes (:func:`~survey.stats._answers.answer_classes` over
the item's levels: level position, then excluded, other number, blank), read once."""


def item_answers(frame: pd.DataFrame, items: Sequence[Variable]) -> dict[str, np.ndarray]:
    """The ``items``' columns of ``frame`` as answer classes, each column converted once."""
    return {var.name: answer_classes(numeric_answers(frame[var.name]), item_levels(var)[0],
                                     var.excluded) for var in items}


class _Columns:
    """Each item's answered flags and per-answer values (0 where not answered), computed
    from its answer classes when asked for: one column at a time, never a matrix; and the
    rows' answer patterns over the items (:mod:`survey.stats.patterns`)."""

    def __init__(self, answers: Answers, items: Sequence[Variable],
                 convention: Convention, counts: Mapping[str, np.ndarray] | None = None,
                 patterns: AnswerPatterns | None = None) -> None:
        self.answers, self.items, self.convention = answers, list(items), convention
        self.known = dict(counts or {})  # class counts per item, counted already
        self.given = patterns

    @property
    def patterns(self) -> AnswerPatterns:
        """The rows' answer patterns over (at least) the items: as given, else numbered
        here from the items' classes."""
        if self.given is None:
            n_rows = len(self.classes(0)) if self.items else 0
            self.given = item_patterns(self.answers, self.items, n_rows)
        return self.given

    def size(self, j: int) -> int:
        """The number of levels of item j (its classes below it are answers)."""
        return len(item_levels(self.items[j])[0])

    def classes(self, j: int) -> np.ndarray:
        return self.answers[self.items[j].name]

    def answered(self, j: int) -> np.ndarray:
        return self.classes(j) < self.size(j)

    def table(self, j: int) -> np.ndarray:
        """The value of each class: the level's score, 0 for the three kinds of non-answer."""
        levels, sat = item_levels(self.items[j])
        return np.concatenate([level_scores(levels, sat, self.convention), np.zeros(3)])

    def values(self, j: int) -> np.ndarray:
        return np.take(self.table(j), self.classes(j))

    def counts(self, j: int) -> np.ndarray:
        """The count of each class of item j."""
        name = self.items[j].name
        if name not in self.known:
            self.known[name] = np.bincount(self.classes(j), minlength=self.size(j) + 3)
        return self.known[name]

    def total(self, j: int, counts: np.ndarray) -> np.float64:
        """``np.sum(values(j))``: from the class ``counts`` where the values are non-negative
        whole numbers whose sums stay exact (below 2⁵³), so that any order of adding gives that float."""
        table = self.table(j)
        top = float(np.abs(table).max(initial=0.0))
        if (table == np.floor(table)).all() and not np.signbit(table).any() \
                and top * len(self.classes(j)) < 2.0**53:
            return np.float64(sum(int(c) * int(v) for c, v in zip(counts, table, strict=True)))
        return np.float64(np.sum(self.values(j)))


def value_bounds(items: Sequence[Variable], convention: Convention) -> tuple[float, float]:
    if convention.unit == "share":
        return 0.0, 1.0
    possible = [v for var in items for v in convention.level_values(len(item_levels(var)[0]))]
    return min(possible), max(possible)


def _linearised(
    columns: _Columns, used: Sequence[int], w: np.ndarray, convention: Convention,
    bounds: tuple[float, float], confidence: float, interval: IntervalMethod,
) -> dict[str, Any]:
    """The weighted mean of the ``used`` items' means and its linearised variance (module
    text), item by item. The floats are those of the respondents × items matrices it
    replaced: a column's sum is the matrix's column sum, and a row's zᵢ adds the items' terms
    in order, as numpy adds the columns of a column-major matrix along its rows.

    zᵢ depends on the row's answer classes only, so it is computed once per answer pattern
    (the same operations in the same order) and each row's zᵢ² looked up: Σ zᵢ² adds the
    same floats in the same row order."""
    counts = [columns.counts(j) for j in used]
    sums = np.array([columns.total(j, c) for j, c in zip(used, counts, strict=True)])
    n_j = np.array([c[:columns.size(j)].sum() for j, c in zip(used, counts, strict=True)],
                   dtype=np.float64)
    mu = sums / n_j
    w = w / w.sum()
    value = float((w * mu).sum())
    coef = w / n_j
    patterns = columns.patterns
    respondents = np.zeros(len(patterns.counts), dtype=bool)  # per pattern
    z = np.zeros(0)
    for k, j in enumerate(used):
        classes = patterns.classes(columns.items[j].name)
        respondents |= classes < columns.size(j)
        # A row's term (value − μ)·answered·coef is its class's: computed once per class
        # with the same operations, then looked up (the same floats as row by row).
        term = columns.table(j) - mu[k]
        term *= np.arange(len(term)) < columns.size(j)
        term *= coef[k]
        if k == 0:
            z = np.take(term, classes)
        else:
            z += np.take(term, classes)
    m = int(patterns.counts[respondents].sum())
    rows = patterns.rows
    if m < len(rows):
        rows = rows[respondents[rows]]
    variance = m / (m - 1) * float(np.take(z**2, rows).sum()) if m > 1 else 0.0
    return overall_interval(value, variance, m, len(used), convention, bounds, confidence,
                            interval)


def overall_interval(
    value: float, variance: float, m: int, n_items: int, convention: Convention,
    bounds: tuple[float, float], confidence: float, interval: IntervalMethod,
) -> dict[str, Any]:
    """``n``, ``value`` and the interval of an overall figure from its linearised
    ``variance`` over ``m`` respondents (see the module text); shared by the in-memory and
    the streamed paths (:mod:`survey.stats.satisfaction_sums`)."""
    out: dict[str, Any] = {"n": m, "value": value, "ci_low": None, "ci_high": None}
    if convention.unit == "share":
        # One item: the figure is that item's k of n, with the item's own interval (the
        # m/(m−1) factor would otherwise give n_eff = n − 1 and a different interval).
        n_eff = value * (1 - value) / variance if variance > 0 and n_items > 1 else float(m)
        out["ci_low"], out["ci_high"] = proportion_interval(value * n_eff, n_eff, confidence,
                                                            interval)
    elif m > 1:
        half = t_quantile(confidence, m - 1) * math.sqrt(variance)
        out["ci_low"], out["ci_high"] = max(bounds[0], value - half), min(bounds[1], value + half)
    return out


def _respondent_index(
    answers: Answers, items: Sequence[Variable], cutoff: float | None, confidence: float,
    interval: IntervalMethod,
) -> dict[str, Any]:
    if cutoff is None:
        sat_positions = [item_levels(v)[0].index(c) + 1 for v in items for c in item_levels(v)[1]]
        if not sat_positions:
            raise ParameterError("respondent_index needs a cut-off", code="cutoff_missing",
                                 hint="The scale has no satisfied codes; give cutoff (e.g. 4).")
        cutoff = float(min(sat_positions))
    out: dict[str, Any] = {"convention": f"respondent_index(mean≥{format_cutoff(cutoff)})",
                              "unit": "share", "value": None, "ci_low": None,
                              "ci_high": None, "n_satisfied": None, "n": 0}
    if not items:
        return {**out, "reason": Reason.NO_VALID_ANSWERS}
    columns = _Columns(answers, items, Convention.of("mean"))
    counts = np.zeros(len(answers[items[0].name]), dtype=np.int64)
    totals = np.zeros(len(counts))
    for j in range(len(items)):  # whole-number positions: the sums are exact
        counts += columns.answered(j)
        totals += columns.values(j)
    answered = counts > 0
    m = int(answered.sum())
    out["n"] = m
    if m == 0:
        return {**out, "reason": _no_figure_reason(answers, items)}
    means = totals[answered] / counts[answered]
    k = int((means >= cutoff - 1e-9).sum())
    out["n_satisfied"] = k
    out["value"] = k / m
    out["ci_low"], out["ci_high"] = proportion_interval(k, m, confidence, interval)
    return out


def _no_figure_reason(answers: Answers, items: Sequence[Variable]) -> Reason:
    """``all_excluded`` when the only answers given were excluded codes (all 不了解)."""
    excluded = any((answers[v.name] == len(item_levels(v)[0])).any() for v in items)
    return Reason.ALL_EXCLUDED if excluded else Reason.NO_VALID_ANSWERS


def format_cutoff(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def overall_satisfaction(
    frame: pd.DataFrame, items: Sequence[Variable], options: SatisfactionOptions | None = None,
) -> dict[str, Any]:
    """The overall figure of ``items`` by ``options.overall``, with its interval.

    Returns ``n`` (respondents with at least one valid answer; for ``single_item`` the
    item's valid answers), ``value``, ``ci_low``, ``ci_high``, ``convention`` (e.g.
    ``top_two_box/mean_of_items``), ``unit``, ``n_satisfied``, ``reason`` and ``note``.
    """
    return _overall(item_answers(frame, items), items, options or SatisfactionOptions())


def _overall(
    answers: Answers, items: Sequence[Variable], options: SatisfactionOptions,
    counts: Mapping[str, np.ndarray] | None = None, patterns: AnswerPatterns | None = None,
) -> dict[str, Any]:
    """The overall figure of ``items`` from their ``answers`` (classes), with each item's
    class ``counts`` and the rows' answer ``patterns`` where the caller has them."""
    conv = options.convention
    k = len(item_levels(items[0])[0]) if items else 5
    method = options.overall
    base = {"n": 0, "value": None, "ci_low": None, "ci_high": None, "n_satisfied": None,
            "n_excluded": None, "n_out_of_scale": None, "unit": conv.unit, "reason": None,
            "note": None, "sd": None,
            "interval": (options.interval if conv.unit == "share" else "t")}
    if method == "single_item":
        names = [v.name for v in items]
        if options.overall_item not in names:
            raise ParameterError("the overall item is not a satisfaction item",
                                 code="unknown_overall_item", expected=" / ".join(names),
                                 got=options.overall_item)
        var = items[names.index(str(options.overall_item))]
        levels, sat = item_levels(var)
        row = estimate_from_classes(answers[var.name], levels, sat, convention=conv,
                                    confidence=options.confidence, interval=options.interval)
        row["convention"] = f"{row['convention']}/single_item({var.name})"
        return {**base, **row}
    if method == "respondent_index":
        return {**base, **_respondent_index(answers, items, options.cutoff, options.confidence,
                                            options.interval)}
    label = f"{conv.label(k)}/{method}"
    base["convention"] = label
    if not items:
        return {**base, "reason": Reason.NO_VALID_ANSWERS}
    columns = _Columns(answers, items, conv, counts, patterns)
    for var in items:  # a points mapping that does not fit the scale is an error first
        level_scores(*item_levels(var), conv)
    if method == "weighted_mean":
        weights = dict(options.item_weights)
        names = [v.name for v in items]
        missing = [n for n in names if n not in weights]
        if missing:
            raise ParameterError("items without a weight", code="item_weights_incomplete",
                                 expected=f"a weight for each of {', '.join(names)}",
                                 got=", ".join(missing))
        w = np.array([weights[n] for n in names], dtype=float)
    else:
        w = np.ones(len(items))
    used = np.array([bool(columns.counts(j)[:columns.size(j)].any())
                     for j in range(len(items))], dtype=bool)
    if not used.any():
        return {**base, "reason": _no_figure_reason(answers, items)}
    if not used.all():
        left = [v.name for v, u in zip(items, used, strict=True) if not u]
        base["note"] = "items_without_valid_answers_left_out:" + ",".join(left)
    result = _linearised(columns, [j for j in range(len(items)) if used[j]], w[used], conv,
                         value_bounds(items, conv), options.confidence, options.interval)
    return {**base, **result}


# ---------------------------------------------------------------------------------------------
# tables


def margins_of(n: int, population: int | None, confidence: float) -> dict[str, Any]:
    if n <= 0:
        return {"margin": None, "margin_fpc": None, "population": population}
    fpc = None
    if population is not None and n <= population:
        fpc = margin_of_error(n, population=population, confidence=confidence)
    return {"margin": margin_of_error(n, confidence=confidence), "margin_fpc": fpc,
            "population": population}


def competition_rank(values: Sequence[Any]) -> list[int | None]:
    """Competition ranking (1, 2, 2, 4), highest first; ties are equal values to 12 places."""
    keys = [None if v is None or pd.isna(v) else round(float(v), 12) for v in values]
    return [None if key is None else 1 + sum(1 for other in keys if other is not None and other > key)
            for key in keys]


def satisfaction_table(
    frame: pd.DataFrame, instrument: Instrument, *, group: str | None = None,
    confidence: float = 0.95, convention: str | Convention = "top_two_box",
    mapping: str | Sequence[float] | None = None, overall: str = "mean_of_items",
    item_weights: Mapping[str, float] | None = None, overall_item: str | None = None,
    cutoff: float | None = None, interval: str = "wilson", population: int | None = None,
    items: Sequence[Variable] | None = None, answers: ItemAnswers | None = None,
) -> pd.DataFrame:
    """Satisfaction per item and overall, one row each, under the named convention.

    Columns :data:`SATISFACTION_COLUMNS`. The overall row has ``item = "overall"``, its
    ``convention`` names the overall method (``top_two_box/mean_of_items``) and its ``n``
    counts respondents. ``value`` is in the convention's ``unit``: a share (0–1) for
    ``top_two_box`` and ``respondent_index``, points (0–100) for the 100-point conventions,
    level positions for ``mean``. ``rank`` ranks the items (1 = highest, ties share the
    better rank). ``margin``/``margin_fpc``: margin of error at p = 0.5 for the row's n,
    without and with the finite population correction (``population`` known).
    ``answers``: the items' answers already read from ``frame``
    (:class:`~survey.stats.answers.ItemAnswers`), so that no column is read again.
    """
    options = SatisfactionOptions.build(
        convention=convention, mapping=mapping, overall=overall, item_weights=item_weights,
        overall_item=overall_item, cutoff=cutoff, interval=interval, confidence=confidence)
    items = list(items) if items is not None else satisfaction_items(instrument)
    _check_weights(options, items)
    classes = item_answers(frame, items) if answers is None else answers.of(frame, items)
    counts = None if answers is None else answers.counts_of(frame, items)
    return _table(classes, items, options, group or instrument.group.id, population, counts,
                  None if answers is None else answers.patterns)


def _check_weights(options: SatisfactionOptions, items: Sequence[Variable]) -> None:
    unknown = [name for name, _ in options.item_weights if name not in {v.name for v in items}]
    if unknown:
        raise ParameterError("item weights name items that are not satisfaction items",
                             code="unknown_weighted_item",
                             expected=" / ".join(v.name for v in items), got=", ".join(unknown))


def _table(answers: Answers, items: Sequence[Variable], options: SatisfactionOptions,
           group: str, population: int | None,
           counts: Mapping[str, np.ndarray] | None = None,
           patterns: AnswerPatterns | None = None) -> pd.DataFrame:
    """The rows of :func:`satisfaction_table` from the items' answers (and their class
    ``counts`` and the rows' answer ``patterns`` where the caller has them)."""
    return counts_as_integers(_frame(answers, items, options, group, population,
                                     counted=counts, patterns=patterns))


def _frame(answers: Answers, items: Sequence[Variable], options: SatisfactionOptions,
           group: str, population: int | None,
           level: Mapping[str, Any] | None = None,
           counted: Mapping[str, np.ndarray] | None = None,
           patterns: AnswerPatterns | None = None) -> pd.DataFrame:
    """:func:`_table` before its counts are made whole numbers (:func:`counts_as_integers`,
    which reads the values only: the subgroup table converts its blocks once, joined);
    with ``level`` (a subgroup level's ``variable``, ``variable_label``, ``code`` and
    ``level``), a block of :func:`subgroup_table` with those columns in every row.
    ``counted``: each item's class counts where the caller has them (else one ``bincount``
    per item); ``patterns``: the rows' answer patterns where the caller has them, through
    which the items' classes are then read (else numbered for the overall row)."""
    confidence = options.confidence
    rows: list[dict[str, Any]] = []
    counts: dict[str, np.ndarray] = {}  # each item's class counts, for the overall row too
    for var in items:
        levels, sat = item_levels(var)
        # The item's classes in row order, or through the rows' patterns (never made).
        column: np.ndarray | PatternColumn
        if patterns is None:
            column = answers[var.name]
            width = len(levels) + 3
            counts[var.name] = (counted[var.name] if counted is not None
                                else np.bincount(column, minlength=width))
        else:
            column = patterns.column(var.name)
            counts[var.name] = (counted[var.name] if counted is not None
                                else patterns.class_counts(var.name, len(levels) + 3))
        est = estimate_from_classes(column, levels, sat, counts=counts[var.name],
                                    convention=options.convention, confidence=confidence,
                                    interval=options.interval)
        rows.append({"group": group, "item": var.name, "label": var.label,
                     "dimension": var.dimension, "confidence": confidence, "note": None,
                     **est, **margins_of(int(est["n"]), population, confidence)})
    for row, rank in zip(rows, competition_rank([r["value"] for r in rows]), strict=True):
        row["rank"] = rank
    if items:
        o = _overall(answers, items, options, counts, patterns)
        rows.append({"group": group, "item": "overall", "label": None, "dimension": None,
                     "confidence": confidence, "rank": None, **o,
                     **margins_of(int(o["n"]), population, confidence)})
    if level is not None:
        return pd.DataFrame([{**level, **row} for row in rows], columns=SUBGROUP_COLUMNS)
    return pd.DataFrame(rows, columns=SATISFACTION_COLUMNS)


_INTEGER_COLUMNS = ("n", "n_satisfied", "n_excluded", "n_out_of_scale", "rank", "population")


def counts_as_integers(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts stay whole numbers beside the overall row's empty cells (nullable Int64)."""
    for column in _INTEGER_COLUMNS:
        if column in frame:
            frame[column] = pd.array([None if v is None or pd.isna(v) else int(v)
                                      for v in frame[column]], dtype="Int64")
    return frame


def dimension_table(
    frame: pd.DataFrame, instrument: Instrument, *, group: str | None = None,
    confidence: float = 0.95, convention: str | Convention = "top_two_box",
    mapping: str | Sequence[float] | None = None, overall: str = "mean_of_items",
    item_weights: Mapping[str, float] | None = None, cutoff: float | None = None,
    interval: str = "wilson", answers: ItemAnswers | None = None,
) -> pd.DataFrame:
    """One row per dimension (the items' ``dimension``), by the overall method applied to the
    dimension's items. ``single_item`` has no meaning for a dimension: ``mean_of_items`` is
    used instead and the convention says so. Items without a dimension are not in any row.
    Columns :data:`DIMENSION_COLUMNS`. ``answers``: as for :func:`satisfaction_table`.
    """
    method = "mean_of_items" if overall == "single_item" else overall
    options = SatisfactionOptions.build(
        convention=convention, mapping=mapping, overall=method, item_weights=item_weights,
        cutoff=cutoff, interval=interval, confidence=confidence)
    group = group or instrument.group.id
    items = satisfaction_items(instrument)
    order: list[str] = []
    for var in items:
        if var.dimension is not None and var.dimension not in order:
            order.append(var.dimension)
    grouped = [v for v in items if v.dimension is not None]
    classes = item_answers(frame, grouped) if answers is None else answers.of(frame, grouped)
    counts = None if answers is None else answers.counts_of(frame, grouped)
    patterns = None if answers is None else answers.patterns
    rows = []
    for dim in order:
        members = [v for v in items if v.dimension == dim]
        o = _overall(classes, members, options, counts, patterns)
        rows.append({"group": group, "dimension": dim,
                     "items": ",".join(v.name for v in members), "n_items": len(members),
                     "confidence": confidence, **o,
                     "margin": margin_of_error(int(o["n"]), confidence=confidence)})
    return pd.DataFrame(rows, columns=DIMENSION_COLUMNS)


def subgroup_table(
    frame: pd.DataFrame, instrument: Instrument, by: Sequence[str], *,
    group: str | None = None, confidence: float = 0.95,
    convention: str | Convention = "top_two_box", mapping: str | Sequence[float] | None = None,
    overall: str = "mean_of_items", item_weights: Mapping[str, float] | None = None,
    overall_item: str | None = None, cutoff: float | None = None, interval: str = "wilson",
    populations: Mapping[str, Mapping[int, int]] | None = None,
    answers: ItemAnswers | None = None, levels: SubgroupLevels | None = None,
) -> pd.DataFrame:
    """Satisfaction per level of each subgroup variable in ``by`` (村, 部门, 年龄段 …).

    One block of :func:`satisfaction_table` rows per level, with ``variable``, ``code`` and
    ``level`` (the option's label) in front; levels nobody chose keep their rows with no
    figure (``reason = no_valid_answers``). Respondents who left the subgroup question
    unanswered form a level of their own (``code`` and ``level`` empty) when there are any.
    ``populations[variable][code]`` gives the level's population for the corrected margin.
    Columns :data:`SUBGROUP_COLUMNS`. ``answers``: as for :func:`satisfaction_table`;
    ``levels``: the subgroup questions' levels already read from ``frame``
    (:class:`~survey.stats.levels.SubgroupLevels`), so that their columns are not read again.
    """
    group = group or instrument.group.id
    by_name = {v.name: v for v in variables(instrument)}
    items = satisfaction_items(instrument)
    patterns: AnswerPatterns | None = None
    blocks = []
    for name in by:
        var = by_name.get(name)
        if var is None or var.kind != "single":
            singles = [v.name for v in variables(instrument) if v.kind == "single"]
            raise ParameterError("a subgroup variable must be a single-choice question",
                                 code="bad_subgroup_variable",
                                 expected=" / ".join(singles), got=name)
        labels: list[tuple[int | None, str | None]] = [(o.code, o.label) for o in var.options]
        # Each row's level: the options in order, then the blanks; other codes are in none.
        known = None if levels is None else levels.of(frame, var)
        if known is None:
            level_of = level_positions(numeric_answers(frame[name]), var.codes)
            level_sizes = np.bincount(level_of, minlength=len(var.options) + 2)
        else:
            level_of, level_sizes = known
        if level_sizes[len(var.options)]:
            labels.append((None, None))
        pops = (populations or {}).get(name, {})
        grouped: np.ndarray | None = None  # the rows' patterns, level by level
        for k, (code, label) in enumerate(labels):
            # The checks satisfaction_table makes, then its rows from the level's answers.
            options = SatisfactionOptions.build(
                convention=convention, mapping=mapping, overall=overall,
                item_weights=item_weights, overall_item=overall_item, cutoff=cutoff,
                interval=interval, confidence=confidence)
            _check_weights(options, items)
            if patterns is None:
                patterns = _patterns_of(frame, items, answers)
            if grouped is None:
                # The rows by level, each level's rows in their order: a level is a slice
                # (the order the level's own frame had).
                order = np.concatenate([np.flatnonzero(level_of == j)
                                        for j in range(len(labels))])
                grouped = patterns.rows[order]
                bounds = np.concatenate([[0], np.cumsum(level_sizes)])
            start, stop = int(bounds[k]), int(bounds[k + 1])
            # The level's rows as their patterns: its class counts one bincount, its items'
            # classes made only where a figure needs them row by row.
            mine = patterns.subset(grouped[start:stop])
            blocks.append(_frame(
                PatternAnswers(mine), items, options, group,
                None if code is None else pops.get(code),
                {"variable": name, "variable_label": var.label, "code": code, "level": label},
                patterns=mine))
    if not blocks:
        return pd.DataFrame(columns=SUBGROUP_COLUMNS)
    return counts_as_integers(pd.concat(blocks, ignore_index=True)[SUBGROUP_COLUMNS])


def _patterns_of(frame: pd.DataFrame, items: Sequence[Variable],
                 answers: ItemAnswers | None) -> AnswerPatterns:
    """The rows' answer patterns over ``items``: those of ``answers`` (checked as the
    answers of this frame's items), else numbered from the frame's columns."""
    if answers is None:
        return item_patterns(item_answers(frame, items), items, len(frame))
    answers.of(frame, items)
    return answers.patterns


def _ticked(frame: pd.DataFrame, names: Sequence[str]) -> np.ndarray:
    """Each row ticked (answered 1) at least one of the columns ``names`` (bool): the
    columns compared with 1 one at a time (a float64 column as its array, another through
    pandas, a missing answer not ticked), no block of the columns made."""
    answered = np.zeros(len(frame), dtype=bool)
    for name in names:
        column = frame[name]
        if column.dtype == np.float64:
            answered |= column.to_numpy() == 1.0
        else:
            answered |= (column == 1).to_numpy(dtype=bool, na_value=False)
    return answered


def _eligible_counts(condition: Condition, frame: pd.DataFrame, answers: ItemAnswers | None,
                     answered: np.ndarray) -> tuple[int, int]:
    """The rows for which ``condition`` holds, and the ``answered`` rows for which it does
    not. Where the answer patterns hold every answer the condition reads
    (:meth:`~survey.stats.answers.ItemAnswers.pattern_values`) it is evaluated once per
    pattern: the first count adds up the patterns' row counts, the second looks up only the
    answered rows' patterns; else it is evaluated on ``frame``, row by row."""
    values = None if answers is None else answers.pattern_values(frame, condition.references)
    if answers is None or values is None:
        applies = condition.evaluate(frame).to_numpy(dtype=bool)
        return int(applies.sum()), int(np.count_nonzero(answered & ~applies))
    per_pattern = condition.evaluate(values).to_numpy(dtype=bool)
    patterns = answers.patterns
    ticked_patterns = patterns.rows.compress(answered)
    return (int(patterns.counts[per_pattern].sum()),
            int(np.count_nonzero(~per_pattern.take(ticked_patterns))))


def rank_items(table: pd.DataFrame) -> pd.DataFrame:
    """Items of a :func:`satisfaction_table` ranked by figure, highest first.

    Competition ranking: tied items share the better rank and the next rank is skipped
    (1, 2, 2, 4); ``tied`` marks them. Items without a figure come last, unranked. Ties are
    equal figures (to 12 decimal places), not equal printed percentages.

    >>> t = pd.DataFrame({"item": ["a", "b", "c", "overall"], "label": ["A", "B", "C", None],
    ...                   "value": [0.8, 0.9, 0.8, 0.83]})
    >>> rank_items(t)[["item", "rank", "tied"]].values.tolist()
    [['b', 1, False], ['a', 2, True], ['c', 2, True]]
    """
    items = table[table["item"] != "overall"].reset_index(drop=True)
    ranks = competition_rank(list(items["value"]))
    keys = [None if r is None else r for r in ranks]
    out = pd.DataFrame({
        "item": items["item"], "label": items["label"], "value": items["value"],
        "rank": pd.array(keys, dtype="Int64"),
        "tied": [r is not None and keys.count(r) > 1 for r in keys],
    })
    order = sorted(range(len(out)), key=lambda i: (keys[i] is None, keys[i] or 0, i))
    return out.iloc[order].reset_index(drop=True)


def dissatisfaction_reasons(
    frame: pd.DataFrame, instrument: Instrument, *, group: str | None = None,
    frequencies: pd.DataFrame | None = None, answers: ItemAnswers | None = None,
) -> pd.DataFrame:
    """The reasons for dissatisfaction, from the multiple-choice follow-up question(s).

    A follow-up is a multiple-choice question whose skip condition reads a satisfaction
    item (``show_if: any(sat_1..sat_6 <= 2)``). Per option: ``count``; ``share`` of the
    respondents who answered the question (``base``; shares add to more than 100 %);
    ``share_of_selections`` (``selections_base`` = all ticks; shares add to 100 %); and
    ``n_eligible``, the respondents to whom the question applied (its condition holds);
    ``n_answered_ineligible``, the respondents who ticked an option although the condition
    does not hold for them (a flagged skip violation; their ticks are in the counts).
    ``rank`` orders the options by count (ties share the better rank).
    Columns :data:`REASON_COLUMNS`. ``frequencies``: the :func:`frequency_table` of this
    ``frame`` and ``instrument`` when the caller has it already (it is not counted again);
    ``answers``: the satisfaction items' answers read from ``frame``
    (:class:`~survey.stats.answers.ItemAnswers`), on whose answer patterns the skip
    condition is evaluated once per pattern where they hold every answer it reads.
    """
    group = group or instrument.group.id
    sat_names = {v.name for v in satisfaction_items(instrument)}
    followups = [q for q in instrument.questions() if isinstance(q, MultipleChoice) and q.show_if
                 and set(parse_condition(q.show_if).references) & sat_names]
    if not followups:
        return pd.DataFrame(columns=REASON_COLUMNS)
    freq = frequency_table(frame, instrument) if frequencies is None else frequencies
    blocks = []
    for q in followups:
        part = freq[freq["question"] == q.id].copy()
        answered = _ticked(frame, [f"{q.id}_{o.code}" for o in q.options])
        eligible, ineligible = _eligible_counts(parse_condition(q.show_if or ""), frame,
                                                answers, answered)
        part.insert(0, "group", group)
        part["n_eligible"] = eligible
        part["n_answered_ineligible"] = ineligible
        part["rank"] = pd.array(competition_rank([float(c) for c in part["count"]]), dtype="Int64")
        blocks.append(part)
    return pd.concat(blocks, ignore_index=True)[REASON_COLUMNS]

