"""Moments of complete whole-number columns from exact sums (survey.stats.whole_numbers):
the figures of the centred float path, with no copy of the data."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from survey.errors import ParameterError
from survey.stats import whole_numbers
from survey.stats._moments import prepare_items
from survey.stats.reliability import cronbach_alpha, item_statistics, scale_reliability
from survey.stats.sufficient import batch_statistics
from survey.stats.whole_numbers import (
    complete_subset,
    constant_rest,
    prepare_whole_numbers,
    read_sums,
    whole_number_sums,
)
from tests.conftest import differences


def likert_ints(n: int, k: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    trait = rng.normal(size=(n, 1))
    x = np.clip(np.rint(3 + trait + rng.normal(size=(n, k))), 1, 5).astype(np.int64)
    return pd.DataFrame(x, columns=[f"q{i + 1}" for i in range(k)])


class TestPrepareWholeNumbers:
    def test_hand_computed_covariances_exactly(self) -> None:
        """a = 1,2,3,4 and b = 2,2,4,4: means 2.5 and 3, Σ(a−ā)(b−b̄) = 4, so cov = 4/3;
        var a = 5/3, var b = 4/3."""
        frame = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4]})
        p = prepare_whole_numbers(frame, None, (), None)
        assert p is not None and p.x.shape == (0, 2)
        assert p.moments.mean.tolist() == [2.5, 3.0]
        assert p.moments.cov.tolist() == [[5 / 3, 4 / 3], [4 / 3, 4 / 3]]
        # n·XᵀX − s sᵀ: 4·30 − 10·10 = 20, 4·34 − 10·12 = 16, 4·40 − 12·12 = 16
        assert p.deviations is not None
        assert p.deviations.tolist() == [[20, 16], [16, 16]]

    def test_same_figures_as_the_centred_path(self) -> None:
        """Reverse keying, dimensions, the whole table, KMO and Bartlett: the int64 frame
        (exact sums) and the same answers as float64 (centred copy) agree to 1e-12."""
        frame = likert_ints(2003, 6, seed=3)
        dims = {"A": ["q1", "q2", "q3"], "B": ["q4", "q5", "q6"]}
        exact = scale_reliability(frame, reverse=["q2"], scale_range=(1, 5), dimensions=dims)
        centred = scale_reliability(frame.astype(float), reverse=["q2"], scale_range=(1, 5),
                                    dimensions=dims)
        assert differences(exact.to_dict(), centred.to_dict()) == []
        assert prepare_whole_numbers(frame, None, ["q2"], (1, 5)) is not None

    def test_chunks_merge_to_the_sums_of_the_whole(self) -> None:
        """Chunks of 3 rows, blanks included: the complete rows' sums and cross-products,
        each item's answers and codes, as one batch of all 10 rows gives them."""
        frame = likert_ints(10, 3, seed=5).astype(float)
        for row, column in ((1, 0), (4, 2), (8, 1)):
            frame.iloc[row, column] = np.nan
        columns = [frame[c].to_numpy() for c in frame.columns]
        chunked = whole_number_sums(columns, list(frame.columns), chunk_rows=3)
        whole = batch_statistics(frame.to_numpy(), list(frame.columns))
        assert chunked is not None
        assert (chunked.n_rows, chunked.n_complete) == (10, 7)
        assert chunked.c.tolist() == whole.c_c.tolist()
        assert chunked.s.tolist() == whole.s_c.tolist()
        assert chunked.answered.tolist() == whole.answered.tolist() == [9, 9, 9]
        assert chunked.codes == whole.codes

    def test_blanks_give_the_general_paths_figures(self) -> None:
        """Float columns with 5 % blanks (listwise: 2,003 rows, about 1,480 complete)."""
        frame = likert_ints(2003, 6, seed=8).astype(float)
        rng = np.random.default_rng(9)
        frame = frame.mask(rng.random(frame.shape) < 0.05)
        p = prepare_whole_numbers(frame, None, ["q3"], (1, 5))
        assert p is not None and p.moments.n_used == int(frame.notna().all(axis=1).sum())
        exact = scale_reliability(frame, reverse=["q3"], scale_range=(1, 5))
        general = scale_reliability(frame, reverse=["q3"], scale_range=(1, 5), bootstrap=1)
        one, two = exact.to_dict(), general.to_dict()
        two.pop("bootstrap")
        one.pop("bootstrap")
        assert differences(one, two) == []

    @pytest.mark.parametrize("frame", [
        pd.DataFrame({"a": [1, 2, 3], "b": [1.5, 2.0, 3.0]}),            # not integers
        pd.DataFrame({"a": [1.0, np.nan, 3.0, 4.0], "b": [2.0, 1.0, 3.0, 2.0],
                      "c": [1.0, 2.0, np.nan, 3.0]}),  # blanks, b constant on complete rows
        pd.DataFrame({"a": [1, 2, 3], "b": [True, False, True]}),        # not numbers
        pd.DataFrame({"a": pd.array([1, 2, 3], dtype="Int64"), "b": [1, 2, 3]}),
        pd.DataFrame({"a": [1], "b": [2]}),                               # one row
        pd.DataFrame({"a": [10**8, 1], "b": [1, 2]}),                     # sums past 2⁵³
    ])
    def test_other_data_take_the_general_path(self, frame) -> None:
        assert prepare_whole_numbers(frame, None, (), None) is None

    def test_declared_missing_codes_take_the_general_path(self) -> None:
        frame = pd.DataFrame({"a": [1, 2, 9, 4], "b": [2, 2, 4, 4]})
        assert prepare_whole_numbers(frame, None, (), None, missing_values=[9]) is None
        frame.attrs["missing_values"] = {"a": (9.0,)}
        assert prepare_whole_numbers(frame, None, (), None) is None

    def test_undeclared_far_code_is_refused_as_in_memory(self) -> None:
        frame = pd.DataFrame({"a": [1, 2, 3, 4, 5, 9], "b": [2, 2, 4, 4, 5, 1]})
        with pytest.raises(ParameterError) as exact:
            prepare_whole_numbers(frame, None, (), None)
        with pytest.raises(ParameterError) as general:
            prepare_items(frame.astype(float), None, "listwise", (), None)
        assert str(exact.value) == str(general.value)
        assert exact.value.code == "undeclared_missing_code"


