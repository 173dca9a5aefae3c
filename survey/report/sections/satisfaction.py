"""满意度分析与排序: satisfaction by item, dimension, group and overall, with intervals and
the ranking; then the reasons for dissatisfaction and the open answers about them.

Rates, their bases and intervals come from the satisfaction stage; this section orders
them (rank 1 = highest rate; equal rates share the lower rank, "1, 1, 3") and writes
the sentences. Tables the satisfaction stage adds (by dimension, by subgroup, differences
between groups) are printed when present.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from survey.report import facts
from survey.report.blocks import question_blocks
from survey.report.context import say_first
from survey.report.format import is_missing
from survey.report.model import Block, Heading, Paragraph, Series

if TYPE_CHECKING:
    from survey.pipeline import GroupResults
    from survey.report.context import Context

ID = "satisfaction"
MISSING = "missing_items"


def _value(x: Any) -> float | None:
    return None if is_missing(x) else float(x)


def _item_labels(ctx: Context, g: GroupResults) -> dict[str, str]:
    out = {}
    for q in g.instrument.questions():
        for item in getattr(q, "items", ()):
            out[item.id] = facts.item_label(item, ctx.lang)
    return out


def _overall(g: GroupResults) -> pd.Series | None:
    sat = g.satisfaction
    row = sat[sat["item"] == "overall"]
    return None if row.empty else row.iloc[0]


def _groups_blocks(ctx: Context) -> list[Block]:
    """The overall rate of every group, as a table, sentences and (with 2+ groups) a chart."""
    f = ctx.f
    level = f.level(ctx.results.spec.confidence)
    rows, names, values, texts, lows, highs, counts = [], [], [], [], [], [], []
    sentences: list[Block] = []
    for g in ctx.results.groups:
        o = _overall(g)
        if o is None:
            continue
        name = facts.group_name(g, ctx.lang)
        items = int((g.satisfaction["item"] != "overall").sum())
        value = _value(o["value"])
        rows.append((name, str(int(o["n"])), str(items), f.pct(value),
                     f.interval(o["ci_low"], o["ci_high"])))
        names.append(name)
        values.append(value)
        texts.append(f.pct(value))
        lows.append(_value(o["ci_low"]))
        highs.append(_value(o["ci_high"]))
        counts.append(int(o["n"]))
        if value is not None:
            sentences.append(Paragraph(ctx.say(
                "overall_sentence", group=name, rate=f.pct(value), n=int(o["n"]), k=items,
                level=level, low=f.pct(o["ci_low"]), high=f.pct(o["ci_high"]))))
        else:
            sentences.append(Paragraph(ctx.say("overall_undefined", group=name), style="warning"))
    if not rows:
        return [Paragraph(ctx.say("no_satisfaction_items"), style="note")]
    columns = (ctx.say("col_group"), ctx.say("col_respondents"), ctx.say("col_items"),
               ctx.say("col_overall"), ctx.say("col_ci_level", level=level))
    table = ctx.table(ID, ctx.say("overall_caption"), columns, rows,
                      numeric=(False, True, True, True, True))
    blocks: list[Block] = []
    if len(rows) > 1:
        series = Series(name=ctx.say("col_overall"), values=tuple(values), texts=tuple(texts),
                        counts=tuple(counts), low=tuple(lows), high=tuple(highs))
        blocks.append(ctx.chart(ID, ctx.say("overall_caption"), "ranking", names, [series],
                                table, axis_title=ctx.say("axis_rate")))
    else:
        blocks.append(table)
    return blocks + sentences + _differences(ctx)


def _differences(ctx: Context) -> list[Block]:
    """Differences between groups, when the satisfaction stage tests them."""
    diffs = facts.find_attr(ctx.results, "differences")
    if diffs is None:
        return []
    out: list[Block] = []
    for d in diffs if isinstance(diffs, list | tuple) else []:
        sentence = facts.find_attr(d, "sentence", "message")
        if isinstance(sentence, str):
            out.append(Paragraph(sentence))
    return out


def _ranking(ctx: Context, g: GroupResults) -> list[Block]:
    """Items ranked by rate, as a chart with intervals and the table with the same data."""
    f = ctx.f
    level = f.level(ctx.results.spec.confidence)
    name = facts.group_name(g, ctx.lang)
    sat = g.satisfaction
    items = sat[sat["item"] != "overall"].copy()
    if items.empty:
        return []
    labels = _item_labels(ctx, g)
    items["order"] = range(len(items))
    items["rank"] = items["value"].rank(method="min", ascending=False)
    items = items.sort_values(["rank", "order"], kind="stable", na_position="last")
    has_dims = items["dimension"].notna().any()
    rows, cats, values, texts, lows, highs, counts = [], [], [], [], [], [], []
    for r in items.itertuples(index=False):
        label = labels.get(str(r.item), str(r.label))
        value = _value(r.value)
        rank = f.na if is_missing(r.rank) else str(int(r.rank))
        row = [rank, label]
        if has_dims:
            row.append("" if is_missing(r.dimension) else str(r.dimension))
        row += [str(int(r.n)), f.count(r.n_satisfied), f.pct(value),
                f.interval(r.ci_low, r.ci_high)]
        rows.append(tuple(row))
        cats.append(label)
        values.append(value)
        texts.append(f.pct(value))
        lows.append(_value(r.ci_low))
        highs.append(_value(r.ci_high))
        counts.append(None if is_missing(r.n_satisfied) else int(r.n_satisfied))
    columns = [ctx.say("col_rank"), ctx.say("col_item")]
    if has_dims:
        columns.append(ctx.say("col_dimension"))
    columns += [ctx.say("col_n"), ctx.say("col_satisfied"), ctx.say("col_rate"),
                ctx.say("col_ci_level", level=level)]
    caption = ctx.say("ranking_caption", group=name)
    table = ctx.table(ID, caption, tuple(columns), rows,
                      numeric=(True, False, *([False] if has_dims else []), True, True, True, True))
    series = Series(name=ctx.say("col_rate"), values=tuple(values), texts=tuple(texts),
                    counts=tuple(counts), low=tuple(lows), high=tuple(highs))
    chart = ctx.chart(ID, caption, "ranking", cats, [series], table,
                      axis_title=ctx.say("axis_rate"), note=ctx.say("ranking_note", level=level))
    blocks: list[Block] = [chart]
    ranked = [r for r in items.itertuples(index=False) if not is_missing(r.value)]
    if ranked:
        sep = ctx.say("list_sep")
        order = sep.join(ctx.say("quoted", text=labels.get(str(r.item), str(r.label)))
                         for r in ranked)
        top, bottom = ranked[0], ranked[-1]
        blocks.append(Paragraph(ctx.say(
            "ranking_sentence", group=name, order=order,
            top=labels.get(str(top.item), str(top.label)), top_rate=f.pct(top.value),
            top_k=f.count(top.n_satisfied), top_n=int(top.n),
            bottom=labels.get(str(bottom.item), str(bottom.label)),
            bottom_rate=f.pct(bottom.value), bottom_k=f.count(bottom.n_satisfied),
            bottom_n=int(bottom.n))))
    return blocks


def _frame_blocks(ctx: Context, g: GroupResults, frame: Any, kind: str) -> list[Block]:
    """A table by dimension or by subgroup, from the satisfaction stage's frame."""
    if not isinstance(frame, pd.DataFrame) or frame.empty or "value" not in frame:
        return []
    f = ctx.f
    level = f.level(ctx.results.spec.confidence)
    key = next((c for c in ("dimension", "subgroup", "level", "label") if c in frame), None)
    if key is None:
        return []
    rows = []
    for r in frame.to_dict("records"):
        cells = []
        if kind == "subgroup" and "variable" in frame:
            cells.append(str(r["variable"]))
        cells += [str(r[key]), f.count(r.get("n")), f.pct(r["value"]),
                  f.interval(r.get("ci_low"), r.get("ci_high"))]
        rows.append(tuple(cells))
    columns = ([ctx.say("col_question")] if kind == "subgroup" and "variable" in frame else [])
    columns += [ctx.say(f"col_{kind}"), ctx.say("col_n"), ctx.say("col_rate"),
                ctx.say("col_ci_level", level=level)]
    name = facts.group_name(g, ctx.lang)
    return [ctx.table(ID, ctx.say(f"{kind}_caption", group=name), tuple(columns), rows,
                      numeric=(*([False] * (len(columns) - 3)), True, True, True))]


