"""Property tests: every loader, fed generated and corrupted files, either loads or raises
the toolkit's error (a SurveyError), never another exception."""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from survey.errors import SurveyError
from survey.instrument import load_instrument
from survey.responses import inspect_file, read_response_file, read_table
from survey.screening import screen_responses
from tests.conftest import ROOT, shared_path

MINI = load_instrument(ROOT / "tests/responses/data/mini.yaml")
SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

cells = st.one_of(
    st.none(), st.integers(-5, 60).map(str), st.sampled_from(
        ["满意", "非常满意", "石门村", "(跳过)", "(空)", "-3", "1,2", "安全→绿化", "其他〖x〗",
         "  ", "很好", "3.5", "13812345678", "1.2.3.4(上海-上海)", '"', "a,b", "\n", "١٢"]),
    st.text(max_size=8),
)
headers = st.one_of(
    st.sampled_from(["respondent_id", "village", "aware", "aware_level", "sat_1", "sat_2",
                     "sat_3", "sat_4", "sat_5", "sat_6", "reasons", "visits", "priorities",
                     "suggestion", "序号", "所用时间", "来自IP", "1、您所在的村", "第5题(其他)",
                     "4、(植被恢复效果)", "编号", "答题时长", "姓名", "Q4_2"]),
    st.text(min_size=1, max_size=6),
)


@st.composite
def tables(draw):
    columns = draw(st.lists(headers, min_size=1, max_size=8, unique=True))
    rows = draw(st.integers(0, 6))
    return pd.DataFrame({c: [draw(cells) for _ in range(rows)] for c in columns})


def _loads_or_survey_error(call):
    with contextlib.suppress(SurveyError):
        call()


def _corrupt(data: bytes, positions: list[int], values: list[int], cut: int | None) -> bytes:
    array = bytearray(data)
    for p, v in zip(positions, values, strict=False):
        if array:
            array[p % len(array)] = v
    return bytes(array[:cut] if cut is not None else array)


corruption = st.tuples(st.lists(st.integers(0, 10**6), max_size=12),
                       st.lists(st.integers(0, 255), max_size=12),
                       st.one_of(st.none(), st.integers(0, 4000)))


class TestCsvLoader:
    @SETTINGS
    @given(table=tables(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk", "utf-16"]),
           sep=st.sampled_from([",", "\t", ";"]))
    def test_generated_csv(self, table, encoding, sep):
        """Generated tables in every encoding and separator load or raise SurveyError."""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "r.csv"
            try:
                path.write_bytes(table.to_csv(index=False, sep=sep).encode(encoding))
            except UnicodeEncodeError:
                return
            _loads_or_survey_error(lambda: read_table(path))
            _loads_or_survey_error(lambda: inspect_file(path))
            _loads_or_survey_error(lambda: screen_responses(read_response_file(path, MINI), MINI))

    @SETTINGS
    @given(data=st.binary(max_size=400))
    def test_random_bytes_as_csv(self, data):
        """Arbitrary bytes named .csv load or raise SurveyError."""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "r.csv"
            path.write_bytes(data)
            _loads_or_survey_error(lambda: read_table(path))
            _loads_or_survey_error(lambda: read_response_file(path, MINI))


class TestExcelLoaders:
    @SETTINGS
    @given(table=tables())
    def test_generated_xlsx(self, table):
        """Generated workbooks load or raise SurveyError."""
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "r.xlsx"
            clean = table.map(lambda v: ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v)
            clean.columns = [ILLEGAL_CHARACTERS_RE.sub("", c) or "x" for c in clean.columns]
            if clean.columns.duplicated().any():
                return
            clean.to_excel(path, index=False, engine="openpyxl")
            _loads_or_survey_error(lambda: read_table(path))
            _loads_or_survey_error(lambda: read_response_file(path, MINI))

    @SETTINGS
    @given(damage=corruption)
    def test_corrupted_xlsx(self, damage):
        """A workbook with bytes changed or cut off loads or raises SurveyError."""
        buffer = io.BytesIO()
        pd.DataFrame({"respondent_id": ["R1"], "village": [1]}).to_excel(buffer, index=False)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "r.xlsx"
            path.write_bytes(_corrupt(buffer.getvalue(), *damage))
            _loads_or_survey_error(lambda: read_table(path))

    @SETTINGS
    @given(damage=corruption)
    def test_corrupted_wjx_xls(self, damage):
        """问卷星's legacy .xls with bytes changed or cut off loads or raises SurveyError."""
        data = shared_path("data", "wjx", "wjx_800_800_0.xls").read_bytes()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "r.xls"
            path.write_bytes(_corrupt(data, *damage))
            _loads_or_survey_error(lambda: read_table(path))
            _loads_or_survey_error(lambda: inspect_file(path))


class TestStatLoaders:
    @SETTINGS
    @given(codes=st.lists(st.one_of(st.none(), st.integers(-3, 9)), min_size=1, max_size=6),
           suffix=st.sampled_from([".sav", ".dta"]))
    def test_generated_files(self, codes, suffix):
        """Generated SPSS and Stata files load or raise SurveyError."""
        frame = pd.DataFrame({"respondent_id": [f"R{i}" for i in range(len(codes))],
                              "village": [np.nan if c is None else float(c) for c in codes]})
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"r{suffix}"
            writer = pyreadstat.write_sav if suffix == ".sav" else pyreadstat.write_dta
            writer(frame, str(path))
            _loads_or_survey_error(lambda: read_table(path))
            _loads_or_survey_error(lambda: read_response_file(path, MINI))

    @SETTINGS
    @given(damage=corruption, suffix=st.sampled_from([".sav", ".dta"]))
    def test_corrupted_files(self, damage, suffix):
        """SPSS and Stata files with bytes changed or cut off load or raise SurveyError."""
        frame = pd.DataFrame({"respondent_id": ["R1", "R2"], "village": [1.0, 2.0]})
        with tempfile.TemporaryDirectory() as folder:
            good = Path(folder) / f"good{suffix}"
            writer = pyreadstat.write_sav if suffix == ".sav" else pyreadstat.write_dta
            writer(frame, str(good))
            path = Path(folder) / f"r{suffix}"
            path.write_bytes(_corrupt(good.read_bytes(), *damage))
            _loads_or_survey_error(lambda: read_table(path))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".xls", ".sav", ".dta"])
def test_empty_file_is_a_survey_error_or_empty(tmp_path, suffix):
    """An empty file of each kind loads as nothing or raises SurveyError."""
    path = tmp_path / f"r{suffix}"
    path.write_bytes(b"")
    _loads_or_survey_error(lambda: read_table(path))
