"""The data-entry workbook: validations, instructions, and loading back unchanged."""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd

from survey.forms.workbook import entry_columns, write_entry_workbook
from survey.responses import read_responses
from survey.screening import screen_responses


def _rules(sheet) -> dict[str, tuple]:
    """First cell of each rule's range → (type, operator, formula1, formula2)."""
    return {str(dv.sqref).split(":")[0]: (dv.type, dv.operator, dv.formula1, dv.formula2)
            for dv in sheet.data_validations.dataValidation}


def _fill(path, rows: list[dict]) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    for row in rows:
        sheet.append([row.get(h) for h in header])
    book.save(path)


class TestWriteEntryWorkbook:
    def test_sheets_header_and_frozen_panes(self, built, instruments):
        """Entry sheet first with the variable names, instructions second."""
        book = openpyxl.load_workbook(built["residents"] / "entry.xlsx")
        assert book.sheetnames == ["数据录入", "填写说明"]
        sheet = book["数据录入"]
        assert [c.value for c in sheet[1]] == entry_columns(instruments["residents"])
        assert sheet.freeze_panes == "B2" and sheet.max_row == 1

    def test_dropdowns_restricted_to_codes(self, built):
        """Each coded column has a list of its codes; numbers a range; the id no repeats."""
        sheet = openpyxl.load_workbook(built["service"] / "entry.xlsx")["数据录入"]
        header = [c.value for c in sheet[1]]
        rules = _rules(sheet)
        col = {name: openpyxl.utils.get_column_letter(i + 1) for i, name in enumerate(header)}
        assert rules[f"{col['svc_1']}2"] == ("list", None, '"3,2,1,9"', None)
        assert rules[f"{col['services_1']}2"] == ("list", None, '"0,1"', None)
        assert rules[f"{col['overall']}2"][2] == '"0,1,2,3,4,5,6,7,8,9,10"'
        assert rules[f"{col['age']}2"] == ("whole", "between", "60", "110")
        assert rules["A2"][0] == "custom" and "COUNTIF" in rules["A2"][2]
        assert f"{col['suggestion']}2" not in rules

    def test_header_comments_say_question_and_codes(self, built):
        """Hovering a header shows the question and what may be entered."""
        sheet = openpyxl.load_workbook(built["residents"] / "entry.xlsx")["数据录入"]
        header = {c.value: c for c in sheet[1]}
        note = header["aware_level"].comment.text
        assert note.startswith("第 5 题：您对项目建设内容") and "1=非常了解" in note
        assert "aware == 1" in note

    def test_instructions_list_every_column(self, built, instruments):
        """The instructions sheet has the rules and one line per column."""
        sheet = openpyxl.load_workbook(built["staff"] / "entry.xlsx")["填写说明"]
        values = [row[1] for row in sheet.iter_rows(values_only=True) if row and len(row) > 1]
        assert set(entry_columns(instruments["staff"])) <= set(values)
        first = [row[0] for row in sheet.iter_rows(values_only=True)]
        assert any(str(v).startswith("1. 每份纸质问卷录入一行") for v in first)

    def test_a_long_code_list_goes_to_a_hidden_sheet(self, tmp_path, instruments):
        """Options beyond Excel's 255-character inline list are listed on a hidden sheet."""
        base = instruments["staff"].model_dump()
        base["sections"][0]["questions"][0]["options"] = [
            {"code": 100 + k, "label": f"部门{k}"} for k in range(80)]
        from survey.instrument.model import Instrument

        wide = Instrument.model_validate(base)
        path = write_entry_workbook(wide, tmp_path / "entry.xlsx", rows=10)
        book = openpyxl.load_workbook(path)
        assert book["编码列表"].sheet_state == "hidden"
        assert _rules(book["数据录入"])["B2"][2] == "'编码列表'!$A$2:$A$81"


class TestLoadsBack:
    def test_filled_workbook_loads_unchanged(self, tmp_path, instruments):
        """Codes, numbers and text typed into the workbook come back as entered."""
        service = instruments["service"]
        path = write_entry_workbook(service, tmp_path / "entry.xlsx", rows=10)
        first = {
            "respondent_id": "001", "gender": 1, "age": 72, "living": 4,
            "living_4_text": "与孙子同住", "frequency": 2, "overall": 8, "pay": 150,
            "suggestion": "希望增加助浴服务", "priorities_1": 2, "priorities_3": 1,
            "priorities_6": 3, "reasons_6_text": "服务人员迟到",
            **{f"services_{k}": int(k in (1, 4)) for k in range(1, 7)},
            **dict(zip([f"svc_{k}" for k in range(1, 7)], [3, 2, 1, 3, 9, 2], strict=True)),
            "trust_1": 5, "trust_2": 2,
            **{f"reasons_{k}": int(k in (1, 6)) for k in range(1, 7)},
        }
        second = {
            "respondent_id": "002", "gender": 2, "age": 65, "living": 1, "frequency": 1,
            "overall": 10, "priorities_1": 1, "priorities_2": 2, "priorities_3": 3,
            **{f"services_{k}": int(k == 2) for k in range(1, 7)},
            **{f"svc_{k}": 3 for k in range(1, 7)}, "trust_1": 4, "trust_2": 1,
        }
        _fill(path, [first, second])
        frame = read_responses(path, service)
        assert list(frame.index) == [2, 3]
        assert list(frame.columns) == entry_columns(service)
        for row, entered in zip((2, 3), (first, second), strict=True):
            for name in entry_columns(service):
                got = frame.at[row, name]
                if name not in entered:
                    assert pd.isna(got), (row, name)
                elif isinstance(entered[name], str):
                    assert got == entered[name], (row, name)
                else:
                    assert float(got) == float(entered[name]), (row, name)
        assert frame["svc_5"].dtype == np.float64

    def test_loaded_workbook_screens_clean(self, tmp_path, instruments):
        """A correctly entered residents' workbook passes screening with no problem."""
        residents = instruments["residents"]
        path = write_entry_workbook(residents, tmp_path / "entry.xlsx", rows=10)
        row = {"respondent_id": "R1", "village": 2, "age_band": 3, "years_lived": 3, "aware": 1,
               "aware_level": 2, "consulted": 2, **{f"sat_{k}": 4 for k in range(1, 6)},
               "sat_6": 2, **{f"reasons_{k}": int(k == 3) for k in range(1, 7)}}
        _fill(path, [row])
        screening = screen_responses(read_responses(path, residents), residents)
        assert screening.problems.empty and len(screening.valid) == 1
