"""Atomic output: every file is written to a temporary file beside it and renamed into place, so a
crash or Ctrl-C never leaves a half-written CSV."""
from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from pathlib import Path
from typing import Iterable, Sequence

from .schema import as_row


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600: the file's mode follows the umask
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# a text cell a spreadsheet would run as a formula (OWASP "CSV injection"); CONTRACT.md "CSV cells"
_FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def neutral_cell(value):
    """``value`` as a CSV cell: a text that begins like a formula gets a leading ``'``; numbers (and
    numeric text such as ``-0.5``) are left as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_LEAD) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_text(columns: Sequence[str], rows: Iterable[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), extrasaction="raise", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: neutral_cell(v) for k, v in row.items()})
    return buf.getvalue()


def write_records(path: Path, columns: Sequence[str], records: Iterable) -> None:
    """Frozen dataclass records as a CSV with the contract's column order."""
    write_atomic(path, csv_text(columns, (as_row(r) for r in records)))


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))
