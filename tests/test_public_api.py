"""The curated public namespace: sorted, complete, importable without side effects."""

from __future__ import annotations

import subprocess
import sys

import survey


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
