"""report.docx and the section documents, read back with python-docx and lxml.

The numbers are checked against results.json (not against the renderer's own input), the
charts against the table printed beside them, and the layout against the conventions the
module promises (A4, East Asian fonts, three-line tables, repeated headers, captions).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml import etree

from survey.report.word import render_docx, render_section_docx
from survey.report.word_charts import C_NS
from survey.rounding import format_number, format_percent, round_half_up

C = {"c": C_NS}
_COUNT_SHARE = re.compile(r"^(\d+)（(\d+\.\d+%)）$")


def _cells(table) -> list[list[str]]:
    """Cell texts; a count and its share printed on two lines read as one text."""
    return [[cell.text.replace("\n（", "（") for cell in row.cells] for row in table.rows]


def _charts(path: Path) -> list[etree._Element]:
    """The chart parts of a .docx in the order the document shows them."""
    document = docx.Document(str(path))
    body = document.element.body
    rels = document.part.rels
    roots = []
    for chart in body.iter("{http://schemas.openxmlformats.org/drawingml/2006/chart}chart"):
        part = rels[chart.get(qn("r:id"))].target_part
        roots.append(etree.fromstring(part.blob))
    return roots


def _numbers_in_results(path: Path) -> set[str]:
    """Every way the report may print a number of results.json: integers, and each float
    with 0–3 decimals and as a percentage with 0–2 decimals (half-up)."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, int):
            found.add(str(value))
        elif isinstance(value, float):
            found.update(format_number(value, d, strip=False) for d in range(4))
            found.update(format_percent(value, d) for d in range(3))
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(json.loads(path.read_text(encoding="utf-8")))
    return found


