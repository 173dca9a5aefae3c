"""Share checks: shares that no whole count out of n gives, lists that fit another n, sums,
rounding conventions, multiple-choice bases, undefined satisfaction rates.

A printed share p with d decimals and base n is possible when some whole k in 0..n gives
100·k/n that prints as p under half-up, half-even or truncation
(:func:`survey.audit.arithmetic.count_range`). One list is rounded one way, so a list fits
a base n under a convention when all its shares do (and, for a complete single-choice list,
when the counts can add up to n).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from fractions import Fraction

from survey.audit import patterns as P
from survey.audit.arithmetic import (
    ROUNDINGS,
    Printed,
    Rounding,
    count_range,
    implied_bases,
    ratio_roundings,
    share_roundings,
    sum_interval,
)
from survey.audit.checks._common import by_group, exact, percent, ratio_text
from survey.audit.checks.fieldwork import rate_fits
from survey.audit.checks.levels import rates_given_by_counts
from survey.audit.findings import Finding, Severity, make_finding
from survey.audit.model import Claim
from survey.audit.registry import ClaimKind, check
from survey.audit.text import Document
from survey.audit.tokens import candidate_bases, document_tokens, first_fitting
from survey.locale import Language, text

__all__ = ["check_rounding_conventions", "check_satisfaction_definition", "check_share_counts",
           "check_share_sums", "check_shares_for_n", "neighbours"]

_MAX_BASE = 20000


def _count(claim: Claim) -> int | None:
    count = claim.details.get("count")
    return count if isinstance(count, int) else None


def neighbours(printed: Printed, n: int, lang: Language) -> str:
    """The two shares of n around the printed one: ``5 ÷ 46 = 10.87%，6 ÷ 46 = 13.04%``."""
    k = int(printed.value * n / 100)
    shown = [f"{j} ÷ {n} = {percent(Fraction(100 * j, n), printed.decimals)}"
             for j in (k, k + 1) if 0 <= j <= n]
    return text(lang, "audit_enum").join(shown)


@check("rate_mismatch", "percentage_impossible_for_n", order=80)
def check_share_counts(claims: Sequence[Claim], document: Document,
                       lang: Language) -> Iterator[Finding]:
    """``rate_mismatch`` for a share printed beside its count and base (31 人，占 67.39%),
    and ``percentage_impossible_for_n`` when no count out of n gives it at all."""
    for claim in claims:
        count = _count(claim)
        if claim.kind not in (ClaimKind.SHARE, ClaimKind.SATISFACTION_RATE) or count is None \
                or not claim.n:
            continue
        printed = claim.printed
        bases = claim.details.get("bases") or [claim.n]
        if any(ratio_roundings(count, int(b), printed) for b in bases):
            continue
        if _other_base(claim, document, claims, count=count):
            continue
        if not share_roundings(printed, claim.n):
            yield make_finding(document, "percentage_impossible_for_n", Severity.ERROR, [claim],
                               lang, stated=claim.shown(), n=claim.n,
                               neighbours=neighbours(printed, claim.n, lang))
            continue
        yield make_finding(document, "rate_mismatch", Severity.ERROR, [claim], lang,
                           variant="share", stated=claim.shown(),
                           computed=ratio_text(count, claim.n, printed.decimals),
                           rounded=percent(Fraction(100 * count, claim.n), printed.decimals))


def _other_base(claim: Claim, document: Document, claims: Sequence[Claim], *,
                 count: int | None = None) -> bool:
    """Whether another count in scope (a sub-group's size in the section, selections, the
    document's valid count …) gives the share (:func:`survey.audit.tokens.candidate_bases`):
    then the stated n is only one reading of the base and no error is raised."""
    candidates = (c for c in candidate_bases(document, claim, claims) if c.n != claim.n)
    return first_fitting(claim.printed, candidates, count=count) is not None


def _sole_base(claim: Claim, document: Document, claims: Sequence[Claim]) -> int | None:
    """The base of a single-choice share written with none, when the document leaves no
    other reading: its one count of the whole survey (收回问卷 193 份 at the top) and no other
    count in the share's section; None for a share of some respondents only (知晓…的, 该题),
    of a table, or of a multiple-choice question."""
    d = claim.details
    if d.get("source") != "text" or d.get("multiple_choice") or d.get("n_source") == "ambiguous":
        return None
    if len(document_tokens(document, claims).distinct_whole_counts()) != 1:
        return None
    # without a count of its own, a share's candidates depend on its block alone
    memo = document.memo.setdefault("sole_base", {})
    if not isinstance(memo, dict):
        return None
    if claim.block not in memo:
        found = list(itertools.islice(candidate_bases(document, claim, claims), 2))
        memo[claim.block] = found[0].n if len(found) == 1 and found[0].kind in (
            "valid", "returned", "respondents") else None
    if memo[claim.block] is None:
        return None
    block = document.blocks[claim.block]
    before = document.text[document.text_span(block.start, block.end)[0]:claim.start]
    if P.SUBSET.search(before):
        return None  # the paragraph speaks of some respondents (有学龄前儿童的家庭被访者 …)
    return int(memo[claim.block])


@check("percentage_impossible_for_n", "implied_n_differs", order=90)
def check_shares_for_n(claims: Sequence[Claim], document: Document,
                       lang: Language) -> Iterator[Finding]:
    """``percentage_impossible_for_n`` for each share, ``implied_n_differs`` for each list.

    For a list whose stated n does not fit, the bases from 1 to 2n + 20 that do fit are
    searched and the nearest are named.
    """
    for claim in claims:
        if claim.kind is not ClaimKind.SHARE or _count(claim) is not None:
            continue
        printed = claim.printed
        if printed.value > 100:
            yield make_finding(document, "percentage_impossible_for_n", Severity.ERROR, [claim],
                               lang, variant="over_100", stated=claim.shown())
        elif claim.n and not share_roundings(printed, claim.n) \
                and not _other_base(claim, document, claims):
            yield make_finding(document, "percentage_impossible_for_n", Severity.ERROR, [claim],
                               lang, stated=claim.shown(), n=claim.n,
                               neighbours=neighbours(printed, claim.n, lang))
        elif not claim.n:
            sole = _sole_base(claim, document, claims)
            if sole is not None and not share_roundings(printed, sole):
                yield make_finding(document, "percentage_impossible_for_n", Severity.ERROR,
                                   [claim], lang, stated=claim.shown(), n=sole,
                                   neighbours=neighbours(printed, sole, lang))
    for group in by_group(claims, (ClaimKind.SHARE,)).values():
        listed = [c for c in group if c.n and _count(c) is None and c.printed.value <= 100]
        if len(listed) < 2 or len(listed) != len(group):
            continue
        n = listed[0].n
        if n is None or n > _MAX_BASE:
            continue
        complete = bool(listed[0].details.get("complete"))
        shares = [c.printed for c in listed]
        if implied_bases(shares, [n], complete=complete):
            continue
        if any(implied_bases(shares, [c.n], complete=False)
               for c in candidate_bases(document, listed[0], claims) if c.n <= _MAX_BASE):
            continue  # the shares of a sub-group, or of selections, stated elsewhere
        fitting = implied_bases(shares, range(1, 2 * n + 21), complete=complete)
        if not fitting:
            continue
        nearest = sorted(fitting, key=lambda m: (abs(m - n), m))[:3]
        best = nearest[0]
        mode = sorted(fitting[best], key=ROUNDINGS.index)[0]
        counts = []
        for c in listed:
            found = count_range(c.printed, best, mode)
            if found:
                counts.append(f"{found[0]} ÷ {best} = {exact(Fraction(100 * found[0], best), 4)}%")
        yield make_finding(document, "implied_n_differs", Severity.ERROR, listed, lang, n=n,
                           fitting=text(lang, "audit_enum").join(str(m) for m in sorted(nearest)),
                           best=best, counts=text(lang, "audit_enum").join(counts))


@check("shares_do_not_sum", "multiple_choice_over_selections", order=100)
def check_share_sums(claims: Sequence[Claim], document: Document,
                     lang: Language) -> Iterator[Finding]:
    """``shares_do_not_sum`` and ``multiple_choice_over_selections``.

    Single-choice shares add up to 100 within their rounding: each printed share is off by
    at most half a unit (rounding) or one unit (truncation), so the printed sum lies in
    [100 − Σu, 100 + Σu/2] (:func:`~survey.audit.arithmetic.sum_interval`). A sum above it
    is impossible when the options cannot overlap; a sum below it only when every option is
    listed. Multiple-choice shares over respondents add up to more than 100; a sum of 100
    means they were computed over selections, which the reader must be told.
    """
    for group in by_group(claims, (ClaimKind.SHARE,)).values():
        if len(group) < 2:
            continue
        shares = [c.printed for c in group]
        total = sum((p.value for p in shares), Fraction(0))
        low, high = sum_interval(shares)
        decimals = max(p.decimals for p in shares)
        details = group[0].details
        shown = dict(terms=" + ".join(c.shown() for c in group), total=percent(total, decimals),
                     low=percent(low, decimals + 1), high=percent(high, decimals + 1))
        if details.get("multiple_choice"):
            if not details.get("disclosed") and not details.get("over_selections") \
                    and len(group) >= 3 and low <= total <= high:
                yield make_finding(document, "multiple_choice_over_selections", Severity.WARNING,
                                   group, lang, **shown)
            continue
        if (total > high and (details.get("disjoint") or details.get("complete"))) or \
                (total < low and details.get("complete")):
            yield make_finding(document, "shares_do_not_sum", Severity.ERROR, group, lang,
                               **shown)


def _fits(claims: Sequence[Claim]) -> list[tuple[Claim, frozenset[Rounding], str]]:
    """Every share or rate whose count and base are known: the conventions it fits under,
    with the arithmetic that shows it."""
    found: list[tuple[Claim, frozenset[Rounding], str]] = []
    for claim, modes, (num, den) in rate_fits(claims):
        found.append((claim, modes, ratio_text(num, den, claim.printed.decimals)))
    for claim in claims:
        if claim.kind not in (ClaimKind.SHARE, ClaimKind.SATISFACTION_RATE) or not claim.n:
            continue
        count = _count(claim)
        if count is not None:
            modes = ratio_roundings(count, claim.n, claim.printed)
            found.append((claim, modes, ratio_text(count, claim.n, claim.printed.decimals)))
        elif claim.kind is ClaimKind.SHARE:
            modes = share_roundings(claim.printed, claim.n)
            ranges = [count_range(claim.printed, claim.n, m) for m in sorted(modes)]
            k = next((r[0] for r in ranges if r), None)
            if k is not None:
                found.append((claim, modes, ratio_text(k, claim.n, claim.printed.decimals)))
    return [f for f in found if f[1]]


@check("inconsistent_rounding", order=110)
def check_rounding_conventions(claims: Sequence[Claim], document: Document,
                               lang: Language) -> Iterator[Finding]:
    """``inconsistent_rounding``: the document's shares need different conventions.

    Most shares fit every convention; the ones that fit only some say how the document
    rounds. When no single convention fits them all, the first conflicting pair is named.
    """
    telling = [f for f in _fits(claims) if len(f[1]) < len(ROUNDINGS)]
    if not telling:
        return
    common = frozenset(ROUNDINGS)
    for _, modes, _ in telling:
        common &= modes
    if common:
        return
    for i, (a, modes_a, shown_a) in enumerate(telling):
        for b, modes_b, shown_b in telling[i + 1:]:
            if not modes_a & modes_b:
                yield make_finding(
                    document, "inconsistent_rounding", Severity.WARNING, [b], lang,
                    first=a.shown(), first_line=a.line, first_arithmetic=shown_a,
                    first_modes=_modes(lang, modes_a), second=b.shown(),
                    second_arithmetic=shown_b, second_modes=_modes(lang, modes_b))
                return


def _modes(lang: Language, modes: frozenset[Rounding]) -> str:
    return text(lang, "audit_or").join(text(lang, f"audit_rounding_{m}")
                                       for m in ROUNDINGS if m in modes)


def _one_of_the_levels(rate: Claim, claims: Sequence[Claim], document: Document) -> bool:
    """Whether a 满意度 is the 满意 answer's share beside the other levels' shares of its
    sentence, all of them adding up to 100 (满意度为21%，比较满意占64%，一般为15%，没有家长表示
    不满意): a share, which needs no definition."""
    lo, hi = rate.start, rate.end
    levels = []
    for c in claims:
        if c.kind is not ClaimKind.SHARE or c.block != rate.block or not c.details.get("level"):
            continue
        between = document.text[min(lo, c.start):max(hi, c.end)]
        if not any(stop in between for stop in "。！？!?\n"):
            levels.append(c)
    if not levels:
        return False
    total = rate.printed.value + sum(c.printed.value for c in levels)
    slack = Fraction(1, 2) * (len(levels) + 1) * max(
        Fraction(1, 10 ** c.printed.decimals) for c in (rate, *levels))
    return abs(total - 100) <= slack


@check("satisfaction_rate_undefined", order=120)
def check_satisfaction_definition(claims: Sequence[Claim], document: Document,
                                  lang: Language) -> Iterator[Finding]:
    """``satisfaction_rate_undefined`` (warning): satisfaction rates with no definition or no n.

    One finding per document, at the first such rate: the report never says how a rate is
    computed (which answers count as satisfied, weighted or not), or never gives the number
    of questionnaires it is computed from (nor the counts per level it adds up).
    """
    rates = [c for c in claims if c.kind is ClaimKind.SATISFACTION_RATE
             and c.details.get("source") != "table"]
    # a rate its sentence's counts per level give is defined by them
    given = {id(r) for r in rates_given_by_counts(claims, document)}
    rates = [r for r in rates if id(r) not in given and not _one_of_the_levels(r, claims, document)]
    if not rates:
        return
    undefined = not any(c.details.get("defined") for c in rates)
    # counts per level beside a rate give its base too: their sum (19、12、2 例 → 33)
    # so do the people a study took (选取患者120例, 对12079名住院患者进行调查)
    has_base = any(c.kind in (ClaimKind.VALID, ClaimKind.BASE, ClaimKind.LEVEL_COUNT)
                   for c in claims) or any(c.details.get("has_n") for c in rates) or any(
        c.n for c in claims) or P.PEOPLE_SURVEYED.search(document.text) is not None
    if undefined or not has_base:
        variant = "both" if undefined and not has_base else ("definition" if undefined else "base")
        yield make_finding(document, "satisfaction_rate_undefined", Severity.WARNING, [rates[0]],
                           lang, variant=variant, count=len(rates), first=rates[0].shown())
