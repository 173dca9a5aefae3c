"""A count and its share written together with no base beside them (83 人，占调查人数 43%;
240 票占 93%; 有效问卷中 156 户（占 78.0%）): the base is looked up in scope.

The candidate bases are the counts the share may be of, nearest first
(:func:`survey.audit.tokens.candidate_bases`: the sentence, the paragraph, the section, then
the counts of the whole survey — 有效问卷 N 份, 收回 N 份, 参与人数 N 人次 stated earlier).
For count k and printed share p the pair fits a base n when k ÷ n prints as p under
half-up, half-even or truncation at p's decimals
(:func:`survey.audit.arithmetic.ratio_roundings`). The pair is wrong only when

- a count of the whole survey (valid, returned, respondents) at least as large as the
  count is among the candidates, so the share has a base to be checked against (240 票
  in a text whose only count is 192 questionnaires is about another population), and
- no candidate at all — a sub-group's size, selections, the issued count included — fits;
  when the text says the share is of all respondents (占调查人数, 有效问卷中), only the
  counts of respondents (valid, returned, respondents) are its candidates: 78.0% of
  "有效问卷中" is not 156 of the 200 issued.

A share whose sentence is about some respondents only (知晓项目的受访者中, 其中) or that
names a base other than the whole (占女性的) is left alone unless the text says it is of
all respondents (占调查人数, 占受访者, 有效问卷中).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from fractions import Fraction

from survey.audit import patterns as P
from survey.audit.arithmetic import Printed, ratio_roundings
from survey.audit.checks._common import percent, ratio_text
from survey.audit.checks.shares import neighbours
from survey.audit.findings import Finding, Severity, make_finding
from survey.audit.model import Claim
from survey.audit.registry import ClaimKind, check
from survey.audit.shares import LEVEL_TERMS
from survey.audit.text import Document
from survey.audit.tokens import (
    BaseKind,
    Candidate,
    candidate_bases,
    document_tokens,
    first_fitting,
)
from survey.locale import Language

__all__ = ["check_counts_in_scope", "check_shares_in_scope", "linked_base"]

_WHOLE_KINDS: frozenset[BaseKind] = frozenset({"valid", "returned", "respondents"})
_OTHER_BASE = re.compile(r"占[^\d%，,。;]{1,10}?的")
"""占女性的, 占本村农户的: a share said to be of a named part."""
_OPTION_WORD = re.compile(r"[\u4e00-\u9fff]")
_OPERATOR = re.compile(r"[×÷*/+=＝]")
_PART_BEFORE = re.compile(r"其中|之中|当中|中的?$")


def _count(claim: Claim) -> int | None:
    count = claim.details.get("count")
    return count if isinstance(count, int) else None


def _own_sentence(document: Document, claim: Claim) -> str:
    """The text of the claim's sentence up to the share."""
    before = document.text[max(0, claim.start - 80):claim.end]
    for stop in "。！？!?\n":
        before = before.rsplit(stop, 1)[-1]
    return before


def linked_base(claim: Claim, document: Document, claims: Sequence[Claim]
                ) -> tuple[Candidate | None, list[Candidate]]:
    """For a share written with its count and no base: the first candidate base that fits
    (None when none does) and every candidate; an empty list when the share has no base
    to be checked against (see the module docstring)."""
    count = _count(claim)
    if count is None or claim.n:
        return None, []
    d = claim.details
    if d.get("over_selections") or d.get("n_source") in ("ambiguous", "own"):
        return None, []
    if not d.get("of_whole"):
        sentence = _own_sentence(document, claim)
        if P.SUBSET.search(sentence) or _OTHER_BASE.search(sentence) \
                or _PART_BEFORE.search(sentence):
            return None, []
    kinds = _WHOLE_KINDS if d.get("of_whole") else None
    candidates = list(candidate_bases(document, claim, claims, kinds=kinds))
    if not any(c.kind in _WHOLE_KINDS and c.n >= count for c in candidates):
        return None, []  # no count of the whole survey can hold it: another population
    printed = claim.printed
    for c in candidates:
        if c.n >= count and ratio_roundings(count, c.n, printed):
            return c, candidates
    return None, candidates


