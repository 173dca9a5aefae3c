"""A spec's group id need not be the instrument's group id (``survey draft`` names the
group after the file, the instrument calls it ``respondents``): indicators and fieldwork
settings are found by the spec's id."""

from __future__ import annotations

from survey.pipeline import run_analysis
from survey.report.build import build_report
from tests.conftest import ROOT


def _spec(tmp_path) -> str:
    path = tmp_path / "spec.yaml"
    path.write_text(f"""report: {{title: 测试, language: zh-CN}}
groups:
  - id: village_survey
    instrument: {ROOT / "instruments/residents.yaml"}
    responses: {ROOT / "analyses/data/residents.csv"}
    fieldwork: {{issued: 320, returned: 306, mode: paper, dates: 2026 年 9 月}}
indicators:
  - {{code: C3-1, name: 群众满意度, group: village_survey, weight: 5,
     target: {{">=": 0.90}}, rule: proportional}}
""", encoding="utf-8")
    return str(path)


def test_indicator_and_fieldwork_found_by_the_spec_id(tmp_path):
    results = run_analysis(_spec(tmp_path), generated_at="2026-11-21")
    (group,) = results.groups
    assert group.instrument.group.id == "residents" and group.group == "village_survey"
    (score,) = results.indicators
    assert score.group == "village_survey" and score.score is not None
    report = build_report(results)
    methods = next(s for s in report.sections if s.id == "methods")
    (table, sentence, *_) = methods.blocks
    row = dict(zip(table.columns, table.rows[0], strict=True))
    assert row["调查方式"] == "纸质问卷现场发放" and row["调查时间"] == "2026 年 9 月"
    assert "抽样方式" not in row  # recorded for no group: the column is left out
    assert sentence.text.startswith("项目实施区域群众采用纸质问卷现场发放方式调查，调查时间为2026 年 9 月。以 ")
    assert "未记录" not in sentence.text
    assert ("调查时间", "项目实施区域群众 2026 年 9 月") in report.meta


def test_nothing_recorded_is_not_printed_as_not_recorded(tmp_path):
    """With no mode, sampling or dates in the spec the table leaves those columns out and
    the sentence names only the margin of error: no 未记录 for the reader to stumble on, and
    no mode the record does not give (it used to say 纸质问卷 by default)."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"""report: {{title: 测试, language: zh-CN}}
groups:
  - id: residents
    instrument: {ROOT / "instruments/residents.yaml"}
    responses: {ROOT / "analyses/data/residents.csv"}
""", encoding="utf-8")
    report = build_report(run_analysis(spec, generated_at="2026-11-21"))
    methods = next(s for s in report.sections if s.id == "methods")
    table, sentence, analysis = methods.blocks
    assert table.columns == ("调查对象", "总体规模", "有效数量（份）", "最大抽样误差（95%）")
    assert sentence.text.startswith("项目实施区域群众：以 300 份有效问卷计，在 95% 置信水平下")
    assert "未记录" not in sentence.text + analysis.text
