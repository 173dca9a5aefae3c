"""A question whose id is ``reason`` (the staff questionnaire's 第 9 题) keeps its answers in
the set-aside rows: the screening's reasons are kept apart from the answers in memory, and
named ``screening_reason`` in a streamed set_aside.csv (they used to overwrite the answers)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from survey import load_instrument, screen_responses
from survey.responses.read import read_response_file
from survey.screening.streamed import screen_stream

ROOT = Path(__file__).resolve().parents[2]


def staff() -> tuple[object, pd.DataFrame]:
    instrument = load_instrument(ROOT / "instruments/staff.yaml")
    frame = read_response_file(ROOT / "analyses/data/staff.xlsx", instrument).frame.copy()
    frame["reason"] = np.arange(len(frame)) % 3 + 1.0  # an answer in every row
    return instrument, frame


def test_set_aside_rows_keep_the_answers_to_reason() -> None:
    instrument, frame = staff()
    s = screen_responses(frame, instrument)
    assert len(s.set_aside) == 2
    pd.testing.assert_series_equal(s.set_aside["reason"], frame.loc[s.set_aside.index, "reason"])
    assert s.reasons["reason"].tolist() == ["out_of_scale", "missing_required"]
    assert list(s.reasons.index) == list(s.set_aside.index)
    assert list(s.set_aside.columns) == list(frame.columns)


def test_streamed_set_aside_csv_names_its_columns_apart(tmp_path) -> None:
    instrument, frame = staff()
    source = tmp_path / "staff.csv"
    frame.to_csv(source, index=False)
    result = screen_stream(source, instrument, tmp_path / "out", batch_rows=16)
    aside = pd.read_csv(result.set_aside_file, dtype=str, keep_default_na=False)
    memory = screen_responses(frame, instrument)
    assert list(aside.columns[-2:]) == ["screening_reason", "flags"]
    assert aside["screening_reason"].tolist() == memory.reasons["reason"].tolist()
    assert aside["reason"].astype(float).tolist() == memory.set_aside["reason"].tolist()
