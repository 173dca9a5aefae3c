"""Do subgroups (村, 部门, 年龄段 …) differ in satisfaction? Tested only where sizes allow.

For each subgroup variable and each satisfaction item, two tests, each with an effect size:

- ``chi_square``: Pearson's χ² test of independence on the level × (satisfied, not
  satisfied) table of the item's valid answers, without continuity correction; effect size
  Cramér's V = √(χ² / (n·(min(r, c) − 1))). Run only when Cochran's rule holds: every
  expected count at least 1 and no more than 20 % of them below 5;
- ``kruskal_wallis``: the Kruskal–Wallis H test (tie-corrected) on the answers' level
  positions (1 … k; reverse-keyed items mirrored); effect size
  ε² = H / (n − 1) (Tomczak & Tomczak 2014).

The ``overall`` row tests the respondents' mean level over their valid items with
Kruskal–Wallis. Levels with fewer than ``min_group_size`` valid answers (default 5) are
left out of a test and listed in ``left_out``; with fewer than two levels left, or no
variation at all, the test is not run and ``reason`` says why
(``groups_too_small``, ``expected_counts_too_small``, ``no_variation``).
``p_holm`` is the Holm-adjusted p-value over the item tests of one kind for one variable
(many items are tested at once).

Both tests read a table of counts, levels of the subgroup variable × answer levels
(:mod:`survey.stats.contingency`), added up from one count of the rows per level and answer
pattern (:mod:`survey.stats.patterns`), one pass over the rows per variable; they give
the floats ``scipy.stats.chi2_contingency`` and ``scipy.stats.kruskal`` give on the answers
themselves (the overall row's levels are the distinct respondent means).

References: Cochran (1954), Biometrics 10, 417–451; Kruskal & Wallis (1952), JASA 47,
583–621; Tomczak & Tomczak (2014), Trends in Sport Sciences 21, 19–25; Holm (1979),
Scand. J. Statist. 6, 65–70.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from survey.errors import ParameterError, Reason
from survey.instrument.model import Instrument
from survey.instrument.variables import Variable, variables
from survey.stats._answers import count_slots, map_slots, numeric_answers
from survey.stats.answers import ItemAnswers, item_levels
from survey.stats.contingency import chi_square, kruskal_wallis
from survey.stats.levels import SubgroupLevels
from survey.stats.patterns import AnswerPatterns
from survey.stats.satisfaction import satisfaction_items

__all__ = ["DIFFERENCE_COLUMNS", "cramers_v", "holm", "subgroup_differences"]

DIFFERENCE_COLUMNS = [
    "group", "variable", "item", "label", "test", "statistic", "df", "p_value", "p_holm",
    "effect_size", "effect_size_name", "n", "n_groups", "left_out", "reason", "detail",
]


def cramers_v(chi2: float, n: int, shape: tuple[int, int]) -> float:
    """Cramér's V = √(χ² / (n·(min(r, c) − 1))).

    >>> round(cramers_v(10.0, 100, (3, 2)), 4)
    0.3162
    """
    return math.sqrt(chi2 / (n * (min(shape) - 1)))


def holm(p_values: Sequence[float | None]) -> list[float | None]:
    """Holm's step-down adjusted p-values (``None`` stays ``None``).

    >>> holm([0.01, 0.04, None, 0.03])
    [0.03, 0.06, None, 0.06]
    """
    present = sorted((p, i) for i, p in enumerate(p_values) if p is not None)
    m = len(present)
    out: list[float | None] = [None] * len(p_values)
    running = 0.0
    for rank, (p, i) in enumerate(present):
        running = max(running, min(1.0, (m - rank) * p))
        out[i] = round(running, 15)
    return out


def _row(group: str, variable: str, item: str, label: str | None, test: str) -> dict[str, object]:
    return {"group": group, "variable": variable, "item": item, "label": label, "test": test,
            "statistic": None, "df": None, "p_value": None, "p_holm": None,
            "effect_size": None,
            "effect_size_name": "cramers_v" if test == "chi_square" else "epsilon_squared",
            "n": 0, "n_groups": 0, "left_out": None, "reason": None, "detail": None}


def _split(table: np.ndarray, codes: np.ndarray, min_size: int,
           names: dict[float, str]) -> tuple[np.ndarray, list[str]]:
    """The rows of ``table`` (levels of the subgroup variable, codes ascending) with at least
    ``min_size`` valid answers, and the other levels named with their n; levels without a
    valid answer are in neither."""
    sizes = table.sum(axis=1)
    kept, left = [], []
    for g, code in enumerate(codes):
        if sizes[g] >= min_size:
            kept.append(g)
        elif sizes[g]:
            left.append(f"{names.get(float(code), code)} (n={sizes[g]})")
    return table[kept], left


def _kruskal(row: dict[str, object], table: np.ndarray) -> dict[str, object]:
    if len(table) < 2:
        return {**row, "reason": Reason.GROUPS_TOO_SMALL,
                "detail": f"{len(table)} level(s) with enough answers; 2 are needed"}
    n = int(table.sum())
    row.update(n=n, n_groups=len(table))
    if int((table.sum(axis=0) > 0).sum()) < 2:
        return {**row, "reason": Reason.NO_VARIATION, "detail": "every answer is the same"}
    h, p = kruskal_wallis(table)
    return {**row, "statistic": h, "df": len(table) - 1, "p_value": p,
            "effect_size": h / (n - 1)}


def _chi_square(row: dict[str, object], table: np.ndarray) -> dict[str, object]:
    if len(table) < 2:
        return {**row, "reason": Reason.GROUPS_TOO_SMALL,
                "detail": f"{len(table)} level(s) with enough answers; 2 are needed"}
    n = int(table.sum())
    row.update(n=n, n_groups=len(table))
    if (table.sum(axis=0) == 0).any():
        return {**row, "reason": Reason.NO_VARIATION,
                "detail": "every answer is satisfied" if table[:, 1].sum() == 0
                else "no answer is satisfied"}
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / n
    small = int((expected < 5).sum())
    if (expected < 1).any() or small > 0.2 * expected.size:
        return {**row, "reason": Reason.EXPECTED_COUNTS_TOO_SMALL,
                "detail": f"{small} of {expected.size} expected counts below 5 "
                          f"(smallest {expected.min():.2f})"}
    chi2, p, dof = chi_square(table)
    return {**row, "statistic": chi2, "df": dof, "p_value": p,
            "effect_size": cramers_v(chi2, n, (table.shape[0], table.shape[1]))}


def _by_pattern(group_of: np.ndarray, n_groups: int, patterns: AnswerPatterns) -> np.ndarray:
    """The number of rows of each (group, answer pattern) pair, groups × patterns: one
    ``bincount`` of (group + 1) × P + pattern, the rows of a blank group (−1) landing in a
    first row that is dropped."""
    width = len(patterns.counts)
    cells = (group_of + 1) * width
    cells += patterns.rows
    per_cell = np.bincount(cells, minlength=(n_groups + 1) * width)
    return per_cell.reshape(n_groups + 1, width)[1:]


def _merge(by_pattern: np.ndarray, index: np.ndarray, size: int) -> np.ndarray:
    """The counts of ``by_pattern`` (groups × patterns) added up by each pattern's ``index``
    (0 … size − 1; a pattern with another index is not counted): groups × size, whole
    numbers as the rows' own counts."""
    counts: np.ndarray = by_pattern @ (index[:, None] == np.arange(size)).astype(np.int64)
    return counts


