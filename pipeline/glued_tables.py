"""Tables glued onto one line, as some PubMed Central exports write them: the caption straight after the
paragraph that cites it, header cells run together, rows separated by runs of spaces, each row's label
run into its cells::

    ...in the placebo arm.Table 2Best overall response per local investigator review in the full analysis
    setDovitinib + fulvestrant (n = 47)Placebo + fulvestrant (n = 50)All patients Best overall response,
    n (%)  CR1 (2.1)1 (2.0)  PR12 (25.5)4 (8.0)  ...Median time to first response [95% CI], months2.0
    [1.5–18.8]3.7 [1.6–9.1]

Pure function :func:`find_glued_tables` cuts such a table into the same :class:`FlatTable` rows that
:mod:`pipeline.flat_tables` reads, with exact offsets; their meaning is read by
:func:`pipeline.flat_tables.flat_table_outcomes`.
"""
from __future__ import annotations

import re

from .flat_tables import END_OF_TABLE, FlatRow, FlatTable

# a caption glued to the end of a sentence, with a long table after it on the same line
# ... or opening its own line: "Table 2.Tumor response: all patients ...Tumor control rate (CR + PR + SD)13 (33%)..."
CAPTION = re.compile(r"(?:(?<=[a-z0-9)\]][.)\]])|(?<=\n)|^)Table\s?\d+[A-Z]?(?:[.:]\s?)?(?=[A-Z])")
# one cell: "0", "12 (25.5)", "13 (27.7) [15.6-42.6]", "2.0 [1.5-18.8]", "14.7 [NE-NE]"
_CELL = r"""(?:
      0(?![\d.])                                           # a zero count, written without its percentage
    | (?:[1-9]\d*|0)(?:\.\d+)?                             # a count or a value (no leading zero)
      (?:\s?\(\d+(?:\.\d+)?%?\))?                          # its percentage
      (?:\s?\[(?:\d+(?:\.\d+)?|NE|NR)\s?-\s?(?:\d+(?:\.\d+)?|NE|NR)\])?  # its interval
    )"""
CELL = re.compile(_CELL, re.X)
_NOT_BEFORE_RUN = set("0123456789.([-")


def _cell_run_start(seg: str) -> int | None:
    """Where the run of cells that ends ``seg`` begins, or None: the cells found left to right, then the
    chain of touching ones that reaches the end, walked back (a ``(?:cell)+$`` search backtracks
    quadratically on long segments); a run does not start right after a digit, point, bracket or hyphen."""
    spans = [(m.start(), m.end()) for m in CELL.finditer(seg) if m.end() > m.start()]
    if not spans or spans[-1][1] != len(seg):
        return None
    i = len(spans) - 1
    while i > 0 and spans[i - 1][1] == spans[i][0]:
        i -= 1
    for j in range(i, len(spans)):
        if spans[j][0] == 0 or seg[spans[j][0] - 1] not in _NOT_BEFORE_RUN:
            return spans[j][0]
    return None
# where rows meet without spaces: "[1.6-9.1]Median duration of response"
ROW_JOIN = re.compile(r"(?<=[\d\])])(?=[A-Z][a-z]{2,})")
# a sentence of prose: long, with a full stop after a word
_PROSE = re.compile(r"^(?=.{100})(?=.*[a-z)%]\.(?:\s|$))")
# cell text inside a label means rows ran together without a separator
_CELL_IN_LABEL = re.compile(r"\d\s?\((?:<\s?)?\d+(?:\.\d+)?%?\)")
# a following line that ends the table
_STOP = re.compile(r"^(?:Abbreviations?\b|Note\b|[a-z*\u2020\u2021]?[A-Z][A-Za-z]{0,12},\s[A-Za-z])")


def _captions(text: str):
    """CAPTION matches, tried only where "Table" is written (a scan of every position was a fifth of
    this reader's time)."""
    p = text.find("Table")
    while p != -1:
        m = CAPTION.match(text, p)
        if m:
            yield m
        p = text.find("Table", p + 5)


