"""Answer patterns: straight-lining, speeding, Mahalanobis outliers."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.distance import mahalanobis as scipy_mahalanobis
from scipy.stats import chi2

from survey.screening.patterns import longest_run, mahalanobis, speeding, straight_lining

NAN = np.nan


class TestLongestRun:
    def test_hand_counted_runs(self):
        """5 5 4 4 4 3 → 3; 1 2 3 4 5 5 → 2; a gap breaks a run."""
        block = np.array([[5, 5, 4, 4, 4, 3], [1, 2, 3, 4, 5, 5], [2, 2, NAN, 2, 2, 2]])
        assert longest_run(block).tolist() == [3, 2, 3]

    def test_all_missing_is_zero(self):
        """No answers, no run."""
        assert longest_run(np.full((1, 3), NAN)).tolist() == [0]


class TestStraightLining:
    def test_one_answer_to_every_item(self, mini, frame):
        """Only the respondent with six 3s is found by default."""
        f = frame(3, **{f"sat_{j}": [3.0, 4.0, 4.0] for j in range(1, 7)})
        f.loc[3, "sat_6"] = 5.0
        f.loc[4, ["sat_1", "sat_2"]] = 5.0
        table = straight_lining(f, mini)
        assert table[["row", "column", "value"]].values.tolist() == [[2, "q_sat", "3"]]
        assert table["detail"].iloc[0] == ("6 of 6 items in a row with the same answer (3); "
                                           "within-person SD 0")

    def test_shorter_run_when_set(self, mini, frame):
        """min_run=5 finds 4 4 4 4 4 5 (a run of five) too."""
        f = frame(2, **{f"sat_{j}": [4.0, 4.0] for j in range(1, 7)})
        f.loc[3, "sat_6"] = 5.0
        f.loc[2, "sat_1"] = 1.0
        f.loc[2, "sat_4"] = 1.0
        assert straight_lining(f, mini, min_run=5)["row"].tolist() == [3]

    def test_within_person_sd(self, mini, frame):
        """max_sd=0.5 finds 4 4 4 5 5 5 (population SD 0.5), not 1 5 1 5 1 5 (SD 2)."""
        f = frame(2)
        f.loc[2, [f"sat_{j}" for j in range(1, 7)]] = [4, 4, 4, 5, 5, 5]
        f.loc[3, [f"sat_{j}" for j in range(1, 7)]] = [1, 5, 1, 5, 1, 5]
        table = straight_lining(f, mini, max_sd=0.5)
        assert table["row"].tolist() == [2]
        assert table["detail"].iloc[0].endswith("within-person SD 0.5")

    def test_incomplete_matrices_are_not_judged(self, mini, frame):
        """Five 4s and a blank is not straight-lining."""
        f = frame(1, **{f"sat_{j}": [4.0] for j in range(1, 7)})
        f.loc[2, "sat_3"] = NAN
        assert straight_lining(f, mini).empty

    def test_small_matrices_are_skipped(self, mini, frame):
        """With min_items=7 the six-item matrix is not checked."""
        f = frame(1, **{f"sat_{j}": [4.0] for j in range(1, 7)})
        assert straight_lining(f, mini, min_items=7).empty


class TestSpeeding:
    def test_fraction_of_the_median(self, mini, frame):
        """Median of 40, 300, 330, 360 is 315; a third of it is 105: 40 is too fast."""
        f = frame(4, duration_seconds=[40.0, 300.0, 330.0, 360.0])
        table = speeding(f, mini)
        assert table[["row", "value"]].values.tolist() == [[2, "40"]]
        assert table["detail"].iloc[0] == ("completed in 40 s, under 105 s "
                                           "(33.3% of the median, 315 s)")

    def test_the_higher_threshold_applies(self, mini, frame):
        """min_seconds=120 beats a third of the median (105): 100 is too fast too."""
        f = frame(4, duration_seconds=[100.0, 300.0, 330.0, 360.0])
        assert speeding(f, mini, min_seconds=120)["row"].tolist() == [2]
        assert speeding(f, mini)["row"].tolist() == [2]
        assert speeding(f, mini, min_seconds=None, median_fraction=None).empty

    def test_no_times_no_findings(self, mini, frame):
        """Without a duration column nothing is found."""
        assert speeding(frame(2), mini).empty


class TestMahalanobis:
    def test_matches_scipy_and_the_chi2_cutoff(self, mini, frame):
        """D² equals scipy's squared distance; only rows beyond χ²(0.999, 6) are found."""
        rng = np.random.default_rng(7)
        n = 200
        values = np.clip(np.rint(4 + rng.normal(size=(n, 6)) * 0.7), 1, 5)
        values[0] = [5, 1, 5, 1, 5, 1]
        f = frame(n, **{f"sat_{j}": values[:, j - 1] for j in range(1, 7)})
        table = mahalanobis(f, mini)
        inverse = np.linalg.inv(np.cov(values, rowvar=False))
        d2 = np.array([scipy_mahalanobis(v, values.mean(axis=0), inverse) ** 2 for v in values])
        expected = (np.flatnonzero(d2 > chi2.ppf(0.999, 6)) + 2).tolist()
        assert 2 in expected
        assert table["row"].tolist() == expected
        assert float(table["value"].iloc[0]) == pytest.approx(d2[0], abs=0.005)

    def test_too_few_rows(self, mini, frame):
        """Fewer complete rows than items + 2 give nothing."""
        assert mahalanobis(frame(5), mini).empty
