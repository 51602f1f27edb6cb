"""Each linking rule with the sentence that motivated it (issue: every outcome tied to its trial,
endpoint, arm and subgroup)."""
from __future__ import annotations

import pytest

from pipeline.normalize import normalize_text


@pytest.fixture(scope="module")
def run(nlp):
    def _run(text):
        doc = nlp(normalize_text(text))
        return doc._.outcomes

    return _run


def one(outcomes, measure, value):
    found = [o for o in outcomes if o.measure == measure and o.value == value]
    assert len(found) == 1, (measure, value, [(o.measure, o.value) for o in outcomes])
    return found[0]


# ---------------------------------------------------------------- trial

def test_review_trial_carries_across_sentences_of_its_paragraph(run):
    out = run("CDK4/6 inhibitors in breast cancer: a review\nThe MONALEESA-2 trial enrolled 668 postmenopausal women. At the prespecified interim analysis, "
              "the ribociclib arm demonstrated superior efficacy: median PFS was 25.3 months versus 16.0 months in the placebo arm.\n"
              "A different paragraph reports a median PFS of 9.9 months with letrozole.")
    assert one(out, "median", "25.3").trial == "MONALEESA-2"
    assert one(out, "median", "16.0").trial == "MONALEESA-2"
    assert one(out, "median", "9.9").trial == ""  # a new paragraph does not inherit the trial


def test_report_own_trial_and_a_cited_study(run):
    text = ("TITLE: First-line erlotinib in patients with advanced non-small-cell lung cancer unsuitable for chemotherapy (TOPICAL): a phase 3 trial\n"
            "TOPICAL was a double-blind trial. Median overall survival was 3.7 months with erlotinib versus 3.6 months with placebo.\n"
            "A phase 2 study10 of gefitinib (n=201) compared with placebo showed no statistical difference in survival with a HR of 0.84 (95% CI 0.62-1.15).")
    out = run(text)
    assert one(out, "median", "3.7").trial == "TOPICAL"
    cited = one(out, "hr", "0.84")
    assert cited.trial == "" and "other_trial" in cited.flags


def test_glued_citation_numbers_mark_cited_work_unless_the_own_trial_is_named(run):
    """PMC5337626: "ramucirumab ... increases median overall survival compared with placebo from 3.8 months to 5.2
    months ... disease13" is cited work; PMC4327560: "In the RADIANT-3 trial, everolimus ... (11.0 months vs 4.6
    months ...).11" cites the report's own trial's primary publication."""
    out = run("Bevacizumab in gastric cancer (ST03): a randomised phase 3 trial\n\n"
              "ST03 enrolled 1063 patients. Median overall survival was 34.5 months in the ST03 trial.\n"
              "Additionally, ramucirumab increases median overall survival compared with placebo from 3.8 months to "
              "5.2 months as second-line treatment in advanced disease13 and more.")
    cited = one(out, "median", "3.8")
    assert cited.trial == "" and "other_trial" in cited.flags
    own = run("Everolimus in pNET (RADIANT-3): a phase 3 trial\n\nIn the RADIANT-3 trial, everolimus prolonged median "
              "progression-free survival compared with placebo (11.0 months vs 4.6 months; HR 0.35).11")
    assert one(own, "hr", "0.35").trial == "RADIANT-3"


def test_nct_id_written_beside_a_name_stands_for_it(run):
    out = run("The phase II MAINTAIN trial (NCT02632045) demonstrated modest benefit with ribociclib rechallenge (median PFS: 5.3 vs. 2.76 months).")
    assert {o.trial for o in out} == {"MAINTAIN"}


def test_value_takes_the_trial_named_nearest_before_it(run):
    out = run("In CONVERT, 2-year survival for twice-daily radiotherapy was 56%, versus 47% in the PALOMA-3 study.")
    assert one(out, "rate", "56").trial == "CONVERT"
    assert one(out, "rate", "47").trial == "PALOMA-3"


# ---------------------------------------------------------------- arms and roles

def test_arms_named_before_a_pair_of_values_in_order(run):
    out = run("PFS was significantly shorter with sunitinib than capecitabine (median 2.8 vs. 4.2 months, respectively; HR, 1.47; 95% CI, 1.16-1.87).")
    a, b = one(out, "median", "2.8"), one(out, "median", "4.2")
    assert (a.regimen, a.arm_role, a.comparator) == ("sunitinib", "exp", "capecitabine")
    assert (b.regimen, b.arm_role) == ("capecitabine", "ctl")


def test_regression_arm_after_a_percent_interval(run):
    """PMC5301372: the rate's interval ends in "%)" ("27.7% (15.6% to 42.6%) in the dovitinib arm"); the
    arm after it was missed and the arm before the next value was taken instead, swapping the roles."""
    out = run("The ORRs (95% CIs) in all patients were 27.7% (15.6% to 42.6%) in the dovitinib arm and "
              "10.0% (3.3% to 21.8%) in the placebo arm.")
    d, p = one(out, "rate", "27.7"), one(out, "rate", "10.0")
    assert (d.arm, d.arm_role, d.ci_low, d.ci_high) == ("dovitinib arm", "exp", "15.6", "42.6")
    assert (p.arm, p.arm_role) == ("placebo arm", "ctl")


