"""Careless CSV files get messages that say what is wrong with them, by row."""

from __future__ import annotations

import os

import pytest

from survey.errors import MissingFileError, ResponseFileError
from survey.responses.formats import open_chunks
from tests.hostile.conftest import refused, survey


def _read(path):
    opened = open_chunks(path)
    return opened.columns, list(opened.chunks)


class TestLineEndings:
    def test_carriage_return_only(self, tmp_path):
        """Was "no header row"."""
        path = tmp_path / "mac.csv"
        path.write_bytes(b"id,q1,q2\r1,2,3\r2,3,4\r")
        columns, chunks = _read(path)
        assert columns == ("id", "q1", "q2")
        assert chunks[0]["q2"].tolist() == [3, 4] and chunks[0].index.tolist() == [2, 3]


class TestFieldCounts:
    def test_trailing_separator_on_every_row_keeps_the_columns(self, tmp_path):
        """The respondent id used to become the index and every column moved one place."""
        path = tmp_path / "trail.csv"
        path.write_text("id,village,q1\nA1,7,3,\nA2,8,4,\n", encoding="utf-8")
        columns, chunks = _read(path)
        assert columns == ("id", "village", "q1")
        assert chunks[0]["id"].tolist() == ["A1", "A2"]
        assert chunks[0]["q1"].tolist() == [3, 4]

    def test_a_filled_field_past_the_header_is_named_by_row(self, tmp_path):
        header = ",".join(f"c{i}" for i in range(16))
        good = ",".join("1" for _ in range(16))
        path = tmp_path / "wide.csv"
        path.write_text(f"{header}\n{good},\n{good},\n{good},9\n", encoding="utf-8")
        with pytest.raises(ResponseFileError) as info:
            _read(path)
        assert info.value.row == 4
        assert "row 4 has 17 fields where the header has 16" in str(info.value)

    def test_every_row_one_field_too_many(self, tmp_path):
        path = tmp_path / "shift.csv"
        path.write_text("id,q1\n1,2,3\n2,3,4\n", encoding="utf-8")
        err = refused(survey("inspect", str(path)), "shift.csv",
                      "row 2 has 3 fields where the header has 2")
        assert "not a readable table" not in err

    def test_a_row_two_fields_too_many(self, tmp_path):
        path = tmp_path / "two.csv"
        path.write_text("id,q1\n1,2\n2,3,4,5\n", encoding="utf-8")
        with pytest.raises(ResponseFileError, match="row 3 has 4 fields where the header has 2"):
            _read(path)


class TestNotARegularFile:
    def test_fifo(self, tmp_path):
        """Was "not found"."""
        path = tmp_path / "pipe.csv"
        os.mkfifo(path)
        with pytest.raises(MissingFileError) as info:
            open_chunks(path)
        assert info.value.code == "not_a_file" and "not a regular file" in str(info.value)

    def test_dev_zero(self):
        refused(survey("inspect", "/dev/zero"), "/dev/zero", "not a regular file")

    def test_a_missing_file_is_still_not_found(self, tmp_path):
        with pytest.raises(MissingFileError, match="not found"):
            open_chunks(tmp_path / "nope.csv")
