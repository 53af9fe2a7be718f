"""DOCX reader: paragraphs and tables in body order, merged cells expanded.

The ZIP is inspected before python-docx touches it: declared sizes (zip bomb) and DTD/entity
declarations (entity expansion) are refused. python-docx opens the package (it resolves the
main part through the relationships); the body is then walked directly on the XML, which is
several times faster than python-docx's cell objects and lets vertical merges repeat text.
"""

from __future__ import annotations

import io
import re
import zipfile

import docx

from lib.document import Document, Paragraph, Table
from lib.errors import ReadError
from lib.read.cells import block_texts, clean, stated_published
from lib.read.limits import (
    MAX_MEMBER_RATIO,
    MAX_TABLE_CELLS,
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_MEMBERS,
    RATIO_MIN_BYTES,
    XML_PROLOG_BYTES,
    human_size,
)
from lib.read.numbering import Numbering

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_DOCUMENT, W_BODY = W + "document", W + "body"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
P, TBL, TR, TC, T = W + "p", W + "tbl", W + "tr", W + "tc", W + "t"
TAB, BR, CR, SDT, SDT_CONTENT = W + "tab", W + "br", W + "cr", W + "sdt", W + "sdtContent"
TXBX, HMERGE = W + "txbxContent", W + "hMerge"
TCPR, TRPR, GRIDSPAN, VMERGE, VAL = W + "tcPr", W + "trPr", W + "gridSpan", W + "vMerge", W + "val"
_CONTAINERS = {SDT, SDT_CONTENT, W + "customXml", W + "smartTag"}
_ELEMENT_START = re.compile(rb"<[A-Za-z_]")
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)


def inspect_zip(data: bytes, file: str) -> None:
    """Refuse archives that would exhaust memory or carry XML entity declarations."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError) as e:
        raise ReadError(file, f"corrupt DOCX ({_line(e)}; truncated or damaged file?)") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise ReadError(file, f"refused: DOCX has {len(infos)} parts (limit {MAX_ZIP_MEMBERS})")
        total = sum(i.file_size for i in infos)
        biggest = max(infos, key=lambda i: i.file_size, default=None)
        for i in infos:
            ratio = i.file_size / max(i.compress_size, 1)
            if i.file_size > RATIO_MIN_BYTES and ratio > MAX_MEMBER_RATIO:
                raise ReadError(file, _bomb(i.filename, i.file_size))
        if biggest is not None and total > MAX_UNZIPPED_BYTES:
            raise ReadError(file, _bomb(biggest.filename, total))
        for i in infos:
            if i.filename.endswith((".xml", ".rels")):
                _check_prolog(zf, i, file)


def _docx_reason(e: Exception) -> str:
    """What python-docx's exception means for the person who has the file."""
    text = _line(e)
    if isinstance(e, KeyError) and "no item named" in text:
        part = text.split("named", 1)[1].split("in the archive")[0].strip(" '\"")
        return f"the part {part} is missing"
    if type(e).__name__ == "XMLSyntaxError":
        return f"a part is not valid XML ({text})"
    if type(e).__name__ == "PackageNotFoundError" or isinstance(e, ValueError):
        return f"not a Word document package ({text})"
    return f"{text or type(e).__name__}"


def _line(e: Exception) -> str:
    """An exception's message as one short line (library messages can span lines)."""
    return (str(e).splitlines() or [""])[0][:200]


def _bomb(member: str, size: int) -> str:
    return f"refused: {member} would inflate to {human_size(size)} (zip bomb?)"


def _check_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo, file: str) -> None:
    try:
        with zf.open(info) as fh:
            head = fh.read(XML_PROLOG_BYTES)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as e:
        raise ReadError(file, f"corrupt DOCX ({info.filename}: {_line(e)})") from None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    start = _ELEMENT_START.search(head)
    prolog = head[: start.start()] if start else head
    if _DTD.search(prolog):
        raise ReadError(
            file, f"refused: {info.filename} declares a DTD/entities (XML entity expansion?)"
        )
    if start is None and len(head) >= XML_PROLOG_BYTES:
        raise ReadError(file, f"refused: {info.filename} has no root element in its first 64 KB")


def para_text(p) -> str:
    out: list[str] = []
    for el in p.iter(T, TAB, BR, CR):
        if el.tag == T:
            out.append(el.text or "")
        elif el.tag == TAB:
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def _tc_props(tc) -> tuple[int, str | None, bool]:
    """(gridSpan, vMerge value or None, continues a legacy hMerge) of a cell."""
    span, vmerge, hcont = 1, None, False
    if len(tc) and tc[0].tag == TCPR:  # tcPr is the cell's first child
        for el in tc[0]:
            if el.tag == GRIDSPAN:
                span = _int(el.get(VAL), 1) or 1
            elif el.tag == VMERGE:
                vmerge = el.get(VAL, "")
            elif el.tag == HMERGE:
                hcont = el.get(VAL, "") != "restart"
    return span, vmerge, hcont


def _tr_pads(tr) -> tuple[int, int]:
    """(gridBefore, gridAfter): grid columns a row leaves empty."""
    for child in tr:
        if child.tag == TRPR:
            before = next((_int(e.get(VAL), 0) for e in child if e.tag == W + "gridBefore"), 0)
            after = next((_int(e.get(VAL), 0) for e in child if e.tag == W + "gridAfter"), 0)
            return before, after
        if child.tag == TC:
            break
    return 0, 0


