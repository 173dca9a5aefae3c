"""A folder given where a file is wanted is said to be a folder, not "not found"."""

from __future__ import annotations

from survey.cli import main


class TestMain:
    def test_responses_folder(self, tmp_path, capsys):
        """`validate --responses FOLDER` exits 2 saying the path is a folder."""
        folder = tmp_path / "data.csv"
        folder.mkdir()
        code = main(["validate", "--instrument", "instruments/staff.yaml",
                     "--responses", str(folder)])
        err = capsys.readouterr().err
        assert code == 2
        assert "response file is a folder" in err and "not found" not in err

    def test_instrument_folder(self, tmp_path, capsys):
        """`instrument check FOLDER` exits 2 saying the path is a folder."""
        code = main(["instrument", "check", str(tmp_path)])
        assert code == 2
        assert "instrument is a folder" in capsys.readouterr().err