def test_a_ratio_compares_the_arms_of_its_sentences_values(run):
    out = run("In PALOMA-2, palbociclib plus letrozole improved median PFS to 24.8 months vs 14.5 months with placebo plus "
              "letrozole (HR 0.58; 95% CI, 0.46-0.72; P<0.001).")
    hr = one(out, "hr", "0.58")
    assert (hr.regimen, hr.comparator) == ("palbociclib + letrozole", "placebo + letrozole")


def test_a_later_pair_in_the_sentence_keeps_the_first_pairs_arms(run):
    out = run("The objective response rate was 42% with nivolumab plus ipilimumab and 27% with sunitinib (P<0.001); "
              "complete responses occurred in 9% and 1%, respectively.")
    a, b = one(out, "rate", "9"), one(out, "rate", "1")
    assert (a.endpoint, a.regimen, a.arm_role, a.comparator) == ("CR", "nivolumab + ipilimumab", "exp", "sunitinib")
    assert (b.regimen, b.arm_role) == ("sunitinib", "ctl")


def test_the_arm_that_adds_to_the_other_is_experimental(run):
    """PMC5337626: "chemotherapy" is a class, not a drug, so the drug sets could not order the arms."""
    out = run("The proportion of patients responding to treatment were similar in the two groups (183 [42%] of 438 "
              "patients in the chemotherapy group vs 177 [41%] of 437 in the chemotherapy and bevacizumab group; p=0.70).")
    assert [(o.value, o.arm_role) for o in out if o.measure == "rate"] == [("42", "ctl"), ("41", "exp")]


def test_from_a_to_b_goes_from_the_control_to_the_new_arm(run):
    out = run("Ramucirumab increases median overall survival from 7.4 to 9.6 months in combination with paclitaxel.")
    assert [(o.value, o.arm_role) for o in out] == [("7.4", "ctl"), ("9.6", "exp")]


def test_arm_after_of_patients_receiving(run):
    out = run("Objective responses occurred in 22.9% of patients receiving capivasertib and 12.2% of those receiving placebo.")
    c, p = one(out, "rate", "22.9"), one(out, "rate", "12.2")
    assert (c.regimen, c.arm_role) == ("capivasertib", "exp") and (p.regimen, p.arm_role) == ("placebo", "ctl")


def test_arms_named_after_each_value_and_placebo_is_control(run):
    out = run("Median overall survival was 3.7 months (95% CI 3.2-4.2) in the erlotinib group versus 3.6 months (3.2-3.9) in the placebo group.")
    e, p = one(out, "median", "3.7"), one(out, "median", "3.6")
    assert (e.arm, e.arm_role, e.regimen, e.comparator) == ("erlotinib group", "exp", "erlotinib", "placebo")
    assert (p.arm, p.arm_role) == ("placebo group", "ctl")


def test_arm_listed_before_its_value(run):
    out = run("Median overall survival did not differ between groups (erlotinib, 3.7 months, 95% CI 3.2-4.2, vs placebo, 3.6 months, 3.2-3.9).")
    assert one(out, "median", "3.7").arm == "erlotinib"
    assert one(out, "median", "3.6").arm_role == "ctl"


def test_comparison_before_parenthesised_values(run):
    out = run("In the RADIANT-3 trial, everolimus significantly prolonged median progression-free survival (PFS) compared with placebo "
              "in patients with pNET (11.0 months vs 4.6 months; HR, 0.35).")
    assert one(out, "median", "11.0").regimen == "everolimus"
    assert one(out, "median", "4.6").arm_role == "ctl"


def test_group_labels_are_arms(run):
    out = run("Median OS was 20 months (95% CI: 15.4-24.6) in group A and 25.3 months (95% CI: 22.1-28.6) in group B (p = 0.099).")
    assert one(out, "median", "20").arm == "group A"
    assert one(out, "median", "25.3").arm == "group B"


def test_hazard_ratio_takes_the_compared_regimens(run):
    out = run("Overall survival was longer with palbociclib plus fulvestrant versus placebo plus fulvestrant (HR 0.81, 95% CI 0.64-1.03).")
    hr = one(out, "hr", "0.81")
    assert (hr.regimen, hr.comparator, hr.arm_role) == ("palbociclib + fulvestrant", "placebo + fulvestrant", "na")


# ---------------------------------------------------------------- endpoints

@pytest.mark.parametrize("sentence,endpoint", [
    ("The hazard ratio for death, 0.76; 95% CI, 0.63 to 0.93.", "OS"),
    ("The hazard ratio for progression or death was 0.58 (95% CI 0.46-0.72).", "PFS"),
    ("Hazard ratios were 1.30 (95% CI 1.05-1.61, p=0.017) for overall survival, and 1.09 (0.89-1.36, p=0.39) for progression-free survival.", "OS"),
])
def test_hr_endpoint_from_its_words(run, sentence, endpoint):
    out = run(sentence)
    assert out[0].endpoint == endpoint


