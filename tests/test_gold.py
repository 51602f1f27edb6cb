"""The gold tables are well-formed: columns, no duplicate facts, evidence quotes are in the documents."""
from __future__ import annotations

import csv
import re
from collections import Counter

import pytest

from pipeline.schema import OUTCOME_COLUMNS

from .conftest import ANNOTATIONS, CORPUS

GOLD_COLUMNS = OUTCOME_COLUMNS[: OUTCOME_COLUMNS.index("timepoint")] + ("kind", "note", "timepoint")
KINDS = {"result", "subgroup", "prognostic", "interim", "other_trial", "design"}


def _rows(name):
    with open(ANNOTATIONS / name, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return tuple(reader.fieldnames), list(reader)


@pytest.fixture(scope="module")
def gold():
    return _rows("gold_outcomes.csv")


def test_gold_outcome_columns(gold):
    header, _ = gold
    assert header == GOLD_COLUMNS


def test_every_corpus_document_is_curated(gold):
    _, rows = gold
    _, ents = _rows("gold_entities.csv")
    docs = {p.stem for p in CORPUS.glob("*.txt")}
    # a document with no drug, gene or trial (a radiotherapy trial) is curated through its outcomes; one
    # with neither (a quality-of-life methods study) is listed in no_findings.csv
    _, empty = _rows("no_findings.csv")
    assert {r["doc_id"] for r in ents} | {r["doc_id"] for r in rows} | {r["doc_id"] for r in empty} == docs
    assert {r["doc_id"] for r in rows} <= docs


def test_gold_values_are_well_formed(gold):
    _, rows = gold
    for r in rows:
        assert r["kind"] in KINDS, r
        assert r["measure"] in {"median", "hr", "rate", "or", "rr"}, r
        assert re.fullmatch(r"-?\d+(\.\d+)?|NR", r["value"]), r
        for k in ("ci_low", "ci_high"):
            assert r[k] == "" or re.fullmatch(r"-?\d+(\.\d+)?|NR|NE", r[k]), r
        assert r["source"] in {"text", "table"}
        assert r["arm_role"] in {"exp", "ctl", "single", "na"}, r
        assert r["endpoint"] and r["endpoint"] == r["endpoint"].strip()


def test_gold_evidence_is_a_substring_of_its_document(gold):
    _, rows = gold
    texts = {}
    for r in rows:
        # white space aside: a hard-wrapped document's evidence is curated as it reads, one line per sentence
        text = texts.setdefault(r["doc_id"], " ".join((CORPUS / f"{r['doc_id']}.txt").read_text(encoding="utf-8").split()))
        assert " ".join(r["evidence"].split()) in text, (r["doc_id"], r["value"], r["evidence"][:80])


def test_no_duplicate_facts(gold):
    _, rows = gold
    key = lambda r: (r["doc_id"], r["trial"], r["endpoint"], r["measure"], r["arm"], r["population"], r["value"],
                     r["ci_low"], r["ci_high"], r["timepoint"], r["note"])
    dups = [k for k, n in Counter(map(key, rows)).items() if n > 1]
    assert not dups, dups


def test_gold_entities_well_formed():
    header, rows = _rows("gold_entities.csv")
    assert header == ("doc_id", "label", "canonical", "id")
    assert len({tuple(r.values()) for r in rows}) == len(rows)
    for r in rows:
        assert r["label"] in {"DRUG", "GENE", "TRIAL"}
        if r["label"] == "DRUG":
            assert r["canonical"] == r["canonical"].lower()
        if r["label"] == "GENE" and r["id"]:
            assert re.fullmatch(r"HGNC:\d+", r["id"]), r
        if r["canonical"].startswith("NCT"):
            assert re.fullmatch(r"NCT\d{8}", r["canonical"]) and r["id"] == r["canonical"]
