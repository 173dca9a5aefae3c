"""The scoring rules' arithmetic, before clipping and rounding, by hand."""

from __future__ import annotations

import pytest

from survey.scoring import rules


class TestShortfall:
    def test_higher_is_better(self):
        assert rules.shortfall(0.923, 0.95) == pytest.approx(0.027)

    def test_reached_is_zero(self):
        assert rules.shortfall(0.96, 0.95) == 0

    def test_lower_is_better(self):
        assert rules.shortfall(0.125, 0.10, "<=") == pytest.approx(0.025)


class TestProportional:
    def test_ratio(self):
        """5 × 0.923 / 0.95 = 4.857895."""
        assert rules.proportional(5, 0.95, 0.923) == pytest.approx(4.857894737)

    def test_shortfall(self):
        """5 − 5 × 0.027 = 4.865."""
        assert rules.proportional(5, 0.95, 0.923, reading="shortfall") == pytest.approx(4.865)

    def test_capped_at_weight_when_exceeded(self):
        assert rules.proportional(5, 0.9, 0.99) == 5

    def test_zero_target_is_always_met(self):
        assert rules.proportional(5, 0.0, 0.3) == 5

    def test_lower_is_better_ratio(self):
        assert rules.proportional(5, 0.10, 0.125, "<=") == pytest.approx(4.0)


class TestDirect:
    def test_weight_times_actual(self):
        assert rules.direct(10, 0.87) == pytest.approx(8.7)


class TestPerPoint:
    def test_by_hand(self):
        """2.7 points short at 0.5 each: 5 − 1.35."""
        assert rules.per_point(5, 0.95, 0.923, 0.5) == pytest.approx(3.65)

    def test_unclipped_below_zero(self):
        """The arithmetic goes negative; the indicator clips it (扣完为止)."""
        assert rules.per_point(5, 0.95, 0.80, 0.5) == pytest.approx(-2.5)


class TestThreshold:
    def test_ratio_between_floor_and_target(self):
        assert rules.threshold(5, 0.9, 0.85, 0.6) == pytest.approx(5 * 0.85 / 0.9)

    def test_linear_between_floor_and_target(self):
        assert rules.threshold(5, 0.9, 0.85, 0.6, reading="linear") == pytest.approx(5 * 0.25 / 0.3)

    def test_below_floor(self):
        assert rules.threshold(5, 0.9, 0.5999, 0.6) == 0

    def test_lower_is_better(self):
        """Target ≤ 5 %, floor 15 %: 10 % → linear 5 × (15 − 10)/(15 − 5) = 2.5."""
        assert rules.threshold(5, 0.05, 0.10, 0.15, "<=", "linear") == pytest.approx(2.5)
        assert rules.threshold(5, 0.05, 0.16, 0.15, "<=") == 0


class TestTierIndex:
    def test_first_band_reached(self):
        assert rules.tier_index(0.85, [0.9, 0.8, 0.6]) == 1

    def test_strict_comparator_excludes_the_bound(self):
        assert rules.tier_index(0.9, [0.9, 0.8], ">") == 1

    def test_lower_is_better(self):
        assert rules.tier_index(0.07, [0.05, 0.10], "<=") == 1

    def test_none_reached(self):
        assert rules.tier_index(0.5, [0.9, 0.6]) is None
