"""Fieldwork checks: issued ≥ returned ≥ valid, rates that are their counts' ratio, and the
same count stated twice with different values.

Counts are compared within one statement (a sentence, a table row) and, across the
document, per population: a report about one survey population (or not naming any) has one
issued, one returned and one valid count; a report about several compares each
population's figures only with that population's. Planned counts (计划发放), totals
(合计) and figures about two populations at once (群众和单位人员共发放) are left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace

from survey.audit.arithmetic import Rounding, ratio_roundings
from survey.audit.checks._common import kind_name, percent, ratio_text
from survey.audit.findings import Finding, Severity, make_finding
from survey.audit.model import Claim
from survey.audit.registry import (
    FIELDWORK_COUNTS,
    FIELDWORK_RATES,
    ClaimKind,
    check,
    make_details,
)
from survey.audit.text import Document
from survey.locale import Language, text

__all__ = ["check_fieldwork_order", "check_fieldwork_rates", "check_figure_contradictions",
           "check_rate_bases",
           "rate_fits", "statements", "subject_keys"]

_KINDS = (*FIELDWORK_COUNTS, *FIELDWORK_RATES, ClaimKind.INVALID)
_ACCEPTED = {  # a rate and the (numerator, denominator) pairs reports use for it
    ClaimKind.RETURN_RATE: ((ClaimKind.RETURNED, ClaimKind.ISSUED), (ClaimKind.VALID, ClaimKind.ISSUED)),
    ClaimKind.VALID_RATE: ((ClaimKind.VALID, ClaimKind.RETURNED), (ClaimKind.VALID, ClaimKind.ISSUED)),
    ClaimKind.EFFECTIVE_RETURN_RATE: ((ClaimKind.VALID, ClaimKind.ISSUED),
                                      (ClaimKind.VALID, ClaimKind.RETURNED)),
}


_OVER = {"issued": ClaimKind.ISSUED, "returned": ClaimKind.RETURNED}
"""A rate written as a share of a named count (占发放问卷的 …) is read over that count only."""


def _counted(claim: Claim) -> bool:
    """Whether a count stands for its whole population (not a total of several, not a
    channel, wave or site)."""
    return not (claim.details.get("total") or claim.details.get("combined")
                or claim.details.get("part"))


def statements(claims: Sequence[Claim]) -> list[dict[ClaimKind, Claim]]:
    """Fieldwork statements: the counts and rates one sentence or table row states together.

    A statement ends where another population is named or a kind repeats.
    """
    current: dict[str, dict[ClaimKind, Claim]] = {}
    done: list[dict[ClaimKind, Claim]] = []
    for claim in claims:
        if claim.kind not in _KINDS or not claim.group or not claim.group.startswith("fw"):
            continue
        statement = current.get(claim.group)
        if statement is not None:
            subjects = {c.subject for c in statement.values() if c.subject}
            if claim.kind in statement or (claim.subject and subjects and claim.subject not in subjects):
                done.append(statement)
                statement = None
        if statement is None:
            statement = current[claim.group] = {}
        statement[claim.kind] = claim
    return done + list(current.values())


_SUBJECT_KINDS = frozenset((*FIELDWORK_COUNTS, ClaimKind.INVALID, *FIELDWORK_RATES))


def subject_keys(claims: Sequence[Claim]) -> dict[int, str]:
    """For each fieldwork count (by position in ``claims``), the population it is counted for.

    With at most one population named, every count is about it ("*"); with several, a
    count without a population belongs to none and is left out.
    """
    counts = [(i, c) for i, c in enumerate(claims) if c.kind in _SUBJECT_KINDS and _counted(c)]
    subjects = {c.subject for _, c in counts if c.subject}
    if len(subjects) <= 1:
        return {i: "*" for i, _ in counts}
    return {i: c.subject for i, c in counts if c.subject}


def _consensus(claims: Sequence[Claim]) -> dict[str, dict[ClaimKind, Claim]]:
    """Per population, the one value of each count the whole document agrees on."""
    keys = subject_keys(claims)
    values: dict[str, dict[ClaimKind, list[Claim]]] = defaultdict(lambda: defaultdict(list))
    for i, key in keys.items():
        values[key][claims[i].kind].append(claims[i])
    agreed: dict[str, dict[ClaimKind, Claim]] = {}
    for key, kinds in values.items():
        agreed[key] = {kind: found[0] for kind, found in kinds.items()
                       if len({c.value for c in found}) == 1}
    return agreed


def _comparable(statement: dict[ClaimKind, Claim]) -> dict[ClaimKind, Claim]:
    """The counts of a statement that describe the same thing: a part (线上发放 200 份) is not
    compared with a whole (共回收 300 份)."""
    parts = {k: c for k, c in statement.items() if c.details.get("part")}
    if not parts or len(parts) == len(statement):
        return statement
    return {k: c for k, c in statement.items() if not c.details.get("part")}


def _order(document: Document, statement: dict[ClaimKind, Claim],
           lang: Language) -> Iterator[Finding]:
    statement = _comparable(statement)
    issued = statement.get(ClaimKind.ISSUED)
    returned = statement.get(ClaimKind.RETURNED)
    valid = statement.get(ClaimKind.VALID)
    if issued and returned and returned.value > issued.value:
        yield make_finding(document, "returned_exceeds_issued", Severity.ERROR, [issued, returned],
                           lang, returned=returned.text, issued=issued.text)
    if returned and valid and valid.value > returned.value:
        yield make_finding(document, "valid_exceeds_returned", Severity.ERROR, [returned, valid],
                           lang, valid=valid.text, returned=returned.text)
    elif issued and valid and not (returned and returned.value > issued.value) \
            and valid.value > issued.value:
        yield make_finding(document, "returned_exceeds_issued", Severity.ERROR, [issued, valid],
                           lang, variant="valid", valid=valid.text, issued=issued.text)


@check("returned_exceeds_issued", "valid_exceeds_returned", order=10)
def check_fieldwork_order(claims: Sequence[Claim], document: Document,
                          lang: Language) -> Iterator[Finding]:
    """``returned_exceeds_issued`` and ``valid_exceeds_returned`` (valid ≤ returned ≤ issued).

    Within one statement first; then, per population, the counts the whole document agrees
    on (30 issued in the method section, 46 valid in the results).
    """
    reported: set[str] = set()
    for statement in statements(claims):
        for finding in _order(document, statement, lang):
            reported.add(finding.code)
            yield finding
    for agreed in _consensus(claims).values():
        for finding in _order(document, agreed, lang):
            if finding.code not in reported:
                yield finding


def _derived_valid(statement: dict[ClaimKind, Claim]) -> Claim | None:
    """The valid count a statement implies without stating it: returned − set aside
    (回收 820 份，其中 20 份是无效问卷 → 800 valid)."""
    returned = statement.get(ClaimKind.RETURNED)
    invalid = statement.get(ClaimKind.INVALID)
    if ClaimKind.VALID in statement or returned is None or invalid is None \
            or invalid.value > returned.value:
        return None
    value = returned.value - invalid.value
    details = make_details(ClaimKind.VALID, {**returned.details.to_dict(),
                                             "derived_from": f"{returned.text} − {invalid.text}"})
    return replace(returned, kind=ClaimKind.VALID, value=value, text=f"{value:g}",
                   details=details)


def _ratio(numerator: Claim, denominator: Claim, decimals: int) -> str:
    """``306 ÷ 320 = 95.625%``; an implied numerator shows where it comes from:
    ``(820 − 20) ÷ 840 = 95.2381%``."""
    shown = ratio_text(int(numerator.value), int(denominator.value), decimals)
    derived = numerator.details.get("derived_from")
    return f"({derived}){shown[len(numerator.text):]}" if derived else shown


def _rate_counts(claims: Sequence[Claim]) -> Iterator[tuple[Claim, dict[ClaimKind, Claim]]]:
    """Each fieldwork rate with the counts it may be a ratio of: its statement's, else its
    population's agreed counts; a valid count the statement implies stands in for a
    missing one."""
    keys = subject_keys(claims)
    agreed = _consensus(claims)
    key_of = {id(claims[i]): key for i, key in keys.items()}
    for statement in statements(claims):
        for kind in FIELDWORK_RATES:
            rate = statement.get(kind)
            if rate is None:
                continue
            counts = dict(agreed.get(key_of.get(id(rate), ""), {}))
            comparable = _comparable(statement)
            counts.update({k: c for k, c in comparable.items() if k in FIELDWORK_COUNTS})
            # implied by the statement itself, else by the population's agreed counts (回收 820
            # 份，其中 20 份无效 in one paragraph, the 有效回收率 computed in the next)
            derived = _derived_valid(comparable) or _derived_valid(counts)
            if derived is not None:
                counts[ClaimKind.VALID] = derived
            yield rate, counts


def _rate_pairs(claims: Sequence[Claim]) -> Iterator[tuple[Claim, list[tuple[Claim, Claim]]]]:
    """Each fieldwork rate with the (numerator, denominator) count pairs it may be the ratio of."""
    for rate, counts in _rate_counts(claims):
        over = _OVER.get(rate.details.get("over"))
        pairs = [(counts[a], counts[b]) for a, b in _ACCEPTED[rate.kind]
                 if a in counts and b in counts and counts[b].value > 0 and over in (None, b)]
        if pairs:
            yield rate, pairs


def rate_fits(claims: Sequence[Claim]) -> list[tuple[Claim, frozenset[Rounding], tuple[int, int]]]:
    """Fieldwork rates that are their counts' ratio: the conventions and the ratio used."""
    found = []
    for rate, pairs in _rate_pairs(claims):
        modes: frozenset[Rounding] = frozenset()
        used: tuple[int, int] | None = None
        for a, b in pairs:
            fit = ratio_roundings(int(a.value), int(b.value), rate.printed)
            if fit and used is None:
                used = (int(a.value), int(b.value))
            modes |= fit
        if used is not None:
            found.append((rate, modes, used))
    return found


