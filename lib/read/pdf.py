"""PDF reader: ruled tables by geometry plus the text outside them, per page. Characters and
rules come from PDFium (lib.read.pdfium_page); pdfplumber's table finder does the geometry.

Choices, learnt from the real reports:
- Cell text comes from the cell's own rectangle, so a page number printed under a table never
  glues onto a cell (plain text extraction of huaian-city-gov-2024 reads '7696' for 769).
- Merged cells are expanded from the geometry: a slot without its own cell takes the text of
  the cell rectangle that covers it (pdfplumber leaves it None).
- Some editors (Jisupdf) paint a white, unstroked rectangle behind every line of prose (and
  behind table cells, where they sometimes carry the only cell border). Tables are found with
  all edges, then leading/trailing rows that no visible rule bounds are given back as prose.
- One-column tables (a ruled box around prose) are read as paragraphs.
- A row cut by a page break may have no border at the cut (browsers print so): a rule is
  supplied across the open ends of the table's verticals so the row is still a row.
- A table continued on the next page is emitted as the next Table (its own page in `where`);
  the parser treats consecutive tables of a section as one row stream. Tables are not merged
  here because a continued page often repeats or drops header rows.
- Characters set at a slant (diagonal watermarks) are ignored; glyphs drawn twice (fake bold)
  count once; Kangxi radicals that fonts map CJK glyphs to become the ordinary ideographs.
- Lines that are only a page number ('— 5 —', '第 5 页') in the top/bottom margin are dropped.
"""

from __future__ import annotations

import bisect
import math
import re
import zlib

import pypdfium2 as pdfium

from lib.document import Document, Paragraph, Table
from lib.errors import ReadError
from lib.read import ocr
from lib.read.cells import block_texts, clean, stated_published, unify_radicals
from lib.read.limits import MAX_PDF_INFLATED, MAX_PDF_PAGES, MB, human_size
from lib.read.pdfium_page import PdfPage, read_page

_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－~·]*(?:第\s*)?\d{1,3}(?:\s*页)?(?:\s*[/／共]\s*\d{1,3}\s*页?)?[\s\-—–－~·]*$"
)
SCANNED = f"no text layer (scanned PDF); {ocr.INSTALL}"  # when the extra is missing


def _white(color) -> bool:
    if isinstance(color, int | float):
        color = (color,)
    try:
        vals = [float(v) for v in color]
    except (TypeError, ValueError):
        return False
    if len(vals) in (1, 3):
        return all(v >= 0.95 for v in vals)
    if len(vals) == 4:  # CMYK: no ink
        return all(v <= 0.05 for v in vals)
    return False


def _oblique(ch) -> bool:
    """Glyph drawn at an angle that is not a multiple of 90° (watermarks run diagonally)."""
    a, b = ch.get("matrix", (1, 0))[:2]
    angle = math.degrees(math.atan2(b, a)) % 90
    return 2 < angle < 88


def _visible(path: dict) -> bool:
    """False for white fills without a stroke: paint behind text, not table rules."""
    return not (path["fill"] and not path["stroke"] and _white(path["color"]))


def _page_break_edges(vedges: list[dict], hedges: list[dict]) -> list[dict]:
    """Rules that close a table cut by a page break.

    Browsers (and some editors) draw no border where a table row continues on the next page:
    the vertical rules of the table then start (or end) with nothing across them, and the
    cut row would be no cell. Across the topmost open ends and the bottommost open ends of
    at least two verticals, a horizontal rule is supplied.
    """
    out: list[dict] = []
    tall = [v for v in vedges if v["bottom"] - v["top"] > 5]
    wide = sorted((h for h in hedges if h["x1"] - h["x0"] > 5), key=lambda h: h["top"])
    tops = [h["top"] for h in wide]

    def closed(x: float, y: float) -> bool:  # a rule across x within 2 pt of y
        lo, hi = bisect.bisect_left(tops, y - 2), bisect.bisect_right(tops, y + 2)
        return any(h["x0"] - 2 <= x <= h["x1"] + 2 for h in wide[lo:hi])

    for end in ("top", "bottom"):
        opens = [v for v in tall if not closed(v["x0"], v[end])]
        if len(opens) < 2:
            continue
        y = min(v["top"] for v in opens) if end == "top" else max(v["bottom"] for v in opens)
        group = [v for v in opens if abs(v[end] - y) <= 2]
        x0, x1 = min(v["x0"] for v in group), max(v["x0"] for v in group)
        if len(group) >= 2 and x1 - x0 > 20:
            out.append({"object_type": "line", "x0": x0, "x1": x1, "top": y, "bottom": y,
                        "width": x1 - x0, "height": 0, "doctop": y})  # fmt: skip
    return out


