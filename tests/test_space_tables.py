"""Space-aligned tables (pdftotext -layout), two-level headers and the review cell grammar: real strings
from the review fixtures (corpus/review_0[1-6]_*.txt)."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.normalize import normalize_text
from pipeline.space_tables import find_space_tables
from pipeline.tables import Cell, column_roles, find_tables, read_cell, table_outcomes

from .conftest import CORPUS
from .test_tables import _ctx

# ------------------------------------------------------------ the detector

REVIEW_01_TABLE = """Table 1. Randomized phase 3 trials of CDK4/6 inhibitors plus endocrine therapy (all CIs are 95%)

                                                               Progression-free survival             Overall survival
Trial          Experimental vs. control arm                 Median, months    HR (95% CI)          Median, months    HR (95% CI)
PALOMA-2       Palbociclib + letrozole vs. placebo          24.8 vs. 14.5     0.58 (0.46\u20130.72)     53.9 vs. 51.2     0.956 (0.777\u20131.177)
MONALEESA-2    Ribociclib + letrozole vs. placebo           25.3 vs. 16.0     0.568 (0.457\u20130.704)  63.9 vs. 51.4     0.76 (0.63\u20130.93)
MONALEESA-3    Ribociclib + fulvestrant vs. placebo         20.5 vs. 12.8     0.593 (0.480\u20130.732)  NR vs. 40.0       0.72 (0.57\u20130.92)

HR, hazard ratio; NR, not reached.
"""

REVIEW_03_TABLE = """Table 1. First-line phase 3 trials of PD-1-based therapy: response and progression-free survival

Trial             Arm                              Patients   ORR, %   Median PFS, mo   HR for PFS (CI)
CheckMate 066     Nivolumab                           210      40.0     5.1              0.43 (0.34\u20130.56)
                  Dacarbazine                         208      13.9     2.2              \u2014
KEYNOTE-006       Pembrolizumab every 2 weeks         279      33.7     5.5              0.58 (0.46\u20130.72)
                  Pembrolizumab every 3 weeks         277      32.9     4.1              0.58 (0.47\u20130.72)
                  Ipilimumab                          278      11.9     2.8              \u2014
CheckMate 067     Nivolumab + ipilimumab              314      57.6     11.5             0.42 (0.31\u20130.57)*
                  Nivolumab                           316      43.7     6.9              0.57 (0.43\u20130.76)*
                  Ipilimumab                          315      19.0     2.9              \u2014

ORR, objective response rate; HR, hazard ratio versus the last arm listed for each trial. *99.5% CI; all
other CIs are 95%.
"""

REVIEW_05_TABLE = """Table 1. Efficacy of anti-HER2 regimens in randomized phase 3 trials

                                                                                   Progression-free survival          Overall survival
Trial              Experimental vs. control                 Line   ORR, %          Median, mo      HR (95% CI)        Median, mo      HR (95% CI)
H0648g             Trastuzumab + chemo vs. chemo            1      50 vs. 32       7.4 vs. 4.6*    \u2014                  25.1 vs. 20.3   \u2014
CLEOPATRA          Pertuzumab + T + D vs. placebo + T + D   1      80.2 vs. 69.3   18.5 vs. 12.4   0.62 (0.51\u20130.75)   56.5 vs. 40.8   0.68 (0.56\u20130.84)
DESTINY-Breast03   T-DXd vs. T-DM1                          \u22652     79.7 vs. 34.2   28.8 vs. 6.8    0.33 (0.26\u20130.43)   NR vs. NR       0.64 (0.47\u20130.87)

