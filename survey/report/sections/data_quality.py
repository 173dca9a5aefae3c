"""数据质量附录: what was set aside, by which rule; what was only flagged; the input files.

The annex counts findings per rule (with how many questionnaires each rule set aside alone
and how many another rule found too) and lists the first :data:`MAX_SET_ASIDE` set-aside
questionnaires with their reasons; every one is in ``set_aside.csv`` beside the report
(:meth:`survey.results.AnalysisResults.set_aside_list`), so the report's length does not grow
with the file. Flag-only findings (kept as valid) are summarised per rule with the first
questionnaire numbers. Answer values are printed only for coded answers (an out-of-scale
code); free text never appears here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from survey.instrument.variables import variables
from survey.report import facts
from survey.report.context import say_first
from survey.report.model import Block, Heading, Paragraph
from survey.results import SET_ASIDE_FILE

if TYPE_CHECKING:
    from survey.report.context import Context
    from survey.results import GroupResults

ID = "data-quality"
MISSING = "missing_none"

#: How many questionnaire numbers a flag summary lists before "…".
MAX_LISTED = 40
#: How many set-aside questionnaires the annex lists one by one (the rest: set_aside.csv).
MAX_SET_ASIDE = 20


def rule_label(ctx: Context, rule: str) -> str:
    """A screening rule's name in the report's language (the code for an unknown rule)."""
    return say_first(ctx.lang, (f"rule_{rule}", f"report_rule_{rule}"), rule)


def rules_applied(ctx: Context) -> list[tuple[str, str]]:
    """``(rule, action)`` of every rule that ran on some group, in the order they ran; from
    the screening spec for a screening that does not record them."""
    seen: dict[str, str] = {}
    for g in ctx.results.groups:
        for rule, action in g.screening.rules:
            seen.setdefault(str(rule), str(action))
    if seen:
        return list(seen.items())
    spec = ctx.results.spec.screening
    return [(rule, setting.action) for rule, setting in spec.settings() if setting.enabled]


def not_applied(ctx: Context) -> dict[str, list[tuple[str, str]]]:
    """Enabled rules that did not run for lack of input: rule → ``[(group name, reason)]``."""
    out: dict[str, list[tuple[str, str]]] = {}
    for g in ctx.results.groups:
        for rule, reason in g.screening.not_applied:
            out.setdefault(rule, []).append((facts.group_name(g, ctx.lang), reason))
    return out


def _action_text(ctx: Context, rule: str, action: str) -> str:
    """The rule's action, or that it was not applied (for which group, and why)."""
    missing = not_applied(ctx).get(rule, [])
    if not missing:
        return ctx.say(f"action_{action}")
    why = ctx.say("semicolon").join(dict.fromkeys(
        ctx.say(f"not_applied_{reason}") for _, reason in missing))
    if len(missing) == len(ctx.results.groups):
        return ctx.say("rule_not_applied", reason=why)
    groups = ctx.say("list_sep").join(name for name, _ in missing)
    return ctx.say("rule_not_applied_for", action=ctx.say(f"action_{action}"), groups=groups,
                   reason=why)


def _where(ctx: Context, g: GroupResults, column: str) -> str:
    """Where a finding is, in the questionnaire's words: 第 7 题第 2 小题 for an item of a
    matrix, 第 4 题 for a question; the column as it is for anything else."""
    from survey.screening.places import finding_place

    return finding_place(g.instrument, column, ctx.lang)


def _coded(g: GroupResults) -> set[str]:
    return {v.name for v in variables(g.instrument) if v.kind != "open"}


def _detail(ctx: Context, g: GroupResults, rule: str, column: str, value: Any,
            given: object) -> str:
    """What was found (one problem record's ``rule``, ``column``, ``value`` and ``detail``):
    the screening stage's own detail when it is written in the report's language (and never
    free text), else a short description from the rule and column."""
    if isinstance(given, str) and given and ctx.lang == ctx.results.spec.report.language:
        where = _where(ctx, g, column)
        return ctx.say("detail_at", where=where, detail=given) if where != column else given
    shown = value if column in _coded(g) and value is not None and not pd.isna(value) else ""
    where = _where(ctx, g, column) if column != "*" else ""
    return say_first(ctx.lang, (f"report_detail_{rule}",), rule_label(ctx, rule),
                     where=where, value=shown)


