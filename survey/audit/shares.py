"""Option shares written in sentences, grouped into lists, with their base n and counts.

A share is a percentage the sentence presents as a part of respondents: it has a cue
(占, 比例, 选择, 认为, 分别 …) and its label is not a rate of something else (执行率, 目标,
误差, 增长 …). The shares of one sentence form one list; 其中 starts a new one (the parts of
a total are not options beside it). For each list:

- ``count``: a whole count written beside a share (31 人，占 67.39%; 26.67%（80 人）);
- ``n``: the base, from the sentence (在 46 份有效问卷中, n = 46, 共 46 人作答), else the one
  base its paragraph states, else a short caption just above;
- ``complete``: every option is listed (the counts add up to n);
- ``disjoint``: the options cannot overlap (distinct levels of one answer scale, ranges of
  one quantity, distinct awareness or yes/no answers: :func:`exclusive_options`);
- ``multiple_choice``: the question allows several answers (多选), and ``disclosed`` when
  the text says the shares are over selections.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from survey.audit import patterns as P
from survey.audit.context import Context
from survey.audit.model import Claim
from survey.audit.registry import ClaimKind, extractor
from survey.audit.text import Block

__all__ = ["LEVEL_TERMS", "exclusive_options", "extract", "likert_level"]

_CUE = re.compile(r"占|比例|比重|分别|依次|选择|选项|认为|表示|回答|受访|被调查|调查对象|的群众|的居民"
                  r"|的人员|的农户|的人|票|评价为|勾选")
_NOT_A_SHARE = re.compile(
    r"率|增长|下降|提高|降低|同比|环比|目标|误差|置信|显著|执行|预算|资金|完成|覆盖|达标|合格|权重|到位"
    r"|支出|节约|超|不低于|不少于|满意度|占总|GDP|税|利|增幅|降幅|比上年|较上年|达到|高于|低于|以上"
    r"|以下|预计|计划|要求|标准|α|系数|效度|信度|KMO|水平|指标|≥|≤|>|<|方差|误差|问卷|回收|发放|样本"
    r"|高出|相差|(?:较|比|与)\s*(?:19|20)\d\d\s*年")
"""A percentage that is no share of the respondents: a rate, a target, a change, another
year's figure (较2012年的32.57%, 比2012年高出21.23%)."""
_SPLIT = re.compile(r"其中")
_CHUNK_BREAK = re.compile(r"[，,、;:()（）]")
_UNITS = r"(?:人次|人|份|票|户|名|位|个|例)"
_WHOLE_BASE = (r"(?:调查|受访|被调查|参评|参与|参加|填报|有效|全部|所有|总|本次|回收)?"
               r"(?:总?人数|人员|总数|者|群众|居民|对象|问卷|答卷|样本|户数|票数|病例|患者|人)"
               r"(?:总人数|总数|人数|总量|数)?")
"""The whole a share is said to be of: 占调查人数, 佔受訪者, 占有效问卷, 占总数."""
_TRAILING_COUNT = re.compile(r"\s*\d+\s*" + _UNITS + r"\s*[，,]?\s*(?:占|的占)?\s*$")
_COUNT_AFTER = re.compile(r"\s*[(（]\s*(\d+)\s*" + _UNITS + r"\s*[)）]")
_COUNT_BEFORE = re.compile(r"(?<![\d.])(\d+)\s*" + _UNITS + r"\s*[，,、(（]?\s*"
                           r"(?:占|比例为|占比为?)?\s*(?:" + _WHOLE_BASE + r"(?:的)?(?:比例|比重)?(?:为|是)?)?\s*$")
_OF_WHOLE = re.compile(r"占\s*" + _WHOLE_BASE + r"\s*(?:的)?(?:比例|比重)?(?:为|是)?\s*$"
                       r"|(?<!\d)有效(?:问卷|答卷|样本)(?:中|里|当中)")
"""A share that says it is of all the respondents (占调查人数 43%; 有效问卷中 156 户（占 78.0%）)."""
_BASE_PHRASE = re.compile(r"占\s*" + _WHOLE_BASE + r"|有效(?:问卷|答卷|样本)(?:中|里|当中)")
"""Words that name the base, not the option (removed before the share test)."""
_QUOTED = re.compile(r"[\"“'‘「]([^\"”'’」]{1,16})[\"”'’」]")
_FRAMING = re.compile(r"^(?:选择|认为|表示|回答|评价为?)|(?:的占|的比例为?|的人数占|占|的)+$")
_LIST_END = re.compile(r"[。!?]")  # a list runs on over ；
_AGGREGATE = re.compile(r"含|包括|及以上|以上|以下|合计|总计|和|及|或|与")
_DIGIT = re.compile(r"\d")
_RANGE_OPTION = re.compile(
    r"\d+(?:\.\d+)?\s*(?:[-–—~至到]\s*\d+(?:\.\d+)?)?\s*(?P<unit>周岁|岁|年|个月|月|小时|万元|元|亩|公里|次)"
    r"\s*(?P<open>及以上|及以下|以上|以下|以内|及以前|以前|以后|之间)?")
