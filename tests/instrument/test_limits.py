"""SPSS label limits: every overlong label, with where it is written."""

from __future__ import annotations

from survey.instrument.limits import VALUE_LABEL_BYTES, VARIABLE_LABEL_BYTES, label_problems
from survey.instrument.model import Instrument


def _instrument(item_text: str, option_label: str) -> Instrument:
    return Instrument.model_validate({
        "id": "t", "title": "x", "group": {"id": "g", "name": "g"},
        "scales": {"long": {"options": [[1, option_label], [2, "短"]], "satisfied": [1]}},
        "sections": [{"id": "s1", "title": "一", "questions": [
            {"id": "m", "type": "likert_matrix", "text": "x", "scale": "long",
             "items": [{"id": "m_1", "text": "短"}, {"id": "m_2", "text": item_text}]}]}],
    })


class TestLabelProblems:
    def test_at_the_limits_nothing_is_reported(self):
        """85 Chinese characters (255 bytes) and 40 (120 bytes) fit."""
        assert label_problems(_instrument("满" * 85, "意" * 40)) == []

    def test_one_character_over(self):
        """86 characters (258 bytes) and 41 (123 bytes) do not; both are located."""
        found = label_problems(_instrument("满" * 86, "意" * 41))
        assert [(p.variable, p.what, p.size, p.limit, p.loc) for p in found] == [
            ("m_1", "value label", 123, VALUE_LABEL_BYTES, ("scales", "long", "options", 0)),
            ("m_2", "variable label", 258, VARIABLE_LABEL_BYTES,
             ("sections", 0, "questions", 0, "items", 1, "text")),
            ("m_2", "value label", 123, VALUE_LABEL_BYTES, ("scales", "long", "options", 0)),
        ]
