"""Where a figure stands: masked text, sentences, blocks, the population it is about.

A :class:`Context` wraps one document for the extraction passes: the flow with the
look-alike numbers blanked (:data:`survey.audit.patterns.MASKS`), the spans already
claimed, and helpers that turn a match into a :class:`~survey.audit.claims.Claim`.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from survey.audit import patterns as P
from survey.audit.expressions import Statement, find_statements
from survey.audit.model import Claim, Taken
from survey.audit.registry import ClaimKind, Details, make_details
from survey.audit.text import Block, Document

__all__ = ["Context", "canonical_subject", "mask", "masked_flow"]

_T = TypeVar("_T")

_BLANK = "\ue000"
_NOT_SPACE = re.compile(r"\S")
_SENTENCE_END = re.compile(r"[。!?;]|\n")
_SENTENCE_REACH = 400
"""How far a sentence reaches on each side of a figure: real sentences are shorter, and a
100,000-character run without a full stop must not make every figure in it read it all."""
_PARAGRAPH_REACH = 2_000
"""How far back in its paragraph a figure's population is looked for (same reason)."""
_CLAUSE_END = re.compile(r"[，,;。!?\n]")
_CONJUNCTION = re.compile(r"^\s*(?:和|及|与|、|以及|,|，)\s*$")
_CANONICAL = {"受益群众": "群众", "受益农户": "农户", "工作人员": "单位人员", "实施单位": "单位人员",
              "项目单位": "单位人员", "管理人员": "单位人员"}


def canonical_subject(word: str) -> str:
    """One name per population: 受益群众 → 群众, 工作人员/实施单位/管理人员 → 单位人员."""
    return _CANONICAL.get(word, word)


def mask(flow: str) -> str:
    """``flow`` with every look-alike number blanked (same length).

    >>> mask("财预〔2020〕10号规定，2023 年发放问卷 30 份").count("30")
    1
    """
    spans = sorted(m.span() for pattern in P.MASKS for m in pattern.finditer(flow))
    parts: list[str] = []
    done = 0
    for start, end in spans:
        start = max(start, done)
        if start >= end:
            continue
        parts.append(flow[done:start])
        parts.append(_NOT_SPACE.sub(_BLANK, flow[start:end]))
        done = end
    parts.append(flow[done:])
    return "".join(parts)


def masked_flow(document: Document) -> str:
    """The document's flow with look-alike numbers blanked, computed once per document."""
    found = document.memo.get("masked")
    if not isinstance(found, str):
        found = document.memo["masked"] = mask(document.flow)
    return found


