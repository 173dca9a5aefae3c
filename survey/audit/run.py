"""Audit one report: read it, extract its claims, check them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from survey.audit.checks import check_claims
from survey.audit.claims import extract_claims
from survey.audit.model import Claim, Finding
from survey.audit.registry import Severity
from survey.audit.text import Document, DocumentKind, document_from_lines, read_document
from survey.locale import Language

__all__ = ["Audit", "audit_document", "audit_file", "audit_text"]


@dataclass(frozen=True)
class Audit:
    """The claims read from one document and the findings about them."""

    document: Document
    claims: tuple[Claim, ...]
    findings: tuple[Finding, ...]
    lang: Language

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Findings no data could explain."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Findings worth querying."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    def to_dict(self) -> dict[str, Any]:
        """``{"source", "findings": [...], "claims": [...]}`` for ``--json``."""
        return {"source": self.document.source,
                "findings": [f.to_dict() for f in self.findings],
                "claims": [c.to_dict() for c in self.claims]}


def audit_document(document: Document, *, lang: Language = "zh-CN") -> Audit:
    """Extract and check the claims of a document already read."""
    claims = extract_claims(document)
    return Audit(document, claims, check_claims(claims, document, lang=lang), lang)


def audit_file(path: str | Path, *, lang: Language = "zh-CN") -> Audit:
    """Audit a report file (.txt, .md, .html, .docx).

    Raises :class:`~survey.errors.MissingFileError` or :class:`~survey.errors.ReportFileError`
    for a file it cannot read.
    """
    return audit_document(read_document(path), lang=lang)


def audit_text(text: str | Sequence[str], *, kind: DocumentKind = "txt",
               lang: Language = "zh-CN", source: str = "<text>") -> Audit:
    """Audit report text given as a string (or its lines).

    >>> audit = audit_text("本次共发放问卷 320 份，回收 306 份，回收率 96.25%。")
    >>> [(f.code, f.severity.value) for f in audit.findings]
    [('rate_mismatch', 'error')]
    """
    lines = text.splitlines() if isinstance(text, str) else list(text)
    return audit_document(document_from_lines(lines, source=source, kind=kind), lang=lang)
