"""A key written twice in a YAML mapping is an error with its line, not a silent last-wins."""

from __future__ import annotations

import pytest

from survey.errors import InstrumentError, ResponseFileError
from survey.instrument import load_instrument
from survey.responses.columns import read_column_map

INSTRUMENT = """\
id: t
title: T
group: {id: g, name: G}
sections:
  - id: s1
    title: S
    questions:
      - id: q1
        type: single
        text: 第一题
        text: 第二题
        scale: yesno
"""


class TestLoadInstrument:
    def test_repeated_key(self, tmp_path):
        """`text:` twice in a question names line 11 and the key path."""
        path = tmp_path / "i.yaml"
        path.write_text(INSTRUMENT, encoding="utf-8")
        with pytest.raises(InstrumentError) as info:
            load_instrument(path)
        assert (info.value.code, info.value.line, info.value.key) == (
            "duplicate_key", 11, "sections[0].questions[0].text")

    def test_tab_indent_says_so(self, tmp_path):
        """A tab in the indentation gets the hint to indent with spaces."""
        path = tmp_path / "i.yaml"
        path.write_text(INSTRUMENT.replace("        scale", "\tscale"), encoding="utf-8")
        with pytest.raises(InstrumentError) as info:
            load_instrument(path)
        assert info.value.line == 12 and "tabs" in str(info.value)


class TestReadColumnMap:
    def test_same_column_twice(self, tmp_path):
        """A column mapped twice (last would win) is an error at its line."""
        path = tmp_path / "map.yaml"
        path.write_text("村: village\n年龄: age_band\n村: sat_1\n", encoding="utf-8")
        with pytest.raises(ResponseFileError) as info:
            read_column_map(path)
        assert (info.value.code, info.value.line, info.value.key) == ("duplicate_key", 3, "村")
