"""调研对象与内容: who was surveyed, with which questionnaire, about what."""

from __future__ import annotations

from typing import TYPE_CHECKING

from survey.instrument.model import Instrument, LikertMatrix
from survey.report import facts
from survey.report.model import Block, Paragraph

if TYPE_CHECKING:
    from survey.report.context import Context

ID = "overview"
MISSING = "missing_none"


def _title(ctx: Context, instrument: Instrument) -> str:
    return instrument.title_en if ctx.lang == "en" and instrument.title_en else instrument.title


def build(ctx: Context) -> tuple[str, list[Block]]:
    """Heading and blocks: a lead sentence, one sentence per group, the overview table."""
    results = ctx.results
    sep = ctx.say("list_sep")
    names = [facts.group_name(g, ctx.lang) for g in results.groups]
    project = results.spec.report.project
    lead = ctx.say("overview_lead", project=project, groups=sep.join(names), k=len(names)) \
        if project else ctx.say("overview_lead_groups", groups=sep.join(names), k=len(names))
    blocks: list[Block] = [Paragraph(lead, style="lead")]
    rows = []
    purposes = []
    for g in results.groups:
        instrument = g.instrument
        name = facts.group_name(g, ctx.lang)
        parts = [s.title_en if ctx.lang == "en" and s.title_en else s.title
                 for s in instrument.sections]
        n_questions = len(instrument.questions())
        matrix_items = [i for q in instrument.questions() if isinstance(q, LikertMatrix)
                        and q.satisfaction for i in q.items]
        dims = list(dict.fromkeys(i.dimension for i in matrix_items if i.dimension))
        # every satisfaction item the satisfaction section reports, single questions included
        sat = g.satisfaction
        n_items = 0 if sat.empty else int((sat["item"] != "overall").sum())
        dim_text = ctx.say("overview_dimensions", dims=sep.join(dims)) if dims else ""
        part_text = ctx.say("overview_parts", parts=sep.join(parts), k=len(parts)) \
            if len(parts) > 1 else ""
        sat_text = ctx.say("overview_items", items=n_items, dimensions=dim_text) \
            if n_items else ""
        blocks.append(Paragraph(ctx.say(
            "overview_group", group=name, title=_title(ctx, instrument), questions=n_questions,
            parts=part_text, items=sat_text)))
        rows.append((name, _title(ctx, instrument), str(n_questions), str(n_items),
                     sep.join(parts)))
        letter = instrument.cover_letter
        if letter and letter.purpose:
            en = letter.purpose_en
            purpose = en if ctx.lang == "en" and en else letter.purpose
            purposes.append((name, purpose))
    columns = (ctx.say("col_group"), ctx.say("col_instrument"), ctx.say("col_questions"),
               ctx.say("col_sat_items"), ctx.say("col_content"))
    numeric = (False, False, True, True, False)
    keep = [i for i in range(len(columns)) if i != 3 or any(row[3] != "0" for row in rows)]
    blocks.append(ctx.table(ID, ctx.say("overview_caption"), tuple(columns[i] for i in keep),
                            [tuple(row[i] for i in keep) for row in rows],
                            numeric=tuple(numeric[i] for i in keep)))
    for name, purpose in purposes:
        blocks.append(Paragraph(ctx.say("overview_purpose", group=name,
                                        purpose=purpose.rstrip("。."))))
    return ctx.say("sec_overview"), blocks
