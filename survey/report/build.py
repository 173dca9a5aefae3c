"""Results → :class:`~survey.report.model.Report`: which sections, in which order, with what.

The sections follow a Chinese survey appendix (问卷调查报告), each built by its module in
:mod:`survey.report.sections`; this module adds the title block, the headline figures and
the provenance footer every section carries (n, missing-data rule, screening rules,
conventions, toolkit version, input hashes). Nothing here writes files or HTML, and
nothing reads the clock: the generation date is one of the results' inputs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from survey._version import __version__
from survey.report import facts
from survey.report.context import Context, say_first
from survey.report.model import KeyFigure, Provenance, Report, Section
from survey.report.sections import SECTIONS

if TYPE_CHECKING:
    from survey.results import AnalysisResults

__all__ = ["build_report"]

_NUMERALS = "一二三四五六七八九十"

#: How many hex digits of each input file's SHA-256 a section footer prints (the
#: data-quality appendix lists them in full).
HASH_DIGITS = 16


def _numeral(ctx: Context, n: int) -> str:
    if ctx.lang == "zh-CN" and n <= 10:
        return _NUMERALS[n - 1]
    if ctx.lang == "zh-CN" and n < 20:
        return "十" + _NUMERALS[n - 11]
    return str(n)


def _rules_applied(ctx: Context) -> str:
    """The screening rules that ran, with their actions (as the screening stage records)."""
    from survey.report.sections.data_quality import rules_applied, rule_label

    parts = [ctx.say("rule_with_action", rule=rule_label(ctx, rule),
                     action=ctx.say(f"action_{action}")) for rule, action in rules_applied(ctx)]
    return ctx.say("list_sep").join(parts)


def _conventions(ctx: Context) -> str:
    """The conventions of the figures, as labelled by the satisfaction stage
    (``top_two_box/mean_of_items``), and the interval method."""
    results = ctx.results
    labels = []
    for g in results.groups:
        sat = g.satisfaction
        if "convention" in sat:
            labels += [str(c) for c in sat.loc[sat["item"] == "overall", "convention"]]
    labels = list(dict.fromkeys(labels)) or [results.spec.convention]
    method = str(results.spec.satisfaction.interval)
    if results.spec.convention != "top_two_box":
        method = "t"
    interval = say_first(ctx.lang, (f"interval_{method}",), method)
    return ctx.say("prov_convention", labels=ctx.say("list_sep").join(labels), interval=interval,
                   level=ctx.f.level(results.spec.confidence))


def _provenance(ctx: Context, missing_key: str) -> Provenance:
    results = ctx.results
    sep = ctx.say("semicolon")
    n = sep.join(ctx.say("n_of_group", group=facts.group_name(g, ctx.lang),
                         n=len(g.screening.valid)) for g in results.groups)
    conventions = _conventions(ctx)
    hashes = sep.join(f"{f.path} {f.sha256[:HASH_DIGITS]}" for f in results.inputs)
    return Provenance(items=(
        (ctx.say("prov_n"), n),
        (ctx.say("prov_missing"), ctx.say(missing_key)),
        (ctx.say("prov_rules"), _rules_applied(ctx)),
        (ctx.say("prov_conventions"), conventions),
        (ctx.say("prov_toolkit"), ctx.say("toolkit", version=__version__,
                                          generated=results.generated_at)),
        (ctx.say("prov_inputs"), hashes),
    ))


def _meta(ctx: Context) -> tuple[tuple[str, str], ...]:
    results = ctx.results
    out = []
    if results.spec.report.project:
        out.append((ctx.say("meta_project"), results.spec.report.project))
    letters = [g.instrument.cover_letter for g in results.groups if g.instrument.cover_letter]
    for label, attr in (("meta_commissioned", "commissioned_by"), ("meta_evaluator", "evaluator")):
        values = list(dict.fromkeys(
            (getattr(letter, f"{attr}_en", None) if ctx.lang == "en" else None)
            or getattr(letter, attr) for letter in letters))
        if values:
            out.append((ctx.say(label), ctx.say("list_sep").join(values)))
    dates = []
    for g in results.groups:
        spec = facts.fieldwork_spec(results, g.group)
        if spec and spec.dates:
            dates.append(ctx.say("group_dates", group=facts.group_name(g, ctx.lang),
                                 dates=spec.dates))
    if dates:
        out.append((ctx.say("meta_dates"), ctx.say("semicolon").join(dates)))
    out.append((ctx.say("meta_generated"), results.generated_at))
    return tuple(out)


def _key_figures(ctx: Context) -> tuple[KeyFigure, ...]:
    f = ctx.f
    level = f.level(ctx.results.spec.confidence)
    cards = []
    for g in ctx.results.groups:
        sat = g.satisfaction
        row = sat[sat["item"] == "overall"]
        name = facts.group_name(g, ctx.lang)
        fw = g.screening.fieldwork
        if row.empty:
            value, ci = f.na, f.na
        else:
            value, ci = f.pct(row["value"].iloc[0]), f.interval(row["ci_low"].iloc[0],
                                                               row["ci_high"].iloc[0])
        cards.append(KeyFigure(
            label=ctx.say("card_overall", group=name), value=value,
            detail=ctx.say("card_overall_detail", valid=fw.valid, returned=fw.returned,
                           level=level, ci=ci)))
    scores = ctx.results.indicators
    if scores:
        scored = [s.score for s in scores if s.score is not None]
        weight = sum(s.weight for s in scores)
        detail = ctx.say("semicolon").join(
            ctx.say("card_indicator_item", code=s.code, score=f.plain(s.score)) for s in scores)
        cards.append(KeyFigure(
            label=ctx.say("card_indicators"),
            value=ctx.say("card_indicators_value", score=f.plain(sum(scored)) if scored else f.na,
                          weight=f.plain(weight)),
            detail=detail))
    return tuple(cards)


def build_report(results: AnalysisResults) -> Report:
    """The report's structure for ``results``, in the order of a survey appendix.

    Same results (including ``generated_at``) → equal reports: no clock, no randomness.
    """
    ctx = Context(results)
    sections = []
    for n, module in enumerate(SECTIONS, start=1):
        heading, blocks = module.build(ctx)
        sections.append(Section(
            id=module.ID, number=ctx.say("section_number", numeral=_numeral(ctx, n)),
            heading=heading, blocks=tuple(blocks),
            provenance=_provenance(ctx, module.MISSING), anchor=ctx.anchor(module.ID)))
    labels = {key: ctx.say(key) for key in ("toc", "chart_fallback", "provenance_title")}
    labels["page_footer"] = ctx.say("page_footer", version=__version__)
    return Report(
        title=results.spec.report.title, subtitle=ctx.say("subtitle"), lang=results.lang,
        generated_at=results.generated_at, id_prefix=ctx.id_prefix,
        plotly_locale="zh-CN" if results.lang == "zh-CN" else "en",
        meta=_meta(ctx), key_figures=_key_figures(ctx), sections=tuple(sections),
        labels=labels)
