"""The analysis spec (``analyses/*.yaml``): which groups, files, fieldwork, rules and indicators.

Paths inside a spec are relative to the spec file. Loading validates the whole spec and
reports problems with file, key path and line, like instrument definitions.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from survey._yaml import read_yaml, validate_document
from survey.errors import AnalysisSpecError
from survey.quantities import (
    QuantityError,
    parse_count,
    parse_number,
    parse_share,
    parse_target,
    parse_weight,
)

__all__ = [
    "AnalysisSpec",
    "FieldworkSpec",
    "GroupSpec",
    "IndicatorSpec",
    "ReportSpec",
    "SatisfactionSpec",
    "ScreeningSpec",
    "SiteSpec",
    "Target",
    "Tier",
    "load_analysis",
]


def _read(parse: Callable[..., object], **options: object) -> BeforeValidator:
    """A field read by :mod:`survey.quantities`, as the command line reads it (the loader
    adds the key path, so the message names only the expectation)."""
    return BeforeValidator(lambda value: parse(value, what="", **options))


def _written(kind: str, example: str) -> WithJsonSchema:
    """JSON Schema of a quantity: a number, or text such as ``90%`` (for editors)."""
    return WithJsonSchema({"anyOf": [{"type": kind}, {"type": "string"}],
                           "examples": [example]})


#: A share in [0, 1] written as ``90%`` or ``0.9``.
Share = Annotated[float, _read(parse_share), _written("number", "95%")]
#: A share (``90%``) or a mean level (``4.2``), at least 0.
Level = Annotated[float, _read(parse_number, minimum=0.0), _written("number", "90%")]
#: Points of an indicator (above 0, finite, at most 1000).
Weight = Annotated[float, _read(parse_weight), _written("number", "5")]
#: A count of questionnaires or people (0 allowed).
Count = Annotated[int, _read(parse_count), _written("integer", "1,000")]
#: A population or group size (at least 1).
PositiveCount = Annotated[int, _read(parse_count, minimum=1), _written("integer", "4860")]


def _at(loc: tuple[str | int, ...], message: str, value: object) -> ValidationError:
    """A check across the spec's parts, located at the key it is about (a plain
    ``ValueError`` in a model validator would point at the top of the file)."""
    error = PydanticCustomError("value_error", "{message}", {"message": message})
    return ValidationError.from_exception_data(
        "AnalysisSpec", [InitErrorDetails(type=error, loc=loc, input=value)])


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class SiteSpec(_Frozen):
    """One site's fieldwork record: its code in the site variable, name and counts."""

    code: int
    name: str
    issued: Count | None = None
    returned: Count | None = None
    valid: Count | None = None


class FieldworkSpec(_Frozen):
    """What the fieldwork record says: questionnaires issued and returned (问卷的发放和回收).

    ``returned`` defaults to the number of rows in the response file. ``valid`` is what the
    evaluator states; screening computes its own count, and the two must agree.
    An online survey has no ``issued`` count, and no 回收率 is computed for it.
    """

    issued: Count | None = None
    returned: Count | None = None
    valid: Count | None = None
    #: How the questionnaires were collected; ``None`` when not recorded (the report then
    #: names no mode). Only ``online`` changes a figure: it has no issued count, so no 回收率.
    mode: Literal["paper", "online", "interview"] | None = None
    sampling: str | None = None
    dates: str | None = None
    population: PositiveCount | None = None
    #: Per-site records (村, 网点 …): the variable whose code says where a questionnaire
    #: was collected, and each site's counts.
    site_variable: str | None = None
    sites: tuple[SiteSpec, ...] = ()

    @model_validator(mode="after")
    def _sites_need_a_variable(self) -> FieldworkSpec:
        if self.sites and self.site_variable is None:
            raise ValueError("sites need site_variable: the variable that says where each "
                             "questionnaire was collected")
        codes = [s.code for s in self.sites]
        if len(set(codes)) != len(codes):
            raise ValueError(f"site codes repeat: {codes}")
        return self


