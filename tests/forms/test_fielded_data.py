"""Data entered for the new question types runs through loading, screening and statistics."""

from __future__ import annotations

import openpyxl
import pytest

from survey.forms.workbook import write_entry_workbook
from survey.responses import read_responses
from survey.screening import screen_responses
from survey.stats import frequency_table, satisfaction_table

BASE = {"gender": 1, "age": 70, "living": 2, "frequency": 1, "overall": 7,
        **{f"services_{k}": int(k == 1) for k in range(1, 7)},
        **dict(zip([f"svc_{k}" for k in range(1, 7)], [3, 3, 2, 3, 3, 2], strict=True)),
        "trust_1": 4, "trust_2": 2,
        "priorities_1": 1, "priorities_2": 2, "priorities_3": 3}


@pytest.fixture
def entered(tmp_path, instruments):
    """Four service questionnaires typed into the entry workbook, read back and screened."""
    service = instruments["service"]
    path = write_entry_workbook(service, tmp_path / "entry.xlsx", rows=10)
    rows = [
        {**BASE, "respondent_id": "S1"},
        {**BASE, "respondent_id": "S2", "age": 130},                       # out of range
        {**BASE, "respondent_id": "S3", "svc_2": 1, "svc_5": 9,            # dissatisfied, 不了解
         **{f"reasons_{k}": int(k in (2, 6)) for k in range(1, 7)}, "reasons_6_text": "太贵"},
        {**BASE, "respondent_id": "S4", "living_4_text": "与保姆同住"},       # text without 其他
    ]
    del rows[0]["priorities_1"], rows[0]["priorities_2"], rows[0]["priorities_3"]
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    for row in rows:
        sheet.append([row.get(h) for h in header])
    book.save(path)
    frame = read_responses(path, service)
    return service, frame, screen_responses(frame, service)


class TestScreening:
    def test_problems_found(self, entered):
        """A number out of range, an unranked ranking and orphan specify text are found."""
        _, _, screening = entered
        found = sorted(zip(screening.problems["respondent_id"], screening.problems["rule"],
                           screening.problems["column"], strict=True))
        assert found == [("S1", "missing_required", "priorities"),
                         ("S2", "out_of_scale", "age"),
                         ("S4", "skip_violation", "living_4_text")]
        detail = screening.problems.set_index("respondent_id").loc["S2", "detail"]
        assert detail.startswith("130 ") and "60–110" in detail

    def test_valid_rows(self, entered):
        """S3 (a proper follow-up with 其他 text) stays valid; S4's stray text is only flagged."""
        _, _, screening = entered
        assert sorted(screening.valid["respondent_id"]) == ["S3", "S4"]


class TestStatistics:
    def test_satisfaction_leaves_dont_know_out(self, entered):
        """svc_5 has one 不了解 among four answers: its base is 3; svc_2 is 3 of 4 satisfied."""
        service, frame, _ = entered
        table = satisfaction_table(frame, service).set_index("item")
        assert (table.loc["svc_5", "n"], table.loc["svc_5", "n_excluded"]) == (3, 1)
        assert table.loc["svc_2", "n_satisfied"] == 3 and table.loc["svc_2", "n"] == 4

    def test_frequencies_skip_the_specify_text(self, entered):
        """A single choice with 其他（请注明） still has one frequency row per option."""
        service, frame, _ = entered
        table = frequency_table(frame, service)
        living = table[table["question"] == "living"]
        assert list(living["code"]) == [1, 2, 3, 4] and list(living["count"]) == [0, 4, 0, 0]
