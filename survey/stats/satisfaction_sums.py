"""Satisfaction of files larger than memory: counts and sums that add up across batches.

Every figure of :func:`~survey.stats.satisfaction.satisfaction_table`,
:func:`~survey.stats.satisfaction.dimension_table` and
:func:`~survey.stats.satisfaction.subgroup_table` is a function of sums over respondents, so
a file can be read in batches (or Dask partitions) and the sums merged. Per group (the whole
file, and each level of each subgroup variable):

- per item, the count of each scored and excluded code, and of other numeric answers
  (``n_out_of_scale``): the item's n, 满意 count, mean score and SD under any convention
  (value = Σ c_l·v_l / n, s² = Σ c_l (v_l − value)² / (n − 1) over the levels l);
- per item set (all items; each dimension), the pairwise sums of the per-answer score matrix
  y (:class:`~survey.stats.sufficient.SufficientStatistics`: N_jk, S_jk = Σ a_ja_k y_j,
  P_jk = Σ a_ja_k y_jy_k over the rows where j and k were both answered) and the rows with
  any valid answer m. The clustered (per-respondent) variance of the overall figure is
  Var = m/(m−1)·Σᵢ zᵢ² with zᵢ = Σⱼ cⱼ aᵢⱼ(yᵢⱼ − μⱼ), cⱼ = wⱼ/nⱼ; expanded,
  Σᵢ zᵢ² = Σⱼₖ cⱼcₖ (P_jk − μₖS_jk − μⱼS_kj + μⱼμₖN_jk) = cᵀ·X·c, so it needs only those sums;
- for the ``respondent_index`` method, the respondents whose mean level reaches the cut-off
  and the respondents with a valid answer (a count per row, added up).

Integer scores (top-two-box 0/1, positions, 100/80/60/40/20 points) are summed exactly; other
scores about a shift (:mod:`survey.stats.sufficient`). The figures equal the in-memory ones
to rounding (the tests compare them to 1e-9).

Reference: Wolter (2007), *Introduction to Variance Estimation*, ch. 6 (the linearised
variance of a ratio mean, the same estimator as in memory).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from survey.errors import ParameterError, Reason
from survey.instrument.model import Instrument
from survey.instrument.variables import Variable, variables
from survey.responses.batches import coded_matrix
from survey.stats.answers import item_levels
from survey.stats.conventions import Convention, mean_interval, proportion_interval
from survey.stats.sample_size import margin_of_error
from survey.stats.satisfaction import (
    DIMENSION_COLUMNS,
    SATISFACTION_COLUMNS,
    SUBGROUP_COLUMNS,
    SatisfactionOptions,
    competition_rank,
    counts_as_integers,
    format_cutoff,
    margins_of,
    overall_interval,
    satisfaction_items,
    value_bounds,
)
from survey.stats.sufficient import SufficientStatistics, batch_statistics, merge

if TYPE_CHECKING:
    from survey.stats.streaming import DaskEngine, LocalEngine

__all__ = ["GroupSums", "SatisfactionPlan", "StreamedSatisfaction", "batch_sums",
           "stream_satisfaction"]

#: The whole file's group key; a subgroup level is (variable, code), code None = unanswered.
WHOLE: tuple[str, int | None] = ("", None)
GroupKey = tuple[str, int | None]


@dataclass(frozen=True)
class SatisfactionPlan:
    """What one pass computes: the items, the options, the subgroup variables, the
    dimensions (name, item positions), the respondent-index cut-off."""

    items: tuple[Variable, ...]
    options: SatisfactionOptions
    by: tuple[Variable, ...] = ()
    dimensions: tuple[tuple[str, tuple[int, ...]], ...] = ()
    cutoff: float | None = None

    @property
    def columns(self) -> list[str]:
        """The file's columns the pass reads."""
        return list(dict.fromkeys([v.name for v in self.items] + [v.name for v in self.by]))

    def tracked(self, j: int) -> tuple[int, ...]:
        """Item j's counted codes: its scored levels and its excluded codes, ascending."""
        var = self.items[j]
        return tuple(sorted(set(item_levels(var)[0]) | set(var.excluded)))

    def item_sets(self, whole: bool) -> list[tuple[int, ...]]:
        """All items, then (for the whole file) each dimension's items."""
        sets = [tuple(range(len(self.items)))]
        if whole:
            sets += [members for _, members in self.dimensions]
        return sets


