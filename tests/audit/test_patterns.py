"""Each named pattern: what it finds (the ``num`` group) and what it must leave alone."""

from __future__ import annotations

import re

import pytest

from survey.audit import patterns as P
from survey.audit.text import normalise


def nums(pattern: re.Pattern[str], text: str) -> list[str]:
    """The ``num`` values a pattern finds in normalised text."""
    out = []
    for m in pattern.finditer(normalise(text)):
        groups = m.groupdict()
        out.append(groups.get("num") or groups.get("num2") or m.group())
    return out


class TestNumber:
    @pytest.mark.parametrize(("text", "found"), [
        ("回收 306 份", ["306"]), ("α = 0.858", ["0.858"]), ("r = -0.23", ["-0.23"]),
        ("资金 1,234.56", ["1,234.56"])])
    def test_finds_whole_numbers(self, text, found):
        """Integers, decimals, negatives and thousands separators are read whole."""
        assert re.findall(P.NUMBER, text) == found

    @pytest.mark.parametrize("text", ["3.2.1 节", "Q1 题", "v2"])
    def test_not_part_of_codes(self, text):
        """Section numbers and item codes yield no number."""
        assert re.findall(P.NUMBER, text) == []


class TestMasks:
    @pytest.mark.parametrize(("pattern", "text"), [
        (P.MASK_DOC_NUMBER, "财预〔2020〕10号"), (P.MASK_DOC_NUMBER, "国办发（2018）106号"),
        (P.MASK_ORDINAL, "第 3 章"), (P.MASK_ORDINAL, "第十二条"),
        (P.MASK_DATE, "2023 年"), (P.MASK_DATE, "2024年1月8日"), (P.MASK_DATE, "2021—2023"),
        (P.MASK_QUANTITY, "1,234.56 万元"), (P.MASK_QUANTITY, "236.5 公里"),
        (P.MASK_REFERENCE, "表 3-1"), (P.MASK_REFERENCE, "附件 2"),
        (P.MASK_CODE, "0571-86000000"), (P.MASK_CODE, "212a7fa658dd"),
        (P.MASK_INTERVAL, "84.85%–90.02%"), (P.MASK_INTERVAL, "95%置信区间")])
    def test_masks_cover_look_alikes(self, pattern, text):
        """Each mask covers its kind of look-alike number."""
        assert pattern.search(normalise(text))

    def test_section_number_at_line_start(self):
        """3.2.1 at the start of a line is a heading number."""
        assert P.MASK_SECTION.search("3.2.1 问卷设计")
        assert not P.MASK_SECTION.search("信度为 0.87")

    def test_interval_mask_leaves_comma_lists(self):
        """A list of shares separated by commas is not an interval."""
        assert not P.MASK_INTERVAL.search("11.36%,4.55%")


class TestIssued:
    @pytest.mark.parametrize(("text", "found"), [
        ("本次共发放调查问卷30份", ["30"]), ("问卷发放数量为 320 份", ["320"]),
        ("共发放受益群众问卷 400 份", ["400"]), ("| 发放问卷数量（份） | 46 |", ["46"]),
        ("發放問卷３０份", ["30"])])
    def test_finds_issued(self, text, found):
        """Issued counts in sentences, table rows, traditional and full-width text."""
        assert nums(P.ISSUED, text) == found

    def test_planned_is_marked(self):
        """计划发放 is a plan, captured in the ``plan`` group."""
        m = P.ISSUED.search("计划发放问卷 400 份")
        assert m and m.group("plan") == "计划"

    def test_leaves_leaflets(self):
        """发放宣传资料 3000 份 is not a questionnaire count."""
        assert nums(P.ISSUED, "发放宣传资料 3000 份") == []


class TestReturned:
    def test_finds_returned(self):
        """回收 306 份 and 问卷回收数量 306 份."""
        assert nums(P.RETURNED, "回收 306 份；问卷回收数量 306 份") == ["306", "306"]

    @pytest.mark.parametrize("text", ["回收有效问卷 46 份", "回收率 95.63%"])
    def test_leaves_valid_and_rates(self, text):
        """回收有效问卷 is the valid count; 回收率 a rate."""
        assert nums(P.RETURNED, text) == []


