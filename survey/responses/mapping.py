"""Map a response table onto an instrument's variables: labels and option numbers to codes.

A cell may hold a code (``4``), its printed label (``满意``), or, in a platform's code
download, the option's position in the printed list (问卷星 ``1`` = the first option, which
is code 5 on a scale printed 非常满意 … 非常不满意). Labels are compared after
normalisation (full-width forms, radical look-alikes, spaces and punctuation do not count).
A label that no option has is an error naming its row and column, never a silent missing
value. A multiple-choice question may arrive as one 0/1 column per option or as one column
of codes or labels joined by ``┋``, ``,``, ``，``, ``;`` or ``|``; "other" text written as
``其他〖…〗`` goes to the question's other-text variable where the instrument has one.

Platform markers are kept apart from answers: ``(跳过)``/``-3`` (the platform's logic skipped
the question) and ``(空)``/``-2`` (shown, left empty) become missing values and are listed
in :attr:`Mapped.markers` with their kind, so screening can tell them apart.

Conversion works on each column's distinct values (:func:`pandas.factorize`), so a million
rows cost as much Python work as their distinct labels.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from survey.errors import ResponseFileError
from survey.instrument.model import Instrument
from survey.instrument.variables import Variable, variables
from survey.responses._text import fold, label_key
from survey.responses.columns import (
    DURATION_COLUMN,
    MappingReport,
    _is_other_text,
    _option_label_keys,
    resolve_columns,
)
from survey.responses.personal import IP_KEY_COLUMN, REDACTED, personal_kind, redact_text
from survey.responses.platforms import (
    MISSING_CODES,
    MISSING_TEXTS,
    Platform,
    detect_platform,
    parse_duration,
    split_other,
)

__all__ = ["DURATION_COLUMN", "MARKER_COLUMNS", "Mapped", "Numbers", "map_responses", "map_table"]

#: Columns of :attr:`Mapped.markers`.
MARKER_COLUMNS = ["row", "column", "kind", "value"]
Numbers = Literal["auto", "code", "position"]
_JOINERS = re.compile(r"[,，;；┋|、]")


@dataclass(frozen=True)
class Mapped:
    """A response table in the instrument's vocabulary, with how it got there.

    ``frame``: one row per returned questionnaire (index = file row), the id column, an
    optional ``duration_seconds`` and ``ip_key``, one column per variable (codes as float64
    so that a mistyped 3.5 reaches screening; text as strings).
    ``report``: which column fed which variable. ``markers``: platform missing markers
    (``row, column, kind, value``; kind ``skipped``, ``empty`` or ``invalid_position``).
    """

    frame: pd.DataFrame
    report: MappingReport
    markers: pd.DataFrame = field(default_factory=lambda: _empty_markers())


def _empty_markers() -> pd.DataFrame:
    return pd.DataFrame({"row": pd.Series(dtype="int64"), "column": pd.Series(dtype=object),
                         "kind": pd.Series(dtype=object), "value": pd.Series(dtype=object)})


# --- per-variable converters -------------------------------------------------------------

@dataclass
class _Out:
    """What converting one chunk of one column produced."""

    numeric: dict[str, np.ndarray] = field(default_factory=dict)
    text: dict[str, pd.Series] = field(default_factory=dict)
    other: dict[str, pd.Series] = field(default_factory=dict)
    markers: list[pd.DataFrame] = field(default_factory=list)
    other_dropped: dict[str, int] = field(default_factory=dict)


def _other_text(out: _Out, question: str, target: str | None, others: np.ndarray,
                codes: np.ndarray, index: pd.Index) -> None:
    """Send the 〖…〗 texts of one chunk to ``target`` (or count them when there is none)."""
    present = codes >= 0
    cell = np.full(len(codes), None, dtype=object)
    cell[present] = others[codes[present]]
    written = pd.Series(cell, index=index, dtype="string")
    if target is None:
        found = int(written.notna().sum())
        if found:
            out.other_dropped[question] = out.other_dropped.get(question, 0) + found
        return
    out.other[target] = written


def _marker_frame(index: pd.Index, mask: np.ndarray, column: str, kinds: np.ndarray,
                  raw: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"row": index[mask].to_numpy(dtype="int64"), "column": column,
                         "kind": kinds[mask], "value": raw[mask]})


def _unknown(file: str | None, row: int, column: str, var: Variable, got: object) -> ResponseFileError:
    codes = ", ".join(f"{o.code}={o.label}" for o in var.options)
    return ResponseFileError(
        "unknown answer label", code="unknown_label", file=file, row=row, column=column,
        expected=f"a code or label of {var.name}: {codes}", got=got,
    )


@dataclass
class _Coded:
    """A variable with options: labels, codes or option positions → codes."""

    var: Variable
    column: str
    platform_codes: bool
    positions: tuple[int, ...] | None
    lookup: dict[str, float]
    recode: dict[float, float]
    other: str | None = None

    def _number(self, value: float) -> tuple[float, str]:
        if self.platform_codes and value in MISSING_CODES:
            return np.nan, MISSING_CODES[int(value)]
        value = self.recode.get(value, value)
        if self.positions is not None:
            if float(value).is_integer() and 1 <= value <= len(self.positions):
                return float(self.positions[int(value) - 1]), ""
            return np.nan, "invalid_position"
        return value, ""

    def _one(self, cell: object) -> tuple[float, str, str | None, bool]:
        """(value, marker kind, other text, unknown) for one distinct cell."""
        if isinstance(cell, bool | np.bool_):
            cell = int(cell)
        if isinstance(cell, int | float | np.integer | np.floating):
            value, kind = self._number(float(cell))
            return value, kind, None, False
        text = fold(str(cell))
        if text in MISSING_TEXTS:
            return np.nan, MISSING_TEXTS[text], None, False
        label, other = split_other(text)
        key = label_key(label)
        if key in self.lookup:
            return self.lookup[key], "", other, False
        try:
            number = float(label)
        except ValueError:
            return np.nan, "", None, True
        value, kind = self._number(number)
        return value, kind, other, False

    def convert(self, values: pd.Series, file: str | None, out: _Out) -> None:
        name = self.var.name
        if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
            array = values.to_numpy(dtype="float64", na_value=np.nan)
            if not self.platform_codes and not self.recode and self.positions is None:
                out.numeric[name] = array
                return
            codes, idx = pd.factorize(array, use_na_sentinel=True)
            table = [self._number(float(u)) for u in idx]
            vals = np.array([t[0] for t in table], dtype="float64")
            kinds = np.array([t[1] for t in table], dtype=object)
            result = np.full(len(array), np.nan)
            present = codes >= 0
            result[present] = vals[codes[present]]
            out.numeric[name] = result
            if len(kinds) and (kinds != "").any():
                cell_kind = np.full(len(array), "", dtype=object)
                cell_kind[present] = kinds[codes[present]]
                mask = cell_kind != ""
                raw = np.array([_fmt(v) for v in array[mask]], dtype=object)
                full_raw = np.empty(len(array), dtype=object)
                full_raw[mask] = raw
                out.markers.append(_marker_frame(values.index, mask, name, cell_kind, full_raw))
            return
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        parsed = [self._one(u) for u in uniques]
        bad = np.array([p[3] for p in parsed], dtype=bool)
        if bad.any():
            first = int(np.flatnonzero(np.isin(codes, np.flatnonzero(bad)))[0])
            raise _unknown(file, int(values.index[first]), self.column, self.var,
                           str(values.iloc[first]))
        vals = np.array([p[0] for p in parsed], dtype="float64")
        present = codes >= 0
        result = np.full(len(values), np.nan)
        result[present] = vals[codes[present]]
        out.numeric[name] = result
        kinds = np.array([p[1] for p in parsed], dtype=object)
        if len(kinds) and (kinds != "").any():
            cell_kind = np.full(len(values), "", dtype=object)
            cell_kind[present] = kinds[codes[present]]
            mask = cell_kind != ""
            raw = values.astype(object).to_numpy()
            out.markers.append(_marker_frame(values.index, mask, name, cell_kind, raw))
        others = np.array([p[2] for p in parsed], dtype=object)
        _other_text(out, self.var.question, self.other, others, codes, values.index)


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass
class _Joined:
    """A multiple-choice question whose picks are joined in one cell: ``运动┋阅读``, ``1,3``."""

    question: str
    column: str
    names: tuple[str, ...]           # option variables, in option order
    codes: tuple[int, ...]           # their option codes
    labels: tuple[str, ...]          # their printed labels
    lookup: dict[str, int]           # label key → option code
    platform_codes: bool
    positions: bool
    other: str | None

    def _part(self, part: str) -> int | None:
        label, _ = split_other(part)
        key = label_key(label)
        if key in self.lookup:
            return self.lookup[key]
        if re.fullmatch(r"\d+", label):
            number = int(label)
            if self.positions:
                return self.codes[number - 1] if 1 <= number <= len(self.codes) else None
            return number if number in self.codes else None
        return None

    def _one(self, cell: object) -> tuple[frozenset[int] | None, str, str | None, str | None]:
        """(codes picked or None for missing, marker kind, other text, unknown part)."""
        if isinstance(cell, int | float | np.integer | np.floating) and not isinstance(cell, bool):
            if self.platform_codes and float(cell) in MISSING_CODES:
                return None, MISSING_CODES[int(cell)], None, None
            cell = _fmt(float(cell))
        text = fold(str(cell))
        if text in MISSING_TEXTS:
            return None, MISSING_TEXTS[text], None, None
        picked: set[int] = set()
        other = None
        parts = [p.strip() for p in _split_parts(text)]
        for part in filter(None, parts):
            code = self._part(part)
            if code is None:
                return None, "", None, part
            picked.add(code)
            _, written = split_other(part)
            other = written or other
        if not picked:
            return None, "", None, None
        return frozenset(picked), "", other, None

    def convert(self, values: pd.Series, file: str | None, out: _Out) -> None:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        parsed = [self._one(u) for u in uniques]
        for i, p in enumerate(parsed):
            if p[3] is not None:
                first = int(np.flatnonzero(codes == i)[0])
                raise ResponseFileError(
                    "unknown option in a multiple-choice answer", code="unknown_label",
                    file=file, row=int(values.index[first]), column=self.column,
                    expected=f"codes or labels of {self.question}: " + ", ".join(
                        f"{c}={lab}" for c, lab in zip(self.codes, self.labels, strict=True)),
                    got=p[3],
                )
        present = codes >= 0
        picks = np.full((len(uniques), len(self.codes)), np.nan)
        for i, p in enumerate(parsed):
            if p[0] is not None:
                picks[i] = [1.0 if c in p[0] else 0.0 for c in self.codes]
        for j, name in enumerate(self.names):
            column = np.full(len(values), np.nan)
            column[present] = picks[codes[present], j]
            out.numeric[name] = column
        kinds = np.array([p[1] for p in parsed], dtype=object)
        if len(kinds) and (kinds != "").any():
            cell_kind = np.full(len(values), "", dtype=object)
            cell_kind[present] = kinds[codes[present]]
            mask = cell_kind != ""
            raw = values.astype(object).to_numpy()
            for name in self.names:
                out.markers.append(_marker_frame(values.index, mask, name, cell_kind, raw))
        others = np.array([p[2] for p in parsed], dtype=object)
        _other_text(out, self.question, self.other, others, codes, values.index)


def _split_parts(text: str) -> list[str]:
    """Split joined picks, keeping separators that sit inside 〖…〗 other text."""
    parts, depth, current = [], 0, []
    for char in text:
        if char == "〖":
            depth += 1
        elif char == "〗":
            depth = max(depth - 1, 0)
        if depth == 0 and _JOINERS.match(char):
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


@dataclass
class _Number:
    """A numeric variable without options (a count, a rating with a range)."""

    var: Variable
    column: str
    platform_codes: bool

    def convert(self, values: pd.Series, file: str | None, out: _Out) -> None:
        name = self.var.name
        if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
            array = values.to_numpy(dtype="float64", na_value=np.nan)
            if self.platform_codes:
                for code, kind in MISSING_CODES.items():
                    hit = array == code
                    if hit.any():
                        out.markers.append(_marker_frame(
                            values.index, hit, name, np.full(len(array), kind, dtype=object),
                            np.full(len(array), str(code), dtype=object)))
                        array = np.where(hit, np.nan, array)
            out.numeric[name] = array
            return
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        vals = np.full(len(uniques), np.nan)
        kinds = np.full(len(uniques), "", dtype=object)
        for i, u in enumerate(uniques):
            text = fold(str(u))
            if text in MISSING_TEXTS:
                kinds[i] = MISSING_TEXTS[text]
                continue
            try:
                vals[i] = float(text)
            except ValueError:
                first = int(np.flatnonzero(codes == i)[0])
                raise ResponseFileError(
                    "not a number", code="not_a_number", file=file,
                    row=int(values.index[first]), column=self.column,
                    expected=f"a number for {name}", got=str(u),
                ) from None
            if self.platform_codes and vals[i] in MISSING_CODES:
                kinds[i] = MISSING_CODES[int(vals[i])]
                vals[i] = np.nan
        present = codes >= 0
        result = np.full(len(values), np.nan)
        result[present] = vals[codes[present]]
        out.numeric[name] = result
        if (kinds != "").any():
            cell_kind = np.full(len(values), "", dtype=object)
            cell_kind[present] = kinds[codes[present]]
            out.markers.append(_marker_frame(values.index, cell_kind != "", name, cell_kind,
                                             values.astype(object).to_numpy()))


@dataclass
class _Text:
    """Free text: platform markers become missing; personal data is redacted."""

    var: Variable
    column: str
    redact: bool
    withhold: bool

    def convert(self, values: pd.Series, file: str | None, out: _Out) -> None:
        text = values.astype("string")
        folded = text.str.strip()
        marker = folded.isin(list(MISSING_TEXTS)) | folded.isin(["（跳过）", "（空）"])
        if marker.any():
            kinds = folded[marker].map(lambda t: MISSING_TEXTS[fold(t)]).to_numpy(dtype=object)
            cell_kind = np.full(len(values), "", dtype=object)
            cell_kind[marker.to_numpy()] = kinds
            out.markers.append(_marker_frame(values.index, marker.to_numpy(), self.var.name,
                                             cell_kind, text.astype(object).to_numpy()))
            text = text.mask(marker)
        if self.withhold:
            text = text.mask(text.notna(), REDACTED)
        elif self.redact:
            text = redact_text(text)
        out.text[self.var.name] = text


# --- the plan ----------------------------------------------------------------------------

@dataclass
class _Plan:
    instrument: Instrument
    report: MappingReport
    id_column: str | None
    duration_column: str | None
    ip_column: str | None
    converters: list[tuple[str, Any]]
    keep: list[str]
    keep_personal: bool
    text_columns: frozenset[str]
    notes: list[str]


def _platform_numbers(platform: Platform, numbers: Numbers) -> bool:
    if numbers == "auto":
        return platform in ("wjx", "tencent")
    return numbers == "position"


def _label_lookup(var: Variable, extra: Mapping[str, float] | None = None) -> dict[str, float]:
    lookup: dict[str, float] = {}
    for option in var.options:
        for label in (option.label, option.label_en):
            if label:
                for key in _option_label_keys(label):
                    lookup.setdefault(key, float(option.code))
    lookup.update(extra or {})
    return lookup


def _value_label_recode(
    var: Variable, labels: Mapping[float, str] | None, column: str, notes: list[str]
) -> dict[float, float]:
    """File code → instrument code where the file's value labels say so (SPSS, Stata)."""
    if not labels:
        return {}
    lookup = _label_lookup(var)
    recode: dict[float, float] = {}
    unknown: list[str] = []
    for code, label in labels.items():
        key = label_key(label)
        if key in lookup:
            if lookup[key] != code:
                recode[code] = lookup[key]
        elif code in {float(c) for c in var.codes} and label_key(var.label_of(int(code))) != key:
            unknown.append(f"{_fmt(code)}={label}")
    if recode:
        pairs = ", ".join(f"{_fmt(a)}→{_fmt(b)}" for a, b in sorted(recode.items()))
        notes.append(f"{column}: codes recoded through the file's value labels ({pairs})")
    if unknown:
        notes.append(f"{column}: value labels the instrument does not have: {', '.join(unknown)}")
    return recode


