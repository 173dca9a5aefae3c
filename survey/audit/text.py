"""Reading a report into lines, and the normalised text that the claim patterns read.

A :class:`Document` keeps three views of one report:

- ``lines``: the text as the reader sees it (for .html and .docx: one line per paragraph,
  one ``| cell | cell |`` line per table row), which findings quote and number (1-based);
- ``text``: the same characters normalised one for one (:func:`normalise`): full-width
  digits and punctuation (０-９, ％, ．, （）, ：) become ASCII, the minus sign becomes ``-``,
  traditional characters of the survey vocabulary become simplified (問卷 → 问卷). The
  Chinese comma ``，`` is kept, so ``30，46`` never reads as the number 30,46;
- ``flow``: ``text`` with wrapped lines joined, so a number or a word split across two lines
  (``回收有效问\\n卷 4\\n6 份``) reads whole. Markdown paragraphs are joined as Markdown
  defines them; in plain text a line is joined to the next when it is nearly as long as
  the document's long lines and does not end a sentence (pdftotext output). A table
  flattened to one cell per line (:mod:`survey.audit.flattened`) becomes one flow line per
  row, its cells tab-separated. ``flow_index`` maps every flow position back to ``text``,
  so every span is quoted where it was written.

Blocks are the units the checks treat as one context (a paragraph, a heading, a table).
"""

from __future__ import annotations

import bisect
import itertools
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from survey._archive import check_archive
from survey.audit.flattened import flattened_tables, space_separated
from survey.errors import MissingFileError, ReportFileError

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["Block", "Document", "close_letter_spacing", "document_from_lines", "normalise",
           "read_document", "repair_decimals"]

DocumentKind = Literal["txt", "md", "html", "docx"]

_SUFFIXES: dict[str, DocumentKind] = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".docx": "docx",
}

# Traditional → simplified, one character for one, for the words reports use around
# survey figures (問卷發放數量, 滿意度, 信度係數, 樣本量 …). Pairs of "traditional simplified".
_TRADITIONAL = (
    "問问 發发 數数 調调 滿满 樣样 係系 總总 計计 標标 準准 誤误 項项 題题 刪删 後后 個个 為为"
    " 與与 實实 際际 權权 達达 對对 應应 區区 間间 無无 單单 選选 擇择 級级 結结 構构 關关 驗验"
    " 檢检 績绩 評评 價价 預预 測测 試试 設设 體体 賴赖 據据 顯显 將将 減减 極极 說说 並并 從从"
    " 來来 於于 這这 時时 經经 費费 萬万 億亿 號号 條条 節节 圖图 頁页 財财 務务 資资 專专 戶户"
    " 員员 眾众 覺觉 認认 識识 訪访 談谈 錄录 輸输 變变 異异 統统 學学 動动 參参 範范 圍围 邊边"
    " 許许 規规 則则 當当 點点 內内 兩两 質质 種种 綜综 層层 類类 別别 負负 載载 維维 僅仅 約约"
    " 餘余 較较 嚴严 謹谨 齊齐 庫库 線线 紙纸 張张 寫写 採采 讀读 錯错 離离 組组 織织 辦办 處处"
    " 縣县 鄉乡 鎮镇 農农 業业 醫医 療疗 環环 廣广 場场 衛卫 築筑 護护 礦矿 綠绿 復复 態态 門门"
    " 續续 導导 師师 長长 會会 議议 聽听 見见 觀观 現现 狀状 況况 獲获 劃划 額额 撥拨 齡龄 歲岁"
    " 職职 幹干 勞劳 報报 擬拟 須须 確确 讓让 給给 還还 進进 稅税 貸贷 營营 運运 網网 電电 視视"
    " 話话 機机 車车 頭头 論论 證证 書书 責责 轉转 換换 積积 優优 們们 啟启 佔占 盡尽 彙汇 碼码"
    " 歷历 舊旧 審审 査查 聯联 裡里 產产 廢废 棄弃 樹树 災灾 險险 損损 補补 償偿 聲声 響响"
    " 塵尘 揚扬 氣气 淨净 潔洁 獨独 傳传 詢询 諮咨 訴诉 購购 剩剩 複复 適适 當当 屬属 險险 蹤踪"
    " 協协 調调 隊队 務务 團团 歸归 檔档 濟济 竣竣 驗验 帳账 賬账 撥拨 費费 補补 貼贴 額额 剔剔"
    " 廳厅 局局 委委 縣县 級级 總总 獎奖 懲惩 監监 審审 核核 罰罚 臨临 時时 殘残 疾疾 貧贫 脫脱"
    " 過过 診诊 藥药 蒐搜 階阶 迴回 鄰邻 遠远 適适 錢钱 幣币 預预 計计 畫画 繪绘 較较 顯显 均均 衡衡 雙双 漲涨 趨趋 勢势"
)
_TRANSLATE: dict[int, str] = {}
for _pair in _TRADITIONAL.split():
    if len(_pair) == 2 and _pair[0] != _pair[1]:
        _TRANSLATE[ord(_pair[0])] = _pair[1]
