"""HTML reader: paragraphs in document order and <table>s with rowspan/colspan expanded.

Pages are often Word-pasted markup: labels split over <span>s, header cells split over <p>s,
&nbsp; padding. Cell text is therefore joined with no separator and whitespace is collapsed;
whitespace between two CJK characters is dropped (it only ever comes from source formatting).
"""

from __future__ import annotations

import functools
import re

import charset_normalizer
from lxml import etree

from lib.document import Document, Paragraph, Table
from lib.errors import ReadError
from lib.read.cells import (
    DATE,
    block_texts,
    clean,
    iso_date,
    mostly_chinese,
    stated_published,
)
from lib.read.limits import MAX_SPAN, MAX_TABLE_CELLS
from lib.read.mht import html_part, is_mhtml

_SKIP = {"script", "style", "noscript", "template", "head", "title", "iframe", "object", "svg"}
_BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article",
    "header", "footer", "blockquote", "pre", "center", "dl", "dt", "dd", "form", "address",
    "main", "nav", "aside", "figure", "figcaption", "hr", "caption", "tr", "td", "th",
    "thead", "tbody", "tfoot", "body", "html", "fieldset", "legend", "ucapcontent",
}  # fmt: skip

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL_ENC = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def _text_of(el) -> str:  # all text of an element; the fastest way in lxml
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


# Cell texts repeat ('0', the template's labels) within and across reports: clean each once.
# Only short texts are cached: a layout cell may hold a whole article.
_clean_cached = functools.lru_cache(maxsize=8192)(clean)


_STRIP = ("script", "style", "noscript", "template")
_STRUCTURE = frozenset(_BLOCK | _SKIP | {"br", "table"})  # anything but inline markup


def _inline_only(el) -> bool:
    # A Python scan beats iterdescendants(*tags): lxml builds a 60-tag matcher on every call.
    for d in el.iterdescendants():
        if d.tag in _STRUCTURE:
            return False
    return True


_META_DATE_NAMES = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time")


