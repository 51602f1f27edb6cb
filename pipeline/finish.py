"""The last stage every outcome row passes through, prose or table: the consistency checks, the
evidence window and the row's ``why``.

Pure functions; :class:`pipeline.components.OutcomeChecks` (``litx_checks``) calls :func:`finish_outcomes`
once per document, after every reader has added its rows.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from . import patterns as P
from .checks import check_outcomes
from .parsers import _unit_name
from .schema import Outcome


@dataclass(frozen=True)
class EvidenceSettings:
    """How evidence is cut (CONTRACT.md "CSV cells": a window of about 600 characters around the number)."""

    window: int = 600
    mark: str = "\u2026"


def evidence_window(evidence: str, text: str, start: int, end: int, settings: EvidenceSettings = EvidenceSettings()) -> str:
    """``evidence`` (a sentence or table row holding ``text[start:end]``) cut to ``settings.window``
    characters around the number, each cut marked with ``settings.mark``. Shorter evidence is kept whole."""
    if len(evidence) <= settings.window:
        return evidence
    span = text[start:end]
    at = evidence.find(span) if span else -1
    if at < 0:  # the span is not inside the evidence (should not happen): keep the head
        return evidence[: settings.window] + settings.mark
    room = max(0, settings.window - len(span))
    lo = max(0, at - room // 2)
    hi = min(len(evidence), lo + max(settings.window, len(span)))
    lo = max(0, hi - max(settings.window, len(span)))
    # cut at a word boundary where one is near
    if lo > 0:
        sp = evidence.find(" ", lo, at)
        lo = sp + 1 if 0 <= sp < lo + 40 else lo
    if hi < len(evidence):
        sp = evidence.rfind(" ", at + len(span), hi)
        hi = sp if sp > hi - 40 else hi
    return (settings.mark if lo > 0 else "") + evidence[lo:hi].strip() + (settings.mark if hi < len(evidence) else "")


def evidence_core(evidence: str, mark: str = EvidenceSettings.mark) -> str:
    """The document's own text inside a (possibly cut) evidence cell."""
    return evidence.strip(mark)


def median_unit(o: Outcome, outcomes: list[Outcome]) -> str:
    """The unit of a median written without one ("was not reached in group A"): the unit of the other
    medians stated in the same evidence, else the time unit the evidence writes after the value."""
    same = [x.unit for x in outcomes if x.measure == "median" and x.unit and x.evidence == o.evidence]
    if same:
        return same[0]
    m = P.TIME_UNIT.search(o.evidence)
    return _unit_name(m.group("unit")) if m else ""


def outside_tables(outcomes: list[Outcome], spans: list[tuple[int, int, str]]) -> list[Outcome]:
    """Rows of the prose reader that lie inside a table a table reader read are dropped: the table's
    cells are read as cells, not as sentences ("Tumor control rate (CR + PR + SD)13 (33%)10 (20%)...")."""
    if not spans:
        return outcomes
    return [o for o in outcomes if o.source == "table" or not any(s <= o.start < e for s, e, _ in spans)]


def finish_outcomes(outcomes: list[Outcome], text: str, settings: EvidenceSettings = EvidenceSettings(),
                    table_spans: list[tuple[int, int, str]] | None = None) -> list[Outcome]:
    """Every row checked (:func:`pipeline.checks.check_outcomes`), prose rows inside read tables dropped,
    medians given their unit, and the evidence bounded."""
    outcomes = outside_tables(outcomes, table_spans or [])
    outcomes = [replace(o, unit=median_unit(o, outcomes)) if o.measure == "median" and not o.unit else o for o in outcomes]
    out = []
    for o in check_outcomes(outcomes):
        ev = evidence_window(o.evidence, text, o.start, o.end, settings)
        out.append(replace(o, evidence=ev) if ev is not o.evidence else o)
    return out
