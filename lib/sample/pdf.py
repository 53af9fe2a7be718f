"""Render sample filings as PDF with a real text layer and ruled tables (fpdf2).

fpdf2 embeds CFF (OpenType) CJK fonts with a custom encoding CMap that pdfminer/pdfplumber cannot
decode, so the installed Noto Sans CJK is subset to the characters the sample uses and converted
to TrueType outlines first; fpdf2 then writes Identity-H with a ToUnicode map, which every PDF
text extractor reads. Dates and producer are fixed, so output is reproducible.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from lib.sample.render import Block, blocks

if TYPE_CHECKING:
    from lib.sample.records import Filing

FONT_FILES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
)
_SC_INDEX = 2  # "Noto Sans CJK SC" inside the collection
_WIDTHS = {  # column widths (mm) per table, by column count; 170 mm in all
    4: (50, 40, 40, 40),
    10: (12, 18, 49, *([13] * 7)),
    15: tuple([170 / 15] * 15),
}


def font_source() -> Path | None:
    return next((p for p in FONT_FILES if p.exists()), None)


def build_font(chars: set[str], out: Path) -> Path:
    """Subset the CJK font to `chars`, convert CFF outlines to TrueType, save to `out`."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    src = font_source()
    if src is None:
        raise FileNotFoundError("no CJK font (fonts-noto-cjk) for the sample's PDF files")
    font = TTFont(str(src), fontNumber=_SC_INDEX, recalcTimestamp=False)
    opts = subset.Options()
    opts.layout_features, opts.hinting, opts.desubroutinize = [], False, True
    opts.name_IDs, opts.notdef_outline = ["*"], True
    sub = subset.Subsetter(opts)
    sub.populate(text="".join(sorted(chars)))
    sub.subset(font)
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 4.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, glyphs
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs"):
        setattr(maxp, attr, 0)
    maxp.maxZones, maxp.maxStackElements, maxp.maxSizeOfInstructions = 1, 0, 0
    maxp.maxComponentElements = 0
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(str(out))
    return out


def chars_of(f: Filing) -> set[str]:
    out: set[str] = set()
    for b in blocks(f):
        out |= set(b.text)
        for row in b.rows or []:
            for c in row:
                out |= set(c.text)
    return out


def render_pdf(f: Filing, font: Path) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import Align

    stamp = datetime(f.year + 1, 1, 31, 9, 0, 0, tzinfo=UTC)
    if f.signed:
        stamp = datetime(f.signed.year, f.signed.month, f.signed.day, 9, 0, 0, tzinfo=UTC)
    pdf = FPDF(format="A4")
    pdf.set_creation_date(stamp)
    pdf.set_producer("gongkai sample generator")
    pdf.set_creator("gongkai sample generator")
    pdf.set_title(f.title)
    pdf.set_author(f.body.alias)
    pdf.set_lang("zh-CN")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font("cjk", fname=str(font))
    pdf.add_page()
    for b in blocks(f):
        if b.kind == "title":
            pdf.set_font("cjk", size=15)
            pdf.multi_cell(0, 9, b.text, align=Align.C, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        elif b.kind == "table":
            _table(pdf, b)
        else:
            pdf.set_font("cjk", size=10.5)
            align = Align.R if b.kind == "sign" else Align.L
            if b.kind == "heading" and b.text.startswith("三") and pdf.get_y() > 60:
                pdf.add_page()  # keep the long section III table on one page
            pdf.multi_cell(0, 6.2, b.text, align=align, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _table(pdf, b: Block) -> None:
    grid = b.rows or []
    ncols = sum(c.colspan for c in grid[0])
    pdf.set_font("cjk", size=7.5)
    if ncols == 15 and pdf.will_page_break(40):
        pdf.add_page()
    with pdf.table(
        col_widths=_WIDTHS[ncols],
        width=170,
        first_row_as_headings=False,
        line_height=4.2,
        text_align="CENTER",
        padding=0.8,
    ) as table:
        for row in grid:
            r = table.row()
            for c in row:
                r.cell(c.text, rowspan=c.rowspan, colspan=c.colspan)
    pdf.ln(2)


def render_pdfs(filings: list[Filing], tmpdir: Path) -> dict[int, bytes]:
    """PDF bytes per filing index; one font subset built for all of them."""
    chars: set[str] = set("0123456789")
    for f in filings:
        chars |= chars_of(f)
    font = build_font(chars, tmpdir / "sample-cjk.ttf")
    return {i: render_pdf(f, font) for i, f in enumerate(filings)}


def pdf_available() -> bool:
    return font_source() is not None
