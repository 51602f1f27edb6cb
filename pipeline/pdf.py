"""PDF text layer: a text that reads as the article reads, with the offset where each page starts.

pypdfium2 reads a page's text in one ``get_text_range`` and its **text runs**: each word (the
characters between two spaces) drawn as one text object is one :class:`Run`, with pdfium's rectangle
of it (``FPDFText_CountRects`` / ``FPDFText_GetRect``) and its first character's origin and font size;
a word drawn with several objects (``months`` + a superscript ``12``) is split into its runs by
halving. Exact character geometry is read only where a decision needs it: a step back inside a run's
box, a space between words not close on one baseline, letter-spaced or rotated text, a line-end hyphen
pdfium generated (:class:`TextLayerSettings` holds the thresholds). The words of one line that a
free space separates (close, on one baseline, in one size) are read as one Run, so that the line
loop sees a few items per line rather than every word and space (:func:`_resolve_spaces`). A page
that draws one object per glyph (about one rectangle per character), or has characters outside the
BMP, is read **glyph by glyph** instead (:func:`_glyphs`: box, origin and size of every character);
both paths give the same lines. The cells of ruled tables are found on the pages that have enough
ruling lines: pdfplumber's table algorithm, run on pdfium's path objects (:mod:`pipeline.pdf_rulings`;
pdfplumber itself with ``RulingSettings.pdfplumber``); on a page with tables every space is read as a
glyph and a run whose box straddles the edge of a table or a cell as its glyphs, so that each
character falls into the cell its centre is in (:func:`split_tables`). The text is written as litx's text files are: one paragraph per line, one table row per
line with its cells separated by tabs. What is done, on purpose (each rule has a fixture in
``tests/fixtures/make_pdfs.py`` and a test in ``tests/test_pdf.py``):

* **lines**: characters are grouped into lines by baseline (pdfium's own line breaks are kept only
  where the baseline changes); a wide horizontal gap ends a line segment (a column gutter);
* **superscript citations**: a run of digits, commas and dashes drawn smaller and raised right after
  text (``11.0 months`` + ``12``) is a citation marker and is dropped; exponents (``10`` + ``4``,
  ``mg/m`` + ``2``) are kept;
* **running headers and footers**: a line in the top or bottom margin of a page that repeats (digits
  aside) on at least half of the pages, and a bare page number (``7``, ``Page 7``, ``7 of 12``,
  ``iv``) in a margin, are dropped;
* **reading order**: a page whose lines fall into a left and a right half is read column by column,
  between the full-width lines (titles, tables) that span both;
* **paragraphs**: lines of a column join into one paragraph until a vertical gap wider than the
  document's usual line spacing, a change of font size, or an indented line after a sentence end; a
  paragraph that ends a column or a page mid-sentence (or on a full line) runs on into the next one,
  so that its sentences stay whole (between pages a space then stands where a form feed would);
* **hyphenation**: a word broken at a line end (``pro-`` / ``gression``, which pdfium reports as a
  soft hyphen) is joined when the joined word is a word of the document, or when neither half is; a
  compound keeps its hyphen (``progression-`` / ``free``, ``PD-`` / ``L1``, ``0.50-`` / ``0.85``);
* **tables**: the cells found on a ruled page are filled with pypdfium2's characters (so
  superscripts, spaces and hyphens are handled as above) and written as tab-separated rows in place of
  the table, so the text-table stage (:mod:`pipeline.tables`) reads them.

Ligatures, dashes and Unicode spaces are normalized by :func:`pipeline.normalize.normalize_text`, page
by page. Every failure becomes an :class:`~pipeline.ingest.IngestError` with one line a person can act
on: not a PDF, truncated (no ``%%EOF``), encrypted, corrupt, zero pages, over ``--max-pages``.
"""
from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Callable, NamedTuple

import numpy as np

from .hyphenation import HYPHENS, join_broken_word, join_lines, vocabulary  # noqa: F401 (re-exported)

# ---------------------------------------------------------------- geometry


class Glyph(NamedTuple):
    """One character: its box (from the top of the page), baseline and font size."""

    ch: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float
    size: float


class Run(NamedTuple):
    """The characters of one pdfium text object between two spaces (a word, mostly), read as one,
    with a Glyph's fields: the box is pdfium's rectangle of the run (``x0`` its first character's left
    edge, ``x1`` its last one's right edge), ``base`` and ``size`` its first character's. ``last`` is
    the text-page index of its last character, whose own left edge is read only where a decision needs
    it. Words of one line that no decision can separate (:func:`_resolve_spaces`) are one Run: ``lead`` is
    then the left edge of its last word's rectangle (None: ``x0``)."""

    ch: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float
    size: float
    last: int
    lead: float | None = None


@dataclass(frozen=True)
class TextLayerSettings:
    """Thresholds of the run-based text layer: which pages and runs are read character by character,
    and which spaces need their own geometry."""

    glyph_page_rects: float = 0.6  # rectangles per non-space character from which a page draws one object per glyph
    run_height: float = 1.6  # a run taller than this many font sizes is no horizontal word (rotated text)
    run_advance: float = 1.0  # a run wider than this many font sizes per character but half a one is letter-spaced
    space_gap: float = 0.9  # a space between two runs of one line at most this many font sizes apart ...
    space_gap_outside: float = 2.0  # ... (this many away from the middle band of the page) ...
    space_overlap: float = 0.1  # ... or overlapping by at most this many needs no geometry of its own
    gutter: float = 0.05  # half-width, as a share of the page width, of the band around the middle of a page


SETTINGS = TextLayerSettings()


