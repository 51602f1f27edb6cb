"""Shared fixtures: one pipeline and one evaluation run of the corpus per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
ANNOTATIONS = ROOT / "annotations"


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def corpus_eval(nlp, tmp_path_factory):
    """``litx evaluate`` over corpus/: (output dir, EvaluationReport)."""
    from pipeline.evaluate import evaluate

    out = tmp_path_factory.mktemp("eval")
    report = evaluate(CORPUS, ANNOTATIONS, out, nlp=nlp)
    return out, report
