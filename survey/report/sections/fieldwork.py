"""问卷的发放和回收: issued, returned, valid, and the three rates, per group and in total.

回收率 = returned / issued, 有效率 = valid / returned, 有效回收率 = valid / issued. An online
survey has no issued count: its 回收率 and 有效回收率 print as not available, and the total
row is given only when every group has an issued count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from survey.report import facts
from survey.report.model import Block, Paragraph

if TYPE_CHECKING:
    from survey.report.context import Context
    from survey.results import GroupResults
    from survey.screening.fieldwork import Fieldwork, FieldworkProblem

ID = "fieldwork"
MISSING = "missing_none"


def _problem_text(ctx: Context, problem: FieldworkProblem) -> str:
    """The fieldwork problem in the report's language (the screening stage words it; its
    own message when the locale has no sentence for its code)."""
    try:
        return problem.sentence(ctx.lang).rstrip("。.")
    except KeyError:
        return problem.message.rstrip("。.")


#: Positions of the columns that need an issued count (发放数量, 回收率, 有效回收率).
_NEED_ISSUED = (1, 4, 6)


def _row(ctx: Context, label: str, fw: Fieldwork) -> tuple[str, ...]:
    f = ctx.f
    return (label, f.count(fw.issued), str(fw.returned), str(fw.valid), f.pct(fw.return_rate),
            f.pct(fw.valid_rate), f.pct(fw.valid_return_rate))


def _columns(ctx: Context, first: str) -> tuple[str, ...]:
    return (ctx.say(first), *(ctx.say(k) for k in (
        "col_issued", "col_returned", "col_valid", "col_return_rate", "col_valid_rate",
        "col_valid_return_rate")))


def _keep(records: list[Fieldwork]) -> tuple[int, ...]:
    """The columns to print: without an issued count anywhere (online surveys) the issued
    count and the two rates over it would be a column of dashes, and are left out."""
    issued = any(fw.issued for fw in records)
    return tuple(i for i in range(7) if issued or i not in _NEED_ISSUED)


def _table(ctx: Context, caption: str, first: str, rows: list[tuple[str, ...]],
           keep: tuple[int, ...], note: str, total_rows: tuple[int, ...] = ()) -> Block:
    columns = _columns(ctx, first)
    return ctx.table(ID, caption, tuple(columns[i] for i in keep),
                     [tuple(row[i] for i in keep) for row in rows],
                     numeric=tuple(i > 0 for i in keep), total_rows=total_rows, note=note)


def _sites(ctx: Context, g: GroupResults, fw: Fieldwork) -> list[Block]:
    """Per-site records (村, 网点) of a group, when the fieldwork gives them."""
    sites = fw.sites
    if not sites:
        return []
    rows = [_row(ctx, str(site.site), site) for site in sites]
    name = facts.group_name(g, ctx.lang)
    return [_table(ctx, ctx.say("fieldwork_sites_caption", group=name), "col_site", rows,
                   _keep(list(sites)), ctx.say("fieldwork_sites_note"))]


def build(ctx: Context) -> tuple[str, list[Block]]:
    """Heading and blocks: the totals sentence, the table, then per group its sentence,
    problems and per-site table."""
    results, f = ctx.results, ctx.f
    records = [g.screening.fieldwork for g in results.groups]
    rows = [_row(ctx, facts.group_name(g, ctx.lang), fw)
            for g, fw in zip(results.groups, records, strict=True)]
    lead: list[Block] = []
    total_rows: tuple[int, ...] = ()
    if len(records) > 1 and all(fw.issued for fw in records):
        issued = sum(int(fw.issued or 0) for fw in records)
        returned = sum(fw.returned for fw in records)
        valid = sum(fw.valid for fw in records)
        rates = (returned / issued, valid / returned if returned else None, valid / issued)
        rows.append((ctx.say("total"), str(issued), str(returned), str(valid),
                     *(f.pct(r) for r in rates)))
        total_rows = (len(rows) - 1,)
        lead.append(Paragraph(ctx.say(
            "fieldwork_total", issued=issued, returned=returned, valid=valid,
            return_rate=f.pct(rates[0]), valid_rate=f.pct(rates[1]),
            valid_return_rate=f.pct(rates[2])), style="lead"))
    keep = _keep(records)
    note = ctx.say("fieldwork_note" if len(keep) == 7 else "fieldwork_note_no_issued")
    blocks: list[Block] = [*lead, _table(ctx, ctx.say("fieldwork_caption"), "col_group", rows,
                                         keep, note, total_rows)]
    for g, fw in zip(results.groups, records, strict=True):
        name = facts.group_name(g, ctx.lang)
        key = "fieldwork_group" if fw.issued else (
            "fieldwork_group_online" if fw.mode == "online" else "fieldwork_group_no_issued")
        blocks.append(Paragraph(ctx.say(
            key, group=name, issued=f.count(fw.issued), returned=fw.returned, valid=fw.valid,
            set_aside=fw.returned - fw.valid if fw.returned >= fw.valid else 0,
            return_rate=f.pct(fw.return_rate), valid_rate=f.pct(fw.valid_rate),
            valid_return_rate=f.pct(fw.valid_return_rate))))
        for problem in fw.problems:
            blocks.append(Paragraph(ctx.say("fieldwork_problem", group=name,
                                            message=_problem_text(ctx, problem)),
                                    style="warning"))
        blocks += _sites(ctx, g, fw)
    return ctx.say("sec_fieldwork"), blocks
