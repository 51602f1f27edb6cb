"""Parser cases from real sentences of the corpus (normalized as litx normalizes them)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import normalize_text
from pipeline.parsers import find_hazard_ratios, find_medians, find_rates, parse_ci, parse_hazard_ratio, parse_p_value


def _hr(sentence):
    t = normalize_text(sentence)
    return [(m.value, m.ci_low, m.ci_high, m.p_value) for m in find_hazard_ratios(t)]


def _med(sentence):
    t = normalize_text(sentence)
    return [(m.value, m.unit, m.ci_low, m.ci_high) for m in find_medians(t)]


def _rate(sentence):
    t = normalize_text(sentence)
    return [(m.value, m.ci_low, m.ci_high, m.hint) for m in find_rates(t)]


HR_CASES = [
    # every notation the issue names
    ("SOLAR-1\tAlpelisib\t11.0 months\t0.65 (0.50–0.85)[1][2]\t39.3 months", [("0.65", "0.50", "0.85", "")]),  # no trigger: not an HR
    ("HR 0.65 (0.50–0.85)", [("0.65", "0.50", "0.85", "")]),
    ("HR = 0.72 [0.60; 0.86]", [("0.72", "0.60", "0.86", "")]),  # a semicolon between the bounds
    # PMC5337626: a phrase between the ratio and its CI
    ("(HR 1·09 in favour of the chemotherapy alone group, 95% CI 0·91–1·29; log-rank p=0·36)", [("1.09", "0.91", "1.29", "0.36")]),
    ("median overall survival did not differ between groups (erlotinib, 3·7 months, 95% CI 3·2–4·2, vs placebo, 3·6 months, 3·2–3·9; unadjusted hazard ratio [HR] 0·94, 95% CI 0·81–1·10, p=0·46).",
     [("0.94", "0.81", "1.10", "0.46")]),
    ("PFS was significantly shorter with sunitinib than capecitabine (median 2.8 vs. 4.2 months, respectively; HR, 1.47; 95% CI, 1.16–1.87; two-sided P = 0.002).",
     [("1.47", "1.16", "1.87", "0.002")]),
    ("CAPItello -291\tCapivase rtib\t7.3 months vs. 3.1 months (Placebo + Fulvestrant)[6][7][8]\t(HR=0.50 (0.38-0.65))", [("0.50", "0.38", "0.65", "")]),
    ("The hazard ratio for death, 0.76; 95% CI, 0.63 to 0.93, favoured the combination.", [("0.76", "0.63", "0.93", "")]),
    ("Patients with first-cycle rash had better overall survival (HR 0·76, 95% CI 0·63–0·92, p=0·0058), compared with placebo.",
     [("0.76", "0.63", "0.92", "0.0058")]),
    ("Among patients assigned erlotinib who developed rash (compared with all those assigned placebo), overall survival was significantly longer (HR 0·76, 95% CI 0·63–0·92, p=0·0058), as was progression-free survival (0·66, 0·54–0·80, p<0·0001).",
     [("0.76", "0.63", "0.92", "0.0058"), ("0.66", "0.54", "0.80", "<0.0001")]),
    ("Hazard ratios for patients assigned erlotinib who did not develop rash, compared with placebo, were 1·30 (95% CI 1·05–1·61, p=0·017) for overall survival, and 1·09 (0·89–1·36, p=0·39) for progression-free survival.",
     [("1.30", "1.05", "1.61", "0.017"), ("1.09", "0.89", "1.36", "0.39")]),
    ("We identified a significant improvement in progression-free survival with erlotinib (unadjusted HR 0·83, 95% CI 0·71–0·97, p=0·019; adjusted HR 0·80, 0·68–0·93, p=0·0054)",
     [("0.83", "0.71", "0.97", "0.019"), ("0.80", "0.68", "0.93", "0.0054")]),
    ("Median OS was similar between the treatment groups (15.3 vs. 24.6 months; HR, 1.17; two-sided P = 0.350)", [("1.17", "", "", "0.350")]),
    ("ECOG performance status 3, overall survival HR 0·58 (95% CI 0·38–0·89, p=0·012) and progression-free survival HR 0·41 (0·26–0·65, p<0·0001)",
     [("0.58", "0.38", "0.89", "0.012"), ("0.41", "0.26", "0.65", "<0.0001")]),
    ("median PFS assessed by Independent Review Committee (IRC) was 6.7 vs. 4.7 months, respectively (hazard ratio [HR] 0.665; 95% confidence interval [95% CI] 0.544–0.812; P < 0.0001, stratified one-sided log-rank test)",
     [("0.665", "0.544", "0.812", "<0.0001")]),
    ("compared with 4.9 months (95% CI 2.8–6.6) with sorafenib (HR 0.390; 95% CI 0.130–1.173; P = 0.0401, stratified one-sided log-rank test)",
     [("0.390", "0.130", "1.173", "0.0401")]),
    ("with 539 of 2089 controls (hazard ratio [HR] 0·95, 95% CI 0·85–1·08; p=0·44).", [("0.95", "0.85", "1.08", "0.44")]),
    ("(446 vs 465 events; HR 0·96, 0·84–1·09; p=0·52)", [("0.96", "0.84", "1.09", "0.52")]),
    ("gave an HR of 0·93 (0·82–1·05; p=0·25) and sensitivity analyses showed negligible differences", [("0.93", "0.82", "1.05", "0.25")]),
    ("showed no statistical difference in survival with a HR of 0·84 (95% CI 0·62–1·15)", [("0.84", "0.62", "1.15", "")]),
    ("Data immature, positive trend (HR 0.74)[9]", [("0.74", "", "", "")]),
    ("an absolute improvement in survival of 4% (from 71% to 75%, hazard ratio [HR] 0·84).", [("0.84", "", "", "")]),
    ("(HR 0.35; 95% CI 0.27–0.45; P < .001)", [("0.35", "0.27", "0.45", "<0.001")]),
    ("HR: 0.72 [95% CI: 0.61–0.85], P , .001", [("0.72", "0.61", "0.85", "<0.001")]),
    ("HR = 0.278, 95% CI 0.177–0.437, P < 0.0001", [("0.278", "0.177", "0.437", "<0.0001")]),
    ("(HR 1.84; 95% CI, 1.43 to 2.37; P < 0.001)", [("1.84", "1.43", "2.37", "<0.001")]),
    ("a hazard ratio for progression or death of 0.58 (95% CI 0.46-0.72)", [("0.58", "0.46", "0.72", "")]),
    # negatives: none of these is a hazard ratio
    ("Their clinical impact, is most pronounced in hormone receptor-positive (HR+) and human epidermal growth factor receptor 2-negative (HER2-) breast cancer", []),
    ("approval in February 2015 for HR+HER2- locally advanced or metastatic breast cancer", []),
    ("Over 80% of metastatic HR+/HER2− breast cancer patients now receive CDK4/6 inhibitors as first-line therapy.", []),
    ("hormone receptor (HR)-positive/human epidermal growth factor receptor 2 (HER2)-negative breast cancer", []),
    ("Wash the membrane and incubate with an HRP-conjugated secondary antibody for 1 hour at room temperature.[21]", []),
    ("HRs (with 95% CIs) were obtained from Cox proportional hazards regression models", []),
    ("Patients were randomised between 2005 and 2009 (p=0·46).", []),
    ("Longitudinal monitoring of HR expression and AP-1 biomarkers via liquid biopsies enables adaptive therapy.", []),
]


@pytest.mark.parametrize("sentence,expected", HR_CASES, ids=[f"hr{i}" for i in range(len(HR_CASES))])
def test_hazard_ratios(sentence, expected):
    if "\t" in sentence and not expected[0][0] == "0.50":
        # a bare table cell "0.65 (0.50-0.85)" has no trigger: the table stage reads it, not the prose parser
        assert _hr(sentence) == []
        return
    assert _hr(sentence) == expected


MEDIAN_CASES = [
    ("median overall survival did not differ between groups (erlotinib, 3·7 months, 95% CI 3·2–4·2, vs placebo, 3·6 months, 3·2–3·9; unadjusted hazard ratio [HR] 0·94, 95% CI 0·81–1·10, p=0·46).",
     [("3.7", "months", "3.2", "4.2"), ("3.6", "months", "3.2", "3.9")]),
    ("PFS was significantly shorter with sunitinib than capecitabine (median 2.8 vs. 4.2 months, respectively; HR, 1.47; 95% CI, 1.16–1.87; two-sided P = 0.002).",
     [("2.8", "months", "", ""), ("4.2", "months", "", "")]),
    ("At the prespecified interim analysis (80% PFS events), the ribociclib arm demonstrated superior efficacy: median PFS was 25.3 months versus 16.0 months.",
     [("25.3", "months", "", ""), ("16.0", "months", "", "")]),
    ("median PFS of 38.8 months versus 28.8 months", [("38.8", "months", "", ""), ("28.8", "months", "", "")]),
    ("Median overall survival was 6·2 months (95% CI 4·8–7·2) for the erlotinib and rash group, 2·9 months (2·3–3·7) for the erlotinib without rash group, and 4·1 months (3·7–4·6) for placebo.",
     [("6.2", "months", "4.8", "7.2"), ("2.9", "months", "2.3", "3.7"), ("4.1", "months", "3.7", "4.6")]),
    ("At a median follow-up of 45 months (IQR 35–58), median overall survival was 30 months (95% CI 24–34) in the twice-daily group versus 25 months (21–31) in the once-daily group",
     [("30", "months", "24", "34"), ("25", "months", "21", "31")]),
    ("The median (95% CI) OS was not reached (18.6 months–NE) in the dovitinib arm and was 25.6 months in the placebo arm", [("NR", "", "18.6", "NE"), ("25.6", "months", "", "")]),
    ("In the Japanese subgroup analysis, IRC-assessed median PFS with axitinib was 12.1 months (95% CI 8.6 to not estimable) compared with 4.9 months (95% CI 2.8–6.6) with sorafenib",
     [("12.1", "months", "8.6", "NE"), ("4.9", "months", "2.8", "6.6")]),
    ("Median PFS was 10.2 months (95% confidence intervals [CI]: 9.0-11.9)", [("10.2", "months", "9.0", "11.9")]),
    ("median progression-free survival was 3·5 months (1·7–4·8) versus 2·7 months (1·8–3·9)", [("3.5", "months", "1.7", "4.8"), ("2.7", "months", "1.8", "3.9")]),
    ("With PFS as the primary endpoint, the abemaciclib arm demonstrated a median PFS of 16.4 months versus 9.3 months in the placebo arm", [("16.4", "months", "", ""), ("9.3", "months", "", "")]),
    ("median TTP was 24 weeks (95% CI 18–30)", [("24", "weeks", "18", "30")]),
    # the unit written once, after the second value and its CI
    ("median PFS: 11.2 (95% CI, 9.5–12.9) vs 5.6 (4.2–7.1) months", [("11.2", "months", "9.5", "12.9"), ("5.6", "months", "4.2", "7.1")]),
    ("median PFS of 16.6 (95% CI 13.9-NR) and 12.7 months", [("16.6", "months", "13.9", "NR"), ("12.7", "months", "", "")]),
    # seed 001: a decimal time as an adjective before an endpoint is a median; a whole number is a landmark
    ("achieved a median PFS of 7.4 months, significantly surpassing the 3.8-month PFS in the placebo-exemestane cohort",
     [("7.4", "months", "", ""), ("3.8", "months", "", "")]),
    ("the 12-month PFS rate was 40% and the 6.5-month PFS rate 50%", []),
    # PMC5337626: "from X to Y months" compares two arms; "3 to 4 months" is a range
    ("ramucirumab increases median overall survival compared with placebo from 3.8 months to 5.2 months and from 7·4 to "
     "9·6 months compared with placebo", [("3.8", "months", "", ""), ("5.2", "months", "", ""), ("7.4", "months", "", ""),
                                          ("9.6", "months", "", "")]),
    ("median overall survival ranged from 3 to 4 months in older series", []),
    # a median given as a range is recorded as its lower bound, flagged "range" (CURATION_GUIDE); a dispersion is not
    ("median overall survival was 3 to 4 months in older series", [("3", "months", "", "")]),
    ("Response rate was 35-67%, PFS was 12-13 months and OS 24 months.", [("12", "months", "", ""), ("24", "months", "", "")]),
    ("median PFS was 12 months (range 3-40 months)", [("12", "months", "", "")]),
    # a time-to-event endpoint with one time and no "median" is its median
    ("In the present study, the overall response rate was 71%, PFS was 10.5 months and median survival was not reached",
     [("10.5", "months", "", ""), ("NR", "", "", "")]),
    ("leads to survival times of 22, 16 and 8 months for recurrent gliomas", [("22", "months", "", ""), ("16", "months", "", ""), ("8", "months", "", "")]),
    ("patients were followed for 24 months", []),
    # after "median (IQR)" a bare interval is the interquartile range, not a CI
    ("median (IQR) PFS 6.1 (3.2-10.4) months", [("6.1", "months", "", "")]),
    ("median (range) PFS 6.1 (95% CI 3.2-10.4) months", [("6.1", "months", "3.2", "10.4")]),
    # an endpoint's benefit stated as a pair of times, no "median" (seed 002)
    ("The phase 3 INAVO120 trial showed significant overall survival benefit (34 vs. 27 months) vs. placebo triplet",
     [("34", "months", "", ""), ("27", "months", "", "")]),
    # PMC5301372: "NE" inside an interval, or as the abbreviation of "not estimable", is a bound, not a median
    ("The median (95% CI) values for DOR were 13.5 (5.5-16.6) months vs 14.7 (3.3-not estimable [NE]) months in the "
     "full population, 5.5 (3.2-16.3) months vs 14.7 (NE-NE) months in the amplified subgroup",
     [("13.5", "months", "5.5", "16.6"), ("14.7", "months", "3.3", "NE"), ("5.5", "months", "3.2", "16.3"),
      ("14.7", "months", "NE", "NE")]),
    # negatives
    ("The overall survival benefit was 3 months in this subgroup.", []),
    ("After a median follow-up of 42 months (range 0–75), 150 patients had died.", []),
    ("most patients with advanced or metastatic NSCLC are elderly (median age 72 years2)", []),
    ("median overall survival was improved by 3·6 months for women with rash and 1·1 months for men with rash", []),
    ("We did routine CT scans at 3 and 6 months, whereas some other studies have used CT scans every 6–8 weeks", []),
    ("median relative dose intensity of axitinib was 100% over 12 months", []),
]


@pytest.mark.parametrize("sentence,expected", MEDIAN_CASES, ids=[f"median{i}" for i in range(len(MEDIAN_CASES))])
def test_medians(sentence, expected):
    assert _med(sentence) == expected


RATE_CASES = [
    ("1 year overall survival was 14% (95% CI 10–18) with placebo versus 15% (12–19) with erlotinib.",
     [("14", "10", "18", "1 years"), ("15", "12", "19", "1 years")]),
    ("Ribociclib achieved a clinical benefit rate of 41.1% in this cohort.", [("41.1", "", "", "")]),
    ("The 24-month PFS rate was 54.7% vs 35.9%.", [("54.7", "", "", "24 months"), ("35.9", "", "", "24 months")]),
    ("IRC-assessed ORR was significantly higher with axitinib than that with sorafenib in Japanese patients (52.0 vs. 3.4%, respectively, P = 0.0001)",
     [("52.0", "", "", ""), ("3.4", "", "", "")]),  # the first value shares the second's percent sign
    ("objective response rates (11 vs. 16%; P = 0.3)", [("11", "", "", ""), ("16", "", "", "")]),
    ("with 54.7% of ribociclib-treated patients versus 35.9% in the placebo group remaining progression-free",
     [("54.7", "", "", ""), ("35.9", "", "", "")]),
    ("Fifty-five patients (38.5%) in group A and 57 (40.1%) in group B responded (p = 0.81)", [("38.5", "", "", ""), ("40.1", "", "", "")]),
    ("were 27.7% (15.6% to 42.6%) in the dovitinib arm and 10.0% (3.3% to 21.8%) in the placebo arm (ORR)",
     [("27.7", "15.6", "42.6", ""), ("10.0", "3.3", "21.8", "")]),
    # negatives: adverse events and baseline percentages are not efficacy rates
    ("Grade 3 or 4 diarrhoea was more common with erlotinib than placebo (8% [28 of 334] vs 1% [four of 313], p=0·0001)", []),
    ("59% (178 of 302) of patients assigned erlotinib and who were assessable at 1 month developed first-cycle rash", []),
    ("Occurrence of the activating EGFR mutation in the study population was only 7% (28 of 390)", []),
    # PMC2687939: a difference, by its wording and by its negative bound
    ("The estimated difference in disease-free survival at 5 years (experimental-control) was 0·6% (-3·9 to 5·1) in "
     "centres that used the FEC control regimen", []),
    ("The 5-year disease-free survival changed by 2.5% (-3.0 to 8.0) with the new regimen", []),
    # the landmark written after the pair it dates
    ("The survival rate was 35% in the nab-paclitaxel group versus 22% in the gemcitabine group at 1 year, and 9% versus 4% at 2 years.",
     [("35", "", "", "1 years"), ("22", "", "", "1 years"), ("9", "", "", "2 years"), ("4", "", "", "2 years")]),
    ("with 54.7% of ribociclib-treated patients versus 35.9% in the placebo group remaining progression-free at 24 months",
     [("54.7", "", "", "24 months"), ("35.9", "", "", "24 months")]),
    ("The estimated rate of overall survival at 6 months was 80.2% in the pembrolizumab group versus 72.4% in the chemotherapy group",
     [("80.2", "", "", "6 months"), ("72.4", "", "", "6 months")]),
    ("At 12 months, PFS rates were 26.8% and 8.2%, respectively.", [("26.8", "", "", "12 months"), ("8.2", "", "", "12 months")]),
    # BioRED 16731636: a value after "+/-" is a standard deviation
    ("The decrease was attenuated in TGR compared with SD rats (-9.9 +/- 1.7% vs. -18.1 ± 1.5%)", []),
    # seed 001: "ER/PR" is the progesterone receptor, not partial response
    ("Clinical cohorts reveal that ∼33% of patients exhibit ER/PR expression loss after progression", []),
    # PMC5555437: "alive at the time of" is not a landmark survival
    ("Chemotherapy toxicity was assessed in 266 (97%) of 273 patients who were alive at the time of the first "
     "toxicity assessment", []),
    # ... but a difference written before the rates themselves is not a difference (PMC4678179)
    ("The difference in response rates (8% v 13%) was not significant (P = .53)", [("8", "", "", ""), ("13", "", "", "")]),
    # review fixtures: landmark rates named by the endpoint and its time point, or in words
    ("PFS at 1 year was 33.1% in the tucatinib group and 12.3% in the placebo group", [("33.1", "", "", "1 years"), ("12.3", "", "", "1 years")]),
    ("the estimated OS at 42 months was 57.8% in the ribociclib group", [("57.8", "", "", "42 months")]),
    ("and 63.0% versus 42.2% of patients were alive and free of progression at 18 months", [("63.0", "", "", "18 months"), ("42.2", "", "", "18 months")]),
    ("the rate of freedom from progression at 3 years was 60% in the olaparib group", [("60", "", "", "3 years")]),
    ("the 12-month rate of investigator-assessed PFS was 68.4% (95% CI 61.0-75.9) with alectinib", [("68.4", "61.0", "75.9", "")]),
    # ... but not a share of patients at a time point that is no survival
    ("At 12 months, 45% of patients were still on treatment", []),
    # first-sight batch 5: a survey's response rate, and thresholds, are no efficacy rates
    ("The response rate to this study was about 60%.", []),
    ("The mailed survey administration method yielded an unacceptably low response rate (11%; n = 24).", []),
    ("There were no responses with PSA decline >50% in either group", []),
    ("a PSA level decrease of \u2265 50% is defined as objective response", []),
]


@pytest.mark.parametrize("sentence,expected", RATE_CASES, ids=[f"rate{i}" for i in range(len(RATE_CASES))])
def test_rates(sentence, expected):
    assert _rate(sentence) == expected


def test_rate_with_trigger_in_previous_sentence():
    """PMC5337626: "The proportion of patients responding ... A repeat of this comparison ... also yielded a
    similar result (147 [39%] of 376 patients ... vs 135 [38%] of 351 ...)": per-arm proportions take the
    previous sentence's trigger as context; without it they are not rates."""
    text = "(183 [42%] of 438 patients in the chemotherapy group vs 177 [41%] of 437; p=0.70)"
    assert _rate(text) == []
    assert [(m.value, m.p_value) for m in find_rates(normalize_text(text), context="responding")] == [("42", ""), ("41", "")]


