"""Load and screen 1,000,000 responses × 40 columns; report seconds and peak memory.

    python benchmarks/bench_screening.py [--rows 1000000] [--keep]

Writes ``benchmarks/data/screening_<rows>.csv`` (UTF-8, generated once, seeded) and its
instrument: a respondent id, a completion time, 6 single-choice questions (one written as
labels, 村名, the rest as codes), five 6-item satisfaction matrices on the 5-point scale
(30 items), a multiple choice joined in one cell (``1,3``) and an open answer: 40 columns.
About 1% of the questionnaires carry a planted defect (a code outside the scale, a
required answer missing, a repeated id, a copied questionnaire, a speeder).

The measurement runs in a fresh process: its resident memory after imports is the
baseline, ``ru_maxrss`` the peak; the loaded frame's size is ``memory_usage(deep=True)``.
The target: peak − baseline within 3 × the loaded frame.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SEED = 20261121

VILLAGES = ["石门村", "黄泥岭村", "青岚社区", "下坪村", "枫树湾村"]


def _instrument() -> str:
    singles = "\n".join(
        f"      - {{id: d{i}, type: single, text: 基本情况{i}, "
        f"options: [[1, 甲], [2, 乙], [3, 丙], [4, 丁]]}}" for i in range(1, 6))
    matrices = "\n".join(
        f"      - id: m{m}\n        type: likert_matrix\n        text: 满意度{m}\n"
        f"        scale: sat5\n        items:\n" + "\n".join(
            f"          - {{id: s{m}_{j}, text: 题项{m}-{j}}}" for j in range(1, 7))
        for m in range(1, 6))
    villages = ", ".join(f"[{i}, {v}]" for i, v in enumerate(VILLAGES, start=1))
    return f"""id: bench
title: 基准问卷
group: {{id: residents, name: 群众}}
sections:
  - id: s1
    title: 基本情况
    questions:
      - {{id: village, type: single, text: 村, options: [{villages}]}}
{singles}
  - id: s2
    title: 满意度
    questions:
{matrices}
      - id: reasons
        type: multiple
        text: 原因
        show_if: any(s1_1..s1_6 <= 2)
        options: [[1, 甲], [2, 乙], [3, 丙], [4, 丁]]
      - {{id: note, type: open, text: 建议}}
"""


def _generate(rows: int, path: Path) -> None:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(SEED)
    latent = rng.normal(size=(rows, 1))
    columns: dict[str, object] = {"respondent_id": np.char.add("R", np.arange(rows).astype(str))}
    columns["duration_seconds"] = rng.normal(300, 70, size=rows).clip(60).round().astype(int)
    columns["village"] = np.array(VILLAGES, dtype=object)[rng.integers(0, 5, size=rows)]
    for i in range(1, 6):
        columns[f"d{i}"] = rng.integers(1, 5, size=rows)
    low = np.zeros(rows, dtype=bool)
    for m in range(1, 6):
        raw = 4.3 + 0.7 * latent + 0.6 * rng.normal(size=(rows, 6))
        sat = np.clip(np.rint(raw), 1, 5).astype(int)
        if m == 1:
            low = (sat <= 2).any(axis=1)
        for j in range(6):
            columns[f"s{m}_{j + 1}"] = sat[:, j]
    picks = np.where(low, np.array(["1", "2", "1,3", "2,4"], dtype=object)[
        rng.integers(0, 4, size=rows)], "")
    columns["reasons"] = picks
    columns["note"] = np.where(rng.random(rows) < 0.05, "希望加强后期管护", "")
    frame = pd.DataFrame(columns)
    defects = rng.choice(rows, size=rows // 100, replace=False)
    kinds = np.array_split(defects, 5)
    frame.loc[kinds[0], "s2_3"] = 6                     # outside the scale
    frame["d1"] = frame["d1"].astype(object)
    frame.loc[kinds[1], "d1"] = ""                      # required answer missing
    frame.loc[kinds[2], "respondent_id"] = "R0"         # a repeated id
    frame.loc[kinds[3], "duration_seconds"] = 30        # a speeder
    copies = kinds[4]
    frame.iloc[copies, 2:] = frame.iloc[copies - 1, 2:].to_numpy()  # a copied questionnaire
    frame.to_csv(path, index=False, encoding="utf-8")


def _measure(csv: Path, instrument: Path) -> dict[str, float]:
    import resource

    from survey.instrument import load_instrument
    from survey.responses import read_response_file
    from survey.screening import screen_responses

    def rss() -> int:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * resource.getpagesize()

    inst = load_instrument(instrument)
    baseline = rss()
    start = time.perf_counter()
    loaded = read_response_file(csv, inst)
    loaded_at = time.perf_counter()
    screening = screen_responses(loaded, inst, issued=len(loaded.frame) + 1000)
    done = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    frame_bytes = int(loaded.frame.memory_usage(deep=True).sum())
    return {
        "rows": len(loaded.frame), "columns": loaded.frame.shape[1],
        "load_seconds": loaded_at - start, "screen_seconds": done - loaded_at,
        "total_seconds": done - start, "frame_mb": frame_bytes / 2**20,
        "peak_above_baseline_mb": (peak - baseline) / 2**20,
        "peak_over_frame": (peak - baseline) / frame_bytes,
        "findings": len(screening.problems), "set_aside": len(screening.set_aside),
        "valid": len(screening.valid),
    }


def _pandas_reference(csv: Path) -> float:
    import pandas as pd

    start = time.perf_counter()
    pd.read_csv(csv)
    return time.perf_counter() - start


def main() -> int:
    """Generate the data once, then measure in a fresh process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--measure", nargs=2, metavar=("CSV", "INSTRUMENT"), help=argparse.SUPPRESS)
    parser.add_argument("--reference", metavar="CSV", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(Path(args.measure[0]), Path(args.measure[1]))))
        return 0
    if args.reference:
        print(json.dumps({"pandas_read_csv_seconds": _pandas_reference(Path(args.reference))}))
        return 0
    DATA.mkdir(exist_ok=True)
    instrument = DATA / "screening_instrument.yaml"
    instrument.write_text(_instrument(), encoding="utf-8")
    csv = DATA / f"screening_{args.rows}.csv"
    if not csv.exists():
        print(f"generating {csv.name} …", flush=True)
        _generate(args.rows, csv)
    size = csv.stat().st_size / 2**20
    out = subprocess.run([sys.executable, __file__, "--measure", str(csv), str(instrument)],
                         capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    ref = subprocess.run([sys.executable, __file__, "--reference", str(csv)],
                         capture_output=True, text=True, check=True)
    figures.update(json.loads(ref.stdout.strip().splitlines()[-1]))
    print(f"file: {csv.name}, {size:.0f} MiB")
    print(f"rows × columns loaded: {figures['rows']:,} × {figures['columns']}")
    print(f"load:   {figures['load_seconds']:.1f} s  "
          f"(pandas.read_csv alone: {figures['pandas_read_csv_seconds']:.1f} s)")
    print(f"screen: {figures['screen_seconds']:.1f} s  "
          f"({figures['findings']:,} findings, {figures['set_aside']:,} set aside)")
    print(f"total:  {figures['total_seconds']:.1f} s")
    print(f"loaded frame: {figures['frame_mb']:.0f} MiB; peak above baseline: "
          f"{figures['peak_above_baseline_mb']:.0f} MiB "
          f"({figures['peak_over_frame']:.2f} × the frame; target ≤ 3)")
    return 0 if figures["peak_over_frame"] <= 3 else 1


if __name__ == "__main__":
    sys.exit(main())