@dataclass(frozen=True)
class Line:
    """A line (or a line segment) of a page; a table is one Line of kind ``table`` whose text holds its
    tab-separated rows."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float
    size: float
    kind: str = "text"
    rows: tuple[tuple[tuple[str, ...], ...], ...] = ()  # a table: rows of cells of raw lines


_CITE_CHARS = set("0123456789,-\u2013\u2014 ")


def glyph_lines(glyphs: list, width: float = 0.0, char_x0: Callable[[int], float] | None = None) -> list[Line]:
    """Group characters (in the page's text order) into lines and line segments, dropping superscript
    citation markers (see the module docstring). A gap wider than 2.5 em ends a segment, and so does a
    gap of 1 em across the middle of a page ``width`` wide (the gutter of two columns). The items are
    :class:`Glyph` s or :class:`Run` s (``char_x0(i)``: the left edge of character ``i`` of a run's page)."""
    out = []
    for gl in _group(glyphs, width, char_x0):
        line = _line_of(gl)
        if line is not None:
            out.append(line)
    return out


def _group(glyphs: list, width: float, char_x0) -> list[list]:
    lines: list[list] = []
    cur: list = []
    ref = None  # the line's largest glyph (its first such): its size and baseline
    broken = False  # pdfium ended a line here; kept only if the next glyph is not on the same line
    for g in glyphs:
        if g.ch in "\r\n":
            broken = True
            continue
        if cur:
            prev = cur[-1]
            if _breaks(g, prev, ref, width, char_x0):
                lines.append(cur)
                cur, ref = [], None
            elif broken and g.ch != " " and g.x0 - prev.x1 > 0.15 * ref.size:
                cur.append(Glyph(" ", prev.x1, g.x0, prev.top, prev.bottom, prev.base, 1.0))
        broken = False
        cur.append(g)
        if ref is None or g.size > ref.size:
            ref = g
    if cur:
        lines.append(cur)
    return lines


def _breaks(g, prev, ref, width: float, char_x0) -> bool:
    """Whether ``g`` starts a new line segment after ``prev``: another baseline, a step back, a gap."""
    small = g.size < 0.85 * ref.size
    if abs(g.base - ref.base) > (0.6 if small else 0.35) * ref.size:
        return True
    if g.ch != " ":
        space = g.x0 - prev.x1
        if space > 2.5 * max(ref.size, g.size):
            return True
        mid, band = width / 2, SETTINGS.gutter * width
        if width > 0 and space > ref.size and prev.x1 <= mid + band and g.x0 >= mid - band:
            return True
    return _backwards(g, prev, ref.size, char_x0)


def _backwards(g, prev, em: float, char_x0) -> bool:
    """Whether ``g`` starts half an em left of the last character of ``prev``. That character's left
    edge lies inside a run's box: it is read from the page only when the box leaves the answer open."""
    if not isinstance(prev, Run):
        return g.x0 < prev.x0 - 0.5 * em
    if g.x0 >= prev.x1 - 0.5 * em:
        return False
    if g.x0 < (prev.x0 if prev.lead is None else prev.lead) - 0.5 * em:
        return True
    return g.x0 < char_x0(prev.last) - 0.5 * em


def _line_of(gl: list) -> Line | None:
    if len(gl) == 1 and gl[0].ch.isspace():
        return None
    ink = [g for g in gl if not g.ch.isspace()] or gl  # the extent includes dropped superscripts
    size, base = _body_size(ink)
    text = "".join([g.ch for g in _drop_superscripts(gl, size, base)]).strip()
    if not text:
        return None
    return Line(text, min([g.x0 for g in ink]), max([g.x1 for g in ink]), min([g.top for g in ink]),
                max([g.bottom for g in ink]), base, size)


def body_size(gl: list) -> tuple[float, float]:
    """``(size, baseline)`` of a line's body text: the commonest size among its characters drawn at
    least 85% as large as its largest (a line of 9-point words and 5.5-point citation markers is 9).
    A run counts once per character that is not a space."""
    return _body_size([g for g in gl if not g.ch.isspace()] or gl)


def _body_size(ink: list) -> tuple[float, float]:
    if len({g.size for g in ink}) == 1 and len({g.base for g in ink}) == 1:  # one size on one baseline
        return round(ink[0].size, 1), round(ink[0].base, 1)
    big = max(g.size for g in ink)
    body = [g for g in ink if g.size >= 0.85 * big]
    sizes: dict[float, int] = {}
    for g in body:
        sizes[g.size] = sizes.get(g.size, 0) + _ink_chars(g.ch)
    counts: Counter = Counter()
    for s, k in sizes.items():  # in the order of their first character, as Counter.most_common breaks ties
        counts[round(s, 1)] += k
    size = counts.most_common(1)[0][0]
    bases: dict[float, int] = {}
    for g in body:
        if round(g.size, 1) == size:
            bases[g.base] = bases.get(g.base, 0) + _ink_chars(g.ch)
    counts = Counter()
    for b, k in bases.items():
        counts[round(b, 1)] += k
    return size, counts.most_common(1)[0][0]


def _ink_chars(text: str) -> int:
    """The characters of an item that are not spaces (a merged Run holds the spaces between its words)."""
    return len(text) - text.count(" ")


def _drop_superscripts(gl: list, size: float, base: float) -> list:
    """The line's glyphs without its superscript citation markers (runs are taken apart into their
    characters only on a line that has a raised, smaller one)."""
    low, rise = 0.8 * size, 0.15 * size  # (the test of _raised)
    if len(gl) < 2 or not any(g.size <= low and base - g.base >= rise and not g.ch.isspace() for g in gl):
        return gl
    gl = [Glyph(c, *g[1:7]) for g in gl for c in g.ch] if any(isinstance(g, Run) for g in gl) else gl
    sup = _marker_flags(gl, size, base)
    out: list[Glyph] = []
    i = 0
    while i < len(gl):
        if not sup[i]:
            out.append(gl[i])
            i += 1
            continue
        j = i
        while j < len(gl) and sup[j]:
            j += 1
        run = "".join(g.ch for g in gl[i:j])
        before = "".join(g.ch for g in out[-6:])
        if any(c.isdigit() for c in run) and before and not before[-1].isspace() and not _exponent(before, run):
            i = _skip_marker(gl, j, out)  # a citation marker glued to the text: dropped
            continue
        out.extend(gl[i:j])
        i = j
    return out


def _raised(g, size: float, base: float) -> bool:
    return not g.ch.isspace() and g.size <= 0.8 * size and base - g.base >= 0.15 * size


def _marker_flags(gl: list[Glyph], size: float, base: float) -> list[bool]:
    """Which characters may belong to a superscript marker: raised, smaller, citation characters, and
    a space between two such ("1, 2")."""
    sup = [_raised(g, size, base) and g.ch in _CITE_CHARS for g in gl]
    for k in range(1, len(gl) - 1):
        if gl[k].ch.isspace() and sup[k - 1] and sup[k + 1]:
            sup[k] = True
    return sup


def _skip_marker(gl: list, j: int, out: list) -> int:
    """Where reading goes on after a dropped marker ending at ``j``, with the space it leaves before
    punctuation removed."""
    if j + 1 < len(gl) and gl[j].ch == " " and gl[j + 1].ch in ",.;:)]":
        j += 1
    if j < len(gl) and gl[j].ch in ",.;:)]" and out and out[-1].ch == " ":
        out.pop()
    return j


def _exponent(before: str, run: str) -> bool:
    """A raised number that is an exponent, not a citation: ``10`` + ``4``, ``mg/m`` + ``2``."""
    return bool(re.search(r"(?<![0-9.])10$", before) or (run.strip() in ("2", "3") and re.search(r"(?<![A-Za-z])[cmk]?m$", before)))


# ---------------------------------------------------------------- running headers and footers

_PAGE_NUMBER = re.compile(r"(?:page\s*)?(?:\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[ivxlc]{1,7})", re.I)
MARGIN = 0.09  # top and bottom share of the page height where headers and footers live


def running_lines(pages: list[list[Line]], heights: list[float]) -> list[set[int]]:
    """For each page, the indices of its lines that are running headers/footers or bare page numbers."""
    def zone(line: Line, h: float) -> bool:
        return line.bottom <= MARGIN * h or line.top >= (1 - MARGIN) * h

    keys: Counter = Counter()
    for lines, h in zip(pages, heights):
        keys.update({_key(ln.text) for ln in lines if ln.kind == "text" and zone(ln, h)})
    need = max(2, (len(pages) + 1) // 2)
    out = []
    for lines, h in zip(pages, heights):
        drop = set()
        for i, ln in enumerate(lines):
            if ln.kind != "text" or not zone(ln, h):
                continue
            if _PAGE_NUMBER.fullmatch(ln.text.strip()) or (len(pages) > 1 and keys[_key(ln.text)] >= need):
                drop.add(i)
        out.append(drop)
    return out


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


# ---------------------------------------------------------------- reading order and paragraphs


def reading_order(lines: list[Line], width: float) -> list[tuple[int, Line]]:
    """Lines in reading order, each with the id of its column region. On a two-column page the lines
    between two full-width lines are read left column first, then right column."""
    if not lines:
        return []
    mid = width / 2
    tol = 0.02 * width
    side = []
    for ln in lines:
        if ln.x1 <= mid + tol:
            side.append("L")
        elif ln.x0 >= mid - tol:
            side.append("R")
        else:
            side.append("S")
    wide = [s for s, ln in zip(side, lines) if ln.kind == "text" and ln.x1 - ln.x0 >= 0.25 * width]
    two = wide.count("R") >= 4 and wide.count("L") >= 4
    def key(i: int) -> tuple[float, float]:  # by baseline (a capital's top is lower than a "d"'s), then x
        ln = lines[i]
        return (round(ln.base * 2) / 2 if ln.kind == "text" else ln.top, ln.x0)

    order = sorted(range(len(lines)), key=key)
    if not two:
        return [(0, lines[i]) for i in order]
    out: list[tuple[int, Line]] = []
    band: list[int] = []
    region = 0

    def flush():
        nonlocal region
        for s in ("L", "R"):
            part = [i for i in band if side[i] == s]
            if part:
                region += 1
                out.extend((region, lines[i]) for i in sorted(part, key=key))
        band.clear()

    for i in order:
        if side[i] == "S":
            flush()
            region += 1
            out.append((region, lines[i]))
        else:
            band.append(i)
    flush()
    return out


def line_spacing(deltas: list[float]) -> float | None:
    """The usual distance between the baselines of two lines of one paragraph: the smallest distance
    that is common (a page of one-line paragraphs has more paragraph gaps than line steps)."""
    counts = Counter(round(d * 2) / 2 for d in deltas)
    if not counts:
        return None
    top = counts.most_common(1)[0][1]
    return min(d for d, c in counts.items() if c >= max(2, 0.25 * top) or c == top)


def baseline_steps(ordered: list[tuple[int, Line]]) -> list[float]:
    """Distances between consecutive baselines of one region (the input of :func:`line_spacing`)."""
    return [b.base - a.base for (ra, a), (rb, b) in zip(ordered, ordered[1:])
            if ra == rb and a.kind == b.kind == "text" and 0 < b.base - a.base < 3 * a.size]


def column_width(lines: list[Line]) -> float:
    """The usual width of a full text line of a page (a column's width on a two-column page)."""
    widths = sorted(ln.x1 - ln.x0 for ln in lines if ln.kind == "text")
    return widths[int(0.9 * (len(widths) - 1))] if widths else 0.0


def paragraphs(ordered: list[tuple[int, Line]], leading: float | None = None) -> list[list[Line]]:
    """Consecutive lines of one region that belong together (see the module docstring). ``leading``
    is the document's line spacing (:func:`line_spacing`), else the page's own is used."""
    if leading is None:
        leading = line_spacing(baseline_steps(ordered))
    width = column_width([ln for _, ln in ordered])
    paras: list[list[Line]] = []
    region_start: list[bool] = []  # the paragraph begins a region (the top of a column)
    prev_region = None
    for region, ln in ordered:
        if not paras or region != prev_region or ln.kind == "table" or paras[-1][-1].kind == "table":
            paras.append([ln])
            region_start.append(region != prev_region)
            prev_region = region
            continue
        prev = paras[-1][-1]
        first = paras[-1][0]
        step = ln.base - prev.base
        if abs(step) < 0.2 * prev.size and ln.x0 >= prev.x1 and ln.kind == prev.kind == "text":
            sep = " " if ln.x0 - prev.x1 > 0.15 * prev.size else ""
            paras[-1][-1] = replace(prev, text=prev.text + sep + ln.text, x1=ln.x1)  # one line, two segments
            continue
        limit = 1.3 * leading if leading else 1.6 * prev.size
        new = (step > limit or step <= 0
               or abs(ln.size - prev.size) > 0.15 * prev.size
               or (ln.x0 > first.x0 + 1.2 * ln.size and len(paras[-1]) > 1 and re.search(r"[.:?!]$", prev.text)))
        if new:
            paras.append([ln])
            region_start.append(False)
        else:
            paras[-1].append(ln)
    # the paragraph at the top of a column may be the one that ended the column before
    out: list[list[Line]] = []
    for para, top in zip(paras, region_start):
        if top and out and runs_on(out[-1], para, width):
            out[-1] = out[-1] + para
        else:
            out.append(para)
    return out


def runs_on(prev: list[Line], nxt: list[Line], width: float) -> bool:
    """Whether paragraph ``nxt`` (at the top of a column or a page) continues ``prev`` (the last of the
    column before): :func:`continues` with the geometry of the two."""
    if not prev or not nxt or prev[-1].kind != "text" or nxt[0].kind != "text":
        return False
    heading = len(nxt) == 1 and nxt[0].x1 - nxt[0].x0 < 0.6 * width
    return continues(prev[-1].text, nxt[0].text, _full(prev[-1], width), heading)


_RUNS_ON_END = re.compile(r"(?:[,;(\[\u2013-]|\b(?:and|or|of|the|a|an|in|on|with|to|for|by|from|than|vs\.?|versus|was|were|is|are))$", re.I)


def continues(prev: str, nxt: str, full: bool = False, heading: bool = False) -> bool:
    """Whether a paragraph that ends a column or a page (``prev``, its last line) runs on into the
    first line of the next (``nxt``). It does when it ends mid-word, or mid-sentence and the next line
    does not start a sentence, or mid-sentence on a full line (``full``: as wide as the column); and
    when it ends a sentence on a full line, since a paragraph's last line is rarely full (unless the next
    is a ``heading``: a short line standing alone)."""
    prev, nxt = prev.rstrip(), nxt.lstrip()
    if not prev or not nxt or "\t" in prev or "\t" in nxt:
        return False
    if prev[-1] in HYPHENS and prev[-2:-1].isalnum():
        return True
    if re.search(r"[.:?!][\"')\]]?$", prev):
        return full and not heading and bool(re.match(r"[A-Z0-9(\[]", nxt)) and not _HEADING_LIKE.match(nxt)
    return full or bool(re.match(r"[a-z0-9(\[\u00b7]", nxt)) or bool(_RUNS_ON_END.search(prev))


_HEADING_LIKE = re.compile(r"[A-Z][A-Z .]{3,}:|\d+(?:\.\d+)*\.?\s+[A-Z]|(?:Table|Figure|Fig\.)\s+\d")


def _full(line: Line, width: float) -> bool:
    return width > 0 and line.x1 - line.x0 >= 0.9 * width


# ---------------------------------------------------------------- tables (pdfplumber)


def table_rows_text(rows: tuple[tuple[tuple[str, ...], ...], ...], vocab: set[str]) -> str:
    """A table's rows as tab-separated lines; the lines of a cell joined like a paragraph's."""
    out = []
    for row in rows:
        cells = [re.sub(r"[\t ]+", " ", join_lines(list(cell), vocab)).strip() if cell else "" for cell in row]
        if any(cells):
            out.append("\t".join(cells))
    return "\n".join(out)


def plumber_table_cells(plumber_page) -> list[tuple[tuple[float, float, float, float], list[list[tuple | None]]]]:
    """The ruled tables pdfplumber finds on a page: ``(bbox, rows of cell boxes)``, cell boxes as
    ``(x0, top, x1, bottom)`` or None for a cell merged into its neighbour. Only the geometry is taken
    from pdfplumber; the text of each cell comes from pypdfium2's characters."""
    found = []
    for t in plumber_page.find_tables():
        rows = [list(r.cells) for r in t.rows]
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            found.append((t.bbox, rows))
    return found


def split_tables(glyphs: list, tables, reader: _CharReader | None = None) -> tuple[list, list[Line]]:
    """The glyphs outside every table, and one table Line per table whose cells hold their lines. A
    glyph belongs to the first table, and to every cell, whose box (0.5 pt wider on each side) holds
    its centre; pdfium's line breaks to no table. Runs (``reader``: their page) are taken as their
    characters would be: whole where their box decides, else as their glyphs (:func:`_decided`)."""
    char_x0 = None
    if reader is not None:
        glyphs, char_x0 = _decided(glyphs, tables, reader), reader.char_x0
    box4 = np.array([g[1:5] for g in glyphs], dtype=float).reshape(-1, 4)  # x0, x1, top, bottom
    cx, cy = (box4[:, 0] + box4[:, 1]) / 2, (box4[:, 2] + box4[:, 3]) / 2
    owner = np.full(len(glyphs), -1)
    owner[[k for k, g in enumerate(glyphs) if g.ch in "\r\n"]] = len(tables)  # a line break: outside
    for k, (box, _) in enumerate(tables):
        owner[(owner == -1) & _holds(box, cx, cy)] = k
    owner[owner == len(tables)] = -1
    outside = [glyphs[i] for i in np.flatnonzero(owner == -1)]
    blocks = []
    for k, (box, rows) in enumerate(tables):
        mine = np.flatnonzero(owner == k)
        gl, tx, ty = [glyphs[i] for i in mine], cx[mine], cy[mine]
        out_rows = []
        for row in rows:
            cells = []
            for cell in row:
                cg = [gl[i] for i in np.flatnonzero(_holds(cell, tx, ty))] if cell is not None else []
                lines = glyph_lines(cg, char_x0=char_x0)
                cells.append(tuple(ln.text for ln in sorted(lines, key=lambda ln: (round(ln.base), ln.x0))))
            out_rows.append(tuple(cells))
        if sum(1 for r in out_rows for c in r if c) >= 3:
            sizes: Counter = Counter()
            for g in gl:  # (in the order of the glyphs, as Counter.most_common breaks ties)
                sizes[round(g.size, 1)] += len(g.ch)
            size = sizes.most_common(1)[0][0] if gl else 8.0
            blocks.append(Line("", box[0], box[2], box[1], box[3], box[1] + size, size, "table", tuple(out_rows)))
        else:
            outside.extend(gl)
    return outside, blocks


def _decided(items: list, tables, reader: _CharReader) -> list:
    """``items`` with every Run that its box does not place read as its glyphs: a Run is kept when the
    centres of its characters (inside its box) are all inside or all outside each table's box, and
    inside or outside each cell of the table it is in; pdfium's line breaks are kept as they are."""
    runs = [k for k, it in enumerate(items) if type(it) is Run]
    if not runs:
        return items
    x0, x1, top, bottom = np.array([items[k][1:5] for k in runs], dtype=float).T
    free = np.ones(len(runs), dtype=bool)  # outside every table so far
    bad = np.zeros(len(runs), dtype=bool)
    for box, rows in tables:
        inside, outside = _sides(box, x0, x1, top, bottom)
        bad |= free & ~inside & ~outside
        mine = free & inside
        for cell in (c for row in rows for c in row if c is not None):
            c_in, c_out = _sides(cell, x0, x1, top, bottom)
            bad |= mine & ~c_in & ~c_out
        free &= outside
    split = {runs[k] for k in np.flatnonzero(bad)}
    out: list = []
    for k, it in enumerate(items):
        if k in split:
            first = it.last - len(it.ch) + 1
            out.extend(reader.glyph(first + j, ch) for j, ch in enumerate(it.ch))
        else:
            out.append(it)
    return out


def _sides(box, x0, x1, top, bottom):
    """For boxes (numpy arrays of their edges): whether every point of each is in ``box`` widened by
    0.5 on each side, and whether none is."""
    bx0, btop, bx1, bbottom = box[0] - 0.5, box[1] - 0.5, box[2] + 0.5, box[3] + 0.5
    inside = (bx0 <= x0) & (x1 <= bx1) & (btop <= top) & (bottom <= bbottom)
    outside = (x1 < bx0) | (x0 > bx1) | (bottom < btop) | (top > bbottom)
    return inside, outside


def _holds(box, cx, cy):
    """Which of the centres ``cx``/``cy`` (numpy arrays) lie in ``box`` (x0, top, x1, bottom) widened
    by 0.5 on each side."""
    return (box[0] - 0.5 <= cx) & (cx <= box[2] + 0.5) & (box[1] - 0.5 <= cy) & (cy <= box[3] + 0.5)


# ---------------------------------------------------------------- pages


def page_text(lines: list[Line], width: float, vocab: set[str]) -> str:
    """The text of one page from its lines (tables included as Lines of kind ``table``)."""
    return render_paragraphs(paragraphs(reading_order(lines, width)), vocab)


def render_paragraphs(paras: list[list[Line]], vocab: set[str]) -> str:
    parts = []
    for para in paras:
        if para[0].kind == "table":
            parts.append(table_rows_text(para[0].rows, vocab))
        else:
            parts.append(join_lines([ln.text for ln in para], vocab))
    return "\n\n".join(p for p in parts if p.strip())


def join_document(pages: list[list[list[Line]]], vocab: set[str], widths: list[float] | None = None) -> tuple[str, list[int]]:
    """Normalize the pages and join them into one text with the start offset of every page. Pages are
    separated by a form feed, except where a paragraph runs on from one page to the next (see
    :func:`continues`): there by a space, or by nothing inside a hyphenated word (``pro-`` / ``gression``)
    or after a compound's own hyphen."""
    from .normalize import normalize_text

    texts, seps = [], []
    for i, paras in enumerate(pages):
        nxt = pages[i + 1] if i + 1 < len(pages) else None
        sep = "\f"
        if nxt and paras and nxt[0] and runs_on(paras[-1], nxt[0], widths[i] if widths else 0.0):
            last = paras[-1][-1]
            sep = " "
            if last.text.rstrip()[-1:] in HYPHENS:
                joined = join_lines([last.text, nxt[0][0].text], vocab)
                head = last.text.rstrip()[:-1]
                kept = joined[len(head):len(head) + 1] == "-"
                paras = paras[:-1] + [paras[-1][:-1] + [replace(last, text=head + ("-" if kept else ""))]]
                sep = ""
        texts.append(normalize_text(render_paragraphs(paras, vocab)).replace("\f", "\n"))
        seps.append(sep)
    starts, parts, pos = [], [], 0
    for k, (text, sep) in enumerate(zip(texts, seps)):
        starts.append(pos)
        parts.append(text)
        pos += len(text)
        if k < len(texts) - 1:
            parts.append(sep)
            pos += len(sep)
    return "".join(parts), starts


_TEXT_CALLS = ("FPDFText_GetCharBox", "FPDFText_GetCharOrigin", "FPDFText_CountRects", "FPDFText_GetRect",
               "FPDFText_IsGenerated", "FPDFText_GetFontSize")
_UNCHECKED = None


def _unchecked_calls():
    """pypdfium2's text-page functions as plain C function pointers, without ctypes' argument
    conversion (the arguments are made right by the caller: an int, a pointer, ``byref`` buffers): a
    call then costs a third as much. ``FPDFText_GetFontSize`` returns a double, the others an int."""
    global _UNCHECKED
    if _UNCHECKED is None:
        import types

        import pypdfium2.raw as pdfium_c

        calls = {}
        for name in _TEXT_CALLS:
            restype = ctypes.c_double if name == "FPDFText_GetFontSize" else ctypes.c_int
            func = ctypes.CFUNCTYPE(restype)(ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value)
            func.argtypes = None
            calls[name] = func
        _UNCHECKED = types.SimpleNamespace(**calls)
    return _UNCHECKED


class _CharReader:
    """pdfium's character and run geometry on one text page, with ``top``/``bottom``/``base`` measured
    from the top of the page (the ctypes buffers made once, the calls unchecked: :func:`_unchecked_calls`)."""

    def __init__(self, textpage, height: float, width: float = 0.0, settings: TextLayerSettings = SETTINGS):
        self.c, self.height, self.width, self.settings = _unchecked_calls(), height, width, settings
        self.raw = ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value)
        self.l, self.r, self.b, self.t = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        self.ox, self.oy = ctypes.c_double(), ctypes.c_double()
        self.box_refs = (ctypes.byref(self.l), ctypes.byref(self.r), ctypes.byref(self.b), ctypes.byref(self.t))
        self.rect_refs = (ctypes.byref(self.l), ctypes.byref(self.t), ctypes.byref(self.r), ctypes.byref(self.b))
        self.origin_refs = (ctypes.byref(self.ox), ctypes.byref(self.oy))

    def glyph(self, i: int, ch: str) -> Glyph:
        """Character ``i`` on its own: its box, origin and font size (three calls into pdfium)."""
        c, raw = self.c, self.raw
        if ch in "\r\n":
            return Glyph(ch, 0, 0, 0, 0, 0, 0)
        c.FPDFText_GetCharBox(raw, i, *self.box_refs)
        c.FPDFText_GetCharOrigin(raw, i, *self.origin_refs)
        h = self.height
        return Glyph(ch, self.l.value, self.r.value, h - self.t.value, h - self.b.value, h - self.oy.value,
                     c.FPDFText_GetFontSize(raw, i))

    def char_x0(self, i: int) -> float:
        self.c.FPDFText_GetCharBox(self.raw, i, *self.box_refs)
        return self.l.value

    def run(self, text: str, start: int, counted: bool = False) -> Run | None:
        """Characters ``start``.. (``text``, no space among them, one pdfium rectangle) as one Run, or
        None when they are not one horizontal word that no decision looks inside: they are then read one
        by one (rotated text, letter-spaced text, a line-end hyphen pdfium generated). A gap inside one
        text object wide enough to end a segment (2.5 em, or 1 em at the gutter) is letter spacing or a
        kerning pdfium marks with a generated space, which ends the run. ``counted``: pdfium's last
        rectangles were counted on these characters, one."""
        c, raw, s = self.c, self.raw, self.settings
        n = len(text)
        if not counted and c.FPDFText_CountRects(raw, start, n) != 1:
            return None
        c.FPDFText_GetRect(raw, 0, *self.rect_refs)
        size = c.FPDFText_GetFontSize(raw, start)
        x0, x1, top, bottom = self.l.value, self.r.value, self.t.value, self.b.value
        if top - bottom > s.run_height * size or (n > 1 and x1 - x0 > s.run_advance * size * (n - 0.5)):
            return None
        if ("\x02" in text or "\ufffe" in text) and any(
                c.FPDFText_IsGenerated(raw, start + k) for k, ch in enumerate(text) if ch in "\x02\ufffe"):
            return None
        c.FPDFText_GetCharOrigin(raw, start, *self.origin_refs)
        h = self.height
        return Run(text, x0, x1, h - top, h - bottom, h - self.oy.value, size, start + n - 1)

    def pieces(self, text: str, start: int) -> list:
        """A word of the page (``text`` from ``start``) as Runs, one per text object it is drawn with
        (``11.0 months`` + a superscript ``12``), found by halving; what is not a Run as its Glyphs."""
        c, raw = self.c, self.raw
        out: list = []
        i = 0
        while i < len(text):
            hi = len(text) - i  # the longest prefix drawn as one rectangle
            whole = c.FPDFText_CountRects(raw, start + i, hi) == 1
            if not whole:
                lo, hi = 0, hi - 1
                while lo < hi:
                    mid = (lo + hi + 1) // 2
                    lo, hi = (mid, hi) if c.FPDFText_CountRects(raw, start + i, mid) <= 1 else (lo, mid - 1)
                hi = lo
            run = self.run(text[i:i + hi], start + i, counted=whole) if hi else None
            out.extend([run] if run is not None else [self.glyph(k, text[k - start]) for k in
                                                      range(start + i, start + i + max(hi, 1))])
            i += max(hi, 1)
        return out

    def free_space(self, i: int, before, after) -> bool:
        """Whether the space ``i`` between two items of the page needs no geometry of its own: one
        pdfium generated, or one inside the text object of both, between two runs of one line close
        together, may stand where the run before ends (no decision then depends on where exactly)."""
        c, raw = self.c, self.raw
        return self._close(before, after) and bool(c.FPDFText_IsGenerated(raw, i) or c.FPDFText_CountRects(raw, i - 1, 3) == 1)

    def _close(self, before, after) -> bool:
        """Whether two words are on one baseline in one size, and so close that neither the gap rule nor
        the gutter rule of :func:`_breaks` could end a segment between them, wherever a space stands."""
        if before is None or after is None or before.ch.isspace() or after.ch.isspace():
            return False
        size = before.size
        if before.base != after.base or size != after.size:
            return False
        s, width = self.settings, self.width
        mid, band, slack = width / 2, s.gutter * width, s.space_overlap * size
        near = width > 0 and before.x1 - slack <= mid + band and after.x0 >= mid - band
        return -s.space_overlap * size <= after.x0 - before.x1 <= (s.space_gap if near else s.space_gap_outside) * size


def _glyphs(textpage, height: float) -> list[Glyph]:
    """Every character of a pdfium text page, in its text order, with ``top``/``bottom``/``base``
    measured from the top of the page. pdfium's own line breaks come as ``\r``/``\n`` glyphs."""
    import pypdfium2.raw as pdfium_c

    n = textpage.count_chars()
    if n <= 0:
        return []
    text = textpage.get_text_range(0, n)
    if len(text) != n:  # characters outside the BMP: one at a time
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i)) for i in range(n))
    reader = _CharReader(textpage, height)
    c, raw, h, new = reader.c, reader.raw, height, tuple.__new__
    get_box, get_origin, font_size = c.FPDFText_GetCharBox, c.FPDFText_GetCharOrigin, c.FPDFText_GetFontSize
    b1, b2, b3, b4 = reader.box_refs
    o1, o2 = reader.origin_refs
    l, r, b, t, oy = reader.l, reader.r, reader.b, reader.t, reader.oy
    out = []
    for i, ch in enumerate(text):  # what _CharReader.glyph does, its calls made here for speed
        if ch in _BREAKS:
            out.append(_BREAKS[ch])
            continue
        get_box(raw, i, b1, b2, b3, b4)
        get_origin(raw, i, o1, o2)
        out.append(new(Glyph, (ch, l.value, r.value, h - t.value, h - b.value, h - oy.value, font_size(raw, i))))
    return out


