"""Cross-reference checks on plain documents: every problem with its key path."""

from __future__ import annotations

from survey.instrument.checks import reference_problems, scale_problems


def _doc(questions: list, scales: dict | None = None, **extra) -> dict:
    return {"id": "t", "title": "x", "group": {"id": "g", "name": "g"}, "scales": scales or {},
            "sections": [{"id": "s1", "title": "一", "questions": questions}], **extra}


def _keys(problems) -> list[tuple]:
    return [loc for loc, _ in problems]


class TestScaleProblems:
    def test_repeated_code_and_unknown_codes(self):
        """A repeated code, an unknown satisfied code and an overlap are all reported."""
        found = scale_problems({"options": [[1, "a"], [2, "b"], [2, "c"]], "satisfied": [2, 7],
                                "excluded": [2]})
        assert _keys(found) == [("options", 2), ("satisfied",), ("excluded",)]
        assert "[7]" in found[1][1] and "both satisfied and excluded" in found[2][1]

    def test_scores_must_match_scored_options(self):
        """Three scored options need three points."""
        found = scale_problems({"options": [[1, "a"], [2, "b"], [3, "c"], [9, "d"]],
                                "excluded": [9], "scores": [100, 0]})
        assert found == [(("scores",), "scores give 2 points for 3 scored options [1, 2, 3]")]


class TestReferenceProblems:
    def test_clean_document(self):
        """A correct definition has no problems."""
        q = [{"id": "a", "type": "single", "text": "x", "scale": "yesno"},
             {"id": "b", "type": "open", "text": "y", "show_if": "a == 1"}]
        assert reference_problems(_doc(q)) == []

    def test_unknown_scale(self):
        """An unknown scale is located at the question's scale key."""
        found = reference_problems(_doc([{"id": "a", "type": "single", "text": "x", "scale": "s"}]))
        assert _keys(found) == [("sections", 0, "questions", 0, "scale")]
        assert "unknown scale 's'" in found[0][1]

    def test_generated_names_collide(self):
        """A multiple choice's option variable may not reuse another id."""
        q = [{"id": "r_1", "type": "open", "text": "x"},
             {"id": "r", "type": "multiple", "text": "y", "options": [[1, "a"], [2, "b"]]}]
        found = reference_problems(_doc(q))
        assert found == [(("sections", 0, "questions", 1, "options", 0),
                          "id 'r_1' is already used by sections[0].questions[0]")]

    def test_skip_logic_forward_and_unknown(self):
        """Skip logic may read only earlier questions' variables."""
        q = [{"id": "a", "type": "single", "text": "x", "scale": "yesno", "show_if": "b == 1"},
             {"id": "b", "type": "single", "text": "y", "scale": "yesno", "show_if": "zz > 1"}]
        messages = [m for _, m in reference_problems(_doc(q))]
        assert messages == ["skip logic refers to 'b', which is not asked before question a",
                            "skip logic refers to unknown variable 'zz'"]

    def test_skip_logic_compares_with_a_code_the_scale_lacks(self):
        """``a == 3`` on a yes/no question can never hold."""
        q = [{"id": "a", "type": "single", "text": "x", "scale": "yesno"},
             {"id": "b", "type": "open", "text": "y", "show_if": "a == 3"}]
        (problem,) = reference_problems(_doc(q))
        assert problem[1] == "skip logic compares 'a' with 3, which is not one of its codes (1, 2)"

    def test_reference_to_a_matrix_id(self):
        """A matrix has no answer of its own: point to its items."""
        q = [{"id": "m", "type": "likert_matrix", "text": "x", "scale": "sat5",
              "items": [{"id": "m_1", "text": "a"}, {"id": "m_2", "text": "b"}]},
             {"id": "b", "type": "open", "text": "y", "show_if": "m <= 2"}]
        (problem,) = reference_problems(_doc(q))
        assert "refer to its variables (m_1..m_2)" in problem[1]

    def test_satisfaction_matrix_needs_satisfied_codes(self):
        """A satisfaction matrix on a scale without satisfied codes gives no rate."""
        q = [{"id": "m", "type": "likert_matrix", "text": "x", "scale": "yesno",
              "items": [{"id": "m_1", "text": "a"}]}]
        (problem,) = reference_problems(_doc(q))
        assert problem[0] == ("sections", 0, "questions", 0, "scale")

    def test_spss_reserved_word_and_builtin_shadowing(self):
        """``to`` cannot be an SPSS variable; a declared scale may not reuse a built-in name."""
        q = [{"id": "TO", "type": "open", "text": "x"}]
        found = reference_problems(_doc(q, scales={"sat5": {"options": [[1, "a"]]}}))
        assert _keys(found) == [("scales", "sat5"), ("sections", 0, "questions", 0, "id")]

    def test_non_ascii_id_column(self):
        """The respondent-id column must be a name SPSS and Excel headers can carry."""
        found = reference_problems(_doc([{"id": "a", "type": "open", "text": "x"}],
                                        id_column="问卷编号"))
        assert _keys(found) == [("id_column",)]

    def test_ranges_and_picks(self):
        """min/max and pick limits out of order are each located."""
        q = [{"id": "r", "type": "rating", "text": "x", "min": 5, "max": 2},
             {"id": "n", "type": "number", "text": "x", "min": 10, "max": 1},
             {"id": "k", "type": "ranking", "text": "x", "options": [[1, "a"], [2, "b"]],
              "ranks": 3},
             {"id": "m", "type": "multiple", "text": "x", "options": [[1, "a"]], "max_picks": 2}]
        assert _keys(reference_problems(_doc(q))) == [
            ("sections", 0, "questions", 0, "max"), ("sections", 0, "questions", 1, "max"),
            ("sections", 0, "questions", 2, "ranks"), ("sections", 0, "questions", 3, "max_picks")]

    def test_malformed_shapes_do_not_crash(self):
        """Half-written documents are checked as far as they go."""
        assert reference_problems({"sections": "nope", "scales": [1]}) == []
        assert reference_problems({"sections": [None, {"questions": [None, 3]}]}) == []
