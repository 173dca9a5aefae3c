"""Indicator scoring: a satisfaction figure becomes points under the evaluation's rule.

The rules and their readings are in :mod:`survey.scoring.rules` (proportional with the
``ratio`` and ``shortfall`` readings of 按比例扣分, direct, tiers, per_point, threshold) and
``not_applicable``. Each score records the rule's wording (as the index system words it,
or the default wording of the rule), its reading (the formula actually applied) and its
rounding (half-up, to the indicator's ``decimals``, default 2, applied once at the end).

A score is never above its weight nor below 0. An indicator without valid answers (none at
all, or only 不了解) is 不适用 (not applicable): it has no score, not 0, and the sentence
says its weight must be redistributed (:func:`survey.scoring.totals.redistribute`).

Where the interval of the actual figure contains the target, ``caution`` says that these
data cannot tell whether the target is met.

The actual value is compared with the target after removing float noise (12 decimal
places): 0.1 + 0.2 = 0.30000000000000004 meets a 0.3 target.

The points are computed exactly, in fractions of the numbers as written (0.8865 is
8865/10000, not its binary neighbour), and rounded once, half-up, from that exact value:
5 × 88.65% ÷ 90% = 4.925 → 4.93, and 0.92499999999 → 0.92 (never 0.93 by a second
rounding). A ratio that divides by zero (a target of 0% not met: 0 ÷ 0) is not a score:
the indicator is not applicable, with the reason ``ratio_undefined``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from survey.analysis import IndicatorSpec
from survey.errors import ParameterError, Reason
from survey.locale import Language, text
from survey.rounding import (
    exact,
    format_number,
    format_percent,
    round_exact_half_up,
    round_half_up,
)
from survey.scoring import rules

__all__ = ["IndicatorScore", "Unit", "format_measure", "score_indicator"]

Unit = str  # "share" (0–1; also points ÷ 100) or "scale" (a mean level, e.g. 4.21)


@dataclass(frozen=True)
class IndicatorScore:
    """One scored indicator, with everything needed to explain the score.

    ``actual`` is a share (0–1) for percentage conventions (a 100-point score of 87.5 is
    0.875) and a mean level for the ``mean`` convention (``unit = "scale"``).
    """

    code: str
    name: str
    group: str
    weight: float
    comparator: str
    target: float
    actual: float | None
    convention: str
    n: int
    rule: str
    wording: str
    reading: str
    met: bool | None
    score: float | None
    reason: Reason | None
    sentence: str
    unit: str = "share"
    reading_code: str | None = None
    rounding: str = ""
    decimals: int = 2
    formula: str | None = None
    band: str | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    confidence: float | None = None
    caution: str | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready mapping (the ``indicators`` rows of results.json)."""
        return {
            "code": self.code, "name": self.name, "group": self.group, "weight": self.weight,
            "target": self.target, "comparator": self.comparator, "actual": self.actual,
            "convention": self.convention, "n": self.n, "score": self.score, "rule": self.rule,
            "wording": self.wording, "reading": self.reading, "met": self.met,
            "reason": None if self.reason is None else str(self.reason),
            "sentence": self.sentence, "unit": self.unit, "reading_code": self.reading_code,
            "rounding": self.rounding, "decimals": self.decimals, "formula": self.formula,
            "band": self.band, "ci_low": self.ci_low, "ci_high": self.ci_high,
            "confidence": self.confidence, "caution": self.caution,
        }


def format_measure(value: float, unit: Unit, lang: Language, *, target: bool = False) -> str:
    """A share as a percentage (2 decimals; a target with fewer when exact) or a level.

    >>> format_measure(0.95, "share", "zh-CN", target=True), format_measure(43 / 46, "share", "en")
    ('95%', '93.48%')
    >>> format_measure(4.5, "scale", "zh-CN", target=True), format_measure(4.2133, "scale", "en")
    ('4.5', '4.21')
    """
    if unit == "scale":
        return format_number(value, 2) if target else format_number(value, 2, strip=False)
    if target:
        percent = round_half_up(value * 100, 6)
        decimals = 0 if percent.is_integer() else (1 if (percent * 10).is_integer() else 2)
        return format_percent(value, decimals)
    return format_percent(value)


def _target_text(spec: IndicatorSpec, unit: Unit, lang: Language) -> str:
    symbol = {">=": "≥", ">": ">", "<=": "≤"}[spec.target.comparator]
    return f"{symbol}{format_measure(spec.target.value, unit, lang, target=True)}"


