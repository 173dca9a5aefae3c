"""Blank rows in a response file: not questionnaires, and rows below them keep their number."""

from __future__ import annotations

import openpyxl

from survey.responses import read_table

HEADER = "respondent_id,sat_1\n"


class TestReadTable:
    def test_blank_line_keeps_row_numbers(self, tmp_path):
        """A blank line in a CSV is row 3 as a spreadsheet shows it; R2 stays row 4."""
        path = tmp_path / "r.csv"
        path.write_text(HEADER + "R1,4\n\nR2,5\n", encoding="utf-8")
        frame = read_table(path).frame
        assert list(frame.index) == [2, 4]
        assert list(frame["respondent_id"]) == ["R1", "R2"]

    def test_row_of_empty_cells_is_not_a_questionnaire(self, tmp_path):
        """A row of empty cells (Excel writes ',,') is left out, not counted as returned."""
        path = tmp_path / "r.csv"
        path.write_text(HEADER + "R1,4\n,\nR2,5\n", encoding="utf-8")
        assert list(read_table(path).frame.index) == [2, 4]

    def test_blank_row_in_xlsx(self, tmp_path):
        """An empty row inside a workbook is left out; the rows keep their numbers."""
        book = openpyxl.Workbook()
        for row in (["respondent_id", "sat_1"], ["R1", 4], [], ["R2", 5]):
            book.active.append(row)
        book.save(tmp_path / "r.xlsx")
        assert list(read_table(tmp_path / "r.xlsx").frame.index) == [2, 4]
