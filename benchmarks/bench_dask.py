"""The Dask engine on two local workers against the in-memory figures, to 1e-9.

    python benchmarks/bench_dask.py [--rows 1000000]

Data: the bundled example's 306 questionnaires (read onto ``instruments/residents.yaml``),
and the same questionnaires resampled with replacement (seeded) to ``--rows`` rows. Each is
written as a directory of Parquet files (8 parts, so 8 partitions). On both, with a
``LocalCluster`` of 2 worker processes (1 thread each):

- reliability of the instrument's satisfaction scale (:func:`survey.stats.streaming.
  stream_instrument_reliability` against :func:`survey.stats.reliability.
  instrument_reliability`), listwise and pairwise: α, interval, item table, KMO, Bartlett,
  per dimension;
- satisfaction (:func:`survey.stats.satisfaction_sums.stream_satisfaction` against
  ``satisfaction_table``, ``dimension_table`` and ``subgroup_table`` by village and age
  band): top-two-box with Wilson intervals, the mean convention, and the respondent index
  with Clopper–Pearson intervals.

Every number is compared (relative 1e-9, absolute 1e-12 near zero). Prints the times and
the largest relative difference; exits 1 when any figure differs.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RTOL, ATOL = 1e-9, 1e-12
BY = ["village", "age_band"]
CHOICES: list[dict[str, Any]] = [
    {},
    {"convention": "mean"},
    {"overall": "respondent_index", "interval": "clopper_pearson"},
]


def relative(a: float, b: float) -> float:
    """The difference the comparison judges (0 for two NaN)."""
    if math.isnan(a) and math.isnan(b):
        return 0.0
    if math.isnan(a) or math.isnan(b):
        return math.inf
    gap = abs(a - b)
    return 0.0 if gap <= ATOL else gap / max(abs(a), abs(b))


def tree_differences(a: object, b: object, path: str = "") -> tuple[list[str], float]:
    """Places where two result trees (dicts, lists, numbers, text) differ, and the largest
    relative difference of their numbers."""
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [f"{path}: keys differ"], math.inf
        found, worst = [], 0.0
        for key in a:
            f, w = tree_differences(a[key], b[key], f"{path}.{key}")
            found, worst = found + f, max(worst, w)
        return found, worst
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: length {len(a)} vs {len(b)}"], math.inf
        found, worst = [], 0.0
        for i, (u, v) in enumerate(zip(a, b, strict=True)):
            f, w = tree_differences(u, v, f"{path}[{i}]")
            found, worst = found + f, max(worst, w)
        return found, worst
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(
            a, bool) and not isinstance(b, bool):
        gap = relative(float(a), float(b))
        return ([] if gap <= RTOL else [f"{path}: {a!r} vs {b!r}"]), gap
    return ([] if a == b else [f"{path}: {a!r} vs {b!r}"]), 0.0


def frame_differences(a: pd.DataFrame, b: pd.DataFrame, name: str) -> tuple[list[str], float]:
    """Cell by cell: the same shape, columns and text; numbers within 1e-9."""
    if list(a.columns) != list(b.columns) or a.shape != b.shape or not len(a):
        return [f"{name}: shape {a.shape} vs {b.shape} or columns differ"], math.inf
    rows_a = a.astype(object).where(a.notna(), None).to_dict("records")
    rows_b = b.astype(object).where(b.notna(), None).to_dict("records")
    return tree_differences(rows_a, rows_b, name)


def write_parts(frame: pd.DataFrame, folder: Path, parts: int = 8) -> Path:
    """``frame`` as ``parts`` Parquet files of consecutive rows (the partitions)."""
    folder.mkdir(parents=True)
    size = -(-len(frame) // parts)
    for i in range(parts):
        frame.iloc[i * size:(i + 1) * size].to_parquet(folder / f"part-{i}.parquet", index=False)
    return folder


def compare(frame: pd.DataFrame, source: Path, instrument: Any, client: Any,
            label: str) -> tuple[list[str], float]:
    """Every reliability and satisfaction figure of ``frame`` in memory against the Dask
    pass over ``source``; prints the times."""
    from survey.stats.reliability import instrument_reliability
    from survey.stats.satisfaction import dimension_table, satisfaction_table, subgroup_table
    from survey.stats.satisfaction_sums import stream_satisfaction
    from survey.stats.streaming import DaskEngine, stream_instrument_reliability

    engine = DaskEngine(client)
    found: list[str] = []
    worst = 0.0
    t_memory = t_dask = 0.0
    for missing in ("listwise", "pairwise"):
        start = time.perf_counter()
        memory = instrument_reliability(frame, instrument, missing=missing)
        t_memory += time.perf_counter() - start
        start = time.perf_counter()
        dask = stream_instrument_reliability(source, instrument, missing=missing, engine=engine)
        t_dask += time.perf_counter() - start
        f, w = tree_differences(memory.to_dict(), dask.to_dict(), f"reliability[{missing}]")
        found, worst = found + f, max(worst, w)
    for choices in CHOICES:
        start = time.perf_counter()
        dims = {k: v for k, v in choices.items() if k != "overall_item"}
        memory_tables = (satisfaction_table(frame, instrument, **choices),
                         dimension_table(frame, instrument, **dims),
                         subgroup_table(frame, instrument, BY, **choices))
        t_memory += time.perf_counter() - start
        start = time.perf_counter()
        streamed = stream_satisfaction(source, instrument, by=BY, engine=engine, **choices)
        t_dask += time.perf_counter() - start
        for name, a, b in zip(("items", "dimensions", "subgroups"), memory_tables,
                              (streamed.table, streamed.dimensions, streamed.subgroups),
                              strict=True):
            f, w = frame_differences(a.reset_index(drop=True), b.reset_index(drop=True),
                                     f"satisfaction{choices or ''}.{name}")
            found, worst = found + f, max(worst, w)
    print(f"{label}: in memory {t_memory:6.1f} s, Dask (2 workers) {t_dask:6.1f} s, "
          f"largest relative difference {worst:.1e}, {len(found)} figure(s) differ")
    return found, worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    from distributed import Client, LocalCluster

    from survey import load_instrument, read_responses

    instrument = load_instrument(ROOT / "instruments" / "residents.yaml")
    example = read_responses(ROOT / "analyses" / "data" / "residents.csv", instrument)
    rng = np.random.default_rng(20261204)
    large = example.iloc[rng.integers(0, len(example), size=args.rows)].reset_index(drop=True)
    large["respondent_id"] = [f"R{i:07d}" for i in range(1, args.rows + 1)]
    found: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True,
            dashboard_address=None) as cluster, Client(cluster) as client:
        for label, frame in (("example (306 rows)", example),
                             (f"resampled ({args.rows:,} rows)", large)):
            source = write_parts(frame, Path(tmp) / label.split()[0])
            f, _ = compare(frame, source, instrument, client, label)
            found += f
    for line in found[:20]:
        print("differs:", line)
    print("same to 1e-9" if not found else f"{len(found)} figure(s) differ beyond 1e-9")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
