"""Redaction of personal data in open answers: time against the length of one answer.

    python benchmarks/bench_redaction.py [--chars 1000000]

Each text is one free-text answer of ``--chars`` characters of a kind that made the old
search quadratic (a run of letters and digits with no ``@``) or that the search must look at
everywhere (``a@`` repeated, digits, colons and dots, Chinese text with phone numbers). The
time per text should grow in proportion to its length: the 1/10 column is printed beside it.
"""

from __future__ import annotations

import argparse
import time

from survey.responses.personal import redact_one


def texts(n: int) -> dict[str, str]:
    """The hostile and ordinary texts, each ``n`` characters long."""
    return {
        "letters and digits": ("abc123" * n)[:n],
        "a@ repeated": ("a@" * n)[:n],
        "digits": "7" * n,
        "1:1:1: (IPv6-like)": ("1:" * n)[:n],
        "1.1.1. (IPv4-like)": ("1." * n)[:n],
        "Chinese with phones": ("很满意，电话 13812345678。" * n)[:n],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=1_000_000)
    n = parser.parse_args().chars
    short = texts(n // 10)
    print(f"{'text':<22} {n // 10:>10,} chars {n:>10,} chars")
    for name, text in texts(n).items():
        t0 = time.perf_counter()
        redact_one(short[name])
        t1 = time.perf_counter()
        redact_one(text)
        t2 = time.perf_counter()
        print(f"{name:<22} {t1 - t0:>14.2f} s {t2 - t1:>14.2f} s")


if __name__ == "__main__":
    main()
