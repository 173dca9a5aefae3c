"""The exact arithmetic of the audit: hand-computed cases, brute force and data-based properties."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.audit.arithmetic import (
    ROUNDINGS,
    Printed,
    alpha_deleted_centre,
    cochran_sizes,
    count_range,
    implied_bases,
    ratio_roundings,
    rounds_to,
    score_readings,
    share_roundings,
    sum_interval,
    z_matches,
)
from survey.stats.intervals import normal_quantile


class TestPrinted:
    def test_parse_keeps_digits_and_decimals(self):
        """95.60 keeps its two decimals: it is a different claim from 95.6."""
        assert Printed.parse("95.60") == Printed(9560, 2)
        assert Printed.parse("95.6") == Printed(956, 1)

    def test_parse_thousands_and_sign(self):
        """Thousands separators are dropped and the sign kept."""
        assert Printed.parse("1,234.56").value == Fraction(123456, 100)
        assert Printed.parse("-0.23").value == Fraction(-23, 100)

    def test_interval_is_union_of_rounding_and_truncation(self):
        """4.95 stands for [4.945, 4.96]: half a unit below (rounding), a unit above (truncation)."""
        assert Printed.parse("4.95").interval() == (Fraction("4.945"), Fraction("4.96"))

    def test_text_round_trips(self):
        """The printed text comes back unchanged, leading zeros included."""
        for s in ("0.05", "95.63", "-0.230", "46"):
            assert Printed.parse(s).text() == s


class TestRoundsTo:
    def test_tie_goes_up_under_half_up_and_to_even_under_half_even(self):
        """306/320 = 95.625% exactly: 95.63 half-up, 95.62 half-even, 95.62 truncated."""
        x = Fraction(100 * 306, 320)
        assert rounds_to(x, Printed.parse("95.63"), "half_up")
        assert not rounds_to(x, Printed.parse("95.63"), "half_even")
        assert rounds_to(x, Printed.parse("95.62"), "half_even")
        assert rounds_to(x, Printed.parse("95.62"), "truncate")


class TestRatioRoundings:
    def test_known_ratios(self):
        """2/46 = 4.3478%: 4.35 by rounding, 4.34 only by truncation."""
        assert ratio_roundings(2, 46, Printed.parse("4.35")) == {"half_up", "half_even"}
        assert ratio_roundings(2, 46, Printed.parse("4.34")) == {"truncate"}
        assert ratio_roundings(2, 46, Printed.parse("4.36")) == frozenset()

    def test_zero_denominator_fits_nothing(self):
        """No ratio over 0."""
        assert ratio_roundings(0, 0, Printed.parse("0")) == frozenset()


class TestCountRange:
    def test_issue_example_fits_44_not_46(self):
        """11.36% is 5/44 (11.3636…) but no count out of 46 (5/46 = 10.87, 6/46 = 13.04)."""
        assert count_range(Printed.parse("11.36"), 44, "half_up") == (5, 5)
        for mode in ROUNDINGS:
            assert count_range(Printed.parse("11.36"), 46, mode) is None

    def test_coarse_share_of_large_n_has_many_counts(self):
        """45% of 1000 at whole percent: 445–454 half-up, 450–459 truncated."""
        assert count_range(Printed.parse("45"), 1000, "half_up") == (445, 454)
        assert count_range(Printed.parse("45"), 1000, "truncate") == (450, 459)

    def test_half_even_tie_on_odd_digit_excluded(self):
        """1/8 = 12.5%: prints 12 half-even at 0 decimals (even), 13 half-up."""
        assert count_range(Printed.parse("12"), 8, "half_even") == (1, 1)
        assert count_range(Printed.parse("13"), 8, "half_even") is None
        assert count_range(Printed.parse("13"), 8, "half_up") == (1, 1)

    def test_shares_above_100_never_fit(self):
        """No count out of n is more than n."""
        assert count_range(Printed.parse("100.01"), 46, "half_up") is None

    @settings(max_examples=300, deadline=None)
    @given(n=st.integers(1, 400), scaled=st.integers(0, 10100), decimals=st.integers(0, 2),
           mode=st.sampled_from(ROUNDINGS))
    def test_matches_brute_force(self, n, scaled, decimals, mode):
        """The solved range is exactly the counts whose share prints as the figure."""
        printed = Printed(scaled, decimals)
        brute = [k for k in range(n + 1) if rounds_to(Fraction(100 * k, n), printed, mode)]
        expected = (brute[0], brute[-1]) if brute else None
        assert count_range(printed, n, mode) == expected
        if brute:
            assert brute == list(range(brute[0], brute[-1] + 1))


class TestShareRoundings:
    def test_every_printed_share_of_a_count_fits(self):
        """k/n printed half-up always fits n (no false alarm for a correct share)."""
        for n in range(1, 120):
            for k in range(n + 1):
                value = Fraction(100 * k, n)
                scaled = math.floor(value * 100 + Fraction(1, 2))
                assert "half_up" in share_roundings(Printed(scaled, 2), n)


class TestImpliedBases:
    def test_issue_list_implies_44(self):
        """11.36, 4.55, 13.64, 70.45 (sum 100) fit 44 and 88 below 100, not 46."""
        shares = [Printed.parse(t) for t in ("11.36", "4.55", "13.64", "70.45")]
        assert sorted(implied_bases(shares, range(1, 100), complete=True)) == [44, 88]

    def test_complete_list_needs_counts_adding_up(self):
        """50.00% + 50.00% fits n = 4 (2 + 2) but, complete, not n = 3."""
        shares = [Printed.parse("50.00"), Printed.parse("50.00")]
        assert 4 in implied_bases(shares, [4], complete=True)
        assert implied_bases(shares, [3], complete=True) == {}


class TestSumInterval:
    def test_bounds_for_three_thirds(self):
        """33.33 × 3 = 99.99 is inside [99.97, 100.015]."""
        low, high = sum_interval([Printed.parse("33.33")] * 3)
        assert low == Fraction("99.97") and high == Fraction("100.015")


def _alpha(x: np.ndarray) -> float:
    k = x.shape[1]
    c = np.cov(x, rowvar=False)
    return k / (k - 1) * (1 - np.trace(c) / c.sum())


class TestAlphaDeletedCentre:
    def test_issue_example(self):
        """k = 30, α = 0.991: α-if-deleted values must straddle 0.9907, not sit at 0.955–0.959."""
        assert alpha_deleted_centre(Fraction("0.991"), 30) == Fraction(28739, 29009)  # 29·0.991/29.009

    def test_pingouin_item_table_straddles(self):
        """Cross-check with pingouin's α on simulated data: α-if-deleted values surround the centre."""
        import pandas as pd
        import pingouin as pg

        rng = np.random.default_rng(3)
        f = rng.normal(size=(120, 1))
        x = pd.DataFrame(np.round(2 + f + rng.normal(size=(120, 5))), columns=list("abcde"))
        alpha = pg.cronbach_alpha(x)[0]
        deleted = [pg.cronbach_alpha(x.drop(columns=c))[0] for c in x.columns]
        centre = float(alpha_deleted_centre(Fraction(alpha), 5))
        assert min(deleted) <= centre <= max(deleted)

    @settings(max_examples=60, deadline=None)
    @given(seed=st.integers(0, 10_000), k=st.integers(3, 12), n=st.integers(5, 60),
           loading=st.floats(-0.5, 0.95))
    def test_bound_holds_for_any_data(self, seed, k, n, loading):
        """For any data, min α₋ᵢ ≤ (k−1)α/(k−α) ≤ max α₋ᵢ (the derivation's claim)."""
        rng = np.random.default_rng(seed)
        f = rng.normal(size=(n, 1))
        scales = rng.uniform(0.3, 3.0, size=k)
        x = (loading * f + rng.normal(size=(n, k))) * scales
        total = np.cov(x, rowvar=False).sum()
        if total <= 1e-9:
            return
        alpha = _alpha(x)
        deleted = [_alpha(np.delete(x, i, axis=1)) for i in range(k)]
        centre = (k - 1) * alpha / (k - alpha)
        assert min(deleted) - 1e-9 <= centre <= max(deleted) + 1e-9

    def test_equal_variances_mean_of_ratios_is_exact(self):
        """With standardised items the ρᵢ average exactly (k−2)ρ/(k−1)."""
        rng = np.random.default_rng(11)
        x = rng.normal(size=(200, 6)) + rng.normal(size=(200, 1))
        z = (x - x.mean(0)) / x.std(0, ddof=1)
        k = 6

        def rho(a, m):
            return a * (m - 1) / m / (1 - a * (m - 1) / m)

        alpha = _alpha(z)
        rhos = [rho(_alpha(np.delete(z, i, axis=1)), k - 1) for i in range(k)]
        assert np.mean(rhos) == pytest.approx(rho(alpha, k) * (k - 2) / (k - 1), rel=1e-9)