for _code in range(0xFF01, 0xFF5F):  # full-width ASCII block
    if _code != 0xFF0C:  # keep the Chinese comma: it separates, it never groups digits
        _TRANSLATE[_code] = chr(_code - 0xFEE0)
_TRANSLATE.update({
    0x3000: " ", 0x00A0: " ", 0x2212: "-", 0xFE63: "-", 0xFE6A: "%", 0x2236: ":",
    0x2267: "≥", 0x2266: "≤", 0x2032: "'", 0x2019: "'", 0x00D7: "×",
})

_TERMINAL = "。！？!?；;"
_RESULT_END = re.compile(r"[=≈]\s*\d+(?:\.\d+)?$")
_NUMBER_START = re.compile(r"\s*\d")
_WHITESPACE = re.compile(r"\s+")
_BLOCK_START = re.compile(
    r"\s*(?:#|>|[-*+]\s|\d+[.)、](?!\d)|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]"
    r"|第[一二三四五六七八九十\d]+[章节部分条]|表\s*\d|图\s*\d|```)"
)
_HEADING_TXT = re.compile(
    r"\s*(?:#{1,6}\s|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]"
    r"|第[一二三四五六七八九十\d]+[章节部分]|\d+(?:\.\d+)+\s)"
)


def normalise(text: str) -> str:
    """Full-width digits and punctuation to ASCII, traditional to simplified; same length.

    >>> normalise("發放問卷３０份，回收率９６．６７％")
    '发放问卷30份，回收率96.67%'
    >>> len(normalise("（ｎ＝４６）")) == len("（ｎ＝４６）")
    True
    """
    return text.translate(_TRANSLATE)


_SPACED_GAP = re.compile(r"\S {2,}(?=\S)")

_SPACED_POINT = re.compile(r"(?<=[\u4e00-\u9fff=≈×*/÷+(（])(\d{1,3})\. (\d+)")
"""A decimal point followed by a space, as PDF and web copying leave it (主校区88. 50%,
a=0. 05, 385×1. 5); only after a word, an equals sign or an operator, so a list number at the start
of a line or after punctuation (1. 96 人参加) is left alone."""
_DECIMAL_COMMA = re.compile(r"(?<![\d.,])(\d{1,2}),(\d{2})(?=\s*%)")
"""A decimal comma in a percentage (本科占54,67%): two digits after a comma cannot be a
thousands group, so the comma is the decimal point."""


_SPACED_GROUP = re.compile(r"(?<=[\u4e00-\u9fff])(\d{1,3})[ \u2009\u202f\u00a0](\d{3})(?=\s*(?:份|人|名|户|例|位))")
"""Thousands written apart by a space, as journals print them (回收有效问卷1 113份): only after
a word and before a count's unit, so two numbers of a table row apart by a space stay two."""


