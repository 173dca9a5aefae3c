"""信度与效度分析: Cronbach's α with its interval and reading, the item-total table, validity.

The reading of α follows the usual bands (≥ 0.9 很好, 0.8–0.9 良好, 0.7–0.8 可以接受,
0.6–0.7 一般, < 0.6 不足; George & Mallery 2003), unless the reliability stage gives its
own interpretation, which then is printed instead. Items whose corrected item-total
correlation is below 0.3, or whose deletion would raise α, are named. KMO and Bartlett's
test are printed when the reliability stage provides them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from survey.report import facts
from survey.report.context import say_first
from survey.report.format import is_missing
from survey.report.model import Block, Heading, Paragraph

if TYPE_CHECKING:
    from survey.pipeline import GroupResults
    from survey.report.context import Context

ID = "reliability"
MISSING = "missing_listwise"

#: Corrected item-total correlations below this are named (a common rule of thumb).
LOW_CITC = 0.3


def band(alpha: float) -> str:
    """The band key of α: excellent, good, acceptable, questionable or poor.

    >>> band(0.85), band(0.59)
    ('good', 'poor')
    """
    for limit, name in ((0.9, "excellent"), (0.8, "good"), (0.7, "acceptable"),
                        (0.6, "questionable")):
        if alpha >= limit:
            return name
    return "poor"


def _interpretation(ctx: Context, g: GroupResults) -> str | None:
    """The reliability stage's own reading of α, when it gives one as text or as a code."""
    given = facts.find_attr(g, "interpretation") or facts.find_attr(g.alpha, "interpretation")
    if given is None:
        return None
    if isinstance(given, str):
        return say_first(ctx.lang, (f"report_interpretation_{given}",), given)
    for name in ("message", "text", "sentence"):
        value = getattr(given, name, None)
        if isinstance(value, str):
            return value
    return str(given)


def _labels(g: GroupResults, ctx: Context) -> dict[str, str]:
    out = {}
    for q in g.instrument.questions():
        for item in getattr(q, "items", ()):
            out[item.id] = facts.item_label(item, ctx.lang)
    return out


def _number(obj: Any, *names: str) -> float | None:
    value = facts.find_attr(obj, *names)
    if value is None or is_missing(value):
        return None
    return float(value)


def _validity(ctx: Context, g: GroupResults, name: str) -> list[Block]:
    """KMO and Bartlett's test, when the reliability stage computed them."""
    f = ctx.f
    blocks: list[Block] = []
    kmo = facts.find_attr(g, "kmo")
    bartlett = facts.find_attr(g, "bartlett")
    if kmo is not None:
        value = kmo if isinstance(kmo, float | int) else _number(kmo, "kmo", "value", "overall")
        if value is None:
            reason = facts.find_attr(kmo, "reason")
            blocks.append(Paragraph(ctx.say("kmo_undefined", group=name, reason=say_first(
                ctx.lang, (f"report_reason_{reason}", f"reason_{reason}"), str(reason)))))
        else:
            blocks.append(Paragraph(ctx.say("kmo_sentence", group=name, kmo=f.num(value, 3),
                                            reading=ctx.say(f"kmo_{_kmo_band(value)}"))))
    if bartlett is not None:
        chi2 = _number(bartlett, "chi2", "chi_square", "statistic")
        df = _number(bartlett, "df", "dof")
        p = _number(bartlett, "p_value", "pvalue", "p")
        if chi2 is not None and df is not None and p is not None:
            p_text = ctx.say("p_below", p="0.001") if p < 0.001 else f.num(p, 3)
            key = "bartlett_significant" if p < 0.05 else "bartlett_not_significant"
            blocks.append(Paragraph(ctx.say(key, group=name, chi2=f.num(chi2, 2),
                                            df=f.count(df), p=p_text)))
    return blocks


def _kmo_band(value: float) -> str:
    # Kaiser (1974): ≥ 0.9 marvelous, 0.8 meritorious, 0.7 middling, 0.6 mediocre, 0.5 miserable.
    for limit, name in ((0.9, "marvelous"), (0.8, "meritorious"), (0.7, "middling"),
                        (0.6, "mediocre"), (0.5, "miserable")):
        if value >= limit:
            return name
    return "unacceptable"


