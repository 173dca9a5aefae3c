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

import io
from pathlib import Path
from typing import Any

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
    with atomic_path(path) as tmp:
        # CRLF, as Excel writes CSV; it also makes the writer quote any field holding a CR.
        safe.to_csv(tmp, index=False, encoding=encoding, lineterminator="\r\n")
    return path


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise, na_action="ignore")
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe


def append_csv(frame: pd.DataFrame, handle: Any, *, header: bool) -> None:
    """Append ``frame``'s rows (without its index) to an open text ``handle`` as CSV, as
    :func:`write_csv` writes them (formula-like text neutralised, CRLF): for files written
    batch by batch, whose rows are never all held (the caller makes the file atomic)."""
    _safe(frame).to_csv(handle, index=False, header=header, lineterminator="\r\n")
