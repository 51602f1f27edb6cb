"""The output contract's rules of this round (../shared/CONTRACT.md): CSV cell neutralization, doc_id
collisions, bounded evidence, the ``why`` column, evidence.csv and conflicts.csv."""
from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.evidence import evidence_tables
from pipeline.batch import extract
from pipeline.finish import evidence_window
from pipeline.ingest import assign_doc_ids
from pipeline.io import csv_text, neutral_cell
from pipeline.schema import CONFLICT_COLUMNS, EVIDENCE_COLUMNS, OUTCOME_COLUMNS, Outcome

GOOD = ("Median overall survival was 12.5 months with drug X versus 9.1 months with placebo "
        "(HR 0.72, 95% CI 0.60-0.86; p<0.001).\n")


@pytest.mark.parametrize("cell, written", [
    ("=cmd|' /C calc'!A0 median PFS", "'=cmd|' /C calc'!A0 median PFS"),
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1 more", "'+1 more"),
    ("-the arm", "'-the arm"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tindented", "'\tindented"),
    ("\rreturn", "'\rreturn"),
    ("-0.5", "-0.5"),  # numeric text stays a number
    ("+3", "+3"),
    ("1e-3", "1e-3"),
    ("erlotinib", "erlotinib"),
    (0.5, 0.5),
    (-3, -3),
    ("", ""),
])
def test_formula_cells_are_neutralized_numbers_are_not(cell, written):
    assert neutral_cell(cell) == written


def test_csv_text_neutralizes_every_text_cell():
    out = csv_text(("a", "b"), [{"a": "=1+1", "b": -2}])
    rows = list(csv.reader(out.splitlines()))
    assert rows[1] == ["'=1+1", "-2"]


def test_colliding_doc_ids_become_relative_paths(tmp_path):
    inputs = [(Path("x/a/report.txt"), "a/report.txt"), (Path("x/b/report.txt"), "b/report.txt"),
              (Path("x/a/report.pdf"), "a/report.pdf"), (Path("x/other.txt"), "other.txt")]
    assert assign_doc_ids(inputs) == ["a/report.txt", "b/report.txt", "a/report.pdf", "other"]


def test_identical_relative_paths_under_two_arguments_stay_apart():
    inputs = [(Path("r1/report.txt"), "report.txt"), (Path("r2/report.txt"), "report.txt")]
    assert assign_doc_ids(inputs) == ["report.txt", "report.txt#2"]


def test_batch_with_colliding_names_and_a_broken_pdf_keeps_both_good_files(tmp_path):
    (tmp_path / "in" / "a").mkdir(parents=True)
    (tmp_path / "in" / "b").mkdir()
    (tmp_path / "in" / "a" / "report.txt").write_text(GOOD)
    (tmp_path / "in" / "b" / "report.txt").write_text(GOOD)
    (tmp_path / "in" / "a" / "report.pdf").write_bytes(b"%PDF-1.4 broken")
    res = extract([tmp_path / "in"], tmp_path / "out")
    ids = [d.doc_id for d in res.documents]
    assert sorted(ids) == ["a/report.pdf", "a/report.txt", "b/report.txt"]
    assert {d.doc_id: d.status for d in res.documents} == {"a/report.pdf": "error", "a/report.txt": "ok", "b/report.txt": "ok"}
    assert {o.doc_id for o in res.outcomes} == {"a/report.txt", "b/report.txt"}
    assert (tmp_path / "out" / "texts" / "a" / "report.txt.txt").read_text() == GOOD
    assert res.exit_status == 1


def test_formula_in_a_sentence_and_a_file_name_is_written_as_text(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "=HYPERLINK(1).txt").write_text("=cmd|' /C calc'!A0 " + GOOD)
    extract([tmp_path / "in"], tmp_path / "out")
    docs = list(csv.DictReader(open(tmp_path / "out" / "documents.csv", encoding="utf-8")))
    assert docs[0]["doc_id"] == "'=HYPERLINK(1)"
    outcomes = list(csv.DictReader(open(tmp_path / "out" / "outcomes.csv", encoding="utf-8")))
    assert outcomes and all(not o["evidence"].startswith("=") for o in outcomes)
    assert all(o["doc_id"] == "'=HYPERLINK(1)" for o in outcomes)


def test_outcomes_csv_ends_with_timepoint_and_why():
    assert OUTCOME_COLUMNS[-2:] == ("timepoint", "why")
    assert OUTCOME_COLUMNS[:3] == ("doc_id", "trial", "nct_id")


def test_every_row_says_why(tmp_path):
    (tmp_path / "d.txt").write_text(GOOD)
    res = extract([tmp_path / "d.txt"], tmp_path / "out")
    whys = {o.measure: o.why for o in res.outcomes}
    assert "value.hr.trigger" in whys["hr"].split(";")
    assert "value.median.after_median" in whys["median"].split(";")
    assert all(o.why for o in res.outcomes)


def test_long_evidence_is_cut_around_the_number():
    sentence = "word " * 400 + "HR 0.72 (0.60-0.86)" + " more" * 400
    start = sentence.index("0.72")
    ev = evidence_window(sentence, sentence, start, start + 4)
    assert len(ev) <= 602 and "HR 0.72 (0.60-0.86)" in ev
    assert ev.startswith("\u2026") and ev.endswith("\u2026")
    assert ev.strip("\u2026") in sentence


def test_short_evidence_is_whole():
    assert evidence_window("HR 0.72.", "HR 0.72.", 3, 7) == "HR 0.72."


def test_quadratic_input_writes_bounded_evidence(tmp_path):
    (tmp_path / "a.txt").write_text("age <65 years HR 0.62 (0.50-0.77); " * 300)
    res = extract([tmp_path / "a.txt"], tmp_path / "out")
    assert res.outcomes and max(len(o.evidence) for o in res.outcomes) <= 602


def _row(doc, value, **kw):
    base = dict(doc_id=doc, trial="MONALEESA-2", nct_id="NCT01958021", endpoint="PFS", measure="hr", arm="",
                arm_role="na", regimen="", comparator="", population="", value=value, ci_low="", ci_high="",
                ci_level="", unit="ratio", p_value="", source="text", page=None, start=0, end=4,
                evidence=f"HR {value}", confidence=0.9, flags="")
    base.update(kw)
    return Outcome(**base)


def test_documents_stating_one_value_agree_within_printed_precision():
    facts, conflicts = evidence_tables([_row("d1", "0.56"), _row("d2", "0.560"), _row("d2", "0.56")])
    assert len(facts) == 1 and not conflicts
    f = facts[0]
    assert (f.status, f.n_documents, f.doc_ids, f.value) == ("agreed", 2, "d1;d2", "0.560")


def test_documents_disagreeing_beyond_precision_are_a_conflict_with_reason():
    rows = [_row("d1", "0.56"), _row("d2", "0.562"),
            _row("d3", "0.60", evidence="In the final analysis, HR 0.60"),
            _row("d4", "25.3", measure="median", unit="months", arm_role="exp", arm="ribociclib")]
    facts, conflicts = evidence_tables(rows)
    hr = next(f for f in facts if f.measure == "hr")
    assert hr.status == "conflict" and hr.n_documents == 3
    assert [(c.value_a, c.value_b, c.reason) for c in conflicts] == [("0.562", "0.60", "another data cut")]
    assert next(f for f in facts if f.measure == "median").status == "single"


def test_arms_named_differently_are_one_fact_by_role():
    rows = [_row("d1", "25.3", measure="median", unit="months", arm_role="exp", arm="ribociclib arm"),
            _row("d2", "25.3", measure="median", unit="months", arm_role="exp", arm="ribociclib plus letrozole")]
    facts, _ = evidence_tables(rows)
    assert len(facts) == 1 and facts[0].status == "agreed"


def test_rows_without_trial_and_design_rows_are_not_facts():
    facts, _ = evidence_tables([_row("d1", "0.5", trial="", nct_id=""), _row("d2", "0.75", flags="design")])
    assert facts == []


def test_interim_values_give_the_reason():
    facts, conflicts = evidence_tables([_row("d1", "0.70", flags="interim"), _row("d2", "0.80")])
    assert conflicts[0].reason == "interim analysis"


def test_extract_writes_evidence_and_conflicts(tmp_path):
    (tmp_path / "in").mkdir()
    for name, hr in (("a", "0.72"), ("b", "0.72"), ("c", "0.81")):
        (tmp_path / "in" / f"{name}.txt").write_text(f"In the MONALEESA-2 trial, the hazard ratio for death was {hr} "
                                                      f"(95% CI 0.60-0.90).\n")
    extract([tmp_path / "in"], tmp_path / "out")
    ev = list(csv.DictReader(open(tmp_path / "out" / "evidence.csv", encoding="utf-8")))
    assert tuple(ev[0]) == EVIDENCE_COLUMNS
    assert [(e["trial"], e["endpoint"], e["status"], e["n_documents"], e["value"]) for e in ev] == \
        [("MONALEESA-2", "OS", "conflict", "3", "0.72")]
    cf = list(csv.DictReader(open(tmp_path / "out" / "conflicts.csv", encoding="utf-8")))
    assert tuple(cf[0]) == CONFLICT_COLUMNS
    assert (cf[0]["value_a"], cf[0]["doc_ids_a"], cf[0]["value_b"], cf[0]["doc_ids_b"]) == ("0.72", "a;b", "0.81", "c")


def test_one_row_replaced_keeps_frozen_contract():
    o = _row("d", "0.5")
    with pytest.raises(Exception):
        o.value = "0.6"  # type: ignore[misc]
    assert replace(o, value="0.6").value == "0.6"
