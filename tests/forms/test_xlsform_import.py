"""Importing XLSForms: our own round trip, and a form written elsewhere."""

from __future__ import annotations

import openpyxl
import pytest

from survey.errors import InstrumentError
from survey.forms.xlsform_import import import_xlsform
from survey.instrument import check_instrument, variables


def _compare(variable) -> tuple:
    return (variable.name, variable.kind, variable.codes, variable.label, variable.excluded,
            variable.satisfied, variable.reverse, variable.required, variable.dimension,
            variable.minimum, variable.maximum, variable.unit, variable.satisfaction)


class TestRoundTrip:
    @pytest.mark.parametrize("name", ["residents", "staff", "service"])
    def test_same_variables_back(self, built, instruments, name, tmp_path):
        """build → import gives a definition that checks clean, with the same variables."""
        imported = import_xlsform(built[name] / "xlsform.xlsx", tmp_path / "back.yaml")
        assert imported.notes == ()
        instrument, problems = check_instrument(tmp_path / "back.yaml")
        assert problems == []
        assert [_compare(v) for v in variables(instrument)] == [
            _compare(v) for v in variables(instruments[name])]

    def test_skip_logic_and_cover_letter_survive(self, built, instruments, tmp_path):
        """Skip conditions come back in the expression language; the letter is kept."""
        import_xlsform(built["service"] / "xlsform.xlsx", tmp_path / "back.yaml")
        instrument, _ = check_instrument(tmp_path / "back.yaml")
        assert instrument.question("reasons").show_if == "any(svc_1..svc_6 == 1)"
        assert instrument.cover_letter == instruments["service"].cover_letter
        assert [s.role for s in instrument.sections] == ["profile", "awareness", "satisfaction",
                                                         "feedback"]


def _kobo_form(path):
    """A KoboToolbox-style form: text choice names, or_other, a date, an unsupported relevant."""
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label", "hint", "required", "relevant", "appearance",
                   "constraint", "parameters"])
    rows = [
        ["start", "start"], ["today", "today"],
        ["select_one yn", "consent", "Do you agree to take part?", None, "yes"],
        ["begin_group", "intro", "About you"],
        ["integer", "age", "Age", None, "yes", "${consent} = 'yes'", None, ". >= 18 and . <= 99"],
        ["select_one town or_other", "town", "Town", None, "true()", "${consent} = 'yes'"],
        ["date", "visit", "Date of the last visit"],
        ["end_group"],
        ["begin_group", "grid", "Rate the service", None, None, "${age} > 30", "table-list"],
        ["select_one s3", "g1", "Staff"], ["select_one s3", "g2", "Waiting time"],
        ["end_group"],
        ["select_multiple why", "why", "Why?", None, None, "selected(${g1}, 'bad')", None,
         "count-selected(.) <= 2"],
        ["range", "score", "Score", None, None, None, None, None, "start=0 end=10 step=1"],
        ["text", "more", "Anything else?", None, None, "string-length(${town}) > 3"],
        ["calculate", "calc", None],
    ]
    for row in rows:
        survey.append(row)
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    for row in [["yn", "yes", "Yes"], ["yn", "no", "No"], ["town", "a", "North"], ["town", "b", "South"],
                ["s3", "good", "Good"], ["s3", "ok", "Fair"], ["s3", "bad", "Bad"],
                ["why", "1", "Slow"], ["why", "2", "Rude"], ["why", "3", "Costly"]]:
        choices.append(row)
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id"])
    settings.append(["Clinic survey", "clinic-2025"])
    book.save(path)
    return path


class TestForeignForm:
    def test_imports_what_it_can_and_says_what_it_left(self, tmp_path):
        """Text choice names become codes; unsupported parts are listed, the rest checks clean."""
        imported = import_xlsform(_kobo_form(tmp_path / "kobo.xlsx"), tmp_path / "clinic.yaml")
        instrument, problems = check_instrument(tmp_path / "clinic.yaml")
        assert problems == []
        assert instrument.id == "clinic_2025"
        assert [v.name for v in variables(instrument)] == [
            "consent", "age", "town", "town_3_text", "g1", "g2", "why_1", "why_2", "why_3",
            "score", "more"]
        assert instrument.question("age").show_if == "consent == 1"
        assert instrument.question("why").show_if == "g1 == 3"
        assert instrument.question("why").max_picks == 2
        assert instrument.question("age").min == 18 and instrument.question("score").type == "rating"
        grid = instrument.question("grid")
        assert grid.type == "likert_matrix" and grid.show_if == "age > 30" and not grid.satisfaction
        notes = " | ".join(imported.notes)
        assert "'visit' (date) has no matching question type" in notes
        assert "string-length" in notes and "names yes, no became codes 1–2" in notes

    def test_not_an_xlsform(self, tmp_path):
        """A workbook without a survey sheet is a located user error."""
        path = tmp_path / "x.xlsx"
        openpyxl.Workbook().save(path)
        with pytest.raises(InstrumentError, match="no 'survey' sheet"):
            import_xlsform(path)

    def test_nothing_written_when_invalid(self, tmp_path):
        """Ids that clash once choices become variables: an error, no file."""
        book = openpyxl.Workbook()
        survey = book.active
        survey.title = "survey"
        survey.append(["type", "name", "label"])
        survey.append(["text", "fruit_1", "Other fruit"])
        survey.append(["select_multiple f", "fruit", "Fruit"])
        choices = book.create_sheet("choices")
        choices.append(["list_name", "name", "label"])
        choices.append(["f", "1", "Apple"])
        book.save(tmp_path / "clash.xlsx")
        with pytest.raises(InstrumentError, match="'fruit_1' is already used"):
            import_xlsform(tmp_path / "clash.xlsx", tmp_path / "clash.yaml")
        assert not (tmp_path / "clash.yaml").exists()
