"""A CSV file's row chunks through pyarrow's parser, where it reads them exactly as pandas'.

pandas' C parser, with the options :mod:`survey.responses.formats` reads CSV with (only an
empty cell is missing; ``text`` columns as pandas ``str``; the other columns' types
inferred chunk by chunk), takes about 1 s of CPU for a million rows of 16 columns, a
quarter of it turning text cells into Python strings and then into Arrow memory. pyarrow's
parser reads them in about 0.3 s and hands its text columns to pandas without a copy
(``StringDtype.__from_arrow__``).

:func:`arrow_chunks` cuts the rows after the header into the chunks pandas makes (the same
number of rows each, a record being a line) and parses each with pyarrow, inferring the types
from the chunk as pandas does. A chunk's columns are made as pandas makes them: whole
numbers ``int64``, or ``float64`` when the chunk has a blank (NaN); decimals ``float64``;
text ``str``; a column with no cell filled ``float64`` NaN (``str`` if asked as text).

The two parsers agree on what is missing (an empty cell) and on numbers (both round
decimals correctly), but not everywhere. A column pyarrow reads as dates, times or
true/false is read again as text (pandas reads these as text, or as ``bool`` from other
spellings than pyarrow's: the text check below decides). From the first chunk where the
two might disagree, the generator stops; pandas then reads the file from its header and
hands on the chunks after those already read, so that its chunks and errors are those of
a reading by pandas alone. The chunks where they might disagree:

- any error of pyarrow's (a row with more or fewer fields than the header, bytes that are
  not UTF-8, GB18030 that does not decode);
- a field in quotes that holds a line break (the chunk has fewer records than lines, or
  its last record is left open), a carriage return not followed by a line feed (a record
  end a line count does not see); a header line with quotes or a carriage return, or
  no row at all (then pandas reads from the start);
- an encoding other than UTF-8 and GB18030/GBK/GB2312 (whose bytes never hold a line
  feed inside a character, and which are decoded here before pyarrow parses UTF-8);
- ``nan`` written as a number (pyarrow: NaN; pandas: text); ``0x1A`` in the chunk (pyarrow
  reads hexadecimal, pandas text); an infinite number;
- a whole number beyond 2**53 in a decimal column, or in a whole-number column with
  blanks (pandas may keep it exact as ``uint64`` or a Python int);
- a decimal column with no blank and only whole numbers in a chunk holding ``+``
  (``+5``: pyarrow reads a decimal, pandas an ``int64``);
- a column read as text (not asked to be) whose every cell pandas might still read as a
  number or true/false (``\\v5``: pandas trims the vertical tab, pyarrow does not), or
  with a whole number of 20 digits or more (past 2**64 - 1 pandas reads the column's
  blanks as empty text).

The tests compare both readings chunk by chunk on random files holding all of these.
"""

from __future__ import annotations

import codecs
from collections.abc import Generator
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

__all__ = ["Chunks", "LineFeeds", "arrow_chunks"]

#: Encodings read here: UTF-8 as it is, the GB family decoded to UTF-8 first.
_UTF8 = ("utf-8", "utf-8-sig")
_GB = ("gb18030", "gbk", "gb2312")
#: Whole numbers from this on may not be exact in float64.
_EXACT = 2 ** 53
#: Every cell pandas could read as a number or true/false matches this (a superset: ASCII
#: white space as pandas trims it, a sign, digits and point, an exponent; inf, infinity
#: and nan; true/false in any case).
_NUMBER_LIKE = (r"(?i)^[ \t\n\v\f\r]*(?:[+-]?[0-9.]*(?:e[+-]?[0-9]*)?|[+-]?inf(?:inity)?"
                r"|[+-]?nan|true|false)[ \t\n\v\f\r]*$")
#: A cell pandas may read as a whole number past 2**64 - 1 (20 digits or more): in a text
#: column it then reads the chunk's blank cells as "" instead of missing.
_BEYOND_UINT64 = r"^[ \t\n\v\f\r]*\+?[0-9]{20,}[ \t\n\v\f\r]*$"
#: Bytes read at a time while looking for chunk ends.
_WINDOW = 1 << 23

