"""Screening.counts_by_rule and overlaps (one pass over the problems table) against the
groupby implementation they replaced, kept here as the reference."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey.screening import screen_responses
from survey.screening.screen import _first_seen_codes, _joined, _respondent_codes

RULES = ["out_of_scale", "missing_required", "skip_violation", "duplicate_answers",
         "straight_lining", "speeding"]
SET_ASIDE = {"out_of_scale", "missing_required"}


def reference_counts_by_rule(s) -> pd.DataFrame:
    columns = ["rule", "action", "findings", "respondents", "only_reason", "with_other_rules"]
    if s.problems.empty:
        return pd.DataFrame(columns=columns)
    pairs = s.problems[["row", "rule"]].drop_duplicates()
    rules_per_row = pairs.groupby("row")["rule"].nunique()
    if len(s.reasons):
        reasons = s.reasons["reason"]
        only = reasons[reasons.str.count(";") == 0].value_counts()
    else:
        only = pd.Series(dtype="int64")
    rows = []
    for rule, part in s.problems.groupby("rule", sort=False):
        respondents = part["row"].unique()
        rows.append({
            "rule": rule,
            "action": part["action"].iloc[0],
            "findings": len(part),
            "respondents": len(respondents),
            "only_reason": int(only.get(rule, 0)),
            "with_other_rules": int((rules_per_row.reindex(respondents) > 1).sum()),
        })
    return pd.DataFrame(rows, columns=columns)


def reference_overlaps(s) -> pd.DataFrame:
    if s.problems.empty:
        return pd.DataFrame()
    rows, _ = pd.factorize(s.problems["row"])
    rules, order = pd.factorize(s.problems["rule"])
    indicator = np.zeros((rows.max() + 1, len(order)), dtype=np.int64)
    indicator[rows, rules] = 1
    return pd.DataFrame(indicator.T @ indicator, index=pd.Index(list(order), name="rule"),
                        columns=list(order))


def _categorical(values: list[str]) -> pd.Series:
    return pd.Series(pd.Categorical(values, categories=sorted(set(values))))


def _screening(base, rows: list[int], rules: list[str], actions: list[str] | None = None):
    """``base`` with these findings (and the reasons the set-aside ones give)."""
    if actions is None:
        actions = ["set_aside" if rule in SET_ASIDE else "flag" for rule in rules]
    problems = pd.DataFrame({
        "row": np.array(rows, dtype=np.int64),
        "respondent_id": [f"R{r}" for r in rows],
        "rule": _categorical(rules),
        "column": _categorical(["sat_1"] * len(rows)),
        "value": [None] * len(rows),
        "detail": _categorical(["found"] * len(rows)),
        "action": _categorical(actions),
    })
    index = pd.Index(sorted(set(rows)) or [0], dtype=np.int64)
    aside = problems["action"].eq("set_aside").to_numpy(dtype=bool)
    reasons = _joined(problems[aside], index)
    why = pd.DataFrame({"reason": reasons.to_numpy(dtype=object),
                        "flags": [""] * len(reasons)}, index=reasons.index)
    return dataclasses.replace(base, problems=problems, reasons=why)


def _check(s) -> None:
    pd.testing.assert_frame_equal(s.counts_by_rule(), reference_counts_by_rule(s))
    pd.testing.assert_frame_equal(s.overlaps(), reference_overlaps(s))
    assert s.overlap_records() == [
        {"rules": [a, b], "respondents": int(n)}
        for a in reference_overlaps(s).index for b, n in reference_overlaps(s).loc[a].items()
        if a < b and n]


class TestRuleSets:
    def test_planted_findings(self, mini, frame):
        """The screening of planted defects gives the reference's frames."""
        f = frame(5, respondent_id=pd.array(["R1", "R2", "R1", "R4", "R5"], dtype="string"),
                  village=[1.0, np.nan, 1.0, 1.0, 2.0])
        f.loc[2, "sat_1"] = 7.0
        f.loc[4, "sat_2"] = 0.0
        f.loc[5, [f"sat_{j}" for j in range(1, 7)]] = 5.0
        s = screen_responses(f, mini)
        assert len(s.counts_by_rule()) >= 3
        _check(s)

    def test_hand_counted(self, mini, frame):
        """Row 7: two findings of one rule and one of another; row 9: a third rule alone."""
        s = _screening(screen_responses(frame(3), mini), [7, 7, 7, 9, 8],
                       ["out_of_scale", "out_of_scale", "speeding", "missing_required",
                        "speeding"])
        counts = s.counts_by_rule().set_index("rule")
        assert counts.loc["out_of_scale", ["findings", "respondents", "only_reason",
                                           "with_other_rules"]].tolist() == [2, 1, 1, 1]
        assert counts.loc["speeding", ["findings", "respondents", "with_other_rules"]].tolist() \
            == [2, 2, 1]
        assert counts.loc["missing_required", "with_other_rules"] == 0
        matrix = s.overlaps()
        assert list(matrix.index) == ["out_of_scale", "speeding", "missing_required"]
        assert matrix.to_numpy().tolist() == [[1, 1, 0], [1, 2, 0], [0, 0, 1]]
        _check(s)

    def test_no_findings_and_one_rule(self, mini, frame):
        base = screen_responses(frame(3), mini)
        _check(_screening(base, [], []))
        _check(_screening(base, [4, 4, 2], ["speeding"] * 3))

    def test_action_of_the_first_finding(self, mini, frame):
        s = _screening(screen_responses(frame(3), mini), [1, 2], ["speeding"] * 2,
                       ["set_aside", "flag"])
        assert s.counts_by_rule()["action"].tolist() == ["set_aside"]
        _check(s)

    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(data=st.data())
    def test_random_problem_tables(self, mini, frame, data):
        """Any findings: repeated rows and rules, rows far apart, one or many rules."""
        base = screen_responses(frame(3), mini)
        n = data.draw(st.integers(0, 40))
        rows = data.draw(st.lists(st.sampled_from([0, 1, 2, 5, 17, 10**9, -3]),
                                  min_size=n, max_size=n))
        rules = data.draw(st.lists(st.sampled_from(RULES), min_size=n, max_size=n))
        _check(_screening(base, rows, rules))


class TestFirstSeenCodes:
    @given(codes=st.lists(st.integers(-1, 5), max_size=30),
           categories=st.permutations(["a", "b", "c", "d", "e", "f"]))
    def test_as_pandas_factorises(self, codes, categories):
        """Categoricals with unused categories, in any order, with blanks, and text: the
        codes and order of first appearance pandas.factorize gives."""
        column = pd.Series(pd.Categorical.from_codes(codes, categories=categories))
        for values in (column, column.astype(object)):
            found, order = _first_seen_codes(values)
            expected, uniques = pd.factorize(values)
            assert found.tolist() == expected.tolist()
            assert list(order) == list(uniques)

    @given(rows=st.lists(st.integers(-5, 10**6), max_size=30))
    def test_respondent_codes_are_the_same_rows(self, rows):
        """File rows near together or far apart: equal codes exactly for equal rows, each
        code a column of the indicator (from 0)."""
        codes = _respondent_codes(np.array(rows, dtype=np.int64))
        assert pd.factorize(codes)[0].tolist() == pd.factorize(np.array(rows))[0].tolist()
        assert not len(codes) or (codes.min() >= 0 and codes.max() <= 2 * len(rows) + 1024)
