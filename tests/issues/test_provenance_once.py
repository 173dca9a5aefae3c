"""The same 数据来源与口径 box was repeated after each of the 9 sections. The page states it
once; each fragment carries a compact source line instead."""

from __future__ import annotations

from survey.report import build_report, render_page, render_section


class TestRenderPage:
    def test_box_once_in_the_page(self, example_results):
        """One 数据来源与口径 footer, no per-section source line."""
        html = render_page(build_report(example_results))
        assert html.count("数据来源与口径") == 1
        assert html.count('class="sr-provenance"') == 1
        assert 'class="sr-source"' not in html


class TestRenderSection:
    def test_each_fragment_has_its_compact_line(self, example_results):
        """Every fragment: its one source line with n and date, and no full box."""
        report = build_report(example_results)
        for section in report.sections:
            html = render_section(report, section)
            assert html.count('class="sr-source"') == 1
            assert "数据来源：有效问卷（项目实施区域群众 300 份；单位人员 46 份）" in html
            assert "2026-11-21" in html
            assert "sr-provenance\"" not in html
