"""Run every ``benchmarks/bench_*.py`` script in turn (``make bench``).

Each script measures one thing and prints its figures; benchmarks/README.md records them.
Speed is measured here, never by timed tests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    """Run the benchmark scripts; return the first non-zero exit code, if any."""
    status = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        code = subprocess.call([sys.executable, str(script)])
        status = status or code
    return status


if __name__ == "__main__":
    sys.exit(main())
