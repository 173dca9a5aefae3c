"""Cronbach's α and the item-total table: hand-computed cases, undefined cases, properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from survey.errors import Reason
from survey.stats.reliability import cronbach_alpha, item_statistics

# Three items, four respondents. Covariances (n−1): var a 5/3, var b 4/3, var c 8/3;
# cov(a,b) 4/3, cov(a,c) 2, cov(b,c) 4/3; ΣC = 15, tr C = 17/3; α = 3/2·(1 − 17/45) = 14/15.
HAND = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})


class TestCronbachAlpha:
    def test_hand_computed_value(self):
        """α = 14/15 for the hand case."""
        assert cronbach_alpha(HAND).alpha == pytest.approx(14 / 15, abs=1e-15)

    def test_listwise_counts_rows_used(self):
        """A row with a missing answer is left out, and n says so."""
        data = pd.concat([HAND, pd.DataFrame({"a": [np.nan], "b": [1], "c": [1]})], ignore_index=True)
        result = cronbach_alpha(data)
        assert result.n_respondents == 4
        assert result.alpha == pytest.approx(14 / 15)

    def test_single_item_is_undefined(self):
        result = cronbach_alpha(HAND[["a"]])
        assert result.alpha is None and result.reason is Reason.TOO_FEW_ITEMS

    def test_single_respondent_is_undefined(self):
        result = cronbach_alpha(HAND.iloc[:1])
        assert result.alpha is None and result.reason is Reason.TOO_FEW_RESPONDENTS

    def test_identical_answers_everywhere_is_undefined(self):
        """Everyone answered 5 to everything: zero total variance, no number."""
        result = cronbach_alpha(pd.DataFrame({"a": [5, 5, 5], "b": [5, 5, 5]}))
        assert result.alpha is None and result.reason is Reason.ZERO_TOTAL_VARIANCE

    def test_constant_item_left_out_with_warning(self):
        data = HAND.assign(d=3)
        result = cronbach_alpha(data)
        assert result.alpha == pytest.approx(14 / 15)
        assert result.items == ("a", "b", "c")
        assert [w.code for w in result.warnings] == ["constant_item"]

    def test_feldt_interval_uses_rows_used(self):
        """CI from F quantiles with n − 1 = 3 and (n − 1)(k − 1) = 6 degrees of freedom."""
        from scipy import stats

        result = cronbach_alpha(HAND)
        low = 1 - (1 - 14 / 15) * stats.f.ppf(0.975, 3, 6)
        high = 1 - (1 - 14 / 15) * stats.f.ppf(0.025, 3, 6)
        assert (result.ci_low, result.ci_high) == pytest.approx((low, high))

    def test_agrees_with_pingouin_on_complete_data(self):
        rng = np.random.default_rng(1)
        latent = rng.normal(size=(200, 1))
        data = pd.DataFrame(np.clip(np.rint(3 + latent + rng.normal(size=(200, 5))), 1, 5),
                            columns=list("abcde"))
        expected, (low, high) = pg.cronbach_alpha(data)
        result = cronbach_alpha(data)
        assert result.alpha == pytest.approx(expected, abs=1e-12)
        assert (round(result.ci_low, 3), round(result.ci_high, 3)) == (low, high)

    @settings(max_examples=200, deadline=None)
    @given(arrays(np.int8, st.tuples(st.integers(2, 30), st.integers(2, 8)),
                  elements=st.integers(1, 5)))
    def test_never_above_one_and_never_nan(self, values):
        """α ≤ 1, finite, or absent with a reason, for any 1–5 answers."""
        result = cronbach_alpha(pd.DataFrame(values.astype(float)))
        if result.alpha is None:
            assert result.reason is not None
        else:
            assert np.isfinite(result.alpha) and result.alpha <= 1

    @settings(max_examples=100, deadline=None)
    @given(arrays(np.int8, st.tuples(st.integers(3, 20), st.integers(3, 6)),
                  elements=st.integers(1, 5)), st.randoms())
    def test_invariant_to_item_order(self, values, rnd):
        frame = pd.DataFrame(values.astype(float))
        columns = list(frame.columns)
        rnd.shuffle(columns)
        a, b = cronbach_alpha(frame).alpha, cronbach_alpha(frame[columns]).alpha
        assert (a is None and b is None) or a == pytest.approx(b)


class TestItemStatistics:
    def test_alpha_if_deleted_equals_alpha_of_the_rest(self):
        table = item_statistics(HAND).set_index("item")
        for item in HAND.columns:
            rest = cronbach_alpha(HAND.drop(columns=item)).alpha
            assert table.loc[item, "alpha_if_deleted"] == pytest.approx(rest)

    def test_corrected_item_total_by_hand(self):
        """r(a, b + c): b + c = [3, 5, 7, 9] is a linear function of a, so r = 1."""
        table = item_statistics(HAND).set_index("item")
        assert table.loc["a", "corrected_item_total_r"] == pytest.approx(1.0)
        assert table.loc["a", "scale_mean_if_deleted"] == pytest.approx(3 + 3)
        assert table.loc["a", "scale_var_if_deleted"] == pytest.approx(pd.Series([3, 5, 7, 9]).var())
