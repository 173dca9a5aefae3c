"""A figure that adds options up (满意率, 满意加比较满意) against the options it adds.

Two places give one: a table's column beside one column per option (read by
:func:`survey.audit.tables._combined`), and a sentence's 满意率 or 非常满意和满意的占 beside a
list of level shares (非常满意的占 45.5%，满意的占 45.5%，一般的占 9.1%). Each is a :class:`Sum`.

With shares, each printed figure stands for a true value within one unit of its last place
(half-up and truncation are within it, and so is a share nudged by one unit to make a row
add up to 100): 45.5 stands for [45.4, 45.6]. The options' sum therefore lies in an interval
of its own, and the figure is wrong only when its interval and that of every reading of its
header (:func:`survey.audit.combined.readings`: the top two, the top three with 基本满意, a
weighted score, without the 不了解 answers) are apart. With counts the rate must be one of
the rates the counts give under some rounding (:func:`survey.audit.arithmetic.ratio_roundings`),
over the row's answers, over the answers that are a level of the scale, or over the table's
base.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from survey.audit.arithmetic import Printed, ratio_roundings
from survey.audit.checks._common import exact
from survey.audit.combined import Reading, named_options, option_phrase, option_word, readings
from survey.audit.findings import Finding, Severity, make_finding
from survey.audit.levels import UNKNOWN_ANSWERS
from survey.audit.model import Claim
from survey.audit.registry import ClaimKind, check
from survey.audit.text import Document
from survey.locale import Language

__all__ = ["Span", "Sum", "check_combined", "reading_span"]


@dataclass(frozen=True)
class Span:
    """The interval a computed figure lies in, given its terms' printing."""

    low: Fraction
    high: Fraction

    def meets(self, other: Span) -> bool:
        """Whether the two intervals share a point."""
        return self.low <= other.high and other.low <= self.high

    def distance(self, value: Fraction) -> Fraction:
        """How far ``value`` lies outside the interval (0 inside)."""
        return max(self.low - value, value - self.high, Fraction(0))


@dataclass(frozen=True)
class Sum:
    """A figure that adds options up and what it is checked against: its ``readings``, the
    options' figures as printed (``values``, ``""`` for nobody), whether those are
    ``"share"`` or ``"count"`` (None: either), the claims that state them (``terms``, by
    option, to quote) and the row's ``item``."""

    figure: Claim
    readings: tuple[Reading, ...]
    values: Mapping[str, str]
    measure: str | None
    terms: Mapping[str, Claim]
    item: str = ""

    def quoted(self, reading: Reading) -> list[Claim]:
        """The figure and the claims of the options the reading adds."""
        return [self.figure, *(self.terms[o] for o in reading.parts if o in self.terms)]


# --- the interval of a reading -----------------------------------------------------------


def _printed(value: str) -> Printed | None:
    """A figure as printed (``""`` is an empty cell: exactly 0)."""
    text = value.rstrip("%")
    return Printed.parse(text) if text else None


def _term(value: str) -> Span:
    printed = _printed(value)
    if printed is None:
        return Span(Fraction(0), Fraction(0))
    return Span(printed.value - printed.unit, printed.value + printed.unit)


def reading_span(reading: Reading, values: Mapping[str, str]) -> Span | None:
    """The interval a reading gives from the printed percentages, or None when a term is
    not among them.

    >>> s = reading_span(Reading(parts=("非常满意", "满意")), {"非常满意": "45.5", "满意": "45.5"})
    >>> float(s.low), float(s.high)  # 45.5 stands for 45.4 to 45.6
    (90.8, 91.2)
    """
    terms = reading.parts or tuple(o for o, _ in reading.weights)
    if any(t not in values for t in terms):
        return None
    if reading.weights:
        low = sum((w * _term(values[o]).low for o, w in reading.weights), Fraction(0)) / 100
        high = sum((w * _term(values[o]).high for o, w in reading.weights), Fraction(0)) / 100
    else:
        low = sum((_term(values[o]).low for o in terms), Fraction(0))
        high = sum((_term(values[o]).high for o in terms), Fraction(0))
    if not reading.without_unknown:
        return Span(max(low, Fraction(0)), high)
    unknown = [_term(v) for o, v in values.items() if o in UNKNOWN_ANSWERS]
    u_low = max(sum((s.low for s in unknown), Fraction(0)), Fraction(0))
    u_high = sum((s.high for s in unknown), Fraction(0))
    if u_high >= 100:
        return None
    return Span(max(low, Fraction(0)) * 100 / (100 - u_low), high * 100 / (100 - u_high))


def _as_shares(figure: Claim, values: Mapping[str, str]) -> bool:
    """Whether the options' figures and the sum can be percentages (none above 100)."""
    printed = [p for v in values.values() if (p := _printed(v)) is not None]
    return all(p.value <= 100 for p in printed) and \
        figure.printed.value <= 100 + figure.printed.unit


