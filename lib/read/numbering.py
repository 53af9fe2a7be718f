"""Word automatic numbering rendered as text ("一、", "（一）", "1.").

Headings of Chinese reports are often numbered by Word, not typed: the paragraph text is then
"总体情况" and the "一、" lives in numbering.xml. python-docx does not render it, so this does,
for the formats reports use. Counters run per list instance (numId) in document order.
"""

from __future__ import annotations

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def int_val(s: str | None, default: int) -> int:
    try:
        return int(s) if s is not None else default
    except ValueError:
        return default


_CN = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"


def _chinese(n: int) -> str:
    if n <= 0 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if not tens:
        return _CN[ones]
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def _roman(n: int) -> str:
    out = ""
    for value, sym in _ROMAN:
        while n >= value:
            out, n = out + sym, n - value
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "chineseLegalSimplified"):  # fmt: skip
        return _chinese(n)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        s = _letter(n)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s.upper() if fmt == "upperRoman" else s
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


def _levels(parent) -> dict[int, tuple[int, str, str]]:
    """ilvl → (start, numFmt, lvlText) of the w:lvl children of parent."""
    out = {}
    for lvl in parent.iterchildren(W + "lvl"):
        ilvl = int_val(lvl.get(W + "ilvl"), 0)
        start = fmt = text = None
        for el in lvl:
            if el.tag == W + "start":
                start = int_val(el.get(W + "val"), 1)
            elif el.tag == W + "numFmt":
                fmt = el.get(W + "val")
            elif el.tag == W + "lvlText":
                text = el.get(W + "val")
        out[ilvl] = (1 if start is None else start, fmt or "decimal", text or "")
    return out


class Numbering:
    """Parsed lazily: most paragraphs carry no numbering, many documents none at all."""

    def __init__(self, document) -> None:
        self.document = document
        self._lists: dict[str, dict[int, tuple[int, str, str]]] | None = None
        self._style_num: dict[str, tuple[str, int]] | None = None
        self.counters: dict[str, dict[int, int]] = {}

    @property
    def lists(self) -> dict[str, dict[int, tuple[int, str, str]]]:
        if self._lists is None:
            self._lists = {}
            try:
                root = self.document.part.numbering_part.element
            except (NotImplementedError, KeyError, AttributeError):
                return self._lists
            abstract = {
                an.get(W + "abstractNumId"): _levels(an)
                for an in root.iterchildren(W + "abstractNum")
            }
            for num in root.iterchildren(W + "num"):
                ref = num.find(W + "abstractNumId")
                levels = dict(abstract.get(ref.get(W + "val") if ref is not None else None, {}))
                for ov in num.iterchildren(W + "lvlOverride"):
                    ilvl = int_val(ov.get(W + "ilvl"), 0)
                    levels.update(_levels(ov))
                    start = ov.find(W + "startOverride")
                    if start is not None and ilvl in levels:
                        _, fmt, text = levels[ilvl]
                        levels[ilvl] = (int_val(start.get(W + "val"), 1), fmt, text)
                self._lists[num.get(W + "numId")] = levels
        return self._lists

    @property
    def style_num(self) -> dict[str, tuple[str, int]]:
        if self._style_num is None:
            self._style_num = {}
            for style in self.document.styles.element.iterchildren(W + "style"):
                ppr = style.find(W + "pPr")
                num_pr = ppr.find(W + "numPr") if ppr is not None else None
                if num_pr is not None:
                    self._style_num[style.get(W + "styleId")] = _num_pr(num_pr)
        return self._style_num

    def label(self, p) -> str:
        """The number Word shows before paragraph p ("" when none); advances the counters."""
        ppr = p[0] if len(p) and p[0].tag == W + "pPr" else None  # pPr is the first child
        if ppr is None:
            return ""
        num_pr = ppr.find(W + "numPr")
        if num_pr is not None:
            num_id, ilvl = _num_pr(num_pr)
        else:
            style = ppr.find(W + "pStyle")
            if style is None:
                return ""
            num_id, ilvl = self.style_num.get(style.get(W + "val"), ("", 0))
        levels = self.lists.get(num_id) if num_id not in ("", "0") else None
        if not levels or ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        text = levels[ilvl][2]
        for k in range(ilvl + 1):
            if k in levels:
                n = counts.get(k, levels[k][0])
                text = text.replace(f"%{k + 1}", format_number(n, levels[k][1]))
        return text


def _num_pr(num_pr) -> tuple[str, int]:
    ilvl = num_pr.find(W + "ilvl")
    num_id = num_pr.find(W + "numId")
    return (
        num_id.get(W + "val", "") if num_id is not None else "",
        int_val(ilvl.get(W + "val") if ilvl is not None else None, 0),
    )
