"""Coefficient checks: ranges, identical coefficients, α against α-if-deleted, α without variance.

- Cronbach's α is at most 1 for any data (var ΣX ≤ k · Σ var X, Cauchy–Schwarz); it can be
  negative when items covary negatively on average (reverse-keyed items not recoded), which
  is possible but a sign of a mistake, so α < 0 is a warning.
- A correlation or a validity coefficient (an item–total correlation) lies in [−1, 1]. A
  standardised loading above 1 is a Heywood case: an improper solution, a warning.
- KMO lies in [0, 1]; Bartlett's p in [0, 1], χ² ≥ 0 and df = k(k−1)/2 for k items.
- α if item deleted: see :func:`survey.audit.arithmetic.alpha_deleted_centre`.
- α needs variance: if every respondent gave the same answer to every item, every item
  variance and the total variance are 0 and α = k/(k−1) · (1 − 0/0) is undefined.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator, Sequence
from fractions import Fraction

from survey.audit.arithmetic import alpha_deleted_centre
from survey.audit.checks._common import by_group, exact
from survey.audit.findings import Finding, Severity, make_finding
from survey.audit.model import Claim
from survey.audit.registry import ClaimKind, check
from survey.audit.text import Document
from survey.locale import Language

__all__ = ["check_alpha_item_deleted", "check_coefficient_ranges", "check_identical_coefficients",
           "check_kmo_grade", "check_reliability_without_variance", "check_variance_explained"]


@check("reliability_out_of_range", "correlation_out_of_range", "kmo_out_of_range",
       "bartlett_out_of_range", order=40)
def check_coefficient_ranges(claims: Sequence[Claim], document: Document,
                             lang: Language) -> Iterator[Finding]:
    """``reliability_out_of_range``, ``correlation_out_of_range``, ``kmo_out_of_range``,
    ``bartlett_out_of_range``."""
    for claim in claims:
        value = claim.printed.value
        if claim.kind in (ClaimKind.ALPHA, ClaimKind.ALPHA_IF_DELETED):
            if value > 1:
                yield make_finding(document, "reliability_out_of_range", Severity.ERROR, [claim],
                                   lang, value=claim.text)
            elif value < 0:
                yield make_finding(document, "reliability_out_of_range", Severity.WARNING,
                                   [claim], lang, variant="negative", value=claim.text)
        elif claim.kind in (ClaimKind.CORRELATION, ClaimKind.VALIDITY) and abs(value) > 1:
            yield make_finding(document, "correlation_out_of_range", Severity.ERROR, [claim], lang,
                               value=claim.text)
        elif claim.kind is ClaimKind.LOADING and abs(value) > 1:
            yield make_finding(document, "correlation_out_of_range", Severity.WARNING, [claim],
                               lang, variant="loading", value=claim.text)
        elif claim.kind is ClaimKind.KMO and not 0 <= value <= 1:
            yield make_finding(document, "kmo_out_of_range", Severity.ERROR, [claim], lang,
                               value=claim.text)
    yield from _bartlett(claims, document, lang)


_FACTOR_WORDS = re.compile(r"因子分析|因素分析|KMO|Bartlett|巴特利|巴特莱|巴特列|球形|公因子|主成分|效度")
_SUBSET_WORDS = re.compile(r"其中|部分(?:题|条目|测项)|以外|除")
_SENTENCE_BREAK = re.compile(r"[。!?;！？；\n]")


def _sentence_of(document: Document, claim: Claim) -> str:
    """The sentence of ``document.text`` holding ``claim``."""
    text = document.text
    start = claim.start
    while start > 0 and not _SENTENCE_BREAK.match(text[start - 1]):
        start -= 1
    m = _SENTENCE_BREAK.search(text, claim.end)
    return text[start:m.start() if m else len(text)]


def _factor_item_counts(claims: Sequence[Claim], document: Document) -> dict[int, list[Claim]]:
    """Item counts stated for a factor analysis (对 8 个题项进行因子分析, KMO … 12 个题项),
    by block: the number of items Bartlett's df must come from."""
    found: dict[int, list[Claim]] = {}
    for c in claims:
        if c.kind is ClaimKind.ITEM_COUNT:
            sentence = _sentence_of(document, c)
            if _FACTOR_WORDS.search(sentence) and not _SUBSET_WORDS.search(sentence):
                found.setdefault(c.block, []).append(c)
    return found