@dataclass(frozen=True)
class GroupSums:
    """The sums of one group's rows (see the module text). ``counts[j]``: item j's count per
    :meth:`SatisfactionPlan.tracked` code, then of other numeric answers; ``scores[s]`` and
    ``index[s]`` (satisfied, respondents) per item set."""

    n_rows: int
    counts: tuple[np.ndarray, ...]
    scores: tuple[SufficientStatistics, ...]
    index: tuple[tuple[int, int], ...]

    def __add__(self, other: GroupSums) -> GroupSums:
        return GroupSums(
            self.n_rows + other.n_rows,
            tuple(a + b for a, b in zip(self.counts, other.counts, strict=True)),
            tuple(merge(a, b) for a, b in zip(self.scores, other.scores, strict=True)),
            tuple((a[0] + b[0], a[1] + b[1]) for a, b in zip(self.index, other.index,
                                                              strict=True)))


@dataclass(frozen=True)
class StreamedSatisfaction:
    """The satisfaction tables of a streamed pass: ``table`` (items and overall, columns
    :data:`~survey.stats.satisfaction.SATISFACTION_COLUMNS`), ``dimensions``, ``subgroups``,
    and ``n_rows`` read."""

    table: pd.DataFrame
    dimensions: pd.DataFrame
    subgroups: pd.DataFrame
    n_rows: int


# ---------------------------------------------------------------------------------------------
# one batch


def _scores(x: np.ndarray, plan: SatisfactionPlan, convention: Convention) -> np.ndarray:
    """Per-answer values under ``convention`` (NaN where the answer is no scored level)."""
    y = np.full(x.shape, np.nan)
    for j, var in enumerate(plan.items):
        levels, sat = item_levels(var)
        if convention.name == "top_two_box":
            values = [1.0 if c in sat else 0.0 for c in levels]
        else:
            values = list(convention.level_values(len(levels)))
        for code, value in zip(levels, values, strict=True):
            y[x[:, j] == code, j] = value
    return y


def _code_index(x: np.ndarray, plan: SatisfactionPlan) -> list[np.ndarray]:
    """Per item, each row's position among the tracked codes (T = another number, T + 1 =
    blank)."""
    out = []
    for j in range(len(plan.items)):
        tracked = np.asarray(plan.tracked(j), dtype=np.float64)
        column = x[:, j]
        pos = np.searchsorted(tracked, column)
        hit = pos < len(tracked)
        hit[hit] = tracked[pos[hit]] == column[hit]
        idx = np.where(hit, pos, len(tracked))
        idx[np.isnan(column)] = len(tracked) + 1
        out.append(idx)
    return out


def _group_sums(rows: np.ndarray | None, y: np.ndarray, positions: np.ndarray | None,
                codes: list[np.ndarray], plan: SatisfactionPlan, whole: bool) -> GroupSums:
    names = [v.name for v in plan.items]
    counts = []
    for j, idx in enumerate(codes):
        size = len(plan.tracked(j)) + 2
        part = idx if rows is None else idx[rows]
        counts.append(np.bincount(part, minlength=size)[: size - 1].astype(np.int64))
    yy = y if rows is None else y[rows]
    scores, index = [], []
    for members in plan.item_sets(whole):
        sub = yy[:, list(members)] if len(members) < len(names) else yy
        scores.append(batch_statistics(sub, [names[i] for i in members]))
        if positions is None:
            index.append((0, 0))
            continue
        pp = positions if rows is None else positions[rows]
        pp = pp[:, list(members)]
        answered = ~np.isnan(pp)
        n_answered = answered.sum(axis=1)
        keep = n_answered > 0
        means = np.where(answered, pp, 0.0)[keep].sum(axis=1) / n_answered[keep]
        cutoff = float(plan.cutoff or 0.0)
        index.append((int((means >= cutoff - 1e-9).sum()), int(keep.sum())))
    return GroupSums(len(yy), tuple(counts), tuple(scores), tuple(index))