def _plan(
    report: MappingReport,
    instrument: Instrument,
    *,
    numbers: Numbers,
    keep_personal: bool,
    value_labels: Mapping[str, Mapping[float, str]] | None,
    file: str | None,
) -> _Plan:
    if report.missing:
        raise _missing_error(report, instrument, file)
    by_name = {v.name: v for v in variables(instrument)}
    positions = _platform_numbers(report.platform, numbers)
    platform_codes = report.platform == "wjx"
    notes: list[str] = []
    if positions:
        notes.append("numbers in coded columns read as option positions (1 = first option "
                     "printed), as the platform writes them")
    others = _other_variables(instrument)
    converters: list[tuple[str, Any]] = []
    id_column = duration = ip = None
    text_columns: set[str] = set()
    for match in report.matched:
        if match.role == "id":
            id_column = match.column
            text_columns.add(match.column)
        elif match.role == "duration":
            duration = match.column
            text_columns.add(match.column)
        elif match.role == "ip":
            ip = match.column
            text_columns.add(match.column)
        elif match.role == "joined":
            question = instrument.question(match.target)
            options = tuple(getattr(question, "options", ()) or ())
            names = tuple(f"{question.id}_{o.code}" for o in options)
            lookup: dict[str, int] = {}
            for o in options:
                for label in (o.label, o.label_en):
                    if label:
                        for key in _option_label_keys(label):
                            lookup.setdefault(key, o.code)
            other = others.get(question.id)
            converters.append((match.column, _Joined(
                question.id, match.column, names, tuple(o.code for o in options),
                tuple(o.label for o in options), lookup, platform_codes, positions, other)))
            text_columns.add(match.column)
        else:
            var = by_name[match.target]
            converters.append((match.column, _converter(
                var, match.column, instrument, positions, platform_codes, keep_personal,
                (value_labels or {}).get(match.column), notes, others)))
            if _kind(var) == "text":
                text_columns.add(match.column)
    keep = [c for c, _ in report.personal if keep_personal and c != ip]
    if keep_personal and ip is not None:
        keep.append(ip)
    text_columns.update(keep)
    return _Plan(instrument, report, id_column, duration, ip, converters, keep,
                 keep_personal, frozenset(text_columns), notes)


