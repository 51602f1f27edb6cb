"""Tables flattened to one cell per line (PubMed Central text exports), from real corpus tables."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.entities import find_entities, load_lexicon
from pipeline.flat_tables import find_flat_tables, flat_table_outcomes
from pipeline.linking import DocContext
from pipeline.normalize import normalize_text

PFS_TABLE = """Patients received axitinib or sorafenib.
Table 3.IRC-assessed progression-free survival (overall or stratified by prior therapy)
 Overall populationJapanese patientsAxitinibSorafenibAxitinibSorafenibPFS, months
Overall
n = 361
n = 362
n = 25
n = 29
 Median PFS (95% CI)
6.7 (6.3–8.6)
4.7 (4.6–5.6)
12.1 (8.6–NE)
4.9 (2.8–6.6)
 HR (95% CI)
0.665 (0.544–0.812)
0.390 (0.130–1.173)
 P valuea
<0.0001
0.0401
IRC, Independent Review Committee; PFS, progression-free survival; HR, hazard ratio; CI, confidence interval; NE, not estimable.
"""

RESPONSE_TABLE = """Patients received axitinib or sorafenib.
Table 4.IRC-assessed objective tumor response (overall or stratified by prior therapy)
 Overall populationJapanese patientsAxitinibSorafenibAxitinibSorafenibBest-observed RECIST response, n (%)
 Overall
n = 361
n = 362
n = 25
n = 29
  CR
0
0
0
0
  PR
70 (19.4)
34 (9.4)
13 (52.0)
1 (3.4)
  ORR (CR + PR)
41 (32.5)
17 (13.6)
  95% CI
