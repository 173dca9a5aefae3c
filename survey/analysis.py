"""The analysis spec (``analyses/*.yaml``): which groups, files, fieldwork, rules and indicators.

Paths inside a spec are relative to the spec file. Loading validates the whole spec and
reports problems with file, key path and line, like instrument definitions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from survey._yaml import read_yaml, validate_document
from survey.errors import AnalysisSpecError

__all__ = [
    "AnalysisSpec",
    "FieldworkSpec",
    "GroupSpec",
    "IndicatorSpec",
    "ReportSpec",
    "ScreeningSpec",
    "Target",
    "load_analysis",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FieldworkSpec(_Frozen):
    """What the fieldwork record says: questionnaires issued and returned (问卷的发放和回收).

    ``returned`` defaults to the number of rows in the response file. ``valid`` is what the
    evaluator states; screening computes its own count, and the two must agree.
    An online survey has no ``issued`` count, and no 回收率 is computed for it.
    """

    issued: int | None = None
    returned: int | None = None
    valid: int | None = None
    mode: Literal["paper", "online", "interview"] = "paper"
    sampling: str | None = None
    dates: str | None = None
    population: int | None = None


class GroupSpec(_Frozen):
    """One respondent group: its instrument, its responses and its fieldwork."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")]
    instrument: Path
    responses: Path
    encoding: str | None = None
    sheet: str | int | None = None
    fieldwork: FieldworkSpec = FieldworkSpec()


class RuleSetting(_Frozen):
    """One screening rule's switch and action: ``set_aside`` the respondent, or only ``flag``."""

    enabled: bool = True
    action: Literal["set_aside", "flag"] = "set_aside"
    min_items: int = 6


class ScreeningSpec(_Frozen):
    """Screening rules and their actions. Defaults are documented in ``survey.screening``."""

    out_of_scale: RuleSetting = RuleSetting()
    missing_required: RuleSetting = RuleSetting()
    skip_violation: RuleSetting = RuleSetting(action="flag")
    duplicate_id: RuleSetting = RuleSetting()
    duplicate_answers: RuleSetting = RuleSetting(action="flag")
    straight_lining: RuleSetting = RuleSetting(action="flag")


class Target(_Frozen):
    """An indicator's target value and how it is compared (≥ 90% is ``{">=": 0.90}``)."""

    comparator: Literal[">=", ">", "<="] = ">="
    value: float

    @model_validator(mode="before")
    @classmethod
    def _from_short_form(cls, value: object) -> object:
        if isinstance(value, dict) and len(value) == 1:
            ((comparator, number),) = value.items()
            if comparator in (">=", ">", "<="):
                return {"comparator": comparator, "value": number}
        if isinstance(value, int | float):
            return {"comparator": ">=", "value": value}
        return value

    def met_by(self, actual: float) -> bool:
        """Whether ``actual`` meets the target."""
        if self.comparator == ">=":
            return actual >= self.value
        if self.comparator == ">":
            return actual > self.value
        return actual <= self.value


class IndicatorSpec(_Frozen):
    """A scoring indicator fed by a group's overall satisfaction (e.g. 群众满意度, weight 5)."""

    code: str
    name: str
    group: str
    weight: float = Field(gt=0)
    target: Target
    rule: Literal["proportional", "direct"] = "proportional"
    wording: str = "达到目标值得满分，未达到目标值按比例扣分"
    decimals: int = Field(default=2, ge=0, le=6)


class ReportSpec(_Frozen):
    """Report options."""

    title: str
    language: Literal["zh-CN", "en"] = "zh-CN"
    project: str | None = None


class AnalysisSpec(_Frozen):
    """An analysis: groups, screening, the satisfaction convention, indicators, report."""

    groups: tuple[GroupSpec, ...] = Field(min_length=1)
    screening: ScreeningSpec = ScreeningSpec()
    convention: Literal["top_two_box"] = "top_two_box"
    confidence: float = Field(default=0.95, gt=0, lt=1)
    indicators: tuple[IndicatorSpec, ...] = ()
    report: ReportSpec

    @model_validator(mode="after")
    def _indicator_groups_exist(self) -> AnalysisSpec:
        ids = [g.id for g in self.groups]
        if len(set(ids)) != len(ids):
            raise ValueError(f"group ids repeat: {ids}")
        for indicator in self.indicators:
            if indicator.group not in ids:
                raise ValueError(
                    f"indicator {indicator.code} names group {indicator.group!r}; groups are {ids}"
                )
        return self


def load_analysis(path: str | Path) -> AnalysisSpec:
    """Load an analysis spec; relative paths in it are resolved against its folder."""
    doc = read_yaml(path, AnalysisSpecError, "analysis spec")
    spec, problems = validate_document(doc, AnalysisSpec, AnalysisSpecError)
    if spec is None:
        first = problems[0]
        more = len(problems) - 1
        raise AnalysisSpecError(
            first.message, code="invalid_analysis", file=str(path), key=first.key or None,
            line=first.line, hint=f"{more} more problem(s) in the same file." if more else None,
        )
    base = Path(path).resolve().parent
    groups = tuple(
        g.model_copy(update={"instrument": base / g.instrument, "responses": base / g.responses})
        for g in spec.groups
    )
    return spec.model_copy(update={"groups": groups})
