"""Rules added after a first-sight batch (annotations/FIRST_SIGHT.md), each with a sentence of the kind that
showed the gap -- and a sentence that must stay as it was, so the rule is no wider than it should be."""
from __future__ import annotations

import pytest

from pipeline.entities import _group_numbers
from pipeline.normalize import normalize_text
from pipeline.parsers import find_hazard_ratios, find_medians, find_rates
from pipeline.rules import read_rule_csv
from pipeline.entities import TRIAL_GROUPS_CSV


@pytest.fixture(scope="module")
def run(nlp):
    def _run(text):
        doc = nlp(normalize_text(text))
        return doc._.outcomes, doc._.entity_mentions

    return _run


def _by_value(outcomes, measure, value):
    found = [o for o in outcomes if o.measure == measure and o.value == value]
    assert len(found) == 1, (measure, value, [(o.measure, o.value) for o in outcomes])
    return found[0]


# ---------------------------------------------------------------- confidence intervals

@pytest.mark.parametrize("text, value, ci", [
    ("The median OS was 9.5 months for capecitabine (95% CI, 7.8-11.3) and 8.1 months for S-1 (95% CI, 4.9-11.4).", "9.5", ("7.8", "11.3")),
    ("The median OS was 9.5 months for capecitabine (95% CI, 7.8-11.3) and 8.1 months for S-1 (95% CI, 4.9-11.4).", "8.1", ("4.9", "11.4")),
    ("median PFS was 12.5 months in the ribociclib arm (95% CI 10.1-14.2)", "12.5", ("10.1", "14.2")),
])
def test_ci_written_after_the_arm(text, value, ci):
    m = next(m for m in find_medians(text) if m.value == value)
    assert (m.ci_low, m.ci_high) == ci
    assert m.gap_start > m.value_end  # the arm's words lie between the value and its CI


def test_ci_after_the_arm_keeps_the_arm(run):
    out, _ = run("TITLE: Capecitabine versus S-1 in gastric cancer: a randomised trial\n"
                 "The median OS was 9.5 months for capecitabine (95% CI, 7.8-11.3) and 8.1 months for S-1 (95% CI, 4.9-11.4).")
    assert _by_value(out, "median", "9.5").regimen == "capecitabine"


def test_a_bare_range_after_the_arm_is_not_a_ci():
    # no "CI": "aged 18-75" after an arm is any range
    m = next(m for m in find_medians("median OS was 9.5 months for patients aged 65-75 years") if m.value == "9.5")
    assert not m.ci_low


def test_rate_ci_after_the_arm():
    m = next(m for m in find_rates("The confirmed ORR was 26.1% for capecitabine (95% CI, 13.4-38.8) and 28.9% for S-1.")
             if m.value == "26.1")
    assert (m.ci_low, m.ci_high) == ("13.4", "38.8")


@pytest.mark.parametrize("text, ci", [
    ("a median survival of 6.37 versus 5.91 months (HR 0.81; 95% CI 0.67, 0.97; p=0.025)", ("0.67", "0.97")),
    ("(HR=0.76; 95% CI 0.63, 0.91; p=0.003)", ("0.63", "0.91")),
    ("HR 0.65 (0.50, 0.85)", ("0.50", "0.85")),
])
def test_comma_separated_bounds_after_a_ci_keyword(text, ci):
    hr = find_hazard_ratios(text)[0]
    assert (hr.ci_low, hr.ci_high) == ci


def test_a_comma_list_without_ci_keyword_is_not_an_interval():
    hrs = find_hazard_ratios("hazard ratios were 0.81, 0.97; and 1.2 in the three strata")
    assert all(not h.ci_low for h in hrs)


# ---------------------------------------------------------------- trials

def test_a_trial_an_introduction_cites_is_not_the_reports_own(run):
    text = ("TITLE: A randomised multicentre phase II trial of capecitabine vs S-1 as first-line treatment in elderly patients\n"
            "ABSTRACT:\nThis randomised phase II study (NCT00278863) compared capecitabine with S-1. Overall response rate was 27.2%.\n"
            "BODY:\nThe second trial (REAL 2), which was performed in the UK and Australia, demonstrated that capecitabine "
            "can replace 5-FU.\n" + "Patients were eligible if they were 65 years or older and had measurable disease. " * 8 +
            "\nThe median OS was 9.5 months for capecitabine and 8.1 months for S-1.")
    out, _ = run(text)
    assert _by_value(out, "median", "9.5").trial == "NCT00278863"


