"""Screen a response frame: apply every rule, set problem rows aside with their reasons.

Screening is lazy and complete: every rule runs on every row, all problems are returned in
one table, and a respondent is set aside when any rule whose action is ``set_aside`` flags
them. Rules whose action is ``flag`` are reported but keep the respondent valid.

Defaults (override in the analysis spec's ``screening`` block):

=================== ========= =====================================================
rule                action    what it finds
=================== ========= =====================================================
out_of_scale        set_aside a code that is not one of the question's codes
missing_required    set_aside a required question unanswered where it was shown
skip_violation      flag      an answer to a question its skip logic hid
duplicate_id        set_aside a repeated respondent id (the first occurrence stays)
duplicate_answers   flag      every answer identical to an earlier row
straight_lining     flag      one answer to all items of a matrix of ≥ 6 items
=================== ========= =====================================================

Straight-lining only flags by default: a resident who is satisfied with everything answers
非常满意 six times, and setting such people aside would bias satisfaction downwards.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from survey.analysis import ScreeningSpec
from survey.instrument.model import Instrument
from survey.screening import rules
from survey.screening.fieldwork import Fieldwork, build_fieldwork

__all__ = ["RULES", "Screening", "screen_responses"]

#: Rule name → function, in the order problems are reported.
RULES = {
    "out_of_scale": rules.out_of_scale,
    "missing_required": rules.missing_required,
    "skip_violation": rules.skip_violation,
    "duplicate_id": rules.duplicate_id,
    "duplicate_answers": rules.duplicate_answers,
    "straight_lining": rules.straight_lining,
}


@dataclass(frozen=True)
class Screening:
    """The outcome of screening one group's responses.

    ``valid`` and ``set_aside`` partition the input rows (same index, disjoint);
    ``set_aside`` has an extra ``reason`` column (the rules, ``;``-joined);
    ``problems`` has one row per finding with an ``action`` column.
    """

    valid: pd.DataFrame
    set_aside: pd.DataFrame
    problems: pd.DataFrame
    fieldwork: Fieldwork

    def counts_by_rule(self) -> pd.DataFrame:
        """Per rule: its action, findings, respondents concerned, respondents set aside by it alone."""
        rows = []
        if len(self.set_aside):
            reasons = self.set_aside["reason"].str.split(";")
            only = reasons[reasons.str.len() == 1].str[0].value_counts()
        else:
            only = pd.Series(dtype="int64")
        for rule, part in self.problems.groupby("rule", sort=False):
            rows.append({
                "rule": rule,
                "action": part["action"].iloc[0],
                "findings": len(part),
                "respondents": part["row"].nunique(),
                "only_reason": int(only.get(rule, 0)),
            })
        return pd.DataFrame(rows, columns=["rule", "action", "findings", "respondents", "only_reason"])


def screen_responses(
    responses: pd.DataFrame,
    instrument: Instrument,
    *,
    settings: ScreeningSpec | None = None,
    issued: int | None = None,
    returned: int | None = None,
    stated_valid: int | None = None,
) -> Screening:
    """Run the screening rules on ``responses`` (from :func:`survey.read_responses`)."""
    settings = settings or ScreeningSpec()
    found = []
    for name, rule in RULES.items():
        setting = getattr(settings, name)
        if not setting.enabled:
            continue
        if name == "straight_lining":
            table = rules.straight_lining(responses, instrument, min_items=setting.min_items)
        else:
            table = rule(responses, instrument)
        found.append(table.assign(action=setting.action))
    problems = pd.concat(found, ignore_index=True) if found else pd.DataFrame(
        columns=[*rules.PROBLEM_COLUMNS, "action"])
    blocking = problems[problems["action"] == "set_aside"]
    reasons = blocking.groupby("row", sort=True)["rule"].agg(lambda s: ";".join(dict.fromkeys(s)))
    aside_mask = responses.index.isin(reasons.index)
    valid = responses.loc[~aside_mask]
    set_aside = responses.loc[aside_mask].assign(reason=reasons)
    fieldwork = build_fieldwork(
        instrument.group.id,
        issued=issued,
        returned=len(responses) if returned is None else returned,
        valid=len(valid),
        stated_valid=stated_valid,
        rows_in_file=len(responses) if returned is not None else None,
    )
    return Screening(valid=valid, set_aside=set_aside, problems=problems, fieldwork=fieldwork)
