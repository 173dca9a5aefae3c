"""A screening rule whose input is absent was listed as applied: 答题时间过短 (speeding) with
所用时间 blank in all 800 rows of a 问卷星 download. Such a rule is recorded as not applied,
with the reason, and the report says so instead of listing it among the rules applied."""

from __future__ import annotations

import pandas as pd

from survey.instrument import load_instrument
from survey.pipeline import run_analysis
from survey.report import build_report
from survey.screening import screen_responses
from tests.issues.conftest import write_analysis

INSTRUMENT = """id: t
title: 测试问卷
group: {id: g, name: 受访群众}
sections:
  - id: s1
    title: 评价
    questions:
      - id: q_sat
        type: likert_matrix
        text: 请评价
        scale: sat5
        items:
          - {id: sat_1, text: 服务态度}
          - {id: sat_2, text: 办事效率}
"""


def _rows(duration: object) -> list[dict[str, object]]:
    return [{"respondent_id": f"R{i}", "sat_1": 1 + i % 5, "sat_2": 1 + (i * 2) % 5,
             "duration_seconds": duration} for i in range(12)]


class TestScreenResponses:
    def test_blank_duration_means_speeding_not_applied(self, tmp_path):
        """All 12 completion times blank: speeding is in not_applied, not in rules."""
        inst = load_instrument(write_analysis(tmp_path, INSTRUMENT, _rows("")).parent
                               / "inst.yaml")
        frame = pd.DataFrame(_rows(float("nan"))).set_index(pd.RangeIndex(2, 14))
        s = screen_responses(frame, inst)
        assert ("speeding", "no_duration") in s.not_applied
        assert "speeding" not in dict(s.rules)
        assert {"rule": "speeding", "reason": "no_duration"} in s.to_dict()["not_applied"]

    def test_recorded_duration_means_speeding_applied(self, tmp_path):
        """With times recorded the rule runs as before."""
        inst = load_instrument(write_analysis(tmp_path, INSTRUMENT, _rows(300)).parent
                               / "inst.yaml")
        frame = pd.DataFrame(_rows(300.0)).set_index(pd.RangeIndex(2, 14))
        s = screen_responses(frame, inst)
        assert "speeding" in dict(s.rules)
        assert "speeding" not in dict(s.not_applied)


class TestReport:
    def test_report_says_not_applied_and_why(self, tmp_path):
        """The rules table reads 未应用：数据中没有答题用时; the rules line omits the rule."""
        results = run_analysis(write_analysis(tmp_path, INSTRUMENT, _rows("")),
                               generated_at="2026-11-21")
        report = build_report(results, detail="full")
        table = next(t for t in report.section("annex").tables()
                     if t.caption == "审核规则及处理方式")
        action = {row[0]: row[2] for row in table.rows}
        assert action["答题时间过短"] == "未应用：数据中没有答题用时"
        applied, not_applied = dict(report.provenance.items)["筛查规则"].split("；未应用：")
        assert "答题时间过短" not in applied
        assert "答案超出选项范围（剔除）" in applied
        assert "答题时间过短（数据中没有答题用时）" in not_applied


class TestStraightLining:
    def test_short_matrix_means_not_applied(self, example_results):
        """The staff's matrix has 3 items, the example checks matrices of 6 or more: the
        rule could not look at anything, so it was not applied to the staff."""
        by_group = {g.group: g.screening for g in example_results.groups}
        assert ("straight_lining", "no_long_matrix") in by_group["staff"].not_applied
        assert "straight_lining" in dict(by_group["residents"].rules)
