"""The instrument model: built-in scales, question types, programmatic validation."""

from __future__ import annotations

import pytest

from survey.instrument.model import BUILTIN_SCALES, SCORE_MAPPINGS, Instrument, Scale


def _instrument(questions: list[dict], scales: dict | None = None) -> dict:
    return {"id": "t", "title": "测试", "group": {"id": "g", "name": "群众"},
            "scales": scales or {}, "sections": [{"id": "s1", "title": "一", "questions": questions}]}


class TestBuiltinScales:
    def test_names_and_codes(self):
        """The built-in scales, their codes in printed order and their satisfied codes."""
        expected = {
            "sat5": ((5, 4, 3, 2, 1), (5, 4), ()),
            "sat5_dk": ((5, 4, 3, 2, 1, 9), (5, 4), (9,)),
            "sat4": ((4, 3, 2, 1), (4, 3), ()),
            "sat3": ((3, 2, 1), (3, 2), ()),
            "sat3_dk": ((3, 2, 1, 9), (3, 2), (9,)),
            "agree5": ((5, 4, 3, 2, 1), (5, 4), ()),
            "yesno": ((1, 2), (), ()),
        }
        assert {n: (s.codes, s.satisfied, s.excluded) for n, s in BUILTIN_SCALES.items()} == expected

    def test_labels_of_the_three_level_scale(self):
        """3-level satisfaction reads 满意 / 基本满意 / 不满意, and 9 is 不了解."""
        scale = BUILTIN_SCALES["sat3_dk"]
        assert [o.label for o in scale.options] == ["满意", "基本满意", "不满意", "不了解"]

    def test_five_point_scores(self):
        """sat5 scores 100/80/60/40/20 from 非常满意 down; 不了解 has no score."""
        sat5 = BUILTIN_SCALES["sat5_dk"]
        assert [sat5.score_of(c) for c in (5, 4, 3, 2, 1, 9)] == [100, 80, 60, 40, 20, None]

    def test_yesno_is_unordered(self):
        """是/否 is nominal, the satisfaction scales ordered."""
        assert not BUILTIN_SCALES["yesno"].ordered and BUILTIN_SCALES["sat3"].ordered


class TestScale:
    def test_named_mapping(self):
        """A score mapping may be given by its name."""
        scale = Scale.model_validate({"options": [[i, str(i)] for i in (5, 4, 3, 2, 1)],
                                      "scores": "100/80/60/30/0"})
        assert scale.scores == SCORE_MAPPINGS["100/80/60/30/0"] == (100, 80, 60, 30, 0)
        assert scale.score_of(2) == 30

    def test_unknown_mapping_is_rejected(self):
        """An unknown mapping name names the known ones."""
        with pytest.raises(ValueError, match="100/75/50/25/0"):
            Scale.model_validate({"options": [[1, "a"]], "scores": "100/90"})

    def test_satisfied_code_outside_the_scale(self):
        """Built directly, a scale with a satisfied code it does not have is rejected."""
        with pytest.raises(ValueError, match=r"satisfied codes \[7\]"):
            Scale.model_validate({"options": [[1, "a"], [2, "b"]], "satisfied": [7]})


class TestInstrument:
    def test_unknown_scale_is_rejected_in_python(self):
        """Validating a mapping directly (no YAML file) still checks references."""
        with pytest.raises(ValueError, match="unknown scale 'sat7'"):
            Instrument.model_validate(_instrument([{"id": "a", "type": "single", "text": "x",
                                                    "scale": "sat7"}]))

    def test_every_question_type(self):
        """Each of the seven types validates and keeps its settings."""
        questions = [
            {"id": "a", "type": "single", "text": "x", "scale": "yesno"},
            {"id": "b", "type": "multiple", "text": "x", "options": [[1, "甲"], [2, "乙"]],
             "max_picks": 2},
            {"id": "m", "type": "likert_matrix", "text": "x", "scale": "sat3_dk",
             "items": [{"id": "m_1", "text": "y", "reverse": True}]},
            {"id": "r", "type": "rating", "text": "x", "min": 1, "max": 5},
            {"id": "n", "type": "number", "text": "x", "min": 0, "max": 9.5, "integer": False},
            {"id": "k", "type": "ranking", "text": "x", "options": [[1, "a"], [2, "b"], [3, "c"]],
             "ranks": 2},
            {"id": "o", "type": "open", "text": "x"},
        ]
        instrument = Instrument.model_validate(_instrument(questions))
        assert [q.type for q in instrument.questions()] == [
            "single", "multiple", "likert_matrix", "rating", "number", "ranking", "open"]
        assert instrument.question("k").rank_count == 2
        assert instrument.number_of("n") == 5
        assert instrument.location_of("o") == (0, 6)
