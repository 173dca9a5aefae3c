"""The questionnaire as data: frozen pydantic models for ``instruments/*.yaml``.

An :class:`Instrument` is the single spec every later stage reads (forms, loading,
screening, statistics, report); none of them changes it. Scales are declared once and
referenced by name; an option is a ``(code, label)`` pair.

Question types (the ``type`` key):

=============== ============================================= ===============================
type            what the respondent does                      variables (see ``variables.py``)
=============== ============================================= ===============================
single          picks one option (inline or a named scale)    one, coded
multiple        ticks options (``min_picks`` … ``max_picks``) one 0/1 per option
likert_matrix   rates each row on one named scale             one per row (item)
rating          picks a point on ``min`` … ``max`` (0–10)     one, coded ``min`` … ``max``
number          writes a number within ``min`` … ``max``      one, numeric
ranking         ranks the top ``ranks`` options 1, 2, …       one rank per option
open            writes text                                   one, text
=============== ============================================= ===============================

An option with ``specify: true`` (其他，请注明) carries a text variable beside its code.

Cross-references (scale names, unique ids, skip logic, satisfied codes) are checked by
:mod:`survey.instrument.checks`, which reports every problem with its key path; building
a model directly in Python raises them all in one ``ValueError``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from survey.instrument.builtin import BUILTIN_DEFINITIONS, SCORE_MAPPINGS, ScaleDefinition
from survey.instrument.checks import reference_problems, scale_problems

__all__ = [
    "BUILTIN_SCALES",
    "SCORE_MAPPINGS",
    "CoverLetter",
    "Instrument",
    "LikertItem",
    "LikertMatrix",
    "MultipleChoice",
    "NumberQuestion",
    "OpenQuestion",
    "Option",
    "Question",
    "QuestionModel",
    "Ranking",
    "Rating",
    "RespondentGroup",
    "Scale",
    "Section",
    "SingleChoice",
]

#: Context key: validate the document's shape only and leave cross-references to
#: :func:`survey.instrument.checks.reference_problems` (which locates each problem).
DEFER_CHECKS = "defer_checks"


def _deferred(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get(DEFER_CHECKS))


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Option(_Frozen):
    """One answer option: the code stored in the data and the label printed on paper.

    ``specify`` marks an "other, please specify" option (其他，请注明): the respondent
    writes text beside it, kept in its own text variable.
    """

    code: int
    label: str
    label_en: str | None = None
    specify: bool = False

    @model_validator(mode="before")
    @classmethod
    def _from_pair(cls, value: object) -> object:
        # YAML writes options compactly as [code, label] or [code, label, label_en].
        if isinstance(value, list | tuple):
            if len(value) not in (2, 3):
                raise ValueError("an option is [code, label] or [code, label, label_en]")
            keys = ("code", "label", "label_en")
            return dict(zip(keys, value, strict=False))
        return value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        full = handler.resolve_ref_schema(handler(core_schema))
        pair = {"type": "array", "minItems": 2, "maxItems": 3,
                "prefixItems": [{"type": "integer"}, {"type": "string"}, {"type": "string"}],
                "examples": [[1, "是"]]}
        return {"anyOf": [pair, full], "description": cls.__doc__}


class Scale(_Frozen):
    """A response scale: ordered options, which codes count as satisfied, which are excluded.

    ``satisfied`` codes form the numerator of the top-two-box rate; ``excluded`` codes
    (不了解, 说不清) are valid answers that are left out of every rate's denominator.
    ``scores`` gives the points of each scored option in printed order (a list, or the
    name of a mapping in :data:`SCORE_MAPPINGS` such as ``100/80/60/40/20``).
    ``ordered`` is false for unordered scales (是/否): their measure level is nominal.
    """

    options: tuple[Option, ...]
    satisfied: tuple[int, ...] = ()
    excluded: tuple[int, ...] = ()
    label: str | None = None
    label_en: str | None = None
    scores: tuple[float, ...] | None = None
    ordered: bool = True

    @field_validator("scores", mode="before")
    @classmethod
    def _named_scores(cls, value: object) -> object:
        if isinstance(value, str):
            if value not in SCORE_MAPPINGS:
                raise ValueError(
                    f"unknown score mapping {value!r}; known: {', '.join(SCORE_MAPPINGS)}"
                )
            return SCORE_MAPPINGS[value]
        return value

    @model_validator(mode="after")
    def _codes_consistent(self, info: ValidationInfo) -> Scale:
        if _deferred(info):
            return self
        problems = scale_problems(self.model_dump())
        if problems:
            raise ValueError("; ".join(message for _, message in problems))
        return self

    @property
    def codes(self) -> tuple[int, ...]:
        """All option codes, in the order printed."""
        return tuple(o.code for o in self.options)

    @property
    def scored_codes(self) -> tuple[int, ...]:
        """Codes that enter rates and means (all codes but the excluded ones)."""
        return tuple(c for c in self.codes if c not in self.excluded)

    def label_of(self, code: int) -> str:
        """The label printed for ``code``."""
        for option in self.options:
            if option.code == code:
                return option.label
        raise KeyError(code)

    def score_of(self, code: int) -> float | None:
        """Points of ``code`` under ``scores`` (``None``: no mapping, or an excluded code).

        >>> BUILTIN_SCALES["sat5"].score_of(4), BUILTIN_SCALES["sat5"].score_of(1)
        (80.0, 20.0)
        """
        if self.scores is None or code not in self.scored_codes:
            return None
        return self.scores[self.scored_codes.index(code)]


def _scale(d: ScaleDefinition) -> Scale:
    return Scale(
        options=tuple(Option(code=c, label=zh, label_en=en) for c, zh, en in d.options),
        satisfied=d.satisfied, excluded=d.excluded, label=d.label, label_en=d.label_en,
        scores=SCORE_MAPPINGS[d.scores] if d.scores else None, ordered=d.ordered,
    )


#: Scales every instrument may reference without declaring them
#: (:data:`survey.instrument.builtin.BUILTIN_DEFINITIONS`).
BUILTIN_SCALES: dict[str, Scale] = {name: _scale(d) for name, d in BUILTIN_DEFINITIONS.items()}

_Id = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=64)]


class _QuestionBase(_Frozen):
    id: _Id
    text: str
    text_en: str | None = None
    required: bool = True
    show_if: str | None = None
    note: str | None = None
    note_en: str | None = None


class SingleChoice(_QuestionBase):
    """Pick one option; options inline or from a named scale.

    A question on a scale with satisfied codes (``scale: sat5``: 您对项目总体是否满意？) is a
    satisfaction item, as a Likert matrix's rows are, unless ``satisfaction: false``.
    """

    type: Literal["single"]
    options: tuple[Option, ...] | None = None
    scale: str | None = None
    satisfaction: bool | None = None

    @model_validator(mode="after")
    def _one_source(self) -> SingleChoice:
        if (self.options is None) == (self.scale is None):
            raise ValueError("give either options or scale, not both and not neither")
        return self


class MultipleChoice(_QuestionBase):
    """Pick any number of options; stored as one 0/1 column per option (``<id>_<code>``)."""

    type: Literal["multiple"]
    options: tuple[Option, ...]
    min_picks: int = Field(default=1, ge=0)
    max_picks: int | None = Field(default=None, ge=1)


class LikertItem(_Frozen):
    """One row of a Likert matrix: its own variable.

    ``reverse`` marks a reverse-keyed statement (agreeing is unfavourable); ``dimension``
    names the item group (维度) that reliability analyses use.
    """

    id: _Id
    text: str
    text_en: str | None = None
    reverse: bool = False
    dimension: str | None = None


class LikertMatrix(_QuestionBase):
    """Rows answered on one named scale (a satisfaction grid)."""

    type: Literal["likert_matrix"]
    scale: str
    items: tuple[LikertItem, ...]
    satisfaction: bool = True

    @field_validator("items")
    @classmethod
    def _at_least_one(cls, items: tuple[LikertItem, ...]) -> tuple[LikertItem, ...]:
        if not items:
            raise ValueError("a matrix needs at least one item")
        return items


class Rating(_QuestionBase):
    """A point on an integer rating line, ``min`` … ``max`` (e.g. 0–10), ends labelled."""

    type: Literal["rating"]
    min: int = 0
    max: int = 10
    min_label: str | None = None
    max_label: str | None = None
    min_label_en: str | None = None
    max_label_en: str | None = None


class NumberQuestion(_QuestionBase):
    """A number the respondent writes (age, visits, amount), within ``min`` … ``max``."""

    type: Literal["number"]
    min: float | None = None
    max: float | None = None
    integer: bool = True
    unit: str | None = None
    unit_en: str | None = None


class Ranking(_QuestionBase):
    """Rank the ``ranks`` most important options 1, 2, … (all options when ``ranks`` is unset).

    Stored as one variable per option (``<id>_<code>``) holding its rank; an option not
    among the top ``ranks`` is left blank.
    """

    type: Literal["ranking"]
    options: tuple[Option, ...]
    ranks: int | None = Field(default=None, ge=1)

    @property
    def rank_count(self) -> int:
        """How many ranks are given (``ranks``, or every option)."""
        return self.ranks if self.ranks is not None else len(self.options)


class OpenQuestion(_QuestionBase):
    """Free text; ``lines`` ruled lines are printed for the answer."""

    type: Literal["open"]
    required: bool = False
    lines: int = Field(default=3, ge=1, le=20)


QuestionModel = (
    SingleChoice | MultipleChoice | LikertMatrix | Rating | NumberQuestion | Ranking | OpenQuestion
)
Question = Annotated[QuestionModel, Field(discriminator="type")]


class Section(_Frozen):
    """A titled part of the questionnaire.

    ``role: profile`` marks the respondent-profile block (受访者基本情况) for reports.
    """

    id: _Id
    title: str
    title_en: str | None = None
    note: str | None = None
    note_en: str | None = None
    role: Literal["profile", "awareness", "satisfaction", "feedback"] | None = None
    questions: tuple[Question, ...]


class RespondentGroup(_Frozen):
    """Who answers this instrument (项目实施区域群众, 单位人员, 服务对象 …)."""

    id: _Id
    name: str
    name_en: str | None = None


class CoverLetter(_Frozen):
    """The letter printed above the questions (致受访者的一封信).

    Names the commissioning body (委托方), the evaluator (评价机构), the purpose, the
    minutes needed and the confidentiality promise; ``*_en`` fields are the English text.
    """

    commissioned_by: str
    evaluator: str
    purpose: str
    minutes: int = Field(ge=1, le=120)
    confidentiality: str
    greeting: str = "尊敬的受访者："
    closing: str = "感谢您的支持与配合！"
    contact: str | None = None
    date: str | None = None
    commissioned_by_en: str | None = None
    evaluator_en: str | None = None
    purpose_en: str | None = None
    confidentiality_en: str | None = None
    greeting_en: str | None = None
    closing_en: str | None = None
    contact_en: str | None = None


class Instrument(_Frozen):
    """A questionnaire for one respondent group."""

    id: _Id
    title: str
    title_en: str | None = None
    version: str | None = None
    group: RespondentGroup
    cover_letter: CoverLetter | None = None
    id_column: str = "respondent_id"
    #: ``column``: the file has a column of questionnaire ids (序号, 编号, ``id_column``);
    #: ``row``: it has none, and each questionnaire is known by its row in the file (the
    #: header is row 1), as the spreadsheet shows it.
    ids: Literal["column", "row"] = "column"
    scales: dict[str, Scale] = Field(default_factory=dict)
    sections: tuple[Section, ...]

    @model_validator(mode="after")
    def _references_resolve(self, info: ValidationInfo) -> Instrument:
        if _deferred(info):
            return self
        problems = reference_problems(self.model_dump(exclude_none=True))
        if problems:
            raise ValueError("; ".join(message for _, message in problems))
        return self

    def questions(self) -> list[QuestionModel]:
        """All questions in printed order."""
        return [q for section in self.sections for q in section.questions]

    def number_of(self, question_id: str) -> int:
        """The printed question number (第 N 题): 1-based position in questionnaire order."""
        for number, q in enumerate(self.questions(), start=1):
            if q.id == question_id:
                return number
        raise KeyError(question_id)

    def location_of(self, question_id: str) -> tuple[int, int]:
        """``(section index, question index)`` of a question, for key paths in messages."""
        for si, section in enumerate(self.sections):
            for qi, q in enumerate(section.questions):
                if q.id == question_id:
                    return si, qi
        raise KeyError(question_id)

    def scale(self, name: str) -> Scale:
        """The scale called ``name``, declared here or built in."""
        if name in self.scales:
            return self.scales[name]
        return BUILTIN_SCALES[name]

    def question(self, question_id: str) -> QuestionModel:
        """The question with id ``question_id``."""
        for q in self.questions():
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def options_of(self, question: QuestionModel) -> tuple[Option, ...]:
        """The answer options of ``question``: its scale's when it names one, its own list
        otherwise, none for a question answered with a number or text."""
        if isinstance(question, LikertMatrix | SingleChoice) and question.scale:
            return self.scale(question.scale).options
        if isinstance(question, SingleChoice | MultipleChoice | Ranking):
            return question.options or ()
        return ()