"""An option that is a range of a quantity: 5年以下, 5-10年, 60岁及以上, 3000元以内."""
_AWARE = ("完全不了解", "不太了解", "不了解", "非常了解", "比较了解", "基本了解", "了解一些", "有所了解",
          "一般了解", "没听说过", "没有听说过", "听说过")
"""The options of an awareness question, each its own answer (longest first)."""
_YES_NO = frozenset({"是", "否", "有", "没有", "知道", "不知道", "愿意", "不愿意", "会", "不会",
                     "参加过", "没参加过", "使用过", "没使用过"})
"""The answers of a yes/no question."""
_LEVELS: tuple[tuple[str, str, int], ...] = (
    ("非常不满意", "sat", 1), ("十分不满意", "sat", 1), ("很不满意", "sat", 1), ("极不满意", "sat", 1),
    ("比较不满意", "sat", 2), ("不太满意", "sat", 2), ("不满意", "sat", 2), ("非常满意", "sat", 5),
    ("十分满意", "sat", 5), ("很满意", "sat", 5), ("比较满意", "sat", 4), ("基本满意", "sat", 3),
    ("一般满意", "sat", 3), ("还算满意", "sat", 3), ("满意", "sat", 4), ("一般", "sat", 3),
    ("非常不同意", "agree", 1), ("不太同意", "agree", 2), ("不同意", "agree", 2),
    ("非常同意", "agree", 5), ("比较同意", "agree", 4), ("同意", "agree", 4), ("不确定", "agree", 3),
)


LEVEL_TERMS: tuple[str, ...] = tuple(term for term, _, _ in _LEVELS)
"""The answer-scale words, each before the shorter words it contains (非常满意 before 满意)."""


def exclusive_options(words: list[str]) -> tuple[bool, bool]:
    """Whether non-scale options cannot overlap (``disjoint``) and cover every answer
    (``complete``): ranges of one quantity (5年以下 / 5-10年 / 10年以上: complete when both
    ends are open), distinct awareness answers (非常了解 / 了解一些 / 不了解), distinct yes/no
    answers (是 / 否).

    >>> exclusive_options(["5年以下", "5-10年", "10年以上"]), exclusive_options(["是", "否"])
    ((True, True), (True, False))
    """
    if len(words) < 2 or len(set(words)) != len(words):
        return False, False
    ranges = [_RANGE_OPTION.fullmatch(w) for w in words]
    if all(ranges):
        units = {m.group("unit") for m in ranges if m}
        opens = [m.group("open") or "" for m in ranges if m]
        low = sum(o in ("以下", "及以下", "以内", "以前", "及以前") for o in opens)
        high = sum(o in ("以上", "及以上", "以后") for o in opens)
        disjoint = len(units) == 1 and low <= 1 and high <= 1 and "之间" not in opens
        return disjoint, disjoint and low == 1 and high == 1
    aware = [next((t for t in _AWARE if t in w), None) for w in words]
    if all(aware) and len(set(aware)) == len(aware):
        return True, False
    return all(w in _YES_NO for w in words), False


def likert_level(label: str) -> tuple[str, int] | None:
    """The answer-scale level a label names (the first term of :data:`_LEVELS` found in it:
    longer terms come before the terms they contain), or None. 一般满意 is the middle of
    scales such as 满意 / 一般满意 / 不满意, not a kind of 满意.

    >>> likert_level("选择“比较满意”的占"), likert_level("认为一般的"), likert_level("一般满意")
    (('sat', 4), ('sat', 3), ('sat', 3))
    """
    for term, scale, level in _LEVELS:
        if term in label:
            return scale, level
    return None


@extractor(priority=90, scope="document")
def extract(ctx: Context) -> list[Claim]:
    """Share claims from every paragraph (tables are read by :mod:`survey.audit.tables`)."""
    found: list[Claim] = []
    for block in ctx.text_blocks():
        if not P.PERCENT.search(ctx.masked, block.start, block.end):
            continue  # every share is one of its percentages (_candidates)
        start = block.start
        for m in _LIST_END.finditer(ctx.flow, block.start, block.end):
            found += [c for c in _sentence(ctx, block, start, m.end()) if c is not None]
            start = m.end()
        if start < block.end:
            found += [c for c in _sentence(ctx, block, start, block.end) if c is not None]
    return found