def _row_bounds(table) -> list[tuple[float, float]]:
    tops = [r.bbox[1] for r in table.rows]
    return [(t, tops[i + 1] if i + 1 < len(tops) else table.bbox[3]) for i, t in enumerate(tops)]


def _ruled_rows(table, hedges) -> list[tuple[bool, bool]]:
    """Per row: is a visible horizontal rule drawn at its top, at its bottom?"""
    x0, x1 = table.bbox[0], table.bbox[2]
    near = [e["top"] for e in hedges if e["x0"] < x1 - 2 and e["x1"] > x0 + 2]
    return [
        (any(abs(y - top) <= 2 for y in near), any(abs(y - bottom) <= 2 for y in near))
        for top, bottom in _row_bounds(table)
    ]


def _lines_text(chars: list[dict], tol: float = 3) -> str:
    """Chars as text the way pdfplumber's extract_text gives it: lines by their top (within
    `tol`), words split at a gap wider than `tol` or a blank, words joined by a space."""
    lines: list[list[dict]] = []
    last = None
    for ch in sorted(chars, key=lambda ch: ch["top"]):
        if last is None or ch["top"] - last > tol:
            lines.append([])
        lines[-1].append(ch)
        last = ch["top"]
    out = []
    for line in lines:
        text, prev = "", None
        for ch in sorted(line, key=lambda ch: ch["x0"]):
            if ch["text"].isspace():
                prev = None if not text else prev
                text += " " if text and text[-1] != " " else ""
                continue
            if prev is not None and ch["x0"] > prev["x1"] + tol and text[-1] != " ":
                text += " "
            text += ch["text"]
            prev = ch
        out.append(text.strip())
    return "\n".join(out)


def cell_texts(table, chars: list[dict]) -> dict[tuple, str]:
    """Text of each cell of a found table: a char belongs to the cell holding its centre.
    (pdfplumber's Table.extract tests every char against every row and cell.)"""
    cells = table.cells
    xs = sorted({c[0] for c in cells})
    ys = sorted({c[1] for c in cells})
    slot: dict[tuple[int, int], tuple] = {}
    for c in cells:
        for i in range(bisect.bisect_left(xs, c[0]), bisect.bisect_left(xs, c[2])):
            for j in range(bisect.bisect_left(ys, c[1]), bisect.bisect_left(ys, c[3])):
                slot[(i, j)] = c
    inside: dict[tuple, list[dict]] = {c: [] for c in cells}
    for ch in chars:
        x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        c = slot.get((bisect.bisect_right(xs, x) - 1, bisect.bisect_right(ys, y) - 1))
        if c is not None and c[0] <= x < c[2] and c[1] <= y < c[3]:
            inside[c].append(ch)
    return {c: _lines_text(got) for c, got in inside.items()}


def expand_table(table, chars: list[dict]) -> list[list[str]]:
    """Rows of cell text on the table's grid; merged slots repeat the covering cell's text."""
    xs = sorted({c[0] for c in table.cells})
    x_end = table.bbox[2]
    text_of = {b: clean(unify_radicals(t)) for b, t in cell_texts(table, chars).items()}
    out: list[list[str]] = []
    for row, (top, bottom) in zip(table.rows, _row_bounds(table), strict=True):
        y = (top + bottom) / 2
        line: list[str] = []
        for c, bbox in enumerate(row.cells):
            if bbox is None:
                x = (xs[c] + (xs[c + 1] if c + 1 < len(xs) else x_end)) / 2
                bbox = next(
                    (b for b in table.cells if b[0] <= x <= b[2] and b[1] <= y <= b[3]), None
                )
            line.append(text_of.get(bbox, "") if bbox is not None else "")
        out.append(line)
    return out


