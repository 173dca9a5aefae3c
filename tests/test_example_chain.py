"""The bundled example through the whole chain, checked against figures computed here
independently (pandas and pingouin on the raw files), never against the toolkit's own output."""

from __future__ import annotations

import importlib.util
import json
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pingouin as pg
import pytest

from tests.conftest import ROOT


def _generator():
    spec = importlib.util.spec_from_file_location("generate", ROOT / "analyses/data/generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _independent_valid_residents() -> pd.DataFrame:
    """Residents' rows minus the planted defects that must be set aside (by id / position)."""
    raw = pd.read_csv(ROOT / "analyses/data/residents.csv", encoding="gbk")
    aside = {rid for g, rid, rule in _generator().DEFECTS
             if g == "residents" and rule in ("out_of_scale", "missing_required")}
    keep = ~raw["respondent_id"].isin(aside) & ~raw["respondent_id"].duplicated(keep="first")
    return raw[keep]


def _independent_valid_staff() -> pd.DataFrame:
    raw = pd.read_excel(ROOT / "analyses/data/staff.xlsx", engine="openpyxl")
    aside = {rid for g, rid, _ in _generator().DEFECTS if g == "staff"}
    return raw[~raw["respondent_id"].isin(aside)]


SAT = [f"sat_{j}" for j in range(1, 7)]


class TestExampleScreening:
    def test_sets_aside_exactly_the_planted_blocking_defects(self, example_results):
        """Out-of-scale codes, unanswered required items and the repeated id are set aside."""
        residents = example_results.group("residents").screening
        assert sorted(residents.set_aside["respondent_id"]) == sorted(
            ["R0017", "R0088", "R0203", "R0064", "R0230", "R0150"])
        assert len(residents.valid) == len(_independent_valid_residents()) == 300

    def test_flags_straight_liners_and_skip_violation_without_dropping_them(self, example_results):
        """Flag-only rules report the planted rows and keep them valid."""
        s = example_results.group("residents").screening
        flagged = s.problems[s.problems["action"] == "flag"]
        assert {"R0040", "R0121"} <= set(flagged.loc[flagged["rule"] == "straight_lining", "respondent_id"])
        assert list(flagged.loc[flagged["rule"] == "skip_violation", "respondent_id"]) == ["R0275"]
        assert "R0040" in set(s.valid["respondent_id"])

    def test_valid_and_set_aside_partition_the_input(self, example_results):
        """Nothing is dropped silently: the valid and set-aside questionnaires are the rows
        of the file, read again here."""
        from survey.analysis import load_analysis
        from survey.instrument.load import load_instrument
        from survey.responses import read_responses

        spec = load_analysis(ROOT / "analyses/example.yaml")
        for g, group in zip(example_results.groups, spec.groups, strict=True):
            s = g.screening
            read = read_responses(group.responses, load_instrument(group.instrument),
                                  encoding=group.encoding, sheet=group.sheet,
                                  column_map=group.column_map)
            assert len(s.valid) + len(s.set_aside) == g.returned == len(read)
            assert set(s.valid.index).isdisjoint(s.set_aside.index)
            assert s.reasons["reason"].str.len().gt(0).all()
            assert sorted([*s.valid.index, *s.set_aside.index]) == list(read.index)

    def test_fieldwork_rates(self, example_results):
        """回收率 306/320 and 有效率 300/306 for residents."""
        fw = example_results.group("residents").screening.fieldwork
        assert (fw.issued, fw.returned, fw.valid) == (320, 306, 300)
        assert fw.return_rate == pytest.approx(306 / 320)
        assert fw.valid_rate == pytest.approx(300 / 306)
        assert fw.problems == ()


class TestExampleStatistics:
    def test_alpha_matches_pingouin_on_independently_screened_rows(self, example_results):
        """Raw α of the six residents' items equals pingouin's on the same 300 rows."""
        valid = _independent_valid_residents()
        expected, _ = pg.cronbach_alpha(valid[SAT].astype(float))
        assert example_results.group("residents").alpha.alpha == pytest.approx(expected, abs=1e-12)

    def test_corrected_item_total_matches_pandas(self, example_results):
        """CITC = r(item, sum of the other items), computed here with pandas."""
        valid = _independent_valid_residents()[SAT].astype(float)
        table = example_results.group("residents").item_stats.set_index("item")
        for item in SAT:
            rest = valid.drop(columns=item).sum(axis=1)
            assert table.loc[item, "corrected_item_total_r"] == pytest.approx(
                valid[item].corr(rest), abs=1e-12)

    def test_item_rates_are_top_two_box_over_valid_answers(self, example_results):
        """满意率 = (5 or 4) / answers, per item."""
        valid = _independent_valid_residents()
        sat = example_results.group("residents").satisfaction.set_index("item")
        for item in SAT:
            assert sat.loc[item, "value"] == pytest.approx((valid[item] >= 4).mean())
            assert sat.loc[item, "n"] == len(valid)

    def test_overall_is_mean_of_item_rates(self, example_results):
        valid = _independent_valid_residents()
        expected = sum((valid[i] >= 4).mean() for i in SAT) / 6
        sat = example_results.group("residents").satisfaction.set_index("item")
        assert sat.loc["overall", "value"] == pytest.approx(expected)
        assert sat.loc["overall", "ci_low"] < expected < sat.loc["overall", "ci_high"]


class TestExampleScores:
    @staticmethod
    def _half_up(x: float) -> float:
        return float(Decimal(repr(float(x))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

    def test_residents_score_is_proportional(self, example_results):
        """5 × rate / 0.90, half-up to 2 decimals, when below target."""
        valid = _independent_valid_residents()
        rate = sum((valid[i] >= 4).mean() for i in SAT) / 6
        assert rate < 0.90
        score = {s.code: s for s in example_results.indicators}["C3-1"]
        assert score.score == self._half_up(5 * rate / 0.90)
        assert score.met is False
        assert "未达到目标值（≥90%）" in score.sentence

    def test_staff_score_is_full_marks_when_target_met(self, example_results):
        valid = _independent_valid_staff()
        rate = sum((valid[f"sat_{j}"] >= 4).mean() for j in (1, 2, 3)) / 3
        assert rate >= 0.95
        score = {s.code: s for s in example_results.indicators}["C3-2"]
        assert score.score == 5
        assert score.sentence == (f"根据 46 份有效问卷分析，单位人员满意度为 {rate * 100:.2f}%，"
                                  "达到目标值（≥95%），得 5 分。")


class TestResultsJson:
    def test_contract_keys_and_rows(self, example_results):
        """results.json carries the documented blocks and row keys, with no NaN."""
        data = example_results.to_dict()
        text = json.dumps(data, allow_nan=False)  # raises on NaN
        assert "NaN" not in text
        for key in ("fieldwork", "reliability", "satisfaction", "indicators"):
            assert data[key]
        assert set(data["satisfaction"][0]) >= {"group", "item", "n", "convention", "value",
                                                "ci_low", "ci_high"}
        assert set(data["indicators"][0]) >= {"code", "name", "weight", "target", "actual",
                                              "score", "rule", "sentence"}