class TestTables:
    def test_every_table_of_the_report_in_order(self, example_outputs, example_report):
        """The document holds exactly the report's tables (those beside charts included),
        header and cells as the report prints them."""
        document = docx.Document(str(example_outputs["docx"]))
        expected = [t for s in example_report.sections for t in s.tables()]
        assert len(document.tables) == len(expected) == 19
        for grid, table in zip(document.tables, expected, strict=True):
            assert _cells(grid) == [list(table.columns), *map(list, table.rows)]

    def test_every_number_is_one_of_results_json(self, example_outputs, example_report):
        """Each number in a numeric cell is a figure of results.json as the report rounds it.
        Two kinds are derived and checked by the tests below: cells printing a count and
        its share (the answer distribution of rating items) and the fieldwork total row."""
        known = _numbers_in_results(example_outputs["results"])
        document = docx.Document(str(example_outputs["docx"]))
        expected = [t for s in example_report.sections for t in s.tables()]
        unknown, checked = [], 0
        for grid, table in zip(document.tables, expected, strict=True):
            for i, row in enumerate(_cells(grid)[1:]):
                if table.number == "表 3" and i in table.total_rows:
                    continue
                for j, cell in enumerate(row):
                    if not table.numeric[j] or _COUNT_SHARE.match(cell):
                        continue
                    for token in re.findall(r"\d+(?:\.\d+)?%?", cell):
                        checked += 1
                        if token not in known:
                            unknown.append((table.number, table.columns[j], cell, token))
        assert checked > 200
        assert unknown == [], "\n".join(map(str, unknown))

    def test_answer_distributions_agree_with_results_json(self, example_outputs):
        """Rating items' answer counts add up to results.json's n, the top two to its
        n_satisfied, each share is count ÷ n, and 满意率 is results.json's value."""
        data = json.loads(example_outputs["results"].read_text(encoding="utf-8"))
        rows = {(r["label"], r["n"]): r for r in data["satisfaction"] if r["item"]}
        document = docx.Document(str(example_outputs["docx"]))
        checked = 0
        for grid in document.tables:
            cells = _cells(grid)
            header = cells[0]
            if "有效回答" not in header or not _COUNT_SHARE.match(cells[1][1]):
                continue
            for row in cells[1:]:
                n = int(row[header.index("有效回答")])
                expected = rows[(row[0], n)]
                pairs = [_COUNT_SHARE.match(c).groups() for c in row[1:header.index("有效回答")]]
                counts = [int(c) for c, _ in pairs]
                assert sum(counts) == n
                assert counts[0] + counts[1] == expected["n_satisfied"]
                assert [s for _, s in pairs] == [format_percent(c / n) for c in counts]
                assert row[header.index("满意率")] == format_percent(expected["value"])
                checked += 1
        assert checked == 9

    def test_fieldwork_total_row_sums_results_json(self, example_outputs):
        data = json.loads(example_outputs["results"].read_text(encoding="utf-8"))
        groups = data["fieldwork"]
        issued = sum(g["issued"] for g in groups)
        returned = sum(g["returned"] for g in groups)
        valid = sum(g["valid"] for g in groups)
        document = docx.Document(str(example_outputs["docx"]))
        table = next(t for t in document.tables if _cells(t)[0][1] == "发放数量（份）")
        total = _cells(table)[-1]
        assert total[1:] == [str(issued), str(returned), str(valid),
                             format_percent(returned / issued), format_percent(valid / returned),
                             format_percent(valid / issued)]

    def test_satisfaction_rates_equal_results_json(self, example_outputs):
        """The ranking table's 满意率 of each item is results.json's value, half-up."""
        data = json.loads(example_outputs["results"].read_text(encoding="utf-8"))
        rates = {(r["label"]): format_percent(r["value"]) for r in data["satisfaction"]
                 if r["group"] == "residents" and r["item"]}
        document = docx.Document(str(example_outputs["docx"]))
        ranking = next(t for t in document.tables if _cells(t)[0][:2] == ["排序", "题项"]
                       and "满意率" in _cells(t)[0])
        header = _cells(ranking)[0]
        rows = _cells(ranking)[1:]
        assert len(rows) == 6
        for row in rows:
            assert row[header.index("满意率")] == rates[row[1]]

    def test_three_line_rules_repeated_header_rows_kept_whole(self, example_outputs):
        document = docx.Document(str(example_outputs["docx"]))
        for grid in document.tables:
            borders = grid._tbl.tblPr.find(qn("w:tblBorders"))
            rules = {b.tag.split("}")[1]: b.get(qn("w:val")) for b in borders}
            assert rules == {"top": "single", "bottom": "single", "left": "nil",
                             "right": "nil", "insideH": "nil", "insideV": "nil"}
            first = grid.rows[0]._tr
            assert first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
            assert all(r._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
                       for r in grid.rows)
            header_rule = first.find(f".//{qn('w:tcBorders')}/{qn('w:bottom')}")
            assert header_rule.get(qn("w:val")) == "single"

    def test_count_and_share_break_before_the_bracket(self, example_outputs):
        document = docx.Document(str(example_outputs["docx"]))
        table = next(t for t in document.tables if t.rows[0].cells[0].text == "题项"
                     and "有效回答" in t.rows[0].cells[-2].text)
        assert table.rows[1].cells[1].text == "173\n（57.67%）"

    def test_numeric_columns_right_aligned(self, example_outputs, example_report):
        document = docx.Document(str(example_outputs["docx"]))
        expected = [t for s in example_report.sections for t in s.tables()]
        for grid, table in zip(document.tables, expected, strict=True):
            for j, numeric in enumerate(table.numeric):
                align = grid.rows[-1].cells[j].paragraphs[0].alignment
                assert (align == 2) is numeric, (table.number, j)  # WD_ALIGN_PARAGRAPH.RIGHT

    def test_caption_above_table_and_note_below(self, example_outputs, example_report):
        document = docx.Document(str(example_outputs["docx"]))
        body = list(document.element.body)
        tables = [e for e in body if e.tag == qn("w:tbl")]
        expected = [t for s in example_report.sections for t in s.tables()]
        for element, table in zip(tables, expected, strict=True):
            before = element.getprevious()
            caption = "".join(t.text for t in before.iter(qn("w:t")))
            assert caption == f"{table.number} {table.caption}"
            assert before.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == "Caption"
            if table.note:
                assert "".join(t.text for t in element.getnext().iter(qn("w:t"))) == table.note