def test_the_reports_own_trial_named_in_brackets_still_counts(run):
    text = ("TITLE: Phase III randomized trial of sunitinib versus capecitabine\n"
            "In 2006, a multicenter, randomized, open-label phase III trial (SUN 1107) was initiated to test the hypothesis "
            "that sunitinib would be superior to capecitabine.\nMedian PFS was 2.8 months with sunitinib versus 4.2 months with capecitabine.")
    out, _ = run(text)
    assert _by_value(out, "median", "2.8").trial == "SUN 1107"


def test_a_reviews_trial_carries_into_a_paragraph_about_its_arms(run):
    text = ("Erlotinib in pancreatic cancer: a review\n" + "Pancreatic cancer remains a leading cause of cancer death worldwide. " * 50 +
            "\nThe NCIC conducted a randomized placebo controlled phase III trial (PA.3) of gemcitabine versus gemcitabine with erlotinib. "
            "569 patients were randomized.\n"
            "Overall survival was significantly better in the erlotinib arm compared with the placebo arm with a median survival of "
            "6.37 versus 5.91 months (HR 0.81; 95% CI 0.67, 0.97; p=0.025).\n"
            "A phase II study of capecitabine in 40 patients with advanced pancreatic cancer reported a median survival of 7.2 months.")
    out, _ = run(text)
    assert _by_value(out, "hr", "0.81").trial == "PA.3"
    assert _by_value(out, "median", "6.37").trial == "PA.3"
    assert _by_value(out, "median", "7.2").trial == ""  # a paragraph that introduces a study of its own


@pytest.mark.parametrize("text, canonical", [
    ("as in EORTC 40983 after resection", "EORTC 40983"),
    ("The RTOG 0320 trial", "RTOG 0320"),
    ("CALGB 9741 showed", "CALGB 9741"),
    ("SWOG S0777 randomized", "SWOG S0777"),
    ("in JCOG0603,", "JCOG 0603"),
    ("NSABP B-31 and", "NSABP B-31"),
    ("ECOG 4599 compared", "ECOG 4599"),
    ("a phase III trial (PA.3) of gemcitabine", "PA.3"),
    ("a phase I/II study (TARGET) is exploring", "TARGET"),
    ("EudraCT number 2008-001234-56", "EudraCT 2008-001234-56"),
    ("registered as UMIN000012345.", "UMIN000012345"),
    ("ChiCTR-TRC-12002567 was", "ChiCTR-TRC-12002567"),
])
def test_trials_recognised_without_the_registry(run, text, canonical):
    _, ents = run(text)
    assert canonical in [e.canonical for e in ents if e.label == "TRIAL"]


@pytest.mark.parametrize("text, not_trial", [
    ("patients with ECOG 0-1 were eligible", "ECOG 0"),
    ("anti-proliferative effects on BxPC-3 human pancreatic cancer cells", "BxPC-3"),
    ("BODY.ERLOTINIB IN CLINICAL STUDIES: Initially erlotinib was evaluated", "CLINICAL"),
    ("a randomised phase III Southwest Oncology Group (SWOG) trial of gemcitabine", "SWOG"),
])
def test_not_trials(run, text, not_trial):
    _, ents = run(text)
    assert not_trial not in [e.canonical for e in ents if e.label == "TRIAL"]


def test_every_cooperative_group_example_is_recognised():
    rows = read_rule_csv(TRIAL_GROUPS_CSV, ("group", "example", "short_numbers", "source"), ())
    pattern = _group_numbers()
    for r in rows:
        m = pattern.search(r["example"])
        assert m and m.group(0) == r["example"].replace(f"{r['group']} ", r["group"] + " ", 1), r["example"]


# ---------------------------------------------------------------- endpoints

