"""Claims: the survey figures a report states, each with where it stands and what it means.

:func:`extract_claims` reads a :class:`~survey.audit.text.Document` in four passes:

1. blank out numbers that only look like figures (:data:`survey.audit.patterns.MASKS`);
2. sentences: counts, rates, coefficients, bases, sample-size parameters, indicator
   sentences (:mod:`survey.audit.inline`);
3. tables: fieldwork tables, item tables (α if deleted, correlations), option tables and
   indicator tables, read by their column headers (:mod:`survey.audit.tables`);
4. option shares written in sentences, grouped into lists (:mod:`survey.audit.shares`).

A number is claimed at most once. Every claim keeps its printed text, so the checks know its
precision (``95.6`` and ``95.60`` are different claims about the same share).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from survey.audit.arithmetic import Printed
from survey.audit.text import Document

__all__ = ["Claim", "ClaimKind", "extract_claims"]


class ClaimKind(StrEnum):
    """What a figure is. The value is the stable code in ``--json`` output."""

    ISSUED = "issued"
    PLANNED = "planned"
    RETURNED = "returned"
    VALID = "valid"
    INVALID = "invalid"
    RETURN_RATE = "return_rate"
    VALID_RATE = "valid_rate"
    EFFECTIVE_RETURN_RATE = "effective_return_rate"
    ALPHA = "alpha"
    ALPHA_IF_DELETED = "alpha_if_deleted"
    ITEM_COUNT = "item_count"
    VALIDITY = "validity"
    LOADING = "loading"
    CORRELATION = "correlation"
    KMO = "kmo"
    BARTLETT_CHI2 = "bartlett_chi2"
    BARTLETT_DF = "bartlett_df"
    BARTLETT_P = "bartlett_p"
    BASE = "base"
    SHARE = "share"
    SATISFACTION_RATE = "satisfaction_rate"
    SATISFACTION_SCORE = "satisfaction_score"
    SATISFACTION_DEFINITION = "satisfaction_definition"
    UNIFORM_ANSWERS = "uniform_answers"
    INDICATOR = "indicator"
    CONFIDENCE = "confidence"
    Z = "z"
    MARGIN = "margin"
    PROPORTION = "proportion"
    VARIANCE = "variance"
    SD = "sd"
    POPULATION = "population"
    SAMPLE_SIZE = "sample_size"


FIELDWORK_COUNTS = (ClaimKind.ISSUED, ClaimKind.RETURNED, ClaimKind.VALID)
FIELDWORK_RATES = (ClaimKind.RETURN_RATE, ClaimKind.VALID_RATE, ClaimKind.EFFECTIVE_RETURN_RATE)


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
    number (an indicator's weight, target and rule; a share's count).
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
    details: dict[str, Any] = field(default_factory=dict)

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
            "details": {k: v for k, v in self.details.items() if not k.startswith("_")},
        }


class Taken:
    """Flow spans already claimed, so a number is claimed once."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a taken span."""
        i = bisect.bisect_left(self._starts, end)
        return any(self._ends[j] > start for j in range(max(0, i - 8), i))

    def add(self, start: int, end: int) -> None:
        """Mark ``[start, end)`` as taken."""
        i = bisect.bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)


def extract_claims(document: Document) -> tuple[Claim, ...]:
    """Every survey figure stated in ``document``, in reading order.

    >>> from survey.audit.text import document_from_lines
    >>> doc = document_from_lines(["本次发放问卷30份，回收有效问卷46份。"])
    >>> [(c.kind.value, c.text) for c in extract_claims(doc)]
    [('issued', '30'), ('valid', '46')]
    """
    from survey.audit import inline, shares, tables
    from survey.audit.context import Context

    context = Context(document)
    found: list[Claim] = []
    found += tables.extract(context)
    found += inline.extract(context)
    found += shares.extract(context)
    return tuple(sorted(found, key=lambda c: (c.start, c.end, c.kind)))
