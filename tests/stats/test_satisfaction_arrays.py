"""The satisfaction figures from answers converted once to float arrays: the same floats as
the pandas implementation they replaced (kept here as the reference), on random answers with
blanks, 不了解, codes outside the scale, reverse-keyed items and every convention."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.errors import Reason
from survey.stats import satisfaction as satisfaction_module
from survey.stats._answers import mean_and_sd
from survey.stats.conventions import (
    Convention,
    answer_scores,
    estimate_from_codes,
    item_estimate,
    mean_interval,
    proportion_interval,
    scale_levels,
)
from survey.stats.satisfaction import (
    SatisfactionOptions,
    dimension_table,
    item_answers,
    overall_satisfaction,
    satisfaction_items,
    satisfaction_table,
    subgroup_table,
)
from tests.stats.test_differences import assert_same_floats, survey_frames
from tests.stats.test_satisfaction import make_instrument

CONVENTIONS = [Convention(), Convention.of("mean"), Convention.of("mean_percent"),
               Convention.of("mean_rescaled"), Convention.of("weighted_100", "100/80/60/30/0")]


def old_item_estimate(answers, codes, satisfied, excluded=(), *, convention=None, reverse=False,
                      confidence=0.95, interval="wilson"):
    """item_estimate as it was: pandas isin, dropna and Series.mean / Series.std."""
    convention = convention or Convention()
    levels, sat = scale_levels(codes, satisfied, excluded, reverse=reverse)
    values = pd.to_numeric(answers, errors="coerce").dropna()
    is_excluded = values.isin(list(excluded))
    in_scale = values.isin(list(levels))
    n_excluded = int(is_excluded.sum())
    n_out = int((~is_excluded & ~in_scale).sum())
    valid = values[in_scale]
    n = len(valid)
    k_sat = int(valid.isin(list(sat)).sum())
    out = {"n": n, "n_satisfied": k_sat, "n_excluded": n_excluded, "n_out_of_scale": n_out,
           "convention": convention.label(len(levels)), "unit": convention.unit,
           "value": None, "sd": None, "ci_low": None, "ci_high": None,
           "interval": "wilson" if convention.unit == "share" and interval == "wilson"
           else ("clopper_pearson" if convention.unit == "share" else "t"),
           "reason": None}
    if n == 0:
        out["reason"] = Reason.ALL_EXCLUDED if n_excluded and not n_out else Reason.NO_VALID_ANSWERS
        return out
    scores = answer_scores(valid, levels, sat, convention)
    value = float(scores.mean())
    out["value"] = value
    sd = float(scores.std(ddof=1)) if n > 1 else None
    out["sd"] = sd
    if convention.unit == "share":
        out["ci_low"], out["ci_high"] = proportion_interval(k_sat, n, confidence, interval)
    else:
        possible = convention.level_values(len(levels))
        ci = mean_interval(value, sd or 0.0, n, confidence, (min(possible), max(possible)))
        if ci is not None:
            out["ci_low"], out["ci_high"] = ci
    return out


def old_matrices(frame, items, convention):
    answered, values = [], []
    for var in items:
        levels, sat = scale_levels(var.codes, var.satisfied, var.excluded, reverse=var.reverse)
        scores = answer_scores(frame[var.name], levels, sat, convention)
        answered.append(scores.notna().to_numpy())
        values.append(scores.fillna(0.0).to_numpy())
    return np.column_stack(answered).astype(float), np.column_stack(values).astype(float)


def same(a, b) -> bool:
    """Equal, floats bit for bit (their repr)."""
    return a.keys() == b.keys() and all(repr(a[k]) == repr(b[k]) for k in a)


answers_lists = st.lists(st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0, 9.0, 7.0, 2.5, np.nan]),
                         max_size=60)


class TestMeanAndSd:
    @given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=300))
    def test_same_floats_as_pandas(self, values):
        x = np.array(values)
        mean, sd = mean_and_sd(x)
        assert repr(mean) == repr(float(pd.Series(x).mean()))
        assert sd is None if len(x) < 2 else repr(sd) == repr(float(pd.Series(x).std(ddof=1)))


class TestEstimateFromCodes:
    @given(answers_lists, st.sampled_from(CONVENTIONS), st.booleans(),
           st.sampled_from(["wilson", "clopper_pearson"]),
           st.sampled_from([((5, 4, 3, 2, 1, 9), (5, 4), (9,)), ((1, 2, 3, 4, 5), (5, 4), ()),
                            ((1, 2, 3, 9), (1,), (9,)), ((1, 2, 3, 4, 5), (), ())]))
    @settings(max_examples=300)
    def test_same_as_the_pandas_item_estimate(self, answers, convention, reverse, interval, scale):
        codes, satisfied, excluded = scale
        if convention.name == "weighted_100" and len(codes) - len(excluded) != 5:
            convention = Convention.of("mean")
        kwargs = {"convention": convention, "reverse": reverse, "interval": interval}
        series = pd.Series(answers, dtype=float)
        old = old_item_estimate(series, codes, satisfied, excluded, **kwargs)
        assert same(estimate_from_codes(series.to_numpy(), codes, satisfied, excluded, **kwargs),
                    old)
        assert same(item_estimate(series, codes, satisfied, excluded, **kwargs), old)

    def test_text_answers_are_read_as_numbers(self):
        series = pd.Series(["5", "4", "x", None, "9"], dtype=object)
        assert same(item_estimate(series, (5, 4, 3, 2, 1, 9), (5, 4), (9,)),
                    old_item_estimate(series, (5, 4, 3, 2, 1, 9), (5, 4), (9,)))


class TestMatricesAndTables:
    @given(survey_frames(), st.sampled_from(CONVENTIONS))
    @settings(max_examples=100)
    def test_columns_as_the_old_matrices(self, data, convention):
        items = satisfaction_items(make_instrument())
        if data.empty:
            return
        columns = satisfaction_module._Columns(item_answers(data, items), items, convention)
        old_a, old_y = old_matrices(data, items, convention)
        for j in range(len(items)):
            assert np.array_equal(columns.answered(j), old_a[:, j] == 1)
            assert np.array_equal(columns.values(j), old_y[:, j])

    @given(survey_frames(), st.sampled_from(CONVENTIONS),
           st.sampled_from([None, {"sat_1": 3.0, "sat_2": 1.5, "sat_3": 0.7}]))
    @settings(max_examples=150)
    def test_overall_as_before(self, data, convention, weights):
        """The overall figure and its linearised interval: the floats of the old code, which
        summed the answered-columns of a[:, used] (column-major) with products not in place."""
        items = satisfaction_items(make_instrument())
        options = SatisfactionOptions(convention=convention,
                                      overall="weighted_mean" if weights else "mean_of_items",
                                      item_weights=tuple((weights or {}).items()))
        new = overall_satisfaction(data, items, options)
        if data.empty or new["value"] is None:
            return
        a, y = old_matrices(data, items, convention)
        w = np.array([dict(options.item_weights)[v.name] for v in items]) if weights \
            else np.ones(len(items))
        used = a.sum(axis=0) > 0
        a, y, w = a[:, used], y[:, used], w[used]
        n_j = a.sum(axis=0)
        mu = y.sum(axis=0) / n_j
        w = w / w.sum()
        value = float((w * mu).sum())
        respondents = a.any(axis=1)
        m = int(respondents.sum())
        z = ((a * (y - mu)) * (w / n_j)).sum(axis=1)[respondents]
        variance = m / (m - 1) * float((z**2).sum()) if m > 1 else 0.0
        old = satisfaction_module.overall_interval(
            value, variance, m, a.shape[1], convention,
            satisfaction_module.value_bounds(items, convention), 0.95, "wilson")
        assert repr((new["value"], new["ci_low"], new["ci_high"], new["n"])) == \
            repr((old["value"], old["ci_low"], old["ci_high"], old["n"]))

    @given(survey_frames(), st.sampled_from(["top_two_box", "mean", "mean_rescaled"]),
           st.sampled_from(["mean_of_items", "respondent_index", "weighted_mean",
                            "single_item"]))
    @settings(max_examples=100)
    def test_subgroup_blocks_are_the_tables_of_the_levels(self, data, convention, overall):
        """subgroup_table's block for a level is satisfaction_table of that level's rows
        (how it was computed before): same floats."""
        inst = make_instrument()
        kwargs = {"convention": convention, "overall": overall,
                  "item_weights": {"sat_1": 2, "sat_2": 1, "sat_3": 1}
                  if overall == "weighted_mean" else None,
                  "overall_item": "sat_2" if overall == "single_item" else None}
        table = subgroup_table(data, inst, ["village"], **kwargs)
        codes = pd.to_numeric(data["village"], errors="coerce")
        for code, block in table.groupby("code", dropna=False, sort=False):
            mask = codes.isna() if pd.isna(code) else codes == code
            expected = satisfaction_table(data[mask.to_numpy()], inst, **kwargs)
            got = block.drop(columns=["variable", "variable_label", "code", "level"])
            assert_same_floats(got.reset_index(drop=True), expected)

    @given(survey_frames())
    @settings(max_examples=50)
    def test_dimension_rows_are_the_overall_of_their_items(self, data):
        inst = make_instrument()
        items = satisfaction_items(inst)
        table = dimension_table(data, inst)
        for _, row in table.iterrows():
            members = [v for v in items if v.dimension == row["dimension"]]
            o = overall_satisfaction(data, members, SatisfactionOptions())
            assert repr(o["value"]) == repr(row["value"] if pd.notna(row["value"]) else None)


@pytest.mark.parametrize("convention", CONVENTIONS, ids=lambda c: c.name)
def test_a_thousand_respondents_as_before(convention):
    """1,000 random respondents: every item figure as the pandas implementation gave it."""
    rng = np.random.default_rng(5)
    x = rng.choice([1.0, 2.0, 3.0, 4.0, 5.0, 9.0, np.nan], size=1000)
    series = pd.Series(x)
    kwargs = {"convention": convention}
    assert same(item_estimate(series, (5, 4, 3, 2, 1, 9), (5, 4), (9,), **kwargs),
                old_item_estimate(series, (5, 4, 3, 2, 1, 9), (5, 4), (9,), **kwargs))
