"""Indicator scoring with hand-computed values for every rule and reading, and the boundary
cases (exactly at target, no valid answers, all 不了解, deducted to nothing)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from survey.analysis import IndicatorSpec
from survey.errors import Reason
from survey.scoring.indicators import format_measure, score_indicator


def spec(**kw):
    base = {"code": "C1", "name": "单位人员满意度", "group": "staff", "weight": 5,
            "target": {">=": 0.95}, "rule": "proportional"}
    return IndicatorSpec.model_validate({**base, **kw})


def score(actual, n=46, **kw):
    return score_indicator(spec(**kw), actual, n, convention="top_two_box")


TIERS = [[0.9, 5], [0.8, 4], [0.6, 2]]


class TestScoreIndicator:
    def test_proportional_below_target(self):
        """43/46 = 93.48%: 5 × 0.934783 / 0.95 = 4.9199 → 4.92."""
        s = score_indicator(spec(), 43 / 46, 46, convention="top_two_box")
        assert s.score == 4.92 and s.met is False
        assert s.sentence.startswith("根据 46 份有效问卷分析，单位人员满意度为 93.48%，未达到目标值（≥95%），按比例得 4.92 分")

    def test_exactly_at_target_gets_full_marks(self):
        s = score_indicator(spec(target={">=": 0.9}), 0.9, 10, convention="top_two_box")
        assert s.score == 5 and s.met is True

    def test_never_above_weight(self):
        s = score_indicator(spec(), 1.0, 46, convention="top_two_box")
        assert s.score == 5

    def test_no_valid_answers_is_not_applicable_not_zero(self):
        s = score_indicator(spec(), None, 0, convention="top_two_box")
        assert s.score is None and s.reason is Reason.NOT_APPLICABLE
        assert "不适用" in s.sentence

    def test_half_up_rounding(self):
        """5 × 0.8865 / 0.9 = 4.925 exactly in decimal: half-up gives 4.93 (half-even would give 4.92)."""
        s = score_indicator(spec(target={">=": 0.9}), 0.8865, 100, convention="top_two_box")
        assert s.score == pytest.approx(4.93)

    def test_english_sentence(self):
        s = score_indicator(spec(), 45 / 46, 46, convention="top_two_box", lang="en")
        assert s.sentence == ("From 46 valid questionnaires, 单位人员满意度 is 97.83%, which meets "
                              "the target (≥95%): 5 points.")

    # -- the two readings of 按比例扣分 ------------------------------------------------------

    def test_ratio_reading_of_proportional(self):
        """5 × 92.3 / 95 = 4.8579 → 4.86."""
        s = score(0.923)
        assert s.score == 4.86 and s.reading_code == "ratio"
        assert s.formula == "5 × 92.30% ÷ 95%"
        assert s.reading == "按比例（比值）：得分 = 权重 × min(1, 实际值 ÷ 目标值)"

    def test_shortfall_reading_of_proportional(self):
        """5 − 5 × 2.7% = 4.865 → 4.87 (half-up)."""
        s = score(0.923, reading="shortfall")
        assert s.score == 4.87 and s.reading_code == "shortfall"
        assert s.sentence == ("根据 46 份有效问卷分析，单位人员满意度为 92.30%，未达到目标值（≥95%），"
                              "按差额比例扣分，得 4.87 分（5 − 5 × (95% − 92.30%)）。")

    def test_lower_is_better_ratio(self):
        """Complaint rate ≤ 10%, actual 12.5%: 5 × 10 / 12.5 = 4."""
        s = score(0.125, target={"<=": 0.10})
        assert s.score == 4 and s.met is False and s.formula == "5 × 10% ÷ 12.50%"

    def test_lower_is_better_shortfall(self):
        """5 − 5 × 2.5% = 4.875 → 4.88."""
        assert score(0.125, target={"<=": 0.10}, reading="shortfall").score == 4.88

    def test_lower_is_better_met(self):
        assert score(0.08, target={"<=": 0.10}).score == 5

    # -- direct --------------------------------------------------------------------------

    def test_direct(self):
        """5 × 92.3% = 4.615 → 4.62 (half-up)."""
        s = score(0.923, rule="direct")
        assert s.score == 4.62 and s.formula == "5 × 92.30%"
        assert "按实际值得 4.62 分" in s.sentence

    # -- tiers ---------------------------------------------------------------------------

    @pytest.mark.parametrize(("actual", "points"), [
        (0.95, 5), (0.9, 5), (0.85, 4), (0.8, 4), (0.7999, 2), (0.6, 2), (0.5999, 0)])
    def test_tiers_bands_and_their_boundaries(self, actual, points):
        """≥90% 5, 80–90% 4, 60–80% 2, below 60% 0; each lower bound belongs to its band."""
        assert score(actual, rule="tiers", tiers=TIERS, target={">=": 0.9}).score == points

    def test_tiers_sentence_names_the_band(self):
        s = score(0.85, rule="tiers", tiers=TIERS, target={">=": 0.9})
        assert "属于“80%（含）至 90%”档，得 4 分" in s.sentence and s.band == "80%（含）至 90%"

    def test_tiers_below_every_band(self):
        s = score(0.5, rule="tiers", tiers=TIERS, target={">=": 0.9})
        assert s.score == 0 and s.band == "低于 60%"

    def test_tiers_lower_is_better(self):
        """≤5% 5 points, ≤10% 3 points, above 10% nothing."""
        kw = {"rule": "tiers", "tiers": [[0.05, 5], [0.10, 3]], "target": {"<=": 0.05}}
        assert [score(a, **kw).score for a in (0.05, 0.07, 0.10, 0.11)] == [5, 3, 3, 0]

    # -- per-point -----------------------------------------------------------------------

    def test_per_point_by_hand(self):
        """每降低 1 个百分点扣 0.5 分: 2.7 points short → 5 − 1.35 = 3.65."""
        s = score(0.923, rule="per_point", deduct=0.5)
        assert s.score == 3.65 and s.formula == "5 − 0.5 × 2.7"
        assert "低 2.7 个百分点，每个百分点扣 0.5 分，扣完为止，得 3.65 分" in s.sentence

    def test_per_point_at_target(self):
        assert score(0.95, rule="per_point", deduct=0.5).score == 5

    def test_per_point_deducted_to_nothing(self):
        """15 points short at 0.5 each is 7.5 > 5: 扣完为止, 0 — never negative."""
        s = score(0.80, rule="per_point", deduct=0.5)
        assert s.score == 0 and s.formula.startswith("max(0, ")

    def test_per_point_wording_default_names_the_deduction(self):
        assert score(0.9, rule="per_point", deduct=0.5).wording == \
            "达到目标值得满分，每降低 1 个百分点扣 0.5 分，扣完为止"

    # -- threshold -----------------------------------------------------------------------

    @pytest.mark.parametrize(("actual", "points"), [(0.9, 5), (0.85, 4.72), (0.6, 3.33), (0.59, 0)])
    def test_threshold_ratio(self, actual, points):
        """Target 90%, floor 60%: 5 × 0.85/0.9 = 4.7222; 5 × 0.6/0.9 = 3.3333; below 60% 0."""
        assert score(actual, rule="threshold", floor=0.6, target={">=": 0.9}).score == points

    @pytest.mark.parametrize(("actual", "points"), [(0.9, 5), (0.85, 4.17), (0.6, 0), (0.75, 2.5)])
    def test_threshold_linear(self, actual, points):
        """5 × (0.85 − 0.6)/(0.9 − 0.6) = 4.1667; at the floor 0; halfway 2.5."""
        s = score(actual, rule="threshold", floor=0.6, target={">=": 0.9}, reading="linear")
        assert s.score == points

    def test_threshold_below_floor_sentence(self):
        s = score(0.55, rule="threshold", floor=0.6, target={">=": 0.9})
        assert "未达到最低要求（60%），得 0 分" in s.sentence

    # -- not applicable ------------------------------------------------------------------

    def test_not_applicable_rule(self):
        """No survey: 不适用, no score, the weight to be redistributed is said."""
        s = score(None, n=0, rule="not_applicable", not_applicable_reason="本年度未开展问卷调查")
        assert s.score is None and s.reason is Reason.NOT_APPLICABLE
        assert s.sentence == "单位人员满意度不适用（本年度未开展问卷调查），不予评分，其权重 5 分需另行分配。"

    def test_all_dont_know_is_not_applicable_with_its_reason(self):
        s = score_indicator(spec(), None, 0, convention="top_two_box", reason=Reason.ALL_EXCLUDED)
        assert s.score is None and "不了解" in s.sentence and "不适用" in s.sentence

    # -- rounding, units, caution ----------------------------------------------------------

    def test_decimals_are_stated_and_applied(self):
        s = score(0.923, decimals=1)
        assert s.score == 4.9 and s.rounding == "四舍五入保留 1 位小数"

    def test_float_noise_does_not_miss_the_target(self):
        """0.1 + 0.2 (0.30000000000000004) meets ≥ 0.3, and 0.7 − 0.4 (0.29999999999999993) too."""
        assert score(0.1 + 0.2, target={">=": 0.3}).met is True
        assert score(0.7 - 0.4, target={">=": 0.3}).met is True

    def test_mean_level_unit(self):
        """Mean 4.2 against ≥ 4.5: 5 × 4.2 / 4.5 = 4.6667 → 4.67; printed as levels."""
        s = score_indicator(spec(target={">=": 4.5}), 4.2, 46, convention="mean", unit="scale")
        assert s.score == 4.67
        assert "为 4.20，未达到目标值（≥4.5）" in s.sentence

    def test_caution_when_interval_contains_target(self):
        """The interval 90%–98% contains 95%: the data cannot tell whether the target is met."""
        s = score_indicator(spec(), 0.9638, 46, convention="top_two_box", ci=(0.90, 0.98),
                            confidence=0.95, lang="en")
        assert s.caution == ("The 95% interval 90.00%–98.00% contains the target: these data "
                             "cannot tell whether the ≥95% target is met.")

    def test_no_caution_when_interval_clears_target(self):
        s = score_indicator(spec(), 0.98, 46, convention="top_two_box", ci=(0.96, 0.99))
        assert s.caution is None

    def test_calculator_form_without_n(self):
        s = score_indicator(spec(name="实际值"), 0.923, None, convention="-")
        assert s.sentence == "实际值为 92.30%，未达到目标值（≥95%），按比例得 4.86 分（5 × 92.30% ÷ 95%）。"

    @pytest.mark.parametrize("actual", [0.0, 0.3, 0.6, 0.9, 0.95, 1.0])
    @pytest.mark.parametrize("kw", [
        {}, {"reading": "shortfall"}, {"rule": "direct"}, {"rule": "per_point", "deduct": 2},
        {"rule": "tiers", "tiers": TIERS}, {"rule": "threshold", "floor": 0.5},
        {"rule": "threshold", "floor": 0.5, "reading": "linear"}])
    def test_score_stays_between_zero_and_weight(self, actual, kw):
        s = score(actual, **kw)
        assert 0 <= s.score <= 5

    def test_to_dict_carries_the_contract_keys(self):
        d = score(0.923).to_dict()
        assert set(d) >= {"code", "name", "weight", "target", "actual", "score", "rule",
                          "sentence", "reading", "rounding", "wording", "convention", "n"}


class TestFormatMeasure:
    def test_target_percent_keeps_needed_decimals(self):
        assert [format_measure(v, "share", "zh-CN", target=True) for v in (0.9, 0.925, 0.9525)] \
            == ["90%", "92.5%", "95.25%"]


class TestIndicatorSpecRules:
    @pytest.mark.parametrize(("kw", "message"), [
        ({"rule": "per_point"}, "deduct"),
        ({"deduct": 1}, "deduct"),
        ({"rule": "tiers"}, "tiers"),
        ({"rule": "threshold"}, "floor"),
        ({"rule": "threshold", "floor": 0.99}, "below the target"),
        ({"rule": "tiers", "tiers": [[0.8, 4], [0.9, 5]]}, "best band"),
        ({"rule": "tiers", "tiers": [[0.9, 6]]}, "exceed the weight"),
        ({"rule": "direct", "reading": "shortfall"}, "no reading"),
        ({"reading": "linear"}, "no reading"),
    ])
    def test_inconsistent_settings_are_refused(self, kw, message):
        with pytest.raises(ValueError, match=message):
            spec(**kw)

    def test_per_point_hyphen_alias(self):
        assert spec(rule="per-point", deduct=1).rule == "per_point"

    def test_default_readings(self):
        assert spec().reading == "ratio" and spec(rule="direct").reading is None
        assert spec(rule="threshold", floor=0.5).reading == "ratio"


class TestScoreProperties:
    @given(actual=st.floats(min_value=0, max_value=1), target=st.floats(min_value=0.05, max_value=1),
           kw=st.sampled_from([{}, {"reading": "shortfall"}, {"rule": "per_point", "deduct": 0.7},
                               {"rule": "direct"}]),
           weight=st.sampled_from([1, 2.5, 5, 10]))
    def test_bounded_and_full_when_met(self, actual, target, kw, weight):
        """0 ≤ score ≤ weight for any input; a met target (except under direct) gives full marks."""
        s = score_indicator(spec(target={">=": target}, weight=weight, **kw), actual, 10,
                            convention="top_two_box")
        assert 0 <= s.score <= weight
        if s.met and kw.get("rule") != "direct":
            assert s.score == weight

    @given(a=st.floats(min_value=0, max_value=1), b=st.floats(min_value=0, max_value=1))
    def test_proportional_never_falls_as_actual_rises(self, a, b):
        low, high = sorted((a, b))
        f = lambda x: score_indicator(spec(), x, 10, convention="top_two_box").score  # noqa: E731
        assert f(low) <= f(high)
