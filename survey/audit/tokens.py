"""Every number of a document with its unit and span, read once; and the counts a figure may
be a share of.

The token pass reads the masked flow (dates, money, document numbers and other look-alikes
blanked, :func:`survey.audit.context.mask`) once per document: each number with the unit
written after it (份, 人, 名, 户, 例, 票, 人次, 次, %, ‰, 分 …), its flow span, its paragraph
(block), sentence and section. A whole count of people or questionnaires gets a *role* from
its surroundings (:class:`BaseKind`): issued (发放), returned (回收), valid (有效),
respondents (受访者 300 人, 共 46 人作答, n = 46), selections (4023 人次, 选择 389 次) or a
sub-base (a part of the respondents: 女性 212 人, 知晓项目的 120 人).

:func:`candidate_bases` is the service the share checks ask: for one claim, every count it
may be a part of, nearest first — its sentence, its paragraph or table, its section, the
whole document — each once, with its role. A careful reader tries each; so does a check,
and a figure is wrong only when none of them, under no rounding convention, gives it
(:func:`first_fitting`).

>>> from survey.audit.text import document_from_lines
>>> doc = document_from_lines(["一、调查概况", "本次共回收有效问卷 46 份。",
...                            "二、结果", "其中女性 20 人。选择“满意”的占 43.48%。"])
>>> [(t.text, t.unit) for t in document_tokens(doc).tokens]
[('46', '份'), ('20', '人'), ('43.48', '%')]
>>> [(c.n, c.kind, c.scope) for c in candidate_bases(doc, document_tokens(doc).tokens[2])]
[(20, 'sub_base', 'paragraph'), (46, 'valid', 'document')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Literal, NamedTuple

from survey.audit import patterns as P
from survey.audit.arithmetic import Printed, ratio_roundings, share_roundings
from survey.audit.context import masked_flow
from survey.audit.model import Claim
from survey.audit.registry import ClaimKind
from survey.audit.text import Block, Document

__all__ = ["BaseKind", "Candidate", "Scope", "Token", "Tokens", "candidate_bases",
           "document_tokens", "first_fitting"]

BaseKind = Literal["issued", "returned", "valid", "respondents", "selections", "sub_base"]
Scope = Literal["sentence", "paragraph", "table", "section", "document"]

COUNT_UNITS = frozenset({"份", "人", "名", "户", "例", "票", "人次", "位", "次", "张", "套", "家"})
"""Units of a whole count (people, questionnaires, votes, selections)."""

_TOKEN = re.compile(
    r"(?P<num>" + P.NUMBER + r")[ \t]*(?P<unit>人次|份|人|名|户|例|票|位|次|张|套|家|%|‰|分|个)?")
_SENTENCE_END = re.compile(r"[。!?！？]|\n")  # ；joins the clauses of one sentence
_SECTION_HEAD = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|第[一二三四五六七八九十\d]+[章节部分]"
    r"|\d+(?:\.\d+)*[、.．\s])")
_ROLE_WORDS: tuple[tuple[BaseKind, re.Pattern[str]], ...] = (
    ("selections", re.compile(r"选择次数|选择总次数|次选择|合计选择|共选择|总选择|响应")),
    ("valid", re.compile(r"有效(?:问卷|答卷|样本|回收|份数)?[^，,。;\d中里]{0,6}$")),
    ("returned", re.compile(r"(?:回收|收回|收到)(?!率)[^，,。;\d]{0,8}$")),
    ("issued", re.compile(r"(?:发放|派发|分发|发出|投放|下发)[^，,。;\d]{0,8}$")),
    ("respondents", re.compile(
        r"(?:受访者|受访群众|受访居民|被调查者|被访者|调查对象|受访对象|样本量?|样本容量|参与人数"
        r"|参加人数|受访人数|调查人数|答题人数|作答人数|回答人数|(?<![A-Za-z])[nN]\s*=)(?![中当之])"
        r"[^，,。;\d]{0,6}$"
        r"|(?:访问|访谈|拦访|调查|询问|采访|调研)(?:了)?[^，,。;\d]{0,8}$")),
)
_RESPONDED_AFTER = re.compile(r"[ \t]*(?:[\u4e00-\u9fff]{0,6}?)(?:参与|参加|作答|回答|填写|接受|答题)")
_AMONG_AFTER = re.compile(r"[ \t]*(?:[^\d，。,;:%\n]{0,14}?)(?:中|里|当中|之中)")
_GENERIC = re.compile(r"问卷|答卷|受访|被调查|调查对象|被访|样本|群众|居民|村民|农户|市民|网民")
_PEOPLE = frozenset({"人", "名", "户", "例", "票", "位", "份", "张", "套", "家"})
_CLAIM_ROLES: dict[ClaimKind, BaseKind] = {
    ClaimKind.ISSUED: "issued", ClaimKind.RETURNED: "returned", ClaimKind.VALID: "valid",
    ClaimKind.BASE: "respondents",
}
_WHOLE: frozenset[BaseKind] = frozenset({"issued", "returned", "valid", "respondents",
                                         "selections"})


class Token(NamedTuple):
    """One number as written: its text (normalised digits, no thousands separators), the
    unit after it (``""`` when none), its flow span, and where it stands (block, sentence
    start, section index). ``role`` is the count's role when it is a whole count of people,
    questionnaires or selections, else None. A named tuple: a 10 MB report has a million.
    """

    text: str
    unit: str
    start: int
    end: int
    block: int
    sentence: int
    section: int
    role: BaseKind | None = None

    @property
    def whole(self) -> int | None:
        """The whole count, when the token is one."""
        return int(self.text) if self.unit in COUNT_UNITS and self.text.isdigit() else None


@dataclass(frozen=True)
class Candidate:
    """A count a figure may be a share of: ``n``, its role, the nearest scope it was found
    in, and its token."""

    n: int
    kind: BaseKind
    scope: Scope
    token: Token


class Tokens:
    """The token index of one document (:func:`document_tokens`)."""

    def __init__(self, document: Document, claims: Sequence[Claim] = ()) -> None:
        self.document = document
        self.with_claims = bool(claims)
        masked = masked_flow(document)
        self._sentence_starts = [0] + [m.end() for m in _SENTENCE_END.finditer(masked)]
        self._sections = _sections(document)
        claimed = _claimed_roles(document, claims)
        found: list[Token] = []
        block_starts = [b.start for b in document.blocks]
        sentence_starts = self._sentence_starts
        for m in _TOKEN.finditer(masked):
            start, end = m.span("num")
            text = m.group("num").replace(",", "")
            unit = m.group("unit") or ""
            block = max(bisect.bisect_right(block_starts, start) - 1, 0)
            sentence = sentence_starts[bisect.bisect_right(sentence_starts, start) - 1]
            role: BaseKind | None = None
            if unit in COUNT_UNITS and text.isdigit():
                role = claimed.get(start) or _role(masked, unit, start, sentence, m.end())
            found.append(Token(text, unit, start, end, block, sentence, self._sections[block],
                               role))
        self.tokens: tuple[Token, ...] = tuple(found)
        self._starts = [t.start for t in found]
        self._counts = [t for t in found if t.role is not None]
        self._by_block: dict[int, list[Token]] = {}
        for t in self._counts:
            self._by_block.setdefault(t.block, []).append(t)
        self._whole: dict[int, list[Token]] = {}
        self._by_section: dict[int, list[Token]] = {}
        self._distinct: list[Token] | None = None
        for t in self._counts:
            self._by_section.setdefault(t.section, []).append(t)
            if t.role in _WHOLE:
                self._whole.setdefault(t.section, []).append(t)

    def section_of(self, block: int) -> int:
        """The section index of a block."""
        return self._sections[block]

    def at(self, flow_pos: int) -> Token | None:
        """The token whose number starts at or covers ``flow_pos``."""
        i = bisect.bisect_right(self._starts, flow_pos) - 1
        if i >= 0 and self.tokens[i].start <= flow_pos < self.tokens[i].end:
            return self.tokens[i]
        return None

    def in_span(self, start: int, end: int) -> list[Token]:
        """The tokens whose number lies in the flow span ``[start, end)``."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return list(self.tokens[lo:hi])

    def counts_in_block(self, block: int) -> list[Token]:
        """The role-bearing counts of one block, in order."""
        return self._by_block.get(block, [])

    def counts_in_section(self, section: int) -> list[Token]:
        """The role-bearing counts of one section, in order."""
        return self._by_section.get(section, [])

    def distinct_whole_counts(self) -> list[Token]:
        """The counts of the whole survey, the first token of each value: valid counts first,
        then respondents, returned, issued and selections, each in document order (computed
        once)."""
        if self._distinct is None:
            first: dict[int, Token] = {}
            for s in sorted(self._whole):
                for t in self._whole[s]:
                    if t.whole is not None:
                        first.setdefault(t.whole, t)
            rank = {"valid": 0, "respondents": 1, "returned": 2, "issued": 3, "selections": 4}
            self._distinct = sorted(first.values(), key=lambda t: rank.get(t.role or "", 5))
        return self._distinct


