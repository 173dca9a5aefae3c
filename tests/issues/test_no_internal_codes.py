"""Internal codes reached the Chinese text: "统计口径 top_two_box/mean_of_items", "条件：aware
== 1", "第 7 题 sat_2：6 不是本题的选项代码", rule names such as duplicate_answers in the
Chinese CLI, item columns in the reliability caveats; and validate, reliability and
sample-size spoke English whatever the spec or locale. Every report string and every CLI
message is in words, in one language chosen the same way by every command."""

from __future__ import annotations

import re

import pytest

from survey.cli import main
from survey.cli.language import resolve_language
from survey.instrument import load_instrument
from survey.instrument.variables import variable_place
from survey.report import build_report, render_page
from tests.conftest import EXAMPLE_SPEC, ROOT

#: A variable or option name (sat_2, top_two_box), or a condition written as code.
CODE = re.compile(r"[A-Za-z]+_[A-Za-z0-9_]+|==|!=")
RESIDENTS = ROOT / "instruments" / "residents.yaml"
RESIDENTS_CSV = ROOT / "analyses" / "data" / "residents.csv"


def _visible(html: str) -> str:
    return re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", html, flags=re.S)


class TestReportText:
    @pytest.mark.parametrize("detail", ["appendix", "full"])
    def test_example_report_has_no_codes(self, example_results, detail):
        """The page's visible text, appendix and full, holds no code."""
        text = _visible(render_page(build_report(example_results, detail=detail)))
        assert CODE.findall(text) == []

    def test_service_report_has_no_codes(self, service_results):
        """The service survey (three reverse-keyed suspects named by the reliability stage)."""
        text = _visible(render_page(build_report(service_results, detail="full")))
        assert CODE.findall(text) == []
        assert "“服务人员的态度”" in text

    def test_skip_condition_in_words(self, example_results):
        """第 5 题 is asked when 第 4 题 is 是."""
        notes = build_report(example_results).section("questions").paragraphs()
        assert any("（条件：第 4 题选择“是”）" in t for t in notes)

    def test_finding_placed_by_question_and_sub_item(self, example_results):
        """R0017's out-of-scale 6 at sat_2 reads 第 7 题第 2 小题."""
        annex = build_report(example_results, detail="full").section("annex")
        rows = [r for t in annex.tables() if "剔除的问卷" in t.caption for r in t.rows]
        (row,) = [r for r in rows if r[1] == "R0017"]
        assert row[3] == "第 7 题第 2 小题：6 不是本题的选项代码（可用代码：1–5）"


class TestVariablePlace:
    def test_places(self):
        """Question, matrix item, multiple-choice option, and an unknown name as it is."""
        inst = load_instrument(RESIDENTS)
        assert variable_place(inst, "aware") == "第 4 题"
        assert variable_place(inst, "sat_2") == "第 7 题第 2 小题"
        assert variable_place(inst, "sat_2", "en") == "question 7, item 2"
        assert variable_place(inst, "reasons_2").startswith("第 8 题“")
        assert variable_place(inst, "nope") == "nope"


class TestLanguage:
    @pytest.mark.parametrize(("given", "spec", "env", "expected"), [
        ("en", "zh-CN", {"SURVEY_LANG": "zh-CN", "LANG": "zh_CN.UTF-8"}, "en"),
        (None, "zh-CN", {"SURVEY_LANG": "en"}, "zh-CN"),
        (None, None, {"SURVEY_LANG": "zh", "LANG": "en_US.UTF-8"}, "zh-CN"),
        (None, None, {"LANG": "zh_CN.UTF-8"}, "zh-CN"),
        (None, None, {"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh-CN"),
        (None, None, {"LANG": "C.UTF-8"}, "en"),
        (None, None, {}, "en"),
    ])
    def test_order(self, given, spec, env, expected):
        """--lang > spec > SURVEY_LANG > locale > English; C.UTF-8 is English."""
        assert resolve_language(given, spec, env) == expected

    def test_validate_speaks_chinese_in_a_chinese_locale(self, monkeypatch, capsys):
        """LANG=zh_CN.UTF-8: rule names and places in Chinese, no rule code, no column."""
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
        code = main(["validate", "--instrument", str(RESIDENTS), "--responses",
                     str(RESIDENTS_CSV), "--show", "200"])
        out = capsys.readouterr().out
        assert code == 1
        assert "  第 18 行（问卷编号 R0017）：答案超出选项范围，第 7 题第 2 小题：6 不是本题的选项代码" in out
        assert "答案与另一份问卷完全相同" in out
        assert CODE.findall(out.replace(str(RESIDENTS_CSV), "")) == []

    def test_sample_size_speaks_the_locale(self, monkeypatch, capsys):
        """sample-size under SURVEY_LANG=zh-CN prints its sentences in Chinese."""
        monkeypatch.setenv("SURVEY_LANG", "zh-CN")
        assert main(["sample-size", "--population", "10000"]) == 0
        assert "需要的有效问卷数（±5.00%，95% 置信水平" in capsys.readouterr().out

    def test_reliability_speaks_the_locale(self, monkeypatch, capsys):
        """reliability under LANG=zh_CN.UTF-8: the summary is in Chinese."""
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
        main(["reliability", str(RESIDENTS_CSV), "--items", "sat_1,sat_2,sat_3,sat_4,sat_5,sat_6"])
        assert "个题项" in capsys.readouterr().out

    def test_run_speaks_the_spec(self, tmp_path, capsys):
        """run prints in the spec's language (zh-CN) on an English machine."""
        main(["run", str(EXAMPLE_SPEC), "--out", str(tmp_path), "--generated-at", "2026-11-21"])
        assert "单位人员：回收 48 份，有效 46 份，剔除 2 份" in capsys.readouterr().out


class TestAuditTable:
    def test_every_finding_code_has_a_title_in_both_languages(self):
        """Each check's code (as make_finding is called in survey/audit) has words."""
        from survey.locale import text

        source = "\n".join(p.read_text("utf-8") for p in (ROOT / "survey" / "audit").rglob("*.py"))
        codes = set(re.findall(r'make_finding\(\s*document,\s*"([a-z_]+)"', source))
        assert len(codes) >= 15
        for lang in ("zh-CN", "en"):
            for code in codes:
                assert text(lang, f"audit_title_{code}")

    def test_chinese_table_has_no_codes(self, capsys):
        """survey audit in Chinese: the finding column in words."""
        main(["audit", str(ROOT / "tests" / "audit" / "data" / "planted_report.md"),
              "--lang", "zh-CN"])
        heads = [line for line in capsys.readouterr().out.splitlines()
                 if re.match(r"\s*\d+\s+(错误|提醒)\s", line)]  # one per finding
        assert len(heads) == 10 and "样本量公式有误" in heads[0]
        assert not [h for h in heads if re.search(r"[a-z]+_[a-z_]+", h)]
