"""Incremental runs: a second ``litx extract`` into the same ``--out`` reuses every unchanged document.

Each document's result is kept in ``OUT/.litx-cache/<key>.json``, the key a hash of the document's bytes,
litx's version and code, the model, the options that change what is read (page and size limits), and
every rule and lexicon data file. A document whose key is cached is not read again: its rows come from
the cache (its doc_id and path are those of this run), so the outputs are those of a fresh run but for
documents.csv's ``seconds``. Entries no document of the run used are removed at the end; ``--force``
ignores the cache. A cache file that cannot be read is a miss, never an error.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, replace
from pathlib import Path

from . import __version__
from .schema import DocumentRecord, Entity, Outcome

CACHE = ".litx-cache"
_PACKAGE = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of litx's code and data files (any change to a rule or a lexicon makes every key new)."""
    h = hashlib.sha256(__version__.encode())
    for p in sorted(_PACKAGE.rglob("*")):
        if p.is_file() and p.suffix in (".py", ".csv") and "__pycache__" not in p.parts:
            h.update(p.relative_to(_PACKAGE).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def document_key(path: Path, model: str, options: dict) -> str | None:
    """The cache key of one input file, or None when it cannot be read (the run reports that itself)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    h = hashlib.sha256(data)
    h.update(json.dumps([code_fingerprint(), model, sorted(options.items())]).encode())
    return h.hexdigest()


class Cache:
    """The cache folder of one ``--out``: get, put, and prune to the keys a run used."""

    def __init__(self, out_dir: Path):
        self.dir = out_dir / CACHE
        self.used: set[str] = set()

    def has(self, key: str | None) -> bool:
        """Whether an entry for ``key`` is there (it may still turn out unreadable: see :meth:`get`)."""
        return key is not None and (self.dir / f"{key}.json").is_file()

    def get(self, key: str | None, doc_id: str, path: Path):
        """(record, entities, outcomes, text) of a cached document, its doc_id and path those of this run."""
        if key is None:
            return None
        try:
            data = json.loads((self.dir / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        self.used.add(key)
        record = replace(DocumentRecord(**data["record"]), doc_id=doc_id, path=str(path))
        entities = [replace(Entity(**e), doc_id=doc_id) for e in data["entities"]]
        outcomes = [replace(Outcome(**o), doc_id=doc_id) for o in data["outcomes"]]
        return record, entities, outcomes, data["text"]

    def put(self, key: str | None, record, entities, outcomes, text: str) -> None:
        """Keep one document's result (a cache that cannot be written costs a re-read next time, nothing else)."""
        if key is None:
            return
        self.used.add(key)
        payload = {"record": asdict(record), "entities": [asdict(e) for e in entities],
                   "outcomes": [asdict(o) for o in outcomes], "text": text}
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.dir)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(payload, fh)
            os.replace(tmp, self.dir / f"{key}.json")
        except OSError:
            pass

    def prune(self) -> None:
        """Remove the entries no document of this run used."""
        if not self.dir.is_dir():
            return
        for p in self.dir.iterdir():
            if p.suffix == ".json" and p.stem not in self.used or p.suffix == ".tmp":
                p.unlink(missing_ok=True)
