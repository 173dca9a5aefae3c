"""Screening rules: one small pure function each, returning the problems it finds.

Every rule takes the mapped response frame (indexed by file row) and returns a tidy
problems table with the columns of :data:`PROBLEM_COLUMNS`: ``row`` (file row),
``respondent_id``, ``rule``, ``column``, ``value`` and ``detail``. A rule never changes the
frame; :func:`survey.screening.screen.screen_responses` decides what is set aside.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from survey.instrument.logic import parse_condition
from survey.instrument.model import Instrument
from survey.instrument.variables import Variable, variables

__all__ = [
    "PROBLEM_COLUMNS",
    "duplicate_answers",
    "duplicate_id",
    "in_scale",
    "missing_required",
    "out_of_scale",
    "shown_mask",
    "skip_violation",
    "straight_lining",
]

PROBLEM_COLUMNS = ["row", "respondent_id", "rule", "column", "value", "detail"]


def _problems(
    frame: pd.DataFrame, id_column: str, rule: str, rows: Sequence[int], columns: Sequence[str],
    values: Sequence[object], details: Sequence[str],
) -> pd.DataFrame:
    return pd.DataFrame({
        "row": pd.Series(list(rows), dtype="int64"),
        "respondent_id": [frame.at[r, id_column] for r in rows],
        "rule": rule,
        "column": list(columns),
        "value": [None if pd.isna(v) else str(v) for v in values],
        "detail": list(details),
    }, columns=PROBLEM_COLUMNS)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else "object")
                         for c in PROBLEM_COLUMNS})


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def shown_mask(frame: pd.DataFrame, var: Variable) -> pd.Series:
    """True where the variable's question is shown (no skip condition: everywhere).

    Pass a frame whose out-of-scale codes are masked (:func:`in_scale`): a mistyped 0
    must not count as "dissatisfied" and open a follow-up question.
    """
    if not var.show_if:
        return pd.Series(True, index=frame.index)
    return parse_condition(var.show_if).evaluate(frame)


def in_scale(frame: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """``frame`` with every code outside its variable's codes replaced by missing."""
    masked = frame.copy()
    for var in variables(instrument):
        if var.kind != "open":
            column = masked[var.name]
            masked[var.name] = column.where(column.isin([float(c) for c in var.codes]))
    return masked