@check("rate_mismatch", order=20)
def check_fieldwork_rates(claims: Sequence[Claim], document: Document,
                          lang: Language) -> Iterator[Finding]:
    """``rate_mismatch``: a 回收率/有效率/有效回收率 that is not its counts' ratio.

    The rate must be the ratio under one of the common roundings at its printed
    precision. 回收率 is accepted as returned/issued or valid/issued (many reports give only
    the valid count); 有效率 and 有效回收率 as valid/returned or valid/issued, since both
    definitions are in use. Counts missing from the rate's statement are taken from the
    population's agreed counts.
    """
    for rate, pairs in _rate_pairs(claims):
        printed = rate.printed
        if any(ratio_roundings(int(a.value), int(b.value), printed) for a, b in pairs):
            continue
        d = printed.decimals
        shown = text(lang, "audit_sep").join(
            f"{_ratio(a, b, d)} → "
            f"{percent(100 * a.value / b.value, d)}" for a, b in pairs)
        related = [rate, *[c for pair in pairs for c in pair if c.line == rate.line]]
        yield make_finding(document, "rate_mismatch", Severity.ERROR, related, lang,
                           label=kind_name(lang, rate.kind), stated=rate.shown(), computed=shown)


@check("rate_over_issued", order=25)
def check_rate_bases(claims: Sequence[Claim], document: Document,
                     lang: Language) -> Iterator[Finding]:
    """``rate_over_issued`` (warning): a 有效率 that is valid ÷ issued, not valid ÷ returned.

    有效率 (and 可利用率, 问卷有效率) is the share of the returned questionnaires that are
    valid; valid ÷ issued is the 有效回收率. When the stated rate is the ratio over the
    issued count under some rounding and not over the returned count (which differs), both
    readings are shown; it is a warning, not an error, because the figure is true under
    one reading.
    """
    for rate, counts in _rate_counts(claims):
        if rate.kind is not ClaimKind.VALID_RATE:
            continue
        valid = counts.get(ClaimKind.VALID)
        issued = counts.get(ClaimKind.ISSUED)
        returned = counts.get(ClaimKind.RETURNED)
        if not (valid and issued and returned) or returned.value == issued.value \
                or min(issued.value, returned.value) <= 0:
            continue
        v, i, r = int(valid.value), int(issued.value), int(returned.value)
        printed = rate.printed
        if ratio_roundings(v, r, printed) or not ratio_roundings(v, i, printed):
            continue
        d = printed.decimals
        yield make_finding(document, "rate_over_issued", Severity.WARNING,
                           [rate, *[c for c in (valid, issued, returned) if c.line == rate.line]],
                           lang, label=kind_name(lang, rate.kind), stated=rate.shown(),
                           over_issued=ratio_text(v, i, d),
                           over_returned=f"{ratio_text(v, r, d)} → {percent(100 * v / r, d)}")


