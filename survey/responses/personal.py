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

Free-text answers are searched as :mod:`survey.redaction` describes, each find replaced by
:data:`REDACTED` (:func:`redact_text`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from survey.redaction import FULL_WIDTH_FOLD, REDACTED, redact_one
from survey.responses._arrow_text import arrow_text, character_bytes
from survey.responses._text import fold

__all__ = [
    "IP_KEY_COLUMN",
    "REDACTED",
    "PersonalKind",
    "ip_key",
    "personal_id_kind",
    "personal_kind",
    "pseudonymise_ids",
    "redact_one",
    "redact_text",
]

PersonalKind = Literal["ip", "phone", "name", "id_card", "email", "contact", "address"]

#: Column of the response frame that stands in for the IP address (equal number = same IP).
IP_KEY_COLUMN = "ip_key"

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
    """Free text with the personal data listed in the module docstring replaced by
    :data:`REDACTED`.

    Each distinct text is searched once (:func:`pandas.factorize`): a million answers with
    a few thousand distinct texts cost a few thousand searches.

    >>> redact_text(pd.Series(["请联系 13812345678 王先生", "很好", None, "很好"])).tolist()
    ['请联系 [已隐去] 王先生', '很好', <NA>, '很好']
    """
    text = values.astype("string")
    codes, distinct = pd.factorize(text, use_na_sentinel=True)
    done = pd.array([redact_one(t) for t in distinct], dtype="string")
    return pd.Series(done.take(codes, allow_fill=True), index=values.index, name=values.name,
                     dtype="string")


#: Common surnames (the first character of a name like ``张三16``).
_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
             "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
             "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
_NAME_ID = re.compile(rf"^[{_SURNAMES}][\u4e00-\u9fff]{{1,2}}[-_ ]?\d{{0,6}}$")
_PHONE_ID = re.compile(r"^(?:\+?86[\s-]?)?1[3-9]\d[\s.-]?\d{4}[\s.-]?\d{4}$")
_ID_CARD_ID = re.compile(r"^\d{17}[\dX]$")
_ID_CARD_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id_card_valid(text: str) -> bool:
    """GB 11643-1999 check digit: sum(digit × weight) mod 11 indexes ``10X98765432``."""
    total = sum(int(d) * w for d, w in zip(text[:17], _ID_CARD_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == text[17]


def personal_id_kind(ids: pd.Series) -> PersonalKind | None:
    """Whether respondent ids are personal data: ``"phone"`` or ``"id_card"`` when any id is
    a mainland mobile number or an identity card number with a valid check digit,
    ``"name"`` when at least half look like a name with a number (``张三16``); else ``None``.

    Each id is read full-width folded (:data:`FULL_WIDTH_FOLD`), stripped and upper-cased;
    empty ids are left out.

    >>> personal_id_kind(pd.Series(["13800000001", "13800000002"]))
    'phone'
    >>> personal_id_kind(pd.Series(["11010519491231002X"]))
    'id_card'
    >>> personal_id_kind(pd.Series(["张三16", "李四17"]))
    'name'
    >>> personal_id_kind(pd.Series(["R0001", "R0002", "东村-01"])) is None
    True
    """
    if _short_ascii(ids):
        return None
    text = ids.dropna().astype(str)
    plain, others = _ascii_ids(text)
    # An ASCII id cannot start with a surname: names are looked for among the others only,
    # each read in Python.
    folded = [f for v in others
              if (f := (v if v.isascii() else v.translate(FULL_WIDTH_FOLD)).strip().upper())]
    total = folded_count = len(folded)
    total += plain.count
    if not total:
        return None
    lengths = np.fromiter(map(len, folded), dtype=np.int64, count=folded_count)

    def of_length(low: int, high: int) -> list[str]:
        return [folded[i] for i in np.flatnonzero((lengths >= low) & (lengths <= high)).tolist()]

    if plain.any_phone() or any(
            _PHONE_ID.match(v) for v in of_length(11, 17)):
        return "phone"
    if plain.any_id_card() or any(
            _ID_CARD_ID.match(v) and _id_card_valid(v) for v in of_length(18, 18)):
        return "id_card"
    names = sum(1 for v in of_length(2, 10) if v[0] in _SURNAMES and _NAME_ID.match(v))
    if names / total >= _VALUE_SHARE:
        return "name"
    return None


#: The fewest characters of a phone number (11 digits); an identity card number has 18.
_SHORTEST_PHONE = 11


def _short_ascii(ids: pd.Series) -> bool:
    """Whether every id is ASCII and shorter than a phone number, so that none can be a
    phone or identity card number (trimming only shortens them) nor a name (a name starts
    with a Chinese surname): then :func:`personal_id_kind` is ``None`` without reading an
    id. Decided on the ids' own Arrow memory when pandas holds them there (the lengths
    from the offsets, ASCII from the largest byte of the character data,
    :mod:`survey.responses._arrow_text`); for ids held otherwise, ``False`` (the full
    check decides)."""
    text = arrow_text(ids)
    if text is None:
        return False
    import pyarrow.compute as pc

    longest = pc.max(pc.binary_length(text)).as_py()
    if longest is not None and longest >= _SHORTEST_PHONE:
        return False
    return all(part.max(initial=0) < 0x80 for part in character_bytes(ids) or ())


#: What :meth:`str.strip` removes from ASCII text (the characters whose ``isspace()`` holds).
_ASCII_SPACE = "".join(chr(c) for c in range(128) if chr(c).isspace())
_SPACE_CLASS = "[" + "".join(f"\\x{ord(c):02x}" for c in _ASCII_SPACE)
#: :data:`_PHONE_ID` and :data:`_ID_CARD_ID` for ASCII text in RE2 (pyarrow's regular
#: expressions): ``\d`` is ``[0-9]`` there and ``\s`` the ASCII spaces ``str.strip`` removes.
_PHONE_RE2 = (rf"^(?:\+?86{_SPACE_CLASS}-]?)?1[3-9][0-9]{_SPACE_CLASS}.-]?[0-9]{{4}}"
              rf"{_SPACE_CLASS}.-]?[0-9]{{4}}$")
_ID_CARD_RE2 = r"^[0-9]{17}[0-9X]$"


@dataclass(frozen=True)
class _PlainIds:
    """The ASCII ids, stripped and upper-cased, empty ones left out, as a pyarrow array."""

    values: Any

    @property
    def count(self) -> int:
        return len(self.values)

    def _of_length(self, low: int, high: int) -> Any:
        """The ids of ``low`` to ``high`` characters (none at all, cheaply, when every id
        is shorter, as numbered ids are)."""
        import pyarrow.compute as pc

        lengths = pc.binary_length(self.values)
        longest = pc.max(lengths).as_py()
        if longest is None or longest < low:
            return self.values.slice(0, 0)
        return self.values.filter(pc.and_(pc.greater_equal(lengths, low),
                                          pc.less_equal(lengths, high)))

    def any_phone(self) -> bool:
        """Any id that :data:`_PHONE_RE2` matches (11 to 17 characters long)."""
        import pyarrow.compute as pc

        phones = self._of_length(11, 17)
        return bool(len(phones)) and bool(
            pc.any(pc.match_substring_regex(phones, _PHONE_RE2)).as_py())

    def any_id_card(self) -> bool:
        """Any id of 17 digits and a check digit that :func:`_id_card_valid` accepts,
        computed on every candidate at once."""
        import pyarrow.compute as pc

        cards = self._of_length(18, 18)
        cards = cards.filter(pc.match_substring_regex(cards, _ID_CARD_RE2))
        if not len(cards):
            return False
        total = np.zeros(len(cards), dtype=np.int64)
        for i, weight in enumerate(_ID_CARD_WEIGHTS):
            digit = pc.cast(pc.utf8_slice_codeunits(cards, i, i + 1), "int64")
            total += weight * digit.to_numpy(zero_copy_only=False)
        last = pc.utf8_slice_codeunits(cards, 17, 18)
        check = np.where(pc.equal(last, "X").to_numpy(zero_copy_only=False), 10,
                         pc.cast(pc.replace_substring(last, "X", "0"), "int64")
                         .to_numpy(zero_copy_only=False))
        expected = np.array([1, 0, 10, 9, 8, 7, 6, 5, 4, 3, 2])[total % 11]
        return bool((check == expected).any())


def _ascii_ids(text: pd.Series) -> tuple[_PlainIds, list[str]]:
    """``text`` split into its ASCII ids, read at once by pyarrow, and the others as a
    list."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = pa.array(text, type=pa.large_string())
    ascii_ = pc.string_is_ascii(values)
    others = values.filter(pc.invert(ascii_)).to_pylist()
    plain = pc.ascii_upper(pc.ascii_trim(values.filter(ascii_), characters=_ASCII_SPACE))
    plain = plain.filter(pc.greater(pc.binary_length(plain), 0))
    return _PlainIds(plain), others


def pseudonymise_ids(ids: pd.Series, rows: pd.Index) -> pd.Series:
    """Each distinct id replaced by ``#`` and the row of the file where it first appears, so
    equal ids stay equal (a repeated id is still found) and a missing id stays missing.

    >>> pseudonymise_ids(pd.Series(["13800000001", None, "13800000001"]),
    ...                  pd.Index([2, 3, 4])).tolist()
    ['#2', <NA>, '#2']
    """
    codes, _ = pd.factorize(ids.astype("string"), use_na_sentinel=True)
    first: dict[int, str] = {}
    out: list[str | None] = []
    for code, row in zip(codes, rows, strict=True):
        if code < 0:
            out.append(None)
        else:
            out.append(first.setdefault(int(code), f"#{row}"))
    return pd.Series(pd.array(out, dtype="string"), index=ids.index, name=ids.name)