@pytest.mark.parametrize("text, value, endpoint", [
    ("This demonstrated significantly improved clinical benefit response rates (24% vs 5%; p=0.0022).", "24", "CBR"),
    ("Overall, control of disease (CR+PR+SD) was achieved in 35 patients (69%) in arm A and in 31 patients (67%) in arm B.", "69", "DCR"),
    ("The tumour control rates (CR+PR+NC) were 63% (35 of the 56) and 41% (24 of the 58), respectively.", "63", "DCR"),
    ("yielded a response rate of 29%, while a further 34% of patients achieved SD.", "34", "SD"),
])
def test_rate_endpoints_said_in_words(run, text, value, endpoint):
    out, _ = run(text)
    assert _by_value(out, "rate", value).endpoint == endpoint


def test_a_second_endpoint_of_a_median_list_takes_its_own_values(run):
    out, _ = run("For ILF and ELF, respectively, median progression-free survival was 4.5 vs 2.3 months, "
                 "time to treatment failure was 3.6 vs 2.2 months (P=0.4542).")
    assert [_by_value(out, "median", v).endpoint for v in ("4.5", "2.3", "3.6", "2.2")] == ["PFS", "PFS", "TTF", "TTF"]


def test_a_median_of_a_later_endpoint_named_in_the_clause_stays_first(run):
    # "median overall survival for patients with progression": the endpoint after "median" wins
    out, _ = run("The median overall survival for patients with early progression was 5.1 vs 3.2 months.")
    assert {_by_value(out, "median", v).endpoint for v in ("5.1", "3.2")} == {"OS"}


# ---------------------------------------------------------------- precision on reports without survival endpoints

def test_baseline_row_with_or_in_its_label_is_no_odds_ratio(nlp):
    from pipeline.flat_tables import _RATIO_LABEL

    assert not _RATIO_LABEL.search("2 or more")
    assert not _RATIO_LABEL.search("Currently married or de facto relationship")
    assert _RATIO_LABEL.search("OR (95% CI)") and _RATIO_LABEL.search("Hazard ratio") and _RATIO_LABEL.search("HR")


@pytest.mark.parametrize("text", [
    "Mean HR 72.5 bpm (range 60-90) before inhalation.",
    "HR 80.2 beats/min at baseline.",
])
def test_heart_rate_is_no_hazard_ratio(text):
    assert find_hazard_ratios(text) == []


def test_a_document_that_defines_hr_as_heart_rate_has_no_hazard_ratios_written_hr(run):
    out, _ = run("Vital signs were recorded: heart rate (HR), blood pressure and respiratory rate.\n"
                 "After inhalation the mean HR 74.54 (SD 10.2) was lower, and the hazard ratio for pain was 0.80 (95% CI 0.70-0.91).")
    assert [o.value for o in out if o.measure == "hr"] == ["0.80"]


def test_sd_is_a_standard_deviation_where_the_document_writes_mean_sd(run):
    out, _ = run("Briefly, the 504 participants were 50.8 (mean, SD 13.1) years, were mostly women (n=328, 65.1%) "
                 "and had a degree (n=364, 72.2%). Values are mean (SD).")
    assert not [o for o in out if o.measure == "rate"]


def test_sd_stays_stable_disease_where_the_document_defines_it(run):
    out, _ = run("Best responses: partial response (PR) in 12 patients and stable disease (SD) in 30 (42%); values are mean (SD).")
    assert _by_value(out, "rate", "42").endpoint == "SD"


def test_a_whole_table_on_one_line_is_not_read_as_prose(run):
    line = ("Table 1 Baseline clinical characteristics of patients in the XELIRI and FOLFIRI arms, data are shown as n (%) "
            "XELIRI FOLFIRI n = 41 n = 46 p Median age-years 63 (47-75) 62 (34-75) 0.33 Gender  Male 26 (63%) 27 (59%) 0.38  "
            "Female 15 (37%) 19 (41%) 0.40 WHO performance status  Performance status 0 31 (75%) 36 (78%) 0.82  "
            "Performance status 1 10 (25%) 10 (22%) 0.85 Primary tumour  Colon 30 (73%) 40 (87%) 0.23  Rectum 11 (27%) 6 (13%) "
            "0.22 Table 2 Efficacy of treatment: overall response rate 49% and 48%")
    out, _ = run("ORR was 49% in the XELIRI and 48% in the FOLFIRI arm (p = 0.76).\n" + line)
    assert sorted(o.value for o in out) == ["48", "49"]