24.5–41.5
8.1–20.9
"""

MULTIVARIATE_TABLE = """Table 3BODY.ELEVATED BASELINE PLASMA YKL-40 AND PROGNOSIS - MULTIVARIATE ANALYSIS:
Progression-free survivalaHR95% CIpTreatment: BEV versus Plb
0.60
0.48–0.76
< 0.0001
Age, per year increase
1.02
1.00–1.03
0.018
Overall survivalaHR95% CIpTreatment: BEV versus Plb
0.94
0.74–1.20
0.63
Race: white versus non-white
1.74
1.16–2.61
0.0076
"""


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def outcomes(text, lexicon):
    text = normalize_text(text)
    ctx = DocContext(doc_id="t", text=text, entities=find_entities(text, lexicon))
    out = [o for t in find_flat_tables(text) for o in flat_table_outcomes(t, ctx)]
    for o in out:
        assert text[o.start:o.end] == o.value or o.value in text[o.start:o.end]
        assert text[o.start:o.end] in o.evidence and o.evidence in text
    return out


def test_table_block_rows_and_cells():
    text = normalize_text(PFS_TABLE)
    tables = find_flat_tables(text)
    assert len(tables) == 1
    labels = [r.label for r in tables[0].rows]
    assert labels[:4] == ["Overall", "Median PFS (95% CI)", "HR (95% CI)", "P valuea"]  # "Overall" labels the n = row
    assert [c[0] for c in tables[0].rows[1].cells] == ["6.7 (6.3-8.6)", "4.7 (4.6-5.6)", "12.1 (8.6-NE)", "4.9 (2.8-6.6)"]
    assert tables[0].rows[-1].label == "P valuea"  # the footnote line ends the table


def test_medians_with_ci_and_arms_from_a_glued_header(lexicon):
    out = outcomes(PFS_TABLE, lexicon)
    med = [(o.value, o.ci_low, o.ci_high, o.regimen, o.arm_role) for o in out if o.measure == "median"]
    assert med == [("6.7", "6.3", "8.6", "axitinib", "exp"), ("4.7", "4.6", "5.6", "sorafenib", "ctl"),
                   ("12.1", "8.6", "NE", "axitinib", "exp"), ("4.9", "2.8", "6.6", "sorafenib", "ctl")]
    assert all(o.endpoint == "PFS" and o.source == "table" for o in out)


def test_hazard_ratios_take_the_p_value_row(lexicon):
    hrs = [(o.value, o.ci_low, o.ci_high, o.p_value) for o in outcomes(PFS_TABLE, lexicon) if o.measure == "hr"]
    assert hrs == [("0.665", "0.544", "0.812", "<0.0001"), ("0.390", "0.130", "1.173", "0.0401")]


def test_n_percent_cells_are_rates_and_ci_rows_attach(lexicon):
    out = outcomes(RESPONSE_TABLE, lexicon)
    pr = [o.value for o in out if o.endpoint == "PR"]
    assert pr == ["19.4", "9.4", "52.0", "3.4"]
    cr = [o.value for o in out if o.endpoint == "CR"]
    assert cr == ["0", "0", "0", "0"]
    orr = [(o.value, o.ci_low, o.ci_high) for o in out if o.endpoint == "ORR"]
    assert orr == [("32.5", "24.5", "41.5"), ("13.6", "8.1", "20.9")]


def test_regression_glued_footnote_mark_does_not_hide_the_endpoint(lexicon):
    """"Overall survivalaHR95% CIp..." switched the rows below it to OS only after the mark was split off."""
    out = outcomes(MULTIVARIATE_TABLE, lexicon)
    got = [(o.endpoint, o.value, o.ci_low, o.ci_high, o.p_value) for o in out]
    assert got == [("PFS", "0.60", "0.48", "0.76", "<0.0001"), ("PFS", "1.02", "1.00", "1.03", "0.018"),
                   ("OS", "0.94", "0.74", "1.20", "0.63"), ("OS", "1.74", "1.16", "2.61", "0.0076")]


def test_regression_quartile_band_is_not_a_median_row(lexicon):
    text = ("Table 4.Baseline plasma YKL-40 level and bevacizumab efficacy\nProgression-free survival, months\n"
            "> Q1 to ≤ Median\n70\n6.5\n71\n10.0\n0.63\n0.44–0.91\n")
    assert [o for o in outcomes(text, lexicon) if o.measure == "median"] == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Table 2.Response", "Median PFS", "6.7 (6.3-8.6)", "n = 3", "HR", "0.5", "0.4-0.6",
                                 "P value", "<0.001", "CR", "1 (2.0)", "95% CI", "text.", "\n", "BODY.X:"]), max_size=30))
def test_never_raises_and_spans_inside(lines):
    text = "\n".join(lines)
    for t in find_flat_tables(text):
        for r in t.rows:
            for cell, s, e in r.cells:
                assert text[s:e] == cell


MIXED_TABLE = """Patients received bevacizumab or placebo with temozolomide.
Table 4BODY.BASELINE PLASMA YKL-40 LEVEL AND BEVACIZUMAB EFFICACY:
Progression-free survivalYKL-40 levelaPlb + RT/TMZBEV+ RT/TMZHR95% CIPatients, nMedian, monthsPatients, nMedian, months≤ Q1
62
4.2
79
12.9
0.37
0.25–0.55
> Q1 to ≤ Median
70
6.5
71
10.0
0.63
0.44–0.91
BEV = bevacizumab; MGMT = O-6-methylguanine-DNA methyltransferase; Plb = placebo; TMZ = temozolomide.
"""


def test_regression_mixed_count_median_hr_rows_read_by_cell_form(lexicon):
    """PMC5805511 Table 4: each row is n | median | n | median | HR | 95% CI under a glued header; the
    counts were read as medians and "≤ Median" in the row label made the whole row a median row."""
    from pipeline.linking import footnote_definitions

    text = normalize_text(MIXED_TABLE)
    ctx = DocContext(doc_id="t", text=text, entities=find_entities(text, lexicon), abbreviations=footnote_definitions(text))
    out = [o for t in find_flat_tables(text) for o in flat_table_outcomes(t, ctx)]
    got = [(o.measure, o.value, o.ci_low, o.ci_high, o.regimen, o.arm_role) for o in out]
    assert got == [
        ("median", "4.2", "", "", "placebo + temozolomide", "ctl"), ("median", "12.9", "", "", "bevacizumab + temozolomide", "exp"),
        ("hr", "0.37", "0.25", "0.55", "", "na"),
        ("median", "6.5", "", "", "placebo + temozolomide", "ctl"), ("median", "10.0", "", "", "bevacizumab + temozolomide", "exp"),
        ("hr", "0.63", "0.44", "0.91", "", "na"),
    ]
    assert {o.endpoint for o in out} == {"PFS"} and out[3].population.endswith("> Q1 to ≤ Median")


def test_footnote_abbreviation_lists():
    from pipeline.linking import footnote_definitions

    assert footnote_definitions("BEV = bevacizumab; Plb = placebo.\nIRC, Independent Review Committee; NE, not estimable.\n"
                                "We did this; then that.") == [
        ("BEV", "bevacizumab"), ("Plb", "placebo"), ("IRC", "Independent Review Committee"), ("NE", "not estimable")]


SECTIONED_TABLE = MIXED_TABLE.replace("BEV = bevacizumab;", """Overall survivalYKL-40 levelaPlb + RT/TMZBEV+ RT/TMZHR95% CIPatients, nMedian, monthsPatients, nMedian, months≤ Q1
62
16.6
79
19.1
0.69
0.44–1.09
> Q3
81
13.4
59
15.4
0.85
0.56–1.29
BEV = bevacizumab;""")


def test_regression_repeated_header_mid_table_starts_a_new_endpoint_section(lexicon):
    """PMC5805511 Table 4: the OS half repeats the glued header on one 118-character line; it was read
    as prose and ended the table, losing every OS row, and "survivalYKL-40" hid the endpoint."""
    out = outcomes(SECTIONED_TABLE, lexicon)
    got = [(o.endpoint, o.measure, o.value) for o in out if o.endpoint == "OS"]
    assert got == [("OS", "median", "16.6"), ("OS", "median", "19.1"), ("OS", "hr", "0.69"),
                   ("OS", "median", "13.4"), ("OS", "median", "15.4"), ("OS", "hr", "0.85")]
    assert [o.value for o in out if o.endpoint == "PFS" and o.measure == "hr"] == ["0.37", "0.63"]


def test_a_prose_line_still_ends_a_table():
    text = normalize_text("Table 2.Response\nMedian PFS\n6.7\n4.9\nThe median progression-free survival was longer with "
                          "axitinib than with sorafenib in the overall population of this trial.\nMedian OS\n20.1\n")
    assert [r.label for r in find_flat_tables(text)[0].rows] == ["Median PFS"]


SUBTYPE_TABLE = """Table 5BODY.BASELINE PLASMA YKL-40 AND BEVACIZUMAB EFFICACY BY MOLECULAR SUBTYPE:a
Plasma YKL-40 levelbnPFS HR95% CIOS HR95% CIProneural



