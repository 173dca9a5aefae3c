"""A column that adds options up (满意率, 满意加比较满意, 不满意率) against its row."""

from __future__ import annotations

import json
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from survey.audit.combined import readings, satisfied_end
from survey.audit.run import audit_text

_FIVE = ["非常满意", "满意", "一般", "不满意", "非常不满意"]
_SCHOOL = ["满意", "比较满意", "基本满意", "不太满意", "不满意"]


def parts(header: str, options: list[str]) -> list[tuple[str, ...]]:
    return [r.parts for r in readings(header, options) if r.parts and not r.without_unknown]


def errors(text: str) -> list[str]:
    return [f.code for f in audit_text(text).errors]


def table(header: list[str], *rows: list[str], caption: str = "表1 满意度调查结果") -> str:
    lines = [caption, "\t".join(header), *("\t".join(r) for r in rows)]
    return "\n".join(lines) + "\n"


class TestReadings:
    def test_named_options(self):
        assert parts("满意加比较满意比例", _SCHOOL) == [("满意", "比较满意")]
        assert parts("非常满意+满意（%）", _FIVE) == [("非常满意", "满意")]
        assert parts("非常满意和满意", _FIVE) == [("非常满意", "满意")]

    def test_named_options_must_head_columns(self):
        """比较满意 is no column of the five-level table: the header names no sum of it."""
        assert readings("非常满意加比较满意", _FIVE) == []

    def test_at_least(self):
        assert parts("比较满意及以上", _SCHOOL) == [("满意", "比较满意")]
        assert parts("满意以上", list(reversed(_FIVE))) == [("非常满意", "满意")]

    def test_satisfaction_rate_from_the_satisfied_end(self):
        """The top one, the top two; 一般 is not satisfied, 基本满意 may be."""
        assert parts("满意率", _FIVE) == [("非常满意",), ("非常满意", "满意")]
        assert parts("满意率", _SCHOOL) == [("满意",), ("满意", "比较满意"),
                                          ("满意", "比较满意", "基本满意")]
        assert parts("满意率", ["满意", "基本满意", "不满意"]) == [("满意",), ("满意", "基本满意")]

    def test_dissatisfaction_rate_from_the_other_end(self):
        assert parts("不满意率", _FIVE) == [("非常不满意",), ("非常不满意", "不满意")]

    def test_weighted_degree_only_for_a_five_level_degree(self):
        assert [r.weights[0] for r in readings("满意度", _FIVE) if r.weights] == [
            ("非常满意", 100), ("非常满意", 100)]
        assert not any(r.weights for r in readings("满意率", _FIVE))

    def test_unknown_answers_may_leave_the_base(self):
        found = readings("满意率", [*_FIVE, "不了解"])
        assert [r.without_unknown for r in found] == [False, False, True, True]

    def test_no_scale_no_reading(self):
        assert satisfied_end(["男", "女"]) is None
        assert readings("满意率", ["是", "否"]) == []


_HEADER = ["题项", *_FIVE, "满意率"]


