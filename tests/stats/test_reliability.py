"""Cronbach's α and the item-total table: hand-computed cases, undefined cases, properties."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from survey.errors import ParameterError, Reason, ResponseFileError
from survey.stats.reliability import (
    ITEM_COLUMNS,
    alpha_band,
    cronbach_alpha,
    instrument_reliability,
    inter_item_correlations,
    item_statistics,
    scale_reliability,
)
from tests.conftest import ROOT

# Three items, four respondents. Covariances (n−1): var a 5/3, var b 4/3, var c 8/3;
# cov(a,b) 4/3, cov(a,c) 2, cov(b,c) 4/3; ΣC = 15, tr C = 17/3; α = 3/2·(1 − 17/45) = 14/15.
HAND = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})

likert = arrays(np.int8, st.tuples(st.integers(3, 25), st.integers(3, 7)),
                elements=st.integers(1, 5))


def _alpha_by_formula(frame: pd.DataFrame) -> float:
    """α = k/(k−1) · (1 − Σ var_i / var(Σ x)), from pandas directly."""
    k = frame.shape[1]
    return k / (k - 1) * (1 - frame.var().sum() / frame.sum(axis=1).var())


class TestCronbachAlpha:
    def test_hand_computed_value(self):
        """α = 14/15 for the hand case."""
        assert cronbach_alpha(HAND).alpha == pytest.approx(14 / 15, abs=1e-15)

    def test_standardized_alpha_by_hand(self):
        """Standardised α = k/(k−1)·(1 − k/ΣR) with R from numpy's corrcoef."""
        r = np.corrcoef(HAND.to_numpy(float), rowvar=False)
        expected = 3 / 2 * (1 - 3 / r.sum())
        assert cronbach_alpha(HAND).alpha_standardized == pytest.approx(expected)

    def test_average_inter_item_r_by_hand(self):
        """r̄ is the mean of the three off-diagonal correlations."""
        r = np.corrcoef(HAND.to_numpy(float), rowvar=False)
        assert cronbach_alpha(HAND).average_r == pytest.approx(r[np.triu_indices(3, 1)].mean())

    def test_listwise_counts_rows_used(self):
        """A row with a missing answer is left out, and n says so."""
        data = pd.concat([HAND, pd.DataFrame({"a": [np.nan], "b": [1], "c": [1]})],
                         ignore_index=True)
        result = cronbach_alpha(data)
        assert (result.n_respondents, result.n_rows, result.missing) == (4, 5, "listwise")
        assert result.alpha == pytest.approx(14 / 15)

    def test_feldt_interval_uses_rows_used(self):
        """CI from F quantiles with n − 1 = 3 and (n − 1)(k − 1) = 6 degrees of freedom."""
        data = pd.concat([HAND, pd.DataFrame({"a": [np.nan] * 3, "b": [1] * 3, "c": [1] * 3})],
                         ignore_index=True)
        result = cronbach_alpha(data)
        low = 1 - (1 - 14 / 15) * stats.f.ppf(0.975, 3, 6)
        high = 1 - (1 - 14 / 15) * stats.f.ppf(0.025, 3, 6)
        assert (result.ci_low, result.ci_high) == pytest.approx((low, high))

    def test_pairwise_uses_every_pair_of_answers(self):
        """Pairwise α is α of pandas' pairwise covariance matrix (pair-specific means)."""
        data = HAND.astype(float).copy()
        data.loc[0, "a"] = np.nan
        data.loc[1, "c"] = np.nan
        cov = data.cov().to_numpy()
        expected = 3 / 2 * (1 - np.trace(cov) / cov.sum())
        result = cronbach_alpha(data, missing="pairwise")
        assert result.alpha == pytest.approx(expected)
        assert (result.n_respondents, result.n_pairwise_min) == (4, 2)

    def test_pairwise_standardized_alpha_uses_pairwise_r(self):
        """Standardised α under pairwise deletion uses cor(use = "pairwise") (psych ≥ 2.4)."""
        data = HAND.astype(float).copy()
        data.loc[0, "a"] = np.nan
        r = data.corr().to_numpy()
        result = cronbach_alpha(data, missing="pairwise")
        assert result.alpha_standardized == pytest.approx(3 / 2 * (1 - 3 / r.sum()))

    def test_pairwise_n_leaves_out_rows_without_answers(self):
        """A row with no answer at all is not counted as used."""
        data = pd.concat([HAND, pd.DataFrame({"a": [np.nan], "b": [np.nan], "c": [np.nan]})],
                         ignore_index=True)
        result = cronbach_alpha(data, missing="pairwise")
        assert (result.n_rows, result.n_respondents) == (5, 4)

    def test_reverse_keyed_item_equals_recoding_by_hand(self):
        """--reverse b on a 1–5 scale is the same as using 6 − b."""
        recoded = HAND.assign(b=6 - HAND["b"])
        result = cronbach_alpha(HAND, reverse=["b"], scale_range=(1, 5))
        assert result.alpha == pytest.approx(cronbach_alpha(recoded).alpha)
        assert result.reversed_items == ("b",)
        assert result.scale_mean == pytest.approx(recoded.sum(axis=1).mean())

    def test_reverse_default_range_is_observed_lowest_plus_highest(self):
        """Without a scale range the pivot is min + max of the answers (psych reverse.code)."""
        result = cronbach_alpha(HAND, reverse=["b"])
        assert result.scale_mean == pytest.approx(HAND.assign(b=6 - HAND["b"]).sum(axis=1).mean())

    def test_reverse_ranges_per_item(self):
        """Each reverse-keyed item is scored on its own scale when ranges are given per item."""
        data = HAND.assign(d=[7, 5, 4, 1])
        result = cronbach_alpha(data, reverse=["b", "d"], scale_range={"b": (1, 5), "d": (1, 7)})
        recoded = data.assign(b=6 - data["b"], d=8 - data["d"])
        assert result.scale_mean == pytest.approx(recoded.sum(axis=1).mean())
        assert result.alpha == pytest.approx(cronbach_alpha(recoded).alpha)

    def test_unknown_reverse_item_is_a_user_error(self):
        """Reversing an item that is not among the items names it."""
        with pytest.raises(ParameterError, match="'z'"):
            cronbach_alpha(HAND, reverse=["z"])

    def test_single_item_is_undefined(self):
        """One item: no α, reason too_few_items."""
        result = cronbach_alpha(HAND[["a"]])
        assert result.alpha is None and result.reason is Reason.TOO_FEW_ITEMS

    def test_single_respondent_is_undefined(self):
        """One respondent: no α, reason too_few_respondents."""
        result = cronbach_alpha(HAND.iloc[:1])
        assert result.alpha is None and result.reason is Reason.TOO_FEW_RESPONDENTS

    def test_two_respondents_give_alpha_but_no_interval(self):
        """The interval needs 3 respondents; with 2 it is absent with a warning."""
        result = cronbach_alpha(pd.DataFrame({"a": [1, 2], "b": [1, 3], "c": [2, 3]}))
        assert result.alpha is not None and result.ci_low is None and result.ci_high is None
        assert "too_few_for_interval" in [w.code for w in result.warnings]

    def test_identical_answers_everywhere_is_undefined(self):
        """Everyone answered 5 to everything: zero total variance, no number."""
        result = cronbach_alpha(pd.DataFrame({"a": [5, 5, 5], "b": [5, 5, 5]}))
        assert result.alpha is None and result.reason is Reason.ZERO_TOTAL_VARIANCE

    def test_items_that_cancel_out_are_undefined(self):
        """x and 6 − x: the total is constant, so α has no denominator."""
        x = pd.Series([1, 2, 4, 5, 3])
        result = cronbach_alpha(pd.DataFrame({"x": x, "y": 6 - x}))
        assert result.alpha is None and result.reason is Reason.ZERO_TOTAL_VARIANCE

    def test_constant_item_left_out_with_warning(self):
        """A constant item is left out of α (as psych), and the warning names it."""
        result = cronbach_alpha(HAND.assign(d=3))
        assert result.alpha == pytest.approx(14 / 15)
        assert result.items == ("a", "b", "c") and result.excluded_items == ("d",)
        warning = next(w for w in result.warnings if w.code == "constant_item")
        assert "d" in warning.message

    def test_pingouin_counts_a_constant_item(self):
        """pingouin 0.7 keeps the constant item (a different α): it is no reference here."""
        expected, _ = pg.cronbach_alpha(HAND.assign(d=3).astype(float))
        assert expected != pytest.approx(14 / 15)
        assert cronbach_alpha(HAND.assign(d=3)).alpha == pytest.approx(14 / 15)

    def test_empty_item_left_out_before_listwise_deletion(self):
        """An item nobody answered does not wipe out every row."""
        result = cronbach_alpha(HAND.assign(d=np.nan))
        assert result.alpha == pytest.approx(14 / 15) and result.n_respondents == 4
        assert "empty_item" in [w.code for w in result.warnings]

    def test_items_never_answered_together_are_undefined_pairwise(self):
        """Pairwise with a pair that shares no respondent: reason too_few_pairs."""
        data = pd.DataFrame({"a": [1, 2, 3, np.nan, np.nan, np.nan],
                             "b": [np.nan, np.nan, np.nan, 1, 3, 2], "c": [1, 3, 2, 2, 1, 3]})
        result = cronbach_alpha(data, missing="pairwise")
        assert result.alpha is None and result.reason is Reason.TOO_FEW_PAIRS

    def test_indefinite_pairwise_matrix_above_one_is_undefined(self):
        """Pairwise covariances from different rows can imply α > 1: no number, a reason."""
        data = pd.DataFrame({"a": [1, 5, 3, 3, 3, 3, 3, 3, np.nan, np.nan],
                             "b": [1, 5, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, 3, 3]})
        cov = data.cov().to_numpy()
        assert 2 * (1 - np.trace(cov) / cov.sum()) > 1  # what psych/pingouin would print
        result = cronbach_alpha(data, missing="pairwise")
        assert result.alpha is None and result.reason is Reason.NOT_POSITIVE_SEMIDEFINITE
        assert result.scale_variance is None

    def test_indefinite_pairwise_matrix_within_range_is_reported_with_warning(self):
        """An indefinite pairwise matrix that still gives α ≤ 1: the number, and a warning."""
        rng = np.random.default_rng(3)
        data = pd.DataFrame(rng.integers(0, 2, size=(12, 6)).astype(float))
        data.iloc[[0, 1, 2], 0] = np.nan
        data.iloc[[3, 4, 5], 1] = np.nan
        cov = data.cov().to_numpy()
        assert np.linalg.eigvalsh(cov)[0] < -1e-6
        result = cronbach_alpha(data, missing="pairwise")
        assert result.alpha == pytest.approx(6 / 5 * (1 - np.trace(cov) / cov.sum()))
        assert "not_positive_semidefinite" in [w.code for w in result.warnings]

    def test_negative_item_total_correlation_suspects_reverse_keying(self):
        """An item running against the others is named in a reverse-keying warning."""
        data = HAND.assign(d=[5, 4, 2, 1])
        result = cronbach_alpha(data)
        warning = next(w for w in result.warnings if w.code == "reverse_keyed_suspected")
        assert warning.message.startswith("items d correlate")

    def test_negative_alpha_warns(self):
        """α < 0 comes with a warning saying so."""
        result = cronbach_alpha(pd.DataFrame({"a": [1, 2, 3, 4], "b": [4, 3, 1, 2]}))
        assert result.alpha < 0
        assert {"negative_alpha", "reverse_keyed_suspected"} <= {w.code for w in result.warnings}

    def test_redundant_items_warning_above_095(self):
        """α above 0.95 warns of redundant items."""
        x = np.arange(20.0) % 5
        result = cronbach_alpha(pd.DataFrame({"a": x, "b": x, "c": x + (np.arange(20) == 3)}))
        assert result.alpha > 0.95
        assert "redundant_items" in [w.code for w in result.warnings]

    def test_warnings_in_chinese(self):
        """lang='zh-CN' gives the warnings from the Chinese locale."""
        result = cronbach_alpha(HAND.assign(d=3), lang="zh-CN")
        assert any("没有变异" in w.message for w in result.warnings)

    def test_bootstrap_interval_is_reproducible(self):
        """The same seed gives the same percentile interval; it lies within [−∞, 1]."""
        rng = np.random.default_rng(7)
        latent = rng.normal(size=(60, 1))
        data = pd.DataFrame(np.rint(3 + latent + rng.normal(size=(60, 4))), columns=list("abcd"))
        first = cronbach_alpha(data, bootstrap=200, seed=5)
        again = cronbach_alpha(data, bootstrap=200, seed=5)
        assert (first.bootstrap_low, first.bootstrap_high) == (again.bootstrap_low,
                                                                again.bootstrap_high)
        assert first.bootstrap_low < first.alpha < first.bootstrap_high <= 1
        assert first.n_bootstrap == 200 and first.bootstrap_seed == 5

    def test_text_cell_names_column_and_row(self):
        """A cell that is not a number is a user error naming its column and row."""
        data = HAND.astype(object).copy()
        data.loc[2, "b"] = "满意"
        with pytest.raises(ResponseFileError) as info:
            cronbach_alpha(data)
        assert info.value.column == "b" and info.value.row == 4 and "满意" in str(info.value)

    def test_missing_column_names_it(self):
        """An item that is not a column is a user error naming it."""
        with pytest.raises(ResponseFileError) as info:
            cronbach_alpha(HAND, ["a", "zz"])
        assert info.value.column == "zz"

    def test_agrees_with_pingouin_on_complete_data(self):
        """pingouin as a cross-check where it is right: complete, varying data."""
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

    @settings(max_examples=150, deadline=None)
    @given(arrays(np.float64, st.tuples(st.integers(2, 20), st.integers(2, 6)),
                  elements=st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0, np.nan])))
    def test_pairwise_never_above_one_and_never_nan(self, values):
        """Under pairwise deletion too: α ≤ 1 and finite, or absent with a reason."""
        result = cronbach_alpha(pd.DataFrame(values), missing="pairwise")
        if result.alpha is None:
            assert result.reason is not None
        else:
            assert np.isfinite(result.alpha) and result.alpha <= 1

    @settings(max_examples=100, deadline=None)
    @given(likert, st.randoms())
    def test_invariant_to_item_order(self, values, rnd):
        """Shuffling the columns changes neither α nor its interval."""
        frame = pd.DataFrame(values.astype(float))
        columns = list(frame.columns)
        rnd.shuffle(columns)
        a, b = cronbach_alpha(frame), cronbach_alpha(frame[columns])
        assert (a.alpha is None and b.alpha is None) or a.alpha == pytest.approx(b.alpha)
        assert a.reason == b.reason

    @settings(max_examples=100, deadline=None)
    @given(likert, st.integers(0, 6), st.floats(-1000, 1000, allow_nan=False))
    def test_adding_a_constant_to_an_item_changes_nothing(self, values, column, constant):
        """x_i + c leaves α, standardised α and the interval unchanged."""
        frame = pd.DataFrame(values.astype(float))
        column %= frame.shape[1]
        shifted = frame.copy()
        shifted[column] += constant
        a, b = cronbach_alpha(frame), cronbach_alpha(shifted)
        assert a.reason == b.reason
        if a.alpha is not None:
            assert b.alpha == pytest.approx(a.alpha, abs=1e-9)
            assert b.ci_low == pytest.approx(a.ci_low, abs=1e-9)

    @settings(max_examples=100, deadline=None)
    @given(likert)
    def test_matches_the_textbook_formula(self, values):
        """α equals k/(k−1)(1 − Σ var_i / var(total)) wherever it is defined."""
        frame = pd.DataFrame(values.astype(float))
        result = cronbach_alpha(frame)
        if result.alpha is not None and not result.excluded_items:
            assert result.alpha == pytest.approx(_alpha_by_formula(frame), abs=1e-9)


