"""Half-up rounding and formatting."""

from __future__ import annotations

import pytest

from survey.rounding import format_number, format_percent, round_half_up


class TestRoundHalfUp:
    @pytest.mark.parametrize(("value", "decimals", "expected"),
                             [(2.675, 2, 2.68), (4.865, 2, 4.87), (0.125, 2, 0.13), (2.5, 0, 3.0)])
    def test_halves_round_up(self, value, decimals, expected):
        assert round_half_up(value, decimals) == expected


class TestFormatPercent:
    def test_with_two_decimals(self):
        assert format_percent(31 / 46) == "67.39%"
        assert format_percent(0.14285) == "14.29%"

    def test_numbers_strip_trailing_zeros(self):
        assert format_number(5.0) == "5" and format_number(4.90) == "4.9"
