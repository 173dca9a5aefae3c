"""KMO (overall and per item) and Bartlett's sphericity test: hand cases and undefined cases.

Published reference values (SPSS, JASP, R psych, factor_analyzer) are checked in
test_reliability_reference.py; here the formulas are checked against independent
hand computations.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from survey.errors import Reason
from survey.stats.validity import (
    bartlett_from_correlation,
    bartlett_sphericity,
    kmo,
    kmo_band,
    kmo_from_correlation,
)

R3 = pd.DataFrame([[1.0, 0.5, 0.4], [0.5, 1.0, 0.3], [0.4, 0.3, 1.0]],
                  index=list("abc"), columns=list("abc"))


def _partial(r: pd.DataFrame, i: str, j: str, k: str) -> float:
    """First-order partial correlation r_ij·k = (r_ij − r_ik r_jk) / √((1 − r_ik²)(1 − r_jk²))."""
    return (r.loc[i, j] - r.loc[i, k] * r.loc[j, k]) / math.sqrt(
        (1 - r.loc[i, k] ** 2) * (1 - r.loc[j, k] ** 2))


def _sample(n: int = 80, k: int = 4, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    latent = rng.normal(size=(n, 1))
    return pd.DataFrame(np.rint(3 + latent + rng.normal(size=(n, k))),
                        columns=[f"q{i}" for i in range(k)])


class TestKmoFromCorrelation:
    def test_three_items_by_hand(self):
        """With 3 items the partial correlations are first-order: KMO by hand."""
        pairs = [("a", "b", "c"), ("a", "c", "b"), ("b", "c", "a")]
        r2 = sum(R3.loc[i, j] ** 2 for i, j, _ in pairs)
        p2 = sum(_partial(R3, i, j, k) ** 2 for i, j, k in pairs)
        assert kmo_from_correlation(R3).overall == pytest.approx(r2 / (r2 + p2))

    def test_msa_per_item_by_hand(self):
        """MSA_a uses only the pairs that involve a."""
        r2 = R3.loc["a", "b"] ** 2 + R3.loc["a", "c"] ** 2
        p2 = _partial(R3, "a", "b", "c") ** 2 + _partial(R3, "a", "c", "b") ** 2
        assert kmo_from_correlation(R3).msa["a"] == pytest.approx(r2 / (r2 + p2))

    def test_singular_matrix_has_a_reason(self):
        """An item that duplicates another makes R singular: no KMO, a reason."""
        r = pd.DataFrame([[1, 1, .3], [1, 1, .3], [.3, .3, 1]], index=list("abc"),
                         columns=list("abc"))
        result = kmo_from_correlation(r)
        assert result.overall is None and result.reason is Reason.SINGULAR_CORRELATION_MATRIX
        assert result.per_item == (None, None, None)

    def test_indefinite_matrix_has_a_reason(self):
        """A 'correlation matrix' with a negative eigenvalue is rejected."""
        r = np.array([[1, .9, -.9], [.9, 1, .9], [-.9, .9, 1]])
        assert kmo_from_correlation(r).reason is Reason.NOT_POSITIVE_SEMIDEFINITE

    def test_one_item_has_a_reason(self):
        """KMO needs 2 items."""
        assert kmo_from_correlation(np.ones((1, 1))).reason is Reason.TOO_FEW_ITEMS

    def test_to_dict_maps_items_to_msa(self):
        """to_dict gives overall and per_item by name."""
        block = kmo_from_correlation(R3).to_dict()
        assert set(block["per_item"]) == {"a", "b", "c"} and block["reason"] is None


class TestKmo:
    def test_equals_kmo_of_the_data_correlation_matrix(self):
        """kmo(data) is kmo_from_correlation of the data's Pearson R."""
        data = _sample()
        assert kmo(data).overall == pytest.approx(kmo_from_correlation(data.corr()).overall)

    def test_constant_item_has_a_reason(self):
        """A constant item has no correlations, so no KMO."""
        assert kmo(_sample().assign(q9=3)).reason is Reason.CONSTANT_ITEM

    def test_more_items_than_respondents_is_singular(self):
        """5 respondents, 6 items: R is singular."""
        data = pd.DataFrame(np.random.default_rng(1).normal(size=(5, 6)))
        result = kmo(data)
        assert result.overall is None and result.reason is Reason.SINGULAR_CORRELATION_MATRIX

    def test_listwise_n_is_reported(self):
        """The KMO states the respondents it used."""
        data = _sample()
        data.iloc[0, 0] = np.nan
        assert kmo(data).n_respondents == 79 and kmo(data, missing="pairwise").n_respondents == 80


class TestBartlettFromCorrelation:
    def test_two_items_by_hand(self):
        """|R| = 1 − r²; χ² = −(n − 1 − (2·2 + 5)/6)·ln(1 − r²), df = 1."""
        r, n = 0.5, 100
        result = bartlett_from_correlation(np.array([[1, r], [r, 1]]), n)
        chi2 = -(n - 1 - 9 / 6) * math.log(1 - r * r)
        assert result.chi2 == pytest.approx(chi2) and result.df == 1
        assert result.p_value == pytest.approx(stats.chi2.sf(chi2, 1))

    def test_identity_gives_zero(self):
        """Uncorrelated items: χ² = 0, p = 1."""
        result = bartlett_from_correlation(np.eye(4), 50)
        assert result.chi2 == pytest.approx(0) and result.p_value == pytest.approx(1)
        assert result.df == 6

    def test_too_few_respondents_for_the_factor(self):
        """n − 1 − (2p + 5)/6 ≤ 0 leaves no test."""
        result = bartlett_from_correlation(R3, 2)  # 2 − 1 − 11/6 < 0
        assert result.chi2 is None and result.reason is Reason.TOO_FEW_RESPONDENTS

    def test_singular_matrix_has_a_reason(self):
        """ln|R| does not exist for a singular R."""
        r = np.array([[1, 1], [1, 1.0]])
        result = bartlett_from_correlation(r, 30)
        assert result.chi2 is None and result.reason is Reason.SINGULAR_CORRELATION_MATRIX


class TestBartlettSphericity:
    def test_uses_listwise_rows(self):
        """χ² from the data equals χ² of its complete rows' R with their n."""
        data = _sample()
        data.iloc[3, 1] = np.nan
        complete = data.dropna()
        expected = bartlett_from_correlation(complete.corr(), len(complete)).chi2
        result = bartlett_sphericity(data)
        assert result.chi2 == pytest.approx(expected) and result.n_respondents == 79

    def test_one_respondent_has_a_reason(self):
        """With one respondent there is no correlation matrix."""
        assert bartlett_sphericity(_sample(n=1)).reason is Reason.TOO_FEW_RESPONDENTS


class TestKmoBand:
    @pytest.mark.parametrize(("value", "band"), [(0.93, "marvelous"), (0.8, "meritorious"),
                                                 (0.75, "middling"), (0.6, "mediocre"),
                                                 (0.55, "miserable"), (0.3, "unacceptable")])
    def test_kaiser_labels(self, value, band):
        """Kaiser (1974): limits 0.9, 0.8, 0.7, 0.6, 0.5, lower limit included."""
        assert kmo_band(value) == band
