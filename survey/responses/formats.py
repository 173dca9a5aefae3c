"""The file formats responses arrive in, read as they are: CSV, Excel, SPSS and Stata.

Each reader yields the file's table in one or more chunks (CSV is read in chunks so a
million rows need not sit in memory twice), indexed by the row a spreadsheet program shows
(header = row 1), with cells as the format stores them: numbers as numbers, text as text,
empty cells missing. Nothing is recoded here. Files are opened for reading only.

- CSV/TXT: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (a superset of GBK and
  GB2312), detected by decoding the whole file strictly, block by block; comma, tab or
  semicolon separated (from the header line).
- ``.xlsx``/``.xlsm`` through python-calamine; legacy ``.xls`` (问卷星's downloads) through xlrd.
- ``.sav``/``.zsav`` (SPSS) and ``.dta`` (Stata) through pyreadstat, with variable labels
  and value labels kept for mapping; SPSS user-missing values are read as missing.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from survey._archive import check_archive
from survey.errors import MissingFileError, ResponseFileError
from survey.responses._arrow_csv import LineFeeds, arrow_chunks

__all__ = ["CSV_SUFFIXES", "EXCEL_SUFFIXES", "STAT_SUFFIXES", "FileChunks", "FileScan",
           "count_rows", "csv_encoding", "detect_encoding", "line_count", "open_chunks",
           "scan_file"]

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")
STAT_SUFFIXES = (".sav", ".zsav", ".dta")
#: Tried in order after a byte-order mark. GB18030 is a superset of GBK and GB2312.
CANDIDATE_ENCODINGS = ("utf-8-sig", "gb18030")
_BLOCK = 1 << 20
#: Rows per CSV chunk.
CHUNK_ROWS = 200_000

Progress = Callable[[float], None]


@dataclass(frozen=True)
class FileChunks:
    """A data file opened for reading: its header, what was detected, and its row chunks.

    ``chunks`` yields frames whose columns are ``columns`` and whose index is the
    spreadsheet row number. ``value_labels`` (SPSS, Stata) maps a column to
    ``{code: label}``; ``column_labels`` maps a column to its variable label.
    """

    path: Path
    columns: tuple[str, ...]
    encoding: str | None
    chunks: Iterator[pd.DataFrame]
    value_labels: dict[str, dict[float, str]] = field(default_factory=dict)
    column_labels: dict[str, str] = field(default_factory=dict)
    separator: str | None = None


def detect_encoding(data: bytes | Path) -> str:
    """The encoding of CSV bytes (or of a file): a BOM's, else the first of UTF-8 and
    GB18030 that decodes every byte strictly.

    >>> detect_encoding("满意".encode("gbk"))
    'gb18030'
    >>> detect_encoding("满意".encode("utf-8"))
    'utf-8-sig'
    >>> detect_encoding("\\ufeff满意".encode("utf-16-le"))
    'utf-16'
    """
    if isinstance(data, Path):
        with open(data, "rb") as handle:
            head = handle.read(4)
    else:
        head = data[:4]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in CANDIDATE_ENCODINGS:
        if _decodes(data, encoding):
            return encoding
    raise UnicodeDecodeError("gb18030", bytes(head), 0, 1, "neither UTF-8 nor GB18030")


def _decodes(data: bytes | Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        if isinstance(data, Path):
            with open(data, "rb") as handle:
                for block in iter(lambda: handle.read(_BLOCK), b""):
                    decoder.decode(block)
        else:
            decoder.decode(data)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def open_chunks(
    path: str | Path,
    *,
    encoding: str | None = None,
    sheet: str | int | None = None,
    text_columns: frozenset[str] | Literal["all"] = frozenset(),
    progress: Progress | None = None,
    nrows: int | None = None,
    cuts: tuple[int, ...] = (),
) -> FileChunks:
    """Open a response file for reading in chunks (one chunk for all but CSV).

    ``text_columns`` (CSV) are read as text even where they look numeric (respondent ids
    keep their leading zeros); ``"all"`` reads every column as text. ``cuts`` (CSV): where
    the file's chunks of :data:`CHUNK_ROWS` lines end, from :func:`scan_file` (found while
    reading when not given). Raises
    :class:`~survey.errors.ResponseFileError` for a file that cannot be read, naming the
    file and why.
    """
    path = Path(path)
    if not path.is_file():
        raise MissingFileError.for_path(path, "response file")
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return _csv_chunks(path, encoding, text_columns, progress, nrows, cuts)
    if suffix in (".xlsx", ".xlsm"):
        frame = _read_xlsx(path, sheet)
    elif suffix == ".xls":
        frame = _read_xls(path, sheet)
    elif suffix in STAT_SUFFIXES:
        return _read_stat(path, nrows)
    else:
        raise ResponseFileError(
            "unsupported file type", code="unsupported_file_type", file=str(path),
            expected="a .csv, .xlsx, .xls, .sav or .dta file", got=suffix or "(no suffix)",
        )
    _check_header([str(c).lstrip("\ufeff").strip() for c in frame.columns], path)
    frame = _finish(frame, path)
    if nrows is not None:
        frame = frame.iloc[:nrows]
    return FileChunks(path, tuple(frame.columns), None, iter([frame]))


# --- CSV ---------------------------------------------------------------------------------

def csv_encoding(path: Path, encoding: str | None) -> str:
    """``encoding`` checked, or the CSV file's encoding detected (:func:`detect_encoding`);
    raises :class:`~survey.errors.ResponseFileError` naming the file when neither works."""
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise ResponseFileError(
                "unknown encoding", code="bad_encoding", file=str(path),
                expected="an encoding Python knows (utf-8, gb18030, gbk …)", got=encoding,
            ) from exc
        return encoding
    try:
        return detect_encoding(path)
    except UnicodeDecodeError as exc:
        raise ResponseFileError(
            "cannot tell the text encoding", code="unknown_encoding", file=str(path),
            expected="UTF-8 or GB18030/GBK text",
            hint="Pass --encoding with the file's encoding.",
        ) from exc


#: Longest header line read (characters): beyond it a file is refused, not truncated.
HEADER_LIMIT = 1 << 24


def _header_record(path: Path, encoding: str) -> tuple[list[str], str]:
    """The first record of the file (decoded, as written, however long: a header of
    100,000 columns is read whole) and the separator it uses."""
    with open(path, encoding=encoding, newline="") as handle:
        line = handle.readline(HEADER_LIMIT + 1)
        if len(line) > HEADER_LIMIT:
            raise ResponseFileError(
                "the header row is too long", code="header_too_long", file=str(path),
                expected=f"a first row of at most {HEADER_LIMIT:,} characters")
        line = line.rstrip("\r\n").lstrip("\ufeff")
        counts = {sep: line.count(sep) for sep in (",", "\t", ";")}
        sep = max(counts, key=lambda s: counts[s]) if any(counts.values()) else ","
        handle.seek(0)
        try:
            record = next(csv.reader(handle, delimiter=sep), [])
        except csv.Error:
            record = []
    return [c.lstrip("\ufeff") for c in record], sep


def _csv_chunks(
    path: Path, encoding: str | None, text_columns: frozenset[str] | Literal["all"],
    progress: Progress | None, nrows: int | None, cuts: tuple[int, ...] = (),
) -> FileChunks:
    encoding = csv_encoding(path, encoding)
    try:
        raw_header, sep = _header_record(path, encoding)
    except (UnicodeDecodeError, UnicodeError) as exc:
        raise ResponseFileError(f"cannot decode as {encoding}", code="bad_encoding",
                                file=str(path)) from exc
    header = [h.strip() for h in raw_header]
    if not any(header):
        raise ResponseFileError("no header row", code="bad_csv", file=str(path),
                                expected="a first row naming the columns")
    _check_header(header, path)
    # index_col=False: a row with more fields than the header must not make pandas take the
    # first column as the index (every column would move one place along); such rows are
    # looked at by _extra_fields instead.
    width = len(raw_header)
    names = [h if h else f"Unnamed: {i}" for i, h in enumerate(header)]
    dtype: Any
    if text_columns == "all":
        dtype = "str"
    else:
        dtype = {n: "str" for n, h in zip(names, header, strict=True) if h in text_columns}
    size = max(path.stat().st_size, 1)

    def parsed() -> Iterator[tuple[pd.DataFrame, float]]:
        """pandas' chunks, with the share of the file read after each."""
        with open(path, "rb") as handle:
            reader = iter(pd.read_csv(
                handle, encoding=encoding, sep=sep, header=0, names=names,
                index_col=False, dtype=dtype or None, keep_default_na=False,
                na_values=[""], chunksize=CHUNK_ROWS, nrows=nrows,
                skip_blank_lines=False, encoding_errors="strict",
            ))
            scanned = False
            while True:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", pd.errors.ParserWarning)
                    chunk = next(reader, None)
                if chunk is None:
                    break
                if not scanned and any(issubclass(w.category, pd.errors.ParserWarning)
                                       for w in caught):
                    _extra_fields(path, encoding, sep, width)
                    scanned = True
                yield chunk, min(handle.tell() / size, 1.0)

    def read() -> Iterator[tuple[pd.DataFrame, float]]:
        """pyarrow's chunks for as long as it reads them as pandas does; then pandas reads
        the file from its header and hands on the chunks after those: as it would have,
        with its errors where they would have been."""
        done = 0
        if nrows is None:
            fast = arrow_chunks(path, encoding=encoding, sep=sep, names=names,
                                text=text_columns, chunk_rows=CHUNK_ROWS, cuts=cuts)
            while True:
                try:
                    item = next(fast)
                except StopIteration as stop:
                    if stop.value:  # every row read
                        return
                    break
                done += 1
                yield item
        for number, item in enumerate(parsed()):
            if number >= done:
                yield item

    def chunks() -> Iterator[pd.DataFrame]:
        first_row = 2
        try:
            for chunk, share in read():
                chunk.index = pd.RangeIndex(first_row, first_row + len(chunk), name="row")
                first_row += len(chunk)
                yield _finish(chunk, path, strip=False)
                if progress is not None:
                    progress(share)
        except ResponseFileError:
            raise
        except _PARSE_ERRORS as exc:
            fields = _FIELDS.search(str(exc))
            if fields is not None:  # "Expected 17 fields in line 5, saw 18"
                _too_many(int(fields.group(2)), int(fields.group(3)), width, path, exc)
            raise ResponseFileError(
                f"not a readable table: {_short(exc)}", code="bad_csv", file=str(path),
                row=first_row if first_row > 2 else None,
            ) from exc

    return FileChunks(path, tuple(header), encoding, chunks(), separator=sep)


