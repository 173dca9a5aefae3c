"""The satisfaction items' answers read once (ItemAnswers): every table and test given them
gives the floats it gives reading the frame itself, on random answers with blanks, 不了解,
codes outside the scale, ties, single-level and empty subgroups; the per-class sums and
squares give the floats of the per-answer arrays they replaced (kept here as references)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.stats import satisfaction as satisfaction_module
from survey.stats._answers import answer_classes, mean_and_sd
from survey.stats.answers import ItemAnswers, item_levels
from survey.stats.conventions import Convention, estimate_from_classes, level_scores
from survey.stats.differences import subgroup_differences
from survey.stats.satisfaction import (
    dimension_table,
    item_answers,
    satisfaction_items,
    satisfaction_table,
    subgroup_table,
)
from tests.stats.test_differences import assert_same_floats, survey_frames
from tests.stats.test_satisfaction import make_instrument

CONVENTIONS = ["top_two_box", "mean", "mean_percent", "mean_rescaled"]
OVERALLS = ["mean_of_items", "respondent_index", "weighted_mean", "single_item"]


def _kwargs(convention: str, overall: str) -> dict[str, object]:
    return {"convention": convention, "overall": overall,
            "item_weights": {"sat_1": 2, "sat_2": 1, "sat_3": 0.7}
            if overall == "weighted_mean" else None,
            "overall_item": "sat_2" if overall == "single_item" else None}


def old_linearised_parts(columns, used, w):
    """The mean and z of the old _linearised, row by row from per-answer arrays."""
    sums = np.array([np.sum(columns.values(j)) for j in used])
    n_j = np.array([np.count_nonzero(columns.answered(j)) for j in used], dtype=np.float64)
    mu = sums / n_j
    w = w / w.sum()
    coef = w / n_j
    respondents = np.zeros(len(columns.classes(used[0])), dtype=bool)
    z = np.zeros(0)
    for k, j in enumerate(used):
        answered = columns.answered(j)
        respondents |= answered
        term = columns.values(j) - mu[k]
        term *= answered
        term *= coef[k]
        z = term if k == 0 else z + term
    m = int(respondents.sum())
    z = z[respondents]
    return float((w * mu).sum()), m / (m - 1) * float((z**2).sum()) if m > 1 else 0.0


class TestItemAnswers:
    @given(survey_frames())
    @settings(max_examples=40)
    def test_classes_are_the_items_answer_classes(self, data):
        """Each item's classes as item_answers reads them, read-only."""
        items = satisfaction_items(make_instrument())
        answers = ItemAnswers.read(data, items)
        expected = item_answers(data, items)
        assert answers.n_rows == len(data) and list(answers.classes) == list(expected)
        for var in items:
            x = expected[var.name]
            assert np.array_equal(answers.classes[var.name], x)
            assert not answers.classes[var.name].flags.writeable
            # The class counts: each class's number of answers, every class listed.
            size = len(item_levels(var)[0])
            assert answers.counts[var.name].tolist() == [int((x == c).sum())
                                                         for c in range(size + 3)]
            assert not answers.counts[var.name].flags.writeable
        assert answers.counts_of(data, items[:2]).keys() == {v.name for v in items[:2]}

    def test_answers_of_another_frame_are_refused(self):
        """A frame with another number of rows, or items they were not read for: ValueError."""
        inst = make_instrument()
        items = satisfaction_items(inst)
        data = pd.DataFrame({"village": [1.0, 2.0], **{v.name: [5.0, 4.0] for v in items}})
        answers = ItemAnswers.read(data, items[:2])
        with pytest.raises(ValueError, match="answers of 2 rows"):
            satisfaction_table(data.iloc[:1], inst, items=items[:2], answers=answers)
        with pytest.raises(ValueError, match="sat_3"):
            satisfaction_table(data, inst, answers=answers)
        with pytest.raises(ValueError, match="sat_3"):
            subgroup_differences(data, inst, ["village"], answers=answers)
        with pytest.raises(ValueError, match="answers of 2 rows"):
            answers.counts_of(data.iloc[:1], items[:2])
        with pytest.raises(ValueError, match="sat_3"):
            dimension_table(data, inst, answers=answers)
        assert answers.of(data, items[:2])["sat_1"].tolist() == [4, 3]


