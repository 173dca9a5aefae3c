"""Presenting an audit: a terminal table, JSON, and an HTML page of the annotated text.

The HTML page shows the report's text line by line with each finding's passage marked and
its explanation beside the line; autoescape is on, nothing is loaded from the network, and
the same audit renders to the same bytes.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from survey.audit.model import Finding
from survey.audit.registry import Severity
from survey.audit.run import Audit
from survey.locale import Language, text

__all__ = ["render_html", "render_json", "render_table"]


def _width(s: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _wrap(s: str, width: int) -> list[str]:
    lines: list[str] = []
    current: list[str] = []
    used = 0
    for ch in s:
        w = _width(ch)
        if used + w > width and current:
            lines.append("".join(current))
            current, used = [], 0
        current.append(ch)
        used += w
    if current:
        lines.append("".join(current))
    return lines or [""]


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - _width(s))


def _title(lang: Language, code: str) -> str:
    """What a finding is, in words (the code itself for a check added without a title)."""
    try:
        return text(lang, f"audit_title_{code}")
    except KeyError:
        return code


def render_table(audit: Audit, *, width: int | None = None) -> str:
    """The findings as a table for a terminal: line, severity, code, then the quoted text
    and the explanation wrapped under them.

    >>> from survey.audit.run import audit_text
    >>> print(render_table(audit_text("发放问卷 30 份，回收 46 份。"), width=80))  # doctest: +ELLIPSIS
    <text>：读出 2 个数字，1 个错误，0 个提醒。
    行    级别  问题
       1  错误  回收多于发放
                  「发放问卷 30 份，回收 46 份。」
                  回收问卷 46 份多于发放的 30 份：...
    """
    lang = audit.lang
    width = width or max(60, min(shutil.get_terminal_size((100, 24)).columns, 140))
    out = [text(lang, "audit_summary", source=audit.document.source, claims=len(audit.claims),
                errors=len(audit.errors), warnings=len(audit.warnings))]
    if not audit.findings:
        out.append(text(lang, "audit_no_findings"))
        return "\n".join(out)
    names = {s: text(lang, f"audit_severity_{s.value}") for s in Severity}
    heading = text(lang, "audit_col_severity")
    # the severity column is as wide as its widest word ("warning", 提醒) and two spaces
    column = max(_width(w) for w in (heading, *names.values())) + 2
    out.append(f"{_pad(text(lang, 'audit_col_line'), 6)}{_pad(heading, column)}"
               f"{text(lang, 'audit_col_code')}")
    indent = " " * (6 + column + 2)
    for finding in audit.findings:
        out.append(f"{finding.line:>4}  {_pad(names[finding.severity], column)}"
                   f"{_title(lang, finding.code)}")
        for line in _wrap(f"「{finding.excerpt}」", width - len(indent)):
            out.append(indent + line)
        for line in _wrap(finding.message, width - len(indent)):
            out.append(indent + line)
    return "\n".join(out)


def render_json(audit: Audit) -> str:
    """``{"source", "findings": [...], "claims": [...]}`` as indented JSON (UTF-8 text)."""
    return json.dumps(audit.to_dict(), ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class _Segment:
    text: str
    severity: str | None
    ids: tuple[int, ...]


@dataclass(frozen=True)
class _Line:
    number: int
    segments: tuple[_Segment, ...]
    findings: tuple[tuple[int, Finding], ...]


def _lines(audit: Audit) -> list[_Line]:
    doc = audit.document
    numbered = list(enumerate(audit.findings, start=1))
    result = []
    for i, line in enumerate(doc.lines):
        start = doc.line_starts[i]
        end = start + len(line)
        touching = [(n, f) for n, f in numbered if f.start < end and f.end > start
                    or (f.start == f.end == start)]
        cuts = sorted({start, end, *[max(start, min(end, p)) for _, f in touching
                                     for p in (f.start, f.end)]})
        segments = []
        for a, b in zip(cuts, cuts[1:], strict=False):
            if a == b:
                continue
            covering = [(n, f) for n, f in touching if f.start < b and f.end > a]
            severity = None
            if covering:
                severity = "error" if any(f.severity is Severity.ERROR for _, f in covering) \
                    else "warning"
            segments.append(_Segment(line[a - start:b - start], severity,
                                     tuple(n for n, _ in covering)))
        own = tuple((n, f) for n, f in numbered if f.line == i + 1)
        result.append(_Line(i + 1, tuple(segments), own))
    return result


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("survey", "audit/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(audit: Audit) -> str:
    """A self-contained HTML page: the text with findings marked, explanations beside."""
    lang = audit.lang
    return _environment().get_template("audit.html.j2").render(
        lang="zh-CN" if lang == "zh-CN" else "en",
        title=text(lang, "audit_html_title", source=audit.document.source),
        summary=text(lang, "audit_summary", source=audit.document.source,
                     claims=len(audit.claims), errors=len(audit.errors),
                     warnings=len(audit.warnings)),
        intro=text(lang, "audit_html_intro"),
        no_findings=text(lang, "audit_no_findings") if not audit.findings else "",
        findings=list(enumerate(audit.findings, start=1)),
        severity_names={s.value: text(lang, f"audit_severity_{s.value}") for s in Severity},
        lines=_lines(audit),
    )
