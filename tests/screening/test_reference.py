"""The vectorised screening paths against the implementations they replaced.

Each reference below is the former code, kept verbatim (apart from names) as an independent
slow path: the per-row hash with a cell-by-cell confirmation for duplicate answers, the
per-rule string concatenation for the ``;``-joined reasons, the whole-column conversion for
a finding's cells. Random frames with blanks, repeated rows and repeated ids must give the
same findings (rows, order, text) both ways.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import survey.screening.patterns as patterns_module
import survey.screening.rules as rules_module
import survey.screening.screen as screen_module
from survey.analysis import AttentionCheck, ScreeningSpec
from survey.instrument import variables
from survey.instrument.logic import Condition
from survey.jsonable import Table
from survey.responses.personal import REDACTED
from survey.screening import screen_responses
from survey.screening._problems import (
    PROBLEM_COLUMNS,
    _first_positions,
    _rows_at,
    _short_text_codes,
    cells,
    concat,
    empty,
    numbers_text,
    problems,
    render,
    render_numbers,
    repeats,
    texts,
)
from survey.screening.rules import (
    _is_text,
    _key_column,
    _row_keys,
    _valid,
    duplicate_answers,
    in_scale,
)
from survey.screening.screen import _joined, _rule_bits, _set_aside, redact_problems

NAN = np.nan
SAT = [f"sat_{j}" for j in range(1, 7)]
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


def reference_answer_codes(column):
    """The former codes: every column factorised (a float column's blanks one answer)."""
    codes, uniques = pd.factorize(column.array, use_na_sentinel=False)
    return np.asarray(codes, dtype=np.int64), len(uniques)


def reference_row_keys(block):
    """Keys equal exactly for rows equal cell by cell (blanks equal blanks, 0.0 equals
    −0.0), found by pandas' grouping of the rows, independent of the mixed-radix codes."""
    if block.empty:
        return np.zeros(len(block), dtype=np.int64)
    return block.groupby(list(block.columns), dropna=False, sort=False).ngroup().to_numpy()


def same_partition(a, b):
    """Whether two code arrays make the same cells equal."""
    return pd.factorize(a)[0].tolist() == pd.factorize(b)[0].tolist()


def reference_in_scale(frame, instrument, names):
    """The former columns in scale: each masked column, then one frame of them."""
    wanted = set(names)
    columns = {}
    for var in variables(instrument):
        if var.name not in wanted or var.name not in frame:
            continue
        column = frame[var.name]
        columns[var.name] = column if _is_text(var) else column.where(_valid(var, column))
    return pd.DataFrame(columns, index=frame.index)


def reference_straight_lining(frame, instrument, *, min_items=6, min_run=None, max_sd=None,
                              lang="en"):
    """The former rule: the longest run of every row, compared with the run needed."""
    parts = []
    for question, vars_ in patterns_module._matrices(instrument):
        if len(vars_) < min_items or any(v.name not in frame for v in vars_):
            continue
        block = frame[[v.name for v in vars_]].to_numpy(dtype="float64")
        complete = ~np.isnan(block).any(axis=1)
        run = patterns_module.longest_run(block)
        need = len(vars_) if min_run is None else min(min_run, len(vars_))
        found = complete & (run >= need)
        with np.errstate(over="ignore", invalid="ignore"):  # 1e308 and inf answers
            if max_sd is not None:
                sd_all = np.full(len(block), np.inf)
                sd_all[complete] = block[complete].std(axis=1)
                found |= complete & (sd_all <= max_sd + 1e-12)
            sub = block[found]
            sd = sub.std(axis=1)
        if not found.any():
            continue
        mode = patterns_module._run_value(sub)
        values = numbers_text(mode)
        detail = render_numbers(lang, "screening_detail_straight_lining",
                                {"run": (run[found], 0), "value": (mode, 2), "sd": (sd, 2)},
                                items=len(vars_))
        parts.append(problems(frame, instrument.id_column, "straight_lining", found, question,
                              values, detail))
    return concat(parts)


def reference_out_of_scale(frame, instrument, *, lang="en"):
    """The former rule's answers (no markers): every column's cells through pandas."""
    r = rules_module
    parts = []
    for var in variables(instrument):
        if r._is_text(var) or var.name not in frame:
            continue
        column = frame[var.name]
        bad = (column.notna() & ~r._valid(var, column)).to_numpy()
        if bad.any():
            values = numbers_text(column.to_numpy(dtype="float64")[bad])
            if r._is_coded(var):
                detail = render(lang, "screening_detail_out_of_scale", len(values),
                                value=values, codes=r.fmt_codes(var.codes))
            else:
                accepted = var.accepted() if hasattr(var, "accepted") else "a number"
                detail = render(lang, "screening_detail_out_of_range", len(values),
                                value=values, accepted=accepted)
            parts.append(problems(frame, instrument.id_column, "out_of_scale", bad, var.name,
                                  values, detail))
    return r._sorted(concat(parts))


def reference_answered(frame, vars_):
    """The former test of a unit answered: a frame of its columns reduced row by row."""
    names = [v.name for v in vars_ if v.name in frame]
    block = frame[names]
    kind = vars_[0].kind
    if kind == "multiple_option":
        return (block == 1).any(axis=1)
    if kind == "rank":
        return block.notna().any(axis=1)
    if rules_module._is_text(vars_[0]):
        return (block.notna() & block.apply(lambda c: c.str.len() > 0)).all(axis=1)
    return block.notna().all(axis=1)


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


def reference_set_aside(responses, problems):
    """The former set-aside rows: reasons and flags numbered over the whole problems table
    (its ``action`` column), the rows' positions looked up in the index."""
    set_aside_found = (problems["action"] == "set_aside").to_numpy(dtype=bool)
    positions = responses.index.get_indexer(pd.Index(problems["row"]))
    rules = problems["rule"]
    reasons, reason_texts = _rule_bits(positions[set_aside_found], rules[set_aside_found],
                                       len(responses))
    flags, flag_texts = _rule_bits(positions[~set_aside_found], rules[~set_aside_found],
                                   len(responses))
    flag_texts[0] = ""
    aside_mask = reasons != 0
    at = np.flatnonzero(aside_mask)
    set_aside = responses.loc[aside_mask]
    why = pd.DataFrame({"reason": reason_texts[reasons[at]], "flags": flag_texts[flags[at]]},
                       index=set_aside.index)
    return aside_mask, set_aside, why


def reference_redact(problems):
    """The former redaction: every value read as a number, a blank included."""
    from survey.responses.personal import redact_one

    if problems.empty or "value" not in problems:
        return problems
    values = problems["value"]
    numeric = pd.to_numeric(values, errors="coerce").abs() >= 10_000
    if pd.api.types.infer_dtype(values, skipna=True) == "string":
        texts = values.notna()
    else:
        texts = values.map(lambda v: isinstance(v, str))
    candidate = numeric.fillna(False).to_numpy(dtype=bool, copy=True)
    if texts.any():
        found = values[texts].astype(str).str.contains(r"\d{5}|@|[０-９]{5}", regex=True)
        candidate |= found.reindex(values.index, fill_value=False).to_numpy(dtype=bool)
    if not candidate.any():
        return problems
    problems = problems.copy()
    for row in problems.index[candidate]:
        value = problems.at[row, "value"]
        text = f"{value:.0f}" if isinstance(value, float) and value.is_integer() else str(value)
        if redact_one(text) != text:
            problems.at[row, "value"] = REDACTED
            detail = problems.at[row, "detail"]
            if isinstance(detail, str):
                problems.at[row, "detail"] = redact_one(detail.replace(text, REDACTED))
    return problems


def reference_cells(column, mask):
    """The former cells: the whole column as Python objects, then the masked ones."""
    values = column.to_numpy(dtype=object)[mask]
    values[pd.isna(values)] = None
    return values


def reference_problems(frame, id_column, rule, mask, column, value, detail):
    """The former findings table: every text a string per finding (inferred ``str``)."""
    mask = np.asarray(mask, dtype=bool)
    k = int(mask.sum())
    if not k:
        return empty()
    ids = reference_cells(frame[id_column], mask) \
        if id_column in frame else np.full(k, None, dtype=object)
    return pd.DataFrame({
        "row": frame.index.to_numpy()[mask].astype("int64"),
        "respondent_id": ids,
        "rule": rule,
        "column": column if isinstance(column, str) else np.asarray(column, dtype=object),
        "value": (np.full(k, None, dtype=object) if value is None
                  else np.asarray(value, dtype=object)),
        "detail": np.asarray(detail, dtype=object),
    }, columns=PROBLEM_COLUMNS)


def reference_concat(parts):
    """The former concatenation (texts stay strings)."""
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else empty()


def reference_numbers_text(values, decimals=2):
    """Each number formatted where it stands, in Python: a whole number as its exact
    integer (the former code's int64 conversion overflowed past 2⁶³), any other half-up."""
    from survey.rounding import format_number

    out = np.empty(len(values), dtype=object)
    for i, v in enumerate(np.asarray(values, dtype="float64")):
        finite = math.isfinite(v)
        out[i] = str(int(v)) if finite and v.is_integer() else format_number(v, decimals) if finite else ""
    return out


def reference_render_numbers(lang, key, numbers, **scalars):
    """The former sentences: one string per finding."""
    names = list(numbers)
    arrays = [np.asarray(numbers[n][0], dtype="float64") for n in names]
    if not len(arrays[0]):
        return np.empty(0, dtype=object)
    combined = np.zeros(len(arrays[0]), dtype="int64")
    for array in arrays:
        codes, uniques = pd.factorize(array, use_na_sentinel=False)
        combined = combined * (len(uniques) + 1) + codes
    inverse, _ = pd.factorize(combined)
    first = _first_positions(inverse)
    fields = {n: numbers_text(a[first], numbers[n][1]) for n, a in zip(names, arrays, strict=True)}
    return render(lang, key, len(first), **fields, **scalars)[inverse]


def reference_screening(monkeypatch, frame, instrument, **kwargs):
    """screen_responses with the former table building patched in everywhere."""
    with monkeypatch.context() as patch:
        for module in (rules_module, patterns_module):
            patch.setattr(module, "problems", reference_problems)
            patch.setattr(module, "concat", reference_concat)
            patch.setattr(module, "render_numbers", reference_render_numbers)
        patch.setattr(screen_module, "concat", reference_concat)
        patch.setattr(screen_module, "texts", lambda value, n: value)
        return screen_responses(frame, instrument, **kwargs)


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


answers = st.one_of(
    st.sampled_from([NAN, 1.0, 2.0, 5.0, 0.0, -0.0, -3.0, 2.5, 1e20, -1e20, float(2**31),
                     float(2**31 + 1), float(-2**31), 4096.0, 4097.0, np.inf, -np.inf,
                     -np.nan, np.float64(np.nan) * -1.0]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-5000, 5000).map(float))


def one_column_keys(column):
    """The row keys of a one-column frame."""
    return _row_keys(column.to_frame("a"))


class TestAnswerCodes:
    @settings(max_examples=400)
    @given(values=st.lists(answers, max_size=30), data=st.data())
    def test_same_answers_equal_as_factorised(self, values, data):
        """Any floats (blanks of any sign, −0.0, fractions, huge and infinite numbers, ranges
        near the limit) and single rows: the same cells share a key as the former
        factorisation gives, and every code is below the count."""
        column = pd.Series(values, dtype="float64")
        if data.draw(st.booleans()) and len(column) > 1:
            column = column.iloc[data.draw(st.integers(1, len(column) - 1)):]
        expected, _ = reference_answer_codes(column)
        assert same_partition(one_column_keys(column), expected)
        values = column.to_numpy()
        fraction = bool((np.isfinite(values) & (np.trunc(values) != values)).any())
        coded = _key_column(column, factorise=fraction)  # a fraction: factorised after all
        keys = one_column_keys(column)
        assert keys.dtype == np.int64
        assert (keys >= 0).all() and (keys < coded.count).all()

    def test_whole_numbers_are_coded_by_value(self):
        """Small whole numbers: value − min + 1, a blank 0, with no factorisation."""
        column = pd.Series([3.0, NAN, 5.0, 3.0, -0.0])
        assert _key_column(column).codes is None
        assert one_column_keys(column).tolist() == [4, 0, 6, 4, 1]
        assert _key_column(column).count == 7

    def test_other_columns_are_factorised(self):
        """Wide ranges, texts, integer columns and blanks keep the former codes."""
        for column in (pd.Series([1.0, 1e6, 1.0]), pd.Series(["a", None, "a"], dtype="string"),
                       pd.Series([3, 1, 3]), pd.Series([NAN, NAN]), pd.Series([], dtype=float)):
            expected, expected_count = reference_answer_codes(column)
            assert _key_column(column).count == expected_count
            assert one_column_keys(column).tolist() == expected.tolist()

    @settings(max_examples=200, suppress_health_check=FIXTURES)
    @given(rows=st.lists(st.lists(st.sampled_from([NAN, 1.0, 2.0, -0.0, 0.0, 0.5, 1e12, 1e-300,
                                                   -7.0]),
                                  min_size=4, max_size=4), min_size=1, max_size=25),
           step=st.sampled_from([1, 3, 8, 1 << 16]))
    def test_row_keys_make_the_same_rows_equal(self, rows, step, monkeypatch):
        """Keys of frames with blanks, repeats, fractions (tiny ones too) and huge codes,
        made a few rows at a time or all at once: equal for the same rows as the former
        keys."""
        block = pd.DataFrame(rows, columns=list("abcd"), dtype="float64")
        with monkeypatch.context() as patch:
            patch.setattr(rules_module, "_KEY_STEP", step)
            keys = _row_keys(block)
        assert same_partition(keys, reference_row_keys(block))

    def test_keys_past_float_precision_stay_exact(self):
        """Columns whose codes multiply past 2⁵³ (and 2⁶²) are keyed in runs: rows equal
        exactly when their answers are, rows differing from another in one cell of any
        column included."""
        rng = np.random.default_rng(3)
        block = pd.DataFrame({f"c{j}": rng.integers(0, 4000, 300).astype(float)
                              for j in range(12)})
        block.iloc[3] = 3000.0
        block.iloc[7] = block.iloc[3]
        for j in range(12):
            block.iloc[8 + j] = block.iloc[3]
            block.iloc[8 + j, j] = 3001.0
        keys = _row_keys(block)
        assert same_partition(keys, reference_row_keys(block))
        assert keys[7] == keys[3]
        assert len(set(keys[[3, *range(8, 20)]].tolist())) == 13


class TestInScale:
    @settings(max_examples=100, suppress_health_check=FIXTURES)
    @given(data=st.data())
    def test_same_frame_as_the_reference(self, mini, frame, data):
        """Answers in and out of scale (codes, 0, 7, fractions, blanks) in any set of
        columns, text columns among them or not: the same frame as the former masking."""
        n = data.draw(st.integers(1, 12))
        cells = st.sampled_from([NAN, 1.0, 2.0, 5.0, 0.0, 7.0, 2.5, -1.0])
        f = frame(n, **{name: data.draw(st.lists(cells, min_size=n, max_size=n))
                        for name in ["aware", "aware_level", "village", "visits", *SAT]})
        names = data.draw(st.lists(st.sampled_from(
            ["aware", "aware_level", "village", "visits", "suggestion", "absent", *SAT]),
            max_size=8))
        made = in_scale(f, mini, names)
        pd.testing.assert_frame_equal(made, reference_in_scale(f, mini, names))


class TestStraightLining:
    @settings(max_examples=150, suppress_health_check=FIXTURES)
    @given(data=st.data())
    def test_same_findings_as_the_longest_run_reference(self, mini, frame, data):
        """Matrices answered in a line, nearly so, with blanks or fractions, under every
        setting: the same findings as the former rule."""
        n = data.draw(st.integers(1, 20))
        cells = st.sampled_from([NAN, 1.0, 4.0, 5.0, 4.5, 0.1, 2 / 3, -0.0, 1e308, np.inf])
        rows = data.draw(st.lists(st.one_of(
            cells.map(lambda v: [v] * 6), st.lists(cells, min_size=6, max_size=6)),
            min_size=n, max_size=n))
        f = frame(n, **{name: [row[j] for row in rows] for j, name in enumerate(SAT)})
        options = {"min_items": data.draw(st.sampled_from([3, 6])),
                   "min_run": data.draw(st.sampled_from([None, 2, 5, 6, 9])),
                   "max_sd": data.draw(st.sampled_from([None, 0.0, 0.5]))}
        made = patterns_module.straight_lining(f, mini, **options)
        pd.testing.assert_frame_equal(made, reference_straight_lining(f, mini, **options))


class TestAnswersAsArrays:
    @settings(max_examples=50, suppress_health_check=FIXTURES)
    @given(data=st.data())
    def test_out_of_scale_and_missing_answers_as_the_reference(self, mini, frame, data,
                                                               monkeypatch):
        """Codes in and out of scale, fractions, huge numbers and blanks: the same findings
        of out-of-scale answers, of unanswered required questions and of skip logic violated
        as the former pandas reductions."""
        n = data.draw(st.integers(1, 12))
        cells = st.sampled_from([NAN, 1.0, 2.0, 5.0, 0.0, 7.0, 2.5, 13912345678.0])
        f = frame(n, **{name: data.draw(st.lists(cells, min_size=n, max_size=n))
                        for name in ["aware", "aware_level", "village", "visits", *SAT]})
        pd.testing.assert_frame_equal(rules_module.out_of_scale(f, mini),
                                      reference_out_of_scale(f, mini))
        if data.draw(st.booleans()):
            f["reasons_1"] = data.draw(st.lists(cells, min_size=n, max_size=n))
        made = rules_module.missing_required(f, mini)
        skipped = rules_module.skip_violation(f, mini)
        monkeypatch.setattr(rules_module, "_answered",
                            lambda f, vars_: reference_answered(f, vars_).to_numpy())
        monkeypatch.setattr(rules_module, "_any_answer",
                            lambda f, names: f[names].notna().any(axis=1).to_numpy())
        pd.testing.assert_frame_equal(made, rules_module.missing_required(f, mini))
        pd.testing.assert_frame_equal(skipped, rules_module.skip_violation(f, mini))


class TestNumbersText:
    @settings(max_examples=200)
    @given(pool=st.lists(answers, min_size=1, max_size=6), data=st.data())
    def test_same_texts_as_the_reference(self, pool, data):
        """Many numbers (more than the 256 below which every number is formatted alone)
        drawn from a few: whole, blank, −0.0, fractions, huge, infinite."""
        n = data.draw(st.integers(1, 600))
        values = np.array(pool, dtype="float64")[
            np.array(data.draw(st.lists(st.integers(0, len(pool) - 1), min_size=n,
                                        max_size=n)))]
        made = numbers_text(values)
        assert made.tolist() == reference_numbers_text(values).tolist()
        assert all(type(v) is str for v in made)

    @given(rows=st.lists(st.sampled_from([2.0, 4.0, 9.0, 4.0, NAN]), max_size=600))
    def test_one_field_sentences_as_the_reference(self, rows):
        """Sentences of one number field: as the former two factorisations gave them."""
        values = np.array(rows, dtype="float64")
        made = render_numbers("en", "screening_detail_duplicate_answers", {"first": (values, 0)})
        expected = reference_render_numbers("en", "screening_detail_duplicate_answers",
                                            {"first": (values, 0)})
        assert list(made) == list(expected)


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


RULE_NAMES = ["out_of_scale", "missing_required", "duplicate_id", "duplicate_answers",
              "straight_lining", "speeding"]


class TestSetAside:
    @settings(max_examples=300)
    @given(found=st.lists(st.tuples(st.sampled_from(["set_aside", "flag"]),
                                    st.lists(st.integers(0, 11), max_size=15)),
                          max_size=len(RULE_NAMES)),
           start=st.integers(0, 3), ranged=st.booleans())
    def test_same_rows_reasons_and_flags_as_the_whole_table_reference(self, found, start,
                                                                      ranged):
        """Rules one after another (as the problems table holds them), each with its action
        and rows (repeated, unsorted, none set aside, every one set aside), indexed by a
        range of file rows or not: the rows set aside, their reasons and flags as the
        former code numbered them over the whole table."""
        n = 12
        index = (pd.RangeIndex(start + 2, start + 2 + n, name="row") if ranged
                 else pd.Index(np.arange(n)[::-1] * 3 + start, name="row"))
        responses = pd.DataFrame({"a": np.arange(n, dtype=float)}, index=index)
        rules = [(name, action, index.to_numpy()[rows].astype("int64"))
                 for name, (action, rows) in zip(RULE_NAMES, found, strict=False) if rows]
        problems = pd.DataFrame({
            "row": np.concatenate([rows for _, _, rows in rules]) if rules
            else np.empty(0, dtype="int64"),
            "rule": pd.Categorical([name for name, _, rows in rules for _ in rows]),
            "action": pd.Categorical([action for _, action, rows in rules for _ in rows])})
        mask, aside, why = _set_aside(responses, rules)
        expected_mask, expected_aside, expected_why = reference_set_aside(responses, problems)
        assert mask.tolist() == expected_mask.tolist()
        pd.testing.assert_frame_equal(aside, expected_aside)
        pd.testing.assert_frame_equal(why, expected_why)


class TestRowsAt:
    @given(n=st.integers(0, 20), start=st.integers(-5, 10), step=st.sampled_from([1, 2, -1, -3]),
           data=st.data())
    def test_same_rows_as_the_whole_index(self, n, start, step, data):
        """Ranges of any start and step (none, one and many rows) and other indexes: the
        file rows at the mask, as int64, as the whole index read at the mask gives them."""
        mask = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
        for index in (pd.RangeIndex(start, start + step * n, step),
                      pd.Index(np.arange(n, dtype="int32") * 7)):
            made = _rows_at(index, mask)
            expected = index.to_numpy()[mask].astype("int64")
            assert made.dtype == np.int64 and made.tolist() == expected.tolist()


class TestMedian:
    @settings(max_examples=300)
    @given(values=st.lists(st.one_of(st.integers(-3, 40).map(float),
                                     st.sampled_from([0.5, -0.0, 0.0, 1e7, 2.0**21, 3.25])),
                           min_size=1, max_size=30))
    def test_same_median_as_numpy(self, values):
        """Whole seconds (odd and even counts, repeats, single rows), zeros of either sign,
        fractions and wide spans: numpy's median, sign included."""
        array = np.array(values, dtype=np.float64)
        made, expected = patterns_module._median(array), float(np.median(array))
        assert made == expected and np.signbit(made) == np.signbit(expected)


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
        assert s.reasons["reason"].tolist() == reasons.reindex(s.set_aside.index).tolist()
        assert s.reasons["flags"].tolist() == \
            flags.reindex(s.set_aside.index).fillna("").tolist()
        assert list(s.valid.index) == [r for r in f.index if r not in reasons.index]


EVERY_RULE = ScreeningSpec.model_validate({
    "duplicate_ip": {"enabled": True},
    "mahalanobis": {"enabled": True},
    "straight_lining": {"min_items": 3, "max_sd": 0.5},
    "attention_check": {"action": "flag"},
    "attention_checks": [AttentionCheck(variable="aware", expected=[1])],
})


def json_chunks(table):
    """Each column of a findings table as results.json encodes it."""
    return ["".join(Table(table).column_json(i)) for i in range(table.shape[1])]


def _as_texts(table):
    """A problems table with every categorical as text (what results.json writes)."""
    return table.astype({c: "str" for c in table.columns
                         if isinstance(table[c].dtype, pd.CategoricalDtype)})


class TestProblemsTable:
    @settings(max_examples=60, suppress_health_check=FIXTURES)
    @given(data=st.data())
    def test_same_findings_as_the_text_table_reference(self, mini, frame, data, monkeypatch):
        """Every rule on random frames: the same findings, in the same order, with the same
        texts and the same results.json table as the former string columns."""
        f = data.draw(repetitive_frames(frame))
        f = f.assign(ip_key=pd.array(data.draw(st.lists(
            st.sampled_from([0, 1, None]), min_size=len(f), max_size=len(f))), dtype="Int64"),
            duration_seconds=data.draw(st.lists(st.sampled_from([NAN, 30.0, 300.0, 400.0]),
                                                min_size=len(f), max_size=len(f))))
        new = screen_responses(f, mini, settings=EVERY_RULE)
        old = reference_screening(monkeypatch, f, mini, settings=EVERY_RULE)
        pd.testing.assert_frame_equal(_as_texts(new.problems), _as_texts(old.problems),
                                      check_dtype=False)
        assert Table(new.problems).to_dict() == Table(old.problems).to_dict()
        assert list(json_chunks(new.problems)) == list(json_chunks(old.problems))
        pd.testing.assert_frame_equal(new.counts_by_rule(), old.counts_by_rule())
        pd.testing.assert_frame_equal(new.overlaps(), old.overlaps())
        pd.testing.assert_frame_equal(new.set_aside, old.set_aside)
        for name in ("rule", "column", "detail", "action"):
            if len(new.problems):
                column = new.problems[name]
                assert isinstance(column.dtype, pd.CategoricalDtype)
                categories = list(column.cat.categories)
                assert categories == sorted(set(column.dropna()))

    def test_sorting_by_rule_is_sorting_by_its_text(self, mini, frame):
        """Findings of several rules sort by rule as their names sort."""
        f = frame(4, respondent_id=pd.array(["R1", "R1", "R3", "R4"], dtype="string"),
                  sat_1=[7.0, 1.0, 1.0, 1.0], village=[1.0, NAN, 1.0, 1.0])
        found = screen_responses(f, mini).problems
        rules = found.sort_values(["rule", "row"], kind="stable")["rule"].tolist()
        assert rules == sorted(found["rule"].astype(str))
        assert len(set(rules)) > 1

    def test_texts_keeps_only_used_categories_sorted(self):
        """A categorical with unused, unsorted categories comes back with only the used ones,
        sorted; a scalar is repeated."""
        raw = pd.Categorical.from_codes([2, 0, 2], categories=["b", "z", "a"])
        made = texts(raw, 3)
        assert made.tolist() == ["a", "b", "a"]
        assert list(made.categories) == ["a", "b"]
        assert texts("x", 2).tolist() == ["x", "x"]

    def test_concat_unites_the_texts(self, mini, frame):
        """Two rules' tables: one categorical over both tables' texts."""
        f = frame(2)
        a = problems(f, "respondent_id", "b_rule", np.array([True, False]), "sat_1", None,
                     np.array(["second"], dtype=object))
        b = problems(f, "respondent_id", "a_rule", np.array([False, True]), "*", None,
                     np.array(["first"], dtype=object))
        both = concat([a, b])
        assert both["rule"].tolist() == ["b_rule", "a_rule"]
        assert list(both["rule"].cat.categories) == ["a_rule", "b_rule"]
        assert both["detail"].tolist() == ["second", "first"]
        assert list(both.index) == [0, 1]

    def test_redaction_adds_the_redacted_detail_as_a_text(self, mini, frame):
        """A phone number typed as a code: value and detail redacted, the old detail no
        longer a category."""
        f = frame(2, sat_1=[13912345678.0, 4.0])
        found = redact_problems(screen_responses(f, mini).problems)
        at = found[found["rule"] == "out_of_scale"]
        assert at["value"].tolist() == [REDACTED]
        assert "13912345678" not in " ".join(found["detail"].cat.categories)
        assert REDACTED in at["detail"].iloc[0]

    def test_categorical_findings_write_as_texts(self):
        """results.json's findings: a categorical column (unused categories, a blank) gives
        the same JSON as the text column of its values."""
        table = pd.DataFrame({"row": [2, 3, 4],
                              "detail": pd.Categorical(["b", None, "a"], categories=["a", "b", "c"])})
        as_text = table.assign(detail=pd.array(["b", None, "a"], dtype="str"))
        assert json_chunks(table) == json_chunks(as_text) == ["2, 3, 4", '"b", null, "a"']


class TestRedactProblems:
    @given(values=st.lists(st.sampled_from(
        [None, "6", "13912345678", "110105194912310021", "a@b.cn", "12345", "好", 13912345678.0,
         7.0, 99999.0, NAN, 13912345678, 5, True, 2.5, 1e20, "１３９１２３４５６７８", "6.0",
         "-13912345678", "", pd.NA]), max_size=12))
    def test_same_redaction_as_the_every_value_reference(self, values):
        """Values of any mix (blanks, codes, phone and identity-card numbers as text or as
        numbers, e-mail addresses): the same values and details as the former pass."""
        n = len(values)
        table = pd.DataFrame({
            "row": np.arange(2, n + 2, dtype="int64"),
            "value": pd.Series(values, dtype=object),
            "detail": np.array([f"{v} is not a code" for v in values], dtype=object)})
        expected = reference_redact(table)
        pd.testing.assert_frame_equal(redact_problems(table), expected)
        categorical = table.assign(detail=pd.Categorical(table["detail"]))
        found = redact_problems(categorical)
        assert found["detail"].tolist() == expected["detail"].tolist()
        assert found["value"].tolist() == expected["value"].tolist()


def reference_texts(values, n):
    """The former texts: unused categories found by pandas (a sort of the codes)."""
    if isinstance(values, str):
        return pd.Categorical.from_codes(np.zeros(n, dtype=np.int8),
                                         categories=pd.Index([values]))
    if not isinstance(values, pd.Categorical):
        return pd.Categorical(np.asarray(values, dtype=object))
    used = values.remove_unused_categories()
    categories = used.categories
    order = sorted(range(len(categories)), key=lambda i: categories[i])
    if order == list(range(len(categories))):
        return used
    return used.reorder_categories([categories[i] for i in order])


class TestTexts:
    @given(categories=st.lists(st.text(max_size=3), min_size=1, max_size=200, unique=True),
           data=st.data())
    def test_same_categorical_as_the_reference(self, categories, data):
        """Any categories (unsorted, some unused, more than an int8 code holds) and codes
        with blanks: the same codes, code type and categories as the former texts."""
        codes = data.draw(st.lists(st.integers(-1, len(categories) - 1), max_size=30))
        raw = pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype=object))
        made, expected = texts(raw, len(codes)), reference_texts(raw, len(codes))
        pd.testing.assert_extension_array_equal(made, expected)
        assert made.codes.dtype == expected.codes.dtype
        assert list(made.categories) == list(expected.categories)


