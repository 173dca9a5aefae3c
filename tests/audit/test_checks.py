"""Every check on report excerpts (written for these tests), each with a negative control."""

from __future__ import annotations

from survey.audit.run import audit_text


def found(text: str, lang: str = "zh-CN"):
    return audit_text(text, kind="md", lang=lang).findings  # type: ignore[arg-type]


def codes(text: str) -> list[tuple[str, str]]:
    return [(f.code, f.severity.value) for f in found(text)]


def only(text: str, code: str):
    hits = [f for f in found(text) if f.code == code]
    assert hits, f"no {code} in {codes(text)}"
    return hits[0]


class TestCheckFieldworkOrder:
    def test_returned_more_than_issued(self):
        """发放 50 份、回收 52 份 cannot be."""
        f = only("本次调查向项目区农户发放问卷 50 份，回收 52 份，有效问卷 48 份。", "returned_exceeds_issued")
        assert f.severity.value == "error" and "52" in f.message and "50" in f.message and f.line == 1

    def test_valid_more_than_issued_without_returned(self):
        """The issue's example: 发放 30 份，回收有效问卷 46 份."""
        f = only("本次共发放调查问卷30份，回收有效问卷46份。", "returned_exceeds_issued")
        assert "46" in f.message and "30" in f.message

    def test_valid_more_than_returned(self):
        """有效 310 > 回收 306."""
        assert codes("共发放问卷 320 份，回收 306 份，其中有效问卷 310 份。") == [
            ("valid_exceeds_returned", "error")]

    def test_across_paragraphs_for_one_population(self):
        """The method section's 30 issued against the results' 46 valid."""
        text = "一、调查方法\n\n本次发放问卷 30 份。\n\n二、调查结果\n\n经审核，有效问卷 46 份。"
        assert ("returned_exceeds_issued", "error") in codes(text)

    def test_two_populations_not_compared(self):
        """Residents' 300 valid are not compared with staff's 50 issued."""
        text = "居民问卷发放 320 份，回收 306 份。单位人员问卷发放 50 份，回收 48 份。\n\n居民有效问卷 300 份。"
        assert codes(text) == []

    def test_channels_are_parts_of_the_whole(self):
        """线上 200 and 线下 120 issued, 共回收 300: the whole is not compared with a part."""
        assert codes("本次调查线上发放问卷 200 份，线下发放问卷 120 份，共回收 300 份。") == []

    def test_parts_compared_among_themselves(self):
        """线上发放 200 份，回收 210 份: within one channel the order still holds."""
        assert codes("线上发放问卷 200 份，回收 210 份。") == [("returned_exceeds_issued", "error")]

    def test_consistent_counts(self):
        """320 ≥ 306 ≥ 300: nothing to say."""
        assert codes("本次发放问卷 320 份，回收 306 份，有效问卷 300 份。") == []


class TestCheckFieldworkRates:
    def test_rate_not_the_ratio(self):
        """306/320 = 95.625%, not 96.25%; the message shows the division."""
        f = only("共发放问卷 320 份，回收 306 份，回收率为 96.25%。", "rate_mismatch")
        assert "306 ÷ 320 = 95.625%" in f.message and "96.25%" in f.message

    def test_half_up_tie_is_fine(self):
        """95.625% printed 95.63% (half-up) and 95.62% (half-even) both stand."""
        assert codes("共发放问卷 320 份，回收 306 份，回收率为 95.63%。") == []
        assert codes("共发放问卷 320 份，回收 306 份，回收率为 95.62%。") == []

    def test_valid_rate_over_issued_is_a_warning(self):
        """有效率 computed as valid/issued (300/320 = 93.75%) is true under that reading: a
        warning that shows both bases, never an error."""
        text = "发放问卷 320 份，回收 306 份，有效问卷 300 份，有效率 93.75%。"
        assert codes(text) == [("rate_over_issued", "warning")]
        f = only(text, "rate_over_issued")
        assert "300 ÷ 320 = 93.75%" in f.message and "300 ÷ 306 = 98.03922%" in f.message
        assert "98.04%" in f.message

    def test_valid_rate_over_returned_says_nothing(self):
        """300/306 = 98.04%: the usual base, no warning."""
        assert codes("发放问卷 320 份，回收 306 份，有效问卷 300 份，有效率 98.04%。") == []

    def test_rate_in_another_paragraph(self):
        """A rate stated apart from its counts is checked against the document's counts."""
        text = "本次发放问卷 200 份，回收 180 份。\n\n问卷回收率为 95.00%。"
        assert ("rate_mismatch", "error") in codes(text)

    def test_return_rate_from_valid_when_no_returned(self):
        """回收率 of valid/issued when no returned count is given: 28/30 = 93.33%."""
        assert codes("发放问卷 30 份，回收有效问卷 28 份，回收率 93.33%。") == []


