"""results.json writing: the fast pretty-printer and frame records against the standard library."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from survey.jsonable import Table, dump, dumps, jsonable, read_table, records

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=4)),
    max_leaves=30)


class TestDumps:
    @given(values)
    def test_reads_back_as_the_standard_library_does(self, value):
        assert json.loads(dumps(value)) == json.loads(json.dumps(value))

    @given(values)
    def test_output_is_deterministic_and_unicode(self, value):
        assert dumps(value) == dumps(value)
        assert "\\u4e2d" not in dumps({"k": "中"})

    def test_nested_objects_are_indented_and_flat_records_one_per_line(self):
        text = dumps({"a": {"b": 1}, "rows": [{"x": 1, "y": [1, 2]}, {"x": None, "y": []}]})
        assert text.splitlines() == [
            "{", '  "a": {', '    "b": 1', "  },", '  "rows": [',
            '    {"x": 1, "y": [1, 2]},', '    {"x": null, "y": []}', "  ]", "}"]

    def test_non_finite_numbers_are_refused_not_written_as_nan(self):
        try:
            dumps({"a": math.nan})
        except ValueError:
            return
        raise AssertionError("NaN was written into JSON")


class TestRecords:
    def test_blanks_and_numpy_types_become_python(self):
        frame = pd.DataFrame({
            "i": pd.array([1, None, 3], dtype="Int64"),
            "f": [0.5, np.nan, np.inf],
            "s": pd.array(["a", None, "c"], dtype="string"),
            "b": [True, False, True],
            "o": [np.int64(2), None, (1, 2)],
        })
        assert records(frame) == [
            {"i": 1, "f": 0.5, "s": "a", "b": True, "o": 2},
            {"i": None, "f": None, "s": None, "b": False, "o": None},
            {"i": 3, "f": None, "s": "c", "b": True, "o": [1, 2]},
        ]
        assert all(type(r["i"]) in (int, type(None)) for r in records(frame))

    @given(st.lists(st.tuples(st.integers(-5, 5), st.floats(allow_nan=True), st.text(max_size=3)),
                    max_size=20))
    def test_equals_the_row_by_row_conversion(self, rows):
        frame = pd.DataFrame(rows, columns=["a", "b", "c"])
        by_row = [jsonable(dict(zip(frame.columns, row, strict=True)))
                  for row in frame.itertuples(index=False)]
        assert records(frame) == by_row

    def test_empty_frame(self):
        assert records(pd.DataFrame(columns=["a"])) == []

    def test_records_are_not_walked_again(self):
        rows = records(pd.DataFrame({"a": [1.5, np.nan]}))
        assert jsonable({"rows": rows})["rows"] is rows

    @given(st.lists(st.tuples(st.integers(-5, 5), st.floats(allow_nan=True), st.text(max_size=3)),
                    max_size=20))
    def test_frame_rows_write_one_per_line_and_read_back(self, rows):
        frame = pd.DataFrame(rows, columns=["a", "b", "c"])
        value = {"rows": records(frame)}
        text = dumps(value)
        assert json.loads(text) == json.loads(json.dumps(value))
        assert len(text.split("\n")) == (3 if not rows else len(rows) + 4)


class TestTable:
    @given(st.lists(st.tuples(st.integers(-5, 5), st.floats(allow_nan=True), st.text(max_size=3)),
                    max_size=20), st.integers(1, 7))
    def test_columns_read_back_as_the_rows_in_any_chunking(self, rows, chunk):
        """Written a few rows at a time, each column reads back as the frame's rows would."""
        import survey.jsonable as module

        frame = pd.DataFrame(rows, columns=["a", "b", "c"])
        saved, module.CHUNK_ROWS = module.CHUNK_ROWS, chunk
        try:
            data = json.loads(dumps({"t": Table(frame)}))["t"]
        finally:
            module.CHUNK_ROWS = saved
        assert data["columns"] == ["a", "b", "c"]
        rows_back = zip(*data["data"], strict=True)
        assert [dict(zip(data["columns"], row, strict=True)) for row in rows_back] \
            == records(frame)
        assert data == Table(frame).to_dict()

    def test_layout_and_blanks(self):
        frame = pd.DataFrame({"row": [2, 5, 9], "value": ["6", None, np.nan],
                              "n": pd.array([1, None, 3], dtype="Int64")})
        assert dumps({"t": Table(frame)}).splitlines() == [
            "{", '  "t": {', '    "columns": ["row", "value", "n"],', '    "data": [',
            "      [2, 5, 9],", '      ["6", null, null],', "      [1, null, 3]", "    ]",
            "  }", "}"]

    def test_an_empty_table_keeps_its_columns(self):
        text = dumps({"t": Table(pd.DataFrame(columns=["row", "rule"]))})
        assert json.loads(text) == {"t": {"columns": ["row", "rule"], "data": [[], []]}}
        assert list(read_table(json.loads(text)["t"]).columns) == ["row", "rule"]

    def test_read_table_gives_the_frame_back(self):
        frame = pd.DataFrame({"row": [18, 65], "rule": ["out_of_scale", "missing_required"],
                              "value": ["6", None]})
        back = read_table(json.loads(dumps(Table(frame))))
        assert back["row"].tolist() == [18, 65]
        assert back["rule"].tolist() == ["out_of_scale", "missing_required"]
        assert back["value"].iloc[0] == "6" and pd.isna(back["value"].iloc[1])

    @pytest.mark.parametrize("encoding", ["utf-8", "UTF8", "gb18030", "utf-16"])
    def test_dump_into_a_file_writes_what_dumps_returns(self, tmp_path, encoding):
        """Into a UTF-8 file a table's pieces go to the binary buffer between the text
        around them; into a file of another encoding they are encoded as the text is."""
        import survey.jsonable as module

        frame = pd.DataFrame({"n": [1, 2, 3], "t": ["中", "😀", None],
                              "c": pd.Categorical(["x", None, "x"]), "f": [0.5, np.nan, 1e16]})
        value = {"before": "中文", "t": Table(frame), "rows": [{"x": None}], "after": [1]}
        path = tmp_path / "out.json"
        saved, module.CHUNK_ROWS = module.CHUNK_ROWS, 2
        try:
            with open(path, "w", encoding=encoding, newline="") as handle:
                dump(value, handle)
                handle.write("\n")
            expected = dumps(value) + "\n"
        finally:
            module.CHUNK_ROWS = saved
        assert path.read_text(encoding=encoding) == expected
        assert json.loads(expected)["t"]["data"][1] == ["中", "😀", None]

    def test_a_lone_surrogate_is_refused_as_the_text_file_refuses_it(self, tmp_path):
        """Text no UTF-8 file can hold raises, as writing it as text did."""
        value = {"t": Table(pd.DataFrame({"s": pd.Series(["\ud800", "a"], dtype=object)}))}
        with open(tmp_path / "out.json", "w", encoding="utf-8") as handle, \
                pytest.raises(UnicodeEncodeError):
            dump(value, handle)

    def test_dump_writes_what_dumps_returns(self):
        import io

        value = {"n": 1, "t": Table(pd.DataFrame({"a": [1, 2]})), "rows": [{"x": None}]}
        handle = io.StringIO()
        dump(value, handle)
        assert handle.getvalue() == dumps(value)


