"""The output contract: frozen dataclasses and the column order of every CSV litx writes.

Column orders follow ``CONTRACT.md``; new columns are only ever appended at the end.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

DOCUMENT_COLUMNS = ("doc_id", "path", "format", "sha256", "pages", "chars", "status", "error", "seconds")
ERROR_COLUMNS = ("doc_id", "path", "stage", "error")
ENTITY_COLUMNS = ("doc_id", "label", "text", "canonical", "id", "start", "end", "page", "source", "method")
OUTCOME_COLUMNS = (
    "doc_id", "trial", "nct_id", "endpoint", "measure", "arm", "arm_role", "regimen", "comparator",
    "population", "value", "ci_low", "ci_high", "ci_level", "unit", "p_value", "source", "page",
    "start", "end", "evidence", "confidence", "flags",
    # appended after the contract's columns
    "timepoint", "why",
)
# evidence.csv: one row per fact across the batch (a trial's endpoint, measure, arm, population, timepoint)
EVIDENCE_COLUMNS = (
    "trial", "nct_id", "endpoint", "measure", "arm_role", "arm", "population", "timepoint", "value", "ci_low",
    "ci_high", "unit", "p_value", "status", "n_documents", "doc_ids", "values",
)
# conflicts.csv: one row per pair of values of one fact that documents state differently
CONFLICT_COLUMNS = (
    "trial", "nct_id", "endpoint", "measure", "arm_role", "arm", "population", "timepoint", "value_a", "ci_a",
    "doc_ids_a", "evidence_a", "value_b", "ci_b", "doc_ids_b", "evidence_b", "reason",
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
    why: str = ""  # ";"-separated ids of the rules that decided the row (value, endpoint, trial, ...)


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


@dataclass(frozen=True)
class EvidenceRow:
    trial: str
    nct_id: str
    endpoint: str
    measure: str
    arm_role: str
    arm: str
    population: str
    timepoint: str
    value: str  # the value most documents state (the first stated on a tie)
    ci_low: str
    ci_high: str
    unit: str
    p_value: str
    status: str  # "agreed" (several documents, one value), "single" (one document), "conflict"
    n_documents: int
    doc_ids: str  # ";"-separated, in input order
    values: str  # every distinct value with its documents: "0.58 (PMC1;PMC2) | 0.56 (PMC3)"


@dataclass(frozen=True)
class ConflictRow:
    trial: str
    nct_id: str
    endpoint: str
    measure: str
    arm_role: str
    arm: str
    population: str
    timepoint: str
    value_a: str
    ci_a: str
    doc_ids_a: str
    evidence_a: str
    value_b: str
    ci_b: str
    doc_ids_b: str
    evidence_b: str
    reason: str  # what the documents say that explains it: "interim analysis", "another data cut", or blank


def _check(cls, columns):
    names = tuple(f.name for f in fields(cls))
    assert names == columns, f"{cls.__name__} fields {names} != columns {columns}"


_check(Entity, ENTITY_COLUMNS)
_check(Outcome, OUTCOME_COLUMNS)
_check(DocumentRecord, DOCUMENT_COLUMNS)
_check(ErrorRecord, ERROR_COLUMNS)
_check(EvidenceRow, EVIDENCE_COLUMNS)
_check(ConflictRow, CONFLICT_COLUMNS)


def as_row(record) -> dict:
    """A record as a CSV row dict (None -> empty string). The fields are flat, so no deep copy."""
    return {f: ("" if (v := getattr(record, f)) is None else v) for f in _FIELDS[type(record)]}


_FIELDS = {cls: tuple(f.name for f in fields(cls)) for cls in (Entity, Outcome, DocumentRecord, ErrorRecord, EvidenceRow, ConflictRow)}