def _mapping(ctx: Context, g: GroupResults) -> list[Block]:
    """How the response file's columns were read, and the personal-data columns left out
    (named by their header, never by a value)."""
    mapping = g.mapping
    if mapping is None:
        return []
    personal = mapping.personal
    sep = ctx.say("list_sep")
    if personal:
        columns = sep.join(ctx.say("quoted", text=str(c)) for c, _ in personal)
        text = ctx.say("mapping_personal", matched=len(mapping.matched), n=len(personal),
                       columns=columns)
    else:
        text = ctx.say("mapping_sentence", matched=len(mapping.matched))
    return [Paragraph(text, style="note")]


def _summary(ctx: Context, g: GroupResults) -> list[Block]:
    """One group in a sentence or two: returned, set aside (by rule), flagged, valid."""
    s = g.screening
    name = facts.group_name(g, ctx.lang)
    text = ctx.say("data_quality_sentence", group=name, returned=g.returned,
                   set_aside=len(s.set_aside), valid=len(s.valid))
    counts = g.rule_counts
    sep = ctx.say("list_sep")
    if not counts.empty:
        by_rule = list(zip(counts["rule"], counts["action"], counts["respondents"], strict=True))
        aside = [ctx.say("rule_count", rule=rule_label(ctx, str(rule)), n=int(n))
                 for rule, action, n in by_rule if action == "set_aside"]
        flagged = [ctx.say("rule_count", rule=rule_label(ctx, str(rule)), n=int(n))
                   for rule, action, n in by_rule if action != "set_aside"]
        if aside:
            text += ctx.say("set_aside_by_rule", rules=sep.join(aside))
        if flagged:
            text += ctx.say("flagged_by_rule", rules=sep.join(flagged))
    else:
        text += ctx.say("no_problems")
    return [Paragraph(text), *_mapping(ctx, g)]


def _group(ctx: Context, g: GroupResults) -> list[Block]:
    s = g.screening
    name = facts.group_name(g, ctx.lang)
    blocks: list[Block] = [Heading(ctx.say("group_heading_returned", group=name,
                                           n=g.returned), level=4)]
    counts = g.rule_counts
    if not counts.empty:
        rows: list[tuple[str, ...]] = [
            (rule_label(ctx, str(r.rule)), ctx.say(f"action_{r.action}"), str(r.findings),
             str(r.respondents), str(r.only_reason), str(r.with_other_rules))
            for r in counts.itertuples(index=False)]
        columns = tuple(ctx.say(k) for k in ("col_rule", "col_action", "col_findings",
                                             "col_questionnaires", "col_only_reason",
                                             "col_with_other_rules"))
        blocks.append(ctx.table(ID, ctx.say("rules_caption", group=name), columns, rows,
                                numeric=(False, False, True, True, True, True),
                                note=ctx.say("rules_note")))
    else:
        blocks.append(Paragraph(ctx.say("no_problems"), style="note"))
    problems = s.problems
    aside = problems[problems["action"] == "set_aside"]
    if len(aside):
        # Only the first rows are put in words; the rest are counted (set_aside.csv has all).
        aside_rows = np.unique(aside["row"].to_numpy())
        shown = aside[aside["row"].isin(aside_rows[:MAX_SET_ASIDE])]
        rows = []
        for row, part in shown.sort_values(["row", "rule"], kind="stable").groupby("row"):
            first = part.iloc[0]
            rules = ctx.say("list_sep").join(dict.fromkeys(rule_label(ctx, str(r))
                                                           for r in part["rule"]))
            details = ctx.say("list_sep").join(
                _detail(ctx, g, str(rule), str(column), value, given)
                for rule, column, value, given in zip(part["rule"], part["column"],
                                                      part["value"], part["detail"], strict=True))
            rows.append((str(row), str(first["respondent_id"]), rules, details))
        columns = tuple(ctx.say(k) for k in ("col_row", "col_respondent", "col_reason",
                                             "col_detail"))
        note = ctx.say("set_aside_note")
        if len(aside_rows) > MAX_SET_ASIDE:
            note += ctx.say("set_aside_more", shown=MAX_SET_ASIDE, n=len(aside_rows),
                            file=SET_ASIDE_FILE)
        blocks.append(ctx.table(ID, ctx.say("set_aside_caption", group=name), columns, rows,
                                numeric=(True, False, False, False), note=note))
    flagged = problems[problems["action"] != "set_aside"]
    if len(flagged):
        rows = []
        for rule, part in flagged.groupby("rule", sort=False):
            ids = pd.unique(part["respondent_id"])
            listed = ctx.say("list_sep").join(str(i) for i in ids[:MAX_LISTED])
            if len(ids) > MAX_LISTED:
                listed += ctx.say("and_more", n=len(ids) - MAX_LISTED)
            rows.append((rule_label(ctx, str(rule)), str(len(ids)), listed))
        columns = (ctx.say("col_rule"), ctx.say("col_questionnaires"), ctx.say("col_ids"))
        blocks.append(ctx.table(ID, ctx.say("flagged_caption", group=name), columns, rows,
                                numeric=(False, True, False), note=ctx.say("flagged_note")))
    return blocks


