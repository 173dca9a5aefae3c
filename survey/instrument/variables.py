"""Instrument → variables: the single naming authority every later stage uses.

=============== ============== ======================================================
question type   variable kind  variables
=============== ============== ======================================================
single          single         one, named after the question, coded
likert_matrix   likert_item    one per item, named by the item id, coded on the scale
multiple        multiple_option one 0/1 variable per option, ``<question id>_<code>``
rating          rating         one, coded ``min`` … ``max``
number          number         one numeric variable; valid within ``minimum`` … ``maximum``
ranking         rank           one per option, ``<question id>_<code>``, holding its rank
open            open           one text variable
(an option with ``specify: true``)
                other_text     one text variable, ``<question id>_<code>_text``
=============== ============== ======================================================

``other_text`` variables follow the variable of their question and are asked only where
the option is chosen (their ``show_if`` says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypedDict

import pandas as pd

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
    SingleChoice,
)
from survey.instrument.names import option_variable, specify_variable
from survey.locale import Language, text

__all__ = [
    "TEXT_KINDS",
    "Variable",
    "option_variable",
    "specify_variable",
    "variable_place",
    "variable_table",
    "variables",
]

VariableKind = Literal[
    "single", "likert_item", "multiple_option", "open", "rating", "number", "rank", "other_text"
]
#: Kinds whose answers are free text (not codes, not numbers).
TEXT_KINDS: tuple[str, ...] = ("open", "other_text")
Measure = Literal["nominal", "ordinal", "scale"]


@dataclass(frozen=True)
class Variable:
    """One column of the response frame.

    ``options`` are the codes a valid answer may take (empty for text and numbers);
    ``excluded`` codes are valid answers left out of rates (不了解);
    ``show_if`` is the question's skip condition (the variable is asked only where it holds).
    A ``number`` variable is valid within ``minimum`` … ``maximum`` (either may be open),
    and only at whole numbers when ``integer``. ``scores`` pairs codes with points of the
    scale's weighted-score mapping; ``specify_of`` is the option code an ``other_text``
    variable belongs to.
    """

    name: str
    question: str
    section: str
    kind: VariableKind
    label: str
    options: tuple[Option, ...]
    scale: str | None = None
    excluded: tuple[int, ...] = ()
    satisfied: tuple[int, ...] = ()
    reverse: bool = False
    required: bool = False
    show_if: str | None = None
    dimension: str | None = None
    satisfaction: bool = False
    label_en: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    unit: str | None = None
    unit_en: str | None = None
    scores: tuple[tuple[int, float], ...] = ()
    specify_of: int | None = None
    ordered: bool = False

    @property
    def codes(self) -> tuple[int, ...]:
        """Codes a valid answer may take."""
        return tuple(o.code for o in self.options)

    @property
    def is_text(self) -> bool:
        """Answers are free text (open questions, "please specify" text)."""
        return self.kind in TEXT_KINDS

    @property
    def measure(self) -> Measure:
        """SPSS measure level: text and unordered codes nominal, ordered codes ordinal,
        numbers and rating lines scale."""
        if self.kind in ("number", "rating"):
            return "scale"
        if self.kind in ("likert_item", "rank") or self.kind == "single" and self.ordered:
            return "ordinal"
        return "nominal"

    def label_of(self, code: int) -> str:
        """The printed label of ``code``."""
        for option in self.options:
            if option.code == code:
                return option.label
        raise KeyError(code)

    def valid_answers(self, values: pd.Series) -> pd.Series:
        """True where a (numeric) answer is one this variable accepts; missing is not valid.

        Coded variables accept their codes; a number its range (and whole numbers only when
        ``integer``); text anything present.

        >>> v = Variable("age", "age", "s1", "number", "年龄", (), minimum=18, maximum=99,
        ...              integer=True)
        >>> list(v.valid_answers(pd.Series([17, 18, 45.5, 99, None])))
        [False, True, False, True, False]
        """
        if self.is_text:
            return values.notna()
        numbers = pd.to_numeric(values, errors="coerce")
        if self.kind != "number":
            return numbers.isin([float(c) for c in self.codes])
        ok = numbers.notna()
        if self.minimum is not None:
            ok &= numbers >= self.minimum
        if self.maximum is not None:
            ok &= numbers <= self.maximum
        if self.integer:
            ok &= numbers.fillna(0) % 1 == 0
        return ok.fillna(False).astype(bool)

    def accepted(self) -> str:
        """What a valid answer is, for messages: ``codes 1, 2`` or ``a number in 0–100``."""
        if self.is_text:
            return "text"
        if self.kind != "number":
            return "codes " + ", ".join(str(c) for c in self.codes)
        low = "−∞" if self.minimum is None else _fmt(self.minimum)
        high = "∞" if self.maximum is None else _fmt(self.maximum)
        what = "a whole number" if self.integer else "a number"
        return f"{what} in {low}–{high}"


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


_BINARY = (Option(code=0, label="未选", label_en="Not ticked"),
           Option(code=1, label="选中", label_en="Ticked"))


class _Common(TypedDict):
    """The fields every variable of one question shares."""

    question: str
    section: str
    show_if: str | None


def _specify(q: SingleChoice | MultipleChoice, options: tuple[Option, ...],
             common: _Common) -> list[Variable]:
    out = []
    for option in options:
        if not option.specify:
            continue
        chosen = (f"{option_variable(q.id, option.code)} == 1" if isinstance(q, MultipleChoice)
                  else f"{q.id} == {option.code}")
        show_if = f"({q.show_if}) and {chosen}" if q.show_if else chosen
        out.append(Variable(
            name=specify_variable(q.id, option.code), kind="other_text",
            label=f"{q.text}：{option.label}（请注明）",
            label_en=f"{q.text_en or q.text}: {option.label_en or option.label} (specify)",
            options=(), specify_of=option.code, required=False,
            question=common["question"], section=common["section"], show_if=show_if,
        ))
    return out


def _question_variables(instrument: Instrument, q: QuestionModel, section: str) -> list[Variable]:
    common: _Common = {"question": q.id, "section": section, "show_if": q.show_if}
    if isinstance(q, SingleChoice):
        scale = instrument.scale(q.scale) if q.scale else None
        options = scale.options if scale else (q.options or ())
        scores = tuple((c, s) for c in scale.codes
                       if (s := scale.score_of(c)) is not None) if scale else ()
        return [Variable(
            name=q.id, kind="single", label=q.text, label_en=q.text_en, options=tuple(options),
            scale=q.scale, excluded=scale.excluded if scale else (),
            satisfied=scale.satisfied if scale else (), required=q.required, scores=scores,
            ordered=bool(scale and scale.ordered),
            satisfaction=bool(scale and scale.satisfied) if q.satisfaction is None
            else q.satisfaction and bool(scale and scale.satisfied), **common,
        ), *_specify(q, tuple(options), common)]
    if isinstance(q, LikertMatrix):
        scale = instrument.scale(q.scale)
        scores = tuple((c, s) for c in scale.codes if (s := scale.score_of(c)) is not None)
        return [Variable(
            name=item.id, kind="likert_item", label=item.text, label_en=item.text_en,
            options=scale.options, scale=q.scale, excluded=scale.excluded,
            satisfied=scale.satisfied, reverse=item.reverse, required=q.required,
            dimension=item.dimension, satisfaction=q.satisfaction, scores=scores, ordered=True,
            **common,
        ) for item in q.items]
    if isinstance(q, MultipleChoice):
        return [Variable(
            name=option_variable(q.id, option.code), kind="multiple_option",
            label=f"{q.text}：{option.label}",
            label_en=f"{q.text_en or q.text}: {option.label_en or option.label}",
            options=_BINARY, required=q.required, **common,
        ) for option in q.options] + _specify(q, q.options, common)
    if isinstance(q, Rating):
        options = tuple(Option(code=c, label=_point_label(q, c, "zh"),
                               label_en=_point_label(q, c, "en"))
                        for c in range(q.min, q.max + 1))
        return [Variable(name=q.id, kind="rating", label=q.text, label_en=q.text_en,
                         options=options, required=q.required, minimum=q.min, maximum=q.max,
                         integer=True, ordered=True, **common)]
    if isinstance(q, NumberQuestion):
        return [Variable(name=q.id, kind="number", label=q.text, label_en=q.text_en, options=(),
                         required=q.required, minimum=q.min, maximum=q.max, integer=q.integer,
                         unit=q.unit, unit_en=q.unit_en, **common)]
    if isinstance(q, Ranking):
        ranks = tuple(Option(code=r, label=f"第 {r} 位", label_en=_ordinal(r))
                      for r in range(1, q.rank_count + 1))
        return [Variable(
            name=option_variable(q.id, option.code), kind="rank",
            label=f"{q.text}：{option.label}",
            label_en=f"{q.text_en or q.text}: {option.label_en or option.label}",
            options=ranks, required=q.required, ordered=True, **common,
        ) for option in q.options]
    if isinstance(q, OpenQuestion):
        return [Variable(name=q.id, kind="open", label=q.text, label_en=q.text_en, options=(),
                         required=q.required, **common)]
    raise TypeError(f"unknown question type {type(q).__name__}")  # pragma: no cover


def _point_label(q: Rating, code: int, lang: Literal["zh", "en"]) -> str:
    end = None
    if code == q.min:
        end = q.min_label if lang == "zh" else (q.min_label_en or q.min_label)
    elif code == q.max:
        end = q.max_label if lang == "zh" else (q.max_label_en or q.max_label)
    if end is None:
        return str(code)
    return f"{code}（{end}）" if lang == "zh" else f"{code} ({end})"


def _ordinal(r: int) -> str:
    suffix = "th" if 10 <= r % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(r % 10, "th")
    return f"{r}{suffix}"


def variables(instrument: Instrument) -> tuple[Variable, ...]:
    """The instrument's variables in questionnaire order."""
    out: list[Variable] = []
    for section in instrument.sections:
        for q in section.questions:
            out += _question_variables(instrument, q, section.id)
    return tuple(out)


