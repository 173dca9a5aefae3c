"""不了解 (code 9) was averaged in as a scale point: `survey reliability dk.csv --items a,b,c`
gave α = 0.380 on 200 respondents where the instrument path gave 0.782 on 160, and so did the
README's `survey.cronbach_alpha(screening.valid, [...])`. Now no documented path computes
with a declared missing code, and an undeclared far code is refused with the way to declare
it. The reference α is computed here by hand from the covariance matrix of the rows without
a 9 (and checked against pingouin)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import survey
from survey.errors import ParameterError
from survey.stats.missing_codes import far_codes

INSTRUMENT = """id: dk
title: 测试问卷
group: {id: g, name: 受访群众}
sections:
  - id: s1
    title: 评价
    questions:
      - id: q_sat
        type: likert_matrix
        text: 请评价
        scale: sat5_dk
        items:
          - {id: a, text: 服务态度}
          - {id: b, text: 服务效率}
          - {id: c, text: 服务环境}
"""


def _data(seed: int = 7) -> pd.DataFrame:
    """200 respondents on a 1–5 scale, one factor; 40 answered 9 (不了解) to item a."""
    rng = np.random.default_rng(seed)
    latent = rng.normal(size=200)
    cols = {k: np.clip(np.rint(3 + latent + 0.7 * rng.normal(size=200)), 1, 5)
            for k in "abc"}
    frame = pd.DataFrame(cols).astype(int)
    frame.loc[rng.choice(200, 40, replace=False), "a"] = 9
    frame.insert(0, "respondent_id", [f"R{i:03d}" for i in range(200)])
    return frame


def _alpha_by_hand(frame: pd.DataFrame) -> tuple[float, int]:
    """k/(k−1)·(1 − tr C/ΣC) over the rows with no 9."""
    clean = frame[["a", "b", "c"]]
    clean = clean[(clean != 9).all(axis=1)]
    c = np.cov(clean.to_numpy(dtype=float), rowvar=False)
    return 3 / 2 * (1 - np.trace(c) / c.sum()), len(clean)


@pytest.fixture
def dk(tmp_path):
    frame = _data()
    (tmp_path / "dk.yaml").write_text(INSTRUMENT, encoding="utf-8")
    frame.to_csv(tmp_path / "dk.csv", index=False)
    return tmp_path, frame


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "survey", "reliability", *args],
                          capture_output=True, text=True, check=False)


class TestDeclaredCodes:
    def test_reference_value_agrees_with_pingouin(self, dk):
        _, frame = dk
        expected, n = _alpha_by_hand(frame)
        clean = frame[["a", "b", "c"]].replace(9, np.nan).dropna()
        assert n == 160
        assert pg.cronbach_alpha(clean)[0] == pytest.approx(expected, abs=1e-12)

    def test_api_with_missing_values(self, dk):
        _, frame = dk
        expected, n = _alpha_by_hand(frame)
        alpha = survey.cronbach_alpha(frame, ["a", "b", "c"], missing_values=[9])
        assert alpha.alpha == pytest.approx(expected, abs=1e-12) and alpha.n_respondents == n

    def test_api_per_item_mapping(self, dk):
        _, frame = dk
        expected, _ = _alpha_by_hand(frame)
        alpha = survey.cronbach_alpha(frame, ["a", "b", "c"], missing_values={"a": [9]})
        assert alpha.alpha == pytest.approx(expected, abs=1e-12)

    def test_readme_path_through_read_responses_and_screening(self, dk):
        """The README's lines: read with the instrument, screen, α of screening.valid."""
        folder, frame = dk
        instrument = survey.load_instrument(folder / "dk.yaml")
        responses = survey.read_responses(folder / "dk.csv", instrument)
        screening = survey.screen_responses(responses, instrument)
        expected, n = _alpha_by_hand(frame)
        alpha = survey.cronbach_alpha(screening.valid, ["a", "b", "c"])
        assert alpha.alpha == pytest.approx(expected, abs=1e-12) and alpha.n_respondents == n
        kmo = survey.kmo(screening.valid, ["a", "b", "c"])
        clean = frame[["a", "b", "c"]].replace(9, np.nan)
        assert kmo.overall == pytest.approx(
            survey.kmo(clean, ["a", "b", "c"]).overall, abs=1e-12)

    def test_instrument_path_agrees(self, dk):
        folder, frame = dk
        instrument = survey.load_instrument(folder / "dk.yaml")
        responses = survey.read_responses(folder / "dk.csv", instrument)
        expected, _ = _alpha_by_hand(frame)
        result = survey.instrument_reliability(responses, instrument)
        assert result.alpha.alpha == pytest.approx(expected, abs=1e-12)


