"""Load ``instruments/*.yaml`` into a frozen :class:`~survey.instrument.model.Instrument`.

Every problem is reported with the file, the key path and the line, at once:
:func:`check_instrument` returns them all (shape errors from the model, cross-reference
errors from :mod:`survey.instrument.checks`, labels too long for SPSS from
:mod:`survey.instrument.limits`); :func:`load_instrument` raises the first (and says how
many more there are).
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from survey._yaml import Located, key_path, read_yaml, validate_document
from survey.errors import InstrumentError
from survey.instrument.checks import reference_problems
from survey.instrument.limits import label_problems
from survey.instrument.model import DEFER_CHECKS, Instrument

__all__ = ["check_instrument", "load_instrument"]


def check_instrument(path: str | Path) -> tuple[Instrument | None, list[Located]]:
    """Validate a definition; return the instrument (when usable) and every located problem.

    Problems come in the order of their lines in the file. A missing file or a YAML syntax
    error raises :class:`InstrumentError` (there is nothing else to check then).
    """
    doc = read_yaml(path, InstrumentError, "instrument")
    instrument, problems = validate_document(
        doc, Instrument, InstrumentError, context={DEFER_CHECKS: True})
    for loc, message in reference_problems(doc.data):
        problems.append(Located(key_path(loc), doc.line_of(loc), message))
    if instrument is not None and not problems:
        problems = [Located(key_path(p.loc), doc.line_of(p.loc), p.message)
                    for p in label_problems(instrument)]
    problems.sort(key=lambda p: (p.line is None, p.line or 0))
    return (instrument if not problems else None), problems


def load_instrument(path: str | Path) -> Instrument:
    """Load a questionnaire definition, or raise :class:`InstrumentError` located in the file."""
    instrument, problems = check_instrument(path)
    if problems:
        first = problems[0]
        more = len(problems) - 1
        raise InstrumentError(
            first.message,
            code="invalid_instrument",
            file=str(path),
            key=first.key or None,
            line=first.line,
            hint=(f"{more} more problem(s): run `survey instrument check {path}`." if more else None),
        )
    return cast(Instrument, instrument)  # no problems means a model was built