def test_hr_endpoint_named_after_the_value(run):
    out = run("Hazard ratios were 1.30 (95% CI 1.05-1.61, p=0.017) for overall survival, and 1.09 (0.89-1.36, p=0.39) for progression-free survival.")
    assert one(out, "hr", "1.09").endpoint == "PFS"


def test_endpoint_from_the_documents_own_abbreviation(run):
    out = run("The primary endpoint was time to strategy failure (TSF). Median TSF was 8.1 months with A and 6.4 months with B.")
    assert one(out, "median", "8.1").endpoint == "TSF"


def test_median_without_an_endpoint_is_not_an_outcome(run):
    out = run("At the time of data cut-off, patients had received study drug for a median of 61 days in both treatment arms.")
    assert out == []


def test_section_heading_endpoint_carries_into_its_paragraphs(run):
    """PMC5856890: under "PFS SENSITIVITY ANALYSIS:", a second paragraph's "(HR 0.28, 95% CI 0.19-0.41)"
    names no endpoint; the paragraph reset had left it blank."""
    out = run("Osimertinib versus chemotherapy\n\nBODY.PFS SENSITIVITY ANALYSIS: UNTRIMMED DATA SET:\n"
              "Use of the untrimmed data set demonstrated a statistically significant improvement for the osimertinib "
              "group (HR 0.283, 95% CI 0.194-0.412, p < 0.0001). These results are consistent with the trimmed set.\n"
              "The improvement for osimertinib was similar to the unadjusted comparison (HR 0.28, 95% CI 0.19-0.41).\n\n"
              "BODY.SAFETY:\nAdverse events were common in both groups, as reported in earlier trials of this kind.\n"
              "The odds of any adverse event were similar (OR 1.10, 95% CI 0.80-1.50).\n")
    assert one(out, "hr", "0.28").endpoint == "PFS"
    assert one(out, "or", "1.10").endpoint != "PFS"  # a new heading without an endpoint ends the carry


def test_an_abbreviation_the_document_defines_otherwise_is_not_an_endpoint(run):
    """BioRED 16731636: "Sprague-Dawley (SD) rats" -- there SD is not stable disease."""
    out = run("Isoproterenol induced a greater increase in the TGR than in the Sprague-Dawley (SD) rats. The response "
              "was seen in 12% of TGR and in 30% of SD rats, respectively.")
    assert all(o.endpoint != "SD" for o in out)


def test_a_randomised_report_without_a_trial_name_compares_its_own_arms(run):
    """A report whose title says "randomized" but names no trial: its lone per-arm values are the
    experimental arm's, not single-arm figures."""
    out = run("Gemcitabine with or without erlotinib in pancreatic cancer: a randomized phase 3 study\n\n"
              "The objective response rate was 23% in the erlotinib group.")
    assert one(out, "rate", "23").arm_role == "exp"
    review = run("CDK4/6 inhibitors after progression: a review\n\nThe objective response rate was 23% in the erlotinib group.")
    assert one(review, "rate", "23").arm_role == "single"


def test_response_category_written_after_the_proportion(run):
    """PMC3466131: "30 patients (21%) had stable disease and 15 (10.5%) progressive disease" -- both
    were read as partial responses, the last category named before them."""
    out = run("In group A, 55 patients (38.5%) achieved an objective response (complete response, 3.5%; partial "
              "response, 35%), 30 patients (21%) had stable disease and 15 (10.5%) progressive disease.")
    got = {(o.endpoint, o.value) for o in out if o.measure == "rate"}
    assert {("CR", "3.5"), ("PR", "35"), ("SD", "21")} <= got
    assert not [o for o in out if o.value == "10.5"]  # progressive disease is not an efficacy endpoint


def test_a_defining_parenthetical_does_not_name_the_values_endpoint(run):
    """PMC2855860: "the clinical benefit rate (percent objective responses plus SD >=6 months) was lower with
    sunitinib (19%) than with capecitabine (27%)" -- the rates were read as SD."""
    out = run("Likewise, with 19 and 26 patients having achieved SD for at least 6 months, the clinical benefit rate "
              "(percent objective responses plus SD ≥6 months) was lower with sunitinib (19%) than with capecitabine "
              "(27%; Pearson χ2 test P = 0.045).")
    assert {(o.endpoint, o.value) for o in out if o.measure == "rate"} == {("CBR", "19"), ("CBR", "27")}


def test_a_defining_square_bracket_does_not_name_the_values_endpoint(run):
    """PMC4678179: "disease control [ie, CR + PR + SD], 31 [58%]" was read as stable disease."""
    out = run("ORRs were similar in the two arms (GV: partial response [PR], 4 [8%]; stable disease [SD], 27 [51%]; "
              "disease control [ie, CR + PR + SD], 31 [58%]).")
    assert {(o.endpoint, o.value) for o in out if o.measure == "rate"} == {("PR", "8"), ("SD", "51"), ("DCR", "58")}


