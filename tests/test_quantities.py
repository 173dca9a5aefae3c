"""survey.quantities: one reading of targets, shares, weights, counts and dates."""

from __future__ import annotations

import datetime as dt

import pytest

from survey.quantities import (
    QuantityError,
    parse_count,
    parse_date,
    parse_number,
    parse_share,
    parse_target,
    parse_weight,
)


class TestParseShare:
    @pytest.mark.parametrize(("text", "share"), [
        ("92.3%", 0.923), ("92.3％", 0.923), ("0.923", 0.923), (0.5, 0.5), (1, 1.0),
        ("９０％", 0.9), ("100%", 1.0), ("0%", 0.0),
    ])
    def test_reads_percentages_and_fractions_exactly(self, text, share):
        assert parse_share(text) == share

    @pytest.mark.parametrize("bad", ["nan", "inf", "-inf", float("nan"), float("inf"), "1e400",
                                     "abc", "", True, None, "-10%", "150%", "90"])
    def test_refuses_what_no_share_can_be(self, bad):
        with pytest.raises(QuantityError, match="expected"):
            parse_share(bad)

    def test_bare_number_above_one_suggests_the_percent_sign(self):
        with pytest.raises(QuantityError, match="Write 90% for a percentage"):
            parse_share("90")

    def test_scale_unit_reads_levels_and_refuses_percent(self):
        assert parse_share("4.2", unit="scale") == 4.2
        with pytest.raises(QuantityError, match="mean level"):
            parse_share("90%", unit="scale")


class TestParseTarget:
    @pytest.mark.parametrize(("value", "target"), [
        ("90%", (">=", 0.9)), ("≥90%", (">=", 0.9)), (">= 0.9", (">=", 0.9)),
        ("＞80%", (">", 0.8)), ("≤5%", ("<=", 0.05)), ("不低于 95%", (">=", 0.95)),
        ("不超过5%", ("<=", 0.05)), ({">=": 0.9}, (">=", 0.9)), ({"≥": "90%"}, (">=", 0.9)),
        (0.9, (">=", 0.9)), (4.2, (">=", 4.2)),
    ])
    def test_every_written_form(self, value, target):
        assert parse_target(value) == target

    @pytest.mark.parametrize("bad", [{">=": float("nan")}, {">=": ".nan"}, "≥NaN%", {"==": 0.9},
                                     {">=": 0.9, "<=": 1}, "-5%", "≥inf"])
    def test_refuses_nan_negative_and_unknown_comparators(self, bad):
        with pytest.raises(QuantityError):
            parse_target(bad)

    def test_share_unit_refuses_above_hundred_percent(self):
        with pytest.raises(QuantityError, match="at most 100%"):
            parse_target("150%", unit="share")


class TestWeightsCountsDates:
    @pytest.mark.parametrize("bad", ["inf", "1e300", "0", "-5", "nan", "5%", float("inf")])
    def test_weight_is_finite_positive_and_bounded(self, bad):
        with pytest.raises(QuantityError):
            parse_weight(bad)

    def test_weight_reads_points(self):
        assert parse_weight("5") == 5.0 and parse_weight(2.5) == 2.5

    @pytest.mark.parametrize(("text", "count"), [("1,000", 1000), ("300.0", 300), (48, 48),
                                                  ("４８", 48)])
    def test_count_reads_whole_numbers(self, text, count):
        assert parse_count(text) == count

    @pytest.mark.parametrize("bad", ["3.5", "-5", "99999999999999999999999999", "1e400",
                                     "x", True, "10%"])
    def test_count_refuses_fractions_negatives_and_absurd_sizes(self, bad):
        with pytest.raises(QuantityError, match="whole number"):
            parse_count(bad)

    def test_count_minimum(self):
        with pytest.raises(QuantityError, match="from 1"):
            parse_count(0, minimum=1)

    @pytest.mark.parametrize("text", ["2026-11-21", "2026/11/21", "2026.11.21",
                                      "2026年11月21日", dt.date(2026, 11, 21)])
    def test_dates(self, text):
        assert parse_date(text) == dt.date(2026, 11, 21)

    @pytest.mark.parametrize("bad", ["2026-02-30", "21/11/2026", "tomorrow", 20261121])
    def test_bad_dates(self, bad):
        with pytest.raises(QuantityError, match="date"):
            parse_date(bad)

    def test_number_range(self):
        assert parse_number("12.5", minimum=0) == 12.5
        with pytest.raises(QuantityError, match="at least 0"):
            parse_number("-1", minimum=0)
