"""Tables: tab-separated (or Markdown pipe) blocks of the normalized text, read column by column.

Pure functions. :func:`find_tables` finds the tables of a text (a header row and data rows, every
cell with its character offsets); :func:`table_outcomes` turns one table into outcomes.

How a table is read:

* **Columns.** The header says what each column holds: the trial (``Clinical Trial``, ``Study``), the
  regimen (``Combination Therapy``, ``Second-Line Therapy``, ``Arm``; a ``... Agent`` column when
  there is no such column), the population (``Patient Population``; ``Patient Subgroup`` makes every
  row a subgroup), and the value columns: an endpoint named with ``median`` is a median column of that
  endpoint, with ``hazard ratio``/``HR`` a hazard-ratio column, with ``rate``/``ORR``/``response`` a
  rate column; ``(95% CI)`` in a header is the CI level of its values. A column with no such meaning
  (``IC50 (nM)``, ``Fold Increase``) gives no outcomes.
* **Cells as they come.** A cell may hold several values (``7.3 months vs. 3.1 months (Placebo +
  Fulvestrant)``: two medians, the second for the arm in brackets), a remark (``Data immature,
  positive trend (HR 0.74)``: an HR with no CI), a comparator (``1.63 (1.02-2.59) vs. Capecitabine``)
  or no value (``-``). Bounds, approximations and fold changes (``>10,000``, ``~87x``) are not values.
* **Misaligned rows.** Each value cell has a form (a time value is a median, a ratio with a CI or an
  ``HR`` is a hazard ratio, a lone ``(0.45-0.97)`` is the CI of the nearest ratio before it, a single
  ``0.66 months`` is a ratio or a median as its column says). Cells are assigned to the value columns
  in order, at the least cost: a form that contradicts its column costs more than moving the cell to
  the next column whose kind fits. A moved value is flagged ``realigned``; a value whose form fits no
  column is read by its form and flagged ``column_conflict``.
* **Rows.** The trial is the TRIAL entity in the trial cell (already canonical; with no trial column,
  a first column whose cells name trials is the trial column), the regimen the
  drugs of the regimen cell; a row of a trial whose regimen is named as another row's comparator, or
  a placebo row, is the control arm. The population is the part of the population cell that names a
  biomarker group (``PIK3CA-mutated``, ``High CCNE1 mRNA expression``); a row marked ``Overall`` /
  ``ITT`` is the whole population. A population is a ``subgroup`` when the header says so or the same
  trial has a row for another population.
* **Two-level headers.** A first header row that only names column groups (``\t\tProgression-free
  survival\t\t\tOverall survival``) over the row naming the columns: a column whose own header names
  no endpoint (``Median, months``, ``HR (95% CI; P)``, ``95% CI``) takes its group's
  (:attr:`Table.groups`; space-aligned tables fill it too, :mod:`pipeline.space_tables`).
* **Review cells.** ``24.8 vs. 14.5`` / ``NR vs. 13.8``: two values, the experimental arm's then the
  control's, the arms those of the row's comparison cell ``A vs. B`` when it has one; ``0.58 (0.46-0.72;
  < 0.0001)`` and ``0.54 (NA; < 0.001)``: one ratio with its CI (none for ``NA``) and its p; a ``95% CI``
  column's unbracketed ``0.65-0.85`` is the CI of the ratio before it; ``not yet reported`` is empty.
* **Reference arms.** In rows of one arm each, the row of a trial with no value under a ratio column,
  when another row of the trial has one, is the control (the ratio's reference arm).
* **Footnotes.** A cell ending in a mark (``7.4 vs. 4.6*``) takes the endpoint or CI level of the note
  under the table that starts with the mark (``*Time to progression.``, ``*99.5% CI``).
* **Prose cells.** Sentences inside a text column that the prose stage skips (it reads no sentence
  that crosses a tab) are linked here with the prose linker, with source ``table``.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from . import parsers
from . import patterns as P
from .linking import DocContext, find_arms, link_document
from .normalize import page_of
from .parsers import Interval
from .schema import Outcome
from .sentences import sentence_spans

# ---------------------------------------------------------------- structure


@dataclass(frozen=True)
class Cell:
    """One cell: its stripped text and where that text is (``text[start:end] == cell.text``)."""

    text: str
    start: int
    end: int
    col: int


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]  # the cells of the row's first line, empty ones included
    continuation: tuple[Cell, ...] = ()  # the non-empty cells of its continuation lines
    start: int = 0  # span of the first line
    end: int = 0

    def cell(self, col: int) -> Cell | None:
        return self.cells[col] if 0 <= col < len(self.cells) else None

    def in_column(self, col: int) -> list[Cell]:
        """The row's non-empty cells in column ``col``: its own, then those of continuation lines."""
        own = [c for c in self.cells if c.col == col and c.text]
        return own + [c for c in self.continuation if c.col == col]


@dataclass(frozen=True)
class Table:
    header: Row
    rows: tuple[Row, ...]
    start: int
    end: int
    caption: str = ""  # the "Table 2: ..." line right before the table, if any
    caption_start: int = -1
    # two-level headers: the group cell over each column ("Progression-free survival" over "Median,
    # months" and "HR (95% CI)"), None where no group is; empty when the table has one header row
    groups: tuple[Cell | None, ...] = ()

    @property
    def ncols(self) -> int:
        return len(self.header.cells)


_CAPTION = re.compile(r"^\s*(?:Table|Tab\.)\s+[A-Z]?\d+[A-Za-z]?\b", re.I)
_SEPARATOR_CELL = re.compile(r"[-=:|+\s]+")


