"""A count and its share written together, with the base found in scope."""

from __future__ import annotations

from survey.audit.run import audit_text


def codes(text: str) -> list[str]:
    return [f.code for f in audit_text(text).errors]


def shares(text: str) -> list[tuple[str, int | None, bool]]:
    return [(c.shown(), c.details.get("count"), bool(c.details.get("of_whole")))
            for c in audit_text(text).claims if c.kind.value == "share"]


class TestReading:
    def test_count_before_the_named_base(self):
        """83人,占调查人数43%: the count is 83, the share is of all respondents."""
        assert shares("对项目表示满意的有83人,占调查人数43%。") == [("43%", 83, True)]

    def test_count_in_parentheses_after_valid_questionnaires(self):
        assert shares("有效问卷中 156 户（占 78.0%）表示知道本工程。") == [("78.0%", 156, True)]

    def test_votes_and_cases(self):
        assert shares("赞成240票占93%。") == [("93%", 240, False)]
        assert shares("表示满意的296例，占92.5%。") == [("92.5%", 296, False)]

    def test_count_leading_its_clause(self):
        assert shares("共有83人选择满意，占43.2%。") == [("43.2%", 83, False)]

    def test_named_total_of_respondents(self):
        assert shares("表示满意的83人，占受访者总数的43.2%。") == [("43.2%", 83, True)]

    def test_traditional(self):
        assert shares("表示滿意的共有118人，佔調查人數的61.5%。") == [("61.5%", 118, True)]


class TestBaseInScope:
    def test_fits_the_valid_count_of_an_earlier_section(self):
        """83 ÷ 192 = 43.23% → 43%."""
        assert codes("一、概况\n共回收有效问卷192份。\n二、结果\n满意的有83人，占调查人数43%。") == []

    def test_fits_no_count_in_scope(self):
        """83 ÷ 192 = 43.23%: 45% under no rounding."""
        assert codes("一、概况\n共回收有效问卷192份。\n二、结果\n满意的有83人，占调查人数45%。") \
            == ["rate_mismatch"]

    def test_share_of_valid_is_not_of_issued(self):
        """156 ÷ 192 = 81.25%; 78.0% is 156 ÷ 200, the issued count, which 有效问卷中 rules out."""
        assert codes("发放问卷200份，收回有效问卷192份。\n有效问卷中 156 户（占 78.0%）表示知道。") \
            == ["rate_mismatch"]
        assert codes("发放问卷200份，收回有效问卷192份。\n其中 156 户，占 78.0%。") == []

    def test_votes_fit_the_valid_ballots(self):
        """240 ÷ 258 = 93.02% → 93%; 96% fits neither 258 nor the 260 issued (92.31%)."""
        head = "共发出选票260张，收回有效票258票。\n"
        assert codes(head + "赞成240票，占93%。") == []
        assert codes(head + "赞成240票，占96%。") == ["rate_mismatch"]

    def test_subgroup_share_is_left_alone(self):
        """48 of the 160 women is 30%; of all 300 it would be 16%."""
        assert codes("共访问居民300人，其中女性160人。\n女性受访者中，60岁以上的有48人，占30.0%。") == []

    def test_no_whole_count_no_check(self):
        assert codes("赞成240票，占96%。") == []

    def test_count_no_whole_count_can_hold_is_of_another_population(self):
        """240 votes cannot be of 192 questionnaires: the vote's base is not in the text."""
        assert codes("共回收有效问卷192份。\n满意票数240票，占比93%。") == []

    def test_a_count_in_the_quote_before_the_share_is_a_candidate(self):
        """46 of the 50 present = 92%; of the 192 questionnaires it would be 23.96%."""
        assert codes("一、调查\n回收有效问卷192份。\n二、表决\n应到代表52人，实到50人，赞成46票，占92%。") == []


class TestSharesWithSeveralCounts:
    _HEAD = "本次共发放问卷80份，回收问卷77份。\n"

    def test_no_count_gives_the_share(self):
        """49.0%: of 77, 38 → 49.35%; of 80, 39 → 48.75% and 40 → 50.0%."""
        assert codes(self._HEAD + "认为“满意”的占49.0%，认为“一般”的占36.4%。") \
            == ["percentage_impossible_for_n"]

    def test_one_count_gives_it(self):
        """49.4% = 38 ÷ 77; 50.0% = 40 ÷ 80 (a share of the issued count is not impossible)."""
        assert codes(self._HEAD + "认为“满意”的占49.4%，认为“一般”的占36.4%。") == []
        assert codes(self._HEAD + "认为“满意”的占50.0%。") == []

    def test_shares_of_some_respondents_are_left_alone(self):
        assert codes(self._HEAD + "在知晓项目的受访者中，认为“满意”的占49.0%。") == []


class TestRealSweep:
    """Two false errors from a sweep of real pages (a county's household survey)."""

    _TEXT = ("课题组在8个村开展入户调查，每个村完成调查问卷10份，共发放问卷99份，回收问卷99份。\n"
             "调查显示，33.33%的受访村民表示家庭成员人数为4人，22.22%的受访村民表示家庭成员人数为5人，"
             "18.18%的受访村民表示家庭成员人数为3人。\n")

    def test_a_household_size_is_no_count_of_the_next_share(self):
        """家庭成员人数为4人 is the answer of its own clause, not the count of 22.22%."""
        from survey.audit.run import audit_text
        result = audit_text(self._TEXT)
        assert not any(c.details.get("count") for c in result.claims if c.kind.value == "share")
        assert not result.errors

    def test_a_count_per_village_is_no_base(self):
        """每个村完成调查问卷10份 is each village's part; 33.33% of 99 (33 households) fits."""
        from survey.audit.run import audit_text
        assert "n = 10" not in " ".join(f.message for f in audit_text(self._TEXT).findings)


class TestAnswersOfTheIssued:
    """An answer's share may be of the questionnaires issued (a loose base) only where the
    answers it implies are no more than the questionnaires that came back."""

    _HEAD = "本次共发放问卷26份，收回11份。\n"

    def test_more_answers_than_returned(self):
        """77% of the 26 issued is 20 answers from 11 questionnaires; of 11: 72.7% or 81.8%."""
        assert codes(self._HEAD + "认为“很满意”的家长占77%。") == ["percentage_impossible_for_n"]

    def test_answers_the_returned_could_give(self):
        """23% = 6 of the 26 issued: 6 answers fit in the 11 returned."""
        assert codes(self._HEAD + "认为“较满意”的家长占23%。") == []

    def test_a_share_that_is_no_answer_keeps_the_issued_base(self):
        """身为教师的家长占 77%: a share of who was asked, not of an answer."""
        assert codes(self._HEAD + "身为教师的家长占77%。") == []