_TOKEN = re.compile(r"\S+|\s")
_BREAKS = {ch: Glyph(ch, 0, 0, 0, 0, 0, 0) for ch in "\r\n"}  # pdfium's line breaks
_SPACE = Glyph(" ", 0, 0, 0, 0, 0, 0)  # a space between words, before it is read (:func:`_resolve_spaces`)


def _runs(textpage, height: float, width: float, settings: TextLayerSettings = SETTINGS,
          exact_spaces: bool = False) -> tuple[list, _CharReader] | None:
    """The text of a page as Runs (words), spaces and line breaks as Glyphs, from one ``get_text_range``
    and a rectangle per run; a run that is not one (:meth:`_CharReader.run`) as its Glyphs. None for a
    page pdfium's rectangles show drawing one object per glyph, or with characters outside the BMP:
    it is read glyph by glyph (:func:`_glyphs`). ``exact_spaces``: every space read as a glyph, no two
    words joined (a page whose tables are split by the centre of every character)."""
    import pypdfium2.raw as pdfium_c

    n = textpage.count_chars()
    text = textpage.get_text_range(0, n) if n > 0 else ""
    if len(text) != n:
        return None
    tokens = _TOKEN.findall(text)
    ink = len("".join(text.split()))  # the characters that are not spaces
    if n and pdfium_c.FPDFText_CountRects(textpage.raw, 0, n) >= settings.glyph_page_rects * max(ink, 1):
        return None
    reader = _CharReader(textpage, height, width, settings)
    items, spaces = _word_items(reader, tokens)
    if exact_spaces:
        return [reader.glyph(spaces[k], " ") if it is _SPACE else tuple.__new__(Run, it) if type(it) is tuple else it
                for k, it in enumerate(items)], reader
    return _resolve_spaces(reader, items, spaces), reader


