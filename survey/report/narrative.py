"""Sentences that describe how figures were computed, from the analysis settings.

Every number in a report sentence is formatted before it is put in (see
:mod:`survey.report.format`); the wording comes from the locale files. The conventions'
own wording (``conv_*``, ``overall_*``, ``interval_*``) belongs to the satisfaction stage
(``survey/locales/<lang>/satisfaction.yaml``); this module composes it with the report's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from survey.report.context import say_first

if TYPE_CHECKING:
    from survey.report.context import Context
    from survey.results import AnalysisResults, GroupResults

__all__ = ["convention_text", "convention_words", "figure_unit", "measure_name",
           "scale_levels_count", "top_box_definitions"]


def figure_unit(g: GroupResults) -> str:
    """The unit of the group's satisfaction figures: ``share``, ``points`` or ``scale``."""
    sat = g.satisfaction
    if "unit" in sat and len(sat):
        return str(sat["unit"].iloc[0])
    return "share"


def results_unit(results: AnalysisResults) -> str:
    """The unit of the first group with satisfaction figures (all groups share a convention)."""
    for g in results.groups:
        if len(g.satisfaction):
            return figure_unit(g)
    return "share"


def measure_name(ctx: Context, unit: str) -> str:
    """What the figure is called: 满意率 (share), 满意度得分 (points), 平均分 (scale)."""
    return ctx.say(f"measure_{unit}") if unit in ("share", "points", "scale") \
        else ctx.say("measure_share")


def scale_levels_count(results: AnalysisResults) -> int:
    """Scored levels of the first satisfaction scale (5 on the five-point scale)."""
    from survey.stats.satisfaction import satisfaction_items

    for g in results.groups:
        items = satisfaction_items(g.instrument)
        if items:
            v = items[0]
            return len([c for c in v.codes if c not in v.excluded])
    return 5


def top_box_definitions(ctx: Context) -> list[str]:
    """满意率's definition for each distinct satisfaction scale of the analysis, in its own
    words: the scale's satisfied levels over the valid answers, its excluded levels left
    out of the base ("满意率 =（满意 + 基本满意）人数 ÷ …" on a three-level scale)."""
    from survey.report import facts
    from survey.stats.satisfaction import satisfaction_items

    plus = ctx.say("plus")
    # scales that count the same levels as satisfied share one sentence; the levels any of
    # them leaves out of the base are named once ("不了解" is left out wherever it is offered)
    excluded_by_satisfied: dict[str, list[str]] = {}
    for g in ctx.results.groups:
        for v in satisfaction_items(g.instrument):
            labels = {o.code: facts.option_label(o, ctx.lang) for o in v.options}
            satisfied = plus.join(labels[c] for c in v.satisfied if c in labels)
            excluded = excluded_by_satisfied.setdefault(satisfied, [])
            excluded += [labels[c] for c in v.excluded if c in labels and labels[c] not in excluded]
    out = []
    for satisfied, excluded in excluded_by_satisfied.items():
        named = ctx.say("list_sep").join(ctx.say("quoted", text=label) for label in excluded)
        clause = ctx.say("conv_excluded", labels=named) if excluded else ""
        out.append(ctx.say("conv_top_box", satisfied=satisfied, excluded=clause))
    return out or [say_first(ctx.lang, ("conv_top_two_box",), "top_two_box")]


def _satisfied_labels(ctx: Context, g: GroupResults) -> list[str]:
    from survey.report import facts
    from survey.stats.satisfaction import satisfaction_items

    for v in satisfaction_items(g.instrument):
        labels = {o.code: facts.option_label(o, ctx.lang) for o in v.options}
        return [labels[c] for c in v.satisfied if c in labels]
    return []


def convention_words(ctx: Context, g: GroupResults) -> str:
    """The group's convention in words, never as codes: "满意率（非常满意与满意之和），总体为
    各题项的算术平均" where the satisfaction stage labels it ``top_two_box/mean_of_items``."""
    spec = ctx.results.spec
    k = scale_levels_count(ctx.results)
    if spec.convention == "top_two_box":
        measure = ctx.say("convword_top_two_box",
                          satisfied=ctx.say("and").join(_satisfied_labels(ctx, g)))
    else:
        measure = say_first(ctx.lang, (f"report_convword_{spec.convention}",),
                            measure_name(ctx, figure_unit(g)), k=k, k_minus_1=k - 1)
    method = str(spec.satisfaction.overall)
    group_spec = next((s for s in spec.groups if s.id == g.group), None)
    item = (group_spec.overall_item if group_spec else None) or ""
    if item:
        from survey.report import facts

        for it in facts.likert_items(g.instrument):
            if it.id == item:
                item = facts.item_label(it, ctx.lang)
    cutoff = spec.satisfaction.cutoff
    overall = say_first(ctx.lang, (f"report_overallword_{method}",), "", item=item,
                        cutoff="" if cutoff is None else f"{cutoff:g}")
    return ctx.say("convword_join", measure=measure, overall=overall) if overall else measure


def convention_text(ctx: Context) -> str:
    """The convention, the overall method and the interval, in one sentence."""
    spec = ctx.results.spec
    k = scale_levels_count(ctx.results)
    sat = spec.satisfaction
    mapping = sat.mapping
    mapping_text = "/".join(str(m) for m in mapping) if isinstance(mapping, tuple | list) \
        else str(mapping or "")
    if spec.convention == "top_two_box":
        conv = ctx.say("semicolon").join(top_box_definitions(ctx))
    else:
        conv = say_first(ctx.lang, (f"conv_{spec.convention}",), spec.convention,
                         mapping=mapping_text, k=k, k_minus_1=k - 1)
    method = str(sat.overall)
    weights = ctx.say("list_sep").join(
        f"{item} {w:g}" for g in spec.groups for item, w in g.item_weights.items())
    items = ctx.say("list_sep").join(
        str(g.overall_item) for g in spec.groups if g.overall_item)
    cutoff = sat.cutoff
    overall = say_first(ctx.lang, (f"overall_{method}",), method, weights=weights, item=items,
                        cutoff="" if cutoff is None else f"{cutoff:g}")
    interval_name = sat.interval if spec.convention == "top_two_box" else "t"
    interval = say_first(ctx.lang, (f"interval_{interval_name}",), interval_name)
    return ctx.say("convention_lead", conv=conv, overall=overall, interval=interval,
                   level=ctx.f.level(spec.confidence),
                   measure=measure_name(ctx, results_unit(ctx.results)))
