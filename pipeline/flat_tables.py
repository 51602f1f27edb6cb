"""Tables flattened to one cell per line, as in PubMed Central plain-text exports.

A flattened table starts with a caption line (``Table 3.IRC-assessed progression-free survival``), then
header text whose cells are run together (``Overall populationJapanese patientsAxitinibSorafenib...``),
then rows: a label line (``  Median PFS (95% CI)``) followed by one line per cell (``6.7 (6.3–8.6)``,
``4.7 (4.6–5.6)``). Pure functions: :func:`find_flat_tables` finds the blocks and their rows with
character offsets; :func:`flat_table_outcomes` reads medians, hazard/odds ratios and rates out of them.

What a row means comes from its label (``Median PFS``, ``HR (95% CI)``, ``ORR``, ``P value``), the
nearest section label above it (``Progression-free survival``), the header (``HR 95% CI p``,
``n (%)``) and the caption, in that order. Arms come from the drugs the header names, in column order,
when their number matches the row's cells.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .normalize import page_of
from .parsers import clean_number, parse_ci
from .schema import Outcome

CAPTION = re.compile(r"^\s*Table\s*\d+(?![\d.]*\s*(?:and|shows|summari|lists|gives|presents)\b)")
# a cell line: a number, "6.7 (6.3-8.6)", "70 (19.4)", "0.48-0.76", "< 0.0001", "NE", "n = 25", "-"
CELL = re.compile(
    r"""^\s*(?:
        [<>\u2264\u2265]?\s*-?\d+(?:\.\d+)?\s*%?(?:\s*\(\s*[^()]{0,40}\))?(?:\s*[-/]\s*-?\d+(?:\.\d+)?%?)?
      | n\s*=\s*\d+ | NE | NR | NA | NC | not\s+reached | -
    )\s*[a-z*\u2020\u2021]?\s*$""",
    re.X | re.I,
)
# flattening glues a caption straight onto the end of the paragraph that cites it, with no space
TAIL_CAPTION = re.compile(r"[a-z0-9)\]][.)\]](Table\s?\d+[A-Z]?(?=[A-Z])[^\n]{0,200})$")
# one cell holding several marked numbers: "0.999a0.002b" (one-sided and two-sided p)
_GLUED_NUMBERS = re.compile(r"^\s*(?:[<>\u2264\u2265]?\s*\d*\.\d+[a-z*\u2020\u2021]){2,}\s*$")
END_OF_TABLE = re.compile(r"^(?:Figure\s*\d|BODY\.|ABSTRACT\.|TITLE:)")
FOOTNOTE = re.compile(r"^[a-z*\u2020\u2021]?[A-Z][A-Za-z0-9-]{0,10}, [a-z]|^[a-z\u2020\u2021*][A-Z][a-z]")


@dataclass
class FlatRow:
    label: str
    label_start: int
    cells: list[tuple[str, int, int]]  # (text, start, end)


@dataclass
class FlatTable:
    caption: str
    start: int
    end: int
    header: str  # caption + header lines, as written
    header_start: int
    rows: list[FlatRow] = field(default_factory=list)


@dataclass(frozen=True)
class FlatTableSettings:
    """Thresholds of the flattened-table reader, in one place (as :class:`pipeline.linking.LinkSettings`)."""

    max_caption_chars: int = 300  # a longer "Table 3 ..." line is prose that cites a table, not its caption
    prose_line_chars: int = 200  # a longer line ending in a full stop is prose: the table has ended
    long_line_chars: int = 90  # after the first cell, a longer line (stripped) that is no glued header ends it
    footnote_line_chars: int = 40  # ... and so does a footnote line longer than this
    min_drug_name_chars: int = 4  # drug names shorter than this are not looked for in a glued header
    min_short_form_chars: int = 2  # nor the document's own short forms of drug names shorter than this
    min_role_cue_chars: int = 4  # nor arm-role cues ("placebo") shorter than this
    footnote_window: int = 1500  # characters after the table searched for the text of a footnote mark
    column_confidence: float = 0.7  # confidence of a value read from an arm column
    row_confidence: float = 0.6  # confidence of a value read by its form (mixed rows, ratio columns)


FLAT_SETTINGS = FlatTableSettings()

# one line of the text (lines are cut at newlines and form feeds)
_LINE = re.compile(r"[^\n\f]*")


def find_flat_tables(text: str, settings: FlatTableSettings = FLAT_SETTINGS) -> list[FlatTable]:
    """Every flattened table: a caption line, header lines, then label lines each followed by cells."""
    lines = [(m.start(), m.end(), m.group(0)) for m in _LINE.finditer(text) if m.group(0).strip()]
    tables: list[FlatTable] = []
    i = 0
    while i < len(lines):
        caption = _caption_at(lines[i], settings)
        if caption is None:
            i += 1
            continue
        table, i = _read_flat_table(lines, i, caption, settings)
        if any(r.cells for r in table.rows):
            tables.append(table)
    return tables


def _caption_at(line: tuple[int, int, str], settings: FlatTableSettings) -> tuple[int, str] | None:
    """(start, text) of the caption a line is or ends with; None when it holds none."""
    s, _, text = line
    tail = TAIL_CAPTION.search(text) if not CAPTION.match(text) else None
    if tail:  # "... (data not shown).Table 3Efficacy results": the caption glued to the paragraph's end
        return s + tail.start(1), tail.group(1)
    if not CAPTION.match(text) or len(text) > settings.max_caption_chars:
        return None
    return s, text


def _read_flat_table(lines, i: int, caption: tuple[int, str], settings: FlatTableSettings) -> tuple[FlatTable, int]:
    """The table whose caption is on line ``i``, and the index of the first line after it."""
    s, line = caption
    table = FlatTable(caption=line.strip(), start=s, end=lines[i][1], header=line, header_start=s)
    j = i + 1
    current: FlatRow | None = None
    seen_cell = False
    while j < len(lines):
        ls, le, ln = lines[j]
        if _ends_table(ln, settings):
            break
        if CELL.match(ln) or (current is not None and current.cells and _GLUED_NUMBERS.match(ln)):
            seen_cell = True
            if current is None:
                current = _first_row(table, lines[j - 1][0], ls)
            current.cells.append((ln.strip(), ls + _indent(ln), ls + len(ln.rstrip())))
        elif seen_cell and _ends_rows(ln, settings):
            break  # a footnote ("IRC, Independent Review Committee; PFS, ...") or prose ends the table
        elif not seen_cell:
            table.header += "\n" + ln
        else:
            current = FlatRow(ln.strip(), ls + _indent(ln), [])
            table.rows.append(current)
        table.end = le
        j += 1
    return table, j


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _ends_table(line: str, settings: FlatTableSettings) -> bool:
    """A figure, a new section, the next caption or a line of prose: the table has ended."""
    return bool(END_OF_TABLE.match(line.strip()) or CAPTION.match(line)
                or (len(line) > settings.prose_line_chars and line.rstrip().endswith(".")))


def _ends_rows(line: str, settings: FlatTableSettings) -> bool:
    """After the first cell: a long line that does not repeat the header, or a footnote."""
    return bool(len(line.strip()) > settings.long_line_chars and not _is_glued_header(line)
                or FOOTNOTE.match(line.strip()) and len(line) > settings.footnote_line_chars)


def _first_row(table: FlatTable, label_line_start: int, cell_start: int) -> FlatRow:
    """The row of a table's first cells: the header's last line is their row's label ("Progression-free
    survivalaHR95% CIpTreatment: BEV versus Plb", then "0.60"); the header keeps that line too."""
    head_lines = table.header.split("\n")
    if len(head_lines) > 1:
        label = head_lines[-1]
        row = FlatRow(label.strip(), label_line_start + _indent(label), [])
    else:
        row = FlatRow("", cell_start, [])
    table.rows.append(row)
    return row

