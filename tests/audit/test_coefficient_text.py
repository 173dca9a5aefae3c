"""Reliability and validity figures as real reports write them: what is read, what is checked.

Each test is a regression for one way real text was misread or missed: split-half and
1−α taken for Cronbach's α, SPSS's ``.880``, English SPSS labels, ranges of coefficients,
flattened KMO/Bartlett and variance tables, and the checks on them (α if deleted whatever
the number of items, Bartlett's df against the items analysed, KMO's verbal grade, variance
explained).
"""

from __future__ import annotations

import pytest

from survey.audit import audit_text


def _claims(text: str, kind: str) -> list[str]:
    return [c.text for c in audit_text(text).claims if c.kind.value == kind]


def _codes(text: str) -> list[tuple[str, str, int]]:
    return [(f.code, f.severity.value, f.line) for f in audit_text(text).findings]


class TestWhatIsAlpha:
    def test_split_half_is_not_alpha(self) -> None:
        text = "总量表的Cronbach's α系数为0.912，分半信度系数为0.846，Spearman-Brown系数为0.917。"
        assert _claims(text, "alpha") == ["0.912"]

    def test_composite_and_retest_reliability_are_not_alpha(self) -> None:
        text = "组合信度为0.884，重测信度为0.81，复本信度系数0.79；内部一致性系数为0.88。"
        assert _claims(text, "alpha") == ["0.88"]

    def test_one_minus_alpha_is_a_confidence_level(self) -> None:
        text = "问卷信度检验中，置信度取1-α=0.95，Cronbach α系数为0.874。"
        assert _claims(text, "alpha") == ["0.874"]

    def test_apostrophe_spellings(self) -> None:
        assert _claims("本问卷Cronbach'α系数为0.912。", "alpha") == ["0.912"]
        assert _claims("Cronbach’s Alpha值为0.901。", "alpha") == ["0.901"]

    def test_standardised_alpha_is_marked(self) -> None:
        audit = audit_text("Cronbach α系数为0.728，基于标准化项的Cronbach's Alpha系数为0.815。")
        flags = [(c.text, bool(c.details.get("standardized"))) for c in audit.claims
                 if c.kind.value == "alpha"]
        assert flags == [("0.728", False), ("0.815", True)]


class TestSpssPrinting:
    def test_coefficients_without_leading_zero(self) -> None:
        text = "题项\t校正的项总计相关性\t项已删除的Cronbach's Alpha\nA1\t.612\t.812\nA2\t.548\t.825\nA3\t.655\t.809\n"
        audit = audit_text(text)
        assert [c.text for c in audit.claims if c.kind.value == "alpha_if_deleted"] == [".812", ".825", ".809"]
        assert [float(c.value) for c in audit.claims if c.kind.value == "correlation"] == [0.612, 0.548, 0.655]

    def test_section_numbers_stay_unread(self) -> None:
        assert _claims("见第3.2节，回收率为95.63%。问卷共发放320份，回收306份。", "alpha") == []

    def test_flattened_bartlett_table(self) -> None:
        text = ("KMO 取样适切性量数。\t.880\n巴特利特球形度检验\t近似卡方\t238.498\n\t自由度\t28\n"
                "\t显著性\t.000\n")
        audit = audit_text(text)
        kinds = {c.kind.value: c.text for c in audit.claims}
        assert kinds["kmo"] == ".880" and kinds["bartlett_chi2"] == "238.498"
        assert kinds["bartlett_df"] == "28"

    def test_english_kmo_and_bartlett_labels(self) -> None:
        text = ("Kaiser-Meyer-Olkin Measure of Sampling Adequacy.\t1.082\n"
                "Bartlett's Test of Sphericity\tApprox. Chi-Square\t2316.457\n\tdf\t45\n")
        assert ("kmo_out_of_range", "error", 1) in _codes(text)
        assert _claims(text, "bartlett_df") == ["45"]

    def test_eigenvalue_sums_are_not_loadings(self) -> None:
        text = "因子\t旋转载荷平方和 合计\t方差的 %\t累积 %\n1\t3.482\t29.017\t29.017\n2\t2.915\t24.292\t53.309\n"
        audit = audit_text(text)
        assert _claims(text, "loading") == []
        assert list(audit.findings) == []


class TestAlphaIfDeleted:
    def test_all_above_alpha_is_impossible_whatever_k(self) -> None:
        text = "总量表的克隆巴赫α系数为0.846。Alpha if Item Deleted值介于0.861~0.874之间，各题项均应保留。"
        assert ("alpha_inconsistent_with_item_deleted", "error", 1) in _codes(text)

    def test_all_below_the_three_item_centre_is_impossible(self) -> None:
        # α printed 0.90 is at least 0.895, so (k−1)α/(k−α) ≥ 2×0.895/2.105 = 0.8504 for any k ≥ 3:
        # values up to 0.840 (0.841 truncated) cannot straddle it
        text = "量表α系数为0.90，删除任一题项后的α系数介于0.801~0.840之间。"
        assert ("alpha_inconsistent_with_item_deleted", "error", 1) in _codes(text)

    def test_all_below_alpha_is_possible(self) -> None:
        text = "总量表α系数为0.912，删除任一题项后的α系数介于0.895~0.911之间，分半信度系数为0.846。"
        assert _codes(text) == []

    def test_raw_or_standardised_alpha_may_be_meant(self) -> None:
        # 0.80–0.83 lies above raw 0.728 (impossible for it) but straddles what 0.815 allows
        text = ("Cronbach α系数为0.728，基于标准化项的α系数为0.815，"
                "删除任一题项后的α系数介于0.800~0.830之间。")
        assert _codes(text) == []


