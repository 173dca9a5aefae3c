"""Personal data written inside a piece of text, found and replaced: the one search that
free-text answers (:func:`survey.responses.personal.redact_text`) and the values quoted in
error messages (:class:`survey.errors.SurveyError`) go through.

A text is searched for the following, each replaced by :data:`REDACTED`; full-width digits
and punctuation (``１３８…``, ``（``, ``＋``) count as their ASCII forms:

- mainland mobile numbers, 11 digits from ``13``–``19``, with or without ``+86``/``0086``/``86``,
  the first three in brackets, or spaces, hyphens or dots between the groups
  (``(138)12345678``, ``+86(138)12345678``, ``138.1234.5678``); landlines with their area code
  (``010-12345678``, ``(0571)87654321``);
- resident identity card numbers (17 digits and a digit or ``X``);
- e-mail addresses; IPv4 addresses; IPv6 addresses written with ``::`` or in full eight groups;
- the number after ``QQ`` (``QQ 123456789``, ``QQ号：…``) and the account after ``微信``,
  ``微信号``, ``wechat``, ``weixin``, ``vx`` (``微信 wxid_abc123``), and any ``wxid_…`` account;
- the name right after ``姓名`` or ``联系人`` (``姓名：张三``).

A name written anywhere else in a sentence (``王先生说…``), a QQ number without the word QQ
and a street address are **not** recognised: the columns that ask for them are dropped when
responses are read (:mod:`survey.responses.personal`). The search runs in time linear in the text (about a second for a
million characters, ``benchmarks/bench_redaction.py``).
"""

from __future__ import annotations

import re

__all__ = ["FULL_WIDTH_FOLD", "REDACTED", "redact_one"]

#: What replaces personal data found inside a text.
REDACTED = "[已隐去]"

_HEX = "[0-9A-Fa-f]"
#: The patterns searched (on the ASCII-folded text, see :data:`FULL_WIDTH_FOLD`). Every
#: match either starts at a literal or is bounded in length, and the e-mail's local part can
#: only start where a run of its characters starts, so the search is linear in the text.
_IN_TEXT = re.compile(
    "|".join((
        r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])",                            # IPv4
        (rf"(?<![0-9A-Fa-f:])(?:(?:{_HEX}{{1,4}}:){{7}}{_HEX}{{1,4}}"              # IPv6
         rf"|(?:{_HEX}{{1,4}}:){{1,6}}:(?:{_HEX}{{1,4}}(?::{_HEX}{{1,4}}){{0,5}})?"
         rf"|::(?:{_HEX}{{1,4}}:){{0,5}}{_HEX}{{1,4}})(?![0-9A-Fa-f:])"),
        r"(?<!\d)\d{17}[\dXx](?!\d)",                                                # ID card
        (r"(?<![\d+])(?:(?:\+|00)?86[\s.-]?)?(?:\(1[3-9]\d\)|1[3-9]\d)"       # mobile
         r"[\s.-]?\d{4}[\s.-]?\d{4}(?!\d)"),
        r"(?<!\d)(?:\(0\d{2,3}\)\s?|0\d{2,3}[\s-])\d{7,8}(?!\d)",                    # landline
        r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++@[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)+",  # e-mail
        r"(?<![A-Za-z0-9_])wxid_[A-Za-z0-9_-]++",                                     # WeChat id
        r"(?i:(?<![a-z])qq)(?:号码?)?[\s:：]{0,3}(?P<qq>\d{5,12})(?!\d)",              # QQ
        (r"(?:微信号?|[vV]信|(?i:(?<![a-z])(?:wechat|weixin|vx)))[\s:：]{0,3}"               # WeChat
         r"(?P<wx>(?i:[a-z][-_a-z0-9]{5,19}))(?![-_A-Za-z0-9])"),
        r"(?:姓名|联系人)[\s:：]{0,3}(?P<name>[\u4e00-\u9fff·]{2,5})",                      # name
    ))
)
_KEYED = ("qq", "wx", "name")
#: Full-width ASCII (U+FF01–U+FF5E) and the ideographic space, folded one character to one,
#: so the positions in the folded text are the positions in the original.
FULL_WIDTH_FOLD = {**{c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}, 0x3000: 0x20}


def redact_one(text: str) -> str:
    """``text`` with the personal data listed in the module docstring replaced.

    >>> redact_one("电话 +86(138)1234-5678，QQ 123456789，微信 wxid_abc123")
    '电话 [已隐去]，QQ [已隐去]，微信 [已隐去]'
    >>> redact_one("服务器 2001:db8::1，会议 10:30")
    '服务器 [已隐去]，会议 10:30'
    """
    folded = text.translate(FULL_WIDTH_FOLD)
    pieces: list[str] = []
    last = 0
    for match in _IN_TEXT.finditer(folded):
        group = next((g for g in _KEYED if match.group(g) is not None), None)
        start, end = match.span(group) if group else match.span()
        pieces += [text[last:start], REDACTED]
        last = end
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)
