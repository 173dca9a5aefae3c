"""Write a whole set of outputs into a folder, all or nothing, one writer at a time.

:func:`publish` is how ``survey run`` and ``survey instrument build`` write their files:

1. **Lock.** An exclusive ``fcntl.flock`` on ``<out>/.survey.lock`` (released by the kernel
   when the process ends, even on ``kill -9``; the file is removed when the command ends). A second command writing into the same
   folder meanwhile stops at once with :class:`~survey.errors.OutputError` instead of
   interleaving its files with the first one's.
2. **Clean up.** Staging folders (``.staging-*``, and the older ``.build-*``) left by a
   process that was killed are removed: under the lock, no one else can be using them.
3. **Refuse to destroy.** An output whose target is one of the command's own inputs, or
   whose :attr:`Output.keep` check says the existing file holds data (a filled
   ``entry.xlsx``), is refused unless ``force=True`` (``--force``).
4. **Stage.** Every output is written into ``<out>/.staging-<random>/`` (same filesystem as
   its target). A failure here (no permission, a full disk) is an ``OutputError`` naming
   the file, and ``out`` is left exactly as it was.
5. **Swap.** Only when all are written, each is moved over its target with ``os.replace``
   (atomic per file, so a reader never sees half a file). Should a move fail half-way,
   the files already replaced are put back from hard links made just before.

What is *not* promised: a ``kill -9`` between the first and the last rename of step 5 (a
few microseconds for a dozen files) can leave a mix; the next run cleans the staging folder
and rewrites the set.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from survey.errors import OutputError

__all__ = ["LOCK_NAME", "Output", "output_lock", "publish", "refuse_overwrite"]

LOCK_NAME = ".survey.lock"
_STAGING_PREFIXES = (".staging-", ".build-")

#: What to write: text (UTF-8), bytes, or a function that writes the file at the path it
#: is given (openpyxl, pyreadstat).
Content = str | bytes | Callable[[Path], object]


@dataclass(frozen=True)
class Output:
    """One file of an output set.

    ``role`` names it for the caller (``"report"``, ``"entry_workbook"``); ``name`` is the
    file name inside the output folder; ``keep``, when given, looks at the file already
    there and returns why it must not be replaced (or ``None``).
    """

    role: str
    name: str
    content: Content
    keep: Callable[[Path], str | None] | None = None


def _error(message: str, path: Path, exc: OSError | None = None) -> OutputError:
    reason = exc.strerror if exc is not None and exc.strerror else (str(exc) if exc else "")
    code = "disk_full" if exc is not None and exc.errno == errno.ENOSPC else "cannot_write"
    return OutputError(f"{message}{': ' + reason if reason else ''}", code=code,
                       file=str(path))


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold the output folder's lock; a second holder gets :class:`OutputError` at once.

    The lock file is removed on release (while still held); an acquirer that locked a file
    already removed from the folder tries again, so two holders never coexist."""
    lock_path = out / LOCK_NAME
    while True:
        try:
            handle: IO[bytes] = open(lock_path, "a+b")  # noqa: SIM115 - held for the block
        except OSError as exc:
            raise _error("cannot create the lock file of the output folder", lock_path,
                         exc) from exc
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            handle.close()
            raise OutputError(
                "another survey command is writing into this folder", code="output_locked",
                file=str(out), hint="Wait for it to finish, or choose another --out.") from exc
        try:
            current = os.stat(lock_path)
        except FileNotFoundError:
            current = None
        if current is not None and current.st_ino == os.fstat(handle.fileno()).st_ino:
            break
        handle.close()  # the previous holder removed this file: lock the new one
    try:
        yield
    finally:
        lock_path.unlink(missing_ok=True)
        handle.close()


def _clean_stale(out: Path) -> None:
    for entry in out.iterdir():
        if entry.is_dir() and not entry.is_symlink() and entry.name.startswith(_STAGING_PREFIXES):
            shutil.rmtree(entry, ignore_errors=True)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def refuse_overwrite(target: Path, inputs: Iterable[str | Path], *, force: bool,
                     what: str = "output") -> None:
    """Raise :class:`OutputError` when ``target`` is one of ``inputs`` and not ``force``."""
    if force:
        return
    for source in inputs:
        if _same_file(Path(source), target):
            raise OutputError(
                f"the {what} would overwrite an input of this command", code="overwrites_input",
                file=str(target), hint="Choose another path, or add --force to replace it.")


def _write(output: Output, path: Path) -> None:
    content = output.content
    if isinstance(content, str):
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        content(path)


def publish(outputs: Sequence[Output], out: str | Path, *, inputs: Iterable[str | Path] = (),
            force: bool = False) -> dict[str, Path]:
    """Write ``outputs`` into ``out`` all or nothing (see the module docstring); return
    role → final path."""
    out = Path(out)
    names = [o.name for o in outputs]
    if len(set(names)) != len(names):
        raise ValueError(f"two outputs share a file name: {names}")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _error("cannot create the output folder", out, exc) from exc
    inputs = list(inputs)
    with output_lock(out):
        _clean_stale(out)
        for output in outputs:
            target = out / output.name
            if target.is_dir():
                raise OutputError("a folder is in the way of an output file",
                                  code="not_a_file", file=str(target),
                                  expected="a file or nothing at this path")
            refuse_overwrite(target, inputs, force=force)
            if not force and output.keep is not None and target.exists():
                why = output.keep(target)
                if why:
                    raise OutputError(why, code="holds_data", file=str(target),
                                      hint="Move it away first, or add --force to replace it.")
        try:
            staging = Path(tempfile.mkdtemp(dir=out, prefix=_STAGING_PREFIXES[0]))
        except OSError as exc:
            raise _error("cannot write into the output folder", out, exc) from exc
        try:
            for output in outputs:
                try:
                    _write(output, staging / output.name)
                except OSError as exc:
                    raise _error("cannot write", out / output.name, exc) from exc
            umask = os.umask(0)
            os.umask(umask)
            for name in names:
                os.chmod(staging / name, 0o666 & ~umask)
            _swap(staging, out, names)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return {o.role: out / o.name for o in outputs}


def _swap(staging: Path, out: Path, names: list[str]) -> None:
    """Move every staged file over its target; on a failure put the old ones back."""
    backup = staging / ".previous"
    backup.mkdir()
    done: list[str] = []
    try:
        for name in names:
            target = out / name
            if target.exists():
                try:
                    os.link(target, backup / name)
                except OSError:
                    shutil.copy2(target, backup / name)
            os.replace(staging / name, target)
            done.append(name)
    except OSError as exc:
        for name in reversed(done):
            if (backup / name).exists():
                os.replace(backup / name, out / name)
            else:
                (out / name).unlink(missing_ok=True)
        raise _error("cannot replace", out / (names[len(done)]), exc) from exc