def _sentence(ctx: Context, block: Block, start: int, end: int) -> Iterator[Claim | None]:
    """The lists of one sentence. After 其中 the parts are of a part: when the text before
    其中 already gave a share (男性 198 人，占 53.23%；其中 60 岁以上 80 人 …), the part's base
    is the part, so only a base stated in the part itself is used."""
    bounds = [start] + [m.end() for m in _SPLIT.finditer(ctx.masked, start, end)] + [end]
    shared_before = False
    for seg_start, seg_end in zip(bounds, bounds[1:], strict=False):
        items = list(_candidates(ctx, seg_start, seg_end))
        own_base = shared_before
        shared_before = shared_before or bool(P.PERCENT.search(ctx.masked, seg_start, seg_end))
        if not items:
            continue
        if not _CUE.search(ctx.masked, seg_start, seg_end):
            if not _bare_levels(items):
                continue
            own_base = True  # 满意:85% 基本满意:13%: a list of its own, of no stated base
        yield from _list(ctx, block, (seg_start, seg_end) if own_base else (start, end),
                         (seg_start, seg_end), items, own_base=own_base)


def _bare_levels(items: list[tuple[re.Match[str], str, int | None]]) -> bool:
    """Whether shares without a cue word are the levels of one answer scale, each label the
    level's word and nothing more (满意:85% 基本满意:13% 不太满意:2%; 很满意30.72%，满意42.88%).
    Such a list is read without a base from its paragraph: the figures of a 满意度 list
    are often averages over several items, whose base is not the respondents counted nearby."""
    if len(items) < 2:
        return False
    levels = []
    for _, label, _ in items:
        word = _option_word(label).strip().rstrip(":：").strip()
        if word not in _LEVEL_WORDS:
            return False
        levels.append(_LEVEL_WORDS[word])
    return len(set(levels)) == len(levels) and len({scale for scale, _ in levels}) == 1


_LEVEL_WORDS = {term: (scale, level) for term, scale, level in _LEVELS}


def _candidates(ctx: Context, start: int, end: int) -> Iterator[tuple[re.Match[str], str, int | None]]:
    """(percentage, label, count) for each share-like percentage in the segment.

    A share whose label follows it (有 31% 的人员认为甲) takes the text after it, up to the
    next break; so does each share right after such a label (…认为甲，1% 的人员认为乙), whose
    text before it is the previous share's label, not its own."""
    previous_end, told_until = start, -1
    for m in P.PERCENT.finditer(ctx.masked, start, end):
        num = m.span("num")
        label_text = ctx.flow[previous_end:m.start()]
        previous_end = m.end()
        follows = _NEXT_CLAUSE.fullmatch(ctx.flow, told_until, m.start()) is not None
        told_until = -1
        if ctx.taken.overlaps(*num) or m.group("num").startswith("-"):
            continue
        if P.THRESHOLD_AFTER.match(ctx.masked, m.end()):
            continue
        label = _label(label_text)
        after = _after(ctx, m.end(), end) if follows or _LEAD_ONLY.fullmatch(label) else None
        if after is not None:
            told_until = after.end("label")
            yield m, after.group("label").strip(), _count_near(ctx, label_text, m.end(), end)
            continue
        word = label
        if _DIGIT.search(label) and _RANGE_OPTION.fullmatch(_option_word(label)):
            # an option such as 5年以下 or 60岁及以上: its 以下/以上 is no threshold
            label_text = _RANGE_OPTION.sub("", label_text)
            word = _RANGE_OPTION.sub("", label)
        plain = label_text[-16:]
        if "占" in plain or "有效" in plain:
            plain, word = _BASE_PHRASE.sub("", plain), _BASE_PHRASE.sub("", word)
        if _NOT_A_SHARE.search(word) or (_NOT_A_SHARE.search(plain[-12:])
                                         and word.strip().rstrip(":：").strip() not in _LEVEL_WORDS):
            continue  # a level word alone is an option even after 满意度: (满意度: 满意:81%)
        yield m, label, _count_near(ctx, label_text, m.end(), end)


_LEAD_ONLY = re.compile(r"(?:约|另|还|仅|只|共|尚)?有|占|其中|")
"""What stands before a share whose label follows it (有 31% 的受访者表示非常满意)."""
_AFTER = re.compile(r"\s*的?\s*(?P<label>[^，,、;；:：()（）。!?！？\d%]{1,24})")
_NEXT_CLAUSE = re.compile(r"\s*[，,、;；]\s*(?:(?:约|另|还|仅|只|共|尚)?有)?\s*")
"""Between a label written after its share and the next share: a break (and 有)."""


