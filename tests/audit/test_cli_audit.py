"""``survey audit``: exit codes, outputs, user errors."""

from __future__ import annotations

import json

import pytest

from survey.cli import main


@pytest.fixture
def bad_report(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text("本次共发放调查问卷30份，回收有效问卷46份。", encoding="utf-8")
    return path


@pytest.fixture
def clean_report(tmp_path):
    path = tmp_path / "clean.md"
    path.write_text("本次共发放调查问卷30份，回收有效问卷28份，回收率 93.33%。", encoding="utf-8")
    return path


class TestAuditCommand:
    def test_error_finding_exits_1(self, bad_report, capsys):
        """An error-severity finding: exit 1, the table on stdout."""
        assert main(["audit", str(bad_report), "--lang", "zh-CN"]) == 1
        out = capsys.readouterr().out
        assert "回收多于发放" in out and "returned_exceeds_issued" not in out

    def test_clean_exits_0(self, clean_report, capsys):
        """No error: exit 0."""
        assert main(["audit", str(clean_report)]) == 0

    def test_warnings_only_exit_0(self, tmp_path, capsys):
        """Warnings alone do not fail the audit."""
        path = tmp_path / "w.md"
        path.write_text("受访群众的总体满意度为 92.5%。", encoding="utf-8")
        assert main(["audit", str(path)]) == 0
        assert "satisfaction rate undefined" in capsys.readouterr().out  # the C locale: English

    def test_json(self, bad_report, capsys):
        """--json prints findings and claims."""
        assert main(["audit", str(bad_report), "--json"]) == 1
        data = json.loads(capsys.readouterr().out)
        assert data["findings"][0]["code"] == "returned_exceeds_issued"
        assert [c["kind"] for c in data["claims"]] == ["issued", "valid"]

    def test_html_and_english(self, bad_report, tmp_path, capsys):
        """--html writes the annotated page; --lang en explains in English."""
        out = tmp_path / "audit.html"
        assert main(["audit", str(bad_report), "--html", str(out), "--lang", "en"]) == 1
        assert "valid questionnaires" in capsys.readouterr().out
        assert '<mark class="error"' in out.read_text(encoding="utf-8")

    def test_missing_file_exits_2(self, tmp_path, capsys):
        """A missing report: exit 2, one located line, no traceback."""
        assert main(["audit", str(tmp_path / "nope.md")]) == 2
        err = capsys.readouterr().err
        assert "nope.md" in err and "not found" in err and "Traceback" not in err

    def test_unsupported_format_exits_2(self, tmp_path, capsys):
        """A PDF: exit 2 with a hint."""
        path = tmp_path / "r.pdf"
        path.write_bytes(b"%PDF")
        assert main(["audit", str(path)]) == 2
        assert "pdftotext" in capsys.readouterr().err

    def test_html_into_missing_folder_exits_2(self, bad_report, tmp_path, capsys):
        """An --html path in a folder that does not exist is a user error."""
        assert main(["audit", str(bad_report), "--html", str(tmp_path / "no" / "a.html")]) == 2
        assert "Traceback" not in capsys.readouterr().err

    def test_bad_language_exits_2(self, bad_report):
        """--lang fr is refused by the parser."""
        with pytest.raises(SystemExit) as info:
            main(["audit", str(bad_report), "--lang", "fr"])
        assert info.value.code == 2
