"""Satisfaction tables (item, overall, dimension, subgroup, ranking, reasons) on six hand-made
questionnaires, every figure computed by hand.

Three items on a five-point scale with 9 = 不了解 (excluded); items sat_1, sat_2 form
dimension D1, sat_3 dimension D2; village 1 is r1–r3, village 2 is r4–r6.

====  =======  =====  =====  =====
resp  village  sat_1  sat_2  sat_3
====  =======  =====  =====  =====
r1    1        5      4      9
r2    1        4      4      3
r3    1        3      2      2
r4    2        5      5      5
r5    2        2      9      4
r6    2        9      9      9     (all 不了解)
====  =======  =====  =====  =====

sat_1: 5 valid, satisfied 3 → 0.6; sat_2: 4 valid, 3 → 0.75; sat_3: 4 valid, 2 → 0.5.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from survey.errors import ParameterError, Reason
from survey.instrument.model import Instrument
from survey.stats.conventions import proportion_interval
from survey.stats.frequencies import frequency_table
from survey.stats.satisfaction import (
    SATISFACTION_COLUMNS,
    dimension_table,
    dissatisfaction_reasons,
    overall_satisfaction,
    rank_items,
    satisfaction_items,
    satisfaction_table,
    subgroup_table,
    top_box_rate,
)

Z95 = 1.959963984540054


def make_instrument() -> Instrument:
    return Instrument.model_validate({
        "id": "t", "title": "测试问卷", "group": {"id": "residents", "name": "群众"},
        "scales": {"s5": {"options": [[5, "非常满意"], [4, "满意"], [3, "一般"], [2, "不满意"],
                                      [1, "非常不满意"], [9, "不了解"]],
                          "satisfied": [5, 4], "excluded": [9]}},
        "sections": [{"id": "s1", "title": "满意度", "questions": [
            {"id": "village", "type": "single", "text": "村", "options": [[1, "石门村"], [2, "下坪村"]]},
            {"id": "q", "type": "likert_matrix", "text": "满意度", "scale": "s5", "items": [
                {"id": "sat_1", "text": "甲", "dimension": "D1"},
                {"id": "sat_2", "text": "乙", "dimension": "D1"},
                {"id": "sat_3", "text": "丙", "dimension": "D2"}]},
            {"id": "why", "type": "multiple", "text": "原因", "required": False,
             "show_if": "any(sat_1..sat_3 <= 2)",
             "options": [[1, "原因一"], [2, "原因二"], [3, "原因三"]]},
        ]}],
    })


def make_frame() -> pd.DataFrame:
    nan = np.nan
    return pd.DataFrame({
        "respondent_id": ["r1", "r2", "r3", "r4", "r5", "r6"],
        "village": [1.0, 1, 1, 2, 2, 2],
        "sat_1": [5.0, 4, 3, 5, 2, 9],
        "sat_2": [4.0, 4, 2, 5, 9, 9],
        "sat_3": [9.0, 3, 2, 5, 4, 9],
        "why_1": [nan, nan, 1, nan, 1, nan],
        "why_2": [nan, nan, 1, nan, 0, nan],
        "why_3": [nan, nan, 0, nan, 0, nan],
    })


@pytest.fixture
def inst() -> Instrument:
    return make_instrument()


@pytest.fixture
def frame() -> pd.DataFrame:
    return make_frame()


def rows(table: pd.DataFrame) -> pd.DataFrame:
    return table.set_index("item")


# Hand-computed linearisation terms z_i = (1/3)·Σ_j a_ij (y_ij − p_j) / n_j for r1 … r5:
Z_MEAN_OF_ITEMS = [(0.4 / 5 + 0.25 / 4) / 3, (0.4 / 5 + 0.25 / 4 - 0.5 / 4) / 3,
                   (-0.6 / 5 - 0.75 / 4 - 0.5 / 4) / 3, (0.4 / 5 + 0.25 / 4 + 0.5 / 4) / 3,
                   (-0.6 / 5 + 0.5 / 4) / 3]


class TestSatisfactionTable:
    def test_item_rates_by_hand(self, frame, inst):
        """0.6, 0.75, 0.5 over 5, 4, 4 valid answers; 不了解 counted apart."""
        t = rows(satisfaction_table(frame, inst))
        assert list(t.loc[["sat_1", "sat_2", "sat_3"], "value"]) == [0.6, 0.75, 0.5]
        assert list(t.loc[["sat_1", "sat_2", "sat_3"], "n"]) == [5, 4, 4]
        assert list(t.loc[["sat_1", "sat_2", "sat_3"], "n_excluded"]) == [1, 2, 2]

    def test_contract_columns(self, frame, inst):
        """results.json needs group, item, n, convention, value, ci_low, ci_high."""
        t = satisfaction_table(frame, inst)
        assert list(t.columns) == SATISFACTION_COLUMNS
        assert {"group", "item", "n", "convention", "value", "ci_low", "ci_high"} <= set(t.columns)
        assert set(t["group"]) == {"residents"}

    def test_overall_mean_of_items_by_hand(self, frame, inst):
        """(0.6 + 0.75 + 0.5) / 3 over the 5 respondents with a valid answer (r6 is all 不了解)."""
        o = rows(satisfaction_table(frame, inst)).loc["overall"]
        assert o["value"] == pytest.approx(1.85 / 3) and o["n"] == 5
        assert o["convention"] == "top_two_box/mean_of_items"

    def test_overall_interval_from_hand_linearisation(self, frame, inst):
        """Var = m/(m−1)·Σz², n_eff = v(1−v)/Var, Wilson at n_eff."""
        v = 1.85 / 3
        variance = 5 / 4 * sum(z * z for z in Z_MEAN_OF_ITEMS)
        n_eff = v * (1 - v) / variance
        p, z2 = v, Z95**2
        centre = (p + z2 / (2 * n_eff)) / (1 + z2 / n_eff)
        half = Z95 * math.sqrt(p * (1 - p) / n_eff + z2 / (4 * n_eff**2)) / (1 + z2 / n_eff)
        o = rows(satisfaction_table(frame, inst)).loc["overall"]
        assert o["ci_low"] == pytest.approx(centre - half, abs=1e-12)
        assert o["ci_high"] == pytest.approx(centre + half, abs=1e-12)

    def test_overall_weighted_mean_by_hand(self, frame, inst):
        """Weights 2, 1, 1: (2·0.6 + 0.75 + 0.5) / 4 = 0.6125."""
        o = rows(satisfaction_table(frame, inst, overall="weighted_mean",
                                    item_weights={"sat_1": 2, "sat_2": 1, "sat_3": 1})).loc["overall"]
        assert o["value"] == pytest.approx(0.6125)
        assert o["convention"] == "top_two_box/weighted_mean"

    def test_overall_single_item(self, frame, inst):
        """The overall item's own figure and n."""
        o = rows(satisfaction_table(frame, inst, overall="single_item",
                                    overall_item="sat_3")).loc["overall"]
        assert (o["value"], o["n"]) == (0.5, 4)
        assert o["convention"] == "top_two_box/single_item(sat_3)"

    def test_overall_respondent_index_by_hand(self, frame, inst):
        """Mean levels 4.5, 3.67, 2.33, 5, 3 → two of five at least 4 (满意)."""
        o = rows(satisfaction_table(frame, inst, overall="respondent_index")).loc["overall"]
        assert (o["value"], o["n"], o["n_satisfied"]) == (0.4, 5, 2)
        assert o["convention"] == "respondent_index(mean≥4)"
        assert (o["ci_low"], o["ci_high"]) == pytest.approx(proportion_interval(2, 5))

    def test_respondent_index_cutoff(self, frame, inst):
        """With cut-off 3: 4.5, 3.67, 5, 3 pass → 4/5."""
        o = rows(satisfaction_table(frame, inst, overall="respondent_index",
                                    cutoff=3)).loc["overall"]
        assert o["value"] == 0.8 and o["convention"] == "respondent_index(mean≥3)"

    def test_weighted_100_items_and_overall_by_hand(self, frame, inst):
        """100/80/60/40/20: sat_1 380/5 = 76, sat_2 300/4 = 75, sat_3 280/4 = 70."""
        t = rows(satisfaction_table(frame, inst, convention="weighted_100",
                                    mapping="100/80/60/40/20"))
        assert list(t["value"]) == pytest.approx([76, 75, 70, 221 / 3])
        assert t.loc["overall", "convention"] == "weighted_100(100/80/60/40/20)/mean_of_items"
        assert set(t["unit"]) == {"points"}

    def test_mean_conventions_by_hand(self, frame, inst):
        """sat_1 levels 5, 4, 3, 5, 2: mean 3.8, mean/5×100 = 76, (mean−1)/4×100 = 70."""
        get = lambda c: rows(satisfaction_table(frame, inst, convention=c)).loc["sat_1", "value"]  # noqa: E731
        assert get("mean") == pytest.approx(3.8)
        assert get("mean_percent") == pytest.approx(76)
        assert get("mean_rescaled") == pytest.approx(70)

    def test_overall_score_interval_is_t_on_linearised_variance(self, frame, inst):
        """Mean-level overall: v ± t(m−1)·√Var with the hand-derived z_i."""
        t = rows(satisfaction_table(frame, inst, convention="mean"))
        mu = [3.8, 3.75, 3.5]
        z = [((5 - mu[0]) / 5 + (4 - mu[1]) / 4) / 3,
             ((4 - mu[0]) / 5 + (4 - mu[1]) / 4 + (3 - mu[2]) / 4) / 3,
             ((3 - mu[0]) / 5 + (2 - mu[1]) / 4 + (2 - mu[2]) / 4) / 3,
             ((5 - mu[0]) / 5 + (5 - mu[1]) / 4 + (5 - mu[2]) / 4) / 3,
             ((2 - mu[0]) / 5 + (4 - mu[2]) / 4) / 3]
        half = 2.776445105 * math.sqrt(5 / 4 * sum(x * x for x in z))
        o = t.loc["overall"]
        assert o["value"] == pytest.approx(sum(mu) / 3)
        assert o["ci_low"] == pytest.approx(sum(mu) / 3 - half, abs=1e-8)
        assert o["interval"] == "t"

    def test_margins_with_and_without_population(self, frame, inst):
        """sat_1, n = 5: 1.959964·√(0.25/5) = 0.438261; N = 10: × √(5/9)."""
        t = rows(satisfaction_table(frame, inst, population=10))
        assert t.loc["sat_1", "margin"] == pytest.approx(Z95 * math.sqrt(0.05))
        assert t.loc["sat_1", "margin_fpc"] == pytest.approx(Z95 * math.sqrt(0.05) * math.sqrt(5 / 9))

    def test_ranking_column(self, frame, inst):
        """sat_2 (0.75) first, sat_1 (0.6) second, sat_3 (0.5) third; overall unranked."""
        t = rows(satisfaction_table(frame, inst))
        assert list(t.loc[["sat_2", "sat_1", "sat_3"], "rank"]) == [1, 2, 3]
        assert pd.isna(t.loc["overall", "rank"])

    def test_all_dont_know_group_has_no_overall(self, frame, inst):
        """Only r6 (all 不了解): no item figure, no overall, reason all_excluded."""
        t = rows(satisfaction_table(frame[frame["respondent_id"] == "r6"], inst))
        assert t["value"].isna().all()
        assert set(t["reason"]) == {Reason.ALL_EXCLUDED}

    def test_empty_frame_gives_no_valid_answers(self, frame, inst):
        t = rows(satisfaction_table(frame.iloc[0:0], inst))
        assert t.loc["overall", "reason"] == Reason.NO_VALID_ANSWERS and t.loc["overall", "n"] == 0

    def test_item_without_answers_is_left_out_of_the_overall_and_said(self, frame, inst):
        """r6 plus r1 (sat_3 = 不了解): sat_3 has no answer; overall from sat_1, sat_2 only."""
        part = frame[frame["respondent_id"].isin(["r1", "r6"])]
        o = rows(satisfaction_table(part, inst)).loc["overall"]
        assert o["value"] == 1.0 and o["note"] == "items_without_valid_answers_left_out:sat_3"

    def test_clopper_pearson_on_request(self, frame, inst):
        t = rows(satisfaction_table(frame, inst, interval="clopper_pearson"))
        assert t.loc["sat_1", "interval"] == "clopper_pearson"
        assert t.loc["sat_1", "ci_low"] == pytest.approx(proportion_interval(3, 5, 0.95,
                                                                             "clopper_pearson")[0])

    def test_weighted_mean_needs_a_weight_per_item(self, frame, inst):
        with pytest.raises(ParameterError) as info:
            satisfaction_table(frame, inst, overall="weighted_mean", item_weights={"sat_1": 1})
        assert "sat_2" in str(info.value)

    def test_single_item_must_be_a_satisfaction_item(self, frame, inst):
        with pytest.raises(ParameterError) as info:
            satisfaction_table(frame, inst, overall="single_item", overall_item="village")
        assert info.value.code == "unknown_overall_item"


