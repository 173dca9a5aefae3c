"""Tables flattened to one cell per line, found so they can be read as tables.

A table copied out of a PDF or a web page often arrives with every cell on a line of its
own (sometimes with a blank line between cells)::

    选项          ← header: k short labels
    人数
    比例
    非常满意      ← row: a label, then the figures
    120
    48.0%
    满意
    80
    32.0%

:func:`flattened_tables` finds such runs. A row is one or two labels (a group's name, such
as 性别, stands before its first option only: a merged cell) and then m figures, m the same
in every row, two rows at least; the k = L + m short labels just before the first row are
the header (L the most labels a row has), each of the m over the figures naming what its
column holds (人数, 比例, 满意率, 非常满意 …). When the line before them is a caption or a
sentence, the header may lack the label columns' cells (``人数 | 比例`` over ``非常满意 |
120 | 48.0%``; SPSS's ``频率 | 百分比 …`` over ``有效 | 男 | 120 …``, 有效 being the name of
the rows' group, never a header cell). :attr:`FlatTable.pads` says how many empty cells each row lacks at its
start; :mod:`survey.audit.text` joins each row's cells with tabs (and a tab for each
missing cell), so the table readers see ``\t女\t1516\t52.9`` and every cell keeps the
line it was written on.

:func:`space_separated` finds the other common loss: each row on its line, but its cells
apart by single spaces (``城市教师 48 47 45 95。7`` under ``调查对象 发放数量 回收数量 …``),
which :mod:`survey.audit.text` reads with tabs between the cells.

In both, a figure may carry a full-width full stop as its decimal point (``95。7``, from
a PDF's font); text reads it as a point inside a table's cells only.

Where the cells are apart by empty lines, a line of spaces between two of them is an empty
cell (a web page's cells apart by lines holding only the border ``|`` are given here with
those lines empty: :func:`survey.audit.text._without_borders`); a header cell wrapped after its degree word (比较 / 满意) is one cell; a row may be
named by its question (``1.你对学校的课程安排满意吗?``).

A row whose label runs over two lines (a long question wrapped in its cell) is read as a
row of two labels, like a group's name and its option: its figures keep their columns.

What is not found: a header written on one line over rows written one cell per line, two
tables laid side by side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["FlatTable", "SpacedTable", "flattened_tables", "space_separated"]

_FIGURE = re.compile(
    r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+|(?=[.。]\d))(?:[.。]\d+)?\s*"
    r"(?:%|‰|个百分点|人次|人|份|个|次|户|家|名|所|项|分)?"
    r"|[-—–]")
_LABEL_MAX = 16
_SENTENCE = re.compile(r"[。，；;：:！？!?]")
_CAPTION = re.compile(r"(?:表|图|附表)\s*[\d一二三四五六七八九十]")
# a header names what its columns hold: counts, shares, rates, scores or answer options
_HEADER_WORD = re.compile(r"数|率|比|%|分|值|频|次|计|样本|份|^[Nn]$|满意|同意|一般|是|否"
                          r"|其他|其它|不清楚|不了解|说不清|无所谓|发放|回收|有效|问卷|评价|参评|应答")
_MAX_COLUMNS = 12

_BLANK, _LABEL, _QUESTION, _NUMBER, _EMPTY, _OTHER = range(6)
_SPSS_GROUPS = frozenset({"有效", "缺失"})
"""SPSS's names for the groups of a frequency table's rows, written before the first row
of each (有效 | 男 | 120 | 48.0 …): a group's name, never the header's last cell."""


@dataclass(frozen=True)
class FlatTable:
    """One flattened table: each row as the indices of its cells' lines, header first; how
    many empty cells each row lacks at its start (a merged group cell, or the header's cell
    over the label column); and the lines of a header cell wrapped over two lines whose
    text goes on, without a cell break, on the next (比较 / 满意)."""

    rows: tuple[tuple[int, ...], ...]
    pads: tuple[int, ...]
    joins: frozenset[int] = frozenset()


_QUESTION_MAX = 40
_QUESTION_END = re.compile(r"[?？]$")
# a degree word a narrow header cell wraps after: 比较 / 满意 is one cell, 比较满意
_DEGREE = frozenset({"非常", "比较", "基本", "不太", "很", "十分", "较", "还算", "不很", "很不", "非常不"})


def _kind(line: str) -> int:
    text = line.strip()
    if not text:
        return _BLANK
    if _FIGURE.fullmatch(text):
        return _NUMBER
    if "\t" in text or text.startswith("|"):
        return _OTHER
    if len(text) <= _LABEL_MAX and not _SENTENCE.search(text):
        return _LABEL
    if len(text) <= _QUESTION_MAX and not _SENTENCE.search(_QUESTION_END.sub("", text)):
        return _QUESTION  # a row named by its question: 1.你对学校的课程安排满意吗?
    return _OTHER


def _header_cell(line: str) -> bool:
    return not _CAPTION.match(line.strip())


def _names_column(line: str) -> bool:
    return bool(_HEADER_WORD.search(line.strip()))


def flattened_tables(lines: Sequence[str], taken: frozenset[int] = frozenset()) -> list[FlatTable]:
    """The flattened tables among ``lines`` (``taken``: lines already read as table rows).

    >>> lines = ["表1 满意度", "选项", "人数", "比例", "满意", "40", "80%", "不满意", "10", "20%"]
    >>> [(t.rows, t.pads) for t in flattened_tables(lines)]
    [(((1, 2, 3), (4, 5, 6), (7, 8, 9)), (0, 0, 0))]
    >>> [(t.rows[0], t.pads) for t in flattened_tables(lines[:1] + lines[2:])]
    [((1, 2), (1, 0, 0))]

    A line holding only spaces between two empty lines is an empty cell (a table whose
    cells are apart by empty lines):

    >>> lines = ["选项", "", "人数", "", "比例", "", "满意", "", " ", "", "80%", "", "不满意", "", "10", "", "20%"]
    >>> [t.rows for t in flattened_tables(lines)]
    [((0, 2, 4), (6, 8, 10), (12, 14, 16))]
    """
    cells = [i for i, line in enumerate(lines) if line.strip() or _empty_cell(lines, i)]
    kinds = [_OTHER if i in taken else _EMPTY if not lines[i].strip() else _kind(lines[i])
             for i in cells]
    found: list[FlatTable] = []
    p = 0
    while p < len(cells):
        table, p = _table_at(lines, cells, kinds, p)
        if table is not None:
            found.append(table)
    return found


def _empty_cell(lines: Sequence[str], i: int) -> bool:
    """A line of spaces between two empty lines: an empty cell where cells are apart by
    empty lines."""
    return bool(lines[i]) and not lines[i].strip() and 0 < i < len(lines) - 1 \
        and lines[i - 1] == "" and lines[i + 1] == ""


def _run(kinds: Sequence[int], p: int, accepted: tuple[int, ...], limit: int) -> int:
    """How many cells from ``p`` on are of the ``accepted`` kinds, counted up to ``limit``
    (a row needs no more: a long run of labels is no row, and counting it whole from each of
    its cells would cost the square of its length)."""
    n = 0
    while n < limit and p + n < len(kinds) and kinds[p + n] in accepted:
        n += 1
    return n


def _row_at(kinds: Sequence[int], q: int, figures: int | None) -> tuple[int, int] | None:
    """(labels, figures) of the row starting at cell ``q``: one or two labels, then
    ``figures`` figures or empty cells, one figure at least (any number of them when
    None); None when no such row starts there."""
    labels = _run(kinds, q, (_LABEL, _QUESTION), 3)
    if not 1 <= labels <= 2:
        return None
    m = _run(kinds, q + labels, (_NUMBER, _EMPTY), _MAX_COLUMNS + 1)
    if m < 1 or m > _MAX_COLUMNS or (figures is not None and m != figures) \
            or _NUMBER not in kinds[q + labels:q + labels + m]:
        return None
    return labels, m


def _table_at(lines: Sequence[str], cells: Sequence[int], kinds: Sequence[int],
              p: int) -> tuple[FlatTable | None, int]:
    """The flattened table whose first data row starts at cell ``p`` (None if there is
    none), and the cell to look at next."""
    first = _row_at(kinds, p, None)
    if first is None:
        return None, p + 1
    m = first[1]
    rows: list[tuple[int, int]] = []  # (start, labels)
    q = p
    while (row := _row_at(kinds, q, m)) is not None:
        rows.append((q, row[0]))
        q += row[0] + m
    if len(rows) < 2:
        return None, p + 1
    if first[0] == 2 and all(labels == 1 for _, labels in rows[1:]) \
            and lines[cells[p]].strip() not in _SPSS_GROUPS:
        # only the first row has two labels: its first is more likely the header's last
        # cell (… 不太满意 | 不满意 over 1.你对…满意吗? | 100% …) than a group's name
        table, after = _table_at(lines, cells, kinds, p + 1)
        if table is not None:
            return table, after
    width = max(labels for _, labels in rows) + m
    header = _header(lines, cells, kinds, p, width, m)
    if header is None:
        # no table starts at a later row either: before each stands the last row's figure
        return None, q
    head, head_pad = header
    return FlatTable(
        (tuple(cells[h] for cell in head for h in cell),
         *(tuple(cells[start:start + labels + m]) for start, labels in rows)),
        (head_pad, *(width - labels - m for _, labels in rows)),
        frozenset(cells[h] for cell in head for h in cell[:-1])), q


def _header(lines: Sequence[str], cells: Sequence[int], kinds: Sequence[int], p: int,
            width: int, figures: int) -> tuple[list[tuple[int, ...]], int] | None:
    """The header's cells before the first row at ``p`` (each as its positions in
    ``cells``: a wrapped cell has two), and how many cells it lacks at its start; None when
    the lines there are no header."""
    run = 0
    while run < 3 * width and p - run - 1 >= 0 and kinds[p - run - 1] == _LABEL \
            and _header_cell(lines[cells[p - run - 1]]):
        run += 1
    merged = _unwrapped(lines, cells, range(p - run, p))
    for size in range(width, figures - 1, -1):
        if len(merged) < size:
            continue
        if size < width and len(merged) > size:
            continue  # a short label there would be the label column's header: not a gap
        head = merged[len(merged) - size:]
        if all(_names_column("".join(lines[cells[h]].strip() for h in cell))
               for cell in head[-figures:]):
            return head, width - size
    return None


def _unwrapped(lines: Sequence[str], cells: Sequence[int], span: range) -> list[tuple[int, ...]]:
    """The header lines in ``span`` as cells: a degree word (比较, 基本, 不太 …) alone on its
    line goes on the next line, as a narrow cell wraps it (比较 / 满意)."""
    merged: list[tuple[int, ...]] = []
    pending: tuple[int, ...] = ()
    for h in span:
        if lines[cells[h]].strip() in _DEGREE and h + 1 < span.stop:
            pending += (h,)
            continue
        merged.append((*pending, h))
        pending = ()
    return merged


@dataclass(frozen=True)
class SpacedTable:
    """A table whose rows are lines with their cells apart by spaces: the rows' lines,
    header first, and whether the header lacks the label column's cell."""

    rows: tuple[int, ...]
    header_gap: bool


