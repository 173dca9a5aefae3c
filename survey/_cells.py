"""The one place spreadsheets and CSV files are written: text stays text.

A cell whose text begins with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is
read by Excel, WPS and LibreOffice as a formula: a question text ``=HYPERLINK(…)`` or an
option label ``=cmd|' /C calc'!A0`` taken from an imported form would run when the evaluator
opens the codebook (CSV/formula injection, OWASP). Every workbook and CSV the toolkit writes
goes through this module, and ``tests/test_cells.py`` fails if anything else calls
``Workbook.save``, ``DataFrame.to_csv`` or ``DataFrame.to_excel``:

- :func:`save_workbook` stores every such text as a string cell with Excel's quote prefix
  (the cell shows the text; editing it keeps it text), then saves atomically;
- :func:`write_csv` prefixes such a field with a single quote, as the OWASP guidance says
  for CSV, where a file cannot say "this is text".

Numbers stay numbers: only text is touched.
"""

from __future__ import annotations

import codecs
import io
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from survey._atomic import atomic_path

__all__ = [
    "FORMULA_STARTS", "append_csv", "is_formula_like", "neutralise", "save_workbook",
    "workbook_bytes", "write_csv",
]

#: First characters that make a spreadsheet program read a text as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    """True for text a spreadsheet would evaluate.

    >>> is_formula_like("=1+1"), is_formula_like("－1"), is_formula_like(-1)
    (True, False, False)
    """
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value: Any) -> Any:
    """A CSV field that cannot run: formula-like text gets a leading single quote.

    >>> neutralise("=cmd|' /C calc'!A0"), neutralise("满意"), neutralise(3)
    ("'=cmd|' /C calc'!A0", '满意', 3)
    """
    return "'" + value if is_formula_like(value) else value


def _text_stays_text(book: Any) -> None:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or is_formula_like(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True


def workbook_bytes(book: Any) -> bytes:
    """An openpyxl workbook as .xlsx bytes, every formula-like text stored as text (for a
    workbook that goes inside another file: a Word chart's data, a package made
    reproducible before it is written)."""
    _text_stays_text(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def save_workbook(book: Any, path: str | Path) -> Path:
    """Save an openpyxl workbook atomically with every formula-like text stored as text."""
    _text_stays_text(book)
    path = Path(path)
    with atomic_path(path) as tmp:
        book.save(tmp)
    return path


def write_csv(frame: pd.DataFrame, path: str | Path, *, encoding: str = "utf-8-sig") -> Path:
    """Write ``frame`` (without its index) as CSV, atomically, formula-like text neutralised.
    The header is checked as well as the cells."""
    safe = _safe(frame)
    path = Path(path)
    # UTF-8 with its byte-order mark written first, not through the utf-8-sig codec: that
    # one is Python code called for every line the writer writes.
    bom = codecs.lookup(encoding).name == "utf-8-sig"
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8" if bom else encoding,
                                        newline="") as handle:
        if bom:
            handle.write("\ufeff")
        # CRLF, as Excel writes CSV; it also makes the writer quote any field holding a CR.
        safe.to_csv(handle, index=False, lineterminator="\r\n")
    return path


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = _safe_column(safe[column])
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe


def _safe_column(column: pd.Series) -> pd.Series:
    """``column`` with :func:`neutralise` applied to every cell. In a text column (strings
    and blanks only) the formula-like cells are found all at once (:func:`_formula_cells`),
    the column left as it is when there are none, and only those cells get their quote.
    Other columns (categoricals, mixed objects) are mapped cell by cell (a categorical
    category by category)."""
    text = isinstance(column.dtype, pd.StringDtype) or (
        column.dtype == object
        and pd.api.types.infer_dtype(column, skipna=True) in ("string", "empty"))
    if not text:
        return column.map(neutralise, na_action="ignore")
    hit = _formula_cells(column)
    if not hit.any():
        return column
    cells = column.to_numpy(dtype=object, copy=True)
    cells[hit] = ["'" + cell for cell in cells[hit].tolist()]
    return pd.Series(cells, index=column.index, name=column.name, dtype=column.dtype)


#: :data:`FORMULA_STARTS` as bytes: each is one ASCII character, so a UTF-8 text starts
#: with one of them exactly when its first byte is that character's (no byte of a
#: longer character is below 0x80).
_START_BYTES = np.array([ord(c) for c in FORMULA_STARTS], dtype=np.uint8)


def _formula_cells(column: pd.Series) -> np.ndarray:
    """Which cells of the text column ``column`` are :func:`is_formula_like`, as a boolean
    array: the first byte of each text read from pyarrow's UTF-8 buffer (blanks and empty
    texts are not); texts pyarrow cannot hold (lone surrogates) are tested one distinct
    text at a time."""
    import pyarrow as pa

    try:
        array = pa.array(column, from_pandas=True, type=pa.large_string())
    except (pa.ArrowException, TypeError, ValueError, UnicodeError):
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
        formula = np.fromiter((is_formula_like(u) for u in uniques.tolist()), dtype=bool,
                              count=len(uniques))
        hit: np.ndarray = np.r_[formula, False][codes]  # code -1 (a blank): False
        return hit
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int64)[
        array.offset:array.offset + len(array) + 1]
    data = array.buffers()[2]
    starts = offsets[:-1]
    valid = np.asarray(array.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    found: np.ndarray = (offsets[1:] > starts) & valid
    if data is None or not found.any():
        return np.zeros(len(array), dtype=bool)
    first = np.frombuffer(data, dtype=np.uint8)[starts[found]]
    found[found] = np.isin(first, _START_BYTES)
    return found


def append_csv(frame: pd.DataFrame, handle: Any, *, header: bool) -> None:
    """Append ``frame``'s rows (without its index) to an open text ``handle`` as CSV, as
    :func:`write_csv` writes them (formula-like text neutralised, CRLF): for files written
    batch by batch, whose rows are never all held (the caller makes the file atomic)."""
    _safe(frame).to_csv(handle, index=False, header=header, lineterminator="\r\n")
