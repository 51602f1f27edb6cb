"""Batch extraction: documents in, the contract's CSVs out.

One bad document never stops the batch: it gets one row in ``errors.csv`` and the others are written
as usual. All CSVs are written atomically once the batch is done; ``texts/<doc_id>.txt`` as each
document finishes.
"""
from __future__ import annotations

import itertools
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ._extensions import remember_text
from .ingest import IngestError, LoadedDocument, assign_doc_ids, load, scan_inputs
from .io import csv_text
from .outputs import check_out_dir, output_set, write_text
from .reuse import Cache, document_key
from .normalize import page_of
from .evidence import evidence_tables
from .schema import (CONFLICT_COLUMNS, as_row, DOCUMENT_COLUMNS, ENTITY_COLUMNS, ERROR_COLUMNS, EVIDENCE_COLUMNS, OUTCOME_COLUMNS, DocumentRecord, Entity,
                     ErrorRecord, Outcome)


class NoInputError(ValueError):
    """No document found under the given paths (a usage error, exit status 2)."""


@dataclass
class BatchResult:
    documents: list[DocumentRecord]
    entities: list[Entity]
    outcomes: list[Outcome]
    errors: list[ErrorRecord]
    seconds: float
    reused: int = 0  # documents whose rows came from the cache of an earlier run (pipeline.reuse)

    @property
    def exit_status(self) -> int:
        return 1 if self.errors else 0

    def summary(self) -> str:
        reused = f", {self.reused} reused unchanged" if self.reused else ""
        return (f"{len(self.documents)} documents, {len(self.entities)} entities, {len(self.outcomes)} outcomes, "
                f"{len(self.errors)} errors{reused}, {self.seconds:.1f} s")


def _one_line(exc: BaseException) -> str:
    msg = " ".join(str(exc).split()) or exc.__class__.__name__
    return msg if isinstance(exc, IngestError) else f"{exc.__class__.__name__}: {msg}"


def process_document(nlp, doc: LoadedDocument) -> tuple[list[Entity], list[Outcome]]:
    """Run the pipeline over one loaded document."""
    if len(doc.text) > nlp.max_length:
        raise IngestError(f"document has {len(doc.text):,} characters, over the {nlp.max_length:,} litx reads in one "
                          f"piece; split it into smaller files")
    sdoc = remember_text(nlp.make_doc(doc.text), doc.text)
    sdoc._.doc_id = doc.doc_id
    sdoc._.source = doc.format
    sdoc._.page_starts = list(doc.page_starts)
    for _, proc in nlp.pipeline:
        sdoc = proc(sdoc)
    starts = list(doc.page_starts)
    source = "pdf" if doc.format == "pdf" else "text"
    entities = [
        Entity(doc.doc_id, m.label, m.text, m.canonical, m.id, m.start, m.end, page_of(m.start, starts), source, m.method)
        for m in (sdoc._.entity_mentions or [])
    ]
    return entities, list(sdoc._.outcomes or [])


@dataclass
class _Processed:
    """What one document gave: its documents.csv row, and either its rows and text or its error."""

    record: DocumentRecord
    entities: list[Entity]
    outcomes: list[Outcome]
    text: str | None
    error: ErrorRecord | None
    stage: str


def _process_path(nlp, path: Path, doc_id: str, kwargs: dict) -> _Processed:
    t = time.perf_counter()
    stage, fmt = "read", path.suffix.lower().lstrip(".")
    try:
        loaded = load(path, doc_id=doc_id, **kwargs)
        stage = "extract"
        ents, outs = process_document(nlp, loaded)
        record = DocumentRecord(doc_id, str(path), loaded.format, loaded.sha256, loaded.pages, len(loaded.text), "ok", loaded.note,
                                round(time.perf_counter() - t, 3))
        return _Processed(record, ents, outs, loaded.text, None, stage)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # one bad document never stops the batch
        return _failed(doc_id, path, fmt, stage, _one_line(exc), time.perf_counter() - t)


def _failed(doc_id: str, path: Path, fmt: str, stage: str, msg: str, secs: float = 0.0) -> _Processed:
    return _Processed(DocumentRecord(doc_id, str(path), fmt, "", None, 0, "error", msg, round(secs, 3)), [], [], None,
                      ErrorRecord(doc_id, str(path), stage, msg), stage)


_WORKER_NLP = None


def _worker_process(args) -> _Processed:
    path, doc_id, kwargs = args
    return _process_path(_WORKER_NLP, path, doc_id, kwargs)


def _results(nlp, files: list[tuple[Path, str]], kwargs: dict, jobs: int):
    """_Processed of each (path, doc_id) in input order; ``jobs`` > 1 forks worker processes that
    share the built pipeline (copy-on-write), one document at a time each."""
    if jobs <= 1 or len(files) < 2:
        for path, doc_id in files:
            yield _process_path(nlp, path, doc_id, kwargs)
        return
    import multiprocessing

    global _WORKER_NLP
    _WORKER_NLP = nlp
    ctx = multiprocessing.get_context("fork")
    # workers ignore Ctrl-C: the parent alone answers it (one line, exit 130), no worker tracebacks
    with ctx.Pool(processes=jobs, initializer=signal.signal, initargs=(signal.SIGINT, signal.SIG_IGN)) as pool:
        yield from pool.imap(_worker_process, [(p, d, kwargs) for p, d in files], chunksize=1)