def repair_decimals(text: str) -> str:
    """Decimal points copying broke, mended without changing the text's length (each
    character keeps its position): ``88. 50%`` → ``88.50 %``, ``54,67%`` → ``54.67%``; a
    thousands space before a count's unit becomes a comma: ``问卷1 113份`` → ``问卷1,113份``.

    >>> repair_decimals("主校区88. 50%，本科占54,67%，共1,234人，有效问卷1 113份")
    '主校区88.50 %，本科占54.67%，共1,234人，有效问卷1,113份'
    """
    text = _SPACED_POINT.sub(lambda m: f"{m.group(1)}.{m.group(2)} ", text)
    text = _SPACED_GROUP.sub(lambda m: f"{m.group(1)},{m.group(2)}", text)
    return _DECIMAL_COMMA.sub(lambda m: f"{m.group(1)}.{m.group(2)}", text)


def _is_table_row(line: str) -> bool:
    stripped = line.strip()
    if stripped == "|":
        return False  # a cell border on a line of its own (:data:`_BORDER`)
    return stripped.startswith("|") or ("\t" in stripped and len(stripped.split("\t")) >= 2)


_BORDER = "|"
"""A line holding only a cell border: a web page's table copied one cell per line puts one
between every two cells (and two between rows). Such lines are read as the empty lines
between cells of a flattened table (:mod:`survey.audit.flattened`)."""


def _without_borders(lines: Sequence[str]) -> list[str]:
    """``lines`` with each border-only line empty, for finding flattened tables."""
    return ["" if line.strip() == _BORDER else line for line in lines]


def _table_lines(lines: Sequence[str]) -> frozenset[int]:
    """Lines that are table rows: ``| a | b |``, tab-separated, or (pdftotext -layout) three
    or more cells apart by runs of spaces on two or more adjacent lines."""
    spaced = [len(_SPACED_GAP.findall(line.strip())) >= 2 for line in lines]
    rows = set()
    for i, line in enumerate(lines):
        if _is_table_row(line) or spaced[i] and ((i > 0 and spaced[i - 1]) or (i + 1 < len(lines) and spaced[i + 1])):
            rows.add(i)
    return frozenset(rows)


@dataclass(frozen=True)
class Block:
    """One context unit of the flow: a paragraph, a heading, or a whole table."""

    index: int
    start: int
    end: int
    is_table: bool
    is_heading: bool


@dataclass(frozen=True)
class Document:
    """A report read into lines, with its normalised text and joined flow (see module doc)."""

    source: str
    kind: DocumentKind
    lines: tuple[str, ...]
    text: str
    flow: str
    flow_index: tuple[int, ...]
    headings: frozenset[int]
    line_starts: tuple[int, ...]
    blocks: tuple[Block, ...]
    raw: str = ""
    cell_breaks: tuple[tuple[int, int, str], ...] = ()  # see _Glue.breaks
    decimal_stops: tuple[int, ...] = ()  # full stops read as decimal points (95。7)

    def text_span(self, start: int, end: int) -> tuple[int, int]:
        """The ``text`` span of the flow span ``[start, end)``."""
        if end <= start:
            pos = self.flow_index[start]
            return pos, pos
        return self.flow_index[start], self.flow_index[end - 1] + 1

    def line_of(self, text_pos: int) -> int:
        """1-based line of a ``text`` position."""
        return bisect.bisect_right(self.line_starts, text_pos)

    def line_of_flow(self, flow_pos: int) -> int:
        """1-based line of a ``flow`` position."""
        return self.line_of(self.flow_index[min(max(flow_pos, 0), len(self.flow_index) - 1)])

    @cached_property
    def memo(self) -> dict[str, object]:
        """Values the audit passes compute once per document (the token index)."""
        return {}

    @cached_property
    def row_text(self) -> str:
        """``text`` with the line breaks between a flattened table's cells as spaces and a
        decimal point set as a full stop (``95。7``) as a point (same positions), so a
        search for the end of a sentence or a row passes over them."""
        if not self.cell_breaks and not self.decimal_stops:
            return self.text
        chars = list(self.text)
        for a, b, _ in self.cell_breaks:
            for i in range(a, b):
                if chars[i] == "\n":
                    chars[i] = " "
        for i in self.decimal_stops:
            chars[i] = "."
        return "".join(chars)

    @cached_property
    def _block_starts(self) -> list[int]:
        return [b.start for b in self.blocks]

    def block_at(self, flow_pos: int) -> Block:
        """The block holding flow position ``flow_pos``."""
        i = bisect.bisect_right(self._block_starts, flow_pos) - 1
        return self.blocks[max(i, 0)]

    def original(self, start: int, end: int) -> str:
        """The reader's text of the ``text`` span (as written, before normalising); the
        cells of a table flattened to one per line are shown on one line, tab-separated."""
        first = bisect.bisect_left(self.cell_breaks, (start, -1, ""))
        if first == len(self.cell_breaks) or self.cell_breaks[first][0] >= end:
            return self.raw[start:end]
        pieces = []
        pos = start
        for a, b, replacement in self.cell_breaks[first:]:
            if a >= end:
                break
            pieces += [self.raw[pos:a], replacement]
            pos = min(max(pos, b), end)
        return "".join(pieces) + self.raw[pos:end]