class TestShares:
    def test_rate_that_is_not_its_options_sum(self):
        """45.5 + 45.5 = 91.0, at most 91.2 with every rounding: 100.0 is impossible."""
        found = audit_text(table(_HEADER, ["办事效率", "45.5%", "45.5%", "9.1%", "0.0%", "0.0%",
                                           "100.0%"])).errors
        assert [f.code for f in found] == ["combined_share_mismatch"]
        assert found[0].line == 3
        assert "45.5% + 45.5%" in found[0].message and "100.0%" in found[0].message

    def test_rate_that_is_its_options_sum(self):
        assert errors(table(_HEADER, ["服务态度", "50.9%", "40.0%", "9.1%", "0.0%", "0.0%",
                                      "90.9%"])) == []

    def test_rounding_of_every_term_is_allowed(self):
        """1/3 + 1/3 = 66.67% although the printed parts add up to 66.6."""
        assert errors(table(_HEADER, ["甲", "33.3%", "33.3%", "33.3%", "0.0%", "0.0%",
                                      "66.7%"])) == []

    def test_top_one_or_top_three_with_basic(self):
        head = ["题项", *_SCHOOL, "满意率"]
        assert errors(table(head, ["甲", "60.0", "25.0", "10.0", "5.0", "", "95.0"],
                            caption="表2 满意度（%）")) == []
        assert errors(table(head, ["甲", "60.0", "25.0", "10.0", "5.0", "", "97.0"],
                            caption="表2 满意度（%）")) == ["combined_share_mismatch"]

    def test_empty_cells_are_nobody(self):
        head = ["题项", *_SCHOOL, "满意加比较满意"]
        assert errors(table(head, ["食堂", "81.8", "16.4", "1.8", "", "", "98.2"])) == []
        assert errors(table(head, ["课堂", "81.8", "9.1", "9.1", "0", "0", "100"])) \
            == ["combined_share_mismatch"]

    def test_weighted_degree(self):
        """40×100 + 40×80 + 10×60 + 5×40 + 5×20 = 8100 → 81.0."""
        head = ["项目", *_FIVE, "满意度"]
        row = ["服务", "40.0%", "40.0%", "10.0%", "5.0%", "5.0%"]
        assert errors(table(head, [*row, "81.0"])) == []
        assert errors(table(head, [*row, "70.0"])) == ["combined_share_mismatch"]

    def test_dissatisfaction_rate(self):
        head = ["项目", *_FIVE, "不满意率"]
        row = ["服务", "40.0%", "40.0%", "10.0%", "5.0%", "5.0%"]
        assert errors(table(head, [*row, "10.0%"])) == []
        assert errors(table(head, [*row, "20.0%"])) == ["combined_share_mismatch"]

    def test_without_the_unknown_answers(self):
        """(50 + 30) ÷ (100 − 10) = 88.9%."""
        head = ["题项", *_FIVE, "不了解", "满意率"]
        row = ["甲", "50.0%", "30.0%", "10.0%", "0.0%", "0.0%", "10.0%"]
        assert errors(table(head, [*row, "88.9%"])) == []
        assert errors(table(head, [*row, "80.0%"])) == []
        assert errors(table(head, [*row, "85.0%"])) == ["combined_share_mismatch"]

    def test_a_count_beside_shares_is_not_a_sum_of_them(self):
        head = ["题项", *_FIVE, "满意加非常满意人数"]
        assert errors(table(head, ["甲", "50.0%", "30.0%", "10.0%", "5.0%", "5.0%", "44"])) == []

    def test_one_cell_per_line(self):
        """The real-page layout: the same row, flattened, gives the same finding."""
        cells = ["题项", *_FIVE, "满意率", "办事效率", "45.5%", "45.5%", "9.1%", " ", " ",
                 "100%", "服务态度", "50.9%", "40.0%", "9.1%", " ", " ", "90.9%"]
        text = "表1 满意度调查结果\n\n" + "\n\n".join(cells) + "\n\n以上为调查结果。\n"
        found = audit_text(text).errors
        assert [f.code for f in found] == ["combined_share_mismatch"]
        assert "办事效率" in found[0].message


class TestCounts:
    _HEAD = ["题项", *_FIVE, "不了解", "满意率"]

    def test_rate_from_counts(self):
        """50 ÷ 55 = 90.9%; 50 ÷ 54 = 92.6% without 不了解."""
        row = ["服务", "30", "20", "3", "1", "0", "1"]
        assert errors(table(self._HEAD, [*row, "90.9%"])) == []
        assert errors(table(self._HEAD, [*row, "92.6%"])) == []
        found = audit_text(table(self._HEAD, [*row, "80.0%"])).errors
        assert [f.code for f in found] == ["combined_share_mismatch"]
        assert "50 ÷ 55 = 90.909%" in found[0].message

    def test_count_column_is_the_sum(self):
        head = ["题项", *_FIVE, "非常满意加满意"]
        assert errors(table(head, ["甲", "30", "20", "3", "1", "0", "50"])) == []
        assert errors(table(head, ["甲", "30", "20", "3", "1", "0", "52"])) \
            == ["combined_share_mismatch"]

    def test_json_lists_the_readings(self):
        result = audit_text(table(self._HEAD, ["服务", "30", "20", "3", "1", "0", "1", "90.9%"]))
        claim = next(c for c in result.to_dict()["claims"] if "adds_up" in c["details"])
        json.dumps(claim, ensure_ascii=False)
        assert claim["details"]["adds_up"][1] == {"parts": ["非常满意", "满意"], "weights": [],
                                                  "without_unknown": False}


def _rounded(x: Fraction, mode: str) -> str:
    """``x`` (a percentage) printed at one decimal by ``mode``."""
    tenths = x * 10
    whole = int(tenths) if mode == "truncate" else int(tenths + Fraction(1, 2))
    return f"{whole // 10}.{whole % 10}"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 60), min_size=5, max_size=5).filter(lambda c: sum(c) > 0),
       st.sampled_from(["half_up", "truncate"]), st.booleans())
def test_a_rate_computed_from_counts_is_never_flagged(counts, mode, from_printed):
    """Shares and the top-two rate of the same counts, printed by one rounding (or the rate
    as the sum of the printed shares): no reading may flag them."""
    n = sum(counts)
    shares = [_rounded(Fraction(100 * c, n), mode) for c in counts]
    rate = (f"{Fraction(sum(int(s.replace('.', '')) for s in shares[:2]), 10)}" if from_printed
            else _rounded(Fraction(100 * (counts[0] + counts[1]), n), mode))
    rate = f"{float(Fraction(rate)):.1f}"
    text = table(_HEADER, ["甲", *(s + "%" for s in shares), rate + "%"])
    assert "combined_share_mismatch" not in errors(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 60), min_size=5, max_size=5).filter(lambda c: sum(c) > 0),
       st.integers(1, 50))