def _items_row_by_row(column: pd.Series) -> str:
    """A column's JSON items as the encoder writes the list of its values, one by one."""
    values = [None if v is None or (isinstance(v, float) and not math.isfinite(v))
              or v is pd.NA else v for v in column.astype(object).tolist()]
    return json.dumps(values, ensure_ascii=False, separators=(", ", ": "))[1:-1]


texts = st.one_of(st.none(), st.just(float("nan")),
                  st.text(alphabet=st.characters(codec="utf-8"), max_size=4),
                  st.sampled_from(['a"b', "c\\d", "e\nf", "\x00", "\x1f\x7f", "中文", "", " "]))


class TestColumnItems:
    """A Table's column encoded (text columns a distinct value at a time when they repeat)
    equals the encoder's list of its values."""

    @given(st.lists(texts, max_size=30), st.sampled_from([object, "string", str]),
           st.booleans())
    def test_text_columns(self, values, dtype, repeat):
        from survey.jsonable import _json_items

        if repeat:  # a column of few distinct texts, as the findings' rules and details
            values = (values * 3)[:60]
        column = pd.Series(values, dtype=dtype)
        assert _json_items(column).decode() == _items_row_by_row(column)

    @given(st.lists(st.one_of(st.none(), st.integers(-5, 5), st.floats(), st.text(max_size=2),
                              st.booleans()), max_size=20))
    def test_mixed_object_columns(self, values):
        from survey.jsonable import _json_items

        column = pd.Series(values * 3, dtype=object)
        assert json.loads(f"[{_json_items(column).decode()}]") == json.loads(
            f"[{_items_row_by_row(column)}]")
        assert _json_items(column).decode() == _items_row_by_row(column)

    def test_repeated_texts_are_encoded_once_each(self, monkeypatch):
        """A column of a million rows and three texts costs three encodings."""
        import survey.jsonable as module

        calls = []
        encode = module._encode_text
        monkeypatch.setattr(module, "_encode_text", lambda t: calls.append(t) or encode(t))
        column = pd.Series(["a", "b\n", None, "中"] * 250_000, dtype="str")
        assert module._json_items(column).decode() == _items_row_by_row(column)
        assert sorted(calls) == ["a", "b\n", "中"]


