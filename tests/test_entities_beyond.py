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