def test_rates_of_another_outcome_named_after_the_endpoint_are_not_that_endpoint(run):
    """PMC5555437 summary: "(36% vs 52%)" are rates of thoracic relapse, not of 5-year overall survival."""
    out = run("Twice-daily radiotherapy significantly improved 5-year overall survival compared with once-daily "
              "radiotherapy (26% vs 16%) and reduced the risk of thoracic relapse (36% vs 52%).")
    assert [(o.endpoint, o.value) for o in out if o.measure == "rate"] == [("OS", "26"), ("OS", "16")]


def test_an_abbreviation_in_brackets_still_names_the_endpoint(run):
    out = run("The ORR was 11%; stable disease (SD) for 6 months or more was 5%, leading to a clinical benefit rate of 16%.")
    assert {(o.endpoint, o.value) for o in out if o.measure == "rate"} == {("ORR", "11"), ("SD", "5"), ("CBR", "16")}


# ---------------------------------------------------------------- population

@pytest.mark.parametrize("sentence,value,population", [
    ("Among those who were KRAS mutation-positive, median overall survival was 4.2 months (95% CI 1.8-6.2) for erlotinib.", "4.2", "KRAS mutation-positive"),
    ("Patients with wild-type KRAS had median overall survival of 3.7 months (2.8-4.2) for erlotinib.", "3.7", "wild-type KRAS"),
    ("For patients who received prior chemotherapy, the median PFS was 11.0 months (95% CI, 8.2-13.9) for everolimus.", "11.0", "prior chemotherapy"),
    ("In the prior chemotherapy group, median PFS according to central assessment was 11.4 months (95% CI, 8.7-18.1).", "11.4", "prior chemotherapy"),
    ("Median overall survival for erlotinib versus placebo was 8.1 months (95% CI 6.2-10.4) versus 4.5 months (3.9-5.6) for women.", "4.5", "women"),
    ("The median PFS was 10.9 months in the FGF pathway-amplified subgroup for dovitinib.", "10.9", "FGF pathway-amplified"),
    ("In patients with a BRCA1 mutation, the median PFS was 19.1 months with olaparib.", "19.1", "BRCA1 mutation"),
    ("Among patients with KRAS wild-type tumours, median OS was 14.3 months with drug A.", "14.3", "KRAS wild-type tumours"),
])
def test_population(run, sentence, value, population):
    o = one(run(sentence), "median", value)
    assert o.population == population and "subgroup" in o.flags


def test_subgroup_populations_of_hazard_ratios(run):
    out = run("In the subgroup of patients aged 65 years or older, the HR for overall survival was 0.85 (95% CI, 0.70-1.03). "
              "The benefit was consistent across subgroups, including ECOG PS 0 (HR 0.61; 95% CI 0.45-0.83) and PS 1 "
              "(HR 0.72; 95% CI 0.55-0.94).")
    assert [(o.value, o.population) for o in out] == [
        ("0.85", "aged 65 years or older"), ("0.61", "ECOG PS 0"), ("0.72", "PS 1")]
    whole = run("Among patients with advanced breast cancer, median OS was 14.3 months with drug A.")
    assert one(whole, "median", "14.3").population == ""


def test_an_arm_is_not_a_population(run):
    out = run("Median overall survival was 3.7 months in the erlotinib group versus 3.6 months in the placebo group.")
    assert {o.population for o in out} == {""}


# ---------------------------------------------------------------- what kind of number

def test_design_value_is_flagged(run):
    out = run("The target sample size was 664 patients, to detect an increase in 1 year overall survival from 10% to 17.5% "
              "(equivalent to a HR of 0.75), with 90% power.")
    assert [o.value for o in out] == ["0.75"] and "design" in out[0].flags  # the percentages are assumptions: left out


def test_prognostic_factor_hr_is_flagged(run):
    out = run("First-cycle rash was the only significant independent factor (HR 0.24, 95% CI 0.16-0.35, p<0.0001) in a multivariate analysis.")
    assert "prognostic" in one(out, "hr", "0.24").flags


def test_derived_hr_from_a_risk_reduction(run):
    out = run("The abemaciclib arm achieved a median PFS of 28.18 months versus 14.76 months, representing a 46% reduction in disease progression or death risk.")
    d = one(out, "hr", "0.54")
    assert "derived" in d.flags and d.endpoint == "PFS"


@pytest.mark.parametrize("sentence, value, endpoint", [
    ("The risk of disease progression or death was reduced by 42% with pembrolizumab.", "0.58", "PFS"),
    ("Pembrolizumab reduced the risk of death by 37.5% compared with chemotherapy.", "0.625", "OS"),
])
def test_derived_hr_from_other_wordings_of_a_risk_reduction(run, sentence, value, endpoint):
    """A sentence with no other value still gives its derived HR."""
    d = one(run(sentence), "hr", value)
    assert "derived" in d.flags and d.endpoint == endpoint


