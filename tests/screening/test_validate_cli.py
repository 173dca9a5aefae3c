"""``survey validate``: exit codes, the JSON contract, the summary, progress, settings."""

from __future__ import annotations

import json

import pytest

from survey.cli import main
from survey.instrument import load_instrument
from survey.jsonable import jsonable, read_table
from survey.responses import file_sha256, read_response_file
from survey.screening import screen_responses
from tests.conftest import ROOT

RESIDENTS = ["--instrument", str(ROOT / "instruments/residents.yaml"),
             "--responses", str(ROOT / "analyses/data/residents.csv")]
MINI = ROOT / "tests/responses/data/mini.yaml"


def _clean_csv(path):
    path.write_text("respondent_id,village,aware,aware_level,sat_1,sat_2,sat_3,sat_4,sat_5,sat_6,"
                    "reasons,visits,priorities,suggestion\n"
                    "R1,1,2,,4,5,4,5,4,5,,1,,\nR2,2,1,1,5,4,5,4,5,4,,,,\n", encoding="utf-8")
    return path


class TestValidate:
    def test_json_contract(self, capsys):
        """fieldwork, counts_by_rule, problems (each with rule), n_valid, n_set_aside."""
        code = main(["validate", *RESIDENTS, "--issued", "320", "--json"])
        data = json.loads(capsys.readouterr().out)
        assert code == 1
        assert {"fieldwork", "counts_by_rule", "problems", "n_valid", "n_set_aside",
                "mapping", "overlaps", "file"} <= set(data)
        assert (data["n_valid"], data["n_set_aside"]) == (300, 6)
        assert data["problems"]["columns"] == ["row", "respondent_id", "rule", "column",
                                               "value", "detail", "action"]
        assert read_table(data["problems"])["rule"].notna().all()
        assert data["fieldwork"]["return_rate"] == pytest.approx(306 / 320)
        assert data["file"]["encoding"] == "gb18030"
        assert data["file"]["sha256"] == file_sha256(RESIDENTS[3])  # the file's own bytes

    def test_json_is_the_screening_with_its_findings_column_wise(self, capsys):
        """Every block of Screening.to_dict, in its order and with its values; the findings
        a table whose rows are to_dict's records, each column on one line."""
        main(["validate", *RESIDENTS, "--issued", "320", "--json"])
        out = capsys.readouterr().out
        data = json.loads(out)
        instrument = load_instrument(ROOT / "instruments/residents.yaml")
        loaded = read_response_file(ROOT / "analyses/data/residents.csv", instrument)
        expected = jsonable(screen_responses(loaded, instrument, issued=320).to_dict())
        assert list(data)[:len(expected)] == list(expected)
        assert list(data)[len(expected):] == ["mapping", "file"]
        table = data.pop("problems")
        rows = [dict(zip(table["columns"], row, strict=True))
                for row in zip(*table["data"], strict=True)]
        assert rows == expected.pop("problems")
        assert {k: data[k] for k in expected} == expected
        assert len(expected["counts_by_rule"]) > 1 and len(table["data"][0]) > 5
        assert '\n    "columns": ["row", "respondent_id", "rule", ' in out
        assert out.count("\n      [") == len(table["columns"])  # a line per column

    def test_clean_file_exits_0(self, tmp_path, capsys):
        """No finding and a consistent record: exit 0."""
        path = _clean_csv(tmp_path / "r.csv")
        code = main(["validate", "--instrument", str(MINI), "--responses", str(path),
                     "--issued", "2"])
        assert code == 0, capsys.readouterr().out

    def test_impossible_record_exits_1(self, tmp_path, capsys):
        """Returned > issued is a problem even when every answer is clean."""
        path = _clean_csv(tmp_path / "r.csv")
        code = main(["validate", "--instrument", str(MINI), "--responses", str(path),
                     "--issued", "1"])
        out = capsys.readouterr().out
        assert code == 1 and "fieldwork: returned 2 questionnaires but issued only 1" in out
        assert "returned_exceeds_issued" not in out

    def test_summary_in_chinese(self, capsys):
        """--lang zh-CN writes the summary and details in Chinese."""
        main(["validate", *RESIDENTS, "--lang", "zh-CN"])
        out = capsys.readouterr().out
        assert "回收 306 份，有效 300 份，剔除 6 份" in out and "不是本题的选项代码" in out

    def test_online_mode_prints_no_return_rate(self, tmp_path, capsys):
        """--mode online: 回收率 is shown as absent."""
        path = _clean_csv(tmp_path / "r.csv")
        main(["validate", "--instrument", str(MINI), "--responses", str(path), "--mode",
              "online", "--json"])
        data = json.loads(capsys.readouterr().out)
        assert data["fieldwork"]["return_rate"] is None
        assert data["fieldwork"]["rates"][0]["reason"] == "no_issued_count"

    def test_progress_bar_on_request(self, capsys):
        """--progress always draws reading and screening bars on stderr."""
        main(["validate", *RESIDENTS, "--progress", "always", "--json"])
        err = capsys.readouterr().err
        assert "reading" in err and "screening" in err and "100%" in err

    def test_screening_settings_file(self, tmp_path, capsys):
        """--screening reads an analysis spec's screening block."""
        settings = tmp_path / "s.yaml"
        settings.write_text("screening:\n  straight_lining: {action: set_aside}\n",
                            encoding="utf-8")
        main(["validate", *RESIDENTS, "--screening", str(settings), "--json"])
        data = json.loads(capsys.readouterr().out)
        assert data["n_set_aside"] > 6

    def test_bad_screening_settings_exit_2(self, tmp_path, capsys):
        """A misspelt action names the key and line."""
        settings = tmp_path / "s.yaml"
        settings.write_text("speeding:\n  action: drop\n", encoding="utf-8")
        assert main(["validate", *RESIDENTS, "--screening", str(settings)]) == 2
        err = capsys.readouterr().err
        assert "speeding.action" in err and "line 2" in err

    @pytest.mark.parametrize("argv", [["--issued", "-3"], ["--issued", "12.5"],
                                      ["--mode", "by-post"]])
    def test_bad_arguments_exit_2(self, argv):
        """Negative or fractional counts and unknown modes are argument errors."""
        with pytest.raises(SystemExit) as info:
            main(["validate", *RESIDENTS, *argv])
        assert info.value.code == 2

    def test_unreadable_file_exits_2(self, tmp_path, capsys):
        """A corrupt workbook: exit 2 with the file named, no traceback."""
        path = tmp_path / "broken.xlsx"
        path.write_bytes(b"PK\x03\x04 broken")
        code = main(["validate", "--instrument", str(MINI), "--responses", str(path)])
        err = capsys.readouterr().err
        assert code == 2 and "broken.xlsx" in err and "Traceback" not in err

    def test_input_file_unchanged(self, capsys):
        """Validating leaves the responses file's bytes unchanged."""
        path = ROOT / "analyses/data/residents.csv"
        before = file_sha256(path)
        main(["validate", *RESIDENTS])
        assert file_sha256(path) == before
