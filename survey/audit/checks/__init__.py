"""The audit checks: each looks at the claims of one document and returns its findings.

Every check is a small function ``check_x(claims, document, lang) -> Iterator[Finding]`` in
the module of its topic; :data:`CHECKS` lists them in the order their findings are
reported for one line. A check only reports what no data could give (error) or what a
careful reader would query (warning); where a figure fits any common rounding convention,
any reading of a rule, or any population the text allows, it is left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from survey.audit.checks.coefficients import (
    check_alpha_item_deleted,
    check_coefficient_ranges,
    check_identical_coefficients,
    check_reliability_without_variance,
)
from survey.audit.checks.fieldwork import (
    check_fieldwork_order,
    check_fieldwork_rates,
    check_figure_contradictions,
)
from survey.audit.checks.indicators import check_indicator_scores
from survey.audit.checks.sample_size import check_sample_size
from survey.audit.checks.shares import (
    check_rounding_conventions,
    check_satisfaction_definition,
    check_share_counts,
    check_share_sums,
    check_shares_for_n,
)
from survey.audit.claims import Claim
from survey.audit.findings import Finding, Severity
from survey.audit.text import Document
from survey.locale import Language

__all__ = ["CHECKS", "check_claims"]

Check = Callable[[Sequence[Claim], Document, Language], Iterator[Finding]]

CHECKS: tuple[Check, ...] = (
    check_fieldwork_order,
    check_fieldwork_rates,
    check_figure_contradictions,
    check_coefficient_ranges,
    check_identical_coefficients,
    check_alpha_item_deleted,
    check_reliability_without_variance,
    check_share_counts,
    check_shares_for_n,
    check_share_sums,
    check_rounding_conventions,
    check_satisfaction_definition,
    check_indicator_scores,
    check_sample_size,
)


def check_claims(claims: Sequence[Claim], document: Document, *,
                 lang: Language = "zh-CN") -> tuple[Finding, ...]:
    """Every finding about ``claims``, errors first within a line, by line.

    >>> from survey.audit.text import document_from_lines
    >>> from survey.audit.claims import extract_claims
    >>> doc = document_from_lines(["本次发放问卷30份，回收有效问卷46份。"])
    >>> [f.code for f in check_claims(extract_claims(doc), doc)]
    ['returned_exceeds_issued']
    """
    found: list[Finding] = []
    seen: set[tuple[str, int, int]] = set()
    for check in CHECKS:
        for finding in check(claims, document, lang):
            key = (finding.code, finding.start, finding.end)
            if key not in seen:
                seen.add(key)
                found.append(finding)
    order = {Severity.ERROR: 0, Severity.WARNING: 1}
    return tuple(sorted(found, key=lambda f: (f.line, order[f.severity], f.start)))
