"""Answer classes and level positions through code slots: the same arrays as the masks and
scatters they replaced (kept here as the references), on random answers with blanks,
fractions, infinities, numbers far outside the codes, −0.0 and codes both a level and
excluded."""

from __future__ import annotations

from unittest.mock import patch

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.stats._answers import answer_classes, code_counts, code_slots, count_slots, level_index


def old_level_index(x, levels):
    out = np.full(len(x), -1, dtype=np.int64)
    if not len(levels):
        return out
    codes = np.asarray(levels, dtype=np.int64)
    low, high = int(codes.min()), int(codes.max())
    lookup = np.full(high - low + 1, -1, dtype=np.int64)
    lookup[codes - low] = np.arange(len(codes))
    with np.errstate(invalid="ignore"):
        valid = (x == np.floor(x)) & (x >= low) & (x <= high)
    out[valid] = lookup[x[valid].astype(np.int64) - low]
    return out


def old_answer_classes(x, levels, excluded):
    size = len(levels)
    out = np.full(len(x), size + 1, dtype=np.int16)
    known = [int(c) for c in (*levels, *excluded)]
    if known:
        low, high = min(known), max(known)
        lookup = np.full(high - low + 1, size + 1, dtype=np.int16)
        lookup[np.asarray(levels, dtype=np.int64) - low] = np.arange(size)
        lookup[np.asarray(excluded, dtype=np.int64) - low] = size
        with np.errstate(invalid="ignore"):
            known_code = (x >= low) & (x <= high) & (x == np.floor(x))
        out[known_code] = lookup[x[known_code].astype(np.int64) - low]
    out[np.isnan(x)] = size + 2
    return out


answers = st.lists(st.one_of(
    st.sampled_from([np.nan, 0.0, -0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 7.0, 9.0, -1.0, -3.0, 11.0,
                     12.0, 4.5, 2.0000000000000004, -3.0000000000000004, 11.999999999999998,
                     np.inf, -np.inf, 1e300, -1e300, 2.0**53, 2.0**53 + 2, -(2.0**62)]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-5, 14).map(float)), max_size=60)
codes = st.lists(st.integers(-4, 12), max_size=6, unique=True)


class TestSameAsTheMasks:
    @given(answers, codes, st.lists(st.integers(-4, 12), max_size=3))
    @settings(max_examples=400)
    def test_answer_classes(self, values, levels, excluded):
        x = np.array(values, dtype=np.float64)
        got = answer_classes(x, tuple(levels), tuple(excluded))
        want = old_answer_classes(x, tuple(levels), tuple(excluded))
        assert got.dtype == want.dtype and got.tolist() == want.tolist()

    @given(answers, codes)
    @settings(max_examples=400)
    def test_level_index(self, values, levels):
        x = np.array(values, dtype=np.float64)
        got = level_index(x, tuple(levels))
        want = old_level_index(x, tuple(levels))
        assert got.dtype == want.dtype and got.tolist() == want.tolist()

    @given(answers, st.integers(-4, 12), st.integers(0, 6))
    @settings(max_examples=300)
    def test_slots_count_each_code(self, values, low, width):
        """Slot 1 + (c − low) holds exactly the answers equal to the whole number c."""
        x = np.array(values, dtype=np.float64)
        high = low + width
        slots = code_slots(x, low, high)
        assert slots.min(initial=0) >= 0 and slots.max(initial=0) <= width + 3
        for c in range(low, high + 1):
            assert (slots == c - low + 1).tolist() == (x == c).tolist()
        assert (slots == width + 3).tolist() == np.isnan(x).tolist()

    @given(answers, st.lists(st.integers(-4, 12), max_size=6), st.integers(1, 9))
    @settings(max_examples=300)
    def test_code_counts(self, values, wanted, chunk):
        """Each code's count by comparison, block by block (blocks forced small), is the
        count of its slot and the number of answers equal to it read one by one."""
        x = np.array(values, dtype=np.float64)
        with patch("survey.stats._answers._CHUNK", chunk):
            got = code_counts(x, wanted)
        assert got == [sum(1 for v in values if v == c) for c in wanted]
        if wanted:
            low, high = min(wanted), max(wanted)
            per_slot = count_slots(x, low, high)
            assert got == [int(per_slot[c - low + 1]) for c in wanted]

    def test_hand_made(self):
        assert code_counts(np.array([2.0, 1.0, np.nan, 2.0, 2.5, -0.0, 1e300]), [0, 2, 5]) == [
            1, 2, 0]
        x = np.array([5.0, 1.0, 9.0, 7.0, np.nan, 4.5, -np.inf, 0.0])
        assert answer_classes(x, (1, 2, 3, 4, 5), (9,)).tolist() == [4, 0, 5, 6, 7, 6, 6, 6]
        assert level_index(x, (5, 4, 3, 2, 1)).tolist() == [0, 4, -1, -1, -1, -1, -1, -1]
        assert code_slots(x, 1, 9).tolist() == [5, 1, 9, 7, 11, 10, 0, 0]


class TestNumericAnswers:
    @given(st.lists(st.sampled_from([1.0, 5.0, -0.0, 0.0, 2.5, np.nan, np.inf, -np.inf, 1e300]),
                    max_size=30))
    def test_a_float_column_is_read_as_it_is(self, values):
        """A float64 column: pd.to_numeric's values (blanks NaN, -0.0 kept), the column's own
        memory, read-only (no copy to write into)."""
        import pandas as pd

        from survey.stats._answers import numeric_answers

        column = pd.Series(values, dtype=np.float64)
        x = numeric_answers(column)
        expected = pd.to_numeric(column, errors="coerce").to_numpy(dtype=np.float64,
                                                                    na_value=np.nan)
        assert x.dtype == np.float64 and np.array_equal(x, expected, equal_nan=True)
        assert np.array_equal(np.signbit(x), np.signbit(expected))
        assert not x.flags.writeable
        assert len(x) == 0 or np.shares_memory(x, column.to_numpy())
