"""Ruled tables from a page's rules: pdfplumber's "lines" strategy with its default tolerances
(snap and join 3 pt, edges of 3 pt or more, intersections within 3 pt), with the cell search
indexed. pdfplumber's intersections_to_cells scans all later points for every point and
rebuilds the edge sets at each test; on a page whose every cell is its own rectangle (Word,
fpdf2) that was most of the reading time. Same cells, same tables."""

from __future__ import annotations

from collections import defaultdict

from pdfplumber.table import Table, cells_to_tables, edges_to_intersections, merge_edges
from pdfplumber.utils import filter_edges, obj_to_bbox, obj_to_edges

TOLERANCE = 3


def find_tables(page, extra_h: list[dict] | None = None) -> list[Table]:
    """Tables of `page` (anything with .edges), with `extra_h` horizontal rules added."""
    edges = filter_edges(page.edges, "v", min_length=1) + filter_edges(
        page.edges, "h", min_length=1
    )
    for obj in extra_h or ():
        edges += [e for e in obj_to_edges(obj) if e["orientation"] == "h"]
    edges = merge_edges(edges, TOLERANCE, TOLERANCE, TOLERANCE, TOLERANCE)
    edges = filter_edges(edges, min_length=TOLERANCE)
    cells = _cells(edges_to_intersections(edges, TOLERANCE, TOLERANCE))
    return [Table(page, group) for group in cells_to_tables(cells)]


def _cells(intersections: dict) -> list[tuple]:
    """Every smallest rectangle whose four corners are intersections joined by rules."""
    vs = {p: frozenset(map(obj_to_bbox, d["v"])) for p, d in intersections.items()}
    hs = {p: frozenset(map(obj_to_bbox, d["h"])) for p, d in intersections.items()}

    def joined(p: tuple, q: tuple) -> bool:
        return (p[0] == q[0] and not vs[p].isdisjoint(vs[q])) or (
            p[1] == q[1] and not hs[p].isdisjoint(hs[q])
        )

    points = sorted(intersections)
    same_x: dict[float, list] = defaultdict(list)
    same_y: dict[float, list] = defaultdict(list)
    for p in points:  # in sorted order: below a point come later in same_x, right in same_y
        same_x[p[0]].append(p)
        same_y[p[1]].append(p)
    out = []
    for pt in points:
        below = [q for q in same_x[pt[0]] if q[1] > pt[1]]
        right = [q for q in same_y[pt[1]] if q[0] > pt[0]]
        cell = _smallest(pt, below, right, intersections, joined)
        if cell is not None:
            out.append(cell)
    return out


def _smallest(pt, below, right, intersections, joined) -> tuple | None:
    for b in below:
        if not joined(pt, b):
            continue
        for r in right:
            if not joined(pt, r):
                continue
            corner = (r[0], b[1])
            if corner in intersections and joined(corner, r) and joined(corner, b):
                return (pt[0], pt[1], corner[0], corner[1])
    return None
