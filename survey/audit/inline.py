"""Claims written in sentences: fieldwork, coefficients, satisfaction, sample size, indicators.

Each family is one small function over one block of the masked flow. A pattern match is a
candidate; it becomes a claim unless its context says otherwise: a number followed by
以上/以下 is a threshold, not a result; 回收率 outside a survey paragraph is a loan's; an α
next to 显著性 is a significance level.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from survey.audit import patterns as P
from survey.audit.context import Context
from survey.audit.fractions import fraction_after
from survey.audit.model import Claim
from survey.audit.registry import KINDS, ClaimKind, KindSpec, extractor, make_details
from survey.audit.text import Block

__all__ = ["is_part", "per_point_in", "read_patterns", "rules_in"]

_ZH_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9, "十": 10}
_RATE_KINDS = {
    "有效问卷回收率": ClaimKind.EFFECTIVE_RETURN_RATE, "问卷有效回收率": ClaimKind.EFFECTIVE_RETURN_RATE,
    "有效回收率": ClaimKind.EFFECTIVE_RETURN_RATE, "回收有效率": ClaimKind.VALID_RATE,
    "问卷有效率": ClaimKind.VALID_RATE, "有效问卷率": ClaimKind.VALID_RATE,
    "有效率": ClaimKind.VALID_RATE, "问卷回收率": ClaimKind.RETURN_RATE, "回收率": ClaimKind.RETURN_RATE,
    "问卷可利用率": ClaimKind.VALID_RATE, "可利用率": ClaimKind.VALID_RATE,
    "问卷合格率": ClaimKind.VALID_RATE, "有效问卷比例": ClaimKind.VALID_RATE,
    "有效比例": ClaimKind.VALID_RATE, "问卷回复率": ClaimKind.RETURN_RATE, "回复率": ClaimKind.RETURN_RATE,
    "问卷应答率": ClaimKind.RETURN_RATE, "应答率": ClaimKind.RETURN_RATE,
    "问卷回答率": ClaimKind.RETURN_RATE, "回答率": ClaimKind.RETURN_RATE,
    "响应率": ClaimKind.RETURN_RATE, "参与率": ClaimKind.RETURN_RATE,
}
_RESPECTIVE_NAMES = re.compile(
    r"有效问卷回收率|有效回收率|回收有效率|问卷有效率|有效率|问卷可利用率|可利用率|问卷回收率|回收率"
    r"|问卷应答率|应答率|参与率|发放(?:问卷)?|回收(?:问卷)?|有效问卷|有效")
_RESPECTIVE_KINDS = {"发放": ClaimKind.ISSUED, "回收": ClaimKind.RETURNED, "有效": ClaimKind.VALID}
_RELIABILITY_WORDS = re.compile(r"(?<![置可])信度|Cronbach|克朗巴哈|克隆巴赫|一致性")
_ONE_MINUS = re.compile(r"1\s*[-−]\s*$")  # 1-α: a confidence level, α the significance
# Words one of a family's patterns needs: a block without them is skipped with one search
# instead of one per pattern (most paragraphs of a report state no coefficient)
_COEFFICIENT_WORDS = re.compile(
    r"信度|Cronbach|克朗|克隆|克伦|一致性|α|[Aa]lpha|ALPHA|效度|CV[IR]|载荷|相关|CITC|KMO|Kaiser"
    r"|(?<![A-Za-z])r\s*=")
_VARIANCE_WORDS = re.compile(r"方差|变异")
_DELETED_WORDS = re.compile(r"删|[Dd]eleted")
_BARTLETT_WORDS = re.compile(r"Bartlett|巴特")


def _mentions(ctx: Context, block: Block, words: re.Pattern[str]) -> bool:
    return words.search(ctx.flow, block.start, block.end) is not None


_DELETED_BEFORE = re.compile(r"(?:删除|删去|去掉|去除|项已删除)[^。;\n]{0,12}$")
_RANGE = re.compile(r"[^\d。;\n]{0,8}?(?P<lo>" + P.NUMBER + r")\s*[-–—~至到]\s*(?P<hi>"
                    + P.NUMBER + r")")
_JOINED = re.compile(r"\s*(?:和|及|与|、|,|，|以及)\s*(?:问卷)?")
_NAME_TAIL = re.compile(r"[\s份数量问卷的]*")
_LISTED = re.compile(r"[^\d。;\n]{0,8}?分别(?:为|是)?\s*")
_ANY_COUNT = re.compile(r"\d+\s*(?:份|人|名)")
_AVERAGE = re.compile(r"平均|均值|加权|综合|总体|整体")
_FORMULA_LINE = re.compile(r"[nN]\s*=")
_INDICATOR_NAME = re.compile(r"([\u4e00-\u9fff]{2,12}(?:满意度|率|指标))")
_OPERATOR_AFTER = re.compile(r"\s*(?:[×*·÷/^²+—–]|-\s*\d)")
_TABLE_CELL_END = re.compile(r"[ \t]*(?:\||\n|$)| {2,}|\t")


# --- helpers --------------------------------------------------------------------------


def _threshold(ctx: Context, num_start: int, num_end: int) -> bool:
    """A bound (以上, 大于 0.7), not a reported figure."""
    end = num_end
    if ctx.masked[end:end + 1] == "%":
        end += 1
    if P.THRESHOLD_AFTER.match(ctx.masked, end):
        return True
    return bool(P.THRESHOLD_BEFORE.search(ctx.masked[max(0, num_start - 8):num_start]))


def _percent_text(text: str, has_pct: bool) -> tuple[str, bool]:
    """A rate printed as a proportion (0.9563) rewritten as a percentage (95.63)."""
    if has_pct:
        return text, True
    value = float(text)
    if 0 <= value <= 1 and "." in text:
        whole, frac = text.split(".")
        digits = (whole + frac).lstrip("0") or "0"
        decimals = max(len(frac) - 2, 0)
        scaled = int(digits) * (10 ** max(2 - len(frac), 0))
        body = str(scaled).rjust(decimals + 1, "0")
        return (body[:-decimals] + "." + body[-decimals:]) if decimals else body, True
    return text, value <= 100


def _cell_end(ctx: Context, pos: int) -> bool:
    return bool(_TABLE_CELL_END.match(ctx.masked, pos))


def _values_list(ctx: Context, m: re.Match[str]) -> list[tuple[int, int]]:
    """The number spans of a match; several when its connector says 分别 (a list)."""
    start, end = m.span("num")
    if not P.RESPECTIVELY.search(ctx.masked[m.start():start]):
        return [(start, end)]
    listed = P.VALUE_LIST.match(ctx.masked, start)
    if not listed:
        return [(start, end)]
    return [(start + n.start(), start + n.end()) for n in P.NUMBER_RE.finditer(listed.group())]


# --- fieldwork ---------------------------------------------------------------------------


@extractor(priority=21)
def _fieldwork(ctx: Context, block: Block) -> Iterator[Claim | None]:
    group = f"fw{block.index}"
    text = ctx.masked
    for pattern, kind in ((P.ISSUED, ClaimKind.ISSUED), (P.RETURNED, ClaimKind.RETURNED),
                          (P.VALID, ClaimKind.VALID), (P.INVALID, ClaimKind.INVALID),
                          (P.PARTICIPANTS, ClaimKind.RETURNED)):
        for m in pattern.finditer(text, block.start, block.end):
            name = "num" if m.group("num") is not None else "num2"
            num = m.span(name)
            if text[num[1]:num[1] + 2].lstrip().startswith("%") or "." in m.group(name):
                continue
            unit = m.group("unit") if name == "num" else m.group("unit2")
            in_label = "(份" in m.group() or "(张" in m.group()
            if pattern is not P.PARTICIPANTS and kind in (ClaimKind.ISSUED, ClaimKind.RETURNED) and not (
                    unit in ("份", "张", "套") or in_label or (block.is_table and _cell_end(ctx, num[1]))):
                continue
            if kind is ClaimKind.VALID:
                bare = m.group("kw") == "有效"
                if (bare and unit != "份") or unit in ("票",):
                    continue
            actual_kind = ClaimKind.PLANNED if kind is ClaimKind.ISSUED and m.group("plan") else kind
            row_group = group
            if block.is_table:
                row_group = f"{group}r{ctx.flow.count(chr(10), block.start, num[0])}"
            details = {"part": True} if is_part(ctx, num[0]) else None
            yield ctx.claim(actual_kind, m.span(), num, group=row_group, details=details)
    surveyed: bool | None = None  # whether the block is about a survey: asked once
    for m in P.RATE.finditer(text, block.start, block.end):
        if surveyed is None:
            surveyed = bool(P.SURVEY_CONTEXT.search(ctx.flow, block.start, block.end) or
                            P.SURVEY_CONTEXT.search(ctx.flow, max(0, block.start - 200), block.start))
        if not surveyed:
            continue
        if _threshold(ctx, *m.span("num")):
            continue
        value, percent = _percent_text(m.group("num"), bool(m.group("pct")))
        if not percent:
            continue
        row_group = group
        if block.is_table:
            row_group = f"{group}r{ctx.flow.count(chr(10), block.start, m.start())}"
        yield ctx.claim(_RATE_KINDS[m.group("label")], m.span(), m.span("num"), percent=True,
                        group=row_group, value_text=value)
    yield from _rates_as_shares(ctx, block)
    yield from _rates_computed(ctx, block, group)


_RATE_BEFORE = re.compile(
    "(?P<label>" + "|".join(sorted(_RATE_KINDS, key=len, reverse=True)) + r")"
    r"\s*(?:的?计算(?:公式)?(?:为|是)?)?\s*(?:[:=]|为|是)?\s*$")


def _rates_computed(ctx: Context, block: Block, group: str) -> Iterator[Claim | None]:
    """有效回收率 = (820 / 840) × 100% = 97.62%: a fieldwork rate given as the result of its
    written computation is the rate the text states (the last percentage of the chain)."""
    if block.is_table:
        return
    for statement in ctx.statements(block):
        lead_start = max(block.start, statement.start - 16)
        named = _RATE_BEFORE.search(ctx.masked, lead_start, statement.start)
        if named is None or statement.segments[0].kind != "expression":
            continue
        results = [r for r in statement.results() if r.percent]
        if not results:
            continue
        result = results[-1]
        yield ctx.claim(_RATE_KINDS[named.group("label")], (named.start(), result.end),
                        (result.start, result.end), percent=True, group=group,
                        value_text=result.tokens[0].text)


_SHARE_GAP = re.compile(r"[\s，,]*$")
_SHARE_NAMED = re.compile(r"(?:(?P<valid>有效(?:问卷|答卷|样本))|(?:回收|收回)(?:问卷|答卷))(?:数|份数|数量)?\s*$")
_SHARE_KINDS = {("回收", ClaimKind.VALID): ClaimKind.VALID_RATE,
                ("发放", ClaimKind.VALID): ClaimKind.EFFECTIVE_RETURN_RATE,
                ("发放", ClaimKind.RETURNED): ClaimKind.RETURN_RATE}


def _rates_as_shares(ctx: Context, block: Block) -> Iterator[Claim | None]:
    """有效问卷 279 份，占回收问卷的 97.55%: a share of the returned (issued) count right after
    a valid (returned) count, or after its name (有效问卷占发放问卷的 95%), is the 有效率
    (有效回收率, 回收率)."""
    for m in P.RATE_AS_SHARE.finditer(ctx.masked, block.start, block.end):
        s_start, _ = ctx.sentence(m.start())
        before = ctx.masked[s_start:m.start()]
        numerator: ClaimKind | None = None
        for pattern, count_kind in ((P.VALID, ClaimKind.VALID), (P.RETURNED, ClaimKind.RETURNED)):
            last = None
            for last in pattern.finditer(before):  # noqa: B007 - keep the last
                pass
            if last is not None and _SHARE_GAP.match(before, last.end()):
                numerator = count_kind
                break
        named = _SHARE_NAMED.search(before)
        if named is not None:
            numerator = ClaimKind.VALID if named.group("valid") else ClaimKind.RETURNED
        den = {"收回": "回收", "发出": "发放"}.get(m.group("den"), m.group("den"))
        rate_kind = _SHARE_KINDS.get((den, numerator)) if numerator else None
        if rate_kind is None:
            continue
        yield ctx.claim(rate_kind, m.span(), m.span("num"), percent=True, group=f"fw{block.index}",
                        details={"over": "issued" if den == "发放" else "returned"})


def is_part(ctx: Context, pos: int) -> bool:
    """Whether the count at ``pos`` is a part (线上, 第一轮, 各, 每): the last such word before it
    in its sentence comes after the last word for a whole (共, 合计).

    A channel word (线上, 现场, 入户 …) makes a part only where the paragraph names two
    channels (线上 and 线下, 入户 and 拦截): 调查于服务站现场进行，发出问卷 260 份 is the whole.
    各/每/分别 make a part only in the count's own clause (每个村发放问卷 30 份), not in an
    earlier one (在各社区拦截居民，发放问卷 300 份)."""
    s_start, _ = ctx.sentence(pos)
    text = ctx.flow[s_start:pos]
    split = ctx.memo(f"channels{ctx.block(pos).index}", lambda: _channels_split(ctx, pos))
    clause = max(text.rfind("，"), text.rfind(","))
    parts = [m.end() for m in P.PART_WORDS.finditer(text)
             if (split or not P.CHANNEL_WORDS.fullmatch(m.group()))
             and (m.start() > clause or not P.EACH_WORDS.fullmatch(m.group()))]
    wholes = [m.end() for m in P.WHOLE_WORDS.finditer(text)]
    return bool(parts) and (not wholes or parts[-1] > wholes[-1])


def _channels_split(ctx: Context, pos: int) -> bool:
    """Whether the paragraph at ``pos`` divides the fieldwork by channel (names both kinds
    of :data:`~survey.audit.patterns.CHANNELS` or of :data:`~survey.audit.patterns.VISITS`)."""
    block = ctx.block(pos)
    return any(all(p.search(ctx.flow, block.start, block.end) for p in pair)
               for pair in (P.CHANNELS, P.VISITS))


@extractor(priority=20)
def _respectively(ctx: Context, block: Block) -> Iterator[Claim | None]:
    """回收率和有效率分别为 95.63% 和 98.04%: names matched in order to values."""
    for r in P.RESPECTIVELY.finditer(ctx.masked, block.start, block.end):
        start, _ = ctx.sentence(r.start())
        names = list(_RESPECTIVE_NAMES.finditer(ctx.masked, start, r.start()))
        if len(names) < 2:
            continue
        # only names joined by 和/、/及 directly before 分别
        chain = [names[-1]]
        for previous in reversed(names[:-1]):
            between = ctx.masked[previous.end():chain[0].start()]
            if _JOINED.fullmatch(between):
                chain.insert(0, previous)
            else:
                break
        if len(chain) < 2 or not _NAME_TAIL.fullmatch(ctx.masked[chain[-1].end():r.start()]):
            continue
        listed = P.VALUE_LIST.search(ctx.masked, r.end(), min(block.end, r.end() + 60))
        if not listed or ctx.masked[r.end():listed.start()].strip(" 为是:") != "":
            continue
        numbers = list(P.NUMBER_RE.finditer(listed.group()))
        if len(numbers) != len(chain):
            continue
        group = f"fw{block.index}"
        for name, number in zip(chain, numbers, strict=True):
            span = (listed.start() + number.start(), listed.start() + number.end())
            word = name.group()
            kind = _RATE_KINDS.get(word) or _RESPECTIVE_KINDS.get(word[:2])
            if kind is None:
                continue
            percent = ctx.masked[span[1]:span[1] + 2].lstrip().startswith("%")
            if (kind in _RATE_KINDS.values()) != percent:
                continue
            yield ctx.claim(kind, (name.start(), span[1]), span, percent=percent, group=group)


# --- coefficients ------------------------------------------------------------------------

_COEFFICIENTS = (
    (P.ALPHA, ClaimKind.ALPHA), (P.VALIDITY, ClaimKind.VALIDITY),
    (P.LOADING, ClaimKind.LOADING), (P.CORRELATION, ClaimKind.CORRELATION),
    (P.KMO, ClaimKind.KMO),
)


@extractor(priority=24)
def _coefficients(ctx: Context, block: Block) -> Iterator[Claim | None]:
    if not _mentions(ctx, block, _COEFFICIENT_WORDS):
        return
    for pattern, kind in (*_COEFFICIENTS, (P.ALPHA_BARE, ClaimKind.ALPHA)):
        for m in pattern.finditer(ctx.masked, block.start, block.end):
            if _threshold(ctx, *m.span("num")):
                continue
            if kind is ClaimKind.ALPHA and _DELETED_BEFORE.search(ctx.masked[max(0, m.start() - 16):m.start()]):
                continue
            if kind is ClaimKind.ALPHA and _ONE_MINUS.search(ctx.masked, max(0, m.start() - 4), m.start()):
                continue
            s_start, s_end = ctx.sentence(m.start())
            sentence = ctx.flow[s_start:s_end]
            if pattern is P.ALPHA_BARE and (not _RELIABILITY_WORDS.search(sentence)
                                           or "显著" in sentence or "水平" in sentence
                                           or _ONE_MINUS.search(ctx.masked, max(0, m.start() - 4),
                                                                m.start())):
                continue
            if kind is ClaimKind.CORRELATION and m.groupdict().get("kw") == "r" and "显著" in sentence \
                    and "p" not in sentence.lower():
                continue
            spans = _values_list(ctx, m)
            group = ctx.new_group("coef") if len(spans) > 1 else None
            keyword = m.groupdict().get("kw") or m.group()[:m.start("num") - m.start()]
            details: dict[str, Any] = {"keyword": keyword.strip(" :=为是")}
            if kind is ClaimKind.ALPHA and P.STANDARDISED.search(ctx.masked, max(0, m.start() - 12),
                                                                  m.start()):
                details["standardized"] = True
            if "all" in m.re.groupindex and m.group("all"):
                count = _item_count_in(ctx, s_start, s_end)
                details["all_items"] = count if count else True
            if kind is ClaimKind.KMO:
                grade = P.KMO_GRADE.search(ctx.masked, m.end(), s_end)
                if grade:
                    details["grade"] = ("unsuitable" if grade.group("neg") == "不" else
                                        "very" if grade.group("very") and not grade.group("neg")
                                        else "suitable")
            for span in spans:
                yield ctx.claim(kind, (m.start(), span[1]), span, group=group, details=details)


@extractor(priority=30)
def _variance_explained(ctx: Context, block: Block) -> Iterator[Claim | None]:
    """Variance explained by factors, per factor or cumulative (累计方差解释率 84.123%)."""
    if not _mentions(ctx, block, _VARIANCE_WORDS):
        return
    verbs = (m for m in P.VARIANCE_EXPLAINS.finditer(ctx.masked, block.start, block.end)
             if m.group("of") or m.group("tail"))
    for m in itertools.chain(P.VARIANCE_EXPLAINED.finditer(ctx.masked, block.start, block.end), verbs):
        if _threshold(ctx, *m.span("num")):
            continue
        spans = _values_list(ctx, m)
        s_start, _ = ctx.sentence(m.start())
        group = ctx.new_group("var") if len(spans) > 1 else None
        details = make_details(ClaimKind.VARIANCE_EXPLAINED,
                               {"cumulative": bool(m.group("cum")), "sentence": s_start})
        for span in spans:
            # a factor solution is one population's, and no check compares populations here
            yield ctx.claim(ClaimKind.VARIANCE_EXPLAINED, (m.start(), span[1]), span, percent=True,
                            group=group, details=details, find_subject=False)


_RANGE_KINDS = {"loading": ClaimKind.LOADING, "correlation": ClaimKind.CORRELATION,
                "validity": ClaimKind.VALIDITY}


@extractor(priority=19)
def _coefficient_ranges(ctx: Context, block: Block) -> Iterator[Claim | None]:
    """A coefficient's range (CITC 介于 0.412~1.126): both ends claimed, each checked."""
    if not _mentions(ctx, block, _COEFFICIENT_WORDS):
        return
    for m in P.COEFFICIENT_RANGE.finditer(ctx.masked, block.start, block.end):
        name = next(k for k in _RANGE_KINDS if m.group(k))
        group = ctx.new_group("range")
        for end in ("lo", "hi"):
            yield ctx.claim(_RANGE_KINDS[name], (m.start(), m.end()), m.span(end), group=group,
                            details={"keyword": m.group(name), "range": "low" if end == "lo" else "high"},
                            find_subject=False)  # a range is checked on its own


