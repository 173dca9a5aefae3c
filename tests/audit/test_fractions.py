"""A share written with its fraction (有效率为93.33%（28/30）): checked against it."""

from __future__ import annotations

from survey.audit.registry import ClaimKind
from survey.audit.run import audit_text


def errors(text: str) -> list[str]:
    return [f.code for f in audit_text(text).errors]


def read(text: str) -> list[tuple[str, str, int | None, object]]:
    return [(c.kind.value, c.text, c.n, c.details.get("count")) for c in audit_text(text).claims]


class TestReading:
    def test_share_and_its_fraction(self):
        """The bracketed pair is the share's count and base."""
        assert read("观察组总有效率为93.33%（28/30），对照组为73.33%(22/30)。") == [
            ("share", "93.33", 30, 28), ("share", "73.33", 30, 22)]

    def test_without_the_percent_sign(self):
        """A public-health table pasted as text: 84.78 (802/946)."""
        assert read("东部自评受益率 84.78 (802/946)。") == [("share", "84.78", 946, 802)]

    def test_satisfaction_rate_keeps_its_kind(self):
        found = audit_text("患者满意率为95.40%（913/957）。").claims
        assert [(c.kind, c.n, c.details.get("count")) for c in found] == [
            (ClaimKind.SATISFACTION_RATE, 957, 913)]

    def test_pairs_that_are_no_fraction_of_the_share(self):
        """Two years, a date, a count over its base above one, a bare whole number: no
        figure takes the pair as its count and base."""
        for text in ("较上年增长5%（2019/2020）。", "完成率95%（3/12）。", "比例为60%（12/10）。",
                     "共3（1/2）项。"):
            assert all(count is None for *_, count in read(text)), text


class TestChecking:
    def test_share_its_fraction_does_not_give(self):
        """846 ÷ 966 = 87.578%: 87.56% is no rounding of it (nor of any count of 966)."""
        assert errors("东部地区自评受益率为87.56%（846/966）。") == ["percentage_impossible_for_n"]
        assert errors("东部地区自评受益率为87.58%（846/966）。") == []

    def test_count_that_is_not_the_shares(self):
        """27 ÷ 30 = 90%: the printed 93.33% is 28 of 30, so the count is wrong."""
        assert errors("观察组总有效率为93.33%（27/30）。") == ["rate_mismatch"]

    def test_truncation_and_half_even_are_accepted(self):
        """2 ÷ 46 = 4.3478…: 4.34 (truncated) and 4.35 both stand."""
        assert errors("不满意的占4.34%（2/46）。") == []
        assert errors("不满意的占4.35%（2/46）。") == []

    def test_satisfaction_rate_with_a_wrong_fraction(self):
        assert "percentage_impossible_for_n" in errors("患者满意率为87.56%（846/966）。")
        assert errors("患者满意率为87.58%（846/966）。") == []


class TestFractionRows:
    """A table copied out of a PDF: a row of shares, then its row of fractions."""

    TABLE = [
        "                自评受益率   服务态度    健康教育",
        "地区",
        "          84.78    97.07     89.29",
        "  东部",
        "        (802/946)  (929/957)  (850/952)",
        "          88.27    97.93     {middle}",
        "  中部",
        "        (850/963)  (947/967)  (846/966)",
        "          86.88    96.04     86.22",
        "  城市",
        "        (1 046/1 204) (1 164/1 212) (1 045/1 212)",
    ]

    def lines(self, middle: str = "87.58") -> list[str]:
        return [line.format(middle=middle) for line in self.TABLE]

    def test_each_share_takes_the_fraction_below_it(self):
        found = [(c.text, c.n, c.details.get("count")) for c in audit_text(self.lines()).claims]
        assert found == [("84.78", 946, 802), ("97.07", 957, 929), ("89.29", 952, 850),
                         ("88.27", 963, 850), ("97.93", 967, 947), ("87.58", 966, 846),
                         ("86.88", 1204, 1046), ("96.04", 1212, 1164), ("86.22", 1212, 1045)]
        assert audit_text(self.lines()).findings == ()

    def test_a_share_its_fraction_does_not_give(self):
        """846 ÷ 966 = 87.578%: 87.58 or 87.57, never 87.56."""
        audit = audit_text(self.lines("87.56"))
        assert [(f.code, f.line) for f in audit.errors] == [("percentage_impossible_for_n", 6)]

    def test_rows_that_do_not_line_up_are_not_paired(self):
        """Shifted by a column, the pairs disagree: nothing is read as a share."""
        lines = ["    12.5    84.78    97.07", "    (802/946)  (929/957)  (850/952)"]
        assert [c for c in audit_text(lines).claims if c.kind is ClaimKind.SHARE] == []

    def test_fractions_that_are_no_share_of_the_row(self):
        """Years or dates under a row of counts: no pair is within 5 points."""
        lines = ["    112    135", "    (2019/2020)  (3/12)"]
        assert audit_text(lines).claims == ()


class TestCountRows:
    """A medical paper's rows: n, then each answer's n(%) cell."""

    LINES = ["表 2 三组患者治疗依从性比较[n(%)]", "组别 n 优 良好 差 依从性",
             "A 组 10 8(80.00) 2(20.00) 0(0.00) 10(100.00)",
             "B 组 10 {b}",
             "C 组 20 4(20.00) 6(30.00) 10(50.00) 10(50.00)"]

    def lines(self, b: str) -> list[str]:
        return [line.format(b=b) for line in self.LINES]

    def test_each_cell_is_a_share_of_its_rows_n(self):
        audit = audit_text(self.lines("3(30.00) 4(40.00) 3(30.00) 7(70.00)"))
        assert [(c.text, c.n, c.details.get("count")) for c in audit.claims][4:8] == [
            ("30.00", 10, 3), ("40.00", 10, 4), ("30.00", 10, 3), ("70.00", 10, 7)]
        assert audit.findings == ()

    def test_cells_their_counts_do_not_give(self):
        """3 ÷ 10 = 30%, not 50%; 4 ÷ 10 = 40%, not 30%; 3 ÷ 10 = 30%, not 20%."""
        audit = audit_text(self.lines("3(50.00) 4(30.00) 3(20.00) 7(70.00)"))
        assert [(f.code, f.line) for f in audit.errors] == [("rate_mismatch", 4)] * 3

    def test_rows_that_do_not_agree_are_not_read(self):
        """Most cells off their row's first number: it is no n (a year, a code)."""
        lines = ["2019 10 3(50.00) 4(30.00)", "2020 12 5(20.00) 6(10.00)"]
        assert [c for c in audit_text(lines).claims if c.kind is ClaimKind.SHARE] == []

    def test_a_count_above_its_n_is_no_row_of_shares(self):
        lines = ["甲 5 8(80.00) 2(20.00)", "乙 5 9(90.00) 1(10.00)"]
        assert [c for c in audit_text(lines).claims if c.kind is ClaimKind.SHARE] == []