def _other_variables(instrument: Instrument) -> dict[str, str]:
    """Question id → the variable holding its "other, please specify" text, if any."""
    return {v.question: v.name for v in variables(instrument) if _is_other_text(v)}


def _kind(var: Variable) -> Literal["coded", "number", "text"]:
    if var.kind == "open" or "text" in var.kind or _is_other_text(var):
        return "text"
    if var.options:
        return "coded"
    return "number"


def _converter(
    var: Variable, column: str, instrument: Instrument, positions: bool, platform_codes: bool,
    keep_personal: bool, labels: Mapping[float, str] | None, notes: list[str],
    others: Mapping[str, str],
) -> Any:
    kind = _kind(var)
    if kind == "text":
        asks_personal = personal_kind(var.label) in ("name", "contact", "address", "id_card")
        return _Text(var, column, redact=not keep_personal, withhold=asks_personal and not keep_personal)
    if kind == "number":
        return _Number(var, column, platform_codes)
    extra: dict[str, float] = {}
    use_positions = positions and var.kind != "multiple_option"
    if var.kind == "multiple_option":
        question = instrument.question(var.question)
        for option in getattr(question, "options", ()) or ():
            if f"{question.id}_{option.code}" == var.name:
                for key in _option_label_keys(option.label):
                    extra[key] = 1.0
    recode = _value_label_recode(var, labels, column, notes)
    other = others.get(var.question) if var.kind == "single" else None
    return _Coded(var, column, platform_codes, tuple(var.codes) if use_positions else None,
                  _label_lookup(var, extra), recode, other)