def _item_count_in(ctx: Context, start: int, end: int) -> int | None:
    m = P.ITEM_COUNT.search(ctx.masked, start, end)
    return _int(m.group("num")) if m else None


def _int(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text in _ZH_DIGITS:
        return _ZH_DIGITS[text]
    if len(text) == 2 and text[0] == "十" and text[1] in _ZH_DIGITS:
        return 10 + _ZH_DIGITS[text[1]]
    if len(text) in (2, 3) and text[1] == "十" and text[0] in _ZH_DIGITS:
        return 10 * _ZH_DIGITS[text[0]] + (_ZH_DIGITS.get(text[2], 0) if len(text) == 3 else 0)
    return None


@extractor(priority=28, digits=False)
def _item_counts(ctx: Context, block: Block) -> Iterator[Claim | None]:
    for m in P.ITEM_COUNT.finditer(ctx.masked, block.start, block.end):
        value = _int(m.group("num"))
        if value is None or value < 2:
            continue
        yield ctx.claim(ClaimKind.ITEM_COUNT, m.span(), m.span("num"), value_text=str(value))


@extractor(priority=23)
def _alpha_deleted(ctx: Context, block: Block) -> Iterator[Claim | None]:
    if not _mentions(ctx, block, _DELETED_WORDS):
        return
    for m in P.ALPHA_DELETED.finditer(ctx.masked, block.start, block.end):
        rest_start = m.start("rest")
        ranged = _RANGE.match(ctx.masked, rest_start, m.end())
        if ranged:
            group = ctx.new_group("deleted")
            low = ctx.claim(ClaimKind.ALPHA_IF_DELETED, (m.start(), ranged.end()),
                            ranged.span("lo"), group=group, details={"range": "low"})
            high = ctx.claim(ClaimKind.ALPHA_IF_DELETED, (m.start(), ranged.end()),
                             ranged.span("hi"), group=group, details={"range": "high"})
            yield low
            yield high
            continue
        listed = _LISTED.match(ctx.masked[rest_start:m.end()])
        if listed:
            values = P.VALUE_LIST.match(ctx.masked, rest_start + listed.end())
            if values:
                group = ctx.new_group("deleted")
                for number in P.NUMBER_RE.finditer(values.group()):
                    span = (values.start() + number.start(), values.start() + number.end())
                    yield ctx.claim(ClaimKind.ALPHA_IF_DELETED, (m.start(), values.end()), span,
                                    group=group)


@extractor(priority=25)
def _bartlett(ctx: Context, block: Block) -> Iterator[Claim | None]:
    if not _mentions(ctx, block, _BARTLETT_WORDS):
        return
    for m in P.BARTLETT.finditer(ctx.masked, block.start, block.end):
        group = ctx.new_group("bartlett")
        rest = (m.start("rest"), m.end("rest"))
        if block.is_table:  # a flattened SPSS table: χ², df and Sig. on the rows below
            rest = (rest[0], min(block.end, rest[0] + 160))
        for pattern, kind in ((P.CHI2, ClaimKind.BARTLETT_CHI2), (P.DF, ClaimKind.BARTLETT_DF),
                              (P.P_VALUE, ClaimKind.BARTLETT_P)):
            found = pattern.search(ctx.masked, *rest)
            if found:
                details = {"op": found.group("op")} if kind is ClaimKind.BARTLETT_P else {}
                yield ctx.claim(kind, found.span(), found.span("num"), group=group,
                                details=details)


# --- satisfaction ------------------------------------------------------------------------


@extractor(priority=27)
def _satisfaction(ctx: Context, block: Block) -> Iterator[Claim | None]:
    defined = ctx.memo("satisfaction_defined",
                       lambda: bool(P.SATISFACTION_DEFINITION.search(ctx.flow)))
    for m in P.SATISFACTION.finditer(ctx.masked, block.start, block.end):
        if _threshold(ctx, *m.span("num")):
            continue
        unit = m.group("unit")
        text = m.group("num")
        if unit == "%":
            kind, value, percent = ClaimKind.SATISFACTION_RATE, text, True
        elif unit is None and float(text) <= 1 and "." in text:
            kind, (value, percent) = ClaimKind.SATISFACTION_RATE, _percent_text(text, False)
        elif block.is_table and unit is None:
            continue
        else:
            kind, value, percent = ClaimKind.SATISFACTION_SCORE, text, False
        s_start, s_end = ctx.sentence(m.start())
        sentence = ctx.masked[s_start:s_end]
        has_n = bool(P.N_AMONG.search(sentence) or P.N_EQUALS.search(sentence)
                     or P.N_LABELLED.search(sentence) or P.VALID.search(sentence)
                     or _ANY_COUNT.search(sentence))
        details: dict[str, object] = {"defined": defined, "has_n": has_n,
                                      "keyword": m.group("kw"),
                                      "average": bool(_AVERAGE.search(sentence))}
        spans = list(_values_list(ctx, m))
        # 满意率为 87.56%（846/966）: the count and base it is computed from
        own = fraction_after(ctx, m.end(), Fraction(value)) if (
            kind is ClaimKind.SATISFACTION_RATE and unit == "%" and len(spans) == 1) else None
        if own is not None:
            details |= {"count": own[0], "n_source": "own", "has_n": True}
        for span in spans:
            yield ctx.claim(kind, (m.start(), span[1]), span, percent=percent,
                            value_text=value if span == m.span("num") else None,
                            details=details, n=own[1] if own is not None else None)


@extractor(priority=29, digits=False)
def _uniform(ctx: Context, block: Block) -> Iterator[Claim | None]:
    for m in P.UNIFORM_ANSWERS.finditer(ctx.flow, block.start, block.end):
        yield ctx.claim(ClaimKind.UNIFORM_ANSWERS, m.span(), m.span("option"), value_text="100",
                        details={"option": m.group("option")})


# --- sample size -----------------------------------------------------------------------


def _sample_size_groups(ctx: Context) -> Iterator[tuple[int, str]]:
    """Blocks about the sample-size formula, grouped when adjacent (a gap of one allowed)."""
    last, group = -10, ""
    for block in ctx.text_blocks():
        if not P.SAMPLE_CONTEXT.search(ctx.flow, block.start, block.end):
            continue
        if block.index - last > 2:
            group = ctx.new_group("sample")
        last = block.index
        yield block.index, group
        # the formula and its result often follow on lines of their own
        following = block.index + 1
        while following < len(ctx.document.blocks):
            nxt = ctx.document.blocks[following]
            if nxt.is_table or not (_FORMULA_LINE.search(ctx.flow, nxt.start, nxt.end)
                                    or P.SAMPLE_MINIMUM.search(ctx.masked, nxt.start, nxt.end)):
                break
            if P.SAMPLE_CONTEXT.search(ctx.flow, nxt.start, nxt.end):
                break  # its own turn in the loop
            yield following, group
            following += 1


@extractor(priority=26)
def _sample_size(ctx: Context, block: Block) -> Iterator[Claim | None]:
    groups = ctx.memo("sample_groups", lambda: dict(_sample_size_groups(ctx)))
    if block.index not in groups:
        return
    group = groups[block.index]
    simple = ((P.CONFIDENCE, ClaimKind.CONFIDENCE), (P.Z_VALUE, ClaimKind.Z),
              (P.MARGIN, ClaimKind.MARGIN), (P.PROPORTION, ClaimKind.PROPORTION),
              (P.VARIANCE, ClaimKind.VARIANCE), (P.SD, ClaimKind.SD),
              (P.POPULATION, ClaimKind.POPULATION))
    for pattern, kind in simple:
        for m in pattern.finditer(ctx.masked, block.start, block.end):
            name = next(g for g in ("num", "num2", "num3") if g in m.re.groupindex
                        and m.group(g) is not None)
            span = m.span(name)
            percent = kind is ClaimKind.CONFIDENCE or bool(
                "pct" in m.re.groupindex and m.group("pct"))
            if kind is ClaimKind.POPULATION and "." in m.group(name):
                continue
            value_text = None
            if name == "num3" and not m.group("pct3"):  # 1-α=0.95 is 95%
                value_text = _percent_text(m.group(name), False)[0]
            yield ctx.claim(kind, m.span(), span, percent=percent, group=group,
                            value_text=value_text)
    for m in P.SIGNIFICANCE.finditer(ctx.masked, block.start, block.end):
        level = 100 - 100 * float(m.group("num"))
        yield ctx.claim(ClaimKind.CONFIDENCE, m.span(), m.span("num"), percent=True,
                        group=group, value_text=f"{level:g}",
                        details={"from_significance": m.group("num")})
    decimal_seen = False
    for statement in ctx.statements(block):
        # n = 1.96²×0.25/0.05² = 384.16 ≈ 385: the results are the numbers after the formula
        head = statement.segments[0]
        if head.kind != "symbol" or not P.SAMPLE_HEAD.fullmatch(head.text):
            continue
        for result in statement.results():
            if result.percent:
                continue
            decimal_seen = decimal_seen or "." in result.text
            yield ctx.claim(ClaimKind.SAMPLE_SIZE, (statement.start, result.end),
                            (result.start, result.end), group=group,
                            details={"final": "." not in result.text})
    for m in P.SAMPLE_SIZE.finditer(ctx.masked, block.start, block.end):
        if ctx.masked[m.end("num"):m.end("num") + 2].lstrip().startswith("%"):
            continue
        if _OPERATOR_AFTER.match(ctx.masked, m.end("num")):
            continue  # the first operand of a formula, not its result
        decimal_seen = decimal_seen or "." in m.group("num")
        yield ctx.claim(ClaimKind.SAMPLE_SIZE, m.span(), m.span("num"), group=group,
                        details={"final": "." not in m.group("num")})
    for m in P.SAMPLE_MINIMUM.finditer(ctx.masked, block.start, block.end):
        yield ctx.claim(ClaimKind.SAMPLE_SIZE, m.span(), m.span("num"), group=group,
                        details={"final": True, "minimum": True})
    for m in P.SAMPLE_NEEDED.finditer(ctx.masked, block.start, block.end):
        clause = ctx.masked[max(block.start, m.start() - 12):m.start()]
        if P.EACH_WORDS.search(clause[max(clause.rfind("，"), clause.rfind(",")) + 1:]):
            continue  # 每个社区需调查 30 户: one unit's part
        yield ctx.claim(ClaimKind.SAMPLE_SIZE, m.span(), m.span("num"), group=group,
                        details={"final": True})
    if decimal_seen:
        for m in P.SAMPLE_FINAL.finditer(ctx.masked, block.start, block.end):
            yield ctx.claim(ClaimKind.SAMPLE_SIZE, m.span(), m.span("num"), group=group,
                            details={"final": True})


# --- indicators -------------------------------------------------------------------------


@extractor(priority=22)
def _indicators(ctx: Context, block: Block) -> Iterator[Claim | None]:
    """Indicator sentences: weight, target, actual and score in one block of text."""
    if block.is_table:
        return
    segment_start = block.start
    for score in P.SCORE.finditer(ctx.masked, block.start, block.end):
        segment = (segment_start, score.start())
        after = (score.end(), min(block.end, score.end() + 40))
        segment_start = score.end()
        target = _last(P.TARGET, ctx, *segment) or _last(P.TARGET, ctx, *after)
        if target is None:
            continue
        formula = P.FORMULA.search(ctx.masked, *after) or P.FORMULA.search(ctx.masked, *segment)
        weight = _last(P.WEIGHT, ctx, block.start, score.start()) or P.WEIGHT.search(ctx.masked, *after)
        actual = _last(P.ACTUAL, ctx, *segment) or _last(P.SATISFACTION, ctx, *segment)
        weight_text = weight.group("num") if weight else (formula.group("w") if formula else None)
        if weight_text is None or actual is None:
            continue
        actual_pct = actual.group("unit") == "%" if "unit" in actual.re.groupindex \
            else bool(actual.group("pct"))
        rules_text = ctx.flow[block.start:block.end]
        details = {
            "weight": weight_text, "comparator": _comparator(target.group("cmp")),
            "target": target.group("num"), "target_percent": bool(target.group("pct")),
            "actual": actual.group("num"), "actual_percent": actual_pct,
            "rules": rules_in(rules_text), "per_point": per_point_in(rules_text),
            "stated_formula": formula.group() if formula else None,
        }
        label = _indicator_name(ctx, block.start, segment[1])
        yield ctx.claim(ClaimKind.INDICATOR, (segment[0], score.end()), score.span("num"),
                        label=label, details=details)


def _last(pattern: re.Pattern[str], ctx: Context, start: int, end: int) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(ctx.masked, start, end):  # noqa: B007 - keep the last
        pass
    return found


def _indicator_name(ctx: Context, start: int, end: int) -> str | None:
    m = _INDICATOR_NAME.search(ctx.flow, start, end)
    return m.group(1) if m else None


_COMPARATORS = {"≥": ">=", ">=": ">=", ">": ">", "不低于": ">=", "不少于": ">=", "大于等于": ">=",
                "大于": ">", "达到": ">=", "≤": "<=", "<=": "<=", "<": "<", "不高于": "<=",
                "不超过": "<=", "小于等于": "<=", "小于": "<", "低于": "<", "=": ">="}


def _comparator(word: str | None) -> str:
    return _COMPARATORS.get(word or "", ">=")


def rules_in(text: str) -> list[str]:
    """The scoring rules a text states, by name (full, proportional, direct, zero, per_point).

    >>> rules_in("达到目标值得满分，未达到目标值按比例扣分")
    ['full', 'proportional']
    """
    found = []
    for name, pattern in (("full", P.RULE_FULL), ("proportional", P.RULE_PROPORTIONAL),
                          ("direct", P.RULE_DIRECT), ("zero", P.RULE_ZERO),
                          ("per_point", P.RULE_PER_POINT)):
        if pattern.search(text):
            found.append(name)
    return found


def per_point_in(text: str) -> list[str] | None:
    """The step and cost of a "每低于 1 个百分点扣 0.5 分" rule, as printed."""
    m = P.RULE_PER_POINT.search(text)
    return [m.group("step"), m.group("cost")] if m else None


# --- kinds declared with patterns ----------------------------------------------------------


def read_patterns(ctx: Context, block: Block, spec: KindSpec) -> Iterator[Claim | None]:
    """Claims of a kind the registry declares with ``patterns``: each match's ``num`` group,
    unless it is a threshold (以上, 不低于 …); a percentage when the spec says so or the match
    has a ``pct`` group."""
    for pattern in spec.patterns:
        for m in pattern.finditer(ctx.masked, block.start, block.end):
            span = m.span("num")
            if not spec.thresholds and _threshold(ctx, *span):
                continue
            percent = spec.percent or ("pct" in m.re.groupindex and bool(m.group("pct")))
            yield ctx.claim(spec.kind, m.span(), span, percent=percent)


for _spec in KINDS.values():
    if _spec.patterns and _spec.priority is not None:
        extractor(priority=_spec.priority, name=f"patterns:{_spec.kind.value}")(
            functools.partial(read_patterns, spec=_spec))
