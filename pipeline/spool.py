"""Rows streamed to the staged CSVs in input order, whatever order documents finish in.

A document that finishes in its turn has its entity and outcome rows written straight to the staged
``entities.csv`` and ``outcomes.csv``; one that finishes early waits in a per-document spool file
(``.spool/<index>.<name>``) until the documents before it are written, and is then copied in. Memory
holds no document's text or entity rows after it is written, so it does not grow with the batch's
entities; the bytes are those one writer would produce for all rows in input order.
"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Iterable, Sequence

from .io import neutral_cell
from .schema import as_row


def _writer(fh, columns: Sequence[str]):
    return csv.DictWriter(fh, fieldnames=list(columns), extrasaction="raise", lineterminator="\n")


def write_rows(fh, columns: Sequence[str], records: Iterable) -> None:
    """Records as CSV rows (no header), cells neutralized as :func:`pipeline.io.csv_text` does."""
    w = _writer(fh, columns)
    for r in records:
        w.writerow({k: neutral_cell(v) for k, v in as_row(r).items()})


class OrderedSink:
    """The staged CSVs ``tables`` (name -> columns), fed one document at a time by input index."""

    def __init__(self, stage: Path, tables: dict[str, Sequence[str]]):
        self.stage, self.tables = stage, tables
        self.spool = stage / ".spool"
        self.files = {}
        for name, columns in tables.items():
            self.files[name] = open(stage / name, "w", encoding="utf-8", newline="")
            _writer(self.files[name], columns).writeheader()
        self.next, self.waiting = 0, set()

    def add(self, index: int, rows: dict[str, list]) -> None:
        """Document ``index``'s records per table; every index from 0 up must come exactly once."""
        if index != self.next:
            self.spool.mkdir(exist_ok=True)
            for name, columns in self.tables.items():
                with open(self.spool / f"{index}.{name}", "w", encoding="utf-8", newline="") as fh:
                    write_rows(fh, columns, rows.get(name, ()))
            self.waiting.add(index)
            return
        for name, columns in self.tables.items():
            write_rows(self.files[name], columns, rows.get(name, ()))
        self.next += 1
        while self.next in self.waiting:
            self._copy_in(self.next)
            self.waiting.discard(self.next)
            self.next += 1

    def _copy_in(self, index: int) -> None:
        for name in self.tables:
            part = self.spool / f"{index}.{name}"
            with open(part, encoding="utf-8", newline="") as fh:
                shutil.copyfileobj(fh, self.files[name])
            part.unlink()

    def close(self) -> None:
        """Close the CSVs; an index that never came is a bug in the caller, not a silent gap."""
        for fh in self.files.values():
            fh.close()
        shutil.rmtree(self.spool, ignore_errors=True)
        if self.waiting:
            raise RuntimeError(f"documents {sorted(self.waiting)[:5]} finished but document {self.next} never did")
