"""Survey figures written in English (survey/audit/english.py): each reading against figures
worked out by hand."""

from __future__ import annotations

from survey.audit.run import audit_text


def read(text: str) -> list[tuple[str, str]]:
    return [(c.kind.value, c.text) for c in audit_text(text, lang="en").claims]


def codes(text: str) -> list[str]:
    return [f.code for f in audit_text(text, lang="en").findings]


class TestFieldwork:
    def test_an_abstract_sentence(self):
        """479 ÷ 500 = 95.8%: the valid recovery rate is valid over issued."""
        text = ("We distributed 500 copies of questionnaires to readers and recovered 479 valid "
                "questionnaires, with a valid recovery rate of 95.8%.")
        assert read(text) == [("issued", "500"), ("valid", "479"), ("effective_return_rate", "95.8")]
        assert codes(text) == []

    def test_a_wrong_rate(self):
        """479 ÷ 500 = 95.8%, not 97.8%."""
        assert codes("A total of 500 questionnaires were distributed, and 479 valid questionnaires "
                     "were recovered, with a valid recovery rate of 97.8%.") == ["rate_mismatch"]

    def test_passive_counts_and_rates_in_brackets(self):
        """354 ÷ 370 = 95.68%; 346 ÷ 354 = 97.74%; 346 ÷ 370 = 93.51%."""
        text = ("In all, 370 questionnaires were issued and 354 returned (return rate 95.68%); 346 "
                "were valid after screening (valid rate 97.74%, valid return rate 93.51%).")
        assert read(text) == [("issued", "370"), ("returned", "354"), ("return_rate", "95.68"),
                              ("valid", "346"), ("valid_rate", "97.74"),
                              ("effective_return_rate", "93.51")]
        assert codes(text) == []

    def test_more_returned_than_issued(self):
        assert codes("300 questionnaires were handed out and 320 were returned.") == [
            "returned_exceeds_issued"]

    def test_set_aside_must_add_up(self):
        """306 returned − 6 set aside = 300, not 310: stated in another paragraph too."""
        text = ["Residents: 320 issued, 306 returned, 6 set aside, 310 valid.", "",
                "Residents: 320 issued, 306 returned."]
        assert "figure_contradiction" in codes(text)

    def test_one_figure_is_no_fieldwork_statement(self):
        """A base before a share, and an answer count, are not valid questionnaires."""
        assert read("Of 300 valid questionnaires, the most frequent answer is Yes.") == []
        assert [k for k, _ in read("Base: 268 valid answers to this question, 300 issued.")
                if k == "valid"] == []

    def test_populations_are_kept_apart(self):
        """Two groups' counts in their own paragraphs are no contradiction; a total of both
        (In all) belongs to neither."""
        text = ["Residents: 320 issued, 306 returned (return rate 95.63%).", "",
                "Staff: 50 issued, 48 returned (return rate 96.00%).", "",
                "In all, 370 questionnaires were issued and 354 returned (return rate 95.68%)."]
        assert codes(text) == []

    def test_a_rate_outside_a_survey_is_not_read(self):
        assert read("The loan recovery rate of 95.8% and the return rate of 12% rose.") == []


class TestCoefficients:
    def test_alpha_above_one(self):
        assert codes("The Cronbach's alpha coefficient of the scale was 1.12.") == [
            "reliability_out_of_range"]

    def test_kmo_named_with_its_scale(self):
        assert read("The KMO measure of the residents' scale is 0.890.") == [("kmo", "0.890")]
        assert read("The KMO value was 0.812 and Bartlett's test was significant.")[0] == (
            "kmo", "0.812")


class TestShares:
    def test_share_with_its_count_and_base(self):
        """268 ÷ 300 = 89.33%, 32 ÷ 300 = 10.67%."""
        text = ('Of 300 valid questionnaires, 89.33% (268 respondents) answered "Yes", followed '
                'by "No" at 10.67% (32 respondents).')
        assert [(c.text, c.n, c.details.get("count")) for c in audit_text(text).claims] == [
            ("89.33", 300, 268), ("10.67", 300, 32)]
        assert codes(text) == []

    def test_a_share_its_count_does_not_give(self):
        """268 ÷ 300 = 89.33%, not 88.33%."""
        assert codes('Of 300 valid questionnaires, 88.33% (268 respondents) answered "Yes".') == [
            "rate_mismatch"]

    def test_base_written_with_the_share(self):
        """277 ÷ 300 = 92.33%."""
        text = "The project overall has the highest satisfaction rate: 92.33% of 300 valid answers (277 respondents)."
        assert [(c.n, c.details.get("count")) for c in audit_text(text).claims] == [(300, 277)]
        assert codes(text.replace("92.33", "93.33")) == ["rate_mismatch"]


