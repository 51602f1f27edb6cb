"""Ruled tables from pdfium's own path objects, for :mod:`pipeline.pdf`.

The algorithm mirrors pdfplumber's default ``find_tables()`` (``lines`` strategies): edges ->
snapped and joined edges -> intersections -> cells -> tables -> rows of cell boxes. Coordinates are
pdfplumber's: x from the left of the page, ``top``/``bottom`` from its top; pdfium's float32 points
are read back as the shortest decimal they round-trip to (the number the content stream wrote, as
pdfminer parses it), so the cell boxes are pdfplumber's to the last bit on the fixtures.
"""
from __future__ import annotations

import itertools
import struct
from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class RulingSettings:
    """pdfplumber's default table settings, as the ruled-table finder uses them."""

    snap_tolerance: float = 3
    join_tolerance: float = 3
    edge_min_length: float = 3
    edge_min_length_prefilter: float = 1
    intersection_tolerance: float = 3
    pdfplumber: bool = False  # find the tables with pdfplumber itself (the reference; 5-10x slower)


RULINGS = RulingSettings()


class Edge(NamedTuple):
    """A horizontal (``h``) or vertical (``v``) ruling: ``x0 <= x1``, ``top <= bottom``."""

    orientation: str
    x0: float
    top: float
    x1: float
    bottom: float


def polyline_edges(points: list[tuple[float, float]]) -> list[Edge]:
    """The edges between consecutive points (page coordinates from the top); diagonal ones dropped."""
    out = []
    for (ax, ay), (bx, by) in zip(points, points[1:]):
        if ax == bx and ay != by:
            out.append(Edge("v", ax, min(ay, by), bx, max(ay, by)))
        elif ay == by and ax != bx:
            out.append(Edge("h", min(ax, bx), ay, max(ax, bx), by))
    return out


def _clusters(values: list[float], tol: float) -> dict[float, int]:
    groups: dict[float, int] = {}
    k, last = -1, None
    for v in sorted(set(values)):
        if last is None or v > last + tol:
            k += 1
        groups[v] = k
        last = v
    return groups


def snap(edges: list[Edge], tol: float) -> list[Edge]:
    """Edges of one orientation within ``tol`` of one another moved to their average position."""
    out = []
    for o, key in (("v", 1), ("h", 2)):
        group = [e for e in edges if e.orientation == o]
        ids = _clusters([e[key] for e in group], tol)
        by: dict[int, list[Edge]] = {}
        for e in sorted(group, key=lambda e: ids[e[key]]):
            by.setdefault(ids[e[key]], []).append(e)
        for members in by.values():
            avg = sum(e[key] for e in members) / len(members)
            for e in members:
                d = avg - e[key]
                out.append(e._replace(x0=e.x0 + d, x1=e.x1 + d) if o == "v" else e._replace(top=e.top + d, bottom=e.bottom + d))
    return out


def join(edges: list[Edge], tol: float) -> list[Edge]:
    """Edges on one line whose ends come within ``tol`` of one another joined into one."""
    def group(e: Edge):
        return (e.orientation, e.top if e.orientation == "h" else e.x0)

    out = []
    for (o, _), items in itertools.groupby(sorted(edges, key=group), key=group):
        lo, hi = (1, 3) if o == "h" else (2, 4)
        joined: list[Edge] = []
        for e in sorted(items, key=lambda e: e[lo]):
            if joined and e[lo] <= joined[-1][hi] + tol:
                if e[hi] > joined[-1][hi]:
                    joined[-1] = joined[-1]._replace(**{Edge._fields[hi]: e[hi]})
            else:
                joined.append(e)
        out.extend(joined)
    return out


def _length(e: Edge) -> float:
    return e.x1 - e.x0 if e.orientation == "h" else e.bottom - e.top


