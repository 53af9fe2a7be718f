"""Document blocks → a stream of rows (`Item`s), split into the report's sections.

A row is label text plus value cells, whether it came from a table row or from a line of text
copied out of a PDF (`（一）予以公开 12 0 0 0 0 0 12`). Sections are found by their headings
(the words, not the numbers: some reports number them differently) and, where headings are
missing, by the labels of the tables themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lib.document import Document, Paragraph, Table
from lib.parse.text import label, norm
from lib.parse.values import parse_value, token_value

_DIGIT = re.compile(r"\d")


@dataclass
class Item:
    label: str  # normalised label text of the row (label cells joined), instructions stripped
    raw: str  # label text as written
    values: list[str] = field(default_factory=list)  # value cells as written
    wheres: list[str] = field(default_factory=list)  # provenance of each value
    where: str = ""
    table: bool = False
    labels: list[str] = field(default_factory=list)  # normalised label cells, in order
    cells: list[str] | None = None  # a table row's cells as read (merged cells repeated)
    header: list[str] | None = None  # the column header row above it (same grid), if known
    grid: tuple | None = None  # section III: header width and column positions above it
    block: int = -1  # index of the document block (table) it was read from
    run: bool = False  # crawler text: the digits may have run together (lib.parse.crawl)

    def has_digit(self) -> bool:
        return bool(self.values) and _DIGIT.search("".join(self.values)) is not None


# Page footers and bare page numbers: "— 5 —", "- 5 -", "第 5 页", "5/12", "第5页 共12页".
# Not "-5" alone: that is a negative 本年增/减 written on its own line.
_FOOTER = re.compile(
    r"^\s*(?:[-—–－_]+\s*\d{1,3}\s*[-—–－_]+|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3})\s*$"
)


_VALUE_END = frozenset("-—–－/元件个项")


def is_footer(text: str) -> bool:
    return bool(_FOOTER.match(text))


def _row_item(cells: list[str], t: Table, r: int) -> Item | None:
    cells = [c if c is not None else "" for c in cells]
    last = -1  # the last label (non-value) cell: scan from the end, values sit there
    for i in range(len(cells) - 1, -1, -1):
        c = cells[i]
        if c and not c.isspace() and parse_value(c) is None:
            last = i
            break
    labels_raw: list[str] = []
    for c in cells[: last + 1]:
        c = c.strip()
        if c and (not labels_raw or c != labels_raw[-1]):  # merged cells repeat their text
            labels_raw.append(c)
    if len(labels_raw) == 1 and last == len(cells) - 1 and is_footer(labels_raw[0]):
        return None
    raw = " ".join(labels_raw)
    labs = [label(c) for c in labels_raw]
    n = len(cells)
    cw = t.cell_where[r] if t.cell_where and r < len(t.cell_where) else None
    if cw is not None and len(cw) >= n:
        wheres = cw[last + 1 : n]
    elif not t.cell_where:  # Table.cell_source without per-cell provenance, built once per row
        pre = f"{t.where} row {r + 1} col ".lstrip()
        wheres = [f"{pre}{c + 1}" for c in range(last + 1, n)]
    else:
        wheres = [t.cell_source(r, c) for c in range(last + 1, n)]
    return Item(
        "".join(labs),
        raw,
        cells[last + 1 :],
        wheres,
        t.cell_source(r, 0) if n else t.where,
        True,
        labs,
        cells,
    )


_MD_HEADING = re.compile(r"^#{1,6}\s*")
# a label ending in a Chinese character or bracket, then a run of 7+ digits (a table row copied
# by a crawler that dropped the cell separators: 本年新收政府信息公开申请数量713000074)
_GLUED_RUN = re.compile(r"^(.*[\u4e00-\u9fff）)”」』])(\d{7,})$")


def _line_item(line: str, where: str) -> Item | None:
    s = line.strip()
    if not s:
        return None
    if s[0] == "#":  # a markdown heading marker (reports converted to markdown)
        s = _MD_HEADING.sub("", s)
        if not s:
            return None
    if not (s[-1].isdigit() or s[-1] in _VALUE_END):  # fast path: running text, no values
        lab = label(s) if len(s) <= 120 else s
        return Item(lab, s, [], [], where, False, [lab] if lab else [])
    if is_footer(s):
        return None
    toks = s.split()
    k = len(toks)
    while k > 0 and token_value(toks[k - 1]) is not None:
        k -= 1
    # "2024年" style tokens never reach here; a label that ends in a bare number (rare) would
    # lose it, which the section parsers tolerate (they need the template's column count).
    # crawler text: the row's numbers glued to its label, cells run together
    m = _GLUED_RUN.match(toks[-1]) if k == len(toks) else None
    if m:
        toks = [*toks[:-1], m.group(1), m.group(2)]
        k = len(toks) - 1
    raw = " ".join(toks[:k])
    vals = toks[k:]
    lab = label(raw)
    return Item(lab, raw, vals, [where] * len(vals), where, False, [lab] if lab else [])


def items_of(doc: Document) -> list[Item]:
    out: list[Item] = []
    for bi, b in enumerate(doc.blocks):
        if isinstance(b, Table):
            for r, row in enumerate(b.rows):
                it = _row_item(row, b, r)  # _row_item copies the cells itself
                if it is not None and (it.label or it.values):
                    it.block = bi
                    out.append(it)
        elif isinstance(b, Paragraph):
            lines = b.text.split("\n")
            for li, line in enumerate(lines):
                w = b.where or f"block {bi + 1}"
                if len(lines) > 1:
                    w = f"{w} line {li + 1}"
                it = _line_item(line, w)
                if it is not None:
                    out.append(it)
    return _merge_lone_values(out)


def _merge_lone_values(items: list[Item]) -> list[Item]:
    """A table pasted as paragraphs, one cell per line: a run of lines holding one number each
    is one row of values."""
    out: list[Item] = []
    for it in items:
        lone = not it.table and not it.label and len(it.values) == 1
        prev = out[-1] if out else None
        if lone and prev is not None and prev.raw == "" and not prev.table and prev.values:
            prev.values.append(it.values[0])
            prev.wheres.append(it.wheres[0])
            continue
        if lone:  # a copy: the merged row must not alias the line item
            it = Item("", "", list(it.values), list(it.wheres), it.where, False, [])
        out.append(it)
    return out


# ------------------------------------------------------------------ headings
_TOP = re.compile(r"^第?([一二三四五六七八九十]{1,2})(?:、|部分|章|\.)")


_HEAD_WORDS = re.compile(
    "情况|情況|问题|問題|事项|事項|复议|復議|主动公开|主動公開|申请|申請|概述|七"
)


def heading_of(it: Item) -> str | None:
    """The section a heading line opens ("s1".."s7"), or None when the line is no heading."""
    if it.values and any(v.strip() for v in it.values):
        return None
    if len(it.raw) > 60 or not _HEAD_WORDS.search(it.raw):
        return None
    t = norm(it.raw)
    if not t or len(t) > 40 or t[0] in "(0123456789":  # (一) / 1. number sub-headings
        return None
    m = _TOP.match(t)
    body = t[m.end() :] if m else t
    if not m:
        # Unnumbered headings must be the heading text itself, not a sentence containing it.
        if len(t) > 22 or t.endswith(("。", "；", ";")):
            return None
    if "复议" in body and ("诉讼" in body or "情况" in body or (m and "行政" in body)):
        return "s4"
    if "收到和处理" in body or ("申请" in body and "处理" in body and "情况" in body):
        return "s3"
    if "依申请公开" in body and "情况" in body and m and m.group(1):
        return "s3"
    if "主动公开" in body and len(body) <= 16:
        return "s2"
    if "总体情况" in body or body in ("概述", "基本情况"):
        return "s1"
    if "存在的主要问题" in body or "问题及改进" in body or "存在问题" in body or "改进情况" in body:
        return "s5"
    if "需要报告的事项" in body or "其他需要报告" in body:
        return "s6"
    if m and m.group(1) == "七":
        return "s7"
    return None


def split_sections(items: list[Item]) -> tuple[dict[str, list[Item]], list[Item], dict[str, str]]:
    """Items per section ("s1".."s7"), the items before the first heading, and heading texts."""
    zones: dict[str, list[Item]] = {}
    heads: dict[str, str] = {}
    pre: list[Item] = []
    cur: list[Item] | None = None
    order = ["s1", "s2", "s3", "s4", "s5", "s6", "s7"]
    last = -1
    for it in items:
        # Headings are paragraphs, or one-cell rows of a layout table holding the whole page.
        h = heading_of(it) if not it.table or len(set(it.labels)) == 1 else None
        # Headings come in order; a repeat or a step back is a sub-heading or a quote.
        if h and h not in zones and order.index(h) > last:
            last = order.index(h)
            zones[h] = cur = []
            heads[h] = it.raw
            continue
        if cur is None:
            pre.append(it)
        else:
            cur.append(it)
    return zones, pre, heads


# ------------------------------------------------------------------ label/value alignment
def align(events: list[tuple[str, str | None, Item]]) -> list[tuple[str, Item]]:
    """Pair row labels with value groups.

    events: ("A", row, item) a label with its values on one row (an anchor); ("L", row, item)
    a recognised row label without values; ("V", None, item) values without a label. In text
    taken from PDFs a multi-line label is centred on its row, so its values may come before or
    after it; between two anchors the table order still holds, so the n-th pending label takes
    the n-th pending value group.
    """
    out: list[tuple[str, Item]] = []
    labels: list[str] = []
    groups: list[Item] = []

    def flush() -> None:
        out.extend(zip(labels, groups))
        labels.clear()
        groups.clear()

    anchored = None  # the row of the last anchor, while nothing is pending after it
    for kind, row, it in events:
        if kind == "A":
            if labels and labels[-1] == row:  # the same label's first line, broken
                labels.pop()
            flush()
            out.append((row, it))
            anchored = row
        elif kind == "L":
            if row == anchored and not labels and not groups:
                continue  # the last line of the anchored row's wrapped label
            anchored = None
            if not (labels and labels[-1] == row):
                labels.append(row)
        else:
            anchored = None
            groups.append(it)
    flush()
    return out
