"""Writing a definition as YAML, in the style of the bundled instruments.

:func:`render_definition` dumps the plain mapping with options, satisfied and excluded
codes and scores in flow style (``[5, 非常满意]``), Chinese left unescaped, keys in the
order given, under a header naming the source and what to fill in before fielding.
"""

from __future__ import annotations

from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    pass


class _Flow(list[object]):
    """A list written in flow style (``[1, 是]``)."""


_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence(
    "tag:yaml.org,2002:seq", v, flow_style=True))


def _flow_options(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _flow_options(v, k) for k, v in value.items()}
    if isinstance(value, list):
        if key in ("options",) or (key in ("satisfied", "excluded", "scores")):
            return [_Flow(v) if isinstance(v, list) else _flow_options(v) for v in value] \
                if key == "options" else _Flow(value)
        return [_flow_options(v) for v in value]
    return value


def render_definition(definition: dict[str, Any], source: str) -> str:
    """The definition as YAML in the bundled instruments' style, with a provenance header."""
    body = yaml.dump(_flow_options(definition), Dumper=_Dumper, allow_unicode=True,
                     sort_keys=False, width=100)
    todo = []
    if "cover_letter" not in definition:
        todo.append("add the cover letter")
    if definition["group"]["id"] == "respondents":
        todo.append("name the respondent group")
    if any("satisfied" not in s for s in definition.get("scales", {}).values()):
        todo.append("mark satisfied codes on declared scales")
    header = f"# Imported from {source} by `survey instrument import`.\n"
    if todo:
        header += f"# Before fielding: {'; '.join(todo)}.\n"
    return header + body