class Context:
    """One document prepared for extraction (see module docstring)."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.flow = document.flow
        self.masked = masked_flow(document)
        self.taken = Taken()
        self._group_counter = 0
        self._headings: list[Block | None] | None = None
        self._memo: dict[str, Any] = {}
        self._statements: dict[int, list[Statement]] = {}
        self._ends: list[int] | None = None  # positions of sentence ends, found once

    # --- places ------------------------------------------------------------------------

    def block(self, pos: int) -> Block:
        """The block holding flow position ``pos``."""
        return self.document.block_at(pos)

    def text_blocks(self) -> list[Block]:
        """Blocks that are not tables."""
        return [b for b in self.document.blocks if not b.is_table]

    def sentence(self, pos: int) -> tuple[int, int]:
        """The flow span of the sentence (or table row) holding ``pos``, at most
        :data:`_SENTENCE_REACH` characters on either side of it.

        The sentence ends of the whole flow are found once and bisected, so a look-up costs
        the same in a short paragraph and in one of 100,000 characters.
        """
        block = self.block(pos)
        if self._ends is None:
            self._ends = [m.start() for m in _SENTENCE_END.finditer(self.flow)]
        ends = self._ends
        i = bisect.bisect_left(ends, pos)
        start = ends[i - 1] + 1 if i > 0 and ends[i - 1] >= block.start else block.start
        if i < len(ends) and ends[i] < block.end:
            end = ends[i] + (0 if self.flow[ends[i]] == "\n" else 1)
        else:
            end = block.end
        return max(start, pos - _SENTENCE_REACH), min(end, pos + _SENTENCE_REACH)

    def previous_block(self, block: Block, *, max_len: int = 120) -> Block | None:
        """The block just before ``block`` when it is short (a caption or heading)."""
        if block.index == 0:
            return None
        previous = self.document.blocks[block.index - 1]
        if previous.is_table or previous.end - previous.start > max_len:
            return None
        return previous

    def new_group(self, prefix: str) -> str:
        """A fresh group id (``list3``, ``table7`` …)."""
        self._group_counter += 1
        return f"{prefix}{self._group_counter}"

    def memo(self, key: str, compute: Callable[[], _T]) -> _T:
        """A per-document value computed once, on first use (a document-wide cue, the
        blocks about the sample-size formula)."""
        if key not in self._memo:
            self._memo[key] = compute()
        value: _T = self._memo[key]
        return value

    def statements(self, block: Block) -> list[Statement]:
        """The arithmetic statements written in ``block`` (``385×1.15≈578``), read once."""
        found = self._statements.get(block.index)
        if found is None:
            text = self.masked[block.start:block.end]
            found = (list(find_statements(self.masked, block.start, block.end))
                     if "=" in text or "≈" in text or "约等于" in text else [])
            self._statements[block.index] = found
        return found

    def operand(self, pos: int) -> bool:
        """Whether the number at flow position ``pos`` is an operand of a written computation
        (the 42.5 of 满意率为42.5%+38.6%=81.1%): it is not the figure the words name."""
        return self._operand_in(self.block(pos), pos)

    def _operand_in(self, block: Block, pos: int) -> bool:
        return any(seg.kind == "expression" and seg.start <= pos < seg.end
                   for statement in self.statements(block)
                   for seg in statement.segments)

    # --- who the figure is about -------------------------------------------------------

    def subject(self, pos: int) -> tuple[str | None, bool]:
        """The population the figure at ``pos`` is about, and whether it is about several.

        Read the way a reviewer reads it, nearest scope first:

        1. the sentence before the figure (a parenthesis the figure is not in is skipped:
           ``共发放 1000 份（学生 800 份、家长 200 份），回收有效问卷 962 份`` — the 962 is
           not the parents'); two populations joined (群众和单位人员共发放 …) are several;
        2. the clause the figure stands in, after it (收到 879 份患者版问卷);
        3. the rest of the sentence: naming two populations there makes the figure about
           several (共发放 1000 份（学生 800 份、家长 200 份）);
        4. the paragraph before the sentence, then the heading or caption above: one
           population named there is the figure's; two or more make it about several.

        Returns (subject, combined); ``combined`` means the figure is about several
        populations at once, so it belongs to none of them alone.
        """
        block = self.block(pos)
        sentence_start, sentence_end = self.sentence(pos)
        before = [m for m in P.SUBJECT.finditer(self.flow, sentence_start, pos)
                  if not self._aside(m.start(), pos, sentence_start)]
        if before:
            last = before[-1]
            if len(before) > 1 and _CONJUNCTION.match(self.flow[before[-2].end():last.start()]):
                return None, True
            return canonical_subject(last.group()), False
        clause = _CLAUSE_END.search(self.flow, pos, sentence_end)
        after = P.SUBJECT.search(self.flow, pos, clause.start() if clause else sentence_end)
        if after is not None:
            return canonical_subject(after.group()), False
        if len(self._subjects(sentence_start, sentence_end)) > 1:
            return None, True
        named = self._subjects(max(block.start, sentence_start - _PARAGRAPH_REACH), sentence_start)
        if named:
            return (named[0], False) if len(named) == 1 else (None, True)
        return self.heading_subject(block), False

    def _aside(self, at: int, pos: int, start: int) -> bool:
        """Whether ``at`` stands in a parenthesis that closes before ``pos``."""
        opened = max(self.flow.rfind("(", start, at), self.flow.rfind("（", start, at))
        if opened < 0:
            return False
        closed = min((i for i in (self.flow.find(")", opened, pos), self.flow.find("）", opened, pos))
                      if i >= 0), default=-1)
        return closed > at

    def _subjects(self, start: int, end: int) -> list[str]:
        """The distinct populations named in ``[start, end)``, in order."""
        names: list[str] = []
        for m in P.SUBJECT.finditer(self.flow, start, end):
            name = canonical_subject(m.group())
            if name not in names:
                names.append(name)
        return names

    def heading_subject(self, block: Block) -> str | None:
        """The population named in the nearest heading (or caption) above ``block``."""
        caption = self.previous_block(block, max_len=60)
        if caption is not None:
            found = list(P.SUBJECT.finditer(self.flow, caption.start, caption.end))
            if found:
                return canonical_subject(found[-1].group())
        heading = self._heading_before(block.index)
        if heading is None:
            return None
        found = list(P.SUBJECT.finditer(self.flow, heading.start, heading.end))
        return canonical_subject(found[-1].group()) if found else None

    def _heading_before(self, index: int) -> Block | None:
        """The last heading block before block ``index`` (one pass over the blocks, kept)."""
        if self._headings is None:
            last: Block | None = None
            self._headings = []
            for b in self.document.blocks:
                self._headings.append(last)
                if b.is_heading:
                    last = b
        return self._headings[index]

    # --- making claims -----------------------------------------------------------------

    def claim(
        self, kind: ClaimKind, span: tuple[int, int], number: tuple[int, int], *,
        percent: bool = False, group: str | None = None, label: str | None = None,
        n: int | None = None, subject: str | None = None,
        details: Mapping[str, Any] | Details | None = None,
        value_text: str | None = None, find_subject: bool = True, take: bool = True,
    ) -> Claim | None:
        """A claim for the number at flow span ``number``, quoted over flow span ``span``.

        Returns None when the number is already claimed or is an operand of a written
        computation (:meth:`operand`). The subject is looked up
        (before the number) unless given or ``find_subject`` is false. With ``take`` false
        the number is read without being claimed (an arithmetic statement over figures
        that other claims state).
        """
        block = self.block(number[0])
        if take:
            if self.taken.overlaps(*number) or self._operand_in(block, number[0]):
                return None
            self.taken.add(*number)
        text = (value_text if value_text is not None else self.flow[number[0]:number[1]])
        text = text.strip().replace(",", "")
        start, end = span
        flow = self.flow
        while start < end and flow[start].isspace():
            start += 1
        while end > start and flow[end - 1].isspace():
            end -= 1
        t_start, t_end = self.document.text_span(start, end)
        combined = False
        if subject is None and find_subject:
            subject, combined = self.subject(number[0])
        if combined:
            details = (dataclasses.replace(details, combined=True) if isinstance(details, Details)
                       else {**(details or {}), "combined": True})
        return Claim(kind=kind, value=float(text), text=text, start=t_start, end=t_end,
                     line=self.document.line_of(t_start), block=block.index,
                     percent=percent, subject=subject, n=n, label=label, group=group,
                     details=make_details(kind, details))
