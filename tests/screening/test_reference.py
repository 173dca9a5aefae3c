"""The vectorised screening paths against the implementations they replaced.

Each reference below is the former code, kept verbatim (apart from names) as an independent
slow path: the per-row hash with a cell-by-cell confirmation for duplicate answers, the
per-rule string concatenation for the ``;``-joined reasons, the whole-column conversion for
a finding's cells. Random frames with blanks, repeated rows and repeated ids must give the
same findings (rows, order, text) both ways.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey.instrument import variables
from survey.screening import screen_responses
from survey.screening._problems import cells, empty, problems, render_numbers, repeats
from survey.screening.rules import duplicate_answers
from survey.screening.screen import _joined

NAN = np.nan
FIXTURES = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]


def reference_duplicate_answers(frame, instrument, *, lang="en"):
    """The former rule: a 64-bit hash per row, repeats confirmed cell by cell."""
    names = [v.name for v in variables(instrument) if v.name in frame]
    block = frame[names]
    hashes = pd.util.hash_pandas_object(block, index=False)
    repeated, first = repeats(hashes.to_numpy(), frame.index)
    if not repeated.any():
        return empty()
    candidates = frame.index[repeated]
    left = block.loc[candidates].reset_index(drop=True)
    right = block.loc[first[repeated]].reset_index(drop=True)
    equal = left.eq(right).fillna(False).astype(bool) | (left.isna() & right.isna())
    same = equal.all(axis=1).to_numpy()
    confirmed = np.zeros(len(frame), dtype=bool)
    confirmed[np.flatnonzero(repeated)[same]] = True
    if not confirmed.any():
        return empty()
    rows = first[confirmed].astype("float64")
    return problems(frame, instrument.id_column, "duplicate_answers", confirmed, "*", None,
                    render_numbers(lang, "screening_detail_duplicate_answers",
                                   {"first": (rows, 0)}))


def reference_joined(found, index):
    """The former reasons: one object-array concatenation per rule over every row."""
    if found.empty:
        return pd.Series(dtype=object)
    positions = index.get_indexer(pd.Index(found["row"]))
    rules_found = found["rule"].to_numpy(dtype=object)
    hit = np.zeros(len(index), dtype=bool)
    joined = np.full(len(index), "", dtype=object)
    for rule in pd.unique(rules_found):
        has = np.zeros(len(index), dtype=bool)
        has[positions[rules_found == rule]] = True
        hit |= has
        joined[has] = joined[has] + (rule + ";")
    rows = np.flatnonzero(hit)
    trimmed = np.array([j[:-1] for j in joined[rows]], dtype=object)
    return pd.Series(trimmed, index=index[rows], dtype=object)


def reference_cells(column, mask):
    """The former cells: the whole column as Python objects, then the masked ones."""
    values = column.to_numpy(dtype=object)[mask]
    values[pd.isna(values)] = None
    return values


few_codes = st.sampled_from([NAN, 1.0, 2.0])
few_texts = st.sampled_from([None, "好", "a"])
ANSWERED = ["village", "aware", "aware_level", "sat_1", "sat_2", "sat_3", "reasons_1", "visits"]


@st.composite
def repetitive_frames(draw, frame):
    """Frames of 1–30 rows, each a copy of one of up to four drawn rows (answers from two
    values and a blank, texts with blanks), some with one cell changed: whole rows repeat
    often and differ from each other by one cell as often."""
    n = draw(st.integers(1, 30))
    columns = [*ANSWERED, "suggestion"]
    templates = draw(st.lists(st.fixed_dictionaries(
        {name: few_texts if name == "suggestion" else few_codes for name in columns}),
        min_size=1, max_size=4))
    rows = []
    for _ in range(n):
        row = dict(draw(st.sampled_from(templates)))
        if draw(st.booleans()):
            name = draw(st.sampled_from(columns))
            row[name] = draw(few_texts if name == "suggestion" else few_codes)
        rows.append(row)
    data = {name: [row[name] for row in rows] for name in ANSWERED}
    fixed = {f"sat_{j}": 4.0 for j in range(4, 7)}
    ids = draw(st.lists(st.sampled_from(["R1", "R2", "R3", None]), min_size=n, max_size=n))
    return frame(n, respondent_id=pd.array(ids, dtype="string"), **data, **fixed,
                 suggestion=pd.array([row["suggestion"] for row in rows], dtype="string"))


class TestDuplicateAnswers:
    @settings(max_examples=150, suppress_health_check=FIXTURES)
    @given(data=st.data())
    def test_same_findings_as_the_hash_and_confirm_reference(self, mini, frame, data):
        """Same rows, order, first rows and text as the former hash-and-confirm rule."""
        f = data.draw(repetitive_frames(frame))
        pd.testing.assert_frame_equal(duplicate_answers(f, mini),
                                      reference_duplicate_answers(f, mini))

    def test_rows_differing_in_one_cell_are_not_duplicates(self, mini, frame):
        """A blank and an answer differ; two blanks are equal; so are two equal texts."""
        same = {f"sat_{j}": 4.0 for j in range(2, 7)}
        f = frame(4, sat_1=[1.0, NAN, NAN, 1.0], **same,
                  suggestion=pd.array(["a", "a", "a", None], dtype="string"))
        found = duplicate_answers(f, mini)
        assert found["row"].tolist() == [4]
        assert found["detail"].tolist() == ["every answer equals row 3"]

    def test_many_columns_with_many_values_stay_exact(self, mini, frame):
        """Keys of columns with a thousand distinct values each (beyond 2⁶² combined) still
        find exactly the planted copy."""
        rng = np.random.default_rng(5)
        n = 1000
        columns = {name: rng.permutation(n).astype(float) for name in ANSWERED}
        f = frame(n, **columns)
        f.iloc[-1, 1:] = f.iloc[10, 1:]
        found = duplicate_answers(f, mini)
        assert found["row"].tolist() == [n + 1]
        pd.testing.assert_frame_equal(found, reference_duplicate_answers(f, mini))


class TestJoined:
    @given(rules=st.lists(st.tuples(st.integers(0, 9),
                                    st.sampled_from(["out_of_scale", "duplicate_id",
                                                     "missing_required", "speeding"])),
                          max_size=40))
    def test_same_reasons_as_the_string_concatenation_reference(self, rules):
        """Any findings (rows repeated, rules in any order) give the same joined reasons."""
        index = pd.RangeIndex(2, 12, name="row")
        found = pd.DataFrame({"row": [r + 2 for r, _ in rules],
                              "rule": [rule for _, rule in rules]},
                             columns=["row", "rule"]).astype({"row": "int64"})
        pd.testing.assert_series_equal(_joined(found, index), reference_joined(found, index))


class TestCells:
    @given(values=st.lists(st.sampled_from([None, "a", "好", ""]), max_size=20),
           data=st.data())
    def test_same_cells_as_the_whole_column_reference(self, values, data):
        """Text columns with blanks: same objects, blanks as None."""
        mask = np.array(data.draw(st.lists(st.booleans(), min_size=len(values),
                                           max_size=len(values))), dtype=bool)
        for dtype in ("string", "str", object):
            column = pd.Series(values, dtype=dtype)
            assert cells(column, mask).tolist() == reference_cells(column, mask).tolist()

    def test_numbers_and_blanks(self):
        """A float column's blanks are None, its numbers floats."""
        column = pd.Series([1.0, NAN, 3.0])
        mask = np.array([True, True, False])
        assert cells(column, mask).tolist() == [1.0, None]


class TestScreenResponses:
    @settings(max_examples=60, suppress_health_check=FIXTURES)
    @given(data=st.data())
    def test_reasons_and_flags_as_the_reference_joins_them(self, mini, frame, data):
        """The set-aside frame's reasons and flags are the reference's joins of the
        findings."""
        f = data.draw(repetitive_frames(frame))
        s = screen_responses(f, mini)
        aside = s.problems["action"] == "set_aside"
        reasons = reference_joined(s.problems[aside], f.index)
        flags = reference_joined(s.problems[~aside], f.index)
        assert s.set_aside["reason"].tolist() == reasons.reindex(s.set_aside.index).tolist()
        assert s.set_aside["flags"].tolist() == \
            flags.reindex(s.set_aside.index).fillna("").tolist()
        assert list(s.valid.index) == [r for r in f.index if r not in reasons.index]
