"""Satisfaction conventions on one item, checked against values computed by hand.

The worked sample used throughout (five-point scale, 9 = 不了解 excluded, one missing):
answers 5, 5, 4, 4, 4, 3, 2, 1, 9, 9, NaN → 8 valid answers, 5 of them satisfied (5 or 4).
By hand: top-two-box 5/8 = 0.625; 100/80/60/40/20 → 560/8 = 70; 100/80/60/30/0 → 530/8 =
66.25; 100/75/50/25/0 → 500/8 = 62.5; mean 28/8 = 3.5 (SD √2); mean/5×100 = 70;
(mean−1)/4×100 = 62.5.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from survey.errors import ParameterError, Reason
from survey.stats.conventions import (
    NAMED_MAPPINGS,
    Convention,
    answer_scores,
    clopper_pearson_interval,
    item_estimate,
    mean_interval,
    proportion_interval,
    scale_levels,
)

SAT5 = [5, 4, 3, 2, 1, 9]
SAMPLE = pd.Series([5, 5, 4, 4, 4, 3, 2, 1, 9, 9, np.nan])
Z95 = 1.959963984540054


def estimate(convention: Convention, answers: pd.Series = SAMPLE, **kw):
    return item_estimate(answers, SAT5, [5, 4], [9], convention=convention, **kw)


class TestConventionOf:
    def test_named_mappings_are_the_three_in_use(self):
        """100/80/60/40/20, 100/80/60/30/0 and 100/75/50/25/0, most satisfied first."""
        assert NAMED_MAPPINGS == {
            "100/80/60/40/20": (100, 80, 60, 40, 20),
            "100/80/60/30/0": (100, 80, 60, 30, 0),
            "100/75/50/25/0": (100, 75, 50, 25, 0),
        }

    def test_custom_list_is_labelled_custom(self):
        """A list that is not a named mapping says so in its label."""
        conv = Convention.of("weighted_100", [100, 70, 40, 10, 0])
        assert conv.label() == "weighted_100(custom:100/70/40/10/0)"

    def test_a_list_equal_to_a_named_mapping_takes_its_name(self):
        """[100, 80, 60, 30, 0] is the named 100/80/60/30/0 mapping."""
        assert Convention.of("weighted_100", [100, 80, 60, 30, 0]).mapping == "100/80/60/30/0"

    def test_weighted_without_mapping_is_an_error(self):
        """weighted_100 never picks a mapping silently."""
        with pytest.raises(ParameterError) as info:
            Convention.of("weighted_100")
        assert info.value.code == "mapping_missing"

    def test_mapping_on_another_convention_is_an_error(self):
        """A mapping given to top_two_box would be ignored: refuse it."""
        with pytest.raises(ParameterError):
            Convention.of("top_two_box", "100/80/60/40/20")

    def test_unknown_convention_names_the_known_ones(self):
        with pytest.raises(ParameterError) as info:
            Convention.of("net_promoter")
        assert "top_two_box" in str(info.value) and "net_promoter" in str(info.value)

    def test_rising_points_are_refused(self):
        """Points must not rise from the most to the least satisfied level."""
        with pytest.raises(ParameterError):
            Convention.of("weighted_100", "20/40/60/80/100")

    def test_labels_name_every_convention(self):
        """Each label says how the figure was computed, with the scale's k."""
        assert [Convention.of(n).label(5) for n in ("top_two_box", "mean", "mean_percent",
                                                    "mean_rescaled")] == [
            "top_two_box", "mean", "mean_percent(mean/5×100)", "mean_rescaled((mean−1)/4×100)"]

    def test_units(self):
        """Shares for the rate, points for the 100-point scores, scale for the mean."""
        assert [Convention.of(n, "100/80/60/40/20" if n == "weighted_100" else None).unit
                for n in ("top_two_box", "weighted_100", "mean", "mean_percent",
                          "mean_rescaled")] == ["share", "points", "scale", "points", "points"]


class TestScaleLevels:
    def test_satisfied_codes_set_the_direction(self):
        """A scale printed 1 = 满意 … 3 = 不满意 runs 3, 2, 1 from least to most favourable."""
        assert scale_levels([1, 2, 3], [1]) == ((3, 2, 1), (1,))

    def test_excluded_codes_are_not_levels(self):
        assert scale_levels(SAT5, [5, 4], [9])[0] == (1, 2, 3, 4, 5)

    def test_reverse_item_mirrors_levels_and_satisfied_codes(self):
        """On a reverse-keyed item 1 and 2 are the favourable answers."""
        assert scale_levels(SAT5, [5, 4], [9], reverse=True) == ((5, 4, 3, 2, 1), (1, 2))

    def test_without_satisfied_codes_higher_is_better(self):
        assert scale_levels([3, 1, 2], []) == ((1, 2, 3), ())


