"""Checks on the prose of a report: wrong level word, another body's name, a wrong current year,
and counts stated in the prose that contradict the tables of sections III and IV.

`check_prose(report, other_body_names)` returns warnings (`Finding`s). Every finding quotes the
sentence it is about, in its messages and as a `quote:<sentence>` entry of `keys` (beside the
location `prose.s1`/`prose.s5`/… and, for PROSE_TABLE, the table cell key).
Chinese has no spaces and PDF text wraps anywhere, so the prose is first re-joined into sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from lib.parse.registry import level_of, normalise_body
from lib.report import Finding, Report
from lib.template import KEYS, SECTIONS

PROSE_SECTIONS = ("s1", "s5", "s6", "s7")
_SECTION = {
    code: (f"第{num}部分（{zh}）", f"section {code[1:]} ({en})") for code, num, zh, en in SECTIONS
}
_SECTION["s7"] = ("第七部分", "section 7")
_SECTION["preface"] = ("报告开头", "the opening paragraph")

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_WS = re.compile(r"\s+")
_PAGE_MARK = re.compile(r"^[-—－]?\s*\d+\s*[-—－]?$")
# A line that starts a new paragraph: 一、 （一） 1. 一是 第一，
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[一二三四五六七八九十]是)"
)
_SENT_END = "。！？；!?;"
_QUOTE_MAX = 120

# ------------------------------------------------------------------ sentences


def paragraphs(text: str) -> list[str]:
    """Paragraphs with wrapped lines re-joined (PDF text breaks lines anywhere) and
    whitespace removed; page numbers ("- 3 -") dropped."""
    paras: list[str] = []
    buf = ""
    for raw in (text or "").translate(_FULLWIDTH).splitlines():
        line = _WS.sub("", raw.replace("[bookmark: _GoBack]", ""))
        if not line or _PAGE_MARK.match(raw.strip()):
            continue
        # A heading or a finished sentence ends the paragraph; otherwise a line wrap.
        if buf and (buf[-1] in _SENT_END or _HEADING.match(line) or _is_heading(buf)):
            paras.append(buf)
            buf = ""
        buf += line
    if buf:
        paras.append(buf)
    return paras


def sentences(text: str) -> list[str]:
    """The sentences of a prose text (see `paragraphs`)."""
    out: list[str] = []
    for p in paragraphs(text):
        out += [s for s in re.split(r"(?<=[。！？；!?;])", p) if s.strip()]
    return out


def _is_heading(line: str) -> bool:
    return bool(_HEADING.match(line)) and len(line) <= 30 and not any(c in line for c in "。，,")


def _quote(sentence: str) -> str:
    s = sentence.strip()
    return s if len(s) <= _QUOTE_MAX else s[: _QUOTE_MAX - 1] + "…"


def _prose_sentences(report: Report) -> list[tuple[str, str]]:
    """(section code, sentence) for every prose sentence of the report."""
    out = []
    for code in PROSE_SECTIONS:
        for s in sentences(report.prose.get(code, "")):
            out.append((code, s))
    return out


def _finding(rule: str, where: str, sentence: str, zh: str, en: str, keys=(), exp=None, act=None):
    q = _quote(sentence)
    sec_zh, sec_en = _SECTION.get(where, (where, where))
    return Finding(
        rule=rule,
        keys=[*keys, f"prose.{where}", f"quote:{q}"],
        expected=exp,
        actual=act,
        severity="warning",
        message_zh=f"{sec_zh}：“{q}”——{zh}",
        message_en=f"In {sec_en}: “{q}” — {en}",
    )


# ------------------------------------------------------------------ LEVEL

_LEVEL_WORD = {"township": "乡", "town": "镇", "subdistrict": "街道"}
_LEVEL_EN = {"township": "township (乡)", "town": "town (镇)", "subdistrict": "subdistrict (街道)"}
# 全乡/我镇/本街道…; 乡镇 and 乡村 are ordinary compounds, not a level word.
_LEVEL_RE = re.compile(r"[全我本](?:乡(?![镇村])|镇|街道)")


def _level_findings(report: Report) -> list[Finding]:
    level = level_of(report.body)
    if level not in _LEVEL_WORD:
        return []
    own = _LEVEL_WORD[level]
    out = []
    for where, s in _prose_sentences(report):
        words = sorted({m.group() for m in _LEVEL_RE.finditer(s) if m.group()[1:] != own})
        if not words:
            continue
        wrong = "、".join(f"“{w}”" for w in words)
        other = next(k for k, v in _LEVEL_WORD.items() if v == words[0][1:])
        out.append(
            _finding(
                "LEVEL",
                where,
                s,
                f"{report.body}是{own}，却写了{wrong}，疑似照搬其他{_LEVEL_WORD[other]}的报告。",
                f"{report.body} is a {_LEVEL_EN[level]} but writes {wrong}: "
                f"possibly copied from a {_LEVEL_EN[other]}'s report.",
            )
        )
    return out


# ------------------------------------------------------------------ NAME

_TOWNSHIP_GROUP = {"township", "town", "subdistrict"}
# A neighbour named in joint work is not a copying slip.
_WITH = re.compile(r"(?:会同|联合|配合|协助|协同|与|和|及|、|同)$")


def _group(level: str) -> str:
    return "township" if level in _TOWNSHIP_GROUP else level


@lru_cache(maxsize=65536)
def _name_info(raw: str) -> tuple[str, str]:
    n = normalise_body(raw)
    return n, _group(level_of(n))


@lru_cache(maxsize=64)
def _by_bigram(names: frozenset[str]) -> dict[str, list[tuple[str, str]]]:
    """The names of 3+ characters (short ones such as 城关 match too much) by their first two
    characters, with their level group: built once per county's name set, so a report only
    tests the names whose first two characters occur in it."""
    out: dict[str, list[tuple[str, str]]] = {}
    for raw in names:
        n, group = _name_info(raw)
        if len(n) >= 3:
            out.setdefault(n[:2], []).append((n, group))
    return out


def names_in(text: str, names: Iterable[str], own: str, own_group: str) -> set[str]:
    """Other bodies' names (3+ characters, same level group, not part of our own name) that
    occur in `text`; only names whose first two characters occur in it are searched."""
    pool = names if isinstance(names, frozenset) else frozenset(names)
    index = _by_bigram(pool)
    found = set()
    for bigram in {text[i : i + 2] for i in range(len(text) - 1)} & index.keys():
        for n, group in index[bigram]:
            if n != own and n not in own and group == own_group and n in text:
                found.add(n)
    return found


def _name_findings(report: Report, other_body_names: Iterable[str]) -> list[Finding]:
    own = normalise_body(report.body)
    own_group = _group(level_of(own))
    sents = _prose_sentences(report)
    whole = "".join(s for _, s in sents)
    names = names_in(whole, other_body_names, own, own_group)
    if not names:
        return []
    out = []
    for where, s in sents:
        hits = []
        for n in names:
            for m in re.finditer(re.escape(n), s):
                if _WITH.search(s[max(0, m.start() - 2) : m.start()]):
                    continue
                hits.append(n)
                break
        if hits:
            named = "、".join(sorted(hits))
            out.append(
                _finding(
                    "NAME",
                    where,
                    s,
                    f"{report.body}的报告中出现了其他机关的名称“{named}”，疑似照搬该机关的报告。",
                    f"the report of {report.body} names another body, {named}: "
                    f"possibly copied from that body's report.",
                )
            )
    return out


# ------------------------------------------------------------------ YEAR

_YEAR_LEAD = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]+[)）][^。，,]{0,20}?[。：:]?)?(?:[一二三四五六七八九十]是)?"
    r"(\d{4})年(?:度)?(?![\d月])"
)
_PAST_MARKERS = re.compile(r"较|比|同比|相比|以来|截至|截止|至今|上年|去年|前年|修订|施行|颁布")
_FUTURE_MARKERS = re.compile(r"将|计划|拟|力争|继续|下一步|预计|谋划|打算|争取")
_PERIOD = re.compile(r"(?:统计期限|统计时限|统计期|时间范围|统计时间)[^。]{0,8}?(\d{4})年1月1日")
_REPORT_OF = re.compile(r"(\d{4})年度?(?:政府信息公开(?:工作)?)?年度报告")


def _year_findings(report: Report) -> list[Finding]:
    year = report.year
    if not year:
        return []
    out = []
    for where, s in _prose_sentences(report):
        m = _YEAR_LEAD.match(s)
        if not m:
            continue
        y = int(m.group(1))
        if y == year or not 1990 < y < 2100:
            continue
        if y < year and _PAST_MARKERS.search(s):
            continue
        if y > year and _FUTURE_MARKERS.search(s):
            continue
        out.append(_year_finding(report, where, s, y))
    # The opening paragraph (before section I) states the period and the report's own year.
    preface = " ".join(sentences(_preface(report.full_text)))
    for rx in (_PERIOD, _REPORT_OF):
        for m in rx.finditer(preface):
            y = int(m.group(1))
            if y != year:
                sent = next((s for s in sentences(preface) if m.group() in s), m.group())
                out.append(_year_finding(report, "preface", sent, y))
    return out


def _preface(full_text: str) -> str:
    """The text between the title line and heading 一 (statistics period, report name)."""
    lines = (full_text or "").splitlines()
    body = []
    for line in lines[1:]:
        if re.match(r"^\s*一\s*[、.．]", line):
            break
        body.append(line)
    return "\n".join(body) if len(body) < len(lines) - 1 else ""


def _year_finding(report: Report, where: str, s: str, y: int) -> Finding:
    return _finding(
        "YEAR",
        where,
        s,
        f"这是{report.year}年度的报告，却以{y}年作为本年度，疑似沿用了其他年度的报告。",
        f"this is the {report.year} report but it speaks of {y} as the current year: "
        f"possibly carried over from another year's report.",
        exp=float(report.year),
        act=float(y),
    )


# ------------------------------------------------------------------ PROSE_TABLE

_NUM = r"(\d+|[零〇一二两三四五六七八九十]+)"
_UNIT = r"(?:件|条|份|个|起|宗|次)"
_OBJ = (
    r"(?:政府信息公开申请|信息公开申请|公开申请|依申请(?:信息|政府信息)?公开(?:政府信息)?(?:申请)?"
    r"|政务公开申请|申请)"
)
_RECEIVED = re.compile(
    r"(?:新收|收到|受理|接到|接收|办理)了?(?:各类|群众|公民|公众)?的?"
    + _OBJ
    + r"(?:共计|共|总计|合计|总数为|数量为|为)?"
    + _NUM
    + _UNIT
)
_REVIEW = re.compile(r"行政复议(?:案件|申请)?(?:共计|共|为)?" + _NUM + _UNIT)
_SUIT = re.compile(r"行政诉讼(?:案件)?(?:共计|共|为)?" + _NUM + _UNIT)
_NO_APPS = re.compile(
    r"(?:没有|未|无)(?:收到|受理|接到|发生|产生)?(?:任何)?(?:群众|公民、法人或其他组织)?的?"
    r"(?:依申请公开|政府信息公开申请|信息公开申请|公开申请)"
)
_NO_CASES = re.compile(
    r"(?:(?<!尚)未(?!经|审)|没有)(?:发生|出现|收到|涉及|产生)?[^，,。；;]{0,16}?(?:行政复议|行政诉讼)"
)
_CORRECTED = re.compile(r"纠错|纠正|败诉|撤销|确认违法")
_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGIT |= {"六": 6, "七": 7, "八": 8, "九": 9}


def _to_int(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if "十" in s:  # 十, 十二, 二十, 二十三
        a, _, b = s.partition("十")
        tens = _CN_DIGIT.get(a, 1) if a else 1
        ones = _CN_DIGIT.get(b, 0) if b else 0
        return tens * 10 + ones if (not a or a in _CN_DIGIT) and (not b or b in _CN_DIGIT) else None
    if len(s) == 1 and s in _CN_DIGIT:
        return _CN_DIGIT[s]
    return None


def _cell(report: Report, *keys: str) -> float | None:
    """Sum of the cells, or None when any is missing or blank (blank is not zero)."""
    total = 0.0
    for k in keys:
        if k not in report.cells or k in report.blank:
            return None
        total += report.cells[k]
    return total


def _label(keys: tuple[str, ...], lang: str) -> str:
    return " + ".join(KEYS[k].label_zh if lang == "zh" else KEYS[k].label_en for k in keys)


_SUIT_KEYS = ("s4.suit_direct_total", "s4.suit_after_total")


def _table_findings(report: Report) -> list[Finding]:
    out = []
    new = _cell(report, "s3.new.total")
    accept_new = {
        v
        for v in (
            new,
            _cell(report, "s3.new.total", "s3.carried_over.total"),
            _cell(report, "s3.handled_total.total"),
        )
        if v is not None
    }
    review = _cell(report, "s4.review_total")
    suits = _cell(report, *_SUIT_KEYS)

    def mismatch(where, s, keys, table, stated, what_zh, what_en):
        lab_zh, lab_en = _label(keys, "zh"), _label(keys, "en")
        out.append(
            _finding(
                "PROSE_TABLE",
                where,
                s,
                f"正文{what_zh}，但表格“{lab_zh}”为{_fmt(table)}。",
                f"the prose {what_en}, but the table cell “{lab_en}” holds {_fmt(table)}.",
                keys=keys,
                exp=table,
                act=stated,
            )
        )

    for where, s in _prose_sentences(report):
        m = _RECEIVED.search(s)
        if m and new is not None and (x := _to_int(m.group(1))) is not None:
            if float(x) not in accept_new:
                mismatch(
                    where,
                    s,
                    ("s3.new.total",),
                    new,
                    float(x),
                    f"称收到申请{x}件",
                    f"states {x} applications received",
                )
        elif new and _NO_APPS.search(s):
            mismatch(
                where,
                s,
                ("s3.new.total",),
                new,
                0.0,
                "称没有收到政府信息公开申请",
                "states that no application was received",
            )
        if "公开" in s:
            for rx, keys, value, zh, en in (
                (_REVIEW, ("s4.review_total",), review, "行政复议", "administrative reviews"),
                (_SUIT, _SUIT_KEYS, suits, "行政诉讼", "lawsuits"),
            ):
                m = rx.search(s)
                if m and value is not None and (x := _to_int(m.group(1))) is not None:
                    if float(x) != value:
                        mismatch(
                            where, s, keys, value, float(x), f"称{zh}{x}件", f"states {x} {en}"
                        )
        for m in _NO_CASES.finditer(s):
            clause = re.split(r"[，,。；;]", s[m.start() :], maxsplit=1)[0]
            if _CORRECTED.search(clause):
                continue
            if "行政复议" in clause and review:
                mismatch(
                    where,
                    s,
                    ("s4.review_total",),
                    review,
                    0.0,
                    "称没有行政复议",
                    "states there was no administrative review",
                )
            if "行政诉讼" in clause and suits:
                mismatch(
                    where,
                    s,
                    _SUIT_KEYS,
                    suits,
                    0.0,
                    "称没有行政诉讼",
                    "states there was no lawsuit",
                )
    return out


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


# ------------------------------------------------------------------ entry point


def check_prose(report: Report, other_body_names: Iterable[str] = ()) -> list[Finding]:
    """All prose findings of one report (warnings). `other_body_names`: the registry's bodies
    (the report's own name may be among them; it is skipped)."""
    return (
        _level_findings(report)
        + _name_findings(report, other_body_names)
        + _year_findings(report)
        + _table_findings(report)
    )
