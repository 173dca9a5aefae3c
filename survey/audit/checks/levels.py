"""A satisfaction rate recomputed from the counts per level its sentence gives.

满意率 = (非常满意 + 满意) ÷ n is how most evaluation reports define it; some count 基本满意
as satisfied too, some leave the answers that are no level (不了解, 不清楚) out of n, and a
满意度 may be a weighted score over the levels (100/80/60/40/20, 100/75/50/25/0, or the
mean of 1–5 over 5; a weighting is tried only for a figure not named 满意率). The rate is wrong only when no numerator, no denominator and no
weighting of these, under no rounding (half-up, half-even, truncation at the printed
decimals, :func:`survey.audit.arithmetic.ratio_roundings`), gives it.

Denominators tried: the sum of the listed counts, that sum without the unknown answers, and
every count of the whole survey in scope (:func:`survey.audit.tokens.candidate_bases`:
有效问卷 N 份, 共 N 人, the sentence's 在 N 名受访者中) with and without the unknown answers.

Separately, counts of one single-choice question that add up to more than the base stated
in their own sentence or paragraph are impossible (variant ``counts``).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction

from survey.audit.arithmetic import Printed, ratio_roundings
from survey.audit.checks._common import by_group, exact
from survey.audit.findings import Finding, Severity, make_finding
from survey.audit.model import Claim
from survey.audit.registry import ClaimKind, check
from survey.audit.text import Document
from survey.audit.tokens import BaseKind, candidate_bases
from survey.locale import Language

__all__ = ["WEIGHTS", "check_level_counts", "rates_given_by_counts"]

WEIGHTS: tuple[dict[int, int], ...] = (
    {5: 100, 4: 80, 3: 60, 2: 40, 1: 20},
    {5: 100, 4: 75, 3: 50, 2: 25, 1: 0},
)
"""Level weights of a weighted satisfaction degree, in percent (the mean of 1–5 over 5 is
the first)."""

_WHOLE: tuple[BaseKind, ...] = ("valid", "respondents", "returned")
_NEAR = ("sentence", "paragraph")


def _level(claim: Claim) -> int | None:
    level = claim.details.get("level")
    return level if isinstance(level, int) else None


_STOPS = "。！？!?\n"


def _same_sentence(document: Document, a: Claim, b: Claim) -> bool:
    if a.block != b.block:
        return False
    lo, hi = min(a.start, b.start), max(a.end, b.end)
    return not any(stop in document.text[lo:hi] for stop in _STOPS)


def _rates_in_sentence(document: Document, rates: Sequence[Claim], starts: Sequence[int],
                       claim: Claim) -> list[Claim]:
    """The rates (sorted by start, ``starts`` their starts) in ``claim``'s sentence: those
    between the sentence ends around it, found by bisection, so a line of thousands of
    sentences is not searched once per sentence."""
    text = document.text
    lo = max(text.rfind(stop, 0, claim.start) for stop in _STOPS) + 1
    ends = [i for stop in _STOPS if (i := text.find(stop, claim.end)) >= 0]
    hi = min(ends, default=len(text))
    first, last = bisect.bisect_left(starts, lo), bisect.bisect_right(starts, hi)
    return [r for r in rates[first:last] if _same_sentence(document, r, claim)]


def _fits(printed: Printed, nums: dict[str, int], dens: list[int], weighted: dict[str, int]
          ) -> bool:
    for den in dens:
        if den <= 0:
            continue
        if any(0 <= num <= den and ratio_roundings(num, den, printed) for num in nums.values()):
            return True
        if any(ratio_roundings(total, 100 * den, printed) for total in weighted.values()):
            return True
    return False


@dataclass(frozen=True)
class _Reading:
    """One list of counts per level read against what it is said to give: ``over`` when the
    counts add up to more than the base ``n`` stated near them; else ``rate``, a rate of its
    sentence, with whether any reading of the counts gives it (``fits``), whether the one
    plain reading does (``given``: the satisfied levels' share, no middle level listed) and,
    when none does, the top levels' share over the base (``computed``)."""

    group: tuple[Claim, ...]
    rate: Claim | None = None
    fits: bool = False
    given: bool = False
    computed: str = ""
    over: int | None = None
    total: int = 0


def _readings(claims: Sequence[Claim], document: Document) -> list[_Reading]:
    """Every list of counts per level with the rates it gives or misses (computed once for
    a document's claims: :func:`check_level_counts` and :func:`rates_given_by_counts` both
    read it)."""
    memo = document.memo.get("level_readings")
    if isinstance(memo, tuple) and memo[0] is claims:
        return list(memo[1])
    found: list[_Reading] = []
    rates = sorted((c for c in claims if c.kind is ClaimKind.SATISFACTION_RATE and c.percent),
                   key=lambda c: c.start)
    starts = [c.start for c in rates]
    groups = sorted(by_group(claims, (ClaimKind.LEVEL_COUNT,)).values(),
                    key=lambda g: min(c.start for c in g))
    for i, group in enumerate(groups):
        # a rate belongs to the counts before it (护理组…分别为 19、12、2 例，总满意度为 93.94%；
        # 对照组…分别为 13、10、9 例，总满意度为 …); before the first list, to the first
        after = min(c.start for c in group) if i > 0 else -1
        before = min(c.start for c in groups[i + 1]) if i + 1 < len(groups) else len(document.text)
        levelled = [c for c in group if _level(c) is not None]
        levels = [_level(c) for c in levelled]
        if len(levelled) < 2 or len(set(levels)) != len(levels) or max(
                lv for lv in levels if lv is not None) < 4:
            continue  # two questions in one sentence, or no satisfied level listed
        unknown = sum(int(c.value) for c in group if c.details.get("unknown"))
        known = sum(int(c.value) for c in levelled)
        total = known + unknown
        bases = [b for b in candidate_bases(document, group[0], claims, kinds=_WHOLE)
                 if b.n not in {int(c.value) for c in group}]
        near = [b for b in bases if b.scope in _NEAR]
        if near and total > near[0].n:
            found.append(_Reading(tuple(group), over=near[0].n, total=total))
            continue
        satisfied = [c for c in levelled if (_level(c) or 0) >= 4]
        nums = {"top": sum(int(c.value) for c in satisfied)}
        # 基本满意, 一般满意 and 还算满意 are counted as satisfied by some reports, not by others
        basic = [c for c in levelled if c.label in ("基本满意", "一般满意", "还算满意")]
        if basic:
            nums["basic"] = nums["top"] + int(basic[0].value)
        weighted = {str(i): sum(w[_level(c) or 0] * int(c.value) for c in levelled)
                    for i, w in enumerate(WEIGHTS)}
        dens = [total, known] + [b.n for b in bases] + [b.n - unknown for b in bases]
        for rate in _rates_in_sentence(document, rates, starts, group[0]):
            if not after < rate.start < before:
                continue
            degree = rate.details.get("keyword") != "满意率"
            if _fits(rate.printed, nums, dens, weighted if degree else {}):
                # with no middle level (基本满意) to count or not, a rate that is the top
                # levels' share says how it is computed
                given = not basic and _fits(rate.printed, {"top": nums["top"]}, dens, {})
                found.append(_Reading(tuple(group), rate, fits=True, given=given))
                continue
            den = near[0].n if near else total
            share = Fraction(100 * nums["top"], den)
            computed = (f"({' + '.join(c.text for c in satisfied)}) ÷ {den} = "
                        f"{exact(share, rate.printed.decimals + 3)}%")
            found.append(_Reading(tuple(group), rate, computed=computed))
    document.memo["level_readings"] = (claims, found)
    return found


def rates_given_by_counts(claims: Sequence[Claim], document: Document) -> list[Claim]:
    """The rates that are the satisfied levels' share of the counts per level in their
    sentence, no middle level listed (非常满意、满意、不满意分别为19、12、2例，总满意度为93.94%:
    (19 + 12) ÷ 33): the counts show how such a rate is computed. With 一般满意 listed the
    rate may count it or not, and the report must say which."""
    return [r.rate for r in _readings(claims, document) if r.rate is not None and r.given]


@check("satisfaction_rate_mismatch", order=125)
def check_level_counts(claims: Sequence[Claim], document: Document,
                       lang: Language) -> Iterator[Finding]:
    """``satisfaction_rate_mismatch``: a rate no reading of its sentence's counts gives, and
    (``counts``) counts per level that add up to more than their stated base."""
    for reading in _readings(claims, document):
        if reading.over is not None:
            yield make_finding(document, "satisfaction_rate_mismatch", Severity.ERROR,
                               reading.group, lang, variant="counts", n=reading.over,
                               total=reading.total,
                               terms=" + ".join(c.text for c in reading.group))
        elif reading.rate is not None and not reading.fits:
            yield make_finding(document, "satisfaction_rate_mismatch", Severity.ERROR,
                               [reading.rate, *reading.group], lang,
                               stated=reading.rate.shown(), computed=reading.computed)
