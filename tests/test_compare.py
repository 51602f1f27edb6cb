"""Comparison logic on small hand-made tables: every reason code, tolerance edges, duplicates, empty sides."""
import pytest

from pipeline.compare import compare_entities, compare_outcomes, same_number


def row(doc="d", measure="hr", endpoint="OS", value="0.65", lo="0.50", hi="0.85", trial="T-1", role="na",
        population="", kind="result", evidence="HR 0.65 (0.50-0.85)", **kw):
    r = dict(doc_id=doc, measure=measure, endpoint=endpoint, value=value, ci_low=lo, ci_high=hi, trial=trial,
             arm_role=role, population=population, kind=kind, evidence=evidence, p_value="")
    r.update(kw)
    return r


def reasons(x, g):
    return sorted(p.reason for p in compare_outcomes(x, g).pairs)


@pytest.mark.parametrize("a,b,equal", [
    ("5.3", "5.30", True), ("0.665", "0.67", True), ("0.66", "0.67", False), ("0·94", "0.94", True),
    ("12", "12.0", True), ("12", "12.6", False), ("NR", "NR", True), ("NR", "NE", True), ("", "", True),
    ("", "0.5", False), ("1.30", "1.3", True), ("1.31", "1.3", True), ("1.36", "1.3", False),
])
def test_same_number_within_printed_precision(a, b, equal):
    assert same_number(a, b) is equal


def test_match():
    assert reasons([row()], [row()]) == ["match"]


def test_value_equal_in_lower_precision():
    assert reasons([row(value="0.650", lo="0.5", hi="0.85")], [row()]) == ["match"]


def test_ci_mismatch():
    assert reasons([row(lo="0.40")], [row()]) == ["ci_mismatch"]


def test_missing_ci_is_a_ci_mismatch():
    assert reasons([row(lo="", hi="")], [row()]) == ["ci_mismatch"]


def test_endpoint_mismatch():
    assert reasons([row(endpoint="PFS")], [row()]) == ["endpoint_mismatch"]


def test_trial_mismatch_counts_as_strictly_right():
    rep = compare_outcomes([row(trial="OTHER")], [row()])
    assert [p.reason for p in rep.pairs] == ["trial_mismatch"]
    p, r, f, *_ = rep.prf(rep.counts()["all"])
    assert (p, r, f) == (1.0, 1.0, 1.0)
    assert rep.link_accuracy()["trial"] == (0.0, 1)


def test_trial_names_compare_on_canonical_form():
    assert reasons([row(trial="monaleesa 2")], [row(trial="MONALEESA-2")]) == ["match"]


def test_arm_swapped():
    x = row(measure="median", value="25.3", lo="", hi="", role="ctl")
    g = row(measure="median", value="25.3", lo="", hi="", role="exp")
    assert reasons([x], [g]) == ["arm_swapped"]


def test_value_mismatch_in_the_same_sentence():
    x = row(value="0.56", lo="", hi="", evidence="the HR was 0.56 overall")
    g = row(value="0.65", lo="", hi="", evidence="HR was 0.65")
    g["evidence"] = "the HR was 0.56 overall"  # same sentence, the curated value differs
    assert reasons([x], [g]) == ["value_mismatch"]


def test_missing_and_extra():
    assert reasons([row(value="0.9", evidence="a")], [row(evidence="b")]) == ["extra", "missing"]


def test_empty_sides():
    assert reasons([], [row()]) == ["missing"]
    assert reasons([row()], []) == ["extra"]
    rep = compare_outcomes([], [])
    assert rep.pairs == [] and rep.prf(rep.counts()["all"]) == (0.0, 0.0, 0.0, 0, 0)


def test_duplicate_extraction_is_neither_rewarded_nor_penalized():
    rep = compare_outcomes([row(), row()], [row()])
    assert sorted(p.reason for p in rep.pairs) == ["duplicate", "match"]
    assert rep.prf(rep.counts()["all"])[:3] == (1.0, 1.0, 1.0)


def test_regression_a_fact_written_with_other_precision_is_a_duplicate():
    """PMC3466131 states "median OS was 20.0 ... months" in the abstract and "20 months (95% CI: 15.4-24.6)"
    in the results; the abstract's copy, without CI, was counted as an extra because "20" != "20.0"."""
    g = row(measure="median", value="20.0", lo="15.4", hi="24.6")
    rep = compare_outcomes([row(measure="median", value="20", lo="15.4", hi="24.6"),
                            row(measure="median", value="20.0", lo="", hi="")], [g])
    assert sorted(p.reason for p in rep.pairs) == ["duplicate", "match"]


def test_regression_an_assumed_value_does_not_take_a_result_within_precision():
    """PMC3664320: the design assumption "median PFS to 7 months from 5 months" (gold, kind design) took
    the abstract's result 6.7 (7 within the printed precision of "7"), and the extracted assumption 5
    was left an extra."""
    g_result = row(measure="median", endpoint="PFS", value="6.7", lo="", hi="")
    g_design = row(measure="median", endpoint="PFS", value="7", lo="", hi="", kind="design")
    g_design5 = row(measure="median", endpoint="PFS", value="5", lo="", hi="", kind="design")
    xs = [row(measure="median", endpoint="PFS", value="6.7", lo="", hi=""),
          row(measure="median", endpoint="PFS", value="6.7", lo="", hi=""),
          row(measure="median", endpoint="PFS", value="5", lo="", hi="", flags="design")]
    rep = compare_outcomes(xs, [g_result, g_design, g_design5])
    assert sorted(p.reason for p in rep.pairs) == ["design", "design", "duplicate", "match"]


def test_duplicate_gold_rows_pair_once_each():
    rep = compare_outcomes([row()], [row(), row()])
    assert sorted(p.reason for p in rep.pairs) == ["match", "missing"]


def test_best_candidate_wins_among_equal_values():
    g1 = row(endpoint="PFS", evidence="x")
    g2 = row(endpoint="OS", evidence="y")
    rep = compare_outcomes([row(endpoint="OS")], [g1, g2])
    matched = [p for p in rep.pairs if p.reason == "match"]
    assert len(matched) == 1 and matched[0].g is g2


def test_design_rows_neither_reward_nor_penalize():
    g = row(kind="design")
    assert reasons([row()], [g]) == ["design"]
    rep = compare_outcomes([], [g])
    assert [p.reason for p in rep.pairs] == ["design"]
    assert rep.prf(rep.counts()["all"])[3:] == (0, 0)


def test_documents_do_not_mix():
    assert reasons([row(doc="a")], [row(doc="b")]) == ["extra", "missing"]


def test_entities_per_label():
    x = [dict(doc_id="d", label="DRUG", canonical="Alpelisib"), dict(doc_id="d", label="GENE", canonical="HR"),
         dict(doc_id="d", label="TRIAL", canonical="monaleesa-2")]
    g = [dict(doc_id="d", label="DRUG", canonical="alpelisib"), dict(doc_id="d", label="GENE", canonical="RB1"),
         dict(doc_id="d", label="TRIAL", canonical="MONALEESA-2")]
    res = compare_entities(x, g)
    assert res["DRUG"][:3] == (1.0, 1.0, 1.0)
    assert res["GENE"][3:] == (0, 1, 1)
    assert res["TRIAL"][3] == 1
    assert res["all"][3:] == (2, 1, 1)
