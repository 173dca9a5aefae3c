"""信度与效度分析: Cronbach's α with its interval and reading, the item-total table, α per
dimension, and validity (item-total correlations, KMO, Bartlett's test of sphericity).

Every figure and its reading comes from the reliability stage (``GroupResults.alpha``,
``item_stats``, ``kmo``, ``bartlett``, ``reliability_dimensions``): α's band (George &
Mallery 2003) and KMO's label (Kaiser 1974) are its own. This section adds the sentences,
names items whose corrected item-total correlation is below 0.3 or whose deletion would
raise α, and states every undefined figure with its reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from survey.report import facts
from survey.report.context import say_first
from survey.report.format import is_missing
from survey.report.model import Block, Heading, Paragraph

if TYPE_CHECKING:
    from survey.report.context import Context
    from survey.results import GroupResults
    from survey.stats.reliability import Caveat

ID = "reliability"
MISSING = "missing_listwise"

#: Corrected item-total correlations below this are named (a common rule of thumb).
LOW_CITC = 0.3


def band(alpha: float) -> str:
    """The band of α: excellent (≥ 0.9), good, acceptable, questionable (≥ 0.6) or poor.

    >>> band(0.85), band(0.59)
    ('good', 'poor')
    """
    from survey.stats.reliability import alpha_band

    return alpha_band(alpha)


def _reason(ctx: Context, reason: Any) -> str:
    code = str(reason)
    return say_first(ctx.lang, (f"report_reason_{code}", f"reason_{code}"), code)


def _labels(g: GroupResults, ctx: Context) -> dict[str, str]:
    return {item.id: facts.item_label(item, ctx.lang) for item in facts.likert_items(g.instrument)}


def _reading(ctx: Context, alpha: float | None, reason: Any) -> str:
    if alpha is None:
        return _reason(ctx, reason)
    return ctx.say(f"band_short_{band(alpha)}")


def _kmo_value(g: GroupResults) -> float | None:
    value = g.kmo.overall
    return None if value is None or is_missing(value) else float(value)


def _validity(ctx: Context, g: GroupResults, name: str) -> list[Block]:
    """Item-total correlations (效度 in many reports), KMO and Bartlett's test."""
    f = ctx.f
    blocks: list[Block] = []
    itr = [r for r in g.item_stats["item_total_r"] if not is_missing(r)] \
        if "item_total_r" in g.item_stats else []
    if itr:
        blocks.append(Paragraph(ctx.say("validity_itr", group=name, low=f.num(min(itr), 3),
                                        high=f.num(max(itr), 3))))
    kmo = g.kmo
    value = _kmo_value(g)
    if value is None:
        blocks.append(Paragraph(ctx.say("kmo_undefined", group=name,
                                        reason=_reason(ctx, kmo.reason)), style="warning"))
    else:
        reading = say_first(ctx.lang, (f"kmo_band_{kmo.band}",),
                            ctx.say(f"kmo_{kmo.band}")) if kmo.band else f.na
        blocks.append(Paragraph(ctx.say("kmo_sentence", group=name, kmo=f.num(value, 3),
                                        reading=reading)))
    bartlett = g.bartlett
    if bartlett.chi2 is None or bartlett.p_value is None:
        blocks.append(Paragraph(ctx.say("bartlett_undefined", group=name,
                                        reason=_reason(ctx, bartlett.reason)),
                                style="warning"))
    else:
        key = "bartlett_significant" if bartlett.p_value < 0.05 else "bartlett_not_significant"
        blocks.append(Paragraph(ctx.say(key, group=name, chi2=f.num(bartlett.chi2, 2),
                                        df=f.count(bartlett.df), p=ctx.f.p_stated(bartlett.p_value))))
    return blocks


def _dimensions(ctx: Context, g: GroupResults, name: str) -> list[Block]:
    """α of each dimension (维度) of the scale."""
    dims = g.reliability_dimensions
    if not dims:
        return []
    f = ctx.f
    level = f.level(ctx.results.spec.confidence)
    rows = []
    for d in dims:
        a = d.alpha
        rows.append((str(d.dimension), str(a.n_items), str(a.n_respondents), f.num(a.alpha, 3),
                     f.num_interval(a.ci_low, a.ci_high, 3), _reading(ctx, a.alpha, a.reason)))
    columns = (ctx.say("col_dimension"), ctx.say("col_items"), ctx.say("col_n_listwise"),
               ctx.say("col_alpha"), ctx.say("col_ci_level", level=level), ctx.say("col_reading"))
    return [ctx.table(ID, ctx.say("reliability_dimensions_caption", group=name), columns, rows,
                      numeric=(False, True, True, True, True, False),
                      note=ctx.say("reliability_dimensions_note"))]


def _item_sentences(ctx: Context, stats: Any, labels: dict[str, str], alpha: float) -> list[Block]:
    f = ctx.f
    sep = ctx.say("list_sep")
    citc = {str(r.item): r.corrected_item_total_r for r in stats.itertuples(index=False)
            if not is_missing(r.corrected_item_total_r)}
    raising = [(str(r.item), r.alpha_if_deleted) for r in stats.itertuples(index=False)
               if not is_missing(r.alpha_if_deleted) and r.alpha_if_deleted > alpha]
    low = [i for i, v in citc.items() if v < LOW_CITC]
    out: list[Block] = []
    if citc and not low and not raising:
        out.append(Paragraph(ctx.say("items_fine", low=f.num(min(citc.values()), 3),
                                     high=f.num(max(citc.values()), 3))))
    for item in low:
        out.append(Paragraph(ctx.say("item_low_citc", item=labels.get(item, item),
                                     value=f.num(citc[item], 3)), style="warning"))
    if raising:
        out.append(Paragraph(ctx.say("items_raise_alpha", items=sep.join(
            ctx.say("item_aid", item=labels.get(i, i), value=f.num(v, 3)) for i, v in raising)),
            style="warning"))
    return out


