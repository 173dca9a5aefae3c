"""Indicator scoring with hand-computed values and the boundary cases."""

from __future__ import annotations

import pytest

from survey.analysis import IndicatorSpec
from survey.errors import Reason
from survey.scoring.indicators import score_indicator


def spec(**kw):
    base = {"code": "C1", "name": "单位人员满意度", "group": "staff", "weight": 5,
            "target": {">=": 0.95}, "rule": "proportional"}
    return IndicatorSpec.model_validate({**base, **kw})


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
