"""The questionnaire as data: frozen pydantic models for ``instruments/*.yaml``.

An :class:`Instrument` is the single spec every later stage reads (forms, loading,
screening, statistics, report); none of them changes it. Scales are declared once and
referenced by name; an option is a ``(code, label)`` pair.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "BUILTIN_SCALES",
    "CoverLetter",
    "Instrument",
    "LikertItem",
    "LikertMatrix",
    "MultipleChoice",
    "OpenQuestion",
    "Option",
    "Question",
    "RespondentGroup",
    "Scale",
    "Section",
    "SingleChoice",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Option(_Frozen):
    """One answer option: the code stored in the data and the label printed on paper."""

    code: int
    label: str
    label_en: str | None = None

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


class Scale(_Frozen):
    """A response scale: ordered options, which codes count as satisfied, which are excluded.

    ``satisfied`` codes form the numerator of the top-two-box rate; ``excluded`` codes
    (不了解, 说不清) are valid answers that are left out of every rate's denominator.
    """

    options: tuple[Option, ...]
    satisfied: tuple[int, ...] = ()
    excluded: tuple[int, ...] = ()
    label: str | None = None

    @model_validator(mode="after")
    def _codes_consistent(self) -> Scale:
        codes = [o.code for o in self.options]
        if len(set(codes)) != len(codes):
            raise ValueError(f"option codes repeat: {codes}")
        for name in ("satisfied", "excluded"):
            unknown = [c for c in getattr(self, name) if c not in codes]
            if unknown:
                raise ValueError(f"{name} codes {unknown} are not option codes {codes}")
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


def _sat5() -> Scale:
    return Scale(
        options=(
            Option(code=5, label="非常满意", label_en="Very satisfied"),
            Option(code=4, label="满意", label_en="Satisfied"),
            Option(code=3, label="一般", label_en="Neutral"),
            Option(code=2, label="不满意", label_en="Dissatisfied"),
            Option(code=1, label="非常不满意", label_en="Very dissatisfied"),
        ),
        satisfied=(5, 4),
        label="五级满意度",
    )


def _yesno() -> Scale:
    return Scale(
        options=(Option(code=1, label="是", label_en="Yes"), Option(code=2, label="否", label_en="No")),
        label="是/否",
    )


#: Scales every instrument may reference without declaring them.
BUILTIN_SCALES: dict[str, Scale] = {"sat5": _sat5(), "yesno": _yesno()}


class _QuestionBase(_Frozen):
    id: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=64)]
    text: str
    text_en: str | None = None
    required: bool = True
    show_if: str | None = None
    note: str | None = None


class SingleChoice(_QuestionBase):
    """Pick one option; options inline or from a named scale."""

    type: Literal["single"]
    options: tuple[Option, ...] | None = None
    scale: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> SingleChoice:
        if (self.options is None) == (self.scale is None):
            raise ValueError("give either options or scale, not both and not neither")
        return self


class MultipleChoice(_QuestionBase):
    """Pick any number of options; stored as one 0/1 column per option (``<id>_<code>``)."""

    type: Literal["multiple"]
    options: tuple[Option, ...]
    min_picks: int = 1
    max_picks: int | None = None


class LikertItem(_Frozen):
    """One row of a Likert matrix: its own variable."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=64)]
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


class OpenQuestion(_QuestionBase):
    """Free text."""

    type: Literal["open"]
    required: bool = False


Question = Annotated[
    SingleChoice | MultipleChoice | LikertMatrix | OpenQuestion, Field(discriminator="type")
]


class Section(_Frozen):
    """A titled part of the questionnaire."""

    id: str
    title: str
    title_en: str | None = None
    questions: tuple[Question, ...]


class RespondentGroup(_Frozen):
    """Who answers this instrument (项目实施区域群众, 单位人员, 服务对象 …)."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")]
    name: str
    name_en: str | None = None


class CoverLetter(_Frozen):
    """The letter printed above the questions."""

    commissioned_by: str
    evaluator: str
    purpose: str
    minutes: int
    confidentiality: str
    greeting: str = "尊敬的受访者："
    closing: str = "感谢您的支持与配合！"


class Instrument(_Frozen):
    """A questionnaire for one respondent group."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")]
    title: str
    title_en: str | None = None
    group: RespondentGroup
    cover_letter: CoverLetter | None = None
    id_column: str = "respondent_id"
    scales: dict[str, Scale] = Field(default_factory=dict)
    sections: tuple[Section, ...]

    @model_validator(mode="after")
    def _references_resolve(self) -> Instrument:
        known = {**BUILTIN_SCALES, **self.scales}
        seen: set[str] = set()
        for question in self.questions():
            scale = getattr(question, "scale", None)
            if scale is not None and scale not in known:
                raise ValueError(
                    f"question {question.id}: unknown scale {scale!r}; known: {sorted(known)}"
                )
            names = [question.id]
            if isinstance(question, LikertMatrix):
                names += [item.id for item in question.items]
            if isinstance(question, MultipleChoice):
                names += [f"{question.id}_{o.code}" for o in question.options]
            for name in names:
                if name in seen:
                    raise ValueError(f"id {name!r} is used twice")
                seen.add(name)
        return self

    def questions(self) -> list[SingleChoice | MultipleChoice | LikertMatrix | OpenQuestion]:
        """All questions in printed order."""
        return [q for section in self.sections for q in section.questions]

    def number_of(self, question_id: str) -> int:
        """The printed question number (第 N 题): 1-based position in questionnaire order."""
        for number, q in enumerate(self.questions(), start=1):
            if q.id == question_id:
                return number
        raise KeyError(question_id)

    def scale(self, name: str) -> Scale:
        """The scale called ``name``, declared here or built in."""
        if name in self.scales:
            return self.scales[name]
        return BUILTIN_SCALES[name]

    def question(self, question_id: str) -> SingleChoice | MultipleChoice | LikertMatrix | OpenQuestion:
        """The question with id ``question_id``."""
        for q in self.questions():
            if q.id == question_id:
                return q
        raise KeyError(question_id)
