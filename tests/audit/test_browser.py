"""The --html audit page in headless Chromium: offline, marks visible, notes beside the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey.audit.render import render_html
from survey.audit.run import audit_file
from tests.report.browser import chromium, visit

pytestmark = pytest.mark.browser

PLANTED = Path(__file__).parent / "data" / "planted_report.md"


def test_marks_and_notes_render_offline(tmp_path):
    """Every finding is marked and explained beside its line; no request leaves the file."""
    audit = audit_file(PLANTED)
    page_path = tmp_path / "audit.html"
    page_path.write_text(render_html(audit), encoding="utf-8")
    with chromium() as browser:
        seen = visit(browser, page_path)
        page = seen.page
        assert seen.errors == []
        assert all(url.startswith("file://") for url in seen.requests)
        marks = page.locator("mark")
        assert marks.count() >= len(audit.findings)
        assert all(marks.nth(i).bounding_box()["width"] > 0 for i in range(marks.count()))
        notes = page.locator("div.note")
        assert notes.count() == len(audit.findings)
        first = audit.findings[0]
        row = page.locator(f"#L{first.line}")
        text_box = row.locator("td.line").bounding_box()
        note_box = row.locator("div.note").first.bounding_box()
        assert note_box["x"] > text_box["x"] + text_box["width"] - 1