def _joins(kind: DocumentKind, line: str, nxt: str, wrap_width: int) -> bool:
    """Whether ``line`` continues on ``nxt`` (one paragraph wrapped over two lines); table
    rows never join (the caller checks)."""
    if not line.strip() or not nxt.strip() or kind in ("html", "docx"):
        return False
    if _BLOCK_START.match(nxt):
        return False
    if line.lstrip().startswith("#"):
        return False
    if kind == "md":
        return True
    stripped = line.rstrip()
    if stripped[-1] in _TERMINAL or stripped[-1] in ":：":
        return False
    if _RESULT_END.search(stripped) and _NUMBER_START.match(nxt):
        return False  # a formula's result, then a line of its own: =138.3=139 | 1.96^2代表…
    return wrap_width >= 16 and len(stripped) >= 0.8 * wrap_width


def _wrap_width(lines: Sequence[str]) -> int:
    """The width a plain-text file wraps at: the upper quartile of its longer lines."""
    lengths = sorted(len(line.rstrip()) for line in lines if len(line.strip()) >= 8)
    if len(lengths) < 3:
        return lengths[-1] if lengths else 0
    return lengths[int(0.75 * (len(lengths) - 1))]


def document_from_lines(
    lines: Sequence[str], *, source: str = "<text>", kind: DocumentKind = "txt",
    headings: frozenset[int] = frozenset(),
) -> Document:
    """Build a :class:`Document` from lines as the reader sees them.

    >>> doc = document_from_lines(["回收有效问卷 4", "6 份。"], kind="md")
    >>> doc.flow
    '回收有效问卷 46 份。'
    >>> doc.line_of(doc.text_span(8, 9)[0])
    2
    """
    lines = tuple(line.rstrip("\r") for line in lines)
    text = repair_decimals(normalise("\n".join(lines)))
    norm_lines = text.split("\n")
    width = _wrap_width(norm_lines)
    heads = set(headings)
    if kind in ("txt", "md"):
        heads |= {i for i, line in enumerate(norm_lines)
                  if _HEADING_TXT.match(line) and len(line.strip()) <= 40
                  and not line.rstrip().endswith("。")}
    starts = tuple(itertools.accumulate((len(line) + 1 for line in norm_lines[:-1]), initial=0))
    tables = _table_lines(norm_lines)
    glue = _Glue.of(norm_lines, tables)
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    flow, index, flow_tables, points = _flow(kind, norm_lines, starts, width, tables, glue,
                                             spaced=latin > 2 * cjk)
    flow, index = close_letter_spacing(flow, index)
    index.append(len(text))
    heads_frozen = frozenset(heads)
    return Document(source=source, kind=kind, lines=lines, text=text, flow=flow,
                    flow_index=tuple(index), headings=heads_frozen, line_starts=starts,
                    blocks=tuple(_blocks(flow, index, starts, heads_frozen, flow_tables)),
                    raw="\n".join(lines), cell_breaks=glue.breaks(norm_lines, starts),
                    decimal_stops=points)


