"""Kruskal–Wallis and χ² from a table of counts: the same floats as scipy.stats on the
answers themselves (``==``, not approximately), hand-computed cases, and the undefined ones."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from survey.stats.contingency import chi_square, kruskal_wallis
from survey.stats.intervals import t_quantile


def answers_of(table: np.ndarray, seed: int) -> list[np.ndarray]:
    """Each group's answers (level positions 1 … L) in a shuffled order."""
    rng = np.random.default_rng(seed)
    out = []
    for row in table:
        values = np.repeat(np.arange(1, table.shape[1] + 1, dtype=float), row)
        rng.shuffle(values)
        out.append(values)
    return out


@st.composite
def kruskal_tables(draw: st.DrawFn) -> np.ndarray:
    groups = draw(st.integers(2, 6))
    levels = draw(st.integers(2, 7))
    top = draw(st.sampled_from([2, 5, 40, 3000]))
    table = np.array(draw(st.lists(st.lists(st.integers(0, top), min_size=levels,
                                            max_size=levels),
                                   min_size=groups, max_size=groups)), dtype=np.int64)
    for g in range(groups):  # every group answered
        table[g, draw(st.integers(0, levels - 1))] += 1
    if (table.sum(axis=0) > 0).sum() < 2:
        table[0, 0] += 1
        table[-1, -1] += 1
    return table


class TestKruskalWallis:
    @given(kruskal_tables(), st.integers(0, 2**32 - 1))
    @settings(max_examples=300)
    def test_same_floats_as_scipy(self, table, seed):
        """H and p equal scipy.stats.kruskal on the answers, bit for bit (ties, empty levels,
        one-answer groups included), except where rounding leaves scipy's H below zero
        (groups answering alike): H = 0 and p = 1 there, not scipy's p = nan."""
        h, p = stats.kruskal(*answers_of(table, seed))
        if h < 0:
            h, p = 0.0, 1.0
        assert repr(kruskal_wallis(table)) == repr((float(h), float(p)))

    def test_groups_answering_alike_are_no_difference(self):
        """1/18/19, 2/36/38, 1/18/19: the same shares in every group, so H = 0 and p = 1
        (scipy.stats.kruskal gives H = −7.4e-14 and p = nan)."""
        table = np.array([[1, 18, 19], [2, 36, 38], [1, 18, 19]])
        h, p = stats.kruskal(*answers_of(table, 0))
        assert h < 0 and np.isnan(p)
        assert kruskal_wallis(table) == (0.0, 1.0)

    def test_large_counts_same_floats_as_scipy(self):
        """Counts above 208,063 make c³ inexact: the tie term is still scipy's float."""
        table = np.array([[310_000, 120_001, 5], [250_003, 90_000, 77_777], [1, 2, 3]])
        h, p = stats.kruskal(*answers_of(table, 3))
        assert kruskal_wallis(table) == (float(h), float(p))

    def test_scipy_docstring_example(self):
        """scipy's example: 1,1,1 / 2,2,2 / 2,2 gives H = 7.0, p = 0.0301973834223185."""
        h, p = kruskal_wallis(np.array([[3, 0], [0, 3], [0, 2]]))
        assert h == pytest.approx(7.0) and p == pytest.approx(0.0301973834223185)

    def test_by_hand_without_ties(self):
        """1,3,5,7,9 vs 2,4,6,8,10 (ten levels, one answer each): H = 0.2727272727272734."""
        table = np.array([[1, 0] * 5, [0, 1] * 5])
        assert kruskal_wallis(table)[0] == pytest.approx(0.2727272727272734, abs=1e-13)

    @pytest.mark.parametrize("table", [
        [[3, 2]],                   # one group
        [[3, 0], [2, 0]],           # one level answered
        [[3, 1], [0, 0]],           # a group without answers
    ])
    def test_undefined(self, table):
        with pytest.raises(ValueError):
            kruskal_wallis(np.array(table))


class TestChiSquare:
    @given(st.lists(st.lists(st.integers(1, 5000), min_size=2, max_size=4), min_size=2,
                    max_size=6).filter(lambda rows: len({len(r) for r in rows}) == 1))
    @settings(max_examples=300)
    def test_same_floats_as_scipy(self, rows):
        """χ², p and df equal scipy.stats.chi2_contingency(correction=False), bit for bit."""
        table = np.array(rows)
        chi2, p, df, _ = stats.chi2_contingency(table, correction=False)
        assert chi_square(table) == (float(chi2), float(p), int(df))

    def test_by_hand(self):
        """[[15, 5], [8, 12]]: expected 11.5 / 8.5; χ² = 12.25·(2/11.5 + 2/8.5)."""
        chi2, p, df = chi_square(np.array([[15, 5], [8, 12]]))
        assert chi2 == pytest.approx(12.25 * (2 / 11.5 + 2 / 8.5)) and df == 1
        assert p == pytest.approx(special.chdtrc(1, chi2))

    def test_one_row_has_no_test(self):
        assert chi_square(np.array([[4, 6]])) == (0.0, 1.0, 0)

    def test_an_empty_column_is_undefined(self):
        with pytest.raises(ValueError):
            chi_square(np.array([[4, 0], [6, 0]]))


class TestQuantilesWithoutScipyStats:
    @given(st.integers(1, 10**7), st.sampled_from([0.8, 0.9, 0.95, 0.99, 0.999]))
    def test_t_quantile_is_scipy_stats_t_ppf(self, df, confidence):
        assert t_quantile(confidence, df) == float(stats.t.ppf(0.5 + confidence / 2, df))

    @given(st.floats(0.01, 5000), st.floats(0.01, 5000), st.floats(1e-6, 1 - 1e-6))
    def test_betaincinv_is_scipy_stats_beta_ppf(self, a, b, q):
        """The Clopper–Pearson bounds' beta quantile (non-integer shapes: effective n)."""
        assert float(special.betaincinv(a, b, q)) == float(stats.beta.ppf(q, a, b))