def merged_edges(edges: list[Edge], s: RulingSettings = RULINGS) -> list[Edge]:
    """pdfplumber's ``get_edges``: prefilter, snap, join, then drop the short ones."""
    edges = [e for e in edges if _length(e) >= s.edge_min_length_prefilter]
    edges = [e for e in edges if e.orientation == "v"] + [e for e in edges if e.orientation == "h"]
    if s.snap_tolerance > 0:
        edges = snap(edges, s.snap_tolerance)
    return [e for e in join(edges, s.join_tolerance) if _length(e) >= s.edge_min_length]


def intersections(edges: list[Edge], tol: float) -> dict[tuple[float, float], tuple[set, set]]:
    """The points where a vertical and a horizontal edge meet (within ``tol``), with the edges there."""
    vs = sorted((e for e in edges if e.orientation == "v"), key=lambda e: (e.x0, e.top))
    hs = sorted((e for e in edges if e.orientation == "h"), key=lambda e: (e.top, e.x0))
    out: dict[tuple[float, float], tuple[set, set]] = {}
    for v in vs:
        for h in hs:
            if v.top <= h.top + tol and v.bottom >= h.top - tol and h.x0 - tol <= v.x0 <= h.x1 + tol:
                pv, ph = out.setdefault((v.x0, h.top), (set(), set()))
                pv.add(v[1:])
                ph.add(h[1:])
    return out


def cells(points: dict) -> list[tuple[float, float, float, float]]:
    """The smallest cell whose top-left corner is each point, its four sides on common edges."""
    def connects(p, q) -> bool:
        return (p[0] == q[0] and bool(points[p][0] & points[q][0])) or \
               (p[1] == q[1] and bool(points[p][1] & points[q][1]))

    pts = sorted(points)
    out = []
    for i, pt in enumerate(pts[:-1]):
        rest = pts[i + 1:]
        below = [q for q in rest if q[0] == pt[0] and connects(pt, q)]
        right = [q for q in rest if q[1] == pt[1] and connects(pt, q)]
        cell = next(((pt[0], pt[1], r[0], b[1]) for b in below for r in right
                     if (r[0], b[1]) in points and connects((r[0], b[1]), r) and connects((r[0], b[1]), b)), None)
        if cell is not None:
            out.append(cell)
    return out


def group_tables(found: list[tuple]) -> list[list[tuple]]:
    """Cells grouped into tables by shared corners, top-to-bottom then left-to-right; one-cell ones dropped."""
    remaining = list(found)
    corners: set = set()
    current: list = []
    tables = []
    while remaining:
        before = len(current)
        for c in list(remaining):
            cc = ((c[0], c[1]), (c[0], c[3]), (c[2], c[1]), (c[2], c[3]))
            if not current or any(p in corners for p in cc):
                corners |= set(cc)
                current.append(c)
                remaining.remove(c)
        if len(current) == before:
            tables.append(list(current))
            corners.clear()
            current.clear()
    if current:
        tables.append(list(current))
    return [t for t in sorted(tables, key=lambda t: min((c[1], c[0]) for c in t)) if len(t) > 1]


def table_rows(table: list[tuple]) -> tuple[tuple, list[list[tuple | None]]]:
    """A table's bbox and its rows of cells (None where a merged cell leaves a gap), as pdfplumber's."""
    bbox = (min(c[0] for c in table), min(c[1] for c in table), max(c[2] for c in table), max(c[3] for c in table))
    xs = sorted({c[0] for c in table})
    rows = []
    for _, row in itertools.groupby(sorted(table, key=lambda c: (c[1], c[0])), key=lambda c: c[1]):
        at = {c[0]: c for c in row}
        rows.append([at.get(x) for x in xs])
    return bbox, rows


def find_tables(edges: list[Edge], s: RulingSettings = RULINGS) -> list[tuple[tuple, list[list[tuple | None]]]]:
    """The ruled tables the edges draw, as ``plumber_table_cells`` returns them."""
    points = intersections(merged_edges(edges, s), s.intersection_tolerance)
    found = []
    for t in group_tables(cells(points)):
        bbox, rows = table_rows(t)
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            found.append((bbox, rows))
    return found


_OBJECT_CALLS = None


