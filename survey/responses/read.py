"""Read response files as they arrive and map them onto an instrument.

:func:`read_table` returns a file's cells as text, exactly as written (nothing guessed,
nothing converted). :func:`read_response_file` reads a file onto an instrument and keeps
what happened on the way (the platform, the encoding, which column fed which variable, the
platform's missing markers); :func:`read_responses` returns only its frame. Formats:
CSV (UTF-8, UTF-8 with BOM, UTF-16, GB18030/GBK), ``.xlsx``, legacy ``.xls``, SPSS ``.sav``
and Stata ``.dta``, including the downloads of 问卷星 and 腾讯问卷. Input files are only ever
opened for reading; personal data is left out unless ``keep_personal=True``.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from survey.instrument.model import Instrument
from survey.instrument.variables import variables
from survey.responses.assemble import Mapped, run_plan
from survey.responses.columns import MappingReport, read_column_map
from survey.responses.formats import (
    CHUNK_ROWS,
    CSV_SUFFIXES,
    csv_encoding,
    detect_encoding,
    open_chunks,
    scan_file,
)
from survey.responses.plan import Numbers, plan_mapping
from survey.responses.platforms import Platform, detect_platform

__all__ = [
    "RawTable",
    "ResponseFile",
    "detect_encoding",
    "file_sha256",
    "read_response_file",
    "read_responses",
    "read_table",
]

#: Rows read first to recognise personal data by its values.
SAMPLE_ROWS = 2000
#: Bytes checked as UTF-8 before a CSV file is read as UTF-8 (see :func:`_utf8_guess`).
UTF8_PREFIX = 1 << 20


@dataclass(frozen=True)
class RawTable:
    """A data file's cells as strings (missing cells as ``<NA>``), with what was detected."""

    path: Path
    frame: pd.DataFrame
    encoding: str | None
    platform: Platform = "generic"
    value_labels: dict[str, dict[float, str]] = field(default_factory=dict)
    column_labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ResponseFile:
    """A response file read onto an instrument.

    ``frame`` has one row per returned questionnaire (index = file row, header = row 1):
    the respondent id column, ``duration_seconds`` and ``ip_key`` when the file has them,
    then one column per variable (codes as float64; open answers as text). ``mapping`` says
    which column fed which variable; ``markers`` lists the platform's missing markers
    (``row, column, kind, value``) for screening. ``sha256`` is the file's hash, as
    :func:`file_sha256` gives it (a CSV file's taken from the pass that counts its lines,
    so the provenance hash does not read the file again).
    """

    path: Path
    frame: pd.DataFrame
    mapping: MappingReport
    markers: pd.DataFrame
    encoding: str | None
    platform: Platform
    sha256: str


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file's bytes (for provenance footers and the never-modified check)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_table(
    path: str | Path, *, encoding: str | None = None, sheet: str | int | None = None,
    nrows: int | None = None,
) -> RawTable:
    """Read a data file as text cells; the header row names the columns."""
    opened = open_chunks(path, encoding=encoding, sheet=sheet, text_columns="all", nrows=nrows)
    parts = list(opened.chunks)
    frame = pd.concat(parts) if len(parts) > 1 else (
        parts[0] if parts else pd.DataFrame(columns=list(opened.columns)))
    if len(frame.columns):
        frame = frame.apply(_as_text)
        frame = frame.mask(frame == "")
    return RawTable(path=opened.path, frame=frame, encoding=opened.encoding,
                    platform=detect_platform(list(frame.columns)),
                    value_labels=opened.value_labels, column_labels=opened.column_labels)


def _as_text(values: pd.Series) -> pd.Series:
    """Cells as text: whole numbers without ``.0`` (SPSS and Stata store codes as floats)."""
    if pd.api.types.is_float_dtype(values.dtype):
        whole = values.notna() & (values % 1 == 0)
        text = values.astype("string")
        text[whole] = values[whole].astype("int64").astype("string")
        return text
    # Stripped once per distinct text: a column of 100,000 answers has a few dozen.
    codes, uniques = pd.factorize(values.astype("string"), use_na_sentinel=True)
    stripped = pd.Series(uniques, dtype="string").str.strip().array
    return pd.Series(stripped.take(codes, allow_fill=True), index=values.index,
                     name=values.name)


def declare_missing_codes(frame: pd.DataFrame, instrument: Instrument) -> None:
    """Record each coded variable's excluded codes (不了解, 说不清 …) in
    ``frame.attrs["missing_values"]``, so that reliability and validity computed from this
    frame (or a selection of its rows) leave them out (:mod:`survey.stats.missing_codes`)."""
    frame.attrs["missing_values"] = {
        v.name: tuple(v.excluded) for v in variables(instrument)
        if v.name in frame.columns and not v.is_text}


