"""The whole chain for one analysis spec: instrument → responses → screening → statistics →
scoring → report.

:func:`run_analysis` computes (:class:`AnalysisResults`); :func:`write_outputs` writes
``results.json``, ``report.html`` and the embeddable section fragments. Computing and
writing are separate so tests and other programs can use the numbers without files.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from survey._version import __version__
from survey.analysis import AnalysisSpec, load_analysis
from survey.instrument.load import load_instrument
from survey.instrument.model import Instrument
from survey.jsonable import jsonable, records
from survey.locale import Language
from survey.report import build_report, render_page, render_section
from survey.responses.read import file_sha256, read_responses
from survey.screening.screen import Screening, screen_responses
from survey.scoring.indicators import IndicatorScore, score_indicator
from survey.stats.frequencies import frequency_table
from survey.stats.reliability import Alpha, cronbach_alpha, item_statistics
from survey.stats.satisfaction import satisfaction_items, satisfaction_table

__all__ = ["AnalysisResults", "GroupResults", "InputFile", "run_analysis", "write_outputs"]


@dataclass(frozen=True)
class InputFile:
    """A file the analysis read, with its SHA-256 (provenance)."""

    role: str
    path: str
    sha256: str


@dataclass(frozen=True)
class GroupResults:
    """Everything computed for one respondent group."""

    instrument: Instrument
    responses: pd.DataFrame
    screening: Screening
    alpha: Alpha
    item_stats: pd.DataFrame
    satisfaction: pd.DataFrame
    frequencies: pd.DataFrame

    @property
    def group(self) -> str:
        """The group id."""
        return self.instrument.group.id


@dataclass(frozen=True)
class AnalysisResults:
    """The results of one analysis spec, ready for the report and results.json."""

    spec: AnalysisSpec
    groups: tuple[GroupResults, ...]
    indicators: tuple[IndicatorScore, ...]
    inputs: tuple[InputFile, ...]
    generated_at: str
    lang: Language

    def group(self, group_id: str) -> GroupResults:
        """The results of group ``group_id``."""
        for g in self.groups:
            if g.group == group_id:
                return g
        raise KeyError(group_id)

    def to_dict(self) -> dict[str, Any]:
        """Every computed figure as a JSON-ready mapping (undefined figures are ``None``)."""
        reliability = []
        for g in self.groups:
            block = g.alpha.to_dict()
            block["group"] = g.group
            block["items"] = records(g.item_stats)
            block["items_used"] = list(g.alpha.items)
            reliability.append(block)
        return jsonable({
            "toolkit": {"name": "survey", "version": __version__},
            "generated_at": self.generated_at,
            "language": self.lang,
            "inputs": [vars(f) for f in self.inputs],
            "fieldwork": [g.screening.fieldwork.to_dict() for g in self.groups],
            "screening": [{
                "group": g.group,
                "n_returned": len(g.responses),
                "n_valid": len(g.screening.valid),
                "n_set_aside": len(g.screening.set_aside),
                "counts_by_rule": records(g.screening.counts_by_rule()),
                "problems": records(g.screening.problems),
            } for g in self.groups],
            "reliability": reliability,
            "satisfaction": [r for g in self.groups for r in records(g.satisfaction)],
            "questions": [{"group": g.group, **r} for g in self.groups
                          for r in records(g.frequencies)],
            "indicators": [i.to_dict() for i in self.indicators],
        })


def _analyse_group(spec: AnalysisSpec, index: int) -> tuple[GroupResults, list[InputFile]]:
    group = spec.groups[index]
    instrument = load_instrument(group.instrument)
    responses = read_responses(group.responses, instrument, encoding=group.encoding, sheet=group.sheet)
    fw = group.fieldwork
    screening = screen_responses(
        responses, instrument, settings=spec.screening, issued=fw.issued, returned=fw.returned,
        stated_valid=fw.valid,
    )
    items = [v.name for v in satisfaction_items(instrument)]
    valid = screening.valid
    results = GroupResults(
        instrument=instrument,
        responses=responses,
        screening=screening,
        alpha=cronbach_alpha(valid, items, confidence=spec.confidence),
        item_stats=item_statistics(valid, items),
        satisfaction=satisfaction_table(valid, instrument, confidence=spec.confidence),
        frequencies=frequency_table(valid, instrument),
    )
    inputs = [
        InputFile("instrument", group.instrument.name, file_sha256(group.instrument)),
        InputFile("responses", group.responses.name, file_sha256(group.responses)),
    ]
    return results, inputs


def run_analysis(
    spec: AnalysisSpec | str | Path, *, generated_at: str, lang: Language | None = None
) -> AnalysisResults:
    """Run the chain for ``spec`` (a loaded spec or the path of ``analyses/*.yaml``).

    ``generated_at`` is printed in the report; it is an input, never read from the clock,
    so the same inputs give byte-identical outputs.
    """
    inputs: list[InputFile] = []
    if not isinstance(spec, AnalysisSpec):
        path = Path(spec)
        spec = load_analysis(path)
        inputs.append(InputFile("analysis", path.name, file_sha256(path)))
    groups = []
    for index in range(len(spec.groups)):
        results, files = _analyse_group(spec, index)
        groups.append(results)
        inputs += files
    lang = lang or spec.report.language
    by_group = {g.group: g for g in groups}
    indicators = []
    for indicator in spec.indicators:
        overall = by_group[indicator.group].satisfaction
        row = overall[overall["item"] == "overall"]
        value = None if row.empty or pd.isna(row["value"].iloc[0]) else float(row["value"].iloc[0])
        n = 0 if row.empty else int(row["n"].iloc[0])
        convention = "top_two_box/mean_of_items"
        indicators.append(score_indicator(indicator, value, n, convention=convention, lang=lang))
    return AnalysisResults(spec=spec, groups=tuple(groups), indicators=tuple(indicators),
                           inputs=tuple(inputs), generated_at=generated_at, lang=lang)


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, so nothing is half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes 0600; give the file ordinary permissions
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_outputs(results: AnalysisResults, out: str | Path) -> dict[str, Path]:
    """Write results.json, report.html and one ``<section>-section.html`` per section."""
    out = Path(out)
    written: dict[str, Path] = {}
    data = results.to_dict()
    path = out / "results.json"
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    written["results"] = path
    report = build_report(results)
    path = out / "report.html"
    write_text_atomic(path, render_page(report))
    written["report"] = path
    for section in report.sections:
        path = out / f"{section.id}-section.html"
        write_text_atomic(path, render_section(report, section))
        written[section.id] = path
    return written