def _flow(kind: DocumentKind, lines: Sequence[str], starts: Sequence[int], width: int,
          tables: frozenset[int], glue: _Glue, *,
          spaced: bool) -> tuple[str, list[int], list[bool], tuple[int, ...]]:
    """The lines with wrapped ones joined, each flow character's ``text`` position, for
    each flow line whether it is a table row, and the ``text`` positions of full stops read
    as decimal points (``95。7`` in a table's cell). ``spaced``: the text is mostly in
    Latin script, where a line break between two words stands for a space; in Chinese text
    a line may break anywhere, even inside a Latin word (Cronbac|h's). A table flattened to
    one cell per line (:mod:`survey.audit.flattened`) becomes one flow line per row, its
    cells joined by tabs (each tab at the line break it stands for), the blank lines
    between its cells left out, a tab first for each cell a row lacks at its start (see
    ``_Glue``); the runs of spaces between the cells of a space-separated row are tabs."""
    rows = tables | glue.lines
    flow: list[str] = []
    index: list[int] = []
    points: list[int] = []
    joined = [i + 1 < len(lines) and i not in rows and i + 1 not in rows
              and _joins(kind, lines[i], lines[i + 1], width) for i in range(len(lines))]
    flow_tables: list[bool] = []
    line_open = False
    for i, line in enumerate(lines):
        if i in glue.skipped:
            continue
        base = starts[i]
        if not line_open:
            flow_tables.append(i in rows)
            line_open = True
        for _ in range(glue.gap.get(i, 0)):
            flow.append("\t")
            index.append(base)
        begin = 0
        if i > 0 and joined[i - 1]:
            begin = len(line) - len(line.lstrip())
            nxt = line[begin:begin + 1]
            if spaced and flow and flow[-1].isascii() and flow[-1].isalpha() and nxt.isascii() \
                    and nxt.isalpha():
                flow.append(" ")
                index.append(base - 1)
        end = len(line.rstrip()) if joined[i] or i in glue.lines else len(line)
        if i in glue.spaced:
            begin = len(line) - len(line.lstrip())
        for j in range(begin, end):
            ch = line[j]
            if i in rows:
                if ch == " " and i in glue.spaced:
                    if line[j - 1] == " ":
                        continue  # one tab for a run of spaces
                    ch = "\t"
                elif ch == "。" and 0 < j < end - 1 and line[j - 1].isdigit() and line[j + 1].isdigit():
                    ch = "."  # a decimal point set as a full stop, inside a table's cell
                    points.append(base + j)
            flow.append(ch)
            index.append(base + j)
        if i in glue.tabs:
            flow.append("\t")
            index.append(base + len(line))
        elif i in glue.joins:
            pass  # the cell's text goes on on its next line
        elif not joined[i] and i + 1 < len(lines):
            flow.append("\n")
            index.append(base + len(line))
            line_open = False
    return "".join(flow), index, flow_tables, tuple(points)


@dataclass(frozen=True)
class _Glue:
    """How the lines of flattened tables join: a tab after each line of ``tabs``,
    ``skipped`` (blank lines between cells) left out, ``gap[i]`` tabs before line ``i`` (a
    row's missing first cells); ``lines``: every cell's line; ``spaced``: rows whose cells
    are apart by spaces, read with a tab for each run; ``joins``: lines of a wrapped header
    cell whose text goes on on the next cell line, with no break."""

    tabs: frozenset[int]
    skipped: frozenset[int]
    gap: dict[int, int]
    lines: frozenset[int]
    spaced: frozenset[int]
    joins: frozenset[int]

    @classmethod
    def of(cls, lines: Sequence[str], tables: frozenset[int]) -> _Glue:
        tabs: set[int] = set()
        skipped: set[int] = set()
        gap: dict[int, int] = {}
        cells: set[int] = set()
        joins: set[int] = set()
        lines = _without_borders(lines)
        for table in flattened_tables(lines, tables):
            table_cells = {i for row in table.rows for i in row}
            for row, pad in zip(table.rows, table.pads, strict=True):
                tabs.update(i for i in row[:-1] if i not in table.joins)
                if pad:
                    gap[row[0]] = pad
            cells |= table_cells
            joins |= table.joins
            first, last = table.rows[0][0], table.rows[-1][-1]
            skipped.update(i for i in range(first, last)
                           if i not in table_cells and not lines[i].strip())
        spaced: set[int] = set()
        for spaced_table in space_separated(lines, tables | frozenset(cells)):
            spaced.update(spaced_table.rows)
            if spaced_table.header_gap:
                gap[spaced_table.rows[0]] = 1
        return cls(frozenset(tabs), frozenset(skipped), gap, frozenset(cells | spaced),
                   frozenset(spaced), frozenset(joins))

    def breaks(self, lines: Sequence[str], starts: Sequence[int]) -> tuple[tuple[int, int, str], ...]:
        """``(start, end, replacement)`` of the ``text`` spans a reader's quote shows
        otherwise: the line break after a cell as a tab, a blank line between cells left out."""
        spans = [(starts[i] + len(lines[i].rstrip()), starts[i] + len(lines[i]) + 1, "\t")
                 for i in self.tabs]
        spans += [(starts[i], starts[i] + len(lines[i]) + 1, "") for i in self.skipped]
        spans += [(starts[i] + len(lines[i].rstrip()), starts[i] + len(lines[i]) + 1, "")
                  for i in self.joins]
        return tuple(sorted(spans))


