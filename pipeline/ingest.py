"""Reading input documents: text files and PDFs, with one clear error per unreadable file."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .normalize import normalize_text

TEXT_SUFFIXES = (".txt", ".md")
PDF_SUFFIXES = (".pdf",)
SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES
MAX_BYTES = 200 * 1024 * 1024
MAX_PAGES = 2000


class IngestError(Exception):
    """A document cannot be read; the message is one line a person can act on."""


@dataclass(frozen=True)
class LoadedDocument:
    doc_id: str
    path: Path
    format: str  # "txt", "md", "pdf"
    sha256: str
    text: str  # normalized text; offsets point into it
    page_starts: tuple[int, ...]  # empty for text files
    pages: int | None


def doc_id_of(path: Path) -> str:
    """The input file's name without its extension (CONTRACT.md)."""
    return path.stem


def discover_inputs(paths: list[Path]) -> list[tuple[Path, str]]:
    """Files to process, each with its path relative to the PATH argument it was found under (the
    file's name for a file given directly): each file given, and the ``.txt``/``.md``/``.pdf`` files
    under each directory (recursively, sorted). A missing path raises FileNotFoundError."""
    found: list[tuple[Path, str]] = []
    for p in paths:
        if p.is_dir():
            found.extend((q, q.relative_to(p).as_posix()) for q in sorted(p.rglob("*"))
                         if q.is_file() and q.suffix.lower() in SUFFIXES and not q.name.startswith("."))
        elif p.is_file():
            found.append((p, p.name))
        else:
            raise FileNotFoundError(f"no such file or directory: {p}")
    seen, out = set(), []
    for p, rel in found:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            out.append((p, rel))
    return out


def discover(paths: list[Path]) -> list[Path]:
    """The files of :func:`discover_inputs`, without their relative paths."""
    return [p for p, _ in discover_inputs(paths)]


def assign_doc_ids(inputs: list[tuple[Path, str]]) -> list[str]:
    """Each input's doc_id (CONTRACT.md): the file's name without its extension, or, for every input
    whose name would collide with another's in this run, its relative path with the extension kept. If
    relative paths still collide (one file name under two PATH arguments), a ``#2``, ``#3`` suffix
    keeps them apart; no input is rejected for its name."""
    stems: dict[str, int] = {}
    for p, _ in inputs:
        stems[doc_id_of(p)] = stems.get(doc_id_of(p), 0) + 1
    ids = [doc_id_of(p) if stems[doc_id_of(p)] == 1 else rel for p, rel in inputs]
    seen: dict[str, int] = {}
    out = []
    for i in ids:
        seen[i] = seen.get(i, 0) + 1
        out.append(i if seen[i] == 1 else f"{i}#{seen[i]}")
    return out


def load(path: Path, max_bytes: int = MAX_BYTES, max_pages: int = MAX_PAGES, doc_id: str | None = None) -> LoadedDocument:
    doc_id = doc_id or doc_id_of(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise IngestError(f"unsupported file type {suffix or '(none)'}; litx reads {', '.join(SUFFIXES)}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit (raise it with --max-mb)")
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc
    sha = hashlib.sha256(data).hexdigest()
    if suffix in PDF_SUFFIXES:
        from .pdf import read_pdf

        text, starts = read_pdf(data, max_pages=max_pages)
        if not text.strip():
            raise IngestError("no text layer (scanned?); OCR is not supported")
        return LoadedDocument(doc_id, path, "pdf", sha, text, tuple(starts), len(starts))
    text = decode_text(data)
    text = normalize_text(text)
    if not text.strip():
        raise IngestError("empty document: no text to extract")
    return LoadedDocument(doc_id, path, suffix.lstrip("."), sha, text, (), None)


def decode_text(data: bytes) -> str:
    """UTF-8 text (a BOM is dropped). Binary data and other encodings are refused with the reason."""
    if data[:5] == b"%PDF-":
        raise IngestError("this is a PDF with a text-file extension; rename it to .pdf")
    if b"\x00" in data[:8192]:
        raise IngestError("binary file, not text (NUL bytes found)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} cannot be decoded; convert the file to UTF-8"
        ) from None
