"""The state one report build shares: language, formatting, numbering of tables and figures.

Tables and figures are numbered through the whole report (表 1 … 表 n, 图 1 … 图 m), so a
fragment keeps the numbers it has in the full page. Ids are ``<id_prefix>-<section>-t<n>``
and ``…-f<n>``: unique across reports and the same on every run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from survey.locale import Language, text
from survey.report.format import Formatter
from survey.report.model import Chart, ChartType, Detail, Series, Table

if TYPE_CHECKING:
    from survey.results import AnalysisResults, GroupResults

__all__ = ["Context", "report_id_prefix", "say", "say_first"]


def say(lang: Language, key: str, **values: object) -> str:
    """The report sentence ``key`` (``report_<key>`` in ``survey/locales/<lang>/report.yaml``)."""
    return text(lang, f"report_{key}", **values)


def say_first(lang: Language, keys: tuple[str, ...], default: str, **values: object) -> str:
    """The first of ``keys`` (full locale keys) that exists in ``lang``, else ``default``.

    For labels of codes other stages may add (a new screening rule, a new convention):
    the report prints the code itself rather than failing.
    """
    for key in keys:
        try:
            return text(lang, key, **values)
        except KeyError:
            continue
    return default


def report_id_prefix(results: AnalysisResults) -> str:
    """``sr-`` and 8 hex digits of a hash of the inputs, title, language and date.

    Deterministic (no clock, no randomness), and different for different reports, so
    fragments of two reports can sit on one host page without clashing ids.
    """
    h = hashlib.sha256()
    for part in (results.spec.report.title, results.lang, results.generated_at,
                 *(f"{f.role}:{f.path}:{f.sha256}" for f in results.inputs)):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return f"sr-{h.hexdigest()[:8]}"


class Context:
    """Language, formatter, level of detail and running numbers for one
    :func:`build_report` call."""

    def __init__(self, results: AnalysisResults, detail: Detail = "appendix") -> None:
        self.results = results
        self.detail: Detail = detail
        self.lang: Language = results.lang
        self.f = Formatter(results.lang)
        self.id_prefix = report_id_prefix(results)
        self._tables = 0
        self._figures = 0

    @property
    def scaled_groups(self) -> tuple[GroupResults, ...]:
        """The groups whose questionnaire has satisfaction items: the only ones the
        reliability and satisfaction sections speak about."""
        return tuple(g for g in self.results.groups if not g.satisfaction.empty)

    def say(self, key: str, **values: object) -> str:
        """A report sentence in the report's language."""
        return say(self.lang, key, **values)

    def anchor(self, section: str) -> str:
        """The DOM id of a section."""
        return f"{self.id_prefix}-{section}"

    def table(
        self, section: str, caption: str, columns: tuple[str, ...],
        rows: Sequence[tuple[str, ...]], *,
        numeric: tuple[bool, ...] = (), note: str | None = None,
        total_rows: tuple[int, ...] = (), group_starts: tuple[int, ...] = (),
        wrap_numbers: bool = False,
    ) -> Table:
        """The next numbered table."""
        self._tables += 1
        return Table(
            id=f"{self.anchor(section)}-t{self._tables}",
            number=self.say("table_number", n=self._tables), caption=caption,
            columns=columns, rows=tuple(rows), numeric=numeric, note=note,
            total_rows=total_rows, group_starts=group_starts, wrap_numbers=wrap_numbers,
        )

    def chart(
        self, section: str, caption: str, chart_type: ChartType, categories: list[str],
        series: list[Series], table: Table, *, axis_title: str = "", note: str | None = None,
        unit: str = "share",
    ) -> Chart:
        """The next numbered chart, with its table."""
        self._figures += 1
        return Chart(
            id=f"{self.anchor(section)}-f{self._figures}",
            number=self.say("figure_number", n=self._figures), caption=caption,
            chart_type=chart_type, categories=tuple(categories), series=tuple(series),
            table=table, axis_title=axis_title, note=note, unit=unit,
        )
