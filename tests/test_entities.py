"""Entity recognition: every alias or stop-list rule is tested on the sentence that motivated it.

Sentences are from corpus/ (normalized as the pipeline does) unless marked otherwise.
"""
from __future__ import annotations

import csv
import os
import pickle
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from pipeline import entities
from pipeline.entities import DATA_DIR, TRIALS_CSV, Lexicon, find_entities, load_lexicon, read_table

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("litx-cache")


@pytest.fixture(scope="session")
def lex(cache_dir) -> Lexicon:
    return load_lexicon(cache_dir)


def found(text, lex, label=None):
    return {(m.label, m.text, m.canonical) for m in find_entities(text, lex) if label in (None, m.label)}


def mentions(text, lex, label):
    return [m for m in find_entities(text, lex) if m.label == label]


# ------------------------------------------------------------------------------------------------
# positive cases: (sentence, label, surface, canonical, id or None, method or None)

CASES = [
    # OCR / PDF artifacts in the seeds
    ("CAP1tello -291\tCapivase rtib (AKT inhibitor)\tCapivase rtib + Fulvestrant",
     "DRUG", "Capivase rtib", "capivasertib", "DB12218", "repair"),
    ("CAP1tello -291\tCapivase rtib (AKT inhibitor)", "TRIAL", "CAP1tello -291", "CAPItello-291", "NCT04305496", "fuzzy"),
    ("CAPItello -291\tCapivase rtib (AKT inhibitor)", "TRIAL", "CAPItello -291", "CAPItello-291", "NCT04305496", "fuzzy"),
    ("Similarly, the CAPItello-291 study reported doubled mPFS (7.2 vs. 3.6 months)",
     "TRIAL", "CAPItello-291", "CAPItello-291", "NCT04305496", "lexicon"),
    ("Mutations in PI3KCA hyperactivate this parallel survival pathway", "GENE", "PI3KCA", "PIK3CA", "HGNC:8975", "alias"),
    ("PI3K inhibitor (Alpelisib/Izoralisib).", "DRUG", "Izoralisib", "izorlisib", "", "fuzzy"),
    ("PI3K inhibitor (Alpelisib/Izoralisib).", "DRUG", "Alpelisib", "alpelisib", "DB12015", "lexicon"),
    ("Alpelisib (or Izorlisib) stock solution.", "DRUG", "Izorlisib", "izorlisib", "", "lexicon"),
    ("The MONARCH E trial, a phase III open-label study", "TRIAL", "MONARCH E", "monarchE", "NCT03155997", "fuzzy"),
    ("The BR.216 (second and third line treatment) and SATURN5 trials", "TRIAL", "BR.21", "BR.21", "", "lexicon"),
    ("The BR.216 (second and third line treatment) and SATURN5 trials", "TRIAL", "SATURN", "SATURN", "", "lexicon"),
    ("bevacizumab (n=28) or bevacixumab", "DRUG", "bevacixumab", "bevacizumab", "DB00112", "fuzzy"),
    # gene aliases
    ("Key mechanisms include loss of the Retinoblastoma (Rb) tumor suppressor, amplification of CDK6",
     "GENE", "Rb", "RB1", "HGNC:9884", "alias"),
    ("primary antibodies against total Rb and phosphorylated Rb (e.g., pRb Ser807/811)", "GENE", "pRb", "RB1", "HGNC:9884", None),
    ("Overexpression of endogenous CDK inhibitors like p16INK4a can competitively inhibit the binding",
     "GENE", "p16INK4a", "CDKN2A", "HGNC:1787", "alias"),
    ("while p16 INK4A deficiency reduces CDK4 inhibition efficacy", "GENE", "p16 INK4A", "CDKN2A", "HGNC:1787", "alias"),
    ("the CIP/KIP family (p21, p27 and p53), which exhibits dual regulatory roles", "GENE", "p27", "CDKN1B", "HGNC:1785", None),
    ("the CIP/KIP family (p21, p27 and p53), which exhibits dual regulatory roles", "GENE", "p53", "TP53", "HGNC:11998", None),
    ("Upregulation of alternative kinases (PLK1, AukB)", "GENE", "AukB", "AURKB", "HGNC:11390", "alias"),
    ("The advent of CDK4/6 inhibitors has revolutionized the treatment landscape for hormone receptor-positive (HR+), "
     "HER2-negative breast cancer.", "GENE", "HER2", "ERBB2", "HGNC:3430", "alias"),
    ("overexpression of Cyclin E1 (CCNE1), which leads to CDK2 activation", "GENE", "Cyclin E1", "CCNE1", "HGNC:1589", "alias"),
    ("HR+ tumors rely on estrogen receptor (ER)-mediated cyclin D1 upregulation", "GENE", "cyclin D1", "CCND1", "HGNC:1582", None),
    ("HR+ tumors rely on estrogen receptor (ER)-mediated cyclin D1 upregulation", "GENE", "ER", "ESR1", "HGNC:3467", None),
    ("such as ER-positive breast cancers with cyclin D1 amplification", "GENE", "ER", "ESR1", "HGNC:3467", None),
    ("by upregulating the translation repressor 4E-BP1", "GENE", "4E-BP1", "EIF4EBP1", "HGNC:3288", None),
    ("increased p-SRC, p-STAT1, and p-PRAS40", "GENE", "PRAS40", "AKT1S1", "HGNC:28426", None),
    ("YKL-40, which is encoded by the CHI3L1 gene", "GENE", "YKL-40", "CHI3L1", "HGNC:1932", None),
    ("Activation of the PI3K/AKT/mTOR pathway is a common mechanism", "GENE", "PI3K", "PIK3CA", "HGNC:8975", None),
    ("Activation of the PI3K/AKT/mTOR pathway is a common mechanism", "GENE", "AKT", "AKT1", "HGNC:391", None),
    ("Activation of the PI3K/AKT/mTOR pathway is a common mechanism", "GENE", "mTOR", "MTOR", "HGNC:3942", None),
    ("mTOR (mammalian target of rapamycin) signalling", "GENE", "mammalian target of rapamycin", "MTOR", "HGNC:3942", None),
    ("MET amplification drives resistance to EGFR inhibitors (constructed)", "GENE", "MET", "MET", "HGNC:7029", "lexicon"),
    # drugs: development codes, brands, salts, regimens
    ("Dovitinib (TKI258), a small-molecule inhibitor of FGFR1, FGFR2, and FGFR3", "DRUG", "TKI258", "dovitinib", "DB05928", "alias"),
    ("(RAD001 in Advanced Neuroendocrine Tumors, Third Trial (RADIANT-3))", "DRUG", "RAD001", "everolimus", "DB01590", "alias"),
    ("WEE1 inhibition with adavosertib (AZD1775) restores sensitivity", "DRUG", "AZD1775", "adavosertib", "DB11740", "alias"),
    ("trials evaluating BYL719 (alpelisib) in combination with fulvestrant", "DRUG", "BYL719", "alpelisib", "DB12015", "alias"),
    ("Ribociclib (Kisqali) and palbociclib (Ibrance) (constructed)", "DRUG", "Kisqali", "ribociclib", "DB11730", "alias"),
    ("Ribociclib (Kisqali) and palbociclib (Ibrance) (constructed)", "DRUG", "Ibrance", "palbociclib", "DB09073", "alias"),
    ("capivasertib (Truqap) plus fulvestrant (constructed)", "DRUG", "Truqap", "capivasertib", "DB12218", "alias"),
    ("Compound Focus: Palbociclib Isethionate", "DRUG", "Palbociclib Isethionate", "palbociclib", "DB09073", "alias"),
    ("Chidamide, a selective benzamide-class HDAC inhibitor", "DRUG", "Chidamide", "tucidinostat", "DB06334", "alias"),
    ("XELIRI-bevacizumab versus FOLFIRI-bevacizumab as first-line treatment", "DRUG", "FOLFIRI", "irinotecan", "DB00762", "alias"),
    ("XELIRI-bevacizumab versus FOLFIRI-bevacizumab as first-line treatment", "DRUG", "XELIRI", "capecitabine", "DB01101", "alias"),
    ("3-weekly 5-FU and leucovorin", "DRUG", "5-FU", "fluorouracil", "DB00544", "alias"),
    # unseen INNs by WHO stem (made-up names)
    ("patients received novelciclib plus fulvestrant (constructed)", "DRUG", "novelciclib", "novelciclib", "", "stem"),
    ("Quixalisib was given orally (constructed)", "DRUG", "Quixalisib", "quixalisib", "", "stem"),
    # trials: registry, patterns, NCT ids
    ("PEARL\tAromatase Inhibitor\tPalbociclib + Fulvestrant\tHigh CCNE1 mRNA expression", "TRIAL", "PEARL", "PEARL",
     "NCT02028507", "lexicon"),
    ("In the Phase III ACE trial involving 365 HR+/HER2- postmenopausal metastatic breast cancer patients",
     "TRIAL", "ACE", "ACE", "", "lexicon"),
    ("The phase II MAINTAIN trial (NCT02632045) demonstrated modest benefit", "TRIAL", "MAINTAIN", "MAINTAIN", "NCT02632045", None),
    ("The phase II MAINTAIN trial (NCT02632045) demonstrated modest benefit", "TRIAL", "NCT02632045", "NCT02632045",
     "NCT02632045", "pattern"),
    ("registered as NCT 2632045 (constructed)", "TRIAL", "NCT 2632045", "NCT02632045", "NCT02632045", "pattern"),
    ("registered as NCT002632045 (constructed)", "TRIAL", "NCT002632045", "NCT02632045", "NCT02632045", "pattern"),
    ("The TRINITI-1 trial further supported this strategy", "TRIAL", "TRINITI-1", "TRINITI-1", "", "lexicon"),
    ("The KEYNOTE-355 trial showed a benefit (constructed)", "TRIAL", "KEYNOTE-355", "KEYNOTE-355", "", "pattern"),
    ("in the randomized phase III ZENITH-3 study (constructed)", "TRIAL", "ZENITH-3", "ZENITH-3", "", "pattern"),
    ("ALTO-4 enrolled 300 patients (constructed)", "TRIAL", "ALTO-4", "ALTO-4", "", "pattern"),
    ("The Phase Ib JPCE trial further established the manageable safety profile", "TRIAL", "JPCE", "JPCE", "", None),
    ("The phase II SHR6390-III-301 trial evaluated Dalpiciclib", "TRIAL", "SHR6390-III-301", "SHR6390-III-301", "", None),
]