class TestCheckFigureContradictions:
    def test_key_table_against_appendix(self):
        """The key-information table says 46 issued, the appendix 30."""
        text = ("| 项目 | 内容 |\n| --- | --- |\n| 发放问卷数量 | 46 份 |\n\n"
                "附件 3 问卷调查说明\n\n本次共发放问卷 30 份，全部收回。")
        f = only(text, "figure_contradiction")
        assert "46" in f.message and "30" in f.message and f.line == 7

    def test_different_populations_differ(self):
        """Different counts for different populations are not a contradiction."""
        assert codes("群众问卷发放 320 份。单位人员问卷发放 50 份。") == []

    def test_waves_are_not_contradictions(self):
        """第一轮 100 份 and 第二轮 120 份 are two waves, not one figure stated twice."""
        assert codes("第一轮发放问卷 100 份，回收 96 份。\n\n第二轮发放问卷 120 份，回收 118 份。") == []

    def test_site_rows_are_not_contradictions(self):
        """A table by village (no population named) lists parts, agreeing with the text's total."""
        text = ("| 调查地点 | 发放数量（份） | 回收数量（份） | 有效数量（份） |\n| --- | --- | --- | --- |\n"
                "| 石门村 | 60 | 58 | 57 |\n| 下坪村 | 70 | 69 | 66 |\n| 合计 | 130 | 127 | 123 |\n\n"
                "本次共发放问卷 130 份，回收 127 份，有效问卷 123 份。")
        assert codes(text) == []

    def test_returned_minus_set_aside(self):
        """306 returned − 6 set aside = 300, not 298."""
        f = only("回收问卷 306 份，剔除无效问卷 6 份，有效问卷 298 份。", "figure_contradiction")
        assert "306 − 6 = 300" in f.message

    def test_total_row_not_compared(self):
        """A 合计 row is not another value for either population."""
        text = ("| 调查对象 | 发放数量（份） | 回收数量（份） |\n| --- | --- | --- |\n"
                "| 居民 | 320 | 306 |\n| 单位人员 | 50 | 48 |\n| 合计 | 370 | 354 |\n\n"
                "居民问卷发放 320 份，单位人员问卷发放 50 份。")
        assert codes(text) == []


class TestCheckCoefficientRanges:
    def test_alpha_above_one(self):
        """问卷的信度为 1.5: α never exceeds 1."""
        assert codes("经检验，问卷的信度为 1.5，信度很高。") == [("reliability_out_of_range", "error")]

    def test_negative_alpha_is_a_warning(self):
        """α < 0 happens with unrecoded reverse items: a warning."""
        assert codes("量表的 Cronbach's α 系数为 -0.12。") == [("reliability_out_of_range", "warning")]

    def test_correlation_above_one(self):
        """相关系数 1.12 cannot be."""
        assert codes("第 5 题与总分的相关系数为 1.12。") == [("correlation_out_of_range", "error")]

    def test_loading_above_one_is_a_warning(self):
        """A standardised loading of 1.05 is a Heywood case."""
        assert codes("第二个因子上的因子载荷为 1.05。") == [("correlation_out_of_range", "warning")]

    def test_kmo_above_one(self):
        """KMO 1.08 cannot be."""
        assert codes("KMO 值为 1.08，适合做因子分析。") == [("kmo_out_of_range", "error")]

    def test_bartlett_df_not_triangular(self):
        """df = 17 is k(k−1)/2 for no k (6 items give 15, 7 give 21)."""
        f = only("Bartlett 球形检验卡方值为 356.2，自由度为 17，p = 0.000。", "bartlett_out_of_range")
        assert "15" in f.message and "21" in f.message

    def test_bartlett_p_above_one(self):
        """p = 1.3 is no probability."""
        assert codes("Bartlett 球形检验卡方值为 356.2，自由度为 15，p = 1.3。") == [
            ("bartlett_out_of_range", "error")]

    def test_values_in_range(self):
        """α 0.86, r 0.62, KMO 0.856, df 15, p 0.000: nothing to say."""
        assert codes("问卷的 Cronbach's α 系数为 0.86，相关系数为 0.62。KMO 值为 0.856，Bartlett 球形检验"
                     "近似卡方值为 523.4，自由度为 15，p = 0.000。") == []


