"""Counts per answer level written beside a satisfaction rate: 非常满意 86 人、满意 74 人、
一般 28 人、不满意 12 人，满意率为 80%.

A sentence that names a satisfaction rate or degree (满意率, 满意度) and gives two or more
counts of satisfaction levels yields one :attr:`~survey.audit.registry.ClaimKind.LEVEL_COUNT`
claim per count, grouped by sentence, each with its level on the five-point scale
(:func:`survey.audit.shares.likert_level`) or ``"unknown"`` for the answers that are no
level (不了解, 不清楚, 说不清): :mod:`survey.audit.checks.levels` recomputes the rate from them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from survey.audit.context import Context
from survey.audit.model import Claim
from survey.audit.registry import ClaimKind, extractor
from survey.audit.shares import likert_level
from survey.audit.text import Block

__all__ = ["LEVEL_COUNT", "UNKNOWN_ANSWERS", "extract"]

UNKNOWN_ANSWERS = ("不了解", "不清楚", "说不清", "不好说", "不知道", "无法评价", "不好评价")
"""Answers that are no level of the scale: a rate may be computed without them."""

_LEVEL_WORDS = ("非常不满意", "十分不满意", "很不满意", "极不满意", "比较不满意", "不太满意", "非常满意",
                "十分满意", "很满意", "比较满意", "基本满意", "一般满意", "还算满意", "不满意", "满意",
                "一般", *UNKNOWN_ANSWERS)
LEVEL_COUNT = re.compile(
    r"(?P<label>" + "|".join(_LEVEL_WORDS) + r")[”\"」']?\s*(?:的)?\s*(?:有|为|是|共|计|占)?\s*"
    r"(?P<num>\d+)\s*(?P<unit>人次|人|份|户|票|例|名|位)(?![\d.])")
"""One level's count: 非常满意 86 人, “满意”的有 74 人, 不了解 20 人."""
_RATE_WORD = re.compile(r"(?<!不)满意(?:率|度)")
_SENTENCE = re.compile(r"[^。!?！？\n]+")


@extractor(priority=89)
def extract(ctx: Context, block: Block) -> Iterator[Claim | None]:
    """Level counts of each sentence that also names a satisfaction rate."""
    if block.is_table or _RATE_WORD.search(ctx.masked, block.start, block.end) is None:
        return
    for s in _SENTENCE.finditer(ctx.masked, block.start, block.end):
        if not _RATE_WORD.search(s.group()):
            continue
        found = list(LEVEL_COUNT.finditer(ctx.masked, s.start(), s.end()))
        if len(found) < 2:
            continue
        group = ctx.new_group("levels")
        for m in found:
            label = m.group("label")
            level = likert_level(label)
            yield ctx.claim(ClaimKind.LEVEL_COUNT, m.span(), m.span("num"), group=group,
                            label=label, find_subject=False,
                            details={"level": level[1] if level else None,
                                     "unknown": label in UNKNOWN_ANSWERS})
