"""The field reference and the JSON Schemas are generated from the models and kept fresh;
the bundled definitions and the drafts validate against the schemas."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest
import yaml

from tests.conftest import ROOT

SCHEMA = ROOT / "docs" / "schema"


def _schema(name: str) -> dict:
    return json.loads((SCHEMA / f"{name}.schema.json").read_text(encoding="utf-8"))


def test_generated_files_are_fresh():
    """Fails when a model changed without `python docs/generate.py`."""
    run = subprocess.run([sys.executable, str(ROOT / "docs" / "generate.py"), "--check"],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def test_check_mode_names_a_stale_file(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "docs"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "docs"))
    monkeypatch.setattr(generate, "DOCS", tmp_path)
    monkeypatch.setattr(generate, "SCHEMA", tmp_path / "schema")
    monkeypatch.setattr(generate, "ROOT", tmp_path)
    assert generate.main(["--check"]) == 1
    assert generate.main([]) == 0
    assert generate.main(["--check"]) == 0
    (tmp_path / "fields.md").write_text("edited\n", encoding="utf-8")
    assert generate.main(["--check"]) == 1


def test_reference_lists_every_field_of_every_model():
    from survey.analysis import IndicatorSpec
    from survey.instrument.model import Scale

    text = (ROOT / "docs" / "fields.md").read_text(encoding="utf-8")
    for model in (IndicatorSpec, Scale):
        section = text.split(f"### `{model.__name__}`", 1)[1].split("###", 1)[0]
        for field in model.model_fields:
            assert f"| `{field}` |" in section, (model.__name__, field)
    indicator = text.split("### `IndicatorSpec`", 1)[1].split("###", 1)[0]
    assert '| `decimals` | integer | `2` | ≥ 0; ≤ 6 |' in indicator


@pytest.mark.parametrize("path", sorted((ROOT / "instruments").glob("*.yaml")),
                         ids=lambda p: p.name)
def test_bundled_instruments_validate(path):
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), _schema("instrument"))


def test_bundled_analysis_validates():
    doc = yaml.safe_load((ROOT / "analyses" / "example.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(doc, _schema("analysis"))


@pytest.mark.parametrize(("target", "valid"), [("90%", True), ("≥90%", True), (0.9, True),
                                                ({">=": 0.9}, True), ({">=": "90%"}, True),
                                                ({"==": 0.9}, False), ([0.9], False)])
def test_schema_accepts_the_target_forms_the_loader_reads(target, valid):
    doc = yaml.safe_load((ROOT / "analyses" / "example.yaml").read_text(encoding="utf-8"))
    doc["indicators"][0]["target"] = target
    validator = jsonschema.Draft202012Validator(_schema("analysis"))
    assert validator.is_valid(doc) is valid


def test_schema_catches_a_misspelt_key():
    doc = yaml.safe_load((ROOT / "instruments" / "staff.yaml").read_text(encoding="utf-8"))
    doc["sections"][0]["questions"][0]["optoins"] = doc["sections"][0]["questions"][0].pop(
        "options")
    assert not jsonschema.Draft202012Validator(_schema("instrument")).is_valid(doc)
