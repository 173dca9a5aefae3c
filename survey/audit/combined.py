"""Columns that add answer options up: 满意率, 满意加比较满意, 非常满意+满意, 满意及以上, 不满意率.

A satisfaction table with one column per answer option often ends with a column that sums
some of them. Which options it sums is read from its header:

- named options joined by 加, 和, 与, 及, 、 or ``+`` (满意加比较满意比例, 非常满意+满意): those
  options, and only them;
- an option followed by 及以上 or 以上 (比较满意及以上): every option from the satisfied end of
  the scale down to it;
- 满意率 or 满意度: the satisfied end of the scale, as the reports define it — the top option
  alone, the top two (非常满意 + 满意, the usual 满意率), or the top three when the third is a
  kind of satisfied (基本满意, 还算满意); a 满意度 that is no 率 may also be the weighted score
  of a five-option scale (100/80/60/40/20 or 100/75/50/25/0 over the shares);
- 不满意率: the dissatisfied end in the same way (the bottom option, or the bottom two).

Each way of adding up is a :class:`Reading`; :mod:`survey.audit.checks.combined` tests the
printed figure against every reading and reports it only when none fits. Answers that are
no level of the scale (不了解, 不清楚) are kept apart: a rate may leave them out of its base.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from survey.audit.levels import UNKNOWN_ANSWERS
from survey.audit.shares import LEVEL_TERMS, likert_level

__all__ = ["COMBINED_HEADER", "Reading", "named_options", "option_phrase", "option_word", "readings",
           "satisfied_end"]

_OPTION_WORDS = LEVEL_TERMS
_WORD = "(?:" + "|".join(_OPTION_WORDS) + ")"
_JOIN = r"\s*(?:加上|加|和|与|及|、|\+|＋|/)\s*"
_SUFFIX = r"(?:的)?(?:人数|之和|合计|总和|比例|占比|百分比|比率|率|\s*[(（]%[)）]|\s*%)*"
_NAMED = re.compile(rf"^(?P<words>{_WORD}(?:{_JOIN}{_WORD})+){_SUFFIX}\s*$")
_AT_LEAST = re.compile(rf"^(?P<word>{_WORD})\s*(?:及以上|以上){_SUFFIX}\s*$")
_DISSATISFIED = re.compile(r"^不满意(?:率|度)" + _SUFFIX + r"\s*$")
_SATISFIED = re.compile(r"^(?:总体|综合|总)?满意(?:率|度)" + _SUFFIX + r"\s*$")
COMBINED_HEADER = re.compile("|".join(p.pattern for p in (_NAMED, _AT_LEAST, _DISSATISFIED)))
"""A header that names a sum of options (满意率 and 满意度 keep their own role)."""

_BASIC = ("基本满意", "还算满意", "基本同意")
_WEIGHTS: tuple[tuple[int, ...], ...] = ((100, 80, 60, 40, 20), (100, 75, 50, 25, 0))


@dataclass(frozen=True)
class Reading:
    """One way a combined figure may be computed from its row: the options it adds up
    (``parts``) or, for a weighted score, each option's weight in percent (``weights``);
    ``without_unknown``: over the answers that are a level of the scale only."""

    parts: tuple[str, ...] = ()
    weights: tuple[tuple[str, int], ...] = ()
    without_unknown: bool = False

    def describe(self) -> str:
        """The reading as a formula of option names: ``非常满意 + 满意``."""
        return self.described({})

    def described(self, names: Mapping[str, str]) -> str:
        """:meth:`describe` with each option under the name ``names`` gives it (as the table
        prints it), else its own."""
        if self.weights:
            return " + ".join(f"{w}%×{names.get(o, o)}" for o, w in self.weights)
        return " + ".join(names.get(o, o) for o in self.parts)


_FRAMING = re.compile(r"^(?:选择|认为|表示|回答|评价为?|感到|觉得)|(?:的人数|的比例|的占比|的|占|为|共|合计|是)+$")


def option_word(label: str) -> str | None:
    """The answer option a share's words name (选择“比较满意”的占 → 比较满意), or None.

    >>> option_word("选择非常满意的占"), option_word("不满意的占"), option_word("男性")
    ('非常满意', '不满意', None)
    """
    return next((w for w in _OPTION_WORDS if w in label), None)


def option_phrase(label: str) -> str:
    """A share's words without their framing, to be read as a header (非常满意和满意的占 →
    非常满意和满意).

    >>> option_phrase("选择非常满意和满意的占")
    '非常满意和满意'
    """
    return _FRAMING.sub("", _strip(label).strip("“”\"「」"))


def _strip(header: str) -> str:
    return re.sub(r"\s+", "", header.replace("（", "(").replace("）", ")"))


def satisfied_end(options: Sequence[str]) -> list[str] | None:
    """The options in order from the most satisfied, or None when their order is not a
    scale (no level at either end, or both ends at one level).

    >>> satisfied_end(["不满意", "一般", "满意", "非常满意"])
    ['非常满意', '满意', '一般', '不满意']
    """
    scale = [o for o in options if o not in UNKNOWN_ANSWERS]
    if len(scale) < 2:
        return None
    first, last = likert_level(scale[0]), likert_level(scale[-1])
    if first is None or last is None or first[1] == last[1]:
        return None
    return list(scale) if first[1] > last[1] else list(reversed(scale))


def _end(ordered: list[str], *, satisfied: bool) -> list[tuple[str, ...]]:
    """The readings from one end of the scale (``ordered`` from that end): one, two and three
    options for as long as they are on that side — satisfied (level ≥ 4, or a kind of 基本满意)
    or dissatisfied (level ≤ 2)."""
    found = []
    for k in range(1, min(3, len(ordered) - 1) + 1):
        level = likert_level(ordered[k - 1])
        if level is None or not ((level[1] >= 4 or ordered[k - 1] in _BASIC) if satisfied
                                 else level[1] <= 2):
            break
        found.append(tuple(ordered[:k]))
    return found


def named_options(header: str) -> tuple[str, ...] | None:
    """The options a header names one by one (非常满意+满意 → 非常满意, 满意), or None when it
    names none or names an end of the scale instead (满意率, 满意及以上).

    >>> named_options("满意加比较满意比例"), named_options("满意率")
    (('满意', '比较满意'), None)
    """
    m = _NAMED.match(_strip(header))
    return tuple(w for w in re.split(_JOIN, m.group("words")) if w) if m else None


def readings(header: str, options: Sequence[str]) -> list[Reading]:
    """The readings of a column headed ``header`` in a table whose option columns are
    ``options`` (in column order); empty when the header names no sum of them.

    >>> [r.describe() for r in readings("满意加比较满意比例", ["满意", "比较满意", "基本满意"])]
    ['满意 + 比较满意']
    >>> [r.describe() for r in readings("满意率", ["非常满意", "满意", "一般", "不满意"])]
    ['非常满意', '非常满意 + 满意']
    """
    text = _strip(header)
    ordered = satisfied_end(options)
    sets: list[tuple[str, ...]] = []
    weighted: list[Reading] = []
    if named := named_options(text):
        if len(set(named)) == len(named) and all(w in options for w in named):
            sets.append(named)
    elif m := _AT_LEAST.match(text):
        word = m.group("word")
        if ordered and word in ordered:
            sets.append(tuple(ordered[:ordered.index(word) + 1]))
    elif _DISSATISFIED.match(text):
        if ordered:
            sets += _end(list(reversed(ordered)), satisfied=False)
    elif _SATISFIED.match(text) and ordered:
        sets += _end(ordered, satisfied=True)
        if "率" not in text and len(ordered) == 5:
            weighted = [Reading(weights=tuple(zip(ordered, w, strict=True))) for w in _WEIGHTS]
    found = [Reading(parts=s) for s in sets] + weighted
    if any(o in UNKNOWN_ANSWERS for o in options):
        found += [Reading(r.parts, r.weights, without_unknown=True) for r in found]
    return found