class TestAnswerScores:
    def test_top_two_box_scores_one_for_satisfied(self):
        scores = answer_scores(pd.Series([5, 4, 3, 9]), (1, 2, 3, 4, 5), (5, 4), Convention())
        assert scores.tolist()[:3] == [1.0, 1.0, 0.0] and math.isnan(scores.iloc[3])

    def test_mean_rescaled_runs_zero_to_hundred(self):
        scores = answer_scores(pd.Series([1, 2, 3, 4, 5]), (1, 2, 3, 4, 5), (5, 4),
                               Convention.of("mean_rescaled"))
        assert scores.tolist() == [0.0, 25.0, 50.0, 75.0, 100.0]

    def test_mapping_with_wrong_number_of_levels_is_an_error(self):
        """A five-point mapping on a three-level scale cannot be applied."""
        with pytest.raises(ParameterError) as info:
            answer_scores(pd.Series([3]), (1, 2, 3), (3, 2),
                          Convention.of("weighted_100", "100/80/60/40/20"))
        assert info.value.code == "mapping_levels"

    @given(st.lists(st.one_of(st.integers(-3, 12), st.floats(-3, 12), st.none()), max_size=40),
           st.lists(st.integers(0, 10), min_size=2, max_size=7, unique=True),
           st.sampled_from(["top_two_box", "mean", "mean_rescaled"]))
    def test_equals_a_lookup_answer_by_answer(self, answers, levels, name):
        """Each answer scores its level's value; non-levels, fractions and blanks are NaN."""
        levels = tuple(sorted(levels))
        satisfied = levels[-2:]
        convention = Convention.of(name)
        if name == "top_two_box":
            values = {c: float(c in satisfied) for c in levels}
        else:
            values = dict(zip(levels, convention.level_values(len(levels)), strict=True))
        expected = [values.get(int(a), math.nan) if a is not None and float(a).is_integer()
                    else math.nan for a in answers]
        scores = answer_scores(pd.Series(answers, dtype=float), levels, satisfied, convention)
        np.testing.assert_array_equal(scores.to_numpy(), np.array(expected, dtype=float))


