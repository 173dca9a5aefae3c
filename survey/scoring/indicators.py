"""Indicator scoring: a satisfaction figure becomes points under the evaluation's rule.

Rules (the spec records the rule's wording; the output states the reading and the rounding):

- ``proportional`` — 达到目标值得满分，未达到目标值按比例扣分, read as
  score = w · min(1, a / t) (for a "≤" target: w · min(1, t / a));
- ``direct`` — score = w · a.

A score is never above its weight nor below 0. With no valid answers the indicator is
不适用 (not applicable): it has no score, and its weight must be redistributed.
Scores are rounded half-up to the indicator's ``decimals`` (default 2) at the end.
"""

from __future__ import annotations

from dataclasses import dataclass

from survey.analysis import IndicatorSpec
from survey.errors import Reason
from survey.locale import Language, text
from survey.rounding import format_number, format_percent, round_half_up

__all__ = ["IndicatorScore", "score_indicator"]


@dataclass(frozen=True)
class IndicatorScore:
    """One scored indicator, with everything needed to explain the score."""

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

    def to_dict(self) -> dict[str, object]:
        """JSON-ready mapping (the ``indicators`` rows of results.json)."""
        return {
            "code": self.code, "name": self.name, "group": self.group, "weight": self.weight,
            "target": self.target, "comparator": self.comparator, "actual": self.actual,
            "convention": self.convention, "n": self.n, "score": self.score, "rule": self.rule,
            "wording": self.wording, "reading": self.reading, "met": self.met,
            "reason": None if self.reason is None else str(self.reason),
            "sentence": self.sentence,
        }


def _raw_score(spec: IndicatorSpec, actual: float) -> float:
    w, t = spec.weight, spec.target.value
    if spec.rule == "direct":
        return w * actual
    if spec.target.comparator == "<=":
        return w if actual <= t else w * t / actual
    return w * min(1.0, actual / t) if t > 0 else w


def score_indicator(
    spec: IndicatorSpec, actual: float | None, n: int, *, convention: str,
    lang: Language = "zh-CN",
) -> IndicatorScore:
    """Score one indicator from its ``actual`` value (a share, 0–1) measured on ``n`` answers.

    >>> from survey.analysis import IndicatorSpec
    >>> spec = IndicatorSpec.model_validate({"code": "C1", "name": "单位人员满意度",
    ...     "group": "staff", "weight": 5, "target": {">=": 0.95}, "rule": "proportional"})
    >>> score_indicator(spec, 43 / 46, 46, convention="top_two_box").score
    4.92
    """
    target_text = f"{spec.target.comparator.replace('>=', '≥').replace('<=', '≤')}" \
        f"{format_percent(spec.target.value, 0 if spec.target.value * 100 % 1 == 0 else 2)}"
    reading = text(lang, f"reading_{spec.rule}")
    common = {"code": spec.code, "name": spec.name, "group": spec.group, "weight": spec.weight,
              "comparator": spec.target.comparator, "target": spec.target.value,
              "convention": convention, "n": n, "rule": spec.rule, "wording": spec.wording,
              "reading": reading}
    if actual is None or n == 0:
        sentence = text(lang, "indicator_no_data", name=spec.name,
                        weight=format_number(spec.weight))
        return IndicatorScore(actual=None, met=None, score=None, reason=Reason.NOT_APPLICABLE,
                              sentence=sentence, **common)
    raw = min(max(_raw_score(spec, actual), 0.0), spec.weight)
    score = round_half_up(raw, spec.decimals)
    met = spec.target.met_by(actual)
    values = {"n": n, "name": spec.name, "actual": format_percent(actual),
              "target": target_text, "score": format_number(score, spec.decimals)}
    if spec.rule == "direct":
        formula = f"{format_number(spec.weight)} × {format_percent(actual)}"
        sentence = text(lang, "indicator_direct", formula=formula, **values)
    elif met:
        sentence = text(lang, "indicator_met", **values)
    else:
        formula = f"{format_number(spec.weight)} × {format_percent(actual)} ÷ " \
            f"{format_percent(spec.target.value, 0 if spec.target.value * 100 % 1 == 0 else 2)}"
        sentence = text(lang, "indicator_not_met", formula=formula, **values)
    return IndicatorScore(actual=actual, met=met, score=score, reason=None, sentence=sentence,
                          **common)
