"""`survey run` at scale: the example's residents file repeated to ``--rows`` respondents.

Times, each in a fresh process and side by side in one run:

- **toolkit**: `survey run SPEC --out DIR` (read, map, screen, statistics, scoring, report,
  results.json and every HTML file), wall time, CPU time (user + system: less sensitive to
  other work on a shared machine) and peak RSS (``ru_maxrss`` of the child);
- **reference**: `pandas.read_csv` of the same file (the time to read it), and the size of the
  loaded frame (``memory_usage(deep=True)``).

Prints the ratios run / read and peak memory / frame. Goals: run within 3 × the read time
plus start-up, linear in the rows; peak memory within 3 × the loaded frame.

    python benchmarks/bench_run.py [--rows 100000] [--rows 1000000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"


def write_inputs(rows: int) -> Path:
    """The residents group repeated to ``rows`` respondents with fresh ids, and its spec."""
    import numpy as np
    import pandas as pd

    folder = DATA / f"run_{rows}"
    spec_path = folder / "spec.yaml"
    if spec_path.exists():
        return spec_path
    folder.mkdir(parents=True, exist_ok=True)
    base = pd.read_csv(ROOT / "analyses" / "data" / "residents.csv", encoding="gbk")
    frame = pd.concat([base] * -(-rows // len(base)), ignore_index=True).iloc[:rows].copy()
    frame["respondent_id"] = np.arange(1, rows + 1)
    frame.to_csv(folder / "residents.csv", index=False)
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


READ = ("import sys, time, pandas as pd; t = time.perf_counter(); f = pd.read_csv(sys.argv[1]);"
        "print(time.perf_counter() - t, f.memory_usage(deep=True).sum() / 2**20)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append")
    sizes = parser.parse_args().rows or [100_000]
    print(f"{'rows':>10} {'run s':>7} {'CPU s':>7} {'read s':>7} {'run/read':>8} {'peak MiB':>9} "
          f"{'frame MiB':>9} {'peak/frame':>10}")
    for rows in sizes:
        spec = write_inputs(rows)
        out = subprocess.run([sys.executable, "-c", READ, str(spec.parent / "residents.csv")],
                             check=True, capture_output=True, text=True).stdout.split()
        read, frame = float(out[0]), float(out[1])
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
        wall, peak, cpu = float(res[0]), float(res[1]), float(res[2])
        print(f"{rows:>10,} {wall:7.2f} {cpu:7.2f} {read:7.2f} {wall / read:8.1f} {peak:9.0f} "
              f"{frame:9.0f} {peak / frame:10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
