"""Sample-size check: the critical value, the variance and the result of n = z²σ²/e².

- z must be the two-sided critical value of the stated confidence: 90% → 1.645,
  95% → 1.96, 99% → 2.576 (:func:`survey.audit.arithmetic.normal_quantile`), printed to any
  common precision (1.64, 1.645 and 1.65 all stand for 1.6449). 1.2816 is the one-sided 90%
  value; the message says so when a z belongs to another level or to one tail.
- σ² of a proportion is p(1−p) (0.25 at p = 0.5); 0.5 there is its square root, the
  standard deviation: variance and SD confused.
- n₀ = z²σ²/e², with a finite population N also n₀/(1 + (n₀−1)/N) or n₀/(1 + n₀/N)
  (Cochran 1977, §4.4). A decimal result must be one of these at its precision; the whole
  sample must be at least the result rounded up (384.16 → 385). Yamane's N/(1 + Ne²) is
  accepted up to 95.45% confidence (it is Cochran's with z = 2; above, its n is too small for
  every N and e: an error), and a larger result where the text says why (设计效应, 无效问卷,
  应答率). Taking 384 is a warning (the margin is then slightly wider than stated), an error
  where the text calls it the minimum (至少需要调查 384 个); a smaller figure is an error.
- Each result is read with the margin stated last before it, so a second scenario in the
  same paragraph (若允许误差放宽到 10%，样本量约为 97) is checked against its own margin.

Reference: W. G. Cochran (1977), Sampling Techniques, 3rd ed., Wiley, eqs. 4.2–4.3.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from fractions import Fraction

from survey.audit import patterns as P
from survey.audit.arithmetic import Printed, cochran_sizes, normal_quantile, z_matches
from survey.audit.checks._common import by_group, exact, percent
from survey.audit.findings import Finding, Severity, make_finding
from survey.audit.model import Claim
from survey.audit.registry import ClaimKind, check
from survey.audit.text import Document
from survey.locale import Language, text

__all__ = ["check_margin_for_sample", "check_sample_size", "check_sample_sufficiency"]

_KINDS = (ClaimKind.CONFIDENCE, ClaimKind.Z, ClaimKind.MARGIN, ClaimKind.PROPORTION,
          ClaimKind.VARIANCE, ClaimKind.SD, ClaimKind.POPULATION, ClaimKind.SAMPLE_SIZE)
_LEVELS = (80, 85, 90, 95, 98, 99, 99.5, 99.9)


def _first(group: Sequence[Claim], kind: ClaimKind) -> Claim | None:
    return next((c for c in group if c.kind is kind), None)


def _close(value: Fraction, printed: Printed) -> bool:
    lo, hi = printed.interval()
    return lo <= value <= hi


def _share(claim: Claim, *, proportion_problem: bool) -> Fraction:
    """A proportion or margin as a fraction of 1 (5% → 0.05)."""
    value = claim.printed.value
    if claim.percent or (proportion_problem and value >= 1):
        return value / 100
    return value


def _z_finding(document: Document, conf: Claim, z: Claim, lang: Language) -> Finding | None:
    level = conf.printed.value / 100
    if not 0 < level < 1:
        return None
    expected = normal_quantile(float(level))
    if z_matches(z.printed, expected):
        return None
    values = {"level": conf.text, "z": z.text, "expected": exact(expected, 3)}
    one_sided = normal_quantile(float(2 * level - 1)) if level > Fraction(1, 2) else None
    if one_sided is not None and z_matches(z.printed, one_sided):
        return make_finding(document, "sample_size_formula", Severity.ERROR, [z, conf], lang,
                            variant="z_one_sided", **values)
    other = next((lv for lv in _LEVELS if z_matches(z.printed, normal_quantile(lv / 100))), None)
    if other is not None:
        return make_finding(document, "sample_size_formula", Severity.ERROR, [z, conf], lang,
                            variant="z_other", other=f"{other:g}", **values)
    return make_finding(document, "sample_size_formula", Severity.ERROR, [z, conf], lang,
                        variant="z", **values)


@check("sample_size_formula", order=140)
def check_sample_size(claims: Sequence[Claim], document: Document,
                      lang: Language) -> Iterator[Finding]:
    """``sample_size_formula``: wrong z, variance and SD confused, a result that does not
    follow, a result not rounded up (warning)."""
    for group in by_group(claims, _KINDS).values():
        conf, z = _first(group, ClaimKind.CONFIDENCE), _first(group, ClaimKind.Z)
        margin, p = _first(group, ClaimKind.MARGIN), _first(group, ClaimKind.PROPORTION)
        var, sd = _first(group, ClaimKind.VARIANCE), _first(group, ClaimKind.SD)
        population = _first(group, ClaimKind.POPULATION)
        if conf and z:
            finding = _z_finding(document, conf, z, lang)
            if finding is not None:
                yield finding
        proportion_problem = p is not None or (var is None and sd is None)
        p_share = _share(p, proportion_problem=True) if p else None
        expected_var = p_share * (1 - p_share) if p_share is not None and 0 < p_share < 1 else None
        if var is not None and expected_var is not None and not _close(expected_var, var.printed):
            confused = abs(var.printed.value ** 2 - expected_var) <= var.printed.unit
            yield make_finding(document, "sample_size_formula", Severity.ERROR, [var], lang,
                               variant="variance_sd" if confused else "variance",
                               p=p.text if p else "", expected=exact(expected_var, 4),
                               stated=var.text)
            continue
        if var is not None and sd is not None and not _close(sd.printed.value ** 2, var.printed):
            yield make_finding(document, "sample_size_formula", Severity.ERROR, [var, sd], lang,
                               variant="variance_sd_stated", sd=sd.text, stated=var.text,
                               expected=exact(sd.printed.value ** 2, 4))
            continue
        yamane = _yamane_finding(document, group, conf, z, lang)
        if yamane is not None:
            yield yamane
            continue
        variance = (var.printed.value if var else expected_var if expected_var is not None
                    else sd.printed.value ** 2 if sd else None)
        if variance is None or margin is None or (z is None and conf is None):
            continue
        # a result in a paragraph before every stated proportion or variance is another
        # scenario's (满意率约为 90% … =138.3=139, then 若没有以往数据，取 P=0.5 …)
        params = [c.block for c in group
                  if c.kind in (ClaimKind.PROPORTION, ClaimKind.VARIANCE, ClaimKind.SD)]
        results = [c for c in group if c.kind is ClaimKind.SAMPLE_SIZE
                   and (not params or c.block >= min(params))]
        # a result is read with the margin stated last before it (若允许误差放宽到10%，…约为97)
        margins = {id(r): _nearest(group, ClaimKind.MARGIN, r) or margin for r in results}
        for own_margin in {id(m): m for m in margins.values()}.values():
            mine = [r for r in results if margins[id(r)] is own_margin]
            yield from _results(document, group, mine, lang, z=z, conf=conf, margin=own_margin,
                                variance=variance, sd=sd, population=population,
                                proportion_problem=proportion_problem,
                                yamane=_yamane_allowed(conf, z))


_CLAUSE_END = re.compile(r"[。！？；;!?\n]")


@check("sample_size_formula", order=145)
def check_sample_sufficiency(claims: Sequence[Claim], document: Document,
                             lang: Language) -> Iterator[Finding]:
    """A sentence saying its questionnaires meet a minimum sample size they fall short of:
    "有效问卷 350 份，超过了最小样本量 385 份的要求" (every count the sentence gives is below it;
    where one count reaches it, the words may be about that one)."""
    for m in P.SAMPLE_SUFFICIENT.finditer(document.flow):
        start = m.start()
        while start > 0 and not _CLAUSE_END.match(document.flow[start - 1]):
            start -= 1
        t_start, t_end = document.text_span(start, m.end())
        counts = [c for c in claims if c.kind in (ClaimKind.VALID, ClaimKind.RETURNED)
                  and t_start <= c.start < t_end]
        need = int(m.group("num"))
        if counts and all(c.value < need for c in counts):
            yield make_finding(document, "sample_size_formula", Severity.ERROR, counts, lang,
                               variant="insufficient", stated=counts[-1].text,
                               minimum=m.group("num"))


@check("sample_size_formula", order=146)
def check_margin_for_sample(claims: Sequence[Claim], document: Document,
                            lang: Language) -> Iterator[Finding]:
    """A poll's stated sampling error smaller than its completed sample allows (warning).

    With n completed interviews, simple random sampling gives at confidence 1 − α a margin
    of at most z·√(p(1−p)/n), largest at p = 0.5, the value polls state (成功样本 1069 份，
    抽样误差 ±3%: 1.96 × √(0.25/1069) = 2.997%). A stated margin below that (even rounded
    half-up from up to half a unit more) is narrower than the sample gives; only a finite-population correction
    √((N−n)/(N−1)) could make it true, for a population of at most N = (n − r)/(1 − r) with
    r = (stated/computed)², which the message gives. A larger stated margin is left alone (a
    design effect widens it). Read only where the paragraph states a completed sample and
    no sample-size formula result (the margin of a design is checked by
    :func:`check_sample_size`); confidence 95% unless stated.

    Reference: W. G. Cochran (1977), Sampling Techniques, 3rd ed., eqs. 4.1 and 4.2.
    """
    for group in by_group(claims, _KINDS).values():
        if any(c.kind is ClaimKind.SAMPLE_SIZE for c in group):
            continue
        for margin in (c for c in group if c.kind is ClaimKind.MARGIN):
            # the completed sample: the valid count, else the interviews (成功完访 N 人)
            counts = ([c for c in claims if c.kind is ClaimKind.VALID and c.block == margin.block]
                      or [c for c in claims
                          if c.kind is ClaimKind.RETURNED and c.block == margin.block])
            if len(counts) != 1 or counts[0].value < 2:
                continue
            n = int(counts[0].value)
            conf = _nearest(group, ClaimKind.CONFIDENCE, margin) or _first(group, ClaimKind.CONFIDENCE)
            level = conf.printed.value / 100 if conf is not None else Fraction(95, 100)
            if not 0 < level < 1 or (not margin.percent and margin.printed.value >= 1):
                continue
            # rounded half-up or half-even; a margin cut short (3.9% printed as 3%) would
            # understate the error, the flaw itself
            stated_high = ((margin.printed.value + margin.printed.unit / 2)
                           / (100 if margin.percent else 1))
            z = normal_quantile(float(level))
            computed = z * math.sqrt(0.25 / n)
            if float(stated_high) >= computed * (1 - 1e-12):
                continue
            ratio = (float(stated_high) / computed) ** 2
            population = math.floor((n - ratio) / (1 - ratio))
            yield make_finding(document, "sample_size_formula", Severity.WARNING,
                               [margin, counts[0]], lang, variant="margin_for_n",
                               n=counts[0].text, level=f"{float(level) * 100:g}",
                               z=exact(z, 3), computed=percent(100 * computed, 2),
                               stated="±" + margin.shown(), population=f"{population:,}")


def _nearest(group: Sequence[Claim], kind: ClaimKind, claim: Claim) -> Claim | None:
    """The last ``kind`` claim of the group before ``claim``."""
    before = [c for c in group if c.kind is kind and c.start <= claim.start]
    return before[-1] if before else None


def _yamane_allowed(conf: Claim | None, z: Claim | None) -> bool:
    """Yamane's n = N/(1+Ne²) is Cochran's with z²p(1−p) = 1, i.e. z = 2 at p = 0.5: it
    gives enough only where the critical value is at most 2 (confidence ≤ 95.45%)."""
    if z is not None:
        return z.printed.value <= 2
    if conf is not None:
        return conf.printed.value <= Fraction("95.45")
    return True


def _yamane_finding(document: Document, group: Sequence[Claim], conf: Claim | None,
                    z: Claim | None, lang: Language) -> Finding | None:
    """Yamane's formula used at a confidence above 95.45%: its n is below what the level needs.

    With n₀ = z²/(4e²), Cochran's corrected size is N/(1 + 4Ne²/z²) and Yamane's N/(1 + Ne²);
    for z > 2 the first is larger for every N and e, so the sample cannot give the stated
    margin at the stated confidence.
    """
    if _yamane_allowed(conf, z) or conf is None:
        return None
    blocks = sorted({c.block for c in group})
    cue = next((m for b in blocks
                for m in [P.YAMANE.search(document.flow, document.blocks[b].start,
                                          document.blocks[b].end)] if m), None)
    if cue is None:
        return None
    cue_block = document.block_at(cue.start()).index
    at = [c for c in group if c.kind is ClaimKind.SAMPLE_SIZE and c.block >= cue_block]
    level = conf.printed.value / 100
    expected = normal_quantile(float(level)) if 0 < level < 1 else None
    return make_finding(document, "sample_size_formula", Severity.ERROR, [at[0] if at else conf],
                        lang, variant="yamane_level", level=conf.text,
                        z=exact(expected, 3) if expected else "")


def _z_candidates(z: Claim | None, conf: Claim | None) -> list[Fraction]:
    if z is not None:
        return [z.printed.value]
    if conf is None:
        return []
    exact_z = normal_quantile(float(conf.printed.value / 100))
    return [Fraction(exact_z), Fraction(round(exact_z, 2)).limit_denominator(100),
            Fraction(round(exact_z, 3)).limit_denominator(1000)]


def _results(document: Document, group: Sequence[Claim], results: Sequence[Claim],
             lang: Language, *, z: Claim | None, conf: Claim | None, margin: Claim,
             variance: Fraction, sd: Claim | None, population: Claim | None,
             proportion_problem: bool, yamane: bool) -> Iterator[Finding]:
    e = _share(margin, proportion_problem=proportion_problem)
    if e <= 0:
        return
    n_pop = int(population.value) if population else None
    sizes = [s for zc in _z_candidates(z, conf)
             for name, s in cochran_sizes(zc, variance, e, n_pop).items()
             if yamane or name != "yamane"]
    if not sizes:
        return
    inflated = any(P.SAMPLE_INFLATION.search(document.flow, b.start, b.end)
                   for b in (document.blocks[i] for i in sorted({c.block for c in group})))
    shown_z = z.text if z else exact(_z_candidates(z, conf)[0], 3)
    values = {"z": shown_z, "variance": exact(variance, 4), "margin": exact(e, 4),
              "expected": exact(sizes[0], 2),
              "fpc": text(lang, "audit_fpc", population=population.text) if population else ""}
    for result in results:
        if "." not in result.text:
            continue
        if any(_close(s, result.printed) for s in sizes):
            continue
        if inflated and result.printed.interval()[1] > max(sizes):
            continue  # enlarged for a design effect or expected non-response
        if sd is not None and proportion_problem is False:
            wrong = [s for zc in _z_candidates(z, conf)
                     for s in cochran_sizes(zc, sd.printed.value, e, n_pop).values()]
            if any(_close(s, result.printed) for s in wrong):
                yield make_finding(document, "sample_size_formula", Severity.ERROR, [result],
                                   lang, variant="sd_for_variance", stated=result.text,
                                   sd=sd.text, wrong=exact(wrong[0], 2), **values)
                continue
        yield make_finding(document, "sample_size_formula", Severity.ERROR, [result], lang,
                           variant="result", stated=result.text, **values)
        return
    smallest = min(sizes)
    needed = math.ceil(smallest)
    for result in results:
        if "." in result.text or result.value >= needed:
            continue
        if result.value >= math.floor(smallest) and result.details.get("minimum"):
            # "至少需要调查 384 个" states a minimum the formula contradicts
            yield make_finding(document, "sample_size_formula", Severity.ERROR, [result], lang,
                               variant="minimum", exact=exact(smallest, 2), ceil=needed,
                               stated=result.text, margin_shown=margin.shown())
        elif result.value >= math.floor(smallest):
            yield make_finding(document, "sample_size_formula", Severity.WARNING, [result], lang,
                               variant="rounding", exact=exact(smallest, 2), ceil=needed,
                               stated=result.text, margin_shown=margin.shown())
        else:
            yield make_finding(document, "sample_size_formula", Severity.ERROR, [result], lang,
                               variant="result", stated=result.text, **values)
