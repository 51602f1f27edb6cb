"""The output contract: frozen dataclasses and the column order of every CSV litx writes.

Column orders follow ``CONTRACT.md``; new columns are only ever appended at the end.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, asdict

DOCUMENT_COLUMNS = ("doc_id", "path", "format", "sha256", "pages", "chars", "status", "error", "seconds")
ERROR_COLUMNS = ("doc_id", "path", "stage", "error")
ENTITY_COLUMNS = ("doc_id", "label", "text", "canonical", "id", "start", "end", "page", "source", "method")
OUTCOME_COLUMNS = (
    "doc_id", "trial", "nct_id", "endpoint", "measure", "arm", "arm_role", "regimen", "comparator",
    "population", "value", "ci_low", "ci_high", "ci_level", "unit", "p_value", "source", "page",
    "start", "end", "evidence", "confidence", "flags",
    # appended after the contract's columns
    "timepoint",
)


@dataclass(frozen=True)
class EntityMention:
    """One DRUG / GENE / TRIAL mention found in a text (offsets are into that text)."""

    start: int
    end: int
    label: str
    text: str
    canonical: str
    id: str = ""
    method: str = "lexicon"


@dataclass(frozen=True)
class Entity:
    doc_id: str
    label: str
    text: str
    canonical: str
    id: str
    start: int
    end: int
    page: int | None
    source: str
    method: str


@dataclass(frozen=True)
class Outcome:
    doc_id: str
    trial: str
    nct_id: str
    endpoint: str
    measure: str
    arm: str
    arm_role: str
    regimen: str
    comparator: str
    population: str
    value: str
    ci_low: str
    ci_high: str
    ci_level: str
    unit: str
    p_value: str
    source: str
    page: int | None
    start: int
    end: int
    evidence: str
    confidence: float
    flags: str
    timepoint: str = ""


@dataclass(frozen=True)
class DocumentRecord:
    doc_id: str
    path: str
    format: str
    sha256: str
    pages: int | None
    chars: int
    status: str
    error: str
    seconds: float


@dataclass(frozen=True)
class ErrorRecord:
    doc_id: str
    path: str
    stage: str
    error: str


def _check(cls, columns):
    names = tuple(f.name for f in fields(cls))
    assert names == columns, f"{cls.__name__} fields {names} != columns {columns}"


_check(Entity, ENTITY_COLUMNS)
_check(Outcome, OUTCOME_COLUMNS)
_check(DocumentRecord, DOCUMENT_COLUMNS)
_check(ErrorRecord, ERROR_COLUMNS)


def as_row(record) -> dict:
    """A record as a CSV row dict (None -> empty string)."""
    return {k: ("" if v is None else v) for k, v in asdict(record).items()}