def test_no_derived_hr_beside_the_stated_one(run):
    out = run("Pembrolizumab reduced the risk of death by 28% (HR 0.72; 95% CI 0.60-0.86) compared with chemotherapy.")
    assert [(o.value, o.flags) for o in out if o.measure == "hr"] == [("0.72", "")]


def test_median_abbreviations_name_their_endpoint(run):
    out = run("In the PD-L1 TPS of 90% or greater subgroup, mOS was 20.0 vs 10.6 mo (HR 0.54).")
    assert {o.endpoint for o in out} == {"OS"}


def test_interim_analysis_is_flagged(run):
    out = run("At the prespecified interim analysis, median PFS was 25.3 months versus 16.0 months.")
    assert all("interim" in o.flags for o in out)


# ---------------------------------------------------------------- checks

def test_check_flags_name_the_failed_check(run):
    out = run("Overall survival was longer (HR 1.65, 95% CI 0.50-0.85, p=0.20).")
    assert "inconsistent_ci" in one(out, "hr", "1.65").flags
    out = run("Overall survival was longer (HR 0.65, 95% CI 0.50-0.85, p=0.20).")
    assert "p_ci_conflict" in one(out, "hr", "0.65").flags
    out = run("Overall survival was longer with drugamab than placebo (median 4.0 vs. 9.0 months; HR 0.50, 95% CI 0.40-0.62).")
    assert all("direction_conflict" in o.flags for o in out)


def test_captionless_flattened_table_takes_endpoints_from_its_header_cells(run):
    """PMC5856890's results table: header cells "ORRa", "DCRa", "PFSb", "OSb", a row label, then one
    cell per line; before this rule the ratios had no endpoint."""
    out = run("A long paragraph before the table that only talks about methods, without any numbers in it at all, none.\n"
              "ORRa\nDCRa\nPFSb\nOSb\nIndirect comparison, 2L and ≥ 3L\n"
              "64.3 vs. 33.3%; OR = 5.31, 95% CI 2.47–11.40, p < 0.001\n"
              "92.1 vs. 75.0%; OR = 4.72, 95% CI 1.92–11.58, p < 0.001\n"
              "Median 10.9 vs. 5.3 months; HR = 0.278, 95% CI 0.188–0.409, p < 0.0001\n")
    assert [(o.measure, o.value, o.endpoint) for o in out if o.measure not in ("median", "rate")] == [
        ("or", "5.31", "ORR"), ("or", "4.72", "DCR"), ("hr", "0.278", "PFS")]
    # the percentages under a rate column are that column's rates, though the cell names no response
    assert [(o.value, o.endpoint, o.arm_role) for o in out if o.measure == "rate"] == [
        ("64.3", "ORR", "exp"), ("33.3", "ORR", "ctl"), ("92.1", "DCR", "exp"), ("75.0", "DCR", "ctl")]


def test_report_names_its_trial_in_brackets_after_the_word_trial(run):
    """PMC2855860 names SUN 1107 once, in its introduction; its results carry no trial name."""
    out = run("TITLE: Phase III randomized trial of sunitinib versus capecitabine in breast cancer\n"
              "In 2006, a multicenter, randomized, open-label phase III trial (SUN 1107) was initiated.\n"
              "PFS was shorter with sunitinib than capecitabine (median 2.8 vs. 4.2 months, respectively; HR, 1.47; 95% CI, 1.16-1.87).")
    assert {o.trial for o in out} == {"SUN 1107"}


def test_cited_study_compared_with_the_reports_own_keeps_its_name(run):
    """TOPICAL's discussion: "... placebo (INSTEP) in a group of patients similar to those in TOPICAL ... HR of 0.84"."""
    out = run("TITLE: Erlotinib in lung cancer (TOPICAL): a phase 3 trial\n"
              "A phase 2 study10 of gefitinib (n=201) compared with placebo (INSTEP) in a group of patients with similar "
              "characteristics to those in TOPICAL showed no statistical difference in survival with a HR of 0.84 (95% CI 0.62-1.15).")
    hr = one(out, "hr", "0.84")
    assert hr.trial == "INSTEP" and "other_trial" in hr.flags


def test_other_trial_named_in_the_previous_sentence_carries_one_sentence(run):
    text = ("TITLE: Once-daily versus twice-daily chemoradiotherapy (CONVERT): a phase 3 trial\n"
            "The Intergroup 0096 study compared the two schedules in 417 patients. Twice-daily radiotherapy improved 5-year "
            "overall survival compared with once-daily radiotherapy (26% vs 16%). In this trial, 2-year overall survival was 56%.")
    out = run(text)
    assert one(out, "rate", "26").trial == "Intergroup 0096" and "other_trial" in one(out, "rate", "26").flags
    assert one(out, "rate", "56").trial == "CONVERT"  # "In this trial": the report's own


def test_a_new_study_in_a_review_paragraph_does_not_inherit_its_trial(run):
    out = run("A review of CDK4/6 inhibitors\nThe phase III ACE trial enrolled 365 patients. Another observational study "
              "of 44 similar patients reported an overall median PFS of 2.0 months.")
    assert one(out, "median", "2.0").trial == ""


