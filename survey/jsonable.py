"""Turning results into JSON: NaN and inf become ``null``, numpy scalars become Python.

:func:`dumps` (a string) and :func:`dump` (into an open file) write the results file:
objects indented as ``json.dumps(indent=2)`` would, but each flat record of a list (a
mapping of scalars) on one line, encoded by the C encoder. Indented output otherwise forces
Python's pure-Python encoder, a function call per value: at 100,000 respondents that is
millions of calls.

A table that grows with the respondents (the screening findings: a million at a million
rows) is written column-wise, as :class:`Table`: ``{"columns": [names], "data": [[first
column's values], [second column's values], …]}``, a chunk of rows at a time, so only a
chunk's text is held. A column is encoded whole rather than value by value where it can be:
integers, booleans and text formatted and joined by pyarrow, a categorical (the findings'
rules, columns, details and actions) each category once and taken by code, runs of one value
written as one repeated string; floats and mixed objects go value by value through the C
encoder. The text is the same either way. :func:`read_table` reads it back into a frame.
"""

from __future__ import annotations

import codecs
import json
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

import numpy as np
import pandas as pd

__all__ = ["CHUNK_ROWS", "Records", "Table", "dump", "dumps", "jsonable", "read_table",
           "records"]

#: Rows of a :class:`Table` converted and encoded at a time.
CHUNK_ROWS = 100_000


class Records(list[dict[str, Any]]):
    """Rows made by :func:`records`: already JSON-ready, so :func:`jsonable` passes them
    through instead of walking every value a second time."""


def records(frame: pd.DataFrame) -> Records:
    """A frame's rows as mappings (column → value), in order; blanks become ``None`` and
    numpy scalars Python ones.

    >>> records(pd.DataFrame({"a": [1, 2], "b": [0.5, np.nan]}))
    [{'a': 1, 'b': 0.5}, {'a': 2, 'b': None}]
    """
    if frame.empty:
        return Records()
    columns = [str(c) for c in frame.columns]
    values = [_python_values(frame.iloc[:, i]) for i in range(frame.shape[1])]
    return Records(dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True))


@dataclass(frozen=True, eq=False)
class Table:
    """A frame written column-wise by :func:`dumps` and :func:`dump`: ``{"columns": [...],
    "data": [[...], ...]}``, ``data[i]`` holding column ``columns[i]``'s values in row order
    (blanks ``null``), converted a chunk of :data:`CHUNK_ROWS` rows at a time.

    >>> print(dumps({"t": Table(pd.DataFrame({"row": [2, 5], "rule": ["a", None]}))}))
    {
      "t": {
        "columns": ["row", "rule"],
        "data": [
          [2, 5],
          ["a", null]
        ]
      }
    }
    """

    frame: pd.DataFrame

    @property
    def columns(self) -> list[str]:
        """The column names, in order."""
        return [str(c) for c in self.frame.columns]

    def column_chunks(self, i: int) -> list[list[Any]]:
        """Column ``i``'s values as JSON-ready Python lists of at most :data:`CHUNK_ROWS`."""
        column = self.frame.iloc[:, i]
        return [_python_values(column.iloc[start:start + CHUNK_ROWS])
                for start in range(0, len(column), CHUNK_ROWS)]

    def column_json(self, i: int) -> Iterator[str]:
        """Column ``i``'s values encoded, :data:`CHUNK_ROWS` at a time: each piece the JSON
        items of a chunk separated by ``", "`` (the encoded list without its brackets),
        empty chunks left out."""
        return (piece.decode() for piece in self.column_utf8(i))

    def column_utf8(self, i: int) -> Iterator[bytes]:
        """:meth:`column_json`'s pieces in UTF-8, as they are made (the file is UTF-8)."""
        column = self.frame.iloc[:, i]
        encode = _items_encoder(column)
        for start in range(0, len(column), CHUNK_ROWS):
            piece = encode(column.iloc[start:start + CHUNK_ROWS])
            if piece:
                yield piece

    def to_dict(self) -> dict[str, Any]:
        """The table as the plain mapping it is written as."""
        return {"columns": self.columns,
                "data": [_python_values(self.frame.iloc[:, i])
                         for i in range(self.frame.shape[1])]}

    def __repr__(self) -> str:
        return f"Table({self.columns}, {len(self.frame)} rows)"


