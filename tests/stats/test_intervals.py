"""Confidence intervals against hand-computed values."""

from __future__ import annotations

import math

import pytest

from survey.stats.intervals import wilson_interval


class TestWilsonInterval:
    def test_hand_computed_45_of_46(self):
        """z = 1.959964: centre (p + z²/2n)/(1 + z²/n), half-width z√(p(1−p)/n + z²/4n²)/(1 + z²/n)."""
        z, n, p = 1.959963984540054, 46, 45 / 46
        d = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / d
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
        assert wilson_interval(45, 46) == pytest.approx((centre - half, centre + half))
        assert round(wilson_interval(45, 46)[0], 4) == 0.8866

    def test_all_satisfied_upper_bound_is_one(self):
        low, high = wilson_interval(46, 46)
        assert high == pytest.approx(1.0) and low < 1

    def test_rejects_empty_base(self):
        with pytest.raises(ValueError, match="positive"):
            wilson_interval(0, 0)


class TestWilsonBounds:
    def test_zero_successes_has_lower_bound_exactly_zero(self):
        """0/20: lower bound 0, upper 0.1611 (Newcombe 1998, table I)."""
        low, high = wilson_interval(0, 20)
        assert low == 0.0 and round(high, 4) == 0.1611
