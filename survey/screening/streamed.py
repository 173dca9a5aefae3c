"""Screening a file larger than memory: every finding and every set-aside row in files.

:func:`~survey.screening.screen.screen_responses` holds the whole frame; this keeps its
promise (nothing dropped silently) over a CSV or Parquet file read in batches, writing what
it finds instead of holding it:

- ``problems.csv``: every finding (``row, respondent_id, rule, column, value, detail,
  action``), as ``Screening.problems``;
- ``set_aside.csv``: every set-aside questionnaire, all its columns plus ``reason`` and
  ``flags`` (``screening_reason``, ``screening_flags`` where a question already has that
  id: :func:`reason_columns`); ``valid.csv``: the rows kept, for the satisfaction and
  reliability passes.

Row-local rules run batch by batch with the in-memory functions: out_of_scale,
missing_required, skip_violation, invalid_picks, straight_lining, attention_check, and
speeding (its threshold needs the median completion time of the whole file: a first pass
counts each distinct time, and the exact median comes from the counts). The repeat rules
need the whole file: duplicate_id and duplicate_answers hash each row's id and answers
(64 bits) into 64 spill files by the hash's top bits; each spill file alone finds the
repeated hashes; the rows concerned (and the first row of each) are read again and the
in-memory rule compares them cell by cell, so a hash collision cannot make a finding.
Memory: one batch, one spill file (1/64 of 16 bytes a row), the rows with findings (a row
number and a rule mask each) and the repeated rows. Not applied in a streamed pass:
mahalanobis (the whole file's covariance; ``--engine memory``) and duplicate_ip (IP
addresses are personal data the streamed reader does not keep).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from survey._atomic import atomic_path
from survey._cells import append_csv
from survey.analysis import ScreeningSpec
from survey.errors import ParameterError
from survey.instrument.model import Instrument
from survey.instrument.variables import Variable, variables
from survey.locale import Language
from survey.responses.batches import (
    coded_matrix,
    csv_encoding,
    file_columns,
    is_parquet,
    iter_batches,
)
from survey.responses.mapping import DURATION_COLUMN
from survey.screening import rules
from survey.screening.screen import RULES, input_absent, redact_problems, run_rule

__all__ = ["StreamedScreening", "reason_columns", "screen_stream"]

#: Rules that look at one row at a time (and speeding, given the file's median time).
ROW_RULES = ("out_of_scale", "missing_required", "skip_violation", "invalid_picks",
             "straight_lining", "speeding", "attention_check")
REPEAT_RULES = ("duplicate_id", "duplicate_answers")
_BUCKET_BITS = 6
_ORDER = {name: i for i, name in enumerate(RULES)}


@dataclass(frozen=True)
class StreamedScreening:
    """Counts of a streamed screening and the files it wrote. ``counts_by_rule`` has the
    columns of :meth:`~survey.screening.screen.Screening.counts_by_rule`."""

    n_returned: int
    n_valid: int
    n_set_aside: int
    counts_by_rule: pd.DataFrame
    rules: tuple[tuple[str, str], ...]
    not_applied: tuple[tuple[str, str], ...]
    problems_file: Path
    set_aside_file: Path
    valid_file: Path

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        from survey.jsonable import records

        return {"n_returned": self.n_returned, "n_valid": self.n_valid,
                "n_set_aside": self.n_set_aside,
                "counts_by_rule": records(self.counts_by_rule),
                "rules": [{"rule": r, "action": a} for r, a in self.rules],
                "not_applied": [{"rule": r, "reason": why} for r, why in self.not_applied],
                "files": {"problems": str(self.problems_file),
                          "set_aside": str(self.set_aside_file),
                          "valid": str(self.valid_file)}}


def _frame(batch: pd.DataFrame, coded: Sequence[Variable], numbers: Sequence[str]) -> pd.DataFrame:
    """A batch in the vocabulary of :func:`survey.read_responses`: codes as floats (labels
    mapped, other text refused with its row and column), ids and open answers as text."""
    out = batch.copy()
    if coded:
        x = coded_matrix(batch, coded)
        for j, var in enumerate(coded):
            out[var.name] = x[:, j]
    for name in numbers:
        out[name] = pd.to_numeric(batch[name], errors="coerce").astype("float64")
    for name in out.columns:
        if out[name].dtype == object or isinstance(out[name].dtype, pd.StringDtype):
            out[name] = out[name].astype(object).where(out[name].notna(), None)
    return out


def _median(counts: dict[float, int]) -> float | None:
    """The median of values given as value → count (numpy's: the mean of the middle two)."""
    total = sum(counts.values())
    if not total:
        return None
    values = sorted(counts)
    lower_rank, upper_rank = (total - 1) // 2, total // 2
    seen, lower = 0, None
    for value in values:
        seen += counts[value]
        if lower is None and seen > lower_rank:
            lower = value
        if seen > upper_rank:
            return (float(lower) + float(value)) / 2  # type: ignore[arg-type]
    return None  # pragma: no cover - the counts add up to total


def screen_stream(
    source: str | Path, instrument: Instrument, out: str | Path, *,
    settings: ScreeningSpec | None = None, batch_rows: int = 250_000,
    encoding: str | None = None, lang: Language = "en",
) -> StreamedScreening:
    """Screen ``source`` (CSV, Parquet file or directory; columns named as the instrument's
    variables) batch by batch, writing ``problems.csv``, ``set_aside.csv`` and
    ``valid.csv`` into the folder ``out`` (see the module text)."""
    settings = settings or ScreeningSpec()
    out = Path(out)
    present = file_columns(source, encoding)  # a file it cannot read leaves no folder behind
    out.mkdir(parents=True, exist_ok=True)
    if not is_parquet(source):
        encoding = csv_encoding(source, encoding)
    names = [v.name for v in variables(instrument) if v.name in present]
    extra = [c for c in (instrument.id_column, DURATION_COLUMN) if c in present]
    columns = list(dict.fromkeys(extra + names))
    if not names:
        raise ParameterError("no column of the file is a variable of the instrument",
                             code="no_variables", file=str(source),
                             expected=", ".join(v.name for v in variables(instrument))[:200],
                             got=", ".join(present[:20]))
    by_name = {v.name: v for v in variables(instrument)}
    coded = [by_name[n] for n in names if not by_name[n].is_text and by_name[n].kind != "number"]
    numbers = [n for n in names if by_name[n].kind == "number"]
    numbers += [DURATION_COLUMN] if DURATION_COLUMN in columns else []
    text = [c for c in columns if c == instrument.id_column or by_name.get(c) is not None
            and by_name[c].is_text]

    def batches(wanted: list[str] = columns) -> Iterator[pd.DataFrame]:
        for raw in iter_batches(source, wanted, batch_rows=batch_rows, encoding=encoding,
                                text=[c for c in text if c in wanted]):
            yield _frame(raw, [v for v in coded if v.name in wanted],
                         [n for n in numbers if n in wanted])

    enabled = [n for n in RULES if getattr(settings, n).enabled]
    not_applied: list[tuple[str, str]] = []
    ran: list[tuple[str, str]] = []
    if "mahalanobis" in enabled:
        not_applied.append(("mahalanobis", "needs_whole_file"))
    if "duplicate_ip" in enabled:
        not_applied.append(("duplicate_ip", "no_ip"))
    median = None
    if "speeding" in enabled:
        if DURATION_COLUMN not in columns:
            not_applied.append(("speeding", "no_duration"))
        elif settings.speeding.median_fraction is not None:
            counts: dict[float, int] = {}
            for batch in batches([DURATION_COLUMN]):
                seconds = batch[DURATION_COLUMN].dropna().to_numpy()
                values, k = np.unique(seconds, return_counts=True)
                for value, c in zip(values.tolist(), k.tolist(), strict=True):
                    counts[value] = counts.get(value, 0) + c
            median = _median(counts)
            if median is None:
                not_applied.append(("speeding", "no_duration"))
    shape = pd.DataFrame(columns=columns)
    for name in enabled:
        if name in ("straight_lining",):
            absent = input_absent(name, shape, instrument, getattr(settings, name))
            if absent is not None:
                not_applied.append((name, absent))
    skipped = {name for name, _ in not_applied}
    row_rules = [n for n in enabled if n in ROW_RULES and n not in skipped]
    if "attention_check" in row_rules and not settings.attention_checks:
        row_rules.remove("attention_check")
        not_applied.append(("attention_check", "no_checks"))
    repeat_rules = [n for n in enabled if n in REPEAT_RULES]
    if "duplicate_id" in repeat_rules and instrument.id_column not in columns:
        repeat_rules.remove("duplicate_id")
        not_applied.append(("duplicate_id", "no_id"))

    found_rows: list[np.ndarray] = []
    found_rules: list[np.ndarray] = []
    findings: dict[str, int] = {}
    n_rows = 0
    problems_file = out / "problems.csv"
    with tempfile.TemporaryDirectory(dir=out, prefix=".spill-") as spill, \
            atomic_path(problems_file) as tmp_problems, \
            open(tmp_problems, "w", encoding="utf-8-sig", newline="") as problems_out:
        header = [True]

        def record(table: pd.DataFrame, action: str) -> None:
            if not len(table):
                return
            table = redact_problems(table.assign(action=action))
            append_csv(table, problems_out, header=header[0])
            header[0] = False
            rule = str(table["rule"].iloc[0])
            findings[rule] = findings.get(rule, 0) + len(table)
            found_rows.append(table["row"].to_numpy(dtype=np.int64))
            found_rules.append(np.full(len(table), _ORDER[rule], dtype=np.int16))

        buckets = [open(Path(spill) / f"{i}.bin", "wb")  # noqa: SIM115 - closed below
                   for i in range(1 << _BUCKET_BITS)] if repeat_rules else []
        try:
            for batch in batches():
                n_rows += len(batch)
                for name in row_rules:
                    setting = getattr(settings, name)
                    if name == "speeding":
                        from survey.screening.patterns import speeding

                        table = speeding(batch, instrument, min_seconds=setting.min_seconds,
                                         median_fraction=setting.median_fraction, lang=lang,
                                         median=median)
                    else:
                        table = run_rule(name, setting, batch, instrument, settings, None, lang)
                    record(table, setting.action)
                _spill(batch, instrument, names, repeat_rules, buckets)
        finally:
            for handle in buckets:
                handle.close()
        ran = [(n, getattr(settings, n).action) for n in row_rules]
        if repeat_rules:
            wanted = _repeated_rows(Path(spill))
            if len(wanted):
                subset = pd.concat([b.loc[b.index.isin(wanted)] for b in batches()])
                for name in repeat_rules:
                    table = RULES[name](subset, instrument, lang=lang)
                    record(table, getattr(settings, name).action)
            ran += [(n, getattr(settings, n).action) for n in repeat_rules]
        if header[0]:  # no finding: the header alone
            append_csv(pd.DataFrame(columns=[*rules.PROBLEM_COLUMNS, "action"]), problems_out,
                       header=True)
    ran.sort(key=lambda pair: _ORDER[pair[0]])
    actions = dict(ran)
    rows = np.concatenate(found_rows) if found_rows else np.empty(0, dtype=np.int64)
    rule_ids = np.concatenate(found_rules) if found_rules else np.empty(0, dtype=np.int16)
    names_of = list(RULES)
    aside_bits = sum(1 << _ORDER[n] for n, a in ran if a == "set_aside")
    masks: dict[int, int] = {}
    for row, rule in zip(rows.tolist(), rule_ids.tolist(), strict=True):
        masks[row] = masks.get(row, 0) | (1 << rule)

    def joined(mask: int) -> str:
        return ";".join(names_of[i] for i in range(len(names_of)) if mask >> i & 1)

    set_aside_file, valid_file = out / "set_aside.csv", out / "valid.csv"
    reason_name, flags_name = reason_columns(present)
    n_aside = 0
    with atomic_path(set_aside_file) as tmp_aside, atomic_path(valid_file) as tmp_valid, \
            open(tmp_aside, "w", encoding="utf-8-sig", newline="") as aside_out, \
            open(tmp_valid, "w", encoding="utf-8-sig", newline="") as valid_out:
        first = True
        for raw in iter_batches(source, present, batch_rows=batch_rows, encoding=encoding,
                                text=present):
            mask = np.array([masks.get(r, 0) for r in raw.index.tolist()], dtype=np.int64)
            aside = (mask & aside_bits) != 0
            raw = _whole_numbers(raw)
            part = raw.loc[aside]
            part = part.assign(**{
                reason_name: [joined(m & aside_bits) for m in mask[aside]],
                flags_name: [joined(m & ~aside_bits) for m in mask[aside]]})
            append_csv(part, aside_out, header=first)
            append_csv(raw.loc[~aside], valid_out, header=first)
            first = False
            n_aside += int(aside.sum())
        if first:
            append_csv(pd.DataFrame(columns=[*present, reason_name, flags_name]), aside_out,
                       header=True)
            append_csv(pd.DataFrame(columns=present), valid_out, header=True)
    return StreamedScreening(
        n_returned=n_rows, n_valid=n_rows - n_aside, n_set_aside=n_aside,
        counts_by_rule=_counts(masks, findings, actions, aside_bits, names_of),
        rules=tuple(ran), not_applied=tuple(not_applied), problems_file=problems_file,
        set_aside_file=set_aside_file, valid_file=valid_file)


def reason_columns(columns: Sequence[str]) -> tuple[str, str]:
    """The names of set_aside.csv's two screening columns: ``reason`` and ``flags``, each
    prefixed with ``screening_`` (again, if need be) where the file already has a column of
    that name, so no question's answers are overwritten.

    >>> reason_columns(["respondent_id", "reason"])
    ('screening_reason', 'flags')
    """
    taken = set(columns)

    def free(name: str) -> str:
        while name in taken:
            name = f"screening_{name}"
        return name

    return free("reason"), free("flags")


def _spill(batch: pd.DataFrame, instrument: Instrument, names: list[str],
           repeat_rules: list[str], buckets: list[Any]) -> None:
    """Each row's id and answer hashes with its row number, into the bucket files."""
    if not repeat_rules:
        return
    row = batch.index.to_numpy(dtype=np.int64)
    for kind, name in enumerate(REPEAT_RULES):
        if name not in repeat_rules:
            continue
        if name == "duplicate_id":
            ids = batch[instrument.id_column]
            keep = ids.notna().to_numpy()
            hashes = pd.util.hash_pandas_object(ids.astype(str), index=False).to_numpy()
        else:
            keep = np.ones(len(batch), dtype=bool)
            hashes = pd.util.hash_pandas_object(batch[names], index=False).to_numpy()
        hashes = hashes[keep].astype(np.uint64)
        record = np.empty(len(hashes), dtype=[("kind", np.uint8), ("hash", np.uint64),
                                                ("row", np.int64)])
        record["kind"], record["hash"], record["row"] = kind, hashes, row[keep]
        bucket = (hashes >> np.uint64(64 - _BUCKET_BITS)).astype(np.int64)
        for b in np.unique(bucket).tolist():
            buckets[b].write(record[bucket == b].tobytes())


def _repeated_rows(spill: Path) -> np.ndarray:
    """File rows whose id or answer hash repeats, and the first row of each such hash."""
    dtype = np.dtype([("kind", np.uint8), ("hash", np.uint64), ("row", np.int64)])
    out = []
    for path in sorted(spill.glob("*.bin")):
        records = np.fromfile(path, dtype=dtype)
        if not len(records):
            continue
        key = pd.MultiIndex.from_arrays([records["kind"], records["hash"]])
        repeated = key.duplicated(keep=False)
        out.append(records["row"][repeated])
    return np.unique(np.concatenate(out)) if out else np.empty(0, dtype=np.int64)


def _counts(masks: dict[int, int], findings: dict[str, int], actions: dict[str, str],
            aside_bits: int, names_of: list[str]) -> pd.DataFrame:
    columns = ["rule", "action", "findings", "respondents", "only_reason", "with_other_rules"]
    out = []
    for name in names_of:
        if name not in findings:
            continue
        bit = 1 << _ORDER[name]
        concerned = [m for m in masks.values() if m & bit]
        out.append({"rule": name, "action": actions[name], "findings": findings[name],
                    "respondents": len(concerned),
                    "only_reason": sum(1 for m in concerned if m & aside_bits == bit),
                    "with_other_rules": sum(1 for m in concerned if m != bit)})
    return pd.DataFrame(out, columns=columns)



def _whole_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Float columns holding whole numbers only (Parquet codes read as float) as integers,
    so a row is written as the file gave it (5, not 5.0)."""
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_float_dtype(column):
            values = column.to_numpy()
            known = values[~np.isnan(values)]
            if np.all(known == np.round(known)) and (np.abs(known) < 2**53).all():
                frame[name] = column.astype("Int64")
    return frame
