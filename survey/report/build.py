"""Results → :class:`~survey.report.model.Report`: which sections, in which order, with what.

The sections follow a Chinese survey appendix (问卷调查报告), each built by its module in
:mod:`survey.report.sections`; this module adds the title block, the headline figures, the report's
数据来源与口径 (n, missing-data rules, screening rules, conventions, toolkit version, input
hashes; stated once), each section's compact source line, and with ``detail="full"`` the
technical annex. Nothing here writes files or HTML, and
nothing reads the clock: the generation date is one of the results' inputs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from survey._version import __version__
from survey.report import facts
from survey.report.context import Context, say_first
from survey.report.model import (
    Detail,
    Heading,
    KeyFigure,
    Paragraph,
    Provenance,
    Report,
    Section,
)
from survey.report.sections import SECTIONS

if TYPE_CHECKING:
    from survey.results import AnalysisResults

__all__ = ["ANNEX_ID", "build_report"]

#: The id of the technical annex section (``detail="full"`` only).
ANNEX_ID = "annex"

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
    """The screening rules that ran, with their actions (as the screening stage records),
    then those that could not run for lack of input, with the reason."""
    from survey.report.sections.data_quality import not_applied, rule_label, rules_applied

    parts = [ctx.say("rule_with_action", rule=rule_label(ctx, rule),
                     action=ctx.say(f"action_{action}")) for rule, action in rules_applied(ctx)]
    text = ctx.say("list_sep").join(parts)
    missing = not_applied(ctx)
    if missing:
        every = len(ctx.results.groups)
        text += ctx.say("prov_not_applied", rules=ctx.say("list_sep").join(
            ctx.say("rule_with_action", rule=rule_label(ctx, rule), action=ctx.say(
                "semicolon").join(dict.fromkeys(
                    ctx.say(f"not_applied_{why}") if len(groups) == every
                    else ctx.say("not_applied_group", group=name,
                                 reason=ctx.say(f"not_applied_{why}"))
                    for name, why in groups)))
            for rule, groups in missing.items()))
    return text


def _conventions(ctx: Context) -> str:
    """The conventions of the figures in words (never the stage's codes), and the interval."""
    from survey.report.narrative import convention_words

    results = ctx.results
    sep = ctx.say("semicolon")
    words = [convention_words(ctx, g) for g in results.groups if len(g.satisfaction)]
    labels = list(dict.fromkeys(words))
    if len(results.groups) > 1 and len(labels) > 1:
        labels = [ctx.say("group_dates", group=facts.group_name(g, ctx.lang), dates=w)
                  for g, w in zip(results.groups, words, strict=False)]
    method = str(results.spec.satisfaction.interval)
    if results.spec.convention != "top_two_box":
        method = "t"
    interval = say_first(ctx.lang, (f"interval_{method}",), method)
    return ctx.say("prov_convention", labels=sep.join(labels), interval=interval,
                   level=ctx.f.level(results.spec.confidence))


def _sample(ctx: Context) -> str:
    return ctx.say("semicolon").join(
        ctx.say("n_of_group", group=facts.group_name(g, ctx.lang), n=len(g.screening.valid))
        for g in ctx.results.groups)


def _provenance(ctx: Context, missing_keys: list[str]) -> Provenance:
    """数据来源与口径 of the whole report: stated once."""
    results = ctx.results
    sep = ctx.say("semicolon")
    hashes = sep.join(f"{f.path} {f.sha256[:HASH_DIGITS]}" for f in results.inputs)
    missing = sep.join(ctx.say(k) for k in dict.fromkeys(missing_keys) if k != "missing_none")
    conventions = ((ctx.say("prov_conventions"), _conventions(ctx)),) if ctx.scaled_groups \
        else ()
    return Provenance(items=(
        (ctx.say("prov_n"), _sample(ctx)),
        (ctx.say("prov_missing"), missing or ctx.say("missing_none")),
        (ctx.say("prov_rules"), _rules_applied(ctx)),
        *conventions,
        (ctx.say("prov_toolkit"), ctx.say("toolkit", version=__version__,
                                          generated=results.generated_at)),
        (ctx.say("prov_inputs"), hashes),
    ))


def _source(ctx: Context, missing_key: str) -> str:
    """The compact source line a section carries when it stands alone as a fragment."""
    missing = "" if missing_key == "missing_none" else ctx.say(
        "source_missing", missing=ctx.say(f"{missing_key}_short"))
    return ctx.say("source_line", n=_sample(ctx), missing=missing, version=__version__,
                   generated=ctx.results.generated_at)


def _meta(ctx: Context) -> tuple[tuple[str, str], ...]:
    results = ctx.results
    out = []
    if results.spec.report.project:
        out.append((ctx.say("meta_project"), results.spec.report.project))
    letters = [g.instrument.cover_letter for g in results.groups if g.instrument.cover_letter]
    en = ctx.lang == "en"
    for label, named in (
            ("meta_commissioned", [c.commissioned_by_en or c.commissioned_by if en
                                   else c.commissioned_by for c in letters]),
            ("meta_evaluator", [c.evaluator_en or c.evaluator if en else c.evaluator
                                for c in letters])):
        values = list(dict.fromkeys(named))
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
        if row.empty and sat.empty:
            cards.append(KeyFigure(
                label=ctx.say("card_valid", group=name),
                value=ctx.say("card_valid_value", valid=fw.valid),
                detail=ctx.say("card_valid_detail", returned=fw.returned)))
            continue
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


def build_report(results: AnalysisResults, *, detail: Detail | None = None) -> Report:
    """The report's structure for ``results``, in the order of a survey appendix.

    ``detail`` (default: the spec's ``report.detail``, ``appendix``) chooses how much goes
    in: ``appendix`` is the survey appendix of an evaluation report (5–10 A4 pages);
    ``full`` adds a last section, the technical annex, with what each section module's
    ``annex(ctx)`` gives (difference tests, item statistics, screening detail). Tables and
    figures are numbered in page order either way.

    Same results (including ``generated_at``) → equal reports: no clock, no randomness.
    """
    detail = detail or results.spec.report.detail
    ctx = Context(results, detail)
    parts = [p for p in SECTIONS if p.applies(ctx)]
    sections = []
    for n, part in enumerate(parts, start=1):
        heading, blocks = part.build(ctx)
        sections.append(Section(
            id=part.id, number=ctx.say("section_number", numeral=_numeral(ctx, n)),
            heading=heading, blocks=tuple(blocks), source=_source(ctx, part.missing),
            anchor=ctx.anchor(part.id)))
    if detail == "full":
        blocks = [Paragraph(ctx.say("annex_lead"), style="lead")]
        for part in parts:
            annexed = part.annex(ctx) if part.annex is not None else []
            if annexed:
                blocks += [Heading(ctx.say(f"annex_{part.id.replace('-', '_')}")), *annexed]
        sections.append(Section(
            id=ANNEX_ID, number=ctx.say("section_number",
                                        numeral=_numeral(ctx, len(parts) + 1)),
            heading=ctx.say("sec_annex"), blocks=tuple(blocks),
            source=_source(ctx, "missing_listwise"), anchor=ctx.anchor(ANNEX_ID)))
    labels = {key: ctx.say(key) for key in ("toc", "chart_fallback", "provenance_title")}
    labels["page_footer"] = ctx.say("page_footer", version=__version__)
    return Report(
        title=results.spec.report.title, subtitle=ctx.say("subtitle"), lang=results.lang,
        generated_at=results.generated_at, id_prefix=ctx.id_prefix,
        plotly_locale="zh-CN" if results.lang == "zh-CN" else "en",
        meta=_meta(ctx), key_figures=_key_figures(ctx), sections=tuple(sections),
        provenance=_provenance(ctx, [p.missing for p in parts]), detail=detail,
        labels=labels)