class TestCheckIdenticalCoefficients:
    def test_three_equal_loadings_in_a_table(self):
        """Three loadings of 0.82 (two decimals) are an error."""
        text = "| 题项 | 因子载荷 |\n| --- | --- |\n| Q1 | 0.82 |\n| Q2 | 0.82 |\n| Q3 | 0.82 |"
        assert codes(text) == [("identical_coefficients", "error")]

    def test_all_items_said_equal(self):
        """三个题项的效度均为 0.8 (one decimal): doubtful, a warning."""
        f = only("问卷共三个题项，三个题项的效度均为 0.8。", "identical_coefficients")
        assert f.severity.value == "warning" and "3" in f.message

    def test_different_values(self):
        """0.82, 0.79, 0.85: nothing to say."""
        text = "| 题项 | 因子载荷 |\n| --- | --- |\n| Q1 | 0.82 |\n| Q2 | 0.79 |\n| Q3 | 0.85 |"
        assert codes(text) == []


class TestCheckAlphaItemDeleted:
    def test_issue_example(self):
        """α = 0.991 with 30 items, α-if-deleted 0.955–0.959: all below (k−1)α/(k−α) = 0.9907."""
        f = only("量表的克朗巴哈系数为 0.991。本量表共 30 个题项，删除任一题项后的 α 系数在 0.955–0.959 之间。",
                 "alpha_inconsistent_with_item_deleted")
        assert "0.9907" in f.message and "30" in f.message

    def test_table_all_above(self):
        """Five items, α = 0.70, every α-if-deleted above 0.6522: impossible."""
        text = ("量表共 5 个题项，Cronbach's α 系数为 0.70。\n\n"
                "| 题项 | 删除该项后的 α |\n| --- | --- |\n| A1 | 0.72 |\n| A2 | 0.74 |\n"
                "| A3 | 0.71 |\n| A4 | 0.73 |\n| A5 | 0.75 |")
        assert codes(text) == [("alpha_inconsistent_with_item_deleted", "error")]

    def test_consistent_table(self):
        """α = 0.858, six items, values 0.832–0.837 around 0.8343: fine."""
        text = ("量表共 6 个题项，Cronbach's α 系数为 0.858。\n\n"
                "| 题项 | 删除该项后的 α |\n| --- | --- |\n| A1 | 0.837 |\n| A2 | 0.832 |\n"
                "| A3 | 0.832 |\n| A4 | 0.833 |\n| A5 | 0.835 |\n| A6 | 0.835 |")
        assert codes(text) == []

    def test_partial_table_not_judged(self):
        """A table of 3 items out of a stated 10 says nothing about the bound."""
        text = ("量表共 10 个题项，Cronbach's α 系数为 0.90，部分题项统计如下。\n\n"
                "| 题项 | 删除该项后的 α |\n| --- | --- |\n| A1 | 0.95 |\n| A2 | 0.94 |\n| A3 | 0.96 |")
        assert codes(text) == []


class TestCheckReliabilityWithoutVariance:
    def test_uniform_answers_and_alpha(self):
        """Everyone chose 非常满意 on every item, yet α = 0.92."""
        f = only("所有受访者对各题项均选择“非常满意”。问卷的 Cronbach's α 系数为 0.92。",
                 "reliability_without_variance")
        assert "0.92" in f.message and "非常满意" in f.message

    def test_distribution_table_all_one_option(self):
        """An item × option table with 100% 非常满意 on every item, and an α."""
        text = ("| 题项 | 非常满意 | 满意 | 一般 | 不满意 | 非常不满意 |\n| --- | --- | --- | --- | --- | --- |\n"
                "| A1 | 100.00% | 0.00% | 0.00% | 0.00% | 0.00% |\n"
                "| A2 | 100.00% | 0.00% | 0.00% | 0.00% | 0.00% |\n\n量表的 Cronbach's α 系数为 0.88。")
        assert ("reliability_without_variance", "error") in codes(text)

    def test_everyone_satisfied_is_not_uniform(self):
        """所有受访者均表示满意 allows 满意 and 非常满意: variance may remain."""
        assert codes("所有受访者均表示满意。问卷的 Cronbach's α 系数为 0.81。") == []


