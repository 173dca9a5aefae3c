"""results.json writing: the fast pretty-printer and frame records against the standard library."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
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
        assert _json_items(column) == _items_row_by_row(column)

    @given(st.lists(st.one_of(st.none(), st.integers(-5, 5), st.floats(), st.text(max_size=2),
                              st.booleans()), max_size=20))
    def test_mixed_object_columns(self, values):
        from survey.jsonable import _json_items

        column = pd.Series(values * 3, dtype=object)
        assert json.loads(f"[{_json_items(column)}]") == json.loads(
            f"[{_items_row_by_row(column)}]")
        assert _json_items(column) == _items_row_by_row(column)

    def test_repeated_texts_are_encoded_once_each(self, monkeypatch):
        """A column of a million rows and three texts costs three encodings."""
        import survey.jsonable as module

        calls = []
        encode = module._encode_text
        monkeypatch.setattr(module, "_encode_text", lambda t: calls.append(t) or encode(t))
        column = pd.Series(["a", "b\n", None, "中"] * 250_000, dtype="str")
        assert module._json_items(column) == _items_row_by_row(column)
        assert sorted(calls) == ["a", "b\n", "中"]