def _missing_error(report: MappingReport, instrument: Instrument, file: str | None) -> ResponseFileError:
    name = report.missing[0]
    clash = [a for a in report.ambiguous if name in a.candidates]
    if name == instrument.id_column:
        expected = f"a column named {name!r} (or a platform id column such as 序号 or 编号)"
        label = name
    else:
        var = {v.name: v for v in variables(instrument)}[name]
        expected = f"a column for {var.label!r}"
        label = name
    hint = None
    if clash:
        hint = f"{clash[0].column!r} is ambiguous: {clash[0].reason}. Give a column map."
    elif len(report.missing) > 1:
        more = ", ".join(report.missing[1:6]) + (" …" if len(report.missing) > 6 else "")
        hint = f"{len(report.missing) - 1} more variable(s) have no column: {more}."
    columns = [m.column for m in report.matched] + list(report.unmatched)
    return ResponseFileError(
        "a variable of the instrument has no column" if name != instrument.id_column
        else "no respondent id column",
        code="missing_column", file=file, column=label, expected=expected,
        got=f"unmatched columns {list(report.unmatched)[:8]}" if report.unmatched
        else f"columns {columns[:12]}{' …' if len(columns) > 12 else ''}",
        hint=hint,
    )


# --- running the plan --------------------------------------------------------------------