def _word_items(reader: _CharReader, tokens: list[str]) -> tuple[list, dict[int, int]]:
    """The tokens of a page as items: a word drawn with one text object as the plain tuple of a Run
    (what :meth:`_CharReader.run` does, its calls made here for speed; :func:`_resolve_spaces` makes
    the Runs), other words as their pieces (:meth:`_CharReader.pieces`), line breaks as Glyphs; a
    space between words as ``_SPACE``, with its index on the page in ``spaces`` (by its index among the
    items)."""
    c, raw, h, s = reader.c, reader.raw, reader.height, reader.settings
    count, get_rect, font_size, origin = (c.FPDFText_CountRects, c.FPDFText_GetRect, c.FPDFText_GetFontSize,
                                          c.FPDFText_GetCharOrigin)
    rl, rt, rr, rb = reader.rect_refs
    ro, rs = reader.origin_refs
    l, t, r, b, oy = reader.l, reader.t, reader.r, reader.b, reader.oy
    height, advance = s.run_height, s.run_advance
    out: list = []
    spaces: dict[int, int] = {}
    pos = 0
    for tok in tokens:
        n = len(tok)
        if tok == " ":
            spaces[len(out)] = pos
            out.append(_SPACE)
        elif tok in _BREAKS:
            out.append(_BREAKS[tok])
        elif tok.isspace():
            out.append(reader.glyph(pos, tok))
        elif count(raw, pos, n) == 1 and "\x02" not in tok and "\ufffe" not in tok:
            get_rect(raw, 0, rl, rt, rr, rb)
            size = font_size(raw, pos)
            x0, x1, top, bottom = l.value, r.value, t.value, b.value
            if top - bottom > height * size or (n > 1 and x1 - x0 > advance * size * (n - 0.5)):
                out.extend(reader.pieces(tok, pos))
            else:
                origin(raw, pos, ro, rs)
                out.append((tok, x0, x1, h - top, h - bottom, h - oy.value, size, pos + n - 1, None))
        else:
            out.extend(reader.pieces(tok, pos))
        pos += n
    return out, spaces


