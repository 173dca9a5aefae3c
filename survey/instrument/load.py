"""Load ``instruments/*.yaml`` into a frozen :class:`~survey.instrument.model.Instrument`.

Every problem is reported with the file, the key path and the line, at once:
:func:`check_instrument` returns them all; :func:`load_instrument` raises the first (and
says how many more there are).
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from survey._yaml import Located, read_yaml, validate_document
from survey.errors import InstrumentError
from survey.instrument.logic import ConditionSyntaxError, parse_condition
from survey.instrument.model import Instrument
from survey.instrument.variables import variables

__all__ = ["check_instrument", "load_instrument"]


def _semantic_problems(instrument: Instrument, doc_line: object) -> list[Located]:
    """Problems pydantic cannot see: skip logic that is malformed or looks forward."""
    problems: list[Located] = []
    seen_questions: set[str] = set()
    names = {v.name: v.question for v in variables(instrument)}
    for si, section in enumerate(instrument.sections):
        for qi, question in enumerate(section.questions):
            if question.show_if:
                loc = ("sections", si, "questions", qi, "show_if")
                key = f"sections[{si}].questions[{qi}].show_if"
                line = doc_line(loc)  # type: ignore[operator]
                try:
                    condition = parse_condition(question.show_if)
                except ConditionSyntaxError as exc:
                    problems.append(Located(key, line, f"skip logic does not parse: {exc}"))
                else:
                    for ref in condition.references:
                        if ref not in names:
                            problems.append(Located(key, line, f"skip logic refers to unknown variable {ref!r}"))
                        elif names[ref] not in seen_questions:
                            problems.append(Located(
                                key, line,
                                f"skip logic refers to {ref!r}, which is not asked before question {question.id}",
                            ))
            seen_questions.add(question.id)
    return problems


def check_instrument(path: str | Path) -> tuple[Instrument | None, list[Located]]:
    """Validate a definition; return the instrument (when usable) and every located problem."""
    doc = read_yaml(path, InstrumentError, "instrument")
    instrument, problems = validate_document(doc, Instrument, InstrumentError)
    if instrument is not None:
        problems = _semantic_problems(instrument, doc.line_of)
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
