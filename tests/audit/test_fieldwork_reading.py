"""How fieldwork figures are read from real wording: rate names, count words, traditional
characters, derived valid counts, channels, and the population a count belongs to."""

from __future__ import annotations

from survey.audit.claims import extract_claims
from survey.audit.run import audit_text
from survey.audit.text import document_from_lines


def read(*lines: str) -> list[tuple[str, str]]:
    doc = document_from_lines(list(lines))
    return [(c.kind.value, c.text) for c in extract_claims(doc)]


def claims(*lines: str):
    return extract_claims(document_from_lines(list(lines)))


def codes(text: str) -> list[tuple[str, str]]:
    return [(f.code, f.severity.value) for f in audit_text(text, kind="md", lang="zh-CN").findings]


class TestRateNames:
    def test_usable_rate_and_usable_questionnaires(self):
        """可用问卷 is the valid count and 可利用率 its rate (180/186 = 96.77%)."""
        assert read("共发出问卷200份，收回186份；可用问卷180份，问卷可利用率为96.77%。") == [
            ("issued", "200"), ("returned", "186"), ("valid", "180"), ("valid_rate", "96.77")]

    def test_usable_rate_checked(self):
        """可利用率 96.72%: 236/248 = 95.16% and 236/260 = 90.77%, neither prints so."""
        assert codes("发出问卷260份，收回问卷248份；其中可用问卷236份，问卷可利用率为96.72%。") == [
            ("rate_mismatch", "error")]

    def test_response_and_participation_rates(self):
        """应答率 and 参与率 are read as return rates: responded over asked."""
        assert ("return_rate", "92") in read("向800户居民发放问卷800份，收回736份，应答率92%。")
        assert ("return_rate", "92") in read("发放问卷800份，收回736份，参与率92%。")
        assert codes("向居民发放问卷800份，收回736份，应答率93%。") == [("rate_mismatch", "error")]

    def test_traditional_return_rate(self):
        """迴收率 is 回收率 in traditional writing (1156/1200 = 96.33%, not 96.5%)."""
        assert ("return_rate", "96.5") in read("共發放問卷1,200份，回收1,156份，迴收率為96.5%。")
        assert codes("共發放問卷1,200份，回收1,156份，迴收率為96.5%。") == [("rate_mismatch", "error")]


class TestCountWords:
    def test_participants_in_person_times(self):
        """参与人数 … 人次 is what an online survey got back (3390/3482 = 97.36%)."""
        text = "参与人数共3,482人次，得到有效样本3,390份，有效率97.36%。"
        assert read(text) == [("returned", "3482"), ("valid", "3390"), ("valid_rate", "97.36")]
        assert codes(text) == []
        assert codes("参与人数共3,482人次，得到有效样本3,390份，有效率98.36%。") == [
            ("rate_mismatch", "error")]

    def test_valid_in_cases(self):
        """有效问卷 … 例 (hospital wording) is a valid count."""
        assert ("valid", "432") in read("发放问卷450份，回收有效问卷432例。")

    def test_invalid_written_after_its_number(self):
        """其中 20 份是无效问卷: a set-aside count written number first."""
        assert ("invalid", "20") in read("发放了840份问卷，回收了820份，其中20份是无效问卷。")


    def test_collected_and_qualified(self):
        """收集到答卷 … 份 is returned; 合格问卷 and 问卷合格率 are valid count and rate."""
        assert read("通过问卷星平台共收集到答卷512份，其中合格问卷498份，问卷合格率97.27%。") == [
            ("returned", "512"), ("valid", "498"), ("valid_rate", "97.27")]

    def test_people_who_took_part(self):
        """共有 512 人参与了本次问卷调查: the returned count of an online survey."""
        assert read("共有512人参与了本次问卷调查，有效答卷498份，有效率97.27%。") == [
            ("returned", "512"), ("valid", "498"), ("valid_rate", "97.27")]
        assert codes("共有512人参与了本次问卷调查，有效答卷498份，有效率96.27%。") == [
            ("rate_mismatch", "error")]

    def test_people_named_between_count_and_survey(self):
        """共有 100 名学生读者接受了问卷调查 (a library's survey), 共 100 个住户进行入户调查 (a
        county's household survey), 共有 77 名受益群众参与问卷填写: who took part may be named
        between the count and the survey, and a household counts by 户 or 个住户."""
        assert read("共有100名学生读者接受了问卷调查。") == [("returned", "100")]
        assert read("课题组选取10个村共100个住户进行入户调查。") == [("returned", "100")]
        assert read("共有77名受益群众参与问卷填写。") == [("returned", "77")]
        assert read("共有200户参与了本次调查。") == [("returned", "200")]

    def test_places_are_not_people(self):
        """共 5 个村进行了问卷调查: villages, not respondents."""
        assert read("共5个村进行了问卷调查。") == []

    def test_rate_reached(self):
        """回收率高达 96%: 高达 joins a rate's name to its value."""
        assert read("问卷回收率高达96%。") == [("return_rate", "96")]


