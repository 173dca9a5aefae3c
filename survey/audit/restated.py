"""The valid count restated where it is used: 本次调查的 368 份有效问卷中, 基于全部 386 份有效问卷.

Reports state the valid count in the fieldwork section (回收有效问卷 386 份) and again where
the results begin, with the number before its noun. Read as a
:attr:`~survey.audit.registry.ClaimKind.VALID` claim, the restatement is compared with the
first statement by ``figure_contradiction`` (:mod:`survey.audit.checks.fieldwork`).

Only a restatement that names the whole survey right before the number (本次调查的, 此次,
全部, 所有, 基于, 根据) is read: "其中线上回收的 120 份有效问卷" is a part, and a count
after a channel or wave word (线上, 第二轮) is marked a part as the fieldwork reader does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from survey.audit.context import Context
from survey.audit.inline import is_part
from survey.audit.model import Claim
from survey.audit.registry import ClaimKind, extractor
from survey.audit.text import Block

__all__ = ["RESTATED_VALID", "extract"]

RESTATED_VALID = re.compile(
    r"(?:本次调查|本次调研|本次|此次调查|此次|全部|所有|基于|根据|通过对|对)(?:的|所)?"
    r"(?:回收|收回|获得|收集)?(?:的)?\s*(?P<num>(?<![\d.,])\d+)\s*份\s*有效(?:调查)?(?:问卷|答卷|样本)")
"""A restated valid count: 本次调查的 368 份有效问卷, 基于全部 386 份有效问卷."""


@extractor(priority=31)
def extract(ctx: Context, block: Block) -> Iterator[Claim | None]:
    """Valid counts restated with the number before the noun."""
    for m in RESTATED_VALID.finditer(ctx.masked, block.start, block.end):
        num = m.span("num")
        details = {"part": True} if is_part(ctx, num[0]) else None
        yield ctx.claim(ClaimKind.VALID, m.span(), num, group=f"fw{block.index}",
                        details=details)
