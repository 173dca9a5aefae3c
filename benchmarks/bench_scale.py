"""Streamed reliability against DuckDB SQL moments on 20,000,000 × 30 answers.

The data: a one-factor model rounded to a 1–5 scale, seeded, written once in row groups to
``benchmarks/data/scale_{ROWS}_x30.parquet`` (ignored by git) without ever holding it
whole. Each side runs in a fresh process, reading the same file:

- toolkit: ``survey reliability FILE --items q01,…,q30 --engine stream --json`` (α, Feldt
  interval, the full item table, KMO, Bartlett), listwise;
- reference: DuckDB computing the 30 column means and the 30 × 30 covariance matrix
  (``avg`` and ``covar_samp`` of every pair) in SQL on the same file, the moments the
  toolkit's figures come from.

Printed per side: wall time and peak RSS (``ru_maxrss`` of the child). The in-memory path's
need is estimated from the float64 matrix it would build (rows × 30 × 8 bytes, plus pandas'
copy of the columns). Set ``SURVEY_BENCH_ROWS`` for another size (the CI-free default is the
issue's 20,000,000) and ``SURVEY_BENCH_DATA`` for another folder for the data file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROWS = int(os.environ.get("SURVEY_BENCH_ROWS", "20000000"))
ITEMS = 30
NAMES = [f"q{i + 1:02d}" for i in range(ITEMS)]
GROUP = 1_000_000
DATA = Path(os.environ.get("SURVEY_BENCH_DATA", HERE / "data"))

DUCKDB = """
import sys, duckdb
names = sys.argv[2].split(",")
moments = ", ".join([f"avg({a})" for a in names] + [
    f"covar_samp({a}, {b})" for i, a in enumerate(names) for b in names[i:]])
con = duckdb.connect()
con.execute("SET threads TO 2")
row = con.execute(f"SELECT {moments} FROM read_parquet('{sys.argv[1]}') "
                  f"WHERE {' AND '.join(n + ' IS NOT NULL' for n in names)}").fetchone()
print(len(row))
"""


def data_file() -> Path:
    """Write the data once, one row group at a time (bounded memory)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = DATA / f"scale_{ROWS}_x{ITEMS}.parquet"
    if path.exists():
        return path
    path.parent.mkdir(exist_ok=True)
    rng = np.random.default_rng(20261203)
    schema = pa.schema([(n, pa.int8()) for n in NAMES])
    tmp = path.with_suffix(".tmp")
    with pq.ParquetWriter(tmp, schema) as writer:
        for start in range(0, ROWS, GROUP):
            n = min(GROUP, ROWS - start)
            trait = rng.normal(size=(n, 1))
            x = np.clip(np.rint(3 + trait + rng.normal(size=(n, ITEMS))), 1, 5).astype(np.int8)
            writer.write_table(pa.table({name: x[:, j] for j, name in enumerate(NAMES)},
                                        schema=schema))
    tmp.rename(path)
    return path


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of a fresh child process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                             env={**os.environ, "PYTHONPATH": str(HERE.parent)})
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):  # 1: the command flagged a warning, figures printed
        raise SystemExit(f"{command[:4]} failed with exit code {child.returncode}")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    # The data are written by a child: Linux keeps a process's peak RSS across fork and
    # exec, so a parent that had built the data would lend its peak to both measurements.
    subprocess.run([sys.executable, __file__, "--generate"], check=True)
    path = DATA / f"scale_{ROWS}_x{ITEMS}.parquet"
    items = ",".join(NAMES)
    stream = [sys.executable, "-m", "survey", "reliability", str(path), "--items", items,
              "--engine", "stream", "--json"]
    duck = [sys.executable, "-c", DUCKDB, str(path), items]
    t_duck, m_duck = timed(duck)
    t_stream, m_stream = timed(stream)
    in_memory = ROWS * ITEMS * 8 * 2 / 2**30
    print(f"{ROWS:,} × {ITEMS} answers ({path.stat().st_size / 2**20:.0f} MiB Parquet)")
    print(f"streamed survey reliability: {t_stream:6.1f} s, peak RSS {m_stream:,.0f} MiB")
    print(f"DuckDB SQL means+covariances: {t_duck:6.1f} s, peak RSS {m_duck:,.0f} MiB")
    print(f"time ratio stream / DuckDB: {t_stream / t_duck:.2f}")
    print(f"in-memory path would need about {in_memory:.1f} GiB (float64 matrix + frame)")


if __name__ == "__main__":
    if sys.argv[1:] == ["--generate"]:
        data_file()
    else:
        main()
