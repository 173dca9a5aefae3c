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
