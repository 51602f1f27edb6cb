"""The output folder of ``litx extract`` as one unit.

A run writes its whole output set (every CSV and ``texts/``) into a private staging folder inside
``--out`` and, only when everything is written, swaps it in: each CSV by one rename, ``texts/`` by two
(the old folder aside, the new one in), then the old one removed. A run that fails, is killed or is
interrupted before the swap leaves the previous set untouched (its staging folder is removed by the
next run); a smaller rerun leaves none of the old run's texts. A lock file makes a second run into the
same folder stop at once with a clear message instead of interleaving with the first.
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

LOCK = ".litx.lock"
STAGING_PREFIX = ".litx-staging-"
OLD_TEXTS_PREFIX = ".litx-old-texts-"


class OutputError(Exception):
    """The output folder cannot be used (a usage error, exit status 2); the message says why."""


def check_out_dir(out_dir: Path) -> None:
    """Fail before any work when ``out_dir`` cannot take the outputs: a file, or not writable."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"--out {out_dir} is a file, not a folder")
    existing = out_dir
    while not existing.exists():
        existing = existing.parent
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write to {existing}: permission denied")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _take_lock(out_dir: Path) -> Path:
    lock = out_dir / LOCK
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            try:
                pid = int(lock.read_text().strip() or "0")
            except (OSError, ValueError):
                pid = 0
            if pid and _alive(pid):
                raise OutputError(f"another litx run (pid {pid}) is writing to {out_dir}; wait for it or use another --out") from None
            lock.unlink(missing_ok=True)  # a stale lock of a run that died
            continue
        with os.fdopen(fd, "w") as fh:
            fh.write(str(os.getpid()))
        return lock
    raise OutputError(f"cannot lock {out_dir}")


def _clean_stale(out_dir: Path) -> None:
    """Staging and set-aside folders of runs that are no longer alive."""
    for p in out_dir.iterdir():
        for prefix in (STAGING_PREFIX, OLD_TEXTS_PREFIX):
            if p.name.startswith(prefix) and p.is_dir():
                pid = p.name[len(prefix):]
                if not (pid.isdigit() and _alive(int(pid)) and int(pid) != os.getpid()):
                    shutil.rmtree(p, ignore_errors=True)


def swap_in(stage: Path, out_dir: Path) -> None:
    """Move the staged set into ``out_dir``: the CSVs, then ``texts/`` as a whole."""
    for f in sorted(stage.iterdir()):
        if f.is_file():
            os.replace(f, out_dir / f.name)
    new_texts, texts = stage / "texts", out_dir / "texts"
    old = out_dir / f"{OLD_TEXTS_PREFIX}{os.getpid()}"
    if texts.exists():
        os.rename(texts, old)
    if new_texts.exists():
        os.rename(new_texts, texts)
    shutil.rmtree(old, ignore_errors=True)


@contextmanager
def output_set(out_dir: Path):
    """A staging folder for one run's outputs, swapped into ``out_dir`` when the block ends without an
    error; the lock is held throughout."""
    check_out_dir(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    lock = _take_lock(out_dir)
    stage = out_dir / f"{STAGING_PREFIX}{os.getpid()}"
    try:
        _clean_stale(out_dir)
        shutil.rmtree(stage, ignore_errors=True)
        (stage / "texts").mkdir(parents=True)
        yield stage
        swap_in(stage, out_dir)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        lock.unlink(missing_ok=True)


def write_text(path: Path, data: str) -> None:
    """A file of the staged set (the set is swapped in as a whole, so no per-file rename is needed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(data)
