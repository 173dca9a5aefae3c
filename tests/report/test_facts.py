"""What the report reads or counts from the results: hand-computed small cases."""

from __future__ import annotations

import pandas as pd
import pytest

from survey.instrument.load import load_instrument
from survey.report import facts
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def service():
    return load_instrument(ROOT / "instruments" / "service.yaml")


@pytest.fixture(scope="module")
def residents():
    return load_instrument(ROOT / "instruments" / "residents.yaml")


class TestRedact:
    def test_removes_phone_id_number_and_email(self):
        """Mobile, resident ID number and e-mail are replaced by the mark."""
        text = "电话 13912345678，身份证 110101199003071234，邮箱 a.b@example.cn，谢谢"
        out = facts.redact(text, "〔隐〕")
        assert out == "电话 〔隐〕，身份证 〔隐〕，邮箱 〔隐〕，谢谢"

    def test_leaves_ordinary_numbers(self):
        """Amounts and years are not personal data."""
        assert facts.redact("每月 300 元，2026 年", "〔隐〕") == "每月 300 元，2026 年"


class TestOpenAnswers:
    def test_equal_texts_after_cleaning_and_redaction_are_one_group(self, residents):
        """Six rows: two 很好 (one with a tab, dropped as unprintable, and a trailing space),
        two phone numbers that redact to the same text, a blank and a missing answer."""
        valid = pd.DataFrame({"suggestion": ["很好", "很\t好 ", None, "电话 13912345678",
                                             "电话 13812345678", "   "]})
        question = residents.question("suggestion")
        found = facts.open_answers(valid, residents, question, "〔隐〕")
        assert found.answered == 4
        assert found.groups == (("很好", 2), ("电话 〔隐〕", 2))

    def test_counts_equal_the_row_by_row_grouping(self, residents):
        """Each distinct answer is redacted once; the counts are those of every row."""
        answers = ["好", "好", "QQ 123456", "好", None, "QQ 654321", "差"] * 50
        found = facts.open_answers(pd.DataFrame({"suggestion": answers}), residents,
                                   residents.question("suggestion"), "〔隐〕")
        assert found.answered == 300
        assert found.groups == (("好", 150), ("QQ 〔隐〕", 100), ("差", 50))


class TestProfileQuestions:
    def test_section_marked_profile(self, service):
        """service.yaml marks s1 as role: profile."""
        assert facts.profile_questions(service) == ("gender", "age", "living")

    def test_first_section_of_single_choices(self, residents):
        """residents.yaml has no role: its first section of single choices is the profile."""
        assert facts.profile_questions(residents) == ("village", "age_band", "years_lived")


class TestReasonQuestions:
    def test_follow_up_reading_satisfaction_items(self, residents, service):
        """A multiple choice shown when satisfaction items are low."""
        assert facts.reason_questions(residents) == ("reasons",)
        assert facts.reason_questions(service) == ("reasons",)

    def test_open_question_asking_why(self):
        """The staff's open 如有不满意，请说明原因."""
        staff = load_instrument(ROOT / "instruments" / "staff.yaml")
        assert facts.reason_questions(staff) == ("reason",)


class TestRankingSummary:
    def test_composite_score_first_places_and_mean_rank(self, service):
        """Three respondents rank 3 of 6 options; score = Σ(count × (4 − rank)) ÷ 3."""
        frame = pd.DataFrame({f"priorities_{c}": [None] * 3 for c in range(1, 7)})
        frame.loc[0, ["priorities_1", "priorities_2", "priorities_3"]] = [1, 2, 3]
        frame.loc[1, ["priorities_1", "priorities_4", "priorities_2"]] = [1, 2, 3]
        frame.loc[2, ["priorities_2", "priorities_1", "priorities_6"]] = [1, 2, 3]
        ranked, base = facts.ranking_summary(frame, service, service.question("priorities"))
        by_code = {r.code: r for r in ranked}
        assert base == 3
        assert by_code[1].score == pytest.approx((3 + 3 + 2) / 3)
        assert by_code[2].score == pytest.approx((2 + 1 + 3) / 3)
        assert (by_code[1].n_first, by_code[1].n_ranked) == (2, 3)
        assert by_code[1].mean_rank == pytest.approx(4 / 3)
        assert by_code[5].n_ranked == 0 and by_code[5].mean_rank is None


class TestNumberSummary:
    def test_quartiles_of_valid_answers_only(self, service):
        """Ages outside 60–110 are not valid answers and are left out."""
        frame = pd.DataFrame({"age": [60, 70, 80, 90, 200, None]})
        s = facts.number_summary(frame, service, "age")
        assert (s.n, s.mean, s.minimum, s.median, s.maximum) == (4, 75.0, 60.0, 75.0, 90.0)
        assert s.q1 == pytest.approx(67.5) and s.q3 == pytest.approx(82.5)


class TestLikertDistribution:
    def test_excluded_codes_are_counted_apart(self, service):
        """不了解 (9) is in ``excluded`` and not in the base n."""
        frame = pd.DataFrame({f"svc_{j}": [3, 3, 2, 9, None] for j in range(1, 7)})
        (first, *_rest) = facts.likert_distribution(frame, service, service.question("q_svc"),
                                                    "zh-CN")
        assert (first.n, first.excluded) == (3, 1)
        assert first.counts == (2, 1, 0, 1)  # 满意, 基本满意, 不满意, 不了解
        assert first.share(0) == pytest.approx(2 / 3)
