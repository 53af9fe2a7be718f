"""Text a portal crawler left behind: tags stripped without separators, so a whole report, or a
whole table, may sit on one line and a row's label runs into its digits
(`…申请数量713000074二、上年结转政府信息公开申请数量0000000（一）予以公开…`).

`reline` puts such text back into the lines the parser knows: a break before and after each
section heading, a break before each template row label (by the template's own labels and
numbering, so `00000002.其他法律…` breaks before the `2.` that numbers the row), and a space
between a row's label and its digits. It acts only on documents that show the signs of it: two
headings on one line, or row labels glued to their digits."""

from __future__ import annotations

import re
from functools import lru_cache

from lib.document import Document, Paragraph
from lib.template import S2, S3_ROWS, SECTIONS

# heading words of the national template and the variants seen on real portals
_HEADING_WORDS = {
    **{zh: code for code, _n, zh, _en in SECTIONS},
    "行政复议、行政诉讼情况": "s4",
    "存在的主要问题及整改措施": "s5",
    "存在的主要问题及改进措施": "s5",
}
_HEADING = re.compile(
    "[一二三四五六七][、.．]\\s*("
    + "|".join(re.escape(w) for w in sorted(_HEADING_WORDS, key=len, reverse=True))
    + ")"
)
_S3_TOP = {"new": "一、", "carried_over": "二、", "carried_forward": "四、"}
_S3_SINGLE = {
    "granted": "（一）",
    "partial": "（二）",
    "other": "（六）",
    "handled_total": "（七）",
}
_S3_GROUP = {"withheld": "（三）不予公开", "unable": "（四）无法提供", "refused": "（五）不予处理"}
_NUM = "[.．、]"


def _alternation(parts: list[str]) -> re.Pattern:
    return re.compile("|".join(sorted(parts, key=len, reverse=True)))


@lru_cache(maxsize=1)
def _anchors() -> dict[str, re.Pattern]:
    """Per section, the labels a row starts with; a break goes before each."""
    s2 = {re.escape(r.zh) for groups in S2.values() for g in groups for r in g.rows}
    s2 |= {"第二十条第[（(][一二三四五六七八九十]+[)）]项", "信息内容"}
    s3 = ["(?:三、)?本年度办理结果"]
    pos: dict[str, int] = {}
    for r in S3_ROWS:
        z = re.escape(r.zh)
        if r.code in _S3_TOP:
            s3.append(f"(?:{_S3_TOP[r.code]})?{z}")
        elif r.code in _S3_SINGLE:
            p = re.escape(_S3_SINGLE[r.code])
            # 总计 and 其他处理 appear in headers and notes: only with their numbering
            s3.append(f"{p}{z}" if r.code in ("handled_total", "other") else f"(?:{p})?{z}")
        else:
            pos[r.group] = pos.get(r.group, 0) + 1
            n = pos[r.group]
            lead = f"(?:{re.escape(_S3_GROUP[r.group])})?" if r.group in _S3_GROUP else ""
            if r.group == "other":  # 2021's （六） rows: the group label is the 其他处理 row's
                lead = f"(?:{re.escape(_S3_SINGLE['other'] + '其他处理')})?"
            if len(r.zh) <= 2:  # 其他: only with its number
                s3.append(f"{lead}{n}{_NUM}{z}")
            else:
                s3.append(f"{lead}(?:{n}{_NUM})?{z}")
    for g in _S3_GROUP.values():
        s3.append(re.escape(g))
    return {"s2": _alternation(list(s2)), "s3": _alternation(s3)}


_SUFFIX = re.compile(r"^(.*?[^\d\s.\-－])\s*([-－]?\d[\d\s.\-－]*)$")


_CJK_DIGIT = re.compile(r"[\u4e00-\u9fff）)”」』](?=\d)")


def _signs(lines: list[str]) -> bool:
    """Two headings on one line, or two template rows whose label runs into its digits.
    (Asked of every text document: the row test looks only where a character runs into a
    digit, and only behind it.)"""
    text = "\n".join(lines)
    prev = None
    for m in _HEADING.finditer(text):
        if prev is not None and "\n" not in text[prev : m.start()]:
            return True
        prev = m.end()
    rows = _anchors()["s3"]
    glued = 0
    for m in _CJK_DIGIT.finditer(text):
        end = m.end()
        start = max(0, text.rfind("\n", 0, end) + 1, end - 64)
        if any(a.end() == end for a in rows.finditer(text, start, end)):
            glued += 1
            if glued >= 2:
                return True
    return False


def _split_line(line: str, zone: str) -> tuple[list[str], str]:
    """A line cut at headings and, inside the table sections, at row labels; the zone after."""
    out: list[str] = []
    start = 0
    for m in _HEADING.finditer(line):
        out += _rows(line[start : m.start()], zone)
        out.append(m.group(0))
        zone = _HEADING_WORDS[m.group(1)]
        start = m.end()
    out += _rows(line[start:], zone)
    return [s for s in (p.strip() for p in out) if s], zone


def _rows(text: str, zone: str) -> list[str]:
    if zone == "s4":  # one row of 15 under a header: only its digits need setting apart
        return [_spaced(text)]
    pat = _anchors().get(zone)
    if pat is None or not text:
        return [text]
    cuts = [m.start() for m in pat.finditer(text) if m.start() > 0]
    parts = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    return [_spaced(p) for p in parts]


def _spaced(row: str) -> str:
    """A space between a row's label and its digits, and before a minus that starts a cell."""
    m = _SUFFIX.match(row.strip())
    if not m or m.group(1).endswith(("第", "（", "(")):
        return row
    digits = re.sub(r"(?<=\d)([-－])", r" \1", m.group(2))
    return f"{m.group(1)} {digits}"


def reline(doc: Document) -> Document | None:
    """The document with its crawler-joined lines broken where the template says rows begin,
    or None when it shows no sign of a crawler (then it is parsed as it is)."""
    paras = [b for b in doc.blocks if isinstance(b, Paragraph)]
    if not _signs([line for p in paras for line in p.text.split("\n")]):
        return None
    zone = "pre"
    blocks = []
    for b in doc.blocks:
        if not isinstance(b, Paragraph):
            blocks.append(b)
            continue
        lines: list[str] = []
        for line in b.text.split("\n"):
            got, zone = _split_line(line, zone)
            lines += got
        if lines:
            blocks.append(Paragraph("\n".join(lines), b.where))
    return Document(doc.file, doc.format, doc.encoding, doc.sha256, blocks, dict(doc.meta))
