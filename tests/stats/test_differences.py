"""Subgroup differences: hand-computed χ², pingouin as a cross-check, and the reasons a test
is not run."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from survey.errors import ParameterError, Reason
from survey.instrument.model import Instrument
from survey.instrument.variables import variables
from survey.stats import differences as differences_module
from survey.stats._answers import level_index
from survey.stats.conventions import Convention, answer_scores, scale_levels
from survey.stats.differences import DIFFERENCE_COLUMNS, cramers_v, holm, subgroup_differences
from survey.stats.satisfaction import satisfaction_items
from tests.stats.test_satisfaction import make_frame, make_instrument


def two_villages() -> pd.DataFrame:
    """40 respondents: village 1 has 15 satisfied of 20 on sat_1, village 2 has 8 of 20."""
    v1 = [5] * 10 + [4] * 5 + [3] * 3 + [2] * 2
    v2 = [5] * 3 + [4] * 5 + [3] * 6 + [2] * 4 + [1] * 2
    rng = np.random.default_rng(7)
    n = 40
    return pd.DataFrame({
        "respondent_id": [f"r{i}" for i in range(n)],
        "village": [1.0] * 20 + [2.0] * 20,
        "sat_1": np.array(v1 + v2, dtype=float),
        "sat_2": rng.choice([1, 2, 3, 4, 5], size=n).astype(float),
        "sat_3": rng.choice([2, 3, 4, 5], size=n).astype(float),
        "why_1": np.nan, "why_2": np.nan, "why_3": np.nan,
    })


@pytest.fixture
def inst():
    return make_instrument()


def row(table: pd.DataFrame, item: str, test: str) -> pd.Series:
    return table[(table["item"] == item) & (table["test"] == test)].iloc[0]


class TestCramersV:
    def test_by_hand(self):
        """√(10 / (100 · 1)) = 0.3162."""
        assert cramers_v(10.0, 100, (3, 2)) == pytest.approx(math.sqrt(0.1))


class TestHolm:
    def test_by_hand(self):
        """m = 3: 3·0.01, max(2·0.03, ·), max(·, 1·0.04)."""
        assert holm([0.01, 0.04, None, 0.03]) == [0.03, 0.06, None, 0.06]

    def test_capped_at_one(self):
        assert holm([0.6, 0.7]) == [1.0, 1.0]


class TestSubgroupDifferences:
    def test_chi_square_by_hand(self, inst):
        """Table [[15, 5], [8, 12]]: expected 11.5 / 8.5; χ² = 12.25·(2/11.5 + 2/8.5) = 5.0128."""
        t = subgroup_differences(two_villages(), inst, ["village"])
        r = row(t, "sat_1", "chi_square")
        expected = 12.25 * (2 / 11.5 + 2 / 8.5)
        assert r["statistic"] == pytest.approx(expected) and r["df"] == 1
        assert r["p_value"] == pytest.approx(stats.chi2.sf(expected, 1))
        assert r["effect_size"] == pytest.approx(math.sqrt(expected / 40))
        assert r["effect_size_name"] == "cramers_v" and r["n"] == 40 and r["n_groups"] == 2

    def test_chi_square_matches_pingouin_without_correction(self, inst):
        """pingouin.chi2_independence(correction=False): Pearson χ² and Cramér's V."""
        data = two_villages()
        data["sat"] = (data["sat_1"] >= 4).astype(int)
        _, _, st = pg.chi2_independence(data, x="village", y="sat", correction=False)
        pearson = st[st["test"] == "pearson"].iloc[0]
        r = row(subgroup_differences(data, inst, ["village"]), "sat_1", "chi_square")
        assert r["statistic"] == pytest.approx(pearson["chi2"])
        assert r["effect_size"] == pytest.approx(pearson["cramer"])

    def test_kruskal_matches_pingouin(self, inst):
        """H and p equal pingouin.kruskal on the same answers; ε² = H / (n − 1)."""
        data = two_villages()
        ref = pg.kruskal(data, dv="sat_1", between="village").iloc[0]
        r = row(subgroup_differences(data, inst, ["village"]), "sat_1", "kruskal_wallis")
        assert r["statistic"] == pytest.approx(ref["H"]) and r["p_value"] == pytest.approx(ref["p_unc"])
        assert r["effect_size"] == pytest.approx(ref["H"] / 39)
        assert r["effect_size_name"] == "epsilon_squared"

    def test_overall_row_tests_respondent_means(self, inst):
        """The overall row is Kruskal–Wallis on each respondent's mean level."""
        data = two_villages()
        means = data[["sat_1", "sat_2", "sat_3"]].mean(axis=1)
        h, p = stats.kruskal(means[:20], means[20:])
        r = row(subgroup_differences(data, inst, ["village"]), "overall", "kruskal_wallis")
        assert r["statistic"] == pytest.approx(h) and r["p_value"] == pytest.approx(p)
        assert r["p_holm"] == r["p_value"]

    def test_holm_over_the_items_of_one_test(self, inst):
        t = subgroup_differences(two_villages(), inst, ["village"])
        chi = t[(t["test"] == "chi_square")]
        tested = chi.dropna(subset=["p_value"])
        assert list(tested["p_holm"]) == pytest.approx(holm(list(tested["p_value"])))

    def test_small_groups_are_left_out_and_named(self, inst):
        """Six respondents, 3 per village, minimum 5: nothing tested, reason given."""
        t = subgroup_differences(make_frame(), inst, ["village"])
        assert list(t.columns) == DIFFERENCE_COLUMNS
        assert t["p_value"].isna().all()
        assert set(t["reason"]) == {Reason.GROUPS_TOO_SMALL}
        assert "石门村 (n=3)" in row(t, "sat_1", "chi_square")["left_out"]

    def test_expected_counts_too_small(self, inst):
        """[[19, 1], [18, 2]]: expected unsatisfied counts 1.5 each → not tested."""
        data = two_villages()
        data["sat_1"] = [5.0] * 19 + [1.0] + [5.0] * 18 + [1.0] * 2
        r = row(subgroup_differences(data, inst, ["village"]), "sat_1", "chi_square")
        assert r["reason"] == Reason.EXPECTED_COUNTS_TOO_SMALL and pd.isna(r["statistic"])
        assert "2 of 4 expected counts below 5" in r["detail"]

    def test_no_variation(self, inst):
        """Everyone satisfied on sat_1: chi-square and Kruskal–Wallis have nothing to test."""
        data = two_villages()
        data["sat_1"] = 5.0
        t = subgroup_differences(data, inst, ["village"])
        assert row(t, "sat_1", "chi_square")["reason"] == Reason.NO_VARIATION
        assert row(t, "sat_1", "kruskal_wallis")["reason"] == Reason.NO_VARIATION

    def test_min_group_size_is_configurable(self, inst):
        """With a minimum of 3 the six-respondent sample is tested (3 per village)."""
        t = subgroup_differences(make_frame(), inst, ["village"], min_group_size=2)
        assert row(t, "sat_1", "kruskal_wallis")["n_groups"] == 2

    def test_variable_must_be_single_choice(self, inst):
        with pytest.raises(ParameterError):
            subgroup_differences(make_frame(), inst, ["sat_1"])


