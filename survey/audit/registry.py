"""The audit's vocabulary in one place: every claim kind and every finding code, declared.

A claim kind (:class:`ClaimKind`) has one :class:`KindSpec`: the typed details its claims
carry (a :class:`Details` subclass), its reader's word (locale key ``audit_kind_<kind>``)
and, for a kind read by patterns alone, the patterns themselves. A finding code has one
:class:`CodeSpec`: the severity of each message variant (locale keys ``audit_<code>`` and
``audit_<code>_<variant>``) and the claim kinds it reads.

Functions are bound to the declarations where they are written, by two decorators:

- ``@extractor(priority=…, scope=…)`` on a function that reads claims. Extractors run in
  ascending priority, and a number is claimed once, so a lower priority wins a number
  that two extractors would read (tables before sentences before share lists).
  ``scope="block"`` functions take ``(context, block)`` and run block by block, interleaved
  with the other block extractors of neighbouring priority; ``scope="document"`` ones take
  ``(context)`` and run once.
- ``@check(*codes, order=…)`` on a function ``(claims, document, lang) -> findings``; checks
  run in ascending order, and a check may only raise the codes it names.

The module imports nothing from the rest of :mod:`survey.audit`, so every other audit
module can read it; :mod:`survey.audit.claims` and :mod:`survey.audit.checks` import the
modules that hold the decorated functions and ask :func:`extractors` and :func:`checks` for
them in order.

How to add a claim kind (three edits): a :class:`ClaimKind` member and its :class:`KindSpec`
here (with ``patterns=`` for a kind a regular expression reads; write a decorated extractor
instead when the context decides), and its ``audit_kind_<kind>`` name in
``survey/locales/en/audit.yaml`` and ``survey/locales/zh-CN/audit.yaml``. A new finding
code is a :class:`CodeSpec` here, a decorated check and its messages in the same two files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import MISSING, asdict, dataclass, fields, is_dataclass
from enum import StrEnum
from typing import Any, ClassVar, Literal

__all__ = [
    "CODES", "KINDS", "ArithmeticDetails", "BartlettDetails", "Check", "CheckSpec", "ClaimKind", "CodeSpec",
    "CoefficientDetails", "CountDetails", "Details", "Extractor", "IndicatorDetails",
    "KindSpec", "LevelDetails", "SampleDetails", "Severity", "ShareDetails", "UniformDetails", "VarianceDetails", "check",
    "checks", "extractor", "extractors", "make_details", "severity_allowed",
]


class ClaimKind(StrEnum):
    """What a figure is. The value is the stable code in ``--json`` output."""

    ISSUED = "issued"
    PLANNED = "planned"
    RETURNED = "returned"
    VALID = "valid"
    INVALID = "invalid"
    RETURN_RATE = "return_rate"
    VALID_RATE = "valid_rate"
    EFFECTIVE_RETURN_RATE = "effective_return_rate"
    ALPHA = "alpha"
    ALPHA_IF_DELETED = "alpha_if_deleted"
    ITEM_COUNT = "item_count"
    VALIDITY = "validity"
    LOADING = "loading"
    CORRELATION = "correlation"
    KMO = "kmo"
    BARTLETT_CHI2 = "bartlett_chi2"
    BARTLETT_DF = "bartlett_df"
    BARTLETT_P = "bartlett_p"
    VARIANCE_EXPLAINED = "variance_explained"
    BASE = "base"
    SHARE = "share"
    SATISFACTION_RATE = "satisfaction_rate"
    SATISFACTION_SCORE = "satisfaction_score"
    SATISFACTION_DEFINITION = "satisfaction_definition"
    UNIFORM_ANSWERS = "uniform_answers"
    INDICATOR = "indicator"
    CONFIDENCE = "confidence"
    Z = "z"
    MARGIN = "margin"
    PROPORTION = "proportion"
    VARIANCE = "variance"
    SD = "sd"
    POPULATION = "population"
    SAMPLE_SIZE = "sample_size"
    ARITHMETIC = "arithmetic"
    LEVEL_COUNT = "level_count"


class Severity(StrEnum):
    """``error``: no data could give the figures; ``warning``: doubtful or undisclosed."""

    ERROR = "error"
    WARNING = "warning"


# --- typed details ------------------------------------------------------------------------


@dataclass(frozen=True)
class Details:
    """What a claim carries beyond its one number; each kind declares its subclass.

    Fields have defaults, and a field left at its default is "not said" (it is left out of
    ``--json``). Reading is by attribute; ``get``/``[]``/``in`` read the same fields by
    name (``items`` is a field of some kinds, so there is no ``items()``), ``get`` answering ``default`` for a field another kind's details have, so a check
    can ask every claim (``c.details.get("part")``).

    ``combined``: the figure is about two populations at once (群众和单位人员共发放 …).
    """

    combined: bool = False

    def get(self, key: str, default: Any = None) -> Any:
        """The field ``key``, or ``default`` when this kind has no such field or it is None."""
        value = self.__dict__.get(key)  # a field of this kind, or None
        return default if value is None else value

    def __getitem__(self, key: str) -> Any:
        if key not in self._names():
            raise KeyError(key)
        return getattr(self, key)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._names() and getattr(self, key) is not None

    def to_dict(self) -> dict[str, Any]:
        """The fields that were said (not at their default), for ``--json``."""
        said = {}
        for f in fields(self):
            value = getattr(self, f.name)
            default = f.default if f.default is not MISSING else (
                f.default_factory() if f.default_factory is not MISSING else None)
            if value != default:
                said[f.name] = _plain(value)
        return said

    @classmethod
    def _names(cls) -> Mapping[str, object]:
        """The declared fields by name (the dataclass's own table, so a look-up is a dict's)."""
        names: Mapping[str, object] = cls.__dataclass_fields__
        return names


@dataclass(frozen=True)
class CountDetails(Details):
    """Fieldwork counts and rates: ``part`` (one channel, wave or site: 线上发放 200 份) or
    ``total`` (a 合计 row of several populations); ``over``: the count a rate is written as a
    share of (``"issued"`` or ``"returned"``: 占发放问卷的 93%), when the text says so;
    ``derived_from``: a count the text implies rather than states (``"820 − 20"``)."""

    part: bool = False
    total: bool = False
    over: str | None = None
    derived_from: str | None = None


@dataclass(frozen=True)
class CoefficientDetails(Details):
    """α, α if deleted, correlations, loadings, validities, KMO.

    ``keyword``: the name as written; ``all_items``: a sentence gives every item one value
    (the item count when stated, else True); ``items``/``column``: the item table's rows
    and header; ``total``: the table's total row; ``range``: ``"low"``/``"high"`` end of a
    stated range (删除该项后的 α 在 0.955–0.959 之间); ``standardized``: the α of standardised
    items (基于标准化项的 Cronbach's Alpha); ``grade``: how the text grades a KMO
    (``very`` 非常适合, ``suitable`` 适合, ``unsuitable`` 不适合).
    """

    keyword: str | None = None
    all_items: int | bool | None = None
    items: int | None = None
    column: str | None = None
    total: bool = False
    range: str | None = None
    standardized: bool = False
    grade: str | None = None


@dataclass(frozen=True)
class VarianceDetails(Details):
    """Variance explained: ``cumulative`` (累计 …); ``sentence``: the flow position of the
    sentence stating it (ties a factor list to its cumulative figure); ``row``/``set``: a
    variance table's row and the per-factor/cumulative column pair it belongs to."""

    cumulative: bool = False
    sentence: int | None = None
    row: int | None = None
    set: str | None = None


@dataclass(frozen=True)
class BartlettDetails(Details):
    """Bartlett's χ², df and p: ``op`` is p's comparison as written (<, =, ≤ …)."""

    op: str | None = None


@dataclass(frozen=True)
class ShareDetails(Details):
    """Shares and satisfaction rates or scores.

    ``count``: the whole count written beside it; ``bases``: every candidate base of a table
    column; ``n_source``: where the base was found (sentence, paragraph, caption, own …);
    ``source``: ``"text"`` or ``"table"``; ``multiple_choice``/``over_selections``/
    ``disclosed``: a 多选 question, shares over selections, and whether the text says so;
    ``complete``: every option listed; ``disjoint``: options cannot overlap; ``level``:
    the answer-scale level (scale, 1–5); ``option``/``item``/``distribution``: an item ×
    option table's cell; ``defined``/``has_n``/``keyword``/``average``: a satisfaction
    figure's definition in the text, a base in its sentence, its name, an average;
    ``of_whole``: the text says the share is of all respondents (占调查人数, 有效问卷中);
    ``adds_up``/``row_values``/``row_group``/``row_measure``: a column that adds options
    up (满意率, 满意加比较满意): the ways it may (:class:`survey.audit.combined.Reading`), its
    row's option cells as printed (``""`` for an empty cell), the group of the row's option
    shares, and whether those cells are ``"share"`` or ``"count"`` (None: either);
    ``printed_names``: the options' names as the table prints them, where the readers know
    them by other words (Very satisfied for 非常满意), for the findings' formulas.
    """

    count: int | None = None
    bases: list[int] | None = None
    n_source: str | None = None
    source: str | None = None
    multiple_choice: bool = False
    over_selections: bool = False
    disclosed: bool = False
    complete: bool = False
    disjoint: bool = False
    level: list[Any] | None = None
    option: str | None = None
    item: str | None = None
    distribution: bool = False
    defined: bool = False
    has_n: bool = False
    keyword: str | None = None
    average: bool = False
    of_whole: bool = False
    adds_up: list[Any] | None = None
    row_values: dict[str, str] | None = None
    row_group: str | None = None
    row_measure: str | None = None
    printed_names: dict[str, str] | None = None


@dataclass(frozen=True)
class IndicatorDetails(Details):
    """An indicator's weight, target (with ``comparator``), actual and scoring rules, as
    printed; ``rule_text``/``reason``: a table row's rule cell and whether it gives a reason
    for a deduction (scored by judgement)."""

    weight: str | None = None
    comparator: str | None = None
    target: str | None = None
    target_percent: bool = False
    actual: str | None = None
    actual_percent: bool = False
    rules: list[str] | None = None
    per_point: list[str] | None = None
    stated_formula: str | None = None
    rule_text: str | None = None
    reason: bool = False


@dataclass(frozen=True)
class SampleDetails(Details):
    """Sample-size figures: ``final`` (a whole sample, not a formula's decimal result);
    ``from_significance`` (a confidence level read as 1 − α from 显著性水平 α); ``minimum``
    (the text calls it the least sample: 至少需要调查 384 个)."""

    final: bool | None = None
    from_significance: str | None = None
    minimum: bool = False


@dataclass(frozen=True)
class ArithmeticDetails(Details):
    """An arithmetic statement (``385×1.15≈578``): ``statement`` as written and ``parsed``,
    its :class:`survey.audit.expressions.Statement` (left out of ``--json``)."""

    statement: str | None = None
    parsed: Any = None

    def to_dict(self) -> dict[str, Any]:
        """The statement as written (the parsed form stays internal)."""
        return {"statement": self.statement} if self.statement else {}


@dataclass(frozen=True)
class LevelDetails(Details):
    """A count of one satisfaction level (非常满意 86 人): ``level`` on the five-point scale
    (5 非常满意 … 1 非常不满意), ``unknown`` for an answer that is no level (不了解 20 人)."""

    level: int | None = None
    unknown: bool = False


@dataclass(frozen=True)
class UniformDetails(Details):
    """Every respondent gave ``option`` to every item."""

    option: str | None = None


def _plain(value: Any) -> Any:
    """``value`` with the dataclasses inside it as mappings, for ``--json``."""
    if is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in asdict(value).items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# --- kinds --------------------------------------------------------------------------------


@dataclass(frozen=True)
class KindSpec:
    """One claim kind: its details type and, for a kind read by patterns alone, how.

    ``patterns``: regular expressions with a ``num`` group, read in every block by the
    generic reader (:func:`survey.audit.inline.read_patterns`) at ``priority`` (required
    with patterns; sentence extractors use 20–29, share lists 90); a number
    followed by 以上/以下 or preceded by 大于/不低于 is a threshold and left alone unless
    ``thresholds`` is true; ``percent``: the figure is a percentage.
    """

    kind: ClaimKind
    details: type[Details] = Details
    patterns: tuple[re.Pattern[str], ...] = ()
    priority: int | None = None
    percent: bool = False
    thresholds: bool = False

    def __post_init__(self) -> None:
        if self.patterns and self.priority is None:
            raise ValueError(f"{self.kind.value}: a kind read by patterns needs a priority")
        if any("num" not in p.groupindex for p in self.patterns):
            raise ValueError(f"{self.kind.value}: every pattern needs a (?P<num>…) group")

    @property
    def name_key(self) -> str:
        """The locale key of the reader's word for the kind."""
        return f"audit_kind_{self.kind.value}"


def _kinds(*specs: KindSpec) -> dict[ClaimKind, KindSpec]:
    return {s.kind: s for s in specs}


K = ClaimKind
KINDS: Mapping[ClaimKind, KindSpec] = _kinds(
    *(KindSpec(k, CountDetails) for k in (
        K.ISSUED, K.PLANNED, K.RETURNED, K.VALID, K.INVALID,
        K.RETURN_RATE, K.VALID_RATE, K.EFFECTIVE_RETURN_RATE)),
    *(KindSpec(k, CoefficientDetails) for k in (
        K.ALPHA, K.ALPHA_IF_DELETED, K.VALIDITY, K.LOADING, K.CORRELATION, K.KMO)),
    KindSpec(K.ITEM_COUNT),
    *(KindSpec(k, BartlettDetails) for k in (K.BARTLETT_CHI2, K.BARTLETT_DF, K.BARTLETT_P)),
    KindSpec(K.VARIANCE_EXPLAINED, VarianceDetails),
    KindSpec(K.BASE),
    *(KindSpec(k, ShareDetails) for k in (K.SHARE, K.SATISFACTION_RATE, K.SATISFACTION_SCORE)),
    KindSpec(K.SATISFACTION_DEFINITION),
    KindSpec(K.UNIFORM_ANSWERS, UniformDetails),
    KindSpec(K.INDICATOR, IndicatorDetails),
    *(KindSpec(k, SampleDetails) for k in (
        K.CONFIDENCE, K.Z, K.MARGIN, K.PROPORTION, K.VARIANCE, K.SD, K.POPULATION,
        K.SAMPLE_SIZE)),
    KindSpec(K.ARITHMETIC, ArithmeticDetails),
    KindSpec(K.LEVEL_COUNT, LevelDetails),
)
"""Every claim kind's declaration (a test checks that each :class:`ClaimKind` has one)."""

FIELDWORK_COUNTS = (ClaimKind.ISSUED, ClaimKind.RETURNED, ClaimKind.VALID)
FIELDWORK_RATES = (ClaimKind.RETURN_RATE, ClaimKind.VALID_RATE, ClaimKind.EFFECTIVE_RETURN_RATE)


def make_details(kind: ClaimKind, values: Mapping[str, Any] | Details | None = None) -> Details:
    """The typed details of a ``kind`` claim from ``values`` (a mapping of field names).

    Raises TypeError naming the kind and the field when ``values`` has a field the kind's
    details do not declare (declare it in :data:`KINDS`).

    >>> make_details(ClaimKind.SHARE, {"count": 31}).count
    31
    """
    details_type = KINDS[kind].details
    if isinstance(values, Details):
        if not isinstance(values, details_type):
            raise TypeError(f"{kind.value}: details must be {details_type.__name__}, "
                            f"got {type(values).__name__}")
        return values
    if not values:
        return details_type()
    names = details_type._names()
    if not names.keys() >= values.keys():
        unknown = sorted(k for k in values if k not in names)
        raise TypeError(f"{kind.value}: {details_type.__name__} has no field "
                        f"{', '.join(unknown)} (declare it in survey/audit/registry.py)")
    return details_type(**values)


# --- finding codes ------------------------------------------------------------------------

E, W = Severity.ERROR, Severity.WARNING
Variants = Mapping[str | None, Severity | tuple[Severity, ...]]


@dataclass(frozen=True)
class CodeSpec:
    """One finding code: the severity of each message variant (``None`` is the plain
    message ``audit_<code>``, a name its ``audit_<code>_<name>`` variant) and the kinds of
    claim it reads."""

    code: str
    variants: Variants
    reads: tuple[ClaimKind, ...] = ()

    def severities(self, variant: str | None) -> tuple[Severity, ...]:
        """The severities the variant may be raised with."""
        found = self.variants[variant]
        return found if isinstance(found, tuple) else (found,)

    def message_keys(self) -> tuple[str, ...]:
        """Every locale key of the code's messages (and its title)."""
        keys = [f"audit_{self.code}_{v}" if v else f"audit_{self.code}" for v in self.variants]
        return (*keys, f"audit_title_{self.code}")


_SHARES = (K.SHARE, K.SATISFACTION_RATE)
_FIELDWORK = (*FIELDWORK_COUNTS, K.INVALID, *FIELDWORK_RATES)
_SAMPLE = (K.CONFIDENCE, K.Z, K.MARGIN, K.PROPORTION, K.VARIANCE, K.SD, K.POPULATION,
           K.SAMPLE_SIZE)

_CODES: tuple[CodeSpec, ...] = (
    CodeSpec("returned_exceeds_issued", {None: E, "valid": E}, _FIELDWORK),
    CodeSpec("valid_exceeds_returned", {None: E}, _FIELDWORK),
    CodeSpec("rate_mismatch", {None: E, "share": E}, (*_FIELDWORK, *_SHARES)),
    CodeSpec("rate_over_issued", {None: W}, _FIELDWORK),
    CodeSpec("reliability_out_of_range", {None: E, "negative": W}, (K.ALPHA, K.ALPHA_IF_DELETED)),
    CodeSpec("correlation_out_of_range", {None: E, "loading": W},
             (K.CORRELATION, K.VALIDITY, K.LOADING)),
    CodeSpec("kmo_out_of_range", {None: E}, (K.KMO,)),
    CodeSpec("bartlett_out_of_range", {"p": E, "chi2": E, "df": E, "df_items": E},
             (K.BARTLETT_CHI2, K.BARTLETT_DF, K.BARTLETT_P, K.ITEM_COUNT)),
    CodeSpec("kmo_grade_overstated", {None: W, "suitable": W}, (K.KMO,)),
    CodeSpec("variance_explained_inconsistent", {"over": E, "decreasing": E, "sum": E},
             (K.VARIANCE_EXPLAINED,)),
    CodeSpec("percentage_impossible_for_n", {None: E, "over_100": E}, _SHARES),
    CodeSpec("inconsistent_rounding", {None: W}, (*_FIELDWORK, *_SHARES)),
    CodeSpec("shares_do_not_sum", {None: E}, (K.SHARE,)),
    CodeSpec("implied_n_differs", {None: E}, (K.SHARE,)),
    CodeSpec("identical_coefficients", {None: (E, W), "unknown": (E, W)},
             (K.VALIDITY, K.LOADING)),
    CodeSpec("alpha_inconsistent_with_item_deleted",
             {"below": E, "above": E, "below_any_k": E, "above_any_k": E},
             (K.ALPHA, K.ALPHA_IF_DELETED, K.ITEM_COUNT)),
    CodeSpec("reliability_without_variance", {None: E}, (K.ALPHA, K.UNIFORM_ANSWERS, K.SHARE)),
    CodeSpec("figure_contradiction", {None: E, "derived": E}, _FIELDWORK),
    CodeSpec("indicator_score_mismatch", {None: E, "above_weight": E}, (K.INDICATOR,)),
    CodeSpec("sample_size_formula", {
        "z": E, "z_one_sided": E, "z_other": E, "variance": E, "variance_sd": E,
        "variance_sd_stated": E, "result": E, "sd_for_variance": E, "rounding": W,
        "minimum": E, "yamane_level": E, "insufficient": E, "margin_for_n": W}, (*_SAMPLE, K.VALID, K.RETURNED)),
    CodeSpec("satisfaction_rate_undefined", {"definition": W, "base": W, "both": W},
             (K.SATISFACTION_RATE, K.VALID, K.BASE)),
    CodeSpec("multiple_choice_over_selections", {None: W}, (K.SHARE,)),
    CodeSpec("arithmetic_statement", {None: E, "approx": E}, (K.ARITHMETIC,)),
    CodeSpec("satisfaction_rate_mismatch", {None: E, "counts": E},
             (K.SATISFACTION_RATE, K.LEVEL_COUNT, K.VALID, K.BASE)),
    CodeSpec("combined_share_mismatch", {None: E, "counts": E}, _SHARES),
)
CODES: Mapping[str, CodeSpec] = {c.code: c for c in _CODES}
"""Every finding code, stable across versions (tests and ``--json`` consumers rely on them)."""


def severity_allowed(code: str, variant: str | None, severity: Severity) -> bool:
    """Whether ``code`` (its ``variant``) is declared with ``severity``."""
    spec = CODES.get(code)
    return spec is not None and variant in spec.variants and severity in spec.severities(variant)


# --- bound functions ----------------------------------------------------------------------

Scope = Literal["block", "document"]


@dataclass(frozen=True)
class Extractor:
    """A function that reads claims, with its precedence."""

    function: Callable[..., Iterable[Any]]
    priority: int
    scope: Scope
    name: str
    #: A block extractor that claims only figures written in digits within its block: it
    #: is not called on a block without a digit.
    digits: bool = True


@dataclass(frozen=True)
class CheckSpec:
    """A check function, the codes it may raise and its place in the order."""

    function: Callable[..., Iterator[Any]]
    codes: tuple[str, ...]
    order: int
    name: str


Check = CheckSpec


class _Bound:
    """The functions the decorators bound (filled as the audit modules are imported)."""

    extractors: ClassVar[dict[str, Extractor]] = {}
    checks: ClassVar[dict[str, CheckSpec]] = {}


def extractor(*, priority: int, scope: Scope = "block", name: str | None = None,
              digits: bool = True,
              ) -> Callable[[Callable[..., Iterable[Any]]], Callable[..., Iterable[Any]]]:
    """Declare a claim reader and its precedence (see the module docstring). A block
    extractor that may claim text without a digit (a sentence saying every respondent chose
    one option) declares ``digits=False``; the others are skipped on blocks without one."""
    def bind(function: Callable[..., Iterable[Any]]) -> Callable[..., Iterable[Any]]:
        key = name or f"{function.__module__}.{function.__qualname__}"
        taken = {e.priority: e.name for e in _Bound.extractors.values() if e.name != key}
        if priority in taken:
            raise ValueError(f"extractor {key}: priority {priority} is taken by {taken[priority]}")
        _Bound.extractors[key] = Extractor(function, priority, scope, key, digits)
        return function
    return bind


def check(*codes: str, order: int) -> Callable[[Callable[..., Iterator[Any]]],
                                                Callable[..., Iterator[Any]]]:
    """Declare a check, the finding codes it raises and its place in the order."""
    unknown = [c for c in codes if c not in CODES]
    if unknown:
        raise ValueError(f"check raises undeclared codes {unknown} (declare them in CODES)")

    def bind(function: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
        key = f"{function.__module__}.{function.__qualname__}"
        _Bound.checks[key] = CheckSpec(function, tuple(codes), order, key)
        return function
    return bind


def extractors() -> tuple[Extractor, ...]:
    """The bound extractors, lowest priority first."""
    return tuple(sorted(_Bound.extractors.values(), key=lambda e: e.priority))


def checks() -> tuple[CheckSpec, ...]:
    """The bound checks, in their order."""
    return tuple(sorted(_Bound.checks.values(), key=lambda c: (c.order, c.name)))
