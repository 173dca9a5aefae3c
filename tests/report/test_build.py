"""The report's structure, built from the results, checked without any HTML.

Expected figures are computed here from the raw response files with pandas (never from
the toolkit's own tables), following the screening decisions the planted defects call for
(see analyses/data/generate.py)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest

from survey.report import Chart, Paragraph, Quotes, Table, build_report
from tests.conftest import ROOT
from tests.report.conftest import PHONE, SCRIPT_ANSWER

SECTION_ORDER = ["overview", "methods", "fieldwork", "profile", "reliability", "questions",
                 "satisfaction", "indicators", "data-quality"]


def _staff_valid() -> pd.DataFrame:
    raw = pd.read_excel(ROOT / "analyses/data/staff.xlsx", engine="openpyxl")
    return raw[~raw["respondent_id"].isin(["S031", "S044"])]


def _residents_valid() -> pd.DataFrame:
    raw = pd.read_csv(ROOT / "analyses/data/residents.csv", encoding="gbk")
    aside = {"R0017", "R0088", "R0203", "R0064", "R0230"}
    return raw[~raw["respondent_id"].isin(aside) & ~raw["respondent_id"].duplicated()]


def _pct(k: int, n: int) -> str:
    """k/n as a half-up percentage with two decimals, by decimal arithmetic."""
    return f"{(Decimal(k * 100) / Decimal(n)).quantize(Decimal('0.01'), ROUND_HALF_UP)}%"


def _texts(report) -> list[str]:
    return [p for s in report.sections for p in s.paragraphs()]


class TestBuildReport:
    def test_sections_follow_the_chinese_appendix_order(self, example_report):
        """调研对象与内容 … 问卷的发放和回收 … 信度与效度 … 满意度排序 … 指标 … 数据质量."""
        assert [s.id for s in example_report.sections] == SECTION_ORDER
        assert [s.heading for s in example_report.sections] == [
            "调研对象与内容", "调研方法与抽样方式", "问卷的发放和回收", "受访者基本情况",
            "信度与效度分析", "调查问卷的分析", "满意度分析与排序", "满意度指标评分",
            "附：数据质量说明"]

    def test_profile_sentence_gives_share_count_and_base(self, example_report):
        """'在 46 份有效问卷中 … 选择“10 年以上”的比例最高，为 34.78%（16 人）', from the raw file."""
        valid = _staff_valid()
        counts = valid["tenure"].value_counts()
        n, k = len(valid), int(counts[4])
        expected = (f"在 {n} 份有效问卷中，“您在本单位工作的年限”一题选择“10 年以上”的比例最高，"
                    f"为 {_pct(k, n)}（{k} 人）")
        assert any(t.startswith(expected) for t in example_report.section("profile").paragraphs())

    def test_single_choice_sentence_in_questions(self, example_report):
        """第 3 题 (trained) of the staff: the leading option with share, count and base."""
        valid = _staff_valid()
        k, n = int((valid["trained"] == 1).sum()), len(valid)
        expected = f"在 {n} 份有效问卷中，第 3 题选择“是”的比例为 {_pct(k, n)}（{k} 人）"
        paragraphs = example_report.section("questions").paragraphs()
        assert any(t.startswith(expected) for t in paragraphs)

    def test_a_skipped_questions_base_is_its_answers(self, example_report, example_results):
        """第 5 题 is asked only of those who know the project: its base is the answers to it,
        said as such, not as a second, smaller count of 有效问卷."""
        g = example_results.groups[0]
        valid = g.screening.valid
        answered = valid["aware_level"].isin([1, 2, 3])
        k, n = int((valid["aware_level"] == 2).sum()), int(answered.sum())
        assert n < len(valid)
        expected = f"在回答该题的 {n} 人中，第 5 题选择“了解一些”的比例为 {_pct(k, n)}（{k} 人）"
        paragraphs = example_report.section("questions").paragraphs()
        assert any(t.startswith(expected) for t in paragraphs)
        assert not any(f"在 {n} 份有效问卷中" in t for t in paragraphs)

    def test_provenance_is_stated_once(self, example_report, example_results):
        """n, missing-data rules, rules, conventions (in words), version and input hashes,
        once for the report; every section carries a compact source line with its n."""
        items = dict(example_report.provenance.items)
        assert list(items) == ["有效样本", "缺失值处理", "筛查规则", "统计口径", "生成工具",
                               "输入文件 SHA-256"]
        assert "项目实施区域群众 300 份" in items["有效样本"]
        assert "满意率（非常满意与满意之和），总体为各题项的算术平均" in items["统计口径"]
        assert "top_two_box" not in items["统计口径"]
        assert "列表删除" in items["缺失值处理"] and "有效回答数为基数" in items["缺失值处理"]
        assert "survey 0.1.0" in items["生成工具"]
        for f in example_results.inputs:
            assert f"{f.path} {f.sha256[:16]}" in items["输入文件 SHA-256"]
        for section in example_report.sections:
            assert section.source.startswith("数据来源：有效问卷（项目实施区域群众 300 份；单位人员 46 份）")
            assert "2026-11-21" in section.source

    def test_every_chart_carries_its_data_as_a_table(self, example_full_report):
        """Each series' printed values are in the chart's table, row by row."""
        charts = [c for s in example_full_report.sections for c in s.charts()]
        assert len(charts) >= 8
        for chart in charts:
            table = chart.table
            assert isinstance(table, Table) and table.rows
            flat = [cell for row in table.rows for cell in row]
            for series in chart.series:
                assert len(series.values) == len(chart.categories) == len(series.texts)
                for text in series.texts:
                    assert any(text in cell for cell in flat), (chart.caption, text)

    def test_likert_distribution_matches_raw_counts(self, example_report):
        """The residents' matrix table: count (share) per option, from the raw file."""
        valid = _residents_valid()
        chart = next(c for c in example_report.section("questions").charts()
                     if c.chart_type == "diverging" and "项目实施区域群众" in c.caption)
        row = chart.table.rows[4]  # sat_5, 项目信息公开与群众参与
        counts = valid["sat_5"].value_counts()
        assert row[0] == "项目信息公开与群众参与"
        cells = [int(counts.get(code, 0)) for code in (5, 4, 3, 2, 1)]
        assert row[1:6] == tuple(f"{k}（{_pct(k, 300)}）" for k in cells)
        assert row[-1] == _pct(int(counts[5] + counts[4]), 300)

    def test_diverging_chart_centres_the_neutral_answer(self, example_report):
        """非常满意/满意 positive, 一般 neutral, 不满意/非常不满意 negative."""
        chart = next(c for c in example_report.section("questions").charts()
                     if c.chart_type == "diverging")
        roles = {s.name: s.role for s in chart.series}
        assert roles == {"非常满意": "positive", "满意": "positive", "一般": "neutral",
                         "不满意": "negative", "非常不满意": "negative"}

    def test_multiple_choice_gives_both_shares(self, example_report):
        """Share of respondents and share of selections, each with its base."""
        chart = next(c for c in example_report.section("satisfaction").charts()
                     if "第 8 题" in c.caption)
        assert chart.table.columns[3:] == ("占回答人数比例", "占选择次数比例")
        note = next(t for t in example_report.section("satisfaction").paragraphs()
                    if "适用的受访者" in t)
        assert re.search(r"适用的受访者 \d+ 人，作答 \d+ 人，共选择 \d+ 次", note)

    def test_ranking_is_ordered_and_ties_share_a_rank(self, example_report, example_results):
        """The residents' ranking table runs from the highest rate down."""
        chart = next(c for c in example_report.section("satisfaction").charts()
                     if c.caption == "项目实施区域群众各题项满意率排序")
        values = list(chart.series[0].values)
        assert values == sorted(values, reverse=True)
        sat = example_results.group("residents").satisfaction
        assert values[0] == pytest.approx(sat.loc[sat["item"] != "overall", "value"].max())
        assert chart.series[0].low and chart.series[0].high

    def test_overall_sentence_matches_the_indicator(self, example_report, example_results):
        """总体满意度 in the satisfaction section equals the indicator's actual value."""
        score = {s.code: s for s in example_results.indicators}["C3-1"]
        actual = f"{score.actual * 100:.2f}%"
        assert any(t.startswith(f"项目实施区域群众的总体满意率为 {actual}")
                   for t in example_report.section("satisfaction").paragraphs())
        assert any(score.sentence in t for t in example_report.section("indicators").paragraphs())

    def test_data_quality_lists_every_set_aside_questionnaire(self, example_full_report):
        """The planted blocking defects appear with their questionnaire numbers (annex)."""
        tables = example_full_report.section("annex").tables()
        listed = {row[1] for t in tables if "剔除的问卷" in t.caption for row in t.rows}
        assert {"R0017", "R0088", "R0203", "R0064", "R0230", "R0150", "S031", "S044"} <= listed

    def test_data_quality_lists_the_first_set_aside_and_counts_the_rest(
            self, example_results, monkeypatch):
        """With more set-aside questionnaires than the annex lists, it lists the first by
        row and its note names the total and set_aside.csv (the residents' six: rows 18,
        65, 89, 202, 205, 232)."""
        from survey.report.sections import data_quality

        monkeypatch.setattr(data_quality, "MAX_SET_ASIDE", 3)
        annex = build_report(example_results, detail="full").section("annex")
        table = next(t for t in annex.tables() if t.caption == "项目实施区域群众剔除的问卷")
        assert [(row[0], row[1]) for row in table.rows] == [
            ("18", "R0017"), ("65", "R0064"), ("89", "R0088")]
        assert table.note is not None
        assert table.note.endswith("此处列出 6 份中的前 3 份，全部剔除问卷及其原因见 set_aside.csv。")
        staff = next(t for t in annex.tables() if t.caption == "单位人员剔除的问卷")
        assert len(staff.rows) == 2 and "set_aside.csv" not in (staff.note or "")

    def test_rules_table_counts_questionnaires_another_rule_found_too(
            self, example_full_report):
        """R0150 repeats an id (set aside) and also another questionnaire's answers (flag):
        of the one questionnaire with a repeated id, one is found by another rule too."""
        table = next(t for t in example_full_report.section("annex").tables()
                     if t.caption == "项目实施区域群众审核发现的问题（按规则）")
        assert table.columns[-1] == "同时被其他规则发现（份）"
        row = next(r for r in table.rows if r[0] == "问卷编号重复")
        assert row[2:] == ("1", "1", "1", "1")

    def test_ids_are_unique_and_prefixed(self, example_report):
        """Every table, chart and section id starts with the report's prefix and is unique."""
        ids = [s.anchor for s in example_report.sections]
        ids += [t.id for s in example_report.sections for t in s.tables()]
        ids += [c.id for s in example_report.sections for c in s.charts()]
        assert len(ids) == len(set(ids))
        assert all(i.startswith(example_report.id_prefix + "-") for i in ids)
        assert re.fullmatch(r"sr-[0-9a-f]{8}", example_report.id_prefix)

    def test_numbers_run_through_the_report(self, example_report):
        """表 1 … 表 n and 图 1 … 图 m in document order, across sections."""
        tables = [t.number for s in example_report.sections for t in s.tables()]
        charts = [c.number for s in example_report.sections for c in s.charts()]
        assert tables == [f"表 {i}" for i in range(1, len(tables) + 1)]
        assert charts == [f"图 {i}" for i in range(1, len(charts) + 1)]

    def test_same_results_give_equal_reports(self, example_results):
        """No clock, no randomness: two builds are equal."""
        assert build_report(example_results) == build_report(example_results)

    def test_english_report(self, example_results):
        """--lang en: English headings and sentences with count and base."""
        from dataclasses import replace

        report = build_report(replace(example_results, lang="en"))
        assert report.section("overview").heading == "Who and what was surveyed"
        assert any(re.search(r"Of \d+ valid questionnaires, [\d.]+% \(\d+ respondents\) "
                             r"answered “Yes” to Q3", t)
                   for t in report.section("questions").paragraphs())


