"""Loading and checking definition files: located problems, all at once."""

from __future__ import annotations

import pytest

from survey.errors import InstrumentError
from survey.instrument import check_instrument, load_instrument, variables
from tests.conftest import ROOT


class TestCheckInstrument:
    def test_bundled_instruments_are_clean(self):
        """The three bundled definitions have no problems."""
        for name in ("residents", "staff", "service"):
            instrument, problems = check_instrument(ROOT / "instruments" / f"{name}.yaml")
            assert problems == [] and instrument is not None, name

    def test_every_problem_with_its_line(self, write_definition):
        """Shape errors and reference errors come together, in line order."""
        path = write_definition("""\
            scales:
              mine: {options: [[1, 好], [2, 差]], satisfied: [7]}
            sections:
              - id: s1
                title: 一
                questions:
                  - id: a
                    type: single
                    text: 问题
                    scale: sat7
                  - id: b
                    type: open
                  - id: c
                    type: open
                    text: 问题
                    show_if: d == 1
            """)
        instrument, problems = check_instrument(path)
        assert instrument is None
        assert [(p.line, p.key) for p in problems] == [
            (5, "scales.mine.satisfied"),
            (13, "sections[0].questions[0].scale"),
            (14, "sections[0].questions[1].text"),
            (19, "sections[0].questions[2].show_if"),
        ]
        assert problems[2].message == "Field required"

    def test_label_too_long_for_spss(self, write_definition):
        """A value label over 120 bytes is reported at its option."""
        path = write_definition(f"""\
            sections:
              - id: s1
                title: 一
                questions:
                  - id: a
                    type: single
                    text: 问题
                    options: [[1, 短], [2, {"长" * 41}]]
            """)
        _, problems = check_instrument(path)
        assert [(p.line, p.key) for p in problems] == [(11, "sections[0].questions[0].options[1]")]
        assert "123 bytes" in problems[0].message and "120" in problems[0].message


class TestLoadInstrument:
    def test_raises_the_first_problem_and_counts_the_rest(self, write_definition):
        """The error names file, line and key, and how many more there are."""
        path = write_definition("""\
            sections:
              - id: s1
                title: 一
                questions:
                  - {id: a, type: single, text: x, scale: nope}
                  - {id: a, type: open, text: y}
            """)
        with pytest.raises(InstrumentError) as info:
            load_instrument(path)
        message = str(info.value)
        assert message.startswith(f"{path}, line 8, key sections[0].questions[0].scale: unknown scale")
        assert "1 more problem(s)" in message

    def test_existing_instruments_keep_their_variables(self):
        """The residents' and staff definitions give the same variables as before."""
        residents = load_instrument(ROOT / "instruments/residents.yaml")
        assert [v.name for v in variables(residents)] == [
            "village", "age_band", "years_lived", "aware", "aware_level", "consulted",
            "sat_1", "sat_2", "sat_3", "sat_4", "sat_5", "sat_6",
            "reasons_1", "reasons_2", "reasons_3", "reasons_4", "reasons_5", "reasons_6",
            "suggestion"]
        staff = load_instrument(ROOT / "instruments/staff.yaml")
        assert [v.kind for v in variables(staff)] == [
            "single", "single", "single", "single", "likert_item", "likert_item",
            "likert_item", "open"]


class TestCheckNeverCrashes:
    @staticmethod
    def _lines():
        return (ROOT / "instruments/service.yaml").read_text(encoding="utf-8").splitlines()

    def test_damaged_files_give_located_problems(self, tmp_path):
        """Deleting, duplicating or garbling lines gives problems or an InstrumentError, never a crash."""
        from hypothesis import given, settings
        from hypothesis import strategies as st

        lines = self._lines()
        edits = st.lists(st.tuples(st.sampled_from(["delete", "copy", "garble"]),
                                   st.integers(0, len(lines) - 1), st.integers(0, len(lines) - 1)),
                         min_size=1, max_size=4)
        path = tmp_path / "damaged.yaml"

        @settings(max_examples=40, deadline=None, derandomize=True)
        @given(edits)
        def check(changes):
            damaged = list(lines)
            for op, i, j in changes:
                i %= len(damaged)
                if op == "delete":
                    del damaged[i]
                elif op == "copy":
                    damaged.insert(i, damaged[j % len(damaged)])
                else:
                    damaged[i] = damaged[i].replace("sat3_dk", "sat9").replace("1", "x")
            path.write_text("\n".join(damaged), encoding="utf-8")
            try:
                instrument, problems = check_instrument(path)
            except InstrumentError as exc:
                assert exc.line is not None or exc.code == "not_a_mapping"
            else:
                assert (instrument is None) == bool(problems)
                assert all(p.line is not None and p.message for p in problems)

        check()