class TestRatesWrittenAsShares:
    def test_share_of_returned_is_the_valid_rate(self):
        """有效问卷 279 份，占回收问卷的 97.55% (279/286 = 97.552%)."""
        text = "本次共发放问卷300份，回收286份，有效问卷279份，占回收问卷的97.55%。"
        assert ("valid_rate", "97.55") in read(text)
        assert codes(text) == []

    def test_shares_of_issued(self):
        """回收 … 占发放总数的 is the return rate; 有效 … 占发放问卷总数的 the effective one."""
        found = read("发放问卷300份。回收问卷286份，占发放总数的95.33%；有效问卷279份，占发放问卷总数的93%。")
        assert ("return_rate", "95.33") in found and ("effective_return_rate", "93") in found

    def test_wrong_share_of_issued(self):
        """279/300 = 93%, not 95%; 占发放问卷的 rules out 279/286 = 97.55%."""
        assert codes("共发放问卷300份，回收286份，有效问卷279份，占发放问卷的95%。") == [
            ("rate_mismatch", "error")]
        assert codes("共发放问卷300份，回收286份，有效问卷279份，占发放问卷的97.55%。") == [
            ("rate_mismatch", "error")]

    def test_numerator_named_before_the_share(self):
        """有效问卷占发放问卷的 97.94%: over issued only, so 570/582 does not excuse it."""
        text = "共发放问卷600份，回收问卷582份，有效问卷570份，有效问卷占发放问卷的97.94%。"
        assert ("effective_return_rate", "97.94") in read(text)
        assert codes(text) == [("rate_mismatch", "error")]

    def test_an_option_share_is_left_to_shares(self):
        """男性 198 人，占 53.23%: not a fieldwork rate."""
        assert read("男性198人，占53.23%。") == [("share", "53.23")]


class TestDerivedValid:
    def test_rate_checked_against_returned_minus_invalid(self):
        """820 − 20 = 800 valid: 有效回收率 97.62% (= 820/840) fits neither 800/840 nor 800/820."""
        text = "发放了840份问卷，回收了820份，其中20份是无效问卷，有效回收率为97.62%。"
        assert codes(text) == [("rate_mismatch", "error")]
        (f,) = audit_text(text, kind="md", lang="en").findings
        assert "(820 − 20) ÷ 840 = 95.2381%" in f.message and "(820 − 20) ÷ 820" in f.message

    def test_derived_valid_that_fits(self):
        """800/840 = 95.24%: no finding."""
        assert codes("发放了840份问卷，回收了820份，其中20份是无效问卷，有效回收率为95.24%。") == []


class TestRateOverIssued:
    def test_warning_names_both_readings(self):
        """有效率 90% = 360/400 (valid/issued); over the 372 returned it is 96.77%."""
        text = "共发放问卷400份，回收问卷372份，其中有效问卷360份，有效率90%。"
        found = audit_text(text, kind="md", lang="en").findings
        assert [(f.code, f.severity.value) for f in found] == [("rate_over_issued", "warning")]
        assert "360 ÷ 400 = 90%" in found[0].message and "360 ÷ 372" in found[0].message

    def test_all_returned_no_warning(self):
        """Returned = issued: both readings are the same number, nothing to say."""
        assert codes("共发放问卷400份，回收问卷400份，其中有效问卷360份，有效率90%。") == []


class TestChannels:
    def test_one_channel_is_the_whole_survey(self):
        """调查于服务站现场进行: 现场 alone does not make the counts parts, so the rate is checked."""
        kinds = claims("调查于社区服务站现场进行，发出问卷260份，收回问卷248份，回收率96.38%。")
        assert not any(c.details.get("part") for c in kinds)
        assert codes("调查于社区服务站现场进行，发出问卷260份，收回问卷248份，回收率96.38%。") == [
            ("rate_mismatch", "error")]

    def test_two_channels_are_parts(self):
        """线上 and 线下 in one paragraph: each count is a part."""
        found = claims("线上发放问卷200份，线下发放问卷120份，共回收300份。")
        assert [bool(c.details.get("part")) for c in found] == [True, True, False]


    def test_each_in_an_earlier_clause(self):
        """在各社区拦截居民，发放问卷 300 份: the 300 is the whole; 每个村发放 30 份 is a part."""
        whole = claims("在各社区卫生服务中心随机拦截就诊居民，发放居民问卷300份，回收有效问卷288份。")
        assert not any(c.details.get("part") for c in whole)
        each = claims("每个村发放问卷30份。")
        assert [bool(c.details.get("part")) for c in each] == [True]

    def test_contradiction_kept_when_each_is_earlier(self):
        """Residents' 300 issued in the method, 320 in the analysis: an error."""
        text = ("在各社区拦截就诊居民，发放居民问卷300份，回收有效问卷288份。\n\n"
                "向中心医务人员发放问卷45份。\n\n居民问卷共发放320份，回收有效问卷288份。")
        assert ("figure_contradiction", "error") in codes(text)


