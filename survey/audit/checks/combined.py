"""A column that adds options up (满意率, 满意加比较满意) against the options of its row.

With shares, each printed figure stands for a true value within one unit of its last place
(half-up and truncation are within it, and so is a share nudged by one unit to make a row
add up to 100): 45.5 stands for [45.4, 45.6]. The options' sum therefore lies in an interval
of its own, and the combined figure is wrong only when its interval and that of every
reading of its header (:func:`survey.audit.combined.readings`: the top two, the top three
with 基本满意, a weighted score, without the 不了解 answers) are apart. With counts the rate
must be one of the rates the counts give under some rounding
(:func:`survey.audit.arithmetic.ratio_roundings`), over the row's answers, over the answers
that are a level of the scale, or over the table's base.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from survey.audit.arithmetic import Printed, ratio_roundings
from survey.audit.checks._common import exact
from survey.audit.combined import Reading
from survey.audit.findings import Finding, Severity, make_finding
from survey.audit.levels import UNKNOWN_ANSWERS
from survey.audit.model import Claim
from survey.audit.registry import ClaimKind, check
from survey.audit.text import Document
from survey.locale import Language

__all__ = ["Span", "check_combined", "reading_span"]


@dataclass(frozen=True)
class Span:
    """The interval a computed figure lies in, given its terms' printing."""

    low: Fraction
    high: Fraction

    def meets(self, other: Span) -> bool:
        """Whether the two intervals share a point."""
        return self.low <= other.high and other.low <= self.high

    def distance(self, value: Fraction) -> Fraction:
        """How far ``value`` lies outside the interval (0 inside)."""
        return max(self.low - value, value - self.high, Fraction(0))


def _printed(value: str) -> Printed | None:
    """A cell as printed (``""`` is an empty cell: exactly 0)."""
    text = value.rstrip("%")
    return Printed.parse(text) if text else None


def _term(value: str) -> Span:
    printed = _printed(value)
    if printed is None:
        return Span(Fraction(0), Fraction(0))
    return Span(printed.value - printed.unit, printed.value + printed.unit)


def reading_span(reading: Reading, values: Mapping[str, str]) -> Span | None:
    """The interval a reading gives from the row's printed percentages, or None when a
    term is not in the row.

    >>> s = reading_span(Reading(parts=("非常满意", "满意")), {"非常满意": "45.5", "满意": "45.5"})
    >>> float(s.low), float(s.high)  # 45.5 stands for 45.4 to 45.6
    (90.8, 91.2)
    """
    terms = reading.parts or tuple(o for o, _ in reading.weights)
    if any(t not in values for t in terms):
        return None
    if reading.weights:
        low = sum((w * _term(values[o]).low for o, w in reading.weights), Fraction(0)) / 100
        high = sum((w * _term(values[o]).high for o, w in reading.weights), Fraction(0)) / 100
    else:
        low = sum((_term(values[o]).low for o in terms), Fraction(0))
        high = sum((_term(values[o]).high for o in terms), Fraction(0))
    if not reading.without_unknown:
        return Span(max(low, Fraction(0)), high)
    unknown = [_term(v) for o, v in values.items() if o in UNKNOWN_ANSWERS]
    u_low = sum((s.low for s in unknown), Fraction(0))
    u_high = sum((s.high for s in unknown), Fraction(0))
    if u_high >= 100:
        return None
    return Span(max(low, Fraction(0)) * 100 / (100 - max(u_low, Fraction(0))),
                high * 100 / (100 - u_high))


def _whole_counts(values: Mapping[str, str]) -> dict[str, int] | None:
    counts = {}
    for option, value in values.items():
        printed = _printed(value)
        if value.endswith("%") or (printed is not None and printed.decimals):
            return None
        counts[option] = printed.scaled if printed is not None else 0
    return counts


def _count_fits(claim: Claim, reading: Reading, counts: Mapping[str, int]) -> bool | None:
    """Whether the counts give the figure under this reading (None: a term is missing)."""
    terms = reading.parts or tuple(o for o, _ in reading.weights)
    if any(t not in counts for t in terms):
        return None
    if reading.weights:
        num = sum(w * counts[o] for o, w in reading.weights)
        scale = 100
    else:
        num, scale = sum(counts[o] for o in terms), 1
    known = sum(c for o, c in counts.items() if o not in UNKNOWN_ANSWERS)
    dens = [known] if reading.without_unknown else [sum(counts.values()), claim.n or 0]
    if not claim.percent and scale == 1 and num == claim.printed.value:
        return True  # the options' count itself (满意加比较满意 | 50)
    return any(den > 0 and ratio_roundings(num, scale * den, claim.printed) for den in dens)