def _after(ctx: Context, start: int, end: int) -> re.Match[str] | None:
    """The label written after its share, up to the next break: 有 31% 的受访者表示非常满意
    → 受访者表示非常满意 (the option is the level it names); ``None`` when what follows is
    no option (a rate, a target: 有 30% 的资金未到位)."""
    m = _AFTER.match(ctx.flow, start, end)
    if m is None or not m.group("label").strip() or _NOT_A_SHARE.search(m.group("label")):
        return None
    return m


_FILLER = re.compile(r"^(?:其次是|其次为|其次|以及|及|和|其中|占比?为?|比例为?|的?占比?|分别为?|约|为|是|"
                     r"占\s*" + _WHOLE_BASE + r"的?(?:比例|比重)?(?:为|是)?|"
                     r"\d+\s*" + _UNITS + r"|\s)*$")


def _label(before: str) -> str:
    """The option a share belongs to: the last chunk before it that is more than a cue word
    or a count (男性 198 人，占 53.23% → 男性)."""
    chunks = [c.strip() for c in _CHUNK_BREAK.split(before)]
    for chunk in reversed(chunks):
        if chunk and not _FILLER.match(chunk):
            return _TRAILING_COUNT.sub("", chunk)
    return chunks[-1] if chunks else ""


def _count_near(ctx: Context, before: str, after: int, end: int) -> int | None:
    """A count written with the share: "31 人，占 67.39%" or "26.67%（80 人）"."""
    paren = _COUNT_AFTER.match(ctx.masked, after, end)
    if paren:
        return int(paren.group(1))
    window = before[-16:]
    tail = _COUNT_BEFORE.search(window)
    if tail:
        said = before[:len(before) - len(window) + tail.start(1)]
        if _VALUE_OF.search(said) and not _LINK.search(tail.group()):
            return None  # 家庭成员人数为4人，22.22%…: the last clause's answer, not a count
        return int(tail.group(1))
    if not _DIGIT.search(before):
        return None
    chunks = [c for c in _CHUNK_BREAK.split(before) if c.strip()]
    if len(chunks) >= 2 and _FILLER.match(chunks[-1]):
        lead = _COUNT_LEADS.match(chunks[-2])
        return int(lead.group(1)) if lead else None
    return None


_VALUE_OF = re.compile(r"数\s*(?:为|是)\s*$")
"""A count that is the value of a quantity (家庭成员人数为 4 人): an answer category."""
_LINK = re.compile(r"占|比例|比重")
_COUNT_LEADS = re.compile(r"^\s*(?:共有|共计|共|有)?\s*(\d+)\s*" + _UNITS
                          + r"\s*(?:选择|认为|表示|回答|评价|投)[^\d]*$")
"""A count that leads its clause: 共有 83 人选择满意，占 43.2%."""




def _per_unit(ctx: Context, m: re.Match[str]) -> bool:
    return bool(P.PER_UNIT.search(ctx.masked, max(0, m.start() - 12), m.start()))


def _base(ctx: Context, block: Block, sentence: tuple[int, int], *,
          own_base: bool = False) -> tuple[int | None, str]:
    """The base n of a list: sentence, then paragraph, then a caption just above (only the
    sentence when ``own_base`` or when the sentence is about some respondents only)."""
    places = [(sentence[0], sentence[1], "sentence")]
    if not own_base and not P.SUBSET.search(ctx.flow, sentence[0], sentence[1]):
        places.append((block.start, block.end, "paragraph"))
    for start, end, source in places:
        found: set[int] = set()
        for pattern in (P.N_AMONG, P.N_EQUALS, P.N_LABELLED, P.N_RESPONDED):
            found |= {int(m.group("num")) for m in pattern.finditer(ctx.masked, start, end)
                      if not _per_unit(ctx, m)}
        if source == "paragraph":
            found |= {int(m.group("num")) for m in P.VALID.finditer(ctx.masked, start, end)
                      if m.group("num").isdigit() and not _per_unit(ctx, m)}
        if len(found) == 1:
            return found.pop(), source
        if len(found) > 1:
            return None, "ambiguous"
    if own_base:
        return None, "none"
    caption = ctx.previous_block(block, max_len=60)
    if caption is not None:
        found = {int(m.group("num")) for pattern in (P.N_EQUALS, P.N_AMONG, P.N_LABELLED)
                 for m in pattern.finditer(ctx.masked, caption.start, caption.end)}
        if len(found) == 1:
            return found.pop(), "caption"
    return None, "none"


