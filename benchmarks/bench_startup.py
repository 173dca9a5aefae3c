"""Start-up: `survey --help` and `import survey` against `import pandas`, side by side.

Each command runs in a fresh interpreter, alternating, ``--runs`` times; the median wall time
of each is printed with its ratio to the reference (`python -c "import pandas"`). Goals:
`survey --help` under 0.25 s; `import survey` under `import pandas` + 0.2 s.

    python benchmarks/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "import pandas (reference)": [sys.executable, "-c", "import pandas"],
    "import survey": [sys.executable, "-c", "import survey"],
    "survey --help": [sys.executable, "-m", "survey", "--help"],
    "survey.cronbach_alpha (first use)": [sys.executable, "-c", "import survey; survey.cronbach_alpha"],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, command in COMMANDS.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    reference = statistics.median(times["import pandas (reference)"])
    print(f"{'command':36} {'median s':>9} {'× pandas':>9}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:36} {median:9.3f} {median / reference:9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
