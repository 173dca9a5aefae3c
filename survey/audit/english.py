"""Survey figures written in English: fieldwork counts and rates, Cronbach's α and the KMO,
and option shares with their counts.

English abstracts of Chinese evaluation papers and the toolkit's own English reports write
the same figures as the Chinese sentences :mod:`survey.audit.inline` reads:

- fieldwork: *a total of 500 questionnaires were distributed and 479 valid questionnaires
  were recovered, with a valid recovery rate of 95.8%*; *sent to a sample of 150 dentists;
  62 dentists returned it (response rate 41.3%), 55 of which were useable*; *370 questionnaires were issued and
  354 returned (return rate 95.68%); 346 were valid*. The counts and rates of a paragraph
  form one group, checked as the Chinese ones are (valid ≤ returned ≤ issued, each rate
  against its counts). A paragraph gives fieldwork claims only when it states two or more
  fieldwork figures, so *of 300 valid questionnaires, …* before a share is not read as a
  second valid count. A *valid (effective) return (response, recovery) rate* is the valid
  over the issued (有效回收率), a *valid (effective) rate* the valid over the returned (有效率);
- coefficients: *Cronbach's α is 0.858*, *the KMO measure of the residents' scale is 0.890*;
- shares with their count: *89.33% (268 respondents) answered "Yes"*, with the base the
  sentence gives (*of 300 valid questionnaires*, *of the 268 respondents who answered*,
  *92.33% of 300 valid answers*), checked against it (268 of 300 is 89.33%).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from survey.audit import patterns as P
from survey.audit.context import Context
from survey.audit.model import Claim
from survey.audit.registry import ClaimKind, extractor
from survey.audit.text import Block

__all__ = ["extract"]

_N = rf"(?P<num>{P.NUMBER})"
_N2 = rf"(?P<num2>{P.NUMBER})"
_N3 = rf"(?P<num3>{P.NUMBER})"
_PEOPLE = (r"(?:respondents|participants|people|persons|individuals|subjects|residents|villagers"
           r"|households|families|citizens|patients|students|pupils|parents|teachers|nurses|doctors"
           r"|physicians|dentists|pharmacists|staff|employees|workers|farmers|visitors|tourists"
           r"|users|readers|members|customers|clients|managers|officials|experts)\b")
"""People a questionnaire goes to: 62 dentists returned it, sent to 150 female dentists."""
_TOTAL = r"(?:(?:a\s+total\s+of|in\s+total|in\s+all|altogether|only|about)\s+)?"
_PAPERS = r"(?:(?:copies|sets)(?:\s+of(?:\s+the)?\s+(?:questionnaires?|surveys?))?|questionnaires?|surveys?|forms)"
_GIVEN = (r"(?:distributed|issued|sent(?:\s+out)?|handed\s+out|given\s+out|gave\s+out|administered"
          r"|delivered)")
_BACK = r"(?:returned|recovered|collected|retrieved|received|got\s+back)"
_BE = r"(?:(?:were|was|had\s+been|have\s+been|has\s+been)\s+)?"
_FLAGS = re.IGNORECASE

_COUNTS: tuple[tuple[re.Pattern[str], ClaimKind], ...] = (
    (re.compile(rf"{_N}\s+(?:{_PAPERS}\s+)?{_BE}{_GIVEN}\b"
                rf"|{_GIVEN}\s+(?:{_TOTAL}{_N2}\s+{_PAPERS}"
                rf"|to\s+(?:[a-z]+\s+){{0,4}}?{_N3}\s+(?:[a-z-]+\s+)?{_PEOPLE})", _FLAGS),
     ClaimKind.ISSUED),
    (re.compile(rf"{_N}\s+(?:{_PAPERS}\s+|{_PEOPLE}\s+)?{_BE}{_BACK}\b"
                rf"|{_BACK}\s+{_TOTAL}{_N2}\s+(?!valid|effective|usable){_PAPERS}", _FLAGS),
     ClaimKind.RETURNED),
    (re.compile(rf"{_N}\s+(?:(?:of\s+them|of\s+which)\s+)?{_BE}"
                rf"(?:(?:considered|deemed|judged|found)\s+(?:to\s+be\s+|as\s+)?)?(?:valid|effective|usable|useable)\b"
                rf"(?:\s+{_PAPERS})?(?!\s+(?:answers?|responses?\s+to|rate))"
                rf"|(?:valid|effective|usable)\s+{_PAPERS}\s+(?:were|was|numbered|totall?ed|:|=)\s*{_N2}"
                rf"(?!\s*%)", _FLAGS), ClaimKind.VALID),
    (re.compile(rf"{_N}\s+(?:{_PAPERS}\s+)?{_BE}(?:invalid|set\s+aside|discarded|rejected|excluded"
                rf"|eliminated)\b|(?:excluding|eliminating|removing|discarding|rejecting)\s+{_N2}"
                rf"\s+invalid", _FLAGS), ClaimKind.INVALID),
)
"""The fieldwork counts: 500 questionnaires were distributed, distributed 500 copies of
questionnaires, 354 returned, recovered 479 valid questionnaires (valid, not returned),
346 were valid, 6 set aside."""

_RATE_NAME = (r"(?P<label>(?:valid|effective)\s+(?:questionnaire\s+)?(?:return|response|recovery|retrieval)"
              r"|(?:questionnaire\s+)?(?:return|response|recovery|retrieval)|(?:valid|effective|validity"
              r"|usable|qualified)(?:\s+questionnaire)?)\s+rates?")
_RATES = re.compile(
    _RATE_NAME + r"(?:\s+of\s+(?:the\s+)?(?:questionnaires?|surveys?))?"
    r"\s*(?:of|was|is|were|reached|reaching|reach|stood\s+at|at|=|:|\()?\s*(?:of\s+)?" + _N + r"\s*%"
    r"|" + _N2 + r"\s*%\s+" + _RATE_NAME.replace("label", "label2"), _FLAGS)
"""A fieldwork rate named before or after its value: a valid recovery rate of 95.8%, return
rate 95.68%, (98.04% valid rate)."""

_KMO = re.compile(r"\bKMO\b(?:\s+(?:measure|value|statistic|index|coefficient|test))*"
                  r"(?:\s+of\s+[^.;:\d]{1,80}?)?\s+(?:is|was|=|:|of|equals|reached)\s+" + _N, _FLAGS)
"""The KMO: the KMO measure of sampling adequacy was 0.812, KMO = 0.85."""

_ALPHA = re.compile(r"Cronbach(?:'s|’s|s)?\s+(?:α|alpha)(?:\s+(?:coefficient|value))?"
                    r"(?:\s+(?:of|for)\s+[^.;:\d]{1,80}?)?\s+(?:is|was|were|=|of|equals|reached)\s+" + _N,
                    _FLAGS)
"""Cronbach's α in a sentence: Cronbach's alpha coefficient of the scale was 0.912."""

_SURVEY = re.compile(r"questionnaire|survey|respondent|interview", _FLAGS)
"""A paragraph about a survey (so a recovery rate is not a loan's)."""
_SURVEY_REACH = 200
"""How far before a paragraph of rates alone a word about the survey is looked for."""

_SHARE = re.compile(_N + r"\s*%(?:\s+of\s+(?P<base>\d+)\s+(?:valid\s+)?(?:answers|responses|questionnaires"
                    r"|respondents))?\s*\(\s*(?P<count>\d+)\s+(?:respondent|person|" + _PEOPLE
                    + r"|answers|responses)\s*\)", _FLAGS)
"""A share with its count: 89.33% (268 respondents), 92.33% of 300 valid answers (277
respondents)."""

_COUNT_OF = re.compile(r"(?<![\d.,])(?P<count>\d+)\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?(?P<base>\d+)\b"
                       r"[^()%\d.;]{0,60}?\(\s*" + _N + r"\s*%\s*\)", _FLAGS)
"""A count of a base with its share after them: 294 of 303 participants completed the
questionnaire (97.3%)."""

_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|[;。！？；\n]")

_RATE_KINDS = {"return": ClaimKind.RETURN_RATE, "valid": ClaimKind.VALID_RATE,
               "valid return": ClaimKind.EFFECTIVE_RETURN_RATE}


def _rate_kind(label: str) -> ClaimKind:
    """The rate a name means: valid/effective + return/response/recovery is 有效回收率
    (valid over issued), return/response/recovery alone 回收率, valid/effective alone 有效率."""
    words = label.lower()
    valid = any(w in words for w in ("valid", "effective", "usable", "qualified"))
    returned = any(w in words for w in ("return", "response", "recovery", "retrieval"))
    return _RATE_KINDS[" ".join(w for w, on in (("valid", valid), ("return", returned)) if on)]


@extractor(priority=33)
def extract(ctx: Context, block: Block) -> Iterator[Claim | None]:
    """The English figures of one paragraph (a table's cells are read by their headers)."""
    if block.is_table or not _LATIN.search(ctx.flow, block.start, block.end):
        return
    yield from _fieldwork(ctx, block)
    for pattern, kind in ((_ALPHA, ClaimKind.ALPHA), (_KMO, ClaimKind.KMO)):
        for m in pattern.finditer(ctx.masked, block.start, block.end):
            yield ctx.claim(kind, m.span(), m.span("num"))
    if _SURVEY.search(ctx.flow, block.start, block.end):
        yield from _shares(ctx, block)


_LATIN = re.compile(r"[A-Za-z]{3}")
_LABEL = re.compile(r"\s*(?P<label>[A-Za-z][^:：\d\n]{1,60}?)\s*[:：]\s")
"""A paragraph that starts by naming whom it is about: Residents of the project area: …"""
_WHOLE = re.compile(r"\s*(?:in\s+all|in\s+total|altogether|overall)\b", _FLAGS)
"""A paragraph that gives the total of several populations: In all, 370 were issued …"""
_LOOK_BACK = 2
"""How many paragraphs above a paragraph without its own label are looked at for one (a
card's title above its figure and counts)."""


def _subject(ctx: Context, block: Block) -> str | None:
    """The population a paragraph is about: its own leading label, else the label of a
    short paragraph just above (within :data:`_LOOK_BACK`), else None."""
    own = _LABEL.match(ctx.flow, block.start, block.end)
    if own is not None:
        return own.group("label").strip()
    for index in range(block.index - 1, max(-1, block.index - 1 - _LOOK_BACK), -1):
        above = ctx.document.blocks[index]
        if above.end - above.start > 80:
            return None
        label = _LABEL.match(ctx.flow, above.start, above.end)
        if label is not None:
            return label.group("label").strip()
    return None


def _fieldwork(ctx: Context, block: Block) -> Iterator[Claim | None]:
    """Counts and rates of a paragraph that states at least two of them (one group), for
    the population it names; a total of several (In all, …) belongs to none."""
    found: list[tuple[ClaimKind, tuple[int, int], tuple[int, int], bool]] = []
    for pattern, kind in _COUNTS:
        for m in pattern.finditer(ctx.masked, block.start, block.end):
            name = next(g for g in ("num", "num2", "num3")
                        if g in pattern.groupindex and m.group(g) is not None)
            if "." in m.group(name):
                continue
            found.append((kind, m.span(), m.span(name), False))
    surveyed = bool(found) or _SURVEY.search(
        ctx.flow, max(0, block.start - _SURVEY_REACH), block.end) is not None
    for m in _RATES.finditer(ctx.masked, block.start, block.end) if surveyed else ():
        num, label = ("num", "label") if m.group("num") is not None else ("num2", "label2")
        found.append((_rate_kind(m.group(label)), m.span(), m.span(num), True))
    if len(found) < 2:
        return
    group = f"fw{block.index}"
    whole = _WHOLE.match(ctx.flow, block.start, block.end) is not None
    subject = None if whole else _subject(ctx, block)
    for kind, span, number, percent in sorted(found, key=lambda f: f[2]):
        yield ctx.claim(kind, span, number, percent=percent, group=group, subject=subject,
                        find_subject=False, details={"combined": True} if whole else None)


def _shares(ctx: Context, block: Block) -> Iterator[Claim | None]:
    """Shares written with their count, each with the base its sentence states."""
    start = block.start
    for end in [m.end() for m in _SENTENCE_END.finditer(ctx.flow, block.start, block.end)] + [block.end]:
        bases = {int(m.group("num")) for m in P.N_AMONG.finditer(ctx.masked, start, end)
                 if m.group("en")}  # of 300 valid questionnaires, of the 268 respondents
        for m in _COUNT_OF.finditer(ctx.masked, start, end):
            yield ctx.claim(ClaimKind.SHARE, m.span(), m.span("num"), percent=True,
                            n=int(m.group("base")), details={
                                "count": int(m.group("count")), "source": "text",
                                "n_source": "sentence"})
        for m in _SHARE.finditer(ctx.masked, start, end):
            n = int(m.group("base")) if m.group("base") else (bases.pop() if len(bases) == 1 else None)
            if n is not None and len(bases) <= 1:
                bases = {n}
            yield ctx.claim(ClaimKind.SHARE, m.span(), m.span("num"), percent=True, n=n,
                            details={"count": int(m.group("count")), "source": "text",
                                     "n_source": "sentence" if n is not None else "none"})
        start = end