_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_PARSE_ERRORS = (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeError, csv.Error,
                 ValueError, OverflowError, IndexError)


def _extra_fields(path: Path, encoding: str, sep: str, width: int) -> None:
    """Raise naming the first row with a filled field past the header's ``width``.

    pandas drops fields past the header with only a warning; this pass, made only when it
    warned, tells an empty one (every row ending in a separator, as some exports write:
    dropped, nothing lost) from a value that would be lost."""
    with open(path, encoding=encoding, newline="") as handle:
        for row, record in enumerate(csv.reader(handle, delimiter=sep), start=1):
            if len(record) > width and any(field.strip() for field in record[width:]):
                _too_many(row, len(record), width, path, None)


def _too_many(row: int, fields: int, width: int, path: Path,
              cause: BaseException | None) -> None:
    raise ResponseFileError(
        f"row {row} has {fields} fields where the header has {width}", code="extra_fields",
        file=str(path), row=row, expected=f"at most {width} fields, as the header names",
        hint="A separator inside a text cell needs the cell in double quotes.") from cause


@dataclass(frozen=True)
class FileScan:
    """What one pass over a file's bytes gives: ``lines``, its line breaks plus one (an
    upper bound of its CSV records: the larger of its line feeds and carriage returns),
    ``sha256``, the SHA-256 of its bytes (hex, as :func:`survey.responses.file_sha256`),
    and ``cuts``, the offsets just after line feeds number 1, 1 + every, 1 + 2 · every …
    (counted from 1; empty unless ``every`` was given): where a one-line header ends and
    each piece of ``every`` lines after it ends, for the CSV reader's chunks."""

    lines: int
    sha256: str
    cuts: tuple[int, ...] = ()


