"""Engines and streaming (issue: batch at scale): every engine writes the same bytes; rows reach the
CSVs in input order whatever order documents finish in; a failing worker is one document's error."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from pipeline import engines
from pipeline.batch import extract
from pipeline.io import csv_text
from pipeline.process import failed
from pipeline.schema import ENTITY_COLUMNS, ERROR_COLUMNS, Entity, ErrorRecord, as_row
from pipeline.spool import OrderedSink

ROOT = Path(__file__).resolve().parents[1]
DOCS = ("PMC1936363.txt", "PMC3488187.txt", "000_5fd9affc0ff2dda7.txt", "PMC2361515.txt", "002_9a28afd505a7c179.txt")
SETS = ("entities.csv", "outcomes.csv", "errors.csv", "evidence.csv", "conflicts.csv")


def _documents(out: Path) -> list[dict]:
    with open(out / "documents.csv", newline="", encoding="utf-8") as fh:
        return [{k: v for k, v in r.items() if k != "seconds"} for r in csv.DictReader(fh)]


def _snapshot(out: Path) -> dict:
    texts = {p.name: p.read_bytes() for p in sorted((out / "texts").iterdir())}
    return {"csv": {n: (out / n).read_bytes() for n in SETS}, "documents": _documents(out), "texts": texts}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("engines") / "in"
    d.mkdir()
    for name in DOCS:
        shutil.copy(ROOT / "corpus" / name, d / name)
    (d / "broken.pdf").write_bytes(b"%PDF-1.4 not really")  # one bad document: its error row, same in every engine
    (d / "empty.txt").write_text("   \n")
    return d


@pytest.fixture(scope="module")
def local_set(nlp, inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("local") / "out"
    res = extract([inputs], out, nlp=nlp)
    assert res.exit_status == 1 and len(res.errors) == 2 and len(res.documents) == 7
    return _snapshot(out)


def test_dask_local_cluster_writes_the_same_bytes_as_the_local_engine(nlp, inputs, local_set, tmp_path):
    pytest.importorskip("distributed")
    out = tmp_path / "out"
    res = extract([inputs], out, nlp=nlp, engine="dask", jobs=2)
    assert len(res.documents) == 7 and [e.doc_id for e in res.errors] == ["broken", "empty"]
    assert _snapshot(out) == local_set


def test_dask_at_a_scheduler_address_writes_the_same_bytes(nlp, inputs, local_set, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        out = tmp_path / "out"
        extract([inputs], out, nlp=nlp, engine="dask", scheduler=cluster.scheduler_address, force=True)
        assert _snapshot(out) == local_set


def test_unreachable_scheduler_is_one_clear_error():
    pytest.importorskip("distributed")
    settings_ = engines.EngineSettings(engine="dask", scheduler="tcp://127.0.0.1:9", connect_timeout=1.0)
    with pytest.raises(engines.EngineError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"):
        list(engines.results(None, [(0, Path("a.txt"), "a")], {}, settings_, "blank:en"))


def test_scheduler_without_the_dask_engine_is_a_usage_error(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main

    (tmp_path / "a.txt").write_text("text")
    r = CliRunner().invoke(main, ["extract", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"), "--scheduler", "tcp://x:1"])
    assert r.exit_code == 2 and "--scheduler needs --engine dask" in r.output


def test_unknown_engine_and_a_pipeline_without_a_model_name_are_refused():
    with pytest.raises(engines.EngineError, match="unknown engine 'spark'; use one of: local, dask"):
        engines.results(None, [], {}, engines.EngineSettings(engine="spark"), "blank:en")
    with pytest.raises(engines.EngineError, match="from a model name"):
        engines.results(None, [], {}, engines.EngineSettings(engine="dask"), None)


class _Future:
    def __init__(self, value=None, exc=None):
        self.value, self.exc = value, exc

    def result(self):
        if self.exc:
            raise self.exc
        return self.value


def test_a_dead_worker_or_a_worker_with_other_code_is_its_documents_error():
    ok = failed("x", Path("x.txt"), "txt", "read", "placeholder")  # any Processed stands for a result here
    sent = [(0, Path("a.txt"), "a"), (3, Path("b.pdf"), "b")]
    dead = list(engines._finished(_Future(exc=RuntimeError("KilledWorker: worker exceeded memory")), sent, "code1"))
    assert [i for i, _ in dead] == [0, 3] and dead[1][1].record.format == "pdf"
    assert all(r.error.stage == "extract" and r.error.error.startswith("dask worker failed: RuntimeError: KilledWorker")
               for _, r in dead)
    other = list(engines._finished(_Future(("code2", [ok, ok])), sent, "code1"))
    assert all("another litx version" in r.error.error for _, r in other)
    assert list(engines._finished(_Future(("code1", [ok, ok])), sent, "code1")) == [(0, ok), (3, ok)]


def _entities(i: int, n: int) -> list[Entity]:
    return [Entity(f"d{i}", "DRUG", f"=drug{j}, \"x\"\n", f"drug{j}", "", j, j + 1, None, "text", "lexicon") for j in range(n)]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=1, max_size=8).flatmap(
    lambda sizes: st.tuples(st.just(sizes), st.permutations(range(len(sizes))))))
def test_rows_reach_the_csv_in_input_order_whatever_order_documents_finish_in(tmp_path_factory, case):
    sizes, order = case
    stage = tmp_path_factory.mktemp("sink")
    sink = OrderedSink(stage, {"entities.csv": ENTITY_COLUMNS, "errors.csv": ERROR_COLUMNS})
    for i in order:
        errs = [ErrorRecord(f"d{i}", "p", "read", "-bad")] if sizes[i] == 0 else []
        sink.add(i, {"entities.csv": _entities(i, sizes[i]), "errors.csv": errs})
    sink.close()
    want = csv_text(ENTITY_COLUMNS, (as_row(e) for i in range(len(sizes)) for e in _entities(i, sizes[i])))
    assert (stage / "entities.csv").read_text(encoding="utf-8") == want
    assert not (stage / ".spool").exists()
    errors = (stage / "errors.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert errors == [f"d{i},p,read,'-bad" for i in range(len(sizes)) if sizes[i] == 0]


def test_a_document_that_never_finishes_is_an_error_not_a_silent_gap(tmp_path):
    sink = OrderedSink(tmp_path, {"entities.csv": ENTITY_COLUMNS})
    sink.add(1, {"entities.csv": _entities(1, 2)})
    with pytest.raises(RuntimeError, match="document 0 never did"):
        sink.close()
