""".xlsx responses are read with python-calamine: the same cells as openpyxl gave.

The reference is the reader used before (pandas with openpyxl, the sheet chosen by
openpyxl's worksheet list), kept here; hypothesis writes workbooks with openpyxl holding
whole numbers, large and small floats, text (blank, spaced, numeric-looking, Chinese),
booleans, dates, times and empty cells, and both readers must give equal cells of equal
Python types.
"""

from __future__ import annotations

import datetime as dt
import struct
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference

from survey.errors import ResponseFileError
from survey.responses.formats import _read_xlsx, _sheet_member
from survey.responses.read import read_table


def _openpyxl_reference(path: Path, sheet: str | int | None) -> pd.DataFrame:
    """The former reader, cell for cell: pandas + openpyxl, header row split off."""
    with pd.ExcelFile(path, engine="openpyxl") as book:
        cells = pd.read_excel(book, sheet_name=0 if sheet is None else sheet, header=None,
                              dtype=object, na_values=[""], keep_default_na=False)
    header = ["" if pd.isna(v) else str(v) for v in cells.iloc[0]]
    frame = cells.iloc[1:].reset_index(drop=True)
    frame.columns = [h if h.strip() else f"Unnamed: {i}" for i, h in enumerate(header)]
    return frame


def _cells(frame: pd.DataFrame) -> list[list[tuple[str, object]]]:
    """Every cell with its type, missing cells as one marker (NaN ≠ NaN)."""
    return [[("missing", None) if pd.isna(v) else (type(v).__name__, v) for v in row]
            for row in frame.itertuples(index=False)]


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12).map(
    lambda s: ILLEGAL_CHARACTERS_RE.sub("", s)).filter(
    lambda s: not s.startswith(("=", "#")))  # openpyxl stores these as formulas / errors
_VALUE = st.one_of(
    st.none(),
    st.integers(-10**15, 10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=64).filter(lambda x: abs(x) < 1e300),
    st.sampled_from([0.1, 2.5, 1e-7, 1e16, 123456789.125, -0.5, 3.0, 1e20]),
    _TEXT,
    st.sampled_from(["", " ", "  5 ", "007", "1e5", "很满意", "NA", "NULL", "TRUE", "1,234"]),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1901, 1, 1), max_value=dt.datetime(2099, 12, 31)).map(
        lambda d: d.replace(microsecond=0)),
    st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 31)),
)


@st.composite
def _sheets(draw: st.DrawFn) -> tuple[list[str], list[list[object]]]:
    width = draw(st.integers(1, 5))
    header = [f"c{j}" for j in range(width)]
    rows = draw(st.lists(st.lists(_VALUE, min_size=width, max_size=width), min_size=1,
                         max_size=8))
    return header, rows


class TestSameCellsAsOpenpyxl:
    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(sheet=_sheets())
    def test_generated_workbooks(self, tmp_path, sheet):
        header, rows = sheet
        book = openpyxl.Workbook()
        ws = book.active
        ws.append(header)
        for row in rows:
            ws.append(row)
        path = tmp_path / "r.xlsx"
        book.save(path)
        got, want = _read_xlsx(path, None), _openpyxl_reference(path, None)
        assert list(got.columns) == list(want.columns)
        assert _cells(got) == _cells(want)

    def test_the_bundled_staff_workbook(self):
        path = Path(__file__).resolve().parents[2] / "analyses" / "data" / "staff.xlsx"
        got, want = _read_xlsx(path, None), _openpyxl_reference(path, None)
        assert list(got.columns) == list(want.columns) and _cells(got) == _cells(want)
        assert len(got) > 0


def _book_with_a_chart_sheet_first(path: Path) -> Path:
    book = openpyxl.Workbook()
    data = book.active
    data.title = "data"
    data.append(["respondent_id", "x"])
    data.append(["R1", 2])
    chart_sheet = book.create_chartsheet("chart", 0)
    chart = BarChart()
    chart.add_data(Reference(data, min_col=2, min_row=1, max_row=2))
    chart_sheet.add_chart(chart)
    second = book.create_sheet("second")
    second.append(["respondent_id", "y"])
    second.append(["R9", 7])
    book.save(path)
    return path


class TestSheets:
    def test_a_chart_sheet_is_not_counted(self, tmp_path):
        """calamine counts a chart sheet in its index; the toolkit counts worksheets, as
        openpyxl and Excel's list of sheets do (sheet 0 was the empty chart for calamine)."""
        path = _book_with_a_chart_sheet_first(tmp_path / "chart.xlsx")
        for sheet in (None, 0, 1, "data", "second"):
            got, want = _read_xlsx(path, sheet), _openpyxl_reference(path, sheet)
            assert _cells(got) == _cells(want) and list(got.columns) == list(want.columns)
        assert read_table(path, sheet=1).frame["y"].tolist() == ["7"]

    @pytest.mark.parametrize("sheet", [5, -1, "nope"])
    def test_no_such_sheet_names_the_sheets(self, tmp_path, sheet):
        path = _book_with_a_chart_sheet_first(tmp_path / "chart.xlsx")
        with pytest.raises(ResponseFileError) as info:
            _read_xlsx(path, sheet)
        assert info.value.code == "bad_excel" and info.value.file == str(path)
        assert "data, second" in str(info.value) and f"sheet {sheet}" in str(info.value)

    def test_the_sheet_member_follows_the_relationships(self, tmp_path):
        path = _book_with_a_chart_sheet_first(tmp_path / "chart.xlsx")
        with zipfile.ZipFile(path) as archive:
            for name, number in (("data", b"<v>2</v>"), ("second", b"<v>7</v>")):
                member = _sheet_member(path, name)
                assert member is not None and member.startswith("xl/worksheets/")
                assert number in archive.read(member)
        assert _sheet_member(path, "nope") is None


def test_a_member_larger_than_declared_is_refused(tmp_path):
    """An archive whose sheet declares 1,000 bytes but inflates to 300 MB passes the
    declared-size check; calamine's zip reader stops at the declared size (as Python's
    zipfile does) and the file is refused, read no further."""
    base = tmp_path / "base.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["respondent_id", "x"])
    book.save(base)
    member = "xl/worksheets/sheet1.xml"
    body = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            b'openxmlformats.org/spreadsheetml/2006/main"><sheetData/>' + b" " * (300 << 20)
            + b"</worksheet>")
    liar = tmp_path / "liar.xlsx"
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(liar, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info.filename, body if info.filename == member else
                         source.read(info.filename))
    raw = bytearray(liar.read_bytes())
    name = member.encode()
    at = raw.find(name)
    while at >= 0:
        if raw[at - 30:at - 26] == b"PK\x03\x04":  # local header: uncompressed size at +22
            struct.pack_into("<I", raw, at - 30 + 22, 1000)
        if raw[at - 46:at - 42] == b"PK\x01\x02":  # central directory: at +24
            struct.pack_into("<I", raw, at - 46 + 24, 1000)
        at = raw.find(name, at + 1)
    liar.write_bytes(bytes(raw))
    with pytest.raises(ResponseFileError) as info:
        _read_xlsx(liar, None)
    assert info.value.code == "bad_excel" and "larger than its declared" in str(info.value)