class GroupSpec(_Frozen):
    """One respondent group: its instrument, its responses and its fieldwork."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")]
    instrument: Path
    responses: Path
    encoding: str | None = None
    sheet: str | int | None = None
    fieldwork: FieldworkSpec = FieldworkSpec()
    #: Reading the responses: an explicit ``{header: variable}`` map (YAML/CSV),
    #: the platform that wrote the file (recognised from the header by default), how numbers
    #: in coded columns are read, and whether personal data is kept (default: left out).
    column_map: Path | None = None
    platform: Literal["auto", "wjx", "tencent", "generic"] = "auto"
    numbers: Literal["auto", "code", "position"] = "auto"
    keep_personal: bool = False
    #: Satisfaction options of this group: single-choice variables to break the
    #: figures down by (村, 部门 …), the population of each of their levels (for the
    #: corrected margin of error), item weights for ``weighted_mean``, the overall item for
    #: ``single_item``.
    subgroups: tuple[str, ...] = ()
    subgroup_populations: dict[str, dict[int, PositiveCount]] = Field(default_factory=dict)
    item_weights: dict[str, Weight] = Field(default_factory=dict)
    overall_item: str | None = None

    @model_validator(mode="after")
    def _populations_name_subgroups(self) -> GroupSpec:
        unknown = [v for v in self.subgroup_populations if v not in self.subgroups]
        if unknown:
            raise ValueError(f"subgroup_populations names {unknown}, which are not in "
                             f"subgroups {list(self.subgroups)}")
        return self


class RuleSetting(_Frozen):
    """One screening rule's switch and action: ``set_aside`` the respondent, or only ``flag``."""

    enabled: bool = True
    action: Literal["set_aside", "flag"] = "set_aside"
    min_items: int = 6


class FlagSetting(RuleSetting):
    """A rule that only flags unless told otherwise (so ``{enabled: true}`` keeps ``flag``)."""

    action: Literal["set_aside", "flag"] = "flag"


class OptionalFlagSetting(FlagSetting):
    """A flag-only rule that is off unless switched on (duplicate IP addresses)."""

    enabled: bool = False


class StraightLiningSetting(FlagSetting):
    """Straight-lining: matrices of ``min_items`` or more items are checked; a respondent is
    found when their longest run of identical answers reaches ``min_run`` items (default:
    every item of the matrix) or, when ``max_sd`` is set, when the standard deviation of
    their answers over the matrix is at most ``max_sd``."""

    min_run: int | None = Field(default=None, ge=2)
    max_sd: float | None = Field(default=None, ge=0)


class SpeedingSetting(FlagSetting):
    """Speeding: a completion time under ``min_seconds``, or under ``median_fraction`` of the
    median completion time (default one third); either may be switched off with ``null``."""

    min_seconds: float | None = Field(default=None, gt=0)
    median_fraction: float | None = Field(default=1 / 3, gt=0, lt=1)


class OutlierSetting(OptionalFlagSetting):
    """Mahalanobis outliers over ``items`` (default: the satisfaction items), complete answers
    only: D² above the χ² quantile with ``p_value`` in the upper tail, df = number of items."""

    p_value: float = Field(default=0.001, gt=0, lt=1)
    items: tuple[str, ...] = ()


class AttentionCheck(_Frozen):
    """An attention check (e.g. "请选择'比较满意'"): ``variable`` must hold one of
    ``expected``, or the skip-logic expression ``pass_if`` must hold."""

    variable: str | None = None
    expected: tuple[float, ...] = ()
    pass_if: str | None = None
    name: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _one_expected(cls, value: object) -> object:
        if isinstance(value, dict) and isinstance(value.get("expected"), int | float):
            return {**value, "expected": [value["expected"]]}
        return value

    @model_validator(mode="after")
    def _one_form(self) -> AttentionCheck:
        if (self.pass_if is None) == (self.variable is None or not self.expected):
            raise ValueError("give either variable with expected, or pass_if")
        return self


