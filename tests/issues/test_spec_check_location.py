"""Checks across an analysis spec name the spec file, the key and its line."""

from __future__ import annotations

import shutil

import pytest

from survey.analysis import load_analysis
from survey.errors import AnalysisSpecError
from survey.pipeline import run_analysis
from tests.conftest import EXAMPLE_SPEC, ROOT


def _spec(tmp_path, old, new):
    shutil.copytree(ROOT / "analyses" / "data", tmp_path / "analyses" / "data",
                    ignore=shutil.ignore_patterns("*.py"))
    shutil.copytree(ROOT / "instruments", tmp_path / "instruments")
    text = EXAMPLE_SPEC.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "analyses" / "spec.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, text.replace(old, new, 1).splitlines()


class TestLoadAnalysis:
    def test_unknown_indicator_group_line(self, tmp_path):
        """An indicator naming a group that does not exist points at its `group:` line."""
        path, lines = _spec(tmp_path, "group: staff", "group: staf")
        with pytest.raises(AnalysisSpecError) as info:
            load_analysis(path)
        assert info.value.key == "indicators[1].group"
        assert lines[info.value.line - 1].strip() == "group: staf"

    def test_repeated_group_id_line(self, tmp_path):
        """A repeated group id points at the second one."""
        path, lines = _spec(tmp_path, "  - id: staff", "  - id: residents")
        with pytest.raises(AnalysisSpecError) as info:
            load_analysis(path)
        assert info.value.key == "groups[1].id" and info.value.line == lines.index(
            "  - id: residents", 10) + 1


class TestRunAnalysis:
    def test_bad_subgroup_names_file_and_line(self, tmp_path):
        """A subgroup that is no single-choice question names the spec, key and line."""
        path, lines = _spec(tmp_path, "subgroups: [department, tenure]",
                            "subgroups: [department, tenur]")
        with pytest.raises(AnalysisSpecError) as info:
            run_analysis(path, generated_at="2026-11-21")
        assert info.value.file == str(path) and info.value.key == "groups[1].subgroups"
        assert "tenur]" in lines[info.value.line - 1]
