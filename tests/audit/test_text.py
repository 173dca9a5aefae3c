"""Reading reports: normalisation, joined lines, positions, and the four file formats."""

from __future__ import annotations

import pytest

from survey.audit.text import close_letter_spacing, document_from_lines, normalise, read_document
from survey.errors import MissingFileError, ReportFileError


class TestNormalise:
    def test_full_width_digits_and_percent(self):
        """０-９, ％ and ． become ASCII."""
        assert normalise("回收率９６．６７％") == "回收率96.67%"

    def test_traditional_to_simplified(self):
        """問卷發放數量 reads as 问卷发放数量."""
        assert normalise("問卷發放數量") == "问卷发放数量"

    def test_chinese_comma_kept(self):
        """30，46 stays two numbers."""
        assert normalise("30，46") == "30，46"

    def test_simplified_words_untouched(self):
        """显著 and 覆盖 are already simplified and stay as they are."""
        assert normalise("显著性水平，覆盖率") == "显著性水平，覆盖率"

    def test_same_length(self):
        """One character for one: positions carry over."""
        raw = "（ｎ＝４６）問卷"
        assert len(normalise(raw)) == len(raw)


class TestDocumentFromLines:
    def test_markdown_paragraph_joined(self):
        """A number split over two Markdown lines reads whole."""
        doc = document_from_lines(["回收有效问卷 4", "6 份。"], kind="md")
        assert doc.flow == "回收有效问卷 46 份。"

    def test_wrapped_text_joined_short_lines_not(self):
        """pdftotext-style wrapped lines join; a column of short cells does not."""
        long = "本次评价共向项目区群众发放调查问卷三百二十份，问卷由调查员入户发放并当场"
        doc = document_from_lines([long, "回收，回收率较高。", "", "发放", "30", "回收", "28"])
        assert "当场回收" in doc.flow
        assert "发放\n30\n回收\n28" in doc.flow

    def test_table_rows_are_one_block(self):
        """Consecutive table rows form one block."""
        doc = document_from_lines(["前言。", "| a | b |", "| 1 | 2 |", "后记。"], kind="md")
        assert [b.is_table for b in doc.blocks] == [False, True, False]

    def test_positions_map_back_to_lines(self):
        """A flow position maps to the line it came from."""
        doc = document_from_lines(["第一行。", "回收有效问卷 4", "6 份。"], kind="md")
        pos = doc.flow.index("6 份")
        assert doc.line_of_flow(pos) == 3

    def test_headings_recognised(self):
        """Markdown and numbered Chinese headings are headings."""
        doc = document_from_lines(["# 标题", "一、项目概况", "正文。"], kind="md")
        assert doc.headings == {0, 1}


class TestReadDocument:
    def test_utf8_and_gbk_text(self, tmp_path):
        """UTF-8 (with BOM) and GBK files read the same."""
        text = "发放问卷 30 份，回收 28 份。"
        (tmp_path / "a.txt").write_bytes(("\ufeff" + text).encode("utf-8"))
        (tmp_path / "b.txt").write_bytes(text.encode("gbk"))
        assert read_document(tmp_path / "a.txt").flow == read_document(tmp_path / "b.txt").flow == text

    def test_html_paragraphs_tables_headings(self, tmp_path):
        """HTML: paragraphs are lines, rows are | cells |, scripts are dropped, headings kept."""
        page = ("<html><head><style>p{}</style><script>var x=1;</script></head><body>"
                "<h2>三、问卷回收</h2><p>发放问卷\n  30 份。</p>"
                "<table><tr><th>发放</th><th>回收</th></tr><tr><td>30</td><td>28</td></tr></table>"
                "<p>完。</p></body></html>")
        path = tmp_path / "r.html"
        path.write_text(page, encoding="utf-8")
        doc = read_document(path)
        assert doc.lines[:4] == ("三、问卷回收", "发放问卷 30 份。", "| 发放 | 回收 |", "| 30 | 28 |")
        assert 0 in doc.headings and "var x" not in doc.text

    def test_docx_paragraphs_and_tables_in_order(self, tmp_path):
        """Word: paragraphs and table rows in body order; heading styles are headings."""
        import docx

        d = docx.Document()
        d.add_heading("二、问卷发放", level=1)
        d.add_paragraph("本次发放问卷 30 份。")
        table = d.add_table(rows=2, cols=2)
        for r, row in enumerate((("发放", "回收"), ("30", "28"))):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        d.add_paragraph("以上。")
        path = tmp_path / "r.docx"
        d.save(path)
        doc = read_document(path)
        assert doc.lines[:4] == ("二、问卷发放", "本次发放问卷 30 份。", "| 发放 | 回收 |", "| 30 | 28 |")
        assert 0 in doc.headings

    def test_missing_file(self, tmp_path):
        """A missing report is a MissingFileError naming it."""
        with pytest.raises(MissingFileError, match="nope.md"):
            read_document(tmp_path / "nope.md")

    def test_unsupported_format(self, tmp_path):
        """A PDF is refused with a hint to convert it."""
        path = tmp_path / "r.pdf"
        path.write_bytes(b"%PDF-1.4")
        with pytest.raises(ReportFileError, match="pdftotext") as info:
            read_document(path)
        assert info.value.code == "unsupported_report_format"

    def test_broken_docx(self, tmp_path):
        """A .docx that is not a Word file is a ReportFileError."""
        path = tmp_path / "r.docx"
        path.write_text("not a zip", encoding="utf-8")
        with pytest.raises(ReportFileError, match="r.docx"):
            read_document(path)


@pytest.mark.parametrize(("written", "read"), [
    ("回 收 376 份", "回收 376 份"),
    ("经审核有 效 问 卷 291 份", "经审核有效问卷 291 份"),
    ("有 效 回 收 率 为 97.5%", "有效回收率为 97.5%"),
    ("满意 不满意 一般", "满意 不满意 一般"),       # words, not letters: kept apart
    ("有效问卷 390 份", "有效问卷 390 份"),
    ("共 3 项，占 52%", "共 3 项，占 52%"),         # no two Chinese characters meet
    ("回  收", "回  收"),                          # two spaces: a column gap, not letter spacing
])
def test_letter_spacing_closed(written, read) -> None:
    assert close_letter_spacing(written, list(range(len(written))))[0] == read


def test_letter_spaced_words_keep_their_positions() -> None:
    """The flow loses the spaces; every character still maps to where it was written, so a
    finding quotes and numbers the line as the reader sees it."""
    doc = document_from_lines(["三、调查实施", "回 收 问 卷 286 份，有 效 问 卷 291 份。"])
    assert "回收问卷 286 份，有效问卷 291 份。" in doc.flow
    at = doc.flow.index("291")
    start, end = doc.text_span(at, at + 3)
    assert doc.text[start:end] == "291"
    assert doc.line_of(start) == 2
