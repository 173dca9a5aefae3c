"""File formats as they arrive: encodings, separators, Excel old and new, SPSS, Stata."""

from __future__ import annotations

import pandas as pd
import pyreadstat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.errors import MissingFileError, ResponseFileError
from survey.responses import read_table
from survey.responses.formats import detect_encoding, line_count, open_chunks
from tests.conftest import shared_path

TEXT = "respondent_id,村,满意度\nR1,石门村,满意\nR2,黄泥岭村,非常满意\n"


class TestDetectEncoding:
    @pytest.mark.parametrize(("encoding", "expected"), [
        ("utf-8", "utf-8-sig"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"),
        ("gb18030", "gb18030"), ("utf-16", "utf-16"),
    ])
    def test_each_encoding_evaluators_receive(self, tmp_path, encoding, expected):
        """UTF-8 with and without BOM, GBK, GB18030 and UTF-16 are told apart."""
        path = tmp_path / "r.csv"
        path.write_bytes(TEXT.encode(encoding))
        assert detect_encoding(path) == expected

    def test_undecodable_bytes(self):
        """Bytes that are neither UTF-8 nor GB18030 raise UnicodeDecodeError."""
        with pytest.raises(UnicodeDecodeError):
            detect_encoding(b"\x81\x30\x81")


class TestReadTable:
    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "utf-16"])
    def test_same_cells_whatever_the_encoding(self, tmp_path, encoding):
        """The cells read are the text written."""
        path = tmp_path / "r.csv"
        path.write_bytes(TEXT.encode(encoding))
        table = read_table(path)
        assert list(table.frame.columns) == ["respondent_id", "村", "满意度"]
        assert table.frame["村"].tolist() == ["石门村", "黄泥岭村"]

    def test_explicit_encoding_overrides_detection(self, tmp_path):
        """--encoding gbk reads a GBK file that detection would read as GB18030 too."""
        path = tmp_path / "r.csv"
        path.write_bytes(TEXT.encode("gbk"))
        assert read_table(path, encoding="gbk").encoding == "gbk"

    def test_wrong_explicit_encoding_is_a_located_error(self, tmp_path):
        """Reading GBK bytes as UTF-8 names the file."""
        path = tmp_path / "r.csv"
        path.write_bytes(TEXT.encode("gbk"))
        with pytest.raises(ResponseFileError) as info:
            read_table(path, encoding="utf-8")
        assert info.value.code in ("bad_encoding", "bad_csv") and "r.csv" in str(info.value)

    def test_unknown_encoding_name(self, tmp_path):
        """An encoding Python does not know is a user error, not a LookupError."""
        path = tmp_path / "r.csv"
        path.write_text(TEXT, encoding="utf-8")
        with pytest.raises(ResponseFileError) as info:
            read_table(path, encoding="klingon")
        assert info.value.code == "bad_encoding"

    @pytest.mark.parametrize("sep", ["\t", ";"])
    def test_tab_and_semicolon_separators(self, tmp_path, sep):
        """Excel's 'Unicode text' (tabs) and European CSV (semicolons) are read."""
        path = tmp_path / "r.txt"
        path.write_text(TEXT.replace(",", sep), encoding="utf-8")
        assert read_table(path).frame.shape == (2, 3)

    def test_blank_cells_are_missing_and_text_is_trimmed(self, tmp_path):
        """'  满意 ' is 满意; an empty or blank cell is missing."""
        path = tmp_path / "r.csv"
        path.write_text("a,b\n  满意 ,\n , x\n", encoding="utf-8")
        frame = read_table(path).frame
        assert frame["a"].tolist()[0] == "满意"
        assert frame["b"].isna().tolist() == [True, False]
        assert pd.isna(frame["a"].iloc[1])

    def test_rows_numbered_as_a_spreadsheet_shows_them(self, tmp_path):
        """The first data row is row 2 (the header is row 1)."""
        path = tmp_path / "r.csv"
        path.write_text(TEXT, encoding="utf-8")
        assert list(read_table(path).frame.index) == [2, 3]

    def test_repeated_column_names_are_an_error(self, tmp_path):
        """Two columns called sat_1 are not silently renamed."""
        path = tmp_path / "r.csv"
        path.write_text("id,sat_1,sat_1\nR1,4,5\n", encoding="utf-8")
        with pytest.raises(ResponseFileError) as info:
            read_table(path)
        assert info.value.code == "duplicate_column" and info.value.column == "sat_1"

    def test_missing_file(self, tmp_path):
        """A missing file is a MissingFileError (a FileNotFoundError)."""
        with pytest.raises(MissingFileError):
            read_table(tmp_path / "nope.csv")

    def test_unsupported_suffix(self, tmp_path):
        """A .pdf is refused with the formats that are read."""
        path = tmp_path / "r.pdf"
        path.write_bytes(b"%PDF")
        with pytest.raises(ResponseFileError) as info:
            read_table(path)
        assert info.value.code == "unsupported_file_type" and ".sav" in str(info.value)

    def test_legacy_xls_from_wjx(self):
        """问卷星's 2018 .xls download is read: 800 rows, 14 columns, numbers without '.0'."""
        table = read_table(shared_path("data", "wjx", "wjx_800_800_0.xls"))
        assert table.frame.shape == (800, 14)
        assert table.frame["序号"].tolist()[:3] == ["1", "2", "3"]
        assert table.platform == "wjx"

    def test_sav_value_and_variable_labels(self, tmp_path):
        """An SPSS file's codes are read as numbers, with its labels kept."""
        path = tmp_path / "r.sav"
        frame = pd.DataFrame({"respondent_id": ["R1", "R2"], "q1": [1.0, 2.0]})
        pyreadstat.write_sav(frame, str(path), column_labels={"q1": "您的性别"},
                             variable_value_labels={"q1": {1: "男", 2: "女"}})
        table = read_table(path)
        assert table.value_labels == {"q1": {1.0: "男", 2.0: "女"}}
        assert table.column_labels["q1"] == "您的性别"

    def test_stata_file(self, tmp_path):
        """A Stata .dta file is read."""
        path = tmp_path / "r.dta"
        pyreadstat.write_dta(pd.DataFrame({"id": ["a", "b"], "q1": [1, 2]}), str(path))
        assert read_table(path).frame["q1"].tolist() == ["1", "2"]


