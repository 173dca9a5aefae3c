"""The command line: user mistakes exit 2 with one located message, never a traceback."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from survey.cli import main
from tests.conftest import ROOT


class TestRun:
    def test_writes_the_three_outputs(self, tmp_path, capsys):
        code = main(["run", str(ROOT / "analyses/example.yaml"), "--out", str(tmp_path),
                     "--generated-at", "2026-11-21"])
        assert code == 0
        for name in ("report.html", "satisfaction-section.html", "results.json"):
            assert (tmp_path / name).stat().st_size > 0
        out = capsys.readouterr().out  # in the spec's language, zh-CN
        assert "项目实施区域群众：回收 306 份，有效 300 份，剔除 6 份" in out
        assert f"已写出 {tmp_path / 'report.html'}" in out

    def test_missing_spec_exits_2(self, tmp_path, capsys):
        code = main(["run", str(tmp_path / "nope.yaml"), "--out", str(tmp_path)])
        err = capsys.readouterr().err
        assert code == 2 and "nope.yaml" in err and "not found" in err and "Traceback" not in err

    def test_bad_yaml_names_file_and_line(self, tmp_path, capsys):
        spec = tmp_path / "bad.yaml"
        spec.write_text("report:\n  title: x\ngroups: [\n", encoding="utf-8")
        assert main(["run", str(spec), "--out", str(tmp_path / "o")]) == 2
        err = capsys.readouterr().err
        assert "bad.yaml" in err and "line" in err

    def test_invalid_spec_names_the_key(self, tmp_path, capsys):
        text = (ROOT / "analyses/example.yaml").read_text(encoding="utf-8")
        spec = tmp_path / "example.yaml"
        spec.write_text(text.replace("weight: 5", "weight: -5", 1), encoding="utf-8")
        shutil.copytree(ROOT / "analyses/data", tmp_path / "data")
        assert main(["run", str(spec), "--out", str(tmp_path / "o")]) == 2
        err = capsys.readouterr().err  # the spec reports in Chinese: so does its error
        assert re.search(r"第 \d+ 行，键 indicators\[0\]\.weight：分析配置", err)
        assert main(["run", str(spec), "--out", str(tmp_path / "o"), "--lang", "en"]) == 2
        err = capsys.readouterr().err
        assert re.search(r"line \d+, key indicators\[0\]\.weight: expected points", err)

    def test_unknown_column_names_the_column(self, tmp_path, capsys):
        responses = tmp_path / "r.csv"
        responses.write_text("respondent_id,department\nS1,1\n", encoding="utf-8")
        code = main(["validate", "--instrument", str(ROOT / "instruments/staff.yaml"),
                     "--responses", str(responses)])
        err = capsys.readouterr().err
        assert code == 2 and "column 'tenure'" in err and "r.csv" in err

    def test_unknown_label_names_row_and_column(self, tmp_path, capsys):
        responses = tmp_path / "r.csv"
        responses.write_text(
            "respondent_id,department,tenure,trained,rules_clear,sat_1,sat_2,sat_3,reason\n"
            "S1,财务股,2,是,否,满意,非常满意,5,\nS2,1,2,1,1,很好,5,5,\n", encoding="utf-8")
        code = main(["validate", "--instrument", str(ROOT / "instruments/staff.yaml"),
                     "--responses", str(responses)])
        err = capsys.readouterr().err
        assert code == 2 and "row 3" in err and "column 'sat_1'" in err and "'很好'" in err


class TestConsoleScript:
    def test_python_dash_m_reports_user_error_without_traceback(self, tmp_path):
        proc = subprocess.run([sys.executable, "-m", "survey", "run", str(tmp_path / "x.yaml"),
                               "--out", str(tmp_path)], capture_output=True, text=True, check=False)
        assert proc.returncode == 2
        assert "Traceback" not in proc.stderr and "x.yaml" in proc.stderr


@pytest.mark.parametrize("argv", [[], ["run"], ["frobnicate"]])
def test_bad_arguments_exit_2(argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
