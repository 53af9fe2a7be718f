"""Section II (proactive disclosure): template detection and rows of 第二十条 items, by label."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lib.parse.sections import Item, align
from lib.parse.text import label, norm
from lib.parse.values import Value, parse_value, token_value
from lib.template import S2

# Column-header words that only one template uses (the template is read from the table).
_MARK_2021 = ("制发件数", "本年制发", "废止件数", "现行有效", "本年收费金额", "收费金额")
_MARK_2019 = (
    "新制作数量",
    "新公开数量",
    "对外公开总数",
    "上一年项目",
    "本年增/减",
    "本年增减",
    "采购项目数量",
    "采购总金额",
    "其他对外管理服务事项",
    "政府集中采购",
)
_ITEM = re.compile(r"第二十条第?\(([一二三四五六七八九十]+)\)项")
_CN = {"一": "1", "五": "5", "六": "6", "八": "8", "九": "9"}


@dataclass
class S2Result:
    votes: dict[str, int] = field(default_factory=lambda: {"2019": 0, "2021": 0})
    rows: list[tuple[str, Item]] = field(default_factory=list)  # (row code, item)
    extra: list[Item] = field(default_factory=list)  # labelled rows not in the template
    amount_unit: str | None = None  # unit stated in the procurement header (元/万元)
    fees_unit: str | None = None  # unit stated in the 2021 fees header (normally 万元)


def _row_stems() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for groups in S2.values():
        for g in groups:
            for r in g.rows:
                for s in r.stems:
                    seen.setdefault(norm(s), r.code)
    # Longer stems first: 行政规范性文件 before 规范性文件, 其他对外管理服务事项 before others.
    return sorted(seen.items(), key=lambda kv: -len(kv[0]))


_STEMS: list[tuple[str, str]] = []


def match_row(lab: str) -> str | None:
    global _STEMS
    if not _STEMS:
        _STEMS = _row_stems()
    for stem, code in _STEMS:
        if stem in lab:
            return code
    return None


def _is_header(lab: str) -> bool:
    return (
        "信息内容" in lab or "处理决定" in lab or any(m in lab for m in _MARK_2021 + _MARK_2019[:7])
    )


def parse_s2(items: list[Item]) -> S2Result:
    res = S2Result()
    events: list[tuple[str, str | None, Item]] = []
    header: list[str] | None = None
    prev_text = ""
    for it in items:
        lab = it.label
        if it.table and it.cells is not None and not it.has_digit() and _is_header(lab):
            header = [label(c) for c in it.cells]
        elif _ITEM.search(lab) and not it.has_digit():
            header = None
        elif it.table:
            it.header = header
        raw = norm(it.raw)
        for m in _MARK_2021:
            if m in lab:
                res.votes["2021"] += 1
                break
        for m in _MARK_2019:
            if m in lab:
                res.votes["2019"] += 1
                break
        if "收费金额" in raw:
            tail = raw.split("收费金额", 1)[1]
            res.fees_unit = "万元" if "万元" in tail else ("元" if "元" in tail else None)
        if "采购总金额" in raw or "总金额" in raw:
            if "万元" in raw:
                res.amount_unit = "万元"
            elif "元" in raw.split("总金额", 1)[1][:8]:
                res.amount_unit = "元"
        if _ITEM.search(lab) and not it.has_digit():
            continue
        row = match_row(it.labels[-1]) if it.labels else None
        if row is None and it.labels:
            row = match_row(lab)
        data = it.has_digit() or (it.table and it.values and not _is_header(lab))
        if row is None and data and lab and prev_text:
            # A label broken over two lines of PDF text (行政规范性文 / 件 0 5 5).
            row = match_row(prev_text + lab)
        prev_text = lab if (lab and not it.values and row is None and not it.table) else ""
        if row and data:
            events.append(("A", row, it))
        elif row and not _is_header(lab):
            events.append(("L", row, it))
        elif data:
            if lab and not _is_header(lab) and len(lab) <= 30:
                res.extra.append(it)  # e.g. Hubei's 其他主动公开文件
            elif not lab:
                events.append(("V", None, it))
    res.rows = align(events)
    return res


def template_of(res: S2Result) -> str | None:
    v = res.votes
    if v["2021"] > v["2019"]:
        return "2021"
    if v["2019"] > v["2021"]:
        return "2019"
    return None


def cell_values(it: Item) -> list[tuple[Value, str]]:
    out = []
    for text, w in zip(it.values, it.wheres):
        v = parse_value(text) if it.table else token_value(text)
        out.append((v if v is not None else Value(0.0, True, None, text), w))
    return out


def grid_values(it: Item, columns) -> list[tuple[Value, str]] | None:
    """Values placed by the header cell above them (same table grid), one per column.

    Merged cells repeat their text across the grid, and the header's spans need not match the
    data row's (a header 本年增/减 over columns 2-3 above a data cell spanning 1-2). For a column
    named over several grid positions, a position whose value merely continues a neighbouring
    column's merged cell is passed over.
    """
    hdr = it.header
    if not hdr or it.cells is None or len(hdr) != len(it.cells):
        return None
    owner = _owners(tuple(hdr), tuple(columns))
    spread = _spread(owner, hdr)
    cells = it.cells
    start = len(cells) - len(it.values)
    out = []
    for c in columns:
        pos = [p for p, o in enumerate(owner) if o == c.code and p >= start]
        if not pos:
            return None
        p = next((p for p in pos if not _continues(p, c.code, owner, cells)), pos[0])
        if not cells[p].strip():  # the value may sit under the empty rest of its header
            rest = [q for q, o in enumerate(spread) if o == c.code and owner[q] is None]
            p = next((q for q in rest if q >= start and cells[q].strip()), p)
        text = cells[p]
        v = parse_value(text)
        out.append((v if v is not None else Value(0.0, True, None, text), it.wheres[p - start]))
    return out


def _continues(p: int, code: str, owner: list[str | None], cells: list[str]) -> bool:
    """Whether grid position p only repeats the merged cell of the column to its left.

    A cell spanning columns is expanded to the right, so a repeat always sits right of its
    origin; an empty cell repeats an empty origin the same way.
    """
    q = p - 1
    return q >= 0 and owner[q] not in (None, code) and cells[q] == cells[p]


@lru_cache(maxsize=1024)
def _owners(hdr: tuple[str, ...], columns: tuple) -> list[str | None]:
    """The column each header grid position names (None for 信息内容 and the like)."""
    owner: list[str | None] = []
    for h in hdr:
        code = None
        for c in columns:
            if any(norm(s) in h for s in c.stems):
                code = c.code
                break
        owner.append(code)
    return owner


def _spread(owner: list[str | None], hdr: list[str]) -> list[str | None]:
    """Empty header positions right of a named one: the rest of a merged header written
    once (text copied out of spreadsheets leaves the span's other cells empty)."""
    out = list(owner)
    for i in range(1, len(out)):
        if out[i] is None and not hdr[i].strip():
            out[i] = out[i - 1]
    return out