def out_of_scale(frame: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Answers whose code is not one of the variable's codes (e.g. 6 on a 1–5 scale)."""
    parts = []
    for var in variables(instrument):
        if var.kind == "open":
            continue
        column = frame[var.name]
        bad = column.notna() & ~column.isin([float(c) for c in var.codes])
        if bad.any():
            rows = column.index[bad]
            codes = ", ".join(_fmt(c) for c in var.codes)
            parts.append(_problems(
                frame, instrument.id_column, "out_of_scale", rows, [var.name] * len(rows),
                [_fmt(v) for v in column[bad]],
                [f"{_fmt(v)} is not a code of this question (codes: {codes})" for v in column[bad]],
            ))
    return pd.concat(parts, ignore_index=True) if parts else _empty()


def _answered(frame: pd.DataFrame, names: list[str], kind: str) -> pd.Series:
    block = frame[names]
    if kind == "multiple_option":
        return (block == 1).any(axis=1)
    if kind == "open":
        return block.notna().all(axis=1) & block.apply(lambda c: c.str.len() > 0).all(axis=1)
    return block.notna().all(axis=1)


def _by_question(instrument: Instrument) -> dict[str, list[Variable]]:
    grouped: dict[str, list[Variable]] = {}
    for var in variables(instrument):
        grouped.setdefault(var.question, []).append(var)
    return grouped


def missing_required(frame: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Required questions left unanswered where they were shown (a multiple choice: no pick)."""
    parts = []
    clean = in_scale(frame, instrument)
    for question, vars_ in _by_question(instrument).items():
        first = vars_[0]
        if not first.required:
            continue
        shown = shown_mask(clean, first)
        for var in vars_ if first.kind != "multiple_option" else [first]:
            names = [v.name for v in vars_] if first.kind == "multiple_option" else [var.name]
            missing = shown & ~_answered(frame, names, first.kind)
            if missing.any():
                rows = frame.index[missing]
                column = question if first.kind == "multiple_option" else var.name
                parts.append(_problems(
                    frame, instrument.id_column, "missing_required", rows, [column] * len(rows),
                    [None] * len(rows), [f"required question {question} is unanswered"] * len(rows),
                ))
    return pd.concat(parts, ignore_index=True) if parts else _empty()


def skip_violation(frame: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Answers given to a question its skip logic says was not shown."""
    parts = []
    clean = in_scale(frame, instrument)
    for question, vars_ in _by_question(instrument).items():
        first = vars_[0]
        if not first.show_if:
            continue
        hidden = ~shown_mask(clean, first)
        names = [v.name for v in vars_]
        answered = _answered(frame, names, first.kind) if first.kind == "multiple_option" \
            else frame[names].notna().any(axis=1)
        bad = hidden & answered
        if bad.any():
            rows = frame.index[bad]
            parts.append(_problems(
                frame, instrument.id_column, "skip_violation", rows, [question] * len(rows),
                [None] * len(rows),
                [f"answered although its condition ({first.show_if}) does not hold"] * len(rows),
            ))
    return pd.concat(parts, ignore_index=True) if parts else _empty()


def duplicate_id(frame: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Every repeat of a respondent id after its first occurrence (the first is kept)."""
    ids = frame[instrument.id_column]
    repeated = ids.notna() & ids.duplicated(keep="first")
    rows = frame.index[repeated]
    first_row = {i: int(r) for r, i in ids[~ids.duplicated(keep="first")].items()}
    return _problems(
        frame, instrument.id_column, "duplicate_id", rows, [instrument.id_column] * len(rows),
        list(ids[repeated]),
        [f"respondent id {ids[r]} already appears in row {first_row[ids[r]]}" for r in rows],
    ) if len(rows) else _empty()


def duplicate_answers(frame: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Rows whose answers to every variable equal an earlier row's (ids aside)."""
    names = [v.name for v in variables(instrument)]
    block = frame[names].astype("string").fillna("\x00")
    repeated = block.duplicated(keep="first")
    if not repeated.any():
        return _empty()
    keys = block.apply(tuple, axis=1)
    first_row: dict[tuple[object, ...], int] = {}
    for row, key in keys.items():
        first_row.setdefault(key, int(row))
    rows = frame.index[repeated]
    return _problems(
        frame, instrument.id_column, "duplicate_answers", rows, ["*"] * len(rows),
        [None] * len(rows), [f"every answer equals row {first_row[keys[r]]}" for r in rows],
    )


def straight_lining(frame: pd.DataFrame, instrument: Instrument, *, min_items: int = 6) -> pd.DataFrame:
    """Respondents who gave one answer to every item of a Likert matrix of ``min_items`` or more.

    The within-person standard deviation over the matrix is 0 for them. Matrices with
    fewer items are not checked: three identical answers say little.
    """
    parts = []
    for question, vars_ in _by_question(instrument).items():
        if vars_[0].kind != "likert_item" or len(vars_) < min_items:
            continue
        block = frame[[v.name for v in vars_]]
        complete = block.notna().all(axis=1)
        same = complete & (block.nunique(axis=1) == 1)
        if same.any():
            rows = frame.index[same]
            values = block.loc[same].iloc[:, 0]
            parts.append(_problems(
                frame, instrument.id_column, "straight_lining", rows, [question] * len(rows),
                [_fmt(v) for v in values],
                [f"the same answer ({_fmt(v)}) to all {len(vars_)} items" for v in values],
            ))
    return pd.concat(parts, ignore_index=True) if parts else _empty()

