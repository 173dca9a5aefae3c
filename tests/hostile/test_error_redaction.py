"""A phone number or e-mail typed into a coded column is named by row and column in the
error, never printed: terminal output ends up in tickets and logs."""

from __future__ import annotations

import pandas as pd
import pytest

from survey.cli import main
from tests.conftest import ROOT


@pytest.mark.parametrize("typed", ["139-1234-5678", "zhang.san@example.com",
                                   "11010519491231002X"])
def test_personal_value_in_a_coded_column_is_not_echoed(tmp_path, capsys, typed):
    raw = pd.read_csv(ROOT / "analyses/data/residents.csv", encoding="gbk", dtype=str,
                      keep_default_na=False)
    raw.loc[7, "years_lived"] = typed
    raw.to_csv(tmp_path / "residents.csv", index=False, encoding="gbk")
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"""report: {{title: 测试, language: zh-CN}}
groups:
  - id: residents
    instrument: {ROOT / "instruments/residents.yaml"}
    responses: residents.csv
""", encoding="utf-8")
    assert main(["run", str(spec), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "第 9 行，列“years_lived”" in err and "[已隐去]" in err  # the spec speaks Chinese
    assert typed not in err and typed[:7] not in err
