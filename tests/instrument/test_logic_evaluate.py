"""Condition.evaluate against the evaluation it replaced, kept here as the reference: every
comparison masked by its operands' answers, every boolean filled and cast again, every
name converted by ``to_numeric``. Float answers now skip what changes nothing (a blank NaN
compares false but with ``!=``); other answers keep the former path."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.instrument import logic
from survey.instrument.logic import _COMPARE, Node, parse_condition

from .test_logic_numeric import frames


def reference_eval(node: Node, frame: pd.DataFrame) -> Any:
    """The former ``_eval``, verbatim apart from its name."""
    if node.kind in ("number", "string"):
        return node.value
    if node.kind == "name":
        column = frame[node.value]
        numeric = pd.to_numeric(column, errors="coerce")
        return numeric.astype("float64") if numeric.notna().sum() >= column.notna().sum() else column
    if node.kind == "range":
        return logic._numeric(frame, node.value)
    if node.kind == "compare":
        left, right = (reference_eval(c, frame) for c in node.children)
        result = _COMPARE[node.value](left, right)
        present = [x.notna() for x in (left, right) if isinstance(x, pd.Series | pd.DataFrame)]
        for mask in present:
            result = result & mask
        return result
    if node.kind == "in":
        left = reference_eval(node.children[0], frame)
        return left.isin(list(node.value)) & left.notna()
    if node.kind in ("and", "or", "not"):
        values = [logic._as_bool(reference_eval(c, frame), frame) for c in node.children]
        if node.kind == "not":
            return ~values[0]
        return (values[0] & values[1]) if node.kind == "and" else (values[0] | values[1])
    inner = reference_eval(node.children[0], frame)
    if node.value == "answered":
        return inner.notna().all(axis=1) if isinstance(inner, pd.DataFrame) else inner.notna()
    if isinstance(inner, pd.Series):
        inner = inner.to_frame()
    if node.value == "count":
        cells = inner if inner.dtypes.eq(bool).all() else inner.notna()
        return cells.sum(axis=1).astype("float64")
    cells = inner.fillna(False).astype(bool)
    return cells.any(axis=1) if node.value == "any" else cells.all(axis=1)


def reference_evaluate(expression: str, frame: pd.DataFrame) -> pd.Series:
    """The former ``Condition.evaluate``."""
    result = reference_eval(parse_condition(expression).tree, frame)
    if isinstance(result, pd.DataFrame):
        result = result.any(axis=1)
    if not isinstance(result, pd.Series):
        result = pd.Series(bool(result), index=frame.index)
    with warnings.catch_warnings():  # pandas warns of False filled into a float column
        warnings.simplefilter("ignore")
        return result.fillna(False).astype(bool)


CONDITIONS = ["v == 1", "v != 1", "v < 2", "2 >= v", "v > -1 and q_1 <= 3", "v", "not v",
              "v in [1, 4]", "v == 'x'", "v != q_1", "q_1 == q_2", "any(q_1..q_3 <= 2)",
              "all(q_1..q_3 >= 4)", "any(q_1..q_3 != 3)", "count(q_1..q_3 == 5) >= 2",
              "answered(q_1..q_3)", "any(q_1..q_3 == 9) or v == 1", "1 == 1", "any(v == 2)",
              "count(q_1..q_3) == 1", "not (q_2 < 5) or v != 2"]


def outcome(evaluate, condition: str, frame: pd.DataFrame) -> pd.Series | type:
    """The booleans a condition gives, or the kind of error it raises (a categorical's
    order comparison, a ``not`` of text: the former evaluation raised them too)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return evaluate(condition, frame)
    except (TypeError, ValueError) as error:
        return type(error)


class TestEvaluate:
    @settings(max_examples=150, deadline=None)
    @given(frame=frames(), condition=st.sampled_from(CONDITIONS))
    def test_same_as_the_former_evaluation(self, frame, condition):
        """Float, Int64, text and categorical answers with blanks, whole and fractional
        codes, single rows and none: the same booleans, index and name (or the same
        error)."""
        made = outcome(lambda c, f: parse_condition(c).evaluate(f), condition, frame)
        expected = outcome(reference_evaluate, condition, frame)
        if isinstance(expected, type):
            assert made is expected
        else:
            assert isinstance(made, pd.Series)
            pd.testing.assert_series_equal(made, expected)

    def test_float_answers(self):
        """Float answers with blanks under every operator (a blank never satisfies one)."""
        frame = pd.DataFrame({"v": [1.0, np.nan, 3.0, 0.0], "q_1": [np.nan, 2.0, 3.0, 1.0],
                              "q_2": [1.0, 1.0, np.nan, 5.0], "q_3": [0.5, 9.0, 2.0, np.nan]})
        for condition in CONDITIONS:
            pd.testing.assert_series_equal(parse_condition(condition).evaluate(frame),
                                           reference_evaluate(condition, frame))


class TestColumnwise:
    """any/all over a range of float answers, reduced one column at a time."""

    FRAME = pd.DataFrame({"q_1": [1.0, np.nan, 3.0, 5.0], "q_2": [4.0, 2.0, np.nan, 5.0],
                          "q_3": [np.nan, 3.0, 1.0, 5.0], "t": ["a", "b", "c", "d"]})

    @pytest.mark.parametrize("condition", ["any(q_1..q_3 <= 2)", "all(q_1..q_3 >= 3)",
                                           "any(q_1..q_3 != 5)", "all(2 < q_1..q_3)"])
    def test_taken_for_float_answers_and_the_same_as_the_block(self, condition):
        tree = parse_condition(condition).tree
        made = logic._columnwise(tree, self.FRAME)
        assert made is not None
        pd.testing.assert_series_equal(made, reference_evaluate(condition, self.FRAME))

    def test_by_hand(self):
        """Row 2: q_2 = 2; row 3: q_3 = 1; a blank satisfies nothing, not even !=."""
        tree = parse_condition("any(q_1..q_3 <= 2)").tree
        assert logic._columnwise(tree, self.FRAME).tolist() == [True, True, True, False]
        tree = parse_condition("any(q_1..q_3 != 5)").tree
        assert logic._columnwise(tree, self.FRAME).tolist() == [True, True, True, False]

    def test_other_calls_and_answers_go_the_block_way(self):
        for condition in ("count(q_1..q_3 <= 2) >= 1", "answered(q_1..q_3)"):
            tree = parse_condition(condition).tree
            assert logic._columnwise(tree.children[0] if tree.kind == "compare" else tree,
                                     self.FRAME) is None
        frame = self.FRAME.assign(q_2=self.FRAME["q_2"].astype("Int64"))
        assert logic._columnwise(parse_condition("any(q_1..q_3 <= 2)").tree, frame) is None
