"""Claims in tables, read by their column headers.

A table is a run of ``| a | b |`` (or tab-separated) rows, which is how .md, .html and .docx
tables arrive (:mod:`survey.audit.text`). The first row without figures is the header;
each header cell gets a :class:`Role` (:func:`column_role`). What the roles add up to says
what the table is:

- fieldwork (发放/回收/有效/回收率 columns): one fieldwork statement per row;
- item table (删除该项后的 α, 校正的项总计相关性, 载荷, 效度): one list per column;
- option table (选项 | 人数 | 比例): one share list per share column; a 合计 row gives n;
- rate table (有效回答数 | 满意人数 | 满意率): one count/base/share per row;
- distribution table (题项 | 非常满意 | 满意 | 一般 …): one share list per row;
- indicator table (分值 | 目标值 | 实际值 | 得分 | 评分标准): one indicator per row.

Key–value tables (| 发放问卷数量 | 46 份 |) have no roles; the sentence patterns read them.
An option table written across (选项 | 非常满意 | 满意 … over rows 人数 and 比例) is turned
to the usual shape first (:func:`transposed`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from survey.audit import patterns as P
from survey.audit.combined import COMBINED_HEADER, Reading, readings
from survey.audit.context import Context, canonical_subject
from survey.audit.inline import per_point_in, rules_in
from survey.audit.model import Claim
from survey.audit.registry import ClaimKind, extractor
from survey.audit.text import Block

__all__ = ["Cell", "Role", "Table", "column_role", "extract", "frequency_as_count", "parse_table",
           "transposed"]


class Role(StrEnum):
    """What a column holds."""

    LABEL = "label"
    ISSUED = "issued"
    RETURNED = "returned"
    VALID = "valid"
    RETURN_RATE = "return_rate"
    VALID_RATE = "valid_rate"
    EFFECTIVE_RETURN_RATE = "effective_return_rate"
    ALPHA = "alpha"
    ALPHA_IF_DELETED = "alpha_if_deleted"
    CORRELATION = "correlation"
    LOADING = "loading"
    VALIDITY = "validity"
    COUNT = "count"
    BASE = "base"
    SHARE = "share"
    SHARE_OF_SELECTIONS = "share_of_selections"
    SATISFACTION_RATE = "satisfaction_rate"
    COMBINED = "combined"
    OPTION = "option"
    WEIGHT = "weight"
    TARGET = "target"
    ACTUAL = "actual"
    SCORE = "score"
    RULE = "rule"
    OTHER = "other"


# (role, pattern) in order: the first that matches a header cell wins
_ROLES: tuple[tuple[Role, re.Pattern[str]], ...] = tuple((r, re.compile(p)) for r, p in (
    (Role.OTHER, r"区间|累计|累积|标准差|均值|平均|排序|排名|序号|编码|代码|题项数|项数|方差|Sig|显著"
                 r"|平方和|特征值|特征根|[Ee]igen|[Vv]ariance|[Cc]umulative"
                 r"|\bCI\b|[Ii]nterval|\b(?:[Mm]ean|SD|[Rr]ank|[Cc]ode)\b|^Number of items$"),
    (Role.OPTION, r"^(?:非常满意|十分满意|很满意|比较满意|满意|基本满意|还算满意|一般|不太满意|比较不满意"
                  r"|不满意|很不满意|十分不满意|极不满意|非常不满意|非常同意|比较同意|同意|不确定|不同意|非常不同意|是|否"
                  r"|不了解|不清楚|说不清|不好说|不知道|无法评价|不好评价"
                  r"|(?:[Vv]ery |[Ff]airly |[Qq]uite )?(?:[Ss]atisfied|[Dd]issatisfied)|[Nn]eutral"
                  r"|(?:[Ss]trongly )?(?:[Aa]gree|[Dd]isagree)|[Yy]es|[Nn]o|[Dd]on't know)(?:\s*\(%\))?$"),
    (Role.ALPHA_IF_DELETED, r"删除.*(?:α|alpha|Alpha|信度|克朗巴哈|克隆巴赫)|项已删除|if (?:the )?(?:[Ii]tem )?(?:is )?[Dd]eleted"),
    (Role.SHARE_OF_SELECTIONS, r"选择次数.*比|响应.*(?:百分比|比例)|占选择|次数比例|响应率|[Ss]hare of selections"),
    (Role.RULE, r"评分标准|评分规则|评分方法|计分方法|评分过程|评分说明|评分依据|扣分|说明|备注|原因|依据"
                r"|[Ss]coring rule|[Rr]eason|[Nn]ote|^What it finds$"),
    (Role.EFFECTIVE_RETURN_RATE, r"有效(?:问卷)?回收率|(?:[Vv]alid|[Ee]ffective) (?:return|response|recovery) rate"),
    (Role.VALID_RATE, r"有效率|回收有效率|^(?:[Vv]alid|[Ee]ffective|[Vv]alidity) rate"),
    (Role.RETURN_RATE, r"回收率|应答率|回复率|回答率|参与率|参评率|^(?:[Rr]eturn|[Rr]esponse|[Rr]ecovery) rate"),
    (Role.ISSUED, r"发放|^(?:应|需)(?:评价?|参评|调查|参加|填报?)(?:人数|份数|数)$"  # not 应答: responded
                  r"|^(?:[Ii]ssued|[Dd]istributed)\b"),
    (Role.RETURNED, r"回收|^(?:已|实际)(?:评价?|参评|作答|答|调查|参加|填报?)(?:人数|份数|数)$"
                    r"|^(?:参评|应答|作答)人数$|^(?:[Rr]eturned|[Rr]ecovered|[Cc]ollected)\b"),
    (Role.BASE, r"有效回答|有效样本|样本量|样本数|回答人数$|作答人数$|答题人数|^[nN]$|有效问卷数|有效份数"
                r"|^(?:总)?例数$|^[Vv]alid answers$|^[Ss]ample size$"),
    (Role.COMBINED, COMBINED_HEADER.pattern),
    (Role.SATISFACTION_RATE, r"满意率|满意度|[Ss]atisfaction rate"),
    (Role.SHARE, r"比例|占比|百分比|构成比|频率|百分率|^%$|\(%\)|\b[Ss]hare\b|^[Pp]ercent(?:age)?$"),
    (Role.VALID, r"有效|^[Vv]alid\b"),
    (Role.COUNT, r"人数|频数|频次|票数|次数|个数|份数|户数|^计数$|^人$|^[Cc]ount$|^[Ff]requency$"
                 r"|^n satisfied$|^Times ranked$"),
    (Role.ALPHA, r"α|[Aa]lpha|信度|克朗巴哈|克隆巴赫|Cronbach"),
    (Role.CORRELATION, r"相关|[Cc]orrelation|[Ii]tem-total"),
    (Role.LOADING, r"载荷|[Ll]oading"),
    (Role.VALIDITY, r"效度"),
    (Role.WEIGHT, r"分值|权重|标准分|满分|^[Ww]eight\b|[Ff]ull marks|^Points?$"),
    (Role.TARGET, r"目标|指标值|计划值|^[Tt]arget\b"),
    (Role.ACTUAL, r"实际|完成值|完成情况|^[Aa]ctual\b"),
    (Role.SCORE, r"得分|评分|[Ss]core$"),
    (Role.LABEL, r"选项|题项|题目|项目|指标|调查对象|名称|类别|内容|对象|维度|部门|类型"
                 r"|特征|分组|组别|变量|分类|属性|群体|^(?:Option|Item|Items included|Questions?|Questionnaire|Subgroup"
                 r"|Respondent group|Group|Indicator|Dimension|Category|Parts)$"),
))
_TOTAL = re.compile(r"^\s*(?:[\u4e00-\u9fff]{0,6}(?:合\s*计|总\s*计|小计)|总体|总量表|整体|全部|总|共计"
                    r"|量表整体|问卷整体|[Tt]otal(?: [a-z]+)?|[Oo]verall|[Aa]ll)\s*$")
_SPACED_CELL = re.compile(r"\S+(?: \S+)*")
_FIGURE_CELL = re.compile(r"[≥≤<>=]?\s*-?[\d,.]+\s*%?\s*(?:分|份|人)?")
_REASON = re.compile(r"扣分|原因|因|由于|未")
_SEPARATOR = re.compile(r"^[\s|:\-–—=+]*$")


def column_role(header: str) -> Role:
    """The role of a column from its header text.

    >>> column_role("删除该项后的 α"), column_role("回收率"), column_role("比例")
    (<Role.ALPHA_IF_DELETED: 'alpha_if_deleted'>, <Role.RETURN_RATE: 'return_rate'>, <Role.SHARE: 'share'>)
    """
    text = header.strip()
    for role, pattern in _ROLES:
        if pattern.search(text):
            return role
    return Role.OTHER if text else Role.LABEL


@dataclass(frozen=True)
class Cell:
    """One table cell: its text and flow span."""

    text: str
    start: int
    end: int
    printed: str | None = None
    """The text as printed, where ``text`` gives it in other words (an English header)."""


@dataclass(frozen=True)
class Table:
    """A parsed table: header cells, body rows, the caption above it and its block."""

    block: Block
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str


def _cells(line: str, offset: int) -> list[Cell]:
    if "|" not in line and "\t" not in line:  # aligned by spaces (pdftotext -layout)
        return [Cell(m.group(), offset + m.start(), offset + m.end())
                for m in _SPACED_CELL.finditer(line)]
    sep = "|" if "|" in line else "\t"
    cells, pos = [], 0
    parts = line.split(sep)
    if sep == "|":
        if parts and not parts[0].strip():
            pos += len(parts[0]) + 1
            parts = parts[1:]
        if parts and not parts[-1].strip():
            parts = parts[:-1]
    for part in parts:
        lead = len(part) - len(part.lstrip())
        text = part.strip()
        cells.append(Cell(text, offset + pos + lead, offset + pos + lead + len(text)))
        pos += len(part) + 1
    return cells


def _has_figure(cells: Sequence[Cell]) -> bool:
    return any(_FIGURE_CELL.fullmatch(c.text) for c in cells)


def parse_table(ctx: Context, block: Block) -> Table:
    """Split a table block into header and rows (separator rows dropped)."""
    rows: list[list[Cell]] = []
    pos = block.start
    for line in ctx.flow[block.start:block.end].split("\n"):
        if not _SEPARATOR.match(line):
            cells = _cells(line, pos)
            if any(c.text for c in cells):
                rows.append(cells)
        pos += len(line) + 1
    header: tuple[Cell, ...] = ()
    if rows and not _has_figure(rows[0]):
        header = tuple(_in_chinese(c) for c in rows.pop(0))
    caption_block = ctx.previous_block(block)
    caption = ctx.flow[caption_block.start:caption_block.end] if caption_block else ""
    return Table(block, header, tuple(tuple(r) for r in rows), caption)


_ENGLISH_OPTIONS = {
    "very satisfied": "非常满意", "fairly satisfied": "比较满意", "quite satisfied": "比较满意",
    "satisfied": "满意", "neutral": "一般", "dissatisfied": "不满意", "fairly dissatisfied": "比较不满意",
    "very dissatisfied": "非常不满意", "strongly agree": "非常同意", "agree": "同意", "disagree": "不同意",
    "strongly disagree": "非常不同意", "yes": "是", "no": "否", "don't know": "不知道",
    "satisfaction rate": "满意率", "overall satisfaction rate": "总体满意率",
}
"""English option headers and the satisfaction-rate header, as the Chinese words whose
scale the table readers know (which end is satisfied, what a 满意率 adds up)."""


def _printed(cell: Cell) -> str:
    """A header cell's text as the table prints it (before :func:`_in_chinese`)."""
    return cell.printed or cell.text


