"""survey draft: response files → instrument and analysis spec that check and run unedited."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import survey
from survey.cli import main
from survey.draft import draft
from survey.draft.scales import match_scale
from tests.conftest import ROOT

WJX = ROOT.parent / "shared" / "data" / "wjx"
TEXT, CODES = WJX / "wjx_800_800_0.xls", WJX / "wjx_800_800_2.xls"
needs_wjx = pytest.mark.skipif(not TEXT.exists(), reason="shared 问卷星 downloads not present")

SAT = ["非常满意", "满意", "一般", "不满意", "非常不满意"]


def _synthetic(n: int = 60, seed: int = 7) -> pd.DataFrame:
    """Label answers as an Excel/CSV export writes them: a 题干—子题 matrix on the five-level
    scale with 不了解, a yes/no, a ┋-joined multiple choice, a number and open text."""
    rng = np.random.default_rng(seed)
    sat = SAT[:4] + ["不了解"]  # nobody chose 非常不满意
    return pd.DataFrame({
        "序号": range(1, n + 1),
        "1、性别": rng.choice(["男", "女"], n),
        "2、是否参加过培训": rng.choice(["是", "否"], n),
        "3、请评价以下方面—道路质量": rng.choice(sat, n),
        "3、请评价以下方面—环境卫生": rng.choice(sat, n),
        "3、请评价以下方面—服务态度": rng.choice(sat, n),
        "4、您获取信息的渠道": rng.choice(["电视┋网络", "网络", "广播┋电视┋网络"], n),
        "5、您的年龄": rng.integers(18, 80, n),
        "6、您的建议": [f"建议{i}：多修几条路" for i in range(n)],
    })


def _run(spec: Path, out: Path) -> None:
    assert main(["run", str(spec), "--out", str(out), "--generated-at", "2026-12-01"]) == 0
    assert (out / "report.html").is_file() and (out / "results.json").is_file()


class TestScales:
    def test_recognises_the_listed_variants(self):
        assert match_scale(["很满意", "比较满意", "基本满意", "不太满意", "很不满意"]).name == \
            "sat5_basic"
        assert match_scale(["满意", "基本满意", "不满意"]).builtin == "sat3"
        assert match_scale(["非常满意", "比较满意", "不太满意"]).name == "sat4"
        assert match_scale(["非常同意", "同意"]).kind == "agreement"
        assert match_scale(["是", "否"]).builtin == "yesno"

    def test_cannot_judge_answers_are_excluded(self):
        m = match_scale(["满意", "说不清", "基本满意", "不满意"])
        assert m.excluded == (9,) and (9, "说不清") in m.options and m.builtin is None

    def test_scale_order_never_frequency(self):
        m = match_scale(["一般", "一般", "非常满意", "满意"])
        assert [label for _, label in m.options] == SAT


@needs_wjx
class TestWjx:
    @pytest.mark.parametrize("path", [TEXT, CODES])
    def test_each_download_drafts_checks_and_runs(self, tmp_path, path, capsys):
        assert main(["draft", str(path), "--out", str(tmp_path / "d")]) == 0
        instrument = tmp_path / "d" / f"{path.stem}.yaml"
        assert main(["instrument", "check", str(instrument)]) == 0
        _run(tmp_path / "d" / "analysis.yaml", tmp_path / "report")
        text = instrument.read_text(encoding="utf-8")
        assert "'来自IP': ip" in text  # metadata listed as left out, never a question
        html = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
        assert "手机价格" in html

    def test_the_code_download_alone_drafts_option_codes_not_ratings(self, tmp_path, capsys):
        """Alone, the code download's 3、性别 (1 or 2) and 4、年龄 (2–9) are option codes: a
        single choice each, its options named by their codes, and no mean is reported
        (a mean of gender codes means nothing); each is listed to have its texts written."""
        assert main(["draft", str(CODES), "--out", str(tmp_path / "d"), "--lang", "zh-CN"]) == 0
        printed = capsys.readouterr().out
        assert "列“3、性别”：整数 1–2 没有选项文字：按单选题处理" in printed
        instrument = survey.load_instrument(tmp_path / "d" / "wjx_800_800_2.yaml")
        gender = instrument.question("q3")
        assert gender.type == "single"
        assert [(o.code, o.label) for o in gender.options] == [
            (1, "选项 1"), (2, "选项 2")]
        age = instrument.question("q4")
        assert [o.code for o in age.options] == list(range(1, 10))
        assert not any(q.type == "rating" for s in instrument.sections for q in s.questions)
        _run(tmp_path / "d" / "analysis.yaml", tmp_path / "report")
        html = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
        assert "平均分" not in html and "选项 1" in html

    def test_the_two_downloads_pair_with_equal_codes(self, tmp_path):
        result = draft([TEXT, CODES], tmp_path)
        a = survey.read_responses(TEXT, survey.load_instrument(tmp_path / "wjx_800_800_0.yaml"))
        b = survey.read_responses(CODES, survey.load_instrument(tmp_path / "wjx_800_800_2.yaml"))
        coded = [c for c in b.columns if c.startswith("q") and not c.endswith("_text")]
        assert len(coded) == 30
        pd.testing.assert_frame_equal(a[coded], b[coded])
        # price: the code download's numbering (0-799元 = 1 … 免费赠送的 = 9, 其他 = 10)
        assert a["q2"].value_counts()[9.0] == 5 and a["q2"].value_counts()[1.0] == 15
        # age option 1 was chosen by nobody: listed to check
        assert any("option 1 was chosen by nobody" in u.what
                   for u in result.undecided["wjx_800_800_0"])
        # …and said in Chinese to a Chinese run, naming the column as the file heads it
        assert "列“4、年龄”：选项 1 无人选择，无法得知其文字：请补写" in [
            u.describe("zh-CN") for u in result.undecided["wjx_800_800_0"]]
        spec = (tmp_path / "analysis.yaml").read_text(encoding="utf-8")
        assert spec.count("  - id: ") == 1  # one survey, one group

    def test_profile_questions_are_drafted_as_the_profile_section(self, tmp_path):
        """性别, 年龄 and 月收入 (questions 3–5) become a ``role: profile`` section between the
        questions around them, so the first report has its 受访者基本情况; 爱好投入占收入比重
        (a share of income) stays a question. Numbers and order do not change."""
        draft([TEXT, CODES], tmp_path)
        instrument = survey.load_instrument(tmp_path / "wjx_800_800_2.yaml")
        parts = [(s.title, s.role, [q.id for q in s.questions]) for s in instrument.sections]
        assert parts == [("调查内容", None, ["q1", "q2"]),
                         ("基本情况", "profile", ["q3", "q4", "q5"]),
                         ("调查内容（续）", None, ["q6", "q7", "q8"])]
        _run(tmp_path / "analysis.yaml", tmp_path / "report")
        data = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
        assert "受访者基本情况" in data and "问卷中没有基本情况题" not in data

    def test_the_title_in_a_newer_download_name_is_the_title(self, tmp_path):
        named = tmp_path / "258873041_按序号_手机消费情况调查_800_800.xls"
        named.write_bytes(CODES.read_bytes())
        draft([named], tmp_path / "d")
        path = tmp_path / "d" / "s_258873041_800_800.yaml"
        instrument = survey.load_instrument(path)
        assert instrument.title == "手机消费情况调查"
        spec = (tmp_path / "d" / "analysis.yaml").read_text(encoding="utf-8")
        assert 'title: "手机消费情况调查报告"\n' in spec

    def test_never_overwrites_without_force(self, tmp_path, capsys):
        assert main(["draft", str(TEXT), "--out", str(tmp_path)]) == 0
        target = tmp_path / "wjx_800_800_0.yaml"
        target.write_text("edited by hand\n", encoding="utf-8")
        assert main(["draft", str(TEXT), "--out", str(tmp_path)]) == 2
        assert "--force" in capsys.readouterr().err
        assert target.read_text(encoding="utf-8") == "edited by hand\n"
        assert main(["draft", str(TEXT), "--out", str(tmp_path), "--force"]) == 0
        assert target.read_text(encoding="utf-8") != "edited by hand\n"


class TestSynthetic:
    @pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
    def test_label_answers(self, tmp_path, suffix, capsys):
        frame = _synthetic()
        data = tmp_path / f"answers{suffix}"
        if suffix == ".csv":
            frame.to_csv(data, index=False, encoding="gb18030")
        else:
            frame.to_excel(data, index=False)
        assert main(["draft", str(data), "--out", str(tmp_path / "d")]) == 0
        printed = capsys.readouterr().out
        assert "非常不满意" in printed  # the option nobody chose is listed to check
        text = (tmp_path / "d" / "answers.yaml").read_text(encoding="utf-8")
        assert "scale: sat5_dk" in text and "type: likert_matrix" in text
        assert "scale: yesno" in text and "type: multiple" in text
        assert "type: number" in text and "type: open" in text
        assert text.index("# To check") < text.index("id: answers")
        instrument = survey.load_instrument(tmp_path / "d" / "answers.yaml")
        matrix = next(q for q in instrument.questions() if q.type == "likert_matrix")
        assert [i.text for i in matrix.items] == ["道路质量", "环境卫生", "服务态度"]
        _run(tmp_path / "d" / "analysis.yaml", tmp_path / "report")
        # the top-two-box rate of the first item, computed by hand from the labels
        answers = frame["3、请评价以下方面—道路质量"]
        judged = answers[answers != "不了解"]
        expected = judged.isin(["非常满意", "满意"]).mean()
        results = survey.run_analysis(tmp_path / "d" / "analysis.yaml", generated_at="2026-12-01")
        table = survey.satisfaction_table(results.groups[0].screening.valid, instrument)
        row = table.set_index("item").loc["q3_1"]
        assert row["value"] == pytest.approx(expected)
        assert row["n"] == len(judged)

    def test_sav_value_labels_keep_the_files_codes(self, tmp_path):
        pyreadstat = pytest.importorskip("pyreadstat")
        rng = np.random.default_rng(3)
        frame = pd.DataFrame({"id": np.arange(1.0, 41), "sat_a": rng.integers(1, 6, 40) * 1.0,
                              "sat_b": rng.integers(1, 6, 40) * 1.0,
                              "region": rng.integers(1, 4, 40) * 1.0})
        reversed_sat = {1.0: "非常满意", 2.0: "满意", 3.0: "一般", 4.0: "不满意", 5.0: "非常不满意"}
        path = tmp_path / "coded.sav"
        pyreadstat.write_sav(frame, path, column_labels=["编号", "对道路是否满意", "对卫生是否满意",
                                                         "所在片区"],
                             variable_value_labels={"sat_a": reversed_sat, "sat_b": reversed_sat,
                                                    "region": {1.0: "东区", 2.0: "西区",
                                                               3.0: "北区"}})
        draft([path], tmp_path / "d")
        instrument = survey.load_instrument(tmp_path / "d" / "coded.yaml")
        sat = next(q for q in instrument.questions() if q.type == "likert_matrix")
        assert [(i.id, i.text) for i in sat.items] == [("sat_a", "对道路是否满意"),
                                                       ("sat_b", "对卫生是否满意")]
        scale = instrument.scales[sat.scale]
        assert scale.label_of(1) == "非常满意" and scale.satisfied == (1, 2)
        region = next(q for q in instrument.questions() if q.text == "所在片区")
        assert [(o.code, o.label) for o in region.options] == [(1, "东区"), (2, "西区"), (3, "北区")]
        _run(tmp_path / "d" / "analysis.yaml", tmp_path / "report")


def test_drafts_name_their_schema_and_validate_against_it(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    import json

    import yaml

    frame = _synthetic()
    frame.to_csv(tmp_path / "answers.csv", index=False)
    draft([tmp_path / "answers.csv"], tmp_path / "d")
    for name, schema in (("answers.yaml", "instrument"), ("analysis.yaml", "analysis")):
        text = (tmp_path / "d" / name).read_text(encoding="utf-8")
        first = text.splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        target = (tmp_path / "d" / first.split("=", 1)[1]).resolve()
        assert target == ROOT / "docs" / "schema" / f"{schema}.schema.json"
        jsonschema.validate(yaml.safe_load(text), json.loads(target.read_text(encoding="utf-8")))


def test_spss_template_of_an_instrument_drafts_back_to_it(tmp_path):
    """Round trip: `instrument build` writes template.sav (value and variable labels, no
    rows); its draft has the same variables, labels, options, scales and satisfaction items."""
    from survey.instrument.variables import variables

    assert main(["instrument", "build", str(ROOT / "instruments" / "staff.yaml"),
                 "--out", str(tmp_path / "forms")]) == 0
    draft([tmp_path / "forms" / "template.sav"], tmp_path / "d")
    original = survey.load_instrument(ROOT / "instruments" / "staff.yaml")
    drafted = survey.load_instrument(tmp_path / "d" / "template.yaml")

    def table(instrument):
        return {v.name: (v.kind, v.label, tuple((o.code, o.label) for o in v.options),
                         v.satisfied, v.excluded, v.satisfaction)
                for v in variables(instrument)}

    assert table(drafted) == table(original)
    matrix = next(q for q in drafted.questions() if q.type == "likert_matrix")
    assert matrix.scale == "sat5" and [i.id for i in matrix.items] == ["sat_1", "sat_2", "sat_3"]


def test_bundled_example_files_draft_the_same_satisfaction_items(tmp_path):
    """The example's coded files (no labels): columns named for satisfaction with codes in
    1–5 are read on sat5 and grouped into one matrix, as in residents.yaml and staff.yaml;
    the planted out-of-scale codes are listed to check and screened by the run."""
    from survey.instrument.variables import variables

    data = ROOT / "analyses" / "data"
    result = draft([data / "residents.csv", data / "staff.xlsx"], tmp_path)
    for name in ("residents", "staff"):
        original = survey.load_instrument(ROOT / "instruments" / f"{name}.yaml")
        drafted = survey.load_instrument(tmp_path / f"{name}.yaml")
        wanted = {(v.name, v.scale, v.satisfied) for v in variables(original) if v.satisfaction}
        got = {(v.name, v.scale, v.satisfied) for v in variables(drafted) if v.satisfaction}
        assert got == wanted
    assert any("1 answer(s) outside 1–5" in u.what for u in result.undecided["residents"])
    _run(tmp_path / "analysis.yaml", tmp_path / "report")


def test_tencent_csv_with_split_multiple_choice(tmp_path):
    """腾讯问卷: metadata 开始/结束答题时间 and 答题时长 left out, 'N.题干:选项' 0/1 columns
    become one multiple choice named by its stem, mapped by the drafted column map."""
    rng = np.random.default_rng(1)
    n = 50
    frame = pd.DataFrame({
        "编号": range(1, n + 1), "开始答题时间": "2026-10-01 10:00:00",
        "结束答题时间": "2026-10-01 10:05:00", "答题时长": "300秒",
        "1.您的性别": rng.choice(["男", "女"], n),
        "2.您对服务是否满意": rng.choice(["非常满意", "比较满意", "一般", "不太满意", "非常不满意"], n),
        "3.信息渠道:电视": rng.choice([0, 1], n), "3.信息渠道:网络": rng.choice([0, 1], n),
    })
    frame.to_csv(tmp_path / "tencent.csv", index=False, encoding="utf-8-sig")
    result = draft([tmp_path / "tencent.csv"], tmp_path / "d")
    instrument = survey.load_instrument(tmp_path / "d" / "tencent.yaml")
    multiple = next(q for q in instrument.questions() if q.type == "multiple")
    assert multiple.text == "信息渠道" and [o.label for o in multiple.options] == ["电视", "网络"]
    assert result.tables["tencent"].platform == "tencent"
    assert {c for c, _ in result.tables["tencent"].metadata} >= {"开始答题时间", "答题时长"}
    _run(tmp_path / "d" / "analysis.yaml", tmp_path / "report")
    answers = survey.read_responses(tmp_path / "tencent.csv", instrument,
                                    column_map=tmp_path / "d" / "tencent.columns.yaml")
    assert answers["q3_1"].sum() == frame["3.信息渠道:电视"].sum()


class TestRunOnExports:
    """``survey run EXPORT --out DIR``: from a download to the report in one command."""

    def _export(self, tmp_path) -> Path:
        path = tmp_path / "export.csv"
        _synthetic().to_csv(path, index=False, encoding="utf-8-sig")
        return path

    def test_drafts_then_reports_then_reuses_edited_definitions(self, tmp_path, capsys):
        export, out = self._export(tmp_path), tmp_path / "out"
        assert main(["run", str(export), "--out", str(out), "--generated-at", "2026-12-01"]) == 0
        printed = capsys.readouterr().out
        assert "已将问卷定义起草到" in printed and (out / "report.docx").is_file()
        spec = out / "definitions" / "analysis.yaml"
        assert 'title: "问卷调查报告"' in spec.read_text(encoding="utf-8")
        # the evaluator edits the drafted title; the next run keeps the edit
        spec.write_text(spec.read_text(encoding="utf-8").replace(
            'title: "问卷调查报告"', 'title: "道路养护项目满意度调查报告"'), encoding="utf-8")
        assert main(["run", str(export), "--out", str(out), "--generated-at", "2026-12-01"]) == 0
        assert "使用" in capsys.readouterr().out
        html = (out / "report.html").read_text(encoding="utf-8")
        assert "道路养护项目满意度调查报告" in html
        assert main(["run", str(export), "--out", str(out), "--redraft",
                     "--generated-at", "2026-12-01"]) == 0
        assert 'title: "问卷调查报告"' in spec.read_text(encoding="utf-8")

    def test_a_spec_and_exports_together_is_refused(self, tmp_path, capsys):
        export = self._export(tmp_path)
        assert main(["run", str(ROOT / "analyses/example.yaml"), str(export),
                     "--out", str(tmp_path / "o")]) == 2
        assert "one .yaml spec or response files" in capsys.readouterr().err


def test_unlabelled_whole_numbers_named_as_a_rating_stay_a_rating(tmp_path):
    """评分 and 推荐程度 name points on a scale: their whole numbers are a rating; 学历 (the
    same numbers) is a single choice of codes, 0 included where it was answered."""
    rng = np.random.default_rng(3)
    n = 50
    path = tmp_path / "ratings.csv"
    pd.DataFrame({"编号": range(1, n + 1),
                  "1.请为服务打分（1-10）": rng.integers(1, 11, n),
                  "2.向朋友推荐的可能性": rng.integers(0, 11, n),
                  "3.学历": rng.integers(0, 5, n)}).to_csv(path, index=False)
    result = draft([path], tmp_path / "d")
    kinds = {q.text: (q.type, [code for code, _, _ in q.options])
             for table in result.tables.values() for q in table.questions}
    assert kinds["请为服务打分(1-10)"] == ("rating", [])
    assert kinds["向朋友推荐的可能性"] == ("rating", [])
    assert kinds["学历"] == ("single", [0, 1, 2, 3, 4])


def test_what_to_check_is_printed_in_the_run_language(tmp_path, capsys):
    """A drafted run reports in Chinese, so what it could not decide is said in Chinese too:
    no English sentence among the lines to check (the column names are the file's own)."""
    path = tmp_path / "export.csv"
    path.write_text("编号,满意度\n1,5\n2,4\n3,9\n4,5\n" + "".join(
        f"{i},{1 + i % 5}\n" for i in range(5, 80)), encoding="utf-8")
    main(["draft", str(path), "--out", str(tmp_path / "zh"), "--lang", "zh-CN"])
    lines = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("  - ")]
    assert lines == ["  - 列“满意度”：代码 1–5 没有选项文字，因列名含“满意”，按五级满意度量表 sat5"
                     "（5 = 非常满意）处理；1–5 以外的 1 个作答将在审核中标出"]
    main(["draft", str(path), "--out", str(tmp_path / "en"), "--lang", "en"])
    lines = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("  - ")]
    assert lines == ["  - column '满意度': codes 1–5 without labels, read as the five-level "
                     "satisfaction scale sat5 (5 = 非常满意) because the name says satisfaction; "
                     "1 answer(s) outside 1–5 will be screened"]