def read_table(data: Mapping[str, Any]) -> pd.DataFrame:
    """A table written by :class:`Table` (``{"columns", "data"}``) as a frame.

    >>> read_table({"columns": ["row", "rule"], "data": [[2, 5], ["a", None]]})
       row rule
    0    2    a
    1    5  NaN
    """
    columns = [str(c) for c in data["columns"]]
    return pd.DataFrame(dict(zip(columns, data["data"], strict=True)), columns=columns)


def _python_values(column: pd.Series) -> list[Any]:
    """One column as Python values, NaN/NA/inf → None (vectorised where the dtype allows;
    a categorical's categories converted once and taken by code)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        taken: list[Any] = _category_values(column.dtype)[column.cat.codes.to_numpy()].tolist()
        return taken
    kind = column.dtype.kind
    if kind in "iubf":
        # Nullable integers (Int64) would become floats through NaN: fill, then blank again.
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
    values: list[Any] = cells.tolist()
    if pd.api.types.infer_dtype(cells, skipna=True) in ("string", "empty"):
        return values  # text and blanks only: JSON-ready as they are
    # Text and Python ints are already JSON-ready: skip the call for them (most cells).
    return [v if v is None or type(v) is str or type(v) is int else jsonable(v)
            for v in values]


def _items_encoder(column: pd.Series) -> Callable[[pd.Series], bytes]:
    """What encodes the chunks of ``column`` into JSON items (:func:`_json_items`): for a
    categorical, each category encoded once for the whole column and taken by code."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return _json_items
    values = _category_values(column.dtype)
    # code -1 (a blank) takes the last entry, None: null
    cells = np.fromiter((_compact(v).encode() for v in values.tolist()), dtype=object,
                        count=len(values))
    return lambda chunk: _joined(cells, chunk.cat.codes.to_numpy())


def _category_values(dtype: pd.CategoricalDtype) -> np.ndarray:
    """The categories as Python values (:func:`_python_values`) followed by ``None``, for a
    code of -1 (a blank) to take."""
    values = _python_values(pd.Series(dtype.categories))
    return np.fromiter([*values, None], dtype=object, count=len(values) + 1)


def _joined(cells: np.ndarray, codes: np.ndarray) -> bytes:
    """``b", ".join(cells[codes])`` (a code of -1 takes the last cell, as numpy indexing
    does): a run of equal codes at a time where runs are long (the findings are sorted by
    rule: a rule or an action repeats over a hundred thousand rows, written as one repeated
    string), else by :func:`_taken`."""
    if not len(codes):
        return b""
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    if 8 * len(starts) > len(codes):
        return _taken(cells, codes)
    lengths = np.diff(np.r_[starts, len(codes)]).tolist()
    return b", ".join([(cell + b", ") * (n - 1) + cell
                       for cell, n in zip(cells[codes[starts]].tolist(), lengths, strict=True)])


def _taken(cells: np.ndarray, codes: np.ndarray) -> bytes:
    """``b", ".join(cells[codes])`` by one pyarrow ``take``: each cell is stored once with
    its separator after it, and the taken array's values, which pyarrow lays out one after
    another in a fresh buffer, are the joined text followed by one separator. No Python
    object is made per value (a million findings' details are 50 MB of text). ``codes`` is
    not empty."""
    import pyarrow as pa

    items = pa.array([cell + b", " for cell in cells.tolist()], type=pa.large_binary())
    positions = np.where(codes < 0, codes + len(cells), codes)
    taken = items.take(pa.array(positions, type=pa.int64()))
    offsets = np.frombuffer(taken.buffers()[1], dtype=np.int64)
    start, end = int(offsets[taken.offset]), int(offsets[taken.offset + len(taken)])
    return memoryview(taken.buffers()[2])[start:end - 2].tobytes()


