"""The results of one analysis: the typed layer between the computation and the report.

:class:`AnalysisResults` holds, per respondent group, what each stage produced (the screening,
the reliability of the satisfaction scale, the satisfaction tables, the frequencies) and the
scored indicators. :func:`survey.pipeline.run_analysis` builds it; the report and
``results.json`` only read it. Nothing here computes a statistic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from survey._version import __version__
from survey.analysis import AnalysisSpec
from survey.instrument.model import Instrument
from survey.jsonable import Table, jsonable, records
from survey.locale import Language
from survey.responses.columns import MappingReport
from survey.scoring.indicators import IndicatorScore
from survey.scoring.totals import Redistribution
from survey.screening.screen import Screening
from survey.stats.reliability import Alpha, ScaleReliability
from survey.stats.validity import KMO, Bartlett

__all__ = ["SET_ASIDE_FILE", "AnalysisResults", "GroupResults", "InputFile"]

#: The file written beside the report listing every set-aside questionnaire (the report's
#: annex lists the first few and counts the rest).
SET_ASIDE_FILE = "set_aside.csv"


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
    #: The questionnaires read from the response file (the valid and the set-aside ones of
    #: ``screening``; the frame as read is not kept beside them).
    returned: int
    screening: Screening
    #: Reliability and validity of the satisfaction scale (survey.stats.reliability /
    #: validity): α, the item table, KMO, Bartlett and α per dimension, in one object.
    reliability: ScaleReliability
    satisfaction: pd.DataFrame
    frequencies: pd.DataFrame
    #: Satisfaction per dimension, per subgroup level, tests of subgroup differences and
    #: the reasons for dissatisfaction (survey.stats.satisfaction / differences).
    dimensions: pd.DataFrame = field(default_factory=pd.DataFrame)
    subgroups: pd.DataFrame = field(default_factory=pd.DataFrame)
    differences: pd.DataFrame = field(default_factory=pd.DataFrame)
    reasons: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: Which file column fed which variable, what was left out (personal data).
    mapping: MappingReport | None = None
    #: The group's id in the analysis spec (``groups[].id``), which indicators and the
    #: fieldwork settings refer to; ``None`` outside a spec (the instrument's group id).
    spec_id: str | None = None

    @property
    def group(self) -> str:
        """The group id: the analysis spec's ``groups[].id``, else the instrument's group id."""
        return self.spec_id or self.instrument.group.id

    @cached_property
    def rule_counts(self) -> pd.DataFrame:
        """The screening's findings counted per rule
        (:meth:`~survey.screening.screen.Screening.counts_by_rule`), computed once for the
        results file and the report, which both read it."""
        return self.screening.counts_by_rule()

    @property
    def alpha(self) -> Alpha:
        """Cronbach's α of the satisfaction scale."""
        return self.reliability.alpha

    @property
    def item_stats(self) -> pd.DataFrame:
        """The item-total table of the satisfaction scale."""
        return self.reliability.item_table

    @property
    def kmo(self) -> KMO:
        """KMO of the satisfaction scale."""
        return self.reliability.kmo

    @property
    def bartlett(self) -> Bartlett:
        """Bartlett's sphericity test of the satisfaction scale."""
        return self.reliability.bartlett

    @property
    def reliability_dimensions(self) -> tuple[ScaleReliability, ...]:
        """α, item table, KMO and Bartlett per dimension."""
        return self.reliability.dimensions