def _norm_encoding(name: str) -> str:
    n = name.strip().lower().replace("_", "-")
    if n in {"gb2312", "gbk", "gb-2312-80", "x-gbk", "cp936", "gb18030", "euc-cn"}:
        return "gb18030"  # superset: pages labelled GB2312 routinely contain GBK characters
    if n in {"utf8", "unicode-1-1-utf-8"}:
        return "utf-8"
    if n in {"big5", "big5-hkscs", "x-x-big5"}:
        return "big5hkscs"  # superset of Big5 as pages use it
    return n


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode a page: BOM, valid UTF-8, the declared charset (meta / XML declaration), then
    detection with a GB18030 preference (these are Chinese pages)."""
    for bom, enc in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    head = data[:8192]
    if head[1::2].count(0) > 0.3 * len(head[1::2] or b"x"):
        return data.decode("utf-16-le", errors="replace"), "utf-16-le"
    if head[0::2].count(0) > 0.3 * len(head[0::2] or b"x"):
        return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    try:  # valid UTF-8 is never an accident: it beats a (often stale) gb2312 declaration
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(head) or _XML_DECL_ENC.search(head)
    if m or declared:
        enc = _norm_encoding(declared or m.group(1).decode("ascii", "ignore"))
        try:
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            pass  # the declaration is wrong or unknown: detect instead
    # UTF-8 with a few damaged bytes is still UTF-8 (as GB18030 it would be mojibake).
    loose = data.decode("utf-8", errors="replace")
    if loose.count("\ufffd") <= max(2, len(loose) // 1000) and mostly_chinese(loose):
        return loose, "utf-8"
    # Chinese pages that are not UTF-8 are almost always GBK; generic detection is fooled by
    # the ASCII markup (it guessed ISO-8859-5 on a real page), so try GB18030 first.
    try:
        text = data.decode("gb18030")
        if mostly_chinese(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        enc = _norm_encoding(best.encoding)
        try:
            return data.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            pass
    return data.decode("utf-8", errors="replace"), "utf-8"


def _span(value: str | None) -> int:
    if value is None:
        return 1
    try:
        return max(0, min(int(value.strip() or 1), MAX_SPAN))
    except ValueError:
        return 1


_CELL = frozenset(("td", "th"))


def _own_rows(table) -> list:
    """./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr in document order (XPath costs more)."""
    rows = []
    for ch in table:
        tag = ch.tag
        if tag == "tr":
            rows.append(ch)
        elif tag == "tbody" or tag == "thead" or tag == "tfoot":
            rows.extend(ch.iterchildren("tr"))
    return rows


def expand_table(table, file: str) -> list[list[str]]:
    """Rows of cell text with rowspan/colspan expanded (the merged cell's text repeated)."""
    trs = _own_rows(table)
    n = len(trs)
    carry: dict[int, tuple[int, str]] = {}  # column → (rows still covered, text)
    out: list[list[str]] = []
    total = 0
    for r, tr in enumerate(trs):
        row: dict[int, str] = {}
        if carry:
            for c, (k, t) in list(carry.items()):
                row[c] = t
                if k > 1:
                    carry[c] = (k - 1, t)
                else:
                    del carry[c]
        col = 0
        for td in tr:
            if td.tag not in _CELL:
                continue
            while col in row:
                col += 1
            text = _text_of(td)
            text = _clean_cached(text) if len(text) <= 200 else clean(text)
            a = td.get("colspan")
            b = td.get("rowspan")
            if a is None and b is None:  # the common cell: no merge
                row[col] = text
                col += 1
                continue
            cs = 1 if a is None else (_span(a) or 1)
            rs = 1 if b is None else _span(b)
            if rs != 1:
                rs = n - r if rs == 0 else min(rs, n - r)  # 0 = to the end
            for k in range(cs):
                row[col + k] = text
                if rs > 1:
                    carry[col + k] = (rs - 1, text)
            col += cs
        width = max(row) + 1 if row else 0
        total += width
        if total > MAX_TABLE_CELLS:
            raise ReadError(file, f"refused: a table expands to more than {MAX_TABLE_CELLS} cells")
        if len(row) == width:  # no gaps: the dict holds every column
            out.append([row[i] for i in range(width)])
        else:
            out.append([row.get(i, "") for i in range(width)])
    width = max((len(r) for r in out), default=0)
    return [r if len(r) == width else r + [""] * (width - len(r)) for r in out]


class _Walker:
    """Collects blocks in document order; text flows into the current paragraph."""

    def __init__(self, file: str):
        self.file = file
        self.blocks: list[Paragraph | Table] = []
        self.buf: list[str] = []
        self.line = 0
        self.ntables = 0

    def flush(self) -> None:
        if not self.buf:
            return
        text = clean("".join(self.buf))
        self.buf = []
        if text:
            self.blocks.append(Paragraph(text, f"line {self.line}" if self.line else ""))

    def text(self, s: str | None, el) -> None:
        if s:
            if not self.buf and el.sourceline:
                self.line = el.sourceline
            self.buf.append(s)

    def walk(self, el) -> None:
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP:
            return
        if tag == "br":
            self.flush()
            return
        if tag == "table" and next(el.iterdescendants("table"), None) is None:
            self.flush()
            self.table(el)
            return
        block = tag in _BLOCK or tag == "table"  # a table holding tables is layout: walk it
        if block:
            self.flush()
            if _inline_only(el):
                # Fast path: a block of inline markup only (Word's <p><span>…</span></p>).
                self.text(_text_of(el), el)
                self.flush()
                return
        self.text(el.text, el)
        for child in el:
            self.walk(child)
            self.text(child.tail, el)
        if block:
            self.flush()

    def table(self, el) -> None:
        rows = [r for r in expand_table(el, self.file) if any(r)]
        if not rows:
            return
        if max(len(r) for r in rows) == 1 or all(len(set(r)) == 1 for r in rows):
            # A one-column box around prose (sometimes the whole article): walk its cells
            # so their paragraphs stay separate.
            for tr in _own_rows(el):
                for td in tr.iterchildren("td", "th"):
                    self.walk(td)
            return
        caption = el.find("caption")
        if caption is not None and clean(_text_of(caption)):
            line = f"line {caption.sourceline}" if caption.sourceline else ""
            self.blocks.append(Paragraph(clean(_text_of(caption)), line))
        self.ntables += 1
        where = f"table {self.ntables}" + (f" (line {el.sourceline})" if el.sourceline else "")
        self.blocks.append(Table(rows, where))


_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.I)