def batch_sums(frame: pd.DataFrame, plan: SatisfactionPlan) -> dict[GroupKey, GroupSums]:
    """The sums of one batch, for the whole batch and each subgroup level present in it."""
    x = coded_matrix(frame, plan.items)
    y = _scores(x, plan, plan.options.convention)
    positions = (_scores(x, plan, Convention.of("mean"))
                 if plan.options.overall == "respondent_index" else None)
    codes = _code_index(x, plan)
    out = {WHOLE: _group_sums(None, y, positions, codes, plan, whole=True)}
    if plan.by:
        groups = coded_matrix(frame, plan.by)
        for j, var in enumerate(plan.by):
            column = groups[:, j]
            for option in var.options:
                rows = np.flatnonzero(column == option.code)
                if len(rows):
                    out[(var.name, option.code)] = _group_sums(rows, y, positions, codes, plan,
                                                               whole=False)
            blank = np.flatnonzero(np.isnan(column))
            if len(blank):
                out[(var.name, None)] = _group_sums(blank, y, positions, codes, plan,
                                                    whole=False)
    return out


def merge_sums(a: dict[GroupKey, GroupSums],
               b: dict[GroupKey, GroupSums]) -> dict[GroupKey, GroupSums]:
    """The sums of two batches together (groups present in either)."""
    out = dict(a)
    for key, sums in b.items():
        out[key] = out[key] + sums if key in out else sums
    return out


def _empty(plan: SatisfactionPlan) -> GroupSums:
    empty = pd.DataFrame({c: pd.Series(dtype=float) for c in plan.columns})
    return batch_sums(empty, SatisfactionPlan(plan.items, plan.options, (), (),
                                              plan.cutoff))[WHOLE]


# ---------------------------------------------------------------------------------------------
# figures from the sums


def _item_estimate(var: Variable, tracked: Sequence[int], counts: np.ndarray,
                   options: SatisfactionOptions) -> dict[str, object]:
    """:func:`~survey.stats.conventions.item_estimate` from the item's code counts."""
    convention, confidence = options.convention, options.confidence
    levels, sat = item_levels(var)
    count = {code: int(c) for code, c in zip(tracked, counts, strict=False)}
    n_excluded = sum(count.get(c, 0) for c in set(var.excluded))
    n = sum(count.get(c, 0) for c in levels)
    k_sat = sum(count.get(c, 0) for c in sat)
    out: dict[str, object] = {
        "n": n, "n_satisfied": k_sat, "n_excluded": n_excluded,
        "n_out_of_scale": int(counts[-1]),
        "convention": convention.label(len(levels)), "unit": convention.unit,
        "value": None, "sd": None, "ci_low": None, "ci_high": None,
        "interval": "wilson" if convention.unit == "share" and options.interval == "wilson"
        else ("clopper_pearson" if convention.unit == "share" else "t"),
        "reason": None,
    }
    if n == 0:
        out["reason"] = (Reason.ALL_EXCLUDED if n_excluded and not counts[-1]
                         else Reason.NO_VALID_ANSWERS)
        return out
    if convention.name == "top_two_box":
        values = [1.0 if c in sat else 0.0 for c in levels]
    else:
        values = list(convention.level_values(len(levels)))
    c = np.array([count.get(code, 0) for code in levels], dtype=np.float64)
    v = np.array(values)
    value = float((c * v).sum() / n)
    out["value"] = value
    sd = math.sqrt(float((c * (v - value) ** 2).sum()) / (n - 1)) if n > 1 else None
    out["sd"] = sd
    if convention.unit == "share":
        out["ci_low"], out["ci_high"] = proportion_interval(k_sat, n, confidence,
                                                            options.interval)
    else:
        ci = mean_interval(value, sd or 0.0, n, confidence, (min(values), max(values)))
        if ci is not None:
            out["ci_low"], out["ci_high"] = ci
    return out


