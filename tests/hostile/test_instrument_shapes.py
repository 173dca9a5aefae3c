"""Instrument shapes that used to take gigabytes or overflow the stack end in a located exit 2."""

from __future__ import annotations

from survey.errors import SurveyError, printable
from tests.hostile.conftest import refused, survey
from tests.hostile.inputs import deep_condition, deep_relevant, huge_rating, nested_groups


class TestRanges:
    def test_rating_max_300_million(self, tmp_path):
        """Used 35 s and 11.9 GB building the code list before the 21-point message."""
        refused(survey("instrument", "check", str(huge_rating(tmp_path))), "range.yaml",
                "line 8", "questions[0].max", "at most 21 points", "300000001")

    def test_rating_max_a_billion_is_no_memory_error(self, tmp_path):
        err = refused(survey("instrument", "check", str(huge_rating(tmp_path, 1_000_000_000))),
                      "at most 21 points")
        assert "MemoryError" not in err

    def test_ranking_ranks_a_billion(self, tmp_path):
        refused(survey("instrument", "check", str(huge_rating(tmp_path, 10**9, "ranks"))),
                "questions[0].ranks", "only 2 options")


class TestNesting:
    def test_three_thousand_nested_groups(self, tmp_path):
        """Was a RecursionError traceback after 260 s and 840 MB."""
        refused(survey("instrument", "import", str(nested_groups(tmp_path)),
                       "--out", str(tmp_path / "out.yaml")),
                "groups.xlsx", "survey row 22", "more than 20 levels")
        assert not (tmp_path / "out.yaml").exists()

    def test_twenty_nested_groups_still_import(self, tmp_path):
        done = survey("instrument", "import", str(nested_groups(tmp_path, 20)),
                      "--out", str(tmp_path / "out.yaml"))
        assert done.code == 0, done.err
        assert "q1" in (tmp_path / "out.yaml").read_text(encoding="utf-8")

    def test_relevant_with_three_thousand_brackets(self, tmp_path):
        """Was a RecursionError traceback; now the condition is listed as not carried over."""
        done = survey("instrument", "import", str(deep_relevant(tmp_path)),
                      "--out", str(tmp_path / "out.yaml"))
        assert done.code == 1 and "Traceback" not in done.err
        assert "survey row 3" in done.out + done.err
        assert "brackets nested 3000 deep" in done.out + done.err
        assert len((done.out + done.err).splitlines()[1]) < 300  # the expression is shortened

    def test_show_if_with_three_thousand_brackets(self, tmp_path):
        err = refused(survey("instrument", "check", str(deep_condition(tmp_path))),
                      "condition.yaml", "line 9", "nested more than 100 levels")
        assert len(err) < 600


class TestTerminal:
    def test_control_characters_are_escaped_in_messages(self):
        error = SurveyError("bad value", file="a\x1b[2Jb.csv", got="\x07")
        assert "\x1b" not in str(error) and "\\x1b[2J" in str(error)
        assert "\x07" not in str(error)

    def test_printable_keeps_newlines_and_tabs(self):
        assert printable("a\tb\nc\x00") == "a\tb\nc\\x00"