def _band(spec: IndicatorSpec, index: int | None, unit: Unit, lang: Language) -> str:
    bounds = [format_measure(t.bound, unit, lang, target=True) for t in spec.tiers]
    c = spec.target.comparator
    if index is None:
        key = {">=": "band_bottom_lt", ">": "band_bottom_le", "<=": "band_bottom_gt"}[c]
        return text(lang, key, bound=bounds[-1])
    if index == 0:
        key = {">=": "band_top_ge", ">": "band_top_gt", "<=": "band_top_le"}[c]
        return text(lang, key, bound=bounds[0])
    if c == ">=":
        return text(lang, "band_mid_closed_low", low=bounds[index], high=bounds[index - 1])
    if c == ">":
        return text(lang, "band_mid_closed_high", low=bounds[index], high=bounds[index - 1])
    return text(lang, "band_mid_closed_high", low=bounds[index - 1], high=bounds[index])


def _num(x: float | Fraction) -> str:
    return format_number(float(x), 4)


def _caution(spec: IndicatorSpec, ci: tuple[float | None, float | None], unit: Unit,
             confidence: float | None, lang: Language) -> str | None:
    low, high = ci
    if low is None or high is None or not low <= spec.target.value <= high:
        return None
    level = "" if confidence is None else f"{format_number(confidence * 100, 1)}%"
    return text(lang, "target_uncertain", level=level,
                low=format_measure(low, unit, lang), high=format_measure(high, unit, lang),
                target=_target_text(spec, unit, lang))


def _compute(spec: IndicatorSpec, actual: float, unit: Unit, lang: Language
             ) -> tuple[Fraction, str | None, str, dict[str, str]]:
    """Exact raw points, formula, clause key and clause values for a scorable indicator.

    Raises :class:`ZeroDivisionError` where the rule's ratio divides by zero.
    """
    w, t, c = exact(spec.weight), exact(spec.target.value), spec.target.comparator
    a = exact(actual)

    def show(v: Fraction) -> str:
        return format_measure(float(v), unit, lang, target=True)

    actual_text = format_measure(actual, unit, lang)
    met = spec.target.met_by(actual)
    if spec.rule == "direct":
        return rules.direct(w, a), f"{_num(w)} × {actual_text}", "clause_direct", {}
    if spec.rule == "tiers":
        index = rules.tier_index(a, [exact(tier.bound) for tier in spec.tiers], c)
        raw = Fraction(0) if index is None else exact(spec.tiers[index].score)
        key = "clause_tiers_met" if met else "clause_tiers_not_met"
        return raw, None, key, {"band": _band(spec, index, unit, lang)}
    if met:
        return w, None, "clause_met", {}
    gap = rules.shortfall(a, t, c)
    if spec.rule == "per_point":
        deduct = exact(spec.deduct or 0)
        raw = rules.per_point(w, t, a, deduct, c)
        formula = f"{_num(w)} − {_num(deduct)} × {format_number(float(gap * 100), 2)}"
        if raw < 0:
            formula = f"max(0, {formula})"
        return raw, formula, "clause_per_point", {"gap": format_number(float(gap * 100), 2),
                                                  "deduct": _num(deduct)}
    if spec.rule == "threshold":
        floor = exact(spec.floor if spec.floor is not None else 0)
        raw = exact(rules.threshold(w, t, a, floor, c, spec.reading or "ratio"))
        if raw == 0:
            return Fraction(0), None, "clause_threshold_floor", {"floor": show(floor)}
        if spec.reading == "linear":
            sign = (f"({actual_text} − {show(floor)}) ÷ ({show(t)} − {show(floor)})" if c != "<="
                    else f"({show(floor)} − {actual_text}) ÷ ({show(floor)} − {show(t)})")
            return raw, f"{_num(w)} × {sign}", "clause_threshold_linear", {"floor": show(floor)}
        ratio = f"{actual_text} ÷ {show(t)}" if c != "<=" else f"{show(t)} ÷ {actual_text}"
        return raw, f"{_num(w)} × {ratio}", "clause_threshold_ratio", {"floor": show(floor)}
    # proportional
    raw = rules.proportional(w, t, a, c, spec.reading or "ratio")
    if spec.reading == "shortfall":
        diff = f"{show(t)} − {actual_text}" if c != "<=" else f"{actual_text} − {show(t)}"
        return raw, f"{_num(w)} − {_num(w)} × ({diff})", "clause_shortfall", {}
    ratio = f"{actual_text} ÷ {show(t)}" if c != "<=" else f"{show(t)} ÷ {actual_text}"
    return raw, f"{_num(w)} × {ratio}", "clause_ratio", {}


