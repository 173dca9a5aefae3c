"""Run the command line in a child process under a memory limit, as a user's shell would."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass

from tests.conftest import ROOT

#: Address-space limit of the child: what "refuse within 500 MB" means, with room for
#: the interpreter, numpy and pandas themselves.
MEMORY_LIMIT = 600 * 1024 * 1024


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def survey(*args: str, timeout: float = 120) -> Outcome:
    """``survey ARGS`` in a child limited to :data:`MEMORY_LIMIT` of address space.

    The timeout only stops a hang from stalling the suite; the time bound itself is
    measured by ``benchmarks/hostile_inputs.py``.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8", "PYTHONWARNINGS": ""}
    env.pop("SURVEY_LANG", None)
    env.pop("LC_ALL", None)
    done = subprocess.run([sys.executable, "-m", "survey", *args], capture_output=True,
                          text=True, timeout=timeout, preexec_fn=_limit, env=env, check=False)
    return Outcome(done.returncode, done.stdout, done.stderr)


def refused(outcome: Outcome, *words: str) -> str:
    """Assert a located refusal (exit 2, no traceback) whose text, on stderr or (for a
    problem list) stdout, holds ``words``; return that text."""
    text = outcome.err + outcome.out
    assert outcome.code == 2, (outcome.code, text[-2000:])
    assert "Traceback" not in text
    for word in words:
        assert word in text, (word, text)
    return text