def test_a_not_reached_median_takes_the_unit_of_its_sentence(run):
    out, _ = run("The median recurrence-free survival was 16.56 (9.00-32.01) months in group B, but was not reached in group A.")
    assert _by_value(out, "median", "NR").unit == "months"


# ---------------------------------------------------------------- batch 2 lessons

def test_a_table_glued_to_a_line_that_opens_with_its_caption_is_read_as_a_table(run):
    line = ("Table 2.Tumor response: all patients (primary efficacy population)Tumor responseNumber of patients (%)"
            "10 uM trabedersen80 uM trabedersenStandard chemotherapyAll patientsn = 40n = 49n = 45 6 months  "
            "Tumor control rate (CR + PR + SD)13 (33%)10 (20%)12 (27%)  Overall response rate (CR + PR)2 (5%)3 (6%)3 (7%)  "
            "Progressive disease19 (48%)34 (69%)23 (51%)  Missing MRI data8 (20%)5 (10%)9 (20%)")
    out, _ = run("Results are shown below.\n" + line + "\nThe next paragraph says nothing more about it at all, really.")
    rates = {(o.endpoint, o.value) for o in out if o.measure == "rate"}
    assert ("DCR", "33") in rates and ("ORR", "5") in rates
    assert not any(v in ("48", "69", "51") for _, v in rates)  # progressive disease is no efficacy rate
    assert all(o.why.startswith("table.") for o in out)  # not read again as a sentence


@pytest.mark.parametrize("text, value, endpoint", [
    ("Women >50 years had significantly better DFS (88% vs. 62%, p = 0.006) and OS (95% vs. 71%, p = 0.004).", "88", "DFS"),
    ("Women >50 years had significantly better DFS (88% vs. 62%, p = 0.006) and OS (95% vs. 71%, p = 0.004).", "71", "OS"),
    ("At 6 months, the rate of overall survival was 81% in the trametinib group versus 67% in the chemotherapy group.", "81", "OS"),
    ("ORR was 9 and 3% in arms A and B, respectively (P=0.332).", "9", "ORR"),
    ("the RR was 7.7% (3 of 39 patients) in the experimental arm and 2.7% (1 of 37 patients) in the control arm", "7.7", "ORR"),
])
def test_rates_said_without_the_word_rate(run, text, value, endpoint):
    out, _ = run(text)
    assert _by_value(out, "rate", value).endpoint == endpoint


def test_a_landmark_opening_the_clause_names_the_rate(run):
    out, _ = run("Tumor control was 23%. At 24 months, OS was nonsignificantly higher with 10 uM trabedersen (20%, 95% CI: 7-36) "
                 "compared with standard chemotherapy (15%, 95% CI: 6-29).")
    r = _by_value(out, "rate", "20")
    assert (r.endpoint, r.timepoint, r.ci_low, r.ci_high) == ("OS", "24 months", "7", "36")


def test_a_median_in_years_after_median_in_its_clause(run):
    out, _ = run("The median overall survival for patients with tumours with negligible or weak COX-2 expression was 5.3 years.")
    assert _by_value(out, "median", "5.3").unit == "years"


def test_a_median_restated_in_another_unit_is_one_value(run):
    out, _ = run("Based on the median overall survival of 26.4 months or ~803 days in the sunitinib arm, the threshold was set.")
    assert [o.value for o in out if o.measure == "median"] == ["26.4"]


def test_median_age_is_no_outcome():
    assert find_medians("The median of the prognostic factor age was 52.0 years in the 10 uM group.") == []


def test_phase_iib_is_no_trial(run):
    _, ents = run("This randomized, open-label phase IIb study evaluated trabedersen.")
    assert not [e for e in ents if e.label == "TRIAL"]


def test_a_lone_value_of_no_named_arm_is_single(run):
    out, _ = run("Disease control rate of 40% was demonstrated in this study.")
    assert _by_value(out, "rate", "40").arm_role == "single"


def test_ranges_give_their_lower_bound_flagged():
    rate = find_rates("with the raltitrexed-oxaliplatin combination, response rates of 41-54% and median survivals")[0]
    assert (rate.value, rate.flags) == ("41", ("range",))
    assert find_rates("grade 3-4 toxicity in 5-10%") == []
    assert find_rates("ORR (range 20-30%)") == []


