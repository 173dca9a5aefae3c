"""A satisfaction rate recomputed from the counts per level of its sentence."""

from __future__ import annotations

from survey.audit.run import audit_text

_HEAD = "本次共回收有效问卷200份。\n"
_COUNTS = "非常满意86人、满意74人、一般28人、不满意12人"


def codes(text: str) -> list[str]:
    return [f.code for f in audit_text(text).errors]


class TestRate:
    def test_top_two_over_valid(self):
        """(86 + 74) ÷ 200 = 80%."""
        assert codes(_HEAD + _COUNTS + "，满意率为80.0%。") == []

    def test_rate_no_definition_gives(self):
        """80% over 200, 94% with 一般, 80% over the 200 listed: 82% is none of them."""
        found = audit_text(_HEAD + _COUNTS + "，满意率为82%。").errors
        assert [f.code for f in found] == ["satisfaction_rate_mismatch"]
        assert "(86 + 74) ÷ 200 = 80%" in found[0].message

    def test_unknown_answers_left_out(self):
        """(120 + 105) ÷ (300 − 30) = 83.33%; over 300 it is 75%."""
        text = "本次共获得有效样本300个。\n非常满意120人、满意105人、一般35人、不满意10人、不了解30人，满意率为{}%。"
        assert codes(text.format("83.3")) == []
        assert codes(text.format("75.0")) == []
        assert codes(text.format("80.0")) == ["satisfaction_rate_mismatch"]

    def test_weighted_degree_but_not_weighted_rate(self):
        """(86×100 + 74×80 + 28×60 + 12×40) ÷ 200 = 83.4: a 满意度, not a 满意率."""
        assert codes(_HEAD + _COUNTS + "，综合满意度为83.4%。") == []
        assert codes(_HEAD + _COUNTS + "，满意率为83.4%。") == ["satisfaction_rate_mismatch"]

    def test_basic_satisfied_counted(self):
        """(45 + 62 + 31) ÷ 150 = 92%."""
        assert codes("共回收有效问卷150份。\n非常满意45人、满意62人、基本满意31人、不满意12人，"
                     "满意率为92.0%。") == []

    def test_counts_without_a_rate_are_not_checked(self):
        assert codes(_HEAD + _COUNTS + "。总体满意率较高。") == []


class TestCounts:
    def test_counts_over_the_sentence_base(self):
        """90 + 74 + 28 + 12 = 204 answers from 200 respondents."""
        assert codes("在200名受访村民中，非常满意90人、满意74人、一般28人、不满意12人，满意率为82.0%。") \
            == ["satisfaction_rate_mismatch"]

    def test_counts_under_the_base_are_allowed(self):
        """198 of 200 answered; 160 ÷ 200 = 80% and 160 ÷ 198 = 80.81% both accepted."""
        assert codes("在200名受访村民中，非常满意86人、满意74人、一般28人、不满意10人，满意率为80.8%。") == []


class TestRarerLevelWords:
    _TEXT = "本次共回收有效问卷200份。\n十分满意92人、满意70人、还算满意26人、{low}12人，满意率{define}为{rate}%。"

    def test_levels_of_the_rarer_words(self):
        from survey.audit.shares import likert_level

        assert [likert_level(w) for w in ("十分满意", "还算满意", "十分不满意", "极不满意")] == [
            ("sat", 5), ("sat", 3), ("sat", 1), ("sat", 1)]

    def test_top_two_or_with_fairly_satisfied(self):
        """(92 + 70) ÷ 200 = 81%; with 还算满意 (like 基本满意) 94%."""
        for rate in ("81", "94"):
            assert codes(self._TEXT.format(low="不满意", define="", rate=rate)) == []

    def test_rate_with_its_definition_in_brackets(self):
        """满意率（十分满意与满意合计）为 87%: read through the brackets, and no reading gives it."""
        text = self._TEXT.format(low="十分不满意", define="（十分满意与满意合计）", rate="87")
        assert codes(text) == ["satisfaction_rate_mismatch"]
        warnings = [f.code for f in audit_text(text).findings if f.severity == "warning"]
        assert "satisfaction_rate_undefined" not in warnings


class TestRespectively:
    """Counts given respectively, as nursing papers write them (非常满意、满意、不满意分别为
    19、12、2 例，总满意度为 93.94%), each rate checked with the counts before it."""

    _TWO = ("护理组非常满意、满意、不满意分别为19、12、2例，总满意度为93.94%；"
            "对照组非常满意、满意、不满意分别为13、10、9例，总满意度为{}%。")

    def test_right_rates(self):
        """(19 + 12) ÷ 33 = 93.94%; (13 + 10) ÷ 32 = 71.88%."""
        assert codes(self._TWO.format("71.88")) == []

    def test_a_wrong_rate_is_checked_with_its_own_counts(self):
        found = audit_text(self._TWO.format("75.00")).errors
        assert [f.code for f in found] == ["satisfaction_rate_mismatch"]
        assert "(13 + 10) ÷ 32 = 71.875%" in found[0].message

    def test_lists_of_other_lengths_are_not_read(self):
        """Three levels, two counts: which count is whose cannot be told."""
        assert codes("非常满意、满意、不满意分别为19、12例，总满意度为50.00%。") == []

    def test_counts_per_level_are_the_rates_base(self):
        """With the counts beside it the rate's base is known (their sum): only its
        definition may be missing, where a middle level (基本满意) may count or not."""
        found = audit_text("非常满意、满意、基本满意、不满意分别为19、12、4、2例，总满意度为83.78%。"
                           ).warnings
        assert [f.code for f in found] == ["satisfaction_rate_undefined"]
        assert "有效问卷" not in found[0].message and "base" not in found[0].message

    def test_counts_per_level_that_give_the_rate_define_it(self):
        """(19 + 12) ÷ 33 = 93.94%, no middle level listed: the counts say how the rate is
        computed (a nursing paper's sentence; the warning was a false one)."""
        assert not audit_text("非常满意、满意、不满意分别为19、12、2例，总满意度为93.94%。").findings
        # a rate the counts do not give is an error, and its definition stays unknown
        found = audit_text("非常满意、满意、不满意分别为19、12、2例，总满意度为90.94%。").findings
        assert [f.code for f in found] == ["satisfaction_rate_mismatch",
                                           "satisfaction_rate_undefined"]
