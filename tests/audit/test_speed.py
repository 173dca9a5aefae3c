"""Inputs that used to take quadratic time: each is bounded far below its old cost.

The limits are generous (the old code took 30 s to several minutes on these sizes; the new
code takes well under a second on a quiet machine); benchmarks/audit_pathological.py
records the figures at full size.
"""

from __future__ import annotations

import time

from survey.audit import audit_text
from survey.audit.context import Context, mask
from survey.audit.text import document_from_lines


def _seconds(text: str, kind: str = "txt") -> float:
    start = time.perf_counter()
    audit_text(text, kind=kind)  # type: ignore[arg-type]
    return time.perf_counter() - start


def test_long_digit_run_is_linear() -> None:
    # 50,000 digits: every pattern with an unbounded \d+ used to retry from each digit
    assert _seconds("1" * 50_000 + ".x") < 10


def test_rates_in_one_long_paragraph() -> None:
    # the survey-context look-up ran over the whole paragraph once per rate
    assert _seconds("回收率96.25%，" * 18_000) < 12


def test_mask_blanks_overlapping_spans_once_and_keeps_length() -> None:
    flow = "2023年10月12日发放问卷 30 份，表 3-1 见第 5 题，电话 13800138000。"
    masked = mask(flow)
    assert len(masked) == len(flow)
    assert "30 份" in masked
    for gone in ("2023", "12日", "3-1", "5 题", "13800138000"):
        assert gone not in masked
    assert masked.count(" ") == flow.count(" ")


def test_heading_subject_is_the_nearest_heading_above() -> None:
    doc = document_from_lines(["# 群众问卷", "", "发放问卷 30 份。", "", "# 企业问卷", "",
                               "正文一", "", "发放问卷 20 份。"], kind="md")
    ctx = Context(doc)
    last = doc.blocks[-1]
    assert ctx.heading_subject(last) == "企业"
    assert ctx.heading_subject(doc.blocks[2]) == "群众"
