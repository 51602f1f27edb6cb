"""Space-aligned tables: the tables ``pdftotext -layout`` writes, columns separated by runs of spaces.

Pure functions. :func:`find_space_tables` cuts such tables into the same :class:`~pipeline.tables.Table`
model the tab-separated reader builds (every cell with its character offsets into the text), so
:func:`pipeline.tables.table_outcomes` reads them::

                                   Progression-free survival             Overall survival
    Trial        Experimental vs. control arm    Median, months    HR (95% CI)     Median, months
    PALOMA-2     Palbociclib + letrozole vs. placebo    24.8 vs. 14.5     0.58 (0.46-0.72)   53.9 vs. 51.2

How a table is found, so that prose (wrapped or not, with a stray double space) never is one:

* **Lines.** A candidate line has no tab, is not a pipe row and has at least two cells: runs of words
  joined by single spaces, separated by two spaces or more (:data:`pipeline.patterns.SPACE_CELL`).
  A block is a run of consecutive candidate lines; a blank line or any other line ends it.
* **Data rows.** A line with at least two value cells after its first cell
  (:data:`pipeline.patterns.SPACE_VALUE_CELL`: numbers, ``24.8 vs. 14.5``, ``NR``, ``-``). A table
  needs at least two, and at most two header lines before the first.
* **Columns.** The character extents of the data rows' cells, merged where they overlap, are the
  columns; a table needs three, and every data row must put each of its cells into a column of its
  own (prose lines overlap one another and fail this). Header cells go to the column they overlap most.
* **Two header lines.** When the first of two header lines starts right of the first column (column
  groups: ``Progression-free survival   Overall survival``), each of its cells names the group of the
  columns under it, from where it starts to where the next one starts; the tables reader takes a
  column's endpoint from its group when its own header names none.
* **Caption.** The ``Table 1. ...`` line before the table (blank lines between allowed).

Nothing depends on the length of the prose lines around the table: a reflow that joins wrapped prose
lines leaves the table (whose lines hold runs of spaces) and its offsets as they are.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from . import patterns as P
from .tables import PIPE_ROW, Cell, Row, Table, _lines, caption_before

_MIN_COLUMNS = 3
_MIN_DATA_ROWS = 2
_MAX_HEADER_LINES = 2
_MIN_VALUE_CELLS = 2  # value cells a data row holds after its first cell


@dataclass(frozen=True)
class _Line:
    start: int  # offsets of the line in the text
    end: int
    cells: tuple[tuple[int, int], ...]  # (start, end) of each cell, relative to the line start


def _line_cells(line: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in P.SPACE_CELL.finditer(line))


def _candidate(line: str) -> bool:
    # two cells need a run of two spaces between them (the cheap test first: most lines are prose)
    return ("  " in line.strip() and "\t" not in line and not PIPE_ROW.match(line)
            and len(P.SPACE_CELL.findall(line)) >= 2)


def _blocks(text: str) -> list[list[_Line]]:
    """Runs of consecutive candidate lines."""
    blocks: list[list[_Line]] = []
    cur: list[_Line] = []
    for ls, le in _lines(text):
        line = text[ls:le]
        if _candidate(line):
            cur.append(_Line(ls, le, _line_cells(line)))
            continue
        if len(cur) >= _MIN_DATA_ROWS + 1:
            blocks.append(cur)
        cur = []
    if len(cur) >= _MIN_DATA_ROWS + 1:
        blocks.append(cur)
    return blocks


def _is_data(text: str, ln: _Line) -> bool:
    values = [1 for s, e in ln.cells[1:] if P.SPACE_VALUE_CELL.fullmatch(text, ln.start + s, ln.start + e)]
    return len(values) >= _MIN_VALUE_CELLS


def _columns(rows: list[_Line]) -> list[tuple[int, int]] | None:
    """The column extents of the data rows (their cells' extents merged where they overlap), or None
    when a row puts two of its cells into one column."""
    spans = sorted(c for r in rows for c in r.cells)
    cols: list[list[int]] = []
    for s, e in spans:
        if cols and s <= cols[-1][1]:
            cols[-1][1] = max(cols[-1][1], e)
        else:
            cols.append([s, e])
    for r in rows:
        seen = [_column_of(cols, s, e) for s, e in r.cells]
        if len(set(seen)) != len(seen):
            return None
    return [(s, e) for s, e in cols]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _column_of(cols, s: int, e: int) -> int:
    """The column a cell at ``s:e`` overlaps most (the nearest one when it overlaps none)."""
    best = max(range(len(cols)), key=lambda i: (_overlap((s, e), tuple(cols[i])), -abs(cols[i][0] - s)))
    return best


def _row(text: str, ln: _Line, cols) -> Row:
    """A line as a row of ``len(cols)`` cells, an empty cell where the line has none."""
    found: dict[int, tuple[int, int]] = {}
    for s, e in ln.cells:
        i = _column_of(cols, s, e)
        if i in found:  # two header cells over one column: one cell through both
            s = found[i][0]
        found[i] = (s, e)
    cells = []
    for i, (cs, _) in enumerate(cols):
        if i in found:
            s, e = found[i]
            cells.append(Cell(text[ln.start + s:ln.start + e], ln.start + s, ln.start + e, i))
        else:
            at = min(ln.start + cs, ln.end)
            cells.append(Cell("", at, at, i))
    return Row(tuple(cells), (), ln.start, ln.end)


def _groups(text: str, ln: _Line, cols, header: Row) -> tuple[Cell | None, ...]:
    """The group cell over each column: group ``k`` runs from where it starts to where group ``k+1``
    starts; a column belongs to the group its extent (and its header's) overlaps most, if any."""
    starts = [s for s, _ in ln.cells] + [10 ** 9]
    groups = [Cell(text[ln.start + s:ln.start + e], ln.start + s, ln.start + e, -1) for s, e in ln.cells]
    out: list[Cell | None] = []
    for (cs, ce), hc in zip(cols, header.cells):
        if hc.text:
            cs, ce = min(cs, hc.start - header.start), max(ce, hc.end - header.start)
        laps = [_overlap((cs, ce), (starts[k], starts[k + 1])) for k in range(len(groups))]
        k = max(range(len(groups)), key=lambda i: laps[i])
        out.append(groups[k] if laps[k] > 0 else None)
    return tuple(out)


def _table(text: str, block: list[_Line]) -> Table | None:
    first = next((i for i, ln in enumerate(block) if _is_data(text, ln)), None)
    if first is None or first == 0:
        return None
    last = max(i for i, ln in enumerate(block) if _is_data(text, ln))
    heads, data = block[max(0, first - _MAX_HEADER_LINES):first], block[first:last + 1]
    if sum(1 for ln in data if _is_data(text, ln)) < _MIN_DATA_ROWS:
        return None
    cols = _columns(data)
    if cols is None or len(cols) < _MIN_COLUMNS:
        return None
    header = _row(text, heads[-1], cols)
    groups: tuple[Cell | None, ...] = ()
    if len(heads) == 2 and heads[0].cells[0][0] >= cols[0][1]:
        groups = _groups(text, heads[0], cols, header)
    else:  # a line above the header that is no group line is not the table's
        heads = heads[-1:]
    cap, cap_start = caption_before(text, heads[0].start)
    return Table(header, tuple(_row(text, ln, cols) for ln in data), heads[0].start, data[-1].end,
                 cap, cap_start, groups)


def find_space_tables(text: str) -> list[Table]:
    """Every space-aligned table of ``text`` (see the module docstring)."""
    return list(_space_tables(text))


@lru_cache(maxsize=2)
def _space_tables(text: str) -> tuple[Table, ...]:
    # the entity stage (trial columns) and the table stage both read a document's tables: once each
    return tuple(t for t in (_table(text, b) for b in _blocks(text)) if t is not None)