def test_risk_ratios():
    from pipeline.parsers import find_risk_ratios

    rr = find_risk_ratios("were 30% for ILF and 17% for ELF (risk ratio (RR) 0.57, 95% CI 0.29-1.13; P=0.1)")[0]
    assert (rr.measure, rr.value, rr.ci_low, rr.ci_high, rr.p_value) == ("rr", "0.57", "0.29", "1.13", "0.1")
    assert find_risk_ratios("the RR was 7.7% (3 of 39 patients)") == []  # a response rate


def test_comma_bounds_after_a_bracketed_ci_keyword_and_a_colon():
    hr = find_hazard_ratios("(hazard ratio [HR] 0.80; 95% confidence interval [CI]: 0.65, 0.98: p=0.026)")[0]
    assert (hr.ci_low, hr.ci_high) == ("0.65", "0.98")


def test_an_endpoint_after_a_value_is_its_category_not_a_list(run):
    out, _ = run("In the present study, the overall response rate achieved was 71% with 15% CR, PFS was 10.5 months "
                 "and median survival was 25.9 months.")
    assert (_by_value(out, "median", "10.5").endpoint, _by_value(out, "median", "25.9").endpoint) == ("PFS", "OS")


def test_protocols_report_no_results_of_their_own(run):
    text = ("TITLE: Randomised phase I/II study to evaluate re-irradiation\n\n  ABSTRACT.BACKGROUND:\nTreatment of recurrent glioma.\n"
            "ABSTRACT.METHODS DESIGN:\nPatients will be randomised.\nABSTRACT.TRIAL REGISTRATION:\nNCT01166308\n"
            "BODY.BACKGROUND:\nPostoperative radiotherapy can increase overall survival to about 15 months in glioblastoma.\n")
    out, _ = run(text)
    m = _by_value(out, "median", "15")
    assert m.trial == "" and "other_trial" in m.flags


# ---------------------------------------------------------------- batch 3 lessons

def test_ahr_is_an_adjusted_hazard_ratio():
    hr = find_hazard_ratios("Beyond three months, navigated patients resolved more quickly (aHR 2.83, 95% CI: 1.30-6.13).")[0]
    assert (hr.value, hr.ci_low, hr.ci_high, hr.qualifier) == ("2.83", "1.30", "6.13", "adjusted")


@pytest.mark.parametrize("text, medians", [
    ("The mean and median survival time for subjects treated with nimotuzumab was 31.06 and 17.76 vs. 21.07 and 12.63 months "
     "for the control group", ["17.76", "12.63"]),
    ("median and mean OS were 10 and 12 months", ["10"]),
])
def test_mean_and_median_given_in_turn_keep_the_medians(text, medians):
    assert [m.value for m in find_medians(text)] == medians


def test_rates_per_patient_years_after_an_hr_sentence_are_not_ratios(run):
    out, _ = run("Thickening showed no significant increase in risk (HR 1.58; p = 0.2). The mean (95% CI) incidence rate per 100 "
                 "patient-years was 11.3 (8.4-14.8) with ospemifene and 7.1 (3.7-12.5) with placebo.")
    assert [o.value for o in out if o.measure == "hr"] == ["1.58"]


def test_a_trial_named_in_apposition_by_its_report(run):
    text = ("TITLE: A phase IIa dose-finding and safety study of first-line pertuzumab in gastric cancer\n"
            "Here we present the results of JOSHUA, a phase IIa study of the PK and safety of two doses of pertuzumab "
            "(NCT01461057). Median overall survival was 15.1 months in arm A.\n" + "Safety was assessed in all patients. " * 20)
    out, ents = run(text)
    assert "JOSHUA" in [e.canonical for e in ents if e.label == "TRIAL"]
    assert _by_value(out, "median", "15.1").trial == "JOSHUA"


# ---------------------------------------------------------------- batch 4 lessons (after its first sight was recorded)

def test_comma_bounds_with_percent_signs(run):
    out, _ = run("One-year survival was 21% [95% confidence interval (CI): 0, 43%] with high-dose lenalidomide, "
                 "44% (95%CI: 28, 60%) with sequential azacitidine and lenalidomide.")
    rates = {o.value: (o.ci_low, o.ci_high) for o in out if o.measure == "rate"}
    assert rates == {"21": ("0", "43"), "44": ("28", "60")}