def _json_items(column: pd.Series) -> bytes:
    """``column``'s values as JSON items separated by ``", "``, in UTF-8: the text of
    ``_compact(_python_values(column))`` without its brackets, built a column at a time
    where the dtype allows.

    * a categorical: each category encoded once, taken by code (:func:`_items_encoder`);
    * a text column (only strings and blanks) whose first rows repeat: encoded a distinct
      value at a time (:func:`pandas.factorize`) and the pieces joined in row order (the
      findings' values repeat a few texts over a million rows);
    * integers, booleans and other text: formatted and joined by pyarrow
      (:func:`_arrow_items`);
    * anything else (floats, whose shortest ``repr`` pyarrow does not write, mixed
      objects): value by value through the encoder."""
    if not len(column):
        return b""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return _items_encoder(column)(column)
    if _repeats(column) and (isinstance(column.dtype, pd.StringDtype) or (
            column.dtype == object
            and pd.api.types.infer_dtype(column, skipna=True) in ("string", "empty"))):
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
        # code -1 (a blank) takes the last entry, null
        encoded = np.array([*(_encode_text(u).encode() for u in uniques.tolist()), b"null"],
                           dtype=object)
        return _joined(encoded, codes)
    fast = _arrow_items(column)
    if fast is not None:
        return fast
    return _compact(_python_values(column))[1:-1].encode()