# header cells run together: "Overall survivalYKL-40 levelaPlb + RT/TMZBEV+ RT/TMZHR95% CIPatients, n"
_GLUE = re.compile(r"[a-z)][A-Z]|[A-Z]{2,}[A-Z][a-z]")


def _is_glued_header(line: str) -> bool:
    """A long line that repeats a table's header mid-table (a new section), not prose or a footnote."""
    line = line.strip()
    return not line.endswith(".") and len(_GLUE.findall(line)) >= 3


# "HR"/"OR" in capitals only: a baseline row "2 or more" or "married or de facto" holds no odds ratio
_RATIO_LABEL = re.compile(r"\b(?:(?-i:HRs?|ORs?)|hazard\s+ratios?|odds\s+ratios?)\b", re.I)
_ODDS_LABEL = re.compile(r"\b(?:OR|odds\s+ratio)\b")
_CI_LABEL = re.compile(r"^\s*(?:\d{2}\s?%\s*)?(?:exact\s+)?(?:CI|confidence\s+interval)s?\s*$", re.I)
_P_LABEL = re.compile(r"^\s*[Pp](?:\s*-?\s*[Vv]alues?)?[a-z*\u2020\u2021]?\s*$")  # "P valuea", "p"; not "PR"
# "Median PFS (95% CI)", "PFS, months" -- not a quartile band such as "> Q1 to <= Median"
# ... "months" in a label, unless a criterion ("(CR+PR+SD\u22654 months)": stable disease lasting 4 months)
_MEDIAN_LABEL = re.compile(
    r"^\s*median\b(?!\s+to\b)|\bmedian\s+(?:PFS|OS|DFS|TTP|EFS|RFS|DoR|TTR|\(|overall|progression|survival|time|duration)"
    r"|(?<![\d\u2265\u2264<>]\s)(?<![\d\u2265\u2264<>])\bmonths?\b", re.I)
_RATE_LABEL = re.compile(r"\b(?:ORR|CR|PR|SD|DCR|CBR|pCR|response|rate|%)", re.I)
_PCT_HEADER = re.compile(r"n\s*\(\s*%\s*\)|%", re.I)
_NOT_SUBGROUP = re.compile(r"^(?:overall|all\b|total|stratified|by\b|itt|intention|population|patients$)", re.I)
# a column label: "FGF pathway-nonamplified (n = 34)", possibly run into the next header cell
_COLUMN_LABEL = re.compile(r"^(.*?\S)\s*\((?:n|N)\s*=\s*\d+\)")
_SKIP_LABEL = re.compile(r"^(?:n|no\.|number|patients|events?|total|PD|progressive|non[-\s]|indeterminate|not\s+(?:evaluable|assessed)|unknown|mean|range)\b", re.I)


# a footnote mark or the next header cell glued to a word: "survivalaHR", "survivalYKL-40"
_GLUED_MARK = re.compile(r"(survival|rate|response|progression)(?:[a-z\u2020\u2021*](?=[A-Z]|\s|$)|(?=[A-Z]))")


_CELL_JOIN = re.compile(r"(?<=[A-Z])(?=[A-Z][a-z]{3,})|(?<=[a-z]{3})(?=[A-Z][a-z]{3,})")