@pytest.mark.parametrize("text,label,surface,canonical,ident,method", CASES)
def test_case(lex, text, label, surface, canonical, ident, method):
    hits = [m for m in find_entities(text, lex) if m.label == label and m.text == surface and m.canonical == canonical]
    assert hits, f"{label} {surface!r} -> {canonical} not in {found(text, lex)}"
    if ident is not None:
        assert hits[0].id == ident
    if method is not None:
        assert hits[0].method == method


# ------------------------------------------------------------------------------------------------
# negative cases: (sentence, label, surface) that must not be found

NEGATIVES = [
    ("Aromatas e inhibitor-resistant, ER+/HER2- advanced breast cancer (ITT Population)", "DRUG", "Aromatas e"),
    ("Aromatas e inhibitor-resistant, ER+/HER2- advanced breast cancer (ITT Population)", "GENE", "HR"),
    ("for patients with advanced HR+/HER2- breast cancer.", "GENE", "HR"),
    ("PEARL\tAromatase Inhibitor\tCapecitabine\tHigh CCNE1 mRNA expression", "GENE", "PEARL"),
    ("The study met its primary endpoint (constructed)", "GENE", "met"),
    ("independently of the CDK4/6-Rb axis.", "TRIAL", "axis"),
    ("ACE inhibitors were allowed for hypertension (constructed)", "GENE", "ACE"),
    ("ACE inhibitors were allowed for hypertension (constructed)", "TRIAL", "ACE"),
    ("randomly assigned to erlotinib or placebo", "DRUG", "placebo"),
    ("in combination with aromatase inhibitors as first-line endocrine therapy", "DRUG", "aromatase inhibitors"),
    ("standard chemotherapy of similar duration", "DRUG", "chemotherapy"),
    ("the emerging strategy of targeting the Cyclin E-CDK2 axis and luminal tumours", "DRUG", "luminal"),
    ("DC, SPS, ECS, SR, and REL had access to the raw data.", "GENE", "REL"),
    ("Improvements were also observed for objective response rate (ORR) and disease control rate (DCR)", "GENE", "DCR"),
    ("and independent central review (ICR) of ... ICR-assessed PFS (constructed)", "GENE", "ICR"),
    ("Patients were seen in the ER and discharged (constructed)", "GENE", "ER"),
]


