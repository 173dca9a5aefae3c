"""Word and Excel output of the bundled example: size of report.docx and render times.

Runs the example once, builds its report structure, then renders ``report.docx``, every
section's ``.docx`` and ``tables.xlsx`` ``--runs`` times and prints the median wall time of
each and the size of each file. Goals: the example's report.docx under 1 MB, rendered in
under 3 s.

    python benchmarks/bench_word.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from survey.pipeline import run_analysis  # noqa: E402
from survey.report import build_report  # noqa: E402
from survey.report.word import render_docx, render_section_docx  # noqa: E402
from survey.report.xlsx import render_xlsx  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    results = run_analysis(ROOT / "analyses" / "example.yaml", generated_at="2026-11-21")
    report = build_report(results)
    jobs = {
        "report.docx": lambda: render_docx(report),
        "sections (.docx each)": lambda: b"".join(render_section_docx(report, s)
                                                  for s in report.sections),
        "tables.xlsx": lambda: render_xlsx(report),
    }
    print(f"{'output':24} {'median s':>9} {'bytes':>9}")
    failed = False
    for name, job in jobs.items():
        times, size = [], 0
        for _ in range(runs):
            start = time.perf_counter()
            size = len(job())
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        print(f"{name:24} {median:9.3f} {size:9d}")
        if name == "report.docx" and (median >= 3.0 or size >= 1_000_000):
            failed = True
    if failed:
        print("report.docx misses its goal (under 1 MB, under 3 s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
