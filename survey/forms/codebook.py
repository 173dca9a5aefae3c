"""The codebook (编码手册): one row per variable, as a table, a CSV file and a workbook.

Columns of :func:`codebook` (the written files use the same order, with headers in the
chosen language):

=================== =================================================================
variable            the column name in every data file (the instrument's naming authority)
question_number     the printed number (第 N 题)
question            the question id
section             the section title
label               the variable label (question text; ``question：option`` for a
                    multiple-choice or ranking option; the item text for a matrix row)
type                the variable kind (single, likert_item, multiple_option, …)
measure             nominal, ordinal or scale
codes               ``code=label`` pairs joined by ``; `` (0/1 for a ticked option)
range               ``min–max`` of a number or rating
unit                unit of a number (岁, 元)
missing_codes       codes that are valid answers but left out of rates (user-missing in
                    SPSS: 9=不了解); a blank cell is always "not answered"
satisfied_codes     codes counted as satisfied
scores              ``code=points`` of the weighted-score mapping
reverse             reverse-keyed item
dimension           item group (维度)
required            must be answered where shown
skip_condition      the skip-logic expression (``show_if``)
skip_description    the same in words, with question numbers
=================== =================================================================
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from survey._cells import save_workbook, write_csv
from survey.forms._lang import choose, t
from survey.instrument.describe import describe_condition
from survey.instrument.model import Instrument
from survey.instrument.variables import Variable, variables
from survey.locale import Language

__all__ = ["CODEBOOK_COLUMNS", "codebook", "value_labels", "write_codebook_csv",
           "write_codebook_xlsx"]

CODEBOOK_COLUMNS = [
    "variable", "question_number", "question", "section", "label", "type", "measure", "codes",
    "range", "unit", "missing_codes", "satisfied_codes", "scores", "reverse", "dimension",
    "required", "skip_condition", "skip_description",
]
_WIDTHS = {"variable": 16, "question_number": 7, "question": 12, "section": 14, "label": 44,
           "type": 12, "measure": 9, "codes": 40, "range": 10, "unit": 6, "missing_codes": 12,
           "satisfied_codes": 10, "scores": 22, "reverse": 7, "dimension": 10, "required": 7,
           "skip_condition": 24, "skip_description": 44}


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _pairs(var: Variable, codes: tuple[int, ...], lang: Language) -> str:
    by_code = {o.code: choose(o.label, o.label_en, lang) for o in var.options}
    return "; ".join(f"{c}={by_code[c]}" for c in codes if c in by_code)


def _range(var: Variable) -> str:
    if var.kind not in ("number", "rating") or (var.minimum is None and var.maximum is None):
        return ""
    return f"{_num(var.minimum)}–{_num(var.maximum)}"


def codebook(instrument: Instrument, lang: Language = "zh-CN") -> pd.DataFrame:
    """The codebook as a table: one row per variable, columns :data:`CODEBOOK_COLUMNS`."""
    sections = {s.id: choose(s.title, s.title_en, lang) for s in instrument.sections}
    rows = []
    for var in variables(instrument):
        rows.append({
            "variable": var.name,
            "question_number": instrument.number_of(var.question),
            "question": var.question,
            "section": sections[var.section],
            "label": choose(var.label, var.label_en, lang),
            "type": var.kind,
            "measure": var.measure,
            "codes": _pairs(var, var.codes, lang),
            "range": _range(var),
            "unit": choose(var.unit or "", var.unit_en, lang),
            "missing_codes": _pairs(var, var.excluded, lang),
            "satisfied_codes": ", ".join(str(c) for c in var.satisfied),
            "scores": "; ".join(f"{c}={_num(s)}" for c, s in var.scores),
            "reverse": var.reverse,
            "dimension": var.dimension or "",
            "required": var.required,
            "skip_condition": var.show_if or "",
            "skip_description": describe_condition(var.show_if, instrument, lang)
            if var.show_if else "",
        })
    return pd.DataFrame(rows, columns=CODEBOOK_COLUMNS)


def value_labels(instrument: Instrument, lang: Language = "zh-CN") -> pd.DataFrame:
    """Value labels in long form: ``variable, code, label, missing`` (one row per code)."""
    rows = [
        {"variable": var.name, "code": o.code, "label": choose(o.label, o.label_en, lang),
         "missing": o.code in var.excluded}
        for var in variables(instrument) for o in var.options
    ]
    return pd.DataFrame(rows, columns=["variable", "code", "label", "missing"])


def _localised(frame: pd.DataFrame, lang: Language) -> pd.DataFrame:
    """Headers, type names and yes/no in ``lang``, for people reading the files."""
    out = frame.copy()
    yes, no = t(lang, "codebook_yes"), t(lang, "codebook_no")
    for column in ("reverse", "required", "missing"):
        if column in out:
            out[column] = out[column].map({True: yes, False: no})
    if "type" in out:
        out["type"] = out["type"].map(lambda k: t(lang, f"codebook_kind_{k}"))
    if "measure" in out:
        out["measure"] = out["measure"].map(lambda m: t(lang, f"codebook_measure_{m}"))
    return out.rename(columns=lambda c: t(lang, f"codebook_col_{c}"))


def write_codebook_csv(instrument: Instrument, path: str | Path, lang: Language = "zh-CN") -> Path:
    """Write ``codebook.csv`` (UTF-8 with BOM, so Excel shows the Chinese) atomically."""
    path = Path(path)
    return write_csv(_localised(codebook(instrument, lang), lang), path, encoding="utf-8-sig")


_HEAD_FILL = PatternFill("solid", fgColor="DDE4EE")
_THIN = Side(style="thin", color="A0A0A0")


def _sheet(ws: Worksheet, frame: pd.DataFrame, widths: dict[str, int], keys: list[str]) -> None:
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        ws.append(list(row))
    for j, key in enumerate(keys, start=1):
        ws.column_dimensions[get_column_letter(j)].width = widths.get(key, 12)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cell.border = Border(bottom=_THIN)
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = ws.dimensions


def write_codebook_xlsx(
    instrument: Instrument, path: str | Path, lang: Language = "zh-CN"
) -> Path:
    """Write ``codebook.xlsx``: the codebook sheet and a value-labels sheet, atomically."""
    path = Path(path)
    book = Workbook()
    ws = book.worksheets[0]
    ws.title = t(lang, "codebook_sheet")
    _sheet(ws, _localised(codebook(instrument, lang), lang), _WIDTHS, CODEBOOK_COLUMNS)
    labels = value_labels(instrument, lang)
    _sheet(book.create_sheet(t(lang, "codebook_values_sheet")), _localised(labels, lang),
           {"variable": 16, "code": 8, "label": 40, "missing": 8}, list(labels.columns))
    book.properties.title = choose(instrument.title, instrument.title_en, lang)
    return save_workbook(book, path)