def _trimmed(table, hedges, chars: list[dict]) -> tuple[list[list[str]], tuple] | None:
    """The table without the rows around it that no visible rule bounds (prose painted on
    white boxes), and the bbox of what is kept; None when nothing is left.

    A table's first row has a rule on top (a heading just above it only shares the rule at
    its bottom); its last row may lack the bottom rule when the table breaks across pages.
    """
    ruled = _ruled_rows(table, hedges)
    i = next((k for k, (top, _) in enumerate(ruled) if top), None)
    j = next((k + 1 for k in range(len(ruled) - 1, -1, -1) if any(ruled[k])), None)
    if i is None or j is None or j <= i:
        return None
    bounds = _row_bounds(table)
    rows = expand_table(table, chars)[i:j]
    return rows, (table.bbox[0], bounds[i][0], table.bbox[2], bounds[j - 1][1])


def _merge_lines(lines: list[dict]) -> list[dict]:
    """Join lines that share most of their height: digits set in another font sit a few
    points lower than the CJK text around them (a title's "2023" became a line of its own)."""
    out: list[dict] = []
    for ln in lines:
        prev = out[-1] if out else None
        if prev is not None:
            overlap = min(prev["bottom"], ln["bottom"]) - max(prev["top"], ln["top"])
            height = min(prev["bottom"] - prev["top"], ln["bottom"] - ln["top"])
            if height > 0 and overlap > 0.5 * height:
                chars = sorted(prev["chars"] + ln["chars"], key=lambda c: c["x0"])
                text = chars[0]["text"]
                for a, b in zip(chars, chars[1:]):
                    text += (" " if b["x0"] - a["x1"] > 3 else "") + b["text"]
                top, bottom = min(prev["top"], ln["top"]), max(prev["bottom"], ln["bottom"])
                out[-1] = {**prev, "top": top, "bottom": bottom, "chars": chars, "text": text}
                continue
        out.append(ln)
    return out


def _is_page_number(line: dict, height: float) -> bool:
    in_margin = line["top"] > 0.85 * height or line["bottom"] < 0.12 * height
    return in_margin and bool(_PAGE_NUMBER.match(line["text"]))


def _center_in(obj, boxes) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)


def page_blocks(page: PdfPage, pno: int) -> tuple[list[Paragraph | Table], int]:
    """Blocks of one page in reading order (top to bottom), and its count of text chars."""
    nchars = sum(1 for ch in page.chars if ch["text"].strip())
    if not nchars:
        return [], 0
    if any(_oblique(ch) for ch in page.chars):
        # Text set at a slant is a watermark or a stamp, never a cell: keep it out.
        page = page.with_chars([ch for ch in page.chars if not _oblique(ch)])
    # Fake bold draws each glyph twice at a small offset: keep one copy.
    page = page.deduped(tolerance=1)
    items: list[tuple[float, Paragraph | Table]] = []
    boxes = []
    edges = page.with_paths([p for p in page.paths if _visible(p)]).edges
    hedges = [e for e in edges if e["orientation"] == "h"]
    closing = _page_break_edges([e for e in edges if e["orientation"] == "v"], hedges)
    hedges += closing
    for table in page.find_tables(closing):
        kept = _trimmed(table, hedges, page.chars)
        if kept is None:
            continue
        rows, bbox = kept[0], kept[1]
        rows = [r for r in rows if any(r)]
        if not rows or max(len(r) for r in rows) == 1 or all(len(set(r)) == 1 for r in rows):
            continue  # a box around prose: its text is read as lines below
        boxes.append(bbox)
        where = f"page {pno} table {len(boxes)}"
        items.append((bbox[1], Table(rows, where)))
    rest = page.with_chars([ch for ch in page.chars if not _center_in(ch, boxes)])
    for line in _merge_lines(rest.text_lines()):
        text = clean(unify_radicals(line["text"]))
        if text and not _is_page_number(line, page.height):
            items.append((line["top"], Paragraph(text, f"page {pno}")))
    items.sort(key=lambda it: it[0])
    return [b for _, b in items], nchars


_STREAM = re.compile(rb"stream\r?\n")


