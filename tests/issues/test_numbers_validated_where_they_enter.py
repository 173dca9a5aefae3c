"""Numbers entering through the command line or a spec were not checked: NaN targets scored
full marks, negative and above-100% shares were accepted, --n -5 was printed, and huge or
tiny values ended in tracebacks (ZeroDivisionError, OverflowError, decimal.InvalidOperation).
``target: 90%`` in a spec failed although ``survey score --target 90%`` read it."""

from __future__ import annotations

import pytest

from survey.analysis import load_analysis
from survey.cli import main
from survey.errors import AnalysisSpecError
from tests.issues.conftest import write_analysis

INSTRUMENT = """id: t
title: 测试问卷
respondent_group: 居民
sections:
  - id: s
    title: 满意度
    questions:
      - {id: sat, type: single_choice, text: 您对项目是否满意, scale: sat5}
"""


@pytest.mark.parametrize("argv", [
    ["sample-size", "--margin", "1e-300"],
    ["sample-size", "--confidence", "0.9999999999999999"],
    ["sample-size", "--population", "99999999999999999999999999"],
    ["score", "--rule", "proportional", "--weight", "inf", "--target", "90%", "--actual", "80%"],
    ["score", "--rule", "proportional", "--weight", "1e300", "--target", "90%", "--actual", "80%"],
    ["score", "--rule", "proportional", "--weight", "5", "--target=-5%", "--actual=-10%"],
    ["score", "--rule", "proportional", "--weight", "5", "--target", "150%", "--actual", "90%"],
    ["score", "--rule", "proportional", "--weight", "5", "--target", "90%", "--actual", "200%"],
    ["score", "--rule", "proportional", "--weight", "5", "--target", "90%", "--actual", "95%",
     "--n", "-5"],
    ["score", "--rule", "proportional", "--weight", "5", "--target", "nan%", "--actual", "95%"],
])
def test_cli_refuses_with_a_located_message(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "expected" in err and "Traceback" not in err
    assert err.count("\n") == 1


def test_tiny_expected_rate_needs_at_least_one_questionnaire(capsys):
    assert main(["sample-size", "--expected-rate", "1e-320"]) == 0
    assert capsys.readouterr().out.startswith("n_complete = 1 ")


def test_cli_target_with_comparator(capsys):
    assert main(["score", "--rule", "proportional", "--weight", "5", "--target", "≤5%",
                 "--actual", "4%", "--lang", "en"]) == 0
    assert "(≤5%): 5 points" in capsys.readouterr().out


def _spec(tmp_path, indicator: str, fieldwork: str = "") -> object:
    extra = f"indicators:\n  - {{code: C1, name: 满意度, group: g, {indicator}}}\n"
    path = write_analysis(tmp_path, INSTRUMENT, [{"id": 1, "sat": 5}], extra)
    if fieldwork:
        path.write_text(path.read_text(encoding="utf-8").replace(
            "fieldwork: {issued: 1, mode: paper}", f"fieldwork: {{{fieldwork}}}"),
            encoding="utf-8")
    return path


@pytest.mark.parametrize(("target", "value"), [("90%", 0.9), ("'≥90%'", 0.9),
                                                ('{">=": "90%"}', 0.9), ("0.9", 0.9)])
def test_spec_reads_the_targets_the_cli_reads(tmp_path, target, value):
    spec = load_analysis(_spec(tmp_path, f"weight: 5, target: {target}"))
    assert spec.indicators[0].target.value == value
    assert spec.indicators[0].target.comparator == ">="


@pytest.mark.parametrize(("indicator", "fieldwork", "key", "words"), [
    ('weight: 5, target: {">=": .nan}', "", "indicators[0].target", "finite"),
    ("weight: .inf, target: 90%", "", "indicators[0].weight", "finite"),
    ("weight: 1e300, target: 90%", "", "indicators[0].weight", "at most 1000"),
    ("weight: 5, target: 150%", "", "indicators[0].target", "at most 100%"),
    ("weight: 5, target: 90", "", "indicators[0].target", "Write 90% for a percentage"),
    ("weight: 5, target: -5%", "", "indicators[0].target", "at least 0"),
    ("weight: 5, target: 90%", "issued: 10, population: 99999999999999999999999999",
     "groups[0].fieldwork.population", "whole number"),
    ("weight: 5, target: 90%", "issued: -3", "groups[0].fieldwork.issued", "whole number"),
])
def test_spec_refuses_with_the_key_and_line(tmp_path, indicator, fieldwork, key, words):
    with pytest.raises(AnalysisSpecError) as caught:
        load_analysis(_spec(tmp_path, indicator, fieldwork))
    assert caught.value.key == key
    assert caught.value.line is not None
    assert words in str(caught.value)


def test_run_with_a_nan_target_exits_2(tmp_path, capsys):
    path = _spec(tmp_path, 'weight: 5, target: {">=": .nan}')
    assert main(["run", str(path), "--out", str(tmp_path / "out")]) == 2
    assert "indicators[0].target" in capsys.readouterr().err