class ScreeningSpec(_Frozen):
    """Screening rules and their actions. Defaults are documented in ``survey.screening``."""

    out_of_scale: RuleSetting = RuleSetting()
    missing_required: RuleSetting = RuleSetting()
    skip_violation: FlagSetting = FlagSetting()
    duplicate_id: RuleSetting = RuleSetting()
    duplicate_answers: FlagSetting = FlagSetting()
    straight_lining: StraightLiningSetting = StraightLiningSetting()
    invalid_picks: FlagSetting = FlagSetting()
    duplicate_ip: OptionalFlagSetting = OptionalFlagSetting()
    speeding: SpeedingSetting = SpeedingSetting()
    mahalanobis: OutlierSetting = OutlierSetting()
    attention_check: RuleSetting = RuleSetting()
    attention_checks: tuple[AttentionCheck, ...] = ()

    def settings(self) -> tuple[tuple[str, RuleSetting], ...]:
        """Every rule's name and setting, in the order above (the attention checks are the
        ``attention_check`` rule's questions, not a rule)."""
        return tuple((name, setting) for name in type(self).model_fields
                     if isinstance(setting := getattr(self, name), RuleSetting))


class Target(_Frozen):
    """An indicator's target value and how it is compared (≥ 90% is ``{">=": 0.90}``)."""

    comparator: Literal[">=", ">", "<="] = ">="
    value: float

    @model_validator(mode="before")
    @classmethod
    def _from_short_form(cls, value: object) -> object:
        """``90%``, ``≥90%``, ``{">=": 0.9}``, ``0.9``: the forms ``survey score`` reads."""
        if isinstance(value, dict) and set(value) <= {"comparator", "value"}:
            return value
        comparator, number = parse_target(value, what="")
        return {"comparator": comparator, "value": number}

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        full = handler.resolve_ref_schema(handler(core_schema))
        comparator = {"anyOf": [{"type": "number"}, {"type": "string"}]}
        return {"anyOf": [
            {"type": "number"}, {"type": "string", "examples": ["90%", "≥90%"]},
            {"type": "object", "minProperties": 1, "maxProperties": 1,
             "properties": dict.fromkeys((">=", ">", "<=", "≥", "≤"), comparator),
             "additionalProperties": False},
            full,
        ], "description": cls.__doc__}

    def met_by(self, actual: float) -> bool:
        """Whether ``actual`` meets the target."""
        if self.comparator == ">=":
            return actual >= self.value
        if self.comparator == ">":
            return actual > self.value
        return actual <= self.value


class Tier(_Frozen):
    """One band of a ``tiers`` rule: ``score`` points at or beyond ``bound`` (in the target's
    direction: ≥ bound for a "≥" target, ≤ bound for a "≤" one). Short form ``[0.9, 5]``."""

    bound: Level
    score: Annotated[float, _read(parse_number, minimum=0.0)]

    @model_validator(mode="before")
    @classmethod
    def _from_pair(cls, value: object) -> object:
        if isinstance(value, list | tuple) and len(value) == 2:
            return {"bound": value[0], "score": value[1]}
        return value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        full = handler.resolve_ref_schema(handler(core_schema))
        return {"anyOf": [{"type": "array", "minItems": 2, "maxItems": 2}, full],
                "description": cls.__doc__}


IndicatorRule = Literal["proportional", "direct", "tiers", "per_point", "threshold",
                        "not_applicable"]
#: The readings each rule allows; the first is the default.
RULE_READINGS: dict[str, tuple[str, ...]] = {
    "proportional": ("ratio", "shortfall"), "threshold": ("ratio", "linear"),
}


