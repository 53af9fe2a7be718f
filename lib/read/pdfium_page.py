"""A PDF page's characters and drawn rules read with pypdfium2 (PDFium, in C: 2–3 ms a page,
where pdfminer's Python interpreter takes 50), shaped as pdfplumber's objects so pdfplumber's
table finder and text-line grouping still do the geometry.

Characters: PDFium's loose boxes (font ascent to descent, advance width), as pdfminer gives
them; characters PDFium generates itself (spaces and line ends it infers) are left out.
Rules: every straight, axis-parallel segment of every path (rectangles, lines and polylines,
also inside form XObjects), in page coordinates, with the path's fill and stroke so white
boxes painted behind text can be told from rules.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass, field, replace

import pypdfium2 as pdfium
import pypdfium2.raw as c
from pdfplumber.utils.text import chars_to_textmap

from lib.read.pdf_grid import find_tables

_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_SKIP = frozenset("\r\n\x02\ufffe\uffff")


def _mul(m: _Matrix, n: _Matrix) -> _Matrix:
    """m then n (row vectors, as PDF composes: a point goes through m first)."""
    a, b, c_, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c_ * A + d * C, c_ * B + d * D,
            e * A + f * C + E, e * B + f * D + F)  # fmt: skip


@dataclass
class PdfPage:
    """What page_blocks needs of a page: chars, paths (edges with their paint), images."""

    width: float
    height: float
    chars: list[dict]
    paths: list[dict] = field(default_factory=list)  # {"edges", "fill", "stroke", "color"}
    images: int = 0

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0.0, 0.0, self.width, self.height)

    @property
    def edges(self) -> list[dict]:
        return [e for p in self.paths for e in p["edges"]]

    def with_chars(self, chars: list[dict]) -> PdfPage:
        return replace(self, chars=chars)

    def with_paths(self, paths: list[dict]) -> PdfPage:
        return replace(self, paths=paths)

    def deduped(self, tolerance: float = 1) -> PdfPage:
        """Glyphs drawn twice (fake bold) once: same text and size within `tolerance` points.
        (pdfplumber's dedupe_chars restores the order with list.index: quadratic.)"""
        groups: dict[tuple, list[int]] = {}
        for i, ch in enumerate(self.chars):
            groups.setdefault((ch["text"], ch["size"]), []).append(i)
        drop: set[int] = set()
        for idx in groups.values():
            if len(idx) < 2:
                continue
            idx.sort(key=lambda i: (self.chars[i]["top"], self.chars[i]["x0"]))
            kept: list[dict] = []  # of this group, by top: only the last few can be near
            for i in idx:
                ch = self.chars[i]
                while kept and ch["top"] - kept[0]["top"] > tolerance:
                    kept.pop(0)
                if any(abs(k["x0"] - ch["x0"]) <= tolerance for k in kept):
                    drop.add(i)
                else:
                    kept.append(ch)
        if not drop:
            return self
        return self.with_chars([ch for i, ch in enumerate(self.chars) if i not in drop])

    def find_tables(self, extra_h: list[dict] | None = None) -> list:
        return find_tables(self, extra_h)

    def text_lines(self) -> list[dict]:
        if not self.chars:
            return []
        return chars_to_textmap(self.chars).extract_text_lines(strip=True, return_chars=True)


def _chars(textpage, top: float, left: float, slanted: bool) -> list[dict]:
    """The page's characters; their angle is asked only when some text object is slanted."""
    n = c.FPDFText_CountChars(textpage)
    buf = ctypes.create_string_buffer((n + 1) * 2)
    got = c.FPDFText_GetText(textpage, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[: max(got - 1, 0) * 2].decode("utf-16-le", errors="replace")
    if len(text) != n:  # characters beyond the BMP: index by index
        text = "".join(chr(c.FPDFText_GetUnicode(textpage, i) or 0xFFFF) for i in range(n))
    out = []
    rect = c.FS_RECTF()
    for i, ch in enumerate(text):
        if ch in _SKIP or (ch == " " and c.FPDFText_IsGenerated(textpage, i) == 1):
            continue  # line ends and the spaces PDFium infers between words
        if not c.FPDFText_GetLooseCharBox(textpage, i, rect):
            continue
        x0, x1 = rect.left - left, rect.right - left
        t, b = top - rect.top, top - rect.bottom
        cos, sin = 1.0, 0.0
        if slanted:
            angle = c.FPDFText_GetCharAngle(textpage, i)
            if angle > 0:
                cos, sin = math.cos(angle), math.sin(angle)
        out.append({"object_type": "char", "text": ch, "x0": x0, "x1": x1, "top": t,
                    "bottom": b, "doctop": t, "width": x1 - x0, "height": b - t,
                    "size": round(b - t, 1), "fontname": "", "upright": abs(sin) < 0.1,
                    "matrix": (cos, sin, -sin, cos, 0.0, 0.0)})  # fmt: skip
    return out


def _edge(p: tuple[float, float], q: tuple[float, float], kind: str) -> dict | None:
    (x0, y0), (x1, y1) = p, q
    if abs(x0 - x1) < 0.01:
        orient = "v"
    elif abs(y0 - y1) < 0.01:
        orient = "h"
    else:
        return None  # a slanted stroke is no table rule
    xa, xb, ta, tb = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
    return {"object_type": kind, "orientation": orient, "x0": xa, "x1": xb, "top": ta,
            "bottom": tb, "doctop": ta, "width": xb - xa, "height": tb - ta}  # fmt: skip


def _color(get, obj) -> tuple[float, ...]:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not get(obj, r, g, b, a):
        return ()
    return (r.value / 255, g.value / 255, b.value / 255)


def _path(obj, m: _Matrix, top: float, left: float) -> dict | None:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not c.FPDFPath_GetDrawMode(obj, fill, stroke):
        return None
    if not fill.value and not stroke.value:
        return None  # a clipping path, not painted
    a, b, c_, d, e, f = m
    x, y = ctypes.c_float(), ctypes.c_float()
    pts: list[tuple[float, float]] = []
    edges: list[dict] = []
    start = None
    n = c.FPDFPath_CountSegments(obj)
    kind = "rect_edge" if n in (4, 5) else "line" if n == 2 else "curve_edge"
    for k in range(n):
        seg = c.FPDFPath_GetPathSegment(obj, k)
        if not c.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        pt = (a * x.value + c_ * y.value + e - left, top - (b * x.value + d * y.value + f))
        typ = c.FPDFPathSegment_GetType(seg)
        if typ == c.FPDF_SEGMENT_MOVETO or not pts:
            start = pt
        elif typ == c.FPDF_SEGMENT_LINETO:
            ed = _edge(pts[-1], pt, kind)
            if ed:
                edges.append(ed)
        pts.append(pt)
        if c.FPDFPathSegment_GetClose(seg) and start is not None and start != pt:
            ed = _edge(pt, start, kind)
            if ed:
                edges.append(ed)
    if not edges:
        return None
    return {"edges": edges, "fill": bool(fill.value), "stroke": bool(stroke.value),
            "color": _color(c.FPDFPageObj_GetFillColor, obj)}  # fmt: skip


def _matrix(obj) -> _Matrix:
    m = c.FS_MATRIX()
    if not c.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _objects(page, count, get, parent: _Matrix, depth: int = 0):
    """(object, type, matrix to page space) of every object, inside form XObjects too."""
    for i in range(count(page)):
        obj = get(page, i)
        if not obj:
            continue
        typ = c.FPDFPageObj_GetType(obj)
        if typ == c.FPDF_PAGEOBJ_FORM:
            if depth < 8:
                m = _mul(_matrix(obj), parent)
                yield from _objects(obj, c.FPDFFormObj_CountObjects, c.FPDFFormObj_GetObject,
                                    m, depth + 1)  # fmt: skip
        else:
            yield obj, typ, parent


def read_page(page: pdfium.PdfPage) -> PdfPage:
    left, bottom, right, top = page.get_bbox()  # the page box in effect (inherited too)
    paths: list[dict] = []
    images = 0
    slanted = False
    objs = _objects(page.raw, c.FPDFPage_CountObjects, c.FPDFPage_GetObject, _IDENTITY)
    for obj, typ, parent in objs:
        if typ == c.FPDF_PAGEOBJ_PATH:
            p = _path(obj, _mul(_matrix(obj), parent), top, left)
            if p is not None:
                paths.append(p)
        elif typ == c.FPDF_PAGEOBJ_TEXT and not slanted:
            a, b, *_ = _mul(_matrix(obj), parent)
            slanted = abs(b) > 1e-3 * max(abs(a), 1e-9)
        elif typ == c.FPDF_PAGEOBJ_IMAGE:
            images += 1
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage, top, left, slanted)
    finally:
        textpage.close()
    return PdfPage(right - left, top - bottom, chars, paths, images)