class _Assembler:
    """Collects converted chunks and assembles the frame at the end."""

    def __init__(self, plan: _Plan, file: str | None) -> None:
        self.plan = plan
        self.file = file
        self.numeric_names = [v.name for v in variables(plan.instrument) if _kind(v) != "text"]
        self.text_names = [v.name for v in variables(plan.instrument) if _kind(v) == "text"]
        self.numeric: list[np.ndarray] = []
        self.text: dict[str, list[pd.Series]] = {n: [] for n in self.text_names}
        self.ids: list[pd.Series] = []
        self.durations: list[np.ndarray] = []
        self.ip_seen: dict[str, int] = {}
        self.ips: list[np.ndarray] = []
        self.kept: dict[str, list[pd.Series]] = {c: [] for c in plan.keep}
        self.markers: list[pd.DataFrame] = []
        self.index: list[pd.Index] = []
        self.other_dropped: dict[str, int] = {}

    def add(self, chunk: pd.DataFrame) -> None:
        plan, file = self.plan, self.file
        out = _Out()
        for column, converter in plan.converters:
            converter.convert(chunk[column], file, out)
        n = len(chunk)
        block = np.empty((len(self.numeric_names), n), dtype="float64")
        for j, name in enumerate(self.numeric_names):
            block[j] = out.numeric[name]
        self.numeric.append(block)
        for name in self.text_names:
            series = out.text.get(name)
            written = out.other.get(name)
            if written is not None:
                if not plan.keep_personal:
                    written = redact_text(written)
                series = written if series is None else series.fillna(written)
            if series is None:
                series = pd.Series(pd.NA, index=chunk.index, dtype="string")
            self.text[name].append(series)
        for question, count in out.other_dropped.items():
            self.other_dropped[question] = self.other_dropped.get(question, 0) + count
        self.markers += out.markers
        self.index.append(chunk.index)
        if plan.id_column is not None:
            self.ids.append(_id_text(chunk[plan.id_column]))
        if plan.duration_column is not None:
            seconds, bad = parse_duration(chunk[plan.duration_column])
            if bad.any():
                row = int(bad.idxmax())
                raise ResponseFileError(
                    "not a completion time", code="not_a_duration", file=file, row=row,
                    column=plan.duration_column,
                    expected="seconds, such as 125, 125秒, 2分5秒 or 0:02:05",
                    got=str(chunk.at[row, plan.duration_column]),
                )
            self.durations.append(seconds.to_numpy())
        if plan.ip_column is not None:
            self.ips.append(self._ip_keys(chunk[plan.ip_column]))
        for column in plan.keep:
            self.kept[column].append(chunk[column].astype("string"))

    def _ip_keys(self, values: pd.Series) -> np.ndarray:
        text = values.astype("string").str.replace(r"\s*[(（].*$", "", regex=True).str.strip()
        codes, uniques = pd.factorize(text.mask(text == ""), use_na_sentinel=True)
        local = np.array([self.ip_seen.setdefault(str(u), len(self.ip_seen)) for u in uniques],
                         dtype="int64")
        out = np.full(len(values), -1, dtype="int64")
        out[codes >= 0] = local[codes[codes >= 0]]
        return out

    def finish(self) -> Mapped:
        plan = self.plan
        index = (self.index[0].append(self.index[1:]) if len(self.index) > 1
                 else self.index[0] if self.index else pd.RangeIndex(2, 2, name="row"))
        index = pd.Index(index, name="row") if not isinstance(index, pd.RangeIndex) else index
        block = (np.concatenate(self.numeric, axis=1) if len(self.numeric) > 1
                 else self.numeric[0] if self.numeric
                 else np.empty((len(self.numeric_names), 0)))
        self.numeric = []
        frame = pd.DataFrame(block.T, index=index, columns=self.numeric_names, copy=False)
        order = [v.name for v in variables(plan.instrument)]
        for name in self.text_names:
            parts = self.text[name]
            series = pd.concat(parts) if parts else pd.Series(dtype="string")
            frame.insert(order.index(name), name, series.to_numpy(dtype=object))
            frame[name] = frame[name].astype("string")
        position = 0
        if plan.id_column is not None:
            ids = pd.concat(self.ids) if self.ids else pd.Series(dtype="string")
            frame.insert(0, plan.instrument.id_column, ids.to_numpy(dtype=object))
            frame[plan.instrument.id_column] = frame[plan.instrument.id_column].astype("string")
            position = 1
        if plan.duration_column is not None:
            frame.insert(position, DURATION_COLUMN, np.concatenate(self.durations))
            position += 1
        if plan.ip_column is not None:
            keys = np.concatenate(self.ips)
            array = pd.array(keys, dtype="Int64")
            array[keys < 0] = pd.NA
            frame.insert(position, IP_KEY_COLUMN, array)
        for column in plan.keep:
            frame[column] = pd.concat(self.kept[column]).to_numpy(dtype=object)
            frame[column] = frame[column].astype("string")
        markers = (pd.concat(self.markers, ignore_index=True) if self.markers
                   else _empty_markers())
        notes = tuple(plan.notes) + tuple(
            f"question {q}: {n} answer(s) carry 'other' text (〖…〗) and the instrument has no "
            "variable for it; the text is not kept" for q, n in self.other_dropped.items())
        report = MappingReport(
            platform=plan.report.platform, matched=plan.report.matched,
            unmatched=plan.report.unmatched, ambiguous=plan.report.ambiguous,
            missing=plan.report.missing, personal=plan.report.personal,
            ignored=plan.report.ignored, notes=notes,
        )
        return Mapped(frame=frame, report=report, markers=markers)


