"""Tables of n(%) cells, the layout of medical satisfaction papers: 15(50.00) is 15 people,
50.00% of the row's 例数."""

from __future__ import annotations

from survey.audit.run import audit_text

_TABLE = ("表1 两组患者护理满意度比较[n(%)]\n"
          "组别\t例数\t非常满意\t满意\t不满意\t总满意度\n"
          "观察组\t30\t15(50.00)\t12(40.00)\t3(10.00)\t27(90.00)\n"
          "对照组\t30\t10(33.33)\t{satisfied}\t9(30.00)\t{total}\n")


def audit(satisfied: str = "11(36.67)", total: str = "21(70.00)"):
    return audit_text(_TABLE.format(satisfied=satisfied, total=total), lang="zh-CN")


class TestCells:
    def test_share_count_and_base_of_each_cell(self):
        shares = [(c.text, c.n, c.details.get("count")) for c in audit().claims
                  if c.kind.value == "share"]
        assert shares[:3] == [("50.00", 30, 15), ("40.00", 30, 12), ("10.00", 30, 3)]

    def test_the_total_column_is_its_bracketed_share(self):
        """总满意度 27(90.00) is 90.00%, not a rate of 27."""
        rates = [c.text for c in audit().claims if c.kind.value == "satisfaction_rate"]
        assert rates == ["90.00", "70.00"]

    def test_consistent_table(self):
        assert audit().findings == ()

    def test_share_its_count_does_not_give(self):
        """11 ÷ 30 = 36.67%, printed 33.33%."""
        assert [f.code for f in audit(satisfied="11(33.33)").errors] == [
            "rate_mismatch", "combined_share_mismatch"]

    def test_total_its_options_do_not_give(self):
        """33.33% + 36.67% = 70.00%, printed 73.33% (with its count 22, one too many)."""
        assert [f.code for f in audit(total="22(73.33)").errors] == ["combined_share_mismatch"]
