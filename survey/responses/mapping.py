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
    Note,
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
_JOINERS = re.compile(r"[,，;；┋|]")
_RANK_JOINERS = re.compile(r"[→>,，;；┋|]")


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


def _spread(per_unique: np.ndarray, codes: np.ndarray, fill: Any = np.nan) -> np.ndarray:
    """Per-distinct-value results → per-cell results (``codes`` from :func:`pd.factorize`)."""
    present = codes >= 0
    out = np.full(len(codes), fill, dtype=per_unique.dtype if fill is not None else object)
    out[present] = per_unique[codes[present]]
    return out


def _mark(out: _Out, values: pd.Series, names: tuple[str, ...], codes: np.ndarray,
          kinds: list[str]) -> None:
    """Record the cells whose distinct value is a platform marker (kind not empty)."""
    kinds_u = np.array(kinds, dtype=object)
    if not len(kinds_u) or not (kinds_u != "").any():
        return
    cell = _spread(kinds_u, codes, fill="")
    mask = cell != ""
    rows = values.index[mask].to_numpy(dtype="int64")
    raw = np.array([_fmt(v) if isinstance(v, float) else str(v) for v in
                    values.to_numpy(dtype=object)[mask]], dtype=object)
    for name in names:
        out.markers.append(pd.DataFrame({"row": rows, "column": name, "kind": cell[mask],
                                         "value": raw}))


def _other_text(out: _Out, question: str, targets: Mapping[int, str],
                written: list[dict[int, str]], codes: np.ndarray, index: pd.Index) -> None:
    """Send 〖…〗 texts to the "please specify" variable of the option they were written at;
    count those with no variable to hold them."""
    if not any(written):
        return
    for code in sorted({c for w in written for c in w}):
        per_unique = np.array([w.get(code) for w in written], dtype=object)
        series = pd.Series(_spread(per_unique, codes, fill=None), index=index, dtype="string")
        if code in targets:
            out.other[targets[code]] = series
        else:
            found = int(series.notna().sum())
            if found:
                out.other_dropped[question] = out.other_dropped.get(question, 0) + found


def _unknown(
    file: str | None, row: int, column: str, var: Variable, got: object,
) -> ResponseFileError:
    codes = ", ".join(f"{o.code}={o.label}" for o in var.options)
    return ResponseFileError(
        "unknown answer label", code="unknown_label", file=file, row=row, column=column,
        expected=f"a code or label of {var.name}: {codes}", got=got,
    )


def _is_number(cell: object) -> bool:
    return isinstance(cell, int | float | np.integer | np.floating) and not isinstance(
        cell, bool | np.bool_)


