"""Reading an Excel workbook of responses: `read_response_file` against pandas' two readers.

The example's residents file repeated to ``--rows`` respondents (fresh ids) is written once
as ``benchmarks/data/excel_<rows>.xlsx`` (openpyxl, as platforms' exports are). Each reader
runs in a fresh process, side by side, alternating, ``--rounds`` times; the CPU time (user +
system of the reading alone, imports excluded) is printed with the ratios:

- **toolkit**: `read_response_file(path, residents instrument)`: the workbook read, the
  header matched, labels mapped to codes, personal data checked;
- **reference**: `pandas.read_excel(path, engine=...)` with openpyxl (pandas' default for
  .xlsx until now, and the toolkit's reader before) and with calamine.

    python benchmarks/bench_excel.py [--rows 100000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"

_TIMED = {
    "toolkit": (
        "from survey.instrument.load import load_instrument;"
        "from survey.responses.read import read_response_file;"
        f"ins = load_instrument({str(ROOT / 'instruments' / 'residents.yaml')!r});"
        "t = time.process_time(); read_response_file(sys.argv[1], ins)"),
    "pandas + openpyxl": "t = time.process_time(); pd.read_excel(sys.argv[1], engine='openpyxl')",
    "pandas + calamine": "t = time.process_time(); pd.read_excel(sys.argv[1], engine='calamine')",
}


def write_workbook(rows: int) -> Path:
    """The residents file repeated to ``rows`` respondents, as an .xlsx written by openpyxl."""
    from bench_run import residents_repeated

    path = DATA / f"excel_{rows}.xlsx"
    if path.exists():
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    residents_repeated(rows).to_excel(path, index=False, engine="openpyxl")
    return path


def cpu_seconds(reader: str, path: Path) -> float:
    """CPU seconds of ``reader`` reading ``path`` in a fresh process (imports excluded)."""
    code = ("import sys, time; import pandas as pd;" + _TIMED[reader]
            + "; print(time.process_time() - t)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], check=True,
                         capture_output=True, text=True, cwd=ROOT).stdout
    return float(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    path = write_workbook(args.rows)
    times: dict[str, list[float]] = {reader: [] for reader in _TIMED}
    for _ in range(args.rounds):
        for reader in _TIMED:
            times[reader].append(cpu_seconds(reader, path))
    toolkit = statistics.median(times["toolkit"])
    print(f"{args.rows:,} rows, {path.stat().st_size / 2**20:.1f} MiB, {args.rounds} rounds")
    for reader, seconds in times.items():
        median = statistics.median(seconds)
        print(f"  {reader:<18} CPU median {median:6.2f} s  (runs "
              f"{', '.join(f'{s:.2f}' for s in seconds)})  toolkit / this: {toolkit / median:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