def _terms(reading: Reading, values: Mapping[str, str]) -> str:
    """The reading with the row's figures: ``45.5 + 45.5``, ``100%×40.0 + 80%×40.0 …``."""
    if reading.weights:
        return " + ".join(f"{w}%×{values[o] or '0'}" for o, w in reading.weights)
    return " + ".join(values[o] or "0" for o in reading.parts)


# --- a reading of counts -----------------------------------------------------------------


def _whole_counts(values: Mapping[str, str]) -> dict[str, int] | None:
    counts = {}
    for option, value in values.items():
        printed = _printed(value)
        if value.endswith("%") or (printed is not None and printed.decimals):
            return None
        counts[option] = printed.scaled if printed is not None else 0
    return counts


def _count_value(reading: Reading, counts: Mapping[str, int]) -> tuple[int, int]:
    """The reading's numerator and denominator from the counts."""
    den = sum(c for o, c in counts.items()
              if not (reading.without_unknown and o in UNKNOWN_ANSWERS))
    if reading.weights:
        return sum(w * counts.get(o, 0) for o, w in reading.weights), 100 * den
    return sum(counts.get(o, 0) for o in reading.parts), den


def _count_fits(figure: Claim, reading: Reading, counts: Mapping[str, int]) -> bool | None:
    """Whether the counts give the figure under this reading (None: a term is missing)."""
    terms = reading.parts or tuple(o for o, _ in reading.weights)
    if any(t not in counts for t in terms):
        return None
    num, den = _count_value(reading, counts)
    if not figure.percent and not reading.weights and num == figure.printed.value:
        return True  # the options' count itself (满意加比较满意 | 50)
    dens = [den]
    if figure.n and not reading.without_unknown:
        dens.append((100 if reading.weights else 1) * figure.n)
    return any(d > 0 and ratio_roundings(num, d, figure.printed) for d in dens)


# --- where the sums are ------------------------------------------------------------------


def _table_sums(claims: Sequence[Claim]) -> Iterator[Sum]:
    """The combined columns of tables, with their row's option claims."""
    by_row: dict[str, dict[str, Claim]] = {}
    for c in claims:
        option = c.details.get("option")
        if c.group is not None and option:
            by_row.setdefault(c.group, {})[option] = c
    for c in claims:
        found = c.details.get("adds_up")
        if found and c.kind in (ClaimKind.SHARE, ClaimKind.SATISFACTION_RATE):
            yield Sum(c, tuple(found), c.details.get("row_values") or {},
                      c.details.get("row_measure"), by_row.get(c.details.get("row_group"), {}),
                      c.details.get("item") or "")


_STOP = re.compile(r"[。！？!?；;\n]")


class _Sentences:
    """The sentence around a claim, found by bisection among the text's sentence ends
    (found once), so a line of many claims is not searched once per claim."""

    def __init__(self, document: Document) -> None:
        self._ends = [m.start() for m in _STOP.finditer(document.text)]
        self._length = len(document.text)

    def of(self, claim: Claim) -> tuple[int, int]:
        """The (start, end) of the sentence holding the claim's start."""
        i = bisect.bisect_left(self._ends, claim.start)
        start = self._ends[i - 1] + 1 if i > 0 else 0
        return start, self._ends[i] if i < len(self._ends) else self._length


def _level_lists(claims: Sequence[Claim]) -> list[dict[str, Claim]]:
    """The share lists of the text whose shares are levels of a satisfaction scale, each
    by option word (非常满意 → its claim), in the order written; a list in which two shares
    name one option is left out (a number written before its option, 23.1%的学生表示“非常
    满意”、36.2%的学生表示“满意”, gives each share the option before it)."""
    lists: dict[str, dict[str, Claim]] = {}
    broken: set[str] = set()
    for c in claims:
        level = c.details.get("level")
        if c.kind is not ClaimKind.SHARE or c.group is None or c.details.get("source") != "text" \
                or not level or level[0] != "sat" or c.label is None:
            continue
        word = option_word(c.label)
        if word is None or word in lists.setdefault(c.group, {}):
            broken.add(c.group)  # two shares named by one option: their words were misread
        else:
            lists[c.group][word] = c
    return [found for group, found in lists.items() if len(found) >= 2 and group not in broken]


def _about_the_list(document: Document, figure: Claim, terms: Mapping[str, Claim]) -> bool:
    """Whether a figure in a list's sentence sums that list: after it, with no new subject
    between (…，一般的占9.1%，满意率为90.9%; not …，对市容的满意率为93.9%), or before it and
    introduced by 其中 (满意度达98.5%，其中非常满意的为85.5% …)."""
    first = min(t.start for t in terms.values())
    last = max(t.end for t in terms.values())
    if figure.start >= last:
        return "对" not in document.text[last:figure.start]
    if figure.end <= first:
        gap = document.text[figure.end:first]
        return "其中" in gap and "对" not in gap
    return False


def _whole_scale(terms: Mapping[str, Claim]) -> bool:
    """Whether a list's shares add up to 100 within their rounding: every answer is listed,
    so its most satisfied option is the scale's (a list that lost 非常满意 to another reading
    would make 满意 its top)."""
    printed = [t.printed for t in terms.values()]
    slack = len(printed) * max(p.unit for p in printed)
    return abs(sum((p.value for p in printed), Fraction(0)) - 100) <= slack


