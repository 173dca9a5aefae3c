"""tables.xlsx read back with openpyxl: a sheet per table, numbers stored as numbers."""

from __future__ import annotations

import dataclasses
import io
import json

import pytest
from openpyxl import load_workbook

from survey.report.xlsx import parse_number, render_xlsx
from survey.rounding import format_percent


@pytest.fixture(scope="module")
def workbook(example_outputs):
    return load_workbook(example_outputs["xlsx"])


def _value_text(cell) -> str:
    """A numeric cell printed with its own number format (0, 0.00, 0.00%)."""
    fmt = cell.number_format
    decimals = len(fmt.split(".", 1)[1].rstrip("%")) if "." in fmt else 0
    if fmt.endswith("%"):
        return format_percent(cell.value, decimals)
    return f"{cell.value:.{decimals}f}"


class TestTablesWorkbook:
    def test_one_sheet_per_table_with_caption_and_note_above(self, workbook, example_report):
        tables = [t for s in example_report.sections for t in s.tables()]
        assert workbook.sheetnames == [t.number for t in tables]
        for table in tables:
            sheet = workbook[table.number]
            assert sheet["A1"].value == f"{table.number} {table.caption}"
            assert sheet["A2"].value == table.note

    def test_numbers_are_numbers_printed_as_the_report_prints_them(self, workbook,
                                                                   example_report):
        checked = 0
        for table in (t for s in example_report.sections for t in s.tables()):
            sheet = workbook[table.number]
            for i, row in enumerate(table.rows, start=5):
                values = list(sheet[i])
                printed = [v for v in values if isinstance(v.value, int | float)]
                for cell in printed:
                    assert any(_value_text(cell) in text for text in row), (table.number, i)
                    checked += 1
        assert checked > 300

    def test_percent_cells_have_percent_formats(self, workbook, example_outputs):
        """The ranking sheet's 满意率 column holds results.json's shares, formatted 0.00%."""
        data = json.loads(example_outputs["results"].read_text(encoding="utf-8"))
        rates = {r["label"]: r["value"] for r in data["satisfaction"]
                 if r["group"] == "residents" and r["item"]}
        sheet = next(workbook[n] for n in workbook.sheetnames
                     if [c.value for c in workbook[n][4]][:2] == ["排序", "题项"])
        header = [c.value for c in sheet[4]]
        column = header.index("满意率") + 1
        for i in range(5, 11):
            cell = sheet.cell(i, column)
            assert cell.number_format == "0.00%"
            label = sheet.cell(i, 2).value
            assert cell.value == pytest.approx(rates[label], abs=5e-5)

    def test_count_and_share_cells_become_two_columns(self, workbook):
        sheet = workbook["表 10"]
        header = [c.value for c in sheet[4]]
        assert header[1:3] == ["非常满意（人数）", "非常满意（%）"]
        assert (sheet.cell(5, 2).value, sheet.cell(5, 3).value) == (173, 0.5767)
        assert sheet.cell(5, 3).number_format == "0.00%"

    def test_intervals_become_lower_and_upper(self, workbook):
        sheet = workbook["表 15"]
        header = [c.value for c in sheet[4]]
        low = header.index("95%置信区间下限") + 1
        assert header[low] == "95%置信区间上限"
        assert (sheet.cell(5, low).value, sheet.cell(5, low + 1).value) == (0.8876, 0.9484)

    def test_text_that_looks_like_a_formula_stays_text(self, example_report):
        section = example_report.sections[0]
        table = section.tables()[0]
        evil = dataclasses.replace(table, rows=(("=HYPERLINK(\"x\")", *table.rows[0][1:]),
                                                *table.rows[1:]))
        blocks = tuple(evil if b is table else b for b in section.blocks)
        report = dataclasses.replace(example_report, sections=(
            dataclasses.replace(section, blocks=blocks),))
        sheet = load_workbook(io.BytesIO(render_xlsx(report)))[table.number]
        assert sheet["A5"].data_type == "s"
        assert sheet["A5"].value == "=HYPERLINK(\"x\")"

    def test_same_report_same_bytes(self, example_report, example_outputs):
        assert render_xlsx(example_report) == example_outputs["xlsx"].read_bytes()


@pytest.mark.parametrize(("printed", "expected"), [
    ("92.00%", (0.92, "0.00%")), ("0.3%", (0.003, "0.0%")), ("300", (300, "0")),
    ("4.87", (4.87, "0.00")), ("-0.12", (-0.12, "0.00")), ("—", None), ("1（2%）", None),
])
def test_parse_number(printed, expected):
    assert parse_number(printed) == expected
