"""Screening rules about answers and questionnaires: one pure function each.

Every rule takes the mapped response frame (indexed by file row) and returns a tidy
problems table (:data:`PROBLEM_COLUMNS`: ``row``, ``respondent_id``, ``rule``, ``column``,
``value``, ``detail``). A rule never changes the frame and never drops a row;
:func:`survey.screening.screen.screen_responses` decides what is set aside. Every rule is
vectorised: the work per respondent is done by pandas/numpy, and Python only loops over
questions and over the findings it reports.

Rules about answer patterns (straight-lining, speeding, Mahalanobis outliers) live in
:mod:`survey.screening.patterns`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from survey.instrument.describe import describe_condition
from survey.instrument.model import Instrument
from survey.instrument.variables import Variable, variable_place, variables
from survey.locale import Language
from survey.responses.personal import IP_KEY_COLUMN
from survey.screening._problems import (
    PROBLEM_COLUMNS,
    cells,
    concat,
    condition,
    empty,
    fmt_codes,
    is_code,
    numbers_text,
    problems,
    render,
    render_numbers,
    repeats,
)
from survey.screening.patterns import mahalanobis, speeding, straight_lining

__all__ = [
    "PROBLEM_COLUMNS",
    "attention_check",
    "duplicate_answers",
    "duplicate_id",
    "duplicate_ip",
    "in_scale",
    "invalid_picks",
    "mahalanobis",
    "missing_required",
    "out_of_scale",
    "shown_mask",
    "skip_violation",
    "speeding",
    "straight_lining",
]

_TEXT_KINDS = ("open", "other_text")


def _is_text(var: Variable) -> bool:
    return var.kind in _TEXT_KINDS or "text" in var.kind


def _is_coded(var: Variable) -> bool:
    return not _is_text(var) and bool(var.options) and var.kind != "number"


def _valid(var: Variable, column: pd.Series) -> pd.Series:
    """True where an answer is one the variable accepts (codes; a number in its range)."""
    if _is_coded(var):
        values = column.to_numpy(dtype="float64", na_value=np.nan)
        return pd.Series(is_code(values, [float(c) for c in var.codes]), index=column.index)
    numbers = column.astype("float64")
    ok = numbers.notna()
    low, high = getattr(var, "minimum", None), getattr(var, "maximum", None)
    if low is not None:
        ok &= numbers >= low
    if high is not None:
        ok &= numbers <= high
    if getattr(var, "integer", False):
        ok &= (numbers.fillna(0) % 1) == 0
    return ok


def shown_mask(frame: pd.DataFrame, var: Variable) -> pd.Series:
    """True where the variable's question is shown (no skip condition: everywhere).

    Pass a frame whose out-of-scale codes are masked (:func:`in_scale`): a mistyped 0
    must not count as "dissatisfied" and open a follow-up question.
    """
    if not var.show_if:
        return pd.Series(True, index=frame.index)
    return condition(var.show_if).evaluate(frame)


def in_scale(frame: pd.DataFrame, instrument: Instrument,
             names: Sequence[str] | None = None) -> pd.DataFrame:
    """``frame`` (or its ``names`` columns) with every answer its variable does not accept
    replaced by missing."""
    wanted = None if names is None else set(names)
    chosen = [var for var in variables(instrument)
              if (wanted is None or var.name in wanted) and var.name in frame]
    if wanted is not None and chosen and all(
            not _is_text(var) and frame[var.name].dtype == np.float64 for var in chosen):
        # Column by column, each kept as it is where every answer is accepted or blank (no
        # copy: a skip condition reads them one at a time, logic._columnwise).
        masked = {}
        for var in chosen:
            column = frame[var.name]
            values = column.to_numpy()
            valid = _valid(var, column).to_numpy(dtype=bool)
            masked[var.name] = column if (valid | np.isnan(values)).all() else pd.Series(
                np.where(valid, values, np.nan), index=frame.index, name=var.name)
        return pd.DataFrame(masked, index=frame.index, copy=False)
    columns: dict[str, pd.Series] = {}
    for var in chosen:
        column = frame[var.name]
        columns[var.name] = column if _is_text(var) else column.where(_valid(var, column))
    if wanted is None:
        return frame.assign(**columns)
    return pd.DataFrame(columns, index=frame.index)


def _shown(frame: pd.DataFrame, instrument: Instrument, var: Variable,
           cache: dict[str | None, pd.Series]) -> pd.Series:
    if var.show_if not in cache:
        if not var.show_if:
            cache[var.show_if] = pd.Series(True, index=frame.index)
        else:
            refs = condition(var.show_if).references
            clean = in_scale(frame, instrument, refs)
            cache[var.show_if] = condition(var.show_if).evaluate(clean)
    return cache[var.show_if]


def _markers(markers: pd.DataFrame | None, kind: str) -> pd.DataFrame:
    if markers is None or markers.empty:
        return pd.DataFrame(columns=["row", "column", "kind", "value"])
    return markers[markers["kind"] == kind]


def out_of_scale(
    frame: pd.DataFrame, instrument: Instrument, *, markers: pd.DataFrame | None = None,
    lang: Language = "en",
) -> pd.DataFrame:
    """Answers a variable does not accept: a code that is not one of its options (6 on a
    1–5 scale, 3.5), a number outside its range; and option numbers a platform download
    gives that the question does not have."""
    parts = []
    invalid = _markers(markers, "invalid_position")
    for var in variables(instrument):
        if _is_text(var) or var.name not in frame:
            continue
        column = frame[var.name]
        if _is_coded(var) and column.dtype == np.float64:  # as below, on the array itself
            bad = _outside(column.to_numpy(), [float(c) for c in var.codes])
        else:
            bad = (column.notna() & ~_valid(var, column)).to_numpy()
        if bad.any():
            values = numbers_text(column.to_numpy(dtype="float64")[bad])
            if _is_coded(var):
                detail = render(lang, "screening_detail_out_of_scale", len(values),
                                value=values, codes=fmt_codes(var.codes))
            else:
                accepted = var.accepted() if hasattr(var, "accepted") else "a number"
                detail = render(lang, "screening_detail_out_of_range", len(values),
                                value=values, accepted=accepted)
            parts.append(problems(frame, instrument.id_column, "out_of_scale", bad, var.name,
                                  values, detail))
        at = invalid[invalid["column"] == var.name] if len(invalid) else invalid
        if len(at):
            mask = frame.index.isin(at["row"])
            raw = at.set_index("row")["value"].reindex(frame.index[mask]).to_numpy(dtype=object)
            detail = render(lang, "screening_detail_invalid_position", int(mask.sum()),
                            value=raw, count=len(var.options))
            parts.append(problems(frame, instrument.id_column, "out_of_scale", mask, var.name,
                                  raw, detail))
    return _sorted(concat(parts))


def _outside(values: np.ndarray, codes: list[float]) -> np.ndarray:
    """Float ``values`` that are neither blank nor one of ``codes``: the cells that are
    (blank, or equal to a code) gathered into one array, each comparison written into one
    reused array, then negated in place."""
    inside = np.isnan(values)
    same = np.empty(len(values), dtype=bool)
    for code in codes:
        inside |= np.equal(values, code, out=same)
    outside: np.ndarray = np.logical_not(inside, out=inside)
    return outside


def _sorted(table: pd.DataFrame) -> pd.DataFrame:
    return table.sort_values("row", kind="stable", ignore_index=True) if len(table) else table


def _groups(instrument: Instrument) -> list[tuple[str, list[Variable]]]:
    """Variables by question and skip condition (a "please specify" text has its own)."""
    grouped: dict[tuple[str, str | None], list[Variable]] = {}
    for var in variables(instrument):
        grouped.setdefault((var.question, var.show_if), []).append(var)
    return [(question, vars_) for (question, _), vars_ in grouped.items()]


def _answered(frame: pd.DataFrame, vars_: list[Variable]) -> np.ndarray:
    """Whether a group of variables counts as answered, per respondent (an array).

    Float answers (codes, numbers, ticks) are read column by column as numpy holds them, a
    blank being NaN; text and other columns through pandas."""
    names = [v.name for v in vars_ if v.name in frame]
    kind = vars_[0].kind
    if not _is_text(vars_[0]) and names and all(frame[n].dtype == np.float64 for n in names):
        return _floats_answered([frame[n].to_numpy() for n in names], kind)
    if len(names) == 1 and kind not in ("multiple_option", "rank") and not _is_text(vars_[0]):
        # One answer (a matrix row, a single choice): the column read as it is, without a
        # frame of one column reduced row by row.
        return frame[names[0]].notna().to_numpy()
    block = frame[names]
    if kind == "multiple_option":
        return (block == 1).any(axis=1).to_numpy()
    if kind == "rank":
        return block.notna().any(axis=1).to_numpy()
    if _is_text(vars_[0]):
        written: np.ndarray = (block.notna() & block.apply(lambda c: c.str.len() > 0)).all(
            axis=1).to_numpy()
        return written
    return block.notna().all(axis=1).to_numpy()


def _floats_answered(columns: list[np.ndarray], kind: str) -> np.ndarray:
    """:func:`_answered` of float columns: a multiple choice has an option ticked (1), a
    ranking any rank, other questions every answer."""
    answered: np.ndarray
    if kind == "multiple_option":
        answered = columns[0] == 1
        for column in columns[1:]:
            answered |= column == 1
        return answered
    answered = ~np.isnan(columns[0])
    for column in columns[1:]:
        if kind == "rank":
            answered |= ~np.isnan(column)
        else:
            answered &= ~np.isnan(column)
    return answered


def _unit(var: Variable) -> bool:
    """Variables answered as one unit (a multiple choice, a ranking) rather than one by one."""
    return var.kind in ("multiple_option", "rank")


def missing_required(
    frame: pd.DataFrame, instrument: Instrument, *, markers: pd.DataFrame | None = None,
    lang: Language = "en", shown: dict[str | None, pd.Series] | None = None,
) -> pd.DataFrame:
    """Required questions left unanswered where they were shown (a multiple choice: no
    option ticked; a matrix: each row on its own). ``shown``: skip conditions already
    evaluated on ``frame`` (condition → where it holds), filled with those this rule
    evaluates, so the rules of one screening evaluate each condition once."""
    parts = []
    cache: dict[str | None, pd.Series] = {} if shown is None else shown
    empty_cells = _markers(markers, "empty")
    for question, vars_ in _groups(instrument):
        first = vars_[0]
        if not first.required or first.kind == "other_text":
            continue
        if first.kind == "multiple_option":
            q = instrument.question(question)
            if getattr(q, "min_picks", 1) == 0:
                continue
        visible = _shown(frame, instrument, first, cache).to_numpy()
        units = [vars_] if _unit(first) else [[v] for v in vars_]
        for unit in units:
            missing = visible & ~_answered(frame, unit)
            if not missing.any():
                continue
            column = question if _unit(first) else unit[0].name
            rows = (empty_cells.loc[empty_cells["column"].isin([v.name for v in unit]), "row"]
                    if len(empty_cells) else ())
            marked = (frame.index.isin(rows) if len(rows)
                      else np.zeros(len(frame), dtype=bool))
            place = variable_place(instrument, column, lang)
            detail = np.where(
                marked[missing],
                render(lang, "screening_detail_missing_required_empty", 1, question=place)[0],
                render(lang, "screening_detail_missing_required", 1, question=place)[0])
            parts.append(problems(frame, instrument.id_column, "missing_required", missing,
                                  column, None, detail))
    return _sorted(concat(parts))


def skip_violation(
    frame: pd.DataFrame, instrument: Instrument, *, markers: pd.DataFrame | None = None,
    lang: Language = "en", shown: dict[str | None, pd.Series] | None = None,
) -> pd.DataFrame:
    """Skip logic violated both ways: answers to a question its condition hides, and (in
    platform downloads) a question the platform skipped although it should be shown.
    ``shown``: as for :func:`missing_required`."""
    parts = []
    cache: dict[str | None, pd.Series] = {} if shown is None else shown
    skipped = _markers(markers, "skipped")
    for question, vars_ in _groups(instrument):
        first = vars_[0]
        names = [v.name for v in vars_ if v.name in frame]
        visible = _shown(frame, instrument, first, cache).to_numpy()
        column = question if _unit(first) or len(vars_) > 1 else first.name
        if first.show_if:
            answered = (_answered(frame, vars_) if first.kind == "multiple_option"
                        else _any_answer(frame, names))
            bad = ~visible & answered
            if bad.any():
                detail = np.full(int(bad.sum()), render(
                    lang, "screening_detail_skip_answered", 1,
                    condition=describe_condition(first.show_if, instrument, lang))[0],
                    dtype=object)
                parts.append(problems(frame, instrument.id_column, "skip_violation", bad,
                                      column, None, detail))
        cells = skipped[skipped["column"].isin(names)] if len(skipped) else skipped
        if len(cells):
            marked = frame.index.isin(cells["row"]) & visible
            if marked.any():
                key, extra = (("screening_detail_skip_skipped", {
                    "condition": describe_condition(first.show_if, instrument, lang)})
                              if first.show_if else ("screening_detail_skip_unconditional", {}))
                detail = np.full(int(marked.sum()), render(lang, key, 1, **extra)[0],
                                 dtype=object)
                parts.append(problems(frame, instrument.id_column, "skip_violation", marked,
                                      column, np.full(int(marked.sum()), "(跳过)", dtype=object),
                                      detail))
    return _sorted(concat(parts))


def _any_answer(frame: pd.DataFrame, names: list[str]) -> np.ndarray:
    """Rows with an answer (not blank) in any of the columns ``names``."""
    if names and all(frame[n].dtype == np.float64 for n in names):
        return _floats_answered([frame[n].to_numpy() for n in names], "rank")
    return frame[names].notna().any(axis=1).to_numpy()


def invalid_picks(
    frame: pd.DataFrame, instrument: Instrument, *, lang: Language = "en",
) -> pd.DataFrame:
    """Multiple choices with fewer picks than ``min_picks`` (but at least one) or more than
    ``max_picks``; rankings that give one rank to two options."""
    parts = []
    by_question: dict[str, list[Variable]] = {}
    for var in variables(instrument):
        if var.kind in ("multiple_option", "rank") and var.name in frame:
            by_question.setdefault(var.question, []).append(var)
    for question, vars_ in by_question.items():
        block = frame[[v.name for v in vars_]].to_numpy(dtype="float64")
        q = instrument.question(question)
        if vars_[0].kind == "multiple_option":
            picks = np.nansum(block == 1, axis=1)
            low, high = getattr(q, "min_picks", 1), getattr(q, "max_picks", None)
            for key, bad, limit in (
                ("screening_detail_too_few_picks", (picks > 0) & (picks < low), low),
                ("screening_detail_too_many_picks",
                 (picks > high) if high is not None else np.zeros(len(picks), bool), high),
            ):
                if bad.any():
                    shown = numbers_text(picks[bad].astype(float))
                    parts.append(problems(frame, instrument.id_column, "invalid_picks", bad,
                                          question, shown,
                                          render(lang, key, len(shown), picks=shown, limit=limit)))
        else:
            ordered = np.sort(block, axis=1)
            same = (ordered[:, 1:] == ordered[:, :-1]) & ~np.isnan(ordered[:, 1:])
            bad = same.any(axis=1)
            if bad.any():
                first_dup = np.argmax(same[bad], axis=1)
                values = numbers_text(ordered[bad][np.arange(int(bad.sum())), first_dup + 1])
                parts.append(problems(frame, instrument.id_column, "invalid_picks", bad, question,
                                      values, render(lang, "screening_detail_repeated_rank",
                                                     len(values), value=values)))
    return _sorted(concat(parts))


def duplicate_id(
    frame: pd.DataFrame, instrument: Instrument, *, lang: Language = "en",
) -> pd.DataFrame:
    """Every repeat of a respondent id after its first occurrence (the first is kept)."""
    ids = frame[instrument.id_column]
    repeated, first_of = repeats(ids, frame.index)
    if not repeated.any():
        return empty()
    first = first_of[repeated]
    values = cells(ids, repeated)
    return problems(frame, instrument.id_column, "duplicate_id", repeated, instrument.id_column,
                    values, render(lang, "screening_detail_duplicate_id", len(values),
                                   id=values, first=first.astype("int64")))


#: Whole numbers at most this far from zero are coded by their value (exact in float64).
_SMALL = float(1 << 31)
#: The widest range of whole numbers coded by value: wider ones are factorised, which
#: keeps the mixed-radix keys of :func:`_row_keys` from growing by more than their answers.
_RANGE = 1 << 12


#: Rows per step of :func:`_row_keys`: a step's arrays (1 MiB each) stay in the processor's
#: cache while every column is added to their keys.
_KEY_STEP = 1 << 17


def _whole_number_span(values: np.ndarray) -> tuple[float, int] | None:
    """For values that may all be whole numbers within ±2³¹ spanning less than
    :data:`_RANGE`: the code base (the least value − 1, a blank's code) and the number of
    codes; else ``None`` (also when every value is blank)."""
    if not len(values):
        return None
    low, high = float(np.fmin.reduce(values)), float(np.fmax.reduce(values))
    if not (low >= -_SMALL and high <= _SMALL and high - low < _RANGE and low.is_integer()):
        return None
    return low - 1, int(high - low) + 2


@dataclass(frozen=True)
class _KeyColumn:
    """A column as :func:`_row_keys` adds it: ``count`` codes, each answer's code as
    :func:`pandas.factorize` would share them (``use_na_sentinel=False``: every blank one
    answer; 0.0 equals −0.0).

    Answers are mostly small whole numbers or blank: a float column of those is coded by
    value a step at a time (``values``, a code being the value less ``base``, a blank 0, as
    :func:`_whole_number_span` gives them), with no hashing; anything else (fractions, huge
    numbers, a wide range, text) is factorised whole (``codes``)."""

    count: int
    values: np.ndarray | None = None
    base: float = 0.0
    codes: np.ndarray | None = None


def _key_column(column: pd.Series, *, factorise: bool = False) -> _KeyColumn:
    """How ``column`` is coded for the keys: by value, a step at a time, where it may hold
    small whole numbers only; else (or with ``factorise``) by :func:`pandas.factorize`."""
    if column.dtype == np.float64 and not factorise:
        values = column.to_numpy()
        span = _whole_number_span(values)
        if span is not None:
            return _KeyColumn(count=span[1], values=values, base=span[0])
    codes, uniques = pd.factorize(column.array, use_na_sentinel=False)
    return _KeyColumn(count=len(uniques), codes=np.asarray(codes, dtype=np.int64))


def _row_keys(block: pd.DataFrame) -> np.ndarray:
    """One integer per row, equal exactly when the rows' answers are equal cell by cell
    (blanks equal blanks): each column's codes are combined in mixed radix, and the
    combined key is renumbered (:func:`pandas.factorize`) before it could overflow.

    The columns are coded and added :data:`_KEY_STEP` rows at a time (:func:`_segment_keys`),
    so a step's codes are made and added while in the cache, with no array the size of a
    column; a column that turns out to hold a fraction is factorised and the keys made
    again."""
    columns = [_key_column(block[name]) for name in block.columns]
    while True:
        key, fraction = _combined(columns, len(block))
        if fraction is None:
            return key
        columns[fraction] = _key_column(block.iloc[:, fraction], factorise=True)


def _segments(columns: list[_KeyColumn]) -> list[list[tuple[int, _KeyColumn]]]:
    """``columns`` (with their positions) in runs whose numbers of codes multiply to less
    than 2⁵³, the keys float64 holds exactly."""
    runs: list[list[tuple[int, _KeyColumn]]] = [[]]
    size = 1
    for at, column in enumerate(columns):
        count = max(column.count, 1)
        if runs[-1] and size * count >= 1 << 53:
            runs.append([])
            size = 1
        runs[-1].append((at, column))
        size *= count
    return runs


def _combined(columns: list[_KeyColumn], n: int) -> tuple[np.ndarray, int | None]:
    """The mixed-radix keys of ``columns`` (:func:`_row_keys`), or the position of a column
    coded by value that holds a fraction. Each run of :func:`_segments` is keyed exactly in
    float64, and the runs' keys are combined in int64, renumbered before they could
    overflow."""
    key = np.zeros(n, dtype=np.int64)
    size = 1
    for segment in _segments(columns):
        part, fraction = _segment_keys(segment, n)
        if fraction is not None:
            return key, fraction
        count = 1
        for _, column in segment:
            count *= max(column.count, 1)
        if size * count >= 1 << 62:
            renumbered, uniques = pd.factorize(key)
            key = np.asarray(renumbered, dtype=np.int64)
            size = len(uniques)
        key *= count
        key += part
        size *= count
    return key, None


def _segment_keys(segment: list[tuple[int, _KeyColumn]], n: int) -> tuple[np.ndarray, int | None]:
    """``key ← key · count + code`` for each column of ``segment`` in turn (from 0), a step
    of rows at a time, as int64; or the position of a column coded by value that holds a
    fraction.

    The keys are float64, exact as every one is a whole number below 2⁵³ (the product of
    the counts, :func:`_segments`); a column coded by value has its blanks filled with its
    base by ``fmax`` (which passes over NaN and copies the other values as they are), each
    filled value is checked to be whole before the base is taken off, so the codes are
    whole numbers below the count."""
    keys = np.zeros(n, dtype=np.float64)
    length = min(n, _KEY_STEP)
    codes = np.empty(length, dtype=np.float64)
    whole = np.empty(length, dtype=np.float64)
    same = np.empty(length, dtype=bool)
    base = np.empty(length, dtype=np.float64)
    for start in range(0, n, _KEY_STEP):
        part = keys[start:start + _KEY_STEP]
        m = len(part)
        for at, column in segment:
            part *= column.count
            if column.values is None:
                assert column.codes is not None
                np.copyto(codes[:m], column.codes[start:start + m])
            else:
                base[:m] = column.base  # an array: fmax with a scalar is twice as slow
                np.fmax(column.values[start:start + m], base[:m], out=codes[:m])
                np.trunc(codes[:m], out=whole[:m])
                if not np.equal(whole[:m], codes[:m], out=same[:m]).all():
                    return np.empty(0, dtype=np.int64), at
                codes[:m] -= base[:m]
            part += codes[:m]
    return keys.astype(np.int64), None


def duplicate_answers(
    frame: pd.DataFrame, instrument: Instrument, *, lang: Language = "en",
) -> pd.DataFrame:
    """Rows whose answers to every variable equal an earlier row's (ids aside).

    Each row's answers are coded as one exact integer key (:func:`_row_keys`, no hash that
    could collide), so one :func:`pandas.factorize` of the keys finds every repeat and the
    row it repeats.
    """
    names = [v.name for v in variables(instrument) if v.name in frame]
    if not names:
        return empty()
    repeated, first = repeats(_row_keys(frame[names]), frame.index)
    if not repeated.any():
        return empty()
    rows = first[repeated].astype("float64")
    return problems(frame, instrument.id_column, "duplicate_answers", repeated, "*", None,
                    render_numbers(lang, "screening_detail_duplicate_answers",
                                   {"first": (rows, 0)}))


def duplicate_ip(
    frame: pd.DataFrame, instrument: Instrument, *, lang: Language = "en",
) -> pd.DataFrame:
    """Questionnaires from the same IP address as an earlier one (the address itself is
    never shown: the responses keep only ``ip_key``)."""
    if IP_KEY_COLUMN not in frame:
        return empty()
    repeated, first = repeats(frame[IP_KEY_COLUMN], frame.index)
    if not repeated.any():
        return empty()
    rows = first[repeated].astype("int64")
    return problems(frame, instrument.id_column, "duplicate_ip", repeated, IP_KEY_COLUMN, None,
                    render(lang, "screening_detail_duplicate_ip", len(rows), first=rows))


def attention_check(
    frame: pd.DataFrame, instrument: Instrument, *, checks: Sequence[Any] = (),
    lang: Language = "en",
) -> pd.DataFrame:
    """Attention checks not passed: the variable does not hold an expected answer (a
    missing answer fails too), or the ``pass_if`` expression does not hold."""
    parts = []
    for number, check in enumerate(checks, start=1):
        name = check.name or check.variable or f"#{number}"
        if check.pass_if:
            passed = condition(check.pass_if).evaluate(frame).to_numpy()
            failed = ~passed
            detail = render(lang, "screening_detail_attention_pass_if", int(failed.sum()),
                            name=name, condition=check.pass_if)
            parts.append(problems(frame, instrument.id_column, "attention_check", failed, name,
                                  None, detail))
            continue
        column = frame[check.variable].astype("float64")
        failed = (~column.isin([float(e) for e in check.expected])).to_numpy()
        values = numbers_text(column.to_numpy()[failed])
        expected = fmt_codes(tuple(int(e) for e in check.expected)) if all(
            float(e).is_integer() for e in check.expected) else ", ".join(
            str(e) for e in check.expected)
        detail = render(lang, "screening_detail_attention_check", len(values), name=name,
                        value=values, expected=expected)
        parts.append(problems(frame, instrument.id_column, "attention_check", failed,
                              check.variable, values, detail))
    return _sorted(concat(parts))