def _endpoint(rules, text: str) -> str:
    # flattening glues footnote marks to words: "Overall survivalaHR95% CI"
    # header cells run together: "95% CIPProgression-free survival" is not plain "survival"
    found = rules.find(_CELL_JOIN.sub(" ", _GLUED_MARK.sub(r"\1 ", text)))
    if not found:
        return ""
    # a response category row ("CR", "PR") names its own endpoint; otherwise the first one written
    return found[0][2]


_RATIO_MEASURES = ("hr", "or")

# a header that holds a ratio column: "HR" in capitals, or written out in any case
_RATIO_HEADER = re.compile(r"""
      HR
    | (?i: hazard \s+ ratio | odds \s+ ratio )
""", re.X)
# a table of subgroups: its rows' labels are populations ("Age < 65 years | 86 | 0.34 (0.21-0.55)")
_SUBGROUP_TABLE = re.compile(r"subgroup | subset | stratif", re.X | re.I)
# a cell that only counts patients: "n = 126"
_COUNT_CELL = re.compile(r"n \s* = \s* \d+", re.X | re.I)


@dataclass(frozen=True)
class _TableCues:
    """What a flattened table's caption and header say for all of its rows, read once."""

    caption_ep: str  # the endpoint the caption (or else the header) names
    has_ratio: bool  # a hazard or odds ratio column
    has_median: bool  # a median column ("Patients, nMedian, months")
    pct_header: bool  # "n (%)" or "%" columns
    subgroup_table: bool  # a table of subgroups
    arms: list  # (arm text, drugs, role) per column
    ratio_eps: list  # the endpoint of each hazard ratio column group ("PFS HR | 95% CI | OS HR | 95% CI")
    group_pops: list  # the populations of column groups ("Overall population | Japanese patients")


@dataclass
class _FlatReading:
    """Where the reading of a table's rows has got to: the section and subgroup above the current row,
    the column labels written under a spanning header, and the outcomes so far."""

    section_ep: str = ""
    population: str = ""
    column_labels: list[str] = field(default_factory=list)
    after_columns: bool = False
    out: list[Outcome] = field(default_factory=list)
    last_rows: list[int] = field(default_factory=list)  # indices in ``out`` of the previous value row's outcomes

    def add(self, rows_out: list[Outcome]) -> None:
        self.last_rows = list(range(len(self.out), len(self.out) + len(rows_out)))
        self.out.extend(rows_out)


def flat_table_outcomes(table: FlatTable, ctx) -> list[Outcome]:
    """One outcome per value cell of the table's median, ratio and rate rows."""
    cues = _table_cues(table, ctx)
    state = _FlatReading()
    for row in table.rows:
        label_ep = _endpoint(ctx.endpoint_rules, row.label) if row.label else ""
        if _read_column_label(row, state):
            continue
        state.after_columns = False
        if _read_section_label(row, label_ep, state) or _read_p_row(row, state) or _read_ci_row(row, state):
            continue
        if not row.label or _SKIP_LABEL.match(row.label):
            continue
        if label_ep:  # a row that names its endpoint sets it for the rows below ("Overall survival ... Age")
            state.section_ep = label_ep
        endpoint = label_ep or state.section_ep or cues.caption_ep
        rows_out = _value_row_outcomes(ctx, table, cues, row, label_ep, endpoint, state)
        if rows_out is not None:
            state.add(rows_out)
    return state.out


def _header_body(table: FlatTable) -> str:
    """The header lines after the caption."""
    return table.header.split("\n", 1)[1] if "\n" in table.header else ""


def _table_cues(table: FlatTable, ctx) -> _TableCues:
    rules = ctx.endpoint_rules
    caption_ep = _endpoint(rules, table.header)
    arms = _header_arms(ctx, table)
    return _TableCues(
        caption_ep=caption_ep,
        has_ratio=bool(_RATIO_HEADER.search(table.header)),
        has_median=bool(_MEDIAN_HEAD.search(table.header)),
        pct_header=bool(_PCT_HEADER.search(table.header)),
        subgroup_table=bool(_SUBGROUP_TABLE.search(table.header)),
        arms=arms,
        ratio_eps=_ratio_endpoints(rules, _header_body(table)),
        group_pops=_column_groups(ctx, table, arms),
    )


def _read_column_label(row: FlatRow, state: _FlatReading) -> bool:
    """Column labels written one per line under a spanning header: "FGF pathway-amplified (n = 15)"."""
    m = _COLUMN_LABEL.match(row.label) if row.label and not row.cells else None
    if not m:
        return False
    state.column_labels = (state.column_labels if state.after_columns else []) + [m.group(1)]
    state.after_columns = True
    return True


def _read_section_label(row: FlatRow, label_ep: str, state: _FlatReading) -> bool:
    """A section label (alone, or with only its patient counts "n = 126"): an endpoint ("Progression-free
    survival") or a subgroup ("Prior cytokine therapy") for the rows below."""
    if not row.label or not (not row.cells or all(_COUNT_CELL.fullmatch(c[0]) for c in row.cells)):
        return False
    if label_ep:
        state.section_ep = label_ep
    elif not _NOT_SUBGROUP.match(row.label):
        state.population = row.label.strip(" :")
    else:
        state.population = ""
    return True


def _read_p_row(row: FlatRow, state: _FlatReading) -> bool:
    """A p-value row: one p for the comparison, or one per column of the previous value row."""
    if not (_P_LABEL.match(row.label or "x") and state.last_rows):
        return False
    ps = [_p_cell(c[0]) for c in row.cells]
    for k, i in enumerate(state.last_rows):
        p = ps[k] if len(ps) == len(state.last_rows) else (ps[0] if ps else "")
        state.out[i] = _replace(state.out[i], p_value=p)
    return True


