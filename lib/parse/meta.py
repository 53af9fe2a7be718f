"""Report metadata: body name, year, title, publication date."""

from __future__ import annotations

import re
import unicodedata

from lib.document import Document
from lib.parse.sections import Item
from lib.parse.text import simplify

_YEAR_TITLE = re.compile(r"(20\d{2})\s*年度?")
_YEAR_ANY = re.compile(r"(?<!\d)(20[1-4]\d)(?!\d)")
_REPORT_WORDS = re.compile(r"(?:关于)?(?:20\d{2}\s*年度?)?\s*(?:政府)?(?:信息公开|政务公开)")
_SUFFIX = re.compile(r"(人民政府|政府|办事处)$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ISO = re.compile(r"(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})\s*日?")
_PUB = re.compile(
    r"(?:发布日期|发布时间|公开日期|发文日期|成文日期|印发日期|日期)\s*[:：]?\s*"
    r"(\d{4}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2})"
)
_SIGN = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SIGN_CN = re.compile(
    r"^\s*([〇○零Ｏ一二三四五六七八九O]{4})年([一二三四五六七八九十]{1,3})月"
    r"([一二三四五六七八九十]{1,3})日\s*$"
)


def _nfkc(s: str) -> str:
    return simplify(unicodedata.normalize("NFKC", s))


def _is_title(t: str) -> bool:
    # "关于报送…年度报告的函" is the letter the report was sent under, not its title
    # a sentence (现将我单位…年度报告报送如下，…) is no title either
    letter = t.endswith("函") or "，" in t or "," in t
    return "报告" in t and ("公开" in t or "年度" in t) and len(t) <= 80 and not letter


def title_of(doc: Document, pre: list[Item]) -> str:
    """The report's title: the page heading or the first lines before section 一 that name a
    report, joined with the body's name on the line above when the title line lacks it."""
    lines = [re.sub(r"\s+", "", _nfkc(i.raw)) for i in pre if not i.values and not i.table][:10]
    heading = re.sub(r"\s+", "", _nfkc(doc.meta.get("heading", "")))
    page = re.sub(r"\s+", "", _nfkc(doc.meta.get("title", "")))
    for t in (heading, *lines, page):  # a title that names the body
        if t and _is_title(t) and _name_part(t):
            return t
    for k, t in enumerate(lines):  # 洪泽区人民政府 / 2023年政府信息公开工作年度报告
        if _is_title(t):
            if k > 0 and len(lines[k - 1]) <= 30 and not _is_title(lines[k - 1]):
                return lines[k - 1] + t
            return t
    for t in (heading, page):
        if t:
            return t
    for b in doc.paragraphs[:3]:
        if "报告" in b.text and len(b.text) < 80:
            return re.sub(r"\s+", "", _nfkc(b.text))
    return ""


_CN_YEAR = re.compile(r"([〇○零Ｏ一二三四五六七八九O]{4})年")


def year_of(title: str, text_head: str, filename: str) -> int | None:
    t = re.sub(r"\s+", "", title)
    m = _YEAR_TITLE.search(t)
    if m:
        return int(m.group(1))
    m = _CN_YEAR.search(t)  # 二〇二三年度
    if m:
        y = int("".join(str(_CN_DIGITS[c]) for c in m.group(1)))
        if 2000 <= y <= 2100:
            return y
    head = re.sub(r"\s+", "", text_head)
    m = re.search(r"(20\d{2})年度?(?:政府信息公开|政务公开|信息公开|工作年度报告)", head)
    if m:
        return int(m.group(1))
    m = re.search(r"(20\d{2})年1月1日[起至到—-]", head)
    if m:
        return int(m.group(1))
    m = _YEAR_ANY.search(filename.rsplit("/", 1)[-1])
    if m:
        return int(m.group(1))
    m = _YEAR_TITLE.search(head)
    return int(m.group(1)) if m else None


def _name_part(title: str) -> str:
    """The words of a title before 20xx年/政府信息公开 (the body's name, if written)."""
    t = re.split(r"[>|｜»]", title)[-1]
    m = _REPORT_WORDS.search(t)
    name = t[: m.start()] if m else ""
    name = re.sub(r"^20\d{2}\s*年度?", "", name)
    name = re.sub(r"(?:关于)?20\d{2}\s*年度?$", "", name)
    name = _strip_wrapping(re.sub(r"^(?:关于)", "", name))
    return full_width_brackets(name) if _CJK.search(name) else ""


_ASCII_CJK_BRACKETS = re.compile(r"\(([\u4e00-\u9fff、·]+)\)")


def full_width_brackets(name: str) -> str:
    """Chinese names write a bracketed Chinese word full-width（市科委）; NFKC (used to read
    titles) made it ASCII. Brackets round anything else are left as they are."""
    return _ASCII_CJK_BRACKETS.sub(r"（\1）", name)