# ---------------------------------------------------------------------------------------------
# The implementation before the tests were computed from tables of counts: the answers split
# with pandas groupby, scipy.stats.kruskal and chi2_contingency on them. Kept as the reference.


def _old_split(levels, values, min_size, names):
    ok = values.notna() & levels.notna()
    groups, left = {}, []
    for code, part in values[ok].groupby(levels[ok]):
        if len(part) >= min_size:
            groups[float(code)] = part
        else:
            left.append(f"{names.get(float(code), code)} (n={len(part)})")
    return groups, left


def _old_kruskal(row, groups):
    if len(groups) < 2:
        return {**row, "reason": Reason.GROUPS_TOO_SMALL,
                "detail": f"{len(groups)} level(s) with enough answers; 2 are needed"}
    pooled = pd.concat(list(groups.values()))
    n = len(pooled)
    row.update(n=n, n_groups=len(groups))
    if pooled.nunique() < 2:
        return {**row, "reason": Reason.NO_VARIATION, "detail": "every answer is the same"}
    h, p = stats.kruskal(*[g.to_numpy() for g in groups.values()])
    if h < 0:  # as documented in contingency.kruskal_wallis: below zero is zero lost in
        h, p = 0.0, 1.0  # rounding (scipy gives p = NaN there): H = 0, p = 1
    return {**row, "statistic": float(h), "df": len(groups) - 1, "p_value": float(p),
            "effect_size": float(h) / (n - 1)}


