"""Shares whose base is not the survey's one count (the third real-page sweep): a sub-group
named in the paragraph, another year's figure, a change, a which-ones question, and a
satisfaction degree that is one answer's share; and a count printed with a thousands space."""

from __future__ import annotations

from survey.audit.run import audit_text

SAMPLE = "市统计局进行了电话调查，完成有效问卷1629份。"


def errors(*paragraphs: str) -> list[str]:
    return [f.code for f in audit_text([SAMPLE, "", *paragraphs]).errors]


class TestNotTheWholeSample:
    def test_a_sub_group_named_in_the_paragraph(self):
        """有学龄前儿童的家庭被访者: 77, 40 and 6 of 123 give 62.60%, 32.52% and 4.88%; no whole
        number of 1629 gives 32.52%. The next sentence goes on about the same families."""
        text = ("调查显示，有学龄前儿童的家庭被访者对公办幼儿园的满意程度达到62.60%，认为“一般”的占"
                "32.52%，仅有4.88%的被访者表示“不满意”。而对民办幼儿园，认为“一般”的占54.17%，"
                "“不满意”的占8.33%。")
        assert errors(text) == []

    def test_the_whole_sample_still_checked(self):
        """41.76 + 29.61 + 14.12 + 7.26 + 7.25 = 100: the smallest base giving them all is
        2026, and 41.76% is no whole number of 1629 (680 → 41.74%, 681 → 41.80%)."""
        text = ("调查显示：41.76%的家长认为应该塑造孩子良好的性格，29.61%的家长认为形成日常行为规范"
                "很重要，14.12%的家长认为应该学习文化知识，7.26%的家长认为应提高体能，7.25%的家长"
                "认为应学习其他技能。")
        assert "percentage_impossible_for_n" in errors(text)

    def test_another_years_figure_and_a_change(self):
        """32.57% is 2012's figure, 21.23% a change between the years."""
        text = "被访者认为入园难很普遍的占22.90%，较2012年的32.57%有显著下降，不存在入园难的比2012年高出21.23%。"
        assert errors(text) == []

    def test_a_which_ones_question(self):
        """原因有哪些: several answers each (135 and 62 of 183 give 73.77% and 33.88%)."""
        text = "在被问及“您认为入园难的原因有哪些”时，认为公办幼儿园太少的占73.77%，认为民办幼儿园收费太高的占33.88%。"
        assert errors(text) == []

    def test_a_which_ones_question_above_is_not_this_paragraphs(self):
        text = ["“您认为入园难的原因有哪些”", "", "认为公办幼儿园太少的占73.77%，认为民办收费太高的占26.23%。"]
        assert "percentage_impossible_for_n" in errors(*text)


class TestOneAnswersShare:
    def test_a_satisfaction_degree_beside_the_other_levels(self):
        """21 + 64 + 15 = 100: 满意度 here is the 满意 answer's share."""
        text = "对于幼儿园的膳食，满意度为21%，比较满意占64%，一般为15%，没有家长表示不满意。"
        assert [f.code for f in audit_text(text).findings] == []

    def test_a_rate_with_its_parts_is_still_a_rate(self):
        text = "对于幼儿园的膳食，满意度为85%，其中比较满意占64%，一般为15%。"
        assert [f.code for f in audit_text(text).findings] == ["satisfaction_rate_undefined"]


class TestThousandsSpace:
    def test_a_count_printed_with_a_thousands_space(self):
        """1113 ÷ 1200 = 92.75%; read as 1 it would be 0.08%."""
        text = "共发放问卷1200份，回收有效问卷1 113份，有效回收率为{rate}%。"
        assert [(c.kind.value, c.text) for c in audit_text(text.format(rate="92.75")).claims] == [
            ("issued", "1200"), ("valid", "1113"), ("effective_return_rate", "92.75")]
        assert [f.code for f in audit_text(text.format(rate="92.75")).findings] == []
        assert [f.code for f in audit_text(text.format(rate="93.75")).findings] == ["rate_mismatch"]

    def test_two_numbers_of_a_row_stay_two(self):
        assert [c.text for c in audit_text("城市教师 48 47 45 95").claims if c.text == "4847"] == []