class TestServiceSurvey:
    """Every question type, skip logic, 不了解, reverse keying and planted free text."""

    def test_open_answers_are_grouped_and_redacted(self, service_results):
        """Identical answers are counted once; a phone number never reaches the report."""
        report = build_report(service_results)
        quotes = [b for s in report.sections for b in s.blocks if isinstance(b, Quotes)]
        texts = {q.text: q.count for block in quotes for q in block.quotes}
        assert texts["希望增加助浴服务。"] == 2
        assert SCRIPT_ANSWER in texts  # kept as text here; escaped when rendered
        assert not any(PHONE in t for t in texts)
        assert any("〔个人信息已隐去〕" in t for t in texts)

    def test_rating_number_and_ranking_questions_are_reported(self, service_results):
        """第 8 题 rating, 第 10 题 ranking, 第 11 题 number each get a table."""
        report = build_report(service_results)
        captions = [t.caption for t in report.section("questions").tables()]
        for number in (8, 10, 11):
            assert f"服务对象第 {number} 题作答情况" in captions

    def test_rating_counts_are_results_figures(self, service_results):
        """第 8 题 (0–10): every point's count and share is a row of the group's frequency
        table (so results.json and tables.xlsx carry them), equal to a count of the valid
        answers, and the report's table shows the same counts with their total."""
        g = service_results.groups[0]
        answers = g.screening.valid["overall"].dropna()
        part = g.frequencies[g.frequencies["question"] == "overall"]
        assert part["code"].tolist() == list(range(11))
        assert part["count"].tolist() == [int((answers == p).sum()) for p in range(11)]
        assert set(part["base"]) == {len(answers)}
        assert part["share"].tolist() == pytest.approx(
            [int((answers == p).sum()) / len(answers) for p in range(11)], abs=1e-12)
        report = build_report(service_results)
        table = next(t for t in report.section("questions").tables()
                     if t.caption == "服务对象第 8 题作答情况")
        assert [int(r[1]) for r in table.rows[:-1]] == part["count"].tolist()
        assert table.rows[-1][1] == str(len(answers))

    def test_excluded_codes_stay_out_of_the_base(self, service_results):
        """不了解 (code 9) is counted in its own column and not in 有效回答."""
        report = build_report(service_results)
        valid = service_results.groups[0].screening.valid
        chart = next(c for c in report.section("questions").charts() if "第 6 题" in c.caption)
        assert chart.table.columns[4] == "不了解"
        first = chart.table.rows[0]
        assert first[4] == str(int((valid["svc_1"] == 9).sum()))
        assert first[5] == str(int(valid["svc_1"].isin([1, 2, 3]).sum()))

    def test_reverse_keyed_item_counts_disagreement_as_favourable(self, service_results):
        """服务人员有时敷衍了事 (reverse): its favourable share is 不同意 + 非常不同意."""
        report = build_report(service_results)
        valid = service_results.groups[0].screening.valid
        chart = next(c for c in report.section("questions").charts() if "第 7 题" in c.caption)
        row = next(r for r in chart.table.rows if r[0].startswith("服务人员有时敷衍了事"))
        assert row[0].endswith("（反向）")
        assert row[-1] == _pct(int(valid["trust_2"].isin([1, 2]).sum()), len(valid))

    def test_every_paragraph_is_plain_text(self, service_results):
        """Sentences are strings with no unformatted placeholder left in them."""
        report = build_report(service_results)
        for s in report.sections:
            for block in s.blocks:
                if isinstance(block, Paragraph):
                    assert "{" not in block.text and "}" not in block.text
                if isinstance(block, Chart):
                    assert block.table.rows

    def test_sites_get_their_own_table(self, service_spec, tmp_path):
        """Per-site fieldwork (村, 网点): issued as recorded, returned and valid as counted."""
        from survey.pipeline import run_analysis

        text = service_spec.read_text("utf-8").replace(
            "dates: 2026 年 10 月}",
            "dates: 2026 年 10 月, site_variable: gender, sites: [{code: 1, name: 东街社区, "
            "issued: 20}, {code: 2, name: 西街社区, issued: 25}]}")
        spec = service_spec.with_name("sites.yaml")
        spec.write_text(text, encoding="utf-8")
        results = run_analysis(spec, generated_at="2026-11-21")
        valid = results.groups[0].screening.valid
        east = int((valid["gender"] == 1).sum())
        table = build_report(results).section("fieldwork").tables()[1]
        assert table.caption == "服务对象各调查点问卷发放与回收情况"
        assert table.rows[0][:4] == ("东街社区", "20", str(east), str(east))
        assert table.rows[0][4] == _pct(east, 20)

    def test_personal_columns_are_reported_as_left_out(self, service_results):
        """The 联系电话 column is named as excluded; none of its numbers is printed."""
        report = build_report(service_results)
        notes = report.section("data-quality").paragraphs()
        assert any("个人信息（“联系电话”）" in t and "已排除" in t for t in notes)
        everything = repr(report)
        assert "13900000001" not in everything and PHONE not in everything