def _arrow_items(column: pd.Series) -> bytes | None:
    """``column``'s JSON items formatted and joined by pyarrow (in UTF-8, as pyarrow holds
    text), or ``None`` when it cannot: a column neither integers, booleans nor text (an object column is
    read by pyarrow first), or text holding a character JSON escapes (``"``, ``\\``,
    controls below U+0020; the encoder writes other characters as they are, as
    ``ensure_ascii=False`` does here).

    Integers are written in decimal and booleans as ``true``/``false``, as the encoder
    does; text is quoted; blanks are ``null``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.dtype.kind
    if not (kind in "iub" or column.dtype == object
            or isinstance(column.dtype, pd.StringDtype)):
        return None
    try:
        array = pa.array(column, from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return None  # mixed objects, ints beyond 64 bits, lone surrogates: value by value
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    kind_of = array.type
    if pa.types.is_integer(kind_of) or pa.types.is_boolean(kind_of):
        items = pc.cast(array, pa.large_string())
    elif pa.types.is_string(kind_of) or pa.types.is_large_string(kind_of):
        text = array.cast(pa.large_string())
        if _escaped(text):
            return None
        if not text.null_count:
            return b'"' + _arrow_join(text, '", "') + b'"'
        quote = pa.scalar('"', pa.large_string())
        items = pc.binary_join_element_wise(quote, text, quote, pa.scalar("", pa.large_string()))
    else:
        return None
    if items.null_count:
        items = pc.fill_null(items, pa.scalar("null", pa.large_string()))
    return _arrow_join(items, ", ")


def _arrow_join(items: Any, separator: str) -> bytes:
    """The strings of the pyarrow ``large_string`` array ``items`` joined by ``separator``,
    in UTF-8."""
    import pyarrow as pa
    import pyarrow.compute as pc

    one = pa.LargeListArray.from_arrays(pa.array([0, len(items)], pa.int64()), items)
    joined = pc.binary_join(one, pa.scalar(separator, pa.large_string()))[0]
    utf8: bytes = joined.as_buffer().to_pybytes()
    return utf8


def _escaped(text: Any) -> bool:
    """Whether any string of the pyarrow ``large_string`` array ``text`` holds a byte JSON
    escapes: ``"``, ``\\`` or a control below 0x20 (in UTF-8 these bytes are never part of a
    longer character)."""
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)
    data = text.buffers()[2]
    if data is None:
        return False
    start, end = offsets[text.offset], offsets[text.offset + len(text)]
    raw = np.frombuffer(data, dtype=np.uint8)[start:end]
    return bool(((raw < 0x20) | (raw == 0x22) | (raw == 0x5C)).any())


def _repeats(column: pd.Series, sample: int = 1000) -> bool:
    """Whether the first ``sample`` values hold each distinct value twice on average (an id
    column does not: encoding each distinct value would cost more than each value)."""
    head = column.iloc[:sample]
    return 2 * head.nunique(dropna=False) <= len(head)


def jsonable(value: Any) -> Any:
    """``value`` with NaN/inf → None, numpy scalars → Python, tuples → lists.

    >>> jsonable({"a": float("nan"), "b": np.int64(3), "c": (1.5,)})
    {'a': None, 'b': 3, 'c': [1.5]}
    """
    if isinstance(value, Records | Table):
        return value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def dumps(value: Any, indent: int = 2) -> str:
    """``value`` (already :func:`jsonable`) as indented JSON, flat records one per line.

    >>> print(dumps({"n": 2, "rows": [{"a": 1}, {"a": None}], "empty": []}))
    {
      "n": 2,
      "rows": [
        {"a": 1},
        {"a": null}
      ],
      "empty": []
    }
    """
    parts: list[str] = []
    _write(value, 0, indent, lambda piece: parts.append(
        piece if isinstance(piece, str) else piece.decode()))
    return "".join(parts)


def dump(value: Any, handle: IO[str], indent: int = 2) -> None:
    """Write :func:`dumps` of ``value`` into the open text file ``handle``, piece by piece
    (a :class:`Table` a chunk of each column at a time), never holding the whole text. A
    table's pieces, made in UTF-8, go straight into the binary buffer of a UTF-8 file
    rather than being decoded and encoded again."""
    _write(value, 0, indent, _emitter(handle))


def _emitter(handle: IO[str]) -> Callable[[str | bytes], object]:
    """What writes a piece of text, or of UTF-8, into ``handle``: UTF-8 into its binary
    buffer, after the text written before it, when the file is UTF-8 (the pieces hold no
    line break to translate), else decoded."""
    buffer = getattr(handle, "buffer", None)
    encoding = getattr(handle, "encoding", None)
    if buffer is None or encoding is None or codecs.lookup(encoding).name != "utf-8":
        return lambda piece: handle.write(piece if isinstance(piece, str) else piece.decode())

    def emit(piece: str | bytes) -> object:
        if isinstance(piece, str):
            return handle.write(piece)
        handle.flush()
        return buffer.write(piece)

    return emit


_SCALARS = (str, int, float, bool, type(None))


def _flat(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(v, _SCALARS) or (isinstance(v, list) and
                   all(isinstance(x, _SCALARS) for x in v)) for v in value.values())
    return False


# One encoder for every call: json.dumps with options builds a new one each time.
_compact = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "), allow_nan=False).encode
#: What that encoder writes for a text (quoted, escaped), without its checks.
_encode_text: Callable[[str], str] = json.encoder.encode_basestring


def _write_table(table: Table, depth: int, indent: int,
                 emit: Callable[[str | bytes], object]) -> None:
    inner, data = " " * (indent * (depth + 1)), " " * (indent * (depth + 2))
    emit(f'{{\n{inner}"columns": {_compact(table.columns)},\n{inner}"data": [')
    count = table.frame.shape[1]
    for i in range(count):
        emit(f"\n{data}[")
        for j, piece in enumerate(table.column_utf8(i)):
            if j:
                emit(", ")
            emit(piece)
        emit("]," if i < count - 1 else "]")
    emit(f"\n{inner}]\n" if count else "]\n")
    emit(" " * (indent * depth) + "}")


def _write(value: Any, depth: int, indent: int, emit: Callable[[str | bytes], object]) -> None:
    inner = " " * (indent * (depth + 1))
    if isinstance(value, Table):
        _write_table(value, depth, indent, emit)
    elif isinstance(value, dict) and value:
        emit("{\n")
        for i, (key, item) in enumerate(value.items()):
            emit(f"{inner}{json.dumps(str(key), ensure_ascii=False)}: ")
            _write(item, depth + 1, indent, emit)
            emit(",\n" if i < len(value) - 1 else "\n")
        emit(" " * (indent * depth) + "}")
    elif isinstance(value, list) and value:
        if all(isinstance(v, _SCALARS) for v in value):
            emit(_compact(value))
            return
        emit("[\n")
        if isinstance(value, Records):  # rows of a frame: each on one line, no check needed
            emit(inner + f",\n{inner}".join(map(_compact, value)) + "\n")
            emit(" " * (indent * depth) + "]")
            return
        last = len(value) - 1
        for i, item in enumerate(value):
            emit(inner)
            if _flat(item):
                emit(_compact(item))
            else:
                _write(item, depth + 1, indent, emit)
            emit(",\n" if i < last else "\n")
        emit(" " * (indent * depth) + "]")
    else:
        emit(_compact(value))