def _id_text(values: pd.Series) -> pd.Series:
    """Respondent ids as text; whole numbers from spreadsheets lose their ``.0``."""
    if pd.api.types.is_numeric_dtype(values.dtype):
        array = values.to_numpy(dtype="float64", na_value=np.nan)
        whole = np.isfinite(array) & (np.mod(array, 1) == 0)
        text = values.astype("string")
        if whole.any():
            text[whole] = pd.Series(array[whole].astype("int64"), index=values.index[whole]
                                    ).astype("string")
        return text
    if values.dtype == object:
        return values.map(lambda v: _fmt(v) if isinstance(v, float) and np.isfinite(v)
                          else (None if v is None else str(v)), na_action="ignore").astype("string")
    return values.astype("string")


# --- public ------------------------------------------------------------------------------

def map_table(
    chunks: Iterable[pd.DataFrame],
    headers: list[str],
    instrument: Instrument,
    *,
    file: str | None = None,
    platform: Platform | Literal["auto"] = "auto",
    column_map: Mapping[str, str | None] | None = None,
    numbers: Numbers = "auto",
    keep_personal: bool = False,
    value_labels: Mapping[str, Mapping[float, str]] | None = None,
    column_labels: Mapping[str, str] | None = None,
    samples: pd.DataFrame | None = None,
) -> Mapped:
    """Map a table (given as row chunks with the header ``headers``) onto ``instrument``."""
    plan = plan_mapping(headers, instrument, file=file, platform=platform,
                        column_map=column_map, numbers=numbers, keep_personal=keep_personal,
                        value_labels=value_labels, column_labels=column_labels, samples=samples)
    return run_plan(plan, chunks, file=file)