@dataclass(frozen=True)
class AnalysisResults:
    """The results of one analysis spec, ready for the report and results.json."""

    spec: AnalysisSpec
    groups: tuple[GroupResults, ...]
    indicators: tuple[IndicatorScore, ...]
    inputs: tuple[InputFile, ...]
    generated_at: str
    lang: Language
    #: Points summed, with the weight of 不适用 indicators redistributed (survey.scoring.totals).
    totals: Redistribution | None = None

    def group(self, group_id: str) -> GroupResults:
        """The results of group ``group_id``."""
        for g in self.groups:
            if g.group == group_id:
                return g
        raise KeyError(group_id)

    def set_aside_list(self) -> pd.DataFrame:
        """Every set-aside questionnaire of every group, in file order: ``group``, ``row``
        (its row in the data file), ``respondent_id``, ``reason`` (the set-aside rules,
        ``;``-joined), ``flags`` (flag-only rules that also found it) and ``detail`` (the
        screening's detail of each set-aside finding, by rule, ``; ``-joined)."""
        columns = ["group", "row", "respondent_id", "reason", "flags", "detail"]
        frames = []
        for g in self.groups:
            s = g.screening
            if s.set_aside.empty:
                continue
            problems = s.problems
            aside = problems.loc[problems["action"] == "set_aside", ["row", "rule", "detail"]]
            aside = aside.sort_values(["row", "rule"], kind="stable")
            rows = aside["row"].to_numpy()
            texts = aside["detail"].fillna("").astype(str).tolist()
            # Sorted by row: each questionnaire's findings are one run of equal rows.
            starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]).tolist()
            ends = [*starts[1:], len(rows)]
            # One finding per questionnaire (the usual case): its detail as it is.
            joined = texts if len(starts) == len(rows) else [
                texts[a] if b - a == 1 else "; ".join(texts[a:b])
                for a, b in zip(starts, ends, strict=True)]
            details = pd.Series(joined, index=rows[starts], dtype=object)
            listed = s.set_aside[["respondent_id"]].join(s.reasons).sort_index()
            frames.append(listed.assign(group=g.group, row=listed.index,
                                        detail=details.reindex(listed.index).to_numpy()))
        if not frames:
            return pd.DataFrame(columns=columns)
        return pd.concat(frames, ignore_index=True)[columns]

    def to_dict(self, *, stream: bool = False) -> dict[str, Any]:
        """Every computed figure as a JSON-ready mapping (undefined figures are ``None``).

        Each group's screening ``problems`` (a finding per row, up to millions) is a table
        written column-wise, ``{"columns": [...], "data": [[...], ...]}``
        (:func:`survey.jsonable.read_table` reads it back); ``stream=True`` leaves it a
        :class:`~survey.jsonable.Table` that :func:`survey.jsonable.dump` converts and
        writes a chunk at a time."""
        reliability = [{"group": g.group, **g.reliability.to_dict()} for g in self.groups]
        out: dict[str, Any] = jsonable({
            "toolkit": {"name": "survey", "version": __version__},
            "generated_at": self.generated_at,
            "language": self.lang,
            "inputs": [vars(f) for f in self.inputs],
            "fieldwork": [g.screening.fieldwork.to_dict() for g in self.groups],
            "screening": [{
                "group": g.group,
                "n_returned": g.returned,
                "n_valid": len(g.screening.valid),
                "n_set_aside": len(g.screening.set_aside),
                "counts_by_rule": records(g.rule_counts),
                "problems": Table(g.screening.problems) if stream
                else Table(g.screening.problems).to_dict(),
                "overlaps": g.screening.overlap_records(),
                "rules": [{"rule": r, "action": a} for r, a in g.screening.rules],
                "mapping": None if g.mapping is None else g.mapping.to_dict(),
            } for g in self.groups],
            "reliability": reliability,
            "satisfaction": [r for g in self.groups for r in records(g.satisfaction)],
            "questions": [{"group": g.group, **r} for g in self.groups
                          for r in records(g.frequencies)],
            "indicators": [i.to_dict() for i in self.indicators],
            "satisfaction_options": self._satisfaction_options(),
            "satisfaction_dimensions": [r for g in self.groups for r in records(g.dimensions)],
            "satisfaction_subgroups": [r for g in self.groups for r in records(g.subgroups)],
            "differences": [r for g in self.groups for r in records(g.differences)],
            "dissatisfaction_reasons": [r for g in self.groups for r in records(g.reasons)],
            "indicator_totals": None if self.totals is None else self.totals.to_dict(),
        })
        return out

    def _satisfaction_options(self) -> dict[str, Any]:
        sat = self.spec.satisfaction
        return {"convention": self.spec.convention, "mapping": sat.mapping,
                "overall": sat.overall, "cutoff": sat.cutoff, "interval": sat.interval,
                "confidence": self.spec.confidence, "min_group_size": sat.min_group_size,
                "groups": [{"group": g.id, "population": g.fieldwork.population,
                            "subgroups": list(g.subgroups), "item_weights": g.item_weights,
                            "overall_item": g.overall_item} for g in self.spec.groups]}