def test_named_groups_take_their_role_from_the_title(run):
    """CONVERT compares once-daily (experimental) with twice-daily (standard) radiotherapy; its results
    name only "the twice-daily group" and "the once-daily group"."""
    out = run("TITLE: Concurrent once-daily versus twice-daily chemoradiotherapy in small-cell lung cancer (CONVERT): a phase 3 trial\n"
              "Median overall survival was 30 months (95% CI 24-34) in the twice-daily group versus 25 months (21-31) in the once-daily group.")
    assert (one(out, "median", "30").arm, one(out, "median", "30").arm_role) == ("twice-daily group", "ctl")
    assert one(out, "median", "25").arm_role == "exp"


def test_an_arm_alone_is_the_control(run):
    out = run("3-year overall survival was 50.3% (95% CI 45.5-54.9) in the chemotherapy alone group and 48.1% (43.2-52.7) "
              "in the chemotherapy plus bevacizumab group.")
    assert one(out, "rate", "50.3").arm_role == "ctl" and one(out, "rate", "48.1").arm_role == "exp"


def test_arm_labels_the_document_defines(run):
    """PMC4678179 defines "gemcitabine plus vismodegib (GV)" and "gemcitabine plus placebo (GP)", then
    reports "GV: complete response [CR], 0 [0%]; partial response [PR], 4 [8%]; ... GP: CR, 1 [2%]; PR, 6 [11%]"."""
    out = run("Patients received gemcitabine plus vismodegib (GV) or gemcitabine plus placebo (GP). "
              "ORRs were similar in the two arms (GV: complete response [CR], 0 [0%]; partial response [PR], 4 [8%]; "
              "GP: CR, 1 [2%]; PR, 6 [11%]). Median PFS was 4.0 and 2.5 months for GV and GP arms, respectively.")
    pr8, pr11 = one(out, "rate", "8"), one(out, "rate", "11")
    assert (pr8.regimen, pr8.arm_role) == ("gemcitabine + vismodegib", "exp")
    assert (pr11.regimen, pr11.arm_role) == ("gemcitabine + placebo", "ctl")
    assert one(out, "median", "4.0").arm == "GV" and one(out, "median", "2.5").arm_role == "ctl"


def test_two_endpoints_distributed_over_a_list(run):
    """PMC3466131: the endpoints of "PFS and OS rates" alternate over the four values."""
    out = run("Two-year PFS and OS rates were 18% and 44% in group A, and 17% and 54% in group B, respectively.")
    assert [(o.value, o.endpoint) for o in out] == [("18", "PFS"), ("44", "OS"), ("17", "PFS"), ("54", "OS")]


def test_per_arm_proportions_continue_the_previous_sentences_rates(run):
    out = run("The proportion of patients responding to treatment were similar in the two groups (183 [42%] of 438 patients in "
              "the chemotherapy alone group vs 177 [41%] of 437 in the chemotherapy plus bevacizumab group; p=0.70). "
              "A repeat of this comparison also yielded a similar result (147 [39%] of 376 patients in the chemotherapy alone "
              "group vs 135 [38%] of 351 in the chemotherapy plus bevacizumab group; p=0.86).")
    assert [(o.value, o.endpoint, o.arm_role) for o in out] == [
        ("42", "ORR", "ctl"), ("41", "ORR", "exp"), ("39", "ORR", "ctl"), ("38", "ORR", "exp")]


def test_ci_list_after_a_respectively_pair(run):
    """PMC4678179: "Median PFS was 4.0 and 2.5 months for GV and GP arms, respectively (95% CI, 2.5 to 5.3 and 1.9 to 3.8, respectively)"."""
    out = run("Median PFS was 4.0 and 2.5 months for GV and GP arms, respectively (95% CI, 2.5 to 5.3 and 1.9 to 3.8, respectively).")
    assert [(o.value, o.ci_low, o.ci_high, o.ci_level) for o in out] == [("4.0", "2.5", "5.3", "0.95"), ("2.5", "1.9", "3.8", "0.95")]


def test_a_median_of_days_without_an_endpoint_is_not_an_outcome(run):
    out = run("Median progression-free survival was 2.8 months.\nSunitinib dosing was interrupted in 52% of patients for a median "
              "of 10 days, while capecitabine treatment was interrupted in 46% of patients for a median of 7 days.")
    assert [o.value for o in out] == ["2.8"]


@pytest.mark.parametrize("sentence", [
    "Of the 13 patients who responded in the dovitinib arm, 11 patients (84.6%) responded within the first 4 months.",
    "However, only 20% to 40% of patients respond to first-line therapy.",
    "When considering only those patients who had measurable disease at baseline (n = 41 [87.2%] in the dovitinib arm), the ORRs were similar.",
])
def test_percentages_that_are_not_response_rates(run, sentence):
    assert [o for o in run(sentence) if o.measure == "rate"] == []


