"""Fixtures the regression tests share with the report tests (the service survey), and a
writer of small analyses (instrument, responses, spec) for one-off cases."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.report.conftest import (  # noqa: F401 - fixtures
    example_outputs,
    service_results,
    service_spec,
)


def write_analysis(folder: Path, instrument: str, rows: list[dict[str, object]],
                   spec_extra: str = "") -> Path:
    """``instrument`` (YAML text) and ``rows`` (one dict per questionnaire) written beside an
    analysis spec of one group ``g`` named by the instrument; returns the spec's path."""
    (folder / "inst.yaml").write_text(instrument, encoding="utf-8")
    with (folder / "data.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    spec = folder / "spec.yaml"
    spec.write_text(f"""report: {{title: 测试报告, project: 测试项目, language: zh-CN}}
groups:
  - id: g
    instrument: inst.yaml
    responses: data.csv
    fieldwork: {{issued: {len(rows)}, mode: paper}}
{spec_extra}""", encoding="utf-8")
    return spec