def find_glued_tables(text: str) -> list[FlatTable]:
    """Every table glued onto a line after its caption, cut into label + cells rows."""
    tables = []
    for cap in _captions(text):
        line_end = text.find("\n", cap.start())
        line_end = len(text) if line_end < 0 else line_end
        if line_end - cap.start() < 200:
            continue  # a caption ending its line: the table is flattened one cell per line
        end = line_end
        # the table may go on over short lines (column labels), then one line of rows under them
        short_lines = 0
        while end < len(text):
            nxt = text.find("\n", end + 1)
            nxt = len(text) if nxt < 0 else nxt
            line = text[end + 1 : nxt].strip()
            if not line or END_OF_TABLE.match(line) or _STOP.match(line) or CAPTION.search(line) \
                    or re.match(r"Table\s?\d", line):
                break
            if len(line) <= 120 and not line.endswith("."):
                short_lines += 1
                end = nxt
                continue
            if short_lines and len(re.findall(r"\S\s{2,}\S", line)) >= 2:
                end = nxt  # the rows under the column labels
            break
        if len(re.findall(r"[^\s]\s{2,}[^\s]", text[cap.start() : end])) < 3:
            continue  # no row separators: cells glued with nothing between rows can't be cut reliably
        table = _cut(text, cap.start(), end)
        if table is not None:
            tables.append(table)
    return tables


def _segments(text: str, start: int, end: int):
    """(start, end) of each piece between runs of spaces, line breaks and row joins."""
    pos = start
    for m in re.finditer(r"\s{2,}|\n", text[start:end]):
        yield from _split_joins(text, pos, start + m.start())
        pos = start + m.end()
    yield from _split_joins(text, pos, end)


def _split_joins(text: str, s: int, e: int):
    pos = s
    for m in ROW_JOIN.finditer(text, s, e):
        if re.search(r"Table\s?\d+$", text[max(s, m.start() - 10) : m.start()]):
            continue  # "Table 2Best overall response": the caption, not a row
        if m.start() > pos:
            yield pos, m.start()
        pos = m.start()
    if e > pos:
        yield pos, e


def _cut(text: str, start: int, end: int) -> FlatTable | None:
    header_parts: list[str] = []
    rows: list[FlatRow] = []
    caption = ""
    for s, e in _segments(text, start, end):
        seg = text[s:e].strip()
        if not seg:
            continue
        s += len(text[s:e]) - len(text[s:e].lstrip())
        if rows and (_PROSE.search(seg) or CAPTION.search(seg) or re.match(r"(?:Table|Figure|Fig\.)\s?\d", seg)):
            break  # the paragraph after the table (the export joins them with spaces), or the next table
        run = _cell_run_start(seg)
        label = seg[:run].strip() if run is not None else seg
        if _CELL_IN_LABEL.search(label):
            continue  # several rows run together ("No32 (68.1)33 (66.0) Yes"): not cut reliably, left out
        if run is not None and label and re.search(r"[A-Za-z]", label):
            cells = [(m.group(0).strip(), s + m.start(), s + m.end())
                     for m in CELL.finditer(seg, run) if m.group(0).strip()]
            rows.append(FlatRow(label, s, cells))
        elif not rows:
            if not caption:
                # the caption runs into the first header cell: "...analysis setDovitinib + fulvestrant"
                glue = re.search(r"[a-z](?=[A-Z])", seg[8:])
                caption = seg[: 8 + glue.end()] if glue else seg
                seg = seg[len(caption):]
            header_parts.append(seg)
        else:
            rows.append(FlatRow(seg, s, []))  # a section or column label between rows
    if not any(r.cells for r in rows):
        return None
    header = caption + "\n" + " ".join(p for p in header_parts if p)
    end = max(c[2] for r in rows for c in r.cells)
    return FlatTable(caption=caption, start=start, end=end, header=header, header_start=start, rows=rows)