class TestItemStatistics:
    def test_columns_are_the_documented_vocabulary(self):
        """The table's columns are ITEM_COLUMNS, one row per item."""
        table = item_statistics(HAND)
        assert list(table.columns) == ITEM_COLUMNS and list(table["item"]) == ["a", "b", "c"]

    def test_corrected_item_total_by_hand(self):
        """r(a, b + c): b + c = [3, 5, 7, 9] is a linear function of a, so r = 1."""
        table = item_statistics(HAND).set_index("item")
        assert table.loc["a", "corrected_item_total_r"] == pytest.approx(1.0)
        assert table.loc["b", "corrected_item_total_r"] == pytest.approx(0.8)  # 8/3 ÷ 10/3
        assert table.loc["a", "scale_mean_if_deleted"] == pytest.approx(3 + 3)
        assert table.loc["a", "scale_var_if_deleted"] == pytest.approx(
            pd.Series([3, 5, 7, 9]).var())

    def test_item_total_r_is_r_with_the_total(self):
        """Item-total r (效度) equals numpy's r between the item and the sum of all items."""
        rng = np.random.default_rng(2)
        data = pd.DataFrame(rng.integers(1, 6, size=(40, 4)).astype(float), columns=list("wxyz"))
        table = item_statistics(data).set_index("item")
        total = data.sum(axis=1)
        for item in data:
            assert table.loc[item, "item_total_r"] == pytest.approx(
                np.corrcoef(data[item], total)[0, 1])
            assert table.loc[item, "corrected_item_total_r"] == pytest.approx(
                np.corrcoef(data[item], total - data[item])[0, 1])

    def test_smc_is_r_squared_of_regression_on_the_others(self):
        """SMC_i equals R² of item i regressed on the other items (least squares)."""
        rng = np.random.default_rng(4)
        latent = rng.normal(size=(50, 1))
        data = pd.DataFrame(latent + rng.normal(size=(50, 4)), columns=list("wxyz"))
        table = item_statistics(data).set_index("item")
        for item in data:
            others = np.column_stack([np.ones(50), data.drop(columns=item).to_numpy()])
            fitted = others @ np.linalg.lstsq(others, data[item].to_numpy(), rcond=None)[0]
            r2 = 1 - ((data[item] - fitted) ** 2).sum() / ((data[item] - data[item].mean()) ** 2).sum()
            assert table.loc[item, "smc"] == pytest.approx(r2)

    def test_standardized_item_total_r_uses_z_scores(self):
        """psych's std.r is r between the item and the sum of standardised items."""
        rng = np.random.default_rng(5)
        data = pd.DataFrame(rng.integers(1, 6, size=(30, 3)).astype(float), columns=list("xyz"))
        z = (data - data.mean()) / data.std()
        table = item_statistics(data).set_index("item")
        for item in data:
            assert table.loc[item, "standardized_item_total_r"] == pytest.approx(
                np.corrcoef(z[item], z.sum(axis=1))[0, 1])

    def test_constant_item_row_has_a_reason(self):
        """A constant item keeps its row (n, mean, sd 0) with reason constant_item."""
        row = item_statistics(HAND.assign(d=3)).set_index("item").loc["d"]
        assert row["reason"] == "constant_item" and row["sd"] == 0 and row["mean"] == 3
        assert np.isnan(row["corrected_item_total_r"])

    def test_pairwise_n_counts_answers_per_item(self):
        """Under pairwise deletion n is the item's own number of answers."""
        data = HAND.astype(float).copy()
        data.loc[0, "a"] = np.nan
        table = item_statistics(data, missing="pairwise").set_index("item")
        assert table["n"].to_dict() == {"a": 3, "b": 4, "c": 4}
        assert table.loc["a", "mean"] == pytest.approx(3.0)

    def test_undefined_scale_gives_rows_with_reason(self):
        """With one respondent every row says why its figures are missing."""
        table = item_statistics(HAND.iloc[:1])
        assert (table["reason"] == "too_few_respondents").all()

    @settings(max_examples=100, deadline=None)
    @given(arrays(np.int8, st.tuples(st.integers(4, 25), st.integers(3, 7)),
                  elements=st.integers(1, 5)))
    def test_alpha_if_deleted_equals_alpha_of_the_rest(self, values):
        """α if item i is deleted equals α computed on the other k − 1 items."""
        frame = pd.DataFrame(values.astype(float))
        table = item_statistics(frame).set_index("item")
        for item in frame.columns:
            if table.loc[str(item), "reason"] is not None:
                continue
            rest = cronbach_alpha(frame.drop(columns=item)).alpha
            got = table.loc[str(item), "alpha_if_deleted"]
            assert (rest is None and np.isnan(got)) or got == pytest.approx(rest, abs=1e-9)