def test_a_hand_made_table_runs_to_a_titled_report_with_one_convention(tmp_path, capsys):
    """An evaluator's own table (序号, a profile question, five-level items written as labels,
    one offering 不了解) named after its survey: the report takes the file name's title, and
    the convention is said once, naming 不了解 as left out of the base, not once per scale."""
    rng = np.random.default_rng(11)
    levels = ["非常满意", "满意", "一般", "不满意", "非常不满意"]
    n = 90
    frame = pd.DataFrame({
        "序号": range(1, n + 1),
        "性别": rng.choice(["男", "女"], n),
        "1.您对补贴发放及时性的满意程度": rng.choice(levels, n),
        "2.您对补贴标准的满意程度": rng.choice(levels, n),
        "3.您对政策宣传的满意程度": rng.choice([*levels, "不了解"], n),
    })
    path = tmp_path / "2024年惠民补贴项目满意度调查数据(1).csv"
    frame.to_csv(path, index=False, encoding="utf-8")
    assert main(["run", str(path), "--out", str(tmp_path / "out"),
                 "--generated-at", "2026-11-21"]) == 0
    capsys.readouterr()
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "<h1>2024年惠民补贴项目满意度调查报告</h1>" in html.replace("\n", "")
    lead = re.search(r"统计口径：([^<]*)", html)
    assert lead is not None
    assert lead.group(1).count("满意率 =") == 1
    assert "满意率 =（非常满意 + 满意）人数 ÷ 该题有效回答数；“不了解”不计入分母" in lead.group(1)
    # no indicator was set: no section saying so (the drafted spec shows how to set one)
    assert "满意度指标评分" not in html and "indicators:" in (
        tmp_path / "out" / "definitions" / "analysis.yaml").read_text(encoding="utf-8")
    # α is computed on the questionnaires that answered every item (不了解 leaves some out):
    # the report says so rather than calling them 有效问卷, a second, smaller valid count
    # that its own audit reads as a contradiction of the 90 valid questionnaires
    from survey.audit import audit_file

    assert "份各题项均有回答的问卷" in html
    for name in ("report.html", "report.docx"):
        audit = audit_file(tmp_path / "out" / name)
        assert [(f.code, f.line) for f in audit.errors] == []


