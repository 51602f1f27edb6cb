"""Tables flattened into the running text, cells separated by spaces, as some PubMed Central exports have
them: ``Table 4 Multivariate Cox regression analysis ...*   Overall survival Progression-free survival HR
95 %  CI Wald's p HR 95 %  CI Wald's p Group XELIRI-Bev 1     1     FOLFIRI-Bev 0.842 0.587–1.207 0.35
0.949 0.682–1.321 0.76 Performance status ...``.

Only what can be read without the lost column structure is read: ratio rows, each a run of
``ratio low–high [p]`` groups after a row label, with the endpoints the header names before its first
ratio column, in column order. Pure functions: :func:`find_inline_tables` finds the tables and rows with
offsets; :func:`inline_table_outcomes` turns them into outcomes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .normalize import page_of
from .parsers import clean_number
from .schema import Outcome

# a caption inside a line, after a run of spaces: "...baseline.   Table 4 Multivariate Cox regression"
CAPTION = re.compile(r"(?:^|(?<=\s\s)|(?<=\.\s))Table\s?\d+[A-Z]?\s+(?=[A-Z])", re.M)
# where the table ends: the next caption, a figure, or the end of the line
END = re.compile(r"\s{2,}(?:Table|Figure|Fig\.)\s?\d|\n")
# one ratio column group: "0.842 0.587–1.207 0.35", "2.598 1.502-4.493 <0.001", "1.375 (0.952-1.986)"
GROUP = re.compile(
    r"""(?<![\d.\w])
        (?P<value>\d+\.\d+)\s+\(?
        (?P<low>\d+(?:\.\d+)?)\s*(?:-|to)\s*(?P<high>\d+(?:\.\d+)?)\)?   # its interval
        (?:\s+(?P<p>[<>\u2264\u2265]\s*0?\.\d+|0?\.\d+|1\.0+))?          # its p-value
        (?![\d.])""",
    re.X,
)
_RATIO_HEAD = re.compile(r"\bHRs?\b|\bORs?\b|hazard\s+ratio|odds\s+ratio", re.I)
_ODDS_HEAD = re.compile(r"\bORs?\b|odds\s+ratio", re.I)
_PROGNOSTIC = re.compile(r"multivariat|multivariable|univariat|univariable|\bCox\b|prognostic", re.I)


@dataclass
class InlineRow:
    label: str
    start: int  # of the row label's last part as written ("1–2", "FOLFIRI-Bev")
    groups: list[tuple[str, int, int, str, str, str]]  # (value, start, end, low, high, p)


@dataclass
class InlineTable:
    caption: str
    start: int
    end: int
    header: str  # from the caption to the first row
    rows: list[InlineRow] = field(default_factory=list)


def find_inline_tables(text: str) -> list[InlineTable]:
    """Every inline table with ratio rows: a caption inside a line, a header naming ratio columns, then
    rows of ``ratio low-high [p]`` groups."""
    tables = []
    for cap in CAPTION.finditer(text):
        end_m = END.search(text, cap.end())
        end = end_m.start() if end_m else len(text)
        groups = list(GROUP.finditer(text, cap.end(), end))
        if not groups:
            continue
        header = text[cap.start() : groups[0].start()]
        if not _RATIO_HEAD.search(header) or len(header) > 600:
            continue
        table = InlineTable(caption=_caption(text[cap.start() : end]), start=cap.start(), end=end, header=header)
        row: InlineRow | None = None
        last_end = None
        for g in groups:
            between = text[last_end : g.start()] if last_end is not None else ""
            if row is None or between.strip():
                if last_end is None:
                    head = _after_header(header)
                    label_text, label_at = head, g.start() - len(head)
                else:
                    label_text, label_at = between, last_end
                label, offset = _row_label(label_text)
                row = InlineRow(label=label, start=label_at + offset, groups=[])
                table.rows.append(row)
            row.groups.append((g.group("value"), g.start("value"), g.end("value"), g.group("low"), g.group("high"),
                               g.group("p") or ""))
            last_end = g.end()
        table.end = last_end
        tables.append(table)
    return tables


def _caption(s: str) -> str:
    return re.split(r"\s{2,}", s.strip(), maxsplit=1)[0]


def _after_header(header: str) -> str:
    # the first row's label follows the header's last column name ("... Wald's p Group XELIRI-Bev 1  1  FOLFIRI-Bev")
    m = list(re.finditer(r"\bp\b|\bCI\b|\bP\s*value\b", header))
    return header[m[-1].end() :] if m else ""


def _row_label(between: str) -> tuple[str, int]:
    """``Performance status 0 1     1     1–2`` -> (``Performance status 1–2``, offset of ``1–2``): the text
    after the last run of spaces, under the section words written before the reference row's numbers."""
    chunks = [m for m in re.finditer(r"\S+(?:\s\S+)*", between)]
    if not chunks:
        return "", len(between)
    last = chunks[-1].group(0)
    if len(chunks) > 1 and not re.search(r"[A-Za-z]{2}", last):
        section = re.match(r"\D*", chunks[0].group(0)).group(0).strip()
        return f"{section} {last}".strip(), chunks[-1].start()
    return last, chunks[-1].start()


def inline_table_outcomes(table: InlineTable, ctx) -> list[Outcome]:
    """One hazard (or odds) ratio per column group of each row, its endpoint from the header's column
    order; rows with a different number of groups than the header names endpoints are left out."""
    rules = ctx.endpoint_rules
    found = rules.find(table.header)
    endpoints = list(dict.fromkeys(f[2] for f in found))  # in column order
    measure = "or" if _ODDS_HEAD.search(table.header) and not re.search(r"\bHR|hazard", table.header, re.I) else "hr"
    prognostic = bool(_PROGNOSTIC.search(table.caption))
    out = []
    for row in table.rows:
        if not endpoints or len(row.groups) != len(endpoints):
            continue
        evidence = ctx.text[row.start : _group_end(ctx.text, row, row.groups[-1][2])]
        for endpoint, (value, vs, ve, lo, hi, p) in zip(endpoints, row.groups):
            flags = ["prognostic"] if prognostic else []
            if not (float(lo) <= float(value) <= float(hi)):
                flags.append("inconsistent_ci")
            out.append(Outcome(
                doc_id=ctx.doc_id, trial=ctx.main_trial, nct_id=ctx.main_nct, endpoint=endpoint, measure=measure,
                arm=row.label, arm_role="na", regimen="", comparator="", population="", value=value,
                ci_low=lo, ci_high=hi, ci_level="0.95" if re.search(r"95\s?%", table.header) else "",
                unit="ratio", p_value=_p(p), source="table",
                page=page_of(vs, ctx.page_starts), start=vs, end=ve, evidence=evidence, confidence=0.6,
                flags=";".join(flags), why="table.inline_ratio;value.hr.cell;endpoint.header_column",
            ))
    return out


def _p(p: str) -> str:
    m = re.fullmatch(r"([<>\u2264\u2265]?)\s*(\d*\.\d+)", p)
    return m.group(1) + clean_number(m.group(2)) if m else ""


def _group_end(text: str, row: InlineRow, end: int) -> int:
    m = GROUP.match(text, row.groups[-1][1])
    return m.end() if m else end
