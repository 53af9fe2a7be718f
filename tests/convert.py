"""Test helper: locate the real reports and convert them into other formats.

Conversions never go through the reader under test: HTML tables are taken apart with lxml
directly (spans kept), the jiujianlou text layout is split by its own simple rules.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parent
_PLACES = [
    ROOT / "fixtures" / "reports",
    ROOT.parent.parent / "shared" / "corpus",
    ROOT.parent.parent / "shared" / "reports",
]

S4_KEYS = [
    f"s4.{g}_{o}"
    for g in ("review", "suit_direct", "suit_after")
    for o in ("upheld", "corrected", "other", "pending", "total")
]
S3_COLS = ("natural", "commercial", "research", "social", "legal", "other_org", "total")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def fixture(name: str) -> Path:
    """A real report by file name: the copy under tests/fixtures/reports, else ../shared."""
    for place in _PLACES:
        if (place / name).exists():
            return place / name
    raise FileNotFoundError(name)


def truth(name: str) -> dict:
    stem = name.rsplit(".", 1)[0]
    return json.loads(fixture(stem + ".truth.json").read_text(encoding="utf-8"))


# ------------------------------------------------------------ expectations from the truth


def shown(t: dict, key: str) -> str:
    """The cell text the source prints for a key: '' for a blank, else the number."""
    if key in t.get("blank_keys", ()):
        return ""
    v = t["cells"][key]
    return str(int(v)) if float(v).is_integer() else str(v)


def truth_s3_rows(t: dict) -> list[tuple[str, ...]]:
    """Section III value rows in table order, as the source prints them."""
    codes: list[str] = []
    for k in t["cells"]:
        if k.startswith("s3."):
            code = k.split(".")[1]
            if code not in codes:
                codes.append(code)
    return [tuple(shown(t, f"s3.{c}.{col}") for col in S3_COLS) for c in codes]


def truth_s4_row(t: dict) -> tuple[str, ...]:
    return tuple(shown(t, k) for k in S4_KEYS)


def is_number(s: str) -> bool:
    return bool(NUMBER.fullmatch(s.strip()))


def s3_value_rows(doc) -> list[tuple[str, ...]]:
    """Rows of any table ending in 7 value cells (numbers or blanks) after a label."""
    out = []
    for t in doc.tables:
        for r in t.rows:
            r = list(r)
            while r and not r[-1].strip():  # text layouts leave short rows, padded on the right
                r.pop()
            if len(r) < 8 or is_number(r[-8]) or not any(c.strip() for c in r[:-7]):
                continue
            tail = [c.strip() for c in r[-7:]]
            if all(c == "" or is_number(c) for c in tail) and any(tail):
                out.append(tuple(tail))
    return out


def s4_value_rows(doc) -> list[tuple[str, ...]]:
    return [
        tuple(c.strip() for c in r)
        for t in doc.tables
        for r in t.rows
        if len(r) == 15 and all(is_number(c) for c in r)
    ]


def row_by_label(doc, label: str) -> list[str]:
    """The first table row whose first cell is the label (whitespace ignored)."""
    for t in doc.tables:
        for r in t.rows:
            if r and re.sub(r"\s", "", r[0]) == label:
                return r
    raise AssertionError(f"no table row labelled {label}")


# ------------------------------------------------------------ HTML → parts (spans kept)


def html_parts(path: Path) -> list:
    """The page as a list of paragraphs (str) and tables (rows of (text, rowspan, colspan))."""
    root = lxml.html.fromstring(path.read_bytes().decode("utf-8"))
    parts: list = []
    body = root.find(".//body")
    for el in body.iter("p", "h1", "table"):
        if el.tag == "table":
            rows = []
            for tr in el.iter("tr"):
                rows.append(
                    [
                        (
                            "".join(td.itertext()).replace("\xa0", " ").strip(),
                            int(td.get("rowspan", 1)),
                            int(td.get("colspan", 1)),
                        )
                        for td in tr
                        if td.tag in ("td", "th")
                    ]
                )
            parts.append(rows)
        elif not any(a.tag == "table" for a in el.iterancestors()):
            text = re.sub(r"\s+", "", el.text_content())
            if text:
                parts.append(text)
    return parts


def _grid(rows: list) -> tuple[list[list[tuple[int, int, int, int, str] | None]], int]:
    """Place spanned cells on a grid: anchor → (r, c, rowspan, colspan, text)."""
    taken: set[tuple[int, int]] = set()
    anchors = []
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for text, rs, cs in row:
            while (r, c) in taken:
                c += 1
            anchors.append((r, c, rs, cs, text))
            for i in range(rs):
                for j in range(cs):
                    taken.add((r + i, c + j))
            c += cs
            width = max(width, c)
    return anchors, width


def docx_from_parts(parts: list, out: Path, merge: bool = True) -> Path:
    """Write paragraphs and tables to a DOCX; spans become real Word merges when merge=True."""
    import docx

    d = docx.Document()
    for part in parts:
        if isinstance(part, str):
            d.add_paragraph(part)
            continue
        anchors, width = _grid(part)
        table = d.add_table(rows=len(part), cols=width)
        for r, c, rs, cs, text in anchors:
            cell = table.cell(r, c)
            if merge and (rs > 1 or cs > 1):
                cell = cell.merge(table.cell(min(r + rs, len(part)) - 1, c + cs - 1))
            # A cell's lines become separate paragraphs, as Word-pasted labels are.
            lines = text.split("\n")
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
            if not merge:
                for i in range(rs):
                    for j in range(cs):
                        if (i, j) != (0, 0):
                            table.cell(r + i, c + j).paragraphs[0].text = text
    d.save(out)
    return out


# ------------------------------------------------------------ jiujianlou text layout


def text_parts(path: Path) -> list:
    """jiujianlou layout: tab-indented lines are cells, a blank line ends a row."""
    parts: list = []
    table: list[list[str]] | None = None
    row: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("\t"):
            row.append(line[1:].strip())
            continue
        if row:
            table = table if table is not None else []
            table.append(row)
            row = []
        if line.strip():
            if table:
                parts.append([[(c, 1, 1) for c in r] for r in table])
                table = None
            parts.append(line.strip())
    if row:
        table = (table or []) + [row]
    if table:
        parts.append([[(c, 1, 1) for c in r] for r in table])
    return parts


# ------------------------------------------------------------ parts → PDF (ruled tables)


def pdf_from_parts(parts: list, out: Path, watermark: str = "", borders: bool = True) -> Path:
    """Write paragraphs and tables to a PDF with ruled tables (fpdf2), spans kept.

    Uses the sample generator's TrueType conversion of Noto CJK: fpdf2's own embedding of the
    CFF font gives a text layer pdfminer cannot decode. `watermark` is drawn rotated across
    every page, as portals stamp downloaded reports.
    """
    from fpdf import FPDF

    from lib.sample.pdf import build_font

    chars = {
        ch
        for p in parts
        for ch in (p if isinstance(p, str) else "".join(c[0] for r in p for c in r))
    }
    font = build_font(chars | set(watermark) | set("0123456789"), out.with_suffix(".ttf"))

    class Doc(FPDF):
        def header(self) -> None:
            if watermark:
                with self.local_context(text_color=(200, 200, 200)):
                    self.set_font_size(28)
                    with self.rotation(35, x=105, y=150):
                        self.text(30, 150, watermark)

    pdf = Doc()
    pdf.add_font("cjk", fname=str(font))
    pdf.set_font("cjk", size=10)
    pdf.add_page()
    for part in parts:
        if isinstance(part, str):
            pdf.set_font_size(10)
            pdf.multi_cell(0, 6, part, new_x="LMARGIN", new_y="NEXT")
            continue
        pdf.set_font_size(7)
        layout = "ALL" if borders else "NONE"
        with pdf.table(first_row_as_headings=False, line_height=4, borders_layout=layout) as table:
            for row in part:
                cells = table.row()
                for text, rs, cs in row:
                    cells.cell(text, rowspan=rs, colspan=cs)
    pdf.output(str(out))
    return out


def pdf_via_chromium(html: Path, out: Path) -> Path:
    """Print a real HTML report to PDF with headless Chromium, as a reader saving the page
    would. Chromium maps many CJK glyphs to Kangxi radicals and leaves rows cut by a page
    break without a border: both real traps for the PDF reader."""
    import shutil
    import subprocess

    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        raise FileNotFoundError("chromium")
    subprocess.run(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={out}", html.resolve().as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return out


# ------------------------------------------------------------ parts → web pages copied as text


def bar_text(parts: list, empty: str = "") -> str:
    """A page copied as text the way some portals' text views give it: each cell's text on its
    own line(s), a line "|" after every cell, merged cells written once, no row ends.
    `empty` is what an empty cell leaves between its bars ("" = a blank line, None = nothing)."""
    out: list[str] = []
    for p in parts:
        if isinstance(p, str):
            out.append(p)
            continue
        for row in p:
            for text, _rs, _cs in row:
                if text or empty is not None:
                    out.append(text or empty)
                out.append("|")
    return "\n".join(out)


def padded_pipe_text(parts: list) -> str:
    """One line per table row, cells joined by " | ", merged cells written once and the row
    padded with empty cells ("行政许可 | 0 | ||"), as other portals' text views give it."""
    out: list[str] = []
    for p in parts:
        if isinstance(p, str):
            out.append(p)
            continue
        width = max(sum(cs for _t, _rs, cs in r) for r in p)
        for row in p:
            cells = [t.replace("\n", " ") for t, _rs, _cs in row]
            out.append(" | ".join(cells) + " |" + "|" * (width - len(cells)))
    return "\n".join(out)