def _reasons(ctx: Context, g: GroupResults) -> list[Block]:
    ids = facts.reason_questions(g.instrument)
    if not ids:
        return []
    blocks: list[Block] = [Heading(ctx.say("reasons_heading", group=facts.group_name(g, ctx.lang)))]
    for qid in ids:
        blocks += question_blocks(ctx, ID, g, g.instrument.question(qid))
    return blocks


def build(ctx: Context) -> tuple[str, list[Block]]:
    """Heading and blocks: conventions, groups compared, then per group ranking and reasons."""
    convention = ctx.results.spec.convention
    lead = say_first(ctx.lang, (f"report_convention_{convention}",),
                     ctx.say("convention_generic", convention=convention),
                     level=ctx.f.level(ctx.results.spec.confidence))
    blocks: list[Block] = [Paragraph(lead, style="lead")]
    blocks += _groups_blocks(ctx)
    for g in ctx.results.groups:
        name = facts.group_name(g, ctx.lang)
        blocks.append(Heading(ctx.say("group_heading", group=name, n=len(g.screening.valid))))
        blocks += _ranking(ctx, g)
        blocks += _frame_blocks(ctx, g, facts.find_attr(g, "dimensions", "by_dimension"),
                                "dimension")
        blocks += _frame_blocks(ctx, g, facts.find_attr(g, "subgroups", "by_subgroup"),
                                "subgroup")
        blocks += _reasons(ctx, g)
    return ctx.say("sec_satisfaction"), blocks