def _in_chinese(cell: Cell) -> Cell:
    """A header cell written in English as its Chinese words, same span (see
    :data:`_ENGLISH_OPTIONS`); any other cell as it is."""
    words = _ENGLISH_OPTIONS.get(cell.text.strip().lower())
    return Cell(words, cell.start, cell.end, cell.text) if words else cell


_MEASURES = (Role.COUNT, Role.SHARE, Role.SHARE_OF_SELECTIONS)
_FREQUENCY = re.compile(r"^频率(?:\s*[(（]?(?:人|次|份)?[)）]?)?$")
_WHOLE = re.compile(r"\d+")


def frequency_as_count(table: Table, roles: list[Role]) -> list[Role]:
    """``roles`` with a 频率 column read as counts where it holds them. In Chinese SPSS
    output 频率 is the count (频率 | 百分比 | 有效百分比 | 累积百分比); in the textbook sense it
    is a relative frequency. It is a count when the table has no count column and either
    another column holds the shares or every one of its cells is a whole number."""
    if Role.COUNT in roles:
        return roles
    for i, cell in enumerate(table.header):
        if not _FREQUENCY.match(cell.text.strip()):
            continue
        others = any(r is Role.SHARE for j, r in enumerate(roles) if j != i)
        values = [row[i].text.strip() for row in table.rows if i < len(row) and row[i].text.strip()]
        if others or (values and all(_WHOLE.fullmatch(v) for v in values)):
            return [Role.COUNT if j == i else r for j, r in enumerate(roles)]
    return roles