#: Yields (chunk, share of the file read); returns whether every row was read (if not,
#: pandas reads the file and hands on the chunks after those yielded).
Chunks = Generator[tuple[pd.DataFrame, float], None, bool]


def _str_dtype() -> pd.StringDtype | None:
    """The dtype pandas gives text it reads (``str``), when it keeps text in Arrow memory."""
    inferred = pd.Series(["a"]).dtype
    if (isinstance(inferred, pd.StringDtype) and inferred.storage == "pyarrow"
            and pd.Series([], dtype="str").dtype == inferred):
        return inferred
    return None


def arrow_chunks(
    path: Path, *, encoding: str, sep: str, names: list[str],
    text: frozenset[str] | Literal["all"], chunk_rows: int, cuts: tuple[int, ...] = (),
) -> Chunks:
    """The file's rows after the header in chunks of ``chunk_rows``, each read by pyarrow
    as pandas would read it, for as long as that is sure (see the module).

    ``names`` are the columns in order; those in ``text`` (or all) are read as text.
    ``cuts``: the offsets just after line feeds number 1, 1 + ``chunk_rows`` … (from the
    pass that counted the file's lines, :func:`survey.responses.formats.scan_file`), so
    that the file is not scanned again; found here when not given (or not starting where
    the header ends)."""
    dtype: Any = _str_dtype()  # its __from_arrow__ (pandas' protocol) is not in pandas-stubs
    codec = codecs.lookup(encoding).name
    if dtype is None or codec not in _UTF8 + _GB:
        return False
    import pyarrow as pa
    import pyarrow.csv as csv

    wanted = set(names) if text == "all" else {n for n in names if n in text}
    as_text = set(wanted)  # and columns found holding dates, times or true/false
    read_options = csv.ReadOptions(column_names=names, use_threads=False)
    parse_options = csv.ParseOptions(delimiter=sep, ignore_empty_lines=False,
                                     newlines_in_values=True)
    size = max(path.stat().st_size, 1)
    with open(path, "rb") as handle:
        header = handle.readline()
        if (not header.endswith(b"\n") or b'"' in header
                or b"\r" in header[:-2] or header.count(b"\r") > 1):
            return False
        start = len(header)
        if not handle.peek(1):  # no rows: as pandas says it
            return False
        pieces = (_pieces_at(path, cuts, chunk_rows) if cuts and cuts[0] == start
                  else _record_chunks(path, start, chunk_rows))
        for body, lines in pieces:
            if b"\r" in body and body.count(b"\r") != body.count(b"\r\n"):
                return False
            if not body.endswith(b"\n") and b'"' in body[body.rfind(b"\n") + 1:]:
                return False  # a quote on the last line, unended: pandas refuses it
            try:
                data = body if codec in _UTF8 else body.decode(codec).encode("utf-8")
                while True:
                    table = csv.read_csv(
                        pa.py_buffer(data), read_options=read_options,
                        parse_options=parse_options,
                        convert_options=csv.ConvertOptions(
                            column_types={n: pa.string() for n in as_text},
                            null_values=[""], strings_can_be_null=True,
                            quoted_strings_can_be_null=True))
                    other = {f.name for f in table.schema if not _pandas_type(f.type)}
                    if not other:
                        break
                    as_text |= other
            except (pa.ArrowException, ValueError, UnicodeError):
                return False
            if table.num_rows != lines or not _same_as_pandas(table, wanted, data) or (
                    b'"' in data and _open_quote(table)):
                return False
            start += len(body)
            frame = pd.DataFrame(_columns(table, names, dtype, wanted), columns=names,
                                 copy=False)
            del table, data
            yield frame, min(start / size, 1.0)
    return True


def _pandas_type(kind: Any) -> bool:
    """Text, int64, float64 or nothing: the types pandas' parser also infers."""
    import pyarrow as pa

    return bool(pa.types.is_string(kind) or pa.types.is_int64(kind)
                or pa.types.is_float64(kind) or pa.types.is_null(kind))


