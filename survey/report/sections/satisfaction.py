"""满意度分析与排序: satisfaction by item, dimension, subgroup, group and overall, with
intervals and the ranking; then the reasons for dissatisfaction and the open answers.

Every figure, base, interval, rank and test comes from the satisfaction stage
(``GroupResults.satisfaction``, ``dimensions``, ``subgroups``, ``differences``,
``reasons``); this section orders them, prints them in their unit (a share, 100-point
score or mean level) and writes the sentences.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from survey.instrument.model import MultipleChoice
from survey.report import facts
from survey.report.blocks import question_blocks, question_heading
from survey.report.context import say_first
from survey.report.format import is_missing, whole
from survey.report.model import Block, Heading, Paragraph, Series
from survey.report.narrative import convention_text, figure_unit, measure_name

if TYPE_CHECKING:
    from survey.report.context import Context
    from survey.results import GroupResults

ID = "satisfaction"
MISSING = "missing_items"

#: Figures of at most this many groups or items are shown as their table alone (a chart of
#: two or three bars takes a third of a page and says no more than the table).
MAX_CATEGORIES_WITHOUT_CHART = 3

#: Holm-adjusted p-values below this are reported as significant differences.
ALPHA_LEVEL = 0.05


def _value(x: Any) -> float | None:
    return None if is_missing(x) else float(x)


def _item_labels(ctx: Context, g: GroupResults) -> dict[str, str]:
    return {item.id: facts.item_label(item, ctx.lang) for item in facts.likert_items(g.instrument)}


def _overall(g: GroupResults) -> pd.Series | None:
    sat = g.satisfaction
    row = sat[sat["item"] == "overall"]
    return None if row.empty else row.iloc[0]


def _reason(ctx: Context, reason: Any) -> str:
    code = str(reason)
    return say_first(ctx.lang, (f"report_reason_{code}", f"reason_{code}"), code)


def _groups_blocks(ctx: Context) -> list[Block]:
    """The overall figure of every group: table, sentences and, with 2+ groups, a chart."""
    f = ctx.f
    level = f.level(ctx.results.spec.confidence)
    rows, names, values, texts, lows, highs, counts = [], [], [], [], [], [], []
    sentences: list[Block] = []
    unit = "share"
    for g in ctx.results.groups:
        o = _overall(g)
        if o is None:
            continue
        unit = figure_unit(g)
        name = facts.group_name(g, ctx.lang)
        items = int((g.satisfaction["item"] != "overall").sum())
        value = _value(o["value"])
        rows.append((name, str(int(o["n"])), str(items), f.measure(value, unit),
                     f.measure_interval(o["ci_low"], o["ci_high"], unit)))
        names.append(name)
        values.append(value)
        texts.append(f.measure(value, unit))
        lows.append(_value(o["ci_low"]))
        highs.append(_value(o["ci_high"]))
        counts.append(int(o["n"]))
        if value is not None:
            sentences.append(Paragraph(ctx.say(
                "overall_sentence", group=name, measure=measure_name(ctx, unit),
                rate=f.measure(value, unit), n=int(o["n"]), k=items, level=level,
                interval=f.measure_interval(o["ci_low"], o["ci_high"], unit))))
        else:
            sentences.append(Paragraph(ctx.say("overall_undefined", group=name,
                                               reason=_reason(ctx, o.get("reason"))),
                                       style="warning"))
    if not rows:
        return [Paragraph(ctx.say("no_satisfaction_items"), style="note")]
    columns = (ctx.say("col_group"), ctx.say("col_respondents"), ctx.say("col_items"),
               ctx.say("col_overall", measure=measure_name(ctx, unit)),
               ctx.say("col_ci_level", level=level))
    table = ctx.table(ID, ctx.say("overall_caption", measure=measure_name(ctx, unit)), columns,
                      rows, numeric=(False, True, True, True, True))
    if len(rows) > MAX_CATEGORIES_WITHOUT_CHART:
        series = Series(name=measure_name(ctx, unit), values=tuple(values), texts=tuple(texts),
                        counts=tuple(counts), low=tuple(lows), high=tuple(highs))
        return [ctx.chart(ID, table.caption, "ranking", names, [series], table,
                          axis_title=measure_name(ctx, unit), unit=unit,
                          note=ctx.say("interval_note", level=level)), *sentences]
    return [table, *sentences]


def _ranking(ctx: Context, g: GroupResults) -> list[Block]:
    """Items ranked by their figure, as a chart with intervals and the same data as a table."""
    f = ctx.f
    level = f.level(ctx.results.spec.confidence)
    name = facts.group_name(g, ctx.lang)
    unit = figure_unit(g)
    measure = measure_name(ctx, unit)
    sat = g.satisfaction
    items = sat[sat["item"] != "overall"].copy()
    if items.empty:
        return []
    labels = _item_labels(ctx, g)
    items["order"] = range(len(items))
    if "rank" not in items or items["rank"].isna().all():
        items["rank"] = items["value"].rank(method="min", ascending=False)
    items = items.sort_values(["rank", "order"], kind="stable", na_position="last")
    ties = items["rank"].value_counts()
    has_dims = items["dimension"].notna().any()
    rows, cats, values, texts, lows, highs, counts = [], [], [], [], [], [], []
    for r in items.itertuples(index=False):
        label = labels.get(str(r.item), str(r.label))
        value = _value(r.value)
        rank = f.na if is_missing(r.rank) else str(whole(r.rank))
        if not is_missing(r.rank) and ties.get(r.rank, 0) > 1:
            rank = ctx.say("rank_tied", rank=rank)
        row = [rank, label]
        if has_dims:
            row.append("" if is_missing(r.dimension) else str(r.dimension))
        row += [str(whole(r.n))]
        if unit == "share":
            row.append(f.count(r.n_satisfied))
        row += [f.measure(value, unit), f.measure_interval(r.ci_low, r.ci_high, unit)]
        rows.append(tuple(row))
        cats.append(label)
        values.append(value)
        texts.append(f.measure(value, unit))
        lows.append(_value(r.ci_low))
        highs.append(_value(r.ci_high))
        counts.append(None if unit != "share" or is_missing(r.n_satisfied)
                      else whole(r.n_satisfied))
    columns = [ctx.say("col_rank"), ctx.say("col_item")]
    if has_dims:
        columns.append(ctx.say("col_dimension"))
    columns.append(ctx.say("col_n"))
    if unit == "share":
        columns.append(ctx.say("col_satisfied"))
    columns += [measure, ctx.say("col_ci_level", level=level)]
    caption = ctx.say("ranking_caption", group=name, measure=measure)
    numeric = tuple(c not in (ctx.say("col_item"), ctx.say("col_dimension")) for c in columns)
    table = ctx.table(ID, caption, tuple(columns), rows, numeric=numeric)
    series = Series(name=measure, values=tuple(values), texts=tuple(texts),
                    counts=tuple(counts), low=tuple(lows), high=tuple(highs))
    blocks: list[Block] = [table]
    if len(rows) > MAX_CATEGORIES_WITHOUT_CHART:
        blocks = [ctx.chart(ID, caption, "ranking", cats, [series], table, axis_title=measure,
                            unit=unit, note=ctx.say("interval_note", level=level))]
    ranked = [r for r in items.itertuples(index=False) if not is_missing(r.value)]
    if ranked:
        sep = ctx.say("list_sep")
        order = sep.join(ctx.say("quoted", text=labels.get(str(r.item), str(r.label)))
                         for r in ranked)
        top, bottom = ranked[0], ranked[-1]
        base = "ranking_sentence" if unit == "share" else "ranking_sentence_score"
        if len(ranked) == 1:
            base = "ranking_single" if unit == "share" else "ranking_single_score"
        blocks.append(Paragraph(ctx.say(
            base, group=name, order=order, measure=measure,
            top=labels.get(str(top.item), str(top.label)), top_rate=f.measure(top.value, unit),
            top_k=f.count(top.n_satisfied), top_n=whole(top.n),
            bottom=labels.get(str(bottom.item), str(bottom.label)),
            bottom_rate=f.measure(bottom.value, unit), bottom_k=f.count(bottom.n_satisfied),
            bottom_n=whole(bottom.n))))
    return blocks


def _dimensions(ctx: Context, g: GroupResults) -> list[Block]:
    """Satisfaction per dimension (维度), when the items name their dimensions."""
    dims = g.dimensions
    if not isinstance(dims, pd.DataFrame) or dims.empty or "value" not in dims:
        return []
    f = ctx.f
    unit = str(dims["unit"].iloc[0]) if "unit" in dims else figure_unit(g)
    measure = measure_name(ctx, unit)
    level = f.level(ctx.results.spec.confidence)
    labels = _item_labels(ctx, g)
    sep = ctx.say("list_sep")
    rows = []
    for r in dims.to_dict("records"):
        members = [labels.get(i, i) for i in str(r.get("items") or "").split(",") if i]
        rows.append((str(r["dimension"]), sep.join(members), f.count(r.get("n")),
                     f.measure(r["value"], unit),
                     f.measure_interval(r.get("ci_low"), r.get("ci_high"), unit)))
    name = facts.group_name(g, ctx.lang)
    columns = (ctx.say("col_dimension"), ctx.say("col_dimension_items"),
               ctx.say("col_respondents"), measure, ctx.say("col_ci_level", level=level))
    blocks: list[Block] = [ctx.table(ID, ctx.say("dimension_caption", group=name, measure=measure),
                                     columns, rows, numeric=(False, False, True, True, True),
                                     note=ctx.say("dimension_note"))]
    rated = [r for r in dims.to_dict("records") if not is_missing(r["value"])]
    if len(rated) > 1:
        top = max(rated, key=lambda r: float(r["value"]))
        low = min(rated, key=lambda r: float(r["value"]))
        blocks.append(Paragraph(ctx.say(
            "dimension_sentence", group=name, measure=measure, top=top["dimension"],
            top_value=f.measure(top["value"], unit), low=low["dimension"],
            low_value=f.measure(low["value"], unit))))
    return blocks


def _subgroups(ctx: Context, g: GroupResults) -> list[Block]:
    """The overall figure per level of each subgroup variable, with the difference tests."""
    sub = g.subgroups
    if not isinstance(sub, pd.DataFrame) or sub.empty:
        return []
    f = ctx.f
    level = f.level(ctx.results.spec.confidence)
    name = facts.group_name(g, ctx.lang)
    overall = sub[sub["item"] == "overall"]
    blocks: list[Block] = []
    for variable, part in overall.groupby("variable", sort=False):
        unit = str(part["unit"].iloc[0])
        measure = measure_name(ctx, unit)
        question = _variable_label(ctx, g, str(variable), str(part["variable_label"].iloc[0]))
        rows, cats, values, texts, lows, highs, counts = [], [], [], [], [], [], []
        for r in part.to_dict("records"):
            label = _level_label(ctx, g, str(variable), r.get("code"), r.get("level"))
            margin = r.get("margin") if is_missing(r.get("margin_fpc")) else r.get("margin_fpc")
            rows.append((label, str(int(r["n"])), f.measure(r["value"], unit),
                         f.measure_interval(r.get("ci_low"), r.get("ci_high"), unit),
                         f.na if is_missing(margin) else f"±{f.pct(margin)}"))
            cats.append(label)
            values.append(_value(r["value"]))
            texts.append(f.measure(r["value"], unit))
            lows.append(_value(r.get("ci_low")))
            highs.append(_value(r.get("ci_high")))
            counts.append(int(r["n"]))
        columns = (ctx.say("col_level"), ctx.say("col_respondents"),
                   ctx.say("col_overall", measure=measure), ctx.say("col_ci_level", level=level),
                   ctx.say("col_margin", level=level))
        caption = ctx.say("subgroup_caption", group=name, question=question, measure=measure)
        table = ctx.table(ID, caption, columns, rows, numeric=(False, True, True, True, True),
                          note=ctx.say("subgroup_note"))
        series = Series(name=measure, values=tuple(values), texts=tuple(texts),
                        counts=tuple(counts), low=tuple(lows), high=tuple(highs))
        blocks.append(ctx.chart(ID, caption, "ranking", cats, [series], table,
                                axis_title=measure, unit=unit,
                                note=ctx.say("interval_note", level=level)))
        blocks += _differences(ctx, g, str(variable), question)
    return blocks


def _variable_label(ctx: Context, g: GroupResults, variable: str, default: str) -> str:
    try:
        return facts.question_label(g.instrument.question(variable), ctx.lang)
    except KeyError:
        return default


def _level_label(ctx: Context, g: GroupResults, variable: str, code: Any, level: Any) -> str:
    if is_missing(code):
        return ctx.say("level_unanswered")
    try:
        q = g.instrument.question(variable)
    except KeyError:
        return str(level)
    for o in g.instrument.options_of(q):
        if o.code == int(code):
            return facts.option_label(o, ctx.lang)
    return str(level)


def _differences(ctx: Context, g: GroupResults, variable: str, question: str) -> list[Block]:
    """Tests of the subgroup differences: one row per item with both tests (χ² on the
    satisfied/not split, Kruskal–Wallis on the levels), and sentences for the overall test
    and for every item whose Holm-adjusted p is below 0.05."""
    diffs = g.differences
    if not isinstance(diffs, pd.DataFrame) or diffs.empty or "variable" not in diffs:
        return []
    part = diffs[diffs["variable"] == variable]
    if part.empty:
        return []
    f = ctx.f
    labels = _item_labels(ctx, g)
    tests = ("chi_square", "kruskal_wallis")
    untested: dict[str, str] = {}
    rows = []
    sentences: list[Block] = []
    for item, block in part.groupby("item", sort=False):
        name = ctx.say("overall_item") if item == "overall" else labels.get(
            str(item), str(block["label"].iloc[0] or item))
        cells = [name]
        for test in tests:
            found = block[block["test"] == test]
            if found.empty:
                cells += [f.na, f.na, f.na]
                continue
            r = found.iloc[0].to_dict()
            if is_missing(r.get("p_value")):
                reason = _reason(ctx, r.get("reason"))
                untested[reason] = reason
                cells += [f.na, ctx.say("untested"), f.na]
                continue
            cells += [f.num(r["statistic"], 2),
                      ctx.say("p_with_holm", p=ctx.f.p_value(r["p_value"]), holm=ctx.f.p_value(r["p_holm"])),
                      f.num(r["effect_size"], 3)]
            significant = not is_missing(r.get("p_holm")) and float(r["p_holm"]) < ALPHA_LEVEL
            if item == "overall" or significant:
                key = "difference_significant" if significant else "difference_not_significant"
                text = say_first(
                    ctx.lang, (key,), "", variable=ctx.say("variable_ref", text=question),
                    item=name,
                    test=say_first(ctx.lang, (f"test_{test}",), test),
                    statistic=f.num(r["statistic"], 2), df=f.count(r["df"]),
                    p=ctx.f.p_stated(r["p_value"]), holm=ctx.f.p_stated(r["p_holm"]),
                    effect_name=say_first(ctx.lang, (f"effect_{r['effect_size_name']}",),
                                          str(r["effect_size_name"])),
                    effect=f.num(r["effect_size"], 3))
                if text:
                    sentences.append(Paragraph(text))
        rows.append(tuple(cells))
    columns = (ctx.say("col_item"), ctx.say("col_chi2"), ctx.say("col_p_holm_pair"),
               ctx.say("col_cramers_v"), ctx.say("col_kw_h"), ctx.say("col_p_holm_pair"),
               ctx.say("col_epsilon2"))
    note = ctx.say("differences_note")
    if untested:
        note += ctx.say("untested_note", reasons=ctx.say("semicolon").join(untested))
    table = ctx.table(ID, ctx.say("differences_caption", question=question), columns, rows,
                      numeric=(False, True, True, True, True, True, True), note=note)
    return [table, *sentences]


def _reasons(ctx: Context, g: GroupResults) -> list[Block]:
    """The reasons for dissatisfaction: the follow-up question(s) and open answers."""
    ids = facts.reason_questions(g.instrument)
    if not ids:
        return []
    blocks: list[Block] = [Heading(ctx.say("reasons_heading",
                                           group=facts.group_name(g, ctx.lang)))]
    reasons = g.reasons if isinstance(g.reasons, pd.DataFrame) else pd.DataFrame()
    for qid in ids:
        q = g.instrument.question(qid)
        part = reasons[reasons["question"] == qid] if "question" in reasons else reasons.iloc[0:0]
        if isinstance(q, MultipleChoice) and not part.empty:
            blocks += _reason_question(ctx, g, q, part)
        else:
            blocks += question_blocks(ctx, ID, g, q)
    return blocks


def _reason_question(ctx: Context, g: GroupResults, q: MultipleChoice,
                     part: pd.DataFrame) -> list[Block]:
    """A multiple-choice follow-up from the satisfaction stage's reasons table, options
    ordered by their count (rank; ties keep the questionnaire order)."""
    f = ctx.f
    part = part.assign(_order=range(len(part)))
    part = part.sort_values(["rank", "_order"], kind="stable", na_position="last")
    by_code = {o.code: o for o in q.options}
    labels = [facts.option_label(by_code[int(c)], ctx.lang) if int(c) in by_code else str(lbl)
              for c, lbl in zip(part["code"], part["label"], strict=True)]
    counts = [int(c) for c in part["count"]]
    shares = [_value(s) for s in part["share"]]
    of_selections = [_value(s) for s in part["share_of_selections"]]
    base = int(part["base"].iloc[0])
    selections = 0 if is_missing(part["selections_base"].iloc[0]) \
        else int(part["selections_base"].iloc[0])
    eligible = int(part["n_eligible"].iloc[0])
    ranks = [f.na if is_missing(r) else str(int(r)) for r in part["rank"]]
    texts = [f.pct(s) for s in shares]
    rows = [(rk, lbl, str(c), t, f.pct(s)) for rk, lbl, c, t, s
            in zip(ranks, labels, counts, texts, of_selections, strict=True)]
    rows.append(("", ctx.say("total_selections"), str(selections), f.na,
                 f.pct(1.0) if selections else f.na))
    caption = ctx.say("question_caption", group=facts.group_name(g, ctx.lang),
                      number=g.instrument.number_of(q.id))
    table = ctx.table(
        ID, caption, (ctx.say("col_rank"), ctx.say("col_option"), ctx.say("col_count"),
                      ctx.say("col_share_respondents"), ctx.say("col_share_selections")), rows,
        numeric=(True, False, True, True, True), total_rows=(len(rows) - 1,))
    series = Series(name=ctx.say("col_share_respondents"), values=tuple(shares),
                    texts=tuple(texts), counts=tuple(counts))
    blocks: list[Block] = [
        Heading(question_heading(ctx, g, q), level=4),
        ctx.chart(ID, caption, "bars", labels, [series], table,
                  axis_title=ctx.say("axis_share_respondents")),
        Paragraph(say_first(ctx.lang, ("reasons_base",), "", eligible=eligible, base=base,
                            selections=selections)
                  or ctx.say("multiple_note", base=base, selections=selections), style="note"),
    ]
    extra = int(part["n_answered_ineligible"].iloc[0])  # not base − eligible: some may skip
    if extra > 0:
        blocks.append(Paragraph(ctx.say("reasons_beyond_eligible", extra=extra),
                                style="note"))
    if base:
        top = sorted(range(len(labels)), key=lambda i: (-counts[i], i))
        tied = [labels[i] for i in top if counts[i] == counts[top[0]]]
        blocks.append(Paragraph(ctx.say(
            "reasons_sentence", base=base, labels=ctx.say("list_sep").join(
                ctx.say("quoted", text=t) for t in tied),
            share=f.pct(shares[top[0]]), count=counts[top[0]])))
    from survey.report.blocks import specify_blocks

    blocks += specify_blocks(ctx, g, q)
    return blocks


def build(ctx: Context) -> tuple[str, list[Block]]:
    """Heading and blocks: conventions, groups compared, then per group the ranking,
    dimensions and the reasons for dissatisfaction (subgroups: :func:`annex`)."""
    blocks: list[Block] = [Paragraph(convention_text(ctx), style="lead")]
    blocks += _groups_blocks(ctx)
    for g in ctx.scaled_groups:
        name = facts.group_name(g, ctx.lang)
        blocks.append(Heading(ctx.say("group_heading", group=name, n=len(g.screening.valid))))
        blocks += _ranking(ctx, g)
        blocks += _dimensions(ctx, g)
        blocks += _reasons(ctx, g)
    return ctx.say("sec_satisfaction"), blocks


def applies(ctx: Context) -> bool:
    """A questionnaire without satisfaction items has no satisfaction section."""
    return bool(ctx.scaled_groups)


def annex(ctx: Context) -> list[Block]:
    """Technical annex: per group the satisfaction of each subgroup and the difference
    tests (χ², Cramér's V, Kruskal–Wallis H, ε², Holm)."""
    blocks: list[Block] = []
    for g in ctx.results.groups:
        part = _subgroups(ctx, g)
        if part:
            name = facts.group_name(g, ctx.lang)
            blocks += [Heading(ctx.say("group_heading", group=name, n=len(g.screening.valid)),
                               level=4), *part]
    return blocks
