"""Incremental runs (issue: batch at scale): a second run into the same --out reuses unchanged documents
and writes what a fresh run writes (but documents.csv's seconds)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline import reuse
from pipeline.batch import extract

TEXT = "Median overall survival was {v} months with drug X versus 9.1 months with placebo (HR 0.72, 95% CI 0.60-0.86).\n"


def _read(path: Path, drop=()):
    with open(path, newline="", encoding="utf-8") as fh:
        return [{k: v for k, v in r.items() if k not in drop} for r in csv.DictReader(fh)]


@pytest.fixture
def inputs(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for name, v in (("a", "12.5"), ("b", "13.1"), ("c", "14.2")):
        (d / f"{name}.txt").write_text(TEXT.format(v=v))
    return d


def test_a_second_run_reuses_every_unchanged_document_and_writes_the_same(nlp, inputs, tmp_path):
    out = tmp_path / "out"
    first = extract([inputs], out, nlp=nlp)
    snapshot = {n: (out / n).read_bytes() for n in ("outcomes.csv", "entities.csv", "evidence.csv", "errors.csv")}
    docs = _read(out / "documents.csv", drop=("seconds",))
    second = extract([inputs], out, nlp=nlp)
    assert (first.reused, second.reused) == (0, 3) and "3 reused unchanged" in second.summary()
    assert {n: (out / n).read_bytes() for n in snapshot} == snapshot
    assert _read(out / "documents.csv", drop=("seconds",)) == docs
    assert sorted(p.name for p in (out / "texts").iterdir()) == ["a.txt", "b.txt", "c.txt"]


def test_only_new_or_changed_documents_are_read(nlp, inputs, tmp_path):
    out = tmp_path / "out"
    extract([inputs], out, nlp=nlp)
    (inputs / "b.txt").write_text(TEXT.format(v="20.0"))
    (inputs / "d.txt").write_text(TEXT.format(v="21.0"))
    res = extract([inputs], out, nlp=nlp)
    assert res.reused == 2
    assert {"20.0", "21.0"} <= {r["value"] for r in _read(out / "outcomes.csv")}
    assert "13.1" not in {r["value"] for r in _read(out / "outcomes.csv")}


def test_force_reads_everything_again(nlp, inputs, tmp_path):
    out = tmp_path / "out"
    extract([inputs], out, nlp=nlp)
    assert extract([inputs], out, nlp=nlp, force=True).reused == 0
    assert extract([inputs], out, nlp=nlp).reused == 3  # what --force read is kept for the next run


def test_a_changed_rule_file_or_code_makes_every_key_new(nlp, inputs, tmp_path, monkeypatch):
    out = tmp_path / "out"
    extract([inputs], out, nlp=nlp)
    monkeypatch.setattr(reuse, "code_fingerprint", lambda: "another version of the rules")
    assert extract([inputs], out, nlp=nlp).reused == 0


def test_entries_no_document_used_are_pruned_and_a_renamed_file_takes_its_new_id(nlp, inputs, tmp_path):
    out = tmp_path / "out"
    extract([inputs], out, nlp=nlp)
    (inputs / "c.txt").unlink()
    (inputs / "a.txt").rename(inputs / "renamed.txt")
    res = extract([inputs], out, nlp=nlp)
    assert res.reused == 2 and len(list((out / reuse.CACHE).glob("*.json"))) == 2
    assert {r["doc_id"] for r in _read(out / "outcomes.csv")} == {"renamed", "b"}


def test_an_unreadable_cache_entry_is_a_miss(nlp, inputs, tmp_path):
    out = tmp_path / "out"
    extract([inputs], out, nlp=nlp)
    for p in (out / reuse.CACHE).glob("*.json"):
        p.write_text("{not json")
    res = extract([inputs], out, nlp=nlp)
    assert res.reused == 0 and len(_read(out / "outcomes.csv")) == 9