def _python_values_reference(column: pd.Series) -> list:
    """The former per-value conversion of a column (before pyarrow joined the items); a
    categorical as the object column of its values (the former code wrote the integer
    categories of a column with blanks as floats)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype(object)
    kind = column.dtype.kind
    if kind in "iubf":
        blank = column.isna().to_numpy().copy()
        dtype = {"i": "int64", "u": "uint64", "b": "bool"}.get(kind, "float64")
        data = column.to_numpy(dtype=dtype, na_value=0)
        if kind == "f":
            blank |= ~np.isfinite(data)
        out = data.tolist()
        for i in np.flatnonzero(blank).tolist():
            out[i] = None
        return out
    cells = column.to_numpy(dtype=object, copy=True)
    cells[column.isna().to_numpy()] = None
    return [v if v is None or type(v) is str or type(v) is int else jsonable(v)
            for v in cells.tolist()]


def _items_reference(column: pd.Series) -> str:
    """The former encoding of a column's items: every value through the standard encoder,
    with the settings results.json is written with (``ensure_ascii=False``)."""
    return json.dumps(_python_values_reference(column), ensure_ascii=False,
                      separators=(", ", ": "), allow_nan=False)[1:-1]


#: Text JSON escapes or writes as it is: quotes, backslashes, controls, DEL, non-ASCII,
#: emoji, the line separators JavaScript once refused.
hard_texts = st.one_of(
    st.text(max_size=6),
    st.sampled_from(['a"b', "c\\d", "e\nf", "\x00", "\x1f\x7f", "中文", "", " ", "😀",
                     "\u2028\u2029", "é", "\t\r\b\f", "null", "1"]))
blanks = st.sampled_from([None, np.nan, pd.NA])
int64s = st.integers(-2**63, 2**63 - 1)
edge_floats = st.one_of(st.floats(), st.sampled_from(
    [-0.0, 0.0, 1e-7, 1e16, 1e15, 0.1 + 0.2, 2.5, 1 / 3, 5e-324, 1.7976931348623157e308,
     float("inf"), float("-inf"), float("nan"), 123456789.0, 1e22, 1e-5, 0.0001]))


def _column(values, dtype, repeat):
    if repeat:  # a few values over many rows, as the findings' rules and details
        values = (values * 5)[:80]
    return pd.Series(values, dtype=dtype)


class TestColumnItemsAgainstTheFormerEncoder:
    """Each kind of column, a chunk encoded by pyarrow, by code or by run, gives the text the
    former value-by-value encoder gave."""

    @given(st.lists(int64s, max_size=30), st.sampled_from(["int64", "Int64", object]),
           st.booleans())
    def test_integers(self, values, dtype, repeat):
        from survey.jsonable import _json_items

        column = _column(values, dtype, repeat)
        assert _json_items(column).decode() == _items_reference(column)

    @given(st.lists(st.one_of(int64s, st.none()), max_size=30), st.booleans())
    def test_nullable_integers_and_big_object_integers(self, values, big):
        from survey.jsonable import _json_items

        column = pd.Series(values, dtype="Int64")
        assert _json_items(column).decode() == _items_reference(column)
        mixed = pd.Series([*values, 2**64 + 1] if big else values, dtype=object)
        assert _json_items(mixed).decode() == _items_reference(mixed)

    @given(st.lists(st.integers(0, 2**64 - 1), max_size=20))
    def test_unsigned(self, values):
        from survey.jsonable import _json_items

        column = pd.Series(values, dtype="uint64")
        assert _json_items(column).decode() == _items_reference(column)

    @given(st.lists(st.one_of(st.booleans(), st.none()), max_size=20),
           st.sampled_from(["bool", "boolean", object]))
    def test_booleans(self, values, dtype):
        from survey.jsonable import _json_items

        if dtype == "bool":
            values = [bool(v) for v in values]
        column = pd.Series(values, dtype=dtype)
        assert _json_items(column).decode() == _items_reference(column)

    @given(st.lists(edge_floats, max_size=30), st.sampled_from(["float64", object]),
           st.booleans())
    def test_floats(self, values, dtype, repeat):
        from survey.jsonable import _json_items

        column = _column(values, dtype, repeat)
        assert _json_items(column).decode() == _items_reference(column)

    @given(st.lists(st.one_of(hard_texts, blanks), max_size=30),
           st.sampled_from([object, "str", "string", "string[python]", "string[pyarrow]"]),
           st.booleans())
    def test_texts(self, values, dtype, repeat):
        from survey.jsonable import _json_items

        column = _column(values, dtype, repeat)
        assert _json_items(column).decode() == _items_reference(column)

    @given(st.lists(st.one_of(hard_texts, blanks, st.integers(-3, 3), st.booleans(),
                              edge_floats, st.just("\ud800")), max_size=20))
    def test_mixed_objects(self, values):
        from survey.jsonable import _json_items

        column = pd.Series(values, dtype=object)
        try:
            expected = _items_reference(column)
        except ValueError:  # NaN or inf as a float of a mixed column is refused
            return
        try:
            expected.encode()
        except UnicodeEncodeError:  # a lone surrogate: never writable into a UTF-8 file
            with pytest.raises(UnicodeEncodeError):
                _json_items(column)
            return
        assert _json_items(column).decode() == expected

    @given(st.lists(hard_texts, min_size=1, max_size=6, unique=True),
           st.lists(st.integers(-1, 8), max_size=40), st.booleans())
    def test_categoricals_with_unused_categories_and_blanks(self, categories, codes, runs):
        from survey.jsonable import _json_items

        if runs:  # long runs of one code, as the findings' rules and actions
            codes = sorted(codes * 20)
        codes = [c if c < len(categories) else -1 for c in codes]
        column = pd.Series(pd.Categorical.from_codes(codes, categories=categories))
        assert _json_items(column).decode() == _items_reference(column)

    @given(st.lists(st.one_of(st.integers(-5, 5), st.none()), max_size=30),
           st.sampled_from([[-5, 0, 5, 9], [0.5, np.inf, -0.0, 1e16]]))
    def test_categoricals_of_numbers(self, values, categories):
        from survey.jsonable import _json_items

        picked = [None if v is None else categories[v % len(categories)] for v in values]
        column = pd.Series(pd.Categorical(picked, categories=categories))
        assert _json_items(column).decode() == _items_reference(column)

    @given(st.lists(st.tuples(st.integers(-5, 5), hard_texts, st.one_of(hard_texts, blanks)),
                    max_size=40), st.integers(1, 9),
           st.sampled_from([object, "str", "category"]))
    def test_chunked_columns(self, rows, chunk, dtype):
        """A Table's columns written a few rows at a time (pyarrow slices with an offset,
        categories encoded once for all chunks) read as the former encoder's lists."""
        import survey.jsonable as module

        frame = pd.DataFrame(rows, columns=["n", "text", "blank"]).astype(
            {"text": dtype, "blank": dtype})
        saved, module.CHUNK_ROWS = module.CHUNK_ROWS, chunk
        try:
            written = [", ".join(Table(frame).column_json(i)) for i in range(3)]
        finally:
            module.CHUNK_ROWS = saved
        assert written == [_items_reference(frame[c]) for c in frame.columns]


