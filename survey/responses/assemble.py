"""Run a mapping plan over a table's row chunks and assemble the frame, markers and report.

Each chunk goes through the plan's converters; codes fill one (variables × rows) float64
block in place, text columns, ids (whole numbers lose a spreadsheet's ``.0``), completion
times (:func:`survey.responses.platforms.parse_duration`), IP keys (numbered in order of
first appearance) and kept personal columns are collected per chunk. At the end, blank
options of a split multiple-choice question that has some option ticked become 0, the
columns are put in the instrument's order, and the plan's report gains the notes of what
happened (such as "other" text with no variable to hold it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from survey.errors import ResponseFileError
from survey.instrument.variables import variables
from survey.responses._arrow_text import character_bytes
from survey.responses.columns import DURATION_COLUMN, MappingReport, Note
from survey.responses.personal import (
    IP_KEY_COLUMN,
    personal_id_kind,
    pseudonymise_ids,
    redact_text,
)
from survey.responses.plan import Plan, variable_kind
from survey.responses.platforms import parse_duration
from survey.responses.recode import Converted, code_text

__all__ = ["MARKER_COLUMNS", "Mapped", "run_plan"]

#: Columns of :attr:`Mapped.markers`.
MARKER_COLUMNS = ["row", "column", "kind", "value"]


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


class _Assembler:
    """Collects converted chunks and assembles the frame at the end."""

    def __init__(self, plan: Plan, file: str | None, capacity: int = 0) -> None:
        self.plan = plan
        self.file = file
        self.numeric_names = [v.name for v in variables(plan.instrument) if variable_kind(v) != "text"]
        self.text_names = [v.name for v in variables(plan.instrument) if variable_kind(v) == "text"]
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
        n = len(chunk)
        if self.rows + n > self.block.shape[1]:  # more rows than lines counted: grow
            grown = np.empty((len(self.numeric_names), max(self.rows + n,
                                                          2 * self.block.shape[1])))
            grown[:, :self.rows] = self.block[:, :self.rows]
            self.block = grown
        rows = self.block[:, self.rows:self.rows + n]
        # The converters write the numbers into the block's rows for this chunk.
        out = Converted(slots={name: rows[j] for j, name in enumerate(self.numeric_names)})
        for column, converter in plan.converters:
            converter.convert(chunk[column], file, out)
        for j, name in enumerate(self.numeric_names):
            if out.numeric[name] is not out.slots[name]:
                rows[j] = out.numeric[name]
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
                row = int(bad.index.to_numpy()[bad.to_numpy().argmax()])  # the first bad row
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
            frame.insert(order.index(name), name,
                         pd.Series(_joined_text(self.text[name]), index=index, copy=False))
        position = 0
        id_note: tuple[Note, ...] = ()
        if plan.id_column is not None:
            ids = _joined_text(self.ids)
            kind = None if plan.keep_personal else personal_id_kind(pd.Series(ids))
            if kind is not None:
                ids = pseudonymise_ids(pd.Series(ids), index).array
                id_note = (Note("id_pseudonymised", (("column", plan.id_column),
                                                     ("kind", kind))),)
            frame.insert(0, plan.instrument.id_column, pd.Series(ids, index=index, copy=False))
            position = 1
        elif plan.instrument.ids == "row":
            # no id column: each questionnaire is known by its row in the file
            ids = pd.Series(index, copy=False).astype(str).astype("string").array
            frame.insert(0, plan.instrument.id_column, pd.Series(ids, index=index, copy=False))
            id_note = (Note("ids_from_rows"),)
            position = 1
        if plan.duration_column is not None:
            frame.insert(position, DURATION_COLUMN, np.concatenate(self.durations))
            position += 1
        if plan.ip_column is not None:
            keys = np.concatenate(self.ips)
            array = pd.array(keys, dtype="Int64")
            array[keys < 0] = pd.NA
            frame.insert(position, IP_KEY_COLUMN, pd.Series(array, index=index, copy=False))
        for column in plan.keep:
            frame[column] = _joined_text(self.kept[column])
        markers = (pd.concat(self.markers, ignore_index=True) if self.markers
                   else _empty_markers())
        notes = id_note + tuple(plan.notes) + tuple(
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
    """Respondent ids as text; whole numbers from spreadsheets lose their ``.0``; integers
    are written digit for digit (an 18-digit id would lose its last digits through a float)."""
    if pd.api.types.is_integer_dtype(values.dtype):
        return values.astype("string")
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
                return code_text(v)
            return None if v is None else str(v).strip()

        return values.map(as_text, na_action="ignore").astype("string")
    text = values.astype("string")
    return text if _untrimmed(values) else text.str.strip()


def _untrimmed(values: pd.Series) -> bool:
    """Whether no text of the column can have anything to trim: every byte of its Arrow
    character data (:mod:`survey.responses._arrow_text`) printable ASCII, above the space
    (every character :meth:`str.strip` removes from ASCII text is one of ``\\t``–``\\r``,
    ``\\x1c``–``\\x1f`` and the space; every other white space is not ASCII)."""
    parts = character_bytes(values)
    return parts is not None and all(
        not len(part) or (part.min() > 0x20 and part.max() < 0x80) for part in parts)


def run_plan(plan: Plan, chunks: Iterable[pd.DataFrame], *, file: str | None = None,
             capacity: int = 0) -> Mapped:
    """Convert every chunk with ``plan`` and assemble the frame (``capacity``: the number of
    rows expected, to fill one block in place; more rows are fine)."""
    assembler = _Assembler(plan, file, capacity)
    for chunk in chunks:
        assembler.add(chunk)
    return assembler.finish()