def _sentence_sums(claims: Sequence[Claim], document: Document) -> Iterator[Sum]:
    """A 满意率 or a share of named options (非常满意和满意的占) written in the sentence of a
    list of level shares. A 满意率 needs the whole scale listed; named options only need
    to be in the list. A sentence that gives counts per level is :mod:`.levels`'s."""
    lists = _level_lists(claims)
    if not lists:
        return
    sentences = _Sentences(document)
    by_sentence: dict[tuple[int, int], list[dict[str, Claim]]] = {}
    for terms in lists:
        spans = {sentences.of(t) for t in terms.values()}
        if len(spans) == 1:
            by_sentence.setdefault(spans.pop(), []).append(terms)
    counted = {sentences.of(c) for c in claims if c.kind is ClaimKind.LEVEL_COUNT}
    for c in claims:
        if c.details.get("source") == "table" or not c.percent:
            continue
        if c.kind is ClaimKind.SATISFACTION_RATE:
            header = c.details.get("keyword") or ""
        elif c.kind is ClaimKind.SHARE and c.group is None and c.label:
            header = option_phrase(c.label)
        else:
            continue
        span = sentences.of(c)
        if span in counted:
            continue
        for terms in by_sentence.get(span, []):
            if not _about_the_list(document, c, terms) or (
                    named_options(header) is None and not _whole_scale(terms)):
                continue
            found = readings(header, list(terms))
            if found:
                values = {o: t.text for o, t in terms.items()}
                yield Sum(c, tuple(found), values, "share", terms)


# --- findings ----------------------------------------------------------------------------


def _where(total: Sum, lang: Language) -> dict[str, str]:
    """The message's ``item`` (the row's name and a colon, or nothing) and ``label``."""
    colon = "：" if lang.startswith("zh") else ": "
    label = total.figure.label or total.figure.details.get("keyword") or ""
    return {"item": total.item + colon if total.item else "", "label": label}


def _share_finding(document: Document, total: Sum, spans: Sequence[Span | None],
                   lang: Language) -> Finding:
    """The finding for shares, shown with the reading that comes closest."""
    stated = total.figure.printed
    span, reading = min(((s, r) for s, r in zip(spans, total.readings, strict=True)
                         if s is not None), key=lambda sr: sr[0].distance(stated.value))
    places = stated.decimals + 1
    return make_finding(
        document, "combined_share_mismatch", Severity.ERROR, total.quoted(reading), lang,
        **_where(total, lang), stated=total.figure.shown(), formula=reading.described(total.figure.details.get("printed_names") or {}),
        terms=_terms(reading, total.values), low=exact(span.low, places),
        high=exact(span.high, places))


def _count_finding(document: Document, total: Sum, counts: Mapping[str, int],
                   lang: Language) -> Finding:
    """The finding for counts, shown with the reading whose rate comes closest."""
    stated = total.figure.printed

    def off(reading: Reading) -> Fraction:
        num, den = _count_value(reading, counts)
        return abs(Fraction(100 * num, den) - stated.value) if den else Fraction(10**9)

    reading = min(total.readings, key=off)
    num, den = _count_value(reading, counts)
    computed = f"{num} ÷ {den} = {exact(Fraction(100 * num, den), stated.decimals + 2)}%" \
        if den else str(num)
    terms = (" + ".join(f"{w}×{counts.get(o, 0)}" for o, w in reading.weights) if reading.weights
             else " + ".join(str(counts[o]) for o in reading.parts))
    return make_finding(
        document, "combined_share_mismatch", Severity.ERROR, total.quoted(reading), lang,
        variant="counts", **_where(total, lang), stated=total.figure.shown(),
        formula=reading.described(total.figure.details.get("printed_names") or {}), terms=terms, computed=computed)


@check("combined_share_mismatch", order=126)
def check_combined(claims: Sequence[Claim], document: Document,
                   lang: Language) -> Iterator[Finding]:
    """``combined_share_mismatch``: a figure that adds options up that no reading gives from
    its options, read as shares or (``counts``) as counts; whole numbers that may be either
    are reported only when neither reading gives the figure."""
    for total in (*_table_sums(claims), *_sentence_sums(claims, document)):
        figure, values, measure = total.figure, total.values, total.measure
        counts = None if measure == "share" else _whole_counts(values)
        if counts is not None and any(fit is None or fit for fit in (
                _count_fits(figure, r, counts) for r in total.readings)):
            continue
        shares = measure != "count" and _as_shares(figure, values)
        spans = [reading_span(r, values) for r in total.readings] if shares else []
        stated = figure.printed
        target = Span(stated.value - stated.unit, stated.value + stated.unit)
        if any(s is None or s.meets(target) for s in spans):
            continue
        if spans and (counts is None or measure is None):
            yield _share_finding(document, total, spans, lang)
        elif counts is not None:
            yield _count_finding(document, total, counts, lang)