def space_separated(lines: Sequence[str], taken: frozenset[int] = frozenset()) -> list[SpacedTable]:
    """The tables among ``lines`` written one row per line with spaces between the cells: a
    header of k short labels (or k − 1, the label column's left blank) naming what its
    columns hold, then two or more lines of one label and k − 1 figures.

    >>> lines = ["表2 回收情况", "对象 发放数 回收数 有效率%", "教师 48 47 95。7", "家长 36 34 91。2", "完"]
    >>> space_separated(lines)
    [SpacedTable(rows=(1, 2, 3), header_gap=False)]
    """
    cells = [line.split() for line in lines]
    found: list[SpacedTable] = []
    i = 0
    while i < len(lines):
        width = _spaced_row_width(cells[i])
        if i in taken or width is None or i == 0:
            i += 1
            continue
        head = cells[i - 1]
        gap = len(head) == width - 1
        if i - 1 in taken or len(head) not in (width, width - 1) or not all(
                _kind(c) == _LABEL and _header_cell(c) for c in head) or not all(
                _names_column(c) for c in head[-(width - 1):]):
            i += 1
            continue
        end = i
        while end < len(lines) and end not in taken and _spaced_row_width(cells[end]) == width:
            end += 1
        if end - i < 2:
            i += 1
            continue
        found.append(SpacedTable((i - 1, *range(i, end)), gap))
        i = end
    return found


def _spaced_row_width(cells: Sequence[str]) -> int | None:
    """The width of a row of one label and figures (at least two), None for any other line."""
    if len(cells) < 3 or len(cells) > _MAX_COLUMNS or _kind(cells[0]) != _LABEL:
        return None
    return len(cells) if all(_kind(c) == _NUMBER for c in cells[1:]) else None