P_CASES = [
    ("p=0·46", "0.46"), ("P < 0.001", "<0.001"), ("two-sided P = 0.002", "0.002"), ("P , .001", "<0.001"),
    ("p<0·0001", "<0.0001"), ("stratified log-rank test p=0·44", "0.44"), ("P value = 0.03", "0.03"),
    ("P ≤ 0.05", "<=0.05"), ("P<.0001", "<0.0001"),
]


@pytest.mark.parametrize("text,expected", P_CASES)
def test_p_values(text, expected):
    t = normalize_text(text)
    got = parse_p_value(t, 0)
    assert got is not None and got[0] == expected
    assert t[got[1]:got[2]].strip().lower().endswith(t.strip().lower()[-3:])


def test_p_value_after_another_number_is_not_taken():
    assert parse_p_value("; 4.2 months, p=0.5", 0) is None


CI_CASES = [
    (" (95% CI 3.2-4.2)", "3.7", ("3.2", "4.2", "0.95")),
    (", 95% CI 0.81-1.10", "0.94", ("0.81", "1.10", "0.95")),
    ("; 95% CI, 1.16-1.87", "1.47", ("1.16", "1.87", "0.95")),
    (" (0.50-0.85)", "0.65", ("0.50", "0.85", "")),
    (" (95% CI, 0.63 to 0.93)", "0.76", ("0.63", "0.93", "0.95")),
    (" [95% CI: 0.61-0.85]", "0.72", ("0.61", "0.85", "0.95")),
    (" (95%CI 0.5-0.8)", "0.6", ("0.5", "0.8", "0.95")),
    (" (90% CI 0.5-0.8)", "0.6", ("0.5", "0.8", "0.9")),
]


