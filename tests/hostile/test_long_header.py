"""A CSV header longer than 64 KB is read whole.

Reproducer: the header was taken from the first 65,536 characters, so later columns were
neither counted nor checked for repeats (``validate``: "16 matched, 10930 unused" where
``inspect`` saw 100,017 columns).
"""

from __future__ import annotations

import csv

import pytest

from survey.errors import ResponseFileError
from survey.instrument import load_instrument
from survey.responses import read_responses
from tests.conftest import ROOT

STAFF = ROOT / "instruments" / "staff.yaml"
VARIABLES = ["department", "tenure", "trained", "rules_clear", "sat_1", "sat_2", "sat_3",
             "reason"]
FILLER = [f"extra_column_{i:06d}" for i in range(3_500)]  # 70,000 characters


def _write(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def test_columns_after_64_kb_are_matched(tmp_path):
    path = tmp_path / "wide.csv"
    header = ["respondent_id", *FILLER, *VARIABLES]
    assert len(",".join(header)) > 65_536
    row = ["S1", *[""] * len(FILLER), 1, 2, 1, 4, 5, 4, 5, "好"]
    _write(path, header, [row])
    frame = read_responses(path, load_instrument(STAFF))
    assert frame[VARIABLES[:-1]].iloc[0].tolist() == [1, 2, 1, 4, 5, 4, 5]


def test_a_repeat_after_64_kb_is_found(tmp_path):
    path = tmp_path / "wide.csv"
    header = ["respondent_id", *VARIABLES, *FILLER, "sat_1"]
    _write(path, header, [["S1", 1, 2, 1, 4, 5, 4, 5, "好", *[""] * len(FILLER), 3]])
    with pytest.raises(ResponseFileError) as caught:
        read_responses(path, load_instrument(STAFF))
    assert caught.value.code == "duplicate_column" and caught.value.column == "sat_1"
    assert str(path) in str(caught.value)
