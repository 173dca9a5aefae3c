"""Workbooks that would read wrongly without a word: formulas saved without their values."""

from __future__ import annotations

import zipfile

import pytest

from survey.errors import ResponseFileError
from survey.responses.formats import open_chunks
from tests.hostile.conftest import refused, survey
from tests.hostile.inputs import uncalculated_formula


def test_formula_without_cached_value_is_named(tmp_path):
    """Used to read as an empty answer."""
    refused(survey("inspect", str(uncalculated_formula(tmp_path))), "formula.xlsx",
            "cell C3 holds a formula saved without its value")


def test_formula_with_its_value_reads_the_value(tmp_path):
    path = uncalculated_formula(tmp_path)
    # What Excel writes after calculating: the cached value beside the formula.
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = members[sheet].replace(b"<f>B3+1</f><v></v>", b"<f>B3+1</f><v>3</v>")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    frame = next(open_chunks(path).chunks)
    assert frame["q2"].tolist() == [4, 3]


def test_formula_that_calculated_to_empty_text_is_empty(tmp_path):
    path = uncalculated_formula(tmp_path)
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = members[sheet].replace(b'<c r="C3"><f>B3+1</f><v></v>',
                                            b'<c r="C3" t="str"><f>B3+1</f><v></v>')
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    frame = next(open_chunks(path).chunks)
    assert frame["q2"].isna().tolist() == [False, True]


def test_library_error_carries_the_code(tmp_path):
    with pytest.raises(ResponseFileError) as info:
        open_chunks(uncalculated_formula(tmp_path))
    assert info.value.code == "uncalculated_formula"
