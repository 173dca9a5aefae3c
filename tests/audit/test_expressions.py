"""Arithmetic statements read from text and recomputed (survey.audit.expressions), and the
sample-size readings that depend on them."""

from __future__ import annotations

from fractions import Fraction

import pytest

from survey.audit.expressions import find_statements, mismatches, readings
from survey.audit.run import audit_text
from survey.audit.text import normalise


def _false(text: str) -> list[tuple[str, float, str]]:
    found = []
    for statement in find_statements(normalise(text)):
        for m in mismatches(statement):
            found.append((m.shown, round(float(m.value), 4), m.stated.text))
    return found


@pytest.mark.parametrize("text", [
    "n=1.96²×0.5×0.5/0.05²=384.16",          # 3.8416 × 0.25 / 0.0025
    "n=1.962×0.5×(1—0.5)/0.052=384.16≈385",   # flattened squares, em dash, ceil after ≈
    "n=[1.96^2*0.5*(1-0.5)]/0.05^2=384.16",
    "385÷(1-20%)≈482",                         # 481.25 rounded up
    "1068÷(1-10%)≈1187",                       # 1186.67
    "n=2400/(1+2400×0.052)=342.86",            # Yamane, 0.05² flattened
    "n=1.962×1502/202=216.09",                 # 1502 = 150², 202 = 20²
    "有效率=296/300×100%=98.66%",               # 98.666… truncated
    "回收率=300/320=93.75%",                    # a fraction printed in percent
    "n=1.645²×0.25/0.05²=270.60",
    "0.1+0.2=0.3",
    "ｎ＝１．９６２×０．５×０．５÷０．０３２＝１０６７．１１",
    "130x0.75=97.5",
    "n'=138.30/(1+138.30/1792)≈128",
])
def test_true_statements_pass(text: str) -> None:
    assert list(find_statements(normalise(text))), text
    assert _false(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("385×1.15≈578人", [("385×1.15", 442.75, "578")]),
    ("n=128/0.98≈135人", [("128/0.98", 130.6122, "135")]),
    ("130×0.75=96人", [("130×0.75", 97.5, "96")]),
    ("385÷(1-20%)≈462份", [("385/(1-20%)", 481.25, "462")]),
    ("合计126+214=350份", [("126+214", 340.0, "350")]),
    ("有效率=312/350×100%=91.14%", [("312/350×100%", 89.1429, "91.14%")]),
    ("n=384.16/(1+(384.16-1)/800)≈296", [("384.16/(1+(384.16-1)/800)", 259.7519, "296")]),
    # a weighted mean of level counts shows no square: 82 is no 8² (529/184 = 2.875)
    ("(12×5+39×4+49×3+82×2+2×1)/(12+39+49+82+2)=2.96",
     [("(12×5+39×4+49×3+82×2+2×1)/(12+39+49+82+2)", 2.875, "2.96")]),
    ("合计82+1=65", [("82+1", 83.0, "65")]),
])
def test_false_statements_are_found(text: str, expected: list[tuple[str, float, str]]) -> None:
    assert _false(text) == expected


@pytest.mark.parametrize("text", [
    "置信度1-α=0.95", "Z=1.96", "p=0.5", "见第3页表1-2", "e=5%", "n=Z2×P×(1—P)/e2",
    "Zα/2=1.96", "1:2",
])
def test_no_statement_without_a_numeric_expression(text: str) -> None:
    assert _false(text) == []


def test_readings_restore_flattened_squares() -> None:
    segment = next(find_statements("1.962×0.25/0.052=384.16")).segments[0]
    shown = {s: lo for s, (lo, hi) in readings(segment)}
    assert shown["1.96²×0.25/0.05²"] == Fraction("384.16")
    assert "1.962×0.25/0.052" in shown  # the literal reading is kept


def test_three_decimal_operands_may_be_rounded() -> None:
    # 0.333 stands for 1/3: 0.333×300 = 99.9 but 100 is what 1/3 × 300 gives
    assert _false("0.333×300=100") == []
    # two decimals are taken as written
    assert _false("0.33×300=100") == [("0.33×300", 99.0, "100")]


def test_coarse_rounding_only_after_approx() -> None:
    assert _false("1.96²×0.25/0.05²≈380") == []
    assert _false("1.96²×0.25/0.05²=380") == [("1.96²×0.25/0.05²", 384.16, "380")]


def _codes(text: str) -> list[tuple[str, int, str]]:
    return [(f.code, f.line, f.severity.value) for f in audit_text(text).findings]


def test_arithmetic_statement_finding_in_a_report() -> None:
    text = "样本量：由于采用整群抽样，取设计效应deff=1.5，则需调查385×1.15≈578人。"
    audit = audit_text(text)
    assert [(f.code, f.severity.value) for f in audit.findings] == [
        ("arithmetic_statement", "error")]
    assert "442.75" in audit.findings[0].message


def test_minimum_below_the_formula_is_an_error() -> None:
    text = ("取p=0.5，置信水平取95%，Z值为1.96，允许误差e取5%。\n"
            "代入得n=[1.96^2*0.5*(1-0.5)]/0.05^2=384.16，因此至少需要调查384个样本。")
    assert _codes(text) == [("sample_size_formula", 2, "error")]
    # without 至少, taking 384 is only a warning
    text = text.replace("因此至少需要调查384个样本", "样本量取384")
    assert _codes(text) == [("sample_size_formula", 2, "warning")]