def read_response_file(
    path: str | Path,
    instrument: Instrument,
    *,
    encoding: str | None = None,
    sheet: str | int | None = None,
    column_map: str | Path | Mapping[str, str | None] | None = None,
    platform: Platform | Literal["auto"] = "auto",
    numbers: Numbers = "auto",
    keep_personal: bool = False,
    progress: Callable[[float], None] | None = None,
) -> ResponseFile:
    """Read ``path`` and map it onto ``instrument``.

    Parameters
    ----------
    encoding:
        CSV encoding; detected when ``None`` (UTF-8 with or without BOM, UTF-16, GB18030).
    sheet:
        Excel sheet name or 0-based position (default: the first).
    column_map:
        Explicit ``{file header: variable}`` (or the path of a YAML/CSV file with it) for
        headers that cannot be matched by name, number or text.
    platform:
        ``"wjx"`` (问卷星), ``"tencent"`` (腾讯问卷), ``"generic"``, or recognised from the header.
    numbers:
        How numbers in coded columns are read: ``"code"`` (the option's code), ``"position"``
        (1 = the first option printed, as platforms write them), ``"auto"`` (position for
        platform downloads, code otherwise).
    keep_personal:
        Keep IP addresses, phone numbers, names … (default: leave them out).
    progress:
        Called with the share of the file read so far (0–1).
    """
    path = Path(path)
    mapping = read_column_map(column_map) if isinstance(column_map, str | Path) else column_map
    file = str(path)
    if path.suffix.lower() in CSV_SUFFIXES:
        def read_csv(encoding: str | None) -> tuple[Mapped, str | None, str]:
            head = open_chunks(path, encoding=encoding, text_columns="all", nrows=SAMPLE_ROWS)
            samples = pd.concat(list(head.chunks)) if head.columns else pd.DataFrame()
            plan = plan_mapping(list(head.columns), instrument, file=file, platform=platform,
                                column_map=mapping, numbers=numbers,
                                keep_personal=keep_personal, samples=samples)
            scan = scan_file(path, every=CHUNK_ROWS)
            opened = open_chunks(path, encoding=head.encoding, text_columns=plan.text_columns,
                                 progress=progress, cuts=scan.cuts)
            return (run_plan(plan, opened.chunks, file=file, capacity=scan.lines),
                    opened.encoding, scan.sha256)

        guess = None if encoding is not None or progress is not None else _utf8_guess(path)
        if guess is None:
            mapped, used, digest = read_csv(encoding)
        else:
            try:
                mapped, used, digest = read_csv(guess)
            except Exception:
                if csv_encoding(path, None) == guess:
                    raise  # the encoding detection would have chosen: the error stands
                guess = None
            if guess is None:  # (outside the handler: the failed reading is let go first)
                mapped, used, digest = read_csv(None)
    else:
        opened = open_chunks(path, sheet=sheet)
        frame = next(opened.chunks)
        plan = plan_mapping(list(frame.columns), instrument, file=file, platform=platform,
                            column_map=mapping, numbers=numbers, keep_personal=keep_personal,
                            value_labels=opened.value_labels, column_labels=opened.column_labels,
                            samples=frame.head(SAMPLE_ROWS).astype("string"))
        mapped = run_plan(plan, [frame], file=file)
        if progress is not None:
            progress(1.0)
        used = opened.encoding
        digest = file_sha256(path)
    declare_missing_codes(mapped.frame, instrument)
    return ResponseFile(path=path, frame=mapped.frame, mapping=mapped.report,
                        markers=mapped.markers, encoding=used,
                        platform=mapped.report.platform, sha256=digest)


def _utf8_guess(path: Path) -> str | None:
    """``"utf-8-sig"`` when the file's first :data:`UTF8_PREFIX` bytes read as UTF-8 (and
    start with no UTF-16 byte-order mark), else ``None``.

    Detection (:func:`detect_encoding`) decodes the whole file before a row is read. A
    reading as UTF-8 checks every byte itself: pyarrow's parser validates the UTF-8 of
    every text cell (a number or a blank is ASCII), pandas decodes strictly. So the file
    is read as UTF-8 on this guess; only if that reading fails is the file's encoding
    detected, and it is read again when detection chooses otherwise (GB18030 text after a
    first MiB of ASCII). Its outcome, frame or error, is that of detecting first; a path
    that is no file is left to the reading to report."""
    if not path.is_file():
        return None
    with open(path, "rb") as handle:
        head = handle.read(UTF8_PREFIX)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    try:
        codecs.getincrementaldecoder("utf-8-sig")("strict").decode(
            head, final=len(head) < UTF8_PREFIX)
    except UnicodeDecodeError:
        return None
    return "utf-8-sig"


def read_responses(
    path: str | Path,
    instrument: Instrument,
    *,
    encoding: str | None = None,
    sheet: str | int | None = None,
    column_map: str | Path | Mapping[str, str | None] | None = None,
    platform: Platform | Literal["auto"] = "auto",
    numbers: Numbers = "auto",
    keep_personal: bool = False,
) -> pd.DataFrame:
    """Read a response file and map it onto ``instrument``'s variables.

    Returns one row per returned questionnaire, indexed by its row in the file (header =
    row 1), with the respondent id column, an optional ``duration_seconds`` column and
    one column per variable (codes as float64 so that a mistyped 3.5 reaches screening;
    open answers as text). See :func:`read_response_file` for the options.
    """
    return read_response_file(path, instrument, encoding=encoding, sheet=sheet,
                              column_map=column_map, platform=platform, numbers=numbers,
                              keep_personal=keep_personal).frame