*Time to progression. ORR, objective response rate; NR, not reached. CIs are 95%.
"""

DETECTED = [
    # table text, header cells, group per column, first cell of each row
    (REVIEW_01_TABLE,
     ["Trial", "Experimental vs. control arm", "Median, months", "HR (95% CI)", "Median, months", "HR (95% CI)"],
     [None, None, "Progression-free survival", "Progression-free survival", "Overall survival", "Overall survival"],
     ["PALOMA-2", "MONALEESA-2", "MONALEESA-3"]),
    (REVIEW_03_TABLE,
     ["Trial", "Arm", "Patients", "ORR, %", "Median PFS, mo", "HR for PFS (CI)"],
     [],
     ["CheckMate 066", "", "KEYNOTE-006", "", "", "CheckMate 067", "", ""]),
    (REVIEW_05_TABLE,
     ["Trial", "Experimental vs. control", "Line", "ORR, %", "Median, mo", "HR (95% CI)", "Median, mo", "HR (95% CI)"],
     [None, None, None, None, "Progression-free survival", "Progression-free survival", "Overall survival",
      "Overall survival"],
     ["H0648g", "CLEOPATRA", "DESTINY-Breast03"]),
]


@pytest.mark.parametrize("raw,header,groups,firsts", DETECTED, ids=["review_01", "review_03", "review_05"])
def test_space_table_detected_with_header_groups_and_rows(raw, header, groups, firsts):
    text = normalize_text(raw)
    (t,) = find_space_tables(text)
    assert t.caption.startswith("Table 1.")
    assert [c.text for c in t.header.cells] == header
    assert [g.text if g else None for g in t.groups] == groups
    assert [r.cells[0].text for r in t.rows] == firsts
    for row in (t.header,) + t.rows:
        assert len(row.cells) == len(header)
        for c in row.cells:
            assert text[c.start:c.end] == c.text


@pytest.mark.parametrize("name", ["review_01_cdk46_breast", "review_03_melanoma_immunotherapy", "review_05_her2_breast"])
def test_one_space_table_in_each_space_aligned_review_and_none_in_the_tab_reviews(name):
    text = normalize_text((CORPUS / f"{name}.txt").read_text(encoding="utf-8"))
    assert len(find_space_tables(text)) == 1
    for other in ("review_02_egfr_alk_nsclc", "review_04_parp_ovarian", "review_06_colorectal_antiegfr"):
        assert find_space_tables(normalize_text((CORPUS / f"{other}.txt").read_text(encoding="utf-8"))) == []


NOT_TABLES = [
    # prose written with two spaces after each sentence, hard-wrapped
    "The median PFS was 24.8 months.  The hazard ratio was 0.58 (95% CI 0.46-0.72).  Responses\n"
    "were seen in 55.3% of patients.  The median OS was 53.9 months versus 51.2 months.  The\n"
    "hazard ratio for death was 0.956.  In MONALEESA-2, 668 women were assigned.  The trial\n"
    "was stopped at 14.7 months.  The rate was 63.0% versus 42.2% at 18 months.\n",
    # running page headers and prose around them
    "\fJournal of Oncology Reviews 2024;12:45-67                                   46\n\n"
    "The final analysis of overall survival in PALOMA-2 was disappointing. The median OS\n"
    "was 53.9 months with palbociclib and 51.2 months with placebo, and the hazard ratio of\n",
    # a two-column list of abbreviations: words, no values
    "HR        hazard ratio\nNR        not reached\nORR       objective response rate\nPFS       progression-free survival\n",
    # numbered references with double spaces
    "1.  Finn RS, Martin M.  N Engl J Med.  2016;375:1925-1936.\n"
    "2.  Hortobagyi GN, Stemmer SM.  N Engl J Med.  2016;375:1738-1748.\n"
    "3.  Goetz MP, Toi M.  J Clin Oncol.  2017;35:3638-3646.\n",
]


@pytest.mark.parametrize("text", NOT_TABLES, ids=["double-spaced prose", "page header", "abbreviations", "references"])
def test_prose_and_lists_with_double_spaces_are_not_tables(text):
    assert find_space_tables(text) == []


def _reflow(text: str) -> str:
    """What the reflow step does: wrapped prose lines of a paragraph joined, never a line holding a run
    of 3+ spaces or a tab."""
    out, cur = [], []
    for line in text.split("\n"):
        if not line.strip() or re.search(r"   |\t", line):
            if cur:
                out.append(" ".join(cur))
                cur = []
            out.append(line)
        else:
            cur.append(line.strip())
    if cur:
        out.append(" ".join(cur))
    return "\n".join(out)


@pytest.mark.parametrize("name", ["review_01_cdk46_breast", "review_03_melanoma_immunotherapy", "review_05_her2_breast"])
def test_same_tables_after_prose_reflow(name):
    text = normalize_text((CORPUS / f"{name}.txt").read_text(encoding="utf-8"))
    flowed = _reflow(text)
    assert flowed != text

    def shape(t):
        return ([c.text for c in t.header.cells], [g.text if g else None for g in t.groups], t.caption,
                [[c.text for c in r.cells] for r in t.rows])

    assert [shape(t) for t in find_space_tables(flowed)] == [shape(t) for t in find_space_tables(text)]


# ------------------------------------------------------------ the cell grammar

GRAMMAR = [
    # cell, column is a CI column, [(value, form, ci, p)], lone CI
    ("24.8 vs. 14.5", False, [("24.8", "bare", None, ""), ("14.5", "bare", None, "")], None),
    ("NR vs. 13.8", False, [("NR", "nr", None, ""), ("13.8", "bare", None, "")], None),
    ("0.58 (0.46\u20130.72; < 0.0001)", False, [("0.58", "ratio", ("0.46", "0.72"), "<0.0001")], None),
    ("0.54 (NA; < 0.001)", False, [("0.54", "bare", None, "<0.001")], None),
    ("1.01 (NA; 0.88)", False, [("1.01", "bare", None, "0.88")], None),
    ("0.696 (NA; 0.0012)", False, [("0.696", "bare", None, "0.0012")], None),
    ("0.33 (0.25\u20130.45; NA)", False, [("0.33", "ratio", ("0.25", "0.45"), "")], None),
    ("0.42 (0.31\u20130.57)*", False, [("0.42", "ratio", ("0.31", "0.57"), "")], None),
    ("NR", False, [("NR", "nr", None, "")], None),
    ("NA", False, [], None),
    ("\u2014", False, [], None),
    ("not yet reported", False, [], None),
    ("0.65\u20130.85", True, [], ("0.65", "0.85")),
    ("0.64\u20131.00*", True, [], ("0.64", "1.00")),
]


@pytest.mark.parametrize("raw,ci_column,values,lone", GRAMMAR, ids=[g[0] for g in GRAMMAR])
def test_review_cell_grammar(raw, ci_column, values, lone):
    text = normalize_text(raw)
    r = read_cell(text, Cell(text, 0, len(text), 0), ci_column)
    assert [(v.value, v.form, (v.ci.low, v.ci.high) if v.ci else None, v.p_value) for v in r.values] == values
    assert ((r.lone_ci.low, r.lone_ci.high) if r.lone_ci else None) == lone
    for v in r.values:
        assert 0 <= v.start < v.end <= v.span_end <= len(text)


def test_a_bare_range_outside_a_ci_column_is_no_lone_ci():
    text = "0.65-0.85"
    assert read_cell(text, Cell(text, 0, len(text), 0)).lone_ci is None


# ------------------------------------------------------------ reading the tables


def _rows(outcomes):
    return {(o.trial, o.endpoint, o.measure, o.arm_role, o.value, o.ci_low, o.ci_high) for o in outcomes}


def test_two_level_space_header_gives_each_group_its_endpoint_and_vs_cells_two_arms():
    text = normalize_text(REVIEW_01_TABLE)
    (t,) = find_space_tables(text)
    ctx = _ctx(text, drugs=("palbociclib", "ribociclib", "letrozole", "fulvestrant"),
               trials=("PALOMA-2", "MONALEESA-2", "MONALEESA-3"))
    cols = column_roles(t, ctx)
    assert [(c.endpoint, c.measure) for c in cols[2:]] == [("PFS", "median"), ("PFS", "hr"), ("OS", "median"), ("OS", "hr")]
    got = _rows(table_outcomes(t, ctx))
    assert ("PALOMA-2", "PFS", "median", "exp", "24.8", "", "") in got
    assert ("PALOMA-2", "PFS", "median", "ctl", "14.5", "", "") in got
    assert ("PALOMA-2", "OS", "hr", "na", "0.956", "0.777", "1.177") in got
    assert ("MONALEESA-3", "OS", "median", "exp", "NR", "", "") in got
    assert ("MONALEESA-3", "OS", "median", "ctl", "40.0", "", "") in got
    assert len(got) == 18


def test_arm_rows_trial_carried_down_reference_arm_is_control_and_counts_stay_out():
    text = normalize_text(REVIEW_03_TABLE)
    (t,) = find_space_tables(text)
    ctx = _ctx(text, drugs=("nivolumab", "dacarbazine", "pembrolizumab", "ipilimumab"),
               trials=("CheckMate 066", "KEYNOTE-006", "CheckMate 067"))
    outs = table_outcomes(t, ctx)
    got = _rows(outs)
    assert ("KEYNOTE-006", "ORR", "rate", "exp", "32.9", "", "") in got
    assert ("KEYNOTE-006", "PFS", "median", "ctl", "2.8", "", "") in got
    assert ("CheckMate 066", "ORR", "rate", "ctl", "13.9", "", "") in got
    assert not {o.value for o in outs} & {"210", "208", "279", "277", "278", "314", "316", "315"}  # patients
    hr = [o for o in outs if o.measure == "hr" and o.trial == "CheckMate 067"]
    assert {o.ci_level for o in hr} == {"0.995"}  # "*99.5% CI" under the table


def test_footnote_names_the_endpoint_of_a_marked_cell():
    text = normalize_text(REVIEW_05_TABLE)
    (t,) = find_space_tables(text)
    ctx = _ctx(text, drugs=("trastuzumab", "pertuzumab", "placebo"), trials=("H0648g", "CLEOPATRA", "DESTINY-Breast03"))
    got = _rows(table_outcomes(t, ctx))
    assert ("H0648g", "TTP", "median", "exp", "7.4", "", "") in got
    assert ("H0648g", "TTP", "median", "ctl", "4.6", "", "") in got
    assert ("CLEOPATRA", "OS", "hr", "na", "0.68", "0.56", "0.84") in got
    assert ("H0648g", "ORR", "rate", "ctl", "32", "", "") in got


REVIEW_02_TAB = (
    "Table 2. Efficacy in the phase 3 trials discussed\n"
    "\t\tProgression-free survival\t\t\tOverall survival\n"
    "Trial\tArm\tMedian\tHR\t95% CI\tMedian\tHR\t95% CI\n"
    "IPASS\tGefitinib\t5.7\t0.74\t0.65\u20130.85\t18.8\t0.90\t0.79\u20131.02\n"
    "IPASS\tCarboplatin + paclitaxel\t5.8\t\t\t17.4\t\t\n"
    "FLAURA\tOsimertinib\t18.9\t0.46\t0.37\u20130.57\t38.6\t0.80\t0.64\u20131.00*\n"
    "FLAURA\tGefitinib or erlotinib\t10.2\t\t\t31.8\t\t\n"
    "NR, not reached. *95.05% CI.\n"
)


def test_two_level_tab_header_reads_every_group_and_ci_columns():
    text = normalize_text(REVIEW_02_TAB)
    (t,) = find_tables(text)
    assert [c.text for c in t.header.cells][:3] == ["Trial", "Arm", "Median"]
    ctx = _ctx(text, drugs=("gefitinib", "carboplatin", "paclitaxel", "osimertinib", "erlotinib"),
               trials=("IPASS", "FLAURA"))
    outs = table_outcomes(t, ctx)
    got = _rows(outs)
    assert ("IPASS", "OS", "median", "exp", "18.8", "", "") in got
    assert ("IPASS", "OS", "median", "ctl", "17.4", "", "") in got
    assert ("IPASS", "OS", "hr", "na", "0.90", "0.79", "1.02") in got
    assert ("IPASS", "PFS", "hr", "na", "0.74", "0.65", "0.85") in got
    assert [o.ci_level for o in outs if o.trial == "FLAURA" and o.endpoint == "OS" and o.measure == "hr"] == ["0.9505"]


# ------------------------------------------------------------ properties

_PIECES = ["  ", "   ", "      ", " ", "\n", "\n\n", "\t", "Trial", "Median, months", "HR (95% CI)", "24.8 vs. 14.5",
           "0.58 (0.46-0.72)", "NR", "-", "PALOMA-2", "Palbociclib + letrozole", "279", "33.7", "Table 1. T",
           "Progression-free survival", "0.54 (NA; < 0.001)", "*", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=80).map("".join) | st.text(alphabet=" \n\tab1.-(;)", max_size=300))
def test_find_space_tables_never_raises_and_cells_slice_to_their_text(text):
    for t in find_space_tables(text):
        assert 0 <= t.start <= t.end <= len(text)
        ncols = len(t.header.cells)
        assert ncols >= 3 and len(t.rows) >= 2
        assert not t.groups or len(t.groups) == ncols
        for row in (t.header,) + t.rows:
            assert len(row.cells) == ncols and [c.col for c in row.cells] == list(range(ncols))
            for c in row.cells:
                assert 0 <= c.start <= c.end <= len(text)
                assert text[c.start:c.end] == c.text
        for o in table_outcomes(t, _ctx(text)):
            assert o.start < o.end and text[o.start:o.end] in o.evidence and o.evidence in text


def test_with_no_trial_column_a_first_cell_naming_a_trial_gives_the_row_its_trial():
    text = ("\tArm\tMedian PFS, months\tHR (95% CI)\n"
            "PALOMA-3\tPalbociclib + fulvestrant\t9.5\t0.46 (0.36-0.59)\n"
            "MONARCH 2\tAbemaciclib + fulvestrant\t16.4\t0.553 (0.449-0.681)\n")
    (t,) = find_tables(text)
    ctx = _ctx(text, drugs=("palbociclib", "abemaciclib", "fulvestrant"), trials=("PALOMA-3", "MONARCH 2"))
    got = {(o.trial, o.measure, o.value) for o in table_outcomes(t, ctx)}
    assert got == {("PALOMA-3", "median", "9.5"), ("PALOMA-3", "hr", "0.46"),
                   ("MONARCH 2", "median", "16.4"), ("MONARCH 2", "hr", "0.553")}


def test_a_wrapped_header_line_that_names_no_groups_is_left_out():
    text = ("Trial        Arm                       Median        HR\n"
            "PALOMA-3     Palbociclib               9.5           0.46 (0.36-0.59)\n"
            "MONARCH 2    Abemaciclib               16.4          0.553 (0.449-0.681)\n")
    (t,) = find_space_tables("Some prose line  with two spaces\n" + text)
    assert [c.text for c in t.header.cells] == ["Trial", "Arm", "Median", "HR"] and t.groups == ()


# ------------------------------------------------------------ trial names a table teaches


def test_trial_column_names_become_trial_mentions_wherever_they_occur():
    from pipeline.schema import EntityMention
    from pipeline.table_trials import table_trial_mentions

    prose = "In CheckMate 066, nivolumab was compared with dacarbazine. KEYNOTE-006 tested pembrolizumab.\n\n"
    text = normalize_text(prose + REVIEW_03_TABLE)
    found = table_trial_mentions(text, [])
    names = {(m.canonical, m.method) for m in found}
    assert names == {("CheckMate 066", "table"), ("KEYNOTE-006", "table"), ("CheckMate 067", "table")}
    first = min(found, key=lambda m: m.start)
    assert (first.start, text[first.start:first.end]) == (3, "CheckMate 066")  # the prose mention too
    for m in found:
        assert text[m.start:m.end] == m.text
    # a name the lexicon already found is kept as the lexicon's mention
    known = [EntityMention(3, 16, "TRIAL", "CheckMate 066", "CheckMate 066", "NCT01721772", "registry")]
    again = table_trial_mentions(text, known)
    assert all(not (m.start < 16 and 3 < m.end) for m in again)


@pytest.mark.parametrize("cell", ["Phase III", "Smith et al. 2019", "12", "nivolumab", "All patients"])
def test_trial_column_cells_that_are_no_trial_names_teach_nothing(cell):
    from pipeline.schema import EntityMention
    from pipeline.table_trials import table_trial_mentions

    text = f"Trial\tArm\tMedian PFS, months\n{cell}\tNivolumab\t5.1\n{cell}\tDacarbazine\t2.2\n"
    drugs = [EntityMention(m.start(), m.end(), "DRUG", m.group(0), m.group(0).lower())
             for m in re.finditer(r"(?i)nivolumab|dacarbazine", text)]
    assert table_trial_mentions(text, drugs) == []
