"""Tables flattened to one cell per line read as the same table written with tabs.

A table copied from a PDF or a web page often arrives one cell per line. Each test writes
the same table both ways and expects the same findings (code, line of the cell, figures);
the texts that are not tables (sentences, lists, a single row) must not be read as one.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from survey.audit.flattened import flattened_tables, space_separated
from survey.audit.run import audit_text
from survey.audit.tables import Cell, Role, Table, column_role, frequency_as_count
from survey.audit.text import document_from_lines


def _findings(text: str) -> list[tuple[str, str]]:
    return sorted((f.code, f.severity) for f in audit_text(text).findings)


def _flatten(rows: list[list[str]], *, blank: bool = False) -> str:
    cells = [cell for row in rows for cell in row]
    return ("\n\n" if blank else "\n").join(cells)


def _tabbed(rows: list[list[str]]) -> str:
    return "\n".join("\t".join(row) for row in rows)


OPTIONS = [["选项", "人数", "比例"], ["非常满意", "120", "48.0%"], ["满意", "80", "32.0%"],
           ["一般", "30", "12.0%"], ["不满意", "20", "9.0%"], ["合计", "250", "100%"]]
INTRO = "本次共发放问卷260份，回收250份，有效问卷250份。\n表3 对服务态度的满意度\n"
OUTRO = "\n由上表可见，多数群众对服务态度表示满意。"


class TestFound:
    def test_option_table_rows_and_header(self) -> None:
        lines = (INTRO + _flatten(OPTIONS) + OUTRO).split("\n")
        [table] = flattened_tables(lines)
        assert [[lines[i] for i in row] for row in table.rows] == OPTIONS
        assert table.pads == (0,) * 6

    def test_blank_lines_between_cells(self) -> None:
        lines = (INTRO + _flatten(OPTIONS, blank=True) + OUTRO).split("\n")
        [table] = flattened_tables(lines)
        assert [[lines[i] for i in row] for row in table.rows] == OPTIONS

    def test_header_without_the_label_columns_cell(self) -> None:
        lines = ["表5 受访者年龄结构", "人数", "占比", "30岁以下", "45", "22.5%", "30-50岁", "95", "47.5%"]
        [table] = flattened_tables(lines)
        assert table.pads == (1, 0, 0)
        assert table.rows[0] == (1, 2)
        doc = document_from_lines(lines)
        assert "\t人数\t占比\n30岁以下\t45\t22.5%\n30-50岁\t95\t47.5%" in doc.flow

    def test_flow_keeps_every_cell_at_its_line(self) -> None:
        doc = document_from_lines((INTRO + _flatten(OPTIONS, blank=True) + OUTRO).split("\n"))
        start = doc.flow.index("不满意\t20\t9.0%")
        assert doc.line_of_flow(start) == 3 + 2 * 12   # 不满意, the 13th cell, a blank line after each
        assert doc.line_of_flow(start + len("不满意\t20\t")) == 3 + 2 * 14


    def test_group_names_before_their_first_rows(self) -> None:
        rows = [["基本特征", "样本分组", "频率", "百分比(%)"], ["性别", "男", "1348", "47.1"],
                ["女", "1516", "52.9"], ["婚姻状况", "已婚", "2526", "88.2"], ["未婚", "338", "11.8"]]
        lines = _flatten(rows, blank=True).split("\n")
        [table] = flattened_tables(lines)
        assert [[lines[i] for i in row] for row in table.rows] == rows
        assert table.pads == (0, 0, 1, 0, 1)
        assert "\n\t女\t1516\t52.9\n" in document_from_lines(lines).flow


    def test_wrapped_header_cells_empty_cells_and_questions(self) -> None:
        cells = ["总数55份", "满意", "比较", "满意", "基本", "满意",
                 "1.你对课程安排满意吗?", "92.7%", "7.3%", " ",
                 "2.你对食堂饭菜满意吗?", "81.8%", "16.4%", "1.8%"]
        lines = "\n\n".join(cells).split("\n")
        [table] = flattened_tables(lines)
        assert len(table.rows) == 3 and table.pads == (0, 0, 0)
        doc = document_from_lines(lines)
        assert doc.flow.startswith("总数55份\t满意\t比较满意\t基本满意\n1.你对课程安排满意吗?\t92.7%\t7.3%\t\n")
        assert doc.original(0, len(doc.text)).startswith("总数55份\t满意\t比较满意\t基本满意\n")

    def test_a_line_of_spaces_among_lines_is_no_cell(self) -> None:
        lines = ["选项", "人数", "比例", "满意", " ", "40", "80%", "不满意", "10", "20%"]
        [table] = flattened_tables(lines)
        assert table.rows[1] == (3, 5, 6)


class TestSameFindingsAsTabs:
    def test_wrong_share_in_an_option_table(self) -> None:
        flat = audit_text(INTRO + _flatten(OPTIONS) + OUTRO)
        tabs = audit_text(INTRO + _tabbed(OPTIONS) + OUTRO)
        assert sorted(f.code for f in flat.findings) == sorted(f.code for f in tabs.findings) \
            == ["percentage_impossible_for_n", "shares_do_not_sum"]
        impossible = next(f for f in flat.findings if f.code == "percentage_impossible_for_n")
        assert impossible.line == 3 + 12          # 不满意, the 13th cell, one cell per line
        assert impossible.excerpt == "不满意\t20\t9.0%"   # quoted as one row

    def test_fieldwork_table_with_blank_lines(self) -> None:
        rows = [["调查对象", "发放份数", "回收份数", "有效份数", "有效回收率"],
                ["服务对象", "300", "280", "270", "90.0%"], ["工作人员", "50", "52", "50", "100.0%"]]
        text = "表2 问卷发放回收情况\n\n" + _flatten(rows, blank=True) + "\n\n从表中可以看出回收情况良好。"
        report = audit_text(text)
        assert [f.code for f in report.findings] == ["returned_exceeds_issued"]
        assert report.findings[0].excerpt == "工作人员\t50\t52\t50\t100.0%"
        assert _findings(text) == _findings("表2 问卷发放回收情况\n" + _tabbed(rows) + "\n从表中可以看出回收情况良好。")

    def test_transposed_option_table(self) -> None:
        rows = [["选项", "非常满意", "满意", "一般", "不满意", "合计"],
                ["人数", "120", "80", "30", "20", "250"], ["比例", "48.0%", "32.0%", "12.0%", "8.0%", "100%"]]
        assert _findings(_tabbed(rows)) == _findings(_flatten(rows)) == []
        rows[2][4] = "9.0%"
        report = audit_text("表4 总体评价\n" + _flatten(rows))
        assert sorted(f.code for f in report.findings) == ["percentage_impossible_for_n", "shares_do_not_sum"]
        assert {f.excerpt for f in report.findings} == {"比例\t48.0%\t32.0%\t12.0%\t9.0%\t100%"}
        assert _findings(_tabbed(rows)) == _findings(_flatten(rows))


    def test_base_in_the_corner_cell(self) -> None:
        rows = [["总数55份", "满意", "比较满意", "基本满意"], ["1.课程安排", "92.7%", "7.3%", ""],
                ["2.食堂饭菜", "81.8%", "16.4%", "1.8%"]]
        assert _findings(_tabbed(rows)) == []
        rows[2][1], rows[2][2] = "81.9%", "16.3%"
        assert ("percentage_impossible_for_n", "error") in _findings(_tabbed(rows))
        rows[0][0] = "学生问卷"
        assert ("percentage_impossible_for_n", "error") not in _findings(_tabbed(rows))

    def test_group_names_and_frequency_as_counts(self) -> None:
        rows = [["基本特征", "样本分组", "频率", "百分比(%)"], ["性别", "男", "1348", "47.1"],
                ["", "女", "1516", "52.9"], ["婚姻状况", "已婚", "2526", "88.2"], ["", "未婚", "338", "11.8"]]
        assert _findings(_tabbed(rows)) == _findings(_flatten(_unmerged(rows))) == []
        rows[2][3] = "53.9"
        expected = [("rate_mismatch", "error"), ("shares_do_not_sum", "error")]
        assert _findings(_tabbed(rows)) == _findings(_flatten(_unmerged(rows), blank=True)) == expected


    def test_spss_frequency_table_with_its_valid_group(self) -> None:
        """SPSS writes 有效 before a frequency table's first row and leaves the header's
        two label cells empty; flattened, 有效 is the group's name, not a header cell (it
        was read as one, shifting every column: 120 and 130 were shares, 120% > 100%)."""
        rows = [["", "", "频率", "百分比", "有效百分比", "累积百分比"],
                ["有效", "男", "120", "48.0", "48.0", "48.0"], ["", "女", "130", "52.0", "52.0", "100.0"],
                ["", "合计", "250", "100.0", "100.0", " "]]
        flat = "表2 性别\n\n" + _flatten(_unmerged(rows), blank=True)
        assert _findings(_tabbed(rows)) == _findings(flat) == []
        rows[2][3] = "55.0"
        flat = "表2 性别\n\n" + _flatten(_unmerged(rows), blank=True)
        assert _findings(flat) == _findings(_tabbed(rows))
        assert ("shares_do_not_sum", "error") in _findings(flat)


    def test_row_labels_wrapped_over_two_lines(self) -> None:
        """A question too long for its cell wraps onto a second line in some rows; the
        caption gives the unit (%) and the corner cell the base: the same findings as the
        table written with tabs, each label whole."""
        header = ["总数55份", "满意", "比较满意", "基本满意", "不满意"]
        rows = [["1.你对学校人才培养的整体情况", "满意吗?", "92.7", "7.3", " ", " "],
                ["2.课程开设", "96.4", "3.6", " ", " "],
                ["3.你对学校的课外活动安排是否", "满意?", "85.5", "14.5", " ", " "]]
        tabbed = [header, *(["".join(r[:2]), *r[2:]] if len(r) == 6 else r for r in rows)]

        def flat(rows: list[list[str]]) -> str:
            return "表1 学生问卷（%）\n\n" + _flatten([header, *rows], blank=True) + "\n\n以上为结果。"

        assert _findings(flat(rows)) == _findings("表1 学生问卷（%）\n" + _tabbed(tabbed)) == []
        rows[2][3] = tabbed[3][2] = "12.5"
        expected = [("percentage_impossible_for_n", "error"), ("shares_do_not_sum", "error")]
        assert _findings(flat(rows)) == _findings("表1 学生问卷（%）\n" + _tabbed(tabbed)) == expected


def _unmerged(rows: list[list[str]]) -> list[list[str]]:
    """The rows as a copy shows a merged cell: the empty ones are not there at all."""
    return [[cell for cell in row if cell] for row in rows]


class TestSpaceSeparatedRows:
    ROWS = [["调查对象", "发放数量", "回收数量", "有效问卷", "有效回收率%"], ["城市教师", "48", "47", "45", "95。7"],
            ["农村教师", "36", "34", "31", "91。2"], ["合计", "84", "81", "76", "93。8"]]

    def _text(self, rows: list[list[str]], sep: str) -> str:
        return "表2 问卷发放与回收情况\n" + "\n".join(sep.join(r) for r in rows) + "\n以上为回收情况。"

    def test_read_as_with_tabs(self) -> None:
        assert _findings(self._text(self.ROWS, " ")) == _findings(self._text(self.ROWS, "\t")) == []
        assert len(audit_text(self._text(self.ROWS, " ")).claims) == 12

    def test_wrong_rows(self) -> None:
        rows = [list(r) for r in self.ROWS]
        rows[2][2] = "38"
        report = audit_text(self._text(rows, " "))
        assert sorted(f.code for f in report.findings) == ["rate_mismatch", "returned_exceeds_issued"]
        assert {f.line for f in report.findings} == {4}
        assert {f.excerpt for f in report.findings} == {"农村教师 36 38 31 91。2"}  # as written

    def test_full_width_stop_is_a_point_only_in_a_table(self) -> None:
        doc = document_from_lines(self._text(self.ROWS, " ").split("\n") + ["满意率为95。7月起开展回访。"])
        assert "城市教师\t48\t47\t45\t95.7" in doc.flow
        assert doc.flow.endswith("满意率为95。7月起开展回访。")

    def test_not_sentences(self) -> None:
        lines = ["调查 发现 以下 问题", "有 3 处 积水", "共 12 户 反映"]
        assert space_separated(lines) == []
        assert space_separated(["对象 人数 比例", "教师 40 80%", "其余为学生。"]) == []  # one row


class TestFrequencyColumn:
    @staticmethod
    def _roles(header: list[str], rows: list[list[str]]) -> list[Role]:
        cell = lambda t: Cell(t, 0, 0)  # noqa: E731
        table = Table(None, tuple(map(cell, header)),  # type: ignore[arg-type]
                      tuple(tuple(map(cell, r)) for r in rows), "")
        return frequency_as_count(table, [column_role(h) for h in header])

    def test_spss_frequency_is_the_count(self) -> None:
        roles = self._roles(["选项", "频率", "百分比"], [["男", "40", "80.0"], ["女", "10", "20.0"]])
        assert roles == [Role.LABEL, Role.COUNT, Role.SHARE]

    def test_whole_numbers_under_frequency_are_counts(self) -> None:
        assert self._roles(["选项", "频率"], [["男", "40"], ["女", "10"]]) == [Role.LABEL, Role.COUNT]

    def test_relative_frequency_stays_a_share(self) -> None:
        assert self._roles(["选项", "频率"], [["男", "80%"], ["女", "20%"]]) == [Role.LABEL, Role.SHARE]
        assert self._roles(["选项", "频数", "频率"], [["男", "40", "0.8"]]) == [Role.LABEL, Role.COUNT, Role.SHARE]


class TestNotTables:
    def test_tab_rows_keep_their_empty_last_cells(self) -> None:
        lines = ["题项\t满意\t一般\t不满意", "服务\t90%\t10%\t", "环境\t80%\t15%\t5%"]
        assert document_from_lines(lines).flow == "\n".join(lines)

    def test_sentences_and_lists(self) -> None:
        lines = ["一、基本情况", "本次调查共发放问卷300份。", "回收280份。", "1", "2",
                 "发放问卷", "300份", "回收问卷", "280份"]
        assert flattened_tables(lines) == []

    def test_one_row_is_not_a_table(self) -> None:
        assert flattened_tables(["选项", "人数", "比例", "满意", "40", "80%", "以上为调查结果。"]) == []

    def test_a_header_must_name_its_columns(self) -> None:
        assert flattened_tables(["甲", "乙", "张三", "40", "李四", "10"]) == []

    def test_rows_of_other_widths_end_the_table(self) -> None:
        lines = ["选项", "人数", "比例", "满意", "40", "80%", "不满意", "10", "20%", "其他", "5"]
        [table] = flattened_tables(lines)
        assert len(table.rows) == 3


@st.composite
def option_tables(draw: st.DrawFn) -> tuple[list[list[str]], bool]:
    """An option table whose shares are its counts over their sum, one share possibly wrong."""
    counts = draw(st.lists(st.integers(1, 400), min_size=2, max_size=6))
    n = sum(counts)
    names = ["非常满意", "满意", "一般", "不满意", "很不满意", "不了解"][:len(counts)]
    shares = [round(100 * c / n, 1) for c in counts]
    wrong = draw(st.booleans())
    if wrong:
        shares[0] = round(shares[0] + 7.3, 1)
    rows = [["选项", "人数", "比例"]] + [[name, str(c), f"{s:.1f}%"]
                                        for name, c, s in zip(names, counts, shares, strict=True)]
    return rows + [["合计", str(n), "100%"]], wrong


@settings(max_examples=60, deadline=None)
@given(option_tables(), st.sampled_from(["one per line", "blank lines between", "spaces"]))
def test_flattened_reads_as_tabs(table: tuple[list[list[str]], bool], layout: str) -> None:
    rows, wrong = table
    if layout == "spaces":
        text = "\n".join(" ".join(row) for row in rows)
    else:
        text = _flatten(rows, blank=layout == "blank lines between")
    found = _findings("表1 满意度\n" + text)
    assert found == _findings("表1 满意度\n" + _tabbed(rows))
    assert any(severity == "error" for _, severity in found) == wrong


class TestBorderLines:
    """A web table copied one cell per line, a line holding only | between the cells."""

    @staticmethod
    def lines(rate: str) -> list[str]:
        out = ["表一 各学院学生评教参评率统计表"]
        for row in (["学院", "需评价人数", "已评价人数", "参评率"], ["文学院", "820", "812", "99%"],
                    ["美术学院", "286", "270", rate]):
            out.append("  |  ")
            for cell in row:
                out += [f"    {cell}", "  |  "]
        return out

    def test_read_as_a_table(self):
        """270 ÷ 286 = 94.41%."""
        from survey.audit.run import audit_text

        audit = audit_text(self.lines("94%"))
        assert [(c.kind.value, c.text) for c in audit.claims] == [
            ("issued", "820"), ("returned", "812"), ("return_rate", "99"),
            ("issued", "286"), ("returned", "270"), ("return_rate", "94")]
        assert audit.findings == ()
        assert [f.code for f in audit_text(self.lines("97%")).errors] == ["rate_mismatch"]