class TestCheckShareCounts:
    def test_count_does_not_give_share(self):
        """80/300 = 26.67%, printed 27.00% (which is 81/300)."""
        f = only("在 300 份有效问卷中，选择“是”的比例为 27.00%（80 人）。", "rate_mismatch")
        assert "80 ÷ 300" in f.message and "26.67%" in f.message

    def test_share_no_count_gives(self):
        """26.76% is no count out of 300 at all: the stronger finding."""
        assert codes("在 300 份有效问卷中，选择“是”的比例为 26.76%（80 人）。") == [
            ("percentage_impossible_for_n", "error")]

    def test_part_after_qizhong_has_its_own_base(self):
        """After 其中 the sentence's n is not the part's base: no false alarm."""
        assert codes("在 372 份有效问卷中，男性 198 人，占 53.23%；其中 60 岁及以上的 80 人，占 40.40%。") == []

    def test_fieldwork_ratio_is_not_an_option_share(self):
        """有效问卷占回收问卷的 98.04% is a fieldwork ratio, not a share of 300."""
        assert codes("本次回收问卷 306 份，有效问卷 300 份，占回收问卷的 98.04%。") == []

    def test_rate_table_rows(self):
        """A satisfaction table row whose count and base do not give its rate."""
        text = ("| 题项 | 有效回答数 | 满意人数 | 满意率 |\n| --- | --- | --- | --- |\n"
                "| 水质 | 46 | 45 | 97.83% |\n| 水压 | 46 | 42 | 93.48% |")
        f = only(text, "rate_mismatch")
        assert f.line == 4 and "42 ÷ 46" in f.message

    def test_consistent_rows(self):
        """45/46 = 97.83%, 42/46 = 91.30%: fine."""
        text = ("| 题项 | 有效回答数 | 满意人数 | 满意率 |\n| --- | --- | --- | --- |\n"
                "| 水质 | 46 | 45 | 97.83% |\n| 水压 | 46 | 42 | 91.30% |")
        assert codes(text) == []


class TestCheckSharesForN:
    text = "在 46 份有效问卷中，选择“非常满意”“满意”“一般”“不满意”的比例分别为 11.36%、4.55%、13.64% 和 70.45%。"

    def test_each_impossible_share(self):
        """No count out of 46 gives 11.36%: 5/46 = 10.87%, 6/46 = 13.04%."""
        hits = [f for f in found(self.text) if f.code == "percentage_impossible_for_n"]
        assert len(hits) == 4
        assert "5 ÷ 46 = 10.87%" in hits[0].message and "6 ÷ 46 = 13.04%" in hits[0].message

    def test_list_fits_another_n(self):
        """The list fits 44 (and 88), not the stated 46."""
        f = only(self.text, "implied_n_differs")
        assert "44" in f.message and "46" in f.message

    def test_truncated_shares_are_possible(self):
        """2/46 truncated is 4.34%: possible, so no error."""
        assert [c for c in codes("在 46 名受访者中，4.34% 的受访者表示不满意。") if c[1] == "error"] == []

    def test_share_above_100(self):
        """A share of 104.35% is no share."""
        assert ("percentage_impossible_for_n", "error") in codes("在 46 名受访者中，选择“是”的比例为 104.35%。")

    def test_paragraph_base_not_used_for_a_subgroup(self):
        """知晓项目的受访者 are not the paragraph's 300: 32.46% (87/268) is left alone."""
        assert codes("本次有效问卷 300 份。对知晓项目的受访者，“非常了解”的占 32.46%，“了解一些”的占 51.87%。") == []

    def test_paragraph_base_used_otherwise(self):
        """Without a subgroup, the paragraph's 300 is the base: 32.46% is no count of 300."""
        assert ("percentage_impossible_for_n", "error") in codes(
            "本次有效问卷 300 份。受访者中，“非常了解”的占 32.46%，“了解一些”的占 51.87%。")

    def test_no_base_no_judgement(self):
        """Without a stated n, 11.36% is left alone."""
        assert codes("选择“非常满意”的比例为 11.36%，“满意”的比例为 70.45%。") == []


