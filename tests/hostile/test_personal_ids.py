"""Respondent ids that are personal data never reach an output.

Reproducer: with ids ``13800000001``…, 18-digit identity card numbers or ``张三16``, the ids
appeared in report.html, data-quality-section.html and results.json (the set-aside list).
Now such ids become ``#<row where the id first appears>`` when the responses are read, the
run says so, and ``--keep-personal`` (``keep_personal: true``) keeps them.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from survey.cli import main
from survey.instrument import load_instrument
from survey.responses import read_responses
from tests.conftest import ROOT
from tests.hostile._written import written_text

STAFF = ROOT / "instruments" / "staff.yaml"


def _id_card(n: int) -> str:
    """A valid 18-digit number (GB 11643 check digit) for a fictional person."""
    body = f"11010519900101{n:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


IDS = {
    "phone": lambda n: f"138{n:08d}",
    "id_card": _id_card,
    "name": lambda n: f"{'张李王赵'[n % 4]}三{n}",
}


def _responses(tmp_path: Path, make_id) -> tuple[Path, list[str]]:
    frame = pd.read_excel(ROOT / "analyses" / "data" / "staff.xlsx", dtype=object, engine="openpyxl")
    ids = [make_id(n + 1) for n in range(len(frame))]
    ids[5] = ids[4]  # a repeated id must still be found as one
    frame["respondent_id"] = ids
    path = tmp_path / "staff.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(frame.columns)
        writer.writerows(frame.itertuples(index=False))
    return path, ids


def _spec(tmp_path: Path, responses: Path, keep: bool = False) -> Path:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        f"report: {{title: 测试, language: zh-CN, detail: full}}\n"
        f"groups:\n  - id: staff\n    instrument: {STAFF}\n    responses: {responses}\n"
        f"    fieldwork: {{issued: 50, returned: 48}}\n"
        + ("    keep_personal: true\n" if keep else ""), encoding="utf-8")
    return spec


@pytest.mark.parametrize("kind", sorted(IDS))
def test_no_personal_id_in_any_written_byte(tmp_path, capsys, kind):
    responses, ids = _responses(tmp_path, IDS[kind])
    out = tmp_path / "out"
    assert main(["run", str(_spec(tmp_path, responses)), "--out", str(out),
                 "--generated-at", "2026-11-21"]) == 0
    said = capsys.readouterr().out
    assert "首次出现的行号" in said and "--keep-personal" in said
    files = sorted(out.iterdir())
    assert {"report.html", "results.json", "data-quality-section.html"} <= {p.name for p in files}
    for path in files:
        text = written_text(path)
        leaked = [i for i in set(ids) if i in text]
        assert leaked == [], f"{path.name} holds {leaked[:3]}"
    # the repeated id (rows 6 and 7 of the file) is set aside under its pseudonym
    assert "#6" in (out / "results.json").read_text(encoding="utf-8")


def test_equal_ids_stay_equal_and_the_repeat_is_found(tmp_path):
    responses, _ = _responses(tmp_path, IDS["phone"])
    frame = read_responses(responses, load_instrument(STAFF))
    ids = frame["respondent_id"].tolist()
    assert ids[:6] == ["#2", "#3", "#4", "#5", "#6", "#6"]
    assert frame["respondent_id"].duplicated().sum() == 1


def test_keep_personal_keeps_them(tmp_path):
    responses, ids = _responses(tmp_path, IDS["phone"])
    frame = read_responses(responses, load_instrument(STAFF), keep_personal=True)
    assert frame["respondent_id"].tolist() == ids


def test_ordinary_ids_are_left_alone():
    frame = read_responses(ROOT / "analyses" / "data" / "staff.xlsx", load_instrument(STAFF))
    assert frame["respondent_id"].iloc[0] == "S001"


def test_a_phone_number_typed_as_a_code_is_not_written(tmp_path):
    """A number typed into a coded column is a screening problem; its value and detail go
    into results.json and the report, so a phone or ID number there is redacted."""
    from survey.screening import screen_responses

    frame = pd.read_excel(ROOT / "analyses" / "data" / "staff.xlsx", dtype=object, engine="openpyxl")
    frame.loc[2, "department"] = "13912345678"
    frame.loc[3, "sat_1"] = "110105194912310021"
    path = tmp_path / "staff.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(frame.columns)
        writer.writerows(frame.astype(object).where(frame.notna(), "").itertuples(index=False))
    instrument = load_instrument(STAFF)
    screening = screen_responses(read_responses(path, instrument), instrument, issued=50)
    problems = screening.problems
    shown = problems[problems["row"].isin([4, 5])]  # file rows of frame rows 2 and 3
    assert len(shown) == 2 and set(shown["value"]) == {"[已隐去]"}
    text = problems.to_string()
    assert "13912345678" not in text and "110105194912310021" not in text
    assert "1.10105" not in text and "1.39123" not in text