class TestShownOnce:
    def test_each_condition_evaluated_once_per_screening(self, mini, frame, monkeypatch):
        """The required-answer and skip-logic rules share the masks of the skip conditions:
        each condition is evaluated once per screening, with the findings of two separate
        evaluations."""
        f = frame(6, aware=[1.0, 2.0, 1.0, NAN, 2.0, 1.0],
                  aware_level=[NAN, 3.0, 2.0, NAN, NAN, 1.0],
                  sat_1=[1.0, 2.0, 5.0, 4.0, 1.0, 5.0],
                  reasons_1=[NAN, 1.0, 1.0, NAN, NAN, 1.0])
        separate = [rules_module.missing_required(f, mini), rules_module.skip_violation(f, mini)]
        evaluated: list[str] = []
        original = Condition.evaluate

        def counted(self, frame):
            evaluated.append(self.expression)
            return original(self, frame)

        monkeypatch.setattr(Condition, "evaluate", counted)
        s = screen_responses(f, mini)
        conditions = {v.show_if for v in variables(mini) if v.show_if}
        assert len(conditions) > 1
        assert sorted(evaluated) == sorted(conditions)
        for rule, table in zip(["missing_required", "skip_violation"], separate, strict=True):
            found = s.problems[s.problems["rule"] == rule].reset_index(drop=True)
            pd.testing.assert_frame_equal(_as_texts(found.drop(columns="action")),
                                          _as_texts(table), check_dtype=False,
                                          check_categorical=False)
        assert len(s.problems[s.problems["rule"] == "skip_violation"])


