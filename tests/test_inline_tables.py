"""Ratio tables flattened into the running text (cells separated by spaces), from a real corpus table."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from pipeline.inline_tables import find_inline_tables, inline_table_outcomes
from pipeline.linking import DocContext
from pipeline.normalize import normalize_text

# PMC3466131, Table 4, as the export writes it: one line, cells separated by runs of spaces
COX_TABLE = (
    "Similar results were observed when continuous values of plasma markers were included in the model.  "
    "Table 4 Multivariate Cox regression analysis (in the subpopulation of Bev-treated patients)*   Overall survival "
    "Progression-free survival HR 95 %  CI Wald’s p HR 95 %  CI Wald’s p Group XELIRI-Bev 1     1     FOLFIRI-Bev "
    "0.842 0.587–1.207 0.35 0.949 0.682–1.321 0.76 Performance status 0 1     1     1–2 1.710 1.164–2.513 0.006 "
    "1.375 0.952–1.986 0.090 Number of organs involved 1 1     1     2 1.580 1.052–2.373 0.027 1.475 1.019–2.135 "
    "0.040 ≥3 2.598 1.502–4.493 0.001 2.305 1.337–3.973 0.003 Osteopontin (OPN) Low 1     1     High 1.632 "
    "1.116–2.387 0.012 1.467 1.044–2.060 0.027 *Both models remain the same whether continuous or binary variables "
    "of plasma markers were used. HR , hazard ratio;  CI , confidence interval. \nNext paragraph (HR 0.50, 0.1-0.9).\n"
)


def _outcomes(text):
    text = normalize_text(text)
    ctx = DocContext(doc_id="t", text=text, entities=[])
    out = [o for t in find_inline_tables(text) for o in inline_table_outcomes(t, ctx)]
    for o in out:
        assert text[o.start:o.end] == o.value and text[o.start:o.end] in o.evidence and o.evidence in text
    return out


def test_rows_labels_and_column_groups():
    tables = find_inline_tables(normalize_text(COX_TABLE))
    assert len(tables) == 1
    assert tables[0].caption.startswith("Table 4 Multivariate Cox regression analysis")
    assert [r.label for r in tables[0].rows] == [
        "FOLFIRI-Bev", "Performance status 1-2", "Number of organs involved 2", "≥3", "High"]
    assert all(len(r.groups) == 2 for r in tables[0].rows)


def test_one_ratio_per_endpoint_in_header_order_with_p_and_prognostic_flag():
    got = [(o.endpoint, o.value, o.ci_low, o.ci_high, o.p_value, o.arm, o.flags) for o in _outcomes(COX_TABLE)]
    assert got[:4] == [
        ("OS", "0.842", "0.587", "1.207", "0.35", "FOLFIRI-Bev", "prognostic"),
        ("PFS", "0.949", "0.682", "1.321", "0.76", "FOLFIRI-Bev", "prognostic"),
        ("OS", "1.710", "1.164", "2.513", "0.006", "Performance status 1-2", "prognostic"),
        ("PFS", "1.375", "0.952", "1.986", "0.090", "Performance status 1-2", "prognostic"),
    ]
    assert len(got) == 10 and {o.measure for o in _outcomes(COX_TABLE)} == {"hr"}


def test_the_table_ends_at_the_line_end():
    # the HR in the next paragraph is prose, read by the sentence parsers, not a table row
    assert all(o.value != "0.50" for o in _outcomes(COX_TABLE))


def test_prose_with_a_table_reference_is_not_a_table():
    text = "As shown in Table 2 The HR was 0.70 0.50-0.90 0.01 for PFS and OS."
    assert _outcomes(text) == []  # cited mid-sentence, not a caption after a paragraph break


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["  Table 4 Cox", " HR 95% CI p", " OS", " PFS", " 0.842", " 0.587–1.207", " 0.35",
                                 "   ", " High", "\n", " 1", "x"]), max_size=40))
def test_never_raises_and_spans_inside(parts):
    text = "".join(parts)
    for t in find_inline_tables(text):
        assert 0 <= t.start <= t.end <= len(text)
        for r in t.rows:
            assert 0 <= r.start <= len(text)
            for value, s, e, *_ in r.groups:
                assert text[s:e] == value
    _outcomes(text)
