"""Entity rules added for documents beyond the corpus (first-sight batches, issue: drugs, genes and trials
that hold beyond the corpus), each with the sentence that motivated it."""
from __future__ import annotations

import pytest

from pipeline.normalize import normalize_text

MANUAL = ("INSTALLATION GUIDE. Press END to move the cursor to the end of the line. Each BIT of the STATUS register has "
          "a TYPE and a TAG. The SET command stores a value; GET reads it back. Use CAT to print a file and MAX to see the "
          "limit, the max. Click SAVE AS, choose FORMAT, and press OK. IMPACT of the change is low, the impact is small. "
          "NODAL analysis uses MESH elements; nodal forces are summed.")


@pytest.fixture(scope="module")
def ents(nlp):
    def _ents(text, label):
        return [(e.text, e.canonical) for e in nlp(normalize_text(text))._.entity_mentions if e.label == label]
    return _ents


def test_no_genes_in_plain_english(ents):
    assert ents(MANUAL, "GENE") == []


@pytest.mark.parametrize("text, surface", [
    ("The median TTF was 4.3 months for capecitabine and 3.0 months for S-1.", "TTF"),
    ("82 patients with advanced solid tumors defined the MTD to be 40 mg/day.", "MTD"),
    ("the following variables were investigated in COX models: sex, age, tumour stage", "COX"),
    ("were evaluated with inclusion of the covariables (ANOVA and ANCOVA).", "ANOVA"),
])
def test_short_aliases_with_no_gene_word_near_are_not_genes(ents, text, surface):
    assert surface not in [t for t, _ in ents(text, "GENE")]


@pytest.mark.parametrize("text, canonical", [
    ("Patients with NRAS mutations responded, as did those whose tumours expressed TOP1.", "NRAS"),
    ("MET amplification was found in 4 patients.", "MET"),
    ("HER2 was negative in all patients.", "ERBB2"),
])
def test_genes_with_a_gene_word_near_stay(ents, text, canonical):
    assert canonical in [c for _, c in ents(text, "GENE")]


@pytest.mark.parametrize("text, drugs", [
    ("Patients received ECF every three weeks.", {"epirubicin", "cisplatin", "fluorouracil"}),
    ("Standard chemotherapy was temozolomide or PCV.", {"procarbazine", "lomustine", "vincristine", "temozolomide"}),
    ("procarbazine/CCNU (lomustine)/vincristine", {"procarbazine", "lomustine", "vincristine"}),
    ("R-CHOP was given for six cycles.", {"rituximab", "cyclophosphamide", "doxorubicin", "vincristine", "prednisone"}),
    ("rifampin and medroxyprogesterone acetate were not allowed", {"rifampicin", "medroxyprogesterone"}),
])
def test_regimens_and_names_to_their_inns(ents, text, drugs):
    assert drugs <= {c for _, c in ents(text, "DRUG")}


@pytest.mark.parametrize("text, not_drug", [
    ("Cells were treated with hydrogen peroxide and stained with hematoxylin.", "hydrogen peroxide"),
    ("Serum serotonin and amino acids were measured.", "serotonin"),
])
def test_reagents_and_metabolites_are_not_drugs(ents, text, not_drug):
    assert not_drug not in {c for _, c in ents(text, "DRUG")}


# ---------------------------------------------------------------- trials named by form or by their verbs
# (review fixtures, issue "Review articles as they arrive": the trials a review discusses in turn)

@pytest.mark.parametrize("text, canonical", [
    ("CheckMate 066 randomized 418 previously untreated patients.", "CheckMate 066"),
    ("PROFILE 1014 compared crizotinib with pemetrexed plus cisplatin.", "PROFILE 1014"),
    ("single-agent PD-1 blockade in KEYNOTE-006 and RELATIVITY-047", "KEYNOTE-006"),
    ("In LUX-Lung 3, 345 patients were randomized 2:1 to afatinib.", "LUX-Lung 3"),
    ("DESTINY-Breast03 compared trastuzumab deruxtecan with trastuzumab emtansine.", "DESTINY-Breast03"),
    ("CRYSTAL randomized 1198 patients with EGFR-expressing mCRC to FOLFIRI with or without cetuximab.", "CRYSTAL"),
    ("In EMILIA, 991 patients previously treated with trastuzumab were randomly assigned.", "EMILIA"),
    ("BEACON CRC enrolled 665 patients with BRAF V600E-mutant mCRC.", "BEACON CRC"),
    ("HER2CLIMB addressed patients previously treated with trastuzumab.", "HER2CLIMB"),
    ("EURTAC was the first phase 3 trial in a Western population to select patients by EGFR mutation.", "EURTAC"),
    ("In the pivotal trial (H0648g), 469 women with HER2-overexpressing metastatic breast cancer", "H0648g"),
    ("In the registration trial of ipilimumab (MDX010-20), 676 patients", "MDX010-20"),
    ("CALGB/SWOG 80405 randomized 1137 patients with KRAS wild-type tumours", "CALGB/SWOG 80405"),  # two groups
])
def test_trials_named_by_their_form_or_their_verbs(ents, text, canonical):
    assert canonical in [c for _, c in ents(text, "TRIAL")]


def test_a_name_shown_once_to_be_a_trial_is_a_trial_wherever_written(ents):
    text = ("Cetuximab: CRYSTAL\nCRYSTAL randomized 1198 patients to FOLFIRI with or without cetuximab.\n"
            "The populations differed: CRYSTAL was analysed by KRAS exon 2 status.")
    assert [t for t, c in ents(text, "TRIAL")] == ["CRYSTAL", "CRYSTAL", "CRYSTAL"]


@pytest.mark.parametrize("text", [
    "ARRY-704 and ARRY 300 were given orally twice daily.",  # development codes of a short acronym
    "SMMC-7721 and RPMI-1640 were used in the assays.",  # cell lines and media
    "CpG 7909 was injected subcutaneously.",
    "pain was scored on the WOMAC 100 mm visual analogue scale",  # a measure with its unit
    "ANCOVA tested the effect of the cover sheet on outcomes.",  # a statistical method as subject
    "BODY.RANDOMIZED CLINICAL TRIAL DESIGN:\nBODY.CLINICAL RESPONSE AND SURGERY:",  # headings in capitals
    "ASCO 2019 and ESMO 2020 presented the data.",  # meetings and their years
])
def test_codes_cell_lines_measures_and_headings_are_not_trials(ents, text):
    assert ents(text, "TRIAL") == []


def test_a_bracketed_name_is_a_trial_in_its_heading_too(ents):
    text = "This review covers the bevacizumab registration trial (AVF2107g).\nBevacizumab: AVF2107g\nIn that trial ..."
    assert [t for t, c in ents(text, "TRIAL")] == ["AVF2107g", "AVF2107g"]


@pytest.mark.parametrize("text, canonical", [
    ("PPARa agonists lowered triglycerides in the treated mice.", "PPARA"),  # BioRED: alpha as a final "a"
    ("FOXO3a was phosphorylated after treatment.", "FOXO3"),
])
def test_greek_letter_written_as_a_final_latin_letter(ents, text, canonical):
    assert canonical in [c for _, c in ents(text, "GENE")]


def test_an_endpoint_with_its_footnote_letter_is_no_gene(ents):
    assert ents("ORRa DCRa PFSb OSb\n40% 80% 5.1 10.2", "GENE") == []
