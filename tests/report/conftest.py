"""Fixtures for the report tests: the bundled example, and a small service survey that uses
every question type, with planted free text (a <script> tag, a phone number)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import ROOT

#: Planted open answers: markup that must be escaped, personal data that must be removed.
SCRIPT_ANSWER = "<script>alert('x')</script>服务很好"
PHONE = "13912345678"
PHONE_ANSWER = f"有事请打我电话 {PHONE}"


def _answers(rng: np.random.Generator, n: int) -> list[dict[str, object]]:
    """Answers to instruments/service.yaml: consistent with its skip logic and pick limits."""
    rows = []
    for i in range(n):
        sat = [int(rng.choice([3, 2, 1, 9], p=[0.6, 0.25, 0.1, 0.05])) for _ in range(6)]
        row: dict[str, object] = {
            "respondent_id": f"F{i + 1:03d}",
            "联系电话": f"139{i:08d}",  # personal data the reader must drop
            "gender": int(rng.integers(1, 3)),
            "age": int(rng.integers(60, 95)),
            "living": int(rng.choice([1, 2, 3, 4], p=[0.3, 0.4, 0.2, 0.1])),
            "frequency": int(rng.integers(1, 5)),
            "overall": int(rng.integers(4, 11)),
            "pay": int(rng.integers(0, 400)),
        }
        row["living_4_text"] = "与孙子同住" if row["living"] == 4 else ""
        picks = rng.choice(6, size=int(rng.integers(1, 4)), replace=False) + 1
        for code in range(1, 7):
            row[f"services_{code}"] = int(code in picks)
        row["services_6_text"] = "理发" if 6 in picks else ""
        for j, value in enumerate(sat, start=1):
            row[f"svc_{j}"] = value
        row["trust_1"] = int(rng.integers(3, 6))
        row["trust_2"] = int(rng.integers(1, 4))
        unhappy = 1 in sat
        reasons = rng.choice(6, size=int(rng.integers(1, 3)), replace=False) + 1 if unhappy else []
        for code in range(1, 7):
            row[f"reasons_{code}"] = int(code in reasons) if unhappy else ""
        row["reasons_6_text"] = "服务人员态度不好" if unhappy and 6 in reasons else ""
        ranked = rng.choice(6, size=3, replace=False) + 1
        for code in range(1, 7):
            where = list(ranked).index(code) + 1 if code in ranked else ""
            row[f"priorities_{code}"] = where
        row["suggestion"] = ""
        rows.append(row)
    rows[0]["suggestion"] = SCRIPT_ANSWER
    rows[1]["suggestion"] = PHONE_ANSWER
    rows[2]["suggestion"] = "希望增加助浴服务。"
    rows[3]["suggestion"] = "希望增加助浴服务。"
    return rows


@pytest.fixture(scope="session")
def service_spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An analysis of instruments/service.yaml on 40 seeded questionnaires."""
    folder = tmp_path_factory.mktemp("service")
    rows = _answers(np.random.default_rng(7), 40)
    with (folder / "service.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    spec = folder / "service.yaml"
    spec.write_text(f"""
report: {{title: 养老服务满意度调查报告, project: 青岚县居家和社区养老服务项目}}
groups:
  - id: recipients
    instrument: {ROOT / "instruments" / "service.yaml"}
    responses: service.csv
    fieldwork: {{issued: 45, mode: interview, sampling: 按服务名单随机抽取, dates: 2026 年 10 月}}
indicators:
  - {{code: C1, name: 服务对象满意度, group: recipients, weight: 10, target: {{">=": 0.85}}}}
""", encoding="utf-8")
    return spec


@pytest.fixture(scope="session")
def service_results(service_spec: Path):
    """The service survey run through the whole chain."""
    from survey.pipeline import run_analysis

    return run_analysis(service_spec, generated_at="2026-11-21")


@pytest.fixture(scope="session")
def example_report(example_results):
    """The bundled example's report structure (zh-CN)."""
    from survey.report import build_report

    return build_report(example_results)


@pytest.fixture(scope="session")
def example_full_report(example_results):
    """The bundled example's report with the technical annex (``detail="full"``)."""
    from survey.report import build_report

    return build_report(example_results, detail="full")


@pytest.fixture(scope="session")
def example_outputs(example_results, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled example written by write_outputs."""
    from survey.pipeline import write_outputs

    return write_outputs(example_results, tmp_path_factory.mktemp("example"))
