"""Batch extraction: documents in, the contract's CSVs out.

One bad document never stops the batch: it gets one row in ``errors.csv`` and the others are written
as usual. Documents are processed by an engine (:mod:`pipeline.engines`: local processes or Dask); each
finished document's text goes to the staged ``texts/`` and its rows to the staged CSVs in input order
(:mod:`pipeline.spool`), so memory does not grow with the batch's texts and entities. The whole set is
swapped in as one unit when the batch is done (:mod:`pipeline.outputs`).
"""
from __future__ import annotations

import itertools
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from .engines import EngineSettings, results as engine_results
from .evidence import evidence_tables
from .ingest import assign_doc_ids, scan_inputs
from .io import csv_text
from .outputs import check_out_dir, output_set, write_text
from .process import Processed, failed, one_line, process_document, process_path  # noqa: F401  (process_document: the API)
from .reuse import Cache, document_key
from .schema import (CONFLICT_COLUMNS, DOCUMENT_COLUMNS, ENTITY_COLUMNS, ERROR_COLUMNS, EVIDENCE_COLUMNS, OUTCOME_COLUMNS,
                     DocumentRecord, Entity, ErrorRecord, Outcome, as_row)


class NoInputError(ValueError):
    """No document found under the given paths (a usage error, exit status 2)."""


@dataclass
class BatchResult:
    """What a batch wrote. ``entities`` holds the rows only when asked for (``keep_entities``): a batch
    streams them to entities.csv and counts them (``n_entities``)."""

    documents: list[DocumentRecord]
    entities: list[Entity]
    outcomes: list[Outcome]
    errors: list[ErrorRecord]
    seconds: float
    reused: int = 0  # documents whose rows came from the cache of an earlier run (pipeline.reuse)
    n_entities: int = 0

    @property
    def exit_status(self) -> int:
        return 1 if self.errors else 0

    def summary(self) -> str:
        reused = f", {self.reused} reused unchanged" if self.reused else ""
        return (f"{len(self.documents)} documents, {self.n_entities} entities, {len(self.outcomes)} outcomes, "
                f"{len(self.errors)} errors{reused}, {self.seconds:.1f} s")


@dataclass
class _Run:
    """One batch's inputs: the files to read (index, path, doc_id) and those that cannot be read at all."""

    tasks: list[tuple[int, Path, str]]
    unreadable: list[Processed]
    keys: list[str | None] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.tasks) + len(self.unreadable)


def _plan(paths: list[Path]) -> _Run:
    inputs, problems = scan_inputs(paths)
    if not inputs and not problems:
        raise NoInputError("no .txt, .md or .pdf documents found in: " + ", ".join(str(p) for p in paths))
    ids = assign_doc_ids(inputs + [(p, rel) for p, rel, _ in problems])
    tasks = [(i, p, d) for i, ((p, _), d) in enumerate(zip(inputs, ids))]
    # an input that cannot be read at all (a FIFO, a dangling link, a loop) is one errors.csv row
    unreadable = [failed(doc_id, p, p.suffix.lower().lstrip("."), "read", why)
                  for (p, _, why), doc_id in zip(problems, ids[len(inputs):])]
    return _Run(tasks, unreadable)


def model_name(nlp) -> str:
    """What identifies the pipeline in cache keys."""
    return f"{nlp.lang}:{nlp.meta.get('name', '')}:{nlp.meta.get('version', '')}:{','.join(nlp.pipe_names)}"


def extract(paths: list[Path], out_dir: Path, nlp=None, progress: Callable[[str], None] | None = None,
            max_bytes: int | None = None, max_pages: int | None = None, jobs: int = 1, force: bool = False,
            engine: str = "local", scheduler: str | None = None, keep_entities: bool = False) -> BatchResult:
    """Extract every document under ``paths`` into ``out_dir`` (see CONTRACT.md).

    ``engine`` ``local``: ``jobs`` > 1 processes documents in that many worker processes; ``dask``: on a
    local Dask cluster of ``jobs`` workers, or on the cluster at ``scheduler``. Output order and bytes are
    the same with every engine. The output set is staged and swapped in as one unit: an interrupted or
    failed run leaves the previous set as it was. Unchanged documents of an earlier run into ``out_dir``
    are reused (:mod:`pipeline.reuse`) unless ``force``.
    """
    t0 = time.perf_counter()
    run = _plan(paths)
    check_out_dir(out_dir)
    if nlp is None:
        from .nlp import build_nlp

        nlp = build_nlp()
    options = {k: v for k, v in (("max_bytes", max_bytes), ("max_pages", max_pages)) if v is not None}
    settings = EngineSettings(engine=engine, jobs=jobs, scheduler=scheduler)
    with output_set(out_dir) as stage:
        cache = Cache(out_dir)
        run.keys = [document_key(p, model_name(nlp), options) for _, p, _ in run.tasks]
        # --force reads everything again, and keeps what it read for the next run
        hits = [] if force else [t for t, k in zip(run.tasks, run.keys) if cache.has(k)]
        done = set(i for i, _, _ in hits)
        fresh = [t for t in run.tasks if t[0] not in done]
        merged = itertools.chain(
            _reused(nlp, cache, run, hits, options),
            ((i, _kept(cache, run.keys[i], r)) for i, r in engine_results(nlp, fresh, options, settings, nlp.meta.get("litx_model"))),
            ((len(run.tasks) + j, r) for j, r in enumerate(run.unreadable)))
        result = _collect(merged, run.total, stage, progress, keep_entities)
    cache.prune()
    result.seconds = time.perf_counter() - t0
    return result


