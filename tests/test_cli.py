"""The CLI in-process: exit statuses 0/1/2, bad documents beside good ones, help with examples."""
from __future__ import annotations

import csv
import shutil

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.schema import DOCUMENT_COLUMNS, ERROR_COLUMNS

from .conftest import CORPUS

GOOD = CORPUS / "002_9a28afd505a7c179.txt"


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def _rows(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_help_has_examples(runner):
    for args in ([], ["extract"], ["compare"], ["evaluate"]):
        res = runner.invoke(main, args + ["--help"])
        assert res.exit_code == 0 and "Example" in res.output


def test_all_good_exit_0(runner, tmp_path, nlp, monkeypatch):
    monkeypatch.setattr("pipeline.nlp.build_nlp", lambda model="blank:en", cache_dir=None: nlp)
    res = runner.invoke(main, ["extract", str(GOOD), "--out", str(tmp_path / "out"), "--quiet"])
    assert res.exit_code == 0, res.output
    docs = _rows(tmp_path / "out" / "documents.csv")
    assert [d["status"] for d in docs] == ["ok"]
    assert (tmp_path / "out" / "texts" / "002_9a28afd505a7c179.txt").exists()
    assert "1 documents" in res.output and "0 errors" in res.output


def test_bad_documents_beside_good_ones_exit_1(runner, tmp_path, nlp, monkeypatch):
    monkeypatch.setattr("pipeline.nlp.build_nlp", lambda model="blank:en", cache_dir=None: nlp)
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(GOOD, src / "good.txt")
    (src / "empty.txt").write_text("   \n")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02garbage\x00")
    (src / "latin1.txt").write_bytes("Caf\xe9 HR 0.5".encode("latin-1"))
    (src / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj garbage")
    (src / "notes.csv").write_text("ignored,file\n")
    res = runner.invoke(main, ["extract", str(src), "--out", str(tmp_path / "out"), "--quiet"])
    assert res.exit_code == 1, res.output
    out = tmp_path / "out"
    errors = {e["doc_id"]: e for e in _rows(out / "errors.csv")}
    assert set(errors) == {"empty", "binary", "latin1", "broken"}
    assert "empty document" in errors["empty"]["error"]
    assert "binary" in errors["binary"]["error"]
    assert "not UTF-8" in errors["latin1"]["error"] and "0xe9" in errors["latin1"]["error"]
    assert "PDF" in errors["broken"]["error"]
    for e in errors.values():
        assert "\n" not in e["error"] and "Traceback" not in e["error"]
    docs = {d["doc_id"]: d for d in _rows(out / "documents.csv")}
    assert docs["good"]["status"] == "ok" and int(docs["good"]["chars"]) > 1000
    assert {d["status"] for k, d in docs.items() if k != "good"} == {"error"}
    outcomes = _rows(out / "outcomes.csv")
    assert outcomes and {o["doc_id"] for o in outcomes} == {"good"}
    with open(out / "errors.csv", encoding="utf-8") as fh:
        assert fh.readline().strip() == ",".join(ERROR_COLUMNS)
    with open(out / "documents.csv", encoding="utf-8") as fh:
        assert fh.readline().strip() == ",".join(DOCUMENT_COLUMNS)


def test_usage_errors_exit_2_with_one_line(runner, tmp_path):
    res = runner.invoke(main, ["extract", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2 and "no such file or directory" in res.output
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    res = runner.invoke(main, ["extract", str(empty_dir), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2 and "no .txt, .md or .pdf documents found" in res.output
    res = runner.invoke(main, ["extract", str(empty_dir)])
    assert res.exit_code == 2 and "--out" in res.output
    res = runner.invoke(main, ["extract", str(GOOD), "--out", str(tmp_path / "o"), "--model", "en_core_sci_sm_missing"])
    assert res.exit_code == 2 and "not installed" in res.output
    res = runner.invoke(main, ["extract", str(GOOD), "--out", str(tmp_path / "o"), "--bogus"])
    assert res.exit_code == 2


def test_python_dash_m_is_the_same_program():
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and "Usage: litx" in res.stdout


def test_compare_command(runner, tmp_path):
    header = "doc_id,measure,endpoint,value,ci_low,ci_high,trial,arm_role,evidence\n"
    (tmp_path / "x.csv").write_text(header + "d,hr,OS,0.65,0.50,0.85,T,na,HR 0.65\n")
    (tmp_path / "g.csv").write_text(header + "d,hr,OS,0.650,0.5,0.85,T,na,HR 0.65\nd,median,OS,3.1,,,T,exp,x\n")
    res = runner.invoke(main, ["compare", str(tmp_path / "x.csv"), str(tmp_path / "g.csv"), "--out", str(tmp_path / "c")])
    assert res.exit_code == 0, res.output
    assert "overall" in res.output and "1.000" in res.output
    rows = _rows(tmp_path / "c" / "comparison.csv")
    assert sorted(r["reason"] for r in rows) == ["match", "missing"]
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n")
    res = runner.invoke(main, ["compare", str(tmp_path / "bad.csv"), str(tmp_path / "g.csv"), "--out", str(tmp_path / "c")])
    assert res.exit_code == 2 and "missing column" in res.output


def test_parallel_jobs_give_the_same_output(runner, tmp_path, nlp, monkeypatch):
    monkeypatch.setattr("pipeline.nlp.build_nlp", lambda model="blank:en", cache_dir=None: nlp)
    src = tmp_path / "in"
    src.mkdir()
    for name in ("002_9a28afd505a7c179.txt", "PMC3488187.txt", "PMC4327560.txt"):
        shutil.copy(CORPUS / name, src / name)
    (src / "empty.txt").write_text("")
    outs = {}
    for jobs in ("1", "2"):
        res = runner.invoke(main, ["extract", str(src), "--out", str(tmp_path / jobs), "--quiet", "--jobs", jobs])
        assert res.exit_code == 1, res.output  # the empty file
        outs[jobs] = {name: (tmp_path / jobs / name).read_text() for name in ("entities.csv", "outcomes.csv", "errors.csv")}
    assert outs["1"] == outs["2"]
    assert outs["1"]["outcomes.csv"].count("\n") > 50