@pytest.mark.parametrize("text,label,surface", NEGATIVES)
def test_negative(lex, text, label, surface):
    bad = [m for m in find_entities(text, lex) if m.label == label and m.text == surface]
    assert not bad, bad


def test_not_trials(lex):
    text = ("MCF7 and T47D cells (MCF-7) were exposed; COVID-19, IL-6 and pRb Ser807/811 were measured; "
            "CDK4 and HER2 in SNU601 cells; Table 1 and FIGURE 2; CI 95; grade 3; HR 0.74")
    assert not mentions(text, lex, "TRIAL")


def test_cdk46_two_mentions_same_span(lex):
    text = "The advent of cyclin-dependent kinase 4 and 6 (CDK4/6) inhibitors has revolutionized the treatment"
    genes = [(m.text, m.canonical, m.start, m.end) for m in mentions(text, lex, "GENE") if m.text == "CDK4/6"]
    assert {g[1] for g in genes} == {"CDK4", "CDK6"}
    assert len({(g[2], g[3]) for g in genes}) == 1


def test_cdk_series(lex):
    text = "There are four types of CDK involved in the regulation of cell growth cycle in human body, namely CDK1/2/4/6."
    assert {m.canonical for m in mentions(text, lex, "GENE") if m.text == "CDK1/2/4/6"} == {"CDK1", "CDK2", "CDK4", "CDK6"}