class TestOpenChunks:
    def test_csv_arrives_in_chunks_with_continuous_rows(self, tmp_path, monkeypatch):
        """Chunked reading numbers rows across chunks as one file."""
        import survey.responses.formats as formats

        monkeypatch.setattr(formats, "CHUNK_ROWS", 2)
        path = tmp_path / "r.csv"
        path.write_text("a\n" + "".join(f"{i}\n" for i in range(5)), encoding="utf-8")
        chunks = list(open_chunks(path).chunks)
        assert [list(c.index) for c in chunks] == [[2, 3], [4, 5], [6]]

    def test_progress_reaches_one(self, tmp_path):
        """The progress callback ends at the whole file."""
        path = tmp_path / "r.csv"
        path.write_text(TEXT, encoding="utf-8")
        seen: list[float] = []
        list(open_chunks(path, progress=seen.append).chunks)
        assert seen[-1] == 1.0


class TestLineCount:
    def test_counts_an_upper_bound_of_records(self, tmp_path):
        """Three lines, with or without a final newline, give at least 3."""
        path = tmp_path / "r.csv"
        path.write_text("a\n1\n2", encoding="utf-8")
        assert line_count(path) >= 3


def _finish_reference(frame: pd.DataFrame) -> pd.DataFrame:
    """The former last step of ``_finish``: every cell marked, rows with none filled left
    out."""
    return frame[frame.notna().any(axis=1)]


_CELLS = st.one_of(st.none(), st.integers(-3, 3), st.sampled_from(["a", " ", "满意"]),
                   st.floats(allow_nan=True, allow_infinity=False, width=32))


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.lists(_CELLS, min_size=3, max_size=3), max_size=12),
       text=st.booleans())
def test_blank_rows_are_left_out_as_before(rows, text):
    """Whether or not a column is full, the rows kept, their order, index and dtypes are
    those of marking every cell (frames of blanks, one row, none)."""
    from pathlib import Path

    from survey.responses.formats import _finish

    frame = pd.DataFrame(rows, columns=["a", "b", "c"], dtype="str" if text else object)
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="row")
    got = _finish(frame, Path("r.csv"), strip=False)
    pd.testing.assert_frame_equal(got, _finish_reference(frame), check_index_type=True)