class TestArrowItems:
    """Which columns pyarrow writes, and which it leaves to the encoder."""

    def test_integers_booleans_and_plain_text_are_joined_by_pyarrow(self):
        from survey.jsonable import _arrow_items

        assert _arrow_items(pd.Series([3, -2**63, 2**63 - 1])) == \
            b"3, -9223372036854775808, 9223372036854775807"
        assert _arrow_items(pd.Series([1, None], dtype="Int64")) == b"1, null"
        assert _arrow_items(pd.Series([True, False])) == b"true, false"
        assert _arrow_items(pd.Series(["R1", None, "中😀"], dtype="str")) == \
            '"R1", null, "中😀"'.encode()
        assert _arrow_items(pd.Series(["a", "", "b"], dtype=object)) == b'"a", "", "b"'

    @pytest.mark.parametrize("values", [[0.5, 1e16], ['a"b'], ["c\\d"], ["e\nf"], ["\x1f"],
                                        [1, "a"], [2**64]])
    def test_floats_escapes_and_mixed_objects_are_left_to_the_encoder(self, values):
        from survey.jsonable import _arrow_items

        assert _arrow_items(pd.Series(values, dtype=object)) is None

    def test_an_escape_outside_the_slice_is_not_looked_at(self):
        """A slice of a pyarrow column (an offset into its bytes) is checked over its own
        bytes only."""
        from survey.jsonable import _arrow_items

        column = pd.Series(['a"', "b", "c", 'd\\'], dtype="str")
        assert _arrow_items(column.iloc[1:3]) == b'"b", "c"'
        assert _arrow_items(column.iloc[0:2]) is None