_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


def _lone(flow: str, i: int) -> bool:
    """Whether the character at ``i`` stands alone: a space or a line's edge on each side."""
    return (i == 0 or flow[i - 1] in " \n") and (i + 1 == len(flow) or flow[i + 1] in " \n")


def close_letter_spacing(flow: str, index: list[int]) -> tuple[str, list[int]]:
    """``flow`` without the spaces of words spaced out letter by letter (justified PDF
    lines, some web pages), and ``index`` without their positions; every other character
    keeps the position it was written at. A single space between two Chinese characters
    goes when one of them stands alone: ``回 收 376 份`` reads as ``回收 376 份`` and
    ``经审核有 效 问 卷`` as ``经审核有效问卷``; ``满意 不满意`` is left as it is.

    >>> close_letter_spacing("回 收 376 份，经审核有 效 问 卷 390 份", list(range(26)))[0]
    '回收 376 份，经审核有效问卷 390 份'
    """
    drop = [m.start() for m in _CJK_GAP.finditer(flow)
            if _lone(flow, m.start() - 1) or _lone(flow, m.start() + 1)]
    if not drop:
        return flow, index
    bounds = list(zip([-1, *drop], [*drop, len(flow)], strict=True))
    return ("".join(flow[a + 1:b] for a, b in bounds),
            [pos for a, b in bounds for pos in index[a + 1:b]])


def _blocks(flow: str, index: Sequence[int], starts: Sequence[int],
            headings: frozenset[int], tables: Sequence[bool]) -> Iterator[Block]:
    """Flow lines as blocks; consecutive table rows are one block."""
    pos = 0
    count = 0
    table_start: int | None = None
    table_end = 0
    for number, flow_line in enumerate(flow.split("\n")):
        start, end = pos, pos + len(flow_line)
        pos = end + 1
        if tables[number]:
            if table_start is None:
                table_start = start
            table_end = end
            continue
        if table_start is not None:
            yield Block(count, table_start, table_end, True, False)
            count += 1
            table_start = None
        if not flow_line.strip():
            continue
        line_no = bisect.bisect_right(starts, index[start]) - 1
        yield Block(count, start, end, False, line_no in headings)
        count += 1
    if table_start is not None:
        yield Block(count, table_start, table_end, True, False)


# --- readers -------------------------------------------------------------------------


def read_document(path: str | Path) -> Document:
    """Read a report (.txt, .md, .html or .docx) into a :class:`Document`.

    Text files are read as UTF-8 (with or without BOM), else GB18030 (which covers GBK).
    Raises :class:`~survey.errors.MissingFileError` for a missing file and
    :class:`~survey.errors.ReportFileError` for a format or encoding it cannot read.
    """
    path = Path(path)
    if not path.exists():
        raise MissingFileError.for_path(path, "report")
    kind = _SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise ReportFileError(
            "unsupported report format", code="unsupported_report_format", file=str(path),
            expected="one of " + ", ".join(sorted(_SUFFIXES)), got=path.suffix or "(none)",
            hint="Convert a PDF with `pdftotext -layout report.pdf report.txt` first.")
    if path.is_dir():
        raise ReportFileError("a folder, not a file", code="not_a_file", file=str(path))
    if kind == "docx":
        lines, headings = _docx_lines(path)
        return document_from_lines(lines, source=str(path), kind=kind, headings=headings)
    raw = _decode(path)
    if kind == "html":
        lines, headings = _html_lines(raw)
        return document_from_lines(lines, source=str(path), kind=kind, headings=headings)
    return document_from_lines(raw.splitlines(), source=str(path), kind=kind)