class TestInterItemCorrelations:
    def test_pairwise_equals_pandas(self):
        """Pairwise correlations equal pandas' DataFrame.corr (pairwise complete)."""
        data = HAND.astype(float).copy()
        data.loc[1, "c"] = np.nan
        got = inter_item_correlations(data, missing="pairwise")
        assert np.allclose(got.to_numpy(), data.corr().to_numpy())


class TestScaleReliability:
    def test_json_contract_keys(self):
        """to_dict carries every key of the issue's JSON contract."""
        block = scale_reliability(HAND).to_dict()
        assert {"n_respondents", "n_items", "missing", "alpha", "alpha_standardized", "ci_low",
                "ci_high", "confidence", "reason", "items", "kmo", "bartlett",
                "warnings"} <= set(block)
        assert {"item", "n", "mean", "sd", "item_total_r", "corrected_item_total_r",
                "alpha_if_deleted", "scale_mean_if_deleted", "scale_var_if_deleted",
                "smc"} <= set(block["items"][0])
        assert set(block["kmo"]) >= {"overall", "per_item"}
        assert set(block["bartlett"]) >= {"chi2", "df", "p_value"}

    def test_undefined_figures_are_null_not_nan(self):
        """Undefined figures serialise as null; strict JSON (no NaN) succeeds."""
        block = scale_reliability(HAND.assign(d=3).iloc[:2]).to_dict()
        text = json.dumps(block, allow_nan=False)
        assert '"alpha_if_deleted": null' in text

    def test_dimensions_each_get_their_own_alpha(self):
        """Each dimension has its α; a one-item dimension has none, with its reason."""
        data = HAND.assign(d=[2, 3, 3, 5])
        result = scale_reliability(data, dimensions={"first": ["a", "b"], "second": ["c", "d"],
                                                      "alone": ["a"]})
        by_name = {d.dimension: d for d in result.dimensions}
        assert by_name["first"].alpha.alpha == pytest.approx(cronbach_alpha(data[["a", "b"]]).alpha)
        assert by_name["alone"].alpha.reason is Reason.TOO_FEW_ITEMS
        assert [d["dimension"] for d in result.to_dict()["dimensions"]] == ["first", "second",
                                                                           "alone"]

    def test_unknown_dimension_item_is_a_user_error(self):
        """A dimension naming an item outside the scale is a ParameterError."""
        with pytest.raises(ParameterError):
            scale_reliability(HAND, dimensions={"x": ["a", "q"]})

    def test_kmo_and_bartlett_from_the_same_rows(self):
        """KMO and Bartlett use the rows α used (listwise n)."""
        data = pd.concat([HAND.assign(d=[2, 3, 3, 5]),
                          pd.DataFrame({"a": [np.nan], "b": [1], "c": [1], "d": [1]})])
        result = scale_reliability(data)
        assert result.kmo.n_respondents == result.bartlett.n_respondents == 4


