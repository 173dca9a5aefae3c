"""The SPSS template (``template.sav``): an empty data file with the whole dictionary.

Written with :func:`pyreadstat.write_sav` (UTF-8): the respondent-id column and one
variable per instrument variable, in questionnaire order, with

- ASCII variable names (the instrument's ids; ``instrument check`` rejects names SPSS
  cannot take: reserved words, more than 64 bytes);
- Chinese variable labels (``column_labels``) and value labels
  (``variable_value_labels``: the codes of every coded variable, 0/1 for ticked options);
- measure levels (``variable_measure``: nominal, ordinal, scale) and print formats;
- user-missing codes (``missing_ranges``): the scale's excluded codes (9 = 不了解), valid
  answers that are left out of every rate.

SPSS keeps at most 256 bytes of a variable label and 120 bytes of a value label (UTF-8:
85 and 40 Chinese characters). Longer labels are reported (:class:`InstrumentError`)
and nothing is written, instead of letting them be cut.

A string's width comes from its longest value, and the template has no rows; each text
variable therefore carries one value label, for the blank value, which both sets its width
(A3000 for open answers, A600 for "please specify" text, A40 for the id) and says what a
blank means (未作答).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
import pyreadstat

from survey._atomic import atomic_path
from survey._yaml import key_path
from survey.errors import InstrumentError
from survey.forms._lang import choose, t
from survey.instrument.limits import label_problems
from survey.instrument.model import Instrument
from survey.instrument.variables import Variable, variables
from survey.locale import Language

__all__ = ["TEXT_WIDTHS", "spss_dictionary", "write_spss_template"]

#: Storage widths in bytes: 1,000 Chinese characters for open answers, 200 for "please
#: specify" text, 40 for the questionnaire number.
TEXT_WIDTHS = {"open": 3000, "other_text": 600, "id": 40}
#: SPSS file labels hold 64 bytes; a longer title goes into the file's notes only.
FILE_LABEL_BYTES = 64
#: A line of the file's notes (document record) holds 80 bytes.
NOTE_LINE_BYTES = 80


def _digits(value: float | None) -> int:
    if value is None:
        return 8
    return max(1, len(str(int(math.floor(abs(value)))))) + (1 if value < 0 else 0)


def _format(var: Variable) -> str:
    if var.is_text:
        return f"A{TEXT_WIDTHS[var.kind]}"
    if var.kind == "number":
        width = max(_digits(var.minimum), _digits(var.maximum))
        return f"F{width}.0" if var.integer else f"F{width + 3}.2"
    return f"F{max(_digits(c) for c in var.codes)}.0"


def _missing(var: Variable) -> list[Any]:
    """User-missing values: up to three discrete codes, or one range for more."""
    codes = sorted(var.excluded)
    if len(codes) <= 3:
        return [float(c) for c in codes]
    if codes == list(range(codes[0], codes[-1] + 1)):
        return [{"lo": float(codes[0]), "hi": float(codes[-1])}]
    raise InstrumentError(  # pragma: no cover - needs a scale with 4+ scattered excluded codes
        "SPSS holds three discrete missing values or one range", code="too_many_missing_codes",
        column=var.name, expected="at most three excluded codes, or consecutive ones",
        got=codes)


def _note_lines(text: str) -> list[str]:
    """``text`` cut into document lines of at most 80 bytes (the SPSS record), on characters.

    >>> [len(line.encode()) for line in _note_lines("满" * 30)]
    [78, 12]
    """
    lines, line = [], ""
    for char in text:
        if len((line + char).encode()) > NOTE_LINE_BYTES:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines


def spss_dictionary(instrument: Instrument, lang: Language = "zh-CN") -> dict[str, Any]:
    """The template as data: ``frame`` (no rows) and the keyword arguments of ``write_sav``."""
    id_name = instrument.id_column
    blank = t(lang, "spss_blank")
    frame: dict[str, pd.Series] = {id_name: pd.Series([], dtype=object)}
    labels = {id_name: t(lang, "spss_id_label")}
    value_labels: dict[str, dict[Any, str]] = {id_name: {" " * TEXT_WIDTHS["id"]: blank}}
    formats = {id_name: f"A{TEXT_WIDTHS['id']}"}
    measures = {id_name: "nominal"}
    widths = {id_name: 12}
    missing: dict[str, list[Any]] = {}
    for var in variables(instrument):
        name = var.name
        labels[name] = choose(var.label, var.label_en, lang)
        formats[name] = _format(var)
        measures[name] = var.measure
        if var.is_text:
            frame[name] = pd.Series([], dtype=object)
            value_labels[name] = {" " * TEXT_WIDTHS[var.kind]: blank}
            widths[name] = 30
            continue
        frame[name] = pd.Series([], dtype="float64")
        widths[name] = 8
        if var.options:
            value_labels[name] = {float(o.code): choose(o.label, o.label_en, lang)
                                  for o in var.options}
        if var.excluded:
            missing[name] = _missing(var)
    title = choose(instrument.title, instrument.title_en, lang)
    return {
        "frame": pd.DataFrame(frame),
        "file_label": title if len(title.encode()) <= FILE_LABEL_BYTES else instrument.id,
        "note": _note_lines(title),
        "column_labels": labels,
        "variable_value_labels": value_labels,
        "missing_ranges": missing,
        "variable_measure": measures,
        "variable_format": formats,
        "variable_display_width": widths,
    }


def write_spss_template(
    instrument: Instrument, path: str | Path, lang: Language = "zh-CN"
) -> Path:
    """Write ``template.sav`` (atomically) and return its path.

    Raises :class:`InstrumentError` (code ``label_too_long``) naming every variable or
    value label longer than SPSS keeps; nothing is written then.
    """
    problems = label_problems(instrument, lang)
    if problems:
        shown = "; ".join(p.message for p in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise InstrumentError(
            f"{len(problems)} label(s) too long for SPSS: {shown}{more}",
            code="label_too_long", key=key_path(problems[0].loc),
            hint="Shorten them in the definition; `survey instrument check` lists each "
                 "with its line.",
        )
    spec = spss_dictionary(instrument, lang)
    frame = spec.pop("frame")
    path = Path(path)
    with atomic_path(path) as tmp:
        try:
            pyreadstat.write_sav(frame, str(tmp), **spec)
        except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError) as exc:
            raise InstrumentError(f"the SPSS template cannot be written: {exc}",
                                  code="spss_write_failed", file=str(path)) from exc
    return path
