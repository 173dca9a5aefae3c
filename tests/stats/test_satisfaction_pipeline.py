"""Satisfaction options and indicator rules through ``survey run``, on the bundled example,
checked against figures computed here from the raw files (never the toolkit's own output)."""

from __future__ import annotations

import json
import math
from decimal import ROUND_HALF_UP, Decimal

import pytest
import yaml

from survey.analysis import AnalysisSpec
from survey.cli import main
from survey.errors import AnalysisSpecError
from survey.pipeline import run_analysis
from tests.conftest import EXAMPLE_SPEC, ROOT
from tests.test_example_chain import _independent_valid_residents, _independent_valid_staff

SAT = [f"sat_{j}" for j in range(1, 7)]
Z95 = 1.959963984540054


def variant(**changes) -> AnalysisSpec:
    """The example spec with top-level keys replaced and paths made absolute."""
    doc = yaml.safe_load(EXAMPLE_SPEC.read_text(encoding="utf-8"))
    base = EXAMPLE_SPEC.parent
    for g in doc["groups"]:
        g["instrument"] = str((base / g["instrument"]).resolve())
        g["responses"] = str((base / g["responses"]).resolve())
    doc.update(changes)
    return AnalysisSpec.model_validate(doc)


def indicator(**kw) -> dict[str, object]:
    return {"code": "X1", "name": "群众满意度", "group": "residents", "weight": 5,
            "target": {">=": 0.9}, **kw}


class TestExampleSatisfaction:
    def test_results_json_rows_carry_the_contract(self, example_results):
        """Every satisfaction row has group, item, n, convention, value, ci_low, ci_high."""
        data = json.loads(json.dumps(example_results.to_dict(), allow_nan=False))
        for row in data["satisfaction"]:
            assert {"group", "item", "n", "convention", "value", "ci_low", "ci_high"} <= set(row)
        for key in ("satisfaction_dimensions", "satisfaction_subgroups", "differences",
                    "dissatisfaction_reasons", "indicator_totals", "satisfaction_options"):
            assert data[key], key

    def test_staff_margin_with_population(self, example_results):
        """46 valid of 50 staff: 1.959964·√(0.25/46)·√(4/49) = 4.13 %."""
        o = example_results.group("staff").satisfaction.set_index("item").loc["overall"]
        assert o["margin_fpc"] == pytest.approx(Z95 * math.sqrt(0.25 / 46) * math.sqrt(4 / 49))

    def test_village_rates_from_raw_file(self, example_results):
        """Each village's item rates are its satisfied share of valid answers."""
        valid = _independent_valid_residents()
        sub = example_results.group("residents").subgroups
        for village in (1, 2, 3, 4, 5):
            rows = valid[valid["village"] == village]
            expected = sum((rows[i] >= 4).mean() for i in SAT) / 6
            got = sub[(sub["variable"] == "village") & (sub["code"] == village)
                      & (sub["item"] == "overall")]
            assert got["value"].iloc[0] == pytest.approx(expected)
            assert got["n"].iloc[0] == len(rows)

    def test_dimension_from_raw_file(self, example_results):
        """治理成效 = mean of the rates of sat_1–sat_3."""
        valid = _independent_valid_residents()
        d = example_results.group("residents").dimensions.set_index("dimension")
        expected = sum((valid[i] >= 4).mean() for i in ("sat_1", "sat_2", "sat_3")) / 3
        assert d.loc["治理成效", "value"] == pytest.approx(expected)

    def test_indicator_rows_name_convention_n_and_caution(self, example_results):
        """The staff interval contains 95 %: the indicator says the data cannot tell."""
        staff = {s.code: s for s in example_results.indicators}["C3-2"]
        assert staff.convention == "top_two_box/mean_of_items" and staff.n == 46
        assert staff.caution is not None and "无法判断是否达到≥95%的目标" in staff.caution
        assert staff.reading.startswith("按比例") and staff.rounding == "四舍五入保留 2 位小数"

    def test_staff_department_tests_say_why_not(self, example_results):
        """Five departments in 46 staff: chi-square expected counts are too small."""
        d = example_results.group("staff").differences
        chi = d[(d["variable"] == "department") & (d["item"] == "sat_1")
                & (d["test"] == "chi_square")].iloc[0]
        assert chi["reason"] == "expected_counts_too_small"


