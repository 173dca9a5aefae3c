"""The definition sentence of 满意度分析与排序 named 非常满意 + 满意 on every scale, also on a
three-level scale whose satisfied levels are 满意 and 基本满意 (and that has 不了解).
It must name the scale's own satisfied levels and its own excluded levels."""

from __future__ import annotations

from survey.report import build_report


def _lead(results) -> str:
    return build_report(results).section("satisfaction").paragraphs()[0]


class TestDefinitionSentence:
    def test_three_level_scale_names_its_satisfied_levels(self, service_results):
        """sat3_dk: satisfied = 满意, 基本满意; excluded = 不了解."""
        lead = _lead(service_results)
        assert "满意率 =（满意 + 基本满意）人数 ÷ 该题有效回答数" in lead
        assert "非常满意" not in lead
        assert "“不了解”不计入分母" in lead

    def test_five_level_scale_without_excluded_level(self, example_results):
        """sat5 has no 不了解: the sentence names 非常满意 + 满意 and no excluded option."""
        lead = _lead(example_results)
        assert "满意率 =（非常满意 + 满意）人数 ÷ 该题有效回答数" in lead
        assert "不了解" not in lead