def html_from_parts(parts: list) -> str:
    """Paragraphs and tables (spans kept, empty cells as &nbsp;) as a UTF-8 page."""
    from html import escape

    out = ["<html><head><meta charset='utf-8'></head><body>"]
    for p in parts:
        if isinstance(p, str):
            out.append(f"<p>{escape(p)}</p>")
            continue
        out.append("<table border='1'>")
        for row in p:
            tds = "".join(
                f"<td rowspan='{rs}' colspan='{cs}'>{escape(t) if t else '&nbsp;'}</td>"
                for t, rs, cs in row
            )
            out.append(f"<tr>{tds}</tr>")
        out.append("</table>")
    return "".join(out) + "</body></html>"


def markdown_text(parts: list, repeat: bool = True) -> str:
    """Tables as markdown pipe tables on their grid. Merged cells are repeated over their span
    (repeat=True) or written once with the rest of the span empty, as text copied out of a
    spreadsheet gives them."""
    out: list[str] = []
    for p in parts:
        if isinstance(p, str):
            out.append(p)
            continue
        anchors, width = _grid(p)
        grid = [[""] * width for _ in p]
        for r, c, rs, cs, text in anchors:
            for i in range(rs):
                for j in range(cs):
                    if r + i < len(p) and (repeat or (i, j) == (0, 0)):
                        grid[r + i][c + j] = text.replace("\n", "")
        for k, row in enumerate(grid):
            out.append("| " + " | ".join(row) + " |")
            if k == 0:
                out.append("|" + "---|" * width)
    return "\n".join(out)
