"""A file with no column of questionnaire ids (an evaluator's own table): with ``ids: row``
each questionnaire is known by its row in the file, as the spreadsheet shows it; without it
the missing id column is an error that names the file and says what was expected."""

from __future__ import annotations

import pandas as pd
import pytest

from survey.errors import ResponseFileError
from survey.instrument import load_instrument
from survey.responses.read import read_responses
from survey.screening import screen_responses

INSTRUMENT = """\
id: roads
title: 村道改造满意度调查
group: {{id: villagers, name: 村民}}
{ids}
sections:
  - id: s1
    title: 调查内容
    questions:
      - {{id: q1, type: single, text: 您对道路硬化的满意程度, scale: sat5}}
      - {{id: q2, type: single, text: 您对路灯安装的满意程度, scale: sat5}}
"""


def _files(tmp_path, ids: str):
    (tmp_path / "roads.yaml").write_text(INSTRUMENT.format(ids=ids), encoding="utf-8")
    frame = pd.DataFrame({
        "1.您对道路硬化的满意程度": ["非常满意", "满意", "一般", "满意", "非常满意"],
        "2.您对路灯安装的满意程度": ["满意", "满意", "不满意", "满意", "非常满意"],
    })
    frame.to_excel(tmp_path / "roads.xlsx", index=False)
    return load_instrument(tmp_path / "roads.yaml"), tmp_path / "roads.xlsx"


def test_questionnaires_are_known_by_their_spreadsheet_rows(tmp_path):
    instrument, path = _files(tmp_path, "ids: row")
    frame = read_responses(path, instrument)
    # the header is row 1, so the five answers are rows 2–6 of the sheet
    assert frame["respondent_id"].tolist() == ["2", "3", "4", "5", "6"]
    assert frame["q1"].tolist() == [5.0, 4.0, 3.0, 4.0, 5.0]
    # rows 3 and 5 answered alike: the copy is named by the rows the evaluator sees
    result = screen_responses(frame, instrument)
    copied = result.problems[result.problems["rule"] == "duplicate_answers"]
    assert copied[["row", "respondent_id", "detail"]].to_dict("records") == [
        {"row": 5, "respondent_id": "5", "detail": "every answer equals row 3"}]


def test_without_ids_row_the_missing_id_column_is_an_error(tmp_path):
    instrument, path = _files(tmp_path, "")
    with pytest.raises(ResponseFileError) as caught:
        read_responses(path, instrument)
    assert caught.value.code == "missing_column"
    assert "roads.xlsx" in str(caught.value) and "respondent_id" in str(caught.value)
