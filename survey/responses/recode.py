"""Recode one column's cells into the instrument's codes: labels, codes, option positions.

A cell may hold a code (``4``), its printed label (``满意``), or, in a platform's code
download, the option's position in the printed list (问卷星 ``1`` = the first option, which
is code 5 on a scale printed 非常满意 … 非常不满意). Labels are compared after
normalisation (:func:`survey.responses._text.label_key`). A label that no option has is an
error naming its row and column, never a silent missing value. A multiple-choice question
joined in one cell (``运动┋阅读``, ``1,3``) is split into its option variables, a ranking
(``运动→阅读``) into places; "other" text written as ``其他〖…〗`` goes to the question's
other-text variable where the instrument has one. Platform markers (``(跳过)``/``-3``,
``(空)``/``-2``) become missing values and are recorded with their kind.

One converter per matched column (``Coded``, ``Joined``, ``Numeric``, ``Text``), each
working on the column's distinct values (:func:`pandas.factorize`) and writing into an
``Converted``. Which converter a column gets is decided in :mod:`survey.responses.plan`; the
chunks are put together in :mod:`survey.responses.assemble`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeGuard

import numpy as np
import pandas as pd

from survey.errors import ResponseFileError
from survey.instrument.variables import Variable
from survey.responses._arrow_text import arrow_text
from survey.responses._text import fold, label_key
from survey.responses.personal import REDACTED, redact_one
from survey.responses.platforms import MISSING_CODES, MISSING_TEXTS, split_other

__all__ = ["Coded", "Converted", "Joined", "Numeric", "Text", "code_text"]

_JOINERS = re.compile(r"[,，;；┋|]")
_RANK_JOINERS = re.compile(r"[→>,，;；┋|]")


@dataclass
class Converted:
    """What converting one chunk of one column produced.

    ``slots`` are where the caller wants a variable's numbers (float64, one per row: the
    assembler's block, so that they are written once, in place); :meth:`numbers` hands a
    converter its variable's slot, or a new array, and records it in ``numeric``."""

    numeric: dict[str, np.ndarray] = field(default_factory=dict)
    text: dict[str, pd.Series] = field(default_factory=dict)
    other: dict[str, pd.Series] = field(default_factory=dict)
    markers: list[pd.DataFrame] = field(default_factory=list)
    other_dropped: dict[str, int] = field(default_factory=dict)
    slots: Mapping[str, np.ndarray] = field(default_factory=dict)

    def numbers(self, name: str, n: int) -> np.ndarray:
        """The float64 array of ``n`` rows to write variable ``name``'s numbers into."""
        slot = self.slots.get(name)
        array = slot if slot is not None and len(slot) == n else np.empty(n)
        self.numeric[name] = array
        return array


def _spread(per_unique: np.ndarray, codes: np.ndarray, fill: Any = np.nan) -> np.ndarray:
    """Per-distinct-value results → per-cell results (``codes`` from :func:`pd.factorize`)."""
    present = codes >= 0
    out = np.full(len(codes), fill, dtype=per_unique.dtype if fill is not None else object)
    out[present] = per_unique[codes[present]]
    return out


def _spread_into(per_unique: np.ndarray, codes: np.ndarray, out: np.ndarray) -> None:
    """Per-distinct-value floats → per-cell floats written into ``out`` (``codes`` from
    :func:`pd.factorize`; a missing cell, code -1, NaN): one gather from the values with
    NaN appended, which code -1 picks as the last (``mode="wrap"``)."""
    np.take(np.append(per_unique, np.nan), codes, out=out, mode="wrap")


def _float_into(values: pd.Series, out: np.ndarray) -> None:
    """A numeric column's values written into ``out`` as float64, a blank NaN: a numpy
    column is cast as it is copied (NaN is its blank already), others through pandas."""
    if isinstance(values.dtype, np.dtype):
        np.copyto(out, values.to_numpy())
    else:
        np.copyto(out, values.to_numpy(dtype="float64", na_value=np.nan))


def _mark(out: Converted, values: pd.Series, names: tuple[str, ...], codes: np.ndarray,
          kinds: list[str]) -> None:
    """Record the cells whose distinct value is a platform marker (kind not empty)."""
    kinds_u = np.array(kinds, dtype=object)
    if not len(kinds_u) or not (kinds_u != "").any():
        return
    cell = _spread(kinds_u, codes, fill="")
    mask = cell != ""
    rows = values.index[mask].to_numpy(dtype="int64")
    raw = np.array([code_text(v) if isinstance(v, float) else str(v) for v in
                    values.to_numpy(dtype=object)[mask]], dtype=object)
    for name in names:
        out.markers.append(pd.DataFrame({"row": rows, "column": name, "kind": cell[mask],
                                         "value": raw}))


