"""`survey run` at scale: the example's residents file repeated to ``--rows`` respondents.

Times, each in a fresh process and side by side in one run:

- **toolkit**: `survey run SPEC --out DIR` (read, map, screen, statistics, scoring, report,
  results.json and every HTML file), wall time, CPU time (user + system: less sensitive to
  other work on a shared machine) and peak RSS (``ru_maxrss`` of the child);
- **reference**: `pandas.read_csv` of the same file (the time to read it), and the size of the
  loaded frame (``memory_usage(deep=True)``).

Prints the ratios run / read and peak memory / frame, and the same for what the rows add:
the run of ``--base`` rows (default 1,000: start-up, the imports and rendering every report
file, which do not grow with the rows) is measured in the same way and subtracted, so
``(run − base run) / read`` and ``(peak − base peak) / frame`` are the cost of the data
itself. Goals: run within 3 × the read time plus start-up, linear in the rows; peak memory
within 3 × the loaded frame.

    python benchmarks/bench_run.py [--rows 100000] [--rows 1000000] [--base 1000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"


def residents_repeated(rows: int) -> pd.DataFrame:
    """The example's residents file repeated to ``rows`` respondents, with fresh ids."""
    import numpy as np
    import pandas as pd

    base = pd.read_csv(ROOT / "analyses" / "data" / "residents.csv", encoding="gbk")
    frame = pd.concat([base] * -(-rows // len(base)), ignore_index=True).iloc[:rows].copy()
    frame["respondent_id"] = np.arange(1, rows + 1)
    return frame


def write_inputs(rows: int) -> Path:
    """The residents group repeated to ``rows`` respondents with fresh ids, and its spec."""
    folder = DATA / f"run_{rows}"
    spec_path = folder / "spec.yaml"
    if spec_path.exists():
        return spec_path
    folder.mkdir(parents=True, exist_ok=True)
    residents_repeated(rows).to_csv(folder / "residents.csv", index=False)
    spec = yaml.safe_load((ROOT / "analyses" / "example.yaml").read_text(encoding="utf-8"))
    group = spec["groups"][0]
    group["instrument"] = str(ROOT / "instruments" / "residents.yaml")
    group["responses"] = "residents.csv"
    group["fieldwork"].update(issued=rows + rows // 10, returned=rows, population=rows * 40)
    group.pop("subgroup_populations", None)
    spec["groups"] = [group]
    spec["indicators"] = [i for i in spec.get("indicators", [])
                          if i.get("group") in (None, "residents")]
    spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return spec_path


READ = ("import sys, time, pandas as pd; t = time.perf_counter(); c = time.process_time();"
        "f = pd.read_csv(sys.argv[1]);"
        "print(time.perf_counter() - t, time.process_time() - c,"
        " f.memory_usage(deep=True).sum() / 2**20)")


def read_reference(spec: Path) -> tuple[float, float, float]:
    """Wall and CPU seconds of ``pandas.read_csv`` of the responses, in a fresh process, and
    the MiB of the frame it loads."""
    out = subprocess.run([sys.executable, "-c", READ, str(spec.parent / "residents.csv")],
                         check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1]), float(out[2])


def run_toolkit(spec: Path) -> tuple[float, float, float]:
    """Wall seconds, peak MiB and CPU seconds of ``survey run spec`` in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: run the toolkit in its
        # own grandchild so the figure is its own.
        code = ("import resource, subprocess, sys, time; t = time.perf_counter();"
                "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
                "u = resource.getrusage(resource.RUSAGE_CHILDREN);"
                "print(time.perf_counter() - t, u.ru_maxrss / 1024, u.ru_utime + u.ru_stime)")
        res = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "survey",
                              "run", str(spec), "--out", tmp],
                             check=True, capture_output=True, text=True).stdout.split()
    return float(res[0]), float(res[1]), float(res[2])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append")
    parser.add_argument("--base", type=int, default=1_000,
                        help="rows of the run whose cost is subtracted (default 1000)")
    args = parser.parse_args()
    sizes = args.rows or [100_000]
    base_wall, base_peak, base_cpu = run_toolkit(write_inputs(args.base))
    print(f"base run ({args.base:,} rows): {base_wall:.2f} s wall, {base_cpu:.2f} s CPU, "
          f"peak {base_peak:.0f} MiB")
    print(f"{'rows':>10} {'run s':>7} {'CPU s':>7} {'read s':>7} {'read CPU':>8} "
          f"{'run/read':>8} {'added/read':>10} {'CPU added/read':>14} {'peak MiB':>9} "
          f"{'frame MiB':>9} {'peak/frame':>10} {'added/frame':>11}")
    for rows in sizes:
        spec = write_inputs(rows)
        read, read_cpu, frame = read_reference(spec)
        wall, peak, cpu = run_toolkit(spec)
        print(f"{rows:>10,} {wall:7.2f} {cpu:7.2f} {read:7.2f} {read_cpu:8.2f} "
              f"{wall / read:8.1f} {(wall - base_wall) / read:10.1f} "
              f"{(cpu - base_cpu) / read_cpu:14.1f} {peak:9.0f} {frame:9.0f} "
              f"{peak / frame:10.1f} {(peak - base_peak) / frame:11.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