def _old_chi_square(row, groups):
    if len(groups) < 2:
        return {**row, "reason": Reason.GROUPS_TOO_SMALL,
                "detail": f"{len(groups)} level(s) with enough answers; 2 are needed"}
    table = np.array([[int((g == 1).sum()), int((g == 0).sum())] for g in groups.values()])
    n = int(table.sum())
    row.update(n=n, n_groups=len(groups))
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
    chi2, p, dof, _ = stats.chi2_contingency(table, correction=False)
    return {**row, "statistic": float(chi2), "df": int(dof), "p_value": float(p),
            "effect_size": cramers_v(float(chi2), n, table.shape)}


def old_subgroup_differences(frame: pd.DataFrame, instrument: Instrument, by, *,
                             min_group_size: int = 5) -> pd.DataFrame:
    group = instrument.group.id
    by_name = {v.name: v for v in variables(instrument)}
    items = satisfaction_items(instrument)
    positions, satisfied = {}, {}
    for var in items:
        levels, sat = scale_levels(var.codes, var.satisfied, var.excluded, reverse=var.reverse)
        positions[var.name] = answer_scores(frame[var.name], levels, sat, Convention.of("mean"))
        satisfied[var.name] = answer_scores(frame[var.name], levels, sat, Convention())
    rows = []
    for name in by:
        subgroup = by_name[name]
        levels_of = pd.to_numeric(frame[name], errors="coerce")
        names = {float(o.code): o.label for o in subgroup.options}
        block = []
        for item in items:
            for test, values in (("chi_square", satisfied[item.name]),
                                 ("kruskal_wallis", positions[item.name])):
                groups, left = _old_split(levels_of, values, min_group_size, names)
                row = {"group": group, "variable": name, "item": item.name, "label": item.label,
                       "test": test, "statistic": None, "df": None, "p_value": None,
                       "p_holm": None, "effect_size": None,
                       "effect_size_name": "cramers_v" if test == "chi_square"
                       else "epsilon_squared",
                       "n": 0, "n_groups": 0, "left_out": "; ".join(left) or None,
                       "reason": None, "detail": None}
                run = _old_chi_square if test == "chi_square" else _old_kruskal
                block.append(run(row, groups))
        matrix = pd.concat([positions[i.name] for i in items], axis=1)
        means = matrix.mean(axis=1, skipna=True)
        groups, left = _old_split(levels_of, means, min_group_size, names)
        row = {"group": group, "variable": name, "item": "overall", "label": None,
               "test": "kruskal_wallis", "statistic": None, "df": None, "p_value": None,
               "p_holm": None, "effect_size": None, "effect_size_name": "epsilon_squared",
               "n": 0, "n_groups": 0, "left_out": "; ".join(left) or None, "reason": None,
               "detail": None}
        overall = _old_kruskal(row, groups)
        overall["p_holm"] = overall["p_value"]
        block.append(overall)
        for test in ("chi_square", "kruskal_wallis"):
            mine = [r for r in block if r["test"] == test and r["item"] != "overall"]
            p_values = [r["p_value"] for r in mine]
            for r, adjusted in zip(mine, holm(p_values), strict=True):
                r["p_holm"] = adjusted
        rows += block
    out = pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS)
    out["df"] = pd.array([None if v is None or pd.isna(v) else int(v) for v in out["df"]],
                         dtype="Int64")
    return out


@st.composite
def survey_frames(draw: st.DrawFn) -> pd.DataFrame:
    """Up to 80 respondents: villages 1, 2, an unlisted 3 or blank (some levels empty, some
    with a single answer); answers 1–5, 9 = 不了解, 7 (outside the scale) or blank, drawn
    from a few values so that ties abound and items can be constant."""
    n = draw(st.integers(0, 80))
    village_pool = draw(st.lists(st.sampled_from([1.0, 2.0, 3.0, np.nan]), min_size=1,
                                 max_size=4))
    columns = {"respondent_id": [f"r{i}" for i in range(n)],
               "village": draw(st.lists(st.sampled_from(village_pool), min_size=n, max_size=n))}
    for name in ("sat_1", "sat_2", "sat_3"):
        pool = draw(st.lists(st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0, 9.0, 7.0, np.nan]),
                             min_size=1, max_size=5))
        columns[name] = draw(st.lists(st.sampled_from(pool), min_size=n, max_size=n))
    for name in ("why_1", "why_2", "why_3"):
        columns[name] = [np.nan] * n
    return pd.DataFrame(columns).astype({"village": float, "sat_1": float, "sat_2": float,
                                         "sat_3": float})


