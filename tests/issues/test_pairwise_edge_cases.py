"""Pairwise and degenerate cases where a figure came out as float noise instead of absent with
a reason: an r of 0/0 printed as −8e-11, a pairwise n that counted rows answering only an
excluded constant item, KMO 0.5 beside a non-integer constant column, a corrected item-total
r of 0.000 for a constant rest score, and a docstring that disagreed with the code."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin
import pytest

from survey.stats._moments import item_moments
from survey.stats.reliability import (
    _is_psd,
    cronbach_alpha,
    item_statistics,
    scale_reliability,
)
from survey.stats.validity import bartlett_sphericity, kmo

NAN = np.nan


class TestCorrelationUndefined:
    """a is 1, 1, 1 on the three rows it shares with b: r(a, b) = 0/0."""

    DATA = pd.DataFrame({"a": [5, 1, 1, 4, 1], "b": [NAN, 1, 5, NAN, 4]})

    def test_r_is_absent_not_noise(self):
        m = item_moments(self.DATA.to_numpy(float), "pairwise")
        assert np.isnan(m.corr[0, 1]) and np.isnan(m.corr[1, 0])
        assert m.cov[0, 1] == 0.0  # the covariance is exactly 0: a does not vary there

    def test_standardised_alpha_kmo_bartlett_give_the_reason(self):
        result = cronbach_alpha(self.DATA, missing="pairwise")
        assert result.alpha_standardized is None
        assert "correlation_undefined" in [w.code for w in result.warnings]
        assert str(kmo(self.DATA, missing="pairwise").reason) == "correlation_undefined"
        assert str(bartlett_sphericity(self.DATA, missing="pairwise").reason) == (
            "correlation_undefined")

    def test_random_pairs_with_a_constant_side_never_give_a_number(self):
        """Many random pairs: wherever one item is constant on the shared rows, r is NaN;
        elsewhere r equals pandas' pairwise r."""
        rng = np.random.default_rng(11)
        constant_pairs = 0
        for _ in range(400):
            x = rng.integers(1, 6, size=(8, 2)).astype(float)
            x[rng.random((8, 2)) < 0.4] = NAN
            both = ~np.isnan(x).any(axis=1)
            if both.sum() < 2 or (~np.isnan(x)).sum(axis=0).min() < 2:
                continue
            r = item_moments(x, "pairwise").corr[0, 1]
            shared = x[both]
            if (shared.max(axis=0) == shared.min(axis=0)).any():
                constant_pairs += 1
                assert np.isnan(r)
            else:
                expected = pd.DataFrame(x).corr().iloc[0, 1]
                assert r == pytest.approx(expected, abs=1e-12)
        assert constant_pairs > 20


class TestPairwiseN:
    DATA = pd.DataFrame({"a": [1, 2, 3, 4, 5, NAN], "b": [2, 1, 4, 3, 5, NAN],
                         "c": [3, 3, NAN, NAN, NAN, 3]})

    def test_rows_answering_only_an_excluded_item_are_not_counted(self):
        """c is constant and left out; row 6 answered only c: n = 5, as α on a, b alone."""
        whole = scale_reliability(self.DATA, missing="pairwise").alpha
        alone = cronbach_alpha(self.DATA[["a", "b"]], missing="pairwise")
        assert whole.excluded_items == ("c",)
        assert whole.n_respondents == alone.n_respondents == 5
        assert whole.ci_low == pytest.approx(alone.ci_low, abs=1e-12)
        # and α itself is pingouin's on the five complete rows of a and b
        theirs = pingouin.cronbach_alpha(self.DATA[["a", "b"]].dropna())[0]
        assert whole.alpha == pytest.approx(theirs, abs=1e-12)


class TestConstantColumnsInPublicValidity:
    DATA = pd.DataFrame({"a": range(10), "b": [3, 1, 4, 1, 5, 8, 2, 6, 5, 3],
                         "c": [291.68] * 10})

    def test_kmo_and_bartlett_give_a_reason(self):
        assert kmo(self.DATA).overall is None
        assert str(kmo(self.DATA).reason) == "constant_item"
        result = bartlett_sphericity(self.DATA)
        assert result.chi2 is None and str(result.reason) == "constant_item"


class TestExactZeros:
    def test_corrected_item_total_r_of_a_constant_rest_score_is_absent(self):
        """b + c = 6, 6, 6: the rest score of a does not vary, so its r is 0/0."""
        table = item_statistics(pd.DataFrame({"a": [4, 2, 2], "b": [5, 3, 2], "c": [1, 3, 4]}))
        row = table.iloc[0]
        assert np.isnan(row["corrected_item_total_r"])
        assert row["corrected_item_total_r_reason"] == "zero_total_variance"
        assert row["scale_var_if_deleted"] == 0.0
        # the other items are unaffected: b's corrected r is r(b, a + c) by hand
        assert table.iloc[1]["corrected_item_total_r"] == pytest.approx(
            np.corrcoef([5, 3, 2], [5, 5, 6])[0, 1], abs=1e-12)

    def test_pairwise_zero_r_gives_the_listwise_verdict(self):
        """r(q1, q2) is exactly 0 on their three shared rows: KMO is not applicable both ways."""
        data = pd.DataFrame({"q1": [1, 3, 2, 2, 3], "q2": [3, NAN, 2, NAN, 3]})
        pairwise, listwise = kmo(data, missing="pairwise"), kmo(data.dropna())
        assert pairwise.overall is None and listwise.overall is None
        assert pairwise.reason == listwise.reason


class TestIndefiniteCovarianceDocumented:
    """Pairwise C indefinite, R positive definite: α with a warning, and KMO from R (as the
    docstring now says)."""

    DATA = pd.DataFrame([[2, 5, 2], [4, NAN, 5], [3, 5, 4], [NAN, 3, NAN], [NAN, 4, 4],
                         [3, 1, NAN]], columns=list("abc"), dtype=float)

    def test_figures_follow_r(self):
        m = item_moments(self.DATA.to_numpy(), "pairwise")
        assert not _is_psd(m.cov) and np.linalg.eigvalsh(m.corr)[0] > 0
        result = scale_reliability(self.DATA, missing="pairwise")
        assert result.kmo.overall is not None and result.kmo.reason is None
        codes = [w.code for w in result.alpha.warnings]
        assert result.alpha.alpha is None or "not_positive_semidefinite" in codes
