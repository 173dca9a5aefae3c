"""调查问卷的分析: every question, in questionnaire order, per respondent group.

The respondent-profile questions are in their own section and the reasons for
dissatisfaction in the satisfaction section; here a note points to them, so every
question of the questionnaire is accounted for exactly once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from survey.report import facts
from survey.report.blocks import open_questions_in_full, question_blocks
from survey.report.model import Block, Heading, Paragraph

if TYPE_CHECKING:
    from survey.report.context import Context

ID = "questions"
MISSING = "missing_items"


def build(ctx: Context) -> tuple[str, list[Block]]:
    """Heading and blocks: per group, per question, the chart, its table and sentences."""
    blocks: list[Block] = [Paragraph(ctx.say("questions_lead"), style="lead")]
    sep = ctx.say("list_sep")
    for g in ctx.results.groups:
        name = facts.group_name(g, ctx.lang)
        blocks.append(Heading(ctx.say("group_heading", group=name, n=len(g.screening.valid))))
        profile = facts.profile_questions(g.instrument)
        reasons = facts.reason_questions(g.instrument)
        if profile:
            numbers = sep.join(str(g.instrument.number_of(q)) for q in profile)
            blocks.append(Paragraph(ctx.say("questions_see_profile", numbers=numbers),
                                    style="note"))
        for q in g.instrument.questions():
            if q.id in profile:
                continue
            if q.id in reasons:
                blocks.append(Paragraph(ctx.say("questions_see_reasons",
                                                number=g.instrument.number_of(q.id)),
                                        style="note"))
                continue
            blocks += question_blocks(ctx, ID, g, q)
    return ctx.say("sec_questions"), blocks


def annex(ctx: Context) -> list[Block]:
    """Technical annex: the open answers the appendix cut short, in full."""
    return open_questions_in_full(ctx)
