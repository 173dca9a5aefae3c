"""The whole chain for one analysis spec: instrument → responses → screening → statistics →
scoring → report.

:func:`run_analysis` computes (:class:`AnalysisResults`); :func:`write_outputs` writes
``results.json`` and the report (HTML page and fragments, Word documents, tables.xlsx).
Computing and writing are separate so tests and other programs can use the numbers without files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from survey._cells import write_csv
from survey._staging import Output, publish
from survey._yaml import parse_key_path, read_yaml
from survey.analysis import AnalysisSpec, IndicatorSpec, load_analysis
from survey.errors import AnalysisSpecError, ParameterError, Reason
from survey.instrument.load import load_instrument
from survey.jsonable import dump
from survey.locale import Language
from survey.report.formats import DEFAULT_FORMATS, parse_formats
from survey.report.model import Detail
from survey.responses.read import file_sha256, read_response_file
from survey.results import SET_ASIDE_FILE, AnalysisResults, GroupResults, InputFile
from survey.scoring.indicators import IndicatorScore, score_indicator
from survey.scoring.totals import redistribute
from survey.screening.screen import screen_responses
from survey.stats.answers import ItemAnswers
from survey.stats.differences import subgroup_differences
from survey.stats.frequencies import frequency_table
from survey.stats.levels import SubgroupLevels
from survey.stats.reliability import instrument_reliability
from survey.stats.satisfaction import (
    dimension_table,
    dissatisfaction_reasons,
    satisfaction_items,
    satisfaction_table,
    subgroup_table,
)

__all__ = ["AnalysisResults", "GroupResults", "InputFile", "Output", "output_set", "run_analysis",
           "write_outputs"]


def _analyse_group(spec: AnalysisSpec, index: int) -> tuple[GroupResults, list[InputFile]]:
    group = spec.groups[index]
    instrument = load_instrument(group.instrument)
    loaded = read_response_file(
        group.responses, instrument, encoding=group.encoding, sheet=group.sheet,
        column_map=group.column_map, platform=group.platform, numbers=group.numbers,
        keep_personal=group.keep_personal)
    mapping, returned = loaded.mapping, len(loaded.frame)
    responses_sha256 = loaded.sha256  # hashed as it was read
    fw = group.fieldwork
    screening = screen_responses(
        loaded.frame, instrument, settings=spec.screening, issued=fw.issued,
        returned=fw.returned, stated_valid=fw.valid, markers=loaded.markers, mode=fw.mode,
        site_variable=fw.site_variable, sites=fw.sites, lang=spec.report.language,
        consume=True,
    )
    # From here on the valid and set-aside questionnaires hold every row: the frame as read
    # was handed over (the valid rows are moved within its storage, not copied out of it).
    del loaded
    valid = screening.valid
    if fw.population is not None and fw.population < len(valid):
        raise AnalysisSpecError(
            "the population is smaller than the valid questionnaires",
            code="population_too_small", key=f"groups[{index}].fieldwork.population",
            expected=f"at least {len(valid)}", got=fw.population)
    sat = spec.satisfaction
    choices: dict[str, Any] = {
        "confidence": spec.confidence, "convention": spec.convention, "mapping": sat.mapping,
        "overall": sat.overall, "cutoff": sat.cutoff, "interval": sat.interval,
        "item_weights": group.item_weights or None,
    }
    answers = ItemAnswers.read(valid, satisfaction_items(instrument))  # read once for all
    levels = SubgroupLevels.read(valid, instrument, group.subgroups)  # the subgroups' too
    try:
        satisfaction = satisfaction_table(valid, instrument, overall_item=group.overall_item,
                                          population=fw.population, answers=answers, **choices)
        dimensions = dimension_table(valid, instrument, answers=answers, **choices)
        subgroups = subgroup_table(valid, instrument, group.subgroups,
                                   overall_item=group.overall_item,
                                   populations=group.subgroup_populations, answers=answers,
                                   levels=levels, **choices)
        differences = subgroup_differences(valid, instrument, group.subgroups,
                                           min_group_size=sat.min_group_size, answers=answers,
                                           levels=levels)
    except ParameterError as exc:
        key = f"groups[{index}]" + (".subgroups" if exc.code == "bad_subgroup_variable" else "")
        raise AnalysisSpecError(exc.message, code=exc.code, key=key,
                                expected=exc.expected, got=exc.got, hint=exc.hint) from exc
    reliability = instrument_reliability(valid, instrument, confidence=spec.confidence,
                                         lang=spec.report.language, answers=answers)
    frequencies = frequency_table(valid, instrument, levels=levels)
    results = GroupResults(
        instrument=instrument,
        returned=returned,
        screening=screening,
        reliability=reliability,
        satisfaction=satisfaction,
        frequencies=frequencies,
        dimensions=dimensions,
        subgroups=subgroups,
        differences=differences,
        reasons=dissatisfaction_reasons(valid, instrument, frequencies=frequencies,
                                        answers=answers),
        mapping=mapping,
        spec_id=group.id,
    )
    inputs = [
        InputFile("instrument", group.instrument.name, file_sha256(group.instrument)),
        InputFile("responses", group.responses.name, responses_sha256),
    ]
    if group.column_map is not None:
        inputs.append(InputFile("column_map", group.column_map.name,
                                file_sha256(group.column_map)))
    return results, inputs


def run_analysis(
    spec: AnalysisSpec | str | Path, *, generated_at: str, lang: Language | None = None
) -> AnalysisResults:
    """Run the chain for ``spec`` (a loaded spec or the path of ``analyses/*.yaml``).

    ``generated_at`` is printed in the report; it is an input, never read from the clock,
    so the same inputs give byte-identical outputs.
    """
    inputs: list[InputFile] = []
    spec_file: Path | None = None
    if not isinstance(spec, AnalysisSpec):
        path = spec_file = Path(spec)
        spec = load_analysis(path)
        inputs.append(InputFile("analysis", path.name, file_sha256(path)))
    groups = []
    try:
        for index in range(len(spec.groups)):
            results, files = _analyse_group(spec, index)
            groups.append(results)
            inputs += files
        lang = lang or spec.report.language
        by_group = {g.group: g for g in groups}
        indicators = [
            _score(spec, indicator, i, by_group[indicator.group], lang)
            for i, indicator in enumerate(spec.indicators)
        ]
    except AnalysisSpecError as exc:
        if exc.file is not None or spec_file is None:
            raise
        raise _in_spec(exc, spec_file) from exc
    return AnalysisResults(spec=spec, groups=tuple(groups), indicators=tuple(indicators),
                           inputs=tuple(inputs), generated_at=generated_at, lang=lang,
                           totals=redistribute(indicators, lang=lang) if indicators else None)


def _in_spec(exc: AnalysisSpecError, path: Path) -> AnalysisSpecError:
    """``exc`` (a check made while running, located by key path only) with the spec file
    and the line of that key."""
    line = None
    if exc.key:
        line = read_yaml(path, AnalysisSpecError, "analysis spec").line_of(
            parse_key_path(exc.key))
    return AnalysisSpecError(exc.message, code=exc.code, file=str(path), key=exc.key,
                             line=line, row=exc.row, column=exc.column,
                             expected=exc.expected, got=exc.got, hint=exc.hint)


def _value(x: Any) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def _score(spec: AnalysisSpec, indicator: IndicatorSpec, index: int, g: GroupResults,
           lang: Language) -> IndicatorScore:
    """Score one indicator from the satisfaction row it names (overall, an item, a dimension)."""
    if indicator.dimension is not None:
        table, column, wanted = g.dimensions, "dimension", indicator.dimension
    else:
        table, column, wanted = g.satisfaction, "item", indicator.item
    row = table[table[column] == wanted] if column in table else table.iloc[0:0]
    if row.empty:
        known = [str(v) for v in table[column]] if column in table else []
        raise AnalysisSpecError(
            f"indicator {indicator.code} names a {column} the group {g.group} does not have",
            code="unknown_indicator_source", key=f"indicators[{index}].{column}",
            expected=" / ".join(known) or "a satisfaction item", got=wanted)
    r = row.iloc[0]
    unit = str(r["unit"])
    scale = 100.0 if unit == "points" else 1.0  # a 100-point score is scored as a share
    reason = r["reason"] if "reason" in r and isinstance(r["reason"], str) else None
    return score_indicator(
        indicator, None if _value(r["value"]) is None else float(r["value"]) / scale,
        int(r["n"]), convention=str(r["convention"]), lang=lang,
        unit="scale" if unit == "scale" else "share",
        ci=(None if _value(r["ci_low"]) is None else float(r["ci_low"]) / scale,
            None if _value(r["ci_high"]) is None else float(r["ci_high"]) / scale),
        confidence=spec.confidence, reason=Reason(reason) if reason else None)


def output_set(results: AnalysisResults, *, detail: Detail | None = None,
               formats: str | Iterable[str] = DEFAULT_FORMATS) -> list[Output]:
    """Every file of a run, rendered, as :class:`~survey._staging.Output` records: results.json,
    set_aside.csv (every set-aside questionnaire, :meth:`AnalysisResults.set_aside_list`)
    and the report in ``formats`` (default: all; :func:`survey.report.formats.parse_formats`
    reads ``"html,docx"`` too):

    - ``html``: report.html, one ``<section>-section.html`` per section and
      ``plotly-basic.min.js`` (the plotly.js a host page loads once for all the fragments);
    - ``docx``: report.docx and one ``<section>-section.docx`` per section;
    - ``xlsx``: tables.xlsx, every table on its own sheet.

    ``detail`` (default: the spec's ``report.detail``) is passed to :func:`build_report`:
    ``full`` adds the technical annex (and its fragments, ``annex-section.*``). Another
    writer adds its own records to this list before :func:`write_outputs` publishes it.
    """
    # The report's modules (and each renderer's libraries) are loaded here, after the
    # analysis: a run holds its data before any of them, and loads only the renderers of
    # the formats it writes.
    from survey.report.build import build_report

    chosen = parse_formats(formats)
    report = build_report(results, detail=detail)
    aside = results.set_aside_list()
    files = [Output("results", "results.json", lambda path: write_results(results, path)),
             Output("set_aside", SET_ASIDE_FILE, lambda path: write_csv(aside, path))]
    if "html" in chosen:
        from survey.report.html import plotly_js, render_page, render_section

        files.append(Output("report", "report.html", render_page(report)))
        files += [Output(s.id, f"{s.id}-section.html", render_section(report, s))
                  for s in report.sections]
        files.append(Output("plotly", "plotly-basic.min.js", plotly_js()))
    if "docx" in chosen:
        from survey.report.word import render_docx, render_section_docx

        files.append(Output("docx", "report.docx", render_docx(report)))
        files += [Output(f"{s.id}-docx", f"{s.id}-section.docx", render_section_docx(report, s))
                  for s in report.sections]
    if "xlsx" in chosen:
        from survey.report.xlsx import render_xlsx

        files.append(Output("xlsx", "tables.xlsx", render_xlsx(report)))
    return files


def write_results(results: AnalysisResults, path: Path) -> None:
    """Write ``results.json`` at ``path``, streamed: the findings tables a chunk of rows at a
    time (:func:`survey.jsonable.dump`), never the whole text in memory."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        dump(results.to_dict(stream=True), handle)
        handle.write("\n")


def run_inputs(results: AnalysisResults) -> list[Path]:
    """The files a run read (instruments, responses, column maps): never overwritten."""
    paths: list[Path] = []
    for group in results.spec.groups:
        paths += [Path(group.instrument), Path(group.responses)]
        if group.column_map is not None:
            paths.append(Path(group.column_map))
    return paths


def write_outputs(results: AnalysisResults, out: str | Path, *,
                  detail: Detail | None = None,
                  formats: str | Iterable[str] = DEFAULT_FORMATS,
                  extra: Sequence[Output] = (), inputs: Sequence[str | Path] = (),
                  force: bool = False) -> dict[str, Path]:
    """Write :func:`output_set` (plus ``extra`` records) into ``out``, all or nothing;
    return the path of each file by role (``results``, ``set_aside``, ``report``, a section id,
    ``plotly``, ``docx``, ``<section>-docx``, ``xlsx``).

    Everything is rendered first, then written into a staging folder and swapped in, with
    the folder locked against a second run (:func:`survey._staging.publish`): a failure
    leaves the previous outputs as they were, and no file a run read (its ``inputs`` and
    :func:`run_inputs`) is replaced unless ``force``.
    """
    files = [*output_set(results, detail=detail, formats=formats), *extra]
    return publish(files, out, inputs=[*inputs, *run_inputs(results)], force=force)