def _decode(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReportFileError("cannot decode the text", code="report_encoding", file=str(path),
                          expected="UTF-8 or GBK text", got="undecodable bytes")


_BLOCK_TAGS = {"p", "div", "section", "article", "header", "footer", "li", "ul", "ol",
               "blockquote", "pre", "title", "caption", "figcaption", "dt", "dd", "body",
               "h1", "h2", "h3", "h4", "h5", "h6", "table", "main", "nav", "aside", "summary"}
_SKIP_TAGS = {"script", "style", "head", "noscript", "template", "svg"}


class _HTMLText(HTMLParser):
    """Paragraphs as lines, table rows as ``| a | b |`` lines, headings remembered."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.headings: set[int] = set()
        self._buffer: list[str] = []
        self._skip = 0
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._heading = False

    def _flush(self) -> None:
        line = _WHITESPACE.sub(" ", "".join(self._buffer)).strip()
        self._buffer = []
        if line:
            if self._heading:
                self.headings.add(len(self.lines))
            self.lines.append(line)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a row, a cell or a paragraph (skipping scripts and styles)."""
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif self._skip:
            return
        elif tag == "tr":
            self._flush()
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br":
            if self._cell is not None:
                self._cell.append(" ")
            else:
                self._flush()
        elif tag in _BLOCK_TAGS and self._cell is None:
            self._flush()
            self._heading = tag in ("h1", "h2", "h3", "h4", "h5", "h6")

    def handle_endtag(self, tag: str) -> None:
        """Close a cell, a row (written as ``| a | b |``) or a paragraph."""
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif self._skip:
            return
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(_WHITESPACE.sub(" ", "".join(self._cell)).strip().replace("|", "/"))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if any(self._row):
                self.lines.append("| " + " | ".join(self._row) + " |")
            self._row = None
        elif tag in _BLOCK_TAGS and self._cell is None:
            self._flush()
            if tag == "table":
                self.lines.append("")
            self._heading = False

    def handle_data(self, data: str) -> None:
        """Text goes to the open cell or paragraph."""
        if self._skip:
            return
        (self._cell if self._cell is not None else self._buffer).append(data)


def _html_lines(raw: str) -> tuple[list[str], frozenset[int]]:
    parser = _HTMLText()
    parser.feed(raw)
    parser.close()
    parser._flush()
    return parser.lines, frozenset(parser.headings)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# elements whose runs a reader sees: links, tracked insertions, fields, content controls
_RUN_CONTAINERS = frozenset(_W + t for t in (
    "hyperlink", "ins", "smartTag", "fldSimple", "sdt", "sdtContent", "customXml", "moveTo"))
_RUN_TEXT = {_W + "tab": "\t", _W + "ptab": "\t", _W + "br": "\n", _W + "cr": "\n",
             _W + "noBreakHyphen": "-"}


def _docx_lines(path: Path) -> tuple[list[str], frozenset[int]]:
    """Paragraphs and table rows of a .docx, read from its XML with lxml.

    python-docx builds an object per paragraph and runs an XPath per run; on a
    20,000-paragraph report that was 2.2 s of a 4 s audit, this walk takes 0.15 s. The text
    is what python-docx gives (runs, hyperlinks, tabs, breaks) plus the runs of tracked
    insertions and content controls, which a reader sees too. A vertically merged table
    cell repeats the text of the cell it continues, as python-docx's ``row.cells`` does.
    """
    from lxml import etree  # only a .docx needs it

    check_archive(path, ReportFileError, "Word document")
    try:
        body, heading_ids = _docx_parts(path)
    except ReportFileError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, NotImplementedError,
            etree.XMLSyntaxError) as exc:
        raise ReportFileError("not a Word document", code="report_docx", file=str(path),
                              expected="a .docx file", got=type(exc).__name__) from exc
    lines: list[str] = []
    headings: set[int] = set()
    for child in _body_children(body):
        if child.tag == _W + "p":
            text = _WHITESPACE.sub(" ", _paragraph_text(child)).strip()
            if not text:
                continue
            style = child.find(f"{_W}pPr/{_W}pStyle")
            if style is not None and style.get(_W + "val") in heading_ids:
                headings.add(len(lines))
            lines.append(text)
        elif child.tag == _W + "tbl":
            lines += _table_rows(child)
            lines.append("")
    return lines, frozenset(headings)


