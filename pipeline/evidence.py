"""Evidence across documents: the batch's outcome rows grouped into facts, and the facts whose
documents disagree (``evidence.csv``, ``conflicts.csv``; columns in :mod:`pipeline.schema`).

A fact is one trial's (its canonical name, else its NCT id) endpoint, measure, arm, population and
timepoint: the arm is the row's role for the two arms of a comparison (``exp``/``ctl``, so that two
documents naming one arm differently still agree), else the arm as written; an adjusted hazard ratio
is a fact of its own (arm ``(adjusted)``). Rows without a trial cannot be tied to other documents and
are left out, and so are ``design`` rows (assumptions, not results). Values agree when they are equal
within the printed precision of the less precise one (``0.58`` = ``0.580``; ``5.3`` != ``5.5``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .compare import same_number
from .schema import ConflictRow, EvidenceRow, Outcome

# what a document says that explains a different value: another analysis of the same trial
_DATA_CUT = re.compile(r"\b(?:updated|final|longer|extended|mature|exploratory|post[- ]hoc)\s+(?:analys[ie]s|follow[- ]up|data)"
                       r"|\bdata\s+cut|\bcut-?off\b", re.I)


@dataclass
class _Cluster:
    """One value of a fact and the rows stating it."""

    rows: list[Outcome] = field(default_factory=list)

    @property
    def docs(self) -> list[str]:
        return list(dict.fromkeys(r.doc_id for r in self.rows))

    @property
    def best(self) -> Outcome:
        """The row to show: one with a CI, the most precise value first."""
        return max(self.rows, key=lambda r: (bool(r.ci_low), len(r.value)))


def fact_key(o: Outcome) -> tuple | None:
    """The fact a row states, or None when it cannot be tied across documents."""
    trial = o.trial or o.nct_id
    flags = set(o.flags.split(";"))
    if not trial or "design" in flags or not o.value:
        return None
    if o.measure in ("hr", "or", "rr"):
        arm = "(adjusted)" if "adjusted" in flags else ""
    else:
        arm = o.arm_role if o.arm_role in ("exp", "ctl") else " ".join(o.arm.lower().split())
    population = " ".join(o.population.lower().split())
    return trial, o.endpoint.upper(), o.measure, arm, population, o.timepoint, o.unit


def _clusters(rows: list[Outcome]) -> list[_Cluster]:
    """Rows grouped by value (equal within printed precision), the most stated value first."""
    clusters: list[_Cluster] = []
    for r in rows:
        home = next((c for c in clusters if same_number(c.rows[0].value, r.value)), None)
        if home is None:
            clusters.append(home := _Cluster())
        home.rows.append(r)
    return sorted(clusters, key=lambda c: -len(c.docs))  # stable: the first stated wins a tie


def _ci(o: Outcome) -> str:
    return f"{o.ci_low}-{o.ci_high}" if o.ci_low or o.ci_high else ""


def conflict_reason(a: _Cluster, b: _Cluster) -> str:
    """What the documents give as the reason two values differ, if anything."""
    rows = a.rows + b.rows
    if any("interim" in r.flags.split(";") for r in rows):
        return "interim analysis"
    if any(_DATA_CUT.search(r.evidence) for r in rows):
        return "another data cut"
    if set(a.docs) & set(b.docs):
        return "one document states both"
    return ""


def evidence_tables(outcomes: list[Outcome]) -> tuple[list[EvidenceRow], list[ConflictRow]]:
    """The batch's facts (input order of their first statement) and the conflicts among them."""
    facts: dict[tuple, list[Outcome]] = {}
    for o in outcomes:
        key = fact_key(o)
        if key is not None:
            facts.setdefault(key, []).append(o)
    evidence, conflicts = [], []
    for key, rows in facts.items():
        trial, endpoint, measure, arm, population, timepoint, unit = key
        role = arm if arm in ("exp", "ctl") else ""
        clusters = _clusters(rows)
        docs = list(dict.fromkeys(r.doc_id for r in rows))
        status = "single" if len(docs) == 1 else ("agreed" if len(clusters) == 1 else "conflict")
        best = clusters[0].best
        nct = next((r.nct_id for r in rows if r.nct_id), "")
        shown_arm = best.arm if role else arm
        evidence.append(EvidenceRow(
            trial=trial, nct_id=nct, endpoint=endpoint, measure=measure, arm_role=role or best.arm_role, arm=shown_arm,
            population=best.population, timepoint=timepoint, value=best.value, ci_low=best.ci_low, ci_high=best.ci_high,
            unit=unit, p_value=best.p_value, status=status, n_documents=len(docs), doc_ids=";".join(docs),
            values=" | ".join(f"{c.best.value} ({';'.join(c.docs)})" for c in clusters)))
        if status != "conflict":
            continue
        a = clusters[0]
        for b in clusters[1:]:
            conflicts.append(ConflictRow(
                trial=trial, nct_id=nct, endpoint=endpoint, measure=measure, arm_role=role or best.arm_role,
                arm=shown_arm, population=best.population, timepoint=timepoint,
                value_a=a.best.value, ci_a=_ci(a.best), doc_ids_a=";".join(a.docs), evidence_a=a.best.evidence,
                value_b=b.best.value, ci_b=_ci(b.best), doc_ids_b=";".join(b.docs), evidence_b=b.best.evidence,
                reason=conflict_reason(a, b)))
    return evidence, conflicts
