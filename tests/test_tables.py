"""Tables: finding tab-separated tables, reading their cells, aligning shifted rows, seed 000 vs gold."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.compare import RIGHT, compare_outcomes
from pipeline.io import read_csv
from pipeline.linking import DocContext
from pipeline.normalize import normalize_text
from pipeline.schema import EntityMention, as_row
from pipeline.tables import Cell, column_roles, find_tables, population_of, read_cell, table_outcomes

from .conftest import ANNOTATIONS, CORPUS

SEED_000 = CORPUS / "000_5fd9affc0ff2dda7.txt"

HEADER_1 = ("Clinical Trial\tSecond-Line Agent\tCombination Therapy\tPatient Population\t"
            "Median Progression-Free Survival (PFS)\tHazard Ratio (HR) for PFS (95% CI)\t"
            "Median Overall Survival (OS)\tHazard Ratio (HR) for OS (95% CI)")


def _ctx(text: str, drugs=("capivasertib", "fulvestrant", "capecitabine", "palbociclib", "alpelisib", "drugx"),
         trials=()) -> DocContext:
    """A document context whose entities are found by plain name look-up (no pipeline needed)."""
    ents = []
    for name in drugs:
        for m in re.finditer(re.escape(name), text, re.I):
            ents.append(EntityMention(m.start(), m.end(), "DRUG", m.group(0), name.lower()))
    for name in trials:
        for m in re.finditer(re.escape(name), text):
            ents.append(EntityMention(m.start(), m.end(), "TRIAL", m.group(0), name))
    return DocContext(doc_id="t", text=text, entities=ents, source="table")


def _cell(raw: str):
    text = normalize_text(raw)
    return text, read_cell(text, Cell(text, 0, len(text), 0))


# ------------------------------------------------------------ cells as they come (real cell strings)

CELLS = [
    # raw cell (before normalization)                           form         [(value, value form, unit)]
    ("11.0 months", "median", [("11.0", "time", "months")]),
    ("0.65 (0.50\u20130.85)[1][2]", "ratio", [("0.65", "ratio", "ratio")]),
    ("Data immature, positive trend (HR 0.74)[9]", "hr", [("0.74", "hr", "ratio")]),
    ("7.3 months vs. 3.1 months (Placebo + Fulvestrant)[6][7][8]", "median",
     [("7.3", "time", "months"), ("3.1", "time", "months")]),
    ("10.35 months[14]", "median", [("10.35", "time", "months")]),
    ("1.63 (1.02-2.59) vs. Capecitabine", "ratio", [("1.63", "ratio", "ratio")]),
    ("0.66 months (Placebo + Fulvestrant)[10][11][12][13]", "ambiguous", [("0.66", "time", "months")]),
    ("(0.45\u20130.97)[10][11][12][13]", "ci", []),
    ("-", "none", []),
    (">10,000", "none", []),
    ("~87x", "none", []),
    ("~100", "none", []),
    ("Data immature", "none", []),
    ("NR (18.6-NE)", "median", [("NR", "nr", "")]),
    ("41.1%", "rate", [("41.1", "percent", "%")]),
]


@pytest.mark.parametrize("raw,form,values", CELLS, ids=[c[0][:30] for c in CELLS])
def test_cell_forms(raw, form, values):
    text, reading = _cell(raw)
    assert reading.form == form
    assert [(v.value, v.form, v.unit) for v in reading.values] == values
    for v in reading.values:
        assert 0 <= v.start < v.end <= v.span_end <= len(text)


def test_cell_ci_label_and_comparator():
    text, r = _cell("7.3 months vs. 3.1 months (Placebo + Fulvestrant)[6][7][8]")
    first, second = r.values
    assert first.label is None and text[slice(*second.label)] == "Placebo + Fulvestrant"
    text, r = _cell("1.63 (1.02-2.59) vs. Capecitabine")
    (v,) = r.values
    assert (v.ci.low, v.ci.high) == ("1.02", "2.59") and text[slice(*v.versus)] == "Capecitabine"
    assert text[v.start:v.span_end] == "1.63 (1.02-2.59)"
    text, r = _cell("(0.45\u20130.97)")
    assert (r.lone_ci.low, r.lone_ci.high) == ("0.45", "0.97")


# ------------------------------------------------------------ finding tables


def test_find_tables_in_seed_000_with_continuation_line():
    text = normalize_text(SEED_000.read_text(encoding="utf-8"))
    tables = find_tables(text)
    assert [t.caption.split(":")[0] for t in tables] == ["Table 1", "Table 2", "Table 3"]
    t1 = tables[0]
    assert t1.ncols == 8 and len(t1.rows) == 5
    capi = t1.rows[1]
    assert [c.text for c in capi.continuation] == ["(Overall Population)"]  # the line after a blank line
    for t in tables:
        for row in (t.header,) + t.rows:
            for c in row.cells + row.continuation:
                assert text[c.start:c.end] == c.text


def test_find_tables_skips_separator_and_repeated_header_and_keeps_spanned_rows():
    text = ("Intro line.\n\nTable 9: Things\n\nA\tB\tC\n---\t---\t---\nx\ty\tz\n\nA\tB\tC\n\tq\tr\n\nAfter.\n")
    (t,) = find_tables(text)
    assert t.caption == "Table 9: Things"
    assert [[c.text for c in r.cells] for r in t.rows] == [["x", "y", "z"], ["", "q", "r"]]


def test_no_table_without_tabs_or_rows():
    assert find_tables("plain text\nno tabs here\n") == []
    assert find_tables("only\theader\n\nthen prose\n") == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["\t", "\n", "\f", " ", "", "x", "12.5 months", "(0.5-0.9)", "HR", "Table 1: T",
                                 "Median PFS", "-", "\t\t", "Trial", "0.66", "vs."]), max_size=60).map("".join)
       | st.text(max_size=200))
def test_find_tables_never_raises_and_cell_spans_lie_inside(text):
    for t in find_tables(text):
        assert 0 <= t.start <= t.end <= len(text)
        for row in (t.header,) + t.rows:
            for c in row.cells + row.continuation:
                assert 0 <= c.start <= c.end <= len(text)
                assert text[c.start:c.end] == c.text
        ctx = _ctx(text)
        for o in table_outcomes(t, ctx):
            assert o.start < o.end and text[o.start:o.end] in o.evidence and o.evidence in text


# ------------------------------------------------------------ columns and populations


def test_column_roles_from_headers():
    text = HEADER_1 + "\nX\ty\tz\tw\t1 months\t0.5 (0.4-0.6)\t2 months\t0.7 (0.6-0.8)\n"
    (t,) = find_tables(text)
    cols = column_roles(t, _ctx(text))
    assert [c.role for c in cols] == ["trial", "agent", "regimen", "population", "value", "value", "value", "value"]
    assert [(c.endpoint, c.measure, c.ci_level) for c in cols[4:]] == [
        ("PFS", "median", ""), ("PFS", "hr", "0.95"), ("OS", "median", ""), ("OS", "hr", "0.95")]


@pytest.mark.parametrize("cells,expected", [
    (["PIK3CA-mutated, HR+/HER2-, advanced breast cancer, progressing on/after fulvestrant"], ("PIK3CA-mutated", False)),
    (["HR+/HER2-, advanced breast cancer, progressing on/after fulvestrant", "(Overall Population)"], ("", True)),
    (["AKT pathway-altered (PIK3CA, AKT1, or PTEN alteration s)"], ("AKT pathway-altered", False)),
    (["Aromatas e inhibitor-resistant, ER+/HER2- advanced breast cancer (ITT Population)"], ("", True)),
    (["High CCNE1 mRNA expression"], ("High CCNE1 mRNA expression", False)),
])
def test_population_of_row(cells, expected):
    assert population_of(cells) == expected


# ------------------------------------------------------------ misaligned rows


FAKTION_ITT = ("FAKTION (Phase II)\tCapivase rtib (AKT inhibitor)\tCapivasertib + Fulvestrant\tAromatas e inhibitor-resistant, "
               "ER+/HER2- advanced breast cancer (ITT Population)\t10.3 months vs. 4.8 months (Placebo + Fulvestrant)\t"
               "29.3 months vs. 23.4 months (Placebo + Fulvestrant)\t0.66 months (Placebo + Fulvestrant)\t(0.45\u20130.97)")


def test_faktion_shifted_row_is_realigned_never_an_hr_of_29_3():
    """Regression: FAKTION's ITT row is shifted one column after the PFS median. 29.3/23.4 months sit
    under "HR for PFS" but are the OS medians; "0.66 months" under "Median OS" is the OS hazard ratio,
    with its CI "(0.45-0.97)" in the next cell."""
    text = normalize_text(HEADER_1 + "\n" + FAKTION_ITT + "\n")
    (t,) = find_tables(text)
    got = {(o.measure, o.endpoint, o.value, o.ci_low, o.ci_high, o.arm_role) for o in table_outcomes(t, _ctx(text))}
    assert got == {
        ("median", "PFS", "10.3", "", "", "exp"), ("median", "PFS", "4.8", "", "", "ctl"),
        ("median", "OS", "29.3", "", "", "exp"), ("median", "OS", "23.4", "", "", "ctl"),
        ("hr", "OS", "0.66", "0.45", "0.97", "na"),
    }
    outs = table_outcomes(t, _ctx(text))
    assert not any(o.measure == "hr" and float(o.value) > 10 for o in outs)
    assert all("realigned" in o.flags for o in outs if o.value in ("29.3", "23.4", "0.66"))
    assert all("realigned" not in o.flags for o in outs if o.value in ("10.3", "4.8"))
    hr = next(o for o in outs if o.measure == "hr")
    assert (hr.ci_level, hr.unit, hr.comparator) == ("0.95", "ratio", "placebo + fulvestrant")


def test_ratio_with_stray_unit_under_hr_header_is_an_hr():
    row = ("FAKTION (Phase II)\tCapivase rtib (AKT inhibitor)\tCapivasertib + Fulvestrant\tPI3K/AKT/PTEN pathway-altered\t"
           "12.8 months vs. 4.6 months (Placebo + Fulvestrant)\t0.44 (0.26\u20130.72)\t"
           "38.9 months vs. 20.0 months (Placebo + Fulvestrant)\t0.46 months (Placebo + Fulvestrant)")
    text = normalize_text(HEADER_1 + "\n" + row + "\n")
    (t,) = find_tables(text)
    outs = table_outcomes(t, _ctx(text))
    assert {(o.measure, o.endpoint, o.value) for o in outs} == {
        ("median", "PFS", "12.8"), ("median", "PFS", "4.6"), ("hr", "PFS", "0.44"),
        ("median", "OS", "38.9"), ("median", "OS", "20.0"), ("hr", "OS", "0.46")}
    hr = next(o for o in outs if o.value == "0.46")
    assert hr.unit == "ratio" and hr.ci_low == "" and text[hr.start:hr.end] == "0.46"


def test_hr_remark_under_median_header_stays_in_its_endpoint():
    row = ("CAPItello-291\tCapivasertib (AKT inhibitor)\tCapivasertib + Fulvestrant\tHR+/HER2-\t7.2 months\t"
           "0.60 (0.51-0.71)\tData immature, positive trend (HR 0.74)\t-")
    text = HEADER_1 + "\n" + row + "\n"
    (t,) = find_tables(text)
    outs = table_outcomes(t, _ctx(text, trials=("CAPItello-291",)))
    assert {(o.measure, o.endpoint, o.value, o.flags) for o in outs} == {
        ("median", "PFS", "7.2", ""), ("hr", "PFS", "0.60", ""), ("hr", "OS", "0.74", "")}
    assert all(o.trial == "CAPItello-291" and o.source == "table" for o in outs)


def test_other_header_wordings_arm_rows_p_column_and_rates():
    """Generality: a trial report's table with one row per arm, units in the header, a P column."""
    text = ("Table 2. Efficacy\n\n"
            "Arm\tN\tMedian OS, months (95% CI)\tHR for death (95% CI)\tP value\tORR, %\n"
            "DrugX + placebo\t120\t14.2 (12.0-16.1)\t0.72 (0.58-0.90)\t0.004\t38.5\n"
            "Placebo\t118\t10.9 (9.1-12.3)\t\t\t21.0\n")
    (t,) = find_tables(text)
    ctx = _ctx(text)
    ctx.main_trial = "TRIAL-X"
    outs = {(o.measure, o.value): o for o in table_outcomes(t, ctx)}
    assert set(outs) == {("median", "14.2"), ("median", "10.9"), ("hr", "0.72"), ("rate", "38.5"), ("rate", "21.0")}
    assert outs["median", "14.2"].ci_low == "12.0" and outs["median", "14.2"].unit == "months"
    assert outs["hr", "0.72"].endpoint == "OS" and outs["hr", "0.72"].p_value == "0.004"
    assert outs["rate", "38.5"].endpoint == "ORR" and outs["rate", "38.5"].unit == "%"
    assert all(o.trial == "TRIAL-X" for o in outs.values())


