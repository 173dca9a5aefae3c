"""Skip-logic expressions: parsing, references, evaluation on a frame, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from survey.instrument.logic import ConditionSyntaxError, parse_condition

FRAME = pd.DataFrame({
    "q5_1": [5, 2, 4, np.nan], "q5_2": [4, 4, 1, 3], "q5_3": [5, 5, 5, 5], "v": [1, 2, 3, 1],
})


class TestParseCondition:
    def test_any_over_a_range(self):
        """True where some item of q5_1..q5_3 is ≤ 2; a missing answer is not ≤ 2."""
        rule = parse_condition("any(q5_1..q5_3 <= 2)")
        assert rule.references == ("q5_1", "q5_2", "q5_3")
        assert list(rule.evaluate(FRAME)) == [False, True, True, False]

    def test_boolean_operators_and_membership(self):
        rule = parse_condition("v in [1, 3] and not q5_2 == 1")
        assert list(rule.evaluate(FRAME)) == [True, False, False, True]

    def test_all_and_count(self):
        assert list(parse_condition("all(q5_1..q5_3 >= 4)").evaluate(FRAME)) == [True, False, False, False]
        assert list(parse_condition("count(q5_1..q5_3 == 5) >= 2").evaluate(FRAME)) == [True, False, False, False]

    def test_answered(self):
        assert list(parse_condition("answered(q5_1)").evaluate(FRAME)) == [True, True, True, False]

    @pytest.mark.parametrize("expression", ["", "q5_1 <=", "any(q5_1", "q5_3..q5_1 > 1",
                                            "__import__('os')", "q5_1 = 2"])
    def test_malformed_expressions_are_rejected_with_position(self, expression):
        with pytest.raises(ConditionSyntaxError, match="character"):
            parse_condition(expression)


class TestComparisons:
    def test_literal_on_the_left_is_flipped(self):
        """``2 >= q`` is read as ``q <= 2``; ranges keep all their names."""
        from survey.instrument.logic import comparisons

        found = comparisons(parse_condition("2 >= q or any(a_1..a_2 in [1, 2])"))
        assert [(c.names, c.op, c.values) for c in found] == [
            (("q",), "<=", (2.0,)), (("a_1", "a_2"), "in", (1.0, 2.0))]


@pytest.fixture(scope="module")
def residents():
    from survey.instrument import load_instrument
    from tests.conftest import ROOT

    return load_instrument(ROOT / "instruments/residents.yaml")


class TestDescribeCondition:
    @pytest.mark.parametrize(("expression", "words"), [
        ("any(sat_1..sat_6 <= 2)", "第 7 题任一项选择“不满意”或“非常不满意”"),
        ("sat_2 <= 2", "第 7 题第（2）项选择“不满意”或“非常不满意”"),
        ("all(sat_1..sat_3 >= 4)", "第 7 题第（1）至（3）项均选择“非常满意”或“满意”"),
        ("count(sat_1..sat_6 == 5) >= 2", "第 7 题中至少 2 项选择“非常满意”"),
        ("aware == 1", "第 4 题选择“是”"),
        ("not aware == 1", "第 4 题选择“否”"),
        ("village in [1, 3]", "第 1 题选择“石门村”或“青岚社区”"),
        ("reasons_6 == 1", "第 8 题选择了“其他”"),
        ("aware == 1 and consulted == 2", "第 4 题选择“是”，且第 6 题选择“否”"),
        ("answered(suggestion)", "已回答第 9 题"),
    ])
    def test_chinese(self, residents, expression, words):
        """Parsed conditions read as the printed questionnaire says them."""
        from survey.instrument.describe import describe_condition

        assert describe_condition(expression, residents) == words

    def test_english(self, residents):
        """English uses the scale's English labels."""
        from survey.instrument.describe import describe_condition

        assert describe_condition("any(sat_1..sat_6 <= 2)", residents, "en") == (
            "the answer to any item of question 7 is “Dissatisfied” or “Very dissatisfied”")

    def test_not_any_becomes_every(self, residents):
        """``not any(x <= 2)`` is "every item is one of the other answers"."""
        from survey.instrument.describe import describe_condition

        assert describe_condition("not any(sat_1..sat_6 <= 2)", residents) == (
            "第 7 题各项均选择“非常满意”、“满意”或“一般”")

    def test_fallback_quotes_the_expression(self, residents):
        """What cannot be put in words is quoted as written."""
        from survey.instrument.describe import describe_condition

        assert describe_condition("aware", residents) == "满足条件“aware”"


class TestSkipInstruction:
    def test_sentence_with_question_numbers(self):
        """若第 7 题…，请回答第 8 题: the issue's wording, numbers from the instrument."""
        from survey.instrument import load_instrument
        from survey.instrument.describe import skip_instruction
        from tests.conftest import ROOT

        residents = load_instrument(ROOT / "instruments/residents.yaml")
        assert skip_instruction("reasons", residents) == (
            "若第 7 题任一项选择“不满意”或“非常不满意”，请回答第 8 题；否则请跳过本题。")
        assert skip_instruction("village", residents) is None