def variable_table(instrument: Instrument) -> pd.DataFrame:
    """The variables as a table (one row each), for codebooks and inspection."""
    rows = [
        {
            "name": v.name, "question": v.question, "section": v.section, "kind": v.kind,
            "label": v.label, "codes": v.codes, "scale": v.scale, "reverse": v.reverse,
            "required": v.required, "show_if": v.show_if, "dimension": v.dimension,
            "measure": v.measure, "minimum": v.minimum, "maximum": v.maximum,
        }
        for v in variables(instrument)
    ]
    return pd.DataFrame(rows)


def variable_place(instrument: Instrument, name: str, lang: Language = "zh-CN") -> str:
    """Where variable (or question id) ``name`` is, in the questionnaire's own words:
    第 7 题 for a question, 第 7 题第 2 小题 for an item of a matrix, 第 8 题“其他”选项 for
    an option of a multiple-choice or ranking question, 第 8 题“其他”的注明内容 for its
    text. A name the instrument does not have is returned as it is.
    """
    by_name = {v.name: v for v in variables(instrument)}
    if name not in by_name:
        try:
            return text(lang, "place_question", n=instrument.number_of(name))
        except KeyError:
            return name
    v = by_name[name]
    n = instrument.number_of(v.question)
    matrix = instrument.question(v.question)
    if v.kind == "likert_item" and isinstance(matrix, LikertMatrix):
        k = [i.id for i in matrix.items].index(name) + 1
        return text(lang, "place_item", n=n, k=k)
    if v.kind in ("multiple_option", "rank") or v.kind == "other_text":
        options = getattr(instrument.question(v.question), "options", ()) or ()
        code = v.specify_of if v.kind == "other_text" else next(
            (o.code for o in options if option_variable(v.question, o.code) == name), None)
        label = next((o.label_en or o.label if lang == "en" else o.label
                      for o in options if o.code == code), None)
        if label is not None:
            key = "place_specify" if v.kind == "other_text" else "place_option"
            return text(lang, key, n=n, label=label)
    return text(lang, "place_question", n=n)