def test_preclinical_table_gives_no_outcomes():
    text = normalize_text(SEED_000.read_text(encoding="utf-8"))
    t3 = find_tables(text)[2]
    assert table_outcomes(t3, _ctx(text)) == []


# ------------------------------------------------------------ seed 000 against the gold


@pytest.fixture(scope="module")
def seed_000_outcomes(nlp):
    from pipeline.batch import process_document
    from pipeline.ingest import load

    return process_document(nlp, load(SEED_000))[1]


def test_litx_tables_component_runs_after_prose_outcomes(nlp):
    names = nlp.pipe_names
    assert names.index("litx_tables") == names.index("litx_outcomes") + 1


def test_seed_000_table_outcomes_match_the_gold(seed_000_outcomes):
    gold = [g for g in read_csv(ANNOTATIONS / "gold_outcomes.csv") if g["doc_id"] == SEED_000.stem]
    assert len(gold) == 25
    table_rows = [as_row(o) for o in seed_000_outcomes if o.source == "table"]
    report = compare_outcomes([{k: str(v) for k, v in r.items()} for r in table_rows], gold)
    reasons = [(p.reason, (p.g or p.x)["measure"], (p.g or p.x)["value"]) for p in report.pairs]
    assert all(r in RIGHT for r, _, _ in reasons), reasons
    assert len([p for p in report.pairs if p.g is not None]) == 25
    text = normalize_text(SEED_000.read_text(encoding="utf-8"))
    for o in seed_000_outcomes:
        if o.source == "table":
            assert text[o.start:o.end] in o.evidence and o.value in text[o.start:o.end]