class TestOverallSatisfaction:
    def test_items_subset(self, frame, inst):
        """The overall of sat_1 and sat_3 alone: (0.6 + 0.5) / 2."""
        items = [v for v in satisfaction_items(inst) if v.name in ("sat_1", "sat_3")]
        assert overall_satisfaction(frame, items)["value"] == pytest.approx(0.55)


class TestDimensionTable:
    def test_dimensions_by_hand(self, frame, inst):
        """D1 = (0.6 + 0.75) / 2 = 0.675 over 5 respondents; D2 = 0.5 over 4."""
        d = dimension_table(frame, inst).set_index("dimension")
        assert d.loc["D1", "value"] == pytest.approx(0.675) and d.loc["D1", "n"] == 5
        assert d.loc["D2", "value"] == 0.5 and d.loc["D2", "n"] == 4
        assert d.loc["D1", "items"] == "sat_1,sat_2"

    def test_single_item_falls_back_to_mean_of_items_and_says_so(self, frame, inst):
        d = dimension_table(frame, inst, overall="single_item").set_index("dimension")
        assert d.loc["D1", "convention"] == "top_two_box/mean_of_items"


class TestSubgroupTable:
    def test_village_rates_by_hand(self, frame, inst):
        """Village 1: 2/3, 2/3, 0/2 → 4/9; village 2: 1/2, 1/1, 2/2 → 5/6 over 2 respondents."""
        s = subgroup_table(frame, inst, ["village"])
        o = s[s["item"] == "overall"].set_index("code")
        assert o.loc[1, "value"] == pytest.approx(4 / 9) and o.loc[1, "n"] == 3
        assert o.loc[2, "value"] == pytest.approx(5 / 6) and o.loc[2, "n"] == 2
        assert list(o["level"]) == ["石门村", "下坪村"]

    def test_level_population_corrects_the_margin(self, frame, inst):
        """Village 1 overall, n = 3 of N = 30: z·√(0.25/3)·√(27/29)."""
        s = subgroup_table(frame, inst, ["village"], populations={"village": {1: 30}})
        row = s[(s["item"] == "overall") & (s["code"] == 1)].iloc[0]
        assert row["margin_fpc"] == pytest.approx(Z95 * math.sqrt(0.25 / 3) * math.sqrt(27 / 29))

    def test_unanswered_subgroup_forms_its_own_level(self, frame, inst):
        f = frame.copy()
        f.loc[0, "village"] = np.nan
        s = subgroup_table(f, inst, ["village"])
        missing = s[s["code"].isna() & (s["item"] == "overall")]
        assert len(missing) == 1 and missing["n"].iloc[0] == 1

    def test_variable_must_be_single_choice(self, frame, inst):
        with pytest.raises(ParameterError):
            subgroup_table(frame, inst, ["sat_1"])


