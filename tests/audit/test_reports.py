"""Whole reports: a long consistent one (in four formats) yields no error; planted errors are
found and nothing else; the bundled example's own report passes."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from survey.audit.run import audit_file
from tests.conftest import ROOT

DATA = Path(__file__).parent / "data"
CONSISTENT = DATA / "consistent_report.md"
PLANTED = DATA / "planted_report.md"

_TRADITIONAL = str.maketrans("问发数满调样总计标项题删为实际权达这说过", "問發數滿調樣總計標項題刪為實際權達這說過")
_FULL_WIDTH = str.maketrans("0123456789%.", "０１２３４５６７８９％．")


def _blocks(markdown: str) -> list[tuple[str, object]]:
    """Markdown → headings, paragraphs (lines joined) and tables (rows of cells)."""
    blocks: list[tuple[str, object]] = []
    para: list[str] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if para:
            blocks.append(("p", "".join(para)))
            para.clear()
        if rows:
            blocks.append(("table", [r[:] for r in rows]))
            rows.clear()

    for line in markdown.splitlines():
        if line.startswith("|"):
            if para:
                blocks.append(("p", "".join(para)))
                para.clear()
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(re.fullmatch(r"-+", c) for c in cells):
                rows.append(cells)
        elif line.startswith("#"):
            flush()
            blocks.append(("h", line.lstrip("#").strip()))
        elif not line.strip():
            flush()
        else:
            if rows:
                flush()
            para.append(line.strip())
    flush()
    return blocks


def to_html(markdown: str, path: Path) -> Path:
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><style>td{padding:2px}</style>"
             "</head><body>"]
    for kind, body in _blocks(markdown):
        if kind == "h":
            parts.append(f"<h2>{body}</h2>")
        elif kind == "p":
            parts.append(f"<p>{body}</p>")
        else:
            parts.append("<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row)
                                             + "</tr>" for row in body) + "</table>")
    path.write_text("".join(parts) + "</body></html>", encoding="utf-8")
    return path


def to_docx(markdown: str, path: Path) -> Path:
    import docx

    d = docx.Document()
    for kind, body in _blocks(markdown):
        if kind == "h":
            d.add_heading(str(body), level=2)
        elif kind == "p":
            d.add_paragraph(str(body))
        else:
            rows = list(body)  # type: ignore[call-overload]
            table = d.add_table(rows=len(rows), cols=len(rows[0]))
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell
    d.save(path)
    return path


def to_wrapped_text(markdown: str, path: Path, width: int = 38) -> Path:
    """pdftotext-like: paragraphs hard-wrapped mid-word and mid-number, tables aligned by
    spaces, digits full-width and some characters traditional."""
    lines: list[str] = []
    for kind, body in _blocks(markdown):
        if kind == "h":
            lines += [str(body).translate(_TRADITIONAL), ""]
        elif kind == "p":
            text = str(body).translate(_TRADITIONAL).translate(_FULL_WIDTH)
            lines += [text[i:i + width] for i in range(0, len(text), width)] + [""]
        else:
            lines += ["    ".join(row) for row in body] + [""]  # type: ignore[union-attr]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


class TestConsistentReport:
    def test_markdown_has_no_findings(self):
        """A long, consistent report: no error and no warning."""
        audit = audit_file(CONSISTENT)
        assert [(f.line, f.code) for f in audit.findings] == []
        assert len(audit.claims) > 100

    def test_look_alikes_are_not_claims(self):
        """Its budget figures, dates, document numbers and chapters are not read as claims."""
        audit = audit_file(CONSISTENT)
        shown = {c.shown() for c in audit.claims}
        for text in ("3860.25", "1200", "96.83%", "2020", "2023", "12.6", "86.70%", "236.5"):
            assert text not in shown

    def test_every_claim_kind_of_the_report_is_read(self):
        """The report's fieldwork, coefficients, shares, indicators and sample size are all read."""
        kinds = Counter(c.kind.value for c in audit_file(CONSISTENT).claims)
        assert kinds["issued"] == 5 and kinds["alpha_if_deleted"] == 12 and kinds["indicator"] == 6
        assert kinds["sample_size"] == 3 and kinds["z"] == 1 and kinds["kmo"] == 1

    @pytest.mark.parametrize("fmt", ["html", "docx", "txt"])
    def test_other_formats_have_no_errors(self, fmt, tmp_path):
        """The same report as HTML, Word, or wrapped traditional full-width text: no error."""
        markdown = CONSISTENT.read_text(encoding="utf-8")
        convert = {"html": to_html, "docx": to_docx, "txt": to_wrapped_text}[fmt]
        audit = audit_file(convert(markdown, tmp_path / f"report.{fmt}"))
        assert [(f.line, f.code, f.excerpt) for f in audit.errors] == []
        reference = Counter(c.kind.value for c in audit_file(CONSISTENT).claims)
        got = Counter(c.kind.value for c in audit.claims)
        assert got["issued"] == reference["issued"] and got["share"] >= reference["share"] - 3
        assert got["alpha_if_deleted"] == reference["alpha_if_deleted"]


class TestPlantedReport:
    def test_finds_exactly_the_planted_errors(self):
        """Each planted error is found on its line, and nothing else is reported."""
        audit = audit_file(PLANTED)
        found = sorted((f.line, f.code, f.severity.value) for f in audit.findings)
        planted = []
        for number, line in enumerate(PLANTED.read_text(encoding="utf-8").splitlines(), start=1):
            planted += [(number, code, severity) for code, severity in
                        re.findall(r"<!-- planted: (\w+) (\w+) -->", line)]
        assert found == sorted(planted)


class TestExampleReport:
    def test_bundled_example_report_passes(self, tmp_path):
        """The toolkit's own example report (HTML) has no finding."""
        from survey.cli import main

        out = tmp_path / "example"
        assert main(["run", str(ROOT / "analyses/example.yaml"), "--out", str(out),
                     "--generated-at", "2026-11-21"]) == 0
        audit = audit_file(out / "report.html")
        assert [(f.line, f.code, f.message) for f in audit.errors] == []
        assert len(audit.claims) > 50
