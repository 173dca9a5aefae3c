"""满意度指标评分: the indicators the survey feeds, their scores and scoring sentences."""

from __future__ import annotations

from typing import TYPE_CHECKING

from survey.report import facts
from survey.report.model import Block, Paragraph

if TYPE_CHECKING:
    from survey.report.context import Context

ID = "indicators"
MISSING = "missing_items"


def _target(ctx: Context, comparator: str, value: float) -> str:
    symbol = {">=": "≥", ">": ">", "<=": "≤"}.get(comparator, comparator)
    decimals = 0 if round(value * 100, 6) % 1 == 0 else 2
    return f"{symbol}{ctx.f.pct(value, decimals)}"


def build(ctx: Context) -> tuple[str, list[Block]]:
    """Heading and blocks: the scoring table with a total, the sentences and the rules."""
    f = ctx.f
    scores = ctx.results.indicators
    if not scores:
        return ctx.say("sec_indicators"), [Paragraph(ctx.say("indicators_none"), style="note")]
    names = {g.group: facts.group_name(g, ctx.lang) for g in ctx.results.groups}
    rows = []
    for s in scores:
        met = ctx.say("met_na") if s.met is None else ctx.say("met_yes" if s.met else "met_no")
        rows.append((s.code, s.name, names.get(s.group, s.group), f.plain(s.weight),
                     _target(ctx, s.comparator, s.target), f.pct(s.actual), str(s.n),
                     f.plain(s.score), met))
    weight = sum(s.weight for s in scores)
    scored = [s for s in scores if s.score is not None]
    total = sum(s.score for s in scored if s.score is not None)
    rows.append((ctx.say("total"), "", "", f.plain(weight), "", "", "",
                 f.plain(total) if scored else f.na, ""))
    columns = tuple(ctx.say(k) for k in ("col_code", "col_indicator", "col_group", "col_weight",
                                         "col_target", "col_actual", "col_respondents",
                                         "col_score", "col_met"))
    table = ctx.table(ID, ctx.say("indicators_caption"), columns, rows,
                      numeric=(False, False, False, True, True, True, True, True, False),
                      total_rows=(len(rows) - 1,))
    blocks: list[Block] = [
        Paragraph(ctx.say("indicators_lead", k=len(scores), weight=f.plain(weight),
                          score=f.plain(total) if scored else f.na), style="lead"),
        table,
    ]
    for s in scores:
        blocks.append(Paragraph(ctx.say("indicator_line", code=s.code, name=s.name,
                                        sentence=s.sentence)))
    rules = list(dict.fromkeys((s.wording, s.reading) for s in scores))
    for wording, reading in rules:
        blocks.append(Paragraph(ctx.say("indicator_rule", wording=wording, reading=reading),
                                style="note"))
    conventions = sorted({s.convention for s in scores})
    blocks.append(Paragraph(ctx.say("indicator_convention", conventions=ctx.say("list_sep").join(
        conventions)), style="note"))
    return ctx.say("sec_indicators"), blocks