class TestScoreReadings:
    def test_readings_for_unmet_target(self):
        """w = 5, t = 90, a = 87.67: ratio 4.8706, shortfall 4.8835, direct 4.3835."""
        a = Fraction("87.67")
        met, unmet, met_possible, unmet_possible = score_readings(
            Fraction(5), ">=", Fraction(90), (a, a), percent=True)
        by = {r.name: float(r.lo) for r in unmet}
        assert not met_possible and unmet_possible
        assert by["ratio"] == pytest.approx(4.870556, abs=1e-6)
        assert by["shortfall"] == pytest.approx(4.8835, abs=1e-9)
        assert by["direct"] == pytest.approx(4.3835, abs=1e-9)
        assert by["zero"] == 0 and [r.name for r in met] == ["full", "direct"]

    def test_at_most_target_swaps_ratio(self):
        """Leakage ≤ 12%, actual 13.5%: ratio 5 × 12/13.5 = 4.444…"""
        a = Fraction("13.5")
        _, unmet, _, _ = score_readings(Fraction(5), "<=", Fraction(12), (a, a), percent=True)
        assert float(next(r.lo for r in unmet if r.name == "ratio")) == pytest.approx(4.4444, abs=1e-4)

    def test_per_point_rule(self):
        """每低于 1 个百分点扣 0.5 分: t = 95, a = 92 → 5 − 1.5 = 3.5."""
        a = Fraction(92)
        _, unmet, _, _ = score_readings(Fraction(5), ">=", Fraction(95), (a, a), percent=True,
                                        per_point=(Fraction(1), Fraction("0.5")))
        reading = next(r for r in unmet if r.name == "per_point")
        assert reading.lo == reading.hi == Fraction("3.5")


