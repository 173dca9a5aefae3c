"""Headless Chromium for the report tests (Debian's chromium, driven by playwright).

``make test`` installs Debian's chromium when it is missing (``make browser``); the tests
that need it are marked ``browser`` and fail, never skip, without it.

Also a command: ``python -m tests.report.browser REPORT.html OUT.png`` saves a screenshot
of the report's first screen (the one in the README).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@dataclass
class Visit:
    """What happened while a page loaded: console errors, page errors, requests, dialogs."""

    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser (fails with a hint when Debian's chromium is missing)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(f"{CHROMIUM} not found: run `make browser` "
                                "(apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def visit(browser: Any, path: Path, *, width: int = 1100, height: int = 1400) -> Visit:
    """Open ``path`` (a local file), record what happens, wait until it has loaded."""
    page = browser.new_page(viewport={"width": width, "height": height})
    seen = Visit(page)
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("requestfailed", lambda r: seen.errors.append(f"request failed: {r.url}"))
    page.on("request", lambda r: seen.requests.append(r.url))
    page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
    page.goto(path.resolve().as_uri(), wait_until="load")
    return seen


def screenshot(report: Path, out: Path) -> None:
    """Save the first screen of ``report`` as a PNG."""
    with chromium() as browser:
        seen = visit(browser, report, width=1100, height=1000)
        seen.page.screenshot(path=str(out))


if __name__ == "__main__":
    screenshot(Path(sys.argv[1]), Path(sys.argv[2]))
