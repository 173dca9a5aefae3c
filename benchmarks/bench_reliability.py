"""``survey reliability --json`` against pandas + pingouin on 1,000,000 × 30 answers.

The data: a one-factor model rounded to a 1–5 scale, seeded, written once to
``benchmarks/data/reliability_1m_x30.csv`` (≈ 60 MB; ignored by git). Each side runs in a
fresh process, so imports and reading the file are included, as a user would see them:

- toolkit: ``survey reliability FILE --items q01,…,q30 --json`` (α, Feldt interval, the
  full item table, KMO per item, Bartlett), listwise;
- reference: ``pandas.read_csv`` then ``pingouin.cronbach_alpha(nan_policy="listwise")``
  (α and its interval only).

Each side is run ``REPEATS`` times alternately; the medians and their ratio are printed.
Set ``SURVEY_BENCH_ROWS`` to try another size and ``SURVEY_BENCH_BLANKS`` for the share of
blank cells (default 0.02; 0 gives complete data, where nothing is deleted). Figures go to benchmarks/README.md.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROWS = int(os.environ.get("SURVEY_BENCH_ROWS", "1000000"))
BLANKS = float(os.environ.get("SURVEY_BENCH_BLANKS", "0.02"))
ITEMS = 30
REPEATS = int(os.environ.get("SURVEY_BENCH_REPEATS", "5"))
NAMES = [f"q{i + 1:02d}" for i in range(ITEMS)]

REFERENCE = """
import sys, pandas as pd, pingouin as pg
data = pd.read_csv(sys.argv[1])
alpha, ci = pg.cronbach_alpha(data[sys.argv[2].split(",")], nan_policy="listwise")
print(alpha, ci)
"""


def make_data(path: Path, rows: int, blanks: float) -> None:
    """Write ``rows`` × 30 single-digit answers (1–5) as CSV, a share ``blanks`` of cells blank."""
    rng = np.random.default_rng(20261121)
    lines = [",".join(NAMES).encode()]
    chunk = 200_000
    for start in range(0, rows, chunk):
        n = min(chunk, rows - start)
        latent = rng.normal(size=(n, 1))
        answers = np.clip(np.rint(3 + 0.8 * latent + rng.normal(size=(n, ITEMS))), 1, 5)
        cells = np.char.add(answers.astype(np.int8).astype("U1"), "")
        cells[rng.random((n, ITEMS)) < blanks] = ""
        lines.append("\n".join(",".join(row) for row in cells).encode())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\n".join(lines) + b"\n")


def timed(argv: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one run of ``argv`` (exit 0 or 1)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{argv[:3]} failed ({proc.returncode}):\n{proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> int:
    """Generate the data if needed, time both sides, print the ratio."""
    suffix = "" if BLANKS == 0.02 else f"_blanks{BLANKS:g}"
    path = HERE / "data" / f"reliability_{ROWS // 1000}k_x{ITEMS}{suffix}.csv"
    if not path.exists():
        make_data(path, ROWS, BLANKS)
    items = ",".join(NAMES)
    toolkit = [sys.executable, "-m", "survey", "reliability", str(path), "--items", items,
               "--json"]
    reference = [sys.executable, "-c", REFERENCE, str(path), items]
    ours, theirs = [], []
    for _ in range(REPEATS):
        ours.append(timed(toolkit))
        theirs.append(timed(reference))
    print(f"data: {ROWS:,} rows × {ITEMS} items, {path.stat().st_size / 1e6:.0f} MB CSV; "
          f"{REPEATS} alternating runs each; load average before: {os.getloadavg()[0]:.2f}")
    rows = (("survey reliability --json (α, CI, item table, KMO, Bartlett)", ours),
            ("pandas.read_csv + pingouin.cronbach_alpha (α, CI)", theirs))
    for label, runs in rows:
        wall = statistics.median(t for t, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"{label}: median {wall:.2f} s wall, {cpu:.2f} s CPU "
              f"(wall runs {', '.join(f'{t:.2f}' for t, _ in runs)})")
    wall_ratio = statistics.median(t for t, _ in ours) / statistics.median(t for t, _ in theirs)
    cpu_ratio = statistics.median(c for _, c in ours) / statistics.median(c for _, c in theirs)
    best_ratio = min(t for t, _ in ours) / min(t for t, _ in theirs)
    print(f"ratio toolkit / reference: wall (median) {wall_ratio:.2f}, wall (best) "
          f"{best_ratio:.2f}, CPU (median) {cpu_ratio:.2f}")
    return 0 if wall_ratio <= 1 else 1


if __name__ == "__main__":
    sys.exit(main())
