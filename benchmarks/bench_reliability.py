"""``survey reliability --json`` against pandas + pingouin on 1,000,000 × 30 answers.

The data: a one-factor model rounded to a 1–5 scale, seeded, written once to
``benchmarks/data/reliability_1m_x30.csv`` (≈ 60 MB; ignored by git). Each side runs in a
fresh process, so imports and reading the file are included, as a user would see them:

- toolkit: ``survey reliability FILE --items q01,…,q30 --json`` (α, Feldt interval, the
  full item table, KMO per item, Bartlett), listwise;
- reference: ``pandas.read_csv`` then ``pingouin.cronbach_alpha(nan_policy="listwise")``
  (α and its interval only).

Each side is run ``REPEATS`` times alternately; the medians and their ratio are printed.
Set ``SURVEY_BENCH_ROWS`` to try another size. Figures go to benchmarks/README.md.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROWS = int(os.environ.get("SURVEY_BENCH_ROWS", "1000000"))
ITEMS = 30
REPEATS = 3
NAMES = [f"q{i + 1:02d}" for i in range(ITEMS)]

REFERENCE = """
import sys, pandas as pd, pingouin as pg
data = pd.read_csv(sys.argv[1])
alpha, ci = pg.cronbach_alpha(data[sys.argv[2].split(",")], nan_policy="listwise")
print(alpha, ci)
"""


def make_data(path: Path, rows: int) -> None:
    """Write ``rows`` × 30 single-digit answers (1–5) as CSV, about 2 % of cells blank."""
    rng = np.random.default_rng(20261121)
    lines = [",".join(NAMES).encode()]
    chunk = 200_000
    for start in range(0, rows, chunk):
        n = min(chunk, rows - start)
        latent = rng.normal(size=(n, 1))
        answers = np.clip(np.rint(3 + 0.8 * latent + rng.normal(size=(n, ITEMS))), 1, 5)
        cells = np.char.add(answers.astype(np.int8).astype("U1"), "")
        cells[rng.random((n, ITEMS)) < 0.02] = ""
        lines.append("\n".join(",".join(row) for row in cells).encode())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\n".join(lines) + b"\n")


def timed(argv: list[str]) -> float:
    """Wall-clock seconds of one run of ``argv`` (its exit code 0 or 1 is fine)."""
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{argv[:3]} failed ({proc.returncode}):\n{proc.stderr}")
    return elapsed


def main() -> int:
    """Generate the data if needed, time both sides, print the ratio."""
    path = HERE / "data" / f"reliability_{ROWS // 1000}k_x{ITEMS}.csv"
    if not path.exists():
        make_data(path, ROWS)
    items = ",".join(NAMES)
    toolkit = [sys.executable, "-m", "survey", "reliability", str(path), "--items", items,
               "--json"]
    reference = [sys.executable, "-c", REFERENCE, str(path), items]
    ours, theirs = [], []
    for _ in range(REPEATS):
        ours.append(timed(toolkit))
        theirs.append(timed(reference))
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"data: {ROWS:,} rows × {ITEMS} items, {path.stat().st_size / 1e6:.0f} MB CSV")
    print(f"survey reliability --json (α, CI, item table, KMO, Bartlett): {a:.2f} s "
          f"(runs {', '.join(f'{t:.2f}' for t in ours)})")
    print(f"pandas.read_csv + pingouin.cronbach_alpha (α, CI):            {b:.2f} s "
          f"(runs {', '.join(f'{t:.2f}' for t in theirs)})")
    print(f"ratio toolkit / reference: {a / b:.2f}")
    return 0 if a <= b else 1


if __name__ == "__main__":
    sys.exit(main())