def _resolve_spaces(reader: _CharReader, items: list, spaces: dict[int, int]) -> list:
    """``items`` with their spaces read: a free space (:meth:`_CharReader.free_space`, its test made
    here for speed) between two Runs of one line, the second not left of the first, joins them into one
    Run (:func:`_joined`); another free space stands where the item before ends; any other space is
    read as a glyph. :func:`glyph_lines` reads a joined Run as it reads its words and the space
    between: none of its rules could end a segment there or move a word, and a line's size and
    baseline count characters. A space's neighbour that is a space (``_SPACE``, or read; also
    beyond either end) is no word: no space is free next to another. Items are read by position (Run, Glyph and the plain tuples of
    :func:`_word_items` share their first fields)."""
    s, width, raw = reader.settings, reader.width, reader.raw
    generated, count = reader.c.FPDFText_IsGenerated, reader.c.FPDFText_CountRects
    mid, band, overlap = width / 2, s.gutter * width, s.space_overlap
    lo, hi, gap_in, gap_out = mid - band, mid + band, s.space_gap, s.space_gap_outside
    words = (tuple, Run)
    out: list = []
    chain: list = []  # the Run being read: its words, joined at free spaces
    join = False
    last = len(items) - 1
    for k, it in enumerate(items):
        if it is _SPACE:
            i = spaces[k]
            b, a = items[k - 1] if k else _SPACE, items[k + 1] if k < last else _SPACE
            if b[0].isspace() or a[0].isspace() or b[5] != a[5] or b[6] != a[6]:
                space = reader.glyph(i, " ")
            else:
                size, x1, x0 = b[6], b[2], a[1]
                near = width > 0 and x1 - overlap * size <= hi and x0 >= lo
                if not (-overlap * size <= x0 - x1 <= (gap_in if near else gap_out) * size) or not (
                        generated(raw, i) or count(raw, i - 1, 3) == 1):
                    space = reader.glyph(i, " ")
                elif type(b) in words and type(a) in words and x0 >= b[1] and a[2] >= x1:
                    join = True
                    continue
                else:
                    space = tuple.__new__(Glyph, (" ", x1, x0, b[3], b[4], b[5], size))
            if chain:
                out.append(_joined(chain))
                chain = []
            out.append(space)
        elif join:
            chain.append(it)
            join = False
        else:
            if chain:
                out.append(_joined(chain))
                chain = []
            if type(it) in words:
                chain = [it]
            else:
                out.append(it)
    if chain:
        out.append(_joined(chain))
    return out