def _claimed_roles(document: Document, claims: Sequence[Claim]) -> dict[int, BaseKind]:
    """Flow start of each number a fieldwork claim reads → its role (the extraction already
    decided what 30 in 发放问卷 30 份 is)."""
    roles: dict[int, BaseKind] = {}
    index = document.flow_index
    for c in claims:
        role = _CLAIM_ROLES.get(c.kind)
        if role is None:
            continue
        lo = bisect.bisect_left(index, c.start)
        hi = bisect.bisect_left(index, c.end)
        at = document.flow.find(c.text, lo, hi + 1)
        if at >= 0:
            roles[at] = role
    return roles


def _role(masked: str, unit: str, start: int, sentence: int, after: int) -> BaseKind | None:
    """The role of a whole count from the words around it (see module docstring)."""
    if unit == "人次" or (unit == "次" and _ROLE_WORDS[0][1].search(
            masked, max(sentence, start - 12), start)):
        return "selections"
    if unit not in _PEOPLE:
        return None
    before = masked[max(sentence, start - 16):start]
    if P.PER_UNIT.search(before):
        return "sub_base"  # 每个村完成调查问卷 10 份: each village's share of the survey
    for kind, pattern in _ROLE_WORDS[1:]:
        if pattern.search(before):
            return kind
    if _RESPONDED_AFTER.match(masked, after):
        return "respondents"
    among = _AMONG_AFTER.match(masked, after)
    if among and _GENERIC.search(among.group()):
        return "respondents"
    return "sub_base"