def test_a_tests_specificity_is_no_rate():
    assert [m.value for m in find_rates("specificity for the prediction of pCR (ypT0ypN0) was higher for mRNA (68.9% vs 22.2%)")] == []


def test_median_exposure_is_no_outcome():
    assert find_medians("Patients who discontinued had a median exposure of 2.5 months (range 0.4-8.1).") == []


# ---------------------------------------------------------------- trials in a report's introduction (PMC3995601,
# PMC4019890, PMC3672778: the report's own trial given to what its introduction quotes)

_OWN = ("TITLE: Gemcitabine with or without erlotinib in advanced pancreatic cancer: a randomised phase III trial\n"
        "ABSTRACT.METHODS:\nThis randomised phase III trial (NCT00203892) compared gemcitabine with gemcitabine plus erlotinib.\n")
_METHODS = "BODY.METHODS:\n" + "Patients were eligible if they were 18 years or older and had measurable disease. " * 12 + "\n"


def test_values_an_introduction_quotes_are_not_the_reports_own(run):
    text = (_OWN + "BODY.INTRODUCTION:\nPatients with metastatic disease had a historical median OS of approximately 6 months.\n" +
            _METHODS + "BODY.RESULTS:\nThe median OS was 9.5 months with erlotinib and 8.1 months without.")
    out, _ = run(text)
    background = _by_value(out, "median", "6")
    assert background.trial == "" and "trial.background_section" in background.why
    assert _by_value(out, "median", "9.5").trial == "NCT00203892"


def test_an_introductions_paragraph_keeps_the_trial_it_names(run):
    text = (_OWN + "BODY.INTRODUCTION:\nThe clinical activity of fulvestrant 500 versus 250 mg was compared in the phase III "
            "COmparisoN of Faslodex In Recurrent or Metastatic breast cancer (CONFIRM) study. "
            "A significantly longer TTP was reported with the 500 mg dose (hazard ratio (HR) = 0.80; P = 0.006).\n" +
            _METHODS + "BODY.RESULTS:\nThe hazard ratio for death was 0.82 (95% CI 0.69-0.99).")
    out, mentions = run(text)
    assert "CONFIRM" in {m.canonical for m in mentions if m.label == "TRIAL"}  # a trial's name spelt out as a title
    assert _by_value(out, "hr", "0.80").trial == "CONFIRM"
    assert _by_value(out, "hr", "0.82").trial == "NCT00203892"


def test_a_disease_spelt_out_before_its_abbreviation_is_no_trial(run):
    _, mentions = run("ABSTRACT.BACKGROUND:\nPancreatic ductal adenocarcinoma (PDA) is aggressive. The pilot trial treats PDA.\n"
                      "Non-small-cell lung cancer (NSCLC) trials enrolled many patients.")
    assert not [m for m in mentions if m.label == "TRIAL"]


def test_a_list_of_registrations_names_no_paragraphs_trial(run):
    text = ("TITLE: MEK inhibitors in cancer: current status\n"
            "Trametinib is being tested in several phase II/III trials [NCT01553851, NCT01682083, NCT01362296, NCT01245062]. "
            "The median progression-free survival of patients who received trametinib (4.8 months) was longer than that of "
            "patients who received chemotherapy (1.5 months) (hazard ratio [HR] 0.45; P < 0.001).\n"
            + "Toxicities were manageable and were mainly rash and diarrhoea. " * 10)
    out, _ = run(text)
    assert _by_value(out, "hr", "0.45").trial == ""


def test_a_sentence_about_the_authors_own_earlier_trial_ends_the_named_trial(run):
    text = (_OWN + "BODY.INTRODUCTION:\nThe INSPIRE trial tested necitumumab. We already performed a phase I clinical trial of "
            "gefitinib and nimotuzumab [3]. This phase I trial showed a partial response rate of 25%.\n" +
            _METHODS + "BODY.RESULTS:\nThe median OS was 9.5 months with erlotinib and 8.1 months without.")
    out, _ = run(text)
    assert _by_value(out, "rate", "25").trial == ""


