"""Audit a long report: seconds for reading, extracting and checking, and how it scales.

    python benchmarks/bench_audit.py [--copies 1 10 40] [--repeat 3]

The report is tests/audit/data/consistent_report.md (about 190 lines, 107 claims) repeated
``copies`` times (section headings renamed so the populations stay distinct per copy is not
needed: the copies agree). Each size is audited ``repeat`` times in this process after one
warm-up run (imports, locale files and the compiled patterns are loaded once); the best
time is printed with the lines, claims and findings.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from survey.audit import audit_text

HERE = Path(__file__).resolve().parent
REPORT = HERE.parent / "tests" / "audit" / "data" / "consistent_report.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10, 40])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    text = REPORT.read_text(encoding="utf-8")
    audit_text(text, kind="md")  # warm-up
    print(f"{'copies':>6} {'lines':>7} {'claims':>7} {'findings':>8} {'best s':>8} {'lines/s':>8}")
    for copies in args.copies:
        big = "\n\n".join([text] * copies)
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            audit = audit_text(big, kind="md")
            best = min(best, time.perf_counter() - start)
        lines = big.count("\n") + 1
        print(f"{copies:>6} {lines:>7} {len(audit.claims):>7} {len(audit.findings):>8} "
              f"{best:>8.2f} {lines / best:>8.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