def _cue_before(ctx: Context, cue: re.Pattern[str], block: Block, upto: int) -> bool:
    """Whether ``cue`` (可多选, 选择次数 …) is written in ``block`` before ``upto``. The cue's
    places in a block are found once per document, so a paragraph of thousands of option
    lists is not searched again for each of them."""
    ends = ctx.memo(f"cue {cue.pattern} {block.start}", lambda: [
        m.end() for m in cue.finditer(ctx.flow, block.start, block.end)])
    return bool(ends) and ends[0] <= upto


def _list(ctx: Context, block: Block, sentence: tuple[int, int], segment: tuple[int, int],
          items: list[tuple[re.Match[str], str, int | None]], *,
          own_base: bool = False) -> Iterator[Claim | None]:
    n, source = _base(ctx, block, sentence, own_base=own_base)
    named = _respective_labels(ctx, segment, items)
    if named:
        items = [(m, label, count) for (m, _, count), label in zip(items, named, strict=True)]
    # the 可多选 of a later question in the paragraph is its own; a disclosure may follow
    upto = max(sentence[1], segment[1])
    previous = ctx.previous_block(block, max_len=80)
    multiple = _cue_before(ctx, P.MULTIPLE_CHOICE, block, upto) or (
        previous is not None and _cue_before(ctx, P.MULTIPLE_CHOICE, previous, previous.end)
    ) or _cue_before(ctx, P.WHICH_ONES, block, upto)
    disclosed = _cue_before(ctx, P.OVER_SELECTIONS, block, block.end) or (
        previous is not None and _cue_before(ctx, P.OVER_SELECTIONS, previous, previous.end))
    levels = [likert_level(label) for _, label, _ in items]
    disjoint = (not multiple and all(levels) and len(set(levels)) == len(levels)
                and len({lv[0] for lv in levels if lv}) == 1
                and not any(_AGGREGATE.search(_option_word(label)) for _, label, _ in items))
    exclusive, covering = exclusive_options([_option_word(label) for _, label, _ in items])
    if not multiple and not disjoint and exclusive:
        disjoint = True
    counts = [count for _, _, count in items]
    complete = (not multiple and n is not None and all(c is not None for c in counts)
                and sum(c for c in counts if c is not None) == n and len(items) > 1) or (
        not multiple and exclusive and covering)
    group = ctx.new_group("list") if len(items) > 1 else None
    details_common = {"multiple_choice": multiple, "complete": complete, "disjoint": disjoint,
                      "disclosed": disclosed, "n_source": source,
                      "source": "text"}
    for (m, label, count), level in zip(items, levels, strict=True):
        own = _OWN_BASE.search(ctx.masked, max(segment[0], m.start() - 30), m.start())
        item_n, details = n, dict(details_common, count=count, level=list(level) if level else None)
        if own is not None:  # 占全部 4023 次选择的 12.23%: this share has its own base
            item_n = int(own.group("num"))
            details.update(n_source="own", disclosed=True)
        if _OF_WHOLE.search(ctx.masked, max(segment[0], m.start() - 24), m.start()):
            details["of_whole"] = True
        yield ctx.claim(ClaimKind.SHARE, (max(segment[0], m.start() - 12), m.end()),
                        m.span("num"), percent=True, group=group, n=item_n, label=label or None,
                        details=details)


_OWN_BASE = re.compile(
    r"占(?:全部|所有|总|共)?\s*(?P<num>\d+)\s*(?:次选择|次|人次|项选择)(?:数)?\s*(?:的|中)?\s*"
    r"(?:比例|比重|占比)?\s*(?:为|是)?\s*$")
"""A base written right before the share: 占全部 4023 次选择的 12.23% (selections, not people)."""


def _respective_labels(ctx: Context, segment: tuple[int, int],
                       items: list[tuple[re.Match[str], str, int | None]]) -> list[str] | None:
    """Labels named before 分别为: 选择“非常满意”、“满意”的比例分别为 60%、30%."""
    first = items[0][0].start()
    cue = None
    for cue in P.RESPECTIVELY.finditer(ctx.masked, segment[0], first):  # noqa: B007 - last one
        pass
    if cue is None:
        return None
    named = _QUOTED.findall(ctx.flow, segment[0], cue.start())
    return named if len(named) == len(items) else None


def _option_word(label: str) -> str:
    """The option a label names, without its framing (选择“…”的占 → …)."""
    quoted = _QUOTED.search(label)
    if quoted:
        return quoted.group(1)
    return _FRAMING.sub("", label)
