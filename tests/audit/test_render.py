"""Presenting findings: terminal table, JSON, HTML page."""

from __future__ import annotations

import json

from survey.audit.render import render_html, render_json, render_table
from survey.audit.run import audit_text

BAD = "本次共发放调查问卷30份，回收有效问卷46份。\n\n问卷的信度为 1.5。"


class TestRenderTable:
    def test_lists_each_finding_with_line_and_quote(self):
        """Each finding shows its line, severity, code, the quoted text and the explanation."""
        out = render_table(audit_text(BAD, kind="md"), width=100)
        assert "回收多于发放" in out and "信度系数超出范围" in out
        assert "returned_exceeds_issued" not in out  # codes are for --json only
        assert "「本次共发放调查问卷30份，回收有效问卷46份。」" in out
        assert out.splitlines()[0].endswith("2 个错误，0 个提醒。")

    def test_clean_report(self):
        """A clean report says so."""
        out = render_table(audit_text("本次发放问卷 30 份，回收 28 份。"), width=80)
        assert "没有发现问题" in out

    def test_wraps_to_width(self):
        """No line is wider than asked (CJK counts double)."""
        from survey.audit.render import _width

        out = render_table(audit_text(BAD, kind="md"), width=60)
        assert max(_width(line) for line in out.splitlines()[1:]) <= 60


class TestRenderJson:
    def test_shape(self):
        """{"findings": [{code, severity, line, excerpt, message}], "claims": [...]}."""
        data = json.loads(render_json(audit_text(BAD, kind="md")))
        assert set(data) == {"source", "findings", "claims"}
        assert set(data["findings"][0]) == {"code", "severity", "line", "excerpt", "message"}
        assert data["findings"][0]["line"] == 1 and data["findings"][1]["line"] == 3
        assert {c["kind"] for c in data["claims"]} == {"issued", "valid", "alpha"}


class TestRenderHtml:
    def test_marks_and_explanations(self):
        """The passage is marked on its line and the explanation stands beside it."""
        page = render_html(audit_text(BAD, kind="md"))
        assert '<tr id="L1">' in page and '<mark class="error"' in page
        assert "回收数" in page or "有效问卷 46 份多于" in page
        assert page.count('class="note error"') == 2

    def test_escapes_report_text(self):
        """Report text is escaped, never markup."""
        page = render_html(audit_text("<script>alert(1)</script> 问卷的信度为 1.5。"))
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page

    def test_same_audit_same_bytes(self):
        """Rendering is deterministic."""
        assert render_html(audit_text(BAD, kind="md")) == render_html(audit_text(BAD, kind="md"))

    def test_english(self):
        """--lang en gives an English page."""
        page = render_html(audit_text(BAD, kind="md", lang="en"))
        assert '<html lang="en">' in page and "questionnaires" in page


def test_the_english_table_keeps_its_columns_apart():
    """"warning" is wider than 级别/提醒: the severity column widens to it, so the heading
    reads ``line  severity  finding`` and each row's title starts under ``finding``."""
    audit = audit_text("发放问卷 30 份，回收 46 份。满意率为 90%。", lang="en")
    lines = render_table(audit, width=100).splitlines()
    assert lines[1] == "line  severity  finding"
    start = lines[1].index("finding")
    rows = [ln for ln in lines[2:] if ln[:4].strip().isdigit()]
    assert {ln[6:start].strip() for ln in rows} == {"error", "warning"}
    assert all(ln[start - 1] == " " and ln[start] != " " for ln in rows)
    # the quoted text and the explanation are indented past both columns
    assert all(ln.startswith(" " * (start + 2)) for ln in lines[2:] if ln not in rows)
