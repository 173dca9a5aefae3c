"""Reading other people's reports: find the survey figures in an evaluation report and flag
the ones that cannot be true.

The chain: :func:`read_document` (a .txt, .md, .html or .docx report → lines and normalised
text) → :func:`extract_claims` (figures with their positions) → :func:`check_claims`
(findings with the arithmetic) → :func:`render_table` / :func:`render_json` /
:func:`render_html`. :func:`audit_file` runs the first three.

Claim kinds and finding codes are declared in :mod:`survey.audit.registry`.

This layer depends only on the base modules (:mod:`survey.errors`, :mod:`survey.rounding`,
:mod:`survey.locale`, :mod:`survey._archive`).
"""

from survey.audit.checks import check_claims
from survey.audit.claims import extract_claims
from survey.audit.findings import CODES
from survey.audit.model import Claim, Finding
from survey.audit.registry import ClaimKind, Severity
from survey.audit.render import render_html, render_json, render_table
from survey.audit.run import Audit, audit_document, audit_file, audit_text
from survey.audit.text import Document, document_from_lines, normalise, read_document

__all__ = [
    "CODES",
    "Audit",
    "Claim",
    "ClaimKind",
    "Document",
    "Finding",
    "Severity",
    "audit_document",
    "audit_file",
    "audit_text",
    "check_claims",
    "document_from_lines",
    "extract_claims",
    "normalise",
    "read_document",
    "render_html",
    "render_json",
    "render_table",
]
