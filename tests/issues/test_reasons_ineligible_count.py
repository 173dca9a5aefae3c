"""Reasons for dissatisfaction: the count of answers from respondents to whom the question did
not apply is counted, not taken as base − eligible (wrong as soon as an eligible respondent
skips it), and the sentence never says more answered "among" the eligible than were eligible.

Hand-made table (follow-up shown when any satisfaction item ≤ 2):

====  =====  =====  =====  ==========  ========
resp  sat_1  sat_2  sat_3  eligible    answered
====  =====  =====  =====  ==========  ========
r1    5      4      4      no          yes
r2    4      4      3      no          yes
r3    3      2      2      yes         yes
r4    5      5      5      no          no
r5    2      4      4      yes         no
r6    1      4      4      yes         yes
====  =====  =====  =====  ==========  ========

eligible 3 (r3, r5, r6); answered 4 (r1, r2, r3, r6); answered but not eligible 2 (r1, r2),
while base − eligible = 1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from survey.stats.satisfaction import REASON_COLUMNS, dissatisfaction_reasons
from tests.stats.test_satisfaction import make_instrument


def _frame() -> pd.DataFrame:
    nan = np.nan
    return pd.DataFrame({
        "respondent_id": ["r1", "r2", "r3", "r4", "r5", "r6"],
        "village": [1.0, 1, 1, 2, 2, 2],
        "sat_1": [5.0, 4, 3, 5, 2, 1],
        "sat_2": [4.0, 4, 2, 5, 4, 4],
        "sat_3": [4.0, 3, 2, 5, 4, 4],
        "why_1": [1.0, 1, 1, nan, nan, 1],
        "why_2": [0.0, 0, 1, nan, nan, 0],
        "why_3": [0.0, 0, 0, nan, nan, 0],
    })


class TestDissatisfactionReasons:
    def test_answers_from_ineligible_respondents_are_counted(self):
        """2 ineligible respondents answered (r1, r2), not base − eligible = 4 − 3 = 1."""
        r = dissatisfaction_reasons(_frame(), make_instrument())
        assert set(r["base"]) == {4} and set(r["n_eligible"]) == {3}
        assert set(r["n_answered_ineligible"]) == {2}

    def test_new_column_is_added_at_the_end(self):
        """Existing columns keep their order; the new one is appended."""
        assert REASON_COLUMNS[-1] == "n_answered_ineligible"
        assert REASON_COLUMNS[:12] == [
            "group", "question", "variable", "code", "label", "count", "base", "share",
            "selections_base", "share_of_selections", "n_eligible", "rank"]


class TestReasonsSentence:
    def test_chinese_sentence_does_not_put_more_answers_inside_the_eligible(self, example_results):
        """Example: 15 eligible, 16 answered (1 flagged skip violation): no '其中作答 16 人'."""
        from survey.report import build_report

        texts = list(build_report(example_results).section("satisfaction").paragraphs())
        base = next(t for t in texts if "不满意原因为多选题" in t)
        assert "适用的受访者 15 人" in base and "作答 16 人" in base
        assert "其中作答 16" not in base
        assert any("另有 1 份问卷不符合跳转条件" in t for t in texts)