def test_vs_pairs_in_a_longer_list_are_read_experimental_first(run):
    """001: "the CAPItello-291 study reported doubled mPFS (7.2 vs. 3.6 months) ... (5.5 vs. 2.6 months)"; PMC4678179 "(8% v 13%)"."""
    out = run("Similarly, the CAPItello-291 study reported doubled median PFS (7.2 vs. 3.6 months), with consistent benefits in "
              "pretreated subgroups (5.5 vs. 2.6 months).")
    assert [(o.value, o.arm_role) for o in out] == [("7.2", "exp"), ("3.6", "ctl"), ("5.5", "exp"), ("2.6", "ctl")]
    out = run("The difference in objective response rates (8% v 13%) was not significant (P = .53).")
    assert [(o.value, o.arm_role) for o in out] == [("8", "exp"), ("13", "ctl")]


def test_single_agent_value_is_a_single_arm(run):
    out = run("In patients previously treated with anthracyclines/taxanes, single-agent capecitabine results in an objective "
              "response rate (ORR) of 26%.")
    assert [(o.value, o.arm_role) for o in out] == [("26", "single")]


@pytest.mark.parametrize("sentence", [
    "Among 285 eligible patients, 143 were randomized to group A and 142 to group B. 55 patients (38.5%) in group A responded.",
    "In group A, 55 patients (38.5%) achieved an objective response (complete response, 3.5%; partial response, 35%).",
    "In CONVERT, 2-year overall survival was 56% and 51%.",
])
def test_counts_arms_and_trials_are_not_populations(run, sentence):
    assert {o.population for o in run(sentence)} == {""}


def test_derived_hrs_from_a_list_of_risk_reductions(run):
    """PMC3664320: a pair of risk reductions in one phrase, each with its p-value, and a "respectively" list;
    the endpoint is the sentence's subject (TTD), not a component named after it ("death and progression")."""
    out = run("Patients were followed for time to deterioration (TTD). In Japanese patients, the pre-defined TTD composite "
              "endpoint utilizing the FKSI-15 in addition to death and progression, demonstrated a 47% (P = 0.0258) and "
              "19% (P = 0.2613) respective reduction in risk for axitinib compared with sorafenib patients (Fig. 4) "
              "favoring axitinib; the corresponding risk reductions in the overall population were 17 and 16%, "
              "respectively (15).")
    got = [(o.value, o.p_value, o.endpoint) for o in out if "derived" in o.flags]
    assert got == [("0.53", "0.0258", "TTD"), ("0.81", "0.2613", "TTD"), ("0.83", "", "TTD"), ("0.84", "", "TTD")]


# ---------------------------------------------------------------- trial scope in reviews
# (review fixtures, issue "Review articles as they arrive")

REVIEW = ("Biological agents in metastatic colorectal cancer\n"
          "Abstract\nThis review discusses the phase 3 trials CRYSTAL, PRIME and FIRE-3.\n"
          "Cetuximab: CRYSTAL\n"
          "CRYSTAL randomized 1198 patients with mCRC to FOLFIRI with or without cetuximab, and the median PFS was 8.9 "
          "versus 8.0 months.\n"
          "The trial is better remembered for its KRAS analysis. In patients with KRAS wild-type tumours the median OS "
          "was 23.5 months with cetuximab plus FOLFIRI and 20.0 months with FOLFIRI alone (hazard ratio 0.796).\n"
          "Panitumumab: PRIME\n"
          "PRIME compared panitumumab plus FOLFOX4 with FOLFOX4 alone in 1183 patients; the median PFS was 9.6 months "
          "with panitumumab and 8.0 months without (hazard ratio 0.80).\n"
          "Discussion\n"
          "Across trials, the median OS of such patients now exceeds 30 months in the first line of treatment.\n")


def test_review_has_no_own_trial_and_a_heading_trial_holds_for_its_section(run):
    out = run(REVIEW)
    assert one(out, "hr", "0.796").trial == "CRYSTAL"  # a paragraph of the CRYSTAL section that does not name it
    assert one(out, "median", "20.0").trial == "CRYSTAL"
    assert one(out, "hr", "0.80").trial == "PRIME"
    assert {o.trial for o in out if o.value == "30"} <= {""}  # the Discussion heading ends the section


def test_a_heading_trial_does_not_hold_in_a_trial_report(run):
    # a report with its own trial: values are the report's, whatever a heading names
    out = run("Palbociclib plus letrozole in PALOMA-2: final overall survival\n"
              "Results in context: MONALEESA-2\n"
              "In our trial the median OS was 53.9 months with palbociclib and 51.2 months with placebo, a longer "
              "follow-up than before.\n")
    assert one(out, "median", "53.9").trial == "PALOMA-2"


