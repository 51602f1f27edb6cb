"""Extracted outcomes against curated ones: pairing, reason codes, precision / recall / F1.

Pairing (per document): an extracted row pairs with a curated row of the same measure whose value is
equal within the printed precision (``5.3`` = ``5.30``; ``0.665`` = ``0.67``). Among candidates the one
agreeing on endpoint, CI, arm role, trial and population wins. Reason codes:

``match``            measure, endpoint, value and CI right (trial and arm also right)
``trial_mismatch``   as match, but the trial differs
``arm_swapped``      as match, but exp/ctl are swapped
``ci_mismatch``      value and endpoint right, CI differs
``endpoint_mismatch`` value right, endpoint differs
``value_mismatch``   same sentence, measure and endpoint, different value
``missing``          curated, not extracted
``extra``            extracted, not curated
``duplicate``        a second extraction of a fact already paired (the abstract and the results both
                     state it): neither rewarded nor penalized
``design``           paired with a curated ``design`` row (sample-size assumption): not counted

Strict P/R/F1 counts ``match``, ``trial_mismatch`` and ``arm_swapped`` as right (doc, measure,
endpoint, value and CI all right); lenient P/R/F1 also counts ``ci_mismatch`` and
``endpoint_mismatch`` (the number itself was found).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .io import read_csv, write_atomic, csv_text

COMPARISON_COLUMNS = (
    "doc_id", "reason", "measure", "endpoint_extracted", "endpoint_gold", "value_extracted", "value_gold",
    "ci_extracted", "ci_gold", "trial_extracted", "trial_gold", "arm_role_extracted", "arm_role_gold",
    "population_extracted", "population_gold", "kind", "start", "end", "evidence_extracted", "evidence_gold",
)
REQUIRED_OUTCOME_COLUMNS = ("doc_id", "measure", "endpoint", "value", "ci_low", "ci_high")
RIGHT = ("match", "trial_mismatch", "arm_swapped")
LENIENT = RIGHT + ("ci_mismatch", "endpoint_mismatch")


class CompareInputError(ValueError):
    """A CSV given to compare lacks the columns it needs."""


def _decimals(s: str) -> int:
    return len(s.split(".", 1)[1]) if "." in s else 0


def _num(s: str) -> float | None:
    try:
        return float(s.strip().replace("\u00b7", ".").replace(",", ""))
    except (ValueError, AttributeError):
        return None


def same_number(a: str, b: str) -> bool:
    """Equal within the printed precision of the less precise side; ``NR`` equals ``NR``/``NE``."""
    a, b = (a or "").strip().replace("\u00b7", "."), (b or "").strip().replace("\u00b7", ".")
    if not a or not b:
        return not a and not b
    na, nb = _num(a), _num(b)
    if na is None or nb is None:
        return a.upper() in ("NR", "NE", "NA") and b.upper() in ("NR", "NE", "NA") or a.upper() == b.upper()
    tol = 0.5 * 10 ** -min(_decimals(a), _decimals(b)) + 1e-9
    return abs(na - nb) <= tol


def _blank_ne(s: str) -> str:
    return "" if (s or "").strip().upper() in ("NE", "NA", "NR") else (s or "")


def same_ci(x: dict, g: dict) -> bool:
    return same_number(_blank_ne(x.get("ci_low", "")), _blank_ne(g.get("ci_low", ""))) and \
        same_number(_blank_ne(x.get("ci_high", "")), _blank_ne(g.get("ci_high", "")))


def trial_key(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", (s or "").lower())


def same_endpoint(a: str, b: str) -> bool:
    return (a or "").strip().upper() == (b or "").strip().upper()


_STOP = {"the", "with", "and", "of", "in", "patients", "a", "an", "for", "who", "to", "or"}


def same_population(a: str, b: str) -> bool:
    a, b = (a or "").strip().lower(), (b or "").strip().lower()
    if not a or not b:
        return not a and not b
    wa = set(re.findall(r"[a-z0-9+]+", a)) - _STOP
    wb = set(re.findall(r"[a-z0-9+]+", b)) - _STOP
    return bool(wa & wb)


def _norm_text(s: str) -> str:
    s = s.replace("\u00b7", ".")
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    return re.sub(r"\s+", " ", re.sub(r"\[[\d,\s-]*\]", "", s)).strip().lower()


@dataclass
class Pair:
    reason: str
    x: dict | None
    g: dict | None


@dataclass
class OutcomeReport:
    pairs: list[Pair]
    rows: list[dict] = field(default_factory=list)

    def counts(self, key=lambda p: "all") -> dict[str, Counter]:
        out: dict[str, Counter] = defaultdict(Counter)
        for p in self.pairs:
            k = key(p)
            if k is not None:
                out[k][p.reason] += 1
        return out

    @staticmethod
    def prf(c: Counter, right=RIGHT) -> tuple[float, float, float, int, int]:
        counted_x = sum(v for k, v in c.items() if k not in ("missing", "duplicate", "design"))
        counted_g = sum(v for k, v in c.items() if k not in ("extra", "duplicate", "design"))
        tp = sum(c[k] for k in right)
        p = tp / counted_x if counted_x else 0.0
        r = tp / counted_g if counted_g else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f, counted_x, counted_g

    def endpoint_accuracy(self) -> tuple[float, int]:
        """Among rows whose number was found (lenient pairs), the share with the right endpoint."""
        found = [p for p in self.pairs if p.reason in LENIENT]
        right = sum(same_endpoint(p.x.get("endpoint", ""), p.g.get("endpoint", "")) for p in found)
        return (right / len(found) if found else 0.0), len(found)

    def only(self, doc_ids: set[str]) -> "OutcomeReport":
        """The pairs of these documents only."""
        pairs = [p for p in self.pairs if (p.x or p.g).get("doc_id") in doc_ids]
        return OutcomeReport(pairs, [_row(p) for p in pairs])

    def link_accuracy(self) -> dict[str, tuple[float, int]]:
        matched = [p for p in self.pairs if p.reason in RIGHT]
        n = len(matched)
        if not n:
            return {"trial": (0.0, 0), "arm_role": (0.0, 0), "population": (0.0, 0)}
        trial = sum(trial_key(p.x.get("trial", "")) == trial_key(p.g.get("trial", "")) for p in matched)
        role = sum((p.x.get("arm_role") or "na") == (p.g.get("arm_role") or "na") for p in matched)
        pop = sum(same_population(p.x.get("population", ""), p.g.get("population", "")) for p in matched)
        return {"trial": (trial / n, n), "arm_role": (role / n, n), "population": (pop / n, n)}


def _score(x: dict, g: dict) -> float:
    s = 0.0
    if same_endpoint(x.get("endpoint", ""), g.get("endpoint", "")):
        s += 8
    if same_ci(x, g):
        s += 4
    if (x.get("arm_role") or "na") == (g.get("arm_role") or "na"):
        s += 1
    if trial_key(x.get("trial", "")) == trial_key(g.get("trial", "")):
        s += 1
    if same_population(x.get("population", ""), g.get("population", "")):
        s += 0.5
    if (x.get("p_value") or "") and (x.get("p_value") or "") == (g.get("p_value") or ""):
        s += 0.5
    # equal within printed precision is enough to pair, but the same number written the same way, and
    # a design assumption with a design assumption, pair first: "7 months" (assumed) is not "6.7 months"
    if _num(x.get("value", "")) is not None and _num(x.get("value", "")) == _num(g.get("value", "")):
        s += 2
    if (g.get("kind") == "design") != ("design" in (x.get("flags") or "").split(";")):
        s -= 3
    return s


def _design_by_rounding(x: dict, g: dict) -> bool:
    """An assumed round number ("7 months", gold kind design) and a result that rounds to it ("6.7") are
    different facts unless the extraction is flagged design too."""
    return (g.get("kind") == "design" and "design" not in (x.get("flags") or "").split(";")
            and _num(x.get("value", "")) != _num(g.get("value", "")))


def _reason(x: dict, g: dict) -> str:
    if g.get("kind") == "design":
        return "design"
    if not same_endpoint(x.get("endpoint", ""), g.get("endpoint", "")):
        return "endpoint_mismatch"
    if not same_ci(x, g):
        return "ci_mismatch"
    if trial_key(x.get("trial", "")) != trial_key(g.get("trial", "")):
        return "trial_mismatch"
    roles = {(x.get("arm_role") or "na"), (g.get("arm_role") or "na")}
    if roles == {"exp", "ctl"}:
        return "arm_swapped"
    return "match"


def _fact_key(x: dict) -> tuple:
    # numbers as numbers: "20" and "20.0" are one fact written twice
    return (x.get("measure"), (x.get("endpoint") or "").upper(), *(_key_number(x.get(k, "")) for k in ("value", "ci_low", "ci_high")))


def _key_number(v) -> object:
    n = _num(v or "")
    return n if n is not None else (v or "")


def compare_outcomes(extracted: list[dict], gold: list[dict]) -> OutcomeReport:
    """Pair extracted rows with curated rows (see the module docstring)."""
    by_doc_x, by_doc_g = _by_doc(extracted), _by_doc(gold)
    pairs: list[Pair] = []
    for doc in sorted(set(by_doc_x) | set(by_doc_g)):
        pairs.extend(_doc_pairs(by_doc_x.get(doc, []), by_doc_g.get(doc, [])))
    report = OutcomeReport(pairs)
    report.rows = [_row(p) for p in pairs]
    return report


def _by_doc(rows: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        out[r["doc_id"]].append(r)
    return out


def _doc_pairs(xs: list[dict], gs: list[dict]) -> list[Pair]:
    """The pairs of one document: the best-scoring pairs, then the rows left over as duplicates, value
    mismatches and extras, then the curated rows left over as missing (or design)."""
    used_x, used_g = _best_pairs(xs, gs)
    pairs, paired_keys, leftovers = _paired(xs, gs, used_x)
    free_g = [j for j in range(len(gs)) if j not in used_g]
    rest = []
    for x in leftovers:
        pair = _leftover_pair(x, gs, free_g, used_g, paired_keys)
        if pair is None:
            rest.append(x)
        else:
            pairs.append(pair)
    pairs.extend(Pair("extra", x, None) for x in rest)
    pairs.extend(Pair("design" if g.get("kind") == "design" else "missing", None, g) for j, g in enumerate(gs) if j not in used_g)
    return pairs


def _candidate(x: dict, g: dict) -> bool:
    """Rows that may pair: the same measure and the same number (and no design assumption by rounding)."""
    return (x.get("measure") or "") == (g.get("measure") or "") and same_number(x.get("value", ""), g.get("value", "")) \
        and not _design_by_rounding(x, g)


def _best_pairs(xs: list[dict], gs: list[dict]) -> tuple[dict[int, int], set[int]]:
    """Extracted index -> curated index of the pairs taken greedily by score, and the curated indices used."""
    cands = sorted((-_score(x, g), i, j) for i, x in enumerate(xs) for j, g in enumerate(gs) if _candidate(x, g))
    used_x: dict[int, int] = {}
    used_g: set[int] = set()
    for _, i, j in cands:
        if i in used_x or j in used_g:
            continue
        used_x[i] = j
        used_g.add(j)
    return used_x, used_g


def _paired(xs: list[dict], gs: list[dict], used_x: dict[int, int]) -> tuple[list[Pair], dict, list[dict]]:
    """The pairs with their reasons, the fact key of each paired extracted row, and the rows left over."""
    pairs, paired_keys, leftovers = [], {}, []
    for i, x in enumerate(xs):
        if i in used_x:
            g = gs[used_x[i]]
            pairs.append(Pair(_reason(x, g), x, g))
            paired_keys[_fact_key(x)] = g
        else:
            leftovers.append(x)
    return pairs, paired_keys, leftovers


def _leftover_pair(x: dict, gs: list[dict], free_g: list[int], used_g: set[int], paired_keys: dict) -> Pair | None:
    """A duplicate of a paired fact, or a value_mismatch with a free curated row of the same sentence
    (taken from ``free_g`` into ``used_g``); None for an extra."""
    dup = _duplicate_of(x, paired_keys)
    if dup is not None:
        return Pair("duplicate", x, dup)
    hit = _same_sentence(x, gs, free_g)
    if hit is None:
        return None
    free_g.remove(hit)
    used_g.add(hit)
    return Pair("value_mismatch", x, gs[hit])


def _duplicate_of(x: dict, paired_keys: dict) -> dict | None:
    """The curated row of the fact ``x`` states again; a row without CI ("11.0 vs 3.2 months" in the
    abstract) is the fact of a paired row with the same measure, endpoint and value."""
    dup = paired_keys.get(_fact_key(x))
    if dup is None and not (x.get("ci_low") or x.get("ci_high")):
        dup = next((g for k, g in paired_keys.items() if k[:3] == _fact_key(x)[:3]), None)
    return dup


def _same_sentence(x: dict, gs: list[dict], free_g: list[int]) -> int | None:
    """value_mismatch: the first free curated row of the same evidence sentence, measure, endpoint and
    arm role (not a design row)."""
    ex = _norm_text(x.get("evidence", ""))
    for j in free_g:
        g = gs[j]
        ge = _norm_text(g.get("evidence", ""))
        if (g.get("measure") == x.get("measure") and same_endpoint(g.get("endpoint", ""), x.get("endpoint", ""))
                and ge and ex and (ge in ex or ex in ge) and g.get("kind") != "design"
                and (g.get("arm_role") or "na") == (x.get("arm_role") or "na")):
            return j
    return None


def _ci(r: dict | None) -> str:
    if not r or not (r.get("ci_low") or r.get("ci_high")):
        return ""
    return f"{r.get('ci_low', '')}-{r.get('ci_high', '')}"


def _row(p: Pair) -> dict:
    x, g = p.x or {}, p.g or {}
    return {
        "doc_id": x.get("doc_id") or g.get("doc_id"), "reason": p.reason,
        "measure": x.get("measure") or g.get("measure"),
        "endpoint_extracted": x.get("endpoint", ""), "endpoint_gold": g.get("endpoint", ""),
        "value_extracted": x.get("value", ""), "value_gold": g.get("value", ""),
        "ci_extracted": _ci(p.x), "ci_gold": _ci(p.g),
        "trial_extracted": x.get("trial", ""), "trial_gold": g.get("trial", ""),
        "arm_role_extracted": x.get("arm_role", ""), "arm_role_gold": g.get("arm_role", ""),
        "population_extracted": x.get("population", ""), "population_gold": g.get("population", ""),
        "kind": g.get("kind", ""), "start": x.get("start", ""), "end": x.get("end", ""),
        "evidence_extracted": x.get("evidence", ""), "evidence_gold": g.get("evidence", ""),
    }


# ---------------------------------------------------------------- entities


def entity_key(label: str, canonical: str) -> tuple[str, str]:
    c = (canonical or "").strip()
    if label == "TRIAL":
        return label, trial_key(c)
    if label == "DRUG":
        return label, c.lower()
    return label, c.upper()


def compare_entities(extracted: list[dict], gold: list[dict], labels=("DRUG", "GENE", "TRIAL")) -> dict[str, tuple]:
    """Document-level set comparison of (doc, label, canonical): per label (P, R, F1, TP, FP, FN)."""
    xs = {(r["doc_id"],) + entity_key(r["label"], r["canonical"]) for r in extracted if r["label"] in labels}
    gs = {(r["doc_id"],) + entity_key(r["label"], r["canonical"]) for r in gold if r["label"] in labels}
    out = {}
    for label in labels + ("all",):
        x = {k for k in xs if label == "all" or k[1] == label}
        g = {k for k in gs if label == "all" or k[1] == label}
        tp, fp, fn = len(x & g), len(x - g), len(g - x)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[label] = (p, r, f, tp, fp, fn)
    return out


# ---------------------------------------------------------------- files and printing


def _check_columns(rows: list[dict], path: Path, required=REQUIRED_OUTCOME_COLUMNS) -> None:
    if rows:
        missing = [c for c in required if c not in rows[0]]
        if missing:
            raise CompareInputError(f"{path}: missing column(s) {', '.join(missing)}")


def load_outcome_csv(path: Path) -> list[dict]:
    try:
        rows = read_csv(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise CompareInputError(f"cannot read {path}: {exc}") from None
    _check_columns(rows, path)
    return rows


def compare_files(outcomes_csv: Path, gold_csv: Path, out_dir: Path) -> OutcomeReport:
    report = compare_outcomes(load_outcome_csv(outcomes_csv), load_outcome_csv(gold_csv))
    write_atomic(out_dir / "comparison.csv", csv_text(COMPARISON_COLUMNS, report.rows))
    return report


def format_outcome_metrics(report: OutcomeReport) -> str:
    lines = [f"{'outcomes':<22}{'P':>7}{'R':>7}{'F1':>7}{'lenient F1':>12}{'extracted':>11}{'gold':>6}"]

    def line(name, c):
        p, r, f, nx, ng = report.prf(c)
        lf = report.prf(c, LENIENT)[2]
        lines.append(f"{name:<22}{p:7.3f}{r:7.3f}{f:7.3f}{lf:12.3f}{nx:11d}{ng:6d}")

    line("overall", report.counts()["all"])
    by_measure = report.counts(lambda p: (p.x or p.g).get("measure"))
    for m in sorted(by_measure):
        line(f"  measure {m}", by_measure[m])
    by_ep = report.counts(lambda p: ((p.g or p.x).get("endpoint") or "?").upper())
    for e in sorted(by_ep, key=lambda k: -sum(by_ep[k].values()))[:12]:
        line(f"  endpoint {e}", by_ep[e])
    reasons = report.counts()["all"]
    lines.append("reasons: " + ", ".join(f"{k} {v}" for k, v in sorted(reasons.items(), key=lambda kv: -kv[1])))
    acc = report.link_accuracy()
    lines.append("linking over strict matches: " + ", ".join(f"{k} {v:.3f}" for k, (v, n) in acc.items())
                 + f" (n={acc['trial'][1]})")
    ep, n = report.endpoint_accuracy()
    lines.append(f"endpoint right where the number was found (lenient pairs): {ep:.3f} (n={n})")
    return "\n".join(lines)