def _other_text(out: Converted, question: str, targets: Mapping[int, str],
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


def _is_number(cell: object) -> TypeGuard[int | float | np.integer | np.floating]:
    return isinstance(cell, int | float | np.integer | np.floating) and not isinstance(
        cell, bool | np.bool_)


def _numeric_column(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(
        values.dtype)


@dataclass
class Coded:
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
            value, kind = self._number(float(cell))
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

    def convert(self, values: pd.Series, file: str | None, out: Converted) -> None:
        name = self.var.name
        if _numeric_column(values):
            if not self.platform_codes and not self.recode and self.positions is None:
                _float_into(values, out.numbers(name, len(values)))
                return
            array = values.to_numpy(dtype="float64", na_value=np.nan)
            number_codes, numbers = pd.factorize(array, use_na_sentinel=True)
            read = [self._number(float(u)) for u in numbers]
            _spread_into(np.array([r[0] for r in read], dtype="float64"), number_codes,
                         out.numbers(name, len(values)))
            _mark(out, values, (name,), number_codes, [r[1] for r in read])
            return
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        parsed = [self._one(u) for u in uniques]
        bad = np.array([p[3] for p in parsed], dtype=bool)
        if bad.any():
            first = int(np.flatnonzero(np.isin(codes, np.flatnonzero(bad)))[0])
            raise _unknown(file, int(values.index[first]), self.column, self.var,
                           str(values.iloc[first]))
        _spread_into(np.array([p[0] for p in parsed], dtype="float64"), codes,
                     out.numbers(name, len(values)))
        _mark(out, values, (name,), codes, [p[1] for p in parsed])
        _other_text(out, self.var.question, self.others, [p[2] for p in parsed], codes,
                    values.index)


def code_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass
class Joined:
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
            number = float(cell)
            if self.platform_codes and number.is_integer() and int(number) in MISSING_CODES:
                return None, MISSING_CODES[int(number)], {}, None
            cell = code_text(number)
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

    def convert(self, values: pd.Series, file: str | None, out: Converted) -> None:
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
            _spread_into(picks[:, j], codes, out.numbers(name, len(values)))
        _mark(out, values, self.names, codes, [p[1] for p in parsed])
        _other_text(out, self.question, self.others, [p[2] for p in parsed], codes,
                    values.index)


def _split_parts(text: str, ranked: bool) -> list[str]:
    """Split joined picks, keeping separators that sit inside 〖…〗 other text."""
    joiners = _RANK_JOINERS if ranked else _JOINERS
    parts: list[str] = []
    current: list[str] = []
    depth = 0
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
class Numeric:
    """A numeric variable without options (a count, an amount)."""

    var: Variable
    column: str
    platform_codes: bool

    def _one(self, cell: object) -> tuple[float, str, bool]:
        if _is_number(cell):
            value = float(cell)
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

    def convert(self, values: pd.Series, file: str | None, out: Converted) -> None:
        name = self.var.name
        if _numeric_column(values) and not self.platform_codes:
            _float_into(values, out.numbers(name, len(values)))
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
        _spread_into(np.array([p[0] for p in parsed], dtype="float64"), codes,
                     out.numbers(name, len(values)))
        _mark(out, values, (name,), codes, [p[1] for p in parsed])


@dataclass
class Text:
    """Free text: platform markers become missing; personal data is redacted.

    The converter of one column sees its chunks in turn; the distinct texts found to stay
    themselves are remembered (``_kept``), so a chunk whose texts are all among them is
    taken as it is without a look at its cells' codes."""

    var: Variable
    column: str
    redact: bool
    withhold: bool
    _kept: set[str] = field(default_factory=set, init=False, repr=False, compare=False)

    def _results(self, uniques: Any) -> tuple[pd.Series, list[str]]:
        """Each distinct text as it ends up (trimmed; blank, a platform marker or withheld:
        missing or the withheld mark; redacted), and its marker kind (``""`` if none)."""
        distinct = pd.Series(uniques, dtype="string").str.strip()
        distinct = distinct.mask(distinct == "")
        spelled = distinct.str.replace("（", "(").str.replace("）", ")")
        kinds = ["" if pd.isna(u) else MISSING_TEXTS.get(str(u), "") for u in spelled]
        if any(kinds):
            distinct = distinct.mask(np.array(kinds, dtype=object) != "")
        if self.withhold:
            distinct = distinct.mask(distinct.notna(), REDACTED)
        elif self.redact:
            distinct = pd.Series([None if pd.isna(u) else redact_one(u) for u in distinct],
                                 dtype="string")
        return distinct, kinds

    def _unchanged(self, values: pd.Series) -> bool:
        """Whether every text of the column stays itself (nothing trimmed, marked or
        redacted), decided from its distinct texts (pyarrow's ``unique`` on the column's
        Arrow memory: no per-cell codes are made) and those of earlier chunks. ``False``
        also when pandas does not hold the column in Arrow memory."""
        text = arrow_text(values)
        if text is None:
            return False
        import pyarrow.compute as pc

        new = [u for u in pc.unique(text).drop_null().to_pylist() if u not in self._kept]
        if new:
            distinct, kinds = self._results(new)
            if any(kinds) or distinct.isna().any() or not bool(
                    (distinct.to_numpy(dtype=object) == np.asarray(new, dtype=object)).all()):
                return False
            self._kept.update(new)
        return True

    def convert(self, values: pd.Series, file: str | None, out: Converted) -> None:
        if self._unchanged(values):
            out.text[self.var.name] = values.astype("string")
            return
        # Each distinct cell is trimmed, looked up and redacted once, then spread to its rows.
        codes, uniques = pd.factorize(values.astype("string"), use_na_sentinel=True)
        distinct, kinds = self._results(uniques)
        if any(kinds):
            _mark(out, values, (self.var.name,), codes, kinds)
        if not distinct.isna().any() and bool(
                (distinct.to_numpy(dtype=object) == np.asarray(uniques, dtype=object)).all()):
            # every distinct text stays itself (nothing trimmed, marked or redacted)
            out.text[self.var.name] = values.astype("string")
            return
        out.text[self.var.name] = pd.Series(distinct.array.take(codes, allow_fill=True),
                                            index=values.index, name=values.name)