def _record_chunks(path: Path, start: int,
                   chunk_rows: int) -> Generator[tuple[bytes, int], None, None]:
    """The file from byte ``start`` on in pieces of ``chunk_rows`` lines (each with its line
    feed; the last one as it ends), with the number of lines in each.

    The file is scanned in one reused window whose line feeds are marked in one reused
    array of flags (:class:`LineFeeds`); only a window where a piece ends has its line
    feeds located. Each piece is then read whole from where it starts, its bytes copied
    once."""
    window = bytearray(_WINDOW)
    feeds = LineFeeds(_WINDOW)
    with open(path, "rb", buffering=0) as scan, open(path, "rb", buffering=0) as fetch:
        scan.seek(start)
        cut = position = start  # where the piece begins; where the window begins
        need = chunk_rows       # line feeds still to find for the piece
        while n := scan.readinto(window):
            lines = feeds.mark(window, n)
            if lines >= need:
                ends = feeds.positions(n)
                last = need - 1
                for last in range(need - 1, lines, chunk_rows):
                    end = position + int(ends[last]) + 1
                    yield _read_range(fetch, cut, end), chunk_rows
                    cut = end
                need = chunk_rows - (lines - 1 - last)
            else:
                need -= lines
            position += n
        if position > cut:
            body = _read_range(fetch, cut, position)
            yield body, chunk_rows - need + (not body.endswith(b"\n"))


def _pieces_at(path: Path, cuts: tuple[int, ...],
               chunk_rows: int) -> Generator[tuple[bytes, int], None, None]:
    """The pieces :func:`_record_chunks` gives, read at ``cuts`` found before (each of
    ``chunk_rows`` lines between two cuts; after the last cut, the rest of the file with
    its line feeds counted, plus one for a last line without one)."""
    with open(path, "rb", buffering=0) as fetch:
        for begin, end in zip(cuts[:-1], cuts[1:], strict=True):
            yield _read_range(fetch, begin, end), chunk_rows
        rest = _read_range(fetch, cuts[-1], max(path.stat().st_size, cuts[-1]))
        if rest:
            yield rest, rest.count(b"\n") + (not rest.endswith(b"\n"))


def _read_range(handle: Any, begin: int, end: int) -> bytes:
    """Bytes ``begin:end`` of an unbuffered file."""
    handle.seek(begin)
    parts = []
    while begin < end and (part := handle.read(end - begin)):
        parts.append(part)
        begin += len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)


class LineFeeds:
    """The line feeds of a buffer, marked in one reused array of flags (numpy compares
    and counts a MiB in a fraction of a millisecond, several times as fast as
    :meth:`bytes.count`); their positions are found only when asked for."""

    def __init__(self, size: int) -> None:
        self._flags = np.empty(size, dtype=bool)

    def mark(self, data: bytes | bytearray, n: int) -> int:
        """Mark the line feeds of ``data[:n]`` (``n`` at most the size given) and count
        them."""
        flags = self._flags[:n]
        np.equal(np.frombuffer(data, dtype=np.uint8, count=n), ord("\n"), out=flags)
        return int(np.count_nonzero(flags))

    def positions(self, n: int) -> np.ndarray:
        """The positions of the line feeds marked last (``n``: the length marked)."""
        return np.flatnonzero(self._flags[:n])


def _open_quote(table: Any) -> bool:
    """Whether the last row's text holds a line break: a quote opened on the last line and
    left open takes the line feed in (pyarrow accepts that at the end of its input; the
    record goes on in the next chunk)."""
    import pyarrow as pa

    last = table.slice(table.num_rows - 1)
    return any(pa.types.is_string(column.type) and any(
        "\n" in value or "\r" in value for value in column.to_pylist() if value is not None)
        for column in last.columns)