class TestCochranSizes:
    def test_textbook_value(self):
        """95%, e = 5%, p = 0.5: 1.96² × 0.25 / 0.05² = 384.16."""
        assert cochran_sizes(Fraction("1.96"), Fraction(1, 4), Fraction(5, 100), None) == {
            "n0": Fraction("384.16")}

    def test_finite_population_corrections(self):
        """N = 31,600: 384.16/(1 + 383.16/31600) = 379.558, 384.16/(1 + 384.16/31600) = 379.546."""
        sizes = cochran_sizes(Fraction("1.96"), Fraction(1, 4), Fraction(5, 100), 31600)
        assert float(sizes["fpc_cochran"]) == pytest.approx(379.5577, abs=1e-4)
        assert float(sizes["fpc_simple"]) == pytest.approx(379.5459, abs=1e-4)


class TestZMatches:
    @pytest.mark.parametrize(("printed", "level"), [
        ("1.645", 0.90), ("1.65", 0.90), ("1.64", 0.90), ("1.96", 0.95), ("2.576", 0.99),
        ("2.58", 0.99)])
    def test_common_printings_accepted(self, printed, level):
        """Every usual printing of a two-sided z fits its level."""
        assert z_matches(Printed.parse(printed), normal_quantile(level))

    def test_one_sided_value_rejected(self):
        """1.2816 is z₀.₉₀ one-sided, not the two-sided 90% value 1.645."""
        assert not z_matches(Printed.parse("1.2816"), normal_quantile(0.90))
        assert z_matches(Printed.parse("1.2816"), normal_quantile(0.80))