def _joined(words: list) -> Run:
    """One Run of words joined at free spaces (plain tuples or Runs): its text holds the spaces, its
    box is theirs, ``base``, ``size`` its first word's, ``last`` and ``lead`` its last word's."""
    first, end = words[0], words[-1]
    if len(words) == 1:
        return first if type(first) is Run else tuple.__new__(Run, first)
    return tuple.__new__(Run, (" ".join([w[0] for w in words]), first[1], end[2], min([w[3] for w in words]),
                               max([w[4] for w in words]), first[5], first[6], end[7], end[1]))


RULING_SEGMENTS = 12  # path segments a page needs before ruled tables are looked for on it


def _ruled(page) -> bool:
    """Whether a page has enough vector line segments to hold a ruled table (only then is pdfplumber
    run): a table drawn as one path of many segments counts as well as one drawn line by line."""
    import pypdfium2.raw as pdfium_c

    from .pdf_rulings import path_objects

    n = 0
    for obj in path_objects(page):
        n += max(1, pdfium_c.FPDFPath_CountSegments(obj))
        if n >= RULING_SEGMENTS:
            return True
    return False


def read_pdf(data: bytes, max_pages: int, tables: bool = True) -> tuple[str, list[int]]:
    """The normalized text of a PDF and the start offset of every page (see :func:`join_document`)."""
    page_lines, sizes = read_pdf_lines(data, max_pages, tables)
    orders = [reading_order(lines, w) for lines, (w, _) in zip(page_lines, sizes)]
    vocab = vocabulary([_raw_text([ln for _, ln in o]) for o in orders])
    leading = line_spacing([d for o in orders for d in baseline_steps(o)])
    widths = [column_width(lines) for lines in page_lines]
    return join_document([paragraphs(o, leading) for o in orders], vocab, widths)