≤ Q1
21
0.41
0.13–1.28
0.50
0.17–1.45
Proliferative



> Q1
59
0.55
0.32–0.97
0.91
0.51–1.62
aMolecular subtype as defined in the study by Philips et al. 2006 [24].
"""


def test_one_hazard_ratio_per_endpoint_column_group(lexicon):
    """PMC5805511 Table 5: n | PFS HR | 95% CI | OS HR | 95% CI, with subtype section labels."""
    got = [(o.endpoint, o.value, o.ci_low, o.ci_high, o.population) for o in outcomes(SUBTYPE_TABLE, lexicon)]
    assert got == [("PFS", "0.41", "0.13", "1.28", "≤ Q1"), ("OS", "0.50", "0.17", "1.45", "≤ Q1"),
                   ("PFS", "0.55", "0.32", "0.97", "Proliferative, > Q1"), ("OS", "0.91", "0.51", "1.62", "Proliferative, > Q1")]


@pytest.mark.parametrize("header, expected", [
    ("Plasma YKL-40 levelbnPFS HR95% CIOS HR95% CIProneural", ["PFS", "OS"]),
    ("nPFS HR (95% CI)OS hazard ratio", ["PFS", "OS"]),
    ("Overall survivalHR95% CIp", ["OS"]),
    ("YKL-40 levelaPlb + RT/TMZBEV+ RT/TMZHR95% CI", []),  # no endpoint before the HR column
])
def test_ratio_column_endpoints_from_a_glued_header(header, expected):
    from pipeline.flat_tables import _ratio_endpoints
    from pipeline.rules import load_endpoint_rules

    assert _ratio_endpoints(load_endpoint_rules(), header) == expected


EFFICACY_TABLE = """Patients received sunitinib or capecitabine. Median TTP results were nearly identical to the PFS results (data not shown).Table 3Efficacy results
VariableSunitinib (N = 238)Capecitabine (N = 244)Hazard ratio95% CIPProgression-free survival
 Events, n (%)
151 (63)
147 (60)



 Median, months
2.8
4.2
1.47
1.16–1.87
0.999a0.002b
 95% CI
2.4–4.0
3.8–5.5



Objective response rate, %
11
16
0.65c
0.4–1.1
0.109d
 95% exact CI
8–16
12–22