def _hidden(root, data: bytes) -> list:
    # A cheap byte test first: most pages hide nothing, and walking every style costs.
    if b"isplay" not in data and b"ISPLAY" not in data and b"\0" not in data[:4096]:
        return []
    return [el for el in root.iter() if _DISPLAY_NONE.search(el.get("style") or "")]


def _drop(el) -> None:
    """Remove an element but keep the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _meta(root, blocks) -> dict[str, str]:
    """title (<title>), heading (the article's title) and published (YYYY-MM-DD).

    Government sites carry the standard meta tags ArticleTitle and PubDate; a page's first
    <h1> is often the site's name, so an <h1> naming a report is preferred.
    """
    meta: dict[str, str] = {}
    tags = {}
    for m in root.iter("meta"):
        name = (m.get("name") or m.get("property") or "").strip().lower()
        if name and m.get("content"):
            tags.setdefault(name, m.get("content"))
    title = root.find(".//title")
    t = clean(_text_of(title)) if title is not None else ""
    h1s = [clean(_text_of(h)) for h in root.iter("h1")]
    h = next((x for x in h1s if "报告" in x), "") or clean(tags.get("articletitle", ""))
    h = h or next((x for x in h1s if x), "")
    if t or h:
        meta["title"] = t or h
    if h:
        meta["heading"] = h
    for name in _META_DATE_NAMES:
        d = DATE.search(tags.get(name, ""))
        if d and iso_date(d):
            meta["published"] = iso_date(d)
            return meta
    published = stated_published(block_texts(blocks))
    if published:
        meta["published"] = published
    return meta
    published = stated_published(block_texts(blocks))
    if published:
        meta["published"] = published
    return meta


def read_html(data: bytes, file: str) -> Document:
    declared = None
    if is_mhtml(data[:4096]):
        part = html_part(data)
        if part is None:
            raise ReadError(file, "MHTML file without an HTML part")
        data, declared = part
    text, encoding = decode_html(data, declared)
    text = _XML_DECL.sub("", text, count=1)  # lxml refuses str input with an encoding decl
    if not text or text.isspace():  # = not text.strip(), without copying the page
        raise ReadError(file, "empty file")
    try:
        # Plain etree (not lxml.html): no per-element class lookup, several times faster.
        # Comments go at parse time (Word's conditional comments hold XML); tails stay.
        # A parser per call: lxml parsers must not be shared between threads.
        parser = etree.HTMLParser(remove_comments=True, remove_pis=True)
        root = etree.fromstring(text, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
        raise ReadError(file, f"malformed HTML ({e})") from None
    # Drop non-content (Word's conditional comments hold XML); tails (following text) stay.
    if root is None:
        raise ReadError(file, "HTML page without any text")
    # strip_elements walks the whole tree even when there is nothing to strip: look first.
    if next(root.iter(*_STRIP), None) is not None:
        etree.strip_elements(root, *_STRIP, with_tail=False)
    for hidden in _hidden(root, data):  # content the page does not show (print copies)
        _drop(hidden)
    walker = _Walker(file)
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    if not walker.blocks:
        raise ReadError(file, "HTML page without any text")
    return Document(
        file=file,
        format="html",
        encoding=encoding,
        sha256="",
        blocks=walker.blocks,
        meta=_meta(root, walker.blocks),
    )
