"""Claims: the survey figures a report states, each with where it stands and what it means.

:func:`extract_claims` reads a :class:`~survey.audit.text.Document`:

1. blank out numbers that only look like figures (:data:`survey.audit.patterns.MASKS`);
2. run every extractor bound in :mod:`survey.audit.registry`, lowest priority first:
   tables by their column headers (:mod:`survey.audit.tables`), a PDF table's rows of
   (n/N) fractions under its rows of shares (:func:`survey.audit.fractions.extract_rows`),
   then sentences — counts,
   rates, coefficients, sample-size parameters, indicator sentences
   (:mod:`survey.audit.inline`), shares written with their fraction (93.33%（28/30）,
   :mod:`survey.audit.fractions`) — then option shares grouped into lists
   (:mod:`survey.audit.shares`), then arithmetic statements (``385×1.15≈578``) read whole
   (:mod:`survey.audit.statements`). A block without a digit goes only to the sentence
   readers that read a figure without one (``digits=False``: an item count in numerals,
   every respondent giving one answer): a table pasted one cell per line is a block per
   word, and most of those blocks hold no figure.

A number is claimed at most once, by the first extractor that reads it (an arithmetic
statement reads its numbers without claiming them). Every claim keeps
its printed text, so the checks know its precision (``95.6`` and ``95.60`` are different
claims about the same share).
"""

from __future__ import annotations

import re

# each module binds its extractors to the registry when imported
from survey.audit import english, fractions, inline, levels, restated, shares, statements, tables  # noqa: F401
from survey.audit.context import Context
from survey.audit.model import Claim, Taken
from survey.audit.registry import (
    FIELDWORK_COUNTS,
    FIELDWORK_RATES,
    ClaimKind,
    Extractor,
    extractors,
)
from survey.audit.text import Document

__all__ = ["FIELDWORK_COUNTS", "FIELDWORK_RATES", "Claim", "ClaimKind", "Taken", "extract_claims"]


#: A digit as the patterns read one (``\d``: any decimal digit, full-width ones included).
_DIGIT = re.compile(r"\d")


def _runs(bound: tuple[Extractor, ...]) -> list[list[Extractor]]:
    """Consecutive block extractors form one run (applied block by block); a document
    extractor is a run of its own."""
    runs: list[list[Extractor]] = []
    for e in bound:
        if e.scope == "block" and runs and runs[-1][0].scope == "block":
            runs[-1].append(e)
        else:
            runs.append([e])
    return runs


def extract_claims(document: Document) -> tuple[Claim, ...]:
    """Every survey figure stated in ``document``, in reading order.

    >>> from survey.audit.text import document_from_lines
    >>> doc = document_from_lines(["本次发放问卷30份，回收有效问卷46份。"])
    >>> [(c.kind.value, c.text) for c in extract_claims(doc)]
    [('issued', '30'), ('valid', '46')]
    """
    context = Context(document)
    numbered = [_DIGIT.search(document.flow, b.start, b.end) is not None
                for b in document.blocks]
    found: list[Claim | None] = []
    for run in _runs(extractors()):
        if run[0].scope == "document":
            found += run[0].function(context)
            continue
        for block, has_digit in zip(document.blocks, numbered, strict=True):
            for e in run:
                if has_digit or not e.digits:
                    found += e.function(context, block)
    return tuple(sorted((c for c in found if c is not None),
                        key=lambda c: (c.start, c.end, c.kind)))
