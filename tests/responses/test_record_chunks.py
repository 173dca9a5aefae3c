"""The CSV reader's cutting of a file into pieces of so many lines, against the cutting it
replaced (every line feed located with numpy, kept here as the reference)."""

from __future__ import annotations

import hashlib
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
@given(data=st.lists(st.sampled_from([b"\n", b"a", b"bb", b"c" * 50, b"\n\n", b"\r"]),
                     max_size=400).map(b"".join), n=st.integers(0, 2000))
def test_line_feeds_are_marked_counted_and_located(data, n):
    n = min(n, len(data))
    feeds = arrow_csv.LineFeeds(max(n, 1))
    buffer = bytearray(data)
    assert feeds.mark(buffer, n) == data.count(b"\n", 0, n)
    assert feeds.positions(n).tolist() == [i for i in range(n) if data[i:i + 1] == b"\n"]


@settings(max_examples=200, deadline=None)
@given(body=files, block=st.sampled_from([1, 3, 64, 1 << 20]))
def test_line_count_counts_line_feeds_or_carriage_returns(tmp_path_factory, body, block):
    """The reference: the larger of the file's line feeds and carriage returns, plus one,
    whatever the block the file is read in."""
    from survey.responses import formats

    path = tmp_path_factory.mktemp("count") / "f.csv"
    path.write_bytes(body)
    original = formats._BLOCK
    formats._BLOCK = block
    try:
        counted = formats.line_count(path)
        scan = formats.scan_file(path)
    finally:
        formats._BLOCK = original
    assert counted == max(body.count(b"\n"), body.count(b"\r")) + 1
    assert scan.lines == counted
    assert scan.sha256 == hashlib.sha256(body).hexdigest()


@settings(max_examples=300, deadline=None)
@given(head=st.binary(max_size=20).map(lambda b: b.replace(b"\n", b"") + b"\n"), body=files,
       chunk_rows=st.integers(1, 25), block=st.sampled_from([1, 2, 7, 64, 1 << 20]))
def test_cuts_found_while_counting_give_the_same_pieces(tmp_path_factory, head, body,
                                                        chunk_rows, block):
    """The cuts noted by the pass that counts and hashes the file (whatever its block) are
    the offsets after line feeds 1, 1 + chunk_rows …, and the pieces read at them are those
    the reader finds by scanning the file itself."""
    from survey.responses import formats

    path = tmp_path_factory.mktemp("cuts") / "f.csv"
    data = head + body
    path.write_bytes(data)
    original = formats._BLOCK
    formats._BLOCK = block
    try:
        scan = formats.scan_file(path, every=chunk_rows)
    finally:
        formats._BLOCK = original
    feeds = [i + 1 for i in range(len(data)) if data[i:i + 1] == b"\n"]
    assert scan.cuts == tuple(feeds[::chunk_rows])
    assert scan.lines == formats.line_count(path)
    assert scan.sha256 == hashlib.sha256(data).hexdigest()
    assert list(arrow_csv._pieces_at(path, scan.cuts, chunk_rows)) == list(
        arrow_csv._record_chunks(path, len(head), chunk_rows))