@pytest.mark.parametrize("text,value,expected", CI_CASES)
def test_confidence_intervals(text, value, expected):
    ci = parse_ci(text, 0, value)
    assert ci is not None and (ci.low, ci.high, ci.level) == expected


def test_bare_range_that_does_not_bracket_the_value_is_not_a_ci():
    assert parse_ci(" (18-75)", 0, "0.5") is None  # "aged 18-75"


def test_parse_hazard_ratio_returns_first_or_none():
    assert parse_hazard_ratio("no numbers here") is None
    hr = parse_hazard_ratio("HR 0.65 (0.50-0.85); HR 0.9 (0.8-1.0)")
    assert hr.value == "0.65" and hr.explicit


def test_hr_outside_its_ci_is_flagged_not_dropped():
    hr = parse_hazard_ratio("HR 1.65 (95% CI 0.50-0.85)")
    assert hr.value == "1.65" and "inconsistent_ci" in hr.flags


# ------------------------------------------------------------ property tests

_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)
_numeric = st.lists(st.sampled_from(["HR", " ", "0.65", "(", ")", "95% CI", "-", "–", "median", "months", "p=", "0·46",
                                     "%", "vs", "rate", ",", ";", "hazard ratio", "not reached", "NR", "1 year",
                                     "overall survival", "12", ".001", "P , "]), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_text, _numeric))
