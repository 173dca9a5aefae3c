"""Scoring gave full marks with "未达到目标值… (5 × 0.00% ÷ 0%)" for a 0% target under ">",
and `--rule direct --weight 1 --actual 0.92499999999` gave 0.93 (cleaned to 0.925, then
rounded again) where exact half-up gives 0.92. Points are now computed exactly and rounded
once; a ratio that divides by zero is not applicable with a reason."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest

from survey.analysis import IndicatorSpec
from survey.errors import Reason
from survey.scoring.indicators import score_indicator


def _spec(rule: str, weight: float, target: float, comparator: str = ">=",
          **extra: object) -> IndicatorSpec:
    return IndicatorSpec.model_validate({
        "code": "C1", "name": "满意度", "group": "g", "weight": weight,
        "target": {comparator: target}, "rule": rule, **extra})


def _half_up(value: Decimal, decimals: int = 2) -> float:
    return float(value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


class TestZeroTarget:
    def test_zero_over_zero_is_not_applicable_not_full_marks(self):
        result = score_indicator(_spec("proportional", 5, 0.0, ">"), 0.0, None,
                                 convention="top_two_box")
        assert result.score is None
        assert result.reason is Reason.RATIO_UNDEFINED
        assert result.met is False
        assert "5 × 0.00% ÷ 0%" not in result.sentence
        assert "不适用" in result.sentence and "得 5 分" not in result.sentence

    def test_zero_target_met_gives_full_marks(self):
        """> 0% met by 3% needs no ratio: full marks, as before."""
        result = score_indicator(_spec("proportional", 5, 0.0, ">"), 0.03, None,
                                 convention="top_two_box")
        assert result.score == 5 and result.met is True

    def test_cli_says_not_applicable(self, capsys):
        from survey.cli import main

        main(["score", "--rule", "proportional", "--weight", "5", "--target", "0%",
              "--actual", "0%", "--comparator", ">", "--lang", "zh-CN"])
        out = capsys.readouterr().out
        assert "不适用" in out and "得 5 分" not in out


class TestRoundOnceFromExactValue:
    def test_direct_just_below_half(self):
        result = score_indicator(_spec("direct", 1, 0.9), 0.92499999999, None,
                                 convention="top_two_box")
        assert result.score == 0.92

    def test_exact_half_rounds_up(self):
        """5 × 88.65% ÷ 90% is 4.925 exactly (4.924999… in binary): 4.93."""
        result = score_indicator(_spec("proportional", 5, 0.9), 0.8865, None,
                                 convention="top_two_box")
        assert result.score == 4.93

    @pytest.mark.parametrize("seed", range(3))
    def test_random_inputs_match_decimal_arithmetic(self, seed):
        """Against an independent computation in 50-digit decimal arithmetic."""
        rng = random.Random(seed)
        with localcontext() as ctx:
            ctx.prec = 50
            for _ in range(300):
                w = Decimal(rng.choice(["1", "2", "3", "4", "5", "7.5", "10"]))
                t = Decimal(rng.randint(50, 100)) / 100
                a = Decimal(rng.randint(0, 10**6)) / 10**6
                expected_ratio = _half_up(min(w, max(Decimal(0), w * a / t)))
                got = score_indicator(_spec("proportional", float(w), float(t)), float(a),
                                      None, convention="top_two_box").score
                assert got == (float(w) if a >= t else expected_ratio), (w, t, a)
                expected_direct = _half_up(min(w, w * a))
                got = score_indicator(_spec("direct", float(w), float(t)), float(a), None,
                                      convention="top_two_box").score
                assert got == expected_direct, (w, a)
