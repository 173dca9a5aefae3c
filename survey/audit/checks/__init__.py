"""The audit checks: each looks at the claims of one document and returns its findings.

Every check is a small function ``check_x(claims, document, lang) -> Iterator[Finding]`` in
the module of its topic, declared with ``@check(*codes, order=…)``
(:func:`survey.audit.registry.check`): the codes it may raise and its place in the order
its findings are reported for one line. A check only reports what no data could give
(error) or what a careful reader would query (warning); where a figure fits any common
rounding convention, any reading of a rule, or any population the text allows, it is left
alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

# each module binds its checks to the registry when imported
from survey.audit.checks import (  # noqa: F401
    coefficients,
    combined,
    fieldwork,
    indicators,
    levels,
    sample_size,
    share_counts,
    shares,
    statements,
)
from survey.audit.model import Claim, Finding
from survey.audit.registry import Severity, checks
from survey.audit.text import Document
from survey.locale import Language

__all__ = ["CHECKS", "check_claims"]

Check = Callable[[Sequence[Claim], Document, Language], Iterator[Finding]]

CHECKS: tuple[Check, ...] = tuple(c.function for c in checks())
"""The bound checks in their declared order."""


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