class IndicatorSpec(_Frozen):
    """A scoring indicator fed by a group's satisfaction (e.g. 群众满意度, weight 5).

    Rules (``survey.scoring.rules`` gives the formulas): ``proportional`` (reading
    ``ratio``: w·min(1, a/t), or ``shortfall``: w − w·(t − a)), ``direct`` (w·a), ``tiers``
    (bands), ``per_point`` (``deduct`` points per percentage point short, 扣完为止),
    ``threshold`` (full marks at the target, proportional down to a ``floor``, nothing
    below; reading ``ratio`` or ``linear`` between floor and target) and
    ``not_applicable`` (不适用: no score; the weight is redistributed). ``wording`` is the
    rule as the evaluation's index system words it (a default per rule when omitted).
    ``item`` names the satisfaction row that feeds the indicator (``overall`` by default,
    or an item id); ``dimension`` a dimension instead.
    """

    code: str
    name: str
    group: str
    weight: Weight
    target: Target
    rule: IndicatorRule = "proportional"
    wording: str | None = None
    decimals: int = Field(default=2, ge=0, le=6)
    reading: Literal["ratio", "shortfall", "linear"] | None = None
    deduct: Annotated[float, Field(gt=0)] | None = None
    tiers: tuple[Tier, ...] = ()
    floor: Level | None = None
    item: str = "overall"
    dimension: str | None = None
    not_applicable_reason: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, value: object) -> object:
        if isinstance(value, dict):
            value = dict(value)
            if isinstance(value.get("rule"), str):
                value["rule"] = value["rule"].replace("-", "_")
            readings = RULE_READINGS.get(str(value.get("rule", "proportional")))
            if readings and value.get("reading") is None:
                value["reading"] = readings[0]
        return value

    @model_validator(mode="after")
    def _rule_settings(self) -> IndicatorSpec:
        allowed = RULE_READINGS.get(self.rule, ())
        if self.reading is not None and self.reading not in allowed:
            raise ValueError(f"rule {self.rule} has no reading {self.reading!r}; "
                             f"readings: {list(allowed) or 'none'}")
        if (self.rule == "per_point") != (self.deduct is not None):
            raise ValueError("deduct (points per percentage point) belongs to rule per_point, "
                             "which needs it")
        if (self.rule == "threshold") != (self.floor is not None):
            raise ValueError("floor belongs to rule threshold, which needs it")
        if (self.rule == "tiers") != bool(self.tiers):
            raise ValueError("tiers belong to rule tiers, which needs at least one")
        lower_better = self.target.comparator == "<="
        if self.floor is not None and (self.floor >= self.target.value if not lower_better
                                       else self.floor <= self.target.value):
            raise ValueError(f"floor {self.floor} must lie below the target "
                             f"{self.target.value} (above it for a '<=' target)")
        bounds = [t.bound for t in self.tiers]
        ordered = sorted(bounds, reverse=not lower_better)
        if bounds != ordered or len(set(bounds)) != len(bounds):
            raise ValueError(f"tier bounds {bounds} must run from the best band to the worst "
                             "without repeats")
        scores = [t.score for t in self.tiers]
        if any(s > self.weight for s in scores) or scores != sorted(scores, reverse=True):
            raise ValueError(f"tier scores {scores} must fall from band to band and not "
                             f"exceed the weight {self.weight}")
        if self.dimension is not None and self.item != "overall":
            raise ValueError("give either item or dimension, not both")
        return self


class SatisfactionSpec(_Frozen):
    """How satisfaction is computed beyond the convention (``survey.stats.satisfaction``).

    ``mapping``: points per level for ``weighted_100`` (``100/80/60/40/20``,
    ``100/80/60/30/0``, ``100/75/50/25/0`` or a list, most satisfied first); ``overall``:
    ``mean_of_items`` | ``weighted_mean`` | ``single_item`` | ``respondent_index``;
    ``cutoff``: the respondent-index cut-off on the mean level (default: the lowest
    satisfied level); ``interval``: ``wilson`` | ``clopper_pearson``; ``min_group_size``:
    the smallest subgroup a difference test uses.
    """

    mapping: str | tuple[float, ...] | None = None
    overall: Literal["mean_of_items", "weighted_mean", "single_item",
                     "respondent_index"] = "mean_of_items"
    cutoff: float | None = None
    interval: Literal["wilson", "clopper_pearson"] = "wilson"
    min_group_size: int = Field(default=5, ge=1)


