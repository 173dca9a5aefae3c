"""The rendered HTML: self-contained page, embeddable fragments, escaping, determinism."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from survey.report import build_report, plotly_js, render_page, render_section
from tests.report.conftest import PHONE, SCRIPT_ANSWER

MB = 1024 * 1024
BANNER = "plotly.js (basic - minified) v"


def _css_selectors(html: str) -> list[str]:
    """Every selector of every rule in the <style> elements (at-rules' inner rules too)."""
    selectors = []
    for css in re.findall(r"<style>(.*?)</style>", html, flags=re.S):
        css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
        for head in re.findall(r"([^{}]+)\{", css):
            head = head.strip()
            if head.startswith("@"):
                continue
            selectors += [s.strip() for s in head.split(",") if s.strip()]
    return selectors


class TestRenderPage:
    def test_page_inlines_plotly_once_and_stays_under_2_mb(self, example_outputs):
        """One copy of the partial bundle; the whole page within 2 MB."""
        html = example_outputs["report"].read_text("utf-8")
        assert html.count(BANNER) == 1
        assert len(html.encode("utf-8")) <= 2 * MB

    def test_page_loads_nothing_from_elsewhere(self, example_outputs):
        """No element with src=, every href= an anchor in the page, no url() or @import in CSS."""
        html = example_outputs["report"].read_text("utf-8")
        markup = re.sub(r"<script\b[^>]*>.*?</script>", "<script></script>", html, flags=re.S)
        tags = re.findall(r"<[a-zA-Z][^>]*>", markup)
        assert not [t for t in tags if re.search(r"\ssrc\s*=", t)]
        hrefs = [h for t in tags for h in re.findall(r'\shref="([^"]*)"', t)]
        assert hrefs and all(h.startswith("#") for h in hrefs)
        css = "".join(re.findall(r"<style>(.*?)</style>", html, flags=re.S))
        assert "@import" not in css and "url(" not in css

    def test_page_sets_a4_print_rules_and_cjk_fonts(self, example_outputs):
        """@page A4 and a CJK-first font stack."""
        html = example_outputs["report"].read_text("utf-8")
        assert "@page { size: A4;" in html
        assert '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC"' in html

    def test_same_inputs_give_byte_identical_files(self, example_results, example_outputs,
                                                   tmp_path: Path):
        """A second run writes the very same bytes for every output."""
        from survey.pipeline import write_outputs

        again = write_outputs(example_results, tmp_path)
        assert set(again) == set(example_outputs)
        for role, path in example_outputs.items():
            assert again[role].read_bytes() == path.read_bytes(), role

    def test_free_text_is_escaped(self, service_results):
        """A <script> in an open answer is printed, not run."""
        html = render_page(build_report(service_results))
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;服务很好" in html
        assert SCRIPT_ANSWER not in html

    def test_no_personal_data_in_any_output(self, service_results, tmp_path: Path):
        """Neither the phone number written in an open answer nor the 联系电话 column's
        numbers appear in any written file."""
        from survey.pipeline import write_outputs

        written = write_outputs(service_results, tmp_path)
        assert {"report", "docx", "xlsx"} <= set(written)
        for path in written.values():
            text = _all_text(path.read_bytes())
            assert PHONE not in text, path.name
            assert "13900000001" not in text and "13900000039" not in text, path.name


def _all_text(data: bytes) -> str:
    """A text file's text, or every part of a zip package (.docx, .xlsx and the workbooks
    inside a .docx) decoded."""
    if not data.startswith(b"PK"):
        return data.decode("utf-8")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return "".join(_all_text(package.read(name)) if name.endswith(".xlsx")
                       else package.read(name).decode("utf-8", "replace")
                       for name in package.namelist())


class TestRenderSection:
    def test_writes_one_fragment_per_section(self, example_outputs, example_report):
        """satisfaction-section.html and <section>-section.html for every other section."""
        assert example_outputs["satisfaction"].name == "satisfaction-section.html"
        for section in example_report.sections:
            assert example_outputs[section.id].name == f"{section.id}-section.html"

    def test_fragment_has_no_page_chrome_and_no_plotly(self, example_outputs, example_report):
        """No <html>/<head>/<body>, no plotly.js bundle; within 200 KB."""
        for section in example_report.sections:
            html = example_outputs[section.id].read_text("utf-8")
            assert not re.search(r"<\s*/?\s*(html|head|body)\b", html, flags=re.I)
            assert BANNER not in html
            assert len(html.encode("utf-8")) <= 200 * 1024

    def test_fragment_css_is_scoped_under_one_class(self, example_report):
        """Every CSS rule of a fragment starts with .survey-report."""
        html = render_section(example_report, example_report.section("satisfaction"))
        selectors = _css_selectors(html)
        assert len(selectors) > 40
        assert all(s.startswith(".survey-report") for s in selectors), \
            [s for s in selectors if not s.startswith(".survey-report")]

    def test_fragments_share_no_ids(self, example_report):
        """Every id in all fragments together is unique and starts with the report prefix."""
        ids = []
        for section in example_report.sections:
            ids += re.findall(r'\sid="([^"]+)"', render_section(example_report, section))
        assert len(ids) == len(set(ids))
        assert all(i.startswith(example_report.id_prefix) for i in ids)

    def test_different_reports_have_different_prefixes(self, example_report, service_results):
        """Fragments of two reports can sit on one page."""
        assert build_report(service_results).id_prefix != example_report.id_prefix


class TestPlotlyJs:
    def test_is_the_vendored_partial_bundle(self):
        """Far smaller than plotly.py's full bundle, and it has bar traces."""
        js = plotly_js()
        assert BANNER in js[:200]
        assert 0.5 * MB < len(js.encode("utf-8")) < 1.5 * MB


class TestChartJson:
    def test_each_chart_is_drawn_once_for_the_page_and_its_fragment(self, example_report,
                                                                    monkeypatch):
        """The page and the fragments carry the same figure JSON, the figure made once per
        chart."""
        import survey.report.html as html_module

        made = []
        figure = html_module.figure
        monkeypatch.setattr(html_module, "figure",
                            lambda chart, lang: made.append(chart.id) or figure(chart, lang))
        html_module._chart_json.cache_clear()
        page = render_page(example_report)
        fragments = "".join(render_section(example_report, s) for s in example_report.sections)
        scripts = re.compile(r'<script type="application/json" id="([^"]+)-data">(.*?)</script>',
                             flags=re.S)
        assert dict(scripts.findall(page)) == dict(scripts.findall(fragments))
        assert made and sorted(made) == sorted(set(made))

    def test_a_chart_built_with_lists_is_still_drawn(self, example_report):
        """Fields given as lists (unhashable) are drawn without the cache, to the same JSON."""
        import dataclasses

        import survey.report.html as html_module

        chart = next(b for s in example_report.sections for b in s.blocks
                     if getattr(b, "kind", "") == "chart")
        listed = dataclasses.replace(chart, categories=list(chart.categories))
        assert html_module._figure_json(listed, example_report) == \
            html_module._figure_json(chart, example_report)
