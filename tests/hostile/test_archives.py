"""Zip bombs (.xlsx, XLSForm, .docx) are refused from their declared sizes, before reading."""

from __future__ import annotations

import zipfile

import pytest

from survey import _archive
from survey._archive import check_archive
from survey.errors import ResponseFileError
from tests.conftest import ROOT
from tests.hostile.conftest import refused, survey
from tests.hostile.inputs import docx_bomb, xlsform_bomb, xlsx_bomb


class TestCommands:
    def test_response_workbook(self, tmp_path):
        """A 37 MB .xlsx holding 8 GB took 8.7 GB and 37 s."""
        refused(survey("inspect", str(xlsx_bomb(tmp_path))), "bomb.xlsx", "zip bomb",
                "workbook", "67 MB")

    def test_validate_with_a_bomb_workbook(self, tmp_path):
        refused(survey("validate", "--instrument", str(ROOT / "instruments/service.yaml"),
                       "--responses", str(xlsx_bomb(tmp_path))), "bomb.xlsx", "zip bomb")

    def test_xlsform(self, tmp_path):
        refused(survey("instrument", "import", str(xlsform_bomb(tmp_path)), "--out",
                       str(tmp_path / "form.yaml")), "form.xlsx", "zip bomb", "XLSForm")
        assert not (tmp_path / "form.yaml").exists()

    def test_word_report(self, tmp_path):
        """A 19 MB .docx holding 4 GB took 8.5 GB."""
        refused(survey("audit", str(docx_bomb(tmp_path))), "report.docx", "zip bomb",
                "Word document")


class TestCheckArchive:
    def test_total_size_alone_refuses(self, tmp_path, monkeypatch):
        monkeypatch.setattr(_archive, "MAX_UNPACKED", 10_000)
        path = tmp_path / "a.zip"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.writestr("x", bytes(20_000))  # ratio 1: only the total is too large
        with pytest.raises(ResponseFileError) as info:
            check_archive(path, ResponseFileError, "workbook")
        assert info.value.code == "zip_bomb" and info.value.file == str(path)

    def test_an_ordinary_workbook_passes(self, tmp_path):
        from openpyxl import Workbook

        book = Workbook()
        for i in range(5000):
            book.active.append([i, i % 5 + 1, "同意", 3.5])
        path = tmp_path / "ok.xlsx"
        book.save(path)
        check_archive(path, ResponseFileError, "workbook")  # no exception

    def test_a_file_that_is_no_archive_is_left_to_its_reader(self, tmp_path):
        path = tmp_path / "plain.xlsx"
        path.write_text("id,q1\n", encoding="utf-8")
        check_archive(path, ResponseFileError, "workbook")