def score_indicator(
    spec: IndicatorSpec, actual: float | None, n: int | None, *, convention: str,
    lang: Language = "zh-CN", unit: Unit = "share",
    ci: tuple[float | None, float | None] = (None, None), confidence: float | None = None,
    reason: Reason | None = None,
) -> IndicatorScore:
    """Score one indicator from its ``actual`` value measured on ``n`` valid answers.

    ``actual`` is a share (0–1) unless ``unit = "scale"``; ``n = None`` is the calculator
    form (no sentence about questionnaires). ``ci`` is the actual value's interval at
    ``confidence``: when it contains the target, ``caution`` says so. ``reason`` says why
    ``actual`` is absent (``all_excluded`` when every answer was 不了解).

    >>> from survey.analysis import IndicatorSpec
    >>> spec = IndicatorSpec.model_validate({"code": "C1", "name": "单位人员满意度",
    ...     "group": "staff", "weight": 5, "target": {">=": 0.95}, "rule": "proportional"})
    >>> score_indicator(spec, 43 / 46, 46, convention="top_two_box").score
    4.92
    >>> score_indicator(spec, 0.923, None, convention="top_two_box").sentence
    '单位人员满意度为 92.30%，未达到目标值（≥95%），按比例得 4.86 分（5 × 92.30% ÷ 95%）。'
    """
    if unit not in ("share", "scale"):
        raise ParameterError("unknown unit", code="unknown_unit", expected="share / scale",
                             got=unit)
    reading_code = spec.reading or spec.rule
    reading_key = f"reading_{spec.rule}" + (f"_{spec.reading}" if spec.reading else "")
    # the fields every outcome shares; each return below fills in the rest
    common = IndicatorScore(
        code=spec.code, name=spec.name, group=spec.group, weight=spec.weight,
        comparator=spec.target.comparator, target=spec.target.value, convention=convention,
        n=0 if n is None else n, rule=spec.rule,
        wording=spec.wording or text(lang, f"wording_{spec.rule}",
                                     deduct=_num(spec.deduct or 0)),
        reading=text(lang, reading_key), reading_code=reading_code,
        rounding=text(lang, "rounding_half_up", decimals=spec.decimals),
        decimals=spec.decimals, unit=unit, ci_low=ci[0], ci_high=ci[1], confidence=confidence,
        actual=None, met=None, score=None, reason=Reason.NOT_APPLICABLE, sentence="")
    weight = format_number(spec.weight)
    if spec.rule == "not_applicable":
        why = spec.not_applicable_reason or text(lang, "not_applicable_default")
        sentence = text(lang, "indicator_not_applicable", name=spec.name, why=why,
                        weight=weight)
        return replace(common, actual=actual, sentence=sentence)
    if actual is None or n == 0:
        key = "indicator_all_excluded" if reason == Reason.ALL_EXCLUDED else "indicator_no_data"
        sentence = text(lang, key, name=spec.name, weight=weight)
        return replace(common, sentence=sentence)
    a = round(float(actual), 12)
    met = spec.target.met_by(a)
    actual_text = format_measure(a, unit, lang)
    lead = (text(lang, "indicator_lead", name=spec.name, actual=actual_text, n=n)
            if n is not None else
            text(lang, "indicator_lead_calculator", actual=actual_text,
                 name=spec.name if spec.name else text(lang, "calculator_name")))
    try:
        raw, formula, clause, extra = _compute(spec, a, unit, lang)
    except ZeroDivisionError:  # e.g. 0 ÷ 0 under a "> 0%" target: no score, not full marks
        body = text(lang, "clause_ratio_undefined", target=_target_text(spec, unit, lang),
                    weight=weight)
        sentence = text(lang, "indicator_sentence", lead=lead, clause=body)
        return replace(
            common, actual=float(actual), met=met, reason=Reason.RATIO_UNDEFINED,
            sentence=sentence[:1].upper() + sentence[1:],
            caution=_caution(spec, ci, unit, confidence, lang))
    score = round_exact_half_up(min(max(exact(raw), Fraction(0)), exact(spec.weight)),
                                spec.decimals)
    body = text(lang, clause, target=_target_text(spec, unit, lang), formula=formula,
                score=format_number(score, spec.decimals), **extra)
    sentence = text(lang, "indicator_sentence", lead=lead, clause=body)
    sentence = sentence[:1].upper() + sentence[1:]  # "the actual value is …" opens a sentence
    return replace(
        common, actual=float(actual), met=met, score=score, reason=None, sentence=sentence,
        formula=formula, band=extra.get("band"),
        caution=_caution(spec, ci, unit, confidence, lang))
