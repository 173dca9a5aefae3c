"""What the report reads or counts from the results: hand-computed small cases."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from survey.instrument.load import load_instrument
from survey.instrument.variables import variables
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

    @staticmethod
    def _by_value_counts(valid, instrument, matrix):
        """Counts read from a table of every value (the way they were first counted)."""
        scale = instrument.scale(matrix.scale)
        out = []
        for item in matrix.items:
            counts = pd.to_numeric(valid[item.id], errors="coerce").dropna().value_counts()
            excluded = int(sum(int(counts.get(float(c), 0)) for c in scale.excluded))
            per_option = tuple(int(counts.get(float(o.code), 0)) for o in scale.options)
            n = sum(c for o, c in zip(scale.options, per_option, strict=True)
                    if o.code not in scale.excluded)
            out.append((n, excluded, per_option))
        return out

    @given(st.lists(st.one_of(st.none(), st.sampled_from([1, 2, 3, 4, 9, 0, 3.5, -0.0, 10]),
                              st.floats()), min_size=1, max_size=40),
           st.sampled_from(["float64", "object", "Int64", "str"]))
    def test_equals_counting_every_value(self, service, answers, dtype):
        """Blanks, codes off the scale, NaN, ±inf and text give the counts a table of every
        value gives."""
        if dtype == "Int64":
            answers = [None if a is None or a != a or a in (float("inf"), float("-inf"))
                       or abs(a) > 2**31 or a != int(a) else int(a) for a in answers]
        column = pd.Series(answers, dtype=dtype if dtype != "str" else object)
        if dtype == "str":
            column = column.map(lambda a: None if a is None else str(a)).astype("str")
        frame = pd.DataFrame({f"svc_{j}": column.iloc[::j].reset_index(drop=True)
                              for j in range(1, 7)})
        matrix = service.question("q_svc")
        got = [(d.n, d.excluded, d.counts)
               for d in facts.likert_distribution(frame, service, matrix, "zh-CN")]
        assert got == self._by_value_counts(frame, service, matrix)


class TestAskedCount:
    @staticmethod
    def _every_answer_checked(valid, instrument, question):
        """The respondents shown the question, every answer first checked against its scale
        (the way it was first counted)."""
        from survey.screening.rules import in_scale, shown_mask

        first = [v for v in variables(instrument) if v.question == question][0]
        if not first.show_if:
            return len(valid)
        return int(shown_mask(in_scale(valid, instrument), first).sum())

    @given(st.data())
    def test_equals_checking_every_answer(self, residents, data):
        """Codes off the scale (0, 6, 3.5) and blanks in the condition's answers and
        elsewhere: the count reads only what the condition reads, to the same result."""
        codes = st.one_of(st.none(), st.sampled_from([0, 1, 2, 3, 4, 5, 6, 3.5]))
        n = data.draw(st.integers(0, 12))
        names = [v.name for v in variables(residents) if not v.is_text]
        frame = pd.DataFrame({name: pd.Series(data.draw(st.lists(codes, min_size=n, max_size=n)),
                                              dtype="float64") for name in names})
        for question in ("aware_level", "reasons", "consulted"):
            assert facts.asked_count(frame, residents, question) == \
                self._every_answer_checked(frame, residents, question)