def _distinct(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of ``x`` ascending (blanks left out) and each row's index among
    them (−1: blank), as ``np.unique`` gives them; whole numbers in a short range (codes) are
    found with ``bincount`` instead of a sort."""
    low = float(np.fmin.reduce(x)) if len(x) else math.nan  # blanks left out
    high = float(np.fmax.reduce(x)) if len(x) else math.nan
    if math.isfinite(low) and math.isfinite(high) and high - low < 65536:
        first, last = math.floor(low), math.ceil(high)
        span = last - first + 1
        per_slot = count_slots(x, first, last)  # 1 + (code − first); a fraction: span + 1
        if not per_slot[span + 1]:
            used = np.flatnonzero(per_slot[1:span + 1])
            lookup = np.full(span + 3, -1, dtype=np.int64)
            lookup[used + 1] = np.arange(len(used))
            return (used + first).astype(np.float64), map_slots(x, first, last, lookup)
    present = ~np.isnan(x)
    values = x[present]
    index = np.full(len(x), -1, dtype=np.int64)
    codes, which = np.unique(values, return_inverse=True)
    index[present] = which
    return codes, index


def _levels_as_distinct(positions: np.ndarray, sizes: np.ndarray,
                        options: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_distinct` of a subgroup column from its levels
    (:func:`~survey.stats.levels.level_positions` over the question's ``options`` and the
    rows at each), for a column whose every answer is an option or a blank: the options
    answered, ascending, and each row's index among them (−1: blank)."""
    answered = sorted((options[i], i) for i in range(len(options)) if sizes[i])
    lookup = np.full(len(options) + 2, -1, dtype=np.int64)
    for rank, (_, i) in enumerate(answered):
        lookup[i] = rank
    codes = np.array([float(code) for code, _ in answered], dtype=np.float64)
    return codes, lookup.take(positions)


def _pattern_means(patterns: AnswerPatterns, items: list[tuple[str, int]],
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Each answer pattern's mean level position (1 … k) over the items answered, from each
    item's (name, number of levels): the distinct means ascending,
    and each pattern's index among them (−1: no item answered).

    The mean is Σ positions / count, both whole numbers, divided as floats; the distinct
    means of the patterns are those of the rows, every pattern having a row."""
    total = np.zeros(len(patterns.counts), dtype=np.int64)
    count = np.zeros(len(total), dtype=np.int64)
    for name, size in items:
        classes = patterns.classes(name).astype(np.int64)
        answered = classes < size
        total += np.where(answered, classes + 1, 0)
        count += answered
    some = count > 0
    means = total[some].astype(np.float64) / count[some].astype(np.float64)
    distinct, which = np.unique(means, return_inverse=True)
    index = np.full(len(total), -1, dtype=np.int64)
    index[some] = which
    return distinct, index


def subgroup_differences(
    frame: pd.DataFrame, instrument: Instrument, by: Sequence[str], *,
    group: str | None = None, min_group_size: int = 5, answers: ItemAnswers | None = None,
    levels: SubgroupLevels | None = None,
) -> pd.DataFrame:
    """Tests of satisfaction differences between the levels of each variable in ``by``.

    One ``chi_square`` and one ``kruskal_wallis`` row per satisfaction item, and one
    ``kruskal_wallis`` row for ``overall`` (respondents' mean level), per variable.
    Columns :data:`DIFFERENCE_COLUMNS`; an untested row has ``reason`` and ``detail``.
    ``answers``: the items' answers already read from ``frame``
    (:class:`~survey.stats.answers.ItemAnswers`), so that no item column is read again;
    ``levels``: the subgroup questions' levels (:class:`~survey.stats.levels.SubgroupLevels`),
    which give the codes answered where every answer is an option or a blank.
    """
    if min_group_size < 1:
        raise ParameterError("min_group_size out of range", code="bad_min_group_size",
                             expected="at least 1", got=min_group_size)
    group = group or instrument.group.id
    by_name: dict[str, Variable] = {v.name: v for v in variables(instrument)}
    items = satisfaction_items(instrument)
    if answers is None:
        answers = ItemAnswers.read(frame, items)
    answers.of(frame, items)  # checked: the answers of this frame's items
    patterns = answers.patterns
    satisfied_of: dict[str, np.ndarray] = {}
    for var in items:
        scored, sat = item_levels(var)
        satisfied_of[var.name] = np.isin(np.asarray(scored), np.asarray(sat, dtype=np.int64))
    means, mean_index = (_pattern_means(patterns, [
        (v.name, len(satisfied_of[v.name])) for v in items])
        if items else (None, None))
    rows: list[dict[str, object]] = []
    for name in by:
        subgroup = by_name.get(name)
        if subgroup is None or subgroup.kind != "single":
            raise ParameterError("a subgroup variable must be a single-choice question",
                                 code="bad_subgroup_variable", got=name)
        known = None if levels is None else levels.of(frame, subgroup)
        if known is not None and not known[1][len(subgroup.codes) + 1]:
            codes, group_of = _levels_as_distinct(*known, subgroup.codes)
        else:
            codes, group_of = _distinct(numeric_answers(frame[name]))
        names = {float(o.code): o.label for o in subgroup.options}
        block: list[dict[str, object]] = []
        by_pattern = _by_pattern(group_of, len(codes), patterns)
        for item in items:
            good = satisfied_of[item.name]
            counts = _merge(by_pattern, patterns.classes(item.name), len(good))
            two_way = np.column_stack([counts[:, good].sum(axis=1),
                                       counts[:, ~good].sum(axis=1)])
            for test, table in (("chi_square", two_way), ("kruskal_wallis", counts)):
                kept, left = _split(table, codes, min_group_size, names)
                row = _row(group, name, item.name, item.label, test)
                row["left_out"] = "; ".join(left) or None
                run = _chi_square if test == "chi_square" else _kruskal
                block.append(run(row, kept))
        if means is not None and mean_index is not None:
            counts = _merge(by_pattern, mean_index, len(means))
            kept, left = _split(counts, codes, min_group_size, names)
            row = _row(group, name, "overall", None, "kruskal_wallis")
            row["left_out"] = "; ".join(left) or None
            overall = _kruskal(row, kept)
            overall["p_holm"] = overall["p_value"]  # a single test: nothing to adjust
            block.append(overall)
        for test in ("chi_square", "kruskal_wallis"):  # one family per test, items only
            mine = [r for r in block if r["test"] == test and r["item"] != "overall"]
            p_values = [p if isinstance(p, int | float) else None for p in
                        (r["p_value"] for r in mine)]
            for r, adjusted in zip(mine, holm(p_values), strict=True):
                r["p_holm"] = adjusted
        rows += block
    out = pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS)
    out["df"] = pd.array([None if v is None or pd.isna(v) else int(v) for v in out["df"]],
                         dtype="Int64")
    return out