class ReportSpec(_Frozen):
    """Report options. ``detail``: ``appendix`` (the survey appendix of an evaluation report,
    5–10 A4 pages) or ``full`` (the same, then a technical annex with difference tests,
    item statistics and screening detail)."""

    title: str
    language: Literal["zh-CN", "en"] = "zh-CN"
    project: str | None = None
    detail: Literal["appendix", "full"] = "appendix"


class AnalysisSpec(_Frozen):
    """An analysis: groups, screening, the satisfaction convention, indicators, report."""

    groups: tuple[GroupSpec, ...] = Field(min_length=1)
    screening: ScreeningSpec = ScreeningSpec()
    convention: Literal["top_two_box", "weighted_100", "mean", "mean_percent",
                        "mean_rescaled"] = "top_two_box"
    confidence: Annotated[Share, Field(gt=0, lt=1)] = 0.95
    satisfaction: SatisfactionSpec = SatisfactionSpec()
    indicators: tuple[IndicatorSpec, ...] = ()
    report: ReportSpec

    @model_validator(mode="after")
    def _indicator_groups_exist(self) -> AnalysisSpec:
        ids = [g.id for g in self.groups]
        if len(set(ids)) != len(ids):
            again = next(i for i, g in enumerate(ids) if g in ids[:i])
            raise _at(("groups", again, "id"), f"group ids repeat: {ids}", ids[again])
        for i, indicator in enumerate(self.indicators):
            if indicator.group not in ids:
                raise _at(("indicators", i, "group"),
                          f"indicator {indicator.code} names group {indicator.group!r}; "
                          f"groups are {ids}", indicator.group)
        sat = self.satisfaction
        if (self.convention == "weighted_100") != (sat.mapping is not None):
            raise ValueError("satisfaction.mapping (e.g. 100/80/60/40/20) belongs to convention "
                             "weighted_100, which needs it")
        for g in self.groups:
            if sat.overall == "weighted_mean" and not g.item_weights:
                raise ValueError(f"overall method weighted_mean needs item_weights in group {g.id}")
            if sat.overall == "single_item" and not g.overall_item:
                raise ValueError(f"overall method single_item needs overall_item in group {g.id}")
        on_scale = self.convention == "mean" and sat.overall != "respondent_index"
        for i, indicator in enumerate(self.indicators):
            if not on_scale:
                _shares_at_most_one(indicator, i)
            if on_scale and (indicator.rule in ("direct", "per_point")
                             or indicator.reading == "shortfall"):
                raise _at(("indicators", i, "rule"),
                          f"indicator {indicator.code}: rule {indicator.rule} "
                          f"({indicator.reading or 'no reading'}) needs a percentage, "
                          "and convention mean gives a mean level", indicator.rule)
        return self


def _shares_at_most_one(indicator: IndicatorSpec, i: int) -> None:
    """Under a percentage convention, target, floor and tier bounds are shares (≤ 100%)."""
    values: list[tuple[tuple[str | int, ...], float | None]] = [
        (("target",), indicator.target.value), (("floor",), indicator.floor)]
    values += [(("tiers", k, "bound"), t.bound) for k, t in enumerate(indicator.tiers)]
    for loc, value in values:
        if value is not None and value > 1:
            problem = QuantityError("", "a share of at most 100% (the convention gives "
                                    "percentages)", value, hint=f"Write {value:g}% for a "
                                    "percentage, or use convention mean for a mean level.")
            raise _at(("indicators", i, *loc), str(problem), value)


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

    def at(relative: Path) -> Path:
        # the folder is resolved (no links), so folding ``..`` lexically is exact, and the
        # path an error names reads /data/export.csv, not /data/out/definitions/../../export.csv
        return Path(os.path.normpath(base / relative))

    groups = tuple(
        g.model_copy(update={"instrument": at(g.instrument), "responses": at(g.responses),
                             "column_map": None if g.column_map is None else at(g.column_map)})
        for g in spec.groups
    )
    return spec.model_copy(update={"groups": groups})
