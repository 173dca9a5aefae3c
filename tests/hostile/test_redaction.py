"""Personal data written inside open answers is redacted in every form the issue found.

Reproducers: ``(138)12345678``, ``+86(138)12345678``, ``tel 138.1234.5678``, full-width
``１３８１２３４５６７８``, IPv6 ``2001:db8::1``, ``QQ 123456789`` and ``微信 wxid_abc123``
reached the report unchanged; the README promised names while the code said names were not
looked for; one long answer of letters and digits took minutes (a quadratic e-mail pattern).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from survey import redaction
from survey.responses import personal
from survey.responses.personal import REDACTED, redact_one, redact_text
from tests.conftest import ROOT

CASES = [
    ("请打 (138)12345678 联系", "请打 [已隐去] 联系"),
    ("+86(138)12345678", "[已隐去]"),
    ("tel 138.1234.5678", "tel [已隐去]"),
    ("电话１３８１２３４５６７８。", "电话[已隐去]。"),
    ("电话 +86 138 1234 5678", "电话 [已隐去]"),
    ("8613812345678", "[已隐去]"),
    ("座机（0571）87654321", "座机[已隐去]"),
    ("服务器 2001:db8::1 坏了", "服务器 [已隐去] 坏了"),
    ("2001:0db8:0000:0000:0000:ff00:0042:8329", "[已隐去]"),
    ("来自 192.168.1.1", "来自 [已隐去]"),
    ("QQ 123456789", "QQ [已隐去]"),
    ("qq号：12345678 有事找我", "qq号：[已隐去] 有事找我"),
    ("微信 wxid_abc123", "微信 [已隐去]"),
    ("加我微信号:zhang_san88", "加我微信号:[已隐去]"),
    ("wxid_k9j8h7 谢谢", "[已隐去] 谢谢"),
    ("身份证 11010519491231002X", "身份证 [已隐去]"),
    ("邮箱 zhang.san+1@example.com。", "邮箱 [已隐去]。"),
    ("联系人：张三，电话略", "联系人：[已隐去]，电话略"),
]

KEPT = [
    "会议 10:30 开始，12:30:45 结束",
    "2023 年满意度 90.5%，比 2022 年高 3.2 个百分点",
    "修复面积 12345678 平方米",  # eight digits: not a phone number
    "王先生说路修好了",           # a name in a sentence is not recognised (documented)
    "QQ群很活跃",
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_each_form_is_redacted(text, expected):
    assert redact_one(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_text_is_kept(text):
    assert redact_one(text) == text


def test_full_width_text_around_a_match_is_kept_as_written():
    """Folding full-width digits is only for finding: the rest keeps its own characters."""
    assert redact_one("（１３８）１２３４５６７８，好") == "[已隐去]，好"
    assert redact_one("满意，ＡＢＣ") == "满意，ＡＢＣ"


def test_series_keeps_missing_values():
    out = redact_text(pd.Series(["QQ 123456", None, "好"], dtype="object"))
    assert out.iloc[0] == f"QQ {REDACTED}" and pd.isna(out.iloc[1]) and out.iloc[2] == "好"


def test_the_promise_and_the_code_agree():
    """The README and the module docstrings say the same: names only after 姓名/联系人; name
    columns are dropped; a name in a sentence is not recognised."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    doc = redaction.__doc__ + personal.__doc__
    for text in (readme, doc):
        assert "姓名" in text and "联系人" in text and "wxid_" in text and "QQ" in text
    assert "not** recognised" in doc and "not recognised" in readme
    assert not re.search(r"stripped of phone and ID numbers", readme)


def test_a_long_run_of_letters_and_digits_is_one_pass():
    """A 200,000-character answer used to take minutes; the search now starts an e-mail
    only where a run of its characters starts (the time is measured by
    benchmarks/bench_redaction.py, not here)."""
    text = "abc123" * 33_334
    assert redact_one(text) == text
    assert redact_one(text + "@example.com") == REDACTED