def _as_float(a: Any) -> np.ndarray:
    return np.asarray(a, dtype=object).astype(np.float64)


def _linearised(st: SufficientStatistics, used: np.ndarray, w: np.ndarray,
                convention: Convention, bounds: tuple[float, float], confidence: float,
                options: SatisfactionOptions) -> dict[str, object]:
    """The overall figure and its clustered interval from the score sums (module text)."""
    keep = np.flatnonzero(used)
    n_pair = st.n_pair[np.ix_(keep, keep)].astype(np.float64)
    s = _as_float(st.s)[np.ix_(keep, keep)]
    c = _as_float(st.c)[np.ix_(keep, keep)]
    n_j = np.diag(n_pair)
    beta = np.diag(s) / n_j                   # mean of y − shift
    mu = st.shift[keep] + beta
    w = w / w.sum()
    value = float((w * mu).sum())
    m = st.n_any
    cross = c - s * beta[None, :] - beta[:, None] * s.T + np.outer(beta, beta) * n_pair
    coef = w / n_j
    variance = max(0.0, m / (m - 1) * float(coef @ cross @ coef)) if m > 1 else 0.0
    return overall_interval(value, variance, m, len(keep), convention, bounds, confidence,
                            options.interval)


def _no_figure_reason(items: Sequence[Variable], sums: GroupSums,
                      positions: Sequence[int], plan: SatisfactionPlan) -> Reason:
    for j in positions:
        tracked = plan.tracked(j)
        if any(sums.counts[j][tracked.index(c)] for c in plan.items[j].excluded
               if c in tracked):
            return Reason.ALL_EXCLUDED
    return Reason.NO_VALID_ANSWERS


def _overall(sums: GroupSums, set_no: int, members: Sequence[int], plan: SatisfactionPlan,
             options: SatisfactionOptions) -> dict[str, object]:
    """:func:`~survey.stats.satisfaction.overall_satisfaction` from the sums."""
    conv = options.convention
    items = [plan.items[j] for j in members]
    k = len(item_levels(items[0])[0]) if items else 5
    method = options.overall
    base: dict[str, object] = {
        "n": 0, "value": None, "ci_low": None, "ci_high": None, "n_satisfied": None,
        "n_excluded": None, "n_out_of_scale": None, "unit": conv.unit, "reason": None,
        "note": None, "sd": None, "interval": (options.interval if conv.unit == "share" else "t")}
    if method == "single_item":
        j = [v.name for v in plan.items].index(str(options.overall_item))
        row = _item_estimate(plan.items[j], plan.tracked(j), sums.counts[j], options)
        row["convention"] = f"{row['convention']}/single_item({plan.items[j].name})"
        return {**base, **row}
    if method == "respondent_index":
        cutoff = float(plan.cutoff or 0.0)
        out: dict[str, object] = {"convention": f"respondent_index(mean≥{format_cutoff(cutoff)})",
                                  "unit": "share", "value": None, "ci_low": None,
                                  "ci_high": None, "n_satisfied": None, "n": 0}
        satisfied, m = sums.index[set_no]
        out["n"] = m
        if m == 0:
            return {**base, **out, "reason": _no_figure_reason(items, sums, members, plan)}
        out["n_satisfied"] = satisfied
        out["value"] = satisfied / m
        out["ci_low"], out["ci_high"] = proportion_interval(satisfied, m, options.confidence,
                                                            options.interval)
        return {**base, **out}
    base["convention"] = f"{conv.label(k)}/{method}"
    st = sums.scores[set_no]
    if method == "weighted_mean":
        weights = dict(options.item_weights)
        w = np.array([weights[v.name] for v in items], dtype=float)
    else:
        w = np.ones(len(items))
    used = st.answered > 0
    if not used.any():
        return {**base, "reason": _no_figure_reason(items, sums, members, plan)}
    if not used.all():
        left = [v.name for v, u in zip(items, used, strict=True) if not u]
        base["note"] = "items_without_valid_answers_left_out:" + ",".join(left)
    result = _linearised(st, used, w[used], conv, value_bounds(items, conv), options.confidence,
                         options)
    return {**base, **result}


