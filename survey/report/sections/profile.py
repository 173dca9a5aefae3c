"""受访者基本情况: the respondent profile, one grouped table per respondent group.

The profile questions are those :func:`survey.report.facts.profile_questions` finds (the
基本情况 block). Single-choice questions share one grouped table; other types (an age
written as a number, "other, please specify" text) follow with their own blocks. Shares
are of each question's valid answers (its base, printed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from survey.instrument.model import SingleChoice
from survey.report import facts
from survey.report.blocks import question_blocks, single_choice_rows, specify_blocks
from survey.report.model import Block, Heading, Paragraph

if TYPE_CHECKING:
    from survey.report.context import Context

ID = "profile"
MISSING = "missing_items"


def applies(ctx: Context) -> bool:
    """The section is there when some group's questionnaire has profile questions."""
    return any(facts.profile_questions(g.instrument) for g in ctx.results.groups)


def build(ctx: Context) -> tuple[str, list[Block]]:
    """Heading and blocks: per group a heading, the grouped table and one sentence per question."""
    f = ctx.f
    blocks: list[Block] = [Paragraph(ctx.say("profile_lead"), style="lead")]
    for g in ctx.results.groups:
        name = facts.group_name(g, ctx.lang)
        ids = facts.profile_questions(g.instrument)
        n = len(g.screening.valid)
        blocks.append(Heading(ctx.say("group_heading", group=name, n=n)))
        if not ids:
            blocks.append(Paragraph(ctx.say("profile_none"), style="note"))
            continue
        rows: list[tuple[str, ...]] = []
        starts = []
        sentences: list[Block] = []
        later = []
        for qid in ids:
            q = g.instrument.question(qid)
            if not isinstance(q, SingleChoice):
                later.append(q)
                continue
            labels, counts, shares, base = single_choice_rows(ctx, g, q)
            title = facts.question_label(q, ctx.lang)
            starts.append(len(rows))
            for i, (lbl, c, s) in enumerate(zip(labels, counts, shares, strict=True)):
                rows.append((title if i == 0 else "", lbl, str(c), f.pct(s)))
            if base:
                top = sorted(range(len(labels)), key=lambda i: (-counts[i], i))[0]
                key = ("profile_sentence" if base == len(g.screening.valid)
                       else "profile_sentence_answered")
                text = ctx.say(key, question=title, base=base, label=labels[top],
                               share=f.pct(shares[top]), count=counts[top])
                order = sorted(range(len(labels)), key=lambda i: (-counts[i], i))
                if len(order) > 1 and counts[order[1]]:
                    j = order[1]
                    text += ctx.say("share_runner_up", label=labels[j], share=f.pct(shares[j]),
                                    count=counts[j])
                sentences.append(Paragraph(text + ctx.say("full_stop")))
        columns = (ctx.say("col_question"), ctx.say("col_option"), ctx.say("col_count"),
                   ctx.say("col_share"))
        if rows:
            blocks.append(ctx.table(ID, ctx.say("profile_caption", group=name, n=n), columns,
                                    rows, numeric=(False, False, True, True),
                                    group_starts=tuple(starts), note=ctx.say("profile_note")))
        blocks += sentences
        for q in (g.instrument.question(i) for i in ids):
            if isinstance(q, SingleChoice):
                blocks += specify_blocks(ctx, g, q)
        for q in later:  # numbered after the grouped table, in questionnaire order
            blocks += question_blocks(ctx, ID, g, q)
    return ctx.say("sec_profile"), blocks