def check_streams(data: bytes, file: str) -> None:
    """Refuse a decompression bomb before pdfminer inflates streams whole in memory.

    Every stream that inflates as zlib counts towards MAX_PDF_INFLATED; output is bounded
    while checking, so the check itself cannot exhaust memory.
    """
    budget = MAX_PDF_INFLATED
    pos = 0
    while (m := _STREAM.search(data, pos)) is not None:
        end = data.find(b"endstream", m.end())
        if end < 0:
            break
        pos = end + 9
        inflater = zlib.decompressobj()
        chunk = data[m.end() : end]
        try:
            while chunk:  # 1 MB at a time, output discarded: memory stays flat
                out = inflater.decompress(chunk, MB)
                budget -= len(out)
                if budget < 0:
                    raise ReadError(
                        file,
                        "refused: PDF streams would inflate to more than "
                        f"{human_size(MAX_PDF_INFLATED)} (decompression bomb?)",
                    )
                chunk = inflater.unconsumed_tail
                if not out:
                    break
        except zlib.error:
            continue  # not Flate (images, other filters) or damaged: pdfminer decides


def _open(data: bytes, file: str) -> pdfium.PdfDocument:
    try:
        pdf = pdfium.PdfDocument(data)
        npages = len(pdf)
    except pdfium.PdfiumError as e:
        raise ReadError(file, _open_reason(e)) from None
    if npages == 0:
        pdf.close()
        raise ReadError(file, "PDF without pages")
    if npages > MAX_PDF_PAGES:
        pdf.close()
        raise ReadError(file, f"refused: PDF has {npages} pages (limit {MAX_PDF_PAGES})")
    return pdf


def _open_reason(e: Exception) -> str:
    detail = (str(e).splitlines() or [""])[0][:200]
    if "password" in detail.lower() or "security" in detail.lower():
        return "encrypted PDF (password required); save an unprotected copy"
    # "Failed to load document (PDFium: Data format error)." → "data format error"
    reason = detail.split("PDFium:")[-1].strip(" ).").lower() or "cannot be opened"
    return f"corrupt PDF ({reason})"


def _ocr_by_page(data: bytes, numbers: list[int], file: str) -> dict[int, list]:
    out: dict[int, list] = {n: [] for n in numbers}
    for b in ocr.read_pages(ocr.pdf_pages(data, numbers, file), file):
        out[int(b.where.split()[1])].append(b)
    return out


def read_pdf(data: bytes, file: str) -> Document:
    check_streams(data, file)
    pdf = _open(data, file)
    pages: list[list[Paragraph | Table]] = []
    chars = 0
    image_pages: list[int] = []  # pages with pictures but no text: scanned tables, typically
    try:
        for pno in range(1, len(pdf) + 1):
            page = pdf[pno - 1]
            try:
                got = read_page(page)
            finally:
                page.close()
            page_b, n = page_blocks(got, pno)
            pages.append(page_b)
            chars += n
            if not n and got.images:
                image_pages.append(pno)
    except ReadError:
        raise
    except Exception as e:  # noqa: BLE001 - a damaged page may fail anywhere in PDFium
        detail = (str(e).splitlines() or [""])[0][:200]
        raise ReadError(file, f"corrupt PDF ({detail or 'damaged page'})") from None
    finally:
        pdf.close()
    meta: dict[str, str] = {}
    if image_pages and ocr.available():  # scanned pages (all, or the tables pasted as pictures)
        for pno, blocks in _ocr_by_page(data, image_pages, file).items():
            pages[pno - 1] = blocks
            chars += sum(len(b.text) if isinstance(b, Paragraph) else 1 for b in blocks)
        meta["ocr_pages"] = ",".join(map(str, image_pages))
    elif image_pages:
        meta["image_pages"] = ",".join(map(str, image_pages))  # for a clearer parse error
    blocks = [b for p in pages for b in p]
    if not chars:
        if "ocr_pages" in meta:
            raise ReadError(file, "scanned PDF: OCR found no text on its pages (blank?)")
        raise ReadError(file, SCANNED if not ocr.available() else "PDF without any text")
    text = "\n".join(block_texts(blocks))
    if text.count("(cid:") > 20 and text.count("(cid:") * 6 > len(text) / 2:
        raise ReadError(file, "PDF text cannot be decoded (fonts without a Unicode mapping)")
    first = next((b for b in blocks if isinstance(b, Paragraph)), None)
    if first is not None:
        meta["title"] = first.text
    published = stated_published(block_texts(blocks))
    if published:
        meta["published"] = published
    return Document(file, "pdf", None, "", blocks, meta)