def plan_mapping(
    headers: list[str],
    instrument: Instrument,
    *,
    file: str | None = None,
    platform: Platform | Literal["auto"] = "auto",
    column_map: Mapping[str, str | None] | None = None,
    numbers: Numbers = "auto",
    keep_personal: bool = False,
    value_labels: Mapping[str, Mapping[float, str]] | None = None,
    column_labels: Mapping[str, str] | None = None,
    samples: pd.DataFrame | None = None,
) -> _Plan:
    """Decide, from the header alone, which column feeds which variable and how."""
    found = detect_platform(list(headers)) if platform == "auto" else platform
    report = resolve_columns(headers, instrument, platform=found, column_map=column_map,
                             column_labels=column_labels, samples=samples, file=file)
    return _plan(report, instrument, numbers=numbers, keep_personal=keep_personal,
                 value_labels=value_labels, file=file)


def run_plan(plan: _Plan, chunks: Iterable[pd.DataFrame], *, file: str | None = None) -> Mapped:
    """Convert every chunk with ``plan`` and assemble the frame."""
    assembler = _Assembler(plan, file)
    for chunk in chunks:
        assembler.add(chunk)
    return assembler.finish()


def map_responses(
    raw: pd.DataFrame,
    instrument: Instrument,
    *,
    file: str | None = None,
    platform: Platform | Literal["auto"] = "auto",
    column_map: Mapping[str, str | None] | None = None,
    numbers: Numbers = "auto",
    keep_personal: bool = False,
) -> pd.DataFrame:
    """Map ``raw`` (cells indexed by file row) onto the instrument's variables.

    >>> from survey.instrument.model import Instrument
    >>> inst = Instrument.model_validate({"id": "t", "title": "t", "group": {"id": "g", "name": "g"},
    ...     "sections": [{"id": "s", "title": "s", "questions": [
    ...         {"id": "q1", "type": "single", "text": "您的性别", "options": [[1, "男"], [2, "女"]]}]}]})
    >>> raw = pd.DataFrame({"respondent_id": ["A", "B"], "q1": ["女", "1"]}, index=[2, 3])
    >>> map_responses(raw, inst)["q1"].tolist()
    [2.0, 1.0]
    """
    return map_table([raw], list(raw.columns), instrument, file=file, platform=platform,
                     column_map=column_map, numbers=numbers, keep_personal=keep_personal,
                     samples=raw.head(2000)).frame