class TestJoined:
    @given(st.lists(st.tuples(st.integers(-1, 3), st.integers(1, 30)), max_size=12))
    def test_runs_join_as_the_cells_do(self, runs):
        """Codes in runs (long or short; -1, a blank, takes the last cell) join to
        ``", ".join(cells[codes])``."""
        from survey.jsonable import _joined

        cells = np.array([b'"a"', '"中"'.encode(), b"7", b"", b"null"], dtype=object)
        codes = np.array([c for c, n in runs for _ in range(n)], dtype=np.int8)
        assert _joined(cells, codes) == b", ".join(cells[codes].tolist())

    @given(st.lists(st.integers(-1, 4), max_size=200), st.sampled_from(["int8", "int16",
                                                                         "int64"]))
    def test_taken_joins_as_the_cells_do(self, codes, dtype):
        """The pyarrow ``take`` joins any codes (a category's code of any width, -1 the
        last cell) to ``", ".join(cells[codes])``, an empty text among the cells included."""
        from survey.jsonable import _taken

        cells = np.array([b'"a"', '"中文 – 1"'.encode(), b"7", b"", b"null"], dtype=object)
        array = np.array(codes, dtype=dtype)
        if len(array):
            assert _taken(cells, array) == b", ".join(cells[array].tolist())
