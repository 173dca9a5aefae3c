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

import math
from collections.abc import Iterator, Sequence

from survey.audit.arithmetic import alpha_deleted_centre
from survey.audit.checks._common import by_group, exact
from survey.audit.findings import Finding, Severity, make_finding
from survey.audit.model import Claim
from survey.audit.registry import ClaimKind, check
from survey.audit.text import Document
from survey.locale import Language

__all__ = ["check_alpha_item_deleted", "check_coefficient_ranges", "check_identical_coefficients",
           "check_reliability_without_variance"]


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


def _bartlett(claims: Sequence[Claim], document: Document, lang: Language) -> Iterator[Finding]:
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


def _alpha_for(alphas: dict[int, list[Claim]], deleted: list[Claim]) -> Claim | None:
    """The α the α-if-deleted values belong to: the table's total row, else the nearest
    single α stated up to three blocks before (or in the block after), same population.

    ``alphas`` is :func:`_by_block` of the α claims, so each look-up reads five blocks
    instead of the whole document.
    """
    block = deleted[0].block
    subject = deleted[0].subject

    def near(b: int) -> list[Claim]:
        return [c for c in alphas.get(b, ()) if subject is None or c.subject in (None, subject)]

    same = near(block)
    if same:
        return same[-1]
    for b in range(block - 1, block - 4, -1):
        in_block = near(b)
        if in_block:
            return in_block[0] if len(in_block) == 1 else None
    after = near(block + 1)
    return after[0] if len(after) == 1 else None


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
    (k−1)α/(k−α) (:func:`~survey.audit.arithmetic.alpha_deleted_centre`). Each printed
    value stands for its whole rounding interval, so a finding means no true values
    behind the printed ones satisfy the bound.
    """
    alphas = _by_block(claims, ClaimKind.ALPHA)
    counts = _by_block(claims, ClaimKind.ITEM_COUNT)
    for group in by_group(claims, (ClaimKind.ALPHA_IF_DELETED,)).values():
        values = [c.printed for c in group]
        if any(v.value > 1 for v in values):
            continue
        alpha = _alpha_for(alphas, group)
        if alpha is None or alpha.printed.value > 1:
            continue
        k = _item_count(counts, group, alpha)
        if k is None or k < 3 or (group[0].details.get("range") is None and len(group) != k):
            continue
        a_lo, a_hi = alpha.printed.interval()
        centre_lo, centre_hi = alpha_deleted_centre(a_lo, k), alpha_deleted_centre(a_hi, k)
        low = min(v.interval()[0] for v in values)
        high = max(v.interval()[1] for v in values)
        if centre_lo <= high and centre_hi >= low:
            continue
        side = "below" if high < centre_lo else "above"
        centre = alpha_deleted_centre(alpha.printed.value, k)
        yield make_finding(
            document, "alpha_inconsistent_with_item_deleted", Severity.ERROR, [*group, alpha],
            lang, variant=side, k=k, alpha=alpha.text, centre=exact(centre, 4),
            low=min(values, key=lambda v: v.value).text(),
            high=max(values, key=lambda v: v.value).text())


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