def transposed(table: Table) -> Table | None:
    """An option table written across (选项 | 非常满意 | 满意 | … | 合计 over rows 人数 and
    比例) turned to the usual shape (选项 | 人数 | 比例 over one row per option), or None
    when the table is not one: at least two answer options head its columns, and every row
    is named as counts or shares, one of them shares.

    >>> row = lambda *texts: tuple(Cell(t, 0, 0) for t in texts)
    >>> t = Table(None, row("选项", "满意", "不满意", "合计"),  # type: ignore[arg-type]
    ...           (row("人数", "40", "10", "50"), row("比例", "80%", "20%", "100%")), "")
    >>> [[c.text for c in r] for r in (transposed(t).header, *transposed(t).rows)]
    [['选项', '人数', '比例'], ['满意', '40', '80%'], ['不满意', '10', '20%'], ['合计', '50', '100%']]
    """
    options = [column_role(c.text) is Role.OPTION for c in table.header[1:]]
    measures = [column_role(r[0].text) if r else Role.LABEL for r in table.rows]
    if sum(options) < 2 or not all(m in _MEASURES for m in measures) \
            or all(m is Role.COUNT for m in measures):
        return None
    width = len(table.header)
    if any(len(r) != width for r in table.rows):
        return None
    header = (table.header[0], *(r[0] for r in table.rows))
    shares = table.rows[measures.index(next(m for m in measures if m is not Role.COUNT))]
    # an option's name is read from the header, its place is its share's (where a claim's
    # quote and line begin), so a finding points at the share row, not at the header
    rows = tuple((Cell(table.header[j].text, shares[j].start, shares[j].start),
                  *(r[j] for r in table.rows)) for j in range(1, width))
    return Table(table.block, header, rows, table.caption)


@extractor(priority=10, scope="document")
def extract(ctx: Context) -> list[Claim]:
    """Claims from every table whose header says what its columns are."""
    found: list[Claim | None] = []
    for block in ctx.document.blocks:
        if not block.is_table:
            continue
        table = parse_table(ctx, block)
        if not table.header or not table.rows:
            continue
        table = transposed(table) or table
        roles = frequency_as_count(table, [column_role(c.text) for c in table.header])
        found += _variance(ctx, table)
        found += _fieldwork(ctx, table, roles)
        found += _items(ctx, table, roles)
        found += _indicators(ctx, table, roles)
        found += _options(ctx, table, roles)
        found += _rates(ctx, table, roles)
        found += _distribution(ctx, table, roles)
    return [c for c in found if c is not None]