def _count_value(reading: Reading, counts: Mapping[str, int]) -> tuple[int, int]:
    """The reading's numerator and denominator from the row's counts."""
    if reading.weights:
        num = sum(w * counts.get(o, 0) for o, w in reading.weights)
        return num, 100 * sum(counts.values())
    den = sum(c for o, c in counts.items() if not (reading.without_unknown and o in UNKNOWN_ANSWERS))
    return sum(counts.get(o, 0) for o in reading.parts), den


def _row_claims(claims: Sequence[Claim], claim: Claim, parts: Sequence[str]) -> list[Claim]:
    group = claim.details.get("row_group")
    return [c for c in claims if c.group == group and c.details.get("option") in parts]


def _as_shares(claim: Claim, values: Mapping[str, str]) -> bool:
    """Whether the row's cells and the figure can be percentages (none above 100)."""
    printed = [p for v in values.values() if (p := _printed(v)) is not None]
    return all(p.value <= 100 for p in printed) and claim.printed.value <= 100 + claim.printed.unit


def _terms(reading: Reading, values: Mapping[str, str]) -> str:
    """The reading with the row's figures: ``45.5 + 45.5``, ``100%×40.0 + 80%×40.0 …``."""
    if reading.weights:
        return " + ".join(f"{w}%×{values[o] or '0'}" for o, w in reading.weights)
    return " + ".join(values[o] or "0" for o in reading.parts)


def _share_finding(document: Document, claims: Sequence[Claim], claim: Claim,
                   spans: Sequence[Span | None], found: Sequence[Reading],
                   values: Mapping[str, str], lang: Language) -> Finding:
    """The finding for shares, shown with the reading that comes closest."""
    stated = claim.printed
    span, reading = min(((s, r) for s, r in zip(spans, found, strict=True) if s is not None),
                        key=lambda sr: sr[0].distance(stated.value))
    places = stated.decimals + 1
    return make_finding(
        document, "combined_share_mismatch", Severity.ERROR,
        [claim, *_row_claims(claims, claim, reading.parts)], lang,
        item=claim.details.get("item") or "", label=claim.label or "", stated=claim.shown(),
        formula=reading.describe(), terms=_terms(reading, values),
        low=exact(span.low, places), high=exact(span.high, places))


def _count_finding(document: Document, claims: Sequence[Claim], claim: Claim,
                   found: Sequence[Reading], counts: Mapping[str, int],
                   lang: Language) -> Finding:
    """The finding for counts, shown with the reading whose rate comes closest."""
    stated = claim.printed

    def off(reading: Reading) -> Fraction:
        num, den = _count_value(reading, counts)
        return abs(Fraction(100 * num, den) - stated.value) if den else Fraction(10**9)

    reading = min(found, key=off)
    num, den = _count_value(reading, counts)
    computed = f"{num} ÷ {den} = {exact(Fraction(100 * num, den), stated.decimals + 2)}%" \
        if den else str(num)
    terms = (" + ".join(f"{w}×{counts.get(o, 0)}" for o, w in reading.weights) if reading.weights
             else " + ".join(str(counts[o]) for o in reading.parts))
    return make_finding(
        document, "combined_share_mismatch", Severity.ERROR,
        [claim, *_row_claims(claims, claim, reading.parts)], lang, variant="counts",
        item=claim.details.get("item") or "", label=claim.label or "", stated=claim.shown(),
        formula=reading.describe(), terms=terms, computed=computed)


@check("combined_share_mismatch", order=126)
def check_combined(claims: Sequence[Claim], document: Document,
                   lang: Language) -> Iterator[Finding]:
    """``combined_share_mismatch``: a column that adds options up and that no reading of its
    header gives from its row, read as shares or (``counts``) as counts; a row whose whole
    numbers may be either is reported only when neither reading gives the figure."""
    for claim in claims:
        found: list[Reading] = claim.details.get("adds_up") or []
        if claim.kind not in (ClaimKind.SHARE, ClaimKind.SATISFACTION_RATE) or not found:
            continue
        values: dict[str, str] = claim.details.get("row_values") or {}
        measure = claim.details.get("row_measure")
        counts = None if measure == "share" else _whole_counts(values)
        if counts is not None and any(
                fit is None or fit for fit in (_count_fits(claim, r, counts) for r in found)):
            continue
        shares = measure != "count" and _as_shares(claim, values)
        spans = [reading_span(r, values) for r in found] if shares else []
        stated = claim.printed
        target = Span(stated.value - stated.unit, stated.value + stated.unit)
        if any(s is None or s.meets(target) for s in spans):
            continue
        if spans and (counts is None or measure is None):
            yield _share_finding(document, claims, claim, spans, found, values, lang)
        elif counts is not None:
            yield _count_finding(document, claims, claim, found, counts, lang)
