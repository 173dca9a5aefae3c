"""`survey draft` at scale: the 问卷星 text download repeated to ``--rows`` answers.

Writes the shared 问卷星 text download (`../shared/data/wjx/wjx_800_800_0.xls`: 8 questions,
two of them ┋-joined multiple choice with "other" text) repeated to ``--rows`` rows with
fresh 序号 as a UTF-8 CSV, then times, each in a fresh process:

- **toolkit**: `survey draft FILE --out DIR` (read every cell as text, classify every column,
  write the instrument and the spec), wall time;
- **reference**: `pandas.read_csv` of the same file.

Prints the ratio draft / read. Goal: 100,000 rows in under 5 s.

    python benchmarks/bench_draft.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
SOURCE = ROOT.parent / "shared" / "data" / "wjx" / "wjx_800_800_0.xls"


def write_input(rows: int) -> Path:
    """The text download repeated to ``rows`` answers (generated once)."""
    import numpy as np
    import pandas as pd

    from survey.responses.read import read_table

    path = DATA / f"draft_{rows}" / "wjx_text.csv"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    base = read_table(SOURCE).frame
    frame = pd.concat([base] * -(-rows // len(base)), ignore_index=True).iloc[:rows].copy()
    frame["序号"] = np.arange(1, rows + 1)
    frame.to_csv(path, index=False)
    return path


READ = "import sys, pandas as pd; pd.read_csv(sys.argv[1])"
TIMED = ("import subprocess, sys, time; t = time.perf_counter();"
         "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
         "print(time.perf_counter() - t)")


def _timed(*argv: str) -> float:
    out = subprocess.run([sys.executable, "-c", TIMED, *argv], check=True,
                         capture_output=True, text=True).stdout
    return float(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append")
    sizes = parser.parse_args().rows or [100_000]
    if not SOURCE.exists():
        print(f"skipped: {SOURCE} not present")
        return 0
    print(f"{'rows':>10} {'draft s':>8} {'read s':>7} {'draft/read':>10}")
    for rows in sizes:
        data = write_input(rows)
        read = _timed(sys.executable, "-c", READ, str(data))
        with tempfile.TemporaryDirectory() as tmp:
            wall = _timed(sys.executable, "-m", "survey", "draft", str(data), "--out", tmp)
        print(f"{rows:>10,} {wall:8.2f} {read:7.2f} {wall / read:10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
