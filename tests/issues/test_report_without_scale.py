"""A questionnaire with no satisfaction scale (the real 问卷星 consumer survey) gets a report
about what it asked: no reliability, satisfaction or indicator sections full of dashes, no
empty 统计口径, no 未记录, and an online survey's table without issued-count columns."""

from __future__ import annotations

import pytest

from survey.audit import audit_text
from survey.pipeline import run_analysis
from survey.report.build import build_report
from survey.report.word import render_docx
from tests.conftest import ROOT, shared_path


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    path = tmp_path_factory.mktemp("noscale") / "spec.yaml"
    path.write_text(f"""report: {{title: 手机用户调查, language: zh-CN}}
groups:
  - id: consumers
    instrument: {ROOT / "tests/responses/data/wjx_phone.yaml"}
    responses: {shared_path("data", "wjx", "wjx_800_800_2.xls")}
    fieldwork: {{mode: online}}
""", encoding="utf-8")
    return build_report(run_analysis(path, generated_at="2026-11-21"))


def _text(report) -> str:
    parts = []
    for section in report.sections:
        for block in section.blocks:
            parts.append(getattr(block, "text", ""))
            parts += [" ".join(row) for row in getattr(block, "rows", ())]
            parts.append(" ".join(getattr(block, "columns", ())))
    return "\n".join(parts)


def test_sections_are_those_the_questionnaire_has(report):
    assert [s.id for s in report.sections] == [
        "overview", "methods", "fieldwork", "profile", "questions", "data-quality"]
    assert [s.number for s in report.sections] == ["一、", "二、", "三、", "四、", "五、", "六、"]


def test_headline_is_the_valid_count_not_a_dash(report):
    (card,) = report.key_figures
    assert (card.label, card.value, card.detail) == ("手机用户有效问卷", "800 份", "回收 800 份")


def test_no_scale_words_and_no_empty_convention(report):
    text = _text(report)
    for absent in ("满意度评价 0 项", "Cronbach", "未记录方式", "满意度题项数"):
        assert absent not in text, absent
    labels = [label for label, _ in report.provenance.items]
    assert "统计口径" not in labels


def test_online_fieldwork_table_has_no_issued_columns(report):
    fieldwork = next(s for s in report.sections if s.id == "fieldwork")
    table = next(b for b in fieldwork.blocks if getattr(b, "columns", None))
    assert table.columns == ("调查对象", "回收数量（份）", "有效数量（份）", "有效率")
    assert table.rows == (("手机用户", "800", "800", "100.00%"),)
    assert "在线调查没有发放数量" in _text(report)


def test_the_word_report_audits_clean(report, tmp_path):
    import docx

    path = tmp_path / "r.docx"
    path.write_bytes(render_docx(report))
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for t in document.tables:
        lines += ["  ".join(c.text for c in row.cells) for row in t.rows]
    assert not audit_text(lines).errors


def test_no_profile_section_without_profile_questions(tmp_path):
    """One section of plain questions: no 基本情况 section saying there is none."""
    instrument = (ROOT / "tests/responses/data/wjx_phone.yaml").read_text(encoding="utf-8")
    single = tmp_path / "one.yaml"
    single.write_text(instrument.replace("  - id: s2\n    title: 个人情况\n    questions:\n",
                                         ""), encoding="utf-8")
    path = tmp_path / "spec.yaml"
    path.write_text(f"""report: {{title: 手机用户调查, language: zh-CN}}
groups:
  - id: consumers
    instrument: {single}
    responses: {shared_path("data", "wjx", "wjx_800_800_2.xls")}
    fieldwork: {{mode: online}}
""", encoding="utf-8")
    sections = build_report(run_analysis(path, generated_at="2026-11-21")).sections
    assert [s.id for s in sections] == [
        "overview", "methods", "fieldwork", "questions", "data-quality"]