def _reused(nlp, cache: Cache, run: _Run, hits, options: dict) -> Iterator[tuple[int, Processed]]:
    """Cached documents, one at a time; an entry that turns out unreadable is read afresh here."""
    for i, path, doc_id in hits:
        c = cache.get(run.keys[i], doc_id, path)
        yield i, (Processed(*c, None, "cache") if c is not None else _kept(cache, run.keys[i], process_path(nlp, path, doc_id, options)))


def _kept(cache: Cache, key: str | None, res: Processed) -> Processed:
    """A freshly read document, kept in the cache when it was read without error."""
    if res.error is None:
        cache.put(key, res.record, res.entities, res.outcomes, res.text or "")
    return res


def _collect(results, total: int, stage: Path, progress, keep_entities: bool) -> BatchResult:
    """Each document's text into the staged ``texts/`` and its rows into the staged CSVs (in input order),
    a progress line as it finishes; documents.csv, errors.csv and the evidence files at the end."""
    from .spool import OrderedSink

    records: dict[int, DocumentRecord] = {}
    errors: dict[int, ErrorRecord] = {}
    outcomes: dict[int, list[Outcome]] = {}
    entities: dict[int, list[Entity]] = {}
    out = BatchResult([], [], [], [], 0.0)
    sink = OrderedSink(stage, {"entities.csv": ENTITY_COLUMNS, "outcomes.csv": OUTCOME_COLUMNS})
    t0 = time.perf_counter()
    try:
        for n, (i, res) in enumerate(results, 1):
            res = _write_text(stage, res)
            records[i] = res.record
            if res.error is None:
                sink.add(i, {"entities.csv": res.entities, "outcomes.csv": res.outcomes})
                outcomes[i] = res.outcomes
                out.n_entities += len(res.entities)
                out.reused += res.stage == "cache"
                if keep_entities:
                    entities[i] = res.entities
                note = f"{len(res.entities)} entities, {len(res.outcomes)} outcomes"
            else:
                sink.add(i, {})
                errors[i] = res.error
                note = f"ERROR ({res.error.stage}): {res.error.error}"
            if progress:
                progress(f"[{n}/{total}] {res.record.doc_id}: {note}{_rate(n, total, time.perf_counter() - t0)}")
    finally:
        sink.close()
    out.documents = [records[i] for i in sorted(records)]
    out.errors = [errors[i] for i in sorted(errors)]
    out.outcomes = [o for i in sorted(outcomes) for o in outcomes[i]]
    out.entities = [e for i in sorted(entities) for e in entities[i]]
    _write_set(stage, out)
    return out


def _write_text(stage: Path, res: Processed) -> Processed:
    if res.error is not None:
        return res
    try:
        write_text(stage / "texts" / f"{res.record.doc_id}.txt", res.text or "")
    except OSError as exc:
        return failed(res.record.doc_id, Path(res.record.path), res.record.format, "write", one_line(exc))
    return res


def _rate(done: int, total: int, seconds: float) -> str:
    """" (27.1 documents/s, 0:11 left)" once a few documents are done."""
    if done < 3 or seconds <= 0 or done >= total:
        return ""
    rate = done / seconds
    left = int((total - done) / rate)
    return f" ({rate:.1f} documents/s, {left // 60}:{left % 60:02d} left)"


def _write_set(stage: Path, result: BatchResult) -> None:
    """The small tables, written whole: documents.csv, errors.csv, evidence.csv and conflicts.csv."""
    for name, columns, records in (("documents.csv", DOCUMENT_COLUMNS, result.documents),
                                   ("errors.csv", ERROR_COLUMNS, result.errors)):
        write_text(stage / name, csv_text(columns, (as_row(r) for r in records)))
    facts, conflicts = evidence_tables(result.outcomes)
    write_text(stage / "evidence.csv", csv_text(EVIDENCE_COLUMNS, (as_row(r) for r in facts)))
    write_text(stage / "conflicts.csv", csv_text(CONFLICT_COLUMNS, (as_row(r) for r in conflicts)))


def stderr_progress() -> Callable[[str], None]:
    """A progress line per document on stderr; overwritten in place when stderr is a terminal."""
    tty = sys.stderr.isatty()

    def report(line: str) -> None:
        if tty:
            sys.stderr.write("\r\x1b[K" + line[:150])
            sys.stderr.flush()
        else:
            print(line, file=sys.stderr, flush=True)

    report.tty = tty  # type: ignore[attr-defined]
    return report
