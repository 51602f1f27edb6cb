"""End to end on corpus/: contract columns, provenance, and known values per document."""
from __future__ import annotations

import csv

import pytest

from pipeline.schema import DOCUMENT_COLUMNS, ENTITY_COLUMNS, ERROR_COLUMNS, OUTCOME_COLUMNS

from .conftest import CORPUS


def _rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def out(corpus_eval):
    return corpus_eval[0]


@pytest.fixture(scope="module")
def outcomes(out):
    return _rows(out / "outcomes.csv")


@pytest.mark.parametrize("name,columns", [
    ("documents.csv", DOCUMENT_COLUMNS), ("entities.csv", ENTITY_COLUMNS),
    ("outcomes.csv", OUTCOME_COLUMNS), ("errors.csv", ERROR_COLUMNS),
])
def test_csvs_have_contract_columns_in_order(out, name, columns):
    with open(out / name, encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert tuple(header) == columns
    contract = {
        "documents.csv": "doc_id, path, format, sha256, pages, chars, status, error, seconds",
        "entities.csv": "doc_id, label, text, canonical, id, start, end, page, source, method",
        "outcomes.csv": "doc_id, trial, nct_id, endpoint, measure, arm, arm_role, regimen, comparator, population, "
                        "value, ci_low, ci_high, ci_level, unit, p_value, source, page, start, end, evidence, confidence, flags",
        "errors.csv": "doc_id, path, stage, error",
    }[name].split(", ")
    assert list(header[: len(contract)]) == contract  # CONTRACT.md columns first, additions only at the end


def test_every_document_processed(out):
    docs = _rows(out / "documents.csv")
    assert sorted(d["doc_id"] for d in docs) == sorted(p.stem for p in CORPUS.glob("*.txt"))
    assert all(d["status"] == "ok" for d in docs)
    assert _rows(out / "errors.csv") == []


def test_outcome_provenance_points_into_the_normalized_text(out, outcomes):
    texts = {}
    assert outcomes
    for o in outcomes:
        text = texts.setdefault(o["doc_id"], (out / "texts" / f"{o['doc_id']}.txt").read_text(encoding="utf-8"))
        span = text[int(o["start"]) : int(o["end"])]
        assert span and span in o["evidence"], (o["doc_id"], o["value"], span, o["evidence"][:80])
        # evidence longer than the window is cut around the number, each cut marked "…"
        assert o["evidence"].strip("\u2026") in text
        assert len(o["evidence"]) <= 602 or len(span) > 600
        if o["value"] not in ("NR", "NE") and "derived" not in o["flags"]:
            assert o["value"] in span


def test_entity_offsets_point_at_their_text(out):
    texts = {}
    for e in _rows(out / "entities.csv"):
        text = texts.setdefault(e["doc_id"], (out / "texts" / f"{e['doc_id']}.txt").read_text(encoding="utf-8"))
        assert text[int(e["start"]) : int(e["end"])] == e["text"]


def _find(outcomes, doc_prefix, measure, value, endpoint=None):
    return [o for o in outcomes if o["doc_id"].startswith(doc_prefix) and o["measure"] == measure
            and o["value"] == value and (endpoint is None or o["endpoint"] == endpoint)]


KNOWN = [
    # seed 001: MONALEESA-2 median PFS 25.3 vs 16.0
    ("001_", "median", "25.3", "PFS", "MONALEESA-2"),
    ("001_", "median", "16.0", "PFS", "MONALEESA-2"),
    ("001_", "median", "38.8", "PFS", None),
    # seed 002: vepdegestrant vs fulvestrant medians in a table cell's prose
    ("PMC3488187", "median", "3.7", "OS", "TOPICAL"),
    ("PMC3488187", "hr", "0.94", "OS", "TOPICAL"),
    ("PMC3488187", "hr", "0.83", "PFS", "TOPICAL"),
    ("PMC2855860", "hr", "1.47", "PFS", None),
    ("PMC2855860", "median", "2.8", "PFS", None),
    ("PMC3664320", "hr", "0.665", "PFS", None),
]


@pytest.mark.parametrize("doc,measure,value,endpoint,trial", KNOWN)
def test_known_values(outcomes, doc, measure, value, endpoint, trial):
    found = _find(outcomes, doc, measure, value, endpoint)
    assert found, f"{doc} {measure} {value} {endpoint} not extracted"
    if trial:
        assert any(o["trial"] == trial for o in found)


def test_topical_median_os_arms_and_ci(outcomes):
    erl = _find(outcomes, "PMC3488187", "median", "3.7", "OS")
    assert any(o["arm"] == "erlotinib" and o["arm_role"] == "exp" and (o["ci_low"], o["ci_high"]) == ("3.2", "4.2") for o in erl)
    pla = _find(outcomes, "PMC3488187", "median", "3.6", "OS")
    assert any(o["arm"] == "placebo" and o["arm_role"] == "ctl" for o in pla)


def test_hr_plus_is_never_a_hazard_ratio(out, outcomes):
    """Seed 001 writes HR+/HER2- dozens of times; none of it may become a hazard ratio."""
    hrs = [o for o in outcomes if o["measure"] == "hr" and o["doc_id"].startswith("001_")]
    for o in hrs:
        text = (out / "texts" / f"{o['doc_id']}.txt").read_text(encoding="utf-8")
        span = text[int(o["start"]) : int(o["end"])]
        assert "HR+" not in span and "HR-positive" not in span and "receptor" not in span
