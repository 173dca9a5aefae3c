"""The range operand's numbers (logic._numeric) against the DataFrame.apply version it
replaced, kept here as the reference, alone and inside whole conditions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.instrument import logic
from survey.instrument.logic import parse_condition


def reference_numeric(frame, names):
    numbers = frame[list(names)].apply(pd.to_numeric, errors="coerce")
    return numbers.astype("float64")


NAMES = ["q_1", "q_2", "q_3"]
CONDITIONS = ["any(q_1..q_3 <= 2)", "all(q_1..q_3 >= 4)", "count(q_1..q_3 == 5) >= 2",
              "answered(q_1..q_3)", "count(q_1..q_3) == 1", "q_1..q_3 in [1, 7]",
              "not any(q_1..q_3 == 9) or v == 1", "any(q_1..q_3 != 3) and all(q_1..q_3 > 0)"]

cell = st.one_of(st.none(), st.just(np.nan), st.integers(-2, 9),
                 st.sampled_from([1.5, 3.0, "4", " 2", "", "abc", "5.0"]))


def _column(kind: str, values: list) -> pd.Series:
    """One column of a response frame: float codes, nullable integers, text (pyarrow-backed
    ``str`` or object) or categorical text."""
    if kind == "float":
        return pd.Series([np.nan if v is None or isinstance(v, str) else float(v)
                          for v in values], dtype="float64")
    if kind == "Int64":
        return pd.Series([v if isinstance(v, int) else None for v in values], dtype="Int64")
    text = [None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
            for v in values]
    if kind == "str":
        return pd.Series(text, dtype="str")
    if kind == "category":
        return pd.Series(text, dtype="category")
    return pd.Series(list(values), dtype=object)


@st.composite
def frames(draw):
    n = draw(st.integers(0, 12))
    data = {}
    for name in [*NAMES, "v"]:
        kind = draw(st.sampled_from(["float", "float", "Int64", "str", "object", "category"]))
        data[name] = _column(kind, draw(st.lists(cell, min_size=n, max_size=n)))
    index = draw(st.sampled_from([pd.RangeIndex(n), pd.Index(range(10, 10 + 3 * n, 3))]))
    frame = pd.DataFrame(data)
    frame.index = index
    return frame


class TestNumeric:
    def test_hand_made(self):
        """Codes, a blank, text that is a number, text that is not."""
        frame = pd.DataFrame({"q_1": [1.0, np.nan, 5.0], "q_2": pd.Series(["2", "", "x"], dtype="str"),
                              "q_3": pd.Series([4, None, 1], dtype="Int64")})
        frame.index = pd.Index([7, 8, 9])
        numbers = logic._numeric(frame, NAMES)
        assert numbers.to_numpy().tolist()[0] == [1.0, 2.0, 4.0]
        assert np.isnan(numbers.to_numpy()[1]).all()
        assert numbers.to_numpy()[2, 0] == 5.0 and np.isnan(numbers.to_numpy()[2, 1])
        pd.testing.assert_frame_equal(numbers, reference_numeric(frame, NAMES))

    def test_float_columns_read_as_they_lie(self):
        """Float64 columns held as one block are read without a copy."""
        frame = pd.DataFrame(np.arange(12.0).reshape(4, 3), columns=NAMES)
        frame.loc[1, "q_2"] = np.nan
        numbers = logic._numeric(frame, NAMES)
        assert np.shares_memory(numbers.to_numpy(), frame.to_numpy())
        pd.testing.assert_frame_equal(numbers, reference_numeric(frame, NAMES))

    @settings(max_examples=200, deadline=None)
    @given(frame=frames())
    def test_same_frame_as_apply(self, frame):
        pd.testing.assert_frame_equal(logic._numeric(frame, NAMES),
                                      reference_numeric(frame, NAMES))

    @settings(max_examples=100, deadline=None)
    @given(frame=frames(), condition=st.sampled_from(CONDITIONS))
    def test_conditions_evaluate_alike(self, frame, condition):
        """Whole skip conditions, with codes the frame has and codes it never has."""
        rule = parse_condition(condition)
        fast = rule.evaluate(frame)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(logic, "_numeric", reference_numeric)
            slow = rule.evaluate(frame)
        pd.testing.assert_series_equal(fast, slow)