def _int(s: str | None, default: int) -> int:
    try:
        return max(0, min(int(s), 1000)) if s is not None else default
    except ValueError:
        return default


def _cells(tr):
    for child in tr:
        if child.tag == TC:
            yield child
        elif child.tag in _CONTAINERS:  # a content control wrapping cells
            yield from _cells(child)


def _rows(tbl):
    for child in tbl:
        if child.tag == TR:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _rows(child)


def expand_table(tbl, file: str, label=lambda p: "") -> list[list[str]]:
    """Cell text per grid column: gridSpan repeats a cell across, vMerge repeats it down."""
    out: list[list[str]] = []
    total = 0
    for tr in _rows(tbl):
        before, after = _tr_pads(tr)
        row: list[str] = [""] * before
        for tc in _cells(tr):
            span, vmerge, hcont = _tc_props(tc)
            if hcont and row:  # old-style horizontal merge (WPS still writes it)
                text = row[-1]
            elif vmerge is not None and vmerge != "restart":
                col = len(row)  # continuation: the text of the cell above
                above = out[-1][col] if out and col < len(out[-1]) else ""
                text = above
            else:
                # Paragraphs and line breaks inside a cell join without separator:
                # Word-pasted header cells split labels as 商业|企业.
                # A text box's paragraphs are already in its anchor paragraph's text.
                paras = (p for p in tc.iter(P) if next(p.iterancestors(P), None) is None)
                text = clean("".join(label(p) + para_text(p) for p in paras).replace("\n", ""))
            row.extend([text] * span)
        row.extend([""] * after)
        total += len(row)
        if total > MAX_TABLE_CELLS:
            raise ReadError(file, f"refused: a table expands to more than {MAX_TABLE_CELLS} cells")
        out.append(row)
    width = max((len(r) for r in out), default=0)
    return [r + [""] * (width - len(r)) for r in out]


class _Walker:
    def __init__(self, file: str, numbering: Numbering):
        self.file = file
        self.numbering = numbering
        self.blocks: list[Paragraph | Table] = []
        self.npara = 0
        self.ntable = 0

    def walk(self, parent) -> None:
        for el in parent:
            if el.tag == P:
                # Text boxes (converted PDFs put whole tables in them): read their content as
                # body, then take them out so the anchoring paragraph does not repeat it.
                while (box := next(el.iter(TXBX), None)) is not None:
                    box.getparent().remove(box)
                    self.walk(box)
                self.npara += 1
                for line in (self.numbering.label(el) + para_text(el)).split("\n"):
                    text = clean(line)
                    if text:
                        self.blocks.append(Paragraph(text, f"paragraph {self.npara}"))
            elif el.tag == TBL:
                self.table(el)
            elif el.tag in _CONTAINERS:
                self.walk(el)

    def table(self, tbl) -> None:
        if any(True for _ in tbl.iter(TBL) if _ is not tbl):
            # A table holding tables is layout: read its cells' content as body text.
            for tr in _rows(tbl):
                for tc in _cells(tr):
                    self.walk(tc)
            return
        counters = {k: dict(v) for k, v in self.numbering.counters.items()}
        rows = [r for r in expand_table(tbl, self.file, self.numbering.label) if any(r)]
        if not rows:
            return
        if max(len(r) for r in rows) == 1 or all(len(set(r)) == 1 for r in rows):
            # A one-column box around prose (sometimes the whole report): its paragraphs
            # are body paragraphs, not one glued cell. Numbering counts them once.
            self.numbering.counters = counters
            for tr in _rows(tbl):
                for tc in _cells(tr):
                    self.walk(tc)
            return
        self.ntable += 1
        self.blocks.append(Table(rows, f"table {self.ntable}"))


def read_docx(data: bytes, file: str) -> Document:
    inspect_zip(data, file)
    try:
        d = docx.Document(io.BytesIO(data))
        root = d.element
    except Exception as e:  # noqa: BLE001 - python-docx/lxml/zipfile raise many kinds
        raise ReadError(file, f"damaged DOCX: {_docx_reason(e)}") from None
    body = root.find(W_BODY) if root.tag == W_DOCUMENT else None
    if body is None:
        what = "has no document body" if root.tag == W_DOCUMENT else "is not a Word document"
        raise ReadError(file, f"damaged DOCX: its main part {what}")
    # Text boxes are stored twice (DrawingML and a VML fallback): keep one copy.
    for fb in list(body.iter(MC_FALLBACK)):
        fb.getparent().remove(fb)
    walker = _Walker(file, Numbering(d))
    walker.walk(body)
    if not walker.blocks:
        raise ReadError(file, "DOCX without any text")
    meta: dict[str, str] = {}
    title = (d.core_properties.title or "").strip()
    if title:
        # Not "title": Word keeps this property from whatever file the report was copied
        # from, so it may name another body or year.
        meta["core_title"] = title
    published = stated_published(block_texts(walker.blocks))
    if published:
        meta["published"] = published
    return Document(file, "docx", None, "", walker.blocks, meta)