def extract(paths: list[Path], out_dir: Path, nlp=None, progress: Callable[[str], None] | None = None,
            max_bytes: int | None = None, max_pages: int | None = None, jobs: int = 1, force: bool = False) -> BatchResult:
    """Extract every document under ``paths`` into ``out_dir`` (see CONTRACT.md).

    ``jobs`` > 1 processes documents in that many worker processes (output order and content are the
    same as with one). The output set is staged and swapped in as one unit (:mod:`pipeline.outputs`):
    an interrupted or failed run leaves the previous set as it was. Unchanged documents of an earlier run
    into ``out_dir`` are reused (:mod:`pipeline.reuse`) unless ``force``.
    """
    t0 = time.perf_counter()
    inputs, problems = scan_inputs(paths)
    if not inputs and not problems:
        raise NoInputError("no .txt, .md or .pdf documents found in: " + ", ".join(str(p) for p in paths))
    check_out_dir(out_dir)
    if nlp is None:
        from .nlp import build_nlp

        nlp = build_nlp()
    kwargs = {k: v for k, v in (("max_bytes", max_bytes), ("max_pages", max_pages)) if v is not None}
    ids = assign_doc_ids(inputs + [(p, rel) for p, rel, _ in problems])
    files = list(zip((p for p, _ in inputs), ids))
    # an input that cannot be read at all (a FIFO, a dangling link, a loop) is one errors.csv row
    unreadable = [_failed(doc_id, p, p.suffix.lower().lstrip("."), "read", why)
                  for (p, _, why), doc_id in zip(problems, ids[len(inputs):])]
    with output_set(out_dir) as stage:
        cache = Cache(out_dir)
        model = f"{nlp.lang}:{nlp.meta.get('name', '')}:{nlp.meta.get('version', '')}:{','.join(nlp.pipe_names)}"
        keys = [document_key(p, model, kwargs) for p, _ in files]
        # --force reads everything again, and keeps what it read for the next run
        cached = [None if force else cache.get(k, d, p) for k, (p, d) in zip(keys, files)]
        fresh = _results(nlp, [f for f, c in zip(files, cached) if c is None], kwargs, jobs)
        merged = (_Processed(*c, None, "cache") if c is not None else _kept(cache, k, next(fresh))
                  for k, c in zip(keys, cached))
        result = _collect(merged, unreadable, len(files) + len(unreadable), stage, progress)
        result.reused = sum(c is not None for c in cached)
        _write_set(stage, result)
    cache.prune()
    result.seconds = time.perf_counter() - t0
    return result


def _kept(cache: Cache, key: str | None, res: _Processed) -> _Processed:
    """A freshly read document, kept in the cache when it was read without error."""
    if res.error is None:
        cache.put(key, res.record, res.entities, res.outcomes, res.text or "")
    return res


def _collect(results, unreadable: list[_Processed], total: int, stage: Path, progress) -> BatchResult:
    """Each document's rows in input order, its text into the staged ``texts/``, a progress line as it
    finishes."""
    out = BatchResult([], [], [], [], 0.0)
    t0 = time.perf_counter()
    for i, res in enumerate(itertools.chain(results, unreadable), 1):
        doc_id = res.record.doc_id
        if res.error is None:
            try:
                write_text(stage / "texts" / f"{doc_id}.txt", res.text or "")
            except OSError as exc:
                res = _failed(doc_id, Path(res.record.path), res.record.format, "write", _one_line(exc))
        out.documents.append(res.record)
        if res.error is None:
            out.entities.extend(res.entities)
            out.outcomes.extend(res.outcomes)
            note = f"{len(res.entities)} entities, {len(res.outcomes)} outcomes"
        else:
            out.errors.append(res.error)
            note = f"ERROR ({res.error.stage}): {res.error.error}"
        if progress:
            progress(f"[{i}/{total}] {doc_id}: {note}{_rate(i, total, time.perf_counter() - t0)}")
    return out


def _rate(done: int, total: int, seconds: float) -> str:
    """" (27.1 documents/s, 0:11 left)" once a few documents are done."""
    if done < 3 or seconds <= 0 or done >= total:
        return ""
    rate = done / seconds
    left = int((total - done) / rate)
    return f" ({rate:.1f} documents/s, {left // 60}:{left % 60:02d} left)"


def _write_set(stage: Path, result: BatchResult) -> None:
    for name, columns, records in (("documents.csv", DOCUMENT_COLUMNS, result.documents),
                                   ("entities.csv", ENTITY_COLUMNS, result.entities),
                                   ("outcomes.csv", OUTCOME_COLUMNS, result.outcomes),
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
