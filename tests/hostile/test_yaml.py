"""Instruments and specs whose shape no questionnaire has are refused, located, at once."""

from __future__ import annotations

from survey._yaml import MAX_ALIAS_NODES, read_yaml
from survey.errors import InstrumentError
from tests.hostile.conftest import refused, survey
from tests.hostile.inputs import alias_bomb, control_label, deep_yaml


class TestAliasBomb:
    def test_instrument_check_refuses_the_bomb(self, tmp_path):
        """10 levels of 9 aliases would be 3.5 billion values; the old key walk took 12 min."""
        path = alias_bomb(tmp_path)
        assert path.stat().st_size < 600
        err = refused(survey("instrument", "check", str(path)), "bomb.yaml", "line ",
                      "aliases", f"{MAX_ALIAS_NODES:,}")
        assert err.count("\n") == 1  # one line

    def test_run_refuses_a_bomb_spec(self, tmp_path):
        path = alias_bomb(tmp_path)
        refused(survey("run", str(path), "--out", str(tmp_path / "out")), "bomb.yaml", "aliases")
        assert not (tmp_path / "out").exists()

    def test_shared_scales_by_alias_still_load(self, tmp_path):
        """A few aliases that expand modestly are a normal way to share an option list."""
        path = tmp_path / "shared.yaml"
        path.write_text("scale: &s [1, 2, 3, 4, 5]\n"
                        + "".join(f"q{i}: *s\n" for i in range(200)), encoding="utf-8")
        doc = read_yaml(path, InstrumentError, "instrument")
        assert doc.data["q199"] == [1, 2, 3, 4, 5]

    def test_duplicate_key_under_an_alias_is_still_found(self, tmp_path):
        path = tmp_path / "dup.yaml"
        path.write_text("base: &b {x: 1, x: 2}\nuse: [*b, *b]\n", encoding="utf-8")
        try:
            read_yaml(path, InstrumentError, "instrument")
        except InstrumentError as exc:
            assert exc.code == "duplicate_key" and exc.line == 1 and exc.key == "base.x"
        else:
            raise AssertionError("the repeated key was not found")


class TestDepth:
    def test_thousand_levels_exit_2(self, tmp_path):
        refused(survey("instrument", "check", str(deep_yaml(tmp_path, 1000))), "deep.yaml",
                "line 3")

    def test_two_hundred_levels_name_the_limit(self, tmp_path):
        refused(survey("instrument", "check", str(deep_yaml(tmp_path, 200))), "deep.yaml",
                "line 3", "nested too deeply", "at most 100 levels")


class TestControlCharacters:
    def test_escape_in_a_label_is_refused_at_check(self, tmp_path):
        """ESC passed check and then broke build (IllegalCharacterError) and the terminal."""
        err = refused(survey("instrument", "check", str(control_label(tmp_path))),
                      "control.yaml", "line 8", "column 38", "U+001B")
        assert "\x1b" not in err

    def test_bell_and_nul_are_refused(self, tmp_path):
        for char, name in (("\\a", "U+0007"), ("\\0", "U+0000")):
            refused(survey("instrument", "check", str(control_label(tmp_path, char))), name)

    def test_build_never_reaches_the_spreadsheet_writer(self, tmp_path):
        err = refused(survey("instrument", "build", str(control_label(tmp_path)),
                             "--out", str(tmp_path / "forms")), "U+001B")
        assert "IllegalCharacter" not in err

    def test_tab_and_newline_stay_allowed(self, tmp_path):
        path = tmp_path / "ok.yaml"
        path.write_text('a: "one\\ttwo\\nthree"\n', encoding="utf-8")
        assert read_yaml(path, InstrumentError, "instrument").data == {"a": "one\ttwo\nthree"}


class TestSize:
    def test_a_file_over_the_limit_is_refused_before_reading(self, tmp_path, monkeypatch):
        import survey._yaml as module

        monkeypatch.setattr(module, "MAX_BYTES", 1000)
        path = tmp_path / "big.yaml"
        path.write_text("a: " + "x" * 2000 + "\n", encoding="utf-8")
        try:
            read_yaml(path, InstrumentError, "instrument")
        except InstrumentError as exc:
            assert exc.code == "yaml_too_large" and "big.yaml" in str(exc)
        else:
            raise AssertionError("not refused")


class TestRawControlCharacters:
    def test_a_raw_escape_byte_is_located(self, tmp_path):
        path = tmp_path / "raw.yaml"
        path.write_text('id: x\ntitle: "a\x1bb"\n', encoding="utf-8")
        err = refused(survey("instrument", "check", str(path)), "raw.yaml", "line 2",
                      "column 10", "U+001B")
        assert "<unicode string>" not in err and err.count("\n") == 1


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text("id: x\ntitle: t\ncover_letter: &a {purpose: x, again: *a}\n",
                    encoding="utf-8")
    refused(survey("instrument", "check", str(path)), "loop.yaml", "line 3", "*a",
            "never end")