def scan_file(path: Path, every: int | None = None) -> FileScan:
    """Count a file's line breaks, hash its bytes and (``every``) note where its chunks of
    ``every`` lines end, in one pass, block by block: sizing the answer block, the
    provenance hash and cutting the file into chunks read it once between them. A block's
    line feeds are located only where a cut falls in it."""
    newlines = returns = offset = 0
    cuts: list[int] = []
    digest = hashlib.sha256()
    block = bytearray(_BLOCK)
    view = memoryview(block)
    feeds = LineFeeds(_BLOCK)
    with open(path, "rb", buffering=0) as handle:
        while n := handle.readinto(block):
            digest.update(view[:n])
            found = feeds.mark(block, n)
            if every is not None:
                # the first line feed number k > newlines with k - 1 a multiple of every
                first = newlines + (-newlines % every) + 1
                if first <= newlines + found:
                    ends = feeds.positions(n)
                    cuts += [offset + int(ends[k - newlines - 1]) + 1
                             for k in range(first, newlines + found + 1, every)]
            newlines += found
            offset += n
            if block.find(b"\r", 0, n) >= 0:
                returns += block.count(b"\r", 0, n)
    return FileScan(lines=max(newlines, returns) + 1, sha256=digest.hexdigest(),
                    cuts=tuple(cuts))


