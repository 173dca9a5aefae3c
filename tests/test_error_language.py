"""Errors in the user's language: a Chinese lead sentence for every error code, the location
in Chinese, the English text kept as the detail."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from survey.cli import main
from survey.errors import ResponseFileError, SurveyError
from survey.locale import has_text

ROOT = Path(__file__).resolve().parents[1]


def raised_codes() -> set[str]:
    """Every error code written in the package's source, and the range checks' codes."""
    codes: set[str] = set()
    for path in (ROOT / "survey").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r'\bcode="([a-z_]+)"', source))
        codes |= set(re.findall(r'"(yaml_[a-z_]+)"', source))  # survey._yaml's fail(…, code)
    codes |= {"disk_full", "cannot_write"}  # survey._staging._error
    codes |= {f"bad_{n}" for n in ("margin", "confidence", "expected_rate", "response_rate")}
    return codes


def test_every_error_code_has_a_chinese_lead() -> None:
    codes = raised_codes()
    assert len(codes) > 90
    missing = sorted(c for c in codes if not has_text("zh-CN", f"error_{c}"))
    assert missing == []


def test_no_lead_for_a_code_nobody_raises() -> None:
    table = yaml.safe_load((ROOT / "survey/locales/zh-CN/errors.yaml").read_text("utf-8"))
    leads = {k.removeprefix("error_") for k in table if not k.startswith(("error_where_",))}
    unused = leads - raised_codes() - {"got", "detail", "survey_error"}
    assert unused == set()


def test_located_cell_error_in_chinese() -> None:
    exc = ResponseFileError("unknown answer label", code="unknown_label", file="r.csv", row=4,
                            column="village", expected="a code of village", got="13912345678")
    text = exc.describe("zh-CN")
    assert text.startswith("文件 r.csv，第 4 行，列“village”：答案文字不是该题的选项（读到的是“")
    assert "13912345678" not in text and "[已隐去]" in text  # a cell's personal data stays out
    assert text.endswith("详情：unknown answer label; expected a code of village, got '[已隐去]'.")
    assert exc.describe("en") == str(exc)


def test_unknown_code_gets_the_general_lead() -> None:
    assert SurveyError("odd", code="never_raised").describe("zh-CN") == "输入有误。详情：odd."


def _spec(tmp_path: Path, language: str) -> Path:
    spec = tmp_path / f"spec-{language}.yaml"
    spec.write_text(yaml.safe_dump({
        "report": {"language": language, "title": "t"},
        "groups": [{"id": "g", "instrument": str(ROOT / "instruments/residents.yaml"),
                    "responses": str(tmp_path / "absent.csv")}]}), encoding="utf-8")
    return spec


@pytest.mark.parametrize(("language", "lang", "expected"), [
    ("zh-CN", None, "survey run：错误：文件 "),
    ("zh-CN", "en", "survey run: error: "),
    ("en", None, "survey run: error: "),
    ("en", "zh-CN", "survey run：错误：文件 "),
])
def test_run_speaks_the_spec_language(tmp_path, capsys, language, lang, expected) -> None:
    argv = ["run", str(_spec(tmp_path, language)), "--out", str(tmp_path / "out")]
    assert main(argv + (["--lang", lang] if lang else [])) == 2
    err = capsys.readouterr().err
    assert err.startswith(expected)
    assert ("找不到该文件" in err) == expected.startswith("survey run：")


def test_other_commands_follow_survey_lang(tmp_path, capsys, monkeypatch) -> None:
    data = tmp_path / "d.csv"
    data.write_text("q1,q2\n1,2\n2,3\n", encoding="utf-8")
    monkeypatch.setenv("SURVEY_LANG", "zh-CN")
    assert main(["reliability", str(data), "--items", "q1,q9"]) == 2
    assert capsys.readouterr().err.startswith(
        f"survey reliability：错误：文件 {data}，列“q9”：找不到该列。详情：column not found.")
