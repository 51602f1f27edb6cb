"""The Python API (issue: a Python API that spaCy and pandas users can rely on): what is built so far."""
from __future__ import annotations

import doctest
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline import api

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def api_nlp():
    return pipeline.load()


def test_module_docstring_example_runs():
    assert doctest.testmod(api).failed == 0


def test_nlp_on_raw_text_reads_as_the_cli_does(api_nlp, nlp, tmp_path):
    raw = (ROOT / "corpus" / "PMC3488187.txt").read_text(encoding="utf-8")
    doc = api_nlp(raw)
    cli = pipeline.extract(ROOT / "corpus" / "PMC3488187.txt", tmp_path / "out", nlp=nlp)
    got = [(o.measure, o.endpoint, o.value, o.ci_low, o.ci_high, o.start, o.end) for o in doc._.outcomes]
    want = [(r.measure, r.endpoint, f"{r.value:g}" if r.value == r.value else "NR", r.ci_low, r.ci_high, r.start, r.end)
            for r in cli.outcomes.itertuples()]
    assert [(m, e, float(v) if v != "NR" else v, s, t) for m, e, v, _, _, s, t in got] == \
        [(m, e, float(v) if v != "NR" else v, s, t) for m, e, v, _, _, s, t in want]
    assert doc.text == (tmp_path / "out" / "texts" / "PMC3488187.txt").read_text(encoding="utf-8")
    assert [(e.label, e.canonical, e.start, e.end) for e in doc._.entity_mentions] == \
        [(r.label, r.canonical, r.start, r.end) for r in cli.entities.itertuples()]


def test_middle_dot_decimals_are_read_from_raw_text(api_nlp):
    doc = api_nlp("Median OS was 12·5 months vs 9·1 months (HR 0·72, 95% CI 0·60–0·86).")
    assert [o.value for o in doc._.outcomes] == ["12.5", "9.1", "0.72"]


def test_extract_returns_dataframes_with_real_dtypes(nlp, tmp_path):
    res = pipeline.extract([ROOT / "corpus" / "PMC2855860.txt"], tmp_path / "out", nlp=nlp)
    o = res.outcomes
    assert list(o.columns[: len(api.OUTCOME_COLUMNS)]) == list(api.OUTCOME_COLUMNS)
    assert o["value"].dtype == "float64" and o["ci_low"].dtype == "float64"
    assert str(o["start"].dtype) == "Int64" and str(o["page"].dtype) == "Int64"
    assert o["not_reached"].dtype == bool
    assert isinstance(res.documents, pd.DataFrame) and res.documents.loc[0, "status"] == "ok"
    assert (tmp_path / "out" / "outcomes.csv").exists() and res.exit_status == 0
