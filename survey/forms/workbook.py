"""The data-entry workbook (数据录入表) for paper questionnaires.

``entry.xlsx`` has, in this order:

1. the entry sheet: row 1 holds the variable names (exactly the columns
   :func:`survey.read_responses` expects; hover a header to see its question and codes),
   one row per paper questionnaire below it, the respondent-id column first; the header
   row and the id column are frozen;
2. the instructions sheet: how to enter each kind of question, and one line per column
   with its question number, label and valid values;
3. a hidden sheet of code lists, used where a list is too long to write into a rule.

Every coded column carries a dropdown restricted to its codes, a number column a
whole-number or decimal rule for its range, and the id column a rule against repeats.
Excel shows each column's codes when a cell is selected and refuses anything else.
A filled-in workbook loads back through :func:`survey.read_responses` unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from survey._cells import save_workbook
from survey.forms._lang import choose, t
from survey.instrument.model import Instrument
from survey.instrument.variables import Variable, variables
from survey.locale import Language

__all__ = ["entered_rows", "entry_columns", "write_entry_workbook"]

#: Excel limits: a list written into a rule (255 characters), an input or error message
#: (255), its title (32).
_LIST_CHARS, _MESSAGE_CHARS, _TITLE_CHARS = 255, 255, 32
_FILLS = ("DDE4EE", "E8EEDC")


def entry_columns(instrument: Instrument) -> list[str]:
    """Header of the entry sheet: the respondent-id column, then every variable in order."""
    return [instrument.id_column, *(v.name for v in variables(instrument))]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _accepts(var: Variable, lang: Language) -> str:
    """Valid values of a column, for people: ``5=非常满意 4=满意 …`` or ``60–110 的整数``."""
    if var.is_text:
        return t(lang, "entry_accepts_text")
    if var.kind == "number":
        key = "entry_accepts_integer" if var.integer else "entry_accepts_number"
        return t(lang, key, low=_num(var.minimum) or "−∞", high=_num(var.maximum) or "∞")
    return "  ".join(f"{o.code}={choose(o.label, o.label_en, lang)}" for o in var.options)


def _validation(var: Variable, ws_lists: Worksheet, lang: Language) -> DataValidation | None:
    title = _clip(var.name, _TITLE_CHARS)
    accepts = _clip(_accepts(var, lang), _MESSAGE_CHARS)
    if var.is_text:
        return None
    if var.kind == "number":
        kind: Literal["whole", "decimal"] = "whole" if var.integer else "decimal"
        if var.minimum is not None and var.maximum is not None:
            rule = DataValidation(type=kind, operator="between", formula1=_num(var.minimum),
                                  formula2=_num(var.maximum))
        elif var.minimum is not None:
            rule = DataValidation(type=kind, operator="greaterThanOrEqual",
                                  formula1=_num(var.minimum))
        elif var.maximum is not None:
            rule = DataValidation(type=kind, operator="lessThanOrEqual",
                                  formula1=_num(var.maximum))
        else:
            rule = DataValidation(type=kind, operator="between", formula1="-1E+307",
                                  formula2="1E+307")
    else:
        inline = ",".join(str(c) for c in var.codes)
        if len(inline) + 2 <= _LIST_CHARS:
            rule = DataValidation(type="list", formula1=f'"{inline}"')
        else:
            used = ws_lists.max_row > 1 or ws_lists["A1"].value is not None
            column = ws_lists.max_column + (1 if used else 0)
            letter = get_column_letter(column)
            ws_lists.cell(row=1, column=column, value=var.name)
            for r, code in enumerate(var.codes, start=2):
                ws_lists.cell(row=r, column=column, value=code)
            end = len(var.codes) + 1
            rule = DataValidation(
                type="list",
                formula1=f"{quote_sheetname(ws_lists.title)}!${letter}$2:${letter}${end}")
    rule.allow_blank = True
    rule.showErrorMessage = True
    rule.errorStyle = "stop"
    rule.errorTitle = _clip(t(lang, "entry_error_title"), _TITLE_CHARS)
    rule.error = _clip(t(lang, "entry_error", name=var.name, accepts=accepts), _MESSAGE_CHARS)
    rule.showInputMessage = True
    rule.promptTitle = title
    rule.prompt = accepts
    return rule


def _instructions(ws: Worksheet, instrument: Instrument, lang: Language) -> None:
    ws.append([choose(instrument.title, instrument.title_en, lang)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([t(lang, "entry_instructions_heading")])
    ws["A2"].font = Font(bold=True)
    kinds = {v.kind for v in variables(instrument)}
    rules = ["entry_rule_row", "entry_rule_header", "entry_rule_codes"]
    rules += [key for kind, key in (("multiple_option", "entry_rule_multiple"),
                                    ("rank", "entry_rule_rank"), ("number", "entry_rule_number"),
                                    ("other_text", "entry_rule_other")) if kind in kinds]
    rules += ["entry_rule_blank", "entry_rule_check"]
    for k, key in enumerate(rules, start=1):
        ws.append([f"{k}. " + t(lang, key, id_column=instrument.id_column)])
    ws.append([])
    header = [t(lang, f"entry_col_{c}")
              for c in ("column", "variable", "number", "label", "accepts")]
    ws.append(header)
    head_row = ws.max_row
    for cell in ws[head_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_FILLS[0])
    ws.append(["A", instrument.id_column, "", t(lang, "entry_id_label"),
               t(lang, "entry_id_accepts")])
    for j, var in enumerate(variables(instrument), start=2):
        ws.append([get_column_letter(j), var.name, instrument.number_of(var.question),
                   choose(var.label, var.label_en, lang), _accepts(var, lang)])
    for letter, width in zip("ABCDE", (7, 18, 6, 60, 60), strict=True):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=head_row + 1):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    for r in range(3, head_row - 1):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
        ws.cell(row=r, column=1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = 30
    ws.freeze_panes = f"A{head_row + 1}"


def write_entry_workbook(
    instrument: Instrument, path: str | Path, *, lang: Language = "zh-CN", rows: int = 500,
) -> Path:
    """Write ``entry.xlsx`` for ``rows`` paper questionnaires (atomically); return its path."""
    path = Path(path)
    book = Workbook()
    ws = book.worksheets[0]
    ws.title = t(lang, "entry_sheet")
    lists = book.create_sheet(t(lang, "entry_lists_sheet"))
    last = rows + 1
    ws.append(entry_columns(instrument))
    section_of = {v.name: v.section for v in variables(instrument)}
    section_index = {s.id: k for k, s in enumerate(instrument.sections)}
    id_cell = ws.cell(row=1, column=1)
    id_cell.font = Font(bold=True)
    id_cell.comment = Comment(t(lang, "entry_id_label") + "\n" + t(lang, "entry_id_accepts"),
                              "survey", width=260, height=90)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["A"].number_format = "@"
    unique = DataValidation(type="custom", formula1=f"COUNTIF($A$2:$A${last},A2)=1",
                            allow_blank=True, showErrorMessage=True, errorStyle="stop",
                            errorTitle=_clip(t(lang, "entry_error_title"), _TITLE_CHARS),
                            error=t(lang, "entry_id_repeat"))
    unique.add(f"A2:A{last}")
    ws.add_data_validation(unique)
    for j, var in enumerate(variables(instrument), start=2):
        letter = get_column_letter(j)
        cell = ws.cell(row=1, column=j)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_FILLS[section_index[section_of[var.name]] % 2])
        note = (f"{t(lang, 'entry_question', n=instrument.number_of(var.question))}"
                f"{choose(var.label, var.label_en, lang)}\n{_accepts(var, lang)}")
        if var.show_if:
            note += "\n" + t(lang, "entry_asked_if", condition=var.show_if)
        cell.comment = Comment(note, "survey", width=320, height=140)
        ws.column_dimensions[letter].width = max(8, min(18, len(var.name) + 3))
        if var.is_text:
            ws.column_dimensions[letter].width = 24
            ws.column_dimensions[letter].number_format = "@"
        rule = _validation(var, lists, lang)
        if rule is not None:
            rule.add(f"{letter}2:{letter}{last}")
            ws.add_data_validation(rule)
    ws.freeze_panes = "B2"
    _instructions(book.create_sheet(t(lang, "entry_instructions_sheet"), 1), instrument, lang)
    if lists.max_row == 1 and lists["A1"].value is None:
        book.remove(lists)
    else:
        lists.sheet_state = "hidden"
    book.active = 0
    book.properties.title = choose(instrument.title, instrument.title_en, lang)
    return save_workbook(book, path)


def entered_rows(path: str | Path) -> int:
    """How many questionnaires were entered into an ``entry.xlsx``: the rows below the header
    of its first sheet holding any value (a fresh workbook has none). A file openpyxl cannot
    read counts as entered data (``-1``): it is not ours to replace."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file is treated as someone's data
        return -1
    try:
        sheet = book.worksheets[0]
        return sum(1 for row in sheet.iter_rows(min_row=2, values_only=True)
                   if any(v not in (None, "") for v in row))
    finally:
        book.close()