class TestCheckShareSums:
    def test_single_choice_scale_above_100(self):
        """Five satisfaction levels adding up to 104.34%."""
        f = only("在 46 名受访者中，非常满意占 60.87%，满意占 30.43%，一般占 6.52%，不满意占 4.35%，"
                 "非常不满意占 2.17%。", "shares_do_not_sum")
        assert "104.34%" in f.message

    def test_partial_list_below_100(self):
        """Four of five levels adding to 97.82%: the fifth may be 2.17%."""
        assert codes("在 46 名受访者中，非常满意占 60.87%，满意占 30.43%，一般占 4.35%，不满意占 2.17%。") == []

    def test_complete_list_below_100(self):
        """Counts adding up to n make the list complete: 98% cannot be."""
        text = "在 50 名受访者中，是 40 人，占 80.00%；否 9 人，占 18.00%；不清楚 1 人，占 0.00%。"
        assert ("shares_do_not_sum", "error") in codes(text)

    def test_rounded_sum_is_fine(self):
        """33.33% × 3 = 99.99%: within rounding."""
        text = "在 30 名受访者中，满意 10 人，占 33.33%；一般 10 人，占 33.33%；不满意 10 人，占 33.33%。"
        assert codes(text) == []

    def test_multiple_choice_over_selections(self):
        """可多选 shares adding up to 100% were computed over selections: a warning."""
        f = only("您最关注的问题（可多选）：在 200 名受访者中，选择“水质”的占 40.00%，“水压”的占 35.00%，"
                 "“收费”的占 25.00%。", "multiple_choice_over_selections")
        assert f.severity.value == "warning"

    def test_multiple_choice_over_respondents(self):
        """Over respondents the shares exceed 100%: as they should."""
        assert codes("您最关注的问题（可多选）：在 200 名受访者中，选择“水质”的占 60.00%，“水压”的占 45.00%，"
                     "“收费”的占 25.00%。") == []

    def test_disclosed_selection_base(self):
        """A table column over selections, named so, is disclosed."""
        text = ("您不满意的原因（可多选）\n\n| 选项 | 次数 | 占选择次数比例 |\n| --- | --- | --- |\n"
                "| 噪声 | 5 | 27.78% |\n| 扬尘 | 5 | 27.78% |\n| 补偿 | 8 | 44.44% |")
        assert codes(text) == []


class TestCheckRoundingConventions:
    def test_truncation_and_rounding_mixed(self):
        """4.34% needs truncation (2/46), 26.09% needs rounding (12/46): one warning names both."""
        f = only("在 46 名受访者中，4.34% 的受访者表示不满意，26.09% 的受访者表示一般。", "inconsistent_rounding")
        assert f.severity.value == "warning" and "4.34%" in f.message and "26.09%" in f.message
        assert "截尾" in f.message and "四舍五入" in f.message

    def test_one_convention(self):
        """4.35% and 26.09% both round half-up: nothing to say."""
        assert codes("在 46 名受访者中，4.35% 的受访者表示不满意，26.09% 的受访者表示一般。") == []


class TestCheckSatisfactionDefinition:
    def test_undefined_rate(self):
        """A satisfaction rate with neither definition nor n is a warning."""
        assert codes("受访群众的总体满意度为 92.5%。") == [("satisfaction_rate_undefined", "warning")]

    def test_people_a_study_took_are_its_base(self):
        """选取患者120例 (a nursing paper's methods): the warning is about the definition only,
        not a missing number of respondents."""
        for text in ("方法选取我院120例接受手术治疗的患者，分为两组。结果观察组患者满意度为98.33%。",
                     "对12079名住院患者进行调查。结果住院患者综合满意度94.10%。"):
            found = audit_text(text, lang="zh-CN").warnings
            assert [f.code for f in found] == ["satisfaction_rate_undefined"]
            assert "有效问卷" not in found[0].message, text
        found = audit_text("结果观察组患者满意度为98.33%。", lang="zh-CN").warnings
        assert "有效问卷" in found[0].message

    def test_defined_rate_with_base(self):
        """Defined and based on 300 questionnaires: nothing to say."""
        assert codes("满意度 =（非常满意 + 满意）人数 ÷ 有效问卷数。基于 300 份有效问卷，群众满意度为 92.33%。") == []