def _stated_items(counts: dict[int, list[Claim]], block: int) -> list[Claim]:
    """The factor-analysis item counts of ``block`` or the two blocks before it."""
    for b in (block, block - 1, block - 2):
        if counts.get(b):
            return counts[b]
    return []


def _bartlett(claims: Sequence[Claim], document: Document, lang: Language) -> Iterator[Finding]:
    counts: dict[int, list[Claim]] | None = None  # built on the first df that needs it
    for group in by_group(claims, (ClaimKind.BARTLETT_CHI2, ClaimKind.BARTLETT_DF,
                                   ClaimKind.BARTLETT_P)).values():
        for claim in group:
            value = claim.printed.value
            if claim.kind is ClaimKind.BARTLETT_P and not 0 <= value <= 1:
                yield make_finding(document, "bartlett_out_of_range", Severity.ERROR, [claim],
                                   lang, variant="p", value=claim.text)
            elif claim.kind is ClaimKind.BARTLETT_CHI2 and value < 0:
                yield make_finding(document, "bartlett_out_of_range", Severity.ERROR, [claim],
                                   lang, variant="chi2", value=claim.text)
            elif claim.kind is ClaimKind.BARTLETT_DF and value.denominator == 1:
                df = int(value)
                k = (1 + math.isqrt(1 + 8 * df)) // 2
                if df < 1 or k * (k - 1) // 2 != df:
                    below = max(k, 2)
                    yield make_finding(
                        document, "bartlett_out_of_range", Severity.ERROR, [claim], lang,
                        variant="df", value=claim.text, k_low=below,
                        df_low=below * (below - 1) // 2, k_high=below + 1,
                        df_high=(below + 1) * below // 2)
                    continue
                if counts is None:
                    counts = _factor_item_counts(claims, document)
                stated = _stated_items(counts, claim.block)
                if stated and all(int(c.value) != k for c in stated):
                    items = stated[0]
                    yield make_finding(
                        document, "bartlett_out_of_range", Severity.ERROR, [claim, items], lang,
                        variant="df_items", value=claim.text, k=k,
                        items=int(items.value), df_items=int(items.value) * (int(items.value) - 1) // 2)


@check("identical_coefficients", order=50)
def check_identical_coefficients(claims: Sequence[Claim], document: Document,
                                 lang: Language) -> Iterator[Finding]:
    """``identical_coefficients``: every item given the same validity coefficient or loading.

    Loadings and item validities are continuous statistics of each item's answers; three
    or more printed identically at two or more decimals do not happen with real data
    (error). Two items, or values at one decimal (0.75–0.85 all print as 0.8), are a
    warning. A sentence saying all items have one value (各题项效度均为 0.8) counts as a list.
    """
    kinds = (ClaimKind.VALIDITY, ClaimKind.LOADING)
    for group in by_group(claims, kinds).values():
        if group[0].details.get("range"):
            continue  # the two ends of a stated range
        values = {c.text for c in group}
        if len(group) >= 2 and len(values) == 1:
            yield _identical(document, group, len(group), lang)
    for claim in claims:
        items = claim.details.get("all_items")
        if claim.kind in kinds and items and claim.group is None:
            count = items if isinstance(items, int) and not isinstance(items, bool) else 0
            yield _identical(document, [claim], count, lang)


def _identical(document: Document, group: list[Claim], count: int, lang: Language) -> Finding:
    decimals = group[0].printed.decimals
    severe = count >= 3 and decimals >= 2
    return make_finding(document, "identical_coefficients",
                        Severity.ERROR if severe else Severity.WARNING, group, lang,
                        variant=None if count else "unknown", value=group[0].text,
                        count=count or "")


def _by_block(claims: Sequence[Claim], kind: ClaimKind) -> dict[int, list[Claim]]:
    """Claims of one kind (single values, not table rows) indexed by block, in order."""
    index: dict[int, list[Claim]] = {}
    for c in claims:
        if c.kind is kind and (kind is not ClaimKind.ALPHA or c.group is None):
            index.setdefault(c.block, []).append(c)
    return index


def _alphas_for(alphas: dict[int, list[Claim]], deleted: list[Claim]) -> list[Claim]:
    """The αs the α-if-deleted values may belong to: those of the values' own block (the
    table's total row, a raw and a standardised α), else the nearest block up to three
    before (or the one after) that states α, same population.

    ``alphas`` is :func:`_by_block` of the α claims, so each look-up reads five blocks
    instead of the whole document. Every candidate is tried; a finding needs all to fail.
    """
    block = deleted[0].block
    subject = deleted[0].subject

    def near(b: int) -> list[Claim]:
        return [c for c in alphas.get(b, ()) if subject is None or c.subject in (None, subject)]

    for b in (block, *range(block - 1, block - 4, -1), block + 1):
        found = near(b)
        if found:
            return found
    return []


def _item_count(counts: dict[int, list[Claim]], deleted: list[Claim], alpha: Claim) -> int | None:
    """k: the table's rows, else an item count stated with α or the values."""
    stated = {int(c.value) for b in {alpha.block, deleted[0].block} for c in counts.get(b, ())}
    rows = deleted[0].details.get("items")
    if rows:
        if stated and rows not in stated:
            return None  # a table of some items only
        return int(rows)
    return stated.pop() if len(stated) == 1 else None


@check("alpha_inconsistent_with_item_deleted", order=60)
def check_alpha_item_deleted(claims: Sequence[Claim], document: Document,
                             lang: Language) -> Iterator[Finding]:
    """``alpha_inconsistent_with_item_deleted``: α-if-deleted values no data could give.

    With k items and overall α, the α-if-deleted values must lie on both sides of
    c(k) = (k−1)α/(k−α) (:func:`~survey.audit.arithmetic.alpha_deleted_centre`). When k is
    known (the table's rows, or an item count stated beside α or the values) that c(k) is
    used. Whatever k, c(k) lies in [c(3), α) for 0 < α < 1, since c grows with k towards α:
    so values all above α, or all below c(3) = 2α/(3−α), are impossible for any number of
    items. Each printed value stands for its whole rounding interval and every α near the
    values (raw or standardised) is tried, so a finding means no true values behind the
    printed ones, for no candidate α, satisfy the bound.
    """
    alphas = _by_block(claims, ClaimKind.ALPHA)
    counts = _by_block(claims, ClaimKind.ITEM_COUNT)
    for group in by_group(claims, (ClaimKind.ALPHA_IF_DELETED,)).values():
        values = [c.printed for c in group]
        if any(v.value > 1 or v.value < 0 for v in values):
            continue
        candidates = [a for a in _alphas_for(alphas, group) if 0 < a.printed.value <= 1]
        if not candidates:
            continue
        if _partial_table(counts, group, candidates):
            continue
        whole = group[0].details.get("range") is not None or group[0].details.get("items")
        low = min(v.interval()[0] for v in values)
        high = max(v.interval()[1] for v in values)
        failures = []
        for alpha in candidates:
            k = _item_count(counts, group, alpha)
            failure = _deleted_failure(alpha, k, low, high, whole=bool(whole) or (
                k is not None and len(group) == k))
            if failure is None:
                break
            failures.append((alpha, k, failure))
        else:
            alpha, k, (side, centre) = failures[0]
            variant = side if k is not None else f"{side}_any_k"
            yield make_finding(
                document, "alpha_inconsistent_with_item_deleted", Severity.ERROR,
                [*group, alpha], lang, variant=variant, k=k or "", alpha=alpha.text,
                centre=exact(centre, 4), low=min(values, key=lambda v: v.value).text(),
                high=max(values, key=lambda v: v.value).text())


def _partial_table(counts: dict[int, list[Claim]], deleted: list[Claim],
                   alphas: list[Claim]) -> bool:
    """A table of some items only: its rows are none of the item counts stated beside it."""
    rows = deleted[0].details.get("items")
    stated = {int(c.value) for b in {deleted[0].block, *(a.block for a in alphas)}
              for c in counts.get(b, ())}
    return bool(rows and stated and rows not in stated)


def _deleted_failure(alpha: Claim, k: int | None, low: Fraction, high: Fraction, *,
                     whole: bool) -> tuple[str, Fraction] | None:
    """Why the α-if-deleted values in [low, high] cannot go with ``alpha`` (side and the
    centre they miss), or None when some data could give them.

    ``whole``: the values are every item's (a full table column, a stated range, as many
    values as items); a partial list is never judged.
    """
    if not whole:
        return None
    a_lo, a_hi = alpha.printed.interval()
    if k is not None and k >= 3:
        centre_lo, centre_hi = alpha_deleted_centre(a_lo, k), alpha_deleted_centre(a_hi, k)
        if high < centre_lo:
            return "below", alpha_deleted_centre(alpha.printed.value, k)
        if low > centre_hi:
            return "above", alpha_deleted_centre(alpha.printed.value, k)
        return None
    if k is not None:
        return None
    if low > min(a_hi, Fraction(1)):
        return "above", alpha.printed.value
    floor = alpha_deleted_centre(max(a_lo, Fraction(0)), 3)
    if high < floor:
        return "below", floor
    return None


def _degenerate(rows: list[Claim]) -> bool:
    values = sorted(c.printed.value for c in rows)
    return values[-1] == 100 and all(v == 0 for v in values[:-1])


@check("reliability_without_variance", order=70)
def check_reliability_without_variance(claims: Sequence[Claim], document: Document,
                                       lang: Language) -> Iterator[Finding]:
    """``reliability_without_variance``: α reported although every answer was the same.

    Evidence is a sentence saying every respondent gave one answer to every item, or an
    item × option table in which every item has 100% on a single option.
    """
    alphas = [c for c in claims if c.kind is ClaimKind.ALPHA]
    if not alphas:
        return
    evidence: list[tuple[Claim, str]] = [
        (c, str(c.details.get("option", ""))) for c in claims if c.kind is ClaimKind.UNIFORM_ANSWERS]
    rows = by_group([c for c in claims if c.details.get("distribution")], (ClaimKind.SHARE,))
    by_table: dict[tuple[int, str | None], list[list[Claim]]] = {}
    for row in rows.values():
        by_table.setdefault((row[0].block, row[0].subject), []).append(row)
    for table_rows in by_table.values():
        if len(table_rows) >= 2 and all(_degenerate(r) for r in table_rows):
            options = {max(r, key=lambda c: c.value).details.get("option") for r in table_rows}
            if len(options) == 1:
                evidence.append((table_rows[0][0], str(options.pop())))
    for proof, option in evidence:
        for alpha in alphas:
            if proof.subject and alpha.subject and proof.subject != alpha.subject:
                continue
            yield make_finding(document, "reliability_without_variance", Severity.ERROR,
                               [alpha], lang, alpha=alpha.text, option=option,
                               line=proof.line)
            break



@check("kmo_grade_overstated", order=75)
def check_kmo_grade(claims: Sequence[Claim], document: Document,
                    lang: Language) -> Iterator[Finding]:
    """``kmo_grade_overstated``: a KMO called more suitable than any common scale allows.

    Kaiser (1974) grades KMO ≥ 0.9 marvelous, 0.8 meritorious, 0.7 middling, 0.6 mediocre,
    0.5 miserable, below 0.5 unacceptable; the most lenient scale in use (SPSSAU) calls
    ≥ 0.8 very suitable (非常适合). So 非常适合 below 0.8, or 适合 below 0.5, is a
    warning; the value's whole rounding interval must lie below the bound.
    """
    for claim in claims:
        if claim.kind is not ClaimKind.KMO:
            continue
        grade = claim.details.get("grade")
        high = claim.printed.interval()[1]
        if grade == "very" and high < Fraction(8, 10):
            yield make_finding(document, "kmo_grade_overstated", Severity.WARNING, [claim], lang,
                               value=claim.text)
        elif grade == "suitable" and high < Fraction(1, 2):
            yield make_finding(document, "kmo_grade_overstated", Severity.WARNING, [claim], lang,
                               variant="suitable", value=claim.text)


@check("variance_explained_inconsistent", order=72)
def check_variance_explained(claims: Sequence[Claim], document: Document,
                             lang: Language) -> Iterator[Finding]:
    """``variance_explained_inconsistent``: variance-explained percentages no analysis gives.

    Each factor explains a share of the total variance (its eigenvalue over the number of
    items, principal components), so a percentage lies in [0, 100], a cumulative column or
    list never falls, a table's cumulative row is the previous one plus the row's own share,
    and a cumulative figure stated with the factors' shares is at least their sum (at least:
    the text may list only some factors). Printed values stand for their rounding intervals.
    """
    variances = [c for c in claims if c.kind is ClaimKind.VARIANCE_EXPLAINED]
    if not variances:
        return
    intervals = {id(c): c.printed.interval() for c in variances}  # Fractions, made once
    for claim in variances:
        if intervals[id(claim)][0] > 100:
            yield make_finding(document, "variance_explained_inconsistent", Severity.ERROR,
                               [claim], lang, variant="over", value=claim.shown())
    for group in by_group(variances, (ClaimKind.VARIANCE_EXPLAINED,)).values():
        if not group[0].details.get("cumulative"):
            continue
        for before, after in itertools.pairwise(group):
            if after.text != before.text and intervals[id(after)][1] < intervals[id(before)][0]:
                yield make_finding(document, "variance_explained_inconsistent", Severity.ERROR,
                                   [after, before], lang, variant="decreasing",
                                   before=before.shown(), after=after.shown())
    yield from _variance_sums(variances, intervals, document, lang)


def _variance_sums(variances: list[Claim], intervals: dict[int, tuple[Fraction, Fraction]],
                   document: Document, lang: Language) -> Iterator[Finding]:
    # a table: cumulative(row) = cumulative(row − 1) + share(row)
    tables: dict[str, dict[int, dict[bool, Claim]]] = {}
    for c in variances:
        if "set" in c.details and "row" in c.details:
            tables.setdefault(c.details["set"], {}).setdefault(c.details["row"], {})[
                bool(c.details.get("cumulative"))] = c
    for rows in tables.values():
        for row in sorted(rows)[1:]:
            here, previous = rows[row], rows.get(row - 1, {})
            if True not in here or False not in here or True not in previous:
                continue
            cumulative, share, before = here[True], here[False], previous[True]
            low = intervals[id(before)][0] + intervals[id(share)][0]
            high = intervals[id(before)][1] + intervals[id(share)][1]
            c_low, c_high = intervals[id(cumulative)]
            if c_high < low or c_low > high:
                yield make_finding(document, "variance_explained_inconsistent", Severity.ERROR,
                                   [cumulative, before, share], lang, variant="sum",
                                   value=cumulative.shown(), parts=f"{before.shown()} + {share.shown()}",
                                   total=exact(before.printed.value + share.printed.value, 3) + "%")
    # a sentence: the listed factors' shares, then the cumulative figure
    sentences: dict[int, list[Claim]] = {}
    for c in variances:
        if "sentence" in c.details:
            sentences.setdefault(c.details["sentence"], []).append(c)
    for stated in sentences.values():
        shares = [c for c in stated if not c.details.get("cumulative")]
        totals = [c for c in stated if c.details.get("cumulative") and c.group is None]
        if len(shares) < 2 or not totals:
            continue
        low = sum((intervals[id(c)][0] for c in shares), Fraction(0))
        for total in totals:
            if intervals[id(total)][1] < low and total.start > shares[-1].start:
                yield make_finding(document, "variance_explained_inconsistent", Severity.ERROR,
                                   [total, *shares], lang, variant="sum",
                                   value=total.shown(), parts=" + ".join(c.shown() for c in shares),
                                   total=exact(sum((c.printed.value for c in shares), Fraction(0)), 3) + "%")
