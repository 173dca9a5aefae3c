"""Findings: what the audit reports about a claim, and the quoted text it points at."""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

from survey.audit.model import Claim, Finding
from survey.audit.registry import CODES as REGISTERED_CODES
from survey.audit.registry import Severity, severity_allowed
from survey.audit.text import Document
from survey.locale import Language, text
from survey.rounding import format_number

__all__ = ["CODES", "Finding", "Severity", "excerpt", "fmt", "make_finding"]


CODES: tuple[str, ...] = tuple(REGISTERED_CODES)
"""Every finding code, stable across versions (tests and ``--json`` consumers rely on them);
declared in :data:`survey.audit.registry.CODES`."""


_SENTENCE_BREAK = re.compile(r"[。!?;；！？\n]")
_REACH = 400


def excerpt(document: Document, start: int, end: int, *, width: int = 90) -> str:
    """The sentence (or table row) holding ``[start, end)``, as written, at most ``width`` long.

    >>> from survey.audit.text import document_from_lines
    >>> doc = document_from_lines(["前言。本次发放问卷30份，回收46份。后记"])
    >>> excerpt(doc, 9, 12)
    '本次发放问卷30份，回收46份。'
    """
    norm = document.row_text
    # the sentence is looked for within _REACH characters each way: a finding in a line of
    # 100,000 characters without a full stop must not walk the whole line (quadratic)
    s = max(0, start - _REACH)
    for before in _SENTENCE_BREAK.finditer(norm, s, start):
        s = before.end()
    after = _SENTENCE_BREAK.search(norm, end, min(len(norm), end + _REACH))
    e = (after.start() if after.group() == "\n" else after.end()) if after else min(len(norm), end + _REACH)
    original = document.original(s, e).strip()
    if len(original) <= width:
        return original
    # keep the claimed span, with context on both sides
    lead = max(0, start - s - (width - (end - start)) // 2)
    window = document.original(s + lead, min(e, s + lead + width)).strip()
    return ("…" if lead else "") + window + ("…" if s + lead + width < e else "")


def fmt(value: Fraction | float, decimals: int) -> str:
    """Half-up text with fixed decimals (4.925 → '4.93' at 2)."""
    return format_number(float(value), decimals, strip=False) if decimals >= 0 else str(value)


def make_finding(
    document: Document, code: str, severity: Severity, claims: Sequence[Claim], lang: Language,
    *, variant: str | None = None, **values: object,
) -> Finding:
    """A finding about ``claims`` (the first locates it), its message from the locale file.

    The message is ``audit_<code>`` (or ``audit_<code>_<variant>``) in
    ``survey/locales/<lang>/audit.yaml``. The span covers every claim on the first claim's
    line (a list, a fieldwork sentence). The code, variant and severity must be declared in
    :data:`survey.audit.registry.CODES`.
    """
    if not severity_allowed(code, variant, severity):
        raise ValueError(f"finding {code} (variant {variant}) is not declared with severity "
                         f"{severity} in survey/audit/registry.py")
    first = claims[0]
    same_line = [c for c in claims if c.line == first.line]
    start = min(c.start for c in same_line)
    end = max(c.end for c in same_line)
    key = f"audit_{code}_{variant}" if variant else f"audit_{code}"
    message = text(lang, key, **values)
    return Finding(code=code, severity=severity, line=first.line,
                   excerpt=excerpt(document, start, end), message=message,
                   start=start, end=end)