def test_a_trial_named_to_compare_with_is_not_the_values_trial(run):
    out = run(REVIEW + "CALGB/SWOG 80405\n"
              "CALGB/SWOG 80405 randomized 1137 patients with KRAS wild-type tumours to chemotherapy plus cetuximab or "
              "bevacizumab. In contrast to FIRE-3, the survival analysis showed no difference: median OS was 30.0 months "
              "with cetuximab and 29.0 months with bevacizumab (hazard ratio 0.88).\n")
    assert one(out, "hr", "0.88").trial != "FIRE-3"
    assert one(out, "median", "29.0").trial != "FIRE-3"
    # ... nor the paragraph's trial in the sentences after it
    out = run(REVIEW + "CALGB/SWOG 80405\nCALGB/SWOG 80405 randomized 1137 patients to cetuximab or bevacizumab. In "
              "contrast to FIRE-3, the survival analysis showed no difference. Median PFS was 10.5 versus 10.6 months "
              "(hazard ratio 0.95).\n")
    assert one(out, "hr", "0.95").trial == "CALGB/SWOG 80405"


def test_a_difference_written_with_a_delta_is_no_median(run):
    out = run("In MONARCH 2, abemaciclib prolonged survival (median OS 46.7 vs. 37.3 months; HR 0.757), i.e. \u03949.4 months.")
    assert sorted(o.value for o in out if o.measure == "median") == ["37.3", "46.7"]


@pytest.mark.parametrize("sentence, new_study", [
    ("Another observational study of 44 patients reported a median OS of 9.1 months.", True),
    ("In a small single-arm series the median PFS was 4.0 months.", True),
    ("The hazard ratio excluded neither a modest benefit nor a small detriment; the median OS was 53.9 months.", False),
    ("Overall survival was longer in the other arm, with a median of 20.1 months.", False),
])
def test_new_study_cue_needs_a_study_word(sentence, new_study):
    from pipeline.linking import NEW_STUDY
    assert bool(NEW_STUDY.search(sentence)) is new_study


@pytest.mark.parametrize("sentence, value, endpoint", [
    ("The median PFS was 5.1 months with nivolumab and 2.2 months with dacarbazine (hazard ratio for death or "
     "progression 0.43; 95% CI 0.34-0.56).", "0.43", "PFS"),
    ("T-DM1 gave a hazard ratio for progression or death from any cause of 0.65 (95% CI 0.55-0.77).", "0.65", "PFS"),
    ("The addition of trastuzumab lengthened the median time to disease progression from 4.6 to 7.4 months.", "7.4", "TTP"),
])
def test_endpoints_said_in_the_words_of_the_event(run, sentence, value, endpoint):
    assert [o.endpoint for o in run(sentence) if o.value == value] == [endpoint]


@pytest.mark.parametrize("sentence, arms", [
    # PMC3405220 (first-sight batch 2): the arm after a bracketed count or interval was taken by the next value
    ("In this randomized trial, the RR was 7.7% (3 of 39 patients) in the experimental arm and 2.7% (1 of 37 "
     "patients) in the control arm.", [("7.7", "exp"), ("2.7", "ctl")]),
    ("The median OS was 160 days (95% CI, 151.0-225.4 days) in the experimental arm and 156 days (95% CI, "
     "174.1-269.3 days) in the control arm.", [("160", "exp"), ("156", "ctl")]),
])
def test_regression_arm_after_a_bracketed_count_or_interval(run, sentence, arms):
    assert [(o.value, o.arm_role) for o in run(sentence)] == arms


def test_an_association_with_a_risk_reduction_is_no_derived_hazard_ratio(run):
    # first-sight batch 5 (PMC3781990): a prognostic association quoted from another trial
    out = run("A PSA decrease of >30% under active treatment within the SWOG 99-16 study has been associated with a "
              "50% reduction in the risk of death from prostate cancer.")
    assert [o for o in out if o.measure == "hr"] == []
    # ... while a treatment's risk reduction still is one
    out = run("Erlotinib produced a 30% reduction in the risk of death.")
    assert [o.value for o in out if o.measure == "hr"] == ["0.70"]


def test_regression_a_review_of_cases_in_a_trial_report_is_no_review(run):
    # PMC4327560: "A review of all cases of pNET registered in ..." in a RADIANT-3 report's introduction
    out = run("Impact of prior chemotherapy on everolimus in pancreatic NET in the RADIANT-3 trial\n"
              "A review of all cases of pNET registered in the SEER database suggested a low incidence. RADIANT-1 "
              "and RADIANT-2 studied everolimus before; CLARINET studied lanreotide.\n"
              "The median PFS was 11.0 months with everolimus and 4.6 months with placebo in the RADIANT-3 trial.\n"
              "Everolimus prolonged median PFS regardless of prior chemotherapy (11.4 vs 5.4 months).\n")
    assert one(out, "median", "11.4").trial == "RADIANT-3"


def test_rates_that_refer_back_to_the_previous_sentences_rates(run):
    # first-sight batch 5 (PMC2363617): "these percentages" are the previous sentence's survival rates
    out = run("The 5-year survival rates for N0, N1 and N2 according to the 4th edition were 72%, 34% and 27%. "
              "According to the 5th edition these percentages were for the N0, N1, N2, N3 and Nx groups respectively "
              "75%, 38%, 19%, 8% and 65%.")
    assert [o.value for o in out if o.measure == "rate" and o.endpoint == "OS"] == ["72", "34", "27", "75", "38", "19", "8", "65"]
