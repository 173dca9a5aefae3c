"""Arithmetic statements as claims: every chain ``a × b = c`` the text writes.

One claim per statement (:func:`survey.audit.expressions.find_statements`), at its last
number, holding the parsed statement; the check
(:func:`survey.audit.checks.statements.check_arithmetic_statements`) recomputes it. The
statement's numbers stay free for the other claims (a sample size, a rate), which read them
for what they are.
"""

from __future__ import annotations

from survey.audit.context import Context
from survey.audit.model import Claim
from survey.audit.registry import ClaimKind, extractor

__all__ = ["extract"]


@extractor(priority=95, scope="document")
def extract(ctx: Context) -> list[Claim]:
    """A claim per arithmetic statement in the text blocks and table cells."""
    found: list[Claim] = []
    for block in ctx.document.blocks:
        for statement in ctx.statements(block):
            last = statement.segments[-1]
            claim = ctx.claim(ClaimKind.ARITHMETIC, (statement.start, statement.end),
                              (last.start, last.end), take=False, find_subject=False,
                              value_text=last.tokens[0].text if last.kind == "number" else "0",
                              details={"statement": ctx.flow[statement.start:statement.end],
                                       "parsed": statement})
            if claim is not None:
                found.append(claim)
    return found
