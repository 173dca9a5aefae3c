"""The printable questionnaire: its structure, its HTML, and the PDF Chromium prints."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from survey.forms.questionnaire import build_printed_form, render_questionnaire


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = False

    def handle_starttag(self, tag, attrs):
        self._skip = tag in ("style", "script")

    def handle_endtag(self, tag):
        self._skip = False

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", "", "".join(parser.parts))


class TestBuildPrintedForm:
    def test_numbers_run_through_the_sections(self, instruments):
        """Questions are numbered 1 … N across sections, as Instrument.number_of counts."""
        form = build_printed_form(instruments["residents"])
        numbers = [q.number for s in form.sections for q in s.questions]
        assert numbers == list(range(1, 10))
        assert [s.heading for s in form.sections] == ["一、基本情况", "二、项目知晓情况", "三、满意度评价"]

    def test_skip_instruction_is_written_out(self, instruments):
        """Question 8 carries the routing sentence in words."""
        form = build_printed_form(instruments["residents"])
        q8 = form.sections[2].questions[1]
        assert q8.skip == "若第 7 题任一项选择“不满意”或“非常不满意”，请回答第 8 题；否则请跳过本题。"

    def test_matrix_grid(self, instruments):
        """The service matrix: the 3-level scale and 不了解 as columns, items as rows."""
        matrix = build_printed_form(instruments["service"]).sections[2].questions[0]
        assert matrix.kind == "matrix"
        assert matrix.header == ("满意", "基本满意", "不满意", "不了解")
        assert matrix.excluded_from == 3
        assert matrix.rows[0] == ("（1）", "服务人员的态度")

    def test_hints_by_type(self, instruments):
        """Type hints say how to answer; one the question text already says is not repeated."""
        questions = {q.number: q for s in build_printed_form(instruments["service"]).sections
                     for q in s.questions}
        assert questions[1].hint == "（单选）"
        assert questions[2].hint == "（请填写 60–110 之间的整数）" and questions[2].unit == "岁"
        assert questions[4].hint == ""  # the text says （可多选）
        assert questions[10].hint == "（请在方框内填写序号 1–3，1 表示最重要）"
        assert questions[11].hint.endswith("（选填）")

    def test_option_columns(self, instruments):
        """Short options share a line; columns are balanced."""
        questions = {q.number: q for s in build_printed_form(instruments["residents"]).sections
                     for q in s.questions}
        assert questions[1].columns == 5  # five villages on one line
        assert questions[8].columns == 3  # six reasons in two rows of three

    def test_english(self, instruments):
        """The English form uses the English labels and cover letter."""
        form = build_printed_form(instruments["service"], "en")
        assert form.sections[0].heading == "Part 1. About you"
        assert form.letter[0].startswith("Jiangchuan Performance Evaluation Consulting Co., Ltd. "
                                         "is carrying out a performance evaluation")


class TestRenderQuestionnaire:
    def test_contains_every_part(self, instruments):
        """Title, letter, every question and option, the closing and the interviewer block."""
        html = render_questionnaire(instruments["service"])
        text = _text(html)
        for expected in ("青岚县居家和社区养老服务项目服务对象满意度调查问卷", "尊敬的受访者：",
                         "受青岚县财政局委托", "填写问卷大约需要8分钟", "问卷编号",
                         "12.您对养老服务还有哪些意见或建议？", "（请注明：", "不了解",
                         "问卷到此结束。感谢您的支持与配合！", "调查员：", "2026年10月"):
            assert expected in text, expected
        assert html.count('class="box"') == (2 + 4 + 6 + 4) + 6 * 4 + 2 * 5 + 11 + 6

    def test_escapes_text(self, instruments):
        """Definition text is escaped, never markup."""
        instrument = instruments["staff"].model_copy(update={"title": "<b>x</b>"})
        assert "&lt;b&gt;x&lt;/b&gt;" in render_questionnaire(instrument)

    def test_a4_print_css_inlined(self, instruments):
        """The stylesheet is inlined with the A4 page and the page counter."""
        html = render_questionnaire(instruments["staff"])
        assert "size: A4" in html and 'content: "第 " counter(page) " 页 共 " counter(pages) " 页"' in html


def _print_pdf(html_path, tmp_path):
    pdf = tmp_path / "questionnaire.pdf"
    subprocess.run([
        "/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}", html_path.as_uri(),
    ], check=True, capture_output=True, timeout=180)
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout).group(1))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return pages, text


@pytest.mark.browser
class TestPrintedPdf:
    @pytest.mark.parametrize(("name", "pages"), [("residents", 2), ("staff", 1), ("service", 2)])
    def test_page_count_and_text(self, built, name, pages, tmp_path):
        """Chromium prints each questionnaire on A4 with numbered pages and every question."""
        assert shutil.which("pdftotext"), "poppler-utils is needed (make browser)"
        got_pages, text = _print_pdf(built[name] / "questionnaire.html", tmp_path)
        assert got_pages == pages
        flat = re.sub(r"\s+", "", text)
        assert f"第1页共{pages}页" in flat and f"第{pages}页共{pages}页" in flat
        assert "问卷到此结束" in flat

    def test_service_text_in_order(self, built, tmp_path):
        """The service form's skip instruction and question order survive into the PDF."""
        _, text = _print_pdf(built["service"] / "questionnaire.html", tmp_path)
        flat = re.sub(r"\s+", "", text)
        assert "若第6题任一项选择“不满意”，请回答第9题；否则请跳过本题。" in flat
        positions = [flat.index(q) for q in ("1.您的性别", "5.您接受上门服务的频次",
                                             "9.您不满意的主要原因", "12.您对养老服务")]
        assert positions == sorted(positions)
        for label in ("满意", "基本满意", "不了解", "非常不满意", "（请注明：", "增加服务项目"):
            assert label in flat
