"""Only the command's own message reaches the terminal: no library warnings around it."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

# A command whose computation warns (as numpy does on 0/0) and then fails with a user error.
_SCRIPT = """
import sys, warnings
import survey.responses
from survey.cli import main
from survey.errors import ResponseFileError

def warn_then_fail(*args, **kwargs):
    warnings.warn("invalid value encountered in divide", RuntimeWarning, stacklevel=1)
    raise ResponseFileError("not a readable table", file="x.csv")

survey.responses.inspect_file = warn_then_fail
sys.exit(main(sys.argv[1:]))
"""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8"}
    return subprocess.run([sys.executable, "-c", _SCRIPT, *args], capture_output=True,
                          text=True, env=env, check=False, timeout=120)


def test_runtime_warnings_do_not_print():
    done = _run("inspect", "x.csv")
    assert done.returncode == 2
    assert done.stderr == "survey inspect: error: x.csv: not a readable table.\n"


def test_debug_still_shows_them():
    done = _run("--debug", "inspect", "x.csv")
    assert "RuntimeWarning: invalid value encountered in divide" in done.stderr
