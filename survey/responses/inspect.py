"""What the toolkit sees in a response file before any instrument is involved.

:func:`inspect_file` names the platform that wrote the file (问卷星, 腾讯问卷 or a generic
table), the encoding, the number of rows, and for each column the question number and the
option or matrix row its header carries, and what kind of column it is (the respondent id,
the completion time, personal data such as an IP address, a question, a split option …).
It shows no cell values, so its output never carries personal data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from survey.responses.formats import count_rows, open_chunks
from survey.responses.platforms import Platform, detect_platform, parse_header

__all__ = ["ColumnInfo", "FileInspection", "inspect_file"]

_SAMPLE_ROWS = 2000


@dataclass(frozen=True)
class ColumnInfo:
    """One column: its header, the question number and option in it, and its kind."""

    column: str
    question: int | None
    option: str | None
    kind: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {"column": self.column, "question": self.question, "option": self.option,
                "kind": self.kind}


@dataclass(frozen=True)
class FileInspection:
    """The platform, encoding, row count and columns of a response file."""

    path: Path
    platform: Platform
    encoding: str | None
    rows: int
    columns: tuple[ColumnInfo, ...]

    def to_dict(self) -> dict[str, Any]:
        """The ``survey inspect --json`` object."""
        return {"platform": self.platform, "encoding": self.encoding, "rows": self.rows,
                "columns": [c.to_dict() for c in self.columns]}


def inspect_file(
    path: str | Path, *, encoding: str | None = None, sheet: str | int | None = None,
) -> FileInspection:
    """Inspect a response file (CSV, Excel, SPSS, Stata) without an instrument.

    The first rows are read to recognise personal data by its values; every row is counted.
    """
    opened = open_chunks(path, encoding=encoding, sheet=sheet, text_columns="all")
    first = next(opened.chunks, None)
    sample = (first if first is not None else pd.DataFrame(columns=list(opened.columns)))
    if opened.separator is not None:  # CSV: count every row without converting it
        rows = count_rows(opened)
    else:
        rows = 0 if first is None else len(first)
    sample = sample.head(_SAMPLE_ROWS).astype("string") if len(sample.columns) else sample
    headers = [str(c) for c in sample.columns]
    platform = detect_platform(headers)
    columns = []
    for header in headers:
        label = opened.column_labels.get(header)
        parsed = parse_header(header, platform, sample[header])
        if parsed.question is None and parsed.kind == "unknown" and label:
            from_label = parse_header(label, platform, sample[header])
            parsed = from_label if from_label.question is not None else parsed
        columns.append(ColumnInfo(header, parsed.question, parsed.option, parsed.kind))
    return FileInspection(path=opened.path, platform=platform, encoding=opened.encoding,
                          rows=rows, columns=tuple(columns))
