"""Outputs are all or nothing, one writer at a time, and never destroy inputs or entered data.

Reproducers: a rebuild replaced a filled entry.xlsx (50 questionnaires became 0);
``instrument import form.xlsx --out form.xlsx`` overwrote the XLSForm; ``audit r.md --html
r.md`` overwrote the audited report; an unwritable or full output left new files beside old
ones, with a "No space left on device" naming no path; ``kill -9`` left staging files; two
runs into one folder interleaved.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import openpyxl
import pytest

from survey._staging import Output, output_lock, publish
from survey.cli import main
from survey.errors import OutputError
from tests.conftest import ROOT

INSTRUMENT = ROOT / "instruments" / "staff.yaml"


def _fill(entry: Path, rows: int) -> None:
    book = openpyxl.load_workbook(entry)
    sheet = book.worksheets[0]
    for r in range(2, 2 + rows):
        sheet.cell(row=r, column=1, value=f"S{r:03d}")
        sheet.cell(row=r, column=2, value=1)
    book.save(entry)


def _snapshot(folder: Path) -> dict[str, bytes]:
    """The visible files (a killed run may leave its released lock file, ``.survey.lock``)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.startswith(".")}


class TestNoOverwriteWithoutForce:
    def test_build_keeps_a_filled_entry_workbook(self, tmp_path, capsys):
        out = tmp_path / "forms"
        assert main(["instrument", "build", str(INSTRUMENT), "--out", str(out), "--rows", "60"]) == 0
        _fill(out / "entry.xlsx", 50)
        before = _snapshot(out)
        assert main(["instrument", "build", str(INSTRUMENT), "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert str(out / "entry.xlsx") in err and "50 entered" in err and "--force" in err
        assert _snapshot(out) == before  # nothing replaced, not even the other five files
        assert main(["instrument", "build", str(INSTRUMENT), "--out", str(out), "--force"]) == 0
        assert _snapshot(out)["entry.xlsx"] != before["entry.xlsx"]

    def test_build_replaces_an_empty_entry_workbook(self, tmp_path):
        out = tmp_path / "forms"
        assert main(["instrument", "build", str(INSTRUMENT), "--out", str(out)]) == 0
        assert main(["instrument", "build", str(INSTRUMENT), "--out", str(out)]) == 0
        assert sorted(p.name for p in out.iterdir()) == [
            "codebook.csv", "codebook.xlsx", "entry.xlsx", "questionnaire.html",
            "template.sav", "xlsform.xlsx"]

    def test_import_onto_its_own_xlsform(self, tmp_path, capsys):
        out = tmp_path / "forms"
        assert main(["instrument", "build", str(INSTRUMENT), "--out", str(out)]) == 0
        form = out / "xlsform.xlsx"
        before = form.read_bytes()
        assert main(["instrument", "import", str(form), "--out", str(form)]) == 2
        assert str(form) in capsys.readouterr().err
        assert form.read_bytes() == before

    def test_audit_html_onto_the_audited_report(self, tmp_path, capsys):
        report = tmp_path / "r.md"
        report.write_text("发放问卷 300 份，回收 288 份，回收率 94.00%。\n", encoding="utf-8")
        before = report.read_bytes()
        assert main(["audit", str(report), "--html", str(report)]) == 2
        assert str(report) in capsys.readouterr().err
        assert report.read_bytes() == before
        assert main(["audit", str(report), "--html", str(report), "--force"]) in (0, 1)
        assert report.read_text(encoding="utf-8").lstrip().startswith("<")

    def test_run_never_replaces_a_file_it_read(self, tmp_path, example_results):
        from survey.pipeline import write_outputs

        data = tmp_path / "report.html"
        data.write_text("someone's page", encoding="utf-8")
        with pytest.raises(OutputError) as caught:
            write_outputs(example_results, tmp_path, inputs=[data])
        assert caught.value.code == "overwrites_input" and str(data) in str(caught.value)
        assert data.read_text(encoding="utf-8") == "someone's page"
        assert not (tmp_path / "results.json").exists()


def _old_set(out: Path) -> dict[str, bytes]:
    out.mkdir(parents=True, exist_ok=True)
    for name in ("results.json", "report.html", "a-section.html"):
        (out / name).write_text(f"old {name}", encoding="utf-8")
    return _snapshot(out)


def _new_set(fail_at: str | None = None, exc: OSError | None = None) -> list[Output]:
    def failing(path: Path) -> None:
        path.write_text("half", encoding="utf-8")
        raise exc or OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    return [Output(role, name, failing if name == fail_at else f"new {name}")
            for role, name in (("results", "results.json"), ("report", "report.html"),
                               ("a", "a-section.html"))]


class TestAllOrNothing:
    def test_a_full_disk_names_the_file_and_changes_nothing(self, tmp_path):
        before = _old_set(tmp_path)
        with pytest.raises(OutputError) as caught:
            publish(_new_set("a-section.html"), tmp_path)
        assert caught.value.code == "disk_full"
        assert str(tmp_path / "a-section.html") in str(caught.value)
        assert "No space left on device" in str(caught.value)
        assert _snapshot(tmp_path) == before
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(before)

    def test_a_folder_in_the_way_changes_nothing(self, tmp_path, capsys):
        before = _old_set(tmp_path)
        (tmp_path / "report.html").unlink()
        (tmp_path / "report.html").mkdir()
        with pytest.raises(OutputError) as caught:
            publish(_new_set(), tmp_path)
        assert str(tmp_path / "report.html") in str(caught.value)
        assert (tmp_path / "results.json").read_bytes() == before["results.json"]

    def test_a_failed_swap_puts_the_old_files_back(self, tmp_path, monkeypatch):
        before = _old_set(tmp_path)
        real = os.replace
        calls = []

        def flaky(src, dst):
            calls.append(dst)
            if len(calls) == 2:
                raise OSError(errno.EIO, os.strerror(errno.EIO))
            return real(src, dst)

        monkeypatch.setattr(os, "replace", flaky)
        with pytest.raises(OutputError) as caught:
            publish(_new_set(), tmp_path)
        monkeypatch.setattr(os, "replace", real)
        assert str(tmp_path / "report.html") in str(caught.value)
        assert _snapshot(tmp_path) == before

    def test_success_replaces_every_file_and_leaves_no_staging(self, tmp_path):
        _old_set(tmp_path)
        written = publish(_new_set(), tmp_path)
        assert {p.name: p.read_text(encoding="utf-8") for p in written.values()} == {
            n: f"new {n}" for n in ("results.json", "report.html", "a-section.html")}
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            "a-section.html", "report.html", "results.json"]

    def test_a_second_writer_is_refused_while_the_first_holds_the_folder(self, tmp_path):
        before = _old_set(tmp_path)
        with output_lock(tmp_path), pytest.raises(OutputError) as caught:
            publish(_new_set(), tmp_path)
        assert caught.value.code == "output_locked" and str(tmp_path) in str(caught.value)
        assert _snapshot(tmp_path) == before
        publish(_new_set(), tmp_path)  # the lock is released with the first writer

    def test_a_run_killed_while_writing_leaves_the_old_set_and_is_cleaned_next_time(
            self, tmp_path):
        before = _old_set(tmp_path)
        marker = tmp_path.parent / f"{tmp_path.name}.writing"
        script = textwrap.dedent(f"""
            import time
            from pathlib import Path
            from survey._staging import Output, publish
            def slow(path):
                path.write_text("half", encoding="utf-8")
                Path({str(marker)!r}).write_text("x")
                time.sleep(60)
            publish([Output("results", "results.json", "new"),
                     Output("report", "report.html", slow)], {str(tmp_path)!r})
        """)
        proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        try:
            deadline = time.monotonic() + 60
            while not marker.exists():
                assert proc.poll() is None and time.monotonic() < deadline
                time.sleep(0.05)
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.wait()
        assert _snapshot(tmp_path) == before
        assert any(p.name.startswith(".staging-") for p in tmp_path.iterdir())
        publish(_new_set(), tmp_path)
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            "a-section.html", "report.html", "results.json"]

    def test_write_outputs_with_a_failing_extra_writes_nothing(self, tmp_path, example_results):
        from survey.pipeline import write_outputs

        def broken(path: Path) -> None:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

        with pytest.raises(OutputError) as caught:
            write_outputs(example_results, tmp_path,
                          extra=[Output("extra", "extra.xlsx", broken)])
        assert str(tmp_path / "extra.xlsx") in str(caught.value)
        assert list(tmp_path.iterdir()) == []