class TestUndeclaredCodes:
    def test_api_refuses_a_far_code(self, dk):
        _, frame = dk
        with pytest.raises(ParameterError) as info:
            survey.cronbach_alpha(frame, ["a", "b", "c"])
        assert info.value.code == "undeclared_missing_code" and info.value.column == "a"
        assert "missing_values=[9]" in str(info.value)

    @pytest.mark.parametrize("function", ["kmo", "bartlett_sphericity", "item_statistics",
                                          "scale_reliability"])
    def test_every_scale_statistic_refuses(self, dk, function):
        _, frame = dk
        with pytest.raises(ParameterError):
            getattr(survey, function)(frame, ["a", "b", "c"])

    def test_cli_refuses_with_file_column_and_the_option(self, dk):
        folder, _ = dk
        out = _cli(str(folder / "dk.csv"), "--items", "a,b,c")
        assert out.returncode == 2 and "Traceback" not in out.stderr
        assert "dk.csv" in out.stderr and "'a'" in out.stderr
        assert "--missing-values 9" in out.stderr

    def test_cli_with_missing_values_gives_the_instrument_figure(self, dk):
        import json

        folder, frame = dk
        expected, n = _alpha_by_hand(frame)
        declared = json.loads(_cli(str(folder / "dk.csv"), "--items", "a,b,c",
                                   "--missing-values", "9", "--json").stdout)
        by_instrument = json.loads(_cli(str(folder / "dk.csv"), "--instrument",
                                        str(folder / "dk.yaml"), "--json").stdout)
        assert declared["alpha"] == pytest.approx(expected, abs=1e-12) and declared["n_respondents"] == n
        assert by_instrument["alpha"] == pytest.approx(expected, abs=1e-12)

    def test_cli_rejects_a_bad_code_list(self, dk):
        folder, _ = dk
        out = _cli(str(folder / "dk.csv"), "--items", "a,b,c", "--missing-values", "x")
        assert out.returncode == 2 and "9,99" in out.stderr


class TestFarCodes:
    @pytest.mark.parametrize(("values", "far"), [
        ([1, 2, 3, 4, 5, 9], (9.0,)),
        ([1, 2, 3, 4, 5, 6, 7, 99, 98], (98.0, 99.0)),
        ([-3, 1, 2, 3, 4, 5], (-3.0,)),
        ([1, 2, 3, 4, 5], ()),
        ([1, 2, 4, 5], ()),            # a level nobody chose
        ([1, 5], ()),                  # no run of three codes to stand beside
        ([0, 2, 4, 6, 8, 10], ()),     # a 0–10 rating answered in even numbers
        ([1, 3, 4, 7], ()),            # 7 on a 1–7 scale, few answers
        ([1, 2, 3, 12], ()),           # 12 is no missing code
        ([1.5, 2.5, 9.0], ()),         # not codes
    ])
    def test_cases(self, values, far):
        assert far_codes(np.array(values, dtype=float)) == far

    @settings(max_examples=300)
    @given(st.integers(-2, 3), st.lists(st.integers(1, 2), min_size=2, max_size=10))
    def test_codes_without_a_wide_gap_are_never_far(self, start, steps):
        """Codes that climb by 1 or 2 (a scale, levels nobody chose included) pass."""
        codes = np.cumsum([start, *steps]).astype(float)
        assert far_codes(np.repeat(codes, 2)) == ()

    def test_a_declared_scale_range_decides(self):
        """With the scale's range given, 9 on a 1–9 rating passes, and a code outside the
        range is refused whatever it is."""
        frame = pd.DataFrame({"a": [1, 2, 3, 9], "b": [2, 3, 1, 8], "c": [1, 3, 2, 9]})
        with pytest.raises(ParameterError):
            survey.cronbach_alpha(frame)
        assert survey.cronbach_alpha(frame, scale_range=(1, 9)).alpha is not None
        with pytest.raises(ParameterError) as info:
            survey.cronbach_alpha(frame, scale_range=(1, 7))
        assert info.value.column == "a"

    def test_an_explicit_empty_declaration_is_the_callers_word(self):
        frame = pd.DataFrame({"a": [1, 2, 3, 9], "b": [2, 3, 1, 8], "c": [1, 3, 2, 9]})
        assert survey.cronbach_alpha(frame, missing_values=[]).n_respondents == 4