def line_count(path: Path) -> int:
    """Line breaks in a file (an upper bound of its CSV records), counted in blocks."""
    return scan_file(path).lines


def count_rows(chunks: FileChunks) -> int:
    """Rows of data in a file (CSV: counted by reading one column, in chunks)."""
    if chunks.separator is None:
        return sum(len(c) for c in chunks.chunks)
    total = 0
    try:
        with open(chunks.path, "rb") as handle:
            for part in pd.read_csv(handle, encoding=chunks.encoding, sep=chunks.separator,
                                    usecols=[0], index_col=False, dtype="str",
                                    chunksize=CHUNK_ROWS,
                                    keep_default_na=False, skip_blank_lines=True):
                total += len(part)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeError, csv.Error,
            ValueError, OverflowError, IndexError) as exc:
        raise ResponseFileError(f"not a readable table: {_short(exc)}", code="bad_csv",
                                file=str(chunks.path)) from exc
    return total


def _check_header(header: list[str], path: Path) -> None:
    """Raise for column names that repeat (after trimming): which one would be read?"""
    counts = Counter(h for h in header if h)
    repeated = sorted(h for h, n in counts.items() if n > 1)
    if repeated:
        raise ResponseFileError(
            "column names repeat", code="duplicate_column", file=str(path), row=1,
            column=repeated[0], expected="each column named once",
            got=f"{len(repeated)} repeated name(s): {', '.join(repeated[:5])}",
        )


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


# --- Excel -------------------------------------------------------------------------------

def _read_xlsx(path: Path, sheet: str | int | None) -> pd.DataFrame:
    """The sheet's cells as pandas reads them with python-calamine (Rust's calamine): numbers,
    text, booleans and dates as stored, a formula as its saved value, empty cells missing.
    openpyxl read a 100,000-row export in 10.8 s, calamine in 1.2 s."""
    check_archive(path, ResponseFileError, "workbook")
    try:
        with pd.ExcelFile(path, engine="calamine") as book:
            names = [str(n) for n in book.sheet_names]
            name = _sheet_name(path, sheet, names)
            # header=None: pandas would rename a repeated header ("x" → "x.1") unseen.
            cells = pd.read_excel(book, sheet_name=name, header=None, dtype=object,
                                  na_values=[""], keep_default_na=False)
    except ResponseFileError:
        raise
    except Exception as exc:  # zip, XML and calamine errors of a corrupt file; say why
        raise ResponseFileError(f"cannot read the workbook: {_short(exc)}", code="bad_excel",
                                file=str(path)) from exc
    if cells.isna().to_numpy().any():
        member = _sheet_member(path, name)
        cell = None if member is None else _uncached_formula(path, member)
        if cell is not None:
            raise ResponseFileError(
                f"cell {cell} holds a formula saved without its value, which would read as "
                "empty", code="uncalculated_formula", file=str(path),
                hint="The program that wrote the file did not calculate it: open and save it "
                     "in Excel or WPS, or export the sheet as CSV.")
    if cells.empty:
        _empty_sheet(path, sheet, names)
    header = ["" if pd.isna(v) else str(v) for v in cells.iloc[0]]
    frame = cells.iloc[1:].reset_index(drop=True)
    frame.columns = [h if h.strip() else f"Unnamed: {i}" for i, h in enumerate(header)]
    return frame


def _sheet_name(path: Path, sheet: str | int | None, names: list[str]) -> str:
    """The name of the worksheet ``sheet`` chooses: its name, or its place among the
    worksheets (counted from 0; chart sheets are not counted, as Excel's sheet list and
    openpyxl do not count them, though calamine's own index does)."""
    if isinstance(sheet, str) and sheet in names:
        return sheet
    if (sheet is None or isinstance(sheet, int)) and 0 <= (sheet or 0) < len(names):
        return names[sheet or 0]
    raise ResponseFileError(
        "the workbook has no such sheet", code="bad_excel", file=str(path),
        expected=f"one of the sheets {', '.join(names)}" if names else "a worksheet",
        got=f"sheet {sheet}")


