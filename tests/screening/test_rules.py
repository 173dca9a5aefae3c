"""Rules about answers: each finds exactly the planted rows, with its column, value, detail."""

from __future__ import annotations

import numpy as np
import pandas as pd

from survey.analysis import AttentionCheck
from survey.screening.rules import (
    PROBLEM_COLUMNS,
    attention_check,
    duplicate_answers,
    duplicate_id,
    duplicate_ip,
    in_scale,
    invalid_picks,
    missing_required,
    out_of_scale,
    skip_violation,
)

NAN = np.nan


def _found(table):
    return table[["row", "column", "value"]].values.tolist()


class TestOutOfScale:
    def test_codes_outside_the_scale_and_non_integers(self, mini, frame):
        """A 6 and a 3.5 on the five-point scale and a 4 on a three-option question."""
        table = out_of_scale(frame(3, sat_2=[6.0, 3.5, 4.0], village=[1.0, 1.0, 4.0]), mini)
        assert _found(table) == [[2, "sat_2", "6"], [3, "sat_2", "3.5"], [4, "village", "4"]]
        assert table["detail"].iloc[0] == "6 is not a code of this question (codes: 1–5)"
        assert list(table.columns) == PROBLEM_COLUMNS

    def test_number_outside_its_range(self, mini, frame):
        """visits allows 0–50 whole numbers: 51 and 2.5 are outside."""
        table = out_of_scale(frame(3, visits=[51.0, 2.5, 50.0]), mini)
        assert _found(table) == [[2, "visits", "51"], [3, "visits", "2.5"]]

    def test_missing_answers_are_not_out_of_scale(self, mini, frame):
        """An empty answer is another rule's business."""
        assert out_of_scale(frame(2, sat_1=[NAN, NAN]), mini).empty

    def test_invalid_position_marker(self, mini, frame):
        """An option number a platform gave that does not exist is reported."""
        markers = pd.DataFrame({"row": [3], "column": ["village"], "kind": ["invalid_position"],
                                "value": ["7"]})
        table = out_of_scale(frame(2, village=[1.0, NAN]), mini, markers=markers)
        assert _found(table) == [[3, "village", "7"]]
        assert "3 options" in table["detail"].iloc[0]

    def test_details_in_chinese(self, mini, frame):
        """lang='zh-CN' writes the detail in Chinese."""
        table = out_of_scale(frame(1, sat_2=[6.0]), mini, lang="zh-CN")
        assert table["detail"].iloc[0] == "6 不是本题的选项代码（可用代码：1–5）"


class TestInScale:
    def test_masks_answers_a_variable_does_not_accept(self, mini, frame):
        """0 on the five-point scale becomes missing; valid codes stay."""
        clean = in_scale(frame(2, sat_1=[0.0, 5.0]), mini)
        assert clean["sat_1"].isna().tolist() == [True, False]


class TestMissingRequired:
    def test_required_single_and_matrix_rows(self, mini, frame):
        """An empty village and an empty sat_3 are each reported in their own column."""
        table = missing_required(frame(3, village=[NAN, 1.0, 1.0], sat_3=[4.0, NAN, 4.0]), mini)
        assert _found(table) == [[2, "village", None], [3, "sat_3", None]]

    def test_skipped_question_is_not_required(self, mini, frame):
        """aware_level is asked only when aware == 1: empty where aware == 2 is fine."""
        table = missing_required(frame(2, aware=[1.0, 2.0], aware_level=[NAN, NAN]), mini)
        assert _found(table) == [[2, "aware_level", None]]

    def test_multiple_choice_without_a_tick(self, mini, frame):
        """A dissatisfied respondent who ticked no reason misses the question as a whole."""
        table = missing_required(frame(2, sat_1=[1.0, 4.0], reasons_1=[0.0, NAN],
                                       reasons_2=[0.0, NAN], reasons_3=[0.0, NAN]), mini)
        assert _found(table) == [[2, "reasons", None]]

    def test_out_of_scale_code_does_not_open_a_follow_up(self, mini, frame):
        """A mistyped 0 on sat_1 is not 'dissatisfied': reasons stays hidden."""
        table = missing_required(frame(1, sat_1=[0.0]), mini)
        assert table.empty

    def test_platform_empty_marker_is_named(self, mini, frame):
        """A (空) cell says so in the detail."""
        markers = pd.DataFrame({"row": [2], "column": ["village"], "kind": ["empty"],
                                "value": ["(空)"]})
        table = missing_required(frame(1, village=[NAN]), mini, markers=markers)
        assert "empty" in table["detail"].iloc[0]