def _group_blocks(ctx: Context, g: GroupResults) -> list[Block]:
    f = ctx.f
    a = g.alpha
    name = facts.group_name(g, ctx.lang)
    blocks: list[Block] = [Heading(ctx.say("group_heading", group=name,
                                           n=len(g.screening.valid)))]
    if a.alpha is None:
        blocks.append(Paragraph(ctx.say("alpha_undefined", group=name,
                                        reason=_reason(ctx, a.reason)), style="warning"))
    else:
        reading = say_first(ctx.lang, (f"band_{band(a.alpha)}",),
                            ctx.say(f"band_{band(a.alpha)}"))
        ci = ctx.say("alpha_ci", level=f.level(a.confidence), low=f.num(a.ci_low, 3),
                     high=f.num(a.ci_high, 3)) \
            if a.ci_low is not None and a.ci_high is not None else ""
        std = ctx.say("alpha_standardized", value=f.num(a.alpha_standardized, 3)) \
            if a.alpha_standardized is not None else ""
        blocks.append(Paragraph(ctx.say("alpha_sentence", group=name, k=a.n_items,
                                        n=a.n_respondents, alpha=f.num(a.alpha, 3), ci=ci,
                                        standardized=std, reading=reading)))
    stats = g.item_stats
    if len(stats) and a.alpha is not None:
        blocks += _item_sentences(ctx, stats, _labels(g, ctx), a.alpha)
    for caveat in a.warnings:
        blocks.append(Paragraph(_caveat(ctx, caveat, _labels(g, ctx)) + ctx.say("full_stop"),
                                style="warning"))
    blocks += _validity(ctx, g, name)
    return blocks


#: The reliability stage's caveats that name items, with the sentence that names them.
_CAVEAT_KEYS = {"empty_item": "warn_empty_item", "constant_item": "warn_constant_item",
                "reverse_keyed_suspected": "warn_reverse_keyed"}


def _caveat(ctx: Context, caveat: Caveat, labels: dict[str, str]) -> str:
    """The caveat's sentence, naming items by their text (“服务人员的态度”), not columns."""
    items = caveat.items
    key = _CAVEAT_KEYS.get(caveat.code)
    if not items or key is None:
        return str(caveat.message)
    named = ctx.say("list_sep").join(ctx.say("quoted", text=labels.get(i, i)) for i in items)
    return say_first(ctx.lang, (key,), str(caveat.message), items=named)


def _item_table(ctx: Context, g: GroupResults, name: str) -> list[Block]:
    """The item-total table of one group (technical annex)."""
    f = ctx.f
    labels = _labels(g, ctx)
    stats = g.item_stats
    if not len(stats):
        return []
    rows = [(labels.get(str(r.item), str(r.item)), f.num(r.mean, 2), f.num(r.sd, 2),
             f.num(r.item_total_r, 3), f.num(r.corrected_item_total_r, 3),
             f.num(r.alpha_if_deleted, 3)) for r in stats.itertuples(index=False)]
    columns = tuple(ctx.say(k) for k in ("col_item", "col_mean", "col_sd", "col_itr",
                                         "col_citc", "col_aid"))
    return [ctx.table(ID, ctx.say("reliability_items_caption", group=name), columns, rows,
                      numeric=(False, *[True] * 5),
                      note=ctx.say("reliability_items_note", n=g.alpha.n_respondents))]


def annex(ctx: Context) -> list[Block]:
    """Technical annex: per group the item-total table and α per dimension."""
    blocks: list[Block] = []
    for g in ctx.scaled_groups:
        name = facts.group_name(g, ctx.lang)
        part = _item_table(ctx, g, name) + _dimensions(ctx, g, name)
        if part:
            blocks += [Heading(ctx.say("group_heading", group=name, n=len(g.screening.valid)),
                               level=4), *part]
    return blocks


def build(ctx: Context) -> tuple[str, list[Block]]:
    """Heading and blocks: the summary table, then per group α, items, dimensions, validity."""
    f = ctx.f
    rows = []
    for g in ctx.scaled_groups:
        a = g.alpha
        bartlett = g.bartlett
        rows.append((facts.group_name(g, ctx.lang), str(a.n_items), str(a.n_respondents),
                     f.num(a.alpha, 3),
                     f.num_interval(a.ci_low, a.ci_high, 3), _reading(ctx, a.alpha, a.reason),
                     f.num(_kmo_value(g), 3),
                     ctx.f.p_value(bartlett.p_value)))
    level = f.level(ctx.results.spec.confidence)
    columns = (ctx.say("col_group"), ctx.say("col_items"), ctx.say("col_n_listwise"),
               ctx.say("col_alpha"), ctx.say("col_ci_level", level=level),
               ctx.say("col_reading"), ctx.say("col_kmo"), ctx.say("col_bartlett_p"))
    blocks: list[Block] = [
        Paragraph(ctx.say("reliability_lead"), style="lead"),
        ctx.table(ID, ctx.say("reliability_caption"), columns, rows,
                  numeric=(False, True, True, True, True, False, True, True),
                  note=ctx.say("reliability_note")),
    ]
    for g in ctx.scaled_groups:
        blocks += _group_blocks(ctx, g)
    return ctx.say("sec_reliability"), blocks


def applies(ctx: Context) -> bool:
    """Only a questionnaire with satisfaction items has a scale to test."""
    return bool(ctx.scaled_groups)