def _same_as_pandas(table: Any, text: set[str], data: bytes) -> bool:
    """Whether pandas would read every column of this chunk to the same values and dtype
    (``data``: the chunk's UTF-8 bytes)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    hexadecimal: list[bool] = []  # looked for once, at the first whole-number column
    for name, column in zip(table.column_names, table.columns, strict=True):
        kind = column.type
        if pa.types.is_null(kind) or name in text:
            continue
        if pa.types.is_string(kind):  # pandas: text only if some cell is no number
            filled = column.drop_null()
            if pc.all(pc.match_substring_regex(filled, _NUMBER_LIKE)).as_py() or pc.any(
                    pc.match_substring_regex(filled, _BEYOND_UINT64)).as_py():
                return False
        elif pa.types.is_int64(kind):
            if not hexadecimal:
                hexadecimal.append(_hexadecimal(data))
            if hexadecimal[0] or (column.null_count and _largest(column) >= _EXACT):
                return False
        elif pa.types.is_float64(kind):
            if not _below_exact(column) and (
                    pc.any(pc.is_nan(column)).as_py() or _largest(column) >= _EXACT):
                return False
            if not column.null_count and b"+" in data and pc.all(
                    pc.equal(pc.trunc(column), column)).as_py():
                return False
    return True


def _hexadecimal(data: bytes) -> bool:
    """Whether the bytes hold ``0x`` or ``0X`` (the rare byte looked for first)."""
    return (b"x" in data and b"0x" in data) or (b"X" in data and b"0X" in data)


def _below_exact(column: Any) -> bool:
    """Whether a float column surely holds no NaN and no magnitude of 2**53 or more, from
    the sum of its magnitudes (two quick passes, where pyarrow's ``min_max`` is several
    times slower): a rounded sum of non-negative floats is never below any of its terms,
    so a sum below 2**53 settles it. ``False`` (a NaN, an infinity, large numbers or many
    moderate ones) leaves the question to the exact checks."""
    import pyarrow.compute as pc

    total = pc.sum(pc.abs(column)).as_py()
    return total is None or total < _EXACT  # None: no number at all


def _largest(column: Any) -> float:
    """The largest magnitude in a numeric column (0 when it has no number; integers exact)."""
    import pyarrow.compute as pc

    low, high = pc.min_max(column).values()
    largest: float = max(abs(low.as_py() or 0), abs(high.as_py() or 0))
    return largest


def _columns(table: Any, names: list[str], dtype: Any, text: set[str]) -> dict[str, Any]:
    """The chunk's columns as :func:`_column` makes them, the numbers among them copied
    out of pyarrow's blocks (a column of a 10 MB chunk comes in ten) into the rows of one
    array per dtype: one allocation, large enough for numpy to ask for huge pages, where a
    new array per column and chunk had the kernel zero its pages one by one."""
    import pyarrow as pa

    out: dict[str, Any] = {}
    whole: list[tuple[str, Any]] = []    # int64 without a blank: int64
    decimal: list[tuple[str, Any]] = []  # float64, and int64 with a blank: float64
    for name, column in zip(names, table.columns, strict=True):
        if pa.types.is_int64(column.type):
            (decimal if column.null_count else whole).append((name, column))
        elif pa.types.is_float64(column.type):
            decimal.append((name, column))
        else:
            out[name] = _column(column, dtype, name in text)
    for group, kind in ((whole, np.int64), (decimal, np.float64)):
        rows = np.empty((len(group), table.num_rows), dtype=kind)
        for (name, column), row in zip(group, rows, strict=True):
            start = 0
            for piece in column.chunks:
                row[start:start + len(piece)] = piece.to_numpy(zero_copy_only=False)
                start += len(piece)
            out[name] = row
    return {n: out[n] for n in names}


def _column(array: Any, dtype: Any, text: bool) -> Any:
    """One chunk of one column as pandas' C parser makes it (see the module)."""
    import pyarrow as pa

    kind = array.type
    if pa.types.is_string(kind):
        if not text and array.null_count == len(array):
            return np.full(len(array), np.nan)
        return dtype.__from_arrow__(array)
    if pa.types.is_null(kind):
        return np.full(len(array), np.nan)
    if pa.types.is_int64(kind) and not array.null_count:
        return array.to_numpy()
    return array.to_numpy(zero_copy_only=False).astype("float64", copy=False)