class TestItemEstimate:
    def test_top_two_box_by_hand(self):
        """5 satisfied of 8 valid answers; the two 不了解 are out of the denominator."""
        r = estimate(Convention())
        assert (r["n"], r["n_satisfied"], r["n_excluded"], r["value"]) == (8, 5, 2, 0.625)
        assert r["convention"] == "top_two_box" and r["unit"] == "share"

    def test_top_two_box_wilson_interval_by_formula(self):
        """Wilson (1927): (p + z²/2n ± z√(p(1−p)/n + z²/4n²)) / (1 + z²/n) with p = 5/8."""
        p, n, z2 = 0.625, 8, Z95**2
        centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
        r = estimate(Convention())
        assert r["ci_low"] == pytest.approx(centre - half, abs=1e-12)
        assert r["ci_high"] == pytest.approx(centre + half, abs=1e-12)
        assert r["interval"] == "wilson"

    @pytest.mark.parametrize(("mapping", "expected"), [
        ("100/80/60/40/20", 70.0), ("100/80/60/30/0", 66.25), ("100/75/50/25/0", 62.5)])
    def test_weighted_100_by_hand(self, mapping, expected):
        r = estimate(Convention.of("weighted_100", mapping))
        assert r["value"] == pytest.approx(expected)
        assert r["convention"] == f"weighted_100({mapping})" and r["unit"] == "points"

    def test_mean_by_hand(self):
        """28 / 8 = 3.5, SD √2; t interval 3.5 ± t(7)·√2/√8 = 3.5 ± 2.364624·0.5."""
        r = estimate(Convention.of("mean"))
        assert r["value"] == 3.5 and r["sd"] == pytest.approx(math.sqrt(2))
        assert r["ci_low"] == pytest.approx(3.5 - 2.364624252 * 0.5, abs=1e-8)
        assert r["ci_high"] == pytest.approx(3.5 + 2.364624252 * 0.5, abs=1e-8)
        assert r["interval"] == "t"

    def test_mean_percent_by_hand(self):
        """3.5 / 5 × 100 = 70."""
        assert estimate(Convention.of("mean_percent"))["value"] == pytest.approx(70.0)

    def test_mean_rescaled_by_hand(self):
        """(3.5 − 1) / 4 × 100 = 62.5."""
        assert estimate(Convention.of("mean_rescaled"))["value"] == pytest.approx(62.5)

    def test_three_level_custom_mapping(self):
        """满意 100 / 基本满意 60 / 不满意 0 on answers 3, 2, 1, 1 → 160 / 4 = 40."""
        r = item_estimate(pd.Series([3, 2, 1, 1]), [3, 2, 1], [3, 2],
                          convention=Convention.of("weighted_100", "100/60/0"))
        assert r["value"] == pytest.approx(40.0)

    def test_all_dont_know_gives_no_rate_with_a_reason(self):
        """Every answer 不了解: no figure, reason all_excluded."""
        r = estimate(Convention(), pd.Series([9, 9, 9]))
        assert r["value"] is None and r["ci_low"] is None and r["n"] == 0
        assert r["reason"] is Reason.ALL_EXCLUDED and r["n_excluded"] == 3

    def test_no_answers_gives_no_rate_with_a_reason(self):
        r = estimate(Convention(), pd.Series([np.nan, np.nan]))
        assert r["value"] is None and r["reason"] is Reason.NO_VALID_ANSWERS

    def test_out_of_scale_code_is_not_in_the_denominator(self):
        """A mistyped 0 is counted apart, not as a dissatisfied answer."""
        r = estimate(Convention(), pd.Series([5, 0]))
        assert (r["n"], r["value"], r["n_out_of_scale"]) == (1, 1.0, 1)

    def test_reverse_item(self):
        """Reverse-keyed answers 1, 1, 2 are all satisfied; mean level (5 + 5 + 4) / 3."""
        answers = pd.Series([1, 1, 2])
        assert item_estimate(answers, SAT5, [5, 4], [9], reverse=True)["value"] == 1.0
        r = item_estimate(answers, SAT5, [5, 4], [9], reverse=True,
                          convention=Convention.of("mean"))
        assert r["value"] == pytest.approx(14 / 3)

    def test_clopper_pearson_on_request(self):
        """The exact interval replaces Wilson's and says so."""
        r = estimate(Convention(), interval="clopper_pearson")
        assert r["interval"] == "clopper_pearson"
        assert r["ci_low"] == pytest.approx(stats.beta.ppf(0.025, 5, 4))
        assert r["ci_high"] == pytest.approx(stats.beta.ppf(0.975, 6, 3))

    def test_one_answer_mean_has_no_interval(self):
        r = estimate(Convention.of("mean"), pd.Series([4]))
        assert r["value"] == 4.0 and r["ci_low"] is None and r["ci_high"] is None

    @given(st.lists(st.sampled_from([1, 2, 3, 4, 5, 9]), min_size=1, max_size=40))
    def test_rate_lies_in_its_interval_and_in_zero_one(self, answers):
        """For any answers: 0 ≤ ci_low ≤ rate ≤ ci_high ≤ 1 and n_satisfied ≤ n."""
        r = estimate(Convention(), pd.Series(answers))
        if r["value"] is None:
            assert set(answers) == {9}
        else:
            assert 0 <= r["ci_low"] <= r["value"] <= r["ci_high"] <= 1
            assert r["n_satisfied"] <= r["n"]


class TestClopperPearsonInterval:
    def test_published_value_five_of_ten(self):
        """R: binom.test(5, 10)$conf.int = 0.1870860 0.8129140."""
        low, high = clopper_pearson_interval(5, 10)
        assert (round(low, 7), round(high, 7)) == (0.1870860, 0.8129140)

    def test_zero_successes_closed_form(self):
        """x = 0: [0, 1 − (γ/2)^(1/n)] — Newcombe (1998) 0/20: 0–0.1684."""
        low, high = clopper_pearson_interval(0, 20)
        assert low == 0 and high == pytest.approx(1 - 0.025 ** (1 / 20)) and round(high, 4) == 0.1684

    def test_all_successes_closed_form(self):
        """x = n: [(γ/2)^(1/n), 1]."""
        low, high = clopper_pearson_interval(29, 29)
        assert high == 1 and low == pytest.approx(0.025 ** (1 / 29))


class TestProportionInterval:
    @pytest.mark.parametrize(("k", "n", "low", "high"), [
        (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718)])
    def test_wilson_matches_newcombe_1998(self, k, n, low, high):
        """Newcombe (1998), Statistics in Medicine 17, Table II, method 3 (score interval)."""
        lo, hi = proportion_interval(k, n)
        assert (round(lo, 4), round(hi, 4)) == (low, high)


class TestMeanInterval:
    def test_by_hand(self):
        """80 ± t(24)·20/5 = 80 ± 2.063899·4."""
        low, high = mean_interval(80.0, 20.0, 25)
        assert low == pytest.approx(80 - 2.063898562 * 4) and high == pytest.approx(80 + 2.063898562 * 4)

    def test_clipped_to_bounds(self):
        assert mean_interval(98.0, 10.0, 4, bounds=(0, 100))[1] == 100

    def test_undefined_below_two(self):
        assert mean_interval(3.0, 0.0, 1) is None
