"""Screen a response frame: apply every rule, set problem rows aside with their reasons.

Screening is lazy and complete: every enabled rule runs on every row, all problems are
returned in one table, and a respondent is set aside when any rule whose action is
``set_aside`` finds them. Rules whose action is ``flag`` are reported but keep the
respondent valid. Nothing is dropped silently: ``valid`` and ``set_aside`` partition the
input, and each set-aside questionnaire carries every reason.

Defaults (override in the analysis spec's ``screening`` block):

=================== ========= =====================================================
rule                action    what it finds
=================== ========= =====================================================
out_of_scale        set_aside a code that is not one of the question's codes, a number
                              outside its range, an option number a platform download
                              gives that the question does not have
missing_required    set_aside a required question unanswered where it was shown
skip_violation      flag      an answer to a question its skip logic hid; a question a
                              platform skipped (跳过) although it should be shown
duplicate_id        set_aside a repeated respondent id (the first occurrence stays)
duplicate_answers   flag      every answer identical to an earlier row
straight_lining     flag      one answer to every item of a matrix of ≥ 6 items
                              (``min_run``: a shorter run; ``max_sd``: within-person SD)
invalid_picks       flag      a multiple choice outside min/max picks; a repeated rank
duplicate_ip        off       the same IP address as an earlier row (flag when enabled)
speeding            flag      completed in under 1/3 of the median time
                              (``median_fraction``) or under ``min_seconds``
mahalanobis         off       D² of the satisfaction items beyond χ²(p = 0.001)
attention_check     set_aside an attention check (``attention_checks``) not passed
=================== ========= =====================================================

Straight-lining and speeding only flag by default: a resident who is satisfied with
everything answers 非常满意 six times, and setting such people aside would bias
satisfaction downwards; paper questionnaires' times are rarely measured. Shared IP
addresses are common (households, offices), so that rule is off unless asked for.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from survey.analysis import ScreeningSpec, SiteSpec
from survey.errors import ParameterError
from survey.instrument.model import Instrument
from survey.instrument.variables import variables
from survey.locale import Language
from survey.responses.mapping import DURATION_COLUMN
from survey.responses.personal import IP_KEY_COLUMN, REDACTED, redact_one
from survey.screening import patterns, rules
from survey.screening._problems import concat, texts
from survey.screening._rows import take_rows
from survey.screening.fieldwork import Fieldwork, SiteCount, build_fieldwork

__all__ = ["RULES", "Screening", "screen_responses"]

#: Rule name → function, in the order problems are reported.
RULES: dict[str, Callable[..., pd.DataFrame]] = {
    "out_of_scale": rules.out_of_scale,
    "missing_required": rules.missing_required,
    "skip_violation": rules.skip_violation,
    "duplicate_id": rules.duplicate_id,
    "duplicate_answers": rules.duplicate_answers,
    "straight_lining": patterns.straight_lining,
    "invalid_picks": rules.invalid_picks,
    "duplicate_ip": rules.duplicate_ip,
    "speeding": patterns.speeding,
    "mahalanobis": patterns.mahalanobis,
    "attention_check": rules.attention_check,
}

Mode = Literal["paper", "online", "interview"]


@dataclass(frozen=True)
class Screening:
    """The outcome of screening one group's responses.

    ``valid`` and ``set_aside`` partition the input rows (same index, disjoint), each with
    the answers as read; ``reasons`` has a row for each set-aside row (the same index) and
    two columns: ``reason`` (the set-aside rules, ``;``-joined) and ``flags`` (flag-only
    rules that also found the row). They are kept apart from the answers, so a question
    whose id is ``reason`` or ``flags`` keeps its answers. ``problems`` has one row per
    finding (``row, respondent_id, rule, column, value, detail, action``; ``rule``,
    ``column``, ``detail`` and ``action`` are categoricals with sorted categories, each text
    held once however many findings repeat it). ``rules`` are the
    rules that ran, with their actions; ``not_applied`` are enabled rules that could not run
    because their input is absent, with the reason (``no_duration``: no completion time in
    any row; ``no_ip``: no IP addresses; ``too_few_items``: fewer than two satisfaction
    items; ``no_checks``: no attention-check questions declared; ``no_long_matrix``: no
    matrix has the ``min_items`` items straight-lining needs).
    """

    valid: pd.DataFrame
    set_aside: pd.DataFrame
    problems: pd.DataFrame
    fieldwork: Fieldwork
    reasons: pd.DataFrame
    rules: tuple[tuple[str, str], ...] = ()
    not_applied: tuple[tuple[str, str], ...] = ()

    def counts_by_rule(self) -> pd.DataFrame:
        """Per rule that found something: its action, findings, respondents concerned,
        respondents set aside by it alone, and respondents also found by another rule.

        Respondents are counted once per rule however many findings they have, so the
        ``respondents`` column does not add up to the set-aside count when rules overlap:
        ``only_reason`` and ``with_other_rules`` say how they overlap (:meth:`overlaps`
        gives every pair).
        """
        columns = ["rule", "action", "findings", "respondents", "only_reason",
                   "with_other_rules"]
        if self.problems.empty:
            return pd.DataFrame(columns=columns)
        found = self._rule_sets
        if len(self.reasons):
            reasons = self.reasons["reason"]
            only = reasons[reasons.str.count(";") == 0].value_counts()
        else:
            only = pd.Series(dtype="int64")
        rows = [{
            "rule": rule,
            "action": action,
            "findings": int(findings),
            "respondents": int(found.shared[k, k]),
            "only_reason": int(only.get(rule, 0)),
            "with_other_rules": int(with_other),
        } for k, (rule, action, findings, with_other) in enumerate(
            zip(found.rules, found.actions, found.findings, found.with_other_rules,
                strict=True))]
        return pd.DataFrame(rows, columns=columns)

    def overlaps(self) -> pd.DataFrame:
        """Respondents found by both rules, for every pair of rules that found something
        (the diagonal: respondents found by that rule)."""
        if self.problems.empty:
            return pd.DataFrame()
        found = self._rule_sets
        return pd.DataFrame(found.shared.copy(), index=pd.Index(list(found.rules), name="rule"),
                            columns=list(found.rules))

    @functools.cached_property
    def _rule_sets(self) -> _RuleSets:
        return _rule_sets(self.problems)

    def overlap_records(self) -> list[dict[str, Any]]:
        """Each pair of rules that found the same respondents, with how many they share."""
        return _overlap_records(self.overlaps())

    def to_dict(self, *, table: bool = False) -> dict[str, Any]:
        """JSON-ready summary, the findings as records; ``table``: the findings as a
        :class:`~survey.jsonable.Table`, written a column at a time (``survey validate --json``:
        a million findings need no Python mapping each)."""
        from survey.jsonable import Table, records

        return {
            "fieldwork": self.fieldwork.to_dict(),
            "counts_by_rule": records(self.counts_by_rule()),
            "overlaps": self.overlap_records(),
            "problems": Table(self.problems) if table else records(self.problems),
            "n_returned": len(self.valid) + len(self.set_aside),
            "n_valid": len(self.valid),
            "n_set_aside": len(self.set_aside),
            "rules": [{"rule": r, "action": a} for r, a in self.rules],
            "not_applied": [{"rule": r, "reason": why} for r, why in self.not_applied],
        }


@dataclass(frozen=True)
class _RuleSets:
    """Which rules found which respondents, from one pass over the problems table.

    ``rules`` in order of first finding, each with the ``action`` of its first finding and
    its number of ``findings``; ``shared[i, j]`` counts the respondents rules ``i`` and
    ``j`` both found (the diagonal: respondents found by that rule, however many findings
    each has); ``with_other_rules[i]`` counts rule ``i``'s respondents another rule also
    found."""

    rules: tuple[Any, ...]
    actions: tuple[Any, ...]
    findings: np.ndarray
    shared: np.ndarray
    with_other_rules: np.ndarray


def _rule_sets(problems: pd.DataFrame) -> _RuleSets:
    # A rule × respondent indicator I (one bit per pair however many findings);
    # shared = I Iᵀ, one AND of two rows per pair of rules.
    respondents = _respondent_codes(problems["row"].to_numpy())
    codes, order = _first_seen_codes(problems["rule"])
    actions = problems["action"]
    first = [int(np.argmax(codes == code)) for code in range(len(order))]
    indicator = np.zeros((len(order), int(respondents.max()) + 1), dtype=bool)
    indicator[codes, respondents] = True
    several = indicator.sum(axis=0, dtype=np.int64) > 1
    shared = np.zeros((len(order), len(order)), dtype=np.int64)
    for i in range(len(order)):
        shared[i, i] = np.count_nonzero(indicator[i])
        for j in range(i + 1, len(order)):
            shared[i, j] = shared[j, i] = np.count_nonzero(indicator[i] & indicator[j])
    return _RuleSets(
        rules=tuple(order),
        actions=tuple(actions.iloc[at] for at in first),
        findings=np.bincount(codes, minlength=len(order)),
        shared=shared,
        with_other_rules=np.count_nonzero(indicator & several, axis=1))


def _respondent_codes(rows: np.ndarray) -> np.ndarray:
    """A column of the indicator per file row: the row less the first row when the rows
    span at most twice as many as there are findings (file rows: no hashing; a row with
    no findings is an empty column), else the rows factorised."""
    if len(rows) and rows.dtype.kind in "iu":
        low, high = int(rows.min()), int(rows.max())
        if high - low < 2 * len(rows) + 1024:
            return rows.astype(np.int64) - low
    codes, _ = pd.factorize(rows)
    return np.asarray(codes, dtype=np.int64)


def _first_seen_codes(values: pd.Series) -> tuple[np.ndarray, list[Any]]:
    """``values`` numbered in order of first appearance, and the values in that order, as
    :func:`pandas.factorize` gives them; a categorical (the findings' rules, a handful of
    categories) from its codes: the first position of each category, no hashing."""
    if not isinstance(values.dtype, pd.CategoricalDtype):
        codes, order = pd.factorize(values)
        return np.asarray(codes, dtype=np.intp), list(order)
    raw = np.asarray(values.cat.codes.to_numpy(), dtype=np.intp)
    categories = values.cat.categories
    if (raw < 0).any():  # a blank rule: not a finding the screening makes
        codes, order = pd.factorize(values)
        return np.asarray(codes, dtype=np.intp), list(order)
    seen = np.bincount(raw, minlength=len(categories)) > 0
    starts = {int(np.argmax(raw == c)): c for c in np.flatnonzero(seen).tolist()}
    ranked = [starts[at] for at in sorted(starts)]
    renumber = np.full(len(categories), -1, dtype=np.intp)
    renumber[ranked] = np.arange(len(ranked), dtype=np.intp)
    return renumber[raw], [categories[c] for c in ranked]


def _overlap_records(matrix: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    counts = matrix.to_numpy()
    for i, a in enumerate(matrix.index):
        for j, b in enumerate(matrix.columns):
            if a < b and counts[i, j]:
                out.append({"rules": [a, b], "respondents": int(counts[i, j])})
    return out


def _check_settings(settings: ScreeningSpec, frame: pd.DataFrame) -> None:
    for check in settings.attention_checks:
        if check.variable is not None and check.variable not in frame:
            raise ParameterError(
                "an attention check names a variable the responses do not have",
                code="unknown_variable", key="screening.attention_checks",
                expected="a variable of the instrument", got=check.variable)
    for name in settings.mahalanobis.items:
        if name not in frame:
            raise ParameterError(
                "the Mahalanobis rule names a variable the responses do not have",
                code="unknown_variable", key="screening.mahalanobis.items",
                expected="a variable of the instrument", got=name)


def run_rule(name: str, setting: Any, frame: pd.DataFrame, instrument: Instrument,
             settings: ScreeningSpec, markers: pd.DataFrame | None, lang: Language,
             shown: dict[str | None, pd.Series] | None = None) -> pd.DataFrame:
    """Rule ``name``'s findings on ``frame``. ``shown``: the skip conditions evaluated on
    ``frame`` so far, shared by the rules that read them (each condition once)."""
    kwargs: dict[str, Any] = {"lang": lang}
    if name in ("out_of_scale", "missing_required", "skip_violation"):
        kwargs["markers"] = markers
        if name != "out_of_scale":
            kwargs["shown"] = shown
    elif name == "straight_lining":
        kwargs.update(min_items=setting.min_items, min_run=getattr(setting, "min_run", None),
                      max_sd=getattr(setting, "max_sd", None))
    elif name == "speeding":
        kwargs.update(min_seconds=setting.min_seconds, median_fraction=setting.median_fraction)
    elif name == "mahalanobis":
        kwargs.update(items=setting.items, p_value=setting.p_value)
    elif name == "attention_check":
        kwargs.update(checks=settings.attention_checks)
    return RULES[name](frame, instrument, **kwargs)


def screen_responses(
    responses: pd.DataFrame | Any,
    instrument: Instrument,
    *,
    settings: ScreeningSpec | None = None,
    issued: int | None = None,
    returned: int | None = None,
    stated_valid: int | None = None,
    markers: pd.DataFrame | None = None,
    mode: Mode | None = None,
    site_variable: str | None = None,
    sites: Sequence[SiteSpec] = (),
    lang: Language = "en",
    progress: Callable[[float], None] | None = None,
    consume: bool = False,
) -> Screening:
    """Run the screening rules on ``responses`` and build the fieldwork record.

    ``responses`` is a frame from :func:`survey.read_responses` or the
    :class:`~survey.responses.ResponseFile` of :func:`survey.responses.read_response_file`
    (whose platform markers then feed the skip-logic and required-answer rules).
    ``issued``/``returned``/``stated_valid`` are the fieldwork record (``returned`` defaults
    to the rows in the file; when given, the two must agree); ``mode="online"`` has no issued
    count. ``site_variable`` and ``sites`` give per-site records. ``lang`` is the language
    of the problems' details and fieldwork messages. ``progress`` is called with the share
    of rules run. ``consume``: the caller hands the frame over and reads it no more; the
    valid rows are then moved to the front of its own storage instead of copied out of it
    (:func:`survey.screening._rows.take_rows`: at a million rows that copy is as large as the
    frame), and the frame is left without columns.
    """
    if not isinstance(responses, pd.DataFrame):
        markers = responses.markers if markers is None else markers
        responses = responses.frame
    settings = settings or ScreeningSpec()
    _check_settings(settings, responses)
    found = []
    rows_found: list[tuple[str, str, np.ndarray]] = []
    ran: list[tuple[str, str]] = []
    not_applied: list[tuple[str, str]] = []
    enabled = [n for n in RULES if getattr(settings, n).enabled]
    shown: dict[str | None, pd.Series] = {}
    with _without_attrs(responses):
        for done, name in enumerate(enabled, start=1):
            setting = getattr(settings, name)
            absent = input_absent(name, responses, instrument, setting)
            if name == "attention_check" and not settings.attention_checks:
                absent = "no_checks"
            if absent is not None:
                not_applied.append((name, absent))
            else:
                table = run_rule(name, setting, responses, instrument, settings, markers, lang,
                                 shown)
                ran.append((name, setting.action))
                if len(table):
                    found.append(table.assign(action=texts(setting.action, len(table))))
                    rows_found.append((name, setting.action, table["row"].to_numpy()))
            if progress is not None:
                progress(done / len(enabled))
    problems = (concat(found) if found
                else pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else "object")
                                   for c in [*rules.PROBLEM_COLUMNS, "action"]}))
    problems = redact_problems(problems)
    aside, set_aside, reasons = _set_aside(responses, rows_found)
    fieldwork = _fieldwork(responses, ~aside, instrument, issued=issued, returned=returned,
                           stated_valid=stated_valid, mode=mode, site_variable=site_variable,
                           sites=sites, lang=lang)
    # Nothing set aside: the responses are the valid frame (no copy of a large frame).
    valid = (responses if not aside.any() and not consume
             else take_rows(responses, ~aside, in_place=consume))
    return Screening(valid=valid, set_aside=set_aside, problems=problems, fieldwork=fieldwork,
                     reasons=reasons, rules=tuple(ran), not_applied=tuple(not_applied))


@contextlib.contextmanager
def _without_attrs(frame: pd.DataFrame) -> Iterator[None]:
    """``frame`` without its ``attrs`` while the rules read it, put back after: pandas
    copies a frame's attrs, deeply, into every Series and frame taken from it (hundreds in
    a screening), and no finding carries them."""
    attrs = frame.attrs
    frame.attrs = {}
    try:
        yield
    finally:
        frame.attrs = attrs


def input_absent(name: str, frame: pd.DataFrame, instrument: Instrument,
                  setting: Any) -> str | None:
    """Why rule ``name`` cannot run on ``frame`` (its input is absent), or ``None``.

    A rule whose input is absent finds nothing; calling it "applied" would tell the reader
    a check was made that was not.
    """
    if name == "speeding":
        if DURATION_COLUMN not in frame or not frame[DURATION_COLUMN].notna().any():
            return "no_duration"
    elif name == "duplicate_ip":
        if IP_KEY_COLUMN not in frame or not frame[IP_KEY_COLUMN].notna().any():
            return "no_ip"
    elif name == "straight_lining":
        from collections import Counter

        sizes = Counter(v.question for v in variables(instrument)
                        if v.kind == "likert_item" and v.name in frame)
        if not any(k >= setting.min_items for k in sizes.values()):
            return "no_long_matrix"
    elif name == "mahalanobis":
        items = list(getattr(setting, "items", ()) or ()) or [
            v.name for v in variables(instrument) if v.satisfaction]
        if len([i for i in items if i in frame]) < 2:
            return "too_few_items"
    return None


def redact_problems(problems: pd.DataFrame) -> pd.DataFrame:
    """A phone or identity card number typed into a coded or number column (a code
    ``13912345678``) is shown as :data:`~survey.responses.personal.REDACTED` in the problem's
    value and detail: the problems table goes into results.json and the report.

    Only values with five or more digits in a row (or an ``@``) are searched, and each
    distinct value is tested once: a table of a million problems holds a few distinct
    values."""
    if problems.empty or "value" not in problems:
        return problems
    values = problems["value"]
    # Only values given are read (most findings have none: a copied questionnaire), each
    # distinct value once (a finding's value is mostly one of a few answer codes).
    present = values.notna().to_numpy()
    codes, uniques = pd.factorize(values.to_numpy(dtype=object)[present])
    distinct = pd.Series(uniques, dtype=object)
    suspect = (pd.to_numeric(distinct, errors="coerce").abs() >= 10_000
               ).fillna(False).to_numpy(dtype=bool, copy=True)
    texts = np.array([isinstance(v, str) for v in uniques], dtype=bool)
    if texts.any():
        suspect[texts] |= distinct[texts].astype(str).str.contains(
            r"\d{5}|@|[０-９]{5}", regex=True).to_numpy(dtype=bool)
    candidate = np.zeros(len(values), dtype=bool)
    candidate[present] = suspect[codes]
    if not candidate.any():
        return problems
    problems = problems.copy()
    rows = problems.index[candidate]
    details: dict[Any, str] = {}
    for row in rows:
        value = problems.at[row, "value"]
        text = f"{value:.0f}" if isinstance(value, float) and value.is_integer() else str(value)
        if redact_one(text) != text:
            problems.at[row, "value"] = REDACTED
            detail = problems.at[row, "detail"]
            if isinstance(detail, str):
                details[row] = redact_one(detail.replace(text, REDACTED))
    if details:
        column = problems["detail"]
        if isinstance(column.dtype, pd.CategoricalDtype):
            column = column.cat.set_categories(sorted({*column.cat.categories, *details.values()}))
        column = column.copy()
        for row, detail in details.items():
            column.at[row] = detail
        problems["detail"] = (column.cat.remove_unused_categories()
                              if isinstance(column.dtype, pd.CategoricalDtype) else column)
    return problems


def _joined(problems: pd.DataFrame, index: pd.Index) -> pd.Series:
    """Per row with findings, its rules ``;``-joined in rule order (``index`` is the
    responses' index, the rows' positions come from it)."""
    if problems.empty:
        return pd.Series(dtype=object)
    positions = index.get_indexer(pd.Index(problems["row"]))
    bits, texts = _rule_bits(positions, problems["rule"], len(index))
    rows = np.flatnonzero(bits)
    return pd.Series(texts[bits[rows]], index=index[rows], dtype=object)


def _rule_bits(positions: np.ndarray, rules: pd.Series, n: int) -> tuple[np.ndarray, np.ndarray]:
    """For each of ``n`` rows, its findings' rules as one bit set (a bit per rule, in order
    of first finding; findings at ``positions``), and the ``;``-joined text of each set
    that occurs (:func:`_bit_texts`)."""
    codes, order = _first_seen_codes(rules)
    bits = np.zeros(n, dtype=np.int64)
    for code in range(len(order)):
        bits[positions[codes == code]] |= np.int64(1) << code
    return bits, _bit_texts(bits, [str(rule) for rule in order])


def _bit_texts(bits: np.ndarray, names: list[str]) -> np.ndarray:
    """The ``;``-joined ``names`` of each bit set in ``bits`` (bit ``k``: ``names[k]``),
    looked up by its bits (0, no rule: ``None``). The text is written once per distinct
    set, not once per row."""
    texts = np.full(int(bits.max()) + 1 if len(bits) else 1, None, dtype=object)
    for b in np.flatnonzero(np.bincount(bits)).tolist():
        if b:
            texts[b] = ";".join(name for code, name in enumerate(names) if b >> code & 1)
    return texts


def _positions(index: pd.Index, rows: np.ndarray) -> np.ndarray:
    """The positions of file ``rows`` in ``index`` (a row it lacks: -1); the responses'
    index is a range of file rows, where a position is the row less the first."""
    if isinstance(index, pd.RangeIndex) and index.step == 1 and len(rows) \
            and rows.dtype.kind in "iu" and rows.min() >= index.start and rows.max() < index.stop:
        return rows.astype(np.intp) - index.start
    return index.get_indexer(pd.Index(rows))


def _bits_by_rule(index: pd.Index, found: list[tuple[str, np.ndarray]],
                  within: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """For each row of ``index``, a bit per rule of ``found`` ((rule, file rows), in order
    of first finding) that found it, and the ``;``-joined text of each set that occurs
    (:func:`_bit_texts`). ``within``: only rows where it holds get bits (a flag matters
    only where a questionnaire is set aside), so a rule's rows elsewhere are passed over
    instead of written."""
    bits = np.zeros(len(index), dtype=np.int64)
    for code, (_, rows) in enumerate(found):
        positions = _positions(index, rows)
        if within is not None:
            positions = positions[within[positions]]
        bits[positions] |= np.int64(1) << code
    return bits, _bit_texts(bits, [rule for rule, _ in found])


def _set_aside(
    responses: pd.DataFrame, found: list[tuple[str, str, np.ndarray]],
) -> tuple[np.ndarray, pd.DataFrame, pd.DataFrame]:
    """Which rows are set aside, those rows (answers as read) and their reasons and flags
    (:attr:`Screening.reasons`). ``found``: each rule's action and the file rows of its
    findings, in the order of the problems table (a rule's findings one after another),
    so a rule's place among those of its action is its place of first finding; each row's
    set-aside rules and flag rules are bit sets (:func:`_bits_by_rule`), read at the
    set-aside rows by position."""
    index = responses.index
    reasons, reason_texts = _bits_by_rule(
        index, [(rule, rows) for rule, action, rows in found if action == "set_aside"])
    aside_mask = reasons != 0
    flags, flag_texts = _bits_by_rule(
        index, [(rule, rows) for rule, action, rows in found if action != "set_aside"],
        within=aside_mask)
    flag_texts[0] = ""
    at = np.flatnonzero(aside_mask)
    set_aside = responses.loc[aside_mask]
    why = pd.DataFrame({"reason": reason_texts[reasons[at]], "flags": flag_texts[flags[at]]},
                       index=set_aside.index)
    return aside_mask, set_aside, why


def _fieldwork(
    responses: pd.DataFrame, valid: np.ndarray, instrument: Instrument, *,
    issued: int | None, returned: int | None, stated_valid: int | None, mode: Mode | None,
    site_variable: str | None, sites: Sequence[SiteSpec], lang: Language,
) -> Fieldwork:
    counts: list[SiteCount] = []
    unassigned = None
    if sites:
        if site_variable is None or site_variable not in responses:
            known = [v.name for v in variables(instrument)]
            raise ParameterError(
                "the site variable is not a variable of the responses",
                code="unknown_variable", key="fieldwork.site_variable",
                expected=f"one of {known[:10]}", got=site_variable)
        in_file = responses[site_variable].value_counts(dropna=True)
        in_valid = responses[site_variable][valid].value_counts(dropna=True)
        for site in sites:
            counts.append(SiteCount(
                name=site.name, returned_in_file=int(in_file.get(float(site.code), 0)),
                valid=int(in_valid.get(float(site.code), 0)), issued=site.issued,
                returned=site.returned, stated_valid=site.valid))
        codes = {float(s.code) for s in sites}
        other = responses[site_variable][~responses[site_variable].isin(codes)]
        seen = sorted({str(int(v)) if float(v).is_integer() else str(v)
                       for v in other.dropna().unique()})
        unassigned = (len(other), tuple(seen + (["(blank)"] if other.isna().any() else [])))
    return build_fieldwork(
        instrument.group.id,
        issued=issued,
        returned=len(responses) if returned is None else returned,
        valid=int(np.count_nonzero(valid)),
        stated_valid=stated_valid,
        rows_in_file=len(responses) if returned is not None else None,
        mode=mode,
        sites=counts,
        rows_without_site=unassigned,
        lang=lang,
    )