_PAIRS = {"（": "）", "(": ")", "《": "》", "“": "”", '"': '"', "'": "'", "【": "】", "[": "]"}


def _strip_wrapping(name: str) -> str:
    """Quotes and brackets around a name go; a bracket that belongs to it stays whole:
    平潭综合实验区（党工委管委会）, 上海市科学技术委员会（市科委）."""
    name = name.strip(" ")
    while name:
        first, last = name[0], name[-1]
        if first in _PAIRS and _PAIRS[first] == last and _balanced(name[1:-1]):
            name = name[1:-1].strip(" ")  # wrapped whole: （九间楼乡）
        elif first in _PAIRS and _PAIRS[first] not in name[1:]:
            name = name[1:].strip(" ")  # an opening mark left alone
        elif last in _PAIRS.values() and not _balanced(name):
            name = name[:-1].strip(" ")  # a closing mark without its opening one
        elif last in _PAIRS and last not in _PAIRS.values():
            name = name[:-1].strip(" ")  # an opening mark at the end (a cut title)
        else:
            break
    return name


def _balanced(s: str) -> bool:
    depth = 0
    for c in s:
        if c in "（(":
            depth += 1
        elif c in "）)":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


_FROM_TEXT = (
    re.compile(r"本报告由([\u4e00-\u9fff]{2,30}?)(?:办公室)?(?:根据|依据|按照|编制|编写)"),
    re.compile(r"由([\u4e00-\u9fff]{2,30}?)(?:办公室)?(?:编制|编写|起草)"),
)


def body_of(title: str, text_head: str, tail: list[str] | None = None) -> str:
    """The reporting body, without 人民政府/政府/办事处 (九间楼乡人民政府 → 九间楼乡)."""
    name = _name_part(re.sub(r"\s+", "", title))
    head = re.sub(r"\s+", "", text_head)
    stated = ""  # the compiler named in the opening sentence (本报告由…编制)
    for rx in _FROM_TEXT:
        m = rx.search(head)
        if m:
            stated = _SUFFIX.sub("", _SUFFIX.sub("", m.group(1)))
            break
    if not name:
        name = stated
    if not name and tail:  # the signature: the body's name above the closing date
        for k in range(len(tail) - 1, 0, -1):
            if _SIGN.match(tail[k]) or _SIGN_CN.match(tail[k]):
                cand = re.sub(r"\s+", "", tail[k - 1])
                if 2 <= len(cand) <= 30 and re.search(
                    r"(政府|办事处|[乡镇局委办院所]|街道)$", cand
                ):
                    name = cand
                break
    name = _SUFFIX.sub("", name)
    name = _SUFFIX.sub("", name)
    if not _CJK.search(name):
        return ""
    # A title may omit the city (洪泽区人民政府 for 淮安市洪泽区人民政府): take the fuller name
    # the opening sentence gives for the same body.
    if stated and stated != name and stated.endswith(name) and len(stated) <= len(name) + 6:
        return stated
    return name


def _iso(y: str, m: str, d: str) -> str | None:
    try:
        yi, mi, di = int(y), int(m), int(d)
    except ValueError:
        return None
    if 2000 <= yi <= 2100 and 1 <= mi <= 12 and 1 <= di <= 31:
        return f"{yi:04d}-{mi:02d}-{di:02d}"
    return None


def _cn_num(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_DIGITS[s[1]]
    if "十" in s:
        a, _, b = s.partition("十")
        return _CN_DIGITS[a] * 10 + (_CN_DIGITS[b] if b else 0)
    return _CN_DIGITS[s]


def published_of(doc: Document, lines: list[str]) -> str | None:
    for k in ("published", "发布日期", "发布时间", "date", "pubdate"):
        v = doc.meta.get(k)
        if v:
            m = _ISO.search(unicodedata.normalize("NFKC", v))
            if m and (iso := _iso(*m.groups())):
                return iso
    dated = [ln for ln in lines if "日期" in ln or "时间" in ln or "時間" in ln]
    for ln in dated:
        m = _PUB.search(unicodedata.normalize("NFKC", ln))
        if m:
            mm = _ISO.search(m.group(1))
            if mm and (iso := _iso(*mm.groups())):
                return iso
    for ln in reversed(lines[-12:]):  # the dated signature line at the end
        s = unicodedata.normalize("NFKC", ln).strip()
        m = _SIGN.match(s)
        if m and (iso := _iso(*m.groups())):
            return iso
        m = _SIGN_CN.match(s)
        if m:
            y = "".join(str(_CN_DIGITS[c]) for c in m.group(1))
            iso = _iso(y, str(_cn_num(m.group(2))), str(_cn_num(m.group(3))))
            if iso:
                return iso
    return None
