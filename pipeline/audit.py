"""``litx audit DIR``: outcome rows that look wrong, found without any gold.

Each check is a small pure function of one row (and the normalized text its offsets point into); a row
may fail several. They catch the precision failures a curator would be most embarrassed by: a hazard
ratio invented from a baseline table or a heart rate, a number that is not in its own evidence, a
"median" with no time unit, values no trial reports.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .finish import evidence_core
from .io import read_csv

AUDIT_COLUMNS = ("doc_id", "check", "measure", "endpoint", "value", "start", "end", "evidence")

# words that make a number a ratio: "HR", "hazard ratio", "odds ratio", "relative risk", ...
_RATIO_WORD = re.compile(r"\b(?:a?HRs?|hazard|ratios?|ORs?|odds|RRs?|relative\s+risk|risk)\b", re.I)
_INTERVAL = re.compile(r"\d\s*(?:-|to|,|;)\s*\d|\bCI\b|confidence", re.I)
# a heart rate: "HR 72 bpm", "heart rate (HR) ... beats/min"
_HEART = re.compile(r"\b(?:bpm|beats?\s*(?:/|per)\s*min|heart\s+rate|pulse)\b", re.I)
# a baseline-characteristics row: "2 or more", "Age, years", "Male sex", "n (%)" with no outcome word
_BASELINE = re.compile(r"\b(?:\d+\s+or\s+more|or\s+older|or\s+younger|baseline\s+characteristics|demographics?|"
                       r"(?:fe)?male\s+sex|body\s+mass\s+index|smok(?:er|ing)\s+status|performance\s+status\s+\d)\b", re.I)
# a median is said as one ("median", "mPFS", "MST"), or implied by a time-to-event endpoint before its
# times ("TTP (8.2 vs 8.8 months)"); neither is a time of something else
_MEDIAN_WORD = re.compile(r"\bmedians?\b|\bm(?:PFS|OS|DoR|DOR|TTP)\b|\bMSTs?\b|surviv|\b(?:PFS|OS|DFS|EFS|RFS|TTP|TTF|DoR|DOR)\b"
                          r"|\btime\s+to\s+(?:progression|failure|recurrence|relapse|response|treatment\s+failure)|duration\s+of\s+response",
                          re.I)
_TIME_UNITS = ("months", "weeks", "days", "years")
_OUTCOME_WORD = re.compile(r"surviv|progress|respon|recurr|relapse|death|event|benefit|control|failure|remission", re.I)


@dataclass(frozen=True)
class Finding:
    doc_id: str
    check: str
    measure: str
    endpoint: str
    value: str
    start: int
    end: int
    evidence: str


def _num(s: str) -> float | None:
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def _digits_in(value: str, evidence: str) -> bool:
    """Whether the value as written (``0.65``; ``.65``; ``65``) appears in the evidence."""
    if value in ("NR", "NE", "NA"):
        return True
    body = re.escape(value[1:] if value.startswith("0.") else value).replace(r"\.", r"[.\u00b7]")
    lead = "0?" if value.startswith("0.") else ""  # ".65" is written for 0.65
    return bool(re.search(r"(?<![\d.])" + lead + body + r"(?!\d)", evidence)) \
        or (value.endswith(".0") and value[:-2] in evidence)


def _ratio_word_or_interval(row: dict, ev: str) -> bool:
    return bool(_RATIO_WORD.search(ev) or _INTERVAL.search(ev))


def _value_in_evidence(row: dict, ev: str) -> bool:
    # a table's glued cells ("(4%)02 (6%)": 0 and 2) stand next to other digits
    value = row.get("value", "")
    return _digits_in(value, ev) or (row.get("source") == "table" and value in ev)


def _plausible_ratio(row: dict, ev: str) -> bool:
    v = _num(row.get("value"))
    return v is None or 0 < v <= 50


def _plausible_median(row: dict, ev: str) -> bool:
    v = _num(row.get("value"))
    limit = {"months": 300, "weeks": 1300, "days": 9000, "years": 25}.get(row.get("unit"), 1e9)
    return v is None or 0 < v <= limit


def _plausible_rate(row: dict, ev: str) -> bool:
    v = _num(row.get("value"))
    return v is None or 0 <= v <= 100


def _not_baseline(row: dict, ev: str) -> bool:
    return not _BASELINE.search(ev) or bool(_OUTCOME_WORD.search(ev))


_RATIO = ("hr", "or", "rr")
# (check id, the measures it applies to, whether derived rows are exempt, the test a good row passes)
CHECKS = (
    ("value_not_in_evidence", None, True, _value_in_evidence),
    ("ratio_without_interval_or_ratio_word", _RATIO, True, _ratio_word_or_interval),
    ("heart_rate", _RATIO, True, lambda r, ev: not _HEART.search(ev)),
    ("implausible_ratio", _RATIO, True, _plausible_ratio),
    ("baseline_table_row", _RATIO + ("rate",), False, _not_baseline),
    ("median_without_time_unit", ("median",), False, lambda r, ev: r.get("unit") in _TIME_UNITS),
    ("median_without_median_word", ("median",), False, lambda r, ev: r.get("source") == "table" or bool(_MEDIAN_WORD.search(ev))),
    ("implausible_median", ("median",), False, _plausible_median),
    ("implausible_rate", ("rate",), False, _plausible_rate),
)


def check_row(row: dict, text: str | None = None) -> list[str]:
    """The checks one outcomes.csv row fails (:data:`CHECKS`, then its offsets against ``text``)."""
    ev = evidence_core(row.get("evidence") or "")
    derived = "derived" in (row.get("flags") or "").split(";")
    found = [cid for cid, measures, exempt, ok in CHECKS
             if (measures is None or row.get("measure") in measures) and not (exempt and derived) and not ok(row, ev)]
    if text is not None and row.get("start") and row.get("end"):
        span = text[int(row["start"]) : int(row["end"])]
        if not span or span not in ev:
            found.append("offsets_not_in_evidence")
    return found


def audit_rows(rows: list[dict], texts: dict[str, str] | None = None) -> list[Finding]:
    texts = texts or {}
    out = []
    for r in rows:
        for check in check_row(r, texts.get(r.get("doc_id", ""))):
            out.append(Finding(r.get("doc_id", ""), check, r.get("measure", ""), r.get("endpoint", ""), r.get("value", ""),
                               int(r["start"]) if r.get("start") else -1, int(r["end"]) if r.get("end") else -1,
                               r.get("evidence", "")))
    return out


def audit_dir(out_dir: Path) -> list[Finding]:
    """Audit ``out_dir/outcomes.csv`` (a ``litx extract`` output folder) against its ``texts/``."""
    path = out_dir / "outcomes.csv"
    if not path.is_file():
        raise FileNotFoundError(f"no outcomes.csv in {out_dir} (run litx extract ... --out {out_dir} first)")
    rows = read_csv(path)
    texts = {}
    for doc_id in {r["doc_id"] for r in rows}:
        p = out_dir / "texts" / f"{doc_id.lstrip(chr(39))}.txt"
        if p.is_file():
            texts[doc_id] = p.read_text(encoding="utf-8")
    return audit_rows(rows, texts)