class TestConstantRest:
    def test_rest_score_that_never_varies(self) -> None:
        """x2 = 6 − x1, so for x3 the rest score x1 + x2 is 6 in every row: its α if
        deleted is absent in both paths; x1's rest x2 + x3 varies."""
        x1 = np.array([1, 2, 3, 4, 5, 2, 4])
        frame = pd.DataFrame({"x1": x1, "x2": 6 - x1, "x3": [2, 3, 3, 5, 1, 4, 2]})
        p = prepare_whole_numbers(frame, None, (), None)
        assert p is not None and p.deviations is not None
        assert constant_rest(p.deviations, p.signs, [0, 1, 2]).tolist() == [False, False, True]
        exact = item_statistics(frame)
        centred = item_statistics(frame.astype(float))
        pd.testing.assert_frame_equal(exact, centred, check_exact=False, rtol=1e-12)
        assert np.isnan(exact.loc[2, "alpha_if_deleted"])

    def test_reverse_keying_makes_the_rest_vary(self) -> None:
        """With x2 reverse-keyed (scored 6 − x2 = x1) the rest of x3 is 2·x1: it varies."""
        x1 = np.array([1, 2, 3, 4, 5])
        frame = pd.DataFrame({"x1": x1, "x2": 6 - x1, "x3": [2, 3, 3, 5, 1]})
        p = prepare_whole_numbers(frame, None, ["x2"], (1, 5))
        assert p is not None and p.deviations is not None
        assert not constant_rest(p.deviations, p.signs, [0, 1, 2]).any()

    def test_doctest_frame_alpha(self) -> None:
        df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})
        # k/(k−1)·(1 − Σvar/var(total)): vars 5/3, 4/3, 8/3; total 4,7,10,13 → var 15
        assert cronbach_alpha(df).alpha == pytest.approx(1.5 * (1 - (17 / 3) / 15), abs=1e-15)


class TestDimensionsFromTheScaleSums:
    @pytest.mark.parametrize("blanks", [False, True])
    def test_dimensions_as_their_own_scales(self, blanks, monkeypatch):
        """A dimension's figures are those of its items as a scale of their own; with every
        row complete its sums are taken from the scale's (the columns read once), with a
        blank they are read again on its own complete rows."""
        frame = likert_ints(400, 6, seed=5).astype(float)
        if blanks:
            frame.iloc[3, 4] = np.nan
        dims = {"a": ["q1", "q2", "q3"], "b": ["q5", "q4"], "c": ["q6"]}
        reads = []
        real = whole_numbers.whole_number_sums

        def counted(columns, names, chunk_rows=whole_numbers.CHUNK_ROWS):
            reads.append(tuple(names))
            return real(columns, names, chunk_rows)

        monkeypatch.setattr(whole_numbers, "whole_number_sums", counted)
        result = scale_reliability(frame, reverse=["q4"], scale_range=(1, 5), dimensions=dims)
        assert len(reads) == (4 if blanks else 1)
        monkeypatch.setattr(whole_numbers, "whole_number_sums", real)
        for part, (name, members) in zip(result.dimensions, dims.items(), strict=True):
            alone = scale_reliability(frame, members, reverse=[m for m in members if m == "q4"],
                                      scale_range=(1, 5))
            assert part.dimension == name
            assert json.dumps(part.to_dict()) == json.dumps(
                {"dimension": name, **alone.to_dict()})

    def test_a_subset_is_the_sums_read_for_those_items(self):
        """complete_subset gives the sums read_sums gives for the items, in their order."""
        frame = likert_ints(300, 5, seed=8).astype(float)
        whole = read_sums(frame, None)
        assert whole is not None
        part = complete_subset(whole, ["q4", "q2"])
        direct = read_sums(frame, ["q4", "q2"])
        assert part is not None and direct is not None
        for field in ("names", "n_rows", "n_complete", "codes"):
            assert getattr(part, field) == getattr(direct, field)
        for field in ("answered", "low", "high", "s", "c"):
            assert np.array_equal(getattr(part, field), getattr(direct, field))
        frame.iloc[0, 0] = np.nan
        with_blank = read_sums(frame, None)
        assert with_blank is not None and complete_subset(with_blank, ["q2"]) is None
        assert complete_subset(whole, ["q2", "q2"]) is None
        assert complete_subset(whole, ["q9"]) is None