# --- cells -------------------------------------------------------------------------------

_FIGURE = re.compile(r"(?P<cmp>≥|>=|>|≤|<=|<|不低于|不少于|不高于|不超过)?\s*(?P<num>" + P.NUMBER
                     + r")\s*(?P<pct>%)?")


def _figure(ctx: Context, cell: Cell) -> re.Match[str] | None:
    """The figure a cell holds, read from the masked text (a date cell holds none)."""
    return _FIGURE.search(ctx.masked, cell.start, cell.end)


_PAIR = re.compile(r"\s*(?P<count>\d+)\s*[(（]\s*(?P<num>" + P.NUMBER
                   + r")\s*(?P<pct>%)?\s*[)）]\s*")
"""A count with its share in brackets, one cell of an n(%) table: 15(50.00), 27（90.0%）."""


def _pair(ctx: Context, cell: Cell) -> tuple[int, re.Match[str]] | None:
    """The count and the share of an n(%) cell (:data:`_PAIR`), or None."""
    m = _PAIR.fullmatch(ctx.masked, cell.start, cell.end)
    return (int(m.group("count")), m) if m is not None else None


def _compared(m: re.Match[str]) -> bool:
    """Whether a figure is written as a bound (≥ 90%), not a value (an n(%) cell's is not)."""
    return "cmp" in m.re.groupindex and bool(m.group("cmp"))


def _share_figure(ctx: Context, cell: Cell) -> tuple[re.Match[str] | None, bool]:
    """The share a cell gives, and whether it is an n(%) cell's bracketed one (a percentage
    with or without its sign); else the cell's figure."""
    pair = _pair(ctx, cell)
    return (pair[1], True) if pair is not None else (_figure(ctx, cell), False)


def _number_span(m: re.Match[str]) -> tuple[int, int]:
    return m.span("num")


def _claim(ctx: Context, kind: ClaimKind, span: tuple[int, int], number: tuple[int, int],
           **kw: Any) -> Claim | None:
    """A table claim: its population comes from its row or the table's heading, never from
    the rows above it."""
    return ctx.claim(kind, span, number, find_subject=False, **kw)


def _cell(row: Sequence[Cell], i: int) -> Cell | None:
    return row[i] if i < len(row) else None


def _label(table: Table, row: Sequence[Cell], roles: Sequence[Role]) -> str:
    """The row's name: its last filled label column (选项 after 题目)."""
    names = [row[i].text for i, role in enumerate(roles)
             if role is Role.LABEL and i < len(row) and row[i].text]
    return names[-1] if names else (row[0].text if row else "")


def _is_total(row: Sequence[Cell]) -> bool:
    return bool(row) and bool(_TOTAL.match(row[0].text) or (len(row) > 1 and _TOTAL.match(row[1].text)
                                                           and not _figure_text(row[0].text)))


