"""`survey run` printed "生成日期 —" unless --generated-at was given: it defaults to today,
and the option still fixes the date for reproducible output."""

from __future__ import annotations

import json
from datetime import date

from survey.cli import main
from tests.conftest import EXAMPLE_SPEC


class TestGeneratedAt:
    def test_default_is_today(self, tmp_path, capsys):
        """Without --generated-at the report and results.json carry today's ISO date."""
        assert main(["run", str(EXAMPLE_SPEC), "--out", str(tmp_path)]) == 0
        today = date.today().isoformat()
        results = json.loads((tmp_path / "results.json").read_text("utf-8"))
        assert results["generated_at"] == today
        html = (tmp_path / "report.html").read_text("utf-8")
        assert f"<dt>生成日期</dt><dd>{today}</dd>" in html
        assert "<dd>—</dd>" not in html

    def test_option_fixes_the_date(self, tmp_path, capsys):
        """--generated-at 2026-11-21 is printed as given."""
        assert main(["run", str(EXAMPLE_SPEC), "--out", str(tmp_path),
                     "--generated-at", "2026-11-21"]) == 0
        assert "<dt>生成日期</dt><dd>2026-11-21</dd>" in (tmp_path / "report.html").read_text("utf-8")