class TestCharts:
    def test_every_chart_is_a_native_chart_with_the_report_values(
            self, example_outputs, example_report):
        charts = [c for s in example_report.sections for c in s.charts()]
        roots = _charts(example_outputs["docx"])
        assert len(roots) == len(charts) == 4
        for root, chart in zip(roots, charts, strict=True):
            series = root.findall(".//c:ser", C)
            assert len(series) == len(chart.series)
            for ser, model in zip(series, chart.series, strict=True):
                assert ser.findtext("c:tx//c:v", namespaces=C) == model.name
                cats = [v.text for v in ser.findall("c:cat//c:pt/c:v", C)]
                assert cats == list(chart.categories)
                points = {int(p.get("idx")): float(p.findtext("c:v", namespaces=C))
                          for p in ser.findall("c:val//c:pt", C)}
                # the stored value is the report's figure at the precision its label shows
                assert points == {i: round_half_up(v, 4) for i, v in enumerate(model.values)
                                  if v is not None}
                assert points == pytest.approx(
                    {i: v for i, v in enumerate(model.values) if v is not None}, abs=5e-5)

    def test_a_tie_is_labelled_as_the_table_prints_it(self):
        """115 of 800 is 14.375%: the table prints 14.38%, and the chart must store 0.1438,
        not the double 0.14374999…, which Word and LibreOffice label 14.37%."""
        from survey.report.model import Chart, Series, Table
        from survey.report.word_charts import chart_part

        series = Series("比例", (115 / 800, 251 / 800), ("14.38%", "31.38%"))
        table = Table("t", "表 1", "", ("选项", "比例"), ())
        chart = Chart("c", "图 1", "", "bars", ("a", "b"), (series,), table)
        root = etree.fromstring(chart_part(chart, generated_at="2026-01-01").xml)
        stored = [p.findtext("c:v", namespaces=C) for p in root.findall(".//c:val//c:pt", C)]
        assert stored == ["0.1438", "0.3138"]

    def test_chart_values_equal_the_table_beside_it(self, example_outputs, example_report):
        """Each plotted share, printed as the report prints shares, is in its category's
        row of the numbered table that follows the chart."""
        document = docx.Document(str(example_outputs["docx"]))
        roots = _charts(example_outputs["docx"])
        charts = [c for s in example_report.sections for c in s.charts()]
        printed = [_cells(t) for t in document.tables]
        checked = 0
        for root, chart in zip(roots, charts, strict=True):
            rows = next(cells for cells in printed
                        if cells == [list(chart.table.columns), *map(list, chart.table.rows)])
            for ser in root.findall(".//c:ser", C):
                cats = [v.text for v in ser.findall("c:cat//c:pt/c:v", C)]
                for p in ser.findall("c:val//c:pt", C):
                    category = cats[int(p.get("idx"))]
                    row = next(r for r in rows[1:] if category in r)
                    shown = format_percent(float(p.findtext("c:v", namespaces=C)))
                    assert any(shown in cell for cell in row), (chart.number, category, shown)
                    checked += 1
        assert checked >= 40

    def test_narrow_segments_get_no_label(self, example_outputs, example_report):
        """Stacked segments under 8% are not labelled (their labels would overlap); the
        table beside the chart prints them."""
        charts = [c for s in example_report.sections for c in s.charts()]
        for root, chart in zip(_charts(example_outputs["docx"]), charts, strict=True):
            for ser, model in zip(root.findall(".//c:ser", C), chart.series, strict=True):
                hidden = {int(d.find("c:idx", C).get("val"))
                          for d in ser.findall("c:dLbls/c:dLbl", C)
                          if d.find("c:delete", C).get("val") == "1"}
                narrow = {i for i, v in enumerate(model.values) if v is not None and v < 0.08}
                assert hidden == (narrow if chart.chart_type == "diverging" else set())

    def test_each_chart_embeds_its_data_as_a_workbook(self, example_outputs):
        from openpyxl import load_workbook

        document = docx.Document(str(example_outputs["docx"]))
        charts = [r.target_part for r in document.part.rels.values()
                  if r.reltype.endswith("/chart")]
        assert len(charts) == 4
        for part in charts:
            root = etree.fromstring(part.blob)
            rid = root.find("c:externalData", C).get(qn("r:id"))
            workbook = load_workbook(io.BytesIO(part.rels[rid].target_part.blob))
            sheet = workbook["Sheet1"]
            for k, ser in enumerate(root.findall(".//c:ser", C), start=2):
                assert sheet.cell(1, k).value == ser.findtext("c:tx//c:v", namespaces=C)
                for p in ser.findall("c:val//c:pt", C):
                    value = sheet.cell(int(p.get("idx")) + 2, k).value
                    assert value == pytest.approx(float(p.findtext("c:v", namespaces=C)))

    def test_figure_caption_below_the_chart(self, example_outputs, example_report):
        document = docx.Document(str(example_outputs["docx"]))
        charts = [c for s in example_report.sections for c in s.charts()]
        drawn = [p for p in document.paragraphs
                 if p._p.find(f".//{qn('w:drawing')}") is not None]
        assert len(drawn) == len(charts)
        for paragraph, chart in zip(drawn, charts, strict=True):
            caption = paragraph._p.getnext()
            assert "".join(t.text for t in caption.iter(qn("w:t"))) == f"{chart.number} {chart.caption}"