class TestTablesGivenTheAnswers:
    @given(survey_frames(), st.sampled_from(CONVENTIONS), st.sampled_from(OVERALLS))
    @settings(max_examples=120)
    def test_same_floats_as_reading_the_frame(self, data, convention, overall):
        """satisfaction_table, dimension_table, subgroup_table and subgroup_differences give
        the same table, bit for bit, with the answers given and without."""
        inst = make_instrument()
        answers = ItemAnswers.read(data, satisfaction_items(inst))
        kwargs = _kwargs(convention, overall)
        assert_same_floats(satisfaction_table(data, inst, answers=answers, **kwargs),
                           satisfaction_table(data, inst, **kwargs))
        dimension_kwargs = {k: v for k, v in kwargs.items() if k != "overall_item"}
        assert_same_floats(dimension_table(data, inst, answers=answers, **dimension_kwargs),
                           dimension_table(data, inst, **dimension_kwargs))
        assert_same_floats(subgroup_table(data, inst, ["village"], answers=answers, **kwargs),
                           subgroup_table(data, inst, ["village"], **kwargs))
        assert_same_floats(subgroup_differences(data, inst, ["village"], answers=answers),
                           subgroup_differences(data, inst, ["village"]))


class TestPerClassArithmetic:
    @given(survey_frames(), st.sampled_from([Convention(), Convention.of("mean"),
                                             Convention.of("mean_percent"),
                                             Convention.of("mean_rescaled"),
                                             Convention.of("weighted_100", "100/75/50/25/0")]),
           st.sampled_from([None, (3.0, 1.5, 0.7)]))
    @settings(max_examples=150)
    def test_linearised_as_row_by_row(self, data, convention, weights):
        """The overall value and variance from per-class terms: the old row-by-row floats."""
        items = satisfaction_items(make_instrument())
        columns = satisfaction_module._Columns(item_answers(data, items), items, convention)
        used = [j for j in range(len(items)) if columns.answered(j).any()]
        if not used:
            return
        w = np.array(weights or (1.0, 1.0, 1.0))[used]
        value, variance = old_linearised_parts(columns, used, w)
        seen: dict[str, object] = {}

        def keep(value, variance, m, *_args):
            seen.update(value=value, variance=variance)
            return {}

        original = satisfaction_module.overall_interval
        satisfaction_module.overall_interval = keep
        try:
            satisfaction_module._linearised(columns, used, w, convention, (0.0, 100.0), 0.95,
                                            "wilson")
        finally:
            satisfaction_module.overall_interval = original
        assert repr((seen["value"], seen["variance"])) == repr((value, variance))

    @given(st.lists(st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0, 9.0, 7.0, np.nan]), max_size=60),
           st.sampled_from([Convention(), Convention.of("mean_percent"),
                            Convention.of("weighted_100", [100, 80, 60, 30, -0.0]),
                            Convention.of("weighted_100", [10, 5, 0, -5, -10]),
                            Convention.of("weighted_100", [99.5, 80.25, 60, 30.1, 0.5])]))
    @settings(max_examples=200)
    def test_mean_and_sd_as_from_the_scores(self, answers, convention):
        """The item's mean and SD from class counts and per-level squares: the floats of
        mean_and_sd over the valid answers' scores in row order (−0.0 points included)."""
        levels, sat = (1, 2, 3, 4, 5), (4, 5)
        classes = answer_classes(np.array(answers, dtype=float), levels, (9,))
        est = estimate_from_classes(classes, levels, sat, convention=convention)
        scores = level_scores(levels, sat, convention)[classes[classes < len(levels)]]
        if not len(scores):
            assert est["value"] is None
            return
        assert repr((est["value"], est["sd"])) == repr(mean_and_sd(scores))

    def test_points_of_negative_zero_give_the_sum_of_the_scores(self):
        """Everyone at a level worth −0.0 points: the mean is the scores' (their sum's sign)."""
        levels, sat = item_levels(satisfaction_items(make_instrument())[0])
        classes = np.zeros(4, dtype=np.int16)
        convention = Convention.of("weighted_100", [100, 80, 60, 30, -0.0])
        est = estimate_from_classes(classes, levels, sat, convention=convention)
        scores = level_scores(levels, sat, convention)[classes]
        assert repr(est["value"]) == repr(mean_and_sd(scores)[0])


