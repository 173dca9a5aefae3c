"""Subgroup differences: hand-computed χ², pingouin as a cross-check, and the reasons a test
is not run."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats

from survey.errors import ParameterError, Reason
from survey.stats.differences import DIFFERENCE_COLUMNS, cramers_v, holm, subgroup_differences
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
