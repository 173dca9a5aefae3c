"""`validate --screening` with an analysis spec's `screening:` block locates its problems."""

from __future__ import annotations

from survey.cli import main


class TestValidateScreening:
    def test_wrapped_block_key_and_line(self, tmp_path, capsys):
        """A bad action under `screening:` is named by its full key at line 3."""
        path = tmp_path / "screening.yaml"
        path.write_text("screening:\n  straight_lining:\n    action: flg\n", encoding="utf-8")
        code = main(["validate", "--instrument", "instruments/staff.yaml",
                     "--responses", "analyses/data/staff.xlsx", "--screening", str(path)])
        assert code == 2
        assert "line 3, key straight_lining.action" in capsys.readouterr().err