def _table(sums: GroupSums, plan: SatisfactionPlan, group: str,
           population: int | None) -> pd.DataFrame:
    options = plan.options
    confidence = options.confidence
    rows: list[dict[str, object]] = []
    for j, var in enumerate(plan.items):
        est = _item_estimate(var, plan.tracked(j), sums.counts[j], options)
        rows.append({"group": group, "item": var.name, "label": var.label,
                     "dimension": var.dimension, "confidence": confidence, "note": None,
                     **est, **margins_of(int(est["n"]), population, confidence)})  # type: ignore[call-overload]
    for row, rank in zip(rows, competition_rank([r["value"] for r in rows]), strict=True):
        row["rank"] = rank
    if plan.items:
        o = _overall(sums, 0, range(len(plan.items)), plan, options)
        rows.append({"group": group, "item": "overall", "label": None, "dimension": None,
                     "confidence": confidence, "rank": None, **o,
                     **margins_of(int(o["n"]), population, confidence)})  # type: ignore[call-overload]
    return counts_as_integers(pd.DataFrame(rows, columns=SATISFACTION_COLUMNS))


def _dimension_table(sums: GroupSums, plan: SatisfactionPlan, group: str) -> pd.DataFrame:
    options = plan.options
    if options.overall == "single_item":
        options = SatisfactionOptions(options.convention, "mean_of_items", options.item_weights,
                                      None, options.cutoff, options.interval,
                                      options.confidence)
    rows = []
    for number, (name, members) in enumerate(plan.dimensions, start=1):
        o = _overall(sums, number, members, plan, options)
        rows.append({"group": group, "dimension": name,
                     "items": ",".join(plan.items[j].name for j in members),
                     "n_items": len(members), "confidence": options.confidence, **o,
                     "margin": margin_of_error(int(o["n"]),  # type: ignore[call-overload]
                                               confidence=options.confidence)})
    return pd.DataFrame(rows, columns=DIMENSION_COLUMNS)


def _subgroup_table(total: Mapping[GroupKey, GroupSums], plan: SatisfactionPlan, group: str,
                    populations: Mapping[str, Mapping[int, int]] | None) -> pd.DataFrame:
    blocks = []
    for var in plan.by:
        levels: list[tuple[int | None, str | None]] = [(o.code, o.label) for o in var.options]
        if (var.name, None) in total:
            levels.append((None, None))
        pops = (populations or {}).get(var.name, {})
        for code, label in levels:
            sums = total.get((var.name, code)) or _empty(plan)
            part = _table(sums, plan, group, None if code is None else pops.get(code))
            part.insert(1, "variable", var.name)
            part.insert(2, "variable_label", var.label)
            part.insert(3, "code", code)
            part.insert(4, "level", label)
            blocks.append(part)
    if not blocks:
        return pd.DataFrame(columns=SUBGROUP_COLUMNS)
    return counts_as_integers(pd.concat(blocks, ignore_index=True)[SUBGROUP_COLUMNS])


# ---------------------------------------------------------------------------------------------
# the pass