Objective response rate: % complete responses and partial responses; NA: not applicable; clinical benefit rate: % complete responses
aOne-sided stratified log-rank test
bTwo-sided stratified log-rank test
cOdds ratio
dPearson χ2 test
"""


def test_regression_caption_glued_to_the_paragraph_end_starts_a_table():
    """PMC2855860: "(data not shown).Table 3Efficacy results" -- the table was never found."""
    tables = find_flat_tables(normalize_text(EFFICACY_TABLE))
    assert [t.caption for t in tables] == ["Table 3Efficacy results"]
    assert [r.label for r in tables[0].rows][:3] == ["Events, n (%)", "Median, months", "95% CI"]
    assert tables[0].rows[1].cells[-1][0] == "0.999a0.002b"  # glued p-values stay in their row


def test_prose_that_cites_a_table_is_not_a_caption():
    text = normalize_text("Results are in Table 3. Median PFS was longer.\nMedian PFS\n6.7\n4.9\n")
    assert find_flat_tables(text) == []


def test_arm_values_then_ratio_ci_and_p_in_one_row(lexicon):
    """PMC2855860 Table 3: per-arm medians, then HR | 95% CI | one- and two-sided p; a "95% CI" row
    under it holds the medians' intervals; footnote c marks the ratio as an odds ratio."""
    got = [(o.endpoint, o.measure, o.value, o.ci_low, o.ci_high, o.p_value, o.regimen, o.arm_role)
           for o in outcomes(EFFICACY_TABLE, lexicon) if o.measure != "rate" or o.endpoint == "ORR"]
    assert got == [
        ("PFS", "median", "2.8", "2.4", "4.0", "", "sunitinib", "exp"),
        ("PFS", "median", "4.2", "3.8", "5.5", "", "capecitabine", "ctl"),
        ("PFS", "hr", "1.47", "1.16", "1.87", "0.002", "", "na"),  # the two-sided p, by its footnote
        ("ORR", "rate", "11", "8", "16", "", "sunitinib", "exp"),
        ("ORR", "rate", "16", "12", "22", "", "capecitabine", "ctl"),
        ("ORR", "or", "0.65", "0.4", "1.1", "0.109", "", "na"),
    ]


def test_regression_footnote_lists_are_found_in_linear_time_on_long_lines():
    """PMC5555437 writes its results, tables and paragraphs on 12,000-character lines; finding "a line with a
    semicolon" by regex backtracked over every such line (1.8 s of a 4.8 s corpus run). A 400,000-character
    line would not finish; the definitions after it must still be found."""
    from pipeline.linking import footnote_definitions

    text = "word " * 80_000 + "\nBEV = bevacizumab; Plb = placebo.\n"
    assert footnote_definitions(text) == [("BEV", "bevacizumab"), ("Plb", "placebo")]


INLINE_CI_TABLE = """Patients received regorafenib or placebo.
Table 2.Efficacy outcomes
 RegorafenibPlaceboHR (95% CI)P
Median PFS, months (95% CI)
2.6 (1.8–3.1)
0.9 (0.9–1.0)
0.40 (0.28–0.59)
<0.001
Disease control rate, n (%)
63 (64)
2 (4)


Table 3.Subgroup analysis of PFS
 nHR (95% CI)
Age < 65 years
86
0.34 (0.21–0.55)
Asia
58
0.12 (0.05–0.28)
HR, hazard ratio.
"""


def test_ratio_with_its_interval_in_one_cell_after_the_arm_columns(lexicon):
    got = [(o.endpoint, o.measure, o.value, o.ci_low, o.ci_high, o.p_value, o.regimen, o.arm_role)
           for o in outcomes(INLINE_CI_TABLE, lexicon) if "Table 2" in o.evidence or o.endpoint == "PFS" and not o.population]
    assert got[:3] == [("PFS", "median", "2.6", "1.8", "3.1", "", "regorafenib", "exp"),
                       ("PFS", "median", "0.9", "0.9", "1.0", "", "placebo", "ctl"),
                       ("PFS", "hr", "0.40", "0.28", "0.59", "<0.001", "", "na")]


def test_subgroup_table_rows_of_counts_and_ratios(lexicon):
    got = [(o.endpoint, o.value, o.ci_low, o.ci_high, o.population, o.flags) for o in outcomes(INLINE_CI_TABLE, lexicon)
           if o.population]
    assert got == [("PFS", "0.34", "0.21", "0.55", "Age < 65 years", "subgroup"),
                   ("PFS", "0.12", "0.05", "0.28", "Asia", "subgroup")]


def test_column_groups_named_before_repeated_arms_are_populations(lexicon):
    """PMC3664320: "Overall populationJapanese patientsAxitinibSorafenibAxitinibSorafenib"."""
    out = outcomes(PFS_TABLE, lexicon)
    med = [(o.value, o.population) for o in out if o.measure == "median"]
    assert med == [("6.7", ""), ("4.7", ""), ("12.1", "Japanese patients"), ("4.9", "Japanese patients")]
    assert [(o.value, o.population) for o in out if o.measure == "hr"] == [("0.665", ""), ("0.390", "Japanese patients")]