class TestEnglishTables:
    def test_every_report_column_reads_as_its_chinese_header(self):
        """Each column header the toolkit prints has the same role in English as in Chinese,
        so an English report's tables are checked as the Chinese ones are."""
        from importlib import resources

        import yaml

        from survey.audit.tables import column_role

        locales = resources.files("survey").joinpath("locales")
        zh = yaml.safe_load(locales.joinpath("zh-CN", "report.yaml").read_text(encoding="utf-8"))
        en = yaml.safe_load(locales.joinpath("en", "report.yaml").read_text(encoding="utf-8"))
        columns = [k for k in zh if k.startswith("report_col_")]
        assert len(columns) > 50
        assert [(k, zh[k], en[k]) for k in columns
                if column_role(str(zh[k])) != column_role(str(en[k]))] == []

    def test_a_table_of_fieldwork_with_english_headers(self):
        """354 ÷ 370 = 95.68%, not 95.86%."""
        lines = ["| Respondent group | Issued | Returned | Valid | Return rate |", "|---|---|---|---|---|",
                 "| Residents | 370 | 354 | 346 | 95.86% |"]
        assert codes(lines) == ["rate_mismatch"]

    def test_a_satisfaction_rate_column_adds_up_its_options(self):
        """57.67% + 34.33% = 92.00% (very satisfied + satisfied), not 93.00%."""
        lines = ["| Item | Very satisfied | Satisfied | Neutral | Dissatisfied | Very dissatisfied "
                 "| Valid answers | Satisfaction rate |", "|---|---|---|---|---|---|---|---|",
                 "| Revegetation | 173 (57.67%) | 103 (34.33%) | 22 (7.33%) | 2 (0.67%) | 0 (0.00%) "
                 "| 300 | {rate} |"]
        right = [line.format(rate="92.00%") for line in lines]
        wrong = [line.format(rate="93.00%") for line in lines]
        assert [c.kind.value for c in audit_text(right).claims].count("satisfaction_rate") == 1
        assert codes(right) == []
        assert codes(wrong) == ["combined_share_mismatch"]


class TestPeopleCounted:
    def test_sent_to_and_returned_by_people(self):
        """62 ÷ 150 = 41.33%: 41.3% is right, 43.1% is not."""
        text = ("The instrument was sent to a convenience sample of 150 female dentists. A total of "
                "62 dentists returned the questionnaire (response rate {rate}%), 55 of which were "
                "useable.")
        assert read(text.format(rate="41.3")) == [
            ("issued", "150"), ("returned", "62"), ("return_rate", "41.3"), ("valid", "55")]
        assert codes(text.format(rate="41.3")) == []
        assert codes(text.format(rate="43.1")) == ["rate_mismatch"]

    def test_things_returned_are_not_questionnaires(self):
        assert read("Readers borrowed 500 books and 320 books were returned on time.") == []


class TestThirdSweep:
    """Sentences the third real-page sweep found unread, each worked out by hand."""

    def test_count_of_base_with_its_share(self):
        """294 ÷ 303 = 97.03%, not 97.3%."""
        assert codes("Overall, 294 of 303 participants completed the questionnaire (97.3%).") == [
            "rate_mismatch"]
        assert codes("Overall, 294 of 303 participants completed the questionnaire (97.0%).") == []

    def test_a_rate_with_its_fraction_grouped_by_commas(self):
        """971 ÷ 1050 = 92.48%."""
        assert codes("Results: Response rate was 92.48% (971/1,050).") == []
        assert codes("Results: Response rate was 93.48% (971/1,050).") != []

    def test_considered_valid_and_a_rate_that_reaches(self):
        """58 ÷ 60 = 96.67%: 96.7% is right, 97.7% is not."""
        text = ("A total of 60 questionnaires were distributed and 58 of them were considered "
                "valid, making the effective rate of the questionnaire reach {rate}%.")
        assert read(text.format(rate="96.7")) == [("issued", "60"), ("valid", "58"),
                                                 ("valid_rate", "96.7")]
        assert codes(text.format(rate="96.7")) == []
        assert codes(text.format(rate="97.7")) == ["rate_mismatch"]