def _sections(document: Document) -> list[int]:
    """Section index of each block: a heading (or a short numbered line: 一、 (二) 3.1) starts
    a new one."""
    sections: list[int] = []
    current = 0
    for block in document.blocks:
        if _is_heading(document, block):
            current += 1
        sections.append(current)
    return sections


def _is_heading(document: Document, block: Block) -> bool:
    if block.is_heading:
        return True
    if block.is_table or block.end - block.start > 40:
        return False
    return bool(_SECTION_HEAD.match(document.flow, block.start, block.end))


def document_tokens(document: Document, claims: Sequence[Claim] = ()) -> Tokens:
    """The token index of ``document``, built once and kept with the document.

    ``claims`` (the document's extracted claims) lend their roles to the counts they read;
    an index built without claims is built again the first time claims are given.
    """
    memo = document.memo
    found = memo.get("tokens")
    if not isinstance(found, Tokens) or (claims and not found.with_claims):
        found = memo["tokens"] = Tokens(document, claims)
    return found


def _flow_pos(document: Document, text_pos: int) -> int:
    return bisect.bisect_left(document.flow_index, text_pos)


def candidate_bases(document: Document, where: Claim | Token, claims: Sequence[Claim] = (), *,
                    kinds: Iterable[BaseKind] | None = None) -> Iterator[Candidate]:
    """The counts the figure ``where`` (a claim or a token) may be a share of, nearest first.

    Scopes in order: the figure's sentence, its paragraph (``table`` when the block is a
    table), its section, the document. In the sentence and paragraph every count with a
    role is a candidate (a sub-group's size included: 女性 212 人), and in the section too (女性中
    … refers to the 女性 120 人 of the paragraph above); in the document only the counts of
    the whole survey: valid, respondents, returned, issued, then selections, each in document
    order.
    Within the other scopes the nearest comes first (lazily: asking for the first few costs
    a few steps). Each value is yielded once, at its nearest scope; the figure's own count (31 人，占 67.39%) is not its base. ``kinds``
    restricts the roles.
    """
    index = document_tokens(document, claims)
    if isinstance(where, Token):
        pos, block, section, sentence = where.start, where.block, where.section, where.sentence
        own: int | None = None
    else:
        pos = _flow_pos(document, where.start)
        spanned = index.in_span(pos, _flow_pos(document, where.end))
        # the claim's own number: its quote may begin with other figures (实到50人，赞成46票，占92%)
        here = index.at(pos) or next((t for t in reversed(spanned) if t.text == where.text),
                                     next(iter(spanned), None))
        block = where.block
        section = here.section if here else index.section_of(block)
        sentence = here.sentence if here else pos
        count = where.details.get("count")
        own = count if isinstance(count, int) else None
        if here is not None:
            pos = here.start
    allowed = frozenset(kinds) if kinds is not None else None
    seen: set[int] = set()
    table = document.blocks[block].is_table

    def offer(tokens: Iterable[Token], scope: Scope) -> Iterator[Candidate]:
        for t in tokens:
            n = t.whole
            if n is None or t.role is None or n <= 0 or n in seen or t.start == pos:
                continue
            if allowed is not None and t.role not in allowed:
                continue
            if own is not None and n == own and t.role == "sub_base" and t.block == block:
                continue
            seen.add(n)
            yield Candidate(n, t.role, scope, t)

    in_block = index.counts_in_block(block)
    here_sentence = _within(in_block, pos, lambda t: t.sentence == sentence)
    yield from offer(islice(_nearest(here_sentence, pos), NEAREST_COUNTS), "sentence")
    yield from offer(islice(_nearest(in_block, pos), NEAREST_COUNTS),
                     "table" if table else "paragraph")
    yield from offer(islice(_nearest(index.counts_in_section(section), pos), NEAREST_COUNTS),
                     "section")
    yield from offer(index.distinct_whole_counts(), "document")


