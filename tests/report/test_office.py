"""LibreOffice opens what we write: report.docx and every section document convert to PDF,
and the PDF text holds the report's key sentences and figures; tables.xlsx opens in Calc.

Needs Debian's LibreOffice (``make test`` installs libreoffice-writer-nogui and
libreoffice-calc-nogui when ``soffice`` is missing) and poppler-utils for ``pdftotext``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.office,
    pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                       reason="needs LibreOffice (soffice) and pdftotext: run make test"),
]


def _convert(files: list[Path], out: Path, target: str, profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", target, "--outdir", str(out), *map(str, files)],
        capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def pdfs(example_outputs, example_report, tmp_path_factory) -> dict[str, Path]:
    """report.docx and every section document converted to PDF in one LibreOffice run."""
    out = tmp_path_factory.mktemp("pdf")
    documents = [example_outputs["docx"]] + [example_outputs[f"{s.id}-docx"]
                                             for s in example_report.sections]
    done = _convert(documents, out, "pdf", tmp_path_factory.mktemp("lo-profile"))
    assert done.returncode == 0, done.stderr
    return {d.stem: out / f"{d.stem}.pdf" for d in documents}


def _text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True, timeout=120)
    return " ".join(done.stdout.split())


def test_every_document_converts(pdfs, example_report):
    assert len(pdfs) == 1 + len(example_report.sections)
    for pdf in pdfs.values():
        assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")


def test_report_pdf_has_the_key_sentences_and_figures(pdfs, example_report):
    text = _text(pdfs["report"]).replace(" ", "")
    assert example_report.title in text
    for card in example_report.key_figures:
        assert card.value.replace(" ", "") in text
    lead = example_report.section("satisfaction").paragraphs()[0].replace(" ", "")
    assert lead[:40] in text
    for section in example_report.sections:
        assert f"{section.number}{section.heading}".replace(" ", "") in text
    # chart labels are drawn by LibreOffice from the chart part
    chart = example_report.section("satisfaction").charts()[0]
    assert chart.categories[0].replace(" ", "")[:8] in text


def test_each_section_pdf_has_its_heading_and_source(pdfs, example_report):
    for section in example_report.sections:
        text = _text(pdfs[f"{section.id}-section"]).replace(" ", "")
        assert f"{section.number}{section.heading}".replace(" ", "") in text
        assert section.source.replace(" ", "")[:20] in text


def test_tables_workbook_opens_in_calc(example_outputs, tmp_path):
    done = _convert([example_outputs["xlsx"]], tmp_path, "csv:Text - txt - csv (StarCalc):44,34,76",
                    tmp_path / "profile")
    assert done.returncode == 0, done.stderr
    first = (tmp_path / "tables.csv").read_text(encoding="utf-8", errors="replace")
    assert first.startswith("表 1")
