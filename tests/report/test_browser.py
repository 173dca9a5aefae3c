"""The report and its fragments in headless Chromium: drawn, offline, error-free.

Each test loads a written file and asserts no console or page errors, no request other
than the local files it names, an SVG in every plot div, and every table of the model.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from survey.report import build_report
from tests.report.browser import chromium, visit
from tests.report.conftest import SCRIPT_ANSWER

pytestmark = pytest.mark.browser

HOST_BEFORE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>绩效评价报告（宿主页面）</title>
{head}
<style>body {{ font-family: serif; margin: 40px; }} table.host {{ border: 0; }}</style>
</head><body>
<h1>评价报告正文</h1>
<table class="host"><tr><td>宿主页面自己的表格</td></tr></table>
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium for the module."""
    with chromium() as b:
        yield b


def _drawn(page: Any) -> tuple[int, int]:
    """(plot divs, plot divs holding plotly's SVG)."""
    return page.eval_on_selector_all(
        ".sr-plot", "els => [els.length, els.filter(e => e.querySelector('svg.main-svg')).length]")


def _host(outputs: dict[str, Path], report: Any, name: str, *, plotly_last: bool) -> Path:
    """A host page with every fragment and plotly.js loaded once (in <head> or at the end)."""
    script = '<script src="plotly-basic.min.js"></script>'
    parts = [HOST_BEFORE.format(head="" if plotly_last else script)]
    parts += [outputs[s.id].read_text("utf-8") for s in report.sections]
    parts.append((script if plotly_last else "") + "\n</body></html>\n")
    path = outputs["report"].parent / name
    path.write_text("".join(parts), encoding="utf-8")
    return path


class TestReportPage:
    def test_page_draws_every_chart_offline_without_errors(self, browser, example_outputs,
                                                           example_report):
        """No errors, the page is its only request, every plot has its SVG, all tables there."""
        seen = visit(browser, example_outputs["report"])
        page = seen.page
        assert seen.errors == []
        assert seen.requests == [example_outputs["report"].resolve().as_uri()]
        plots, drawn = _drawn(page)
        charts = sum(len(s.charts()) for s in example_report.sections)
        assert plots == drawn == charts
        tables = sum(len(s.tables()) for s in example_report.sections)
        assert page.locator("table").count() == tables
        assert page.locator("footer.sr-provenance").count() == 1  # stated once per page
        assert page.locator("p.sr-source").count() == 0  # the fragments carry theirs
        page.close()

    def test_plotly_speaks_chinese(self, browser, example_outputs):
        """The mode bar's download button has plotly's zh-CN title."""
        seen = visit(browser, example_outputs["report"])
        title = seen.page.eval_on_selector(".modebar-btn", "b => b.getAttribute('data-title')")
        assert title == "下载图表为PNG格式"
        seen.page.close()

    def test_prints_on_a4(self, browser, example_outputs):
        """A PDF on A4, every chart narrower than the printable width (180 mm ≈ 680 px)."""
        seen = visit(browser, example_outputs["report"])
        page = seen.page
        page.emulate_media(media="print")
        widest = page.eval_on_selector_all(
            ".sr-plot svg.main-svg",
            "els => Math.max(...els.map(e => e.getBoundingClientRect().width))")
        assert widest <= 680
        pdf = page.pdf(prefer_css_page_size=True)
        assert pdf.startswith(b"%PDF")
        boxes = {tuple(float(v) for v in m) for m in
                 re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)}
        assert boxes and all(abs(w - 595.3) < 1 and abs(h - 841.9) < 1 for w, h in boxes)
        assert seen.errors == []
        page.close()

    def test_script_in_an_answer_is_shown_not_run(self, browser, service_results, tmp_path):
        """The planted <script> reads as text; no dialog opens, nothing fails."""
        from survey.pipeline import write_outputs

        written = write_outputs(service_results, tmp_path)
        seen = visit(browser, written["report"])
        assert seen.errors == [] and seen.dialogs == []
        assert SCRIPT_ANSWER in seen.page.inner_text("body")
        plots, drawn = _drawn(seen.page)
        assert plots == drawn > 0
        seen.page.close()


class TestFragmentsInAHostPage:
    @pytest.mark.parametrize("plotly_last", [False, True], ids=["plotly-in-head", "plotly-last"])
    def test_fragments_draw_in_a_host_page(self, browser, example_outputs, example_results,
                                           plotly_last):
        """All fragments on one page, plotly.js loaded once: every chart and table there."""
        report = build_report(example_results)
        host = _host(example_outputs, report, f"host-{plotly_last}.html", plotly_last=plotly_last)
        seen = visit(browser, host)
        page = seen.page
        assert seen.errors == []
        folder = host.parent.resolve()
        assert sorted(seen.requests) == sorted(
            [host.resolve().as_uri(), (folder / "plotly-basic.min.js").as_uri()])
        plots, drawn = _drawn(page)
        assert plots == drawn == sum(len(s.charts()) for s in report.sections)
        assert page.locator(".survey-report table").count() == \
            sum(len(s.tables()) for s in report.sections)
        border = page.eval_on_selector("table.host", "t => getComputedStyle(t).borderTopWidth")
        assert border == "0px"  # the fragments' CSS leaves the host's own tables alone
        page.close()