def _read_ci_row(row: FlatRow, state: _FlatReading) -> bool:
    """A "95% CI" row: the intervals of the previous row's values, column by column."""
    if not (_CI_LABEL.match(row.label or "x") and state.last_rows):
        return False
    cis = [_RANGE_CELL.fullmatch(c[0]) for c in row.cells]
    targets = [i for i in state.last_rows if state.out[i].measure not in _RATIO_MEASURES]
    targets = targets if len(cis) == len(targets) else state.last_rows
    if len(cis) == len(targets):
        for i, ci in zip(targets, cis):
            if ci:
                state.out[i] = _replace(state.out[i], ci_low=ci.group(1), ci_high=ci.group(2), ci_level="0.95")
    return True


def _joined(*parts: str) -> str:
    return ", ".join(p for p in parts if p)


def _subgroup(o: Outcome, population: str) -> Outcome:
    """The outcome of a subgroup: its population, and the flag added to those it has."""
    return _replace(o, population=population, flags=";".join(f for f in (o.flags, "subgroup") if f))


def _value_row_outcomes(ctx, table: FlatTable, cues: _TableCues, row: FlatRow, label_ep: str, endpoint: str,
                        state: _FlatReading) -> list[Outcome] | None:
    """The outcomes of a row of values, read the way its table lays them out; None when it holds none."""
    grouped = _ratio_group_outcomes(ctx, cues, row, label_ep, state.population)
    if grouped is not None:
        return grouped
    if cues.has_ratio and cues.has_median and endpoint and _is_mixed(row):
        return _mixed_population_outcomes(ctx, table, row, endpoint, cues.arms, state.population)
    return _column_row_outcomes(ctx, table, cues, row, label_ep, endpoint, state)


def _ratio_group_outcomes(ctx, cues: _TableCues, row: FlatRow, label_ep: str, population: str) -> list[Outcome] | None:
    """"n | PFS HR | 95% CI | OS HR | 95% CI": one hazard ratio per endpoint column group; None when the
    row is not of such a table."""
    pairs = _ratio_pairs(row)
    if not (len(cues.ratio_eps) >= 2 and len(pairs) == len(cues.ratio_eps) and not label_ep):
        return None
    evidence = ctx.text[row.label_start : row.cells[-1][2]]
    rows_out = [_outcome(ctx, ep, "hr", v, vs, ve, lo, hi, "", evidence, "", "na", ())
                for ep, (v, vs, ve, lo, hi) in zip(cues.ratio_eps, pairs)]
    pop = _joined(population, row.label.strip(" :"))
    return [_replace(o, population=pop, flags="subgroup") for o in rows_out] if pop else rows_out


def _mixed_population_outcomes(ctx, table: FlatTable, row: FlatRow, endpoint: str, arms, population: str) -> list[Outcome]:
    """A row of mixed cells under "Patients, n | Median, months | ... | HR | 95% CI", read by form; its
    label (what follows "months" in it) is a subgroup."""
    rows_out = _mixed_row_outcomes(ctx, table, row, endpoint, arms)
    label = _GLUED_MARK.sub(r"\1 ", row.label).split("months")[-1].strip() if "months" in row.label else row.label
    pop = _joined(population, label)
    if pop:
        rows_out = [_replace(o, population=pop, flags="subgroup") for o in rows_out]
    return rows_out


def _column_row_outcomes(ctx, table: FlatTable, cues: _TableCues, row: FlatRow, label_ep: str, endpoint: str,
                         state: _FlatReading) -> list[Outcome] | None:
    """A median, ratio or rate row whose cells are the arms' columns, perhaps followed by the
    comparison's ratio; None when its label names no measure or no endpoint is known."""
    row, ratio_tail = _split_ratio_tail(ctx, table, cues, row, endpoint)
    measure = _row_measure(cues, row, label_ep)
    if not measure or not endpoint:
        return None
    row_arms = _nested_arms(cues.arms, state.column_labels, row)
    rows_out = _row_outcomes(ctx, table, row, measure, endpoint, row_arms, cues.pct_header)
    rows_out = _column_group_populations(rows_out, cues, measure)
    if measure in _RATIO_MEASURES and not _RATIO_LABEL.search(row.label) and not label_ep and rows_out \
            and cues.subgroup_table:
        # a subgroup's row of a subgroup table: "Age < 65 years | 86 | 0.34 (0.21-0.55)" (in a table of
        # prognostic factors the row label is the factor, not a population)
        pop = _joined(state.population, row.label.strip(" :"))
        rows_out = [_subgroup(o, pop) for o in rows_out]
    labels = state.column_labels
    if len(labels) >= 2 and len(rows_out) == len(labels):
        rows_out = [_subgroup(o, lab) for o, lab in zip(rows_out, labels)]
    if ratio_tail is not None:
        rows_out.append(ratio_tail)
    return [_subgroup(o, state.population) if state.population and not o.population else o for o in rows_out]


def _split_ratio_tail(ctx, table: FlatTable, cues: _TableCues, row: FlatRow, endpoint: str) -> tuple[FlatRow, Outcome | None]:
    """"Median, months | 2.8 | 4.2 | 1.47 | 1.16-1.87 | p": the arms' cells, and the comparison's ratio
    read from the cells after them (None when there is none)."""
    if not cues.has_ratio or _RATIO_LABEL.search(row.label):
        return row, None
    k = _ratio_tail(row, len(cues.arms))
    if not k:
        return row, None
    ratio = _tail_ratio_outcome(ctx, table, row, k, endpoint)
    return FlatRow(row.label, row.label_start, row.cells[:k]), ratio