TRANSPOSED = ("Table 1. Efficacy in the MONALEESA-2 trial\n"
              "Endpoint\tRibociclib + letrozole (n=334)\tPlacebo + letrozole (n=334)\tHR (95% CI)\tP value\n"
              "Median PFS, months\t25.3\t16.0\t0.568 (0.457-0.704)\t<0.001\n"
              "Median OS, months\t63.9\t51.4\t0.76 (0.63-0.93)\t0.008\n"
              "ORR, %\t42.5\t28.7\t\t<0.001\n")


def test_transposed_table_one_row_per_endpoint_one_column_per_arm():
    """A table of the other orientation (rows are endpoints, columns arms): only the HRs were read, with
    no endpoint, before."""
    text = normalize_text(TRANSPOSED)
    ctx = _ctx(text, drugs=("ribociclib", "letrozole", "placebo"), trials=("MONALEESA-2",))
    [table] = find_tables(text)
    out = table_outcomes(table, ctx)
    got = [(o.trial, o.endpoint, o.measure, o.value, o.ci_low, o.ci_high, o.p_value, o.regimen, o.arm_role) for o in out]
    assert got == [
        ("MONALEESA-2", "PFS", "median", "25.3", "", "", "", "ribociclib + letrozole", "exp"),
        ("MONALEESA-2", "PFS", "median", "16.0", "", "", "", "placebo + letrozole", "ctl"),
        ("MONALEESA-2", "PFS", "hr", "0.568", "0.457", "0.704", "<0.001", "", "na"),
        ("MONALEESA-2", "OS", "median", "63.9", "", "", "", "ribociclib + letrozole", "exp"),
        ("MONALEESA-2", "OS", "median", "51.4", "", "", "", "placebo + letrozole", "ctl"),
        ("MONALEESA-2", "OS", "hr", "0.76", "0.63", "0.93", "0.008", "", "na"),
        ("MONALEESA-2", "ORR", "rate", "42.5", "", "", "", "ribociclib + letrozole", "exp"),
        ("MONALEESA-2", "ORR", "rate", "28.7", "", "", "", "placebo + letrozole", "ctl"),
    ]
    for o in out:
        assert text[o.start:o.end] == o.value and o.evidence in text


