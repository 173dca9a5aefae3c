"""调研方法与抽样方式: mode, sampling, dates, population, sample and margin of error."""

from __future__ import annotations

from typing import TYPE_CHECKING

from survey.report import facts
from survey.report.context import say_first
from survey.report.model import Block, Paragraph

if TYPE_CHECKING:
    from survey.report.context import Context
    from survey.results import GroupResults

ID = "methods"
MISSING = "missing_none"


def _margin(ctx: Context, g: GroupResults, n: int, population: int | None) -> float | None:
    """The margin of error of the group's overall figure (satisfaction stage: at p = 0.5,
    finite-population corrected where the population is known); computed from n and N
    with :func:`survey.stats.sample_size.margin_of_error` for a group without one."""
    from survey.report.format import is_missing

    sat = g.satisfaction
    row = sat[sat["item"] == "overall"] if "item" in sat else sat.iloc[0:0]
    if not row.empty:
        for column in ("margin_fpc", "margin"):
            if column in row and not is_missing(row[column].iloc[0]):
                return float(row[column].iloc[0])
    if n <= 0:
        return None
    from survey.stats.sample_size import margin_of_error

    if population is not None and n <= population:
        return margin_of_error(n, population=population, confidence=ctx.results.spec.confidence)
    return margin_of_error(n, confidence=ctx.results.spec.confidence)


def _fieldwork_sentence(ctx: Context, name: str, mode: str | None, sampling: str | None,
                       dates: str | None) -> str:
    """What the spec records about how a group was surveyed, in one sentence; nothing is
    said about what it does not record (the table leaves those columns out)."""
    parts = [ctx.say(key, **{field: value}) for key, field, value in (
        ("methods_mode", "mode", mode), ("methods_sampling", "sampling", sampling),
        ("methods_dates", "dates", dates)) if value]
    if not parts:
        return ""
    return ctx.say("methods_group", group=name, parts=ctx.say("methods_part_sep").join(parts))


def build(ctx: Context) -> tuple[str, list[Block]]:
    """Heading and blocks: the methods table, one sentence per group, the analysis methods.

    Mode, sampling and dates appear where the spec records them: a column none of the groups
    fills is left out of the table, and a group's sentence names only what is known.
    """
    results, f = ctx.results, ctx.f
    level = f.level(results.spec.confidence)
    blocks: list[Block] = []
    rows = []
    for g in results.groups:
        spec = facts.fieldwork_spec(results, g.group)
        name = facts.group_name(g, ctx.lang)
        n = len(g.screening.valid)
        mode = spec.mode if spec else None
        mode_text = say_first(ctx.lang, (f"report_mode_{mode}",), str(mode)) if mode else None
        sampling = (spec.sampling if spec else None) or None
        dates = (spec.dates if spec else None) or None
        population = spec.population if spec else None
        margin = _margin(ctx, g, n, population)
        rows.append([name, mode_text, sampling, dates,
                     f.na if population is None else str(population), str(n),
                     f.na if margin is None else f"±{f.pct(margin)}"])
        sentence = _fieldwork_sentence(ctx, name, mode_text, sampling, dates)
        if margin is not None:
            fpc = ctx.say("methods_fpc", population=population) if population else ""
            sentence += (ctx.say("methods_margin_group", group=name) if not sentence else "") \
                + ctx.say("methods_margin", n=n, level=level, margin=f.pct(margin), fpc=fpc)
        if sentence:
            blocks.append(Paragraph(sentence))
    columns = (ctx.say("col_group"), ctx.say("col_mode"), ctx.say("col_sampling"),
               ctx.say("col_dates"), ctx.say("col_population"), ctx.say("col_valid"),
               ctx.say("col_margin", level=level))
    numeric = (False, False, False, False, True, True, True)
    keep = [i for i in range(len(columns))
            if i not in (1, 2, 3) or any(row[i] is not None for row in rows)]
    table = ctx.table(ID, ctx.say("methods_caption"), tuple(columns[i] for i in keep),
                      [tuple(f.na if (cell := row[i]) is None else cell for i in keep)
                       for row in rows],
                      numeric=tuple(numeric[i] for i in keep),
                      note=ctx.say("methods_margin_note"))
    scale = ctx.say("methods_analysis_scale") if ctx.scaled_groups else ""
    return ctx.say("sec_methods"), [table, *blocks,
                                    Paragraph(ctx.say("methods_analysis", scale=scale))]