def _object_calls():
    """pdfium's page-object walk as plain C function pointers on ``void *`` handles (pypdfium2's typed
    wrappers convert their pointer arguments at several times the cost of the call)."""
    global _OBJECT_CALLS
    if _OBJECT_CALLS is None:
        import ctypes

        import pypdfium2.raw as pdfium_c

        def fn(name, restype, *argtypes):
            return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value)

        vp, i = ctypes.c_void_p, ctypes.c_int
        _OBJECT_CALLS = (fn("FPDFPage_CountObjects", i, vp), fn("FPDFPage_GetObject", vp, vp, i),
                         fn("FPDFFormObj_CountObjects", i, vp), fn("FPDFFormObj_GetObject", vp, vp, i),
                         fn("FPDFPageObj_GetType", i, vp))
    return _OBJECT_CALLS


def path_objects(page, max_depth: int = 3) -> list:
    """The raw handles of a pypdfium2 page's path objects, in the order of pypdfium2's
    ``get_objects(filter=[FPDF_PAGEOBJ_PATH], max_depth=3)`` (form XObjects descended into), without
    its helper object per page object."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    calls = _object_calls()
    out: list = []
    _walk(calls, False, ctypes.cast(page.raw, ctypes.c_void_p).value, max_depth - 1, out)
    return [ctypes.cast(obj, pdfium_c.FPDF_PAGEOBJECT) for obj in out]


def _walk(calls, form: bool, parent, depth: int, out: list) -> None:
    """Append the path objects of ``parent`` (a page, or a ``form`` object) to ``out``, descending
    into the form objects ``depth`` levels deep (``calls``: :func:`_object_calls`)."""
    import pypdfium2.raw as pdfium_c

    form_type, path_type = pdfium_c.FPDF_PAGEOBJ_FORM, pdfium_c.FPDF_PAGEOBJ_PATH
    count, get = calls[2:4] if form else calls[0:2]
    get_type = calls[4]
    for i in range(count(parent)):
        obj = get(parent, i)
        kind = get_type(obj)
        if kind == path_type:
            out.append(obj)
        elif kind == form_type and depth > 0:
            _walk(calls, True, obj, depth - 1, out)


def page_edges(page, height: float) -> list[Edge]:
    """The edges of a pypdfium2 page's path objects (segment points through each object's matrix)."""
    import pypdfium2.raw as pdfium_c

    out: list[Edge] = []
    x, y = ctypes_floats()
    m = pdfium_c.FS_MATRIX()
    decimals: dict[float, float] = {}  # a ruled page repeats its coordinates

    def _dec(v: float) -> float:
        r = decimals.get(v)
        if r is None or not v:  # (0.0 and -0.0 are one key)
            r = decimals[v] = shortest_decimal(v)
        return r

    for obj in path_objects(page):
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
            raise ValueError("a path object without a matrix")
        a, b, c, d, e, f = (_dec(v) for v in (m.a, m.b, m.c, m.d, m.e, m.f))
        sub: list[tuple[float, float]] = []
        for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
            pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
            px, py = _dec(x.value), _dec(y.value)
            px, py = a * px + c * py + e, b * px + d * py + f
            if pdfium_c.FPDFPathSegment_GetType(seg) == pdfium_c.FPDF_SEGMENT_MOVETO and sub:
                out.extend(polyline_edges(sub))
                sub = []
            sub.append((px, height - py))
            if pdfium_c.FPDFPathSegment_GetClose(seg) and sub:
                sub.append(sub[0])
        out.extend(polyline_edges(sub))
    return out


def shortest_decimal(v: float) -> float:
    """The shortest decimal that reads back as pdfium's float32 ``v``: the number the content stream
    wrote, as pdfminer parses it (so the boxes come out as pdfplumber's, to the last bit)."""
    for p in range(1, 10):
        r = float(f"{v:.{p}g}")
        if _F32.unpack(_F32.pack(r))[0] == v:
            return r
    return v


_F32 = struct.Struct("f")


def ctypes_floats():
    import ctypes

    return ctypes.c_float(), ctypes.c_float()
