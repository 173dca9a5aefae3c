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
machine is shared (a slower round is another process's doing, never the code's). The data is
`bench_run.py`'s (the example's residents file repeated, fresh ids).

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
import json, sys, time
import survey.pipeline as pipeline
from survey.cli import main

spent = {}


def timed(name, function):
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.process_time() - start
    return wrapper


for name in ("read_response_file", "screen_responses", "_analyse_group", "write_outputs"):
    setattr(pipeline, name, timed(name, getattr(pipeline, name)))
code = main(sys.argv[1:])
spent["whole"] = time.process_time()
print(json.dumps(spent))
sys.exit(code)
"""


def stage_times(tree: Path, spec: Path) -> dict[str, float]:
    """The CPU seconds of each stage of one `survey run` of ``spec`` with ``tree``'s code."""
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
            "statistics": spent["_analyse_group"] - read - screen,
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
    best: dict[tuple[Path, int], dict[str, float]] = {}
    for _ in range(args.rounds):
        for tree in args.tree:
            for n, spec in specs.items():
                times = stage_times(tree.resolve(), spec)
                key = (tree, n)
                best[key] = {s: min(t, best.get(key, times)[s]) for s, t in times.items()}
    print(f"CPU seconds the rows add ({args.rows:,} − {args.base:,} rows), "
          f"best of {args.rounds} alternating rounds")
    print(f"{'stage':<15}" + "".join(f"{str(t):>28}" for t in args.tree))
    for stage in STAGES:
        added = [best[(t, args.rows)][stage] - best[(t, args.base)][stage] for t in args.tree]
        print(f"{stage:<15}" + "".join(f"{a:>28.3f}" for a in added))


if __name__ == "__main__":
    main()