class TestPopulations:
    def test_totals_sentence_in_a_paragraph_naming_two(self):
        """The paragraph names 群众 and 单位人员; the next sentence's count is about both."""
        found = claims("本次调查对象为受益群众和实施单位工作人员。共发放问卷220份，回收有效问卷212份。")
        assert [(c.subject, c.details.get("combined")) for c in found] == [
            (None, True), (None, True)]

    def test_breakdown_in_parentheses(self):
        """共发放 1000 份（学生 800 份、家长 200 份），回收有效问卷 962 份: both totals are combined."""
        found = claims("二、学生满意度调查",
                       "本轮调查共发放问卷1,000份（学生问卷800份、家长问卷200份），回收有效问卷962份。")
        assert [(c.text, c.subject, c.details.get("combined")) for c in found] == [
            ("1000", None, True), ("962", None, True)]

    def test_population_named_after_the_count(self):
        """收到 879 份患者版问卷: the population follows the number in its clause."""
        found = claims("收到422份医务人员版问卷，其中有效问卷417份；收到879份患者版问卷反馈，其中有效问卷878份。")
        assert [(c.text, c.subject) for c in found] == [
            ("422", "医务人员"), ("417", "医务人员"), ("879", "患者"), ("878", "患者")]

    def test_no_false_contradiction_with_two_populations(self):
        """Totals 220/212 and the parts 200/194 and 20/18: no figure_contradiction."""
        text = ("本次调查对象为受益群众和实施单位工作人员。共发放问卷220份，回收有效问卷212份。\n\n"
                "受益群众问卷发放200份，回收有效问卷194份；单位人员问卷发放20份，回收有效问卷18份。\n\n"
                "单位人员问卷发放20份，有效问卷18份。")
        assert codes(text) == []

    def test_one_population_still_compared(self):
        """One population, two issued counts in two paragraphs: the contradiction stands."""
        text = "共发放问卷500份，回收有效问卷482份。\n\n本次调查共发放问卷520份，回收有效问卷482份。"
        assert ("figure_contradiction", "error") in codes(text)


class TestParticipationTables:
    """A table of who should answer, who did and the rate (学生评教's 需评价人数 | 已评价人数 |
    参评率) is a fieldwork table: asked, answered and the return rate of each row."""

    HEADER = "| 学院 | 需评价人数 | 已评价人数 | 未评价人数 | 参评率 |"

    def test_the_rows_are_read_as_asked_answered_and_rate(self):
        found = read(self.HEADER, "| 音乐学院 | 302 | 301 | 1 | 100% |")
        assert found == [("issued", "302"), ("returned", "301"), ("return_rate", "100")]

    def test_a_rate_its_counts_cannot_give_is_an_error(self):
        """561 ÷ 566 = 99.1%: 98% is no rounding of it; 301 ÷ 302 = 99.7% prints as 100%."""
        table = "\n".join([self.HEADER, "| 音乐学院 | 302 | 301 | 1 | 100% |",
                           "| 数学学院 | 566 | 561 | 5 | 98% |"])
        assert codes(table) == [("rate_mismatch", "error")]
        assert codes(table.replace("98%", "99%")) == []

    def test_other_names_of_asked_and_answered(self):
        from survey.audit.tables import Role, column_role

        for header in ("应答人数", "实际参评人数", "已作答人数", "参评人数", "实际调查人数"):
            assert column_role(header) is Role.RETURNED, header
        for header in ("应评人数", "需调查人数", "应参评人数", "需评价人数"):
            assert column_role(header) is Role.ISSUED, header
        for header in ("参评率", "应答率", "回复率", "参与率"):
            assert column_role(header) is Role.RETURN_RATE, header
        # a multiple choice's 响应率 is the share of all selections, not a return rate
        assert column_role("响应率") is Role.SHARE_OF_SELECTIONS
        assert column_role("未评价人数") is Role.COUNT