def _sheet_member(path: Path, name: str) -> str | None:
    """The archive path of the worksheet ``name``'s XML, or ``None`` if the workbook does not
    say: ``xl/workbook.xml`` names each sheet with a relationship id, and
    ``xl/_rels/workbook.xml.rels`` gives that id's part (ECMA-376 Part 1, §18.2.19–20)."""
    import zipfile

    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)

    def local(element: etree._Element) -> str:
        return etree.QName(element).localname

    try:
        with zipfile.ZipFile(path) as archive:
            book = etree.fromstring(archive.read("xl/workbook.xml"), parser)
            rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), parser)
            members = set(archive.namelist())
    except (KeyError, OSError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return None
    rel_id = next((value for element in book.iter() if local(element) == "sheet"
                   and element.get("name") == name
                   for key, value in element.attrib.items()
                   if etree.QName(key).localname == "id"), None)
    target = next((element.get("Target") for element in rels.iter()
                   if local(element) == "Relationship" and element.get("Id") == rel_id), None)
    if rel_id is None or target is None:
        return None
    member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return member if member in members else None


#: One cell element with its contents (a self-closing ``<c r="A1"/>`` does not match).
_CELL = re.compile(rb'<c\b([^>]*?\br="([A-Z]{1,3}[0-9]+)"[^>]*)(?<!/)>(.*?)</c>', re.DOTALL)


def _uncached_formula(path: Path, member: str) -> str | None:
    """The reference of the first formula cell saved without a value, or ``None``.

    A formula cell is read as its saved value; a file written by a program that does not
    calculate (openpyxl, many exporters) has none, and the cell would read
    as empty. The sheet's XML is streamed; only blocks holding a formula are searched."""
    import zipfile

    with zipfile.ZipFile(path) as archive, archive.open(member.lstrip("/")) as handle:
        carry = b""
        for block in iter(lambda: handle.read(1 << 20), b""):
            text = carry + block
            cut = text.rfind(b"</c>") + 4  # whole cells only; the rest waits for the next
            whole, carry = text[:cut], text[cut:]
            if b"<f" not in whole:
                continue
            for match in _CELL.finditer(whole):
                attributes, inner = match.group(1), match.group(3)
                # t="str" with an empty value is a formula that calculated to "" (=IF(…,""))
                if b"<f" in inner and re.search(rb"<v>[^<]", inner) is None \
                        and b't="str"' not in attributes:
                    return match.group(2).decode()
    return None


def _empty_sheet(path: Path, sheet: str | int | None, names: list[str]) -> None:
    """Raise for a sheet with no header row, naming it and the workbook's sheets."""
    name = names[sheet] if isinstance(sheet, int) and 0 <= sheet < len(names) else (
        names[0] if sheet is None and names else sheet)
    raise ResponseFileError(
        "the sheet is empty", code="empty_sheet", file=str(path),
        expected="a first row naming the columns", got=f"sheet {name}",
        hint=f"The workbook's sheets: {', '.join(names)}; choose one with --sheet.",
    )


def _read_xls(path: Path, sheet: str | int | None) -> pd.DataFrame:
    import xlrd

    try:
        # xlrd prints 'WARNING *** …' lines (odd sizes, missing CODEPAGE) to stdout around
        # our one-line message; what matters is raised, so its log goes nowhere.
        book = xlrd.open_workbook(str(path), on_demand=True, logfile=io.StringIO())
        try:
            if sheet is None or isinstance(sheet, int):
                table = book.sheet_by_index(sheet or 0)
            else:
                table = book.sheet_by_name(sheet)
            columns = [_xls_column(table, j, book.datemode) for j in range(table.ncols)]
            names = [str(n) for n in book.sheet_names()]
        finally:
            book.release_resources()
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct.error …
        raise ResponseFileError(f"cannot read the workbook: {_short(exc)}", code="bad_excel",
                                file=str(path)) from exc
    if not columns:
        _empty_sheet(path, sheet, names)
    header = ["" if v is None else str(v) for v in (c[0] for c in columns)]
    data = {i: pd.Series(c[1:], dtype=object) for i, c in enumerate(columns)}
    frame = pd.DataFrame(data)
    frame.columns = [h if h else f"Unnamed: {i}" for i, h in enumerate(header)]
    return frame


def _xls_column(table: Any, j: int, datemode: Literal[0, 1]) -> list[Any]:
    import xlrd

    values, types = table.col_values(j), table.col_types(j)
    out: list[Any] = []
    for value, kind in zip(values, types, strict=True):
        if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            out.append(None)
        elif kind == xlrd.XL_CELL_NUMBER:
            out.append(int(value) if float(value).is_integer() else value)
        elif kind == xlrd.XL_CELL_DATE:
            try:
                out.append(xlrd.xldate_as_datetime(value, datemode).isoformat(sep=" "))
            except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                out.append(value)
        elif kind == xlrd.XL_CELL_BOOLEAN:
            out.append(int(value))
        elif kind == xlrd.XL_CELL_ERROR:
            out.append(xlrd.error_text_from_code.get(value, "#ERROR"))
        else:
            out.append(value)
    return out


# --- SPSS and Stata ----------------------------------------------------------------------

def _read_stat(path: Path, nrows: int | None) -> FileChunks:
    import pyreadstat

    reader = pyreadstat.read_dta if path.suffix.lower() == ".dta" else pyreadstat.read_sav
    try:
        frame, meta = reader(str(path), apply_value_formats=False, row_limit=nrows or 0)
    except Exception as exc:  # ReadstatError, PyreadstatError, OSError of a corrupt file
        raise ResponseFileError(f"cannot read the data file: {_short(exc)}", code="bad_stat_file",
                                file=str(path)) from exc
    labels: dict[str, dict[float, str]] = {}
    for column, mapping in (meta.variable_value_labels or {}).items():
        numeric = {}
        for code, label in mapping.items():
            try:
                numeric[float(code)] = str(label)
            except (TypeError, ValueError):
                continue
        if numeric:
            labels[column] = numeric
    column_labels = {c: str(lab) for c, lab in (meta.column_names_to_labels or {}).items() if lab}
    frame = _finish(frame, path)
    return FileChunks(path, tuple(frame.columns), getattr(meta, "file_encoding", None),
                      iter([frame]), value_labels=labels, column_labels=column_labels)


# --- shared ------------------------------------------------------------------------------

def _finish(frame: pd.DataFrame, path: Path, *, strip: bool = True) -> pd.DataFrame:
    """Header names trimmed; blank text cells missing (``strip``; CSV chunks leave that to
    the converters, which work on distinct values); empty unnamed columns dropped; rows
    numbered as a spreadsheet shows them (header = row 1); rows with no cell filled left
    out (they keep no number: the rows below keep theirs)."""
    frame = frame.rename(columns=lambda c: str(c).lstrip("\ufeff").strip())
    for column in frame.columns if strip else ():
        values = frame[column]
        if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
            frame[column] = _strip_text(values)
    unnamed = [c for c in frame.columns
               if str(c).startswith("Unnamed: ") and frame[c].isna().all()]
    if unnamed:
        frame = frame.drop(columns=unnamed)
    if frame.index.name != "row":
        frame.index = pd.RangeIndex(2, len(frame) + 2, name="row")
    if len(frame.columns) and not _no_blank_row(frame):
        # A blank row (an empty line, ",,," or an empty spreadsheet row) is no questionnaire.
        frame = frame[frame.notna().any(axis=1)]
    return frame


def _no_blank_row(frame: pd.DataFrame) -> bool:
    """Whether some column has every cell filled, so that no row is blank: checked column
    by column, stopping at the first such column (a respondent id column, usually the
    first), instead of marking every cell of the frame."""
    return any(not frame.iloc[:, i].hasnans for i in range(frame.shape[1]))


def _strip_text(values: pd.Series) -> pd.Series:
    """Trim text cells and turn blank ones into missing; numbers in object columns stay."""
    if isinstance(values.dtype, pd.StringDtype):
        text = values.str.strip()
        return text.mask(text == "")
    is_str = np.fromiter((isinstance(v, str) for v in values.to_numpy()), dtype=bool,
                         count=len(values))
    if not is_str.any():
        return values
    out = values.copy()
    stripped = values[is_str].str.strip()
    out[is_str] = stripped.where(stripped != "", None)
    return out