def _docx_parts(path: Path) -> tuple[etree._Element, frozenset[str]]:
    """The document body and the ids of its heading styles (Heading n, Title, 标题 n)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        main = "word/document.xml"
        if "_rels/.rels" in names:
            rels = etree.fromstring(archive.read("_rels/.rels"), parser)
            for rel in rels.iter(_REL + "Relationship"):
                if rel.get("Type", "").endswith("/officeDocument"):
                    main = rel.get("Target", main).lstrip("/")
        if main not in names:
            raise ReportFileError("not a Word document", code="report_docx", file=str(path),
                                  expected="a .docx file (word/document.xml)",
                                  got="no main document part")
        root = etree.fromstring(archive.read(main), parser)
        styles = main.rsplit("/", 1)[0] + "/styles.xml"
        heading_ids: set[str] = set()
        if styles in names:
            for style in etree.fromstring(archive.read(styles), parser).iter(_W + "style"):
                name = style.find(_W + "name")
                label = (name.get(_W + "val") or "") if name is not None else ""
                if label.lower().startswith(("heading", "title")) or label.startswith("标题"):
                    heading_ids.add(style.get(_W + "styleId") or "")
    body = root.find(_W + "body")
    if root.tag != _W + "document" or body is None:
        raise ReportFileError("not a Word document", code="report_docx", file=str(path),
                              expected="a .docx file", got=f"a {etree.QName(root).localname} part")
    return body, frozenset(heading_ids)


def _body_children(body: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables in order, those inside block-level content controls included."""
    for child in body:
        if child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _body_children(content)
        else:
            yield child


def _paragraph_text(element: etree._Element) -> str:
    parts: list[str] = []
    for child in element:
        tag = child.tag
        if tag == _W + "r":
            for item in child:
                if item.tag == _W + "t":
                    parts.append(item.text or "")
                elif item.tag in _RUN_TEXT:
                    parts.append(_RUN_TEXT[item.tag])
        elif tag in _RUN_CONTAINERS:
            parts.append(_paragraph_text(child))
    return "".join(parts)


def _table_rows(table: etree._Element) -> list[str]:
    """``| a | b |`` per row; a cell spanning columns appears once, a vertically merged one
    repeats the text above it."""
    lines: list[str] = []
    above: dict[int, str] = {}
    for row in table.iter(_W + "tr"):
        if row.getparent() is not table:
            continue  # a nested table's rows belong to its cell
        cells: list[str] = []
        column = 0
        for cell in row.findall(_W + "tc"):
            props = cell.find(_W + "tcPr")
            span, merged = 1, False
            if props is not None:
                grid = props.find(_W + "gridSpan")
                if grid is not None and (grid.get(_W + "val") or "1").isdigit():
                    span = max(int(grid.get(_W + "val") or "1"), 1)
                vmerge = props.find(_W + "vMerge")
                merged = vmerge is not None and vmerge.get(_W + "val", "continue") == "continue"
            if merged:
                text = above.get(column, "")
            else:
                text = "\n".join(_paragraph_text(p) for p in cell.findall(_W + "p"))
                text = _WHITESPACE.sub(" ", text).strip().replace("|", "/")
                above[column] = text
            cells.append(text)
            column += span
        if any(cells):
            lines.append("| " + " | ".join(cells) + " |")
    return lines
