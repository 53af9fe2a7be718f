"""Scanned pages as the parser reads them: OCR text boxes → paragraphs and tables.

The page is deskewed with the boxes' own slope (a scan rotated by a few degrees). Rows are
anchored on the numbers: a label wrapped over lines joins the row its numbers are in, bounded
by the horizontal rules where the table is ruled. Where vertical rules cross a row, its cells
are the spaces between them (a rule broken by a seal is taken from the rows around it), so a
number the OCR missed leaves its own cell empty instead of shifting the row, and such a cell is
read again on its own; an unruled table gets columns from the numbers' positions. Every number
keeps where it was read and how sure the OCR was (`cell_where`, see lib.read.ocr.parse_where).
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass

from lib.document import Paragraph, Table
from lib.read.scan_words import mend_words

SURE = 0.8  # a number read less surely than this is read again from its cell alone
_NUMBER = re.compile(r"^[-－—–]?\d[\d,，]*(?:[.．]\d+)?%?$")
_LOOKALIKE = str.maketrans({"O": "0", "o": "0", "〇": "0", "D": "0", "Q": "0", "l": "1",
                            "I": "1", "|": "1", "i": "1", "!": "1"})  # fmt: skip


@dataclass
class Box:
    text: str
    conf: float
    x0: float  # deskewed page coordinates (pixels)
    x1: float
    y0: float
    y1: float
    where: tuple[float, float, float, float]  # original box, fractions of the page

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def h(self) -> float:
        return self.y1 - self.y0


_SPECK = "'\"`.,，。:：;；·、_~^*°”“‘’"  # dust read as punctuation at a number's ends
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _number(text: str) -> str | None:
    """The number a box holds (OCR look-alikes mended: 1O → 10, specks at its ends dropped:
    '61 → 61), else None."""
    t = text.strip().replace(" ", "").strip(_SPECK).translate(_LOOKALIKE)
    return t if t and _NUMBER.match(t) else None


def skew(raw) -> float:
    """The page's rotation (radians) from the top edges of the wider text boxes."""
    angles = []
    for quad, _t, _c in raw:
        (x0, y0), (x1, y1) = quad[0], quad[1]
        w, h = x1 - x0, abs(quad[3][1] - quad[0][1])
        if w > 2 * h > 0:
            angles.append(math.atan2(y1 - y0, x1 - x0))
    return statistics.median(angles) if len(angles) >= 3 else 0.0


def _rotation(angle: float, width: int, height: int) -> list[list[float]]:
    """The 2×3 affine matrix turning the page by -angle about its centre (deskew)."""
    a = -angle
    cos, sin = math.cos(a), math.sin(a)
    cx0, cy0 = width / 2, height / 2
    return [[cos, -sin, cx0 - cos * cx0 + sin * cy0], [sin, cos, cy0 - sin * cx0 - cos * cy0]]


def boxes_of(raw, width: int, height: int) -> list[Box]:
    """OCR results [(quad, text, conf)] → Boxes in deskewed page coordinates; a box holding
    several numbers apart ("0 0 0") becomes one box per number."""
    m = _rotation(skew(raw), width, height)
    out: list[Box] = []
    for quad, text, conf in raw:
        pts = [(m[0][0] * x + m[0][1] * y + m[0][2], m[1][0] * x + m[1][1] * y + m[1][2])
               for x, y in quad]  # fmt: skip
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        ox, oy = [p[0] for p in quad], [p[1] for p in quad]
        where = (min(ox) / width, min(oy) / height, max(ox) / width, max(oy) / height)
        b = Box(str(text).strip(), float(conf), min(xs), max(xs), min(ys), max(ys), where)
        parts = b.text.split()
        if len(parts) > 1 and all(_number(p) for p in parts):
            step = (b.x1 - b.x0) / len(parts)
            for k, p in enumerate(parts):
                out.append(Box(p, b.conf, b.x0 + k * step, b.x0 + (k + 1) * step, b.y0, b.y1,
                               b.where))  # fmt: skip
        elif b.text:
            out.append(b)
    return out


def char_height(raw) -> float:
    return statistics.median(abs(q[3][1] - q[0][1]) for q, _t, _c in raw)


def _page_number(row: list[Box], boxes: list[Box], height: int) -> bool:
    """A lone number in the top or bottom margin with nothing beside it: the page number."""
    if len(row) != 1 or 0.1 * height < row[0].cy < 0.88 * height:
        return False
    b = row[0]
    return not any(o is not b and abs(o.cy - b.cy) < b.h for o in boxes)


def _rows(boxes: list[Box], tol: float) -> list[list[Box]]:
    """Boxes grouped into lines by their vertical centre."""
    rows: list[list[Box]] = []
    for b in sorted(boxes, key=lambda b: b.cy):
        if rows and abs(b.cy - statistics.fmean(x.cy for x in rows[-1])) <= tol:
            rows[-1].append(b)
        else:
            rows.append([b])
    return [sorted(r, key=lambda b: b.x0) for r in rows]


def _columns(centres: list[float], gap: float) -> list[float]:
    """1-D clusters of x centres: the centre of each column, left to right."""
    cols: list[list[float]] = []
    for x in sorted(centres):
        if cols and x - cols[-1][-1] <= gap:
            cols[-1].append(x)
        else:
            cols.append([x])
    return [statistics.fmean(c) for c in cols]


def _text(boxes: list[Box], h: float) -> str:
    """Boxes of one line (left to right) as text: a space only where a gap is wide."""
    out = ""
    for i, b in enumerate(boxes):
        if i and b.x0 - boxes[i - 1].x1 > 1.5 * h:
            out += " "
        out += b.text
    return out


def _label_cells(boxes: list[Box], h: float) -> list[str]:
    """The label boxes of one table row → cells: boxes that overlap horizontally are one cell
    (a label wrapped over lines, read top to bottom); a wide gap starts the next cell."""
    cells: list[list[Box]] = []
    for b in sorted(boxes, key=lambda b: b.x0):
        if cells and b.x0 < max(x.x1 for x in cells[-1]) + 1.5 * h:
            cells[-1].append(b)
        else:
            cells.append([b])
    return [mend_words("".join(x.text for x in sorted(c, key=lambda b: (round(b.cy / h), b.x0))))
            for c in cells]  # fmt: skip


def page_blocks(raw, width: int, height: int, pno: int, rules=None, flat=None, recognise=None
                ) -> list[Paragraph | Table]:  # fmt: skip
    """One page's OCR results → paragraphs (lines without numbers) and tables (runs of lines
    with numbers, their labels and values in aligned columns). `rules`: the ruling of the
    deskewed page (vertical and horizontal segments, see `rules_of`), where visible; `flat`:
    that page and `recognise(image) -> (text, confidence)`, to read again a ruled cell in
    which the OCR found nothing."""
    boxes = boxes_of(raw, width, height)
    if not boxes:
        return []
    h = statistics.median(b.h for b in boxes)
    vertical, horizontal = rules or ([], [])
    boxes = _split_at_rules(boxes, vertical, h)
    if flat is not None and recognise is not None:
        boxes += _missed_numbers(boxes, vertical, h, flat, recognise)
    values = [b for b in boxes if _number(b.text) is not None]
    vrows = [r for r in _rows(values, 0.5 * h) if not _page_number(r, boxes, height)]
    # A number row owns the text lines around it up to half-way to its neighbours (at most
    # 1.6 lines away): a wrapped label joins the row its numbers are in.
    # In a ruled table the row's cell is its band: between the rules above and below it.
    centres = [statistics.fmean(b.cy for b in r) for r in vrows]
    bands = []
    for i, c in enumerate(centres):
        lo = max(c - 1.6 * h, (centres[i - 1] + c) / 2 if i else -math.inf)
        hi = min(c + 1.6 * h, (c + centres[i + 1]) / 2 if i + 1 < len(centres) else math.inf)
        x = vrows[i][0].cx
        top = min(b.y0 for b in vrows[i])
        bottom = max(b.y1 for b in vrows[i])
        above = [y for y, x0, x1 in horizontal if x0 <= x <= x1 and top - 6 * h < y < top + 0.3 * h]
        below = [
            y for y, x0, x1 in horizontal if x0 <= x <= x1 and bottom - 0.3 * h < y < bottom + 6 * h
        ]
        if above and below:
            lo, hi = max(above), min(below)
        bands.append((lo, hi))
    owned: list[list[Box]] = [[] for _ in vrows]
    loose: list[Box] = []
    for b in boxes:
        if _number(b.text) is not None:
            continue
        k = next((i for i, (lo, hi) in enumerate(bands) if lo <= b.cy < hi), None)
        # only labels left of the row's first number belong to it
        if k is not None and b.x1 <= vrows[k][0].x0 + h:
            owned[k].append(b)
        else:
            loose.append(b)
    entries: list[tuple[float, str, object]] = [
        (statistics.fmean(x.cy for x in ln), "text", ln) for ln in _rows(loose, 0.5 * h)
    ]
    entries += [(centres[i], "row", i) for i in range(len(vrows))]
    entries.sort(key=lambda e: e[0])
    blocks: list[Paragraph | Table] = []
    run: list[int] = []

    def flush() -> None:
        if run:
            blocks.append(_table([vrows[i] for i in run], [owned[i] for i in run], h, pno,
                                 len(blocks) + 1, vertical, flat, recognise))  # fmt: skip
            run.clear()

    for _y, kind, obj in entries:
        if kind == "row":
            run.append(obj)
        elif not any(_CJK.search(b.text) for b in obj):
            continue  # specks and stray marks between rows: not text, and no table break
        else:
            flush()
            blocks.append(Paragraph(mend_words(_text(obj, h)), f"page {pno}"))
    flush()
    return blocks


_TAIL_NUMBER = re.compile(r"^(.*[^\d\s.,\-])(\d[\d.,]*)$")


def _split_at_rules(boxes: list[Box], vertical, h: float) -> list[Box]:
    """A label and the number in the next cell read as one box (政府集中采购2) are split where a
    vertical rule runs between them."""
    out = []
    for b in boxes:
        m = _TAIL_NUMBER.match(b.text)
        if m and _CJK.search(m.group(1)):
            units = [1.0 if _CJK.match(c) else 0.55 for c in b.text]
            x = b.x0 + (b.x1 - b.x0) * sum(units[: len(m.group(1))]) / sum(units)
            if any(abs(rx - x) < h and y0 <= b.cy <= y1 for rx, y0, y1 in vertical):
                out.append(Box(m.group(1), b.conf, b.x0, x, b.y0, b.y1, b.where))
                out.append(Box(m.group(2), b.conf, x, b.x1, b.y0, b.y1, b.where))
                continue
        out.append(b)
    return out


def _missed_numbers(boxes: list[Box], vertical, h: float, flat, recognise) -> list[Box]:
    """Numbers the detector missed in a ruled row that has none at all (a one-row table such
    as 行政强制 | 3): the empty cells right of a text line's last box, read again alone."""
    found: list[Box] = []
    numbers = [b for b in boxes if _number(b.text) is not None]
    for line in _rows([b for b in boxes if _number(b.text) is None], 0.5 * h):
        if any(abs(n.cy - line[0].cy) < h for n in numbers):
            continue  # a row with numbers: its empty cells are handled with its grid
        xs = _crossing(line, vertical, h)
        end = max(b.x1 for b in line)
        if len(xs) < 3 or end > xs[-1]:
            continue
        y0, y1 = min(b.y0 for b in line), max(b.y1 for b in line)
        for a, z in zip(xs, xs[1:]):
            if a >= end - h * 0.3:
                b = _reread(flat, a, y0 - 0.4 * h, z, y1 + 0.4 * h, h, recognise)
                if b is not None:
                    found.append(b)
    return found


def _box_where(pno: int, b: Box) -> str:
    x0, y0, x1, y1 = b.where
    return f"page {pno} box {x0:.3f},{y0:.3f}-{x1:.3f},{y1:.3f} ocr {b.conf:.2f}"


def _table(vrows, labels, h: float, pno: int, n: int, rules, flat, recognise) -> Table:
    cols = _columns([b.cx for r in vrows for b in r], 1.2 * h)
    lab_cells = [_label_cells(lab, h) for lab in labels]
    width = max((len(c) for c in lab_cells), default=0) or 1
    rows, wheres = [], []
    shared = _shared_rules(vrows, labels, rules, h) if rules else []
    for vals, labs, lab_boxes in zip(vrows, lab_cells, labels):
        grid = _grid(vals, lab_boxes, rules, h, pno, flat, shared, recognise)
        if grid is not None:  # ruled: every cell between two rules, empty ones too
            rows.append(grid[0])
            wheres.append(grid[1])
            continue
        cells = [""] * (width - len(labs)) + labs  # labels right-aligned next to the numbers
        where = [f"page {pno}"] * width
        slots: list[Box | None] = [None] * len(cols)
        for b in vals:
            k = min(range(len(cols)), key=lambda i: abs(cols[i] - b.cx))
            if slots[k] is None or b.conf > slots[k].conf:
                slots[k] = b
        for b in slots:
            cells.append(_number(b.text) if b else "")
            where.append(_box_where(pno, b) if b else f"page {pno}")
        rows.append(cells)
        wheres.append(where)
    return Table(rows, f"page {pno} table {n}", wheres)


def _cramped(b: Box, h: float) -> bool:
    """More digits than the box is wide enough for (an 8 read as 00)."""
    digits = sum(c.isdigit() for c in b.text)
    return digits > 1 and (b.x1 - b.x0) < 0.42 * h * digits


def _stacked(boxes: list[Box]) -> bool:
    """Boxes one above the other rather than side by side (one glyph cut in two)."""
    bs = sorted(boxes, key=lambda b: b.x0)
    return any(b.x0 < a.x1 for a, b in zip(bs, bs[1:]))


def _crossing(vals: list[Box], rules, h: float) -> list[float]:
    """The x of every vertical rule crossing the row of `vals` (at its centre line)."""
    cy = (min(b.y0 for b in vals) + max(b.y1 for b in vals)) / 2
    xs: list[float] = []
    for x, ry0, ry1 in rules:
        if ry0 <= cy <= ry1 and not (xs and x - xs[-1] < h * 0.6):
            xs.append(x)
    return xs


def _shared_rules(vrows, labels, rules, h: float) -> list[float]:
    """Rules right of the labels that most rows of a table share: a rule broken in one row
    (a seal, a faded stroke) is still the column's border there."""
    ends = [max(b.x1 for b in lab) for lab in labels if lab]
    start = statistics.median(ends) - h * 0.6 if ends else -math.inf
    seen = [x for r in vrows for x in _crossing(r, rules, h) if x >= start]
    cols = _columns(seen, h * 0.6)
    count = [sum(1 for x in seen if abs(x - c) <= h * 0.6) for c in cols]
    return [c for c, n in zip(cols, count) if n * 2 >= len(vrows)]


def _grid(vals: list[Box], lab_boxes: list[Box], rules, h: float, pno: int, flat, shared,
          recognise):  # fmt: skip
    """A row read between the vertical rules that cross it: (cells, wheres), or None when
    fewer than three rules cross it (no ruled grid to trust). A value cell in which the OCR
    found nothing but that holds ink is read again on its own, and so is one in which it
    found several numbers stacked (an 8 read as two 0s)."""
    y0 = min(b.y0 for b in vals)
    y1 = max(b.y1 for b in vals)
    xs = _crossing(vals, rules, h)
    if shared:
        lo = min(shared) - h * 0.6
        xs = sorted([x for x in xs if x < lo] + list(shared))
    if len(xs) < 3:
        return None
    first = min(b.x0 for b in (*vals, *lab_boxes))
    last = max(b.x1 for b in vals)
    if first < xs[0] - h or last > xs[-1] + h:  # boxes outside the rules: not this grid
        return None
    cells: list[list[Box]] = [[] for _ in range(len(xs) - 1)]
    for b in (*lab_boxes, *vals):
        k = max(0, min(len(cells) - 1, sum(1 for x in xs if x <= b.cx) - 1))
        cells[k].append(b)
    if shared:  # the value columns are known: every cell from the first of them on
        first_value = next(k for k, x in enumerate(xs) if x >= min(shared) - h * 0.6)
    else:
        labelled = [k for k, c in enumerate(cells) if any(_CJK.search(b.text) for b in c)]
        first_value = labelled[-1] + 1 if labelled else 0
    for k in range(first_value, len(cells)):
        c = cells[k]
        broken = (not c or any(_number(b.text) is None for b in c)
                  or len(c) > 1 and _stacked(c) or len(c) == 1 and _cramped(c[0], h))  # fmt: skip
        doubtful = len(c) == 1 and c[0].conf < SURE
        if (broken or doubtful) and flat is not None and recognise is not None:
            b = _reread(flat, xs[k], y0 - 0.4 * h, xs[k + 1], y1 + 0.4 * h, h, recognise)
            if b is not None and (broken or b.conf > c[0].conf):
                cells[k] = [b]
            elif c and any(_number(x.text) is None for x in c):
                cells[k] = []  # no number to be read there: empty, and a finding says so
    out, where = [], []
    for c in cells:
        nums = [b for b in c if _number(b.text) is not None]
        if nums and len(nums) == len(c):
            best = max(nums, key=lambda b: b.conf)
            out.append(
                _number(best.text)
                if len(nums) == 1
                else "".join(_number(b.text) for b in sorted(nums, key=lambda b: b.x0))
            )
            where.append(_box_where(pno, best))
        else:
            text = "".join(b.text for b in sorted(c, key=lambda b: (round(b.cy / h), b.x0)))
            out.append(mend_words(text))
            where.append(f"page {pno}")
    return out, where


# Darker than this (red channel) is ink: light enough for thin rules and strokes blurred by
# a scanner; dust passes too, but only long runs (rules) or glyph-sized components count.
INK_LIGHT = 200


def _reread(flat, x0: float, y0: float, x1: float, y1: float, h: float, recognise) -> Box | None:
    """Read one cell of the deskewed page on its own (the recogniser only): a digit the
    detector missed. None when the cell holds no ink beyond dust, or no number."""
    import cv2
    import numpy as np

    hgt, wid = flat.shape[:2]
    pad = max(3, int(h * 0.15))  # keep clear of the rules
    xa, xb = int(max(0, x0 + pad)), int(min(wid, x1 - pad))
    ya, yb = int(max(0, y0)), int(min(hgt, y1))
    if xb - xa < 4 or yb - ya < 4:
        return None
    crop = flat[ya:yb, xa:xb]
    ink = (crop[:, :, 0] < INK_LIGHT).astype(np.uint8)
    n, _lab, stats, _c = cv2.connectedComponentsWithStats(ink, connectivity=8)
    # strokes of a character are at least a third of its height; dust is smaller
    # (rules the cut caught are long and flat: not glyphs either)
    keep = [i for i in range(1, n)
            if 0.35 * h <= stats[i][3] <= 2 * h and stats[i][2] <= 1.5 * h and stats[i][4] >= 6]  # fmt: skip
    if not keep:
        return None
    x_lo = min(stats[i][0] for i in keep)
    y_lo = min(stats[i][1] for i in keep)
    x_hi = max(stats[i][0] + stats[i][2] for i in keep)
    y_hi = max(stats[i][1] + stats[i][3] for i in keep)
    m = max(2, int(h * 0.2))
    ys0, xs0 = max(0, y_lo - m), max(0, x_lo - m)
    tight = crop[ys0 : y_hi + m, xs0 : x_hi + m]
    text, conf = recognise(np.ascontiguousarray(tight))
    if _number(text) is None:
        return None
    bx0, by0, bx1, by1 = xa + xs0, ya + ys0, xa + x_hi + m, ya + y_hi + m
    return Box(text, conf, bx0, bx1, by0, by1, (bx0 / wid, by0 / hgt, bx1 / wid, by1 / hgt))


def deskew(page, angle: float):
    """The page image turned by -angle (the coordinates `boxes_of` uses)."""
    import cv2
    import numpy as np

    hgt, wid = page.shape[:2]
    m = np.array(_rotation(angle, wid, hgt), dtype=np.float32)
    return cv2.warpAffine(page, m, (wid, hgt), borderValue=(255, 255, 255))


def rules_of(flat, char: float) -> tuple[list, list]:
    """The ruling of a deskewed page: vertical segments (x, y0, y1) and horizontal ones
    (y, x0, x1), thin runs of ink longer than two (vertical) or three (horizontal) characters
    (`char`: the text's height), so no stroke of a letter or digit counts."""
    import cv2
    import numpy as np

    hgt, wid = flat.shape[:2]
    ink = (flat[:, :, 0] < INK_LIGHT).astype(np.uint8)
    thin = max(6, wid // 150)
    out: tuple[list, list] = ([], [])
    for k, (kw, kh) in enumerate(((1, max(int(2 * char), hgt // 60)),
                                  (max(int(3 * char), wid // 30), 1))):  # fmt: skip
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (kw, kh))
        lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        n, _lab, stats, _c = cv2.connectedComponentsWithStats(lines, connectivity=8)
        for i in range(1, n):
            x, y, w, hh, _area = stats[i]
            if k == 0 and w <= thin:
                out[0].append((x + w / 2, float(y), float(y + hh)))
            elif k == 1 and hh <= thin:
                out[1].append((y + hh / 2, float(x), float(x + w)))
    return sorted(out[0]), sorted(out[1])
