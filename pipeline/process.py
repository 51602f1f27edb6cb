"""One document through litx: read, parse, run the pipeline, and what it gave (rows, text, or its error).

Used by every engine (:mod:`pipeline.engines`): in this process, in forked worker processes, or on
Dask workers that get the document's bytes.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from ._extensions import remember_text
from .ingest import IngestError, LoadedDocument, parse_document, read_input
from .normalize import page_of
from .schema import DocumentRecord, Entity, ErrorRecord, Outcome


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
class Processed:
    """What one document gave: its documents.csv row, and either its rows and text or its error."""

    record: DocumentRecord
    entities: list[Entity]
    outcomes: list[Outcome]
    text: str | None
    error: ErrorRecord | None
    stage: str


def one_line(exc: BaseException) -> str:
    """An exception as the one line errors.csv holds."""
    msg = " ".join(str(exc).split()) or exc.__class__.__name__
    return msg if isinstance(exc, IngestError) else f"{exc.__class__.__name__}: {msg}"


def failed(doc_id: str, path: Path, fmt: str, stage: str, msg: str, secs: float = 0.0) -> Processed:
    """The result of a document that could not be read or extracted."""
    return Processed(DocumentRecord(doc_id, str(path), fmt, "", None, 0, "error", msg, round(secs, 3)), [], [], None,
                     ErrorRecord(doc_id, str(path), stage, msg), stage)


def _format(path: Path) -> str:
    return path.suffix.lower().lstrip(".")


def process_path(nlp, path: Path, doc_id: str, options: dict) -> Processed:
    """Read ``path`` (``options``: ``max_bytes``, ``max_pages``) and extract it."""
    t = time.perf_counter()
    try:
        data = read_input(path, **{k: v for k, v in options.items() if k == "max_bytes"})
    except IngestError as exc:
        return failed(doc_id, path, _format(path), "read", one_line(exc), time.perf_counter() - t)
    return process_bytes(nlp, data, path, doc_id, options, t)


def process_bytes(nlp, data: bytes, path: Path, doc_id: str, options: dict, t: float | None = None) -> Processed:
    """Parse a document's bytes (read here or elsewhere) and extract it; any failure is its error row."""
    t = time.perf_counter() if t is None else t
    stage = "read"
    try:
        loaded = parse_document(data, path, doc_id=doc_id, **{k: v for k, v in options.items() if k == "max_pages"})
        stage = "extract"
        ents, outs = process_document(nlp, loaded)
        record = DocumentRecord(doc_id, str(path), loaded.format, loaded.sha256, loaded.pages, len(loaded.text), "ok",
                                loaded.note, round(time.perf_counter() - t, 3))
        return Processed(record, ents, outs, loaded.text, None, stage)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # one bad document never stops the batch
        return failed(doc_id, path, _format(path), stage, one_line(exc), time.perf_counter() - t)
