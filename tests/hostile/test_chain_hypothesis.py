"""Random hostile text through the whole chain: no live formula, no personal data, no
traceback in anything written.

Every cell of a response file (the id column included) and every label of a questionnaire
gets text drawn from: formula starts (``=``, ``+``, ``-``, ``@``, tab, CR), control
characters, mobile and identity card numbers in the forms people write them, and ordinary
words. ``survey run`` and ``survey instrument build`` must exit 0 or 2 (a located message,
never a traceback); every file they write is read back: no workbook cell is a formula, no
CSV field starts with a formula character, and no planted phone or ID number appears in
any byte.
"""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey._cells import FORMULA_STARTS
from survey.cli import main
from survey.report import plotly_js
from tests.conftest import ROOT
from tests.hostile._written import written_text

STAFF = ROOT / "instruments" / "staff.yaml"
BASE = pd.read_excel(ROOT / "analyses" / "data" / "staff.xlsx", dtype=object, engine="openpyxl")

PHONES = ["13912345678", "(139)12345678", "+86 139 1234 5678", "１３９１２３４５６７８"]
ID_CARD = "11010519491231002X"
SECRETS = ("13912345678", "12345678", ID_CARD)  # the digits that must never be written

hostile = st.one_of(
    st.sampled_from(["=cmd|' /C calc'!A0", '=HYPERLINK("http://evil","x")', "+1+2", "-3",
                     "@SUM(1)", "\t=1", "\r=2", "\x1b[31m", "\x07", "\x00", ID_CARD,
                     *PHONES, "满意", "很好，谢谢", "5"]),
    st.builds(lambda a, b: f"{a}{b}", st.sampled_from(["电话", "微信 ", "身份证", "QQ "]),
              st.sampled_from([*PHONES, ID_CARD, "wxid_abc123"])),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8),
)

#: Labels for ``instrument build``: the same without control characters, which a definition
#: cannot hold (refusing them with a located message is tested with the YAML checks).
printable = hostile.filter(lambda t: not any(ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in t))


def _written(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _check_files(folder: Path, *, personal: bool = True) -> None:
    for path in _written(folder):
        if path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path)
            formulas = [c.coordinate for ws in book.worksheets for row in ws.iter_rows()
                        for c in row if c.data_type == "f"]
            assert formulas == [], f"{path.name}: live formulas at {formulas[:5]}"
            cells = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows()
                             for c in row if c.value is not None)
            text = cells + written_text(path)
        elif path.suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                fields = [f for row in csv.reader(handle) for f in row]
            assert not [f for f in fields if f.startswith(FORMULA_STARTS)], path.name
            text = " ".join(fields)
        else:
            # The vendored plotly.js (its own file, and inlined in report.html) happens to
            # hold the digits 12345678: it is the library as shipped, not the responses.
            text = written_text(path).replace(plotly_js(), "")
        if personal:
            for secret in SECRETS:
                assert secret not in text, f"{path.name} holds {secret}"


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(cells=st.lists(hostile, min_size=12, max_size=12), rows=st.sets(
    st.integers(0, len(BASE) - 1), min_size=1, max_size=6))
def test_run_writes_no_formula_no_personal_data(cells, rows, capsys):
    frame = BASE.copy()
    columns = list(frame.columns)
    for k, row in enumerate(sorted(rows)):
        for j, column in enumerate(columns):
            if (k + j) % 3 == 0:
                frame.at[row, column] = cells[(k + j) % len(cells)]
    frame.loc[0, "respondent_id"] = PHONES[0]  # the ids are phone numbers in every example
    frame.loc[1, "reason"] = f"有问题请打{PHONES[1]}或身份证{ID_CARD}"
    tmp = Path(tempfile.mkdtemp())
    try:
        responses = tmp / "staff.csv"
        with responses.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            writer.writerows(frame.astype(object).where(frame.notna(), "")
                             .itertuples(index=False))
        spec = tmp / "spec.yaml"
        spec.write_text(json.dumps({
            "report": {"title": "测试", "language": "zh-CN", "detail": "full"},
            "groups": [{"id": "staff", "instrument": str(STAFF), "responses": str(responses),
                        "fieldwork": {"issued": 50}}]}, ensure_ascii=False), encoding="utf-8")
        out = tmp / "out"
        code = main(["run", str(spec), "--out", str(out), "--generated-at", "2026-11-21"])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        assert code in (0, 2), captured.err
        if code == 0:
            _check_files(out)
        else:
            assert str(responses) in captured.err or str(spec) in captured.err
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(labels=st.lists(printable, min_size=6, max_size=6))
def test_build_writes_no_formula(labels, capsys):
    a, b, c, d, e, f = (_yaml_text(x) for x in labels)
    tmp = Path(tempfile.mkdtemp())
    try:
        definition = tmp / "i.yaml"
        definition.write_text(
            f"id: h\ntitle: {a}\ngroup: {{id: g, name: {b}}}\nsections:\n  - id: s1\n"
            f"    title: {c}\n    questions:\n      - id: q1\n        type: single\n"
            f"        text: {d}\n        options: [[1, {e}], [2, {f}]]\n", encoding="utf-8")
        out = tmp / "forms"
        code = main(["instrument", "build", str(definition), "--out", str(out)])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err + captured.out
        assert code in (0, 2)
        if code == 0:
            _check_files(out, personal=False)  # the author's own text is printed as written
        else:
            assert str(definition) in captured.out + captured.err
            assert not out.exists() or _written(out) == []
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
