"""满意度指标评分: the indicators the survey feeds, their scores and scoring sentences.

Scores, sentences, readings, rounding and the redistribution of 不适用 weights come from
the scoring stage (``AnalysisResults.indicators`` and ``totals``); this section tables them
and adds the total.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from survey.report.model import Block, Paragraph

if TYPE_CHECKING:
    from survey.report.context import Context
    from survey.scoring.indicators import IndicatorScore

ID = "indicators"
MISSING = "missing_items"


def _measure(ctx: Context, s: IndicatorScore, value: float | None, *, target: bool = False) -> str:
    from survey.scoring.indicators import format_measure

    if value is None:
        return ctx.f.na
    return format_measure(value, s.unit, ctx.lang, target=target)


def _target(ctx: Context, s: IndicatorScore) -> str:
    symbol = {">=": "≥", ">": ">", "<=": "≤"}.get(s.comparator, s.comparator)
    return f"{symbol}{_measure(ctx, s, s.target, target=True)}"


def _conventions(ctx: Context, scores: tuple[IndicatorScore, ...] | list[IndicatorScore]
                 ) -> list[str]:
    """How each indicator's actual value was computed, in words (the scoring stage records
    it as a code such as ``top_two_box/mean_of_items``)."""
    from survey.report import facts
    from survey.report.narrative import convention_words

    groups = {g.group: g for g in ctx.results.groups}
    used = [groups[s.group] for s in scores if s.group in groups]
    words = {g.group: convention_words(ctx, g) for g in used}
    if len(set(words.values())) <= 1:
        return list(set(words.values()))
    return list(dict.fromkeys(
        ctx.say("group_dates", group=facts.group_name(g, ctx.lang), dates=words[g.group])
        for g in used))


def applies(ctx: Context) -> bool:
    """Only when the spec sets indicators: an appendix has no section that says it has
    nothing to say (a drafted spec shows, commented out, how to set one)."""
    return bool(ctx.results.indicators)


def build(ctx: Context) -> tuple[str, list[Block]]:
    """Heading and blocks: the scoring table with a total, the sentences and the rules."""
    f = ctx.f
    scores = ctx.results.indicators
    rows = []
    for s in scores:
        met = ctx.say("met_na") if s.met is None else ctx.say("met_yes" if s.met else "met_no")
        interval = f.na
        if s.ci_low is not None and s.ci_high is not None:
            interval = f"{_measure(ctx, s, s.ci_low)}–{_measure(ctx, s, s.ci_high)}"
        rows.append((s.code, s.name, f.plain(s.weight),
                     _target(ctx, s), _measure(ctx, s, s.actual), interval, str(s.n),
                     f.plain(s.score), met))
    totals = ctx.results.totals
    weight = sum(s.weight for s in scores)
    scored = [s.score for s in scores if s.score is not None]
    total = totals.score if totals is not None else sum(scored)
    rows.append((ctx.say("total"), "", f.plain(weight), "", "", "", "",
                 f.plain(total) if scored else f.na, ""))
    level = f.level(ctx.results.spec.confidence)
    columns = tuple(ctx.say(k, level=level) for k in (
        "col_code", "col_indicator", "col_weight", "col_target", "col_actual",
        "col_ci_level", "col_respondents", "col_score", "col_met"))
    table = ctx.table(ID, ctx.say("indicators_caption"), columns, rows,
                      numeric=(False, False, True, True, True, True, True, True, False),
                      total_rows=(len(rows) - 1,))
    blocks: list[Block] = [
        Paragraph(ctx.say("indicators_lead", k=len(scores), weight=f.plain(weight),
                          score=f.plain(total) if scored else f.na), style="lead"),
        table,
    ]
    for s in scores:
        blocks.append(Paragraph(ctx.say("indicator_line", code=s.code, name=s.name,
                                        sentence=s.sentence)))
        if s.caution:
            blocks.append(Paragraph(ctx.say("indicator_caution", code=s.code, caution=s.caution),
                                    style="warning"))
    if totals is not None and totals.sentence:
        blocks.append(Paragraph(totals.sentence, style="warning"))
    rules = list(dict.fromkeys((s.wording, s.reading, s.rounding) for s in scores))
    for wording, reading, rounding in rules:
        blocks.append(Paragraph(ctx.say("indicator_rule", wording=wording, reading=reading,
                                        rounding=rounding or f.na), style="note"))
    blocks.append(Paragraph(ctx.say("indicator_convention", conventions=ctx.say(
        "semicolon").join(_conventions(ctx, scores))), style="note"))
    return ctx.say("sec_indicators"), blocks