def test_a_table_without_ids_runs_with_questionnaires_numbered_by_row(tmp_path, capsys):
    """No column has a different value in every row (no 序号): the draft says ``ids: row``
    and lists it to check, and the run goes through to the report, whose data-quality
    section says how questionnaires are numbered."""
    rng = np.random.default_rng(5)
    levels = ["非常满意", "满意", "一般", "不满意", "非常不满意"]
    n = 60
    path = tmp_path / "村道改造满意度调查.csv"
    pd.DataFrame({"性别": rng.choice(["男", "女"], n),
                  "1.您对道路硬化的满意程度": rng.choice(levels, n),
                  "2.您对路灯安装的满意程度": rng.choice(levels, n)}).to_csv(path, index=False)
    assert main(["run", str(path), "--out", str(tmp_path / "out"),
                 "--generated-at", "2026-11-21"]) == 0
    printed = capsys.readouterr().out
    assert "数据文件：没有能标识问卷的列" in printed and "回收 60 份" in printed
    drafted = (tmp_path / "out" / "definitions" / "survey.yaml").read_text(encoding="utf-8")
    assert "\nids: row" in drafted
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "数据文件没有问卷编号，每份问卷以其在文件中的行号为编号（表头为第 1 行）。" in html


def test_a_table_of_unknown_origin_claims_no_fieldwork_mode(tmp_path, capsys):
    """An Excel or CSV table does not say how its questionnaires were collected: the draft
    leaves the mode out (with how to state it) and the report names none, where a 问卷星
    download is an online survey."""
    rng = np.random.default_rng(2)
    path = tmp_path / "道路养护满意度调查.csv"
    pd.DataFrame({"编号": range(1, 41),
                  "1.您对道路养护的满意程度": rng.choice(["满意", "一般", "不满意"], 40)}
                 ).to_csv(path, index=False)
    assert main(["run", str(path), "--out", str(tmp_path / "out"),
                 "--generated-at", "2026-11-21"]) == 0
    capsys.readouterr()
    spec = (tmp_path / "out" / "definitions" / "analysis.yaml").read_text(encoding="utf-8")
    assert "    fieldwork: {}   #" in spec and "mode: paper, issued: N" in spec
    methods = (tmp_path / "out" / "methods-section.html").read_text(encoding="utf-8")
    # no mode column in the methods table, no mode in its sentence
    assert "纸质问卷" not in methods and "在线问卷" not in methods
    assert ">调查方式<" not in methods and "受访者采用" not in methods