def read_pdf_pages(data: bytes, max_pages: int, tables: bool = True) -> list[str]:
    """The text of every page of a PDF, each page on its own (see the module docstring)."""
    page_lines, sizes = read_pdf_lines(data, max_pages, tables)
    orders = [reading_order(lines, w) for lines, (w, _) in zip(page_lines, sizes)]
    vocab = vocabulary([_raw_text([ln for _, ln in o]) for o in orders])
    leading = line_spacing([d for o in orders for d in baseline_steps(o)])
    return [render_paragraphs(paragraphs(o, leading), vocab) for o in orders]


# the characters one page may draw: a dense two-column page holds about 10,000; a page drawing millions
# (one small compressed stream repeated) would take minutes and gigabytes to lay out
MAX_CHARS_PER_PAGE = 200_000


def read_pdf_lines(data: bytes, max_pages: int, tables: bool = True) -> tuple[list[list[Line]], list[tuple[float, float]]]:
    """The lines of every page (running headers and footers dropped, tables as table Lines) and every
    page's size. ``tables=False`` skips pdfplumber. Raises IngestError for a PDF that cannot be read."""
    from .ingest import IngestError

    try:
        import pypdfium2 as pdfium
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise IngestError("PDF support needs pypdfium2 (pip install pypdfium2)") from exc
    if not data.startswith(b"%PDF"):
        raise IngestError("not a PDF file (no %PDF header)")
    if b"%%EOF" not in data[-8192:]:
        raise IngestError("truncated PDF: the file ends before its %%EOF marker; get the complete file")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise IngestError(_open_error(exc, data)) from None
    plumber = [None]  # pdfplumber's document, opened on the first ruled page
    try:
        n = len(pdf)
        if n == 0:
            raise IngestError("PDF has zero pages")
        if n > max_pages:
            raise IngestError(f"PDF has {n} pages, over the {max_pages}-page limit (raise it with --max-pages)")
        page_lines: list[list[Line]] = []
        sizes: list[tuple[float, float]] = []
        for i in range(n):
            page = pdf[i]
            try:
                sizes.append(page.get_size())
                page_lines.append(_page_lines(page, i, data, tables, plumber))
            finally:
                page.close()
    finally:
        pdf.close()
        if plumber[0] is not None:
            plumber[0].close()
    drops = running_lines(page_lines, [h for _, h in sizes])
    return [[ln for k, ln in enumerate(lines) if k not in drop] for lines, drop in zip(page_lines, drops)], sizes


