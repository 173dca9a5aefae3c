"""The XLSForm (``xlsform.xlsx``) for ODK Collect and KoboToolbox tablets and web forms.

Three sheets, as the XLSForm standard (https://xlsform.org) has them:

- ``survey``: one row per question, inside one group per section. Single choice is
  ``select_one``, multiple choice ``select_multiple`` (its pick limits a ``constraint`` on
  ``count-selected(.)``), each Likert matrix a ``table-list`` group of ``select_one`` rows
  on its scale's list, a rating a ``select_one`` with the ``likert`` appearance, a number
  ``integer``/``decimal`` with its range as a ``constraint``, a ranking a ``field-list``
  group of ``integer`` ranks that may not repeat, open text ``text``; an "other, please
  specify" option is followed by a ``text`` row shown when it is chosen. ``required`` and
  ``relevant`` (the skip logic, translated from the expression language into XPath) are
  filled in. The respondent id is computed once per submission (``once(uuid())``);
  ``start`` and ``end`` give each interview's duration.
- ``choices``: one list per scale and per question with its own options; choice names are
  the codes, so exports carry the same codes as paper data entry.
- ``settings``: title, form id, version, default language (and, in ``survey_`` columns,
  the English title, the respondent group and the cover letter as JSON).

Labels are in ``label::Chinese (zh)`` and ``label::English (en)`` columns (English falls
back to Chinese). Columns prefixed ``survey_`` (type, dimension, reverse, section role,
satisfied and excluded codes, scores) are ignored by ODK and KoboToolbox and let
:mod:`survey.forms.xlsform_import` rebuild the definition exactly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from survey._cells import save_workbook
from survey.forms._lang import t
from survey.instrument.logic import Node, parse_condition
from survey.instrument.model import (
    Instrument,
    LikertMatrix,
    MultipleChoice,
    NumberQuestion,
    OpenQuestion,
    Option,
    QuestionModel,
    Ranking,
    Rating,
    Scale,
    SingleChoice,
)
from survey.instrument.variables import Variable, specify_variable, variables

__all__ = ["ZH", "EN", "condition_to_xpath", "xlsform_sheets", "write_xlsform"]

ZH, EN = "Chinese (zh)", "English (en)"
SURVEY_COLUMNS = [
    "type", "name", f"label::{ZH}", f"label::{EN}", f"hint::{ZH}", f"hint::{EN}", "required",
    f"required_message::{ZH}", f"required_message::{EN}", "relevant", "constraint",
    f"constraint_message::{ZH}", f"constraint_message::{EN}", "appearance", "calculation",
    "survey_type", "survey_dimension", "survey_reverse", "survey_satisfaction", "survey_role",
]
CHOICE_COLUMNS = ["list_name", "name", f"label::{ZH}", f"label::{EN}", "survey_satisfied",
                  "survey_excluded", "survey_score", "survey_specify", "survey_ordered"]
SETTINGS_COLUMNS = ["form_title", "form_id", "version", "default_language", "style",
                    "survey_title_en", "survey_id_column", "survey_group_id", "survey_group_name",
                    "survey_group_name_en", "survey_cover_letter"]
_XPATH_OPS = {"==": "=", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


# --------------------------------------------------------------------------- skip logic

def _literal(value: Any) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "") + "'"
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class _XPath:
    """Translate a parsed condition into an XPath 1.0 ``relevant`` expression.

    XPath compares an empty answer as NaN, so ``<``, ``<=``, ``=`` … are false for it just
    as they are in :meth:`Condition.evaluate`; ``!=`` is true for NaN and is therefore
    guarded with ``!= ''``. A multiple-choice option variable (``reasons_3``) is the
    ``selected()`` test on its ``select_multiple`` field.
    """

    def __init__(self, instrument: Instrument) -> None:
        self.vars = {v.name: v for v in variables(instrument)}

    def field(self, name: str) -> str:
        var = self.vars.get(name)
        return "${" + (var.question if var is not None and var.kind == "multiple_option"
                       else name) + "}"

    def _option(self, name: str) -> tuple[str, str] | None:
        var = self.vars.get(name)
        if var is None or var.kind != "multiple_option":
            return None
        return "${" + var.question + "}", name.rsplit("_", 1)[1]

    def compare(self, name: str, op: str, value: Any) -> str:
        option = self._option(name)
        if option is not None:
            from survey.instrument.logic import Comparison

            test = Comparison((name,), op, (value,))
            matches = {c for c in (0, 1) if test.holds_for(float(c))}
            field, code = option
            if matches == {1}:
                return f"selected({field}, '{code}')"
            if matches == {0}:
                return f"({field} != '' and not(selected({field}, '{code}')))"
            return f"{field} != ''" if matches else "false()"
        field = self.field(name)
        text = f"{field} {_XPATH_OPS[op]} {_literal(value)}"
        return f"({text} and {field} != '')" if op == "!=" else text

    def truthy(self, name: str) -> str:
        option = self._option(name)
        if option is not None:
            return f"selected({option[0]}, '{option[1]}')"
        field = self.field(name)
        return f"({field} != '' and {field} != 0)"

    def elements(self, node: Node) -> list[str] | None:
        """Per-variable tests of an elementwise node (a comparison on a range), else None."""
        if node.kind == "range":
            return [self.truthy(n) for n in node.value]
        if node.kind == "in" and node.children[0].kind == "range":
            return ["(" + " or ".join(self.compare(n, "==", v) for v in node.value) + ")"
                    for n in node.children[0].value]
        if node.kind == "compare":
            left, right = node.children
            if left.kind == "range" and right.kind in ("number", "string"):
                return [self.compare(n, node.value, right.value) for n in left.value]
            if right.kind == "range" and left.kind in ("number", "string"):
                flipped = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(node.value, node.value)
                return [self.compare(n, flipped, left.value) for n in right.value]
        return None

    def number(self, node: Node) -> str:
        if node.kind == "number":
            return _literal(node.value)
        if node.kind == "name":
            return self.field(node.value)
        if node.kind == "call" and node.value == "count":
            inner = node.children[0]
            parts = self.elements(inner)
            if parts is None:
                parts = [self.boolean(inner)]
            if inner.kind == "range":
                parts = [f"{self.field(n)} != ''" for n in inner.value]
            return "(" + " + ".join(f"number({p})" for p in parts) + ")"
        raise ValueError(f"cannot use {node.kind} as a number in XLSForm")

    def boolean(self, node: Node) -> str:
        kind = node.kind
        if kind in ("and", "or"):
            return f"({self.boolean(node.children[0])} {kind} {self.boolean(node.children[1])})"
        if kind == "not":
            return f"not({self.boolean(node.children[0])})"
        if kind == "name":
            return self.truthy(node.value)
        if kind == "call" and node.value in ("any", "all"):
            parts = self.elements(node.children[0])
            if parts is None:
                return self.boolean(node.children[0])
            return "(" + f" {'or' if node.value == 'any' else 'and'} ".join(parts) + ")"
        if kind == "call" and node.value == "answered":
            inner = node.children[0]
            names = inner.value if inner.kind == "range" else (inner.value,)
            return "(" + " and ".join(f"{self.field(n)} != ''" for n in names) + ")"
        parts = self.elements(node)
        if parts is not None:  # a bare comparison on a range: true where any element holds
            return "(" + " or ".join(parts) + ")"
        if kind == "in":
            name = node.children[0].value
            return "(" + " or ".join(self.compare(name, "==", v) for v in node.value) + ")"
        if kind == "compare":
            left, right = node.children
            if left.kind == "name" and right.kind in ("number", "string"):
                return self.compare(left.value, node.value, right.value)
            if right.kind == "name" and left.kind in ("number", "string"):
                flipped = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(node.value, node.value)
                return self.compare(right.value, flipped, left.value)
            return f"{self.number(left)} {_XPATH_OPS[node.value]} {self.number(right)}"
        if kind == "call" and node.value == "count":
            return f"{self.number(node)} != 0"
        raise ValueError(f"cannot translate {kind} into XLSForm")


def condition_to_xpath(expression: str, instrument: Instrument) -> str:
    """The skip condition ``expression`` as an XLSForm ``relevant`` (XPath 1.0).

    ``any(sat_1..sat_3 <= 2)`` becomes ``(${sat_1} <= 2 or ${sat_2} <= 2 or ${sat_3} <= 2)``;
    ``reasons_6 == 1`` becomes ``selected(${reasons}, '6')``.
    """
    return _XPath(instrument).boolean(parse_condition(expression).tree)


# --------------------------------------------------------------------------- sheets

def _row(**cells: Any) -> dict[str, Any]:
    return {k: v for k, v in cells.items() if v not in (None, "")}


def _labels(zh: str, en: str | None) -> dict[str, str]:
    return {f"label::{ZH}": zh, f"label::{EN}": en or zh}


def _required(required: bool) -> dict[str, str]:
    if not required:
        return {}
    return {"required": "yes", f"required_message::{ZH}": t("zh-CN", "xlsform_required"),
            f"required_message::{EN}": t("en", "xlsform_required")}


def _constraint(expression: str, key: str, **values: object) -> dict[str, str]:
    return {"constraint": expression,
            f"constraint_message::{ZH}": t("zh-CN", key, **values),
            f"constraint_message::{EN}": t("en", key, **values)}


def _hint(zh: str | None, en: str | None) -> dict[str, str]:
    if not zh:
        return {}
    return {f"hint::{ZH}": zh, f"hint::{EN}": en or zh}


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class _Sheets:
    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        self.xpath = _XPath(instrument)
        self.survey: list[dict[str, Any]] = []
        self.choices: list[dict[str, Any]] = []
        self.lists: set[str] = set()

    def add_list(self, name: str, options: tuple[Option, ...], scale: Scale | None = None) -> str:
        if name in self.lists:
            return name
        self.lists.add(name)
        for option in options:
            score = scale.score_of(option.code) if scale is not None else None
            self.choices.append(_row(
                list_name=name, name=str(option.code), **_labels(option.label, option.label_en),
                survey_satisfied="yes" if scale and option.code in scale.satisfied else None,
                survey_excluded="yes" if scale and option.code in scale.excluded else None,
                survey_score=_num(score) if score is not None else None,
                survey_specify="yes" if option.specify else None,
                survey_ordered="no" if scale is not None and not scale.ordered else None,
            ))
        return name

    def relevant(self, expression: str | None) -> dict[str, str]:
        if not expression:
            return {}
        return {"relevant": condition_to_xpath(expression, self.instrument)}

    def question(self, q: QuestionModel) -> None:
        base = {**_labels(q.text, q.text_en), **_hint(q.note, q.note_en),
                **self.relevant(q.show_if)}
        if isinstance(q, SingleChoice):
            if q.scale:
                listed = self.add_list(q.scale, self.instrument.scale(q.scale).options,
                                       self.instrument.scale(q.scale))
            else:
                listed = self.add_list(q.id, q.options or ())
            self.survey.append(_row(type=f"select_one {listed}", name=q.id, **base,
                                    **_required(q.required), survey_type="single"))
            self.specify(q, q.options or ())
        elif isinstance(q, MultipleChoice):
            listed = self.add_list(q.id, q.options)
            limits = {}
            high = q.max_picks
            if q.min_picks > 1 or high is not None:
                parts = []
                if q.min_picks > 1:
                    parts.append(f"count-selected(.) >= {q.min_picks}")
                if high is not None:
                    parts.append(f"count-selected(.) <= {high}")
                limits = _constraint(" and ".join(parts), "xlsform_picks", low=q.min_picks,
                                     high=high if high is not None else len(q.options))
            self.survey.append(_row(type=f"select_multiple {listed}", name=q.id, **base,
                                    **_required(q.required), **limits, survey_type="multiple"))
            self.specify(q, q.options)
        elif isinstance(q, LikertMatrix):
            scale = self.instrument.scale(q.scale)
            listed = self.add_list(q.scale, scale.options, scale)
            self.survey.append(_row(type="begin_group", name=q.id, **base, appearance="table-list",
                                    survey_type="likert_matrix",
                                    survey_satisfaction="yes" if q.satisfaction else "no"))
            for item in q.items:
                self.survey.append(_row(
                    type=f"select_one {listed}", name=item.id, **_labels(item.text, item.text_en),
                    **_required(q.required), survey_dimension=item.dimension,
                    survey_reverse="yes" if item.reverse else None))
            self.survey.append({"type": "end_group", "name": q.id})
        elif isinstance(q, Rating):
            var = next(v for v in variables(self.instrument) if v.name == q.id)
            listed = self.add_list(q.id, var.options)
            self.survey.append(_row(type=f"select_one {listed}", name=q.id, **base,
                                    appearance="likert", **_required(q.required),
                                    survey_type="rating"))
        elif isinstance(q, NumberQuestion):
            kind = "integer" if q.integer else "decimal"
            parts = []
            if q.min is not None:
                parts.append(f". >= {_num(q.min)}")
            if q.max is not None:
                parts.append(f". <= {_num(q.max)}")
            limits = _constraint(" and ".join(parts), "xlsform_range", low=_num(q.min) or "−∞",
                                 high=_num(q.max) or "∞") if parts else {}
            unit = {}
            if q.unit and not q.note:
                unit = _hint(t("zh-CN", "xlsform_unit", unit=q.unit),
                             t("en", "xlsform_unit", unit=q.unit_en or q.unit))
            self.survey.append(_row(type=kind, name=q.id, **base, **unit, **_required(q.required),
                                    **limits, survey_type="number"))
        elif isinstance(q, Ranking):
            self.ranking(q, base)
        elif isinstance(q, OpenQuestion):
            self.survey.append(_row(type="text", name=q.id, **base, appearance="multiline",
                                    **_required(q.required), survey_type="open"))

    def ranking(self, q: Ranking, base: dict[str, str]) -> None:
        k = q.rank_count
        names = [f"{q.id}_{o.code}" for o in q.options]
        hint = _hint(t("zh-CN", "xlsform_ranking", k=k), t("en", "xlsform_ranking", k=k))
        self.survey.append(_row(type="begin_group", name=q.id, **{**base, **hint},
                                appearance="field-list", survey_type="ranking"))
        for option, name in zip(q.options, names, strict=True):
            others = " ".join(f"and . != ${{{other}}}" for other in names if other != name)
            self.survey.append(_row(
                type="integer", name=name, **_labels(option.label, option.label_en),
                **_constraint(f". >= 1 and . <= {k} {others}".strip(), "xlsform_rank", k=k)))
        self.survey.append({"type": "end_group", "name": q.id})

    def specify(self, q: SingleChoice | MultipleChoice, options: tuple[Option, ...]) -> None:
        for option in options:
            if not option.specify:
                continue
            var: Variable = next(v for v in variables(self.instrument)
                                 if v.name == specify_variable(q.id, option.code))
            self.survey.append(_row(
                type="text", name=var.name,
                **_labels(t("zh-CN", "xlsform_specify", option=option.label),
                          t("en", "xlsform_specify", option=option.label_en or option.label)),
                **self.relevant(var.show_if), survey_type="other_text"))


def xlsform_sheets(instrument: Instrument) -> dict[str, list[dict[str, Any]]]:
    """The three sheets as lists of rows (column → value), before they are written."""
    sheets = _Sheets(instrument)
    sheets.survey.append({"type": "start", "name": "start"})
    sheets.survey.append({"type": "end", "name": "end"})
    sheets.survey.append({"type": "calculate", "name": instrument.id_column,
                          "calculation": "once(uuid())"})
    for section in instrument.sections:
        sheets.survey.append(_row(type="begin_group", name=section.id,
                                  **_labels(section.title, section.title_en),
                                  **_hint(section.note, section.note_en),
                                  survey_role=section.role))
        for q in section.questions:
            sheets.question(q)
        sheets.survey.append({"type": "end_group", "name": section.id})
    letter = instrument.cover_letter
    settings = [_row(
        form_title=instrument.title, form_id=instrument.id, version=instrument.version or "1",
        default_language=ZH, style="pages", survey_title_en=instrument.title_en,
        survey_id_column=instrument.id_column, survey_group_id=instrument.group.id,
        survey_group_name=instrument.group.name, survey_group_name_en=instrument.group.name_en,
        survey_cover_letter=json.dumps(letter.model_dump(exclude_none=True), ensure_ascii=False)
        if letter is not None else None,
    )]
    return {"survey": sheets.survey, "choices": sheets.choices, "settings": settings}


def write_xlsform(instrument: Instrument, path: str | Path) -> Path:
    """Write ``xlsform.xlsx`` (atomically) and return its path."""
    path = Path(path)
    sheets = xlsform_sheets(instrument)
    book = Workbook()
    for index, (title, columns) in enumerate((("survey", SURVEY_COLUMNS),
                                              ("choices", CHOICE_COLUMNS),
                                              ("settings", SETTINGS_COLUMNS))):
        ws = book.worksheets[0] if index == 0 else book.create_sheet(title)
        ws.title = title
        ws.append(columns)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in sheets[title]:
            ws.append([row.get(c) for c in columns])
        ws.freeze_panes = "A2"
        for j, column in enumerate(columns, start=1):
            width = 40 if column.startswith(("label", "relevant", "constraint", "hint")) else 16
            ws.column_dimensions[get_column_letter(j)].width = width
    return save_workbook(book, path)