class TestValid:
    @pytest.mark.parametrize(("text", "found"), [
        ("回收有效问卷46份", ["46"]), ("其中有效问卷 300 份", ["300"]), ("有效样本量为 300", ["300"]),
        ("剔除 6 份，有效 300 份", ["300"])])
    def test_finds_valid(self, text, found):
        """Valid counts in their usual wordings."""
        assert nums(P.VALID, text) == found

    def test_leaves_valid_share(self):
        """有效问卷占 97.8% is a share, not a count."""
        assert nums(P.VALID, "有效问卷占 97.8%") == []


class TestInvalid:
    def test_finds_set_aside(self):
        """无效问卷 6 份, 剔除 14 份."""
        assert nums(P.INVALID, "无效问卷 6 份，剔除不完整问卷 14 份") == ["6", "14"]


class TestRate:
    def test_labels(self):
        """Each rate keeps its label, longest first (有效回收率 is not 回收率)."""
        found = [(m.group("label"), m.group("num")) for m in
                 P.RATE.finditer("回收率 95.63%，有效率为 98.04%，有效回收率为93.75%")]
        assert found == [("回收率", "95.63"), ("有效率", "98.04"), ("有效回收率", "93.75")]


class TestAlpha:
    @pytest.mark.parametrize(("text", "found"), [
        ("Cronbach's α 系数为 0.858", ["0.858"]), ("问卷的信度为 1.5", ["1.5"]),
        ("克朗巴哈系数为0.87", ["0.87"]), ("α系数 0.86", ["0.86"])])
    def test_finds_alpha(self, text, found):
        """α under its common names."""
        assert nums(P.ALPHA, text) == found

    @pytest.mark.parametrize("text", ["置信度 95%", "4.3 信度分析 4.4 效度分析", "信度良好（0.8 ≤ α < 0.9）"])
    def test_leaves_other_uses(self, text):
        """置信度 is confidence; a heading or a band is not a reported α."""
        assert nums(P.ALPHA, text) == []


class TestAlphaBare:
    def test_needs_equals(self):
        """α = 0.87 is a candidate; α < 0.9 is not."""
        assert nums(P.ALPHA_BARE, "α = 0.87，α < 0.9") == ["0.87"]


class TestAlphaDeleted:
    def test_captures_the_rest(self):
        """删除任一题项后的 α 系数 … keeps what follows for the range."""
        m = P.ALPHA_DELETED.search("删除任一题项后的 α 系数在 0.955–0.959 之间")
        assert m and "0.955–0.959" in m.group("rest")


class TestItemCount:
    @pytest.mark.parametrize(("text", "found"), [("共 30 个题项", ["30"]), ("三个题项", ["三"]),
                                                 ("6 道题目", ["6"])])
    def test_finds_counts(self, text, found):
        """Item counts in digits and Chinese numerals."""
        assert nums(P.ITEM_COUNT, text) == found


class TestValidity:
    def test_all_items_flag(self):
        """效度均为 0.8 says every item has that value."""
        m = P.VALIDITY.search("三个题项的效度均为 0.8")
        assert m and m.group("num") == "0.8" and m.group("all")

    def test_leaves_words(self):
        """效度良好 has no figure."""
        assert nums(P.VALIDITY, "量表具有较好的结构效度") == []


class TestLoading:
    def test_finds_loading(self):
        """因子载荷为 0.78."""
        assert nums(P.LOADING, "因子载荷为 0.78") == ["0.78"]


class TestCorrelation:
    @pytest.mark.parametrize(("text", "found"), [("相关系数为 1.12", ["1.12"]), ("r = 0.45", ["0.45"]),
                                                 ("校正的项总计相关性 0.63", ["0.63"])])
    def test_finds_correlations(self, text, found):
        """Correlations under their names."""
        assert nums(P.CORRELATION, text) == found


