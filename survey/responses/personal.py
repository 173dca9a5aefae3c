"""Personal data (个人信息) in response files: recognised, and kept out of every output.

Survey platforms add the respondent's IP address to every download (问卷星 ``来自IP``), and
evaluators' own forms ask for names and phone numbers. None of it belongs in a report, a
``results.json`` or a problems table. A column is personal when its header says so
(``IP``, ``姓名``, ``手机``, ``联系电话``, ``身份证``, ``邮箱``, ``微信``, ``QQ``, ``住址`` …) or when
most of its values look like IP addresses, mainland phone numbers, resident identity card
numbers or e-mail addresses. Such columns are dropped when responses are read, unless the
user asks to keep them (``keep_personal=True``, ``--keep-personal``). The IP address survives
only as :data:`IP_KEY_COLUMN`, a number that is equal for equal addresses (for the optional
duplicate-IP rule) and says nothing about the address.

Free-text answers are searched for phone numbers, identity card numbers, e-mail and IP
addresses, which are replaced by :data:`REDACTED`; a name written in free text cannot be
recognised reliably and is not looked for.
"""

from __future__ import annotations

import re
from typing import Literal

import pandas as pd

from survey.responses._text import fold

__all__ = [
    "IP_KEY_COLUMN",
    "REDACTED",
    "PersonalKind",
    "ip_key",
    "personal_kind",
    "redact_text",
]

PersonalKind = Literal["ip", "phone", "name", "id_card", "email", "contact", "address"]

#: Column of the response frame that stands in for the IP address (equal number = same IP).
IP_KEY_COLUMN = "ip_key"
#: What replaces personal data found inside free-text answers.
REDACTED = "[已隐去]"

_HEADER_RULES: tuple[tuple[PersonalKind, re.Pattern[str]], ...] = (
    ("ip", re.compile(r"(?:^|[^a-z])ip(?:地址|address)?(?:$|[^a-z])", re.IGNORECASE)),
    ("id_card", re.compile(r"身份证|证件号|idcard|id\s*card", re.IGNORECASE)),
    ("phone", re.compile(r"手机|电话|手机号|mobile|phone|(?:^|[^a-z])tel(?:$|[^a-z])",
                         re.IGNORECASE)),
    ("email", re.compile(r"邮箱|电子邮件|e-?mail", re.IGNORECASE)),
    ("contact", re.compile(r"联系方式|微信号|微信昵称|昵称|(?:^|[^a-z])qq(?:号)?(?:$|[^a-z])|"
                           r"openid|用户标识", re.IGNORECASE)),
    ("name", re.compile(r"姓名|名字|联系人|受访者签名|签名|^name$|^(?:full|your)\s*name",
                        re.IGNORECASE)),
    ("address", re.compile(r"住址|家庭地址|详细地址|通讯地址|门牌", re.IGNORECASE)),
)

_IP = r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])"
_PHONE = r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)"
_ID_CARD = r"(?<!\d)\d{17}[\dXx](?!\d)"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_VALUE_RULES: tuple[tuple[PersonalKind, re.Pattern[str]], ...] = (
    ("id_card", re.compile(rf"^\s*{_ID_CARD}\s*$")),
    ("ip", re.compile(rf"^\s*{_IP}(?:\s*\(.*\))?\s*$")),
    ("phone", re.compile(rf"^\s*(?:{_PHONE})\s*$")),
    ("email", re.compile(rf"^\s*{_EMAIL}\s*$")),
)
_IN_TEXT = re.compile(f"{_ID_CARD}|{_EMAIL}|{_IP}|{_PHONE}")
# Share of a column's non-empty values that must look personal for the column to be so.
_VALUE_SHARE = 0.5


def personal_kind(header: str, values: pd.Series | None = None) -> PersonalKind | None:
    """The kind of personal data in a column, from its header or its values; else ``None``.

    >>> personal_kind("来自IP")
    'ip'
    >>> personal_kind("12、您的联系电话（选填）")
    'phone'
    >>> personal_kind("respondent_id", pd.Series(["13912345678", "13800001111"]))
    'phone'
    >>> personal_kind("满意程度") is None
    True
    """
    text = fold(str(header))
    for kind, pattern in _HEADER_RULES:
        if pattern.search(text):
            return kind
    if values is None:
        return None
    sample = values.dropna()
    if not len(sample) or not _is_text(sample):
        return None
    sample = sample.astype(str).head(2000)
    for kind, pattern in _VALUE_RULES:
        if sample.str.match(pattern).mean() >= _VALUE_SHARE:
            return kind
    return None


def _is_text(values: pd.Series) -> bool:
    return values.dtype == object or isinstance(values.dtype, pd.StringDtype)


def ip_key(values: pd.Series) -> pd.Series:
    """Equal numbers for equal IP addresses (``1.2.3.4(省-市)`` counts as ``1.2.3.4``).

    The numbers follow the order of first appearance and are ``<NA>`` for a missing address;
    the addresses themselves are not kept.

    >>> ip_key(pd.Series(["1.2.3.4(上海-上海)", "5.6.7.8", "1.2.3.4", None])).tolist()
    [0, 1, 0, <NA>]
    """
    text = values.astype("string").str.replace(r"\s*[(（].*$", "", regex=True).str.strip()
    text = text.mask(text == "")
    codes, _ = pd.factorize(text, use_na_sentinel=True)
    out = pd.array(codes, dtype="Int64")
    out[codes < 0] = pd.NA
    return pd.Series(out, index=values.index, name=IP_KEY_COLUMN)


def redact_text(values: pd.Series) -> pd.Series:
    """Free text with phone numbers, identity card numbers, e-mail and IP addresses replaced.

    >>> redact_text(pd.Series(["请联系 13812345678 王先生", "很好"])).tolist()
    ['请联系 [已隐去] 王先生', '很好']
    """
    text = values.astype("string")
    found = text.str.contains(_IN_TEXT, na=False)
    if not found.any():
        return text
    out = text.copy()
    out[found] = text[found].str.replace(_IN_TEXT, REDACTED, regex=True)
    return out