class TestSkipViolation:
    def test_answer_where_hidden(self, mini, frame):
        """aware_level answered although aware == 2."""
        table = skip_violation(frame(2, aware=[2.0, 1.0], aware_level=[1.0, 1.0]), mini)
        assert _found(table) == [[2, "aware_level", None]]
        assert table["detail"].iloc[0] == (
            "answered although it is asked only when the answer to question 2 is “Yes”")

    def test_ticked_reason_while_satisfied(self, mini, frame):
        """A reason for dissatisfaction ticked by someone satisfied with everything."""
        table = skip_violation(frame(2, reasons_1=[1.0, NAN], reasons_2=[0.0, NAN],
                                     reasons_3=[0.0, NAN]), mini)
        assert _found(table) == [[2, "reasons", None]]

    def test_unticked_zeros_are_not_answers(self, mini, frame):
        """0/0/0 on a hidden multiple choice is no answer."""
        table = skip_violation(frame(1, reasons_1=[0.0], reasons_2=[0.0], reasons_3=[0.0]), mini)
        assert table.empty

    def test_platform_skipped_a_shown_question(self, mini, frame):
        """(跳过) where aware == 1: the platform's logic and the instrument's disagree."""
        markers = pd.DataFrame({"row": [2, 3], "column": ["aware_level", "aware_level"],
                                "kind": ["skipped", "skipped"], "value": ["(跳过)", "(跳过)"]})
        table = skip_violation(frame(2, aware=[1.0, 2.0]), mini, markers=markers)
        assert _found(table) == [[2, "aware_level", "(跳过)"]]

    def test_other_text_without_its_option(self, mini, frame):
        """'Please specify' text written although option 3 was not ticked."""
        table = skip_violation(frame(1, sat_1=[1.0], reasons_1=[1.0], reasons_2=[0.0],
                                     reasons_3=[0.0], reasons_3_text=["补偿"]), mini)
        assert _found(table) == [[2, "reasons_3_text", None]]


class TestDuplicateId:
    def test_every_repeat_after_the_first(self, mini, frame):
        """R1 three times: rows 4 and 5 are repeats of row 2."""
        table = duplicate_id(frame(4, respondent_id=["R1", "R2", "R1", "R1"]), mini)
        assert _found(table) == [[4, "respondent_id", "R1"], [5, "respondent_id", "R1"]]
        assert table["detail"].tolist() == ["respondent id R1 already appears in row 2"] * 2

    def test_missing_ids_are_not_duplicates(self, mini, frame):
        """Two empty ids are not the same respondent."""
        ids = pd.array([None, None], dtype="string")
        assert duplicate_id(frame(2, respondent_id=ids), mini).empty


class TestDuplicateAnswers:
    def test_identical_answer_vectors(self, mini, frame):
        """Rows 2 and 4 answer alike (ids aside); row 4 is the copy."""
        f = frame(3)
        f.loc[4, [c for c in f.columns if c != "respondent_id"]] = f.loc[
            2, [c for c in f.columns if c != "respondent_id"]]
        table = duplicate_answers(f, mini)
        assert _found(table) == [[4, "*", None]]
        assert table["detail"].iloc[0] == "every answer equals row 2"

    def test_one_different_answer_is_enough(self, mini, frame):
        """Copies that differ in one open answer are not duplicates."""
        f = frame(2, **{f"sat_{j}": [4.0, 4.0] for j in range(1, 7)},
                  suggestion=pd.array(["好", "很好"], dtype="string"))
        assert duplicate_answers(f, mini).empty


class TestDuplicateIp:
    def test_same_key_after_the_first(self, mini, frame):
        """Rows 2 and 4 share an address; the address itself is never shown."""
        f = frame(3, ip_key=pd.array([0, 1, 0], dtype="Int64"))
        table = duplicate_ip(f, mini)
        assert _found(table) == [[4, "ip_key", None]]

    def test_without_ip_nothing_is_found(self, mini, frame):
        """Files without an IP column give no finding."""
        assert duplicate_ip(frame(2), mini).empty


class TestInvalidPicks:
    def test_too_many_picks(self, mini, frame):
        """Three reasons ticked where at most two are allowed."""
        f = frame(1, sat_1=[1.0], reasons_1=[1.0], reasons_2=[1.0], reasons_3=[1.0])
        table = invalid_picks(f, mini)
        assert _found(table) == [[2, "reasons", "3"]]
        assert table["detail"].iloc[0] == "3 options ticked; at most 2 allowed"

    def test_repeated_rank(self, mini, frame):
        """Rank 1 given to two options."""
        f = frame(2, priorities_1=[1.0, 1.0], priorities_2=[1.0, 2.0], priorities_3=[2.0, 3.0])
        assert _found(invalid_picks(f, mini)) == [[2, "priorities", "1"]]


class TestAttentionCheck:
    def test_expected_answer(self, mini, frame):
        """village must be 1 (a check question): 2 and an empty answer fail."""
        check = AttentionCheck(variable="village", expected=[1], name="check_1")
        table = attention_check(frame(3, village=[1.0, 2.0, NAN]), mini, checks=[check])
        assert [r[0] for r in _found(table)] == [3, 4]
        assert table["detail"].iloc[0] == "attention check check_1: answer 2, expected 1"

    def test_pass_if_expression(self, mini, frame):
        """pass_if uses the skip-logic language."""
        check = AttentionCheck(pass_if="sat_6 >= 4", name="consistency")
        table = attention_check(frame(2, sat_6=[2.0, 5.0]), mini, checks=[check])
        assert [r[0] for r in _found(table)] == [2]
