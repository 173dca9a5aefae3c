"""With one satisfaction item the report called it "最高" (highest) of a ranking of one.
It states the item's figure and says there is nothing to rank."""

from __future__ import annotations

from survey.pipeline import run_analysis
from survey.report import build_report
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
"""


class TestOneItem:
    def test_no_highest_with_one_item(self, tmp_path):
        """12 answers 5,4,3,2,1,5,…: 6 of 12 satisfied (5 or 4) → 50.00%, no 最高/最低."""
        rows = [{"respondent_id": f"R{i}", "sat_1": 5 - i % 5} for i in range(12)]
        report = build_report(run_analysis(write_analysis(tmp_path, INSTRUMENT, rows),
                                           generated_at="2026-11-21"))
        texts = [*report.section("satisfaction").paragraphs(),
                 *report.section("questions").paragraphs()]
        assert not [t for t in texts if "最高" in t or "最低" in t]
        assert ("受访群众只有一个满意度题项“服务态度”，满意率为 50.00%"
                "（12 份有效回答中 6 人满意），无需排序。") in texts
        assert "“服务态度”的满意率在 12 份有效回答中为 50.00%（6 人）。" in texts
