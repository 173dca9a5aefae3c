"""The example page was ~23,000 px with 38 tables (24 A4 pages); an evaluation report's
survey appendix is 5–10 pages. The default (``detail="appendix"``) leaves the difference
tests, item statistics and screening detail to a technical annex, chosen by
``--detail full`` or the spec's ``report: {detail: full}``; the choice lives in the
Report structure, so the page, the fragments and any other renderer agree."""

from __future__ import annotations

import re
import subprocess

import pytest

from survey.cli import main
from survey.pipeline import run_analysis
from survey.report import build_report
from tests.conftest import EXAMPLE_SPEC
from tests.report.browser import chromium, visit

#: Words only the difference tests and the item table print.
TECHNICAL = ("Cramér", "Kruskal", "Holm", "ε²", "校正的项总计相关", "SHA-256")


def _texts(report) -> str:
    out = []
    for s in report.sections:
        out += [s.heading, *s.paragraphs()]
        out += [" ".join([t.caption, *t.columns, *(c for r in t.rows for c in r)])
                for t in s.tables()]
    return "\n".join(out)


class TestBuildReport:
    def test_default_is_the_appendix(self, example_results):
        """No annex; at most 20 tables; none of the technical words."""
        report = build_report(example_results)
        assert report.detail == "appendix"
        assert [s.id for s in report.sections][-1] == "data-quality"
        assert sum(len(s.tables()) for s in report.sections) <= 20
        text = _texts(report)
        assert [w for w in TECHNICAL if w in text] == []

    def test_full_adds_the_annex_after_the_same_sections(self, example_results):
        """detail='full': the appendix's sections unchanged, then 附：技术附件 with the tests."""
        short = build_report(example_results)
        full = build_report(example_results, detail="full")
        assert full.detail == "full"
        assert full.sections[:-2] == short.sections[:-1]
        assert full.sections[-2].tables() == short.sections[-1].tables() == ()
        annex = full.sections[-1]
        assert (annex.id, annex.number, annex.heading) == ("annex", "十、", "附：技术附件")
        captions = [t.caption for t in annex.tables()]
        assert "按“您所在的村（社区）”分组的差异检验" in captions
        assert "项目实施区域群众满意度量表题项统计" in captions
        assert "项目实施区域群众剔除的问卷" in captions
        numbers = [t.number for s in full.sections for t in s.tables()]
        assert numbers == [f"表 {i}" for i in range(1, len(numbers) + 1)]

    def test_spec_chooses_full(self, tmp_path):
        """report: {detail: full} in the spec gives the annex without an argument."""
        text = EXAMPLE_SPEC.read_text("utf-8").replace(
            "  language: zh-CN\n", "  language: zh-CN\n  detail: full\n")
        spec = EXAMPLE_SPEC.parent / f".detail-full-{tmp_path.name}.yaml"
        spec.write_text(text, encoding="utf-8")
        try:
            report = build_report(run_analysis(spec, generated_at="2026-11-21"))
        finally:
            spec.unlink()
        assert report.detail == "full" and report.sections[-1].id == "annex"


class TestCli:
    def test_detail_option_writes_the_annex_fragment(self, tmp_path, capsys):
        """--detail full writes annex-section.html; the default does not."""
        assert main(["run", str(EXAMPLE_SPEC), "--out", str(tmp_path / "a"),
                     "--generated-at", "2026-11-21"]) == 0
        assert main(["run", str(EXAMPLE_SPEC), "--out", str(tmp_path / "f"),
                     "--generated-at", "2026-11-21", "--detail", "full"]) == 0
        assert not (tmp_path / "a" / "annex-section.html").exists()
        assert "附：技术附件" in (tmp_path / "f" / "annex-section.html").read_text("utf-8")


@pytest.mark.browser
class TestPrinted:
    def test_default_appendix_prints_on_at_most_ten_a4_pages(self, example_outputs, tmp_path):
        """Chromium's print to A4: at most 10 pages (before: 24), full report more."""
        with chromium() as browser:
            seen = visit(browser, example_outputs["report"])
            seen.page.emulate_media(media="print")
            pdf = tmp_path / "report.pdf"
            seen.page.pdf(path=str(pdf), prefer_css_page_size=True)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                              check=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        assert 5 <= pages <= 10, pages
