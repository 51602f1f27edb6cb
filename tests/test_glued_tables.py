"""Tables glued onto one line after their caption (rows separated by runs of spaces), from PMC5301372."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.entities import find_entities, load_lexicon
from pipeline.flat_tables import flat_table_outcomes
from pipeline.glued_tables import find_glued_tables
from pipeline.linking import DocContext
from pipeline.normalize import normalize_text

RESPONSE = (
    "Patients received dovitinib or placebo with fulvestrant. The ORRs were similar in the placebo arm.Table 2Best "
    "overall response per local investigator review in the full analysis setDovitinib + fulvestrant (n = 47)Placebo + "
    "fulvestrant (n = 50)All patients Best overall response, n (%)  CR1 (2.1)1 (2.0)  PR12 (25.5)4 (8.0)  SD18 (38.3)"
    "16 (32.0)  PD4 (8.5)13 (26.0)  Non-CR/non-PD6 (12.8)9 (18.0)  Unknown6 (12.8)7 (14.0)Overall response rate "
    "(CR + PR) [95% CI], n (%)13 (27.7) [15.6–42.6]5 (10.0) [3.3–21.8]Median time to first response [95% CI], "
    "months2.0 [1.5–18.8]3.7 [1.6–9.1]Median duration of response [95% CI], months13.5 [5.5–16.6]14.7 [3.3–NE]"
    "Patients stratified by FGF pathway amplification\n"
    "FGF pathway–amplified (n = 15)\nFGF pathway–nonamplified (n = 32)\nFGF pathway–amplified (n = 16)\n"
    "FGF pathway–nonamplified (n = 34) Best overall response, n (%)  CR01 (3.1)1 (6.3)0  PR3 (20.0)9 (28.1)1 (6.3)"
    "3 (8.8)  SD7 (46.7)11 (34.4)4 (25.0)12 (35.3)\n"
    "Abbreviations: CR Complete response, FGF Fibroblast growth factor, NE Not estimable\n"
)


@pytest.fixture(scope="module")
def out():
    text = normalize_text(RESPONSE)
    ctx = DocContext(doc_id="t", text=text, entities=find_entities(text, load_lexicon()))
    result = [o for t in find_glued_tables(text) for o in flat_table_outcomes(t, ctx)]
    for o in result:
        assert text[o.start:o.end] == o.value and o.evidence in text
    return result


def test_rows_cut_from_one_line_with_exact_cells():
    text = normalize_text(RESPONSE)
    tables = find_glued_tables(text)
    assert len(tables) == 1
    t = tables[0]
    assert t.caption == "Table 2Best overall response per local investigator review in the full analysis set"
    rows = [(r.label, [c[0] for c in r.cells]) for r in t.rows if r.cells]
    assert rows[:2] == [("CR", ["1 (2.1)", "1 (2.0)"]), ("PR", ["12 (25.5)", "4 (8.0)"])]
    assert ("Median time to first response [95% CI], months", ["2.0 [1.5-18.8]", "3.7 [1.6-9.1]"]) in rows
    assert ("CR", ["0", "1 (3.1)", "1 (6.3)", "0"]) in rows  # a zero count without its percentage
    for r in t.rows:
        for cell, s, e in r.cells:
            assert text[s:e] == cell


def test_counts_with_percentages_are_rates_by_arm(out):
    got = [(o.endpoint, o.value, o.regimen, o.arm_role) for o in out if o.endpoint in ("CR", "PR") and not o.population]
    assert got == [("CR", "2.1", "dovitinib + fulvestrant", "exp"), ("CR", "2.0", "placebo + fulvestrant", "ctl"),
                   ("PR", "25.5", "dovitinib + fulvestrant", "exp"), ("PR", "8.0", "placebo + fulvestrant", "ctl")]
    assert not [o for o in out if o.value in ("12.8", "18.0")]  # "Non-CR/non-PD" is not a CR row


def test_rate_with_bracketed_interval_and_medians(out):
    orr = [(o.value, o.ci_low, o.ci_high) for o in out if o.endpoint == "ORR"]
    assert orr == [("27.7", "15.6", "42.6"), ("10.0", "3.3", "21.8")]
    ttr = [(o.measure, o.value, o.ci_low, o.ci_high, o.arm_role) for o in out if o.endpoint == "TTR"]
    assert ttr == [("median", "2.0", "1.5", "18.8", "exp"), ("median", "3.7", "1.6", "9.1", "ctl")]


def test_column_labels_nested_under_spanning_arms(out):
    """Four columns under two arms: each arm spans an amplified and a nonamplified column."""
    got = [(o.value, o.arm_role, o.population) for o in out if o.endpoint == "SD" and o.population]
    assert got == [("46.7", "exp", "FGF pathway-amplified"), ("34.4", "exp", "FGF pathway-nonamplified"),
                   ("25.0", "ctl", "FGF pathway-amplified"), ("35.3", "ctl", "FGF pathway-nonamplified")]


def test_rows_run_together_without_separators_are_left_out():
    """PMC5555437-style tables ("Nausea172 (65%)23 (9%)....171 (65%)") have no row separators."""
    text = ("Toxicity was low.Table 4Acute adverse eventsTwice-daily groupOnce-daily groupNausea172 (65%)23 (9%)"
            "171 (65%)26 (10%)Vomiting105 (40%)13 (5%)95 (36%)13 (5%)Fatigue212 (80%)31 (12%)216 (82%)31 (12%)" * 3)
    assert find_glued_tables(text) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["text.Table 2Caption", "Arm A (n = 4)", "  ", "CR", "1 (2.1)", "0", "2.0 [1.5-3.0]",
                                 "Median PFS", "\n", "x" * 60, "Abbreviations: y"]), max_size=40))
def test_never_raises_and_spans_inside(parts):
    text = "".join(parts)
    for t in find_glued_tables(text):
        for r in t.rows:
            for cell, s, e in r.cells:
                assert text[s:e] == cell


def test_regression_the_paragraph_after_a_table_on_the_same_line_ends_it():
    """PMC5555437 joins tables and the paragraphs after them on one line with runs of spaces; the next
    paragraph ("In our survival analysis ... figure 2A). 2-year ...") was read as a row with cell "2"."""
    text = normalize_text(RESPONSE.split("Patients stratified")[0] + "  In our survival analysis (which included 273 "
                          "patients in each group), median overall survival was 30 months in the twice-daily group "
                          "(figure 2A). 2-year overall survival was 56% in the twice-daily group.  Toxicity was low.  More text.\n")
    t = find_glued_tables(text)[0]
    assert t.rows[-1].label == "Median duration of response [95% CI], months"
    assert text[t.end - 1] == "]"


def test_regression_a_long_segment_is_cut_in_linear_time():
    """A "(?:cell)+$" search backtracked quadratically over a long segment of cells that does not end in a
    cell (8,000 cells took 18 s); 40,000 would not finish. The rows after it are still read."""
    text = ("Results were good.Table 2Efficacy  CR" + "1 (2.1)" * 40_000 + "x  PR1 (2.0)2 (4.0)  SD2 (3.0)3 (6.0)  "
            "PD3 (4.0)4 (8.0)\n")
    [table] = find_glued_tables(text)
    assert [(r.label, [c[0] for c in r.cells]) for r in table.rows if r.label in ("PR", "SD")] == [
        ("PR", ["1 (2.0)", "2 (4.0)"]), ("SD", ["2 (3.0)", "3 (6.0)"])]