def build(ctx: Context) -> tuple[str, list[Block]]:
    """Heading and blocks: how questionnaires were checked and, per group, what was set
    aside or flagged (the tables: :func:`annex`)."""
    by_row = [g for g in ctx.results.groups if g.instrument.ids == "row"]
    if not by_row:
        ids = ctx.say("data_quality_ids_serial")
    elif len(by_row) == len(ctx.results.groups):
        ids = ctx.say("data_quality_ids_rows")
    else:
        ids = ctx.say("data_quality_ids_mixed", groups=ctx.say("list_sep").join(
            facts.group_name(g, ctx.lang) for g in by_row))
    blocks: list[Block] = [Paragraph(ctx.say("data_quality_lead", ids=ids), style="lead")]
    for g in ctx.results.groups:
        blocks += _summary(ctx, g)
    blocks.append(Paragraph(ctx.say("annex_note" if ctx.detail == "appendix"
                                    else "annex_note_full"), style="note"))
    return ctx.say("sec_data_quality"), blocks


def annex(ctx: Context) -> list[Block]:
    """Technical annex: the rules applied, per group the findings by rule, the set-aside
    and flagged questionnaires, and the input files with their SHA-256."""
    spec = ctx.results.spec.screening
    rule_rows = []
    for rule, setting in spec.settings():
        rule_rows.append((rule_label(ctx, rule),
                          say_first(ctx.lang, (f"rule_help_{rule}", f"report_rule_help_{rule}"),
                                    ""),
                          _action_text(ctx, rule, setting.action) if setting.enabled
                          else ctx.say("rule_disabled")))
    blocks: list[Block] = [
        ctx.table(ID, ctx.say("rules_applied_caption"),
                  (ctx.say("col_rule"), ctx.say("col_rule_help"), ctx.say("col_action")),
                  rule_rows, numeric=(False, False, False)),
    ]
    for g in ctx.results.groups:
        blocks += _group(ctx, g)
    rows = [(f.path, say_first(ctx.lang, (f"report_role_{f.role}",), f.role), f.sha256)
            for f in ctx.results.inputs]
    blocks.append(ctx.table(ID, ctx.say("inputs_caption"),
                            (ctx.say("col_file"), ctx.say("col_role"), ctx.say("col_sha256")),
                            rows, numeric=(False, False, False), note=ctx.say("inputs_note")))
    return blocks
