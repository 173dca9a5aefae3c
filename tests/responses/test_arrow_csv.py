"""pyarrow's reading of CSV chunks against pandas' C parser: the same chunks, dtypes, values
and errors, on files holding everything the two parsers read differently."""

from __future__ import annotations

import tempfile
from itertools import pairwise
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import survey.responses.formats as formats
from survey.errors import ResponseFileError
from survey.instrument import load_instrument
from survey.responses import read_response_file
from survey.responses._arrow_csv import arrow_chunks
from tests.conftest import ROOT

SETTINGS = settings(max_examples=400, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

#: Cells on which pyarrow and pandas differ, or might: signs, hexadecimal, nan and inf in
#: their spellings, true/false, dates and times, white space pandas trims and pyarrow does
#: not, numbers beyond int64 and 2**53, NA markers that stay text, quotes, line breaks in
#: quotes, a separator (one field too many), text with leading zeros, Chinese text.
TRICKY = [
    "", "5", "-5", "+5", "+0", "-0", "007", "3.0", "1.5", "-0.0", ".5", "5.", "1e5", "1E-3",
    "+1.5", "0x1A", "0X1a", "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "INF", "+inf",
    "true", "False", "TRUE", "2024-01-01", "2024-01-01 10:00:00", "10:00", "2024/9/8 10:23",
    " 5", "5 ", "\t5", "\v5", "5\f", "  ", "NA", "NULL", "N/A", "None", "#N/A", "-",
    "9007199254740993", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
    "18446744073709551616", "99999999999999999999", "1e300", "123456789012345678.5",
    '""', '"5"', '"a,b"', '"x\ny"', '"x\r\ny"', '"say ""hi"""', '"ab"c', 'ab"c', '"open',
    "满意", "石门村", "1,2", "a", "x", "12:30:00", "1_000", "５",
]
cells = st.one_of(st.sampled_from(TRICKY), st.integers(-3, 12).map(str),
                  st.floats(allow_nan=False, allow_infinity=False, width=32).map(repr))


@st.composite
def csv_files(draw):
    """A CSV text: a header, rows of cells (some short, long or blank), a line end."""
    width = draw(st.integers(1, 4))
    header = [f"c{i}" for i in range(width)]
    rows = []
    for _ in range(draw(st.integers(0, 9))):
        shape = draw(st.sampled_from(["full"] * 8 + ["short", "long", "blank"]))
        row = [draw(cells) for _ in range(width)]
        if shape == "short":
            row = row[:-1]
        elif shape == "long":
            row.append(draw(cells))
        elif shape == "blank":
            row = []
        rows.append(",".join(row))
    end = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    text = end.join([",".join(header), *rows])
    if draw(st.booleans()):
        text += end
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    text_columns = draw(st.one_of(st.just("all"), st.frozensets(st.sampled_from(header))))
    return text, encoding, text_columns


def _read(path: Path, text_columns, chunk_rows: int, fast: bool):
    """Every chunk of the file, or the error it raises (its code, row and text)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(formats, "CHUNK_ROWS", chunk_rows)
        patch.setattr(formats, "arrow_chunks", arrow_chunks if fast else _pandas_only)
        try:
            return list(formats.open_chunks(path, text_columns=text_columns).chunks)
        except ResponseFileError as exc:
            return (exc.code, exc.row, str(exc))


def _pandas_only(*args, **kwargs):
    """The reading before pyarrow: pandas reads the whole file."""
    return 0
    yield  # pragma: no cover - a generator that yields nothing


def _assert_same(fast, slow) -> None:
    if isinstance(slow, tuple) or isinstance(fast, tuple):
        assert fast == slow
        return
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow, strict=True):
        pd.testing.assert_frame_equal(a, b, check_dtype=True, check_index_type=True,
                                      check_column_type=True, check_exact=True)


class TestSameAsPandas:
    @SETTINGS
    @given(csv_files(), st.sampled_from([1, 2, 3, 1000]))
    def test_random_files(self, case, chunk_rows):
        """Any file: the same chunks (index, columns, dtypes, values) or the same error."""
        text, encoding, text_columns = case
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "r.csv"
            try:
                path.write_bytes(text.encode(encoding))
            except UnicodeEncodeError:
                return
            slow = _read(path, text_columns, chunk_rows, False)
            fast = _read(path, text_columns, chunk_rows, True)
            _assert_same(fast, slow)

    def test_example_residents_file(self, monkeypatch):
        """The example's GBK residents file, read onto its instrument, gives the same frame,
        mapping and markers either way."""
        instrument = load_instrument(ROOT / "instruments" / "residents.yaml")
        path = ROOT / "analyses" / "data" / "residents.csv"
        monkeypatch.setattr(formats, "arrow_chunks", _pandas_only)
        slow = read_response_file(path, instrument)
        monkeypatch.setattr(formats, "arrow_chunks", arrow_chunks)
        fast = read_response_file(path, instrument)
        pd.testing.assert_frame_equal(fast.frame, slow.frame, check_exact=True)
        pd.testing.assert_frame_equal(fast.markers, slow.markers, check_exact=True)
        assert fast.mapping == slow.mapping and fast.encoding == slow.encoding


def _chunks(tmp_path: Path, text: str, *, encoding: str = "utf-8", chunk_rows: int = 2,
            text_columns=frozenset()):
    """The frames pyarrow reads, and whether it read every row."""
    path = tmp_path / "r.csv"
    path.write_bytes(text.encode(encoding))
    header = text.split("\n", 1)[0].rstrip("\r").split(",")
    reader = arrow_chunks(path, encoding=encoding, sep=",", names=header,
                          text=text_columns, chunk_rows=chunk_rows)
    frames = []
    while True:
        try:
            frames.append(next(reader)[0])
        except StopIteration as stop:
            return frames, stop.value


class TestWhereArrowReads:
    def test_a_plain_file_is_read_whole(self, tmp_path):
        """Numbers, blanks, text, quotes and CRLF: every chunk read by pyarrow."""
        frames, whole = _chunks(tmp_path, 'id,q1,q2,t\r\n007,1,2.5,"a,b"\r\n008,,3,满意\r\n'
                                '009,2,,\r\n', text_columns=frozenset({"id"}))
        assert whole
        assert [len(f) for f in frames] == [2, 1]
        assert frames[0]["id"].tolist() == ["007", "008"]
        assert str(frames[0]["q1"].dtype) == "float64" and frames[1]["q1"].tolist() == [2]
        assert str(frames[1]["q1"].dtype) == "int64"
        assert frames[0]["t"].tolist() == ["a,b", "满意"]

    def test_gb18030_is_decoded(self, tmp_path):
        frames, whole = _chunks(tmp_path, "id,村\n1,石门村\n", encoding="gb18030")
        assert whole and frames[0]["村"].tolist() == ["石门村"]

    @pytest.mark.parametrize(("text", "read"), [
        ("a,b\n1,2\n3,4\n5,0x1A\n", 1),        # hexadecimal in the second chunk
        ("a,b\n1,2\n3,nan\n", 0),                # nan written as a number
        ("a,b\n1,inf\n", 0),                     # an infinite number
        ("a,b\n1,+5\n3,4.0\n", 0),               # +5: an int64 for pandas
        ("a,b\n1,true\n", 0),                    # true/false
        ("a,b\n1,\v5\n", 0),                     # pandas trims \v
        ("a,b\n1,99999999999999999999\n", 0),    # beyond int64
        ("a,b\n1,\n2,9007199254740993\n", 0),    # beyond 2**53, with a blank
        ("a,b\n1,2\n3,4,5\n", 0),                # a field too many
        ("a,b\n1,2\r3,4\n", 0),                  # a lone carriage return
        ('a,b\n1,"x\ny"\n', 0),                  # a line break in quotes
        ('a,b\n1,2\n3,"x\n', 0),                 # a quote left open at the end of a chunk
        ('a,b\n1,2\n3,"x', 0),                    # a quote left open at the end of the file
        ('"a",b\n1,2\n', 0),                     # a header in quotes
        ("a,b\n", 0),                             # no rows
    ])
    def test_pandas_reads_the_rest(self, tmp_path, text, read):
        """From the first chunk the parsers might read differently, pandas reads."""
        frames, whole = _chunks(tmp_path, text)
        assert not whole and len(frames) == read

    def test_text_with_a_whole_number_past_uint64(self, tmp_path):
        """pandas reads the blanks of such a text column as "", not missing: so does this."""
        path = tmp_path / "big.csv"
        path.write_bytes(b"a,b\n1,18446744073709551616\n2,\n3,x\n")
        fast = _read(path, frozenset(), 1000, fast=True)
        assert fast[0]["b"].tolist() == ["18446744073709551616", "", "x"]
        _assert_same(fast, _read(path, frozenset(), 1000, fast=False))

    def test_utf16_is_left_to_pandas(self, tmp_path):
        assert _chunks(tmp_path, "a,b\n1,2\n", encoding="utf-16") == ([], False)

    def test_dates_read_again_as_text(self, tmp_path):
        """A column of dates or times is text for both."""
        frames, whole = _chunks(tmp_path, "a,b,c\n1,2024-01-01,10:00\n2,2024/9/8 10:23,\n")
        assert whole and frames[0]["b"].tolist() == ["2024-01-01", "2024/9/8 10:23"]
        assert frames[0]["c"].tolist()[0] == "10:00"


def _columns_reference(table, names, dtype, text):
    """The former way: each column converted on its own by ``_column`` (a column of many
    Arrow chunks joined by pyarrow)."""
    from survey.responses._arrow_csv import _column

    return {name: _column(column, dtype, name in text)
            for name, column in zip(names, table.columns, strict=True)}


#: One cell of each kind of column the parser makes.
_CELLS = {
    "whole": st.integers(-2 ** 53, 2 ** 53),
    "whole with blanks": st.one_of(st.none(), st.integers(-99, 99)),
    "decimal": st.one_of(st.none(), st.floats(allow_nan=False)),
    "text": st.one_of(st.none(), st.sampled_from(["a", "5", "满意"])),
    "blank": st.none(),
}


@settings(max_examples=200, deadline=None)
@given(rows=st.integers(1, 12), data=st.data())
def test_numbers_gathered_per_dtype_as_each_column_was(rows, data):
    """Columns of every kind the parser makes, each in Arrow chunks cut at random: the
    same dtypes and values (bit for bit) as converting each column on its own."""
    import numpy as np
    import pyarrow as pa

    from survey.responses._arrow_csv import _columns, _str_dtype

    kinds = data.draw(st.lists(st.sampled_from(sorted(_CELLS)), min_size=1, max_size=6))
    types = {"whole": pa.int64(), "whole with blanks": pa.int64(), "decimal": pa.float64(),
             "text": pa.string(), "blank": pa.null()}
    columns = []
    for kind in kinds:
        cells = data.draw(st.lists(_CELLS[kind], min_size=rows, max_size=rows))
        cuts = sorted(data.draw(st.lists(st.integers(0, rows), max_size=3)))
        bounds = [0, *cuts, rows]
        columns.append(pa.chunked_array(
            [pa.array(cells[a:b], type=types[kind]) for a, b in pairwise(bounds)],
            type=types[kind]))
    names = [f"c{i}" for i in range(len(kinds))]
    table = pa.table(dict(zip(names, columns, strict=True)))
    text = {n for n, kind in zip(names, kinds, strict=True) if data.draw(st.booleans())}
    got = _columns(table, names, _str_dtype(), text)
    want = _columns_reference(table, names, _str_dtype(), text)
    assert list(got) == names
    for name in names:
        a, b = got[name], want[name]
        assert a.dtype == b.dtype, name
        if isinstance(b, np.ndarray):
            assert a.view(np.uint8).tolist() == b.view(np.uint8).tolist(), name
        else:
            pd.testing.assert_extension_array_equal(a, b)


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(st.one_of(st.none(), st.floats(), st.sampled_from(
    [2.0 ** 53, -(2.0 ** 53), 2.0 ** 53 - 1, 1e15, float("inf"), float("nan")])), max_size=12),
    cut=st.integers(0, 12))
def test_a_small_sum_of_magnitudes_settles_the_exact_checks(cells, cut):
    """Where the quick check says yes, there is no NaN and no magnitude of 2**53 or more
    (the exact checks agree); where there is one, it says no."""
    import math

    import pyarrow as pa

    from survey.responses._arrow_csv import _EXACT, _below_exact

    column = pa.chunked_array([pa.array(cells[:cut], type=pa.float64()),
                               pa.array(cells[cut:], type=pa.float64())])
    numbers = [c for c in cells if c is not None]
    exact = not any(math.isnan(c) for c in numbers) and all(abs(c) < _EXACT for c in numbers)
    if _below_exact(column):
        assert exact
    if not exact:
        assert not _below_exact(column)