def _within(tokens: Sequence[Token], pos: int, keep: Callable[[Token], bool]) -> list[Token]:
    """The tokens ``keep`` accepts among the :data:`NEAREST_COUNTS` on each side of
    ``pos`` (a sentence's counts lie next to it: the rest of a long paragraph is not
    walked for them)."""
    middle = _bisect_tokens(tokens, pos)
    return [t for t in tokens[max(0, middle - NEAREST_COUNTS):middle + NEAREST_COUNTS]
            if keep(t)]


#: How many counts of a scope (sentence, paragraph or table, section) are looked at as
#: bases of one figure, nearest first. A reader links a share to a count close by; a
#: paragraph of thousands of counts (a flattened table, a pasted list) would otherwise make
#: every figure walk all of them (12,000 share-and-count pairs in one line: 65 s). The
#: document scope still offers every whole-survey count (valid, returned, issued …).
NEAREST_COUNTS = 64


def _nearest(tokens: Sequence[Token], pos: int) -> Iterator[Token]:
    """``tokens`` (in document order) nearest to ``pos`` first, lazily: two pointers walk
    out from ``pos``, so taking the first few costs a few steps, not a sort."""
    right = _bisect_tokens(tokens, pos)
    left = right - 1
    while left >= 0 or right < len(tokens):
        if right >= len(tokens) or (left >= 0 and pos - tokens[left].start <= tokens[right].start - pos):
            yield tokens[left]
            left -= 1
        else:
            yield tokens[right]
            right += 1


def _bisect_tokens(tokens: Sequence[Token], pos: int) -> int:
    lo, hi = 0, len(tokens)
    while lo < hi:
        mid = (lo + hi) // 2
        if tokens[mid].start < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


def first_fitting(printed: Printed, candidates: Iterable[Candidate], *,
                  count: int | None = None) -> Candidate | None:
    """The first candidate base under which the printed share can be true: some whole
    k of n (or the stated ``count`` of n) prints as it under half-up, half-even or
    truncation at its printed decimals. None when no candidate gives it."""
    for c in candidates:
        if count is not None:
            if c.n >= count and ratio_roundings(count, c.n, printed):
                return c
        elif share_roundings(printed, c.n):
            return c
    return None
