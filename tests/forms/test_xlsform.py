"""The XLSForm: sheets, skip logic in XPath, and pyxform converting it without errors."""

from __future__ import annotations

import re

import openpyxl
import pytest
from pyxform.xls2xform import convert

from survey.forms.xlsform import EN, ZH, condition_to_xpath, xlsform_sheets


def _rows(path, sheet: str) -> list[dict]:
    ws = openpyxl.load_workbook(path)[sheet]
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


class TestConditionToXpath:
    @pytest.mark.parametrize(("expression", "xpath"), [
        ("aware == 1", "${aware} = 1"),
        ("any(sat_1..sat_3 <= 2)", "(${sat_1} <= 2 or ${sat_2} <= 2 or ${sat_3} <= 2)"),
        ("village != 2", "(${village} != 2 and ${village} != '')"),
        ("reasons_3 == 1", "selected(${reasons}, '3')"),
        ("reasons_3 == 0", "(${reasons} != '' and not(selected(${reasons}, '3')))"),
        ("village in [1, 3] and not aware == 2",
         "((${village} = 1 or ${village} = 3) and not(${aware} = 2))"),
        ("count(sat_1..sat_2 >= 4) >= 2", "(number(${sat_1} >= 4) + number(${sat_2} >= 4)) >= 2"),
        ("answered(suggestion)", "(${suggestion} != '')"),
    ])
    def test_translations(self, instruments, expression, xpath):
        """Each construct of the expression language has its XPath 1.0 form."""
        assert condition_to_xpath(expression, instruments["residents"]) == xpath


class TestXlsformSheets:
    def test_survey_rows(self, built):
        """Types, names, labels, required, relevant and constraints of the service form."""
        rows = {r["name"]: r for r in _rows(built["service"] / "xlsform.xlsx", "survey")
                if r["type"] not in ("end_group",)}
        assert rows["respondent_id"]["calculation"] == "once(uuid())"
        assert rows["gender"]["type"] == "select_one gender" and rows["gender"]["required"] == "yes"
        assert rows["services"]["type"] == "select_multiple services"
        assert rows["reasons"]["constraint"] == "count-selected(.) <= 3"
        assert rows["reasons"]["relevant"].startswith("(${svc_1} = 1 or ${svc_2} = 1")
        assert rows["reasons_6_text"]["relevant"].endswith("and selected(${reasons}, '6'))")
        assert rows["q_svc"]["type"] == "begin_group" and rows["q_svc"]["appearance"] == "table-list"
        assert rows["svc_1"]["type"] == "select_one sat3_dk"
        assert rows["overall"]["appearance"] == "likert"
        assert rows["age"]["type"] == "integer" and rows["age"]["constraint"] == ". >= 60 and . <= 110"
        assert rows["priorities_1"]["constraint"].startswith(". >= 1 and . <= 3 and . != ${priorities_2}")
        assert rows["gender"][f"label::{ZH}"] == "您的性别" and rows["gender"][f"label::{EN}"] == "Your sex"

    def test_choices_are_codes(self, built):
        """Choice names are the codes; scales carry satisfied and excluded marks."""
        rows = [r for r in _rows(built["service"] / "xlsform.xlsx", "choices") if r["list_name"] == "sat3_dk"]
        assert [(r["name"], r[f"label::{ZH}"], r["survey_satisfied"], r["survey_excluded"]) for r in rows] == [
            ("3", "满意", "yes", None), ("2", "基本满意", "yes", None), ("1", "不满意", None, None),
            ("9", "不了解", None, "yes")]

    def test_settings(self, built):
        """Title, form id, version and the Chinese default language."""
        (settings,) = _rows(built["service"] / "xlsform.xlsx", "settings")
        assert (settings["form_id"], settings["version"], settings["default_language"]) == (
            "service", "2026-10", "Chinese (zh)")

    def test_every_list_is_defined_once(self, instruments):
        """A scale used by several questions is one list."""
        sheets = xlsform_sheets(instruments["residents"])
        lists = [r["list_name"] for r in sheets["choices"]]
        assert lists.count("yesno") == 2 and lists.count("sat5") == 5


class TestPyxform:
    @pytest.mark.parametrize("name", ["residents", "staff", "service"])
    def test_converts_without_errors_or_warnings(self, built, name):
        """pyxform turns each XLSForm into an XForm, with no warnings."""
        warnings: list[str] = []
        result = convert(str(built[name] / "xlsform.xlsx"), warnings=warnings, validate=False)
        assert warnings == []
        assert '<translation lang="Chinese (zh)" default="true()">' in result.xform
        assert '<translation lang="English (en)">' in result.xform

    def test_binds_carry_logic(self, built):
        """Relevant, required and constraints reach the XForm binds."""
        xform = convert(str(built["residents"] / "xlsform.xlsx"), validate=False).xform
        bind = re.search(r'<bind nodeset="/data/s2/aware_level"[^>]*>', xform).group(0)
        assert 'relevant=" /data/s2/aware  = 1"' in bind and 'required="true()"' in bind
        reasons = re.search(r'<bind nodeset="/data/s3/reasons"[^>]*>', xform).group(0)
        assert "/data/s3/q_sat/sat_6  &lt;= 2" in reasons