@st.composite
def scale_frames(draw: st.DrawFn) -> pd.DataFrame:
    """survey_frames' answers, half of the time without codes outside the scale (so that the
    answer patterns hold every value), as float or, without blanks, integer columns."""
    data = draw(survey_frames())
    if draw(st.booleans()):
        for name in ("sat_1", "sat_2", "sat_3"):
            data[name] = data[name].where(data[name] != 7.0, 5.0)
    if draw(st.booleans()) and not data[["sat_1", "sat_2", "sat_3"]].isna().any().any():
        data = data.astype(dict.fromkeys(("sat_1", "sat_2", "sat_3"), "int64"))
    return data


def _reliability_or_error(data, inst, **kwargs):
    from survey.stats.reliability import instrument_reliability

    try:
        return instrument_reliability(data, inst, **kwargs).to_dict()
    except Exception as exc:  # noqa: BLE001 - the same error either way is the check
        return (type(exc).__name__, str(exc))


class TestReliabilityFromPatterns:
    @given(scale_frames())
    @settings(max_examples=150)
    def test_same_figures_as_reading_the_columns(self, data):
        """instrument_reliability given the answers: the same figures (or the same error) as
        reading the columns, every float bit for bit."""
        inst = make_instrument()
        answers = ItemAnswers.read(data, satisfaction_items(inst))
        new = _reliability_or_error(data, inst, answers=answers)
        old = _reliability_or_error(data, inst)
        assert repr(new) == repr(old)

    @given(scale_frames())
    @settings(max_examples=150)
    def test_pattern_sums_are_the_columns_sums(self, data):
        """pattern_sums gives read_sums' integers, codes and ranges wherever it applies, and
        applies whenever every answer is a level, 不了解 or a blank."""
        from survey.stats.whole_numbers import pattern_sums, read_sums

        items = satisfaction_items(make_instrument())
        names = [v.name for v in items]
        frame = data[names].copy()
        for name in names:
            frame[name] = frame[name].mask(frame[name] == 9)
        sums = pattern_sums(frame, ItemAnswers.read(data, items).patterns,
                            [item_levels(v)[0] for v in items])
        expected = read_sums(frame, names)
        if len(data) >= 2 and not (data[names] == 7).any().any():
            assert sums is not None
        if sums is None:
            return
        assert expected is not None
        for field in ("names", "n_rows", "n_complete", "codes"):
            assert getattr(sums, field) == getattr(expected, field)
        for field in ("answered", "low", "high", "s", "c"):
            a, b = getattr(sums, field), getattr(expected, field)
            assert a.dtype == b.dtype and a.shape == b.shape
            assert repr(a.tolist()) == repr(b.tolist())

    def test_a_value_outside_the_levels_reads_the_columns(self):
        """An answer that is no level (7, 4.5): not held by the patterns, so no sums."""
        from survey.stats.whole_numbers import pattern_sums

        items = satisfaction_items(make_instrument())
        data = pd.DataFrame({v.name: [5.0, 4.0, 7.0] for v in items})
        sums = pattern_sums(data, ItemAnswers.read(data, items).patterns,
                            [item_levels(v)[0] for v in items])
        assert sums is None


@st.composite
def reason_frames(draw: st.DrawFn) -> pd.DataFrame:
    """scale_frames with ticks (1), unticked options (0) and blanks in the follow-up."""
    data = draw(scale_frames())
    for name in ("why_1", "why_2", "why_3"):
        data[name] = np.array(draw(st.lists(st.sampled_from([np.nan, 0.0, 1.0]),
                                            min_size=len(data), max_size=len(data))),
                              dtype=np.float64)
    return data