def test_a_rate_off_by_more_than_the_rounding_is_flagged(counts, tenths):
    """A rate 0.4 points or more away from the top-two sum of printed shares (and from the
    top one) can come from no rounding of them."""
    n = sum(counts)
    shares = [_rounded(Fraction(100 * c, n), "half_up") for c in counts]
    top = [Fraction(shares[0]), Fraction(shares[0]) + Fraction(shares[1])]
    rate = top[1] + Fraction(3 + tenths, 10)
    if rate > 100 or abs(rate - top[0]) <= Fraction(3, 10):
        return
    text = table(_HEADER, ["甲", *(s + "%" for s in shares), f"{float(rate):.1f}%"])
    assert "combined_share_mismatch" in errors(text)


class TestSentences:
    _HEAD = "本次共回收有效问卷55份。\n"

    def test_rate_beside_its_level_shares(self):
        """45.5 + 45.5 = 91.0: 100% is no reading of the list."""
        text = self._HEAD + "选择非常满意的占45.5%，选择满意的占45.5%，选择一般的占9.1%，满意率为{}%。\n"
        assert errors(text.format("90.9")) == []
        found = audit_text(text.format("100")).errors
        assert [f.code for f in found] == ["combined_share_mismatch"]
        assert "45.5 + 45.5" in found[0].message

    def test_named_options_beside_a_partial_list(self):
        """非常满意和满意的占 85.0%，其中非常满意占 45.5%，满意占 45.5%: the named options are
        listed, so the list need not cover the scale."""
        text = "调查显示，非常满意和满意的占{}%，其中非常满意占45.5%，满意占45.5%。\n"
        assert "combined_share_mismatch" not in errors(text.format("91.0"))
        assert "combined_share_mismatch" in errors(text.format("85.0"))

    def test_rate_beside_a_list_that_misses_the_top(self):
        """A list without 非常满意 (its share was read as something else) does not add up to
        100, so 满意 is not taken for the top of the scale."""
        text = self._HEAD + "选择满意的占40.0%，选择一般的占9.1%，满意率为90.9%。\n"
        assert "combined_share_mismatch" not in errors(text)

    def test_rate_in_another_sentence_is_not_read_with_the_list(self):
        text = self._HEAD + "选择非常满意的占45.5%，选择满意的占45.5%，选择一般的占9.1%。总体满意率为100%。\n"
        assert "combined_share_mismatch" not in errors(text)

    def test_counts_in_the_sentence_are_the_level_check(self):
        """A sentence with counts per level is checked by satisfaction_rate_mismatch alone."""
        text = self._HEAD + "非常满意25人（45.5%）、满意25人（45.5%）、一般5人（9.1%），满意率为100%。\n"
        found = errors(text)
        assert "combined_share_mismatch" not in found
        assert "satisfaction_rate_mismatch" in found

    def test_rate_about_another_question_in_the_same_sentence(self):
        """The rate is of 全市卫生状况, the shares of 市容状况: 93.91 is no sum of them."""
        text = ("调查显示，市民对全市卫生状况的满意率为93.91%，对市容状况满意的占79.38%，"
                "基本满意的占19.38%，认为不满意的仅占1.25%。\n")
        assert "combined_share_mismatch" not in errors(text)
        after = "对市容状况满意的占79.38%，基本满意的占19.38%，不满意的占1.25%，满意率为93.91%。\n"
        assert "combined_share_mismatch" in errors(after)

    def test_shares_written_before_their_options_take_the_options_after_them(self):
        """23.1%的人选择“非常满意”、36.2%的人选择“满意”: each share's option is the one after
        it (each had taken the option before it, two of them 非常满意, and the list was not
        added up)."""
        text = ("非常满意和满意的占{}%，其中有23.1%的人选择“非常满意”、36.2%的人选择“满意”、"
                "10.0%的人选择“一般”。\n")
        assert "combined_share_mismatch" not in errors(text.format("59.3"))
        assert "combined_share_mismatch" in errors(text.format("65.0"))

    def test_a_rate_after_shares_with_their_options_after_them(self):
        """31%的受访者表示非常满意，45%表示满意…，满意率为80%: 31 + 45 = 76."""
        text = (self._HEAD + "31%的受访者表示非常满意，45%表示满意，18%表示一般，6%表示不满意，"
                "总体满意率为{}%。\n")
        assert "combined_share_mismatch" not in errors(text.format("76"))
        assert "combined_share_mismatch" in errors(text.format("80"))
