"""Which files a run writes besides ``results.json``: the report's output formats.

- ``html``: ``report.html``, one ``<section>-section.html`` fragment per section and
  ``plotly-basic.min.js`` (what the fragments' host page loads once);
- ``docx``: ``report.docx`` and one ``<section>-section.docx`` per section;
- ``xlsx``: ``tables.xlsx``, every table of the report on its own sheet.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

from survey.errors import ParameterError

__all__ = ["DEFAULT_FORMATS", "FORMATS", "Format", "parse_formats"]

Format = Literal["html", "docx", "xlsx"]
#: Every format, in the order files are listed.
FORMATS: tuple[Format, ...] = get_args(Format)
#: What ``survey run`` writes unless told otherwise: all of them.
DEFAULT_FORMATS: tuple[Format, ...] = FORMATS


def parse_formats(value: str | Iterable[str]) -> tuple[Format, ...]:
    """The formats named in ``value`` (``"html,docx"`` or a list), in :data:`FORMATS` order,
    each once; ``"all"`` names every one.

    >>> parse_formats("docx, html"), parse_formats(["xlsx"]), parse_formats("all")
    (('html', 'docx'), ('xlsx',), ('html', 'docx', 'xlsx'))
    >>> parse_formats("pdf")
    Traceback (most recent call last):
    ...
    survey.errors.ParameterError: key formats: unknown output format; expected html, docx, xlsx or all, separated by commas, got 'pdf'.
    """
    names = value.split(",") if isinstance(value, str) else list(value)
    wanted = {str(n).strip().lower() for n in names} - {""}
    if "all" in wanted:
        wanted = (wanted - {"all"}) | set(FORMATS)
    unknown = sorted(wanted - set(FORMATS))
    if unknown or not wanted:
        raise ParameterError(
            "unknown output format", code="bad_formats", key="formats",
            expected=f"{', '.join(FORMATS)} or all, separated by commas",
            got=",".join(unknown) if unknown else (value if isinstance(value, str) else ""))
    return tuple(f for f in FORMATS if f in wanted)
