"""The audit's value objects: a claim (a figure a report states) and a finding (what the
audit says about claims), with the spans that locate them.

The kinds, details and severities they name are declared in :mod:`survey.audit.registry`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from survey.audit.arithmetic import Printed
from survey.audit.registry import ClaimKind, Details, Severity

__all__ = ["Claim", "Finding", "Taken"]


@dataclass(frozen=True)
class Claim:
    """One figure a report states.

    ``text`` is the number as printed (normalised digits, no ``%``); ``percent`` says
    whether it was a percentage. ``start``/``end`` is the span in
    :attr:`Document.text <survey.audit.text.Document.text>` of the words that state it,
    ``line`` its first line (1-based), ``block`` the paragraph or table it stands in.
    ``group`` ties the claims of one list, one table column or one fieldwork statement;
    ``subject`` is the population it is about (居民, 单位人员) when the text says so;
    ``n`` is the base stated near a share. ``details`` holds what a kind needs beyond one
    number (an indicator's weight, target and rule; a share's count), typed per kind
    (:data:`survey.audit.registry.KINDS`).
    """

    kind: ClaimKind
    value: float
    text: str
    start: int
    end: int
    line: int
    block: int
    percent: bool = False
    subject: str | None = None
    n: int | None = None
    label: str | None = None
    group: str | None = None
    details: Details = field(default_factory=Details)

    @property
    def printed(self) -> Printed:
        """The number with its printed precision."""
        return Printed.parse(self.text)

    def shown(self) -> str:
        """The figure as the report prints it (``95.63%``)."""
        return self.text + ("%" if self.percent else "")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (the ``claims`` of ``survey audit --json``)."""
        return {
            "kind": str(self.kind), "value": self.value, "text": self.shown(),
            "line": self.line, "start": self.start, "end": self.end, "block": self.block,
            "subject": self.subject, "n": self.n, "label": self.label, "group": self.group,
            "details": self.details.to_dict(),
        }


class Taken:
    """Flow spans already claimed, so a number is claimed once."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a taken span."""
        i = bisect.bisect_left(self._starts, end)
        return max(self._ends[max(0, i - 8):i], default=start) > start

    def add(self, start: int, end: int) -> None:
        """Mark ``[start, end)`` as taken."""
        i = bisect.bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)


@dataclass(frozen=True)
class Finding:
    """One problem: its code, severity, where it is (``start``/``end`` in the document text,
    ``line`` 1-based), the quoted ``excerpt`` and a ``message`` that shows the arithmetic."""

    code: str
    severity: Severity
    line: int
    excerpt: str
    message: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """The ``findings`` entries of ``survey audit --json``."""
        return {"code": self.code, "severity": str(self.severity), "line": self.line,
                "excerpt": self.excerpt, "message": self.message}