class TestRankItems:
    def test_ties_share_the_better_rank(self):
        """0.8, 0.9, 0.8 → 2, 1, 2 (competition ranking), ties marked."""
        t = pd.DataFrame({"item": ["a", "b", "c"], "label": ["A", "B", "C"],
                          "value": [0.8, 0.9, 0.8]})
        r = rank_items(t)
        assert r[["item", "rank", "tied"]].values.tolist() == [["b", 1, False], ["a", 2, True],
                                                              ["c", 2, True]]

    def test_equal_fractions_of_different_bases_tie(self):
        """46/50 and 23/25 are the same rate."""
        t = pd.DataFrame({"item": ["a", "b"], "label": ["A", "B"], "value": [46 / 50, 23 / 25]})
        assert list(rank_items(t)["rank"]) == [1, 1]

    def test_items_without_figure_come_last_unranked(self):
        t = pd.DataFrame({"item": ["a", "b"], "label": ["A", "B"], "value": [None, 0.5]})
        r = rank_items(t)
        assert list(r["item"]) == ["b", "a"] and pd.isna(r["rank"].iloc[1])


class TestDissatisfactionReasons:
    def test_both_shares_with_their_bases(self, frame, inst):
        """r3 and r5 are eligible and answered: ticks 2, 1, 0 → 100 %, 50 %, 0 % of 2
        respondents; 2/3, 1/3, 0 of 3 selections."""
        r = dissatisfaction_reasons(frame, inst).set_index("code")
        assert list(r["count"]) == [2, 1, 0]
        assert set(r["base"]) == {2} and set(r["selections_base"]) == {3}
        assert list(r["share"]) == pytest.approx([1.0, 0.5, 0.0])
        assert list(r["share_of_selections"]) == pytest.approx([2 / 3, 1 / 3, 0.0])
        assert set(r["n_eligible"]) == {2}
        assert list(r["rank"]) == [1, 2, 3]

    def test_a_given_frequency_table_is_read_not_counted_again(self, frame, inst):
        """The frame's frequency table, passed in, gives the same table; its counts are the
        ones read (a table with doubled counts gives doubled counts)."""
        freq = frequency_table(frame, inst)
        pd.testing.assert_frame_equal(dissatisfaction_reasons(frame, inst, frequencies=freq),
                                      dissatisfaction_reasons(frame, inst))
        doubled = freq.assign(count=freq["count"] * 2)
        r = dissatisfaction_reasons(frame, inst, frequencies=doubled)
        assert list(r["count"]) == [4, 2, 0]

    def test_no_follow_up_question_gives_an_empty_table(self, frame, inst):
        plain = Instrument.model_validate({**inst.model_dump(), "sections": [
            {**inst.sections[0].model_dump(), "questions": [
                q.model_dump() for q in inst.sections[0].questions if q.id != "why"]}]})
        assert dissatisfaction_reasons(frame, plain).empty


class TestTopBoxRate:
    def test_kept_public_behaviour(self):
        """The foundation's function: 3 of 4 non-excluded answers."""
        r = top_box_rate(pd.Series([5, 4, 4, 3, 9]), satisfied=[5, 4], excluded=[9])
        assert (r["n"], r["n_satisfied"], r["n_excluded"], r["value"]) == (4, 3, 1, 0.75)


class TestItemWeights:
    def test_weight_for_an_unknown_item_is_an_error(self, frame, inst):
        """A typo in an item id must not silently drop a weight."""
        with pytest.raises(ParameterError) as info:
            satisfaction_table(frame, inst, overall="weighted_mean",
                               item_weights={"sat_1": 1, "sat_2": 1, "sat_3": 1, "sat_4": 1})
        assert info.value.code == "unknown_weighted_item" and "sat_4" in str(info.value)