class TestSpecVariants:
    def test_weighted_100_indicator_scores_the_share_of_100(self):
        """100/80/60/40/20: overall = mean item score; 5 × min(1, score/100 ÷ 0.9)."""
        spec = variant(convention="weighted_100", satisfaction={"mapping": "100/80/60/40/20"},
                       indicators=[indicator()])
        results = run_analysis(spec, generated_at="t")
        valid = _independent_valid_residents()
        points = {5: 100, 4: 80, 3: 60, 2: 40, 1: 20}
        overall = sum(valid[i].map(points).mean() for i in SAT) / 6
        sat = results.group("residents").satisfaction.set_index("item")
        assert sat.loc["overall", "value"] == pytest.approx(overall)
        assert sat.loc["overall", "convention"] == "weighted_100(100/80/60/40/20)/mean_of_items"
        (score,) = results.indicators
        assert score.actual == pytest.approx(overall / 100)
        expected = min(5.0, 5 * float(overall) / 100 / 0.9)
        assert score.score == float(Decimal(repr(expected)).quantize(Decimal("0.01"),
                                                                       rounding=ROUND_HALF_UP))

    def test_respondent_index_overall(self):
        """Share of residents whose mean over the six items is at least 4."""
        spec = variant(satisfaction={"overall": "respondent_index"},
                       indicators=[indicator(rule="tiers", tiers=[[0.9, 5], [0.8, 4], [0.6, 2]])])
        results = run_analysis(spec, generated_at="t")
        valid = _independent_valid_residents()
        share = (valid[SAT].mean(axis=1) >= 4).mean()
        o = results.group("residents").satisfaction.set_index("item").loc["overall"]
        assert o["value"] == pytest.approx(share)
        (score,) = results.indicators
        assert score.score == (5 if share >= 0.9 else 4 if share >= 0.8 else 2 if share >= 0.6 else 0)

    def test_indicator_fed_by_one_item(self):
        """item: sat_6 scores the overall-effect item alone."""
        spec = variant(indicators=[indicator(item="sat_6")])
        (score,) = run_analysis(spec, generated_at="t").indicators
        rate = (_independent_valid_residents()["sat_6"] >= 4).mean()
        assert score.actual == pytest.approx(rate) and score.convention == "top_two_box"

    def test_not_applicable_indicator_is_redistributed(self):
        spec = variant(indicators=[
            indicator(code="A", group="staff", target={">=": 0.95}),
            indicator(code="B", rule="not_applicable", not_applicable_reason="本年度未调查")])
        results = run_analysis(spec, generated_at="t")
        staff = _independent_valid_staff()
        rate = sum((staff[f"sat_{j}"] >= 4).mean() for j in (1, 2, 3)) / 3
        assert rate >= 0.95
        assert results.totals.rescaled_score == 10 and results.totals.not_applicable == ("B",)
        assert "B 群众满意度不适用" in results.totals.sentence

    def test_unknown_indicator_item_names_the_key(self):
        spec = variant(indicators=[indicator(item="sat_9")])
        with pytest.raises(AnalysisSpecError) as info:
            run_analysis(spec, generated_at="t")
        assert info.value.key == "indicators[0].item" and "sat_6" in str(info.value)

    def test_population_smaller_than_sample_is_refused(self):
        doc = yaml.safe_load(EXAMPLE_SPEC.read_text(encoding="utf-8"))
        groups = doc["groups"]
        groups[1]["fieldwork"]["population"] = 40
        base = EXAMPLE_SPEC.parent
        for g in groups:
            g["instrument"] = str((base / g["instrument"]).resolve())
            g["responses"] = str((base / g["responses"]).resolve())
        with pytest.raises(AnalysisSpecError) as info:
            run_analysis(AnalysisSpec.model_validate(doc), generated_at="t")
        assert info.value.key == "groups[1].fieldwork.population"

    @pytest.mark.parametrize(("changes", "message"), [
        ({"convention": "weighted_100"}, "mapping"),
        ({"satisfaction": {"mapping": "100/80/60/40/20"}}, "mapping"),
        ({"satisfaction": {"overall": "weighted_mean"}}, "item_weights"),
        ({"satisfaction": {"overall": "single_item"}}, "overall_item"),
        ({"convention": "mean", "indicators": [indicator(rule="direct")]}, "mean level"),
    ])
    def test_inconsistent_spec_is_refused(self, changes, message):
        with pytest.raises(ValueError, match=message):
            variant(**changes)


class TestRunCommand:
    def test_bad_mapping_exits_2_with_the_key(self, tmp_path, capsys):
        """A five-point mapping name that does not exist is a located user error."""
        text = EXAMPLE_SPEC.read_text(encoding="utf-8").replace(
            "convention: top_two_box ", "convention: weighted_100 ").replace(
            "  overall: mean_of_items", "  mapping: 100/90/0\n  overall: mean_of_items")
        (tmp_path / "analyses" / "data").mkdir(parents=True)
        (tmp_path / "instruments").mkdir()
        spec = tmp_path / "analyses" / "example.yaml"
        spec.write_text(text, encoding="utf-8")
        for name in ("residents.csv", "staff.xlsx"):
            (tmp_path / "analyses" / "data" / name).write_bytes(
                (ROOT / "analyses/data" / name).read_bytes())
        for name in ("residents.yaml", "staff.yaml"):
            (tmp_path / "instruments" / name).write_bytes((ROOT / "instruments" / name).read_bytes())
        assert main(["run", str(spec), "--out", str(tmp_path / "out")]) == 2
        err = capsys.readouterr().err
        assert "groups[0]" in err and "mapping" in err and "Traceback" not in err
