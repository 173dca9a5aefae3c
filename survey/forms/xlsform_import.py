"""The way back: an XLSForm (ODK, KoboToolbox) as a questionnaire definition.

:func:`import_xlsform` reads the ``survey``, ``choices`` and ``settings`` sheets and writes
a YAML definition that ``survey instrument check`` accepts. It maps

=============================================== =========================================
XLSForm                                         definition
=============================================== =========================================
top-level ``begin_group``                       a section (questions outside groups form
                                                sections of their own)
``select_one L`` (``likert`` appearance over    ``single`` (``rating`` for a likert line
consecutive whole-number choices: ``rating``)   of numbers); ``or_other`` adds 其他（请注明）
``select_multiple L``                           ``multiple``; ``count-selected(.)`` limits
                                                become ``min_picks``/``max_picks``
a group of ``select_one`` on one list           ``likert_matrix`` on that list's scale
(``table-list``/``field-list``)
a group of ``integer`` ranks ``<group>_<code>`` ``ranking`` (as this toolkit writes it);
or ``rank L``                                   ``rank L`` becomes ``ranking`` too
``integer``/``decimal``, ``range``              ``number`` (range from ``. >= a and . <= b``),
                                                ``range`` with whole steps → ``rating``
``text``                                        ``open``, or the "please specify" text of the
                                                select just before it (``<q>_<code>cell_text``)
``relevant``                                    ``show_if`` (comparisons, ``selected()``,
                                                ``and``/``or``/``not``, a group's relevant
                                                passed to its questions)
``required``, ``label::<lang>``, ``hint``      ``required``, ``text``/``text_en``, ``note``
=============================================== =========================================

Choice names that are not whole numbers become codes 1, 2, … in list order (references in
``relevant`` follow). Lists used by matrices, or by several questions, become declared
scales; a list equal to a built-in scale (``sat5`` …) is referenced by its name. Columns
prefixed ``survey_`` (written by :mod:`survey.forms.xlsform`) restore satisfied and
excluded codes, scores, dimensions and reverse keying exactly.

What has no counterpart (a ``relevant`` outside the supported subset, repeats, GPS, photo,
date questions, ``choice_filter`` …) is left out and listed in :attr:`Imported.notes`.

This module's one job is the entry point: assemble the definition from the settings and
the parts below, check it, and write it. The parts, one job each:
:mod:`survey.forms._xlsform_sheets` reads the sheets and their cells;
:mod:`survey.forms._xlsform_relevant` translates XPath ``relevant`` into ``show_if``;
:mod:`survey.forms._xlsform_builder` turns choice lists into codes, options and scales;
:mod:`survey.forms._xlsform_survey` turns the survey rows into sections and questions;
:mod:`survey.forms._definition_yaml` writes the YAML (:func:`render_definition`,
re-exported here).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from survey._atomic import write_text_atomic
from survey._yaml import key_path
from survey.errors import InstrumentError
from survey.forms._definition_yaml import render_definition
from survey.forms._xlsform_builder import Builder
from survey.forms._xlsform_sheets import clean_name, read_sheets
from survey.forms._xlsform_survey import walk
from survey.instrument.checks import reference_problems
from survey.instrument.model import DEFER_CHECKS, Instrument

__all__ = ["Imported", "import_xlsform", "xlsform_definition"]


@dataclass(frozen=True)
class Imported:
    """What :func:`import_xlsform` did: the definition written, and what was left out."""

    path: Path | None
    definition: dict[str, Any]
    notes: tuple[str, ...]

    @property
    def questions(self) -> int:
        """Questions in the definition."""
        return sum(len(s["questions"]) for s in self.definition["sections"])


def xlsform_definition(path: str | Path) -> tuple[dict[str, Any], list[str]]:
    """The definition (a plain mapping, as YAML holds it) and notes on what was left out."""
    path = Path(path)
    survey_rows, choice_rows, settings_rows = read_sheets(path)
    builder = Builder(path)
    builder.read_choices(choice_rows)
    walk(builder, survey_rows)
    settings = settings_rows[0] if settings_rows else {}
    title = str(settings.get("form_title") or path.stem)
    form_id = str(settings.get("form_id") or path.stem)
    definition: dict[str, Any] = {"id": clean_name(form_id), "title": title}
    if settings.get("survey_title_en"):
        definition["title_en"] = str(settings["survey_title_en"])
    if settings.get("version") not in (None, ""):
        definition["version"] = str(settings["version"])
    group = {"id": str(settings.get("survey_group_id") or "respondents"),
             "name": str(settings.get("survey_group_name") or "受访者"),
             "name_en": str(settings.get("survey_group_name_en") or "Respondents")}
    definition["group"] = group
    if settings.get("survey_cover_letter"):
        try:
            letter = json.loads(str(settings["survey_cover_letter"]))
        except json.JSONDecodeError:
            builder.notes.append("settings: survey_cover_letter is not JSON; no cover letter")
        else:
            definition["cover_letter"] = letter
    if settings.get("survey_id_column"):
        definition["id_column"] = str(settings["survey_id_column"])
    if builder.scales:
        definition["scales"] = builder.scales
    definition["sections"] = builder.sections
    if not builder.sections:
        raise InstrumentError("the survey sheet has no question this toolkit can carry over",
                              code="empty_xlsform", file=str(path))
    return definition, builder.notes


def import_xlsform(path: str | Path, out: str | Path | None = None) -> Imported:
    """Read an XLSForm and, when ``out`` is given, write its definition there (atomically).

    The definition is checked before anything is written; a problem that remains (ids that
    clash once choices become variables, for instance) raises :class:`InstrumentError`.
    """
    definition, notes = xlsform_definition(path)
    problems = [f"{key_path(loc)}: {message}" for loc, message in reference_problems(definition)]
    if not problems:
        try:
            Instrument.model_validate(definition, context={DEFER_CHECKS: True})
        except ValueError as exc:
            problems.append(str(exc).splitlines()[0])
    if problems:
        raise InstrumentError(
            f"the imported definition is not valid: {problems[0]}", code="import_invalid",
            file=str(path),
            hint=f"{len(problems) - 1} more problem(s)." if len(problems) > 1 else None)
    written = None
    if out is not None:
        written = Path(out)
        write_text_atomic(written, render_definition(definition, Path(path).name))
    return Imported(path=written, definition=definition, notes=tuple(notes))
