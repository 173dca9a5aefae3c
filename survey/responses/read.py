"""Read response files as they arrive: CSV (UTF-8, UTF-8 with BOM, GB18030/GBK) and Excel.

:func:`read_table` returns the file's cells as text, exactly as written (nothing guessed,
nothing converted); :func:`read_responses` then maps that table onto an instrument. Input
files are only ever opened for reading.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from survey.errors import MissingFileError, ResponseFileError
from survey.instrument.model import Instrument
from survey.responses.mapping import map_responses

__all__ = ["RawTable", "detect_encoding", "file_sha256", "read_responses", "read_table"]

#: Tried in order. GB18030 is a superset of GBK and GB2312, as Chinese Excel saves CSV.
CANDIDATE_ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass(frozen=True)
class RawTable:
    """A data file's cells as strings (missing cells as ``<NA>``), with what was detected."""

    path: Path
    frame: pd.DataFrame
    encoding: str | None


def detect_encoding(data: bytes) -> str:
    """The first of UTF-8 (with or without BOM) and GB18030 that decodes ``data`` strictly.

    >>> detect_encoding("满意".encode("gbk"))
    'gb18030'
    >>> detect_encoding("满意".encode("utf-8"))
    'utf-8-sig'
    """
    for encoding in CANDIDATE_ENCODINGS:
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    raise UnicodeDecodeError("gb18030", data, 0, 1, "neither UTF-8 nor GB18030")


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file's bytes (for provenance footers and the never-modified check)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_table(
    path: str | Path, *, encoding: str | None = None, sheet: str | int | None = None
) -> RawTable:
    """Read a CSV or Excel file as text cells; the header row names the columns."""
    path = Path(path)
    if not path.is_file():
        raise MissingFileError.for_path(path, "response file")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return _read_csv(path, encoding)
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return _read_excel(path, sheet)
    raise ResponseFileError(
        "unsupported file type", code="unsupported_file_type", file=str(path),
        expected=".csv or .xlsx", got=suffix or "(no suffix)",
    )


def _read_csv(path: Path, encoding: str | None) -> RawTable:
    data = path.read_bytes()
    if encoding is None:
        try:
            encoding = detect_encoding(data)
        except UnicodeDecodeError as exc:
            raise ResponseFileError(
                "cannot tell the text encoding", code="unknown_encoding", file=str(path),
                expected="UTF-8 or GB18030/GBK text",
                hint="Pass --encoding with the file's encoding.",
            ) from exc
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ResponseFileError(
            f"cannot decode as {encoding}", code="bad_encoding", file=str(path),
        ) from exc

    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ResponseFileError(
            f"not a readable CSV table: {exc}", code="bad_csv", file=str(path)
        ) from exc
    return RawTable(path=path, frame=_tidy(frame), encoding=encoding)


def _read_excel(path: Path, sheet: str | int | None) -> RawTable:
    try:
        frame = pd.read_excel(path, sheet_name=0 if sheet is None else sheet, dtype=str)
    except ValueError as exc:  # unknown sheet, unreadable workbook
        raise ResponseFileError(f"cannot read the workbook: {exc}", code="bad_excel",
                                file=str(path)) from exc
    except Exception as exc:  # zip/xlrd errors for corrupt files; the message says why
        raise ResponseFileError(f"cannot read the workbook: {exc}", code="bad_excel",
                                file=str(path)) from exc
    return RawTable(path=path, frame=_tidy(frame), encoding=None)


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Strip whitespace, make blank cells missing, index rows as a spreadsheet numbers them."""
    frame = frame.rename(columns=lambda c: str(c).strip())
    frame = frame.apply(lambda col: col.astype("string").str.strip())
    frame = frame.mask(frame == "")
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="row")
    return frame


def read_responses(
    path: str | Path,
    instrument: Instrument,
    *,
    encoding: str | None = None,
    sheet: str | int | None = None,
) -> pd.DataFrame:
    """Read a response file and map it onto ``instrument``'s variables.

    Returns one row per returned questionnaire, indexed by its row in the file (header =
    row 1), with the respondent id column, an optional ``duration_seconds`` column and
    one column per variable (codes as float64 so that a mistyped 3.5 reaches screening;
    open answers as text).
    """
    table = read_table(path, encoding=encoding, sheet=sheet)
    return map_responses(table.frame, instrument, file=str(table.path))
