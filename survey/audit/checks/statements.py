"""``arithmetic_statement``: an arithmetic statement the text makes that no reading makes true.

The statement is recomputed exactly (:mod:`survey.audit.expressions`): flattened superscripts
read both ways, operands with three or more decimals as rounded, the result allowed every
rounding convention at its printed precision (and its last non-zero digit after ≈), a result
in percent read as a fraction or as percent. ``385×1.15≈578`` is false (442.75);
``385÷(1−20%)≈482`` is true (481.25 rounded up).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from survey.audit.checks._common import exact
from survey.audit.expressions import Statement, mismatches
from survey.audit.findings import make_finding
from survey.audit.model import Claim, Finding
from survey.audit.registry import ClaimKind, Severity, check
from survey.audit.text import Document
from survey.locale import Language

__all__ = ["check_arithmetic_statements"]


@check("arithmetic_statement", order=150)
def check_arithmetic_statements(claims: Sequence[Claim], document: Document,
                                lang: Language) -> Iterator[Finding]:
    """An error for each relation of a stated computation that is false under every reading."""
    for claim in claims:
        if claim.kind is not ClaimKind.ARITHMETIC:
            continue
        statement = claim.details.get("parsed")
        if not isinstance(statement, Statement):
            continue
        for mismatch in mismatches(statement):
            decimals = mismatch.stated.printed.decimals + 2
            yield make_finding(document, "arithmetic_statement", Severity.ERROR, [claim], lang,
                               variant="approx" if mismatch.approx else None,
                               statement=claim.details["statement"], shown=mismatch.shown,
                               value=exact(mismatch.value, decimals)
                               + ("%" if mismatch.stated.percent else ""),
                               stated=mismatch.stated.text)
            break