def build_plan(instrument: Instrument, options: SatisfactionOptions,
               by: Sequence[str] = ()) -> SatisfactionPlan:
    """The plan of a pass, every choice checked before any row is read (the errors of the
    in-memory functions, raised up front)."""
    items = satisfaction_items(instrument)
    names = [v.name for v in items]
    unknown = [name for name, _ in options.item_weights if name not in names]
    if unknown:
        raise ParameterError("item weights name items that are not satisfaction items",
                             code="unknown_weighted_item", expected=" / ".join(names),
                             got=", ".join(unknown))
    if options.overall == "weighted_mean":
        weights = dict(options.item_weights)
        missing = [n for n in names if n not in weights]
        if missing:
            raise ParameterError("items without a weight", code="item_weights_incomplete",
                                 expected=f"a weight for each of {', '.join(names)}",
                                 got=", ".join(missing))
    if options.overall == "single_item" and options.overall_item not in names:
        raise ParameterError("the overall item is not a satisfaction item",
                             code="unknown_overall_item", expected=" / ".join(names),
                             got=options.overall_item)
    if options.convention.name != "top_two_box":
        for var in items:  # a mapping that does not fit the scale
            options.convention.level_values(len(item_levels(var)[0]))
    cutoff = options.cutoff
    if options.overall == "respondent_index" and cutoff is None:
        sat_positions = [item_levels(v)[0].index(c) + 1 for v in items for c in item_levels(v)[1]]
        if not sat_positions:
            raise ParameterError("respondent_index needs a cut-off", code="cutoff_missing",
                                 hint="The scale has no satisfied codes; give cutoff (e.g. 4).")
        cutoff = float(min(sat_positions))
    by_name = {v.name: v for v in variables(instrument)}
    groups = []
    for name in by:
        found = by_name.get(name)
        if found is None or found.kind != "single":
            singles = [v.name for v in variables(instrument) if v.kind == "single"]
            raise ParameterError("a subgroup variable must be a single-choice question",
                                 code="bad_subgroup_variable", expected=" / ".join(singles),
                                 got=name)
        groups.append(found)
    order: list[str] = []
    for var in items:
        if var.dimension is not None and var.dimension not in order:
            order.append(var.dimension)
    dimensions = tuple((d, tuple(j for j, v in enumerate(items) if v.dimension == d))
                       for d in order)
    return SatisfactionPlan(tuple(items), options, tuple(groups), dimensions, cutoff)


def stream_satisfaction(
    source: str | Path, instrument: Instrument, *, by: Sequence[str] = (),
    engine: LocalEngine | DaskEngine | None = None, confidence: float = 0.95,
    convention: str | Convention = "top_two_box", mapping: str | Sequence[float] | None = None,
    overall: str = "mean_of_items", item_weights: Mapping[str, float] | None = None,
    overall_item: str | None = None, cutoff: float | None = None, interval: str = "wilson",
    population: int | None = None, populations: Mapping[str, Mapping[int, int]] | None = None,
) -> StreamedSatisfaction:
    """:func:`~survey.stats.satisfaction.satisfaction_table`, ``dimension_table`` and
    ``subgroup_table`` (by ``by``) of a file read in one pass of sums (:class:`LocalEngine`
    by default, or a :class:`DaskEngine`): the same figures, memory bounded by a batch.

    The file holds one column per variable, named as the instrument names it, with answer
    codes (or the options' labels); excluded codes (不了解) and reverse keying come from the
    instrument. Every row of the file counts: screen first (``survey validate``) to leave
    questionnaires out.
    """
    from survey.stats.streaming import LocalEngine

    options = SatisfactionOptions.build(
        convention=convention, mapping=mapping, overall=overall, item_weights=item_weights,
        overall_item=overall_item, cutoff=cutoff, interval=interval, confidence=confidence)
    plan = build_plan(instrument, options, by)
    engine = engine or LocalEngine()
    total = engine.reduce(source, plan.columns, partial(batch_sums, plan=plan), merge_sums)
    whole = total[WHOLE]
    group = instrument.group.id
    return StreamedSatisfaction(
        table=_table(whole, plan, group, population),
        dimensions=_dimension_table(whole, plan, group),
        subgroups=_subgroup_table(total, plan, group, populations),
        n_rows=whole.n_rows)
