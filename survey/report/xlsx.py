"""Render a :class:`~survey.report.model.Report`'s tables as ``tables.xlsx`` (the working
papers, 底稿): every table on its own sheet, numbers stored as numbers.

Each sheet holds the caption ("表 N …") in row 1, the table's note (its base and
definitions) in row 2, then the header and the rows. Cells of numeric columns are parsed
back from the printed text, so the workbook shows exactly what the report prints:
``92.00%`` is the number 0.92 formatted ``0.00%``, ``300`` is 300, ``0.835`` is 0.835
formatted ``0.000``; a cell printing a count and its share (``173（57.67%）``) becomes two
columns, and an interval (``88.76%–94.84%``) two columns, lower and upper. The locale's
"not available" mark becomes an empty cell. Text cells are stored as strings, never as
formulas, whatever they begin with.

:func:`chart_workbook` is the small workbook a Word chart embeds (its data, for editing
the chart in Word or WPS).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from survey._cells import workbook_bytes
from survey.locale import Language, text
from survey.report.model import Report, Table
from survey.report.package import core_stamp, reproducible

__all__ = ["Column", "chart_workbook", "parse_number", "render_xlsx", "table_columns"]

_NUMBER = re.compile(r"^(-?\d+(?:\.(\d+))?)(%?)$")
_COUNT_SHARE = re.compile(r"^(-?\d+)（(-?\d+(?:\.\d+)?%)）$|^(-?\d+) \((-?\d+(?:\.\d+)?%)\)$")
_INTERVAL = re.compile(r"^(-?\d+(?:\.\d+)?%?)\s*[–—~]\s*(-?\d+(?:\.\d+)?%?)$")
_INVALID_SHEET = re.compile(r"[\[\]:*?/\\]")


def parse_number(cell: str) -> tuple[float | int, str] | None:
    """The number a printed cell shows and the Excel format that prints it the same way,
    or None when the cell is not one plain number.

    >>> parse_number("92.00%"), parse_number("300"), parse_number("0.835"), parse_number("—")
    ((0.92, '0.00%'), (300, '0'), (0.835, '0.000'), None)
    """
    match = _NUMBER.match(cell.strip())
    if match is None:
        return None
    digits, decimals, percent = match.groups()
    places = len(decimals or "")
    fmt = "0" + ("." + "0" * places if places else "")
    if percent:
        return round(float(digits) / 100, places + 2), fmt + "%"
    return (float(digits) if places else int(digits)), fmt


@dataclass(frozen=True)
class Column:
    """One worksheet column made from a report column: its header and how to read a cell
    (``part``: ``whole`` cell, the ``count`` or ``share`` of "n（p%）", the ``low`` or
    ``high`` end of an interval)."""

    source: int
    header: str
    part: str = "whole"


def table_columns(table: Table, lang: Language) -> tuple[Column, ...]:
    """The worksheet columns of ``table``: numeric columns whose cells all print a count
    and a share, or all an interval, are split in two."""
    columns: list[Column] = []
    na = text(lang, "report_not_available")
    for j, name in enumerate(table.columns):
        cells = [row[j].strip() for row in table.rows if row[j].strip() not in ("", na)]
        numeric = bool(table.numeric) and table.numeric[j]
        if numeric and cells and all(_COUNT_SHARE.match(c) for c in cells):
            columns += [Column(j, text(lang, "office_count_column", column=name), "count"),
                        Column(j, text(lang, "office_share_column", column=name), "share")]
        elif numeric and cells and all(_INTERVAL.match(c) for c in cells):
            columns += [Column(j, text(lang, "office_low_column", column=name), "low"),
                        Column(j, text(lang, "office_high_column", column=name), "high")]
        else:
            columns.append(Column(j, name))
    return tuple(columns)


def _part(cell: str, part: str) -> str:
    cell = cell.strip()
    if part in ("count", "share"):
        match = _COUNT_SHARE.match(cell)
        if match is None:
            return cell
        count, share = (match.group(1), match.group(2)) if match.group(1) else match.group(3, 4)
        return count if part == "count" else share
    if part in ("low", "high"):
        match = _INTERVAL.match(cell)
        return cell if match is None else match.group(1 if part == "low" else 2)
    return cell


def _text(cell: Cell | MergedCell, value: str) -> None:
    """A string cell that stays a string (openpyxl reads a leading ``=`` as a formula;
    :func:`survey._cells.workbook_bytes` also gives it Excel's quote prefix)."""
    cell.value = value
    cell.data_type = "s"


def _sheet_title(table: Table, used: set[str]) -> str:
    base = _INVALID_SHEET.sub(" ", table.number).strip()[:31] or "Sheet"
    title, k = base, 2
    while title.lower() in used:
        title = f"{base[:27]} ({k})"
        k += 1
    used.add(title.lower())
    return title


_BOLD = Font(bold=True)
_RULE = Side(style="thin")


def _workbook_bytes(workbook: Workbook, generated_at: str) -> bytes:
    workbook.properties.creator = "survey"
    return reproducible(workbook_bytes(workbook), core_stamp(generated_at))


def render_xlsx(report: Report) -> bytes:
    """Every table of ``report`` (those beside charts included), one sheet each."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    na = text(report.lang, "report_not_available")
    used: set[str] = set()
    for section in report.sections:
        for table in section.tables():
            sheet = workbook.create_sheet(_sheet_title(table, used))
            columns = table_columns(table, report.lang)
            _text(sheet.cell(1, 1), f"{table.number} {table.caption}")
            sheet.cell(1, 1).font = _BOLD
            if table.note:
                _text(sheet.cell(2, 1), table.note)
            top = 4
            for k, column in enumerate(columns, start=1):
                cell = sheet.cell(top, k)
                _text(cell, column.header)
                cell.font = _BOLD
                cell.border = Border(top=_RULE, bottom=_RULE)
                cell.alignment = Alignment(wrap_text=True, vertical="center")
            for i, row in enumerate(table.rows, start=top + 1):
                for k, column in enumerate(columns, start=1):
                    raw = _part(row[column.source], column.part)
                    cell = sheet.cell(i, k)
                    numeric = bool(table.numeric) and table.numeric[column.source]
                    parsed = parse_number(raw) if numeric else None
                    if parsed is not None:
                        cell.value, cell.number_format = parsed
                    elif raw.strip() and raw.strip() != na:
                        _text(cell, raw)
                    if i - top - 1 in table.total_rows:
                        cell.font = _BOLD
            last = top + len(table.rows)
            for k in range(1, len(columns) + 1):
                sheet.cell(last, k).border = Border(bottom=_RULE)
                width = max(len(columns[k - 1].header),
                            *(len(_part(r[columns[k - 1].source], columns[k - 1].part))
                              for r in table.rows)) if table.rows else 10
                sheet.column_dimensions[get_column_letter(k)].width = min(60, 4 + 1.6 * width)
            sheet.freeze_panes = sheet.cell(top + 1, 1)
    return _workbook_bytes(workbook, report.generated_at)


def chart_workbook(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]],
                   number_format: str, generated_at: str) -> bytes:
    """The workbook a Word chart embeds: categories in column A from row 2, one series per
    column from B with its name in row 1 (the cells the chart's formulas name)."""
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "Sheet1"
    for i, category in enumerate(categories, start=2):
        _text(sheet.cell(i, 1), category)
    for k, (name, values) in enumerate(series, start=2):
        _text(sheet.cell(1, k), name)
        for i, value in enumerate(values, start=2):
            if value is not None:
                cell = sheet.cell(i, k)
                cell.value = float(value)
                cell.number_format = number_format
    return _workbook_bytes(workbook, generated_at)
