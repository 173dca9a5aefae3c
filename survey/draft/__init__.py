"""Draft definitions from response files: an instrument per file and one analysis spec.

:func:`draft` reads each response file the toolkit loads (问卷星 and 腾讯问卷 downloads, CSV,
Excel, SPSS and Stata), guesses what every column holds (:mod:`survey.draft.classify`),
and writes ``<id>.yaml`` per file and ``analysis.yaml`` tying them together
(:mod:`survey.draft.write`), ready for ``survey instrument check`` and ``survey run``.
Two 问卷星 downloads of one survey (按选项文本 and 按选项序号) are paired row by row so
that their codes and labels agree. Nothing is overwritten unless ``force``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from survey.draft.classify import DraftTable, Undecided, classify_table
from survey.draft.write import (
    DraftFile,
    analysis_yaml,
    column_map,
    column_map_yaml,
    instrument_id,
    instrument_yaml,
)
from survey.errors import SurveyError
from survey.responses.read import RawTable, read_table

__all__ = ["DraftResult", "draft"]

#: The generated JSON Schemas of a source checkout (``docs/generate.py``), named by the
#: drafts' ``yaml-language-server`` line so that an editor completes and checks fields.
_SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "schema"
#: Rows looked at to tell a code download from a text download.
_SAMPLE_ROWS = 2000


class DraftExistsError(SurveyError, FileExistsError):
    """A draft would overwrite a file that exists (give ``--force`` to replace it)."""


@dataclass(frozen=True)
class DraftResult:
    """What was written, and what is left to check (per instrument id)."""

    written: tuple[Path, ...]
    undecided: dict[str, tuple[Undecided, ...]]
    tables: dict[str, DraftTable]


def _coded_share(table: RawTable) -> float:
    """Share of question cells that are plain numbers (a code download is near 1)."""
    frame = table.frame.head(_SAMPLE_ROWS)
    cells = frame.iloc[:, min(len(frame.columns), 6):].stack()
    if cells.empty:
        return 0.0
    return float(cells.astype(str).str.fullmatch(r"-?\d+(\.\d+)?").mean())


def _pairs(tables: list[RawTable]) -> dict[int, int]:
    """Index of each file's other download: same platform, rows and question numbers,
    one with labels and the other with codes."""
    from survey.responses.platforms import parse_header

    def numbers(t: RawTable) -> set[int]:
        return {q for c in t.frame.columns
                if (q := parse_header(str(c), t.platform).question) is not None}

    found: dict[int, int] = {}
    shares = [_coded_share(t) for t in tables]
    for i, a in enumerate(tables):
        for j, b in enumerate(tables):
            if i >= j or i in found or j in found:
                continue
            if (a.platform == b.platform != "generic" and len(a.frame) == len(b.frame)
                    and numbers(a) and numbers(a) == numbers(b)
                    and abs(shares[i] - shares[j]) > 0.5):
                found[i], found[j] = j, i
    return found


def draft(paths: Sequence[str | Path], out: str | Path, *, force: bool = False,
          schema: Path | None = None) -> DraftResult:
    """Draft an instrument per response file and one analysis spec into ``out``.

    ``schema``: the folder of the JSON Schemas named on each draft's first line (default:
    ``docs/schema`` of the source checkout, when there is one).
    """
    out = Path(out)
    if schema is None and _SCHEMAS.is_dir():
        schema = _SCHEMAS
    tables = [read_table(p) for p in paths]
    pairs = _pairs(tables)
    shares = [_coded_share(t) for t in tables]
    drafts: list[DraftFile] = []
    taken: set[str] = set()
    for i, table in enumerate(tables):
        pair = tables[pairs[i]] if i in pairs else None
        if pair is not None and shares[i] > shares[pairs[i]]:
            # The code download takes its questions from the text download's labels.
            drafted = classify_table(pair, table)
        else:
            drafted = classify_table(table, pair)
        drafts.append(DraftFile(path=table.path, id=instrument_id(table.path, taken),
                                table=drafted, pair=None if pair is None else pair.path))
        taken.add(drafts[-1].id)
    files: dict[Path, str] = {}
    instruments: dict[str, Path] = {}
    for d in drafts:
        path = out / f"{d.id}.yaml"
        instruments[d.id] = path
        files[path] = instrument_yaml(d, schema=schema, out=out)
        mapping = column_map(d)
        if mapping:
            files[out / f"{d.id}.columns.yaml"] = column_map_yaml(d, mapping)
    # A paired text download is the same survey: the spec reads it once, by its codes.
    grouped = [d for i, d in enumerate(drafts)
               if i not in pairs or shares[i] >= shares[pairs[i]]]
    files[out / "analysis.yaml"] = analysis_yaml(grouped, schema=schema, out=out,
                                                 instruments=instruments)
    existing = [p for p in files if p.exists()]
    if existing and not force:
        raise DraftExistsError(
            "the draft would overwrite existing files", code="draft_exists",
            file=str(existing[0]), expected="a folder without these drafts",
            got=", ".join(p.name for p in existing),
            hint="Give --force to replace them, or another --out.")
    out.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return DraftResult(written=tuple(files), undecided={d.id: d.table.undecided for d in drafts},
                       tables={d.id: d.table for d in drafts})