# ---------------------------------------------------------------- reviews 07-09 (annotations/FIRST_SIGHT.md)

@pytest.mark.parametrize("cell, timepoint", [
    ("89.9 vs 78.3 (12 mo)", " (12 mo)"), ("75 vs 60 (18 mo)", " (18 mo)"), ("54.7% (at 24 months)", " (at 24 months)"),
    ("11.0 (9.1-12.7)", None), ("(12 mo)", None),
])
def test_a_bracketed_landmark_after_a_cells_values(cell, timepoint):
    from pipeline.patterns import CELL_TIMEPOINT
    m = CELL_TIMEPOINT.search(cell)
    assert (m.group(0) if m else None) == timepoint


_TAB_TABLE = ("Table 1. First-line trials\n"
              "\t\t\tObjective response\t\tProgression-free survival\t\tOverall survival\t\n"
              "Trial\tExperimental arm\tPopulation\tORR, %\tCR, %\tMedian, months\tHR (CI; P)\tLandmark rate, %\tHR (CI; P)\n"
              "KEYNOTE-426\tPembrolizumab + axitinib\tAll patients\t59.3 vs 35.7\t-\t15.1 vs 11.1\t0.69 (0.57-0.84; <0.001)\t"
              "89.9 vs 78.3 (12 mo)\t0.53 (0.38-0.74; <0.0001)\n"
              "CLEAR\tLenvatinib + pembrolizumab\tAll patients\t71.0 vs 36.1\t16.1 vs 4.2\t23.9 vs 9.2\t0.39 (0.32-0.49; <0.001)\t"
              "-\t0.66 (0.49-0.88; 0.005)\n")


def test_a_cell_written_as_empty_holds_its_column(run):
    # the dash under "CR, %" used to let the row's later cells shift one column left (KEYNOTE-426: its median
    # PFS read as a CR rate, its HR as a median, its landmark rates as HRs); "(12 mo)" is the rates' landmark
    out, _ = run(_TAB_TABLE)
    keynote = {(o.endpoint, o.measure, o.value) for o in out if o.trial == "KEYNOTE-426"}
    assert {("PFS", "median", "15.1"), ("PFS", "median", "11.1"), ("PFS", "hr", "0.69"), ("OS", "rate", "89.9"),
            ("OS", "rate", "78.3"), ("OS", "hr", "0.53")} <= keynote
    assert not [k for k in keynote if k[0] == "CR" or k[2] == "12"]


@pytest.mark.parametrize("text, value, endpoint", [
    ("Median radiographic PFS was 33.0 months versus 14.8 months (hazard ratio 0.47; 95% CI 0.39-0.55; P<0.001).", "33.0", "RPFS"),
    ("Median radiographic progression-free survival was 5.6 versus 3.6 months (P<0.001).", "5.6", "RPFS"),
    ("The median time to radiologic progression was 5.5 versus 2.8 months (hazard ratio 0.58; 95% CI 0.45-0.74).", "5.5", "TTP"),
    ("The median time to PSA progression was 8.3 versus 3.0 months (hazard ratio 0.25).", "8.3", "TTPP"),
])
def test_prostate_and_liver_endpoints(run, text, value, endpoint):
    out, _ = run(text)
    assert _by_value(out, "median", value).endpoint == endpoint


def test_a_median_that_had_not_been_reached(run):
    out, _ = run("In CheckMate 214, median overall survival had not been reached with the combination and was 26.0 months with sunitinib.")
    assert {(o.value, o.arm_role) for o in out if o.measure == "median"} == {("NR", "exp"), ("26.0", "ctl")}


@pytest.mark.parametrize("text, values, endpoint", [
    ("Median PFS was 16.6 versus 8.3 months. Responses occurred in 55.7% versus 27.1% of patients (P<0.001).", {"55.7", "27.1"}, "ORR"),
    ("At 36 months 30.7% of patients in the STRIDE arm were alive, compared with 24.7% in the durvalumab arm.", {"30.7", "24.7"}, "OS"),
    ("At 12 months, 65% of men receiving enzalutamide and 14% of those receiving placebo were alive without radiographic "
     "progression.", {"65", "14"}, "RPFS"),
    ("63.0% versus 42.2% of patients were alive and free of progression at 2 years.", {"63.0", "42.2"}, "PFS"),
])
def test_rates_said_as_responses_or_patients_alive(run, text, values, endpoint):
    out, _ = run(text)
    rates = [o for o in out if o.measure == "rate"]
    assert {o.value for o in rates} == values and {o.endpoint for o in rates} == {endpoint}