CONDITIONS = ["any(sat_1..sat_3 <= 2)", "sat_1 == 9", "answered(sat_2) and sat_3 > sat_1",
              "count(sat_1..sat_3 >= 4) >= 2", "not (sat_2 in [1, 2, 9])", "sat_1 != 'x'"]


class TestSkipConditionPerPattern:
    @given(reason_frames(), st.sampled_from(CONDITIONS))
    @settings(max_examples=150)
    def test_evaluated_per_pattern_as_per_row(self, data, expression):
        """Where the patterns hold every answer a condition reads, its value per pattern
        looked up by each row's pattern is its value on the frame."""
        from survey.instrument.logic import parse_condition

        answers = ItemAnswers.read(data, satisfaction_items(make_instrument()))
        condition = parse_condition(expression)
        values = answers.pattern_values(data, condition.references)
        floats = all(data[name].dtype == np.float64 for name in condition.references)
        if floats and not (data[["sat_1", "sat_2", "sat_3"]] == 7).any().any():
            assert values is not None
        if values is None:
            return
        per_row = condition.evaluate(values).to_numpy(dtype=bool).take(answers.patterns.rows)
        assert per_row.tolist() == condition.evaluate(data).tolist()

    @given(reason_frames())
    @settings(max_examples=100)
    def test_reasons_table_given_the_answers(self, data):
        """dissatisfaction_reasons with the answers: the table it gives without them."""
        from survey.stats.satisfaction import dissatisfaction_reasons

        inst = make_instrument()
        answers = ItemAnswers.read(data, satisfaction_items(inst))
        pd.testing.assert_frame_equal(dissatisfaction_reasons(data, inst, answers=answers),
                                      dissatisfaction_reasons(data, inst), check_exact=True)

    @given(reason_frames(), st.sampled_from(CONDITIONS),
           st.sampled_from(["float64", "object", "Float64"]))
    @settings(max_examples=150)
    def test_reason_counts_as_the_frame_counted_them(self, data, expression, dtype):
        """n_eligible and n_answered_ineligible, with and without the answers, on tick
        columns of any type: the counts of the condition evaluated row by row and of the
        block of tick columns compared with 1 (the former code, kept here)."""
        from survey.instrument.logic import parse_condition
        from survey.instrument.model import MultipleChoice
        from survey.stats.satisfaction import dissatisfaction_reasons

        inst = make_instrument().model_copy(deep=True)
        (question,) = [q for q in inst.questions() if isinstance(q, MultipleChoice)]
        object.__setattr__(question, "show_if", expression)
        data = data.astype({"why_1": dtype, "why_2": dtype})
        applies = parse_condition(expression).evaluate(data).to_numpy(dtype=bool)
        answered = (data[["why_1", "why_2", "why_3"]] == 1).any(axis=1)
        eligible = int(applies.sum())
        ineligible = int((answered & ~applies).sum())
        answers = ItemAnswers.read(data, satisfaction_items(inst))
        for table in (dissatisfaction_reasons(data, inst, answers=answers),
                      dissatisfaction_reasons(data, inst)):
            assert set(table["n_eligible"]) == {eligible}
            assert set(table["n_answered_ineligible"]) == {ineligible}

    def test_values_the_patterns_do_not_hold(self):
        """A code outside the scale, an item not among the answers, a text column: None."""
        items = satisfaction_items(make_instrument())
        data = pd.DataFrame({"sat_1": [5.0, 7.0], "sat_2": [4.0, 9.0], "sat_3": [1.0, 2.0],
                             "village": [1.0, 2.0]})
        answers = ItemAnswers.read(data, items)
        assert answers.pattern_values(data, ["sat_1"]) is None
        assert answers.pattern_values(data, ["village"]) is None
        held = answers.pattern_values(data, ["sat_2", "sat_3"])
        assert held is not None and sorted(held["sat_2"].tolist()) == [4.0, 9.0]
        text = data.astype({"sat_3": object})
        assert ItemAnswers.read(text, items).pattern_values(text, ["sat_3"]) is None