class TestPage:
    def test_a4_with_chinese_margins_and_fonts(self, example_outputs):
        document = docx.Document(str(example_outputs["docx"]))
        section = document.sections[0]
        assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0,
                                                                                       29.7)
        assert abs(section.left_margin - Cm(3.17)) < Cm(0.01)
        assert abs(section.top_margin - Cm(2.54)) < Cm(0.01)
        for name, face in (("Normal", "宋体"), ("Heading 1", "黑体"), ("Caption", "黑体")):
            fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
            assert fonts.get(qn("w:eastAsia")) == face
            assert fonts.get(qn("w:ascii")) == "Times New Roman"
            assert not [a for a in fonts.attrib if a.endswith("Theme")]

    def test_headings_are_word_heading_styles(self, example_outputs, example_report):
        document = docx.Document(str(example_outputs["docx"]))
        level1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        assert level1 == [f"{s.number}{s.heading}" for s in example_report.sections]
        assert any(p.style.name == "Heading 2" for p in document.paragraphs)

    def test_every_paragraph_of_the_report_is_there(self, example_outputs, example_report):
        texts = {p.text for p in docx.Document(str(example_outputs["docx"])).paragraphs}
        for section in example_report.sections:
            for sentence in section.paragraphs():
                assert sentence in texts

    def test_same_report_same_bytes(self, example_report, example_outputs):
        blob = render_docx(example_report)
        assert blob == example_outputs["docx"].read_bytes()
        assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(blob)).infolist()} == {
            (1980, 1, 1, 0, 0, 0)}
        core = zipfile.ZipFile(io.BytesIO(blob)).read("docProps/core.xml").decode()
        assert "2026-11-21T00:00:00Z" in core

    def test_audit_finds_no_error_in_our_own_document(self, example_outputs):
        from survey.audit import audit_file

        result = audit_file(example_outputs["docx"])
        assert len(result.claims) > 100
        assert result.errors == ()


class TestSections:
    def test_one_document_per_section_with_its_tables_and_source(
            self, example_outputs, example_report):
        for section in example_report.sections:
            path = example_outputs[f"{section.id}-docx"]
            assert path.name == f"{section.id}-section.docx"
            document = docx.Document(str(path))
            headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
            assert headings == [f"{section.number}{section.heading}"]
            assert [_cells(t) for t in document.tables] == [
                [list(t.columns), *map(list, t.rows)] for t in section.tables()]
            assert document.paragraphs[-1].text == section.source
            assert len(_charts(path)) == len(section.charts())

    def test_free_text_with_markup_and_control_characters(self, example_report):
        """Respondents' text is text: markup is kept literally, characters XML cannot hold
        are dropped, nothing breaks the document."""
        import dataclasses

        from survey.report.model import Paragraph

        section = example_report.sections[0]
        odd = "<w:t>&x</w:t>\x0b\x01 “引号” =1+1"
        changed = dataclasses.replace(section, blocks=(Paragraph(odd), *section.blocks))
        blob = render_section_docx(example_report, changed)
        document = docx.Document(io.BytesIO(blob))
        assert "<w:t>&x</w:t> “引号” =1+1" in [p.text for p in document.paragraphs]


