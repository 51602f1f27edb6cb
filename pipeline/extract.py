"""Batch extraction: documents in, the contract's CSVs out.

One bad document never stops the batch: it gets one row in ``errors.csv`` and the others are written
as usual. All CSVs are written atomically once the batch is done; ``texts/<doc_id>.txt`` as each
document finishes.
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ._extensions import remember_text
from .ingest import IngestError, LoadedDocument, discover, load
from .io import write_atomic, write_records
from .normalize import page_of
from .schema import (DOCUMENT_COLUMNS, ENTITY_COLUMNS, ERROR_COLUMNS, OUTCOME_COLUMNS, DocumentRecord, Entity,
                     ErrorRecord, Outcome)


class NoInputError(ValueError):
    """No document found under the given paths (a usage error, exit status 2)."""


@dataclass
class DocumentResult:
    record: DocumentRecord
    entities: list[Entity] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    error: ErrorRecord | None = None


@dataclass
class BatchResult:
    documents: list[DocumentRecord]
    entities: list[Entity]
    outcomes: list[Outcome]
    errors: list[ErrorRecord]
    seconds: float

    @property
    def exit_status(self) -> int:
        return 1 if self.errors else 0

    def summary(self) -> str:
        return (f"{len(self.documents)} documents, {len(self.entities)} entities, {len(self.outcomes)} outcomes, "
                f"{len(self.errors)} errors, {self.seconds:.1f} s")


def _one_line(exc: BaseException) -> str:
    msg = " ".join(str(exc).split()) or exc.__class__.__name__
    return msg if isinstance(exc, IngestError) else f"{exc.__class__.__name__}: {msg}"


def process_document(nlp, doc: LoadedDocument) -> tuple[list[Entity], list[Outcome]]:
    """Run the pipeline over one loaded document."""
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


def extract(paths: list[Path], out_dir: Path, nlp=None, progress: Callable[[str], None] | None = None,
            max_bytes: int | None = None, max_pages: int | None = None) -> BatchResult:
    """Extract every document under ``paths`` into ``out_dir`` (see CONTRACT.md)."""
    t0 = time.perf_counter()
    files = discover(paths)
    if not files:
        raise NoInputError("no .txt, .md or .pdf documents found in: " + ", ".join(str(p) for p in paths))
    if nlp is None:
        from .nlp import build_nlp

        nlp = build_nlp()
    out_dir.mkdir(parents=True, exist_ok=True)
    documents, entities, outcomes, errors = [], [], [], []
    seen_ids: dict[str, Path] = {}
    kwargs = {k: v for k, v in (("max_bytes", max_bytes), ("max_pages", max_pages)) if v is not None}
    for i, path in enumerate(files, 1):
        t = time.perf_counter()
        doc_id = path.stem
        stage = "read"
        fmt = path.suffix.lower().lstrip(".")
        try:
            if doc_id in seen_ids:
                raise IngestError(f"duplicate doc_id {doc_id!r}: {seen_ids[doc_id]} has the same name; rename one")
            seen_ids[doc_id] = path
            loaded = load(path, **kwargs)
            stage = "extract"
            ents, outs = process_document(nlp, loaded)
            stage = "write"
            write_atomic(out_dir / "texts" / f"{doc_id}.txt", loaded.text)
            secs = time.perf_counter() - t
            documents.append(DocumentRecord(doc_id, str(path), loaded.format, loaded.sha256, loaded.pages,
                                            len(loaded.text), "ok", "", round(secs, 3)))
            entities.extend(ents)
            outcomes.extend(outs)
            note = f"{len(ents)} entities, {len(outs)} outcomes"
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # one bad document never stops the batch
            msg = _one_line(exc)
            errors.append(ErrorRecord(doc_id, str(path), stage, msg))
            documents.append(DocumentRecord(doc_id, str(path), fmt, "", None, 0, "error", msg,
                                            round(time.perf_counter() - t, 3)))
            note = f"ERROR ({stage}): {msg}"
        if progress:
            progress(f"[{i}/{len(files)}] {doc_id}: {note}")
    write_records(out_dir / "documents.csv", DOCUMENT_COLUMNS, documents)
    write_records(out_dir / "entities.csv", ENTITY_COLUMNS, entities)
    write_records(out_dir / "outcomes.csv", OUTCOME_COLUMNS, outcomes)
    write_records(out_dir / "errors.csv", ERROR_COLUMNS, errors)
    return BatchResult(documents, entities, outcomes, errors, time.perf_counter() - t0)


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
