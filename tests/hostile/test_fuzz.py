"""Fuzzing (issue: hostile input): the whole pipeline over generated text, and the PDF reader over
generated PDFs, never crash; every offset stays inside the text. (Each parser and table layout has its
own property test beside its unit tests.)"""
from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from pipeline.ingest import IngestError
from pipeline.normalize import normalize_text

PIECES = ["Median PFS", " was ", "12.5", " months", " (95% CI ", "0.5", "-", "0.9", ")", " vs ", "HR", " 0.72", "%",
          "\t", "\n", "\f", "Table 2", "n = 4", ";", ", ", ". ", "NR", "not reached", "placebo", "erlotinib",
          "TOPICAL", "NCT01234567", "(", "[", "]", "±", "·", "–", "=cmd", "\x00", "CR", "PR", "SD", "ORR", " 95%"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=80).map("".join))
def test_the_pipeline_never_crashes_and_offsets_stay_in_the_text(nlp, raw):
    text = normalize_text(raw)
    doc = nlp(text)
    for o in doc._.outcomes:
        assert 0 <= o.start <= o.end <= len(text)
        assert text[o.start : o.end] in o.evidence.strip("\u2026")
    for e in doc._.entity_mentions:
        assert text[e.start : e.end] == e.text


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 560), st.integers(0, 800), st.sampled_from(PIECES[:30]), st.integers(5, 30)),
                max_size=40))
def test_the_pdf_reader_never_crashes(items):
    reportlab = pytest.importorskip("reportlab")  # noqa: F841
    from reportlab.pdfgen import canvas

    from pipeline.pdf import read_pdf

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for x, y, s, size in items:
        c.setFont("Helvetica", size)
        c.drawString(x, y, s.replace("\x00", ""))
    c.save()
    try:
        text, starts = read_pdf(buf.getvalue(), max_pages=5)
    except IngestError:
        return  # an empty page is "no text layer": one clear error, never a crash
    assert starts and starts[0] == 0 and all(0 <= s <= len(text) for s in starts)