def caption_before(text: str, pos: int) -> tuple[str, int]:
    """``(caption, its start)`` of the ``Table 1. ...`` line before ``pos`` (blank lines between
    allowed), or ``("", -1)``."""
    before = text[:pos].rstrip()
    s = max(before.rfind("\n"), before.rfind("\f")) + 1
    line = before[s:]
    return (line.strip(), s) if line.strip() and _CAPTION.match(line) else ("", -1)


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in re.finditer(r"[\n\f]", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


# a Markdown pipe-table row: "| SOLAR-1 | Alpelisib + fulvestrant | 11.0 months |"
PIPE_ROW = re.compile(r"[ \t]*\|.*\|[ \t]*$")


def is_table_line(line: str) -> bool:
    """A row of a tab-separated or Markdown pipe table."""
    return "\t" in line or bool(PIPE_ROW.match(line) and line.count("|") >= 3)


def _cells(text: str, start: int, end: int) -> tuple[Cell, ...]:
    line = text[start:end]
    if "\t" not in line and PIPE_ROW.match(line):
        # "| a | b |": the cells between the pipes, the outer two pipes dropped
        first, last = line.index("|"), line.rindex("|")
        start, end = start + first + 1, start + last
        seps = [m.start() for m in re.finditer(r"\|", text[start:end])]
    else:
        seps = [m.start() for m in re.finditer("\t", line)]
    cells, pos, col = [], start, 0
    for seg_end in seps + [end - start]:
        s, e = pos, start + seg_end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        cells.append(Cell(text[s:e], s, e, col))
        pos, col = start + seg_end + 1, col + 1
    return tuple(cells)


def find_tables(text: str) -> list[Table]:
    """Every tab-separated table of ``text``.

    A table is a run of lines holding tabs (blank lines between them allowed); its first line is the
    header. A line whose first cell is empty and that fills at most a quarter of the columns
    (``\\t\\t\\t\\t(Overall Population)\\t\\t\\t``) continues the row before it; a line of dashes
    and a repeat of the header are left out.
    """
    if "\t" not in text and "|" not in text:
        return []  # no line can be a table row
    return list(_find_tables(text))


@lru_cache(maxsize=2)
def _find_tables(text: str) -> tuple[Table, ...]:
    # the entity stage (trial columns) and the table stage both read a document's tables: once each
    tables: list[Table] = []
    block: list[tuple[int, int]] = []
    prev_text_line: tuple[int, int] | None = None
    caption_line: tuple[int, int] | None = None

    def close():
        if len(block) >= 2:
            t = _table(text, block, caption_line)
            if t is not None:
                tables.append(t)

    for ls, le in _lines(text):
        line = text[ls:le]
        if is_table_line(line) and line.strip():
            if not block:
                caption_line = prev_text_line if prev_text_line and _CAPTION.match(text[prev_text_line[0]:prev_text_line[1]]) else None
            block.append((ls, le))
        elif not line.strip():
            continue
        else:
            close()
            block = []
            prev_text_line = (ls, le)
    close()
    return tuple(tables)


def _table(text: str, block: list[tuple[int, int]], caption_line) -> Table | None:
    header, groups, body = _header_of(text, block)
    named = [c for c in header.cells if c.text]
    if len(header.cells) < 2 or not named or all(P.NUMBER.fullmatch(c.text) for c in named):
        return None
    ncols = len(header.cells)
    head_key = [c.text.lower() for c in header.cells]
    rows: list[Row] = []
    for ls, le in body:
        cells = _cells(text, ls, le)
        filled = [c for c in cells if c.text]
        if _left_out(cells, filled, head_key):
            continue
        if rows and not cells[0].text and len(filled) <= max(1, ncols // 4):
            last = rows[-1]
            rows[-1] = replace(last, continuation=last.continuation + tuple(filled))
            continue
        rows.append(Row(cells, (), ls, le))
    if not rows:
        return None
    cap, cap_start = ("", -1) if caption_line is None else (text[caption_line[0]:caption_line[1]].strip(), caption_line[0])
    end = max(max(r.end, *(c.end for c in r.continuation)) if r.continuation else r.end for r in rows)
    return Table(header, tuple(rows), block[0][0], end, cap, cap_start, groups)


def _left_out(cells: tuple[Cell, ...], filled: list[Cell], head_key: list[str]) -> bool:
    """A line of dashes, an empty line or a repeat of the header."""
    if not filled or all(_SEPARATOR_CELL.fullmatch(c.text) and "-" in c.text and len(c.text) > 1 for c in filled):
        return True
    return [c.text.lower() for c in cells] == head_key


def _header_of(text: str, block: list[tuple[int, int]]) -> tuple[Row, tuple[Cell | None, ...], list[tuple[int, int]]]:
    """``(header, groups, the lines after the header)``. A first line that only names column groups
    (``\t\tProgression-free survival\t\t\tOverall survival``: first cell empty, no number, at most
    half the cells filled) over a line that names the columns (``Trial\tArm\tMedian\tHR ...``) is a
    two-level header: each group cell is the group of its column and of the columns after it, up to
    the next group cell."""
    first = Row(_cells(text, *block[0]), (), *block[0])
    if len(block) < 3:
        return first, (), block[1:]
    second = Row(_cells(text, *block[1]), (), *block[1])
    named = [c for c in first.cells if c.text]
    below = [c for c in second.cells if c.text]
    if first.cells[0].text or not named or len(named) * 2 > len(first.cells) or any(P.NUMBER.search(c.text) for c in named) \
            or not second.cells[0].text or len(below) <= len(named) or any(P.NUMBER.fullmatch(c.text) for c in below):
        return first, (), block[1:]
    groups = tuple(next((g for g in reversed(named) if g.col <= c.col), None) for c in second.cells)
    return second, groups, block[2:]


# ---------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    index: int
    role: str  # "trial", "regimen", "agent", "population", "value", "p", ""
    endpoint: str = ""
    measure: str = ""  # value columns: "median", "hr", "or", "rate", or "" (the cells' form decides)
    unit: str = ""  # a unit the header gives: "months", "%"
    ci_level: str = ""
    timepoint: str = ""
    subgroup: bool = False  # a population column that lists subgroups


_TRIAL_HEAD = re.compile(r"\b(?:trials?|stud(?:y|ies)|reference)\b", re.I)
_REGIMEN_HEAD = re.compile(r"\b(?:regimens?|therapy|therapies|treatments?|combinations?|arms?|interventions?|groups?|comparisons?|experimental)\b", re.I)
_AGENT_HEAD = re.compile(r"\b(?:agents?|drugs?|inhibitors?)\b", re.I)
_PRIOR_HEAD = re.compile(r"\b(?:prior|previous|first[- ]line|1st[- ]line|preceding)\b", re.I)
_POP_HEAD = re.compile(r"\b(?:population|subgroups?|subsets?|patients|cohorts?|setting)\b", re.I)
_SUBGROUP_HEAD = re.compile(r"\b(?:subgroups?|subsets?)\b", re.I)
_HR_HEAD = re.compile(r"hazard\s+ratio|(?<![A-Za-z])HR(?![A-Za-z+])", re.I)
_OR_HEAD = re.compile(r"odds\s+ratio|(?<![A-Za-z])OR(?![A-Za-z])")
_MEDIAN_HEAD = re.compile(r"(?<![A-Za-z])(?:medians?|m(?=PFS|OS|DFS|TTP|EFS|RFS|DoR))(?![a-z])", re.I)
_RATE_HEAD = re.compile(r"\brates?\b|(?<![A-Za-z])(?:ORR|CBR|DCR|pCR)(?![A-Za-z])|\bresponse\b|%", re.I)
_P_HEAD = re.compile(r"^\s*(?:p|p[- ]?values?|p\s*\(.*\))\s*$", re.I)
_CI_LEVEL = re.compile(r"(\d{2}(?:\.\d+)?)\s?%\s*(?:CI|C\.I\.|confidence)", re.I)
_HEAD_UNIT = re.compile(r"\b(months?|mo|weeks?|days?|years?)\b", re.I)


def column_roles(table: Table, ctx: DocContext) -> list[Column]:
    """What each column of ``table`` holds, from its header (see the module docstring); under a
    two-level header a column's group names its endpoint (and its measure) when its own header does not."""
    groups = table.groups or (None,) * len(table.header.cells)
    cols = [_column(cell, group, ctx) for cell, group in zip(table.header.cells, groups)]
    # a ratio column whose header names no endpoint ("HR (95% CI)") is the comparison of the one endpoint
    # the other value columns name ("Median PFS | HR (95% CI)")
    named = {c.endpoint for c in cols if c.role == "value" and c.endpoint}
    if len(named) == 1:
        (only,) = named
        cols = [replace(c, endpoint=only) if c.role == "value" and c.measure in ("hr", "or") and not c.endpoint else c
                for c in cols]
    return cols


def _head_measure(h: str, endpoint: str) -> str:
    if _HR_HEAD.search(h):
        return "hr"
    if _OR_HEAD.search(h):
        return "or"
    if _MEDIAN_HEAD.search(h):
        return "median"
    if _RATE_HEAD.search(h) and (endpoint or re.search(r"rate|response", h, re.I)):
        return "rate"
    return ""


def _endpoint_in(ctx: DocContext, cell: Cell | None) -> str:
    eps = ctx.endpoints_in(cell.start, cell.end) if cell is not None and cell.text else []
    return eps[0][2] if eps else ""


def _column(cell: Cell, group: Cell | None, ctx: DocContext) -> Column:
    """The role of one column from its header cell (and the group cell over it, if any)."""
    h = cell.text
    endpoint = _endpoint_in(ctx, cell)
    measure = _head_measure(h, endpoint)
    if group is not None and (endpoint or measure or P.CI_HEADER.fullmatch(h)):
        endpoint = endpoint or _endpoint_in(ctx, group)
        measure = measure or _head_measure(group.text, endpoint)
    level = _CI_LEVEL.search(h)
    ci_level = f"{float(level.group(1)) / 100:.4f}".rstrip("0").rstrip(".") if level else ""
    if h and P.CI_HEADER.fullmatch(h):  # "95% CI": the intervals of the ratio column before it
        return Column(cell.col, "value", endpoint, "ci", "", ci_level)
    if endpoint or measure:
        if measure == "rate" and not endpoint:
            endpoint = next((c for _, _, c in ctx.endpoint_rules.find(h)), "")
        unit = _HEAD_UNIT.search(h)
        lm = P.LANDMARK.search(h)
        return Column(cell.col, "value", endpoint, measure,
                      "%" if measure == "rate" else (parsers._unit_name(unit.group(1)) if unit else ""),
                      ci_level, _landmark(lm) if lm and measure == "rate" else "")
    return _text_column(cell)


def _text_column(cell: Cell) -> Column:
    """A column that holds no values: p-values, trials, populations, regimens or agents, or nothing."""
    h = cell.text
    if _P_HEAD.match(h):
        return Column(cell.col, "p")
    if _TRIAL_HEAD.search(h):
        return Column(cell.col, "trial")
    if _POP_HEAD.search(h):
        return Column(cell.col, "population", subgroup=bool(_SUBGROUP_HEAD.search(h)))
    if _REGIMEN_HEAD.search(h) and not _PRIOR_HEAD.search(h):
        return Column(cell.col, "regimen")
    if _AGENT_HEAD.search(h) and not _PRIOR_HEAD.search(h):
        return Column(cell.col, "agent")
    return Column(cell.col, "")


def _landmark(m: re.Match) -> str:
    n = m.group("n")
    unit = parsers._unit_name(m.group("unit"))
    try:
        v = float(n)
    except ValueError:
        return f"{n} {unit}"
    if unit == "years":
        v, unit = v * 12, "months"
    return f"{v:g} {unit}"


# ---------------------------------------------------------------- cells


@dataclass(frozen=True)
class CellValue:
    """One number of a cell and what is written with it."""

    value: str
    start: int  # the number, offsets into the document text
    end: int
    span_end: int  # through its unit, CI and p-value (same cell)
    form: str  # "time", "nr", "ratio" (has a CI), "hr" (an HR trigger), "percent", "bare"
    unit: str = ""
    ci: Interval | None = None
    ci_outside: bool = False  # the CI came from another cell
    p_value: str = ""
    label: tuple[int, int] | None = None  # "(Placebo + Fulvestrant)" right after: the value's arm
    versus: tuple[int, int] | None = None  # "vs. Capecitabine" right after: the comparator


@dataclass(frozen=True)
class CellReading:
    cell: Cell
    values: tuple[CellValue, ...]
    lone_ci: Interval | None = None  # the cell is only a CI: "(0.45-0.97)"

    @property
    def form(self) -> str:
        """The cell's kind, for aligning cells with columns: "median", "hr", "ratio", "ambiguous",
        "rate", "bare", "mixed", "ci" or "none"."""
        if not self.values:
            return "ci" if self.lone_ci else "none"
        forms = {v.form for v in self.values}
        if forms <= {"time", "nr"}:
            only = self.values[0]
            if len(self.values) == 1 and only.form == "time" and not only.ci and _float(only.value) is not None \
                    and _float(only.value) < 1.5:
                return "ambiguous"  # "0.66 months (Placebo + Fulvestrant)": a ratio with a stray unit?
            return "median"
        if forms <= {"hr"}:
            return "hr"
        if forms <= {"ratio", "hr"}:
            return "ratio"
        if forms <= {"percent"}:
            return "rate"
        if forms <= {"bare"}:
            return "bare"
        return "mixed"


def _float(s: str) -> float | None:
    try:
        return float(s)
    except ValueError:
        return None


_NUM_OR_NR = re.compile(P.NUM + r"|(?<![A-Za-z])(?:not\s+(?:yet\s+)?reached|NR)(?![A-Za-z])", re.I)
_LABEL = re.compile(r"\s*\(([^()\d]{2,80})\)")
_VERSUS = re.compile(r"\s*(?:vs\.?|versus|compared\s+with)\s+(?P<who>[^()\d;,]{2,80}?)\s*(?=$|[;,(])", re.I)


def read_cell(text: str, cell: Cell, ci_column: bool = False) -> CellReading:
    """The values of one cell (see the module docstring for the forms a cell takes). In a column of
    CIs (``ci_column``) an unbracketed ``0.65-0.85`` is a lone CI too."""
    sub = cell.text
    base = cell.start
    if not sub or P.EMPTY_CELL.fullmatch(sub):
        return CellReading(cell, ())
    lone = _lone_ci(sub, base, ci_column)
    if lone is not None:
        return CellReading(cell, (), lone)
    whole = P.RATIO_CI_P_CELL.fullmatch(sub)
    if whole:  # "0.58 (0.46-0.72; < 0.0001)", "0.54 (NA; < 0.001)": one ratio, its CI and its p
        return CellReading(cell, (_ratio_ci_p(whole, base),))
    taken: list[tuple[int, int]] = [m.span() for m in P.CELL_TIMEPOINT.finditer(sub)]  # "(12 mo)": a landmark
    values: list[CellValue] = []
    for hr in parsers.find_hazard_ratios(sub):
        if not hr.explicit:
            continue
        ci = parsers.parse_ci(sub, hr.value_end, hr.value) if hr.ci_low else None
        values.append(_value(sub, base, hr.value, hr.value_start, hr.value_end, _close(sub, ci) if ci else hr.value_end,
                             "hr", "ratio", ci))
        taken.append((hr.start, hr.end))
    for m in _NUM_OR_NR.finditer(sub):
        vs, ve = m.span()
        if any(s <= vs < e for s, e in taken):
            continue
        raw = m.group(0)
        tail = P.THOUSANDS_TAIL.match(sub, ve)
        if P.CELL_NOT_VALUE_BEFORE.search(sub, 0, vs) or P.CELL_FOLD_AFTER.match(sub, ve) or tail:
            taken.append((vs, tail.end() if tail else ve))  # a bound, a fold change, or "10,000": a count
            continue
        if not raw[0].isdigit() and raw[0] != ".":
            ci = parsers.parse_ci(sub, ve, "NR")
            pos = ci.end if ci else ve
            values.append(_value(sub, base, "NR", vs, ve, pos, "nr", "", ci))
            taken.append((vs, pos))
            continue
        value = parsers.clean_number(raw)
        pos, form, unit, ci = _number_form(sub, value, ve)
        values.append(_value(sub, base, value, vs, ve, pos, form, unit, ci))
        taken.append((vs, pos))
    values.sort(key=lambda v: v.start)
    return CellReading(cell, tuple(values))


def _lone_ci(sub: str, base: int, ci_column: bool) -> Interval | None:
    """The interval of a cell that is only a CI: ``(0.45-0.97)``; in a CI column also ``0.65-0.85``."""
    lone = P.CI.match(sub)
    if not lone or not (sub[0] in "([" or (ci_column and P.BARE_CI_CELL.fullmatch(sub))):
        return None
    if not re.fullmatch(r"\s*[)\]]?\s*[*\u2020\u2021]?\s*", sub[lone.end():]):
        return None
    low, high = parsers.clean_number(lone.group("low")), parsers.clean_number(lone.group("high"))
    level = lone.group("level")
    lvl = f"{float(level) / 100:.4f}".rstrip("0").rstrip(".") if level else ""
    return Interval(low, high, lvl, base + lone.start(), base + lone.end(), bool(level))


def _ratio_ci_p(m: re.Match, base: int) -> CellValue:
    """The one value of a ``value (CI or NA; p)`` cell (:data:`pipeline.patterns.RATIO_CI_P_CELL`)."""
    ci = None
    if m.group("low"):
        ci = Interval(parsers.clean_number(m.group("low")), parsers.clean_number(m.group("high")), "",
                      base + m.start("low"), base + m.end("high"), False)
    p = ""
    if m.group("p").upper() != "NA":
        op = {"=": "", "\u2264": "<=", "\u2265": ">="}.get(m.group("op") or "", m.group("op") or "")
        p = op + parsers.clean_number(m.group("p"))
    return CellValue(parsers.clean_number(m.group("value")), base + m.start("value"), base + m.end("value"),
                     base + m.end("p"), "ratio" if ci else "bare", "ratio" if ci else "", ci, p_value=p)


def _number_form(sub: str, value: str, ve: int) -> tuple[int, str, str, Interval | None]:
    """``(end, form, unit, ci)`` of the number of a cell ending at ``ve``: a time value, a percentage,
    a ratio (a decimal with a CI) or a bare number."""
    u = P.TIME_UNIT.match(sub, ve)
    if u and not re.match(r"[A-Za-z]", sub[u.end():u.end() + 1]):
        pos = u.end()
        ci = parsers.parse_ci(sub, pos, value)
        form, unit = "time", parsers._unit_name(u.group("unit"))
    elif re.match(r"\s?%", sub[ve:ve + 2]):
        pos = ve + len(re.match(r"\s?%", sub[ve:ve + 2]).group(0))
        ci = parsers.parse_ci(sub, pos, value)
        form, unit = "percent", "%"
    else:
        pos = ve
        ci = parsers.parse_ci(sub, pos, value)
        form, unit = ("ratio", "ratio") if ci and "." in value else ("bare", "")
    if ci:
        pos = _close(sub, ci)
    return pos, form, unit, ci


def _close(sub: str, ci: Interval) -> int:
    """The end of a CI, its closing bracket included when it opened with one."""
    close = re.match(r"\s*[)\]]", sub[ci.end:])
    if close and ("(" in sub[max(0, ci.start - 14):ci.start + 1] or "[" in sub[max(0, ci.start - 14):ci.start + 1]):
        return ci.end + close.end()
    return ci.end


def _value(sub: str, base: int, value: str, vs: int, ve: int, pos: int, form: str, unit: str,
           ci: Interval | None) -> CellValue:
    p = parsers.parse_p_value(sub, pos, window=30)
    end = max(pos, p[2]) if p else pos
    label = versus = None
    lm = _LABEL.match(sub, end)
    if lm:
        label = (base + lm.start(1), base + lm.end(1))
    vm = _VERSUS.match(sub, lm.end() if lm else end)
    if vm:
        versus = (base + vm.start("who"), base + vm.end("who"))
    if ci:
        ci = replace(ci, start=base + ci.start, end=base + ci.end)
    return CellValue(value, base + vs, base + ve, base + end, form, unit, ci, p_value=p[0] if p else "",
                     label=label, versus=versus)


# ---------------------------------------------------------------- aligning cells with columns

# Cost of reading a cell of a form (rows) in a column of a measure (columns); "" = a value column
# whose header names no measure. 10 = a contradiction (a time value is never a hazard ratio).
_FORM_COST = {
    "median": {"median": 0, "hr": 10, "or": 10, "rate": 10, "": 0},
    "hr": {"hr": 0, "median": 0.5, "or": 3, "rate": 10, "": 0},  # "(HR 0.74)" under a median: a remark
    "ratio": {"hr": 0, "or": 0, "median": 0.5, "rate": 10, "": 0},  # "11.0 (9.1-12.7)" under "Median PFS, months"
    "ambiguous": {"hr": 0.5, "or": 0.5, "median": 0.5, "rate": 10, "": 0.5},
    "rate": {"rate": 0, "median": 10, "hr": 10, "or": 10, "": 0},
    "bare": {"median": 0, "hr": 0, "or": 0, "rate": 0, "": 0},
    "mixed": {"median": 0.5, "hr": 0.5, "or": 0.5, "rate": 10, "": 0.5},
}
_MOVE_COST = 1.0  # a cell read under another column than its own
_DROP_COST = 6.0  # a cell left in its own column although its form contradicts it


def align_row(readings: list[CellReading], columns: list[Column]) -> dict[int, tuple[Column, str]]:
    """Assign the value cells of one row to its value columns (``readings[i]`` is the cell under
    ``columns[i]``). Returns ``{i: (column, how)}``, ``how`` being ``"own"``, ``"moved"`` (read under
    another column) or ``"conflict"`` (its form contradicts its column and no other column fits: read
    by its form under its own column).

    Cells keep their order and take at most one column each, at the least total cost: the form cost
    (:data:`_FORM_COST`), plus :data:`_MOVE_COST` for each moved cell, or :data:`_DROP_COST` for a
    conflict. Empty cells and lone CIs (see :func:`_attach_lone_cis`) take no column, and a cell written as
    empty holds its own.
    """
    forms = [r.form for r in readings]
    order = [i for i, f in enumerate(forms) if f not in ("none", "ci")]
    m = len(columns)
    # a cell written as empty ("-", "NE", "not reported") holds its column: no other cell moves into it
    # (a lone CI given to the value before it does not: it has digits)
    held = {i for i, r in enumerate(readings) if r.form == "none" and r.cell.text.strip()
            and not any(ch.isdigit() for ch in r.cell.text)}

    @lru_cache(maxsize=None)
    def best(k: int, j: int) -> tuple[float, tuple]:
        """The cheapest plan for cells ``order[k:]`` with columns ``j:`` still free."""
        if k == len(order):
            return 0.0, ()
        i = order[k]
        rest, plan = best(k + 1, j)
        options = [(_DROP_COST + rest, ((i, None),) + plan)]
        for c in range(j, m):
            fc = _FORM_COST[forms[i]].get(columns[c].measure, 10)
            if fc >= 10 or c in held:
                continue
            move = 0.0 if c == i else _MOVE_COST + 0.05 * abs(c - i)
            rest, plan = best(k + 1, c + 1)
            options.append((fc + move + rest, ((i, c),) + plan))
        return min(options, key=lambda o: o[0])

    out = {}
    for i, c in best(0, 0)[1]:
        if c is None:
            out[i] = (columns[i], "conflict")
        else:
            out[i] = (columns[c], "own" if c == i else "moved")
    return out


def _attach_lone_cis(readings: list[CellReading]) -> tuple[list[CellReading], set[int]]:
    """A lone CI cell gives its interval to the nearest value before it that has none and is a single
    ratio-like value ("0.66 months" + "(0.45-0.97)"); returns the new readings and the cells that got
    a CI from elsewhere."""
    out = list(readings)
    got = set()
    for i, r in enumerate(readings):
        if r.form != "ci":
            continue
        for j in range(i - 1, -1, -1):
            prev = out[j]
            if prev.form == "none":
                continue
            if prev.form in ("ambiguous", "bare", "hr", "ratio") and len(prev.values) >= 1 and not prev.values[-1].ci:
                v = prev.values[-1]
                v = replace(v, ci=r.lone_ci, ci_outside=True, form="ratio", unit="ratio")
                out[j] = replace(prev, values=prev.values[:-1] + (v,))
                out[i] = replace(r, lone_ci=None)
                got.add(j)
            break
    return out, got


# ---------------------------------------------------------------- rows to outcomes

_OVERALL = re.compile(
    r"\b(?:overall|whole|entire|total|all)\s+(?:study\s+)?(?:population|patients|cohort)\b|\bITT\b|intention[- ]to[- ]treat|\bfull\s+analysis\s+set\b",
    re.I,
)
_GROUP_WORD = re.compile(
    r"mutat|mutant|altered|alteration|amplif|express|deleti|deficien|fusion|rearrang|wild[- ]type|"
    r"\bloss\b|\bpositive\b|\bnegative\b|\bhigh\b|\blow\b|\bsubgroup\b|\bsubset\b",
    re.I,
)


def _split_top(s: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in s:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        if ch in ",;" and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def population_of(cell_texts: list[str]) -> tuple[str, bool]:
    """``(population, overall)`` of a row from its population cell(s): the first comma-separated part
    that names a biomarker group, its bracketed detail dropped; ``overall`` when the row says it is the
    whole (``Overall Population``, ``ITT``)."""
    joined = " ".join(cell_texts)
    if _OVERALL.search(joined):
        return "", True
    for part in _split_top(joined):
        bare = re.sub(r"\s*[(\[][^()\[\]]*[)\]]", "", part).strip()
        if bare and _GROUP_WORD.search(bare):
            return re.sub(r"\s+", " ", bare), False
    return "", False


@dataclass
class _RowInfo:
    row: Row
    trial: str
    arm_text: str
    regimen: str
    arm_role: str  # "ctl" when the regimen is a control (placebo, ...)
    population: str
    overall: bool
    readings: list[CellReading]
    p_cells: list[Cell]
    versus: tuple[str, str] = ("", "")  # (arm text, regimen) of the "B" of a regimen cell "A vs. B"


def _regimen_of(ctx: DocContext, cells: list[Cell]) -> tuple[str, str, str]:
    """``(arm text, regimen, role)`` of regimen cells: the first run of drugs / control cues."""
    for c in cells:
        arms = [a for a in find_arms(ctx, c.start, c.end) if a.drugs or a.role]
        if arms:
            return c.text, " + ".join(arms[0].drugs), arms[0].role
    return (cells[0].text if cells else ""), "", ""


_CELL_VERSUS = re.compile(r"\s(?:vs\.?|versus)\s", re.I)


def _compared_arms(ctx: DocContext, cells: list[Cell]) -> tuple[tuple[str, str, str], tuple[str, str]] | None:
    """A comparison cell ``Palbociclib + letrozole vs. placebo``: ``((arm text, regimen, role) of the
    experimental arm, (arm text, regimen) of the control)``, or None when the cell compares nothing."""
    for c in cells:
        m = _CELL_VERSUS.search(c.text)
        if not m:
            continue
        a, b = Cell(c.text[:m.start()].strip(), c.start, c.start + m.start(), c.col), \
            Cell(c.text[m.end():].strip(), c.start + m.end(), c.end, c.col)
        exp, ctl = _regimen_of(ctx, [a]), _regimen_of(ctx, [b])
        if a.text and b.text:
            return (a.text, exp[1] or a.text.lower(), "exp" if exp[2] != "ctl" else "ctl"), (b.text, ctl[1] or b.text.lower())
    return None


def _trial_of(ctx: DocContext, cells: list[Cell]) -> str:
    for c in cells:
        t = ctx.entities_in(c.start, c.end, "TRIAL")
        if not t:  # a mention that overlaps the cell edge
            t = [e for e in ctx.entities if e.label == "TRIAL" and e.start < c.end and e.end > c.start]
        if t:
            return t[0].canonical
    for c in cells:
        name = re.sub(r"\s*[(\[][^()\[\]]*[)\]]", "", c.text).strip()
        if name:
            return name
    return ""


def table_outcomes(table: Table, ctx: DocContext) -> list[Outcome]:
    """The outcomes of one table (see the module docstring)."""
    if is_transposed(table, ctx):
        return _transposed_outcomes(table, ctx)
    cols = column_roles(table, ctx)
    value_cols = [c for c in cols if c.role == "value"]
    out: list[Outcome] = []
    if value_cols:
        out.extend(_value_outcomes(table, ctx, cols, value_cols))
    out.extend(_prose_cell_outcomes(table, ctx, cols))
    return out


_ARM_CUE_HEAD = re.compile(r"placebo|control|standard|observation|chemotherapy|\barm\b|\bgroup\b", re.I)


def is_transposed(table: Table, ctx: DocContext) -> bool:
    """A table with one row per endpoint and one column per arm (``Endpoint | Ribociclib + letrozole |
    Placebo + letrozole | HR (95% CI) | P``): most row labels name an endpoint and at least two header
    cells name an arm (a drug or a control cue)."""
    labels = [r.cells[0].text for r in table.rows if r.cells and r.cells[0].text]
    if len(labels) < 1 or len(table.header.cells) < 3:
        return False
    with_ep = sum(1 for t in labels if ctx.endpoint_rules.find(t))
    arm_heads = sum(1 for c in table.header.cells[1:] if c.text and (
        ctx.entities_in(c.start, c.end, "DRUG") or _ARM_CUE_HEAD.search(c.text)))
    return with_ep * 2 >= len(labels) and arm_heads >= 2


def _transposed_outcomes(table: Table, ctx: DocContext) -> list[Outcome]:
    """Read a transposed table as the flattened-table reader reads one: row labels give endpoint and
    measure, arm columns the arms, a ratio column the comparison's HR; the caption's trial is the
    rows' trial."""
    from .flat_tables import FlatRow, FlatTable, flat_table_outcomes

    caption = table.caption or ""
    header = caption + "\n" + "  ".join(c.text for c in table.header.cells[1:])
    rows = [FlatRow(r.cells[0].text, r.cells[0].start, [(c.text, c.start, c.end) for c in r.cells[1:] if c.text])
            for r in table.rows if r.cells and r.cells[0].text]
    flat = FlatTable(caption=caption, start=table.start, end=table.end, header=header,
                     header_start=table.header.start, rows=rows)
    out = flat_table_outcomes(flat, ctx)
    trials = ctx.entities_in(table.caption_start, table.caption_start + len(caption), "TRIAL") if caption else []
    if trials:
        name = ctx.nct_name.get(trials[0].canonical, trials[0].canonical)
        out = [replace(o, trial=name, nct_id=ctx.trial_nct.get(name, "") or (trials[0].id if trials[0].id.startswith("NCT") else ""))
               for o in out]
    return out


def _first_role(cols: list[Column], role: str) -> Column | None:
    return next((c for c in cols if c.role == role), None)


@dataclass(frozen=True)
class ValueSettings:
    """Confidence of a value read from a value column (one place, as :class:`pipeline.linking.LinkSettings`)."""

    confidence: float = 0.8  # a value under its own column
    ci_bonus: float = 0.1  # ... with its CI
    realigned_penalty: float = 0.2  # ... moved to another column than its cell's


VALUE_SETTINGS = ValueSettings()
_RATIO_MEASURES = ("hr", "or")


@dataclass(frozen=True)
class _ValueFrame:
    """What the rows of a table share: its value columns, the caption's endpoints, the footnotes, each
    trial's arms by role and populations, and whether the population column is a subgroup column."""

    value_cols: list[Column]
    caption_eps: list
    notes: dict[str, tuple[str, str]]
    ctl_of: dict[str, Counter]
    exp_of: dict[str, Counter]
    pops: dict[str, set]
    subgroup_col: bool


@dataclass(frozen=True)
class _RowArms:
    """One row's trial arms: its control and experimental regimens, and whether it is a subgroup."""

    info: _RowInfo
    ctl: Counter
    exp_reg: str
    ctl_reg: str
    is_sub: bool


def _value_outcomes(table: Table, ctx: DocContext, cols: list[Column], value_cols: list[Column]) -> list[Outcome]:
    infos = _row_infos(table, ctx, cols, value_cols)
    frame = _value_frame(table, ctx, cols, value_cols, infos)
    rows: list[Outcome] = []
    for info in infos:
        rows.extend(_row_value_outcomes(ctx, frame, info))
    return rows


def _value_frame(table: Table, ctx: DocContext, cols: list[Column], value_cols: list[Column],
                 infos: list[_RowInfo]) -> _ValueFrame:
    caption_eps = ctx.endpoints_in(table.caption_start, table.caption_start + len(table.caption)) if table.caption else []
    ctl_of, exp_of = _arm_roles(ctx, infos, value_cols)
    notes = footnotes(ctx, table)
    pops: dict[str, set] = {}
    for info in infos:
        pops.setdefault(info.trial, set()).add(info.population)
    pop_col = _first_role(cols, "population")
    return _ValueFrame(value_cols, caption_eps, notes, ctl_of, exp_of, pops, bool(pop_col and pop_col.subgroup))


def _row_value_outcomes(ctx: DocContext, frame: _ValueFrame, info: _RowInfo) -> list[Outcome]:
    """The outcomes of one row's value cells, each read under the column it is aligned to."""
    ctl = frame.ctl_of.get(info.trial, Counter())
    exp = frame.exp_of.get(info.trial, Counter())
    is_sub = bool(info.population) and (frame.subgroup_col or len(frame.pops.get(info.trial, ())) > 1)
    arms = _RowArms(info, ctl, exp.most_common(1)[0][0] if exp else "", ctl.most_common(1)[0][0] if ctl else "", is_sub)
    readings, got_ci = _attach_lone_cis(info.readings)
    assignment = align_row(readings, frame.value_cols)
    out: list[Outcome] = []
    for i, r in enumerate(readings):
        if i in assignment:
            col, how = assignment[i]
            took_ci = i in got_ci and not _ci_column_after(frame.value_cols, i)
            out.extend(_reading_outcomes(ctx, frame, arms, r, col, how, took_ci))
    return out


def _reading_outcomes(ctx: DocContext, frame: _ValueFrame, arms: _RowArms, r: CellReading, col: Column, how: str,
                      took_ci: bool) -> list[Outcome]:
    """The outcomes of one cell's values. ``took_ci``: the cell took a lone CI from a cell that is not
    its CI column (a value whose CI was outside the cell is then realigned)."""
    out = []
    n_same = 0
    for v in r.values:
        measure = _measure(v, r.form, col)
        if not measure:
            continue
        if measure in _RATIO_MEASURES:
            arm, role, regimen, comparator = "", "na", *_ratio_arms(ctx, arms.info, v, arms.exp_reg, arms.ctl_reg)
        else:
            arm, role, regimen, comparator = _value_arm(ctx, arms.info, v, n_same, arms.exp_reg, arms.ctl_reg,
                                                        arms.ctl, len(r.values) > 1)
            n_same += 1
        moved = how == "moved" or (took_ci and v.ci_outside)
        flags = _cell_flags(v, r.form, measure, how, moved, arms.is_sub)
        out.append(_column_outcome(ctx, frame, arms.info, r, v, col, measure, flags, (arm, role, regimen, comparator)))
    return out


def _cell_flags(v: CellValue, form: str, measure: str, how: str, moved: bool, is_sub: bool) -> list[str]:
    flags = []
    if moved or (form == "ambiguous" and measure != "median"):
        flags.append("realigned")
    elif how == "conflict":
        flags.append("column_conflict")
    if is_sub:
        flags.append("subgroup")
    flags.extend(_value_flags(v))
    return flags


def _column_outcome(ctx: DocContext, frame: _ValueFrame, info: _RowInfo, r: CellReading, v: CellValue, col: Column,
                    measure: str, flags: list[str], arms: tuple[str, str, str, str],
                    settings: ValueSettings = VALUE_SETTINGS) -> Outcome:
    text = ctx.text
    arm, role, regimen, comparator = arms
    ratio = measure in _RATIO_MEASURES
    note_ep, note_level = frame.notes.get(_mark(text, r.cell, v), ("", ""))
    ci = v.ci
    start, end = v.start, _value_end(v, ratio)
    evidence_start, evidence_end = _line_of(text, start)
    unit = "ratio" if ratio else ("%" if measure == "rate" else (v.unit if v.form == "time" else col.unit))
    conf = settings.confidence + (settings.ci_bonus if ci else 0) - (settings.realigned_penalty if "realigned" in flags else 0)
    return Outcome(
        doc_id=ctx.doc_id, trial=info.trial, nct_id=_nct_of(ctx, info.trial),
        endpoint=note_ep or col.endpoint or (frame.caption_eps[0][2] if frame.caption_eps else ""), measure=measure,
        arm=arm if not ratio else "", arm_role=role, regimen=regimen, comparator=comparator, population=info.population,
        value=v.value, ci_low=ci.low if ci else "", ci_high=ci.high if ci else "",
        ci_level=(ci.level or note_level or col.ci_level) if ci else "", unit=unit,
        p_value=v.p_value or (_p_of(text, info.p_cells) if ratio else ""), source="table",
        page=page_of(start, ctx.page_starts), start=start, end=end,
        evidence=text[evidence_start:evidence_end], confidence=round(min(conf, 1.0), 2),
        flags=";".join(dict.fromkeys(flags)), timepoint=col.timepoint if measure == "rate" else "",
        why=f"table.tab_column;value.{measure}.cell" + (";table.realigned" if "realigned" in flags else ""),
    )


def _value_end(v: CellValue, ratio: bool) -> int:
    """Where a value's span ends: past its CI when the CI is in its cell; a ratio written "0.46 months"
    ends at the number (the unit is not the HR's)."""
    if ratio and v.form == "time":
        return v.end
    return v.span_end if not v.ci_outside else v.end


def _nct_of(ctx: DocContext, trial: str) -> str:
    return ctx.trial_nct.get(trial, "") or (ctx.main_nct if trial and trial == ctx.main_trial else "")


def _row_infos(table: Table, ctx: DocContext, cols: list[Column], value_cols: list[Column]) -> list[_RowInfo]:
    """Trial, arm, population and cell readings of each row; an empty trial, regimen or population
    cell repeats the row above."""
    trial_col = _trial_column(table, ctx, cols)
    reg_col = _first_role(cols, "regimen") or _first_role(cols, "agent")
    reg_col = reg_col if reg_col is not trial_col else None
    agent_col = _first_role(cols, "agent")
    pop_cols = [c for c in cols if c.role == "population"]
    p_cols = [c for c in cols if c.role == "p"]
    infos: list[_RowInfo] = []
    prev: _RowInfo | None = None
    for row in table.rows:
        trial_cells = row.in_column(trial_col.index) if trial_col else []
        trial = _trial_of(ctx, trial_cells) if trial_cells else (prev.trial if prev and trial_col else ctx.main_trial)
        reg_cells = row.in_column(reg_col.index) if reg_col else []
        if not reg_cells and agent_col and agent_col is not reg_col:
            reg_cells = row.in_column(agent_col.index)
        arm_text, regimen, role = _regimen_of(ctx, reg_cells) if reg_cells else (
            (prev.arm_text, prev.regimen, prev.arm_role) if prev is not None else ("", "", ""))
        compared = _compared_arms(ctx, reg_cells)
        versus = ("", "")
        if compared:
            (arm_text, regimen, role), versus = compared
        population, overall = _row_population(row, pop_cols, prev)
        readings = [read_cell(ctx.text, _value_cell(row, vc), vc.measure == "ci") for vc in value_cols]
        p_cells = [c for pc in p_cols for c in row.in_column(pc.index)]
        prev = _RowInfo(row, trial, arm_text, regimen, role, population, overall, readings, p_cells, versus)
        infos.append(prev)
    return infos


def _trial_column(table: Table, ctx: DocContext, cols: list[Column]) -> Column | None:
    """The trial column; with none, a first column whose cells name trials (``PALOMA-3 | ...``)."""
    trial_col = _first_role(cols, "trial")
    if trial_col is None and cols and cols[0].role in ("", "regimen", "agent", "population"):
        if any(ctx.entities_in(r.cells[0].start, r.cells[0].end, "TRIAL") for r in table.rows if r.cells):
            return cols[0]
    return trial_col


def _row_population(row: Row, pop_cols: list[Column], prev: "_RowInfo | None") -> tuple[str, bool]:
    """The population of a row from its population cells (every population column: ``Setting`` and
    ``Population`` both), else the row above's."""
    pop_cells = [c for pc in pop_cols for c in row.in_column(pc.index)]
    texts = [c.text for c in pop_cells] + [c.text for c in row.continuation if not P.NUMBER.search(c.text)]
    if not pop_cells and prev is not None and pop_cols:
        return prev.population, prev.overall
    return population_of(texts)


def _value_cell(row: Row, vc: Column) -> Cell:
    cells = row.in_column(vc.index)
    return cells[0] if cells else (row.cell(vc.index) or Cell("", row.end, row.end, vc.index))


def _arm_roles(ctx: DocContext, infos: list[_RowInfo], value_cols: list[Column]) -> tuple[dict[str, Counter], dict[str, Counter]]:
    """The control and experimental regimens of each trial, and the rows' roles set from them: a
    control is a regimen named as a comparator (``vs. Capecitabine``, the ``B`` of ``A vs. B``), a
    placebo row, or the reference arm of a ratio (see :func:`_reference_rows`)."""
    ctl_of: dict[str, Counter] = {}
    exp_of: dict[str, Counter] = {}
    for info in infos:
        for r in info.readings:
            for i, v in enumerate(r.values):
                for span in (v.versus, v.label if i > 0 or v.form in ("hr", "ratio") else None):
                    if span:
                        _, reg, _ = _span_regimen(ctx, span)
                        if reg:
                            ctl_of.setdefault(info.trial, Counter())[reg] += 1
        if info.versus[1]:
            ctl_of.setdefault(info.trial, Counter())[info.versus[1]] += 1
        if info.arm_role == "ctl" and info.regimen:
            ctl_of.setdefault(info.trial, Counter())[info.regimen] += 1
    for info in _reference_rows(infos, value_cols):
        info.arm_role = "ctl"
        if info.regimen:
            ctl_of.setdefault(info.trial, Counter())[info.regimen] += 1
    for info in infos:
        if info.regimen and info.regimen in ctl_of.get(info.trial, {}):
            info.arm_role = "ctl"
        elif info.regimen:
            exp_of.setdefault(info.trial, Counter())[info.regimen] += 1
    return ctl_of, exp_of


def _reference_rows(infos: list[_RowInfo], value_cols: list[Column]) -> list[_RowInfo]:
    """Rows of one arm each (``IPASS | Gefitinib | 5.7 | 0.74`` over ``IPASS | Carboplatin + paclitaxel
    | 5.8 | -``): within a trial whose rows name different regimens, a row with no value under a ratio
    column while another row of the trial has one is the reference arm of that ratio, the control."""
    ratio = [i for i, c in enumerate(value_cols) if c.measure in ("hr", "or")]
    if not ratio:
        return []
    by_trial: dict[str, list[_RowInfo]] = {}
    for info in infos:
        if (info.regimen or info.arm_text) and not info.versus[1]:
            by_trial.setdefault(info.trial, []).append(info)
    out = []
    for rows in by_trial.values():
        with_ratio = [r for r in rows if any(r.readings[i].values for i in ratio)]
        without = [r for r in rows if r not in with_ratio]
        regs = {r.regimen or r.arm_text for r in with_ratio}
        if with_ratio and without and len({r.regimen or r.arm_text for r in rows}) > 1:
            out.extend(r for r in without if (r.regimen or r.arm_text) not in regs)
    return out


_FOOTNOTE = re.compile(r"(?:^|(?<=[\s;.]))(?P<mark>[*\u2020\u2021])(?P<note>(?:[^*\u2020\u2021;.\n]|\.(?=\d)){2,80})")


def footnotes(ctx: DocContext, table: Table) -> dict[str, tuple[str, str]]:
    """``{mark: (endpoint, CI level)}`` from the notes right under a table: a cell ending in ``*``
    reads under the note ``*Time to progression.`` as a TTP value, under ``*99.5% CI`` with that CI
    level. The notes are the first paragraph after the table (blank lines before it skipped)."""
    text = ctx.text
    m = re.compile(r"\s*(?P<par>.+?)(?:\n\s*\n|\f|$)", re.S).match(text, table.end)
    if not m:
        return {}
    out: dict[str, tuple[str, str]] = {}
    for f in _FOOTNOTE.finditer(text, m.start("par"), min(m.end("par"), m.start("par") + 600)):
        level = _CI_LEVEL.match(f.group("note").strip())
        eps = ctx.endpoints_in(f.start("note"), f.end("note"))
        lvl = f"{float(level.group(1)) / 100:.4f}".rstrip("0").rstrip(".") if level else ""
        if (eps or lvl) and f.group("mark") not in out:
            out[f.group("mark")] = (eps[0][2] if eps and not lvl else "", lvl)
    return out


def _ci_column_after(value_cols: list[Column], i: int) -> bool:
    """The column after value column ``i`` is a CI column: a CI read from it is where it belongs."""
    return i + 1 < len(value_cols) and value_cols[i + 1].measure == "ci"


def _mark(text: str, cell: Cell, v: CellValue) -> str:
    """The footnote mark a value carries: the last character of its cell, or of the CI cell it took."""
    if v.ci_outside and v.ci is not None:
        return text[v.ci.end:v.ci.end + 1]
    return cell.text[-1:]


def _span_regimen(ctx: DocContext, span: tuple[int, int]) -> tuple[str, str, str]:
    return _regimen_of(ctx, [Cell(ctx.text[span[0]:span[1]], span[0], span[1], -1)])


def _ratio_arms(ctx: DocContext, info: _RowInfo, v: CellValue, exp_reg: str, ctl_reg: str) -> tuple[str, str]:
    """``(regimen, comparator)`` of a hazard or odds ratio: the row's regimen against the arm the cell
    names (``vs. Capecitabine``, ``(Placebo + Fulvestrant)``), else the trial's control."""
    regimen = info.regimen if info.arm_role != "ctl" else exp_reg
    comparator = ""
    if v.versus or v.label:
        comparator = _span_regimen(ctx, v.versus or v.label)[1]
    return regimen, comparator or (ctl_reg if ctl_reg != regimen else "")


def _value_arm(ctx: DocContext, info: _RowInfo, v: CellValue, n_same: int, exp_reg: str, ctl_reg: str,
               controls: Counter, paired: bool = False) -> tuple[str, str, str, str]:
    """``(arm, role, regimen, comparator)`` of a median or rate. The first value of a cell is the
    row's arm; a later one (``7.3 months vs. 3.1 months (Placebo + Fulvestrant)``) is the arm in the
    brackets after it, else the ``B`` of the row's ``A vs. B`` cell, else the trial's control; a
    bracketed control names the arm of any value. The first of two values (``NR vs. 13.8``) is the
    experimental arm even when the row names no regimen."""
    label_reg = label_role = ""
    if v.label:
        _, label_reg, label_role = _span_regimen(ctx, v.label)
    if label_reg and (n_same > 0 or label_role == "ctl"):
        role = "ctl" if (label_role == "ctl" or label_reg in controls or n_same > 0) else "exp"
        comparator = info.regimen if info.regimen != label_reg else exp_reg
        return ctx.text[v.label[0]:v.label[1]].strip(), role, label_reg, comparator
    if n_same > 0:  # the second value of "A vs. B" with no label: the control
        return info.versus[0], "ctl", info.versus[1] or ctl_reg, info.regimen
    role = "ctl" if info.arm_role == "ctl" else ("exp" if info.regimen or paired else "na")
    comparator = ctl_reg if role == "exp" else exp_reg
    return info.arm_text, role, info.regimen, ("" if comparator == info.regimen else comparator)


def _measure(v: CellValue, form: str, col: Column) -> str:
    """What one value measures, from its own form first and its column second."""
    if v.form == "hr":
        return "hr"
    if v.form in ("time", "nr"):
        if form == "ambiguous" and col.measure in ("hr", "or"):
            return col.measure
        return "median" if col.measure in ("median", "", "hr", "or") else ""
    if v.form == "ratio":
        if v.ci_outside:
            return col.measure if col.measure in ("hr", "or") else "hr"
        return col.measure if col.measure in ("hr", "or", "median") else "hr"
    if v.form == "percent":
        return "rate" if col.measure in ("rate", "") else ""
    if v.form == "bare":
        if col.measure in ("hr", "or") and "." not in v.value:
            return ""  # "HR 2": an integer is rarely a ratio
        return col.measure
    return ""


def _value_flags(v: CellValue) -> list[str]:
    if v.ci:
        lo, hi, x = _float(v.ci.low), _float(v.ci.high), _float(v.value)
        if lo is not None and hi is not None and x is not None and (lo > hi or not lo <= x <= hi):
            return ["inconsistent_ci"]
    return []


def _p_of(text: str, cells: list[Cell]) -> str:
    for c in cells:
        m = re.fullmatch(r"\s*(?P<op><=|>=|<|>|=)?\s*(?P<p>0?\.\d+|1(?:\.0+)?)\s*", c.text)
        if m:
            return (m.group("op") or "").replace("=", "") + parsers.clean_number(m.group("p"))
    return ""


def _line_of(text: str, pos: int) -> tuple[int, int]:
    s = max(text.rfind("\n", 0, pos), text.rfind("\f", 0, pos)) + 1
    e = len(text)
    for sep in ("\n", "\f"):
        k = text.find(sep, pos)
        if k != -1:
            e = min(e, k)
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


# ---------------------------------------------------------------- prose cells

_MIN_PROSE_WORDS = 6


def _prose_cell_outcomes(table: Table, ctx: DocContext, cols: list[Column]) -> list[Outcome]:
    """Outcomes of the sentences of text cells that the prose stage does not read: the prose linker
    skips every sentence that crosses a tab, so the part of such a sentence inside one cell is read
    here (the other sentences of a cell are the prose stage's)."""
    text = ctx.text
    text_cols = {c.index for c in cols if c.role == ""}
    pieces: list[tuple[int, int]] = []
    cells: list[tuple[int, int]] = []
    for row in table.rows:
        prose = [c for c in row.cells if c.col in text_cols and len(c.text.split()) >= _MIN_PROSE_WORDS
                 and P.NUMBER.search(c.text)]
        if not prose:
            continue
        sents = [(row.start + s, row.start + e) for s, e in sentence_spans(text[row.start:row.end])]
        for c in prose:
            for s, e in sents:
                if not ("\t" in text[s:e] or "|" in text[s:e]) or e <= c.start or s >= c.end:
                    continue
                a, b = max(s, c.start), min(e, c.end)
                if b > a and P.NUMBER.search(text, a, b):
                    pieces.append((a, b))
            cells.append((c.start, c.end))
    if not pieces:
        return []
    tctx = replace(ctx, source="table")
    return link_document(tctx, pieces, cells)