def _group_blocks(ctx: Context, g: GroupResults) -> list[Block]:
    f = ctx.f
    a = g.alpha
    name = facts.group_name(g, ctx.lang)
    blocks: list[Block] = [Heading(ctx.say("group_heading", group=name, n=a.n_respondents))]
    level = f.level(a.confidence)
    if a.alpha is None:
        reason = say_first(ctx.lang, (f"report_reason_{a.reason}", f"reason_{a.reason}"),
                           str(a.reason))
        blocks.append(Paragraph(ctx.say("alpha_undefined", group=name, reason=reason),
                                style="warning"))
        return blocks
    reading = _interpretation(ctx, g) or ctx.say(f"band_{band(a.alpha)}")
    ci = ctx.say("alpha_ci", level=level, low=f.num(a.ci_low, 3), high=f.num(a.ci_high, 3)) \
        if a.ci_low is not None and a.ci_high is not None else ""
    std = ctx.say("alpha_standardized", value=f.num(a.alpha_standardized, 3)) \
        if a.alpha_standardized is not None else ""
    blocks.append(Paragraph(ctx.say("alpha_sentence", group=name, k=a.n_items,
                                    n=a.n_respondents, alpha=f.num(a.alpha, 3), ci=ci,
                                    standardized=std, reading=reading)))
    labels = _labels(g, ctx)
    stats = g.item_stats
    rows = [(labels.get(str(r.item), str(r.item)), f.num(r.mean, 2), f.num(r.sd, 2),
             f.num(r.item_total_r, 3), f.num(r.corrected_item_total_r, 3),
             f.num(r.alpha_if_deleted, 3)) for r in stats.itertuples(index=False)]
    if rows:
        columns = tuple(ctx.say(k) for k in ("col_item", "col_mean", "col_sd", "col_itr",
                                             "col_citc", "col_aid"))
        blocks.append(ctx.table(ID, ctx.say("reliability_items_caption", group=name), columns,
                                rows, numeric=(False, *[True] * 5),
                                note=ctx.say("reliability_items_note", n=a.n_respondents)))
        blocks += _item_sentences(ctx, stats, labels, a.alpha)
    for caveat in a.warnings:
        blocks.append(Paragraph(say_first(ctx.lang, (f"report_caveat_{caveat.code}",),
                                          caveat.message), style="warning"))
    blocks += _validity(ctx, g, name)
    return blocks


def _item_sentences(ctx: Context, stats: Any, labels: dict[str, str], alpha: float) -> list[Block]:
    f = ctx.f
    sep = ctx.say("list_sep")
    citc = {str(r.item): r.corrected_item_total_r for r in stats.itertuples(index=False)
            if not is_missing(r.corrected_item_total_r)}
    itr = [r.item_total_r for r in stats.itertuples(index=False) if not is_missing(r.item_total_r)]
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
    if itr:
        out.append(Paragraph(ctx.say("validity_itr", low=f.num(min(itr), 3),
                                     high=f.num(max(itr), 3))))
    return out


def build(ctx: Context) -> tuple[str, list[Block]]:
    """Heading and blocks: the summary table, then per group α, items and validity."""
    f = ctx.f
    rows = []
    for g in ctx.results.groups:
        a = g.alpha
        if a.alpha is None:
            reading = say_first(ctx.lang, (f"report_reason_{a.reason}", f"reason_{a.reason}"),
                                str(a.reason))
        else:
            reading = _interpretation(ctx, g) or ctx.say(f"band_short_{band(a.alpha)}")
        rows.append((facts.group_name(g, ctx.lang), str(a.n_items), str(a.n_respondents),
                     f.num(a.alpha, 3), f.num(a.alpha_standardized, 3),
                     f.num_interval(a.ci_low, a.ci_high, 3), reading))
    level = f.level(ctx.results.spec.confidence)
    columns = (ctx.say("col_group"), ctx.say("col_items"), ctx.say("col_n_listwise"),
               ctx.say("col_alpha"), ctx.say("col_alpha_std"), ctx.say("col_ci_level", level=level),
               ctx.say("col_reading"))
    blocks: list[Block] = [
        Paragraph(ctx.say("reliability_lead"), style="lead"),
        ctx.table(ID, ctx.say("reliability_caption"), columns, rows,
                  numeric=(False, True, True, True, True, True, False),
                  note=ctx.say("reliability_note")),
    ]
    for g in ctx.results.groups:
        blocks += _group_blocks(ctx, g)
    return ctx.say("sec_reliability"), blocks
