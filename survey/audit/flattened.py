"""Tables flattened to one cell per line, found so they can be read as tables.

A table copied out of a PDF or a web page often arrives with every cell on a line of its
own (sometimes with a blank line between cells)::

    选项          ← header: k short labels
    人数
    比例
    非常满意      ← row: a label, then k − 1 figures
    120
    48.0%
    满意
    80
    32.0%

:func:`flattened_tables` finds such runs: the figures after a label fix the row width k
(a label followed by exactly k − 1 figure cells, at least two such rows in a row), and the
k short labels just before the first row are its header, at least one of them naming what a
column holds (人数, 比例, 满意率, 非常满意 …). When the line before the k − 1 figure headers
is a caption or a sentence rather than a short label, the header lacks the label column's
cell (``人数 | 比例`` over ``非常满意 | 120 | 48.0%``); the table says so in
:attr:`FlatTable.header_gap`. :mod:`survey.audit.text` then joins each row's cells with
tabs, so the table readers see ``非常满意\\t120\\t48.0%`` and every cell keeps the line it
was written on.

What is not found: a row whose label runs over two lines, rows with two label cells (SPSS's
``有效 | 非常满意 | …``), a header written on one line over rows written one cell per line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["FlatTable", "flattened_tables"]

_FIGURE = re.compile(
    r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+|(?=\.\d))(?:\.\d+)?\s*"
    r"(?:%|‰|个百分点|人次|人|份|个|次|户|家|名|所|项|分)?"
    r"|[-—–]")
_LABEL_MAX = 16
_SENTENCE = re.compile(r"[。，；;：:！？!?]")
_CAPTION = re.compile(r"(?:表|图|附表)\s*[\d一二三四五六七八九十]")
# a header names what its columns hold: counts, shares, rates, scores or answer options
_HEADER_WORD = re.compile(r"数|率|比|%|分|值|频|次|计|样本|份|^[Nn]$|满意|同意|一般|是|否")
_MAX_COLUMNS = 12

_BLANK, _LABEL, _NUMBER, _OTHER = range(4)


@dataclass(frozen=True)
class FlatTable:
    """One flattened table: each row as the indices of its cells' lines, header first."""

    rows: tuple[tuple[int, ...], ...]
    header_gap: bool  # the header has no cell over the label column


def _kind(line: str) -> int:
    text = line.strip()
    if not text:
        return _BLANK
    if _FIGURE.fullmatch(text):
        return _NUMBER
    if len(text) <= _LABEL_MAX and not _SENTENCE.search(text) and "\t" not in text \
            and not text.startswith("|"):
        return _LABEL
    return _OTHER


def _header_cell(line: str) -> bool:
    return not _CAPTION.match(line.strip())


def flattened_tables(lines: Sequence[str], taken: frozenset[int] = frozenset()) -> list[FlatTable]:
    """The flattened tables among ``lines`` (``taken``: lines already read as table rows).

    >>> lines = ["表1 满意度", "选项", "人数", "比例", "满意", "40", "80%", "不满意", "10", "20%"]
    >>> [t.rows for t in flattened_tables(lines)]
    [((1, 2, 3), (4, 5, 6), (7, 8, 9))]
    >>> [(t.rows[0], t.header_gap) for t in flattened_tables(lines[:1] + lines[2:])]
    [((1, 2), True)]
    """
    cells = [i for i, line in enumerate(lines) if line.strip()]
    kinds = [_OTHER if i in taken else _kind(lines[i]) for i in cells]
    found: list[FlatTable] = []
    p = 0
    while p < len(cells):
        table, p = _table_at(lines, cells, kinds, p)
        if table is not None:
            found.append(table)
    return found


def _figures_after(kinds: Sequence[int], p: int) -> int:
    m = 0
    while p + 1 + m < len(kinds) and kinds[p + 1 + m] == _NUMBER:
        m += 1
    return m


def _table_at(lines: Sequence[str], cells: Sequence[int], kinds: Sequence[int],
              p: int) -> tuple[FlatTable | None, int]:
    """The flattened table whose first data row starts at cell ``p`` (None if there is
    none), and the cell to look at next."""
    if kinds[p] != _LABEL:
        return None, p + 1
    width = _figures_after(kinds, p) + 1
    if width < 2 or width > _MAX_COLUMNS:
        return None, p + width
    header = _header(lines, cells, kinds, p, width)
    if header is None:
        return None, p + 1
    rows = []
    q = p
    while q + width <= len(cells) and kinds[q] == _LABEL and _figures_after(kinds, q) == width - 1:
        rows.append(tuple(cells[q:q + width]))
        q += width
    if len(rows) < 2:
        return None, p + 1
    head, gap = header
    return FlatTable((tuple(cells[h] for h in head), *rows), gap), q


def _header(lines: Sequence[str], cells: Sequence[int], kinds: Sequence[int], p: int,
            width: int) -> tuple[range, bool] | None:
    """The header's cells (positions in ``cells``) before the first row at ``p``, and
    whether it lacks the label column's cell; None when the lines there are no header."""
    for size, gap in ((width, False), (width - 1, True)):
        start = p - size
        if start < 0 or size < 1:
            continue
        span = range(start, p)
        if not all(kinds[h] == _LABEL and _header_cell(lines[cells[h]]) for h in span):
            continue
        if gap and start > 0 and kinds[start - 1] == _LABEL and _header_cell(lines[cells[start - 1]]):
            continue  # a short label there would be the label column's header: not a gap
        named = span if gap else span[1:]
        if any(_HEADER_WORD.search(lines[cells[h]].strip()) for h in named):
            return span, gap
    return None