def _figure_text(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def _row_subject(ctx: Context, table: Table, row: Sequence[Cell]) -> str | None:
    for cell in row[:2]:
        found = list(P.SUBJECT.finditer(cell.text))
        if found:
            return canonical_subject(found[-1].group())
    return ctx.heading_subject(table.block)


# --- kinds of table ------------------------------------------------------------------------

_FIELDWORK_ROLES = {Role.ISSUED: ClaimKind.ISSUED, Role.RETURNED: ClaimKind.RETURNED,
                    Role.VALID: ClaimKind.VALID, Role.RETURN_RATE: ClaimKind.RETURN_RATE,
                    Role.VALID_RATE: ClaimKind.VALID_RATE,
                    Role.EFFECTIVE_RETURN_RATE: ClaimKind.EFFECTIVE_RETURN_RATE}


def _fieldwork(ctx: Context, table: Table, roles: Sequence[Role]) -> Iterator[Claim | None]:
    counts = {Role.ISSUED, Role.RETURNED, Role.VALID}
    if len(counts & set(roles)) < 2 and not (counts & set(roles) and {Role.RETURN_RATE,
                                             Role.VALID_RATE, Role.EFFECTIVE_RETURN_RATE} & set(roles)):
        return
    for r, row in enumerate(table.rows):
        group = f"fw{table.block.index}r{r}"
        named = any(P.SUBJECT.search(cell.text) for cell in row[:2])
        subject = _row_subject(ctx, table, row)
        # a row for a site, a channel or a wave is a part of the survey, not a population
        details = {"total": True} if _is_total(row) else ({} if named else {"part": True})
        for i, role in enumerate(roles):
            kind = _FIELDWORK_ROLES.get(role)
            cell = _cell(row, i)
            if kind is None or cell is None:
                continue
            m = _figure(ctx, cell)
            if m is None:
                continue
            is_rate = kind in (ClaimKind.RETURN_RATE, ClaimKind.VALID_RATE,
                               ClaimKind.EFFECTIVE_RETURN_RATE)
            if is_rate != bool(m.group("pct")) and not (is_rate and "%" in table.header[i].text):
                continue
            yield _claim(ctx, kind, (cell.start, cell.end), _number_span(m), percent=is_rate,
                            group=group, subject=subject or None, label=_label(table, row, roles),
                            details=details)


_ITEM_ROLES = {Role.ALPHA_IF_DELETED: ClaimKind.ALPHA_IF_DELETED,
               Role.CORRELATION: ClaimKind.CORRELATION, Role.LOADING: ClaimKind.LOADING,
               Role.VALIDITY: ClaimKind.VALIDITY, Role.ALPHA: ClaimKind.ALPHA}


_OTHER_STATISTIC = re.compile(r"KMO|Kaiser|Bartlett|巴特|卡方|自由度|显著性|Sig\.|^\s*df\s*$")
"""A row of another statistic pasted under an item table (SPSS's KMO table right after the
reliability table): its figures are not the column's α or r."""


def _items(ctx: Context, table: Table, roles: Sequence[Role]) -> Iterator[Claim | None]:
    if Role.WEIGHT in roles or Role.SCORE in roles:
        return
    for i, role in enumerate(roles):
        kind = _ITEM_ROLES.get(role)
        if kind is None:
            continue
        group = f"tbl{table.block.index}c{i}"
        rows = [row for row in table.rows if not (row and _OTHER_STATISTIC.search(row[0].text))]
        item_rows = [row for row in rows if not _is_total(row)]
        for row in rows:
            cell = _cell(row, i)
            m = _figure(ctx, cell) if cell else None
            if cell is None or m is None or m.group("pct") or m.group("cmp"):
                continue
            total = _is_total(row)
            claim_kind = ClaimKind.ALPHA if total and kind is ClaimKind.ALPHA_IF_DELETED else kind
            details: dict[str, Any] = {"items": len(item_rows), "column": table.header[i].text}
            if total:
                details["total"] = True
            if claim_kind is ClaimKind.ALPHA and "标准化" in table.header[i].text:
                details["standardized"] = True
            yield _claim(ctx, claim_kind, (cell.start, cell.end), _number_span(m),
                            group=None if total else group, label=_label(table, row, roles),
                            subject=ctx.heading_subject(table.block), details=details)


_VARIANCE_TABLE = re.compile(r"方差|特征|[Vv]ariance|[Ee]igen")
_CUMULATIVE = re.compile(r"累[计积]|[Cc]umulative")
_PER_FACTOR = re.compile(r"方差(?:的)?\s*(?:百分比|贡献率|解释率|贡献|%)|% of [Vv]ariance|^%\s*方差$")


def _variance(ctx: Context, table: Table) -> Iterator[Claim | None]:
    """A total-variance-explained table (SPSS 总方差解释): each 方差百分比 column and the 累积 %
    column after it, one claim per row; ``set`` ties a per-factor column to its cumulative one
    (SPSS repeats the pair for the initial, extracted and rotated solutions)."""
    if not any(_VARIANCE_TABLE.search(c.text) for c in table.header):
        return
    columns: list[tuple[int, bool]] = []
    for i, cell in enumerate(table.header):
        if _CUMULATIVE.search(cell.text):
            columns.append((i, True))
        elif _PER_FACTOR.search(cell.text):
            columns.append((i, False))
    column_set = 0
    for i, cumulative in columns:
        group = f"tbl{table.block.index}c{i}"
        for row_number, row in enumerate(table.rows):
            found = _cell(row, i)
            m = _figure(ctx, found) if found else None
            if found is None or m is None or m.group("cmp"):
                continue
            yield _claim(ctx, ClaimKind.VARIANCE_EXPLAINED, (found.start, found.end), _number_span(m),
                         percent=True, group=group, label=_label(table, row, []),
                         details={"cumulative": cumulative, "row": row_number,
                                  "set": f"tbl{table.block.index}s{column_set}"})
        if cumulative:
            column_set += 1


def _indicators(ctx: Context, table: Table, roles: Sequence[Role]) -> Iterator[Claim | None]:
    need = {Role.WEIGHT, Role.TARGET, Role.ACTUAL, Role.SCORE}
    if not need <= set(roles):
        return
    col = {role: roles.index(role) for role in need}
    rule_col = roles.index(Role.RULE) if Role.RULE in roles else None
    shared_rules = rules_in(table.caption)
    for row in table.rows:
        cells = {role: _cell(row, i) for role, i in col.items()}
        if any(c is None for c in cells.values()):
            continue
        figures = {role: _figure(ctx, c) for role, c in cells.items() if c is not None}
        if any(f is None for f in figures.values()):
            continue
        weight, target, actual, score = (figures[Role.WEIGHT], figures[Role.TARGET],
                                         figures[Role.ACTUAL], figures[Role.SCORE])
        if weight is None or target is None or actual is None or score is None:
            continue
        rule_text = row[rule_col].text if rule_col is not None and rule_col < len(row) else ""
        details = {
            "weight": weight.group("num"), "comparator": _comparator(target.group("cmp")),
            "target": target.group("num"), "target_percent": bool(target.group("pct")),
            "actual": actual.group("num"), "actual_percent": bool(actual.group("pct")),
            "rules": rules_in(rule_text) or shared_rules,
            "per_point": per_point_in(rule_text) or per_point_in(table.caption),
            "rule_text": rule_text or None,
            "reason": bool(rule_text and _REASON.search(rule_text)
                           and not rules_in(rule_text)),
        }
        score_cell = cells[Role.SCORE]
        if score_cell is None:
            continue
        yield _claim(ctx, ClaimKind.INDICATOR, (row[0].start, row[-1].end), _number_span(score),
                        label=_label(table, row, roles), details=details)


def _comparator(word: str | None) -> str:
    return {"≤": "<=", "<=": "<=", "<": "<", "不高于": "<=", "不超过": "<=", ">": ">"}.get(
        word or "", ">=")


def _table_cues(ctx: Context, table: Table) -> str:
    """Caption, headings, the paragraph introducing the table and the one after it: where
    多选 is said.

    The introduction is the paragraph just above the caption (第 6 题为多选题，结果如表 2). The
    paragraph after counts only when it does not itself introduce the next table: a 可多选
    said of the next question must not make this single-choice table multiple.
    """
    text = table.caption + " " + " ".join(c.text for c in table.header)
    blocks = ctx.document.blocks
    index = table.block.index
    above = index - 2 if table.caption else index - 1
    if above >= 0 and not blocks[above].is_table and not blocks[above].is_heading:
        text += " " + ctx.flow[blocks[above].start:blocks[above].end]
    if index + 1 < len(blocks):
        nxt = blocks[index + 1]
        introduces_next = any(b.is_table for b in blocks[index + 2:index + 4])
        if not nxt.is_table and not nxt.is_heading and not introduces_next:
            text += " " + ctx.flow[nxt.start:nxt.end]
    return text


def _share_n_after(ctx: Context, table: Table) -> int | None:
    """A base given in the sentence right after the table (在 268 份有效问卷中 …)."""
    block = table.block
    if block.index + 1 >= len(ctx.document.blocks):
        return None
    nxt = ctx.document.blocks[block.index + 1]
    if nxt.is_table:
        return None
    found = {int(m.group("num")) for pattern in (P.N_AMONG, P.N_EQUALS)
             for m in pattern.finditer(ctx.masked, nxt.start, nxt.end)}
    return found.pop() if len(found) == 1 else None


def _sections(table: Table, roles: Sequence[Role]) -> list[list[tuple[Cell, ...]]]:
    """The rows of each question: one table may list several questions, each starting at a
    row whose first cell (题目) is filled and continuing over rows where it is blank."""
    labels = [i for i, r in enumerate(roles) if r is Role.LABEL]
    if len(labels) < 2 or labels[0] != 0:
        return [list(table.rows)]
    sections: list[list[tuple[Cell, ...]]] = []
    for row in table.rows:
        if row and row[0].text or not sections:
            sections.append([])
        sections[-1].append(row)
    return sections


def _int_cell(ctx: Context, row: Sequence[Cell], col: int | None) -> int | None:
    cell = _cell(row, col) if col is not None else None
    m = _figure(ctx, cell) if cell else None
    return int(m.group("num").replace(",", "")) if m and "." not in m.group("num") else None


def _options(ctx: Context, table: Table, roles: Sequence[Role]) -> Iterator[Claim | None]:
    """Option tables: each share column of each question is one list of shares.

    The base may be the table's 合计 row, a caption (N = 300), the sentence after the table,
    or the question's answers (the sum of its counts, when some respondents skipped it);
    every candidate is kept in ``details["bases"]`` and a share fits when one of them gives it.
    """
    share_cols = [i for i, r in enumerate(roles) if r in (Role.SHARE, Role.SHARE_OF_SELECTIONS)]
    if not share_cols or Role.BASE in roles or Role.WEIGHT in roles \
            or sum(r is Role.OPTION for r in roles) >= 2:  # options across: _distribution's
        return
    count_col = roles.index(Role.COUNT) if Role.COUNT in roles else None
    cues = _table_cues(ctx, table)
    caption_n = _caption_n(ctx, table)
    after_n = _share_n_after(ctx, table)
    for number, section in enumerate(_sections(table, roles)):
        question = section[0][0].text if len(_sections(table, roles)) > 1 else ""
        multiple = bool(P.MULTIPLE_CHOICE.search(cues if not question else question + cues))
        total_row = next((row for row in section if _is_total(row)), None)
        body = [row for row in section if not _is_total(row)]
        counts = [_int_cell(ctx, row, count_col) for row in body]
        counted = bool(counts) and all(c is not None for c in counts)
        answered = sum(c for c in counts if c is not None) if counted else None
        n_total = _int_cell(ctx, total_row, count_col) if total_row is not None else None
        for i in share_cols:
            over_selections = roles[i] is Role.SHARE_OF_SELECTIONS
            if over_selections:
                bases = [answered]
            elif multiple:
                bases = [caption_n, after_n]
            else:
                bases = [n_total, caption_n, after_n, answered]
            candidates = [b for b in dict.fromkeys(bases) if b]
            n = candidates[0] if candidates else None
            details = {"multiple_choice": multiple, "over_selections": over_selections,
                       "disclosed": over_selections or bool(P.OVER_SELECTIONS.search(cues)),
                       "complete": not multiple and (total_row is not None or (
                           answered is not None and answered in (caption_n, after_n))),
                       "disjoint": not multiple, "source": "table", "bases": candidates}
            group = f"tbl{table.block.index}c{i}s{number}"
            for row, count in zip(body, counts, strict=True):
                cell = _cell(row, i)
                m = _figure(ctx, cell) if cell else None
                if cell is None or m is None:
                    continue
                yield _claim(ctx, ClaimKind.SHARE, (row[0].start, cell.end), _number_span(m),
                             percent=True, group=group, n=n, label=_label(table, row, roles),
                             subject=ctx.heading_subject(table.block),
                             details=dict(details, count=count))


_CORNER_N = re.compile(r"^(?:总数|总人数|样本总数|有效问卷|合计|共)\s*[:：]?\s*(?P<num>\d+)\s*(?:份|人|名)?$")
"""The base written in a table's top-left cell (总数55份), over the label column."""


def _caption_n(ctx: Context, table: Table) -> int | None:
    found = {int(m.group("num")) for pattern in (P.N_EQUALS, P.N_AMONG, P.N_LABELLED)
             for m in pattern.finditer(table.caption)}
    corner = next((c.text.strip() for c in table.header if c.text.strip()), "")
    if m := _CORNER_N.match(corner):  # the first header cell, over the label columns
        found.add(int(m.group("num")))
    return found.pop() if len(found) == 1 else None


def _rates(ctx: Context, table: Table, roles: Sequence[Role]) -> Iterator[Claim | None]:
    """Rows with a base, a count and a share (有效回答数 | 满意人数 | 满意率)."""
    if Role.BASE not in roles or Role.COUNT not in roles:
        return
    share = next((i for i, r in enumerate(roles)
                  if r in (Role.SHARE, Role.SATISFACTION_RATE, Role.COMBINED)), None)
    if share is None:
        return
    kind = ClaimKind.SATISFACTION_RATE if roles[share] is Role.SATISFACTION_RATE else ClaimKind.SHARE
    b, c = roles.index(Role.BASE), roles.index(Role.COUNT)
    for row in table.rows:
        cells = [_cell(row, i) for i in (b, c, share)]
        if any(x is None for x in cells):
            continue
        figures = [_figure(ctx, x) for x in cells if x is not None]
        if any(f is None for f in figures) or len(figures) != 3:
            continue
        base, count, rate = figures
        if base is None or count is None or rate is None or not rate.group("pct"):
            continue
        if "." in base.group("num") or "." in count.group("num"):
            continue
        yield _claim(ctx, kind, (row[0].start, row[-1].end), _number_span(rate), percent=True,
                        n=int(base.group("num").replace(",", "")),
                        label=_label(table, row, roles), subject=_row_subject(ctx, table, row),
                        details={"count": int(count.group("num").replace(",", "")),
                                 "source": "table", "defined": True, "has_n": True})


_OPTION_LEVELS = re.compile(r"\(%\)|%")
_PERCENT_UNIT = re.compile(r"[(（]\s*%\s*[)）]|单位\s*[:：]\s*%|单位\s*[:：]\s*百分比")
"""A caption that gives the table's unit as percent: 表1 各项满意度（%）, 单位：%."""
_SCALE_ENDS = ({"非常满意", "非常不满意"}, {"很满意", "很不满意"}, {"非常同意", "非常不同意"}, {"是", "否"})
_TOPS = frozenset({"非常满意", "很满意", "十分满意"})


def _complete_scale(options: set[str]) -> bool:
    """Whether the options run from one end of their scale to the other: 非常满意 … 非常不满意,
    or 满意 … 不满意 on a scale with nothing above 满意 (满意 / 比较满意 / 基本满意 / 不满意)."""
    return any(ends <= options for ends in _SCALE_ENDS) or (
        {"满意", "不满意"} <= options and not options & _TOPS)


def _distribution(ctx: Context, table: Table, roles: Sequence[Role]) -> Iterator[Claim | None]:
    """Item × option tables: each row is a list of option shares."""
    option_cols = [i for i, r in enumerate(roles) if r is Role.OPTION]
    if len(option_cols) < 2:
        return
    cues = _table_cues(ctx, table)
    base_col = roles.index(Role.BASE) if Role.BASE in roles else None
    options = {_OPTION_LEVELS.sub("", table.header[i].text).strip() for i in option_cols}
    complete = _complete_scale(options)
    in_percent = bool(_PERCENT_UNIT.search(table.caption))
    scale = _option_scale(table, roles, option_cols, complete)
    for row in table.rows:
        if _is_total(row):
            continue
        group = ctx.new_group("dist")
        n = None
        if base_col is not None and base_col < len(row):
            m = _figure(ctx, row[base_col])
            n = int(m.group("num")) if m and m.group("num").isdigit() else None
        n = n or _caption_n(ctx, table)
        for i in option_cols:
            cell = _cell(row, i)
            if cell is None:
                continue
            pair = _pair(ctx, cell)
            m = pair[1] if pair is not None else None
            for candidate in [] if pair else _FIGURE.finditer(ctx.masked, cell.start, cell.end):
                if candidate.group("pct") or "%" in table.header[i].text or in_percent:
                    m = candidate
            if m is None:
                continue
            yield _claim(ctx, ClaimKind.SHARE, (row[0].start, cell.end), _number_span(m),
                            percent=True, group=group, n=n, label=table.header[i].text,
                            subject=ctx.heading_subject(table.block),
                            details={"option": _OPTION_LEVELS.sub("", table.header[i].text).strip(),
                                     "item": row[0].text, "distribution": True,
                                     "multiple_choice": bool(P.MULTIPLE_CHOICE.search(cues)),
                                     "complete": complete, "disjoint": True,
                                     "source": "table",
                                     "count": pair[0] if pair is not None else None})
        yield from _combined(ctx, table, scale, row, group, n)


_COUNT_HEADER = re.compile(r"人数|人次|份数|户数|票数|频数|次数")
_ZERO_CELL = re.compile(r"^[\s\-–—/0.%]*$")
"""An option cell that says nobody chose it: empty, a dash, a slash, 0, 0.0%."""


@dataclass(frozen=True)
class _OptionScale:
    """A distribution table's option columns, read once: their indices and names in column
    order, whether they run from one end of the scale to the other, the readings of each
    column that adds them up (:func:`survey.audit.combined.readings`), by column, and which of
    those columns are satisfaction rates (满意率, 满意度)."""

    columns: tuple[int, ...]
    names: tuple[str, ...]
    complete: bool
    sums: dict[int, list[Reading]]
    rates: frozenset[int]
    printed: dict[str, str]
    """The options' names as printed where they differ (an English header's)."""


def _option_scale(table: Table, roles: Sequence[Role], option_cols: Sequence[int],
                  complete: bool) -> _OptionScale:
    names = tuple(_OPTION_LEVELS.sub("", table.header[i].text).strip() for i in option_cols)
    sums = {i: found for i, role in enumerate(roles)
            if role in (Role.COMBINED, Role.SATISFACTION_RATE)
            and (found := readings(table.header[i].text, names))}
    rates = frozenset(i for i in sums if roles[i] is Role.SATISFACTION_RATE)
    printed = {name: text for name, i in zip(names, option_cols, strict=True)
               if (text := _printed(table.header[i])) != name}
    return _OptionScale(tuple(option_cols), names, complete, sums, rates, printed)


def _row_measure(table: Table, scale: _OptionScale, values: dict[str, str]) -> str | None:
    """Whether a row's option cells are shares (``"share"``: a % sign in the cells, their
    headers or the caption, or decimals) or counts (``"count"``: whole numbers that add up
    to no 100, over a scale with both ends or past 100), or None when whole numbers could be
    either (30 | 50 | 20 is 100 people or 100 percent)."""
    if any("%" in table.header[i].text for i in scale.columns) or _PERCENT_UNIT.search(
            table.caption) or any(v.endswith("%") for v in values.values()):
        return "share"
    if any("." in v for v in values.values()):
        return "share"
    total = sum(int(v) for v in values.values() if v.isdigit())
    if abs(total - 100) > len(values) and (scale.complete or total > 100):
        return "count"
    return None


def _combined(ctx: Context, table: Table, scale: _OptionScale, row: Sequence[Cell],
              group: str, n: int | None) -> Iterator[Claim | None]:
    """The row's columns that add options up (满意率, 满意加比较满意): one claim each, with
    the readings of its header and the row's option cells as printed, for
    :mod:`survey.audit.checks.combined`."""
    if not scale.sums:
        return
    values: dict[str, str] = {}
    for name, i in zip(scale.names, scale.columns, strict=True):
        cell = _cell(row, i)
        m, paired = _share_figure(ctx, cell) if cell else (None, False)
        if cell is not None and m is not None and m.group("num") and not _compared(m):
            # the share of an n(%) cell is a percentage whether or not it prints the sign
            values[name] = m.group("num").replace(",", "") + (
                "%" if m.group("pct") or paired else "")
        elif cell is None or _ZERO_CELL.match(cell.text):
            values[name] = ""
    measure = _row_measure(table, scale, values)
    for i, found in scale.sums.items():
        cell = _cell(row, i)
        m, paired = _share_figure(ctx, cell) if cell is not None else (None, False)
        if cell is None or m is None or _compared(m):
            continue
        if measure == "share" and _COUNT_HEADER.search(table.header[i].text):
            continue  # the options' count beside their shares: nothing adds up to it
        percent = paired or bool(m.group("pct")) or bool(
            _OPTION_LEVELS.search(table.header[i].text))
        satisfied = i in scale.rates
        yield _claim(ctx, ClaimKind.SATISFACTION_RATE if satisfied else ClaimKind.SHARE,
                     (row[0].start, cell.end), _number_span(m), percent=percent,
                     group=ctx.new_group("combined"), n=None if satisfied else n,
                     label=_printed(table.header[i]), subject=ctx.heading_subject(table.block),
                     details={"item": row[0].text, "source": "table", "adds_up": found,
                              "row_values": values, "row_group": group,
                              "row_measure": measure, "defined": True,
                              "has_n": n is not None, "keyword": table.header[i].text,
                              "printed_names": scale.printed or None})
