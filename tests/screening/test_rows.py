"""take_rows: the kept rows moved within a frame handed over equal ``frame.loc[keep]``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey.screening import _rows, screen_responses
from survey.screening._rows import take_rows

NAN = np.nan


def _frame(n: int, seed: int = 0) -> pd.DataFrame:
    """Text, float (one consolidated block and one of its own), Int64 and object columns."""
    rng = np.random.default_rng(seed)
    numbers = rng.integers(0, 6, size=(n, 3)).astype("float64")
    numbers[rng.random((n, 3)) < 0.2] = NAN
    frame = pd.DataFrame(numbers, columns=["a", "b", "c"],
                         index=pd.RangeIndex(2, n + 2, name="row"))
    frame.insert(0, "id", pd.array([f"R{i}" if i % 5 else None for i in range(n)],
                                   dtype="string"))
    frame.insert(2, "seconds", rng.integers(0, 500, size=n).astype("float64"))
    frame["key"] = pd.array([i % 4 if i % 3 else None for i in range(n)], dtype="Int64")
    frame["note"] = np.array([f"n{i}" for i in range(n)], dtype=object)
    return frame


class TestTakeRows:
    def test_a_copy_unless_handed_over(self) -> None:
        """Without ``in_place`` the frame is left as it was and the result is ``loc``'s."""
        frame = _frame(7)
        before = frame.copy()
        keep = np.array([True, False, True, True, False, False, True])
        pd.testing.assert_frame_equal(take_rows(frame, keep), before.loc[keep])
        pd.testing.assert_frame_equal(frame, before)

    def test_handed_over_equals_loc_and_is_emptied(self) -> None:
        """The kept rows, dtypes, index and attrs as ``loc`` gives them; no columns left."""
        frame = _frame(9)
        frame.attrs["source"] = "test"
        keep = np.array([True, False, False, True, True, False, True, False, True])
        expected = frame.loc[keep]
        kept = take_rows(frame, keep, in_place=True)
        pd.testing.assert_frame_equal(kept, expected, check_index_type=True)
        assert type(kept.index) is type(expected.index)
        assert kept.attrs == {"source": "test"}
        assert frame.shape == (9, 0)

    def test_numbers_moved_within_the_frame(self) -> None:
        """The kept float columns are views of the storage the frame held (no copy)."""
        frame = _frame(6)
        storage = frame._mgr.blocks
        bases = [np.asarray(b.values).base for b in storage if isinstance(b.values, np.ndarray)]
        kept = take_rows(frame, np.array([False, True, True, False, True, True]), in_place=True)
        for name in ["a", "b", "c", "seconds"]:
            column = kept[name].to_numpy()
            assert any(np.shares_memory(column, base) for base in bases if base is not None)

    def test_a_shared_block_is_copied_not_moved(self) -> None:
        """A column another object still reads keeps its values: its block is copied."""
        frame = _frame(6)
        held = frame["a"]
        before = held.copy()
        expected = frame.loc[[False, True, False, True, True, False]]
        kept = take_rows(frame, np.array([False, True, False, True, True, False]),
                         in_place=True)
        pd.testing.assert_series_equal(held, before)
        pd.testing.assert_frame_equal(kept, expected)

    def test_nothing_kept_and_everything_kept(self) -> None:
        """An empty result and a result of every row."""
        for keep in (np.zeros(5, dtype=bool), np.ones(5, dtype=bool)):
            frame = _frame(5)
            expected = frame.loc[keep]
            pd.testing.assert_frame_equal(take_rows(frame, keep, in_place=True), expected)

    def test_the_result_can_be_changed_alone(self) -> None:
        """Writing into the kept frame changes only it (the frame handed over is gone)."""
        frame = _frame(5)
        kept = take_rows(frame, np.array([True, False, True, True, True]), in_place=True)
        copy = kept.copy()
        kept.loc[2, "a"] = 99.0
        assert copy.loc[2, "a"] != 99.0
        assert kept.loc[2, "a"] == 99.0

    @settings(max_examples=120, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(data=st.data())
    def test_any_mask_any_step(self, data, monkeypatch: pytest.MonkeyPatch) -> None:
        """For any mask, and steps of any size, the result equals ``loc``'s."""
        monkeypatch.setattr(_rows, "_STEP", data.draw(st.integers(1, 7)))
        n = data.draw(st.integers(0, 40))
        frame = _frame(n, seed=data.draw(st.integers(0, 2**16)))
        keep = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
        expected = frame.loc[keep]
        pd.testing.assert_frame_equal(take_rows(frame, keep, in_place=True), expected,
                                      check_index_type=True)


class TestConsume:
    def test_the_same_screening(self, mini, frame) -> None:
        """Screening a frame handed over gives the same valid and set-aside rows, reasons,
        problems and fieldwork as screening a copy; the frame is left without columns."""
        f = frame(6, respondent_id=pd.array(["R1", "R2", "R1", "R4", "R5", "R6"],
                                            dtype="string"),
                  village=[1.0, NAN, 1.0, 1.0, 2.0, 1.0])
        f.loc[2, "sat_1"] = 7.0
        expected = screen_responses(f.copy(), mini)
        got = screen_responses(f, mini, consume=True)
        for name in ("valid", "set_aside", "problems", "reasons"):
            pd.testing.assert_frame_equal(getattr(got, name), getattr(expected, name))
        assert got.fieldwork == expected.fieldwork
        assert len(got.valid) == 3 and f.shape == (6, 0)

    def test_nothing_set_aside(self, mini, frame) -> None:
        """Every row valid: the valid frame is every row, the frame handed over emptied."""
        f = frame(3)
        expected = f.copy()
        got = screen_responses(f, mini, consume=True)
        pd.testing.assert_frame_equal(got.valid, expected)
        assert f.shape == (3, 0)
