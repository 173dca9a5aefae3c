"""A CSV file read as UTF-8 on a guess from its first bytes gives what detecting its encoding
from every byte first gives: the same frame and encoding, or the same error."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey.errors import ResponseFileError
from survey.instrument import load_instrument
from survey.responses import file_sha256, read_response_file
from survey.responses import read as read_module
from survey.responses.formats import detect_encoding
from tests.conftest import ROOT

RESIDENTS = ROOT / "instruments/residents.yaml"
HEADER = ("respondent_id,village,age_band,years_lived,aware,aware_level,consulted,sat_1,sat_2,"
          "sat_3,sat_4,sat_5,sat_6,reasons,suggestion,duration_seconds")
#: A suggestion as written in each encoding; the last is neither UTF-8 nor GB18030.
CELLS = {"ascii": b"fine", "utf-8": "很好".encode(), "gbk": "很好".encode("gbk"),
         "neither": b"\xff\xff"}


@pytest.fixture(scope="module")
def instrument():
    return load_instrument(RESIDENTS)


def _file(path, rows, cells, bad_label=None):
    """``rows`` rows; ``cells`` maps a row to its suggestion's bytes; ``bad_label``: a row whose
    sat_1 is a label the scale does not have."""
    lines = [HEADER.encode()]
    for i in range(rows):
        sat = "很怪".encode() if i == bad_label else b"5"
        lines.append(b"%d,3,2,2,1,3.0,1.0,%s,5,5.0,4,4,5,,%s,279"
                     % (i + 1, sat, cells.get(i, b"")))
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _detected_first(path, instrument):
    """The reading as it was: the encoding detected from every byte, then the file read."""
    try:
        encoding = detect_encoding(path)
    except UnicodeDecodeError:
        return ("error", "unknown_encoding")
    try:
        return read_response_file(path, instrument, encoding=encoding)
    except ResponseFileError as exc:
        return ("error", exc.code, exc.message, exc.row, exc.column, exc.got)


def _guessed(path, instrument):
    try:
        return read_response_file(path, instrument)
    except ResponseFileError as exc:
        if exc.code == "unknown_encoding":
            return ("error", "unknown_encoding")
        return ("error", exc.code, exc.message, exc.row, exc.column, exc.got)


def _same(got, expected):
    if isinstance(expected, tuple):
        assert got == expected
        return
    assert not isinstance(got, tuple), got
    assert got.encoding == expected.encoding
    pd.testing.assert_frame_equal(got.frame, expected.frame)
    pd.testing.assert_frame_equal(got.markers, expected.markers)
    assert got.mapping == expected.mapping
    assert got.sha256 == expected.sha256 == file_sha256(got.path)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.integers(1, 30),
       cells=st.dictionaries(st.integers(0, 29), st.sampled_from(sorted(CELLS)), max_size=3),
       bad_label=st.none() | st.integers(0, 29),
       prefix=st.sampled_from([64, 300, 1 << 20]))
def test_guess_gives_what_detection_gives(tmp_path, monkeypatch, instrument, rows, cells,
                                          bad_label, prefix):
    monkeypatch.setattr(read_module, "UTF8_PREFIX", prefix)
    path = _file(tmp_path / "r.csv", rows, {i: CELLS[c] for i, c in cells.items()}, bad_label)
    _same(_guessed(path, instrument), _detected_first(path, instrument))


def test_gbk_after_an_ascii_prefix_is_read_as_gb18030(tmp_path, monkeypatch, instrument):
    monkeypatch.setattr(read_module, "UTF8_PREFIX", 64)
    path = _file(tmp_path / "r.csv", 10, {8: CELLS["gbk"]})
    assert read_module._utf8_guess(path) == "utf-8-sig"  # the guess is wrong here
    loaded = read_response_file(path, instrument)
    assert loaded.encoding == "gb18030"
    assert loaded.frame["suggestion"].iloc[8] == "很好"
    assert loaded.sha256 == file_sha256(path)  # the second reading's hash, the same bytes


def test_an_error_in_a_gbk_file_is_reported_after_detection(tmp_path, monkeypatch, instrument):
    monkeypatch.setattr(read_module, "UTF8_PREFIX", 64)
    path = _file(tmp_path / "r.csv", 10, {8: CELLS["neither"]}, bad_label=2)
    with pytest.raises(ResponseFileError) as caught:
        read_response_file(path, instrument)
    assert caught.value.code == "unknown_encoding"  # not the unknown label of row 4


def test_the_guess(tmp_path, monkeypatch):
    monkeypatch.setattr(read_module, "UTF8_PREFIX", 8)
    guess = read_module._utf8_guess
    assert guess(_bytes(tmp_path, b"a,b\n1,2\n" + "很".encode("gbk"))) == "utf-8-sig"
    assert guess(_bytes(tmp_path, "a,很\n".encode("gbk"))) is None
    assert guess(_bytes(tmp_path, "a,很".encode())) == "utf-8-sig"
    assert guess(_bytes(tmp_path, b"a,b\n1,2" + "很".encode()[:1])) == "utf-8-sig"  # cut char
    assert guess(_bytes(tmp_path, b"a,\xe5")) is None  # the whole file, ending mid-character
    assert guess(_bytes(tmp_path, "a,b".encode("utf-16"))) is None


def _bytes(tmp_path, data):
    path = tmp_path / "g.csv"
    path.write_bytes(data)
    return path
