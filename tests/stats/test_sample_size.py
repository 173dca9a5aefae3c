"""Sample size and margin of error: the standard values, hand arithmetic, and the CLI."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from survey.cli import main
from survey.errors import ParameterError
from survey.stats.sample_size import margin_of_error, sample_size

Z95 = 1.959963984540054


class TestSampleSize:
    @pytest.mark.parametrize(("population", "expected"), [(None, 385), (10_000, 370), (1_000, 278)])
    def test_standard_values(self, population, expected):
        """±5 %, 95 %, p = 0.5: 385 without a population, 370 for 10,000, 278 for 1,000."""
        assert sample_size(population=population).n_complete == expected

    def test_n0_by_hand(self):
        """n0 = 1.959964² · 0.25 / 0.0025 = 384.146."""
        r = sample_size()
        assert r.n0 == pytest.approx(Z95**2 * 0.25 / 0.0025) and round(r.n0, 3) == 384.146

    def test_finite_population_by_hand(self):
        """N = 1,000: 384.146 / (1 + 383.146 / 1000) = 277.73 → 278."""
        r = sample_size(population=1_000)
        assert r.n_exact == pytest.approx(r.n0 / (1 + (r.n0 - 1) / 1000))

    def test_issue_count_rounds_up(self):
        """278 at an 80 % response rate: 278 / 0.8 = 347.5 → 348."""
        assert sample_size(population=1_000, response_rate=0.8).n_issue == 348

    def test_exact_quotient_is_not_bumped(self):
        """697 / 0.85 is 820 exactly: float noise must not make it 821."""
        assert sample_size(population=2_000, margin=0.03, response_rate=0.85).n_issue == 820

    def test_never_more_than_the_population(self):
        assert sample_size(population=20).n_complete <= 20

    def test_formula_is_stated(self):
        assert "n0 = z²·p·(1−p)/e²" in sample_size().formula

    @pytest.mark.parametrize("kwargs", [{"margin": 0}, {"margin": 1.5}, {"confidence": 1},
                                        {"expected_rate": 0}, {"response_rate": 0},
                                        {"population": 0}, {"population": 10.5}])
    def test_out_of_range_is_a_parameter_error(self, kwargs):
        with pytest.raises(ParameterError):
            sample_size(**kwargs)

    @given(st.integers(min_value=2, max_value=200_000), st.floats(min_value=0.01, max_value=0.2))
    def test_the_size_achieves_the_margin(self, population, margin):
        """The margin of error of n_complete (with FPC) is at most the margin asked for."""
        r = sample_size(population=population, margin=margin)
        assert margin_of_error(r.n_complete, population=population) <= margin + 1e-12


class TestMarginOfError:
    def test_by_hand(self):
        """n = 46: 1.959964 · √(0.25/46) = 0.14449; N = 50: × √(4/49)."""
        assert margin_of_error(46) == pytest.approx(Z95 * math.sqrt(0.25 / 46))
        assert margin_of_error(46, population=50) == pytest.approx(
            Z95 * math.sqrt(0.25 / 46) * math.sqrt(4 / 49))

    def test_census_has_no_sampling_error(self):
        assert margin_of_error(50, population=50) == 0

    def test_no_answers_no_margin(self):
        assert margin_of_error(0) is None

    def test_sample_larger_than_population_is_an_error(self):
        with pytest.raises(ParameterError) as info:
            margin_of_error(60, population=50)
        assert info.value.code == "sample_exceeds_population"


class TestSampleSizeCommand:
    @pytest.mark.parametrize(("args", "expected"), [([], 385), (["--population", "10000"], 370),
                                                    (["--population", "1000"], 278)])
    def test_json_gives_the_standard_values(self, args, expected, capsys):
        assert main(["sample-size", *args, "--json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["n_complete"] == expected and data["n_issue"] == expected
        assert "formula" in data

    def test_percent_inputs_and_response_rate(self, capsys):
        """±3 %, N = 2,000, 85 % response: 697 complete, 820 to hand out."""
        assert main(["sample-size", "--population", "2000", "--margin", "3%",
                     "--response-rate", "85%"]) == 0
        out = capsys.readouterr().out
        assert "n_complete = 697" in out and "n_issue    = 820" in out

    def test_achieved_margin(self, capsys):
        assert main(["sample-size", "--population", "50", "--achieved", "46", "--json"]) == 0
        a = json.loads(capsys.readouterr().out)["achieved"]
        assert a["margin_fpc"] == pytest.approx(Z95 * math.sqrt(0.25 / 46) * math.sqrt(4 / 49))

    def test_bad_value_exits_2_without_traceback(self, capsys):
        assert main(["sample-size", "--margin", "0"]) == 2
        err = capsys.readouterr().err
        assert "margin" in err and "Traceback" not in err
