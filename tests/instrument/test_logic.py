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
