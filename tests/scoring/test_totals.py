"""Totals with the weight of 不适用 indicators redistributed, by hand."""

from __future__ import annotations

import pytest

from survey.analysis import IndicatorSpec
from survey.scoring.indicators import score_indicator
from survey.scoring.totals import redistribute


def scored(code, weight, actual, **kw):
    spec = IndicatorSpec.model_validate({"code": code, "name": f"指标{code}", "group": "g",
                                         "weight": weight, "target": {">=": 0.9}, **kw})
    return score_indicator(spec, actual, 0 if actual is None else 100, convention="top_two_box")


class TestRedistribute:
    def test_two_indicators_one_not_applicable(self):
        """4.87 of 5 applicable, 5 not applicable: factor 10/5 = 2 → 9.74."""
        r = redistribute([scored("A", 5, 0.8766), scored("B", 5, None)])
        assert (r.score, r.factor, r.rescaled_score) == (4.87, 2.0, 9.74)
        assert r.not_applicable == ("B",) and r.weights == (("A", 10.0),)
        assert "B 指标B不适用" in r.sentence and "9.74" in r.sentence

    def test_rescaled_total_rounds_half_up(self):
        """Weights 5, 3, 2 (2 not applicable): (4.5 + 2.4) × 10/8 = 8.625 → 8.63."""
        r = redistribute([scored("A", 5, 0.81), scored("B", 3, 0.72), scored("C", 2, None)])
        assert r.score == pytest.approx(6.9) and r.factor == 1.25
        assert r.rescaled_score == 8.63

    def test_not_applicable_rule_counts(self):
        r = redistribute([scored("A", 5, 0.95), scored("B", 5, None, rule="not_applicable")])
        assert r.not_applicable_weight == 5 and r.rescaled_score == 10

    def test_all_applicable_says_nothing(self):
        r = redistribute([scored("A", 5, 0.95), scored("B", 5, 0.9)])
        assert r.sentence is None and r.factor == 1 and r.rescaled_score == 10

    def test_none_applicable(self):
        """No weight left to carry it: the sentence sends it to the level above."""
        r = redistribute([scored("A", 5, None)])
        assert r.factor is None and r.rescaled_score is None and "上一级" in r.sentence

    def test_english(self):
        r = redistribute([scored("A", 5, 0.95), scored("B", 5, None)], lang="en")
        assert r.sentence.startswith("B 指标B not applicable")
