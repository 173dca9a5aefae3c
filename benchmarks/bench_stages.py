"""Where `survey run`'s time goes, stage by stage, in two code trees side by side.

Each run is a fresh process that times (CPU, ``time.process_time``) the pipeline's stages
as `survey run` calls them:

- **reading**: ``read_response_file`` (parse, map onto the instrument, personal data);
- **screening**: ``screen_responses`` (the rules, the findings, the valid rows);
- **statistics**: the rest of the group's analysis (reliability, satisfaction, dimensions,
  subgroups, differences, frequencies; with loading the instrument and hashing the inputs);
- **outputs**: ``write_outputs`` (results.json, set_aside.csv and every report file);
- **whole process**: everything, start-up and imports included.

A stage's cost of the rows is its time at ``--rows`` minus its time at ``--base`` rows. The
trees run alternately, ``--rounds`` times each; the best of the rounds is printed, as the
machine is shared (a slower round is another process's doing, never the code's). Below the
CPU seconds, the same stages' system seconds and minor page faults (``getrusage``) from the
round with the best CPU time: the kernel's share, mostly the zeroing of the pages of fresh
large arrays. The data is `bench_run.py`'s (the example's residents file repeated, fresh
ids).

    python benchmarks/bench_stages.py --tree /path/to/old --tree . [--rows 1000000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_run import write_inputs  # noqa: E402

STAGES = ("reading", "screening", "statistics", "outputs", "whole process")

_CHILD = r"""
import json, resource, sys
import survey.pipeline as pipeline
from survey.cli import main

spent = {}


def usage():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return [u.ru_utime + u.ru_stime, u.ru_stime, u.ru_minflt]


def timed(name, function):
    def wrapper(*args, **kwargs):
        start = usage()
        try:
            return function(*args, **kwargs)
        finally:
            total = spent.setdefault(name, [0.0, 0.0, 0])
            for i, (a, b) in enumerate(zip(start, usage())):
                total[i] += b - a
    return wrapper


for name in ("read_response_file", "screen_responses", "_analyse_group", "write_outputs"):
    setattr(pipeline, name, timed(name, getattr(pipeline, name)))
code = main(sys.argv[1:])
spent["whole"] = usage()
print(json.dumps(spent))
sys.exit(code)
"""

#: What each stage's figures are: CPU seconds, of them system seconds, minor page faults.
MEASURES = ("CPU seconds", "system seconds", "minor page faults")


def stage_times(tree: Path, spec: Path) -> dict[str, list[float]]:
    """Each stage's :data:`MEASURES` in one `survey run` of ``spec`` with ``tree``'s code."""
    with tempfile.TemporaryDirectory() as out:
        env = {**os.environ, "PYTHONPATH": str(tree)}
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, "run", str(spec), "--out", out,
             "--generated-at", "2026-12-04"],
            capture_output=True, text=True, env=env, cwd=out, check=False)
    if done.returncode != 0:
        raise SystemExit(f"survey run failed with {tree}:\n{done.stderr[-2000:]}")
    spent = json.loads(done.stdout.strip().splitlines()[-1])
    read, screen = spent["read_response_file"], spent["screen_responses"]
    return {"reading": read, "screening": screen,
            "statistics": [a - r - s for a, r, s in zip(spent["_analyse_group"], read, screen,
                                                         strict=True)],
            "outputs": spent["write_outputs"], "whole process": spent["whole"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tree", type=Path, action="append", required=True,
                        help="a checkout of the code (give two to compare)")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--base", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    specs = {n: write_inputs(n) for n in (args.base, args.rows)}
    best: dict[tuple[Path, int], dict[str, list[float]]] = {}
    for _ in range(args.rounds):
        for tree in args.tree:
            for n, spec in specs.items():
                times = stage_times(tree.resolve(), spec)
                key = (tree, n)
                # per stage, the round with the least CPU time (and its system time, faults)
                best[key] = {s: min(t, best.get(key, times)[s]) for s, t in times.items()}
    for i, measure in enumerate(MEASURES):
        print(f"{measure} the rows add ({args.rows:,} − {args.base:,} rows), "
              f"best of {args.rounds} alternating rounds" if i == 0 else
              f"\n{measure} the rows add, in the same rounds")
        print(f"{'stage':<15}" + "".join(f"{str(t):>28}" for t in args.tree))
        for stage in STAGES:
            added = [best[(t, args.rows)][stage][i] - best[(t, args.base)][stage][i]
                     for t in args.tree]
            print(f"{stage:<15}" + "".join(
                f"{a:>28.3f}" if i < 2 else f"{a:>28,.0f}" for a in added))


if __name__ == "__main__":
    main()
