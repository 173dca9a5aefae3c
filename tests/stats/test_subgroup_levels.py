"""subgroup_table's levels found through code slots, its rows gathered level by level and
its blocks built with their level columns: the same table, dtypes included, as the sort,
masks and inserted columns it replaced (kept here as the reference), on random frames with
blanks, unlisted codes, fractions, empty and one-answer levels and level populations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
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


@st.composite
def level_frames(draw: st.DrawFn) -> pd.DataFrame:
    """survey_frames with some village answers odd (a fraction, an unlisted code, infinity)
    and the village column as float, integer (no blanks) or text."""
    data = draw(survey_frames())
    odd = draw(st.lists(st.sampled_from([1.5, -1.0, np.inf, 0.0]), max_size=2))
    for i, value in enumerate(odd[:len(data)]):
        data.loc[i, "village"] = value
    kind = draw(st.sampled_from(["float", "int", "text"]))
    if kind == "int" and data["village"].notna().all() and \
            np.isfinite(data["village"]).all() and (data["village"] % 1 == 0).all():
        data["village"] = data["village"].astype("int64")
    elif kind == "text":
        data["village"] = [None if pd.isna(v) else f"{v:g}" for v in data["village"]]
    return data


class TestSubgroupLevelsReadOnce:
    """Given the subgroup questions' levels (SubgroupLevels), the subgroup table, the
    difference tests and the frequency table are the tables they give reading the column."""

    @given(level_frames(), st.sampled_from(["top_two_box", "mean"]),
           st.sampled_from(["mean_of_items", "respondent_index"]))
    @settings(max_examples=120)
    def test_same_tables(self, data, convention, overall):
        from survey.stats.differences import subgroup_differences
        from survey.stats.frequencies import frequency_table
        from survey.stats.levels import SubgroupLevels

        inst = make_instrument()
        levels = SubgroupLevels.read(data, inst, ["village", "sat_1", "nonesuch"])
        assert [v.name for v in levels.variables] == ["village"]
        kwargs = {"convention": convention, "overall": overall}
        pd.testing.assert_frame_equal(
            subgroup_table(data, inst, ["village"], levels=levels, **kwargs),
            subgroup_table(data, inst, ["village"], **kwargs), check_exact=True)
        assert_same_floats(subgroup_differences(data, inst, ["village"], levels=levels),
                           subgroup_differences(data, inst, ["village"]))
        pd.testing.assert_frame_equal(frequency_table(data, inst, levels=levels),
                                      frequency_table(data, inst), check_exact=True)

    @given(st.lists(st.sampled_from([1.0, 2.0, np.nan]), max_size=40),
           st.sampled_from([(1, 2), (2, 1), (2, 7, 1)]))
    def test_levels_as_distinct(self, values, options):
        """Every answer an option or a blank: the codes answered and each row's index among
        them, as _distinct finds them in the column."""
        from survey.stats import differences as differences_module
        from survey.stats.levels import level_positions

        x = np.array(values, dtype=float)
        positions = level_positions(x, options)
        sizes = np.bincount(positions, minlength=len(options) + 2)
        codes, index = differences_module._levels_as_distinct(positions, sizes, options)
        expected_codes, expected_index = differences_module._distinct(x)
        assert np.array_equal(codes, expected_codes) and codes.dtype == expected_codes.dtype
        assert np.array_equal(index, expected_index) and index.dtype == expected_index.dtype

    def test_levels_of_another_frame_are_refused(self):
        from survey.stats.levels import SubgroupLevels

        inst = make_instrument()
        data = pd.DataFrame({"village": [1.0, 2.0], "sat_1": [5.0, 4.0], "sat_2": [5.0, 4.0],
                             "sat_3": [5.0, 4.0]})
        levels = SubgroupLevels.read(data, inst, ["village"])
        with pytest.raises(ValueError, match="levels of 2 rows"):
            subgroup_table(data.iloc[:1], inst, ["village"], levels=levels)
