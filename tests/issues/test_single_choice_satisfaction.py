"""A single-choice question on a satisfaction scale (您对项目总体是否满意？, `type: single,
scale: sat5`, the usual 问卷星 form) was no satisfaction item: the report said
"问卷中没有满意度题项" and an indicator on it failed. Any question on a satisfaction scale is
a satisfaction item."""

from __future__ import annotations

import pytest

from survey.errors import InstrumentError
from survey.instrument import load_instrument
from survey.pipeline import run_analysis
from survey.report import build_report, render_page
from survey.stats.satisfaction import satisfaction_items
from tests.issues.conftest import write_analysis

INSTRUMENT = """id: wjx
title: 项目满意度调查
group: {id: g, name: 群众}
sections:
  - id: s1
    title: 满意度
    questions:
      - {id: sex, type: single, text: 您的性别, options: [[1, 男], [2, 女]]}
      - {id: overall_sat, type: single, text: 您对项目总体是否满意？, scale: sat5}
      - {id: env, type: single, text: 您对环境改善是否满意？, scale: sat3}
      - {id: visited, type: single, text: 您是否到过现场？, scale: yesno}
      - {id: opinion, type: single, text: 您是否同意扩大项目？, scale: sat5, satisfaction: false}
"""

# overall_sat: 4 or 5 in 6 of 10 (60%); env (sat3, satisfied 3 and 2): 7 of 10 (70%)
OVERALL = [5, 4, 4, 4, 2, 5, 1, 4, 3, 2]
ENV = [3, 3, 2, 1, 2, 1, 3, 2, 1, 3]


def _rows() -> list[dict[str, object]]:
    return [{"respondent_id": f"R{i:02d}", "sex": 1 + i % 2, "overall_sat": o, "env": e,
             "visited": 1, "opinion": 3} for i, (o, e) in enumerate(zip(OVERALL, ENV, strict=True))]


INDICATORS = """indicators:
  - {code: C1, name: 总体满意度, group: g, weight: 5, target: {">=": 0.9}, rule: proportional, item: overall_sat}
  - {code: C2, name: 群众满意度, group: g, weight: 5, target: {">=": 0.9}, rule: proportional}
"""


@pytest.fixture
def results(tmp_path):
    spec = write_analysis(tmp_path, INSTRUMENT, _rows(), INDICATORS)
    return run_analysis(spec, generated_at="2026-12-03")


def test_single_questions_on_satisfaction_scales_are_satisfaction_items(tmp_path):
    path = tmp_path / "i.yaml"
    path.write_text(INSTRUMENT, encoding="utf-8")
    names = [v.name for v in satisfaction_items(load_instrument(path))]
    assert names == ["overall_sat", "env"]  # not yesno, not an opted-out question


def test_indicator_names_the_question_and_scores_its_rate(results):
    by_code = {s.code: s for s in results.indicators}
    assert by_code["C1"].actual == pytest.approx(0.6)
    assert by_code["C1"].score == 3.33  # 5 × 60% ÷ 90% = 3.333…
    # the overall figure is the mean of the two items' rates: (60% + 70%) / 2
    assert by_code["C2"].actual == pytest.approx(0.65)


def test_report_has_a_satisfaction_analysis(results):
    html = render_page(build_report(results))
    assert "问卷中没有满意度题项" not in html
    assert "您对环境改善是否满意？" in html


def test_a_satisfaction_question_cannot_be_named_overall(tmp_path):
    """'overall' is the overall row's name: a question named so would be two rows in one."""
    path = tmp_path / "i.yaml"
    path.write_text(INSTRUMENT.replace("overall_sat", "overall"), encoding="utf-8")
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    assert "overall_sat" in str(caught.value)
