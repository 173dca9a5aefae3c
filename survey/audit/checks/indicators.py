"""Indicator check: a score that follows from its weight, target and actual under no rule.

The readings of the common rules are in :func:`survey.audit.arithmetic.score_readings`.
Where the report states its rule (in the row, the sentence, or the table's caption), the
score must follow from that rule; where it states none, from any of them. A row that
gives a reason for a deduction (扣分原因: 资料不全) is scored by judgement and only checked
against its weight, and so is a count or a duration (投诉 2 次, 工期 95 天) with no stated
rule, since those are scored by rules of their own. The actual value is printed rounded, so each reading is an interval;
the score fits when its own rounding interval meets one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from survey.audit.arithmetic import Printed, ScoreReading, score_readings
from survey.audit.checks._common import percent
from survey.audit.findings import Finding, Severity, make_finding
from survey.audit.model import Claim
from survey.audit.registry import ClaimKind, Details, check
from survey.audit.text import Document
from survey.locale import Language, text
from survey.rounding import format_number

__all__ = ["check_indicator_scores"]

_ALL_UNMET = frozenset({"ratio", "shortfall", "direct", "zero", "per_point"})


def _allowed(rules: set[str]) -> tuple[frozenset[str], frozenset[str] | None]:
    """Readings allowed when met and when not met; None: the rule says nothing (any score)."""
    if "direct" in rules:
        return frozenset({"direct"}), frozenset({"direct"})
    if not rules:
        return frozenset({"full", "direct"}), _ALL_UNMET
    unmet: set[str] = set()
    if "proportional" in rules:
        unmet |= {"ratio", "shortfall"}
    if "zero" in rules:
        unmet.add("zero")
    if "per_point" in rules:
        unmet.add("per_point")
    return frozenset({"full"}), (frozenset(unmet) if unmet else None)


def _formula(reading: ScoreReading, d: Details, decimals: int) -> str:
    """The reading at the printed actual, with its arithmetic: ``5 × 90% ÷ 95% = 4.74``."""
    unit = "%" if d.get("actual_percent") else ""
    w, t, a = d["weight"], f"{d['target']}{unit}", f"{d['actual']}{unit}"
    at_most = d.get("comparator") in ("<=", "<")
    value = format_number(float(reading.lo), decimals, strip=False)
    per_point = d.get("per_point") or ["", ""]
    shapes = {
        "full": f"{w}",
        "zero": "0",
        "direct": f"{w} × {a} = {value}",
        "ratio": f"{w} × {t} ÷ {a} = {value}" if at_most else f"{w} × {a} ÷ {t} = {value}",
        "shortfall": (f"{w} × (1 − ({a} − {t})) = {value}" if at_most
                      else f"{w} × (1 − ({t} − {a})) = {value}"),
        "per_point": (f"{w} − {per_point[1]} × ({a} − {t}) ÷ {per_point[0]} = {value}" if at_most
                      else f"{w} − {per_point[1]} × ({t} − {a}) ÷ {per_point[0]} = {value}"),
    }
    return shapes[reading.name]


@check("indicator_score_mismatch", order=130)
def check_indicator_scores(claims: Sequence[Claim], document: Document,
                           lang: Language) -> Iterator[Finding]:
    """``indicator_score_mismatch`` for every indicator row or sentence."""
    for claim in claims:
        if claim.kind is not ClaimKind.INDICATOR:
            continue
        d = claim.details
        if d.get("target_percent") != d.get("actual_percent"):
            continue
        weight = Printed.parse(str(d["weight"])).value
        target = Printed.parse(str(d["target"])).value
        actual = Printed.parse(str(d["actual"]))
        score = claim.printed
        name = claim.label or ""
        if score.value > weight:
            yield make_finding(document, "indicator_score_mismatch", Severity.ERROR, [claim], lang,
                               variant="above_weight", name=name, score=claim.text,
                               weight=d["weight"])
            continue
        rules = set(d.get("rules") or [])
        if not rules and (d.get("reason") or not d.get("actual_percent")):
            continue  # judgement, or counts and days scored by rules of their own
        per_point = d.get("per_point")
        step_cost = (Printed.parse(per_point[0]).value, Printed.parse(per_point[1]).value) \
            if per_point else None
        met, unmet, met_possible, unmet_possible = score_readings(
            weight, str(d.get("comparator", ">=")), target, actual.interval(),
            percent=bool(d.get("actual_percent")), per_point=step_cost)
        allowed_met, allowed_unmet = _allowed(rules)
        if unmet_possible and allowed_unmet is None:
            continue
        candidates = [r for r in met if r.name in allowed_met] if met_possible else []
        if unmet_possible and allowed_unmet is not None:
            candidates += [r for r in unmet if r.name in allowed_unmet]
        s_lo, s_hi = score.interval()
        if any(r.lo <= s_hi and r.hi >= s_lo for r in candidates):
            continue
        decimals = max(score.decimals, 2)
        point_met, point_unmet, _, _ = score_readings(
            weight, str(d.get("comparator", ">=")), target, (actual.value, actual.value),
            percent=bool(d.get("actual_percent")), per_point=step_cost)
        names = {r.name for r in candidates}
        shown = [r for r in (point_met if met_possible else []) if r.name in names
                 and r.name in allowed_met]
        shown += [r for r in (point_unmet if unmet_possible else []) if r.name in names
                  and allowed_unmet is not None and r.name in allowed_unmet]
        readings = text(lang, "audit_sep").join(
            f"{text(lang, f'audit_reading_{r.name}')} {_formula(r, d, decimals)}" for r in shown)
        status = "met" if met_possible and not unmet_possible else (
            "not_met" if unmet_possible and not met_possible else "borderline")
        rule = text(lang, "audit_enum").join(text(lang, f"audit_rule_{r}") for r in sorted(rules)) if rules \
            else text(lang, "audit_rule_standard")
        target_shown = (f"{d.get('comparator', '>=').replace('>=', '≥').replace('<=', '≤')}"
                        f"{d['target']}{'%' if d.get('target_percent') else ''}")
        yield make_finding(
            document, "indicator_score_mismatch", Severity.ERROR, [claim], lang, name=name,
            weight=d["weight"], target=target_shown,
            actual=(percent(actual.value, actual.decimals) if d.get("actual_percent")
                    else actual.text()),
            status=text(lang, f"audit_status_{status}"), rule=rule, readings=readings,
            score=claim.text)