class TestInstrumentReliability:
    def test_reverse_and_dimensions_come_from_the_instrument(self, tmp_path):
        """LikertItem.reverse is applied on the scale's codes; dimensions are grouped."""
        from survey.instrument import load_instrument

        text = (ROOT / "instruments" / "residents.yaml").read_text(encoding="utf-8")
        marked = "dimension: 实施过程}"
        assert marked in text
        text = text.replace(marked, "dimension: 实施过程, reverse: true}", 1)
        path = tmp_path / "residents.yaml"
        path.write_text(text, encoding="utf-8")
        instrument = load_instrument(path)
        rng = np.random.default_rng(11)
        data = pd.DataFrame(rng.integers(1, 6, size=(40, 6)).astype(float),
                            columns=[f"sat_{i}" for i in range(1, 7)])
        result = instrument_reliability(data, instrument)
        assert result.alpha.reversed_items == ("sat_4",)
        recoded = data.assign(sat_4=6 - data["sat_4"])
        assert result.alpha.alpha == pytest.approx(cronbach_alpha(recoded).alpha)
        assert [d.dimension for d in result.dimensions] == ["治理成效", "实施过程", "总体评价"]

    def test_excluded_codes_are_blanks_and_the_frame_is_left_as_it_was(self, tmp_path):
        """不了解 (9 on sat5_dk) counts as missing; the caller's frame keeps its 9s."""
        from survey.instrument import load_instrument

        text = (ROOT / "instruments" / "residents.yaml").read_text(encoding="utf-8")
        assert "scale: sat5\n" in text
        path = tmp_path / "residents.yaml"
        path.write_text(text.replace("scale: sat5\n", "scale: sat5_dk\n", 1), encoding="utf-8")
        instrument = load_instrument(path)
        rng = np.random.default_rng(12)
        data = pd.DataFrame(rng.integers(1, 6, size=(60, 6)).astype(float),
                            columns=[f"sat_{i}" for i in range(1, 7)])
        data.iloc[[2, 7], 0] = 9.0
        before = data.copy()
        result = instrument_reliability(data, instrument)
        pd.testing.assert_frame_equal(data, before)
        expected = cronbach_alpha(data.mask(data == 9.0))
        assert result.alpha.alpha == expected.alpha
        assert result.alpha.n_respondents == expected.n_respondents == 58

    def test_loading_the_results_leaves_scipy_linalg_unloaded(self):
        """The results' and the pipeline's imports load no scipy.linalg (0.15 s): only a
        reliability computed loads it, where BLAS is called."""
        code = ("import sys\n"
                "import survey.results, survey.pipeline\n"
                "before = 'scipy.linalg' in sys.modules\n"
                "import numpy as np\n"
                "from survey.stats._moments import cross_products\n"
                "product = cross_products(np.ones((3, 2)))\n"
                "print(before, 'scipy.linalg' in sys.modules, product.tolist())")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, cwd=ROOT)
        assert out.stdout.split(" ", 2) == ["False", "True", "[[3.0, 3.0], [3.0, 3.0]]\n"]


class TestAlphaBand:
    @pytest.mark.parametrize(("alpha", "band"), [(0.95, "excellent"), (0.9, "excellent"),
                                                 (0.85, "good"), (0.7, "acceptable"),
                                                 (0.65, "questionable"), (0.2, "poor"),
                                                 (-0.3, "poor")])
    def test_bands(self, alpha, band):
        """Bands: ≥ 0.9, 0.8–0.9, 0.7–0.8, 0.6–0.7, < 0.6 (lower limit included)."""
        assert alpha_band(alpha) == band
