"""``survey instrument check|build|import`` and build_forms: outputs, exit codes, atomicity."""

from __future__ import annotations

import json

import pytest

from survey.cli import main
from survey.errors import InstrumentError
from survey.forms import OUTPUTS, build_forms
from tests.conftest import ROOT


class TestBuildForms:
    def test_writes_exactly_the_six_files(self, built):
        """The outputs have exactly the names the issue gives, and nothing else is left."""
        names = sorted(p.name for p in built["service"].iterdir())
        assert names == sorted(OUTPUTS.values()) == [
            "codebook.csv", "codebook.xlsx", "entry.xlsx", "questionnaire.html", "template.sav",
            "xlsform.xlsx"]

    def test_all_or_nothing(self, tmp_path, instruments):
        """When one output fails (a label too long for SPSS) no file is written or replaced."""
        out = tmp_path / "out"
        out.mkdir()
        (out / "questionnaire.html").write_text("old", encoding="utf-8")
        data = instruments["staff"].model_dump()
        data["sections"][0]["questions"][0]["options"][0]["label"] = "部" * 41
        from survey.instrument.model import Instrument

        with pytest.raises(InstrumentError, match="value label"):
            build_forms(Instrument.model_validate(data), out)
        assert sorted(p.name for p in out.iterdir()) == ["questionnaire.html"]
        assert (out / "questionnaire.html").read_text(encoding="utf-8") == "old"


class TestInstrumentCli:
    def test_check_clean(self, capsys):
        """A clean definition: exit 0 and a one-line summary."""
        assert main(["instrument", "check", str(ROOT / "instruments/service.yaml")]) == 0
        assert capsys.readouterr().out.endswith("OK, 12 questions, 36 variables\n")

    def test_check_lists_every_problem_and_exits_2(self, tmp_path, capsys):
        """Every problem on its own line with file, line and key path; exit 2."""
        path = tmp_path / "bad.yaml"
        path.write_text(
            "id: bad\ntitle: x\ngroup: {id: g, name: g}\nsections:\n  - id: s1\n    title: 一\n"
            "    questions:\n      - {id: a, type: single, text: x, scale: sat9}\n"
            "      - {id: a, type: open, text: y, show_if: 'b == 1'}\n", encoding="utf-8")
        assert main(["instrument", "check", str(path)]) == 2
        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == f"{path}: 3 problem(s)"
        assert lines[1] == (f"  {path}, line 8, key sections[0].questions[0].scale: unknown scale "
                            "'sat9'; known: agree5, sat3, sat3_dk, sat4, sat5, sat5_dk, yesno")
        assert lines[2].startswith(f"  {path}, line 9, key sections[0].questions[1].id: id 'a'")
        assert "unknown variable 'b'" in lines[3]

    def test_check_json(self, tmp_path, capsys):
        """--json gives the problems as data."""
        path = tmp_path / "bad.yaml"
        path.write_text("id: bad\ntitle: x\ngroup: {id: g, name: g}\nsections: []\nscales: 3\n",
                        encoding="utf-8")
        assert main(["instrument", "check", "--json", str(path)]) == 2
        report = json.loads(capsys.readouterr().out)
        assert report["problems"][0]["key"] == "scales" and report["problems"][0]["line"] == 5

    def test_check_missing_file(self, tmp_path, capsys):
        """A missing file is a user error with its name, never a traceback."""
        assert main(["instrument", "check", str(tmp_path / "nope.yaml")]) == 2
        err = capsys.readouterr().err
        assert "nope.yaml" in err and "not found" in err and "Traceback" not in err

    def test_build(self, tmp_path, capsys):
        """build writes the six outputs and says where."""
        out = tmp_path / "forms"
        assert main(["instrument", "build", str(ROOT / "instruments/staff.yaml"), "--out", str(out),
                     "--rows", "20"]) == 0
        printed = capsys.readouterr().out
        assert f"wrote spss_template: {out / 'template.sav'}" in printed
        assert len(list(out.iterdir())) == 6

    def test_build_refuses_an_invalid_definition(self, tmp_path, capsys):
        """build runs the check first: problems listed, exit 2, nothing written."""
        path = tmp_path / "bad.yaml"
        path.write_text("id: bad\ntitle: x\ngroup: {id: g, name: g}\nsections:\n  - id: s1\n"
                        "    title: 一\n    questions:\n      - {id: a, type: rating, text: x, "
                        "min: 3, max: 1}\n", encoding="utf-8")
        assert main(["instrument", "build", str(path), "--out", str(tmp_path / "o")]) == 2
        assert "max (1) must be above min (3)" in capsys.readouterr().out
        assert not (tmp_path / "o").exists()

    def test_import_round_trip(self, built, tmp_path, capsys):
        """import writes a definition that check accepts; exit 0 when nothing was left out."""
        out = tmp_path / "back.yaml"
        assert main(["instrument", "import", str(built["residents"] / "xlsform.xlsx"),
                     "--out", str(out)]) == 0
        assert "(9 questions)" in capsys.readouterr().out
        assert main(["instrument", "check", str(out)]) == 0
