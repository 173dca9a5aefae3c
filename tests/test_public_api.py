"""The curated public namespace: sorted, complete, importable without side effects."""

from __future__ import annotations

import subprocess
import sys

import survey
from tests.conftest import ROOT


class TestPublicApi:
    def test_all_is_sorted_and_resolves(self):
        """Every name in survey.__all__ exists, and the list is kept sorted."""
        assert survey.__all__ == sorted(survey.__all__)
        missing = [name for name in survey.__all__ if not hasattr(survey, name)]
        assert missing == []

    def test_stage_verbs_are_public(self):
        """One verb per stage of the chain is reachable from the top level."""
        for name in ("load_instrument", "build_forms", "read_responses", "screen_responses",
                     "cronbach_alpha", "kmo", "satisfaction_table", "score_indicator",
                     "build_report", "audit_file", "run_analysis"):
            assert name in survey.__all__

    def test_import_changes_no_pandas_option(self):
        """Importing survey leaves pandas' global options as they were."""
        code = ("import pandas as pd; before = pd.describe_option('display', _print_desc=False);"
                "import survey; after = pd.describe_option('display', _print_desc=False);"
                "print(before == after)")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "True"


def _modules_loaded_by(code: str) -> set[str]:
    """The top-level packages in sys.modules after running ``code`` in a fresh interpreter."""
    probe = f"{code}\nimport sys; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


HEAVY = {"pandas", "numpy", "scipy", "pingouin", "plotly", "jinja2", "openpyxl", "pydantic", "yaml"}


class TestStartUp:
    """`import survey` and `survey --help` load no stage: each command imports what it uses."""

    def test_import_survey_loads_no_heavy_library(self):
        assert _modules_loaded_by("import survey") & HEAVY == set()

    def test_help_loads_no_heavy_library(self):
        code = ("import contextlib, io, survey.cli\n"
                "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
                "    survey.cli.main(['--help'])")
        assert _modules_loaded_by(code) & HEAVY == set()

    def test_a_name_loads_its_stage_only(self):
        loaded = _modules_loaded_by("import survey; survey.wilson_interval")
        assert "scipy" in loaded or "numpy" in loaded
        assert {"plotly", "jinja2", "openpyxl"} & loaded == set()

    def test_a_whole_run_needs_no_test_dependency(self, tmp_path):
        """plotly.py, python-pptx and pingouin are test dependencies (pyproject's ``test``
        extra): a run writing every format imports none of them."""
        code = ("from survey.pipeline import run_analysis, write_outputs\n"
                f"r = run_analysis({str(ROOT / 'analyses/example.yaml')!r}, "
                "generated_at='2026-11-21')\n"
                f"write_outputs(r, {str(tmp_path / 'out')!r})")
        assert _modules_loaded_by(code) & {"plotly", "pptx", "pingouin"} == set()

    def test_unknown_name_is_an_attribute_error(self):
        try:
            survey.no_such_function  # noqa: B018
        except AttributeError as exc:
            assert "no_such_function" in str(exc)
        else:
            raise AssertionError("survey.no_such_function resolved")

    def test_dir_lists_every_public_name(self):
        assert set(survey.__all__) <= set(dir(survey))
