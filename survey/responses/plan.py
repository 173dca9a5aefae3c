"""Plan a mapping from the header alone: which column feeds which variable, and how.

:func:`plan_mapping` detects the platform, matches columns to variables
(:func:`survey.responses.columns.resolve_columns`), refuses a header that leaves a variable
without a column (naming it, with the ambiguous or unmatched columns as a hint), and picks a
converter from :mod:`survey.responses.recode` for each matched column: option positions
instead of codes for 问卷星/腾讯问卷 code downloads (``numbers="auto"``), platform missing codes
for 问卷星, recodes from a file's own value labels (SPSS, Stata), the "please specify"
variable for "other" text, and redaction of personal text. Nothing is read but the header
(and, for recognising personal data, a sample of rows).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from survey.errors import ResponseFileError
from survey.instrument.model import Instrument
from survey.instrument.variables import Variable, variables
from survey.responses._text import label_key
from survey.responses.columns import (
    MappingReport,
    Note,
    is_other_text,
    option_label_keys,
    resolve_columns,
)
from survey.responses.personal import personal_kind
from survey.responses.platforms import Platform, detect_platform
from survey.responses.recode import Coded, Joined, Numeric, Text, code_text

__all__ = ["Numbers", "Plan", "plan_mapping", "variable_kind"]

Numbers = Literal["auto", "code", "position"]


@dataclass
class Plan:
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
                for key in option_label_keys(label):
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
            unknown.append(f"{code_text(code)}={label}")
    if recode:
        pairs = ", ".join(f"{code_text(a)}→{code_text(b)}" for a, b in sorted(recode.items()))
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
) -> Plan:
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
                        for key in option_label_keys(label):
                            lookup.setdefault(key, o.code)
            ranked = {v.kind for v in variables(instrument) if v.question == question.id} \
                >= {"rank"}
            converters.append((match.column, Joined(
                question.id, match.column, names, tuple(o.code for o in options),
                tuple(o.label for o in options), lookup, platform_codes, positions,
                others.get(question.id, {}), ranked)))
            text_columns.add(match.column)
        else:
            var = by_name[match.target]
            converters.append((match.column, _converter(
                var, match.column, instrument, positions, platform_codes, keep_personal,
                (value_labels or {}).get(match.column), notes, others)))
            if variable_kind(var) == "text":
                text_columns.add(match.column)
    keep = [c for c, _ in report.personal if keep_personal and c != ip]
    if keep_personal and ip is not None:
        keep.append(ip)
    text_columns.update(keep)
    return Plan(instrument, report, id_column, duration, ip, converters, keep,
                 keep_personal, frozenset(text_columns), notes)


def _other_variables(instrument: Instrument) -> dict[str, dict[int, str]]:
    """Question id → {option code: the variable holding its "please specify" text}."""
    out: dict[str, dict[int, str]] = {}
    for var in variables(instrument):
        code = getattr(var, "specify_of", None)
        if is_other_text(var) and code is not None:
            out.setdefault(var.question, {})[int(code)] = var.name
    return out


def variable_kind(var: Variable) -> Literal["coded", "number", "text"]:
    """How a variable's cells are read; kinds this module does not know are read by shape
    (options → codes, none → numbers, ``*text*`` → text)."""
    if var.kind in ("open", "other_text") or "text" in var.kind or is_other_text(var):
        return "text"
    if var.options:
        return "coded"
    return "number"


def _converter(
    var: Variable, column: str, instrument: Instrument, positions: bool, platform_codes: bool,
    keep_personal: bool, labels: Mapping[float, str] | None, notes: list[Note],
    others: Mapping[str, Mapping[int, str]],
) -> Any:
    kind = variable_kind(var)
    if kind == "text":
        asks_personal = personal_kind(var.label) in ("name", "contact", "address", "id_card")
        return Text(var, column, redact=not keep_personal,
                     withhold=asks_personal and not keep_personal)
    if kind == "number":
        return Numeric(var, column, platform_codes)
    extra: dict[str, float] = {}
    use_positions = positions and var.kind not in ("multiple_option", "rank", "rating")
    if var.kind == "multiple_option":
        question = instrument.question(var.question)
        for option in getattr(question, "options", ()) or ():
            if f"{question.id}_{option.code}" == var.name:
                for key in option_label_keys(option.label):
                    extra[key] = 1.0
    recode = _value_label_recode(var, labels, column, notes)
    return Coded(var, column, platform_codes, tuple(var.codes) if use_positions else None,
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
) -> Plan:
    """Decide, from the header alone, which column feeds which variable and how."""
    found = detect_platform(list(headers)) if platform == "auto" else platform
    report = resolve_columns(headers, instrument, platform=found, column_map=column_map,
                             column_labels=column_labels, samples=samples, file=file)
    return _plan(report, instrument, numbers=numbers, keep_personal=keep_personal,
                 value_labels=value_labels, file=file)