class TestWriteOutputs:
    def test_set_aside_details_of_one_questionnaire_are_joined_in_rule_order(
            self, example_results):
        """A second set-aside finding on row 18 (R0017): its details joined, by rule name."""
        from dataclasses import replace

        import pandas as pd

        group = example_results.groups[0]
        extra = pd.DataFrame([{"row": 18, "respondent_id": "R0017", "rule": "missing_required",
                               "column": "sat_4", "value": None, "detail": "未作答",
                               "action": "set_aside"}])
        screening = replace(group.screening,
                            problems=pd.concat([group.screening.problems, extra],
                                               ignore_index=True))
        results = replace(example_results, groups=(replace(group, screening=screening),))
        listed = results.set_aside_list().set_index("row")
        assert listed.loc[18, "detail"] == "未作答; 6 不是本题的选项代码（可用代码：1–5）"
        assert listed.loc[65, "detail"] == "必答题第 7 题第 3 小题未作答"
        assert len(listed) == 6

    def test_results_json_findings_read_back_as_the_screening_found_them(
            self, example_outputs, example_results):
        """results.json writes each group's findings column-wise; read back, they are the
        screening's problems row for row (the residents' first: R0017's code 6 in sat_2)."""
        import pandas as pd

        from survey.jsonable import read_table

        data = json.loads(example_outputs["results"].read_text(encoding="utf-8"))
        for block, group in zip(data["screening"], example_results.groups, strict=True):
            back = read_table(block["problems"])
            found = group.screening.problems
            assert list(back.columns) == list(found.columns)
            for column in found.columns:
                assert [None if pd.isna(v) else v for v in back[column]] == \
                    [None if pd.isna(v) else v for v in found[column]]
        first = read_table(data["screening"][0]["problems"]).iloc[0]
        assert (first["row"], first["respondent_id"], first["rule"], first["column"],
                first["value"]) == (18, "R0017", "out_of_scale", "sat_2", "6")

    def test_set_aside_csv_lists_every_set_aside_questionnaire(self, example_outputs):
        """set_aside.csv beside the report: the planted blocking defects, one row each, in
        file order per group, with the rules that set them aside and those that only
        flagged them."""
        import pandas as pd

        listed = pd.read_csv(example_outputs["set_aside"], encoding="utf-8-sig",
                             keep_default_na=False)
        assert list(listed.columns) == ["group", "row", "respondent_id", "reason", "flags",
                                        "detail"]
        assert list(zip(listed["group"], listed["respondent_id"], listed["reason"],
                        listed["flags"], strict=True)) == [
            ("residents", "R0017", "out_of_scale", ""),
            ("residents", "R0064", "missing_required", ""),
            ("residents", "R0088", "out_of_scale", ""),
            ("residents", "R0150", "duplicate_id", "duplicate_answers"),
            ("residents", "R0203", "out_of_scale", ""),
            ("residents", "R0230", "missing_required", ""),
            ("staff", "S031", "out_of_scale", ""),
            ("staff", "S044", "missing_required", "")]
        assert listed["detail"].iloc[0] == "6 不是本题的选项代码（可用代码：1–5）"

    def test_formats_choose_the_files(self, example_results, tmp_path):
        from survey.pipeline import write_outputs

        written = write_outputs(example_results, tmp_path, formats="docx")
        names = sorted(p.name for p in tmp_path.iterdir())
        assert "report.docx" in names and "results.json" in names
        assert not [n for n in names if n.endswith((".html", ".xlsx", ".js"))]
        assert set(written) >= {"results", "docx"}

    def test_a_failing_renderer_writes_nothing(self, example_results, tmp_path, monkeypatch):
        """Everything is rendered before anything is written: no half-written output."""
        from survey.pipeline import write_outputs
        from survey.report import word

        def broken(report):
            raise RuntimeError("renderer failed")

        monkeypatch.setattr(word, "render_docx", broken)
        with pytest.raises(RuntimeError):
            write_outputs(example_results, tmp_path / "out")
        assert not (tmp_path / "out").exists()

    def test_cli_refuses_an_unknown_format(self, capsys):
        from survey.cli import main

        with pytest.raises(SystemExit) as stop:
            main(["run", "analyses/example.yaml", "--out", "x", "--formats", "html,pdf"])
        assert stop.value.code == 2
        assert "expected html, docx, xlsx or all" in capsys.readouterr().err



class TestCaptionFields:
    def test_every_number_is_a_seq_field_showing_the_report_number(
            self, example_outputs, example_report):
        """表 N and 图 N are SEQ fields (as Word's Insert Caption makes them) whose shown
        result is the report's number, so a pasted appendix renumbers with its host."""
        document = docx.Document(str(example_outputs["docx"]))
        numbers = [t.number for s in example_report.sections for t in s.tables()]
        numbers += [c.number for s in example_report.sections for c in s.charts()]
        seen = []
        for p in document.paragraphs:
            instr = [t.text.strip() for t in p._p.iter(qn("w:instrText"))]
            if p.style.name != "Caption" or not instr:
                continue
            (field,) = instr
            label, n = p.text.split(" ")[:2]
            assert field == f"SEQ {label} \\* ARABIC", field
            seen.append(f"{label} {n}")
        assert sorted(seen) == sorted(numbers) and len(seen) >= 20
