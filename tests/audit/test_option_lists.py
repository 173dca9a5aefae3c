"""Non-scale single-choice option lists (ranges, awareness, yes/no) and the restated valid
count."""

from __future__ import annotations

from survey.audit.run import audit_text
from survey.audit.shares import exclusive_options


def codes(text: str) -> list[str]:
    return [f.code for f in audit_text(text).errors]


class TestExclusiveOptions:
    def test_ranges_open_at_both_ends_cover_every_answer(self):
        assert exclusive_options(["5年以下", "5-10年", "10年以上"]) == (True, True)
        assert exclusive_options(["60岁以下", "60岁及以上"]) == (True, True)

    def test_ranges_open_at_one_end_do_not(self):
        assert exclusive_options(["18-44岁", "45-59岁", "60岁及以上"]) == (True, False)

    def test_mixed_units_or_two_open_ends_alike_overlap(self):
        assert exclusive_options(["5年以下", "60岁以上"]) == (False, False)
        assert exclusive_options(["5年以上", "10年以上"]) == (False, False)

    def test_awareness_and_yes_no(self):
        assert exclusive_options(["非常了解", "了解一些", "不了解"]) == (True, False)
        assert exclusive_options(["是", "否"]) == (True, False)
        assert exclusive_options(["交通", "就医"]) == (False, False)


class TestSums:
    def test_awareness_over_100(self):
        """32.5 + 51.0 + 20.5 = 104.0 > 100.15."""
        assert codes("非常了解的占32.5%，了解一些的占51.0%，不了解的占20.5%。") == ["shares_do_not_sum"]

    def test_awareness_truncated_under_100_is_fine(self):
        """34.0 + 41.3 + 24.6 = 99.9, within 3 × 0.1 of 100."""
        assert codes("非常了解的占34.0%，了解一些的占41.3%，不了解的占24.6%。") == []

    def test_ranges_short_of_100(self):
        """30 + 45 + 20 = 95 < 100 − 3 × 1."""
        assert codes("从业年限：5年以下的占30%，5-10年的占45%，10年以上的占20%。") == ["shares_do_not_sum"]
        assert codes("从业年限：5年以下的占30%，5-10年的占45%，10年以上的占25%。") == []

    def test_ranges_open_at_one_end_may_miss_an_option(self):
        assert codes("18-44岁的占30%，45-59岁的占41%，60岁及以上的占20%。") == []

    def test_next_question_multiple_choice_does_not_excuse(self):
        text = ("回答“是”的占58.0%，回答“否”的占47.0%。您获取信息的渠道（可多选）："
                "村务公开栏占62.0%，村民微信群占48.5%，村干部告知占35.0%。")
        assert codes(text) == ["shares_do_not_sum"]


class TestRestatedValid:
    def test_two_values(self):
        text = "一、实施\n发放问卷400份，回收有效问卷386份。\n二、结果\n本次调查的368份有效问卷中，女性占55%。"
        assert codes(text) == ["figure_contradiction"]

    def test_same_value_and_parts(self):
        text = ("一、实施\n发放问卷400份，回收有效问卷386份，其中线上回收有效问卷120份。\n二、结果\n"
                "本次调查的386份有效问卷中，女性占55.2%。")
        assert codes(text) == []

    def test_a_part_restated_is_not_the_whole(self):
        text = "一、实施\n回收有效问卷386份。\n二、结果\n本次线上回收的120份有效问卷中，女性占55%。"
        assert codes(text) == []


class TestBareLevelLists:
    """Level shares written without a cue word (满意:85% 基本满意:13% 不太满意:2%), the
    layout of school and kindergarten survey summaries."""

    def test_a_list_over_100_is_an_error(self):
        """85 + 13 + 12 = 110 > 101.5."""
        assert codes("满意:85% 基本满意:13% 不太满意: 12%") == ["shares_do_not_sum"]
        assert codes("满意：84%，基本满意：16%，不满意：12%。") == ["shares_do_not_sum"]

    def test_a_list_that_adds_up_is_read_and_passes(self):
        audit = audit_text("满意:85% 基本满意:13% 不太满意: 2%")
        assert [(c.kind.value, c.text, c.label) for c in audit.claims] == [
            ("share", "85", "满意"), ("share", "13", "基本满意"), ("share", "2", "不太满意")]
        assert audit.findings == ()

    def test_levels_after_qizhong_are_a_list(self):
        """60 + 38 + 5 = 103 > 101.5."""
        assert codes("总体满意度为95%，其中非常满意60%，满意38%，不满意5%。") == ["shares_do_not_sum"]

    def test_no_base_from_the_paragraph(self):
        """The respondents counted nearby are not the base of a bare level list (its figures
        are often averages over several items): 30.72% is no whole number of 312, yet no
        finding."""
        text = "调查的312名护士中，本科155人。很满意30.72%，满意42.88%，一般20.02%，不满意6.38%。"
        audit = audit_text(text)
        assert [c.n for c in audit.claims if c.kind.value == "share" and c.label == "很满意"] == [None]
        assert audit.errors == ()

    def test_labels_that_are_more_than_a_level_stay_unread(self):
        """一般公共预算 is no level; rates and mixed scales are no level list."""
        assert codes("一般公共预算支出60%，专项支出50%。") == []
        assert codes("满意率85%，不满意率20%。") == []
        assert codes("很满意60%，满意30%，不确定20%。") == []

    def test_after_the_question_on_the_same_line(self):
        """满意度: before the list does not hide its first level: 81 + 19 + 10 = 110."""
        text = "3、对幼儿园的办园服务满意度: 满意:81% 基本满意: {b} % 不满意:10%"
        assert [c.text for c in audit_text(text.format(b=9)).claims] == ["81", "9", "10"]
        assert codes(text.format(b=19)) == ["shares_do_not_sum"]

    def test_a_single_level_is_no_list(self):
        assert [c.kind.value for c in audit_text("满意:85%").claims] == []