def test_hr_her2_only_her2(lex):
    genes = {m.canonical for m in mentions("HR+/HER2- advanced breast cancer", lex, "GENE")}
    assert genes == {"ERBB2"}


def test_regimen_expands(lex):
    drugs = {m.canonical for m in mentions("FOLFIRINOX (fluorouracil, leucovorin, irinotecan, and oxaliplatin)", lex, "DRUG")}
    assert {"fluorouracil", "leucovorin", "irinotecan", "oxaliplatin"} <= drugs


# ------------------------------------------------------------------------------------------------
# every curated row and every stop-list row


def _rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("row", _rows(DATA_DIR / "gene_stoplist.csv"), ids=lambda r: r["surface"])
def test_gene_stoplist_example(lex, row):
    """The sentence that motivated each stop-list row yields no gene for that surface."""
    assert row["surface"] in row["example"], "the example must contain the surface"
    start = row["example"].index(row["surface"])
    end = start + len(row["surface"])
    bad = [m for m in find_entities(row["example"], lex)
           if m.label == "GENE" and m.start < end and start < m.end and m.text in row["surface"]]
    assert not bad, bad


@pytest.mark.parametrize("row", _rows(DATA_DIR / "gene_aliases_curated.csv"), ids=lambda r: r["surface"])
def test_gene_alias_row(lex, row):
    tail = "-positive tumours" if row["context"] == "receptor" else " expression was measured"
    text = f"In these tumours {row['surface']}{tail}."
    got = {m.canonical for m in mentions(text, lex, "GENE") if m.text == row["surface"]}
    assert got == set(row["symbol"].split("|")), found(text, lex)


@pytest.mark.parametrize("row", _rows(DATA_DIR / "drugs_curated.csv"), ids=lambda r: r["surface"])
def test_drug_row(lex, row):
    text = f"Patients received {row['surface']} daily."
    got = {(m.canonical, m.id) for m in mentions(text, lex, "DRUG") if m.text == row["surface"]}
    ids = row["drugbank_id"].split("|") if row["drugbank_id"] else [""] * len(row["canonical"].split("|"))
    assert got == set(zip(row["canonical"].split("|"), ids)), found(text, lex)


@pytest.mark.parametrize("row", _rows(DATA_DIR / "drug_stoplist.csv"), ids=lambda r: r["surface"])
def test_drug_stoplist_row(lex, row):
    text = f"The {row['surface']} level was recorded."
    assert not [m for m in mentions(text, lex, "DRUG") if row["surface"].lower() in m.text.lower()]


@pytest.mark.parametrize("row", _rows(TRIALS_CSV), ids=lambda r: r["canonical"])
def test_trial_row(lex, row):
    for name in [row["canonical"], *filter(None, row["aliases"].split("|"))]:
        text = f"Results of the {name} trial were reported."
        got = [m for m in mentions(text, lex, "TRIAL") if m.text == name]
        assert got and got[0].canonical == row["canonical"] and got[0].id == row["nct_id"], found(text, lex)


