"""Reading input documents: text files and PDFs, with one clear error per unreadable file."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .normalize import normalize_text
from .reflow import reflow

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
    note: str = ""  # what a person should know though the document was read: "removed 3 control characters"


def doc_id_of(path: Path) -> str:
    """The input file's name without its extension (CONTRACT.md)."""
    return path.stem


def scan_inputs(paths: list[Path]) -> tuple[list[tuple[Path, str]], list[tuple[Path, str, str]]]:
    """Files to process, each with its path relative to the PATH argument it was found under (the
    file's name for a file given directly), and the entries that cannot be processed, each with the
    reason: ``(path, rel, problem)``. Every input found is one or the other: a FIFO, socket or device, a
    dangling symbolic link, a symbolic-link loop and an unreadable folder are problems, never skipped in
    silence. Directories are searched recursively (symbolic links followed once), sorted; a missing
    path raises FileNotFoundError."""
    found: list[tuple[Path, str]] = []
    problems: list[tuple[Path, str, str]] = []
    for p in paths:
        if p.is_dir():
            _walk(p, found, problems)
        elif p.is_file():
            found.append((p, p.name))
        elif p.is_symlink() and not p.exists():
            problems.append((p, p.name, "dangling symbolic link: its target does not exist"))
        elif p.exists():
            problems.append((p, p.name, "not a regular file (a FIFO, socket or device): litx reads files"))
        else:
            raise FileNotFoundError(f"no such file or directory: {p}")
    seen, out = set(), []
    for p, rel in found:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            out.append((p, rel))
    return out, problems


def _walk(root: Path, found: list, problems: list) -> None:
    """The document files under ``root`` (sorted), and its problems: see :func:`scan_inputs`."""
    visited = {root.resolve()}

    def onerror(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        problems.append((where, _rel(where, root), f"cannot read folder: {exc.strerror or exc}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror, followlinks=True):
        here = Path(dirpath)
        for d in sorted(dirnames):
            real = (here / d).resolve()
            if real in visited:
                problems.append((here / d, _rel(here / d, root), "symbolic-link loop: the folder links back to one already read"))
                dirnames.remove(d)
            else:
                visited.add(real)
        dirnames.sort()
        for name in sorted(filenames):
            q = here / name
            if q.suffix.lower() not in SUFFIXES or name.startswith("."):
                continue
            if q.is_file():
                found.append((q, _rel(q, root)))
            elif q.is_symlink() and not q.exists():
                problems.append((q, _rel(q, root), "dangling symbolic link: its target does not exist"))
            else:
                problems.append((q, _rel(q, root), "not a regular file (a FIFO, socket or device): litx reads files"))


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def discover(paths: list[Path]) -> list[Path]:
    """The files of :func:`scan_inputs`, without their relative paths (its problems left out)."""
    return [p for p, _ in scan_inputs(paths)[0]]


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
    """One input file read and parsed (:func:`read_input`, then :func:`parse_document`)."""
    return parse_document(read_input(path, max_bytes), path, max_pages=max_pages, doc_id=doc_id)


def read_input(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of one input file, after the checks that need no parsing (type, size)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise IngestError(f"unsupported file type {suffix or '(none)'}; litx reads {', '.join(SUFFIXES)}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(f"file is {_size(size)}, over the {_size(max_bytes)} limit (raise it with --max-mb)")
        return path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from exc


def parse_document(data: bytes, path: Path, max_pages: int = MAX_PAGES, doc_id: str | None = None) -> LoadedDocument:
    """A document from its bytes; ``path`` gives its type (suffix) and default doc_id. The bytes may have
    been read on another machine (the Dask engine sends them to its workers)."""
    doc_id = doc_id or doc_id_of(path)
    sha = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() in PDF_SUFFIXES:
        from .pdf import read_pdf

        text, starts = read_pdf(data, max_pages=max_pages)
        if not text.strip():
            raise IngestError("no text layer (scanned?); OCR is not supported")
        return LoadedDocument(doc_id, path, "pdf", sha, text, tuple(starts), len(starts))
    text = decode_text(data)
    controls = sum(1 for ch in text if ch in _CONTROL_CHARS)
    text = reflow(normalize_text(text))
    if not text.strip():
        raise IngestError("empty document: no text to extract")
    note = f"removed {controls} control character{'s' if controls != 1 else ''} (NUL, ESC, ...)" if controls else ""
    return LoadedDocument(doc_id, path, path.suffix.lower().lstrip("."), sha, text, (), None, note)


# the control characters normalization drops (all C0/C1 but tab, newline, carriage return, form feed)
_CONTROL_CHARS = frozenset(chr(c) for c in [*range(0, 32), 127, *range(128, 160)] if c not in (9, 10, 12, 13))
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _size(n: int) -> str:
    """A size a person reads: bytes, KB or MB with the precision that tells two sizes apart."""
    return f"{n} bytes" if n < 10_000 else f"{n / 1e3:.1f} KB" if n < 1_000_000 else f"{n / 1e6:.1f} MB"


def decode_text(data: bytes) -> str:
    """UTF-8 text (a BOM is dropped). Binary data and other encodings are refused with the reason."""
    if data[:5] == b"%PDF-":
        raise IngestError("this is a PDF with a text-file extension; rename it to .pdf")
    for bom, codec in _BOMS:  # UTF-32 before UTF-16: the UTF-32-LE mark begins with the UTF-16-LE one
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise IngestError(f"not {codec} text although it starts with a {codec} byte-order mark: bad bytes at "
                                  f"offset {exc.start + len(bom)}") from None
    if b"\x00" in data[:8192]:
        raise IngestError("binary file, not text (NUL bytes found)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} cannot be decoded; convert the file to UTF-8"
        ) from None