def _numeric_column(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(
        values.dtype)


@dataclass
class _Coded:
    """A variable with options: labels, codes or option positions → codes."""

    var: Variable
    column: str
    platform_codes: bool
    positions: tuple[int, ...] | None
    lookup: dict[str, float]
    recode: dict[float, float]
    others: dict[int, str] = field(default_factory=dict)

    def _number(self, value: float) -> tuple[float, str]:
        if self.platform_codes and value in MISSING_CODES:
            return np.nan, MISSING_CODES[int(value)]
        value = self.recode.get(value, value)
        if self.positions is not None:
            if float(value).is_integer() and 1 <= value <= len(self.positions):
                return float(self.positions[int(value) - 1]), ""
            return np.nan, "invalid_position"
        return value, ""

    def _one(self, cell: object) -> tuple[float, str, dict[int, str], bool]:
        """(value, marker kind, other text by code, unknown) for one distinct cell."""
        if isinstance(cell, bool | np.bool_):
            cell = int(cell)
        if _is_number(cell):
            value, kind = self._number(float(cell))  # type: ignore[arg-type]
            return value, kind, {}, False
        raw = str(cell).strip()
        if not raw:
            return np.nan, "", {}, False
        if fold(raw) in MISSING_TEXTS:
            return np.nan, MISSING_TEXTS[fold(raw)], {}, False
        label, other = split_other(raw)
        label = fold(label)
        key = label_key(label)
        if key in self.lookup:
            value = self.lookup[key]
            return value, "", ({int(value): other} if other else {}), False
        try:
            number = float(label)
        except ValueError:
            return np.nan, "", {}, True
        value, kind = self._number(number)
        written = {int(value): other} if other and np.isfinite(value) else {}
        return value, kind, written, False

    def convert(self, values: pd.Series, file: str | None, out: _Out) -> None:
        name = self.var.name
        if _numeric_column(values):
            array = values.to_numpy(dtype="float64", na_value=np.nan)
            if not self.platform_codes and not self.recode and self.positions is None:
                out.numeric[name] = array
                return
            codes, uniques = pd.factorize(array, use_na_sentinel=True)
            parsed = [self._number(float(u)) for u in uniques]
            out.numeric[name] = _spread(np.array([p[0] for p in parsed], dtype="float64"), codes)
            _mark(out, values, (name,), codes, [p[1] for p in parsed])
            return
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        parsed = [self._one(u) for u in uniques]
        bad = np.array([p[3] for p in parsed], dtype=bool)
        if bad.any():
            first = int(np.flatnonzero(np.isin(codes, np.flatnonzero(bad)))[0])
            raise _unknown(file, int(values.index[first]), self.column, self.var,
                           str(values.iloc[first]))
        out.numeric[name] = _spread(np.array([p[0] for p in parsed], dtype="float64"), codes)
        _mark(out, values, (name,), codes, [p[1] for p in parsed])
        _other_text(out, self.var.question, self.others, [p[2] for p in parsed], codes,
                    values.index)


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass
class _Joined:
    """A multiple-choice question whose picks are joined in one cell: ``运动┋阅读``, ``1,3``.

    With ``ranked``, the cell lists a ranking in order (``运动→阅读``): each option's
    variable gets its place (1, 2 …) and options not listed stay missing.
    """

    question: str
    column: str
    names: tuple[str, ...]           # option variables, in option order
    codes: tuple[int, ...]           # their option codes
    labels: tuple[str, ...]          # their printed labels
    lookup: dict[str, int]           # label key → option code
    platform_codes: bool
    positions: bool
    others: dict[int, str] = field(default_factory=dict)
    ranked: bool = False

    def _part(self, part: str) -> int | None:
        label = fold(split_other(part)[0])
        key = label_key(label)
        if key in self.lookup:
            return self.lookup[key]
        if re.fullmatch(r"\d+", label):
            number = int(label)
            if self.positions:
                return self.codes[number - 1] if 1 <= number <= len(self.codes) else None
            return number if number in self.codes else None
        return None

    def _one(self, cell: object) -> tuple[list[int] | None, str, dict[int, str], str | None]:
        """(codes picked in order or None for missing, marker kind, other texts, unknown)."""
        if _is_number(cell):
            if self.platform_codes and float(cell) in MISSING_CODES:  # type: ignore[arg-type]
                return None, MISSING_CODES[int(cell)], {}, None  # type: ignore[call-overload]
            cell = _fmt(float(cell))  # type: ignore[arg-type]
        text = str(cell).strip()
        if fold(text) in MISSING_TEXTS:
            return None, MISSING_TEXTS[fold(text)], {}, None
        picked: list[int] = []
        written: dict[int, str] = {}
        for part in filter(None, (p.strip() for p in _split_parts(text, self.ranked))):
            code = self._part(part)
            if code is None:
                return None, "", {}, part
            if code not in picked:
                picked.append(code)
            other = split_other(part)[1]
            if other:
                written[code] = other
        if not picked:
            return None, "", {}, None
        return picked, "", written, None

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
        picks = np.full((len(uniques), len(self.codes)), np.nan)
        for i, p in enumerate(parsed):
            if p[0] is None:
                continue
            if self.ranked:
                place = {code: r for r, code in enumerate(p[0], start=1)}
                picks[i] = [place.get(c, np.nan) for c in self.codes]
            else:
                picks[i] = [1.0 if c in p[0] else 0.0 for c in self.codes]
        for j, name in enumerate(self.names):
            out.numeric[name] = _spread(picks[:, j].copy(), codes)
        _mark(out, values, self.names, codes, [p[1] for p in parsed])
        _other_text(out, self.question, self.others, [p[2] for p in parsed], codes,
                    values.index)


def _split_parts(text: str, ranked: bool) -> list[str]:
    """Split joined picks, keeping separators that sit inside 〖…〗 other text."""
    joiners = _RANK_JOINERS if ranked else _JOINERS
    parts, depth, current = [], 0, []
    for char in text:
        if char == "〖":
            depth += 1
        elif char == "〗":
            depth = max(depth - 1, 0)
        if depth == 0 and joiners.match(char):
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


@dataclass
class _Number:
    """A numeric variable without options (a count, an amount)."""

    var: Variable
    column: str
    platform_codes: bool

    def _one(self, cell: object) -> tuple[float, str, bool]:
        if _is_number(cell):
            value = float(cell)  # type: ignore[arg-type]
        else:
            text = fold(str(cell))
            if not text:
                return np.nan, "", False
            if text in MISSING_TEXTS:
                return np.nan, MISSING_TEXTS[text], False
            try:
                value = float(text)
            except ValueError:
                return np.nan, "", True
        if self.platform_codes and value in MISSING_CODES:
            return np.nan, MISSING_CODES[int(value)], False
        return value, "", False

    def convert(self, values: pd.Series, file: str | None, out: _Out) -> None:
        name = self.var.name
        if _numeric_column(values) and not self.platform_codes:
            out.numeric[name] = values.to_numpy(dtype="float64", na_value=np.nan)
            return
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        parsed = [self._one(u) for u in uniques]
        for i, p in enumerate(parsed):
            if p[2]:
                first = int(np.flatnonzero(codes == i)[0])
                raise ResponseFileError(
                    "not a number", code="not_a_number", file=file,
                    row=int(values.index[first]), column=self.column,
                    expected=f"a number for {name}", got=str(uniques[i]),
                )
        out.numeric[name] = _spread(np.array([p[0] for p in parsed], dtype="float64"), codes)
        _mark(out, values, (name,), codes, [p[1] for p in parsed])


@dataclass
class _Text:
    """Free text: platform markers become missing; personal data is redacted."""

    var: Variable
    column: str
    redact: bool
    withhold: bool

    def convert(self, values: pd.Series, file: str | None, out: _Out) -> None:
        text = values.astype("string").str.strip()
        text = text.mask(text == "")
        codes, uniques = pd.factorize(text.str.replace("（", "(").str.replace("）", ")"),
                                      use_na_sentinel=True)
        kinds = [MISSING_TEXTS.get(str(u), "") for u in uniques]
        if any(kinds):
            _mark(out, values, (self.var.name,), codes, kinds)
            marked = _spread(np.array(kinds, dtype=object), codes, fill="") != ""
            text = text.mask(marked)
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
    notes: list[Note]


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
    var: Variable, labels: Mapping[float, str] | None, column: str, notes: list[Note]
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
        notes.append(Note("recoded_by_value_labels", (("column", column), ("pairs", pairs))))
    if unknown:
        notes.append(Note("unknown_value_labels",
                          (("column", column), ("labels", ", ".join(unknown)))))
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
    notes: list[Note] = []
    if positions:
        notes.append(Note("option_positions"))
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
            ranked = {v.kind for v in variables(instrument) if v.question == question.id} \
                >= {"rank"}
            converters.append((match.column, _Joined(
                question.id, match.column, names, tuple(o.code for o in options),
                tuple(o.label for o in options), lookup, platform_codes, positions,
                others.get(question.id, {}), ranked)))
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


def _other_variables(instrument: Instrument) -> dict[str, dict[int, str]]:
    """Question id → {option code: the variable holding its "please specify" text}."""
    out: dict[str, dict[int, str]] = {}
    for var in variables(instrument):
        code = getattr(var, "specify_of", None)
        if _is_other_text(var) and code is not None:
            out.setdefault(var.question, {})[int(code)] = var.name
    return out


def _kind(var: Variable) -> Literal["coded", "number", "text"]:
    """How a variable's cells are read; kinds this module does not know are read by shape
    (options → codes, none → numbers, ``*text*`` → text)."""
    if var.kind in ("open", "other_text") or "text" in var.kind or _is_other_text(var):
        return "text"
    if var.options:
        return "coded"
    return "number"


def _converter(
    var: Variable, column: str, instrument: Instrument, positions: bool, platform_codes: bool,
    keep_personal: bool, labels: Mapping[float, str] | None, notes: list[Note],
    others: Mapping[str, Mapping[int, str]],
) -> Any:
    kind = _kind(var)
    if kind == "text":
        asks_personal = personal_kind(var.label) in ("name", "contact", "address", "id_card")
        return _Text(var, column, redact=not keep_personal,
                     withhold=asks_personal and not keep_personal)
    if kind == "number":
        return _Number(var, column, platform_codes)
    extra: dict[str, float] = {}
    use_positions = positions and var.kind not in ("multiple_option", "rank", "rating")
    if var.kind == "multiple_option":
        question = instrument.question(var.question)
        for option in getattr(question, "options", ()) or ():
            if f"{question.id}_{option.code}" == var.name:
                for key in _option_label_keys(option.label):
                    extra[key] = 1.0
    recode = _value_label_recode(var, labels, column, notes)
    return _Coded(var, column, platform_codes, tuple(var.codes) if use_positions else None,
                  _label_lookup(var, extra), recode,
                  dict(others.get(var.question, {})) if var.kind == "single" else {})


def _missing_error(
    report: MappingReport, instrument: Instrument, file: str | None,
) -> ResponseFileError:
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

    def __init__(self, plan: _Plan, file: str | None, capacity: int = 0) -> None:
        self.plan = plan
        self.file = file
        self.numeric_names = [v.name for v in variables(plan.instrument) if _kind(v) != "text"]
        self.text_names = [v.name for v in variables(plan.instrument) if _kind(v) == "text"]
        # One (variables × rows) block, filled chunk by chunk: no second copy at the end.
        self.block = np.empty((len(self.numeric_names), capacity), dtype="float64")
        self.rows = 0
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
        if self.rows + n > self.block.shape[1]:  # more rows than lines counted: grow
            grown = np.empty((len(self.numeric_names), max(self.rows + n,
                                                          2 * self.block.shape[1])))
            grown[:, :self.rows] = self.block[:, :self.rows]
            self.block = grown
        for j, name in enumerate(self.numeric_names):
            self.block[j, self.rows:self.rows + n] = out.numeric[name]
        self.rows += n
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

    def _untick_blanks(self, block: np.ndarray) -> None:
        """Split multiple-choice columns that leave unticked options blank (text downloads
        write the option's label or nothing): where a respondent ticked some option of the
        question, a blank option is "not ticked" (0), not missing."""
        split: dict[str, list[int]] = {}
        position = {name: j for j, name in enumerate(self.numeric_names)}
        by_name = {v.name: v for v in variables(self.plan.instrument)}
        for match in self.plan.report.matched:
            var = by_name.get(match.target)
            if match.role == "variable" and var is not None and var.kind == "multiple_option":
                split.setdefault(var.question, []).append(position[var.name])
        for question in split:
            siblings = [position[v.name] for v in by_name.values()
                        if v.question == question and v.kind == "multiple_option"]
            sub = block[siblings]
            ticked = (sub == 1).any(axis=0)
            blank = np.isnan(sub) & ticked
            if blank.any():
                sub[blank] = 0.0
                block[siblings] = sub

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
        block = self.block[:, :self.rows]
        self.block = np.empty((0, 0))
        self._untick_blanks(block)
        frame = pd.DataFrame(block.T, index=index, columns=self.numeric_names, copy=False)
        order = [v.name for v in variables(plan.instrument)]
        for name in self.text_names:
            frame.insert(order.index(name), name, _joined_text(self.text[name]))
        position = 0
        if plan.id_column is not None:
            frame.insert(0, plan.instrument.id_column, _joined_text(self.ids))
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
            frame[column] = _joined_text(self.kept[column])
        markers = (pd.concat(self.markers, ignore_index=True) if self.markers
                   else _empty_markers())
        notes = tuple(plan.notes) + tuple(
            Note("other_text_dropped", (("question", q), ("n", str(n))))
            for q, n in self.other_dropped.items())
        report = MappingReport(
            platform=plan.report.platform, matched=plan.report.matched,
            unmatched=plan.report.unmatched, ambiguous=plan.report.ambiguous,
            missing=plan.report.missing, personal=plan.report.personal,
            ignored=plan.report.ignored, notes=notes,
        )
        return Mapped(frame=frame, report=report, markers=markers)


def _joined_text(parts: list[pd.Series]) -> pd.api.extensions.ExtensionArray:
    """Chunks of text as one ``string`` array (positional: no index alignment)."""
    if not parts:
        return pd.array([], dtype="string")
    series = pd.concat(parts) if len(parts) > 1 else parts[0]
    return series.astype("string").array


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
    if values.dtype == object:  # Excel: numbers and text mixed (a bounded number of rows)
        def as_text(v: object) -> str | None:
            if isinstance(v, float) and np.isfinite(v):
                return _fmt(v)
            return None if v is None else str(v).strip()

        return values.map(as_text, na_action="ignore").astype("string")
    return values.astype("string").str.strip()


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


def run_plan(plan: _Plan, chunks: Iterable[pd.DataFrame], *, file: str | None = None,
             capacity: int = 0) -> Mapped:
    """Convert every chunk with ``plan`` and assemble the frame (``capacity``: the number of
    rows expected, to fill one block in place; more rows are fine)."""
    assembler = _Assembler(plan, file, capacity)
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
