"""问卷的发放和回收: issued, returned, valid, and the three rates, per group and in total.

回收率 = returned / issued, 有效率 = valid / returned, 有效回收率 = valid / issued. An online
survey has no issued count: its 回收率 and 有效回收率 print as not available, and the total
row is given only when every group has an issued count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from survey.report import facts
from survey.report.context import say_first
from survey.report.model import Block, Paragraph

if TYPE_CHECKING:
    from survey.report.context import Context

ID = "fieldwork"
MISSING = "missing_none"


def build(ctx: Context) -> tuple[str, list[Block]]:
    """Heading and blocks: the totals sentence, the table, one sentence per group, problems."""
    results, f = ctx.results, ctx.f
    rows = []
    sentences: list[Block] = []
    records = [g.screening.fieldwork for g in results.groups]
    for g, fw in zip(results.groups, records, strict=True):
        name = facts.group_name(g, ctx.lang)
        rows.append((name, f.count(fw.issued), str(fw.returned), str(fw.valid),
                     f.pct(fw.return_rate), f.pct(fw.valid_rate), f.pct(fw.valid_return_rate)))
        key = "fieldwork_group" if fw.issued else "fieldwork_group_online"
        sentences.append(Paragraph(ctx.say(
            key, group=name, issued=f.count(fw.issued), returned=fw.returned, valid=fw.valid,
            set_aside=fw.returned - fw.valid if fw.returned >= fw.valid else 0,
            return_rate=f.pct(fw.return_rate), valid_rate=f.pct(fw.valid_rate),
            valid_return_rate=f.pct(fw.valid_return_rate))))
        for problem in fw.problems:
            message = say_first(ctx.lang, (f"report_fieldwork_problem_{problem.code}",
                                           f"screening_fieldwork_{problem.code}"),
                                problem.message, issued=f.count(fw.issued),
                                returned=fw.returned, valid=fw.valid,
                                stated=f.count(fw.stated_valid))
            sentences.append(Paragraph(ctx.say("fieldwork_problem", group=name,
                                               message=message), style="warning"))
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
    columns = tuple(ctx.say(k) for k in ("col_group", "col_issued", "col_returned", "col_valid",
                                         "col_return_rate", "col_valid_rate",
                                         "col_valid_return_rate"))
    table = ctx.table(ID, ctx.say("fieldwork_caption"), columns, rows,
                      numeric=(False, *[True] * 6), total_rows=total_rows,
                      note=ctx.say("fieldwork_note"))
    return ctx.say("sec_fieldwork"), [*lead, table, *sentences]