@pytest.mark.parametrize("row", _rows(DATA_DIR / "inn_stems.csv"), ids=lambda r: r["stem"])
def test_inn_stem_row(lex, row):
    word = "zyqo" + row["stem"].lstrip("-") if len(row["stem"]) > 5 else "zyqovarta" + row["stem"].lstrip("-")
    got = mentions(f"Patients received {word} daily.", lex, "DRUG")
    assert [(m.canonical, m.method) for m in got] == [(word, "stem")]


# ------------------------------------------------------------------------------------------------
# properties


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_never_raises_and_offsets_hold(lex, text):
    ms = find_entities(text, lex)
    for m in ms:
        assert text[m.start:m.end] == m.text
    assert [m.start for m in ms] == sorted(m.start for m in ms)


TOKENS = ["CDK4/6", "HER2", "Capivase rtib", "CAP1tello -291", "NCT 2632045", "PI3K", "trial", "the", "phase III",
          "ER+", "Rb", "-", "/", " ", "\n", "\t", "(", ")", "palbociclib", "FOLFIRI", "p16INK4a", "KEYNOTE-1", "MONARCH 3"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_mentions_do_not_overlap(lex, text):
    ms = find_entities(text, lex)
    spans = sorted({(m.start, m.end) for m in ms})
    for (s0, e0), (s1, e1) in zip(spans, spans[1:]):
        assert e0 <= s1
    for m in ms:
        assert text[m.start:m.end] == m.text
        assert m.method in {"lexicon", "pattern", "stem", "fuzzy", "repair", "alias"}


@pytest.mark.skipif(not (ROOT / "corpus").is_dir(), reason="no corpus")
def test_corpus_offsets(lex):
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        ms = find_entities(text, lex)
        assert all(text[m.start:m.end] == m.text for m in ms)
        assert {m.label for m in ms} <= {"DRUG", "GENE", "TRIAL"}


# ------------------------------------------------------------------------------------------------
# data validation and the cache


def test_bad_column_names_key_and_allowed(tmp_path):
    bad = tmp_path / "drugs.csv"
    bad.write_text("surface,canonical,drugbank,kind,source\nx,x,,inn,me\n", encoding="utf-8")
    with pytest.raises(ValueError) as e:
        read_table("drugs_curated", bad)
    assert "'drugbank'" in str(e.value) and "drugbank_id" in str(e.value)


def test_missing_column_names_key(tmp_path):
    bad = tmp_path / "stems.csv"
    bad.write_text("stem,class\n-ciclib,CDK inhibitors\n", encoding="utf-8")
    with pytest.raises(ValueError) as e:
        read_table("inn_stems", bad)
    assert "'source'" in str(e.value) and "stem, class, source" in str(e.value)


def test_bad_kind_value():
    tables = {name: read_table(name) for name in entities._TABLES}
    tables["drugs_curated"] = tables["drugs_curated"] + [
        {"surface": "x1", "canonical": "x", "drugbank_id": "", "kind": "vitamin", "source": "test"}]
    with pytest.raises(ValueError) as e:
        entities._validate(tables)
    assert "'vitamin'" in str(e.value) and "'brand'" in str(e.value)


def test_data_files_have_sources():
    for name in ("drugs_curated", "inn_stems", "gene_aliases_curated", "trials"):
        for row in read_table(name):
            assert row["source"], (name, row)


def test_warm_cache_is_fast_and_corrupt_cache_rebuilds(lex, cache_dir):
    t = time.perf_counter()
    again = load_lexicon(cache_dir)
    assert time.perf_counter() - t < 1.0
    assert again.version == lex.version
    (cache_file,) = cache_dir.glob("lexicon-*.pkl")
    cache_file.write_bytes(b"not a pickle")
    rebuilt = load_lexicon(cache_dir)
    assert rebuilt.version == lex.version
    assert pickle.loads(cache_file.read_bytes()).version == lex.version


def test_cache_dir_from_environment(lex, cache_dir, monkeypatch):
    monkeypatch.setenv("LITX_CACHE_DIR", str(cache_dir))
    assert load_lexicon().version == lex.version
    assert os.environ["LITX_CACHE_DIR"] == str(cache_dir)


@pytest.mark.parametrize("sentence,canonical", [
    ("This study is registered, number ISRCTN 77383050.", "ISRCTN77383050"),  # PMC3488187 (TOPICAL)
    ("The trial was registered with the Australian registry (ACTRN12610000270011).", "ACTRN12610000270011"),  # PMC3466131
])
def test_other_registry_ids_are_trials(lex, sentence, canonical):
    trials = [m for m in find_entities(sentence, lex) if m.label == "TRIAL"]
    assert [(m.canonical, m.id, m.method) for m in trials] == [(canonical, canonical, "pattern")]


@pytest.mark.parametrize("title, canonical", [
    ("Olaparib tablets as maintenance therapy in platinum-sensitive relapsed ovarian cancer (SOLO2): a double-blind, "
     "randomised, placebo-controlled, phase 3 trial", "SOLO2"),
    ("Concurrent once-daily versus twice-daily chemoradiotherapy in limited-stage small-cell lung cancer (CONVERT): "
     "an open-label, phase 3, randomised, superiority trial", "CONVERT"),
])
def test_lancet_title_names_its_trial_in_brackets_before_the_colon(lex, title, canonical):
    assert [m.canonical for m in find_entities(title, lex) if m.label == "TRIAL"] == [canonical]


def test_a_bracketed_abbreviation_before_a_colon_is_not_always_a_trial(lex):
    text = "Outcomes by performance status (ECOG): a summary of the data."
    assert [m for m in find_entities(text, lex) if m.label == "TRIAL"] == []


@pytest.mark.parametrize("text, canonical", [
    ("YKL-40 interacts with the receptors IL-13Rα2, CRTH2 and syndecan-1.", "SDC1"),  # PMC5805511
    ("Vimentin expression rose after progression.", "VIM"),
    ("baseline plasma hepatocyte growth factor levels", "HGF"),
])
def test_hgnc_approved_names_are_genes(lex, text, canonical):
    assert canonical in [m.canonical for m in find_entities(text, lex) if m.label == "GENE"]


def test_a_protein_name_the_drug_lexicon_knows_is_the_drug(lex):
    """PMC3664320: "immunotherapy with interleukin-2 or interferon" -- the gold (and a curator) read the
    drug aldesleukin, not the IL2 gene, when the name is both."""
    found = [(m.label, m.canonical) for m in find_entities("Until recently, immunotherapy with interleukin-2 was used.", lex)]
    assert ("DRUG", "aldesleukin") in found and not any(label == "GENE" for label, _ in found)


@pytest.mark.parametrize("text, canonicals", [
    ("a selective inhibitor of VEGFR-1, 2 and 3 (20-24)", ["FLT1", "FLT4", "KDR"]),  # PMC3664320
    ("an inhibitor of VEGFR-1, -2, and -3.", ["FLT1", "FLT4", "KDR"]),
    ("FGFR1-3 amplification", ["FGFR1", "FGFR2", "FGFR3"]),
    ("CDK4 and 6 inhibitors", ["CDK4", "CDK6"]),
    # a number that counts something is not a family member
    ("CDK4 and 6 months later", ["CDK4"]),
    ("HER2 and 3 patients", ["ERBB2"]),
    ("the FGFR1-2.5 ratio", ["FGFR1"]),
])
def test_numbered_gene_families_in_lists_and_ranges(lex, text, canonicals):
    assert sorted(m.canonical for m in find_entities(text, lex) if m.label == "GENE") == canonicals


def test_token_infos_kept_across_documents_give_what_a_fresh_run_gives():
    """The run-wide cache of token infos (pipeline.entities._token_infos) changes no result, and is
    bounded."""
    from pipeline import entities as E

    lex = E.load_lexicon()
    texts = ["Erlotinib and EGFR in the FLAURA trial (NCT02296125).", "HER2-positive disease; trastuzumab and ERBB2.",
             "Capivase rtib plus fulvestrant in PIK3CA-mutated tumours."]
    warm = [E.find_entities(t, lex) for t in texts + texts]
    cold = []
    for t in texts + texts:
        E._TOKEN_CACHE["infos"] = {}
        cold.append(E.find_entities(t, lex))
    assert warm == cold
    assert E._TOKEN_CACHE_MAX >= 100_000 and len(E._TOKEN_CACHE["infos"]) <= E._TOKEN_CACHE_MAX + 10_000
