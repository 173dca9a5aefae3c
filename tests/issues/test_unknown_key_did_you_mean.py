"""A misspelt key said only "Extra inputs are not permitted" (or, in a spec, that the real
key was missing): it now names itself and the nearest valid key."""

from __future__ import annotations

import pytest

from survey.analysis import load_analysis
from survey.errors import AnalysisSpecError, InstrumentError
from survey.instrument import load_instrument
from tests.conftest import ROOT


def test_instrument_option_key(tmp_path):
    text = (ROOT / "instruments" / "staff.yaml").read_text(encoding="utf-8")
    path = tmp_path / "staff.yaml"
    path.write_text(text.replace("        options: [[1, 生态", "        optoins: [[1, 生态"),
                    encoding="utf-8")
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    assert "unknown key 'optoins' — did you mean 'options'?" in str(caught.value)


def test_spec_names_the_misspelling_before_the_missing_key(tmp_path):
    text = (ROOT / "analyses" / "example.yaml").read_text(encoding="utf-8")
    text = text.replace("    weight: 5\n", "    wieght: 5\n", 1)
    text = text.replace("../instruments/", f"{ROOT}/instruments/").replace(
        "data/", f"{ROOT}/analyses/data/")
    path = tmp_path / "spec.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnalysisSpecError) as caught:
        load_analysis(path)
    assert caught.value.key == "indicators[0].wieght"
    assert "unknown key 'wieght' — did you mean 'weight'?" in str(caught.value)


def test_no_suggestion_when_nothing_is_near(tmp_path):
    text = (ROOT / "instruments" / "staff.yaml").read_text(encoding="utf-8")
    path = tmp_path / "staff.yaml"
    path.write_text(text.replace("id: staff\n", "id: staff\nzzzzqqq: 1\n", 1), encoding="utf-8")
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    assert "unknown key 'zzzzqqq'" in str(caught.value) and "did you mean" not in str(caught.value)
