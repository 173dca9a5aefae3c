"""subgroup_table's levels found through code slots, its rows gathered level by level and
its blocks built with their level columns: the same table, dtypes included, as the sort,
masks and inserted columns it replaced (kept here as the reference), on random frames with
blanks, unlisted codes, fractions, empty and one-answer levels and level populations."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.instrument.variables import variables
from survey.stats import satisfaction as satisfaction_module
from survey.stats._answers import numeric_answers
from survey.stats.satisfaction import (
    SUBGROUP_COLUMNS,
    SatisfactionOptions,
    counts_as_integers,
    item_answers,
    satisfaction_items,
    subgroup_table,
)
from tests.stats.test_differences import assert_same_floats, survey_frames
from tests.stats.test_satisfaction import make_instrument


def old_subgroup_table(frame, instrument, by, *, populations=None, **kwargs):
    group = instrument.group.id
    by_name = {v.name: v for v in variables(instrument)}
    items = satisfaction_items(instrument)
    classes = item_answers(frame, items)
    blocks = []
    for name in by:
        var = by_name[name]
        codes = numeric_answers(frame[name])
        levels = [(o.code, o.label) for o in var.options]
        level_of = np.full(len(codes), len(var.options) + 1, dtype=np.int16)
        for k, option in enumerate(var.options):
            level_of[codes == option.code] = k
        missing = np.isnan(codes)
        level_of[missing] = len(var.options)
        if missing.any():
            levels.append((None, None))
        pops = (populations or {}).get(name, {})
        order = np.argsort(level_of, kind="stable")
        grouped = {key: x[order] for key, x in classes.items()}
        bounds = np.concatenate([[0], np.cumsum(np.bincount(
            level_of, minlength=len(var.options) + 2))])
        for k, (code, label) in enumerate(levels):
            options = SatisfactionOptions.build(**kwargs)
            start, stop = int(bounds[k]), int(bounds[k + 1])
            part = satisfaction_module._table(
                {key: x[start:stop] for key, x in grouped.items()}, items, options, group,
                None if code is None else pops.get(code))
            part.insert(1, "variable", name)
            part.insert(2, "variable_label", var.label)
            part.insert(3, "code", code)
            part.insert(4, "level", label)
            blocks.append(part)
    return counts_as_integers(pd.concat(blocks, ignore_index=True)[SUBGROUP_COLUMNS])


class TestSameAsTheSortedLevels:
    @given(survey_frames(), st.sampled_from(["top_two_box", "mean", "mean_rescaled"]),
           st.sampled_from(["mean_of_items", "respondent_index", "single_item"]),
           st.sampled_from([None, {"village": {1: 500}}, {"village": {1: 3, 2: 40}}]),
           st.lists(st.sampled_from([1.5, -1.0, np.inf, 0.0]), max_size=3))
    @settings(max_examples=120)
    def test_random_frames(self, data, convention, overall, populations, odd):
        inst = make_instrument()
        for i, value in enumerate(odd[:len(data)]):
            data.loc[i, "village"] = value
        kwargs = {"convention": convention, "overall": overall,
                  "overall_item": "sat_2" if overall == "single_item" else None}
        new = subgroup_table(data, inst, ["village"], populations=populations, **kwargs)
        old = old_subgroup_table(data, inst, ["village"], populations=populations, **kwargs)
        pd.testing.assert_frame_equal(new, old, check_exact=True)
        assert_same_floats(new, old)

    def test_two_variables_and_a_blank_level(self):
        inst = make_instrument()
        frame = pd.DataFrame({
            "respondent_id": [f"r{i}" for i in range(7)],
            "village": [1.0, 2.0, np.nan, 1.0, 3.0, 2.5, 1.0],
            "sat_1": [5.0, 4.0, 3.0, np.nan, 9.0, 1.0, 2.0],
            "sat_2": [5.0, 5.0, 4.0, 4.0, 7.0, np.nan, 1.0],
            "sat_3": [1.0, 2.0, 3.0, 4.0, 5.0, 4.0, 3.0],
            "why_1": [np.nan] * 7, "why_2": [np.nan] * 7, "why_3": [np.nan] * 7})
        new = subgroup_table(frame, inst, ["village", "village"])
        old = old_subgroup_table(frame, inst, ["village", "village"])
        pd.testing.assert_frame_equal(new, old, check_exact=True)
        assert list(new["code"].iloc[:4]) == [1, 1, 1, 1]
        assert new["code"].isna().sum() == 2 * 4  # the blank level, in each block