class TestBartlettItems:
    def test_df_of_other_items_is_an_error(self) -> None:
        text = "对满意度部分的12个题项进行KMO和Bartlett球形检验，近似卡方值为1534.26，自由度df=55，p<0.001。"
        assert ("bartlett_out_of_range", "error", 1) in _codes(text)

    def test_df_of_the_stated_items(self) -> None:
        text = "对8个题项进行因子分析。\n\nBartlett球形检验近似卡方值为238.498，自由度为28，p<0.001。"
        assert _codes(text) == []

    def test_a_subset_is_not_judged(self) -> None:
        text = "问卷共25个题目，其中满意度题项做因子分析，Bartlett球形检验近似卡方为1534.26，自由度df=55。"
        assert _codes(text) == []


class TestKmoGrade:
    @pytest.mark.parametrize(("text", "expected"), [
        ("KMO值为0.612，非常适合做因子分析。", [("kmo_grade_overstated", "warning", 1)]),
        ("KMO值为0.845，非常适合做因子分析。", []),
        ("KMO值为0.798，适合做因子分析（0.7 ≤ KMO < 0.8）。", []),
        ("KMO值为0.452，适合做因子分析。", [("kmo_grade_overstated", "warning", 1)]),
        ("KMO值为0.452，不适合做因子分析。", []),
        ("KMO值大于0.8，非常适合做因子分析。", []),
    ])
    def test_grade(self, text: str, expected: list[tuple[str, str, int]]) -> None:
        assert _codes(text) == expected


class TestVarianceExplained:
    def test_cumulative_list_that_falls(self) -> None:
        text = "前三个公因子的累计方差贡献率分别为38.4%、59.7%和56.2%。"
        assert _codes(text) == [("variance_explained_inconsistent", "error", 1)]

    def test_above_100(self) -> None:
        assert _codes("三个公因子的累计方差解释率为104.3%。") == [
            ("variance_explained_inconsistent", "error", 1)]

    def test_cumulative_below_the_listed_factors(self) -> None:
        text = "两个公因子的方差解释率分别为71.265%和12.858%，累计方差解释率为80.123%。"
        assert _codes(text) == [("variance_explained_inconsistent", "error", 1)]

    def test_cumulative_above_the_listed_factors(self) -> None:
        text = "前两个公因子的方差贡献率分别为32.41%和21.06%，三个公因子累计解释了64.8%的方差。"
        assert _codes(text) == []
        assert _claims(text, "variance_explained") == ["32.41", "21.06", "64.8"]

    def test_table_rows_add_up(self) -> None:
        good = ("成分\t初始特征值合计\t方差百分比\t累积 %\n1\t5.701\t71.265\t71.265\n"
                "2\t1.029\t12.858\t84.123\n3\t.504\t6.304\t90.426\n")
        assert _codes(good) == []
        bad = good.replace("90.426", "92.426")
        assert _codes(bad) == [("variance_explained_inconsistent", "error", 4)]


class TestCoefficientRanges:
    def test_citc_range_above_one(self) -> None:
        text = "各题项的校正项总计相关系数(CITC)介于0.412~1.126之间。"
        assert _claims(text, "correlation") == ["0.412", "1.126"]
        assert _codes(text) == [("correlation_out_of_range", "error", 1)]

    def test_loading_range_above_one_is_a_heywood_warning(self) -> None:
        assert _codes("各题项的标准化因子载荷在0.62~1.08之间。") == [
            ("correlation_out_of_range", "warning", 1)]

    def test_a_range_is_not_identical_coefficients(self) -> None:
        assert _codes("各题项因子载荷均在0.80~0.80之间。") == []


class TestLongParagraphs:
    def test_figures_in_one_long_sentence_cost_linear_time(self) -> None:
        """Each figure's sentence and population used to be searched from the start of its
        paragraph: 12,000 figures in one 84,000-character line took minutes (347 s at twice
        the size); now the sentence ends and population words are found once and bisected."""
        import time

        start = time.perf_counter()
        audit = audit_text("CITC介于0.1~0.2，" * 6_000)
        assert len(audit.claims) == 12_000
        assert time.perf_counter() - start < 30  # about 2 s on a quiet machine

    def test_a_sentence_reaches_400_characters_each_way(self) -> None:
        from survey.audit.context import Context
        from survey.audit.text import document_from_lines

        line = "甲" * 1_000 + "。本次发放问卷30份" + "乙" * 1_000
        context = Context(document_from_lines([line]))
        pos = line.index("30")
        assert context.sentence(pos) == (1_001, pos + 400)
