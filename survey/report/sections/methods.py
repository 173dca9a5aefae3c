"""调研方法与抽样方式: mode, sampling, dates, population, sample and margin of error."""

from __future__ import annotations

from typing import TYPE_CHECKING

from survey.report import facts
from survey.report.context import say_first
from survey.report.model import Block, Paragraph

if TYPE_CHECKING:
    from survey.report.context import Context

ID = "methods"
MISSING = "missing_none"


def _margin(ctx: Context, g: object, n: int, population: int | None) -> float | None:
    """The margin of error of the group's overall figure (satisfaction stage: at p = 0.5,
    finite-population corrected where the population is known); computed from n and N
    with :func:`survey.stats.sample_size.margin_of_error` for a group without one."""
    from survey.report.format import is_missing

    sat = g.satisfaction  # type: ignore[attr-defined]
    row = sat[sat["item"] == "overall"] if "item" in sat else sat.iloc[0:0]
    if not row.empty:
        for column in ("margin_fpc", "margin"):
            if column in row and not is_missing(row[column].iloc[0]):
                return float(row[column].iloc[0])
    if n <= 0:
        return None
    from survey.stats.sample_size import margin_of_error

    if population is not None and n <= population:
        return float(margin_of_error(n, population=population,
                                     confidence=ctx.results.spec.confidence))
    return float(margin_of_error(n, confidence=ctx.results.spec.confidence))


def build(ctx: Context) -> tuple[str, list[Block]]:
    """Heading and blocks: the methods table, one sentence per group, the analysis methods."""
    results, f = ctx.results, ctx.f
    level = f.level(results.spec.confidence)
    blocks: list[Block] = []
    rows = []
    for g in results.groups:
        spec = facts.fieldwork_spec(results, g.group)
        name = facts.group_name(g, ctx.lang)
        n = len(g.screening.valid)
        mode = spec.mode if spec else None
        mode_text = say_first(ctx.lang, (f"report_mode_{mode}",), str(mode)) if mode \
            else ctx.say("not_recorded")
        sampling = (spec.sampling if spec else None) or ctx.say("not_recorded")
        dates = (spec.dates if spec else None) or ctx.say("not_recorded")
        population = spec.population if spec else None
        margin = _margin(ctx, g, n, population)
        rows.append((name, mode_text, sampling, dates,
                     f.na if population is None else str(population), str(n),
                     f.na if margin is None else f"±{f.pct(margin)}"))
        sentence = ctx.say("methods_group", group=name, mode=mode_text, sampling=sampling,
                           dates=dates)
        if margin is not None:
            fpc = ctx.say("methods_fpc", population=population) if population else ""
            sentence += ctx.say("methods_margin", n=n, level=level, margin=f.pct(margin),
                                fpc=fpc)
        blocks.append(Paragraph(sentence))
    columns = (ctx.say("col_group"), ctx.say("col_mode"), ctx.say("col_sampling"),
               ctx.say("col_dates"), ctx.say("col_population"), ctx.say("col_valid"),
               ctx.say("col_margin", level=level))
    table = ctx.table(ID, ctx.say("methods_caption"), columns, rows,
                      numeric=(False, False, False, False, True, True, True),
                      note=ctx.say("methods_margin_note"))
    return ctx.say("sec_methods"), [table, *blocks, Paragraph(ctx.say("methods_analysis"))]