@check("rate_mismatch", order=81)
def check_counts_in_scope(claims: Sequence[Claim], document: Document,
                          lang: Language) -> Iterator[Finding]:
    """``rate_mismatch`` (share): a count and its share that no base in scope gives."""
    for claim in claims:
        if claim.kind not in (ClaimKind.SHARE, ClaimKind.SATISFACTION_RATE):
            continue
        fitting, candidates = linked_base(claim, document, claims)
        if fitting is not None or not candidates:
            continue
        count = _count(claim)
        if count is None:
            continue
        base = next(c for c in candidates if c.kind in _WHOLE_KINDS and c.n >= count)
        printed = claim.printed
        yield make_finding(document, "rate_mismatch", Severity.ERROR, [claim], lang,
                           variant="share", stated=claim.shown(),
                           computed=ratio_text(count, base.n, printed.decimals),
                           rounded=percent(Fraction(100 * count, base.n), printed.decimals))


@check("percentage_impossible_for_n", order=91)
def check_shares_in_scope(claims: Sequence[Claim], document: Document,
                          lang: Language) -> Iterator[Finding]:
    """``percentage_impossible_for_n`` for a single-choice share written with neither count
    nor base, in a text that states several counts of the whole survey (发放 80 份，回收 77 份):
    raised only when no candidate base at all gives the share (the text with one such count
    is :func:`survey.audit.checks.shares.check_shares_for_n`'s)."""
    whole_counts: list[int] | None = None
    for claim in claims:
        d = claim.details
        if claim.kind is not ClaimKind.SHARE or claim.n or _count(claim) is not None \
                or d.get("source") != "text" or d.get("multiple_choice") \
                or d.get("n_source") in ("ambiguous", "own") or claim.printed.value > 100:
            continue
        if whole_counts is None:
            whole_counts = [t.whole for t in document_tokens(document, claims).distinct_whole_counts()
                            if t.whole is not None]
        if len(whole_counts) < 2:
            return
        label = claim.label or ""
        if not _OPTION_WORD.search(label) or _OPERATOR.search(label):
            continue  # an operand (10 × 73.81% ÷ 85%), not an option's share
        sentence = _own_sentence(document, claim)
        if P.SUBSET.search(sentence) or _OTHER_BASE.search(sentence) \
                or _PART_BEFORE.search(sentence):
            continue
        candidates = list(candidate_bases(document, claim, claims))
        if any(term in label for term in LEVEL_TERMS):
            candidates = _answered(claim.printed, candidates)
        if not any(c.kind in _WHOLE_KINDS for c in candidates) \
                or first_fitting(claim.printed, candidates) is not None:
            continue
        base = next(c for c in candidates if c.kind in _WHOLE_KINDS)
        yield make_finding(document, "percentage_impossible_for_n", Severity.ERROR, [claim],
                           lang, stated=claim.shown(), n=base.n,
                           neighbours=neighbours(claim.printed, base.n, lang))


def _answered(printed: Printed, candidates: list[Candidate]) -> list[Candidate]:
    """The bases of an answer's share (很满意的家长占 77%): an issued count stays one only
    where the answers it implies are no more than came back, as only returned questionnaires
    were answered (发放 26 份，收回 11 份: 77% is 20 of the 26 issued, 20 answers from 11
    questionnaires; 49.0% of 80 issued with 77 returned is 39 answers, a possible if loose
    base)."""
    answered = [c.n for c in candidates if c.kind in _WHOLE_KINDS]
    if not answered:
        return candidates
    most = max(answered)
    return [c for c in candidates if c.kind != "issued" or any(
        ratio_roundings(k, c.n, printed) for k in _near_counts(printed, c.n, most))]


def _near_counts(printed: Printed, n: int, most: int) -> range:
    """The whole counts out of ``n`` that may print as the share ``printed`` (those within
    two of ``printed`` × ``n``), none above ``most``."""
    centre = int(printed.value * n / 100)
    return range(max(0, centre - 2), min(most, centre + 3) + 1)