class TestCheckIndicatorScores:
    def test_full_marks_rule_not_applied(self):
        """Met under 达到目标值得满分, yet 4.95 of 5."""
        f = only("满意度指标分值 5 分，目标值 ≥95%，实际完成值 99%，达到目标值得满分，得 4.95 分。",
                 "indicator_score_mismatch")
        assert "4.95" in f.message and "5" in f.message

    def test_proportional_reading(self):
        """5 × 87.67% ÷ 90% = 4.87: fine."""
        assert codes("群众满意度指标分值 5 分，目标值 ≥90%，实际完成值 87.67%，未达到目标值按比例扣分，得 4.87 分。") == []

    def test_shortfall_reading(self):
        """5 × (1 − (90% − 87.67%)) = 4.88, the other reading of 按比例扣分: fine."""
        assert codes("群众满意度指标分值 5 分，目标值 ≥90%，实际完成值 87.67%，未达到目标值按比例扣分，得 4.88 分。") == []

    def test_no_rule_fits_no_reading(self):
        """4.20 follows from 5, 95% and 90% under no common rule; the message lists them."""
        f = only("满意度指标分值 5 分，目标值 ≥95%，实际完成值 90%，得 4.20 分。", "indicator_score_mismatch")
        assert "5 × 90% ÷ 95% = 4.74" in f.message and "4.20" in f.message

    def test_direct_reading_without_rule(self):
        """Without a stated rule, 5 × 99% = 4.95 is a reading in use."""
        assert codes("满意度指标分值 5 分，目标值 ≥95%，实际完成值 99%，得 4.95 分。") == []

    def test_score_above_weight(self):
        """6 points out of 5 under any rule is impossible."""
        text = ("| 指标 | 分值 | 目标值 | 实际值 | 得分 |\n| --- | --- | --- | --- | --- |\n"
                "| 群众满意度 | 5 | ≥90% | 96% | 6 |")
        assert codes(text) == [("indicator_score_mismatch", "error")]

    def test_judgement_deduction_left_alone(self):
        """A deduction with a reason is the evaluator's judgement."""
        text = ("| 指标 | 分值 | 目标值 | 实际值 | 得分 | 扣分原因 |\n| --- | --- | --- | --- | --- | --- |\n"
                "| 资金到位率 | 5 | 100% | 100% | 4 | 部分资金拨付滞后，扣 1 分 |")
        assert codes(text) == []

    def test_count_indicator_without_rule_left_alone(self):
        """投诉 2 次 against ≤0 次, scored 3 of 5: a rule of its own, not judged."""
        text = ("| 指标 | 分值 | 目标值 | 实际值 | 得分 |\n| --- | --- | --- | --- | --- |\n"
                "| 有效投诉次数 | 5 | ≤0 | 2 | 3 |")
        assert codes(text) == []

    def test_at_most_target(self):
        """漏损率 ≤12%, actual 13.5%: 5 × 12 ÷ 13.5 = 4.44."""
        text = ("| 指标 | 分值 | 目标值 | 实际值 | 得分 | 评分标准 |\n| --- | --- | --- | --- | --- | --- |\n"
                "| 管网漏损率 | 5 | ≤12% | 13.5% | 4.44 | 达到目标值得满分，未达到按比例扣分 |\n"
                "| 水质合格率 | 5 | ≥95% | 93% | 4.00 | 达到目标值得满分，未达到按比例扣分 |")
        f = only(text, "indicator_score_mismatch")
        assert f.line == 4

    def test_per_point_rule(self):
        """每低于 1 个百分点扣 0.5 分: 95% − 92% → 5 − 1.5 = 3.5."""
        assert codes("满意度指标分值 5 分，目标值 ≥95%，实际完成值 92%，每低于 1 个百分点扣 0.5 分，得 3.5 分。") == []
        assert ("indicator_score_mismatch", "error") in codes(
            "满意度指标分值 5 分，目标值 ≥95%，实际完成值 92%，每低于 1 个百分点扣 0.5 分，得 4.5 分。")


