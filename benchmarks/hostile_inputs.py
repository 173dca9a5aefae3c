"""Hostile and careless inputs: each must finish or refuse within 2 s and 500 MB.

Every reproducer of the robustness run is built in a temporary folder (by
``tests/hostile/inputs.py``) and given to the command line in a fresh interpreter. For each
the table shows the exit code, the wall and CPU time, the child's peak resident memory, and
the CPU time of the same command given a missing file instead (its start-up: imports alone
take 1–3 s of CPU for ``survey run``). ``ok`` means at most 2 s of CPU beyond that start-up
and at most 500 MB. Wall time includes, on a shared machine, waiting for a core. The last
column is the first line of what the command printed.

    python benchmarks/hostile_inputs.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile import inputs  # noqa: E402 - after the path of the checkout

LIMIT_SECONDS = 2.0
LIMIT_MB = 500

Case = tuple[str, Callable[[Path], list[str]]]


def _csv(name: str, data: bytes) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        path = folder / name
        path.write_bytes(data)
        return ["inspect", str(path)]
    return build


def _fifo(folder: Path) -> list[str]:
    path = folder / "pipe.csv"
    os.mkfifo(path)
    return ["inspect", str(path)]


def _bootstrap(folder: Path) -> list[str]:
    path = folder / "items.csv"
    path.write_text("a,b,c\n1,2,1\n2,2,3\n3,4,3\n4,4,5\n", encoding="utf-8")
    return ["reliability", str(path), "--bootstrap", "100000000"]


CASES: list[Case] = [
    ("YAML alias bomb, 10 levels × 9 (493 B)",
     lambda f: ["instrument", "check", str(inputs.alias_bomb(f))]),
    ("YAML alias bomb as analysis spec", lambda f: ["run", str(inputs.alias_bomb(f)),
                                                    "--out", str(f / "out")]),
    ("YAML nested 1000 deep", lambda f: ["instrument", "check", str(inputs.deep_yaml(f))]),
    ("ESC in a label", lambda f: ["instrument", "check", str(inputs.control_label(f))]),
    ("16 MB instrument", lambda f: ["instrument", "check", str(inputs.large_instrument(f))]),
    ("rating max: 300000000",
     lambda f: ["instrument", "check", str(inputs.huge_rating(f))]),
    ("rating max: 1000000000",
     lambda f: ["instrument", "check", str(inputs.huge_rating(f, 10**9))]),
    ("ranking ranks: 1000000000",
     lambda f: ["instrument", "check", str(inputs.huge_rating(f, 10**9, "ranks"))]),
    ("show_if with 3000 brackets",
     lambda f: ["instrument", "check", str(inputs.deep_condition(f))]),
    ("XLSForm, 3000 nested groups",
     lambda f: ["instrument", "import", str(inputs.nested_groups(f)), "--out", str(f / "o.yaml")]),
    ("XLSForm, relevant with 3000 brackets",
     lambda f: ["instrument", "import", str(inputs.deep_relevant(f)), "--out", str(f / "o.yaml")]),
    (".xlsx zip bomb, 1.1 GB unpacked",
     lambda f: ["inspect", str(inputs.xlsx_bomb(f, 1100 << 20))]),
    (".xlsx zip bomb, 64 MB at ratio > 100",
     lambda f: ["inspect", str(inputs.xlsx_bomb(f))]),
    ("XLSForm zip bomb", lambda f: ["instrument", "import", str(inputs.xlsform_bomb(f)),
                                    "--out", str(f / "o.yaml")]),
    (".docx zip bomb (audit)", lambda f: ["audit", str(inputs.docx_bomb(f))]),
    (".xlsx formula without its value",
     lambda f: ["inspect", str(inputs.uncalculated_formula(f))]),
    ("CSV with CR-only line endings", _csv("mac.csv", b"id,q1,q2\r1,2,3\r2,3,4\r")),
    ("CSV, trailing comma on every row", _csv("trail.csv", b"id,q1,q2\n1,2,3,\n2,3,4,\n")),
    ("CSV, a row with a field too many", _csv("extra.csv", b"id,q1\n1,2\n2,3,4\n")),
    ("FIFO as response file", _fifo),
    ("/dev/zero as response file", lambda f: ["inspect", "/dev/zero"]),
    ("reliability --bootstrap 100000000", _bootstrap),
]


def _measure(args: list[str]) -> tuple[int, float, float, float, str]:
    """Exit code, wall s, CPU s, peak MB and first output line of ``survey ARGS``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8"}
    env.pop("SURVEY_LANG", None)
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "survey", *args], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, env=env)
    assert child.stdout is not None
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    first = out.decode("utf-8", "replace").strip().splitlines()
    return (code, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
            first[0] if first else "")


def _absent(args: list[str], folder: str) -> list[str]:
    """``args`` with each input file replaced by a missing one of the same suffix."""
    out = []
    for arg in args:
        path = Path(arg)
        is_input = (arg.startswith(folder) and path.exists()) or arg == "/dev/zero"
        out.append(str(Path(folder) / f"absent{path.suffix}") if is_input else arg)
    return out


def main() -> int:
    print(f"{'case':38} {'exit':>4} {'wall s':>6} {'CPU s':>6} {'start-up':>8} {'peak MB':>7}"
          "  ok   message")
    failures = 0
    for name, build in CASES:
        with tempfile.TemporaryDirectory() as folder:
            args = build(Path(folder))
            code, wall, cpu, peak, message = _measure(args)
            start_up = _measure(_absent(args, folder))[2]
        ok = cpu - start_up <= LIMIT_SECONDS and peak <= LIMIT_MB and code in (0, 1, 2)
        failures += not ok
        shown = message.split(": error: ", 1)[-1].replace(folder, "…")
        print(f"{name:38} {code:>4} {wall:6.2f} {cpu:6.2f} {start_up:8.2f} {peak:7.0f}  "
              f"{'yes' if ok else 'NO ':3}  {shown[:100]}")
    print(f"\n{len(CASES) - failures} of {len(CASES)} within {LIMIT_SECONDS:g} s CPU beyond "
          f"start-up and {LIMIT_MB} MB")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
