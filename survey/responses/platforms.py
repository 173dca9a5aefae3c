"""What Chinese survey platforms put in their downloads, and how to read it.

问卷星 (wjx.cn) downloads start with the columns ``序号, 提交答卷时间, 所用时间, 来源, 来源详情,
来自IP`` and head each question ``N、题干``; in the 按选项序号 download a multiple-choice
question is split into one 0/1 column per option headed ``第N题(选项)`` (newer downloads:
``N、(选项)``), and matrix rows are separate columns headed the same way. A question its
logic skipped is ``(跳过)`` in text downloads and ``-3`` in code downloads; an optional
question left empty is ``(空)`` / ``-2``. 所用时间 reads ``125秒``; "other, please specify"
text follows the option as ``其他〖写的内容〗``; a ranking is joined by ``→``.

腾讯问卷 (wj.qq.com) CSV headers begin ``编号, 开始答题时间, 结束答题时间, 答题时长``;
questions are ``N.题干`` and a split multiple choice ``N.题干:选项``.

The platform is recognised from the header row (:func:`detect_platform`); each header is
parsed into the question number, its text and the option or matrix row it carries
(:func:`parse_header`). Which question type a split column belongs to (matrix row or
multiple-choice option) cannot be told from the header: the instrument decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from survey.responses._arrow_text import arrow_text
from survey.responses._text import fold
from survey.responses.personal import personal_kind

__all__ = [
    "MISSING_CODES",
    "MISSING_TEXTS",
    "ColumnKind",
    "Header",
    "Platform",
    "detect_platform",
    "parse_duration",
    "parse_header",
    "split_other",
]

Platform = Literal["wjx", "tencent", "generic"]
ColumnKind = Literal[
    "respondent_id", "submitted_at", "started_at", "duration", "source", "location", "meta",
    "ip", "phone", "name", "id_card", "email", "contact", "address",
    "question", "option", "unknown",
]
MissingKind = Literal["skipped", "empty"]

#: Cells that mean "not shown by the platform's logic" (skipped) or "shown, left empty".
MISSING_TEXTS: dict[str, MissingKind] = {"(跳过)": "skipped", "(空)": "empty"}
#: The same in 问卷星's code downloads.
MISSING_CODES: dict[int, MissingKind] = {-3: "skipped", -2: "empty"}

_META: dict[Platform, dict[str, ColumnKind]] = {
    "wjx": {
        "序号": "respondent_id", "答卷编号": "respondent_id", "提交答卷时间": "submitted_at",
        "所用时间": "duration", "来源": "source", "来源详情": "source", "来自ip": "ip",
        "总分": "meta", "填写设备": "meta", "ip属地": "location",
    },
    "tencent": {
        "编号": "respondent_id", "开始答题时间": "started_at", "结束答题时间": "submitted_at",
        "答题时长": "duration", "地理位置国家和地区": "location", "地理位置省": "location",
        "地理位置市": "location", "自定义字段": "meta", "ip": "ip", "ip地址": "ip",
        "来源": "source", "渠道": "source",
    },
    "generic": {
        "respondent_id": "respondent_id", "问卷编号": "respondent_id", "编号": "respondent_id",
        "序号": "respondent_id", "duration_seconds": "duration", "答题时长": "duration",
        "所用时间": "duration", "用时": "duration",
    },
}
_SIGNATURE: dict[Platform, frozenset[str]] = {
    "wjx": frozenset({"序号", "提交答卷时间", "所用时间", "来源详情", "来自ip"}),
    "tencent": frozenset({"编号", "开始答题时间", "结束答题时间", "答题时长"}),
}

# 第6题(运动) — 问卷星's split columns, older downloads.
_WJX_SPLIT = re.compile(r"^第\s*(\d+)\s*题\s*\((.*)\)$")
# 6、(运动) / 6、题干 / 6.题干 / 6．题干
_NUMBERED = re.compile(r"^(\d+)\s*[、.]\s*(.*)$")
# Q5_3 / q5.3 / Q12
_Q_STYLE = re.compile(r"^[Qq](\d+)(?:[_.-](\d+))?$")
_TRAILING_PAREN = re.compile(r"^(.*?)\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)$")


@dataclass(frozen=True)
class Header:
    """One column header as parsed.

    ``question`` is the question number printed in the header (第 N 题) or ``None``;
    ``text`` the question text it carries; ``option`` the option or matrix row named in it;
    ``position`` a 1-based option or row number (``Q5_3``); ``kind`` what the column holds.
    ``option_in_text`` is a trailing parenthesis that may be an option (``6、题干(运动)``)
    or part of the question text (``4、年龄(周岁)``): the instrument decides.
    """

    column: str
    question: int | None
    text: str | None
    option: str | None
    kind: ColumnKind
    position: int | None = None
    option_in_text: str | None = None


def _meta_key(header: str) -> str:
    return re.sub(r"\s+", "", fold(header)).lower()


def detect_platform(headers: list[str]) -> Platform:
    """问卷星, 腾讯问卷 or a generic table, from the header row.

    >>> detect_platform(["序号", "提交答卷时间", "所用时间", "1、性别"])
    'wjx'
    >>> detect_platform(["编号", "开始答题时间", "结束答题时间", "答题时长", "1.性别"])
    'tencent'
    >>> detect_platform(["respondent_id", "sat_1"])
    'generic'
    """
    keys = {_meta_key(h) for h in headers}
    scores = {p: len(keys & sig) for p, sig in _SIGNATURE.items()}
    best = max(scores, key=lambda p: scores[p])
    if scores[best] >= 2:
        return best
    if any(_WJX_SPLIT.match(fold(h)) for h in headers):
        return "wjx"
    return "generic"


def parse_header(column: str, platform: Platform, values: pd.Series | None = None) -> Header:
    """Parse one header of a ``platform`` download (``values`` help recognise personal data).

    >>> parse_header("第6题(IT数码)", "wjx")
    Header(column='第6题(IT数码)', question=6, text=None, option='IT数码', kind='option', position=None, option_in_text=None)
    >>> h = parse_header("4、年龄 ", "wjx")
    >>> (h.question, h.text, h.kind)
    (4, '年龄', 'question')
    >>> h = parse_header("3.您对以下方面是否满意:服务态度", "tencent")
    >>> (h.question, h.text, h.option, h.kind)
    (3, '您对以下方面是否满意', '服务态度', 'option')
    """
    text = fold(str(column))
    meta = _META.get(platform, {}).get(_meta_key(text))
    if meta is not None:
        return Header(column, None, None, None, meta)
    if m := _WJX_SPLIT.match(text):
        return Header(column, int(m.group(1)), None, m.group(2).strip(), "option")
    if m := _Q_STYLE.match(text):
        position = int(m.group(2)) if m.group(2) else None
        return Header(column, int(m.group(1)), None, None,
                      "option" if position else "question", position=position)
    if m := _NUMBERED.match(text):
        number, rest = int(m.group(1)), m.group(2).strip()
        personal = personal_kind("", values) if values is not None else None
        if personal:
            return Header(column, number, rest or None, None, personal)
        if rest.startswith("(") and rest.endswith(")") and _balanced(rest[1:-1]):
            return Header(column, number, None, rest[1:-1].strip(), "option")
        if platform == "tencent" and re.search(r"[:：]", rest):
            stem, option = re.split(r"[:：]", rest, maxsplit=1)
            return Header(column, number, stem.strip() or None, option.strip(), "option")
        trailing = _TRAILING_PAREN.match(rest)
        return Header(column, number, rest or None, None, "question",
                      option_in_text=trailing.group(2).strip() if trailing else None)
    kind = personal_kind(text, values)
    if kind is not None:
        return Header(column, None, None, None, kind)
    return Header(column, None, text or None, None, "unknown")


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += (char == "(") - (char == ")")
        if depth < 0:
            return False
    return depth == 0


_OTHER = re.compile(r"^(.*?)〖(.*)〗\s*$", re.DOTALL)


def split_other(cell: str) -> tuple[str, str | None]:
    """``其他〖写的内容〗`` → ``("其他", "写的内容")``; a cell without 〖〗 → ``(cell, None)``.

    >>> split_other("其他【请注明】〖我妈买的。〗")
    ('其他【请注明】', '我妈买的。')
    >>> split_other("运动")
    ('运动', None)
    """
    m = _OTHER.match(cell)
    if not m:
        return cell, None
    return m.group(1).strip(), m.group(2).strip() or None


_DURATION_UNITS = re.compile(
    r"^(?:(?P<h>\d+(?:\.\d+)?)\s*(?:小时|时|h|hr|hours?))?\s*"
    r"(?:(?P<m>\d+(?:\.\d+)?)\s*(?:分钟|分|m|min|minutes?))?\s*"
    r"(?:(?P<s>\d+(?:\.\d+)?)\s*(?:秒钟|秒|s|sec|seconds?))?$",
    re.IGNORECASE,
)
_DURATION_CLOCK = re.compile(r"^(\d+):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?$")


def _one_duration(text: str) -> float | None:
    text = fold(text)
    try:
        return float(text)
    except ValueError:
        pass
    if m := _DURATION_CLOCK.match(text):
        a, b, c = m.groups()
        if c is None:  # m:ss
            return int(a) * 60 + int(b)
        return int(a) * 3600 + int(b) * 60 + float(c)
    m = _DURATION_UNITS.match(text)
    if m and any(m.groups()):
        h, mi, s = (float(g) if g else 0.0 for g in m.group("h", "m", "s"))
        return h * 3600 + mi * 60 + s
    return None


def _whole_seconds(values: pd.Series) -> np.ndarray | None:
    """Completion times written as ASCII digits only (``125``, as platforms and the
    benchmark write seconds), read at once by pyarrow on the column's own Arrow memory:
    each is the number :func:`_one_duration` reads (``float`` of the digits: the whole
    number, exact in int64, rounded to the nearest float64 as ``float`` rounds the
    decimal), a blank cell NaN. ``None`` when some cell is anything else or a number
    beyond 2**63 - 1, or the column is not held by Arrow: then each distinct text is read
    in Python."""
    text = arrow_text(values)
    if text is None:
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pc.all(pc.ascii_is_decimal(text), min_count=0).as_py():
        return None
    try:  # refused past 2**63 - 1
        numbers = pc.cast(text, pa.int64())
    except pa.ArrowInvalid:
        return None
    # numpy's (and pyarrow's, for a column with blanks) conversion of int64 to float64
    # rounds to nearest, ties to even: the correctly rounded value ``float`` gives
    seconds: np.ndarray = numbers.to_numpy(zero_copy_only=False).astype("float64", copy=False)
    return seconds


def parse_duration(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Completion times in seconds, and a mask of the cells that are not a duration.

    Reads ``125``, ``125秒``, ``2分5秒``, ``1小时2分``, ``2:05`` (m:ss) and ``0:02:05``. Each
    distinct text is parsed once, so a million rows cost as much as their distinct values.

    >>> seconds, bad = parse_duration(pd.Series(["125秒", "2分5秒", "0:02:05", None, "快"]))
    >>> seconds.tolist()[:3], bad.tolist()
    ([125.0, 125.0, 125.0], [False, False, False, False, True])
    """
    if pd.api.types.is_numeric_dtype(values.dtype):
        return values.astype("float64"), pd.Series(False, index=values.index)
    whole = _whole_seconds(values)
    if whole is not None:
        return pd.Series(whole, index=values.index), pd.Series(False, index=values.index)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    parsed = np.array([_one_duration(str(u)) for u in uniques], dtype=object)
    seconds_of = np.array([np.nan if p is None else p for p in parsed], dtype="float64")
    unknown = np.array([p is None for p in parsed], dtype=bool)
    seconds = np.full(len(values), np.nan)
    bad = np.zeros(len(values), dtype=bool)
    present = codes >= 0
    seconds[present] = seconds_of[codes[present]]
    bad[present] = unknown[codes[present]]
    return pd.Series(seconds, index=values.index), pd.Series(bad, index=values.index)
