"""Absurdly nested skip logic is a located definition error, never a RecursionError."""

from __future__ import annotations

import pytest

from survey.cli import main
from survey.instrument.logic import MAX_DEPTH, ConditionSyntaxError, parse_condition

INSTRUMENT = """\
id: t
title: T
group: {{id: g, name: G}}
sections:
  - id: s1
    title: S
    questions:
      - {{id: q1, type: single, text: 甲, scale: yesno}}
      - id: q2
        type: single
        text: 乙
        scale: yesno
        show_if: {show_if}
"""


class TestParseCondition:
    @pytest.mark.parametrize("expression", [
        "(" * 400 + "q1 == 1" + ")" * 400,
        "not " * 1500 + "q1 == 1",
        " or ".join(["q1 == 1"] * 1500),
    ])
    def test_too_deep(self, expression):
        """Brackets, `not` or `or` nested past MAX_DEPTH raise ConditionSyntaxError."""
        with pytest.raises(ConditionSyntaxError, match="nested more than"):
            parse_condition(expression)

    def test_within_limit(self):
        """Nesting below the limit still parses."""
        depth = MAX_DEPTH // 2 - 2
        assert parse_condition("(" * depth + "q1 == 1" + ")" * depth).references == ("q1",)


class TestInstrumentCheckCli:
    def test_exit_2_with_line(self, tmp_path, capsys):
        """`survey instrument check` reports the show_if line and exits 2."""
        path = tmp_path / "i.yaml"
        path.write_text(INSTRUMENT.format(show_if=" or ".join(["q1 == 1"] * 1500)),
                        encoding="utf-8")
        assert main(["instrument", "check", str(path)]) == 2
        assert "line 13" in capsys.readouterr().out
