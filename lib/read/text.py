"""Plain text → Document.

Layouts recognised:
- one cell per line: table cells are lines indented by a tab, blank lines separate rows, an
  indented empty line is an empty cell (text copied out of Word tables);
- pipe-separated lines and markdown tables; tab-separated lines (TSV);
- one cell per line with a line holding only `|` after every cell (web pages copied as text):
  each cell becomes a line of its own (an empty one "-", read as blank), the layout of a table
  pasted as paragraphs, which the parser puts back into rows;
- everything else is a paragraph per line (also text copied out of PDFs, where a table row is one
  line such as `（一）予以公开 12 0 0 0 0 0 12`; the parser turns those into rows).
"""

from __future__ import annotations

import codecs
import hashlib
import re

from lib.document import Document, Paragraph, Table
from lib.errors import ReadError

_BOOKMARK = re.compile(r"\[bookmark: [^\]\n]{0,80}\]")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936", "ms936", "euc_cn", "iso2022_cn"}


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with. Detected, never assumed."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few damaged bytes is still UTF-8 (GB18030 would turn it all into mojibake).
    loose = data.decode("utf-8", errors="replace")
    if loose.count("\ufffd") <= max(2, len(loose) // 100) and _cjk_share(loose) > 0.05:
        return loose, "utf-8"
    head = data[:4096]
    if len(head) >= 8 and (head[1::2].count(0) > 0.3 * len(head[1::2])):
        return data.decode("utf-16-le", errors="replace"), "utf-16-le"
    if len(head) >= 8 and (head[0::2].count(0) > 0.3 * len(head[0::2])):
        return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    try:  # most non-UTF-8 Chinese text is in the GB family; GB18030 is its superset
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None:
        enc = best.encoding.lower().replace("-", "_")
        enc = "gb18030" if enc in _GB_FAMILY else best.encoding
        return data.decode(enc, errors="replace"), enc
    return data.decode("gb18030", errors="replace"), "gb18030"


_CJK = re.compile(r"[\u4e00-\u9fff]")
_BAD = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_ODD = re.compile(r"[\x80-\u1fff]")


def _cjk_share(text: str) -> float:
    sample = text[:20000]
    return len(_CJK.findall(sample)) / max(1, len(sample))


def _garbage(text: str) -> bool:
    """Mostly control or replacement characters: binary data, not text."""
    sample = text[:20000]
    if not sample.strip():
        return False
    if len(_BAD.findall(sample)) > 0.05 * len(sample):
        return True
    # Random bytes decoded with a single-byte code page look printable but are neither
    # ASCII nor CJK text.
    return len(_ODD.findall(sample)) > 0.3 * len(sample)


def read_text(data: bytes, name: str) -> Document:
    text, enc = decode(data)
    if _garbage(text):
        raise ReadError(name, "not a text document (binary data or unknown encoding)")
    text = text.replace("\x00", "")
    if "[bookmark:" in text:  # Word bookmarks left by DOCX-to-text tools
        text = _BOOKMARK.sub("", text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    doc = Document(
        file=name,
        format="txt",
        encoding=enc,
        sha256=hashlib.sha256(data).hexdigest(),
        blocks=_blocks(lines),
    )
    return doc


def _kind(line: str) -> str:
    if line.startswith("\t") and "\t" not in line[1:]:
        return "cell"  # an indented empty line is an empty cell
    if not line.strip():
        return "blank"
    s = line.strip()
    if s == "|":
        return "bar"
    if s.count("|") >= 2 or (s.startswith("|") and s.endswith("|") and len(s) > 1):
        return "pipe"
    if line.count("\t") >= 2:
        return "tsv"
    return "para"


def _blocks(lines: list[str]) -> list[Paragraph | Table]:
    blocks: list[Paragraph | Table] = []
    i, n = 0, len(lines)
    while i < n:
        k = _kind(lines[i])
        if k == "blank":
            i += 1
        elif k == "para" and i + 1 < n and _kind(lines[i + 1]) == "bar":
            i = _bar_table(lines, i, blocks)
        elif k in ("para", "bar"):
            blocks.append(Paragraph(lines[i].strip(), f"line {i + 1}"))
            i += 1
        elif k == "cell":
            i = _cell_table(lines, i, blocks)
        else:
            i = _split_table(lines, i, k, blocks)
    return blocks


def _cell_table(lines: list[str], i: int, blocks: list) -> int:
    """Tab-indented cells, one per line; a blank line ends a row."""
    start, n = i, len(lines)
    rows: list[list[str]] = []
    where: list[list[str]] = []
    row: list[str] = []
    rw: list[str] = []
    last = i
    while i < n:
        line = lines[i]
        k = _kind(line)
        if k == "cell":
            row.append(line.strip())
            rw.append(f"line {i + 1}")
            last = i
        elif k == "blank":
            if row:
                rows.append(row)
                where.append(rw)
                row, rw = [], []
        else:
            break
        i += 1
    if row:
        rows.append(row)
        where.append(rw)
    blocks.append(Table(rows, f"lines {start + 1}-{last + 1}", where))
    return i


def _split_table(lines: list[str], i: int, kind: str, blocks: list) -> int:
    start, n = i, len(lines)
    rows: list[list[str]] = []
    where: list[list[str]] = []
    end = i
    while end < n and _kind(lines[end]) == kind:
        end += 1
    # A table drawn with a left border starts (nearly) every row with "|"; without one, a row
    # that starts with "|" starts with an empty cell (pages copied as text: `| 3 | 0 |`).
    # The same for the right border.
    body = [ln.strip() for ln in lines[i:end]]
    left_border = sum(ln.startswith("|") for ln in body) * 2 > len(body)
    right_border = sum(ln.endswith("|") for ln in body) * 2 > len(body)
    while i < end:
        s = lines[i].strip()
        if kind == "pipe":
            if _MD_RULE.match(s):
                i += 1
                continue
            if s.startswith("|") and left_border:
                s = s[1:]
            if s.endswith("|") and right_border:
                s = s[:-1]
            cells = [c.strip() for c in s.split("|")]
        else:
            cells = [c.strip() for c in lines[i].split("\t")]
        rows.append(cells)
        where.append([f"line {i + 1}"] * len(cells))
        i += 1
    blocks.append(Table(rows, f"lines {start + 1}-{i}", where))
    return i


# ------------------------------------------------------------ cells separated by "|" lines
# A web page copied as text: every cell's text on its own line(s), a line "|" after each cell,
# merged cells written once and nothing marking the end of a row.
_SECTION_HEADING = re.compile(r"^[一二三四五六七八九十]、.*(?:情况|问题|事项|复议|诉讼)")
_MAX_CELL_LINES = 6


def _one_cell(content: list[str]) -> bool:
    """The lines between two bars are one cell (a label wrapped over lines), not text
    between two tables."""
    if len(content) <= 1:
        return True
    if len(content) > _MAX_CELL_LINES:
        return False
    return not any(_SECTION_HEADING.match(c) or c.endswith(("。", "：", ":")) for c in content)


def _bar_table(lines: list[str], i: int, blocks: list) -> int:
    """Cells separated by "|" lines, starting with the line at i (the line before a bar)."""
    n = len(lines)
    cells: list[tuple[str, int]] = []  # (text, line number)
    cur, cur_line = [lines[i].strip()], i + 1
    j = i + 1  # always at a bar here
    while True:
        cells.append(("".join(cur), cur_line))
        k = j + 1
        while k < n and _kind(lines[k]) != "bar" and k - j <= _MAX_CELL_LINES + 1:
            k += 1
        filled = [m for m in range(j + 1, k) if lines[m].strip()]
        content = [lines[m].strip() for m in filled]
        if k >= n or _kind(lines[k]) != "bar" or not _one_cell(content):
            j += 1  # the table ended at the bar: what follows is read as usual
            break
        cur, cur_line = content, (filled[0] if filled else j) + 1
        j = k
    for text, line in cells:  # "-" keeps an empty cell's place among the values
        blocks.append(Paragraph(text or "-", f"line {line}"))
    return j
