"""Frequencies counted with bincount: the same table as the pandas isin / value_counts code
they replaced (kept here as the reference), on random answers of every column type."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.instrument.model import MultipleChoice, Rating, SingleChoice
from survey.instrument.variables import variables
from survey.stats.frequencies import FREQUENCY_COLUMNS, frequency_table
from tests.stats.test_differences import survey_frames
from tests.stats.test_satisfaction import make_frame, make_instrument


def old_frequency_table(frame, instrument):
    rows = []
    for question in instrument.questions():
        if isinstance(question, SingleChoice | Rating):
            kind = "rating" if isinstance(question, Rating) else "single"
            (var,) = [v for v in variables(instrument)
                      if v.question == question.id and v.kind == kind]
            answers = frame[var.name]
            valid = answers[answers.isin([float(c) for c in var.codes])]
            base = len(valid)
            counts = valid.value_counts()
            rows += [{"question": question.id, "variable": var.name, "code": o.code,
                      "label": o.label, "count": int(counts.get(float(o.code), 0)),
                      "base": base,
                      "share": (int(counts.get(float(o.code), 0)) / base) if base else None,
                      "selections_base": None, "share_of_selections": None}
                     for o in var.options]
        elif isinstance(question, MultipleChoice):
            names = [f"{question.id}_{o.code}" for o in question.options]
            block = frame[names]
            answered = (block == 1).any(axis=1)
            base = int(answered.sum())
            counts = (block[answered] == 1).sum()
            selections = int(counts.sum())
            rows += [{"question": question.id, "variable": name, "code": o.code,
                      "label": o.label, "count": int(counts[name]), "base": base,
                      "share": int(counts[name]) / base if base else None,
                      "selections_base": selections,
                      "share_of_selections": int(counts[name]) / selections
                      if selections else None}
                     for name, o in zip(names, question.options, strict=True)]
    table = pd.DataFrame(rows, columns=FREQUENCY_COLUMNS)
    return table.astype({"count": "int64", "base": "int64", "selections_base": "Int64"})


ticks = st.sampled_from([1.0, 0.0, np.nan, 2.0])


class TestSameAsPandasCounts:
    @given(survey_frames(), st.data())
    @settings(max_examples=150)
    def test_float_columns(self, data, draw):
        n = len(data)
        for name in ("why_1", "why_2", "why_3"):
            data[name] = draw.draw(st.lists(ticks, min_size=n, max_size=n))
        data = data.astype({"why_1": float, "why_2": float, "why_3": float})
        inst = make_instrument()
        pd.testing.assert_frame_equal(frequency_table(data, inst),
                                      old_frequency_table(data, inst), check_exact=True)

    @given(survey_frames(), st.sampled_from(["object", "Float64", "str"]))
    @settings(max_examples=60)
    def test_other_column_types(self, data, dtype):
        """Text, nullable and object columns count as pandas counted them."""
        inst = make_instrument()
        data = data.astype({"village": dtype, "why_1": dtype})
        pd.testing.assert_frame_equal(frequency_table(data, inst),
                                      old_frequency_table(data, inst), check_exact=True)

    def test_hand_made_frame(self):
        """Village: 3 and 3 of 6; why: r3 ticked 1 and 2, r5 ticked 1 → base 2, 3 ticks."""
        t = frequency_table(make_frame(), make_instrument()).set_index("variable")
        assert list(t.loc[["village"], "count"]) == [3, 3]
        assert t.loc["why_1", "count"] == 2 and t.loc["why_1", "base"] == 2
        assert t.loc["why_1", "selections_base"] == 3