def _row_measure(cues: _TableCues, row: FlatRow, label_ep: str) -> str:
    """What a row's values are, from its label and the header: "median", "hr", "or", "rate" or ""."""
    if _MEDIAN_LABEL.search(row.label) and not _RATIO_LABEL.search(row.label):
        return "median"
    if _RATIO_LABEL.search(row.label) or (cues.has_ratio and _looks_like_ratio_row(row)):
        return "or" if _ODDS_LABEL.search(row.label) else "hr"
    if _RATE_LABEL.search(row.label) or (cues.pct_header and label_ep):
        return "rate"
    return ""


def _nested_arms(arms, column_labels: list[str], row: FlatRow):
    """The arm of each cell when the arms span the column labels under them: A(amplified)
    A(nonamplified) B(amplified) B(nonamplified); else the header's arms."""
    ncols = len(column_labels)
    distinct = list(dict.fromkeys(a[1] for a in arms))
    if ncols >= 2 and len(distinct) == len(arms) >= 2 and ncols % len(arms) == 0 and len(row.cells) == ncols:
        return [arms[j // (ncols // len(arms))] for j in range(ncols)]
    return arms


def _column_group_populations(rows_out: list[Outcome], cues: _TableCues, measure: str) -> list[Outcome]:
    """"Overall populationJapanese patientsAxitinibSorafenibAxitinibSorafenib": each column group's
    population on the values under it."""
    pops, arms = cues.group_pops, cues.arms
    if pops and len(rows_out) == len(arms) and all(o.regimen for o in rows_out):
        per = len(arms) // len(pops)
        return [_subgroup(o, pops[j // per]) if pops[j // per] else o for j, o in enumerate(rows_out)]
    if pops and measure in _RATIO_MEASURES and len(rows_out) == len(pops):
        return [_subgroup(o, pop) if pop else o for o, pop in zip(rows_out, pops)]
    return rows_out


_MEDIAN_HEAD = re.compile(r"median", re.I)  # glued headers: "Patients, nMedian, months"
_RANGE_CELL = re.compile(r"(-?\d+(?:\.\d+)?)\s*-\s*(-?\d+(?:\.\d+)?|NE|NR)")


_HR_HEAD = re.compile(r"HR|hazard\s+ratio", re.I)


def _ratio_endpoints(rules, header: str) -> list[str]:
    """The endpoint written just before each hazard ratio column of a glued header, in column order:
    ``Plasma YKL-40 levelbnPFS HR95% CIOS HR95% CI`` gives ``["PFS", "OS"]``; [] when any is unnamed."""
    out, last = [], 0
    for m in _HR_HEAD.finditer(header):
        segment = header[last : m.start()].rstrip()
        last = m.end()
        # the cell just before "HR" is glued to the previous one ("levelbnPFS", "CIOS"): its longest
        # suffix that is a whole endpoint abbreviation
        token = re.search(r"\S*$", segment).group(0)
        code = next((f[0][2] for i in range(len(token)) if (f := rules.find(token[i:]))
                     and f[0][0] == 0 and f[0][1] == len(token) - i), "")
        if not code:
            found = rules.find(_GLUED_MARK.sub(r"\1 ", segment))
            if not found:
                return []
            code = found[-1][2]
        out.append(code)
    return out


def _ratio_pairs(row: FlatRow) -> list[tuple[str, int, int, str, str]]:
    """(value, start, end, ci low, ci high) for each ratio cell followed by its interval cell."""
    cells, out, k = row.cells, [], 0
    while k < len(cells):
        ci = _RANGE_CELL.fullmatch(cells[k + 1][0]) if k + 1 < len(cells) else None
        if re.fullmatch(r"\d+\.\d+", cells[k][0]) and ci:
            out.append((cells[k][0], cells[k][1], cells[k][2], ci.group(1), ci.group(2)))
            k += 2
        else:
            k += 1
    return out


_MARKED_RATIO = re.compile(r"(\d+\.\d+)([a-z*\u2020\u2021]?)")


def _ratio_tail(row: FlatRow, n_arms: int = 0) -> int:
    """Index of a ratio cell that follows the arms' values, with its interval in the next cell or in
    brackets, and then at most a p-value or "NA": ``2.8 | 4.2 | 1.47 | 1.16-1.87 | 0.999a0.002b`` gives 2,
    and so does ``2.6 (1.8-3.1) | 0.9 (0.9-1.0) | 0.40 (0.28-0.59) | <0.001`` under two arm columns;
    0 when there is none."""
    cells = row.cells
    tail_ok = lambda j: all(_p_cell(c[0]) or _GLUED_NUMBERS.match(c[0]) or c[0] in ("NA", "-", "NR") for c in cells[j:])
    for k in range(1, len(cells) - 1):
        if (_MARKED_RATIO.fullmatch(cells[k][0]) and _RANGE_CELL.fullmatch(cells[k + 1][0]) and tail_ok(k + 2)
                and not any(_RANGE_CELL.fullmatch(c[0]) for c in cells[:k])):
            return k
    if n_arms >= 2 and len(cells) > n_arms and _INLINE_RATIO.fullmatch(cells[n_arms][0]) and tail_ok(n_arms + 1):
        return n_arms
    return 0


# a ratio with its interval in one cell: "0.40 (0.28-0.59)", "0.65c [0.4-1.1]"
_INLINE_RATIO = re.compile(r"(\d+\.\d+)([a-z*\u2020\u2021]?)\s*[(\[]\s*(\d+(?:\.\d+)?)\s*(?:-|to)\s*(\d+(?:\.\d+)?)\s*[)\]]")


def _footnote(ctx, table: FlatTable, mark: str) -> str:
    """The footnote a mark points to: ``cOdds ratio`` after the table for the mark ``c``."""
    if not mark:
        return ""
    m = re.search(r"(?m)^" + re.escape(mark) + r"\s*([A-Z][^\n]{0,120})$", ctx.text[table.end : table.end + FLAT_SETTINGS.footnote_window])
    return m.group(1) if m else ""


def _tail_ratio_outcome(ctx, table: FlatTable, row: FlatRow, k: int, endpoint: str) -> Outcome:
    cell, cs, ce = row.cells[k]
    inline = _INLINE_RATIO.fullmatch(cell)
    m = inline or _MARKED_RATIO.fullmatch(cell)
    if inline:
        lo, hi = inline.group(3), inline.group(4)
    else:
        lo, hi = _RANGE_CELL.fullmatch(row.cells[k + 1][0]).groups()
    p_at = k + 1 if inline else k + 2  # the p-value cell, if any
    measure = "or" if re.search(r"odds\s+ratio", _footnote(ctx, table, m.group(2)), re.I) else "hr"
    # p: one cell, or several marked ones ("0.999a0.002b": one- and two-sided) -- the two-sided one
    p = ""
    if p_at < len(row.cells):
        tail = row.cells[p_at][0]
        ps = re.findall(r"([<>\u2264\u2265]?\s*\d*\.\d+)([a-z*\u2020\u2021]?)", tail)
        two = [v for v, mk in ps if re.search(r"two[\s-]sided", _footnote(ctx, table, mk), re.I)]
        p = _p_cell(two[0] if two else ps[0][0]) if ps else ""
    evidence = ctx.text[row.label_start : row.cells[-1][2]]
    return _outcome(ctx, endpoint, measure, m.group(1), cs, cs + len(m.group(1)), lo, hi, p, evidence, "", "na", ())


def _is_mixed(row: FlatRow) -> bool:
    """Counts, decimals and a range in one row: ``70 | 6.5 | 71 | 10.0 | 0.63 | 0.44-0.91``."""
    kinds = ["int" if re.fullmatch(r"\d+", c[0]) else "dec" if re.fullmatch(r"\d+\.\d+", c[0]) else
             "range" if _RANGE_CELL.fullmatch(c[0]) else "other" for c in row.cells]
    return "int" in kinds and "dec" in kinds and "range" in kinds and "other" not in kinds


def _mixed_row_outcomes(ctx, table: FlatTable, row: FlatRow, endpoint: str, arms) -> list[Outcome]:
    """Cells of a row under a header with patient counts, medians and a hazard ratio, read by form:
    a whole number is a count (skipped), a decimal followed by a range cell is the HR and its CI, the
    other decimals are medians, one per arm in header order."""
    cells = row.cells
    evidence = ctx.text[row.label_start : cells[-1][2]]
    medians, ratios = [], []
    k = 0
    while k < len(cells):
        cell, cs, ce = cells[k]
        if re.fullmatch(r"\d+", cell):
            k += 1
            continue
        if re.fullmatch(r"\d+\.\d+", cell):
            ci = _RANGE_CELL.fullmatch(cells[k + 1][0]) if k + 1 < len(cells) else None
            if ci:
                ratios.append((cell, cs, ce, ci.group(1), ci.group(2)))
                k += 2
                continue
            medians.append((cell, cs, ce))
        k += 1
    distinct = list(dict.fromkeys(a[1] for a in arms))
    use_arms = len(distinct) == len(medians)
    out = []
    for idx, (value, vs, ve) in enumerate(medians):
        drugs = distinct[idx] if use_arms else ()
        arm = next((a for a in arms if a[1] == drugs), ("", (), "")) if use_arms else ("", (), "")
        if not use_arms:
            role = "na"
        elif arm[2]:
            role = arm[2]
        elif any(a[2] == "ctl" for a in arms):
            role = "exp"  # the other column is the control
        else:
            role = "exp" if idx == 0 else "ctl"
        out.append(_outcome(ctx, endpoint, "median", value, vs, ve, "", "", "", evidence, arm[0], role, drugs))
    for value, vs, ve, lo, hi in ratios:
        out.append(_outcome(ctx, endpoint, "hr", value, vs, ve, lo, hi, "", evidence, "", "na", ()))
    return out


def _outcome(ctx, endpoint, measure, value, vs, ve, lo, hi, p, evidence, arm, role, drugs) -> Outcome:
    return Outcome(
        doc_id=ctx.doc_id, trial=ctx.main_trial, nct_id=ctx.main_nct, endpoint=endpoint, measure=measure,
        arm=arm, arm_role=role, regimen=" + ".join(drugs), comparator="", population="", value=value,
        ci_low=lo, ci_high=hi, ci_level="0.95" if lo else "", unit={"median": "months", "rate": "%"}.get(measure, "ratio"),
        p_value=p, source="table", page=page_of(vs, ctx.page_starts), start=vs, end=ve, evidence=evidence,
        confidence=FLAT_SETTINGS.row_confidence, flags="inconsistent_ci" if _outside(value, lo, hi) else "",
        why=f"table.flat_row;value.{measure}.cell",
    )


def _looks_like_ratio_row(row: FlatRow) -> bool:
    """A row whose first cell is a ratio and whose next cell is its CI: ``0.60 | 0.48-0.76 | < 0.0001``;
    or a subgroup row of counts and ratios with their intervals: ``86 | 0.34 (0.21-0.55)``."""
    cells = [c[0] for c in row.cells]
    if len(cells) >= 2 and re.fullmatch(r"\d{1,2}\.\d+", cells[0]) and re.fullmatch(r"\d+(?:\.\d+)?\s*-\s*\d+(?:\.\d+)?", cells[1]):
        return True
    return any(_INLINE_RATIO.fullmatch(c) for c in cells) and all(
        _INLINE_RATIO.fullmatch(c) or re.fullmatch(r"\d+", c) or _p_cell(c) for c in cells)


def _p_cell(cell: str) -> str:
    m = re.fullmatch(r"([<>\u2264\u2265]?)\s*(0?\.\d+|1(?:\.0+)?)\s*[a-z*]?", cell.strip())
    if not m:
        return ""
    return m.group(1) + clean_number(m.group(2))


def _replace(o: Outcome, **kw) -> Outcome:
    from dataclasses import replace

    return replace(o, **kw)


def _header_arms(ctx, table: FlatTable, settings: FlatTableSettings = FLAT_SETTINGS) -> list[tuple[str, tuple[str, ...], str]]:
    """(arm text, drugs, role) per column, in header order.

    Flattening runs header cells together (``patientsAxitinibSorafenibAxitinibSorafenib``), so the
    drugs are found as substrings: every name the document itself writes for a drug, and control cues
    (``placebo``), wherever they occur in the header text.
    """
    from .linking import load_arm_roles

    header = _header_body(table)  # not the caption
    found = _header_mentions(header, _drug_names(ctx, settings), load_arm_roles(), settings)
    return _joined_columns(header, _first_mentions(found))


def _drug_names(ctx, settings: FlatTableSettings) -> dict[str, str]:
    """Lower-cased name -> canonical drug, for every drug name the document writes, and its own short
    forms of drug names ("BEV = bevacizumab", "Plb = placebo")."""
    names: dict[str, str] = {}
    for e in ctx.entities:
        if e.label == "DRUG" and len(e.text) >= settings.min_drug_name_chars:
            names.setdefault(e.text.lower(), e.canonical)
    for short, long in ctx.abbreviations:
        canonical = "placebo" if long.lower() == "placebo" else names.get(long.lower())
        if canonical and len(short) >= settings.min_short_form_chars:
            names.setdefault(short.lower(), canonical)
    return names


def _header_mentions(header: str, names: dict[str, str], roles: dict[str, str], settings: FlatTableSettings) -> list:
    """(start, end, text, drugs, role) of every drug name and arm-role cue in the header; a short form
    of placebo is a control arm too."""
    found = []
    low = header.lower()
    for name, canonical in names.items():
        for m in re.finditer(re.escape(name), low):
            found.append((m.start(), m.end(), header[m.start():m.end()], (canonical,), ""))
    for cue, role in roles.items():
        if len(cue) < settings.min_role_cue_chars:
            continue
        drugs = ("placebo",) if cue.startswith("placebo") else ()
        for m in re.finditer(re.escape(cue), low):
            found.append((m.start(), m.end(), header[m.start():m.end()], drugs, role))
    return [(*f[:4], "ctl") if f[3] == ("placebo",) and not f[4] else f for f in found]


def _first_mentions(found: list) -> list:
    """The mentions in header order, the longest where they overlap."""
    kept, last_end = [], -1
    for f in sorted(found, key=lambda f: (f[0], -f[1])):
        if f[0] >= last_end:
            kept.append(f)
            last_end = f[1]
    return kept


def _joined_columns(header: str, kept: list) -> list[tuple[str, tuple[str, ...], str]]:
    """Drugs of one column run together: "Plb + RT/TMZ" is one arm (placebo + temozolomide)."""
    out: list[list] = []
    for f in kept:
        if out and _COLUMN_JOIN.fullmatch(header[out[-1][1] : f[0]]):
            prev = out[-1]
            out[-1] = [prev[0], f[1], prev[2] + header[prev[1] : f[1]], prev[3] + tuple(d for d in f[3] if d not in prev[3]),
                       prev[4] or f[4]]
        else:
            out.append([f[0], f[1], f[2], f[3], f[4]])
    return [(o[2], o[3], o[4]) for o in out]


def _column_groups(ctx, table: FlatTable, arms) -> list[str]:
    """Populations of column groups named before arms that repeat (A, B, A, B): the glued header text
    before the first arm, cut where cells meet ("Overall populationJapanese patients"); "" for the whole
    population. [] when the header has no such groups."""
    distinct = list(dict.fromkeys(a[1] for a in arms))
    if len(distinct) < 2 or len(arms) % len(distinct) or len(arms) == len(distinct):
        return []
    header = table.header.split("\n", 1)[1] if "\n" in table.header else ""
    first = header.lower().find(arms[0][0].lower())
    if first <= 0:
        return []
    groups = [g.strip() for g in re.split(r"(?<=[a-z)])(?=[A-Z])", header[:first]) if g.strip()]
    if len(groups) != len(arms) // len(distinct):
        return []
    return ["" if _NOT_SUBGROUP.match(g) else g for g in groups]


_COLUMN_JOIN = re.compile(r"\s*[+/&]\s*(?:[A-Z]{1,3}\s*[+/&]\s*)?")


# a cell that holds no value: a patient count "n = 25", or "-"
_NO_VALUE_CELL = re.compile(r"n \s* = \s* \d+ | -", re.X | re.I)
_LEADING_NUMBER = re.compile(r"(\d+(?:\.\d+)?)")
_WHOLE_NUMBER = re.compile(r"\d+")
# an interval cell after a ratio cell: "0.48-0.76"
_BARE_RANGE = re.compile(r"\d+(?:\.\d+)? \s* - \s* \d+(?:\.\d+)?", re.X)
_RANGE_DASH = re.compile(r"\s*-\s*")
# "70 (19.4)" under "n (%)": the rate is the number in parentheses; "52.0 (31.3-72.2)" is a rate and CI
_COUNT_PERCENT = re.compile(r"""
    (\d+) \s* \( \s* (\d+(?:\.\d+)?) \s* %? \s* \)                      # n (%)
    (?: \s* \[ \s* (\d+(?:\.\d+)?) \s* - \s* (\d+(?:\.\d+)?) \s* \] )?  # then perhaps the rate's [CI]
""", re.X)
# the value a cell starts with: a number, or a median not reached / not estimable
_CELL_VALUE = re.compile(r"(\d+(?:\.\d+)? | NR | NE | NC | not \s+ reached)", re.X | re.I)


def _row_outcomes(ctx, table, row, measure, endpoint, arms, pct_header, settings: FlatTableSettings = FLAT_SETTINGS) -> list[Outcome]:
    evidence = ctx.text[row.label_start : row.cells[-1][2]]
    value_cells = _value_cells(ctx.text, row.cells, measure, pct_header)
    use_arms = len(arms) == len(value_cells) and measure not in _RATIO_MEASURES
    # roles by column: cued control arms are ctl; otherwise the first regimen named is experimental
    # and the second its control (headers repeat them per column group: A, B, A, B)
    distinct = list(dict.fromkeys(a[1] for a in arms))
    cued = any(a[2] == "ctl" for a in arms)
    level = "0.95" if "95%" in (table.header + row.label) else ""
    out = []
    for idx, (value, vstart, vend, lo, hi, p) in enumerate(value_cells):
        arm, drugs, role = arms[idx] if use_arms else ("", (), "")
        out.append(Outcome(
            doc_id=ctx.doc_id, trial=ctx.main_trial, nct_id=ctx.main_nct, endpoint=endpoint, measure=measure,
            arm=arm, arm_role=_column_role(role, drugs, use_arms, cued, distinct), regimen=" + ".join(drugs),
            comparator="", population="", value=value, ci_low=lo, ci_high=hi, ci_level=level if lo else "",
            unit={"median": "months", "rate": "%"}.get(measure, "ratio"), p_value=p, source="table",
            page=page_of(vstart, ctx.page_starts), start=vstart, end=vend, evidence=evidence,
            confidence=settings.column_confidence, flags="inconsistent_ci" if _outside(value, lo, hi) else "",
            why=f"table.flat_columns;value.{measure}.cell",
        ))
    return out


def _column_role(role: str, drugs: tuple[str, ...], use_arms: bool, cued: bool, distinct: list) -> str:
    if not use_arms:
        return "na"
    if role:
        return role
    return "exp" if cued or distinct.index(drugs) == 0 else "ctl" if distinct.index(drugs) == 1 else "na"


def _value_cells(text: str, cells, measure: str, pct_header: bool) -> list[tuple[str, int, int, str, str, str]]:
    """(value, start, end, ci low, ci high, p) of each value a row's cells hold, in column order."""
    values = []
    k = 0
    while k < len(cells):
        if _NO_VALUE_CELL.fullmatch(cells[k][0]):
            k += 1
            continue
        if measure in _RATIO_MEASURES:
            found, k = _ratio_cell(text, cells, k)
        else:
            found = _rate_cell(cells[k], pct_header) if measure == "rate" else None
            found = found or _plain_cell(text, cells[k])
            k += 1
        if found:
            values.append(found)
    return values


def _ratio_cell(text: str, cells, k: int):
    """The ratio cell ``k`` holds, with its interval (in the cell, or the next one) and its p (the cell
    after), and the index of the cell after those; (None, k + 1) when it holds no ratio."""
    cell, cs, _ = cells[k]
    m = _LEADING_NUMBER.match(cell)
    if _WHOLE_NUMBER.fullmatch(cell) and any(_INLINE_RATIO.fullmatch(c[0]) for c in cells):
        return None, k + 1  # a patient count beside the ratios: "86 | 0.34 (0.21-0.55)"
    if not m:
        return None, k + 1
    vstart, vend = cs + m.start(1), cs + m.end(1)
    ci = parse_ci(text, vend, m.group(1))
    p = ""
    nxt = k + 1
    if ci is None and nxt < len(cells) and _BARE_RANGE.fullmatch(cells[nxt][0]):
        ci = tuple(_RANGE_DASH.split(cells[nxt][0]))
        nxt += 1
    if nxt < len(cells) and _p_cell(cells[nxt][0]):
        p = _p_cell(cells[nxt][0])
        nxt += 1
    lo, hi = (ci.low, ci.high) if hasattr(ci, "low") else (ci if ci else ("", ""))
    return (m.group(1), vstart, vend, lo, hi, p), nxt


def _rate_cell(cell: tuple[str, int, int], pct_header: bool):
    """A rate written as "n (%)" under a percent header, or a zero; None otherwise."""
    text, cs, ce = cell
    m = _COUNT_PERCENT.fullmatch(text)
    if m and pct_header:
        return m.group(2), cs + m.start(2), cs + m.end(2), m.group(3) or "", m.group(4) or "", ""
    if text == "0":
        return "0", cs, ce, "", "", ""
    return None


def _plain_cell(text: str, cell: tuple[str, int, int]):
    """The number (or "NR") a cell starts with, and the interval written after it; None when none."""
    m = _CELL_VALUE.match(cell[0])
    if not m:
        return None
    vstart, vend = cell[1] + m.start(1), cell[1] + m.end(1)
    ci = parse_ci(text, vend, clean_number(m.group(1)) if m.group(1)[0].isdigit() else "NR")
    return clean_number(m.group(1)), vstart, vend, ci.low if ci else "", ci.high if ci else "", ""


def _outside(value: str, lo: str, hi: str) -> bool:
    try:
        v, a, b = float(value), float(lo), float(hi)
    except ValueError:
        return False
    return not (a <= v <= b)