@pytest.mark.parametrize("text", [
    "After a median follow-up of 14 months, 69% of the patients included in arm A were still alive, compared to 59% in arm B.",
    "At the time of the analysis, of 21 patients who underwent R0 resection, 19 (90%) were alive.",
])
def test_patients_alive_with_no_landmark_is_no_survival_rate(run, text):
    out, _ = run(text)
    assert not [o for o in out if o.measure == "rate"]


@pytest.mark.parametrize("text, threshold", [
    ("PSA levels fell by 50% or more in 54% versus 2% of patients.", "50"),
    ("A confirmed PSA decline of at least 50% was seen in 29% versus 6% of patients.", "50"),
    ("The objective response rate was 42% and a PSA decline >50% was seen in 30%.", "50"),
])
def test_a_threshold_is_no_rate(run, text, threshold):
    out, _ = run(text)
    assert threshold not in {o.value for o in out if o.measure == "rate"}


@pytest.mark.parametrize("text, values", [
    ("PSA levels fell by 50% or more in 54% versus 2% of patients.", {"54", "2"}),
    ("A confirmed PSA decline of 50% or more occurred in 78% versus 3% of men.", {"78", "3"}),
    ("A PSA decline of at least 50% was seen in 29% versus 6% of patients (P<0.001).", {"29", "6"}),
])
def test_the_psa_response_said_as_its_definition(run, text, values):
    out, _ = run(text)
    rates = [o for o in out if o.measure == "rate"]
    assert {o.value for o in rates} == values and {o.endpoint for o in rates} == {"PSARR"}


def test_a_psa_decline_of_any_size_is_no_psa_response(run):
    out, _ = run("A PSA decline was seen in 40% of patients.")
    assert not [o for o in out if o.endpoint == "PSARR"]


def test_clinical_response_categories(run):
    out, _ = run("Those in the PE arm achieved higher cPR and lower cSD rates than those in the FEC arm (cPR rate: 70.92% vs. "
                 "54.30%, P = 0.006; cSD rate: 14.79% vs. 30.46% P = 0.002).")
    assert {(o.endpoint, o.value) for o in out if o.measure == "rate"} == {
        ("PR", "70.92"), ("PR", "54.30"), ("SD", "14.79"), ("SD", "30.46")}


def test_the_criterion_of_a_response_category_is_no_rate(run):
    out, _ = run("Patients with 100% regression of tumor at the primary site were considered complete responders (CR), "
                 "whereas partial responders (PR) had at least 50% regression.")
    assert not [o for o in out if o.measure == "rate"]


def test_values_after_a_comparison_take_its_arms_in_order(run):
    out, _ = run("Patients received paclitaxel-epirubicin (PE) or 5-fluorouracil, epirubicin and cyclophosphamide (FEC). Those in "
                 "the PE arm achieved higher cPR and lower cSD rates than those in the FEC arm (cPR rate: 70.92% vs. 54.30%, "
                 "P = 0.006; cSD rate: 14.79% vs. 30.46% P = 0.002).")
    assert {(o.value, o.arm) for o in out if o.measure == "rate"} == {
        ("70.92", "PE arm"), ("54.30", "FEC arm"), ("14.79", "PE arm"), ("30.46", "FEC arm")}


def test_a_share_of_patients_written_with_a_bound_is_a_rate(run):
    out, _ = run("A complete response was obtained in ≥80% and ≥75% of patients with APF530 250 mg and 500 mg, respectively.")
    assert {o.value for o in out if o.measure == "rate"} == {"80", "75"}


def test_a_category_after_a_proportion_and_its_count(run):
    out, _ = run("Cumulative results indicated that in the control group 45.8% (11/24) of CR and 25% (6/24) of PR were observed.")
    assert {(o.value, o.endpoint) for o in out if o.measure == "rate"} == {("45.8", "CR"), ("25", "PR")}
