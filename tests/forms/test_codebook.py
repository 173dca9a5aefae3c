"""The codebook: one row per variable, in a CSV and a workbook with Chinese headers."""

from __future__ import annotations

import openpyxl
import pandas as pd

from survey.forms.codebook import CODEBOOK_COLUMNS, codebook, value_labels
from survey.instrument import variables


class TestCodebook:
    def test_one_row_per_variable(self, instruments):
        """Rows follow the variables, columns are fixed."""
        book = codebook(instruments["service"])
        assert list(book.columns) == CODEBOOK_COLUMNS
        assert list(book["variable"]) == [v.name for v in variables(instruments["service"])]

    def test_likert_item_row(self, instruments):
        """A 3-level item with 不了解: codes, missing code, satisfied codes, dimension."""
        row = codebook(instruments["service"]).set_index("variable").loc["svc_5"]
        assert row["codes"] == "3=满意; 2=基本满意; 1=不满意; 9=不了解"
        assert row["missing_codes"] == "9=不了解" and row["satisfied_codes"] == "3, 2"
        assert (row["type"], row["measure"], row["dimension"]) == ("likert_item", "ordinal", "服务保障")
        assert row["question_number"] == 6 and not row["reverse"]

    def test_reverse_scores_and_skip(self, instruments):
        """Reverse flag, weighted scores and skip logic in words."""
        book = codebook(instruments["service"]).set_index("variable")
        assert bool(book.loc["trust_2", "reverse"])
        assert book.loc["trust_1", "scores"] == "5=100; 4=80; 3=60; 2=40; 1=20"
        assert book.loc["reasons_2", "skip_condition"] == "any(svc_1..svc_6 == 1)"
        assert book.loc["reasons_2", "skip_description"] == "第 6 题任一项选择“不满意”"

    def test_number_range_and_unit(self, instruments):
        """A number shows its range and unit, no codes."""
        row = codebook(instruments["service"]).set_index("variable").loc["age"]
        assert (row["codes"], row["range"], row["unit"], row["measure"]) == ("", "60–110", "岁", "scale")

    def test_value_labels_long_form(self, instruments):
        """Value labels: one row per code, 不了解 marked missing."""
        labels = value_labels(instruments["service"])
        svc = labels[labels["variable"] == "svc_1"]
        assert svc[["code", "label", "missing"]].values.tolist() == [
            [3, "满意", False], [2, "基本满意", False], [1, "不满意", False], [9, "不了解", True]]


class TestWrittenCodebook:
    def test_csv_reads_back(self, built, instruments):
        """The CSV is UTF-8 with BOM and carries the same rows with Chinese headers."""
        raw = (built["residents"] / "codebook.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        frame = pd.read_csv(built["residents"] / "codebook.csv", encoding="utf-8-sig", dtype=str)
        assert list(frame.columns[:4]) == ["变量名", "题号", "题目编号", "部分"]
        assert list(frame["变量名"]) == [v.name for v in variables(instruments["residents"])]
        assert frame.set_index("变量名").loc["aware_level", "跳答条件说明"] == "第 4 题选择“是”"
        assert frame.set_index("变量名").loc["sat_1", "类型"] == "量表题项"

    def test_workbook_sheets(self, built):
        """The workbook has the codebook and a value-label sheet, header frozen."""
        book = openpyxl.load_workbook(built["staff"] / "codebook.xlsx")
        assert book.sheetnames == ["编码手册", "值标签"]
        sheet = book["编码手册"]
        assert sheet["A1"].value == "变量名" and sheet["A2"].value == "department"
        assert sheet.freeze_panes == "B2"
        assert sheet.max_row == 1 + 8
