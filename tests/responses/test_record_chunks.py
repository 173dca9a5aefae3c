"""The CSV reader's cutting of a file into pieces of so many lines, against the cutting it
replaced (every line feed located with numpy, kept here as the reference)."""

from __future__ import annotations

import io

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import survey.responses._arrow_csv as arrow_csv


def _reference_chunks(handle, chunk_rows, window):
    """The former ``_record_chunks``: windows joined, every line feed found by numpy."""
    pending = b""
    while True:
        block = handle.read(window)
        data = pending + block if pending else block
        if not block:
            if data:
                yield data, data.count(b"\n") + (not data.endswith(b"\n"))
            return
        ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
        cut = 0
        for index in range(chunk_rows - 1, len(ends), chunk_rows):
            end = int(ends[index]) + 1
            yield data[cut:end], chunk_rows
            cut = end
        pending = data[cut:]


#: Files of short and long lines, blank lines, a last line with or without its line feed.
files = st.lists(st.sampled_from([b"", b"a", b"1,2", b"x" * 40, b"\r", b'"q\nq"', b"y" * 300]),
                 max_size=60).map(lambda lines: b"\n".join(lines))


@settings(max_examples=300, deadline=None)
@given(head=st.binary(max_size=20).map(lambda b: b.replace(b"\n", b"") + b"\n"), body=files,
       chunk_rows=st.integers(1, 25), window=st.sampled_from([1, 2, 7, 64, 1000]))
def test_the_same_pieces_as_before(tmp_path_factory, head, body, chunk_rows, window):
    path = tmp_path_factory.mktemp("chunks") / "f.csv"
    path.write_bytes(head + body)
    old = list(_reference_chunks(io.BytesIO(body), chunk_rows, window))
    original = arrow_csv._WINDOW
    arrow_csv._WINDOW = window
    try:
        new = list(arrow_csv._record_chunks(path, len(head), chunk_rows))
    finally:
        arrow_csv._WINDOW = original
    assert new == old


@settings(max_examples=300, deadline=None)
@given(data=st.lists(st.sampled_from([b"\n", b"a", b"bb", b"c" * 50, b"\n\n"]), max_size=400)
       .map(b"".join), start=st.integers(0, 50), cut=st.integers(0, 50), k=st.integers(1, 400))
def test_line_end_finds_the_kth_line_feed(data, start, cut, k):
    start = min(start, len(data))
    stop = max(start, len(data) - cut)
    feeds = [i for i in range(start, stop) if data[i:i + 1] == b"\n"]
    if k > len(feeds):
        return
    assert arrow_csv._line_end(bytearray(data), start, stop, k, len(feeds)) == feeds[k - 1] + 1


def test_line_end_on_uneven_lines():
    """Many short lines then long ones: the search bisects when interpolating stalls."""
    data = b"\n" * 100_000 + (b"x" * 999 + b"\n") * 100
    for k in (1, 33, 99_999, 100_000, 100_001, 100_050, 100_100):
        end = arrow_csv._line_end(data, 0, len(data), k, 100_100)
        assert data[:end].count(b"\n") == k and data[end - 1:end] == b"\n"
