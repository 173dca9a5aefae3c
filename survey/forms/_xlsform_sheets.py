"""Reading an XLSForm: its sheets as rows, and the cells the import interprets.

:func:`read_sheets` opens the workbook and returns the ``survey``, ``choices`` and
``settings`` sheets as lists of ``{column: value}`` rows (blank cells left out, the sheet
row number under ``_row``). The other helpers read single cells the way the XLSForm
standard (https://xlsform.org) writes them: the ``type`` (``select_one L or_other``,
``begin group``), ``required``, a ``constraint`` range, the ``label::<language>`` columns,
and names cleaned into ids.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from survey._archive import check_archive
from survey.errors import InstrumentError, MissingFileError

META_TYPES = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber",
               "username", "email", "audit", "calculate", "note", "hidden", "start-geopoint",
               "background-audio", "xml-external", "csv-external"}
TRUE_WORDS = {"yes", "true", "true()", "1"}


def read_sheets(
    path: Path,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The survey, choices and settings rows of the workbook at ``path``.

    Raises :class:`MissingFileError` when there is no file and :class:`InstrumentError`
    (``not_an_xlsform``) when it is not a workbook or has no ``survey`` sheet.
    """
    if not path.is_file():
        raise MissingFileError.for_path(path, "XLSForm")
    check_archive(path, InstrumentError, "XLSForm")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zip or XML errors of a file that is not a workbook
        raise InstrumentError(f"cannot read the workbook: {exc}", code="not_an_xlsform",
                              file=str(path)) from exc
    survey_rows = _sheet(book, "survey", path)
    choice_rows = _sheet(book, "choices", path, required=False)
    settings_rows = _sheet(book, "settings", path, required=False)
    return survey_rows, choice_rows, settings_rows


def _sheet(book: Any, name: str, path: Path, required: bool = True) -> list[dict[str, Any]]:
    found = next((ws for ws in book.worksheets if ws.title.strip().lower() == name), None)
    if found is None:
        if required:
            raise InstrumentError(f"no {name!r} sheet", code="not_an_xlsform", file=str(path),
                                  expected="an XLSForm with survey, choices and settings sheets")
        return []
    rows = list(found.iter_rows(values_only=True))
    if not rows:
        return []
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    out = []
    for number, values in enumerate(rows[1:], start=2):
        row = {h: v for h, v in zip(header, values, strict=False) if h and v not in (None, "")}
        if row:
            row["_row"] = number
            out.append(row)
    return out


def lang_columns(rows: list[dict[str, Any]], base: str) -> tuple[str | None, str | None]:
    """The Chinese and English columns for ``base`` (label, hint): ``label::Chinese (zh)``…"""
    names = {k for row in rows for k in row if k.split("::")[0].strip().lower() == base}
    zh = en = None
    for name in sorted(names):
        lang = name.split("::", 1)[1].lower() if "::" in name else ""
        if any(tag in lang for tag in ("zh", "chinese", "中文", "汉语")):
            zh = zh or name
        elif any(tag in lang for tag in ("(en)", "english", "英文")) or lang.strip() == "en":
            en = en or name
    plain = base if base in names else None
    others = sorted(n for n in names if n not in (zh, en, plain))
    zh = zh or plain or (others[0] if others else None) or en
    return zh, (en if en != zh else None)


def cell_text(row: dict[str, Any], column: str | None) -> str | None:
    if column is None or row.get(column) in (None, ""):
        return None
    return str(row[column]).strip()


def clean_name(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if not cleaned or not cleaned[0].isalpha():
        cleaned = "q" + cleaned
    return cleaned[:64]


def row_type(row: dict[str, Any]) -> tuple[str, str, bool]:
    """The row's kind, its choice list (``""`` for none) and whether it adds "or other"."""
    raw = re.sub(r"\s+", " ", str(row.get("type", "")).strip())
    parts = raw.split(" ")
    head = parts[0].lower().replace("-", "_") if parts else ""
    if head in ("begin", "end") and len(parts) > 1:
        return f"{head}_{parts[1].lower()}", "", False
    listed = parts[1] if len(parts) > 1 else ""
    return head, listed, len(parts) > 2 and parts[2].lower() == "or_other"


def is_required(row: dict[str, Any]) -> bool:
    return str(row.get("required", "")).strip().lower() in TRUE_WORDS


def constraint_range(constraint: str | None) -> tuple[float | None, float | None]:
    if not constraint:
        return None, None
    low = re.search(r"\.\s*>=?\s*(-?\d+(?:\.\d+)?)", constraint)
    high = re.search(r"\.\s*<=?\s*(-?\d+(?:\.\d+)?)", constraint)
    def number(match: re.Match[str] | None) -> float | None:
        if match is None:
            return None
        value = float(match.group(1))
        return int(value) if value.is_integer() else value

    return number(low), number(high)
