"""The fieldwork record: counts, the three rates with labels, impossible records, sites."""

from __future__ import annotations

import pytest

from survey.errors import Reason
from survey.screening.fieldwork import SiteCount, build_fieldwork


def _codes(fw):
    return [p.code for p in fw.problems]


class TestBuildFieldwork:
    def test_rates_of_a_paper_survey(self):
        """320 issued, 306 returned, 300 valid: 95.625%, 98.04%, 93.75%."""
        fw = build_fieldwork("residents", issued=320, returned=306, valid=300)
        assert fw.return_rate == pytest.approx(306 / 320)
        assert fw.valid_rate == pytest.approx(300 / 306)
        assert fw.valid_return_rate == pytest.approx(300 / 320)
        assert fw.problems == ()

    def test_rates_are_labelled(self):
        """Each rate carries 回收率/有效率/有效回收率, its formula and its counts."""
        rates = build_fieldwork("g", issued=50, returned=48, valid=46).rates()
        assert [r.label("zh-CN") for r in rates] == ["回收率", "有效率", "有效回收率"]
        assert [r.label("en") for r in rates] == ["return rate", "valid rate", "valid return rate"]
        assert (rates[0].numerator, rates[0].denominator) == (48, 50)
        assert rates[2].formula("zh-CN") == "有效数量 ÷ 发放数量"

    def test_online_survey_has_no_return_rate(self):
        """No issued count: 回收率 and 有效回收率 are absent with a reason, 有效率 exists."""
        fw = build_fieldwork("web", issued=None, returned=120, valid=114, mode="online")
        assert fw.return_rate is None and fw.valid_return_rate is None
        assert fw.rates()[0].reason == Reason.NO_ISSUED_COUNT
        assert fw.valid_rate == pytest.approx(0.95)

    def test_online_survey_given_an_issued_count(self):
        """An issued count for an online survey is reported and not used."""
        fw = build_fieldwork("web", issued=200, returned=120, valid=114, mode="online")
        assert _codes(fw) == ["issued_for_online_survey"] and fw.issued is None
        assert fw.return_rate is None

    def test_returned_exceeds_issued(self):
        """'发放 30 份，回收 46 份' is impossible: the message names both numbers."""
        fw = build_fieldwork("staff", issued=30, returned=46, valid=46)
        assert _codes(fw) == ["returned_exceeds_issued"]
        assert fw.problems[0].message == "returned 46 questionnaires but issued only 30"
        assert fw.problems[0].sentence("zh-CN") == "回收数量（46 份）大于发放数量（30 份）"
        assert fw.return_rate is None and fw.rates()[0].reason == Reason.IMPOSSIBLE_RECORD
        assert fw.valid_rate == 1.0

    def test_valid_exceeds_returned(self):
        """More valid than returned is reported with both numbers."""
        fw = build_fieldwork("g", issued=None, returned=10, valid=12)
        assert _codes(fw) == ["valid_exceeds_returned"]
        assert "12" in fw.problems[0].message and "10" in fw.problems[0].message

    @pytest.mark.parametrize(("issued", "code"), [(-5, "negative_count"),
                                                  (12.5, "fractional_count")])
    def test_impossible_counts(self, issued, code):
        """Negative and fractional counts have their own codes; rates are withheld."""
        fw = build_fieldwork("g", issued=issued, returned=10, valid=9)
        assert code in _codes(fw)
        assert fw.return_rate is None

    def test_whole_float_counts_are_counts(self):
        """50.0 questionnaires is 50."""
        fw = build_fieldwork("g", issued=50.0, returned=48, valid=46)
        assert fw.problems == () and fw.issued == 50

    def test_stated_valid_must_agree(self):
        """A stated 47 valid against screening's 46 is reported."""
        fw = build_fieldwork("g", issued=50, returned=48, valid=46, stated_valid=47)
        assert _codes(fw) == ["stated_valid_differs"]

    def test_returned_must_match_the_file(self):
        """The record's returned count is compared with the rows of the file."""
        fw = build_fieldwork("g", issued=50, returned=49, valid=46, rows_in_file=48)
        assert _codes(fw) == ["returned_differs_from_file"]

    def test_nothing_returned(self):
        """0 returned: 有效率 is absent with its reason, never a division by zero."""
        fw = build_fieldwork("g", issued=10, returned=0, valid=0)
        assert fw.valid_rate is None and fw.rates()[1].reason == Reason.NOTHING_RETURNED

    def test_sites(self):
        """Per-site records: counts, rates and problems, and the sites must add up."""
        sites = [SiteCount("石门村", returned_in_file=20, valid=19, issued=25),
                 SiteCount("黄泥岭村", returned_in_file=32, valid=30, issued=30)]
        fw = build_fieldwork("residents", issued=60, returned=52, valid=49, sites=sites)
        assert [s.site for s in fw.sites] == ["石门村", "黄泥岭村"]
        assert fw.sites[0].return_rate == pytest.approx(20 / 25)
        assert _codes(fw) == ["site_returned_exceeds_issued", "sites_do_not_add_up"]
        assert fw.problems[0].site == "黄泥岭村"
        assert fw.problems[0].message == "黄泥岭村: returned 32 questionnaires but issued only 30"
        assert fw.problems[1].message == "the sites' issued add up to 55, the group's record says 60"

    def test_to_dict_keeps_the_report_keys(self):
        """results.json keys the report reads stay, with the labelled rates added."""
        data = build_fieldwork("g", issued=50, returned=48, valid=46).to_dict()
        assert {"group", "issued", "returned", "valid", "return_rate", "valid_rate",
                "valid_return_rate", "problems", "rates", "mode", "sites"} <= set(data)
