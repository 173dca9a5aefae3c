"""A column map entry naming a column the file does not have is an error, not ignored."""

from __future__ import annotations

import pytest

from survey.errors import ResponseFileError
from survey.instrument import load_instrument
from survey.responses import read_responses

ROWS = "编号,department,tenure,trained,rules_clear,sat_1,sat_2,sat_3,reason\nS1,1,2,1,1,4,5,4,\n"


@pytest.fixture
def staff():
    return load_instrument("instruments/staff.yaml")


class TestReadResponses:
    def test_absent_column_is_named(self, tmp_path, staff):
        """`部门: department` with no column 部门 names 部门 (not a silent name match)."""
        path = tmp_path / "r.csv"
        path.write_text(ROWS, encoding="utf-8")
        with pytest.raises(ResponseFileError) as info:
            read_responses(path, staff, column_map={"编号": "respondent_id", "部门": "department"})
        assert (info.value.code, info.value.column) == ("bad_column_map", "部门")

    def test_typo_gets_close_columns(self, tmp_path, staff):
        """A near miss (编 for 编号) lists the close column of the file."""
        path = tmp_path / "r.csv"
        path.write_text(ROWS, encoding="utf-8")
        with pytest.raises(ResponseFileError) as info:
            read_responses(path, staff, column_map={"编": "respondent_id"})
        assert info.value.column == "编" and "编号" in str(info.value)

    def test_ignored_absent_column_is_fine(self, tmp_path, staff):
        """An entry that leaves out a column other files have is no error."""
        path = tmp_path / "r.csv"
        path.write_text(ROWS, encoding="utf-8")
        frame = read_responses(path, staff, column_map={"编号": "respondent_id", "IP": None})
        assert list(frame["respondent_id"]) == ["S1"]
