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

__all__ = ["LEVEL_COUNT", "RESPECTIVELY", "UNKNOWN_ANSWERS", "extract"]

UNKNOWN_ANSWERS = ("不了解", "不清楚", "说不清", "不好说", "不知道", "无法评价", "不好评价")
"""Answers that are no level of the scale: a rate may be computed without them."""

_LEVEL_WORDS = ("非常不满意", "十分不满意", "很不满意", "极不满意", "比较不满意", "不太满意", "非常满意",
                "十分满意", "很满意", "比较满意", "基本满意", "一般满意", "还算满意", "不满意", "满意",
                "一般", *UNKNOWN_ANSWERS)
LEVEL_COUNT = re.compile(
    r"(?P<label>" + "|".join(_LEVEL_WORDS) + r")[”\"」']?\s*(?:的)?\s*(?:有|为|是|共|计|占)?\s*"
    r"(?P<num>\d+)\s*(?P<unit>人次|人|份|户|票|例|名|位)(?![\d.])")
"""One level's count: 非常满意 86 人, “满意”的有 74 人, 不了解 20 人."""
_WORD = "(?:" + "|".join(_LEVEL_WORDS) + ")"
_AND = r"\s*[、，,和及与]\s*"
RESPECTIVELY = re.compile(
    rf"(?P<labels>{_WORD}(?:{_AND}{_WORD})+)\s*(?:的)?(?:人数|例数|患者|者)?\s*"
    rf"(?:分别为|分别是|分别有|依次为|各为)\s*(?P<nums>\d+(?:{_AND}\d+)+)\s*"
    r"(?P<unit>人次|人|份|户|票|例|名|位)(?![\d.])")
"""Counts given respectively, as nursing and medical papers write them: 非常满意、满意、不满意
分别为 19、12、2 例."""
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
        listed = list(RESPECTIVELY.finditer(ctx.masked, s.start(), s.end()))
        for m in listed:
            yield from _respectively(ctx, m)
        if listed:
            continue
        found = list(LEVEL_COUNT.finditer(ctx.masked, s.start(), s.end()))
        if len(found) < 2:
            continue
        group = ctx.new_group("levels")
        for m in found:
            yield _level_claim(ctx, m.group("label"), m.span(), m.span("num"), group)


def _level_claim(ctx: Context, label: str, span: tuple[int, int], number: tuple[int, int],
                 group: str) -> Claim | None:
    level = likert_level(label)
    return ctx.claim(ClaimKind.LEVEL_COUNT, span, number, group=group, label=label,
                     find_subject=False, details={"level": level[1] if level else None,
                                                  "unknown": label in UNKNOWN_ANSWERS})


def _respectively(ctx: Context, m: re.Match[str]) -> Iterator[Claim | None]:
    """The claims of one respectively-list: the i-th count is the i-th level's, each its own
    figure (the list's span is each one's words, so a finding quotes the whole list)."""
    labels = re.split(_AND, m.group("labels"))
    nums = list(re.finditer(r"\d+", m.group("nums")))
    if len(labels) != len(nums):
        return
    group = ctx.new_group("levels")
    offset = m.start("nums")
    for label, num in zip(labels, nums, strict=True):
        yield _level_claim(ctx, label, m.span(), (offset + num.start(), offset + num.end()),
                           group)
