"""Excel sheets whose header cannot be used: repeated column names, an empty (first) sheet."""

from __future__ import annotations

import openpyxl
import pytest

from survey.cli import main
from survey.errors import ResponseFileError
from survey.responses import read_table


def _book(path, sheets):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


class TestReadTable:
    def test_repeated_header_in_xlsx(self, tmp_path):
        """Two columns named sat_1 in a workbook are an error at row 1, as in a CSV."""
        path = _book(tmp_path / "r.xlsx", {"Sheet1": [["respondent_id", "sat_1", "sat_1 "],
                                                        ["R1", 4, 5]]})
        with pytest.raises(ResponseFileError) as info:
            read_table(path)
        assert (info.value.code, info.value.row, info.value.column) == (
            "duplicate_column", 1, "sat_1")

    def test_empty_first_sheet_names_the_sheets(self, tmp_path):
        """An empty first sheet is an error naming it and the workbook's sheets."""
        path = _book(tmp_path / "r.xlsx", {"封面": [], "数据": [["respondent_id"], ["R1"]]})
        with pytest.raises(ResponseFileError) as info:
            read_table(path)
        assert info.value.code == "empty_sheet"
        assert "封面" in str(info.value) and "数据" in str(info.value)

    def test_header_as_pandas_names_it(self, tmp_path):
        """Numbers and blanks in the header read as before (1 → '1', blank → dropped)."""
        path = _book(tmp_path / "r.xlsx", {"S": [["respondent_id", 1, None], ["R1", 4, None]]})
        assert list(read_table(path).frame.columns) == ["respondent_id", "1"]


class TestValidateCli:
    def test_repeated_header_exits_2(self, tmp_path, capsys):
        """`survey validate` on a workbook with a repeated header says so, exit 2."""
        path = _book(tmp_path / "r.xlsx", {"S": [["respondent_id", "x", "x"], ["R1", 1, 2]]})
        code = main(["validate", "--instrument", "instruments/staff.yaml",
                     "--responses", str(path)])
        assert code == 2
        assert "column names repeat" in capsys.readouterr().err