def _page_lines(page, i: int, data: bytes, tables: bool, plumber: list) -> list[Line]:
    """The lines of page ``i``: read from pdfium's text runs, or glyph by glyph where the page draws one
    object per glyph (see :func:`_runs`); the ruled tables found on a page with ruling lines
    (``plumber[0]``: pdfplumber's document, opened when first needed) are split off its runs by
    :func:`split_tables`."""
    from .ingest import IngestError

    w, h = page.get_size()
    tp = page.get_textpage()
    try:
        count = tp.count_chars()
        if count > MAX_CHARS_PER_PAGE:  # a page of millions of glyphs is no text page
            raise IngestError(f"page {i + 1} draws {count:,} characters, over the "
                              f"{MAX_CHARS_PER_PAGE:,} a page of text can hold")
        if count <= 0:
            return []
        found = _ruled_tables(page, h, i, data, plumber) if tables and _ruled(page) else []
        if found:
            read = _runs(tp, h, w, exact_spaces=True)
            items, reader = (_glyphs(tp, h), None) if read is None else read
            items, blocks = split_tables(items, found, reader)
            return glyph_lines(items, w, reader and reader.char_x0) + blocks
        read = _runs(tp, h, w)
        if read is None:
            return glyph_lines(_glyphs(tp, h), w)
        return glyph_lines(read[0], w, read[1].char_x0)
    finally:
        tp.close()


def _open_error(exc, data: bytes) -> str:
    """One line for a PDF pdfium cannot open. pdfium's error code is not trusted: it is the last one
    pdfium set, possibly for another document, so the file itself is looked at."""
    if re.search(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)", data[-65536:]) or b"/Encrypt" in data[:65536]:
        return "encrypted PDF: a password is required; decrypt it first"
    if _page_count(data) == 0:
        return "PDF has zero pages"
    return "corrupt PDF: its structure cannot be parsed (a damaged file?); get an intact copy"


def _page_count(data: bytes) -> int | None:
    """The page count pdfminer reads (pdfium opens no document with an empty page tree)."""
    import io

    try:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as doc:
            return len(doc.pages)
    except Exception:
        return None


def _raw_text(lines: list[Line]) -> str:
    parts = []
    for ln in lines:
        if ln.kind == "table":
            parts.extend(x for row in ln.rows for cell in row for x in cell)
        else:
            parts.append(ln.text)
    return "\n".join(parts)


def _tables_on(plumber, i: int) -> list:
    """The ruled tables of page ``i`` (none when pdfplumber cannot open the document or the page: the
    page's text is still read, only not as a table)."""
    if plumber is None:
        return []
    try:
        page = plumber.pages[i]
        found = plumber_table_cells(page)
        page.close()
        return found
    except Exception:  # pdfminer fails on what pdfium read: tables are a bonus, the text is not lost
        return []


def _ruled_tables(page, h: float, i: int, data: bytes, plumber: list) -> list:
    """The ruled tables of page ``i``, from pdfium's path objects (:mod:`pipeline.pdf_rulings`), or
    from pdfplumber (``plumber[0]``, opened when first needed) where ``RULINGS.pdfplumber`` says so."""
    from .pdf_rulings import RULINGS, find_tables, page_edges

    if RULINGS.pdfplumber:
        if plumber[0] is None:
            plumber[0] = _open_plumber(data)
        return _tables_on(plumber[0], i)
    try:
        return find_tables(page_edges(page, h))
    except Exception:  # a path pdfium cannot describe: the page's text is still read, only not as a table
        return []


def _open_plumber(data: bytes):
    import io

    try:
        import pdfplumber

        return pdfplumber.open(io.BytesIO(data))
    except Exception:  # pdfminer cannot parse what pdfium could: read the text without tables
        return None