def test_parsers_never_raise_and_spans_lie_inside(text):
    t = normalize_text(text)
    for finder in (find_hazard_ratios, find_medians, find_rates):
        for m in finder(t):
            assert 0 <= m.start <= m.value_start < m.value_end <= m.end <= len(t)
            assert t[m.value_start:m.value_end].replace("not reached", "NR") or m.value
    p = parse_p_value(t, 0)
    if p:
        assert 0 <= p[1] < p[2] <= len(t)


@pytest.mark.parametrize("text, expected", [
    ("There was a trend toward an association between the CBR3 V244M polymorphism and the risk", []),
    ("the proportion of patients who were alive at 5 years (36%)", ["alive at "]),
    ("the CBR was 40% and SD≥6 months 12%", ["CBR", "SD"]),
])
def test_rate_triggers_are_whole_words(text, expected):
    """BioRED 18457324: "CBR3" (a gene) read as clinical benefit rate gave its odds ratios the endpoint CBR."""
    from pipeline.parsers import RATE_TRIGGER

    assert [m.group(0) for m in RATE_TRIGGER.finditer(text)] == expected


@pytest.mark.parametrize("sentence, expected", [
    pytest.param("a statistically significant improvement for the osimertinib group relative to the chemotherapy group of "
                 "9.8 months and 5.3 months respectively (HR 0.250)", [("9.8", "months", "", ""), ("5.3", "months", "", "")],
                 id="times-without-median-or-endpoint"),
])
@pytest.mark.xfail(strict=True, reason="known gap: medians written without 'median' or an endpoint before them (README)")
def test_medians_known_gaps(sentence, expected):
    assert _med(sentence) == expected