class TestKMO:
    def test_finds_kmo(self):
        """KMO 值为 0.856."""
        assert nums(P.KMO, "KMO 值为 0.856") == ["0.856"]


class TestBartlett:
    def test_parts(self):
        """χ², df and p from the rest of the sentence."""
        m = P.BARTLETT.search("Bartlett 球形检验近似卡方值为 907.94，自由度为 28，显著性 p < 0.001")
        rest = m.group("rest")
        assert nums(P.CHI2, rest) == ["907.94"] and nums(P.DF, rest) == ["28"]
        assert P.P_VALUE.search(rest).group("op") == "<"


class TestPercent:
    def test_finds_shares(self):
        """Every percentage in a list."""
        assert nums(P.PERCENT, "11.36%、4.55%、13.64% 和 70.45%") == ["11.36", "4.55", "13.64", "70.45"]


class TestCount:
    def test_finds_counts(self):
        """31 人, 12 票."""
        assert nums(P.COUNT, "31 人，12 票") == ["31", "12"]


class TestBases:
    @pytest.mark.parametrize(("pattern", "text", "found"), [
        (P.N_AMONG, "在 46 份有效问卷中", ["46"]), (P.N_AMONG, "在 331 户使用集中供水的受访者中", ["331"]),
        (P.N_EQUALS, "（n = 372）", ["372"]), (P.N_LABELLED, "作答人数 16", ["16"]),
        (P.N_RESPONDED, "共 46 人作答", ["46"])])
    def test_finds_bases(self, pattern, text, found):
        """A base n in its usual wordings."""
        assert nums(pattern, text) == found

    def test_population_with_thousands_is_no_base(self):
        """N = 31,600 (a population) is never read as a base of 31."""
        assert nums(P.N_EQUALS, "N = 31,600") == [] and nums(P.N_AMONG, "在 1,200 份问卷中") == []

    def test_subset_sentence(self):
        """知晓项目的受访者 is a subgroup."""
        assert P.SUBSET.search("对知晓项目的受访者") and not P.SUBSET.search("受访者中，男性占")


class TestSatisfaction:
    def test_rates_and_scores(self):
        """满意度为 87.67% is a rate; 满意度得分 86.5 分 a score."""
        found = [(m.group("num"), m.group("unit")) for m in
                 P.SATISFACTION.finditer("满意度为 87.67%，满意度得分 86.5 分")]
        assert found == [("87.67", "%"), ("86.5", "分")]

    def test_the_highest_and_the_lowest(self):
        """满意度最高为 40.73%: the highest of several groups' rates is one of them."""
        assert nums(P.SATISFACTION, "事业单位的满意度最高为40.73%，个体满意度34.07%") == ["40.73", "34.07"]

    @pytest.mark.parametrize("text", ["满意度指标", "不满意率 3%", "满意度目标值 ≥90%"])
    def test_leaves_targets_and_names(self, text):
        """Names, targets and 不满意率 are not satisfaction figures."""
        assert nums(P.SATISFACTION, text) == []


class TestSatisfactionDefinition:
    @pytest.mark.parametrize("text", ["满意率 =（非常满意人数 + 满意人数）÷ 有效回答数",
                                      "满意度按李克特五级量表赋分"])
    def test_finds_definitions(self, text):
        """A definition or a weighting scheme."""
        assert P.SATISFACTION_DEFINITION.search(normalise(text))


class TestCues:
    def test_multiple_choice(self):
        """可多选 marks a multiple-choice question; 选择次数 says the base."""
        assert P.MULTIPLE_CHOICE.search("（可多选）") and P.OVER_SELECTIONS.search("占选择次数比例")

    def test_uniform_answers(self):
        """所有受访者对各题项均选择“非常满意”."""
        m = P.UNIFORM_ANSWERS.search("所有受访者对各题项均选择“非常满意”")
        assert m and m.group("option") == "非常满意"

    def test_subject(self):
        """Populations are named."""
        assert P.SUBJECT.findall("受益群众和单位人员") == ["受益群众", "单位人员"]

    def test_thresholds(self):
        """以上 after, 大于 before."""
        assert P.THRESHOLD_AFTER.match(" 以上") and P.THRESHOLD_BEFORE.search("大于 ")