def test_formula_operand_is_not_the_sample_size() -> None:
    text = "置信度取95%，Z=1.96，P取0.5，允许误差e=5%。代入得：n=1.962×0.5×(1—0.5)/0.052=384.16，向上取整为385。"
    audit = audit_text(text)
    sizes = [c.text for c in audit.claims if c.kind.value == "sample_size"]
    assert sizes == ["384.16", "385"]
    assert audit.findings == ()


def test_second_scenario_uses_its_own_margin() -> None:
    text = ("在总体比例未知时取p=0.5，置信水平取95%，Z值为1.96，允许误差e取5%，n=384.16，取385。"
            "若允许误差放宽到10%，样本量约为97个。")
    assert _codes(text) == []
    assert _codes(text.replace("约为97个", "约为90个")) == [("sample_size_formula", 1, "error")]


def test_yamane_only_up_to_95_percent() -> None:
    text = ("调查对象为5000户居民，置信水平取{level}%，允许误差为5%。\n"
            "采用Yamane公式n=N/(1+Ne²)计算：n=5000/(1+5000×0.05²)=370.37，向上取整为371户。")
    assert _codes(text.format(level=95)) == []
    assert _codes(text.format(level=99)) == [("sample_size_formula", 2, "error")]


def test_one_minus_alpha_is_a_confidence_level() -> None:
    audit = audit_text("以置信度1-α=95%、容许误差3%估计，取p=0.5，最小样本量n=1.96²×0.25/0.03²=1067.11，取1068人。")
    kinds = {c.kind.value: c.text for c in audit.claims}
    assert "alpha" not in kinds
    assert kinds["confidence"] == "95"
    assert audit.findings == ()
    audit = audit_text("样本量计算以置信度1-α=0.95为标准，Z值取1.96。")
    assert [c.text for c in audit.claims if c.kind.value == "confidence"] == ["95"]
    assert not [c for c in audit.claims if c.kind.value == "alpha"]


def test_template_years_are_not_figures() -> None:
    audit = audit_text("满意度得分20xx年为86.5分，202X年度满意度为90.5分。")
    assert [c.text for c in audit.claims] == ["90.5"]
    assert audit.findings == ()


@pytest.mark.parametrize("text", [
    "33.33%+33.33%+33.33%=100.00%", "33%+33%+33%=100%", "28.6%+35.7%+35.7%=100%",
    "87.5%-85%=2.5%", "100%-5%=95%",
])
def test_sums_of_rounded_shares_pass(text: str) -> None:
    assert _false(text) == []


def test_sums_of_counts_are_exact() -> None:
    assert _false("12.5%+30.5%=45%") == [("12.5%+30.5%", 43.0, "45%")]
    assert _false("126+214=341") == [("126+214", 340.0, "341")]


def test_square_of_a_parenthesis_flattened() -> None:
    assert _false("n=(1.96)2×0.5×0.5/(0.05)2=384.16") == []
    assert _false("n=(1.96)2×0.5×0.5/(0.04)2=384.16") == [
        ("(1.96)2×0.5×0.5/(0.04)2", 600.25, "384.16")]


def test_square_lost_altogether() -> None:
    # (1.96×950/100)² = 346.7: the ² vanished in copying, the statement still holds
    assert _false("n'=(1.96×950/100)≈347") == []
    assert _false("n'=(1.96×950/100)≈360") == [("(1.96×950/100)", 18.62, "360")]


def test_an_operand_is_not_the_named_figure() -> None:
    audit = audit_text("本次共回收有效问卷412份。按非常满意与满意之和计算，总体满意率为42.5%+38.6%=83.1%。")
    assert not [c for c in audit.claims if c.kind.value == "satisfaction_rate"]
    assert [(f.code, f.line) for f in audit.findings] == [("arithmetic_statement", 1)]
    assert "81.1%" in audit.findings[0].message


def test_two_digit_flattened_squares() -> None:
    assert _false("n=(4×32)/0.52=144") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("本次共回收有效问卷350份，超过了最小样本量385份的要求。", [("sample_size_formula", 1, "error")]),
    ("本次共回收有效问卷392份，满足最小样本量385份的要求。", []),
    # the returned count reaches the minimum: the words may be about it
    ("回收问卷400份，其中有效问卷350份，满足样本量385的要求。", []),
])
def test_sample_said_to_meet_a_minimum(text: str, expected: list[tuple[str, int, str]]) -> None:
    assert [c for c in _codes(text) if c[0] == "sample_size_formula"] == expected


def test_a_square_root_is_not_read() -> None:
    """A real page's standard error, √(15.5×84.5/45) = 5.39: the copy keeps the √ but not the
    bar over the radicand, so the chain is left alone (it was read as 15.5×84.5/45 = 29.1)."""
    text = "Sp =√P(1-P)/n = √15.5(100-15.5)/45 = 5.39 %"
    assert list(find_statements(normalise(text))) == []
    assert not audit_text(text).errors


def test_a_stacked_fraction_copied_onto_one_line() -> None:
    """A real page's finite-population sample size, its fraction bars lost in the copy:
    0.25 ÷ (0.0025/3.8416 + 0.25/1000) = 277.5, so 278 is right; 882 for the same form with
    σ = 150 and e = 30 is not (22500 ÷ (900/3.8416 + 22.5) = 87.6)."""
    assert _false("n=0.5*0.5/0.05*0.05/1.96*1.96+0.5*0.5/1000=278") == []
    found = mismatches(next(find_statements(normalise(
        "n=150*150/30*30/1.96*1.96+150*150/1000=882"))))
    assert len(found) == 1 and round(float(found[0].value), 1) == 87.6
