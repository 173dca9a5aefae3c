"""Table headers broke mid-word ("题目/数", "是否达到目/标", "项目实施区域群/众"), and a
caption could be left at the foot of a printed page with its table on the next. Headers
break only between words (a space or a bracket), at 1280 px and on a phone, and no printed
page ends with a table's caption."""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.report.browser import chromium, visit

pytestmark = pytest.mark.browser

#: For each header cell, the places its text wraps that are not at a space or bracket.
MID_WORD_BREAKS = r"""() => {
  const out = [];
  for (const th of document.querySelectorAll('th')) {
    const node = th.firstChild;
    if (!node || node.nodeType !== 3) continue;
    const t = node.textContent;
    let prev = null;
    for (let i = 0; i < t.length; i++) {
      const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
      const rect = r.getClientRects()[0];
      if (!rect) continue;
      if (prev !== null && rect.top > prev + 2
          && !(/[\s（(、/，]/.test(t[i]) || /[\s）)、/，]/.test(t[i - 1])))
        out.push(t.slice(0, i) + '|' + t.slice(i));
      prev = rect.top;
    }
  }
  return out;
}"""


class TestScreen:
    @pytest.mark.parametrize("width", [1280, 390])
    def test_headers_break_only_between_words(self, example_outputs, width):
        """No header of the example report wraps inside a word."""
        with chromium() as browser:
            seen = visit(browser, example_outputs["report"], width=width)
            assert seen.page.evaluate(MID_WORD_BREAKS) == []


WIDE_SCALE = ["完全没有效果", "基本没有效果", "效果较差", "说不上好坏", "效果较好", "效果很好",
              "效果非常显著", "不了解情况"]


def _wide_report(tmp_path):
    """A matrix on an 8-option scale with long labels: an 11-column table."""
    from survey.pipeline import run_analysis, write_outputs
    from tests.issues.conftest import write_analysis

    options = ", ".join(f"[{i}, '{label}']" for i, label in enumerate(WIDE_SCALE, start=1))
    instrument = f"""id: t
title: 测试问卷
group: {{id: g, name: 受访群众}}
scales:
  custom: {{options: [{options}], satisfied: [6, 7], excluded: [8]}}
sections:
  - id: s1
    title: 评价
    questions:
      - id: q_sat
        type: likert_matrix
        text: 请评价
        scale: custom
        items:
          - {{id: sat_1, text: 项目实施区域道路硬化与排水设施改善情况}}
          - {{id: sat_2, text: 乙}}
"""
    rows = [{"respondent_id": f"R{i}", "sat_1": 1 + i % 8, "sat_2": 1 + (i * 3) % 8}
            for i in range(64)]
    spec = write_analysis(tmp_path, instrument, rows)
    return write_outputs(run_analysis(spec, generated_at="2026-11-21"), tmp_path / "out")


class TestWideTable:
    def test_whole_table_visible_at_1280(self, tmp_path):
        """The 11-column table is not cut off (no horizontal scroll) in a 1280 px window,
        and stays inside the window."""
        written = _wide_report(tmp_path)
        with chromium() as browser:
            page = visit(browser, written["report"], width=1280).page
            hidden = page.evaluate("""() => [...document.querySelectorAll('.sr-table-wrap')]
                .filter(w => w.scrollWidth > w.clientWidth + 1).length""")
            widest = page.evaluate("""() => Math.max(...[...document.querySelectorAll('table')]
                .map(t => t.getBoundingClientRect().right))""")
            assert page.locator("figure.sr-wide").count() >= 1
        assert hidden == 0
        assert widest <= 1280


class TestPrint:
    def test_no_page_ends_with_a_table_caption(self, example_outputs, tmp_path):
        """Chromium's A4 print: the last lines of every page hold no '表 n' caption."""
        with chromium() as browser:
            seen = visit(browser, example_outputs["report"])
            seen.page.emulate_media(media="print")
            pdf = tmp_path / "report.pdf"
            seen.page.pdf(path=str(pdf), prefer_css_page_size=True)
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        pages = text.split("\f")
        assert len(pages) > 3
        for page in pages:
            tail = [line for line in page.splitlines() if line.strip()][-2:]
            assert not [line for line in tail if re.match(r"\s*表 \d+\s", line)], tail
