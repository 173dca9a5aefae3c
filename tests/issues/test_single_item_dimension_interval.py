"""A dimension (or overall figure) made of one item is that item's figure, so it carries the
item's own Wilson interval: the report printed 92.33% (88.76%–94.84%) for 对项目总体效果的满意程度
and 92.33% (88.75%–94.84%) for its one-item dimension 总体评价.

Independent figures: the Wilson interval by its formula on k of n (Wilson 1927)."""

from __future__ import annotations

import math

import pytest

from survey.stats.satisfaction import (
    SatisfactionOptions,
    dimension_table,
    overall_satisfaction,
    satisfaction_items,
    satisfaction_table,
)
from tests.stats.test_satisfaction import make_frame, make_instrument

Z95 = 1.959963984540054


def _wilson(k: int, n: int) -> tuple[float, float]:
    p = k / n
    d = 1 + Z95**2 / n
    c = (p + Z95**2 / (2 * n)) / d
    h = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n)) / d
    return c - h, c + h


class TestDimensionTable:
    def test_one_item_dimension_has_the_items_wilson_interval(self):
        """D2 = sat_3 alone: 2 satisfied of 4 valid → Wilson(2, 4), as on the item row."""
        frame, inst = make_frame(), make_instrument()
        dim = dimension_table(frame, inst).set_index("dimension").loc["D2"]
        item = satisfaction_table(frame, inst).set_index("item").loc["sat_3"]
        low, high = _wilson(2, 4)
        assert (dim["ci_low"], dim["ci_high"]) == pytest.approx((low, high), abs=1e-12)
        assert (item["ci_low"], item["ci_high"]) == pytest.approx((low, high), abs=1e-12)


class TestOverallSatisfaction:
    def test_mean_of_one_item_keeps_its_interval(self):
        """mean_of_items over sat_1 alone (3 of 5) gives Wilson(3, 5)."""
        frame, inst = make_frame(), make_instrument()
        sat_1 = [v for v in satisfaction_items(inst) if v.name == "sat_1"]
        o = overall_satisfaction(frame, sat_1, SatisfactionOptions())
        assert o["value"] == pytest.approx(0.6)
        assert (o["ci_low"], o["ci_high"]) == pytest.approx(_wilson(3, 5), abs=1e-12)

    def test_two_items_still_use_the_linearised_variance(self):
        """With two items the interval is not simply Wilson on the pooled answers."""
        frame, inst = make_frame(), make_instrument()
        two = [v for v in satisfaction_items(inst) if v.name in ("sat_1", "sat_2")]
        o = overall_satisfaction(frame, two, SatisfactionOptions())
        assert o["value"] == pytest.approx((0.6 + 0.75) / 2)
        assert o["ci_low"] != pytest.approx(_wilson(6, 9)[0], abs=1e-6)
