"""Map a raw table onto an instrument's variables: columns by name, labels to codes.

A cell may hold a code (``4``) or its printed label (``满意``); labels are turned into codes
through the variable's options. A label that no option has is an error naming its row and
column, never a silent missing value. A multiple-choice question may arrive as one 0/1
column per option (``reasons_1`` …) or as one column of codes or labels joined by ``,``,
``，``, ``;`` or ``┋``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from survey.errors import ResponseFileError
from survey.instrument.model import Instrument, MultipleChoice
from survey.instrument.variables import Variable, variables

__all__ = ["DURATION_COLUMN", "map_responses"]

#: Optional column with each questionnaire's completion time in seconds.
DURATION_COLUMN = "duration_seconds"
_JOINERS = re.compile(r"[,，;；┋|]")


def map_responses(raw: pd.DataFrame, instrument: Instrument, *, file: str | None = None) -> pd.DataFrame:
    """Map ``raw`` (text cells, indexed by file row) onto the instrument's variables."""
    if instrument.id_column not in raw.columns:
        raise ResponseFileError(
            "no respondent id column", code="missing_column", file=file,
            column=instrument.id_column, expected=f"a column named {instrument.id_column!r}",
        )
    out: dict[str, pd.Series] = {instrument.id_column: raw[instrument.id_column]}
    if DURATION_COLUMN in raw.columns:
        out[DURATION_COLUMN] = _numbers(raw[DURATION_COLUMN], file, DURATION_COLUMN)
    multiple = {q.id: q for q in instrument.questions() if isinstance(q, MultipleChoice)}
    for var in variables(instrument):
        if var.name in raw.columns:
            out[var.name] = _map_column(raw[var.name], var, file)
        elif var.kind == "multiple_option" and var.question in raw.columns:
            question = multiple[var.question]
            code = int(var.name.rsplit("_", 1)[1])
            out[var.name] = _split_multiple(raw[var.question], question, code, file)
        else:
            raise ResponseFileError(
                "a variable of the instrument has no column", code="missing_column", file=file,
                column=var.name, expected=f"a column for {var.label!r}",
                got=f"columns {list(raw.columns)[:12]}{' …' if raw.shape[1] > 12 else ''}",
            )
    return pd.DataFrame(out, index=raw.index)


def _numbers(column: pd.Series, file: str | None, name: str) -> pd.Series:
    values = pd.to_numeric(column, errors="coerce")
    bad = column.notna() & values.isna()
    if bad.any():
        row = int(bad.idxmax())
        raise ResponseFileError(
            "not a number", code="not_a_number", file=file, row=row, column=name,
            expected="a number", got=column[row],
        )
    return values.astype("float64")


def _map_column(column: pd.Series, var: Variable, file: str | None) -> pd.Series:
    if var.kind == "open":
        return column.astype("string")
    numeric = pd.to_numeric(column, errors="coerce")
    text = column.notna() & numeric.isna()
    if text.any():
        by_label = {o.label: float(o.code) for o in var.options}
        by_label.update({o.label_en: float(o.code) for o in var.options if o.label_en})
        for row in column.index[text]:
            label = str(column[row])
            if label not in by_label:
                raise ResponseFileError(
                    "unknown answer label", code="unknown_label", file=file, row=int(row),
                    column=var.name,
                    expected="a code in " + ", ".join(f"{o.code}={o.label}" for o in var.options),
                    got=label,
                )
            numeric[row] = by_label[label]
    return numeric.astype("float64")


def _split_multiple(
    column: pd.Series, question: MultipleChoice, code: int, file: str | None
) -> pd.Series:
    by_label = {o.label: o.code for o in question.options}
    codes = {o.code for o in question.options}
    result = pd.Series(np.nan, index=column.index, dtype="float64")
    for row, cell in column.dropna().items():
        picked: set[int] = set()
        for part in filter(None, (p.strip() for p in _JOINERS.split(str(cell)))):
            if part.isdigit() and int(part) in codes:
                picked.add(int(part))
            elif part in by_label:
                picked.add(by_label[part])
            else:
                raise ResponseFileError(
                    "unknown option in a multiple-choice answer", code="unknown_label", file=file,
                    row=int(row), column=question.id,
                    expected="codes or labels of " + ", ".join(
                        f"{o.code}={o.label}" for o in question.options),
                    got=part,
                )
        result[row] = 1.0 if code in picked else 0.0
    return result