def reference_repeats(keys, index):
    """Repeated keys and each row's first row with its key, one row at a time."""
    seen, repeated, first = {}, [], []
    for key, row in zip(keys, index, strict=True):
        if pd.isna(key):
            repeated.append(False)
            first.append(-1)
        else:
            repeated.append(key in seen)
            first.append(seen.setdefault(key, row))
    return repeated, first


class TestRepeats:
    @settings(max_examples=300)
    @given(keys=st.lists(st.one_of(st.none(), st.sampled_from(["R1", "R2", "12345678", ""]),
                                   st.text(max_size=9)), max_size=30),
           distinct=st.booleans(), start=st.integers(0, 5))
    def test_same_as_one_row_at_a_time(self, keys, distinct, start):
        """Texts with blanks and repeats, or all distinct (ids numbered in turn or not):
        the repeats and first rows found one row at a time."""
        if distinct:
            keys = list(dict.fromkeys(keys))
        index = pd.RangeIndex(start + 2, start + 2 + len(keys))
        for column in (pd.Series(keys, dtype="string"), pd.Series(keys, dtype=object)):
            repeated, first = repeats(column, index)
            expected = reference_repeats(keys, index)
            assert (repeated.tolist(), first.tolist()) == expected


class TestShortTextCodes:
    texts_drawn = st.lists(st.one_of(st.none(), st.text(max_size=4),
                                     st.text(alphabet="0123456789R问\x00", max_size=17)),
                           max_size=40)

    @settings(max_examples=300)
    @given(values=texts_drawn, data=st.data())
    def test_same_codes_as_pandas(self, values, data):
        """Any texts (blanks, empty, NUL bytes, non-ASCII, 0 to 17 bytes and more), as pyarrow
        "string" or "str", whole or a slice, in one chunk or two: the codes pandas gives, or
        None where the texts are too long."""
        dtype = data.draw(st.sampled_from(["string[pyarrow]", "str"]))
        column = pd.Series(values, dtype=dtype)
        if data.draw(st.booleans()) and len(column) > 1:
            cut = data.draw(st.integers(1, len(column) - 1))
            column = pd.concat([column.iloc[:cut], column.iloc[cut:]], ignore_index=True)
        if data.draw(st.booleans()):
            start = data.draw(st.integers(0, len(column)))
            column = column.iloc[start:]
        codes = _short_text_codes(column)
        longest = max((len(v.encode()) for v in column.dropna()), default=0)
        if codes is None:
            assert longest > 15 or not len(column)
        else:
            assert longest <= 15
            assert codes.tolist() == pd.factorize(column, use_na_sentinel=True)[0].tolist()

    @settings(max_examples=300)
    @given(values=st.lists(st.one_of(st.integers(0, 10**15 - 1).map(str),
                                     st.text(alphabet="09Ra\x00问", max_size=15).filter(
                                         lambda v: len(v.encode()) <= 15)),
                           min_size=1, max_size=40),
           blanks=st.lists(st.integers(0, 39), max_size=5), data=st.data())
    def test_ids_in_order(self, values, blanks, data):
        """Texts sorted by length then bytes (numbered ids in file order), with blanks,
        sometimes with a repeat or two neighbours swapped: the codes pandas gives."""
        ordered = sorted(values, key=lambda v: (len(v.encode()), v.encode()))
        if ordered and data.draw(st.booleans()):
            at = data.draw(st.integers(0, len(ordered) - 1))
            ordered.insert(at, ordered[at])
        if len(ordered) > 1 and data.draw(st.booleans()):
            at = data.draw(st.integers(0, len(ordered) - 2))
            ordered[at], ordered[at + 1] = ordered[at + 1], ordered[at]
        cells = list(ordered)
        for at in blanks:
            cells.insert(min(at, len(cells)), None)
        column = pd.Series(cells, dtype="string")
        codes = _short_text_codes(column)
        assert codes is not None
        assert codes.tolist() == pd.factorize(column, use_na_sentinel=True)[0].tolist()

    def test_increasing_ids(self, monkeypatch):
        """Numbered ids in order are seen as increasing (numbered in turn, nothing
        factorised), across lengths and past 7 bytes; a repeat or a step back is not."""

        def increasing(ids):
            column = pd.Series(ids, dtype="string")
            expected = pd.factorize(column)[0].tolist()
            factorised = []
            factorize = pd.factorize
            with monkeypatch.context() as patch:
                patch.setattr(pd, "factorize",
                              lambda *a, **k: factorised.append(1) or factorize(*a, **k))
                codes = _short_text_codes(column)
            assert codes.tolist() == expected
            return not factorised

        assert increasing([str(i) for i in range(1, 2000)])
        assert increasing(["9999999", "10000000", "123456789012345", "123456789012346"])
        assert increasing(["R00000001", None, "R00000002", "R00000010"])
        assert not increasing(["1", "2", "2"])
        assert not increasing(["R00000002", "R00000001"])
        assert not increasing(["12345678901234", "12345678901234"])
        assert not increasing(["123456789012345", "123456789012344"])

    def test_texts_differing_by_trailing_nul_bytes(self):
        """Texts whose bytes differ only by trailing NUL bytes are different texts."""
        for values in (["a", "a\x00", "", "\x00", "\x00\x00", "a"],
                       ["12345678", "12345678\x00", "12345678\x00\x00", "12345678"]):
            column = pd.Series(values, dtype="string")
            assert _short_text_codes(column).tolist() == pd.factorize(column)[0].tolist()

    def test_other_text_is_left_to_pandas(self):
        """Python-held text, objects and numbers are not read by it."""
        for column in (pd.Series(["a"], dtype="string[python]"), pd.Series(["a"], dtype=object),
                       pd.Series([1.0])):
            assert _short_text_codes(column) is None

    def test_repeated_ids_as_before(self, mini, frame):
        """Repeated ids of up to 15 bytes and longer: the repeats and their first rows."""
        for ids in (["R1", "R2", "R1", None, "R2", None], ["1234567890123", "1", "1",
                                                           "1234567890123", "x" * 20, "x" * 20]):
            column = pd.Series(ids, dtype="string")
            repeated, first = repeats(column, pd.RangeIndex(2, 8))
            expected = repeats(pd.Series(ids, dtype=object), pd.RangeIndex(2, 8))
            assert repeated.tolist() == expected[0].tolist()
            assert first.tolist() == expected[1].tolist()