class TestCheckSampleSize:
    def test_one_sided_z(self):
        """90% 置信水平, Z = 1.2816: the one-sided value; two-sided is 1.645."""
        f = only("在 90% 置信水平下，Z = 1.2816，允许误差 5%，p 取 0.5，样本量 n = 164.25，取 165 份。",
                 "sample_size_formula")
        assert "1.645" in f.message and "1.2816" in f.message and "单侧" in f.message

    def test_z_of_another_level(self):
        """1.96 with 90% belongs to 95%."""
        f = only("在 90% 的置信水平下，Z 取 1.96，允许误差 5%，p 取 0.5，样本量为 385 份。", "sample_size_formula")
        assert "95" in f.message

    def test_correct_formula(self):
        """95%, 1.96, 5%, 0.5: 384.16, rounded up to 385."""
        assert codes("在 95% 置信水平下，Z 取 1.96，允许误差 5%，p 取 0.5，计算得 n = 384.16，取 385 份。") == []

    def test_not_rounded_up(self):
        """384.16 taken as 384: a warning."""
        f = only("在 95% 置信水平下，Z 取 1.96，允许误差 5%，p 取 0.5，计算得 n = 384.16，取 384 份。",
                 "sample_size_formula")
        assert f.severity.value == "warning" and "385" in f.message

    def test_result_does_not_follow(self):
        """1.96² × 0.25 ÷ 0.05² is 384.16, not 288.12."""
        f = only("在 95% 置信水平下，Z 取 1.96，允许误差 5%，p 取 0.5，计算得 n = 288.12。", "sample_size_formula")
        assert "384.16" in f.message

    def test_variance_and_sd_confused(self):
        """p(1−p) taken as 0.5, the square root of 0.25."""
        f = only("在 95% 置信水平下，Z 取 1.96，允许误差 5%，p 取 0.5，方差 p(1-p) 取 0.5，样本量为 769 份。",
                 "sample_size_formula")
        assert "0.25" in f.message and "标准差" in f.message

    def test_sd_used_as_variance_for_a_mean(self):
        """For a mean, σ = 2 put in as σ²: 1.96² × 2 ÷ 0.5² = 30.73 instead of 61.47."""
        text = "在 95% 置信水平下，Z 取 1.96，总体标准差 σ 取 2，允许误差 e 取 0.5，计算得样本量 n = 30.73。"
        f = only(text, "sample_size_formula")
        assert "61.47" in f.message and "30.73" in f.message

    def test_yamane_formula(self):
        """n = N/(1 + Ne²) = 2000/(1 + 2000 × 0.08²) = 144.93 is a formula in use."""
        assert codes("项目区共有农户 N = 2000 户，在 95% 置信水平下，Z 取 1.96，允许误差 8%，P 取 0.5，"
                     "按 n = N/(1+Ne²) 计算得 n = 144.93，取 145 户。") == []

    def test_enlarged_for_non_response(self):
        """384.16 ÷ 0.9 = 426.84 with 无效问卷 given as the reason: fine."""
        assert codes("在 95% 置信水平下，Z 取 1.96，允许误差 5%，p 取 0.5，得 n0 = 384.16；考虑到约 10% 的"
                     "无效问卷，n = 384.16 ÷ 0.9 = 426.84，最终发放 430 份。") == []

    def test_enlarged_without_reason(self):
        """426.84 with no reason given does not follow from the formula."""
        assert codes("在 95% 置信水平下，Z 取 1.96，允许误差 5%，p 取 0.5，计算得 n = 426.84。") == [
            ("sample_size_formula", "error")]

    def test_finite_population_correction(self):
        """N = 31,600: 379.56, rounded up to 380."""
        text = ("在 95% 的置信水平下 Z 取 1.96，允许误差 E 取 5%，P 取 0.5，计算得 n0 = 384.16。"
                "总户数 N = 31,600 户，经有限总体校正得 n = 379.56，向上取整为 380 户。")
        assert codes(text) == []


class TestLanguages:
    def test_english_messages(self):
        """--lang en explains in English with the same arithmetic."""
        f = found("共发放问卷 320 份，回收 306 份，回收率为 96.25%。", lang="en")[0]
        assert f.message.startswith("return rate 96.25% is not the ratio of its counts")
        assert "306 ÷ 320 = 95.625%" in f.message