PIPE_TABLE = ("# Second-line options after CDK4/6 inhibitors\n\n"
              "| Trial | Agent | Population | Median PFS | HR (95% CI) |\n"
              "|---|---|---|---|---|\n"
              "| SOLAR-1 | Alpelisib + fulvestrant | PIK3CA-mutated | 11.0 months | 0.65 (0.50-0.85) |\n"
              "| EMERALD | Elacestrant | ESR1-mutated | 3.8 months | 0.55 (0.39-0.77) |\n")


def test_markdown_pipe_tables_are_tables():
    """A .md document's results table: before, no outcome at all; an HR column that names no endpoint
    compares the one endpoint the other columns name."""
    text = normalize_text(PIPE_TABLE)
    [table] = find_tables(text)
    assert [c.text for c in table.header.cells] == ["Trial", "Agent", "Population", "Median PFS", "HR (95% CI)"]
    assert len(table.rows) == 2  # the |---| line is left out
    ctx = _ctx(text, drugs=("alpelisib", "fulvestrant", "elacestrant"), trials=("SOLAR-1", "EMERALD"))
    got = [(o.trial, o.endpoint, o.measure, o.value, o.ci_low, o.ci_high, o.population) for o in table_outcomes(table, ctx)]
    assert got == [("SOLAR-1", "PFS", "median", "11.0", "", "", "PIK3CA-mutated"),
                   ("SOLAR-1", "PFS", "hr", "0.65", "0.50", "0.85", "PIK3CA-mutated"),
                   ("EMERALD", "PFS", "median", "3.8", "", "", "ESR1-mutated"),
                   ("EMERALD", "PFS", "hr", "0.55", "0.39", "0.77", "ESR1-mutated")]
    for cell in table.rows[0].cells:
        assert text[cell.start:cell.end] == cell.text


def test_pipe_rows_are_not_read_again_as_prose(nlp):
    doc = nlp(normalize_text(PIPE_TABLE))
    assert {o.source for o in doc._.outcomes} == {"table"}