@check("figure_contradiction", order=30)
def check_figure_contradictions(claims: Sequence[Claim], document: Document,
                                lang: Language) -> Iterator[Finding]:
    """``figure_contradiction``: one count stated with two values, or returned − set aside ≠ valid.

    Counts are compared per population (see :func:`subject_keys`) and only between
    paragraphs or tables (two values in one paragraph are parts: 线上 and 线下, two
    waves); a statement that gives returned, set-aside and valid counts must add up.
    """
    keys = subject_keys(claims)
    seen: dict[tuple[str, ClaimKind], Claim] = {}
    for i, key in keys.items():
        claim = claims[i]
        if claim.kind not in FIELDWORK_COUNTS:
            continue
        first = seen.setdefault((key, claim.kind), claim)
        if first.value != claim.value and first.block != claim.block:
            yield make_finding(document, "figure_contradiction", Severity.ERROR, [claim, first],
                               lang, what=kind_name(lang, claim.kind), line_a=first.line,
                               value_a=first.text, line_b=claim.line, value_b=claim.text)
            seen[(key, claim.kind)] = claim
    for statement in statements(claims):
        returned = statement.get(ClaimKind.RETURNED)
        invalid = statement.get(ClaimKind.INVALID)
        valid = statement.get(ClaimKind.VALID)
        if returned and invalid and valid and returned.value - invalid.value != valid.value:
            yield make_finding(document, "figure_contradiction", Severity.ERROR,
                               [valid, returned, invalid], lang, variant="derived",
                               returned=returned.text, invalid=invalid.text,
                               expected=f"{returned.value - invalid.value:g}", valid=valid.text)