def assert_same_floats(new: pd.DataFrame, old: pd.DataFrame) -> None:
    """Every cell equal; floats bit for bit (their repr), blanks blank."""
    assert list(new.columns) == list(old.columns) and len(new) == len(old)
    pd.testing.assert_frame_equal(new, old, check_exact=True, check_dtype=False)
    for a, b in zip(new.astype(object).to_numpy().ravel(), old.astype(object).to_numpy().ravel(),
                    strict=True):
        assert (pd.isna(a) and pd.isna(b)) or repr(a) == repr(b)


class TestSameAsTheAnswerByAnswerTests:
    @given(survey_frames(), st.integers(1, 6))
    @settings(max_examples=150)
    def test_random_frames(self, data, min_group_size):
        """Tables of counts give the figures scipy.stats gave on the answers, bit for bit."""
        inst = make_instrument()
        new = subgroup_differences(data, inst, ["village"], min_group_size=min_group_size)
        old = old_subgroup_differences(data, inst, ["village"], min_group_size=min_group_size)
        assert_same_floats(new, old)

    def test_larger_sample(self):
        """2,000 respondents, three villages, every cell of the table large."""
        rng = np.random.default_rng(11)
        n = 2000
        data = pd.DataFrame({
            "respondent_id": [f"r{i}" for i in range(n)],
            "village": rng.choice([1.0, 2.0, np.nan], size=n, p=[0.5, 0.45, 0.05]),
            **{f"sat_{j}": rng.choice([1.0, 2.0, 3.0, 4.0, 5.0, 9.0, np.nan], size=n)
               for j in (1, 2, 3)},
            "why_1": np.nan, "why_2": np.nan, "why_3": np.nan,
        })
        inst = make_instrument()
        assert_same_floats(subgroup_differences(data, inst, ["village"]),
                           old_subgroup_differences(data, inst, ["village"]))


class TestLevelIndex:
    @given(st.lists(st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0, 9.0, 7.0, 2.5, -1.0, np.nan]),
                    max_size=30),
           st.sampled_from([(1, 2, 3, 4, 5), (5, 4, 3, 2, 1), (3, 2, 1), (2, 4)]))
    def test_positions_are_the_mean_convention_scores(self, answers, levels):
        """Position + 1 is the ``mean`` score answer_scores gives; −1 where it gives NaN."""
        x = np.array(answers, dtype=float)
        scores = answer_scores(pd.Series(x), levels, (), Convention.of("mean")).to_numpy()
        index = level_index(x, levels)
        assert np.array_equal(np.where(index >= 0, index + 1.0, np.nan), scores, equal_nan=True)


class TestDistinct:
    @given(st.lists(st.sampled_from([1.0, 2.0, 7.0, -3.0, 2.5, np.nan, 1e9, np.inf]),
                    max_size=40))
    def test_as_numpy_unique(self, values):
        """Codes ascending and each row's index, as np.unique gives them (blanks −1)."""
        x = np.array(values, dtype=float)
        codes, index = differences_module._distinct(x)
        present = ~np.isnan(x)
        expected, which = np.unique(x[present], return_inverse=True)
        assert np.array_equal(codes, expected)
        assert np.array_equal(index[present], which) and (index[~present] == -1).all()


def test_an_instrument_without_satisfaction_items_has_no_tests():
    """No satisfaction item: no row to test, whatever the subgroup answers (the answer
    patterns of no items are one empty pattern per row)."""
    inst = Instrument.model_validate({
        "id": "t", "title": "测试问卷", "group": {"id": "g", "name": "群众"},
        "sections": [{"id": "s1", "title": "基本情况", "questions": [
            {"id": "village", "type": "single", "text": "村", "options": [[1, "甲"], [2, "乙"]]},
            {"id": "q", "type": "single", "text": "问", "options": [[1, "是"], [2, "否"]]}]}]})
    data = pd.DataFrame({"village": [1.0, 2.0, 1.0, np.nan], "q": [1.0, 2.0, 2.0, 1.0]})
    out = subgroup_differences(data, inst, ["village"])
    assert out.empty and list(out.columns) == DIFFERENCE_COLUMNS