class TestSampleSize:
    @pytest.mark.parametrize(("pattern", "text", "found"), [
        (P.CONFIDENCE, "在 95% 的置信水平下", ["95"]), (P.CONFIDENCE, "置信度为 90%", ["90"]),
        (P.SIGNIFICANCE, "显著性水平 α = 0.05", ["0.05"]),
        (P.Z_VALUE, "Z = 1.2816", ["1.2816"]), (P.Z_VALUE, "Zα/2=1.96", ["1.96"]),
        (P.MARGIN, "允许误差 5%", ["5"]), (P.MARGIN, "e = 0.05", ["0.05"]),
        (P.PROPORTION, "P 取 0.5", ["0.5"]), (P.VARIANCE, "p(1-p) 取 0.25", ["0.25"]),
        (P.SD, "标准差 σ = 0.5", ["0.5"]), (P.POPULATION, "总体规模 N = 3,200", ["3,200"]),
        (P.SAMPLE_SIZE, "样本量 n = 384.16", ["384.16"]), (P.SAMPLE_FINAL, "向上取整为 385 户", ["385"])])
    def test_parameters(self, pattern, text, found):
        """Each parameter of n = z²σ²/e² in its usual wording."""
        assert nums(pattern, text) == found

    def test_context(self):
        """A paragraph about the formula is recognised; one about a CI is not."""
        assert P.SAMPLE_CONTEXT.search("样本量按公式计算")
        assert not P.SAMPLE_CONTEXT.search("95%置信区间 84.85%–90.02%")


class TestIndicatorParts:
    def test_fields(self):
        """Weight, target, actual, score and a stated formula."""
        text = "分值 5 分，目标值 ≥90%，实际完成值 87.67%，按比例得 4.87 分（5 × 87.67% ÷ 90%）"
        assert nums(P.WEIGHT, text) == ["5"]
        t = P.TARGET.search(text)
        assert (t.group("cmp"), t.group("num"), t.group("pct")) == ("≥", "90", "%")
        assert nums(P.ACTUAL, text) == ["87.67"] and nums(P.SCORE, text) == ["4.87"]
        assert P.FORMULA.search(text).group("w", "a", "t") == ("5", "87.67", "90")

    def test_score_not_weight_words(self):
        """分值 is not a score; 获得 is not 得."""
        assert nums(P.SCORE, "分值 5 分") == []

    @pytest.mark.parametrize(("pattern", "text"), [
        (P.RULE_FULL, "达到目标值得满分"), (P.RULE_PROPORTIONAL, "未达到目标值按比例扣分"),
        (P.RULE_DIRECT, "得分 = 分值 × 满意度"), (P.RULE_ZERO, "未达到不得分"),
        (P.RULE_PER_POINT, "每低于 1 个百分点扣 0.5 分")])
    def test_rules(self, pattern, text):
        """Each scoring rule in its usual wording."""
        assert pattern.search(normalise(text))


class TestLists:
    def test_respectively_and_values(self):
        """分别为 starts a list of values."""
        assert P.RESPECTIVELY.search("分别为")
        assert P.VALUE_LIST.match("0.85、0.82 和 0.88").group() == "0.85、0.82 和 0.88"


class TestEnglishCues:
    def test_base_among_respondents(self):
        """Of the 16 respondents answering; 在 46 份有效问卷中 still read."""
        assert nums(P.N_AMONG, "Of the 16 respondents answering, 31.25% chose it") == ["16"]
        assert nums(P.N_AMONG, "在 46 份有效问卷中") == ["46"]
        assert nums(P.N_AMONG, "16 respondents answered") == []

    def test_multiple_choice_and_selections(self):
        assert P.MULTIPLE_CHOICE.search("Main reasons (tick all that apply)")
        assert P.MULTIPLE_CHOICE.search("Q8 (multiple choice)")
        assert P.OVER_SELECTIONS.search("shares of selections out of 18")
        assert not P.MULTIPLE_CHOICE.search("single choice")

