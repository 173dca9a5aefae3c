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
