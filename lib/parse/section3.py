"""Section III (applications received and handled): rows × 7 applicant columns, by label."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lib.parse.runs import r2 as _r2
from lib.parse.runs import settle_runs, split_runs
from lib.parse.sections import Item, align
from lib.parse.text import label, norm
from lib.parse.values import Value, parse_value, token_value
from lib.template import S3_COLUMNS, S3_GROUPS, S3_ROWS

_SPECIAL = {"other", "other_misc", "handled_total"}
_COLS = tuple(c.code for c in S3_COLUMNS)
_ORG = ("commercial", "research", "social", "legal", "other_org")
_OTHER_ROWS = ("other_no_correction", "other_no_fee", "other_misc")

_OTHER_END = re.compile(r"(?:^|[\d.、)])其他$")
_TOTAL_END = re.compile(r"(?:^|[)、.])(?:总计|合计)$")

# Group labels (spanning cells) and the group they open.
_GROUPS = tuple((stem, g.code) for g in S3_GROUPS for stem in g.stems)


def _stems() -> list[tuple[str, str]]:
    out = []
    for r in S3_ROWS:
        if r.code in _SPECIAL:
            continue
        for s in r.stems:
            out.append((norm(s), r.code))
    return out


_STEMS: list[tuple[str, str]] = []


@lru_cache(maxsize=8192)
def match_row(lab: str, group: str | None, seen_other_items: bool) -> str | None:
    """The section-III row a normalised label names (context: the current group)."""
    global _STEMS
    if not lab:
        return None
    if not _STEMS:
        _STEMS = _stems()
    for stem, code in _STEMS:
        if stem in lab:
            return code
    if _OTHER_END.search(lab):
        before = lab[:-2]
        if (
            before[-1:].isdigit()
            or before.endswith(tuple("0123456789"))
            or re.search(r"\d\.$", before)
        ):
            return "other_misc"
        if before.endswith("(六)") and not seen_other_items:
            return "other"
        if group == "other" or seen_other_items:
            return "other_misc"
        return None
    if lab.endswith("其他处理"):
        return "other"
    if _TOTAL_END.search(lab):
        return "handled_total"
    return None


def _group_of(lab: str) -> str | None:
    for stem, g in _GROUPS:
        if stem in lab:
            return g
    return None


@dataclass
class S3Result:
    cells: dict[str, Value] = field(default_factory=dict)  # key -> value
    where: dict[str, str] = field(default_factory=dict)
    rows: list[str] = field(default_factory=list)  # rows found, in order
    notes: list[tuple[str, str, list]] = field(default_factory=list)  # (kind, row, detail)
    columns: int = 0  # number of data rows read


def _values(it: Item) -> list[tuple[Value, str]]:
    out = []
    for text, w in zip(it.values, it.wheres):
        v = parse_value(text) if it.table else token_value(text)
        if v is None:
            v = Value(0.0, True, None, text)
        out.append((v, w))
    return out


def _is_data(it: Item) -> bool:
    """A row of values (not a header row whose trailing empty cell looks like a value)."""
    if it.has_digit():
        return True
    return len(it.values) >= 6  # a row of blank cells is still a row of (blank) data


@lru_cache(maxsize=1)
def _column_stems() -> tuple[tuple[str, frozenset[str]], ...]:
    """Each applicant column's normalised stems (built once, not per header cell)."""
    return tuple((c.code, frozenset(norm(s) for s in c.stems)) for c in S3_COLUMNS)


def _column_order(labels: list[str]) -> tuple[str, ...] | None:
    """The applicant columns in the order one header row names all seven of them."""
    order: list[str] = []
    stems = _column_stems()
    for cell in labels:
        code = next((code for code, st in stems if cell in st), None)
        if code and code not in order:
            order.append(code)
    return tuple(order) if len(order) == 7 else None


def _column_positions(cells: list[str]) -> tuple[int, dict[str, int]] | None:
    """Where a header row (merged cells expanded) names each of the seven columns."""
    pos: dict[str, int] = {}
    stems = _column_stems()
    for i, cell in enumerate(cells):
        lab = label(cell or "")
        code = next((code for code, st in stems if lab in st), None)
        if code and code not in pos:
            pos[code] = i
    return (len(cells), pos) if len(pos) == 7 else None


def _by_position(it: Item, grid) -> dict[str, tuple[Value, str]] | None:
    """A table row read through the header above it, when both span the same grid: the same
    table (a table continued after a page break may lack a spanning label column)."""
    if grid is None or it.cells is None or len(it.cells) != grid[0] or it.block != grid[2]:
        return None
    start = len(it.cells) - len(it.values)
    if min(grid[1].values()) < start:
        return None  # the header's columns reach into this row's label cells
    out = {}
    for code, p in grid[1].items():
        v = parse_value(it.cells[p])
        if v is None:
            return None
        out[code] = (v, it.wheres[p - start])
    return out


def _join_broken_rows(items: list[Item]) -> list[Item]:
    """A row broken by a page break: label and k numbers, then 7 − k numbers without a label."""
    out: list[Item] = []
    i = 0
    while i < len(items):
        it = items[i]
        nxt = items[i + 1] if i + 1 < len(items) else None
        k = len(it.values)
        if (
            nxt is not None
            and it.label
            and 0 < k < 7
            and it.has_digit()
            and not nxt.label
            and len(nxt.values) == 7 - k
            and nxt.has_digit()
        ):
            out.append(
                Item(
                    it.label,
                    it.raw,
                    it.values + nxt.values,
                    it.wheres + nxt.wheres,
                    it.where,
                    it.table and nxt.table,
                    it.labels,
                )
            )
            i += 2
            continue
        out.append(it)
        i += 1
    return out


def parse_s3(items: list[Item]) -> S3Result:
    items = _join_broken_rows(items)
    res = S3Result()
    events: list[tuple[str, str | None, Item]] = []
    group: str | None = None
    seen_other_items = False
    seen_outcome = False
    cols = _COLS
    grid: tuple[int, dict[str, int], int] | None = None  # header width, column → position, block
    stacked: list[str] | None = None  # header rows so far, each position's latest text
    prev_text = ""  # label fragments of the lines just before (text out of PDFs wraps labels)
    consumed: set[int] = set()
    ambiguous: dict[str, tuple[list, list]] = {}  # row → (readings of its run, the run)
    for n, it in enumerate(items):
        if n in consumed:
            continue
        lab = it.label
        if it.table and not it.has_digit() and len(it.labels) >= 7:
            cols = _column_order(it.labels) or cols
        if it.table and not it.has_digit() and it.cells is not None:
            # Header rows read together: 自然人/总计 named in one row and the five
            # organisations in the next, each written once (merged cells not repeated).
            if stacked is not None and len(stacked) == len(it.cells):
                stacked = [c or s for c, s in zip(it.cells, stacked)]
            else:
                stacked = list(it.cells)
            found = _column_positions(it.cells) or _column_positions(stacked)
            if found:
                grid = (*found, it.block)
        elif it.has_digit():
            stacked = None
        # The most specific label is the last cell; group cells before it set the context.
        g = _group_of(lab)
        if g:
            group = g
        row = None
        if it.labels:
            row = match_row(it.labels[-1], group, seen_other_items)
            if row is None:
                row = match_row(lab, group, seen_other_items)
        data = _is_data(it)
        if row is None and data and lab and prev_text and not it.table:
            # A label broken over two lines of PDF text (7.属于行政执 / 法案卷 0 0 …).
            row = match_row(prev_text + lab, group, seen_other_items)
        if row is None and data and not lab and prev_text and not it.table:
            # The numbers on a line of their own inside a wrapped label (4.无正当理由大 /
            # 127 128 … / 量反复申请): the fragments before and the one after name the row.
            nxt = items[n + 1] if n + 1 < len(items) else None
            if nxt is not None and nxt.label and not nxt.values and not nxt.table:
                row = match_row(prev_text + nxt.label, group, seen_other_items)
                if row is not None:
                    consumed.add(n + 1)
        if lab and not it.values and row is None and not it.table:
            prev_text = prev_text[-24:] + lab if prev_text else lab
        else:
            prev_text = ""
        if row == "handled_total" and "七" not in lab and not seen_outcome:
            row = None  # a bare 总计 before any outcome row is the column header
        if row in ("other_no_correction", "other_no_fee"):
            seen_other_items = True
        if row and row not in ("new", "carried_over"):
            seen_outcome = True
        it.grid = grid
        if row and data:
            events.append(("A", row, it))
        elif row:
            events.append(("L", row, it))
        elif data and it.values:
            # A lone number is a page number inside the table, not a row of 7 cells.
            if len([v for v in it.values if v.strip()]) == 1 and not lab:
                continue
            events.append(("V", None, it))
    # A 2021 table names its (六) group; that group label is no row of its own.
    rows_named = {r for _, r, _ in events if r}
    if rows_named & {"other_no_correction", "other_no_fee"}:
        events = [e for e in events if not (e[1] == "other" and e[0] == "L")]
        events = [
            (k, "other_misc" if r == "other" and k == "A" and _bare_other(i) else r, i)
            for k, r, i in events
        ]
    for row, it in align(events):
        if row in res.rows:  # a repeated row (page header repeated): keep the first
            res.notes.append(("duplicate", row, it.values))
            continue
        mapped = _by_position(it, it.grid) if it.table else None
        run = False
        if mapped is None:
            vals = _values(it)  # only needed when the header grid does not place the row
            # fewer than 7 runs of 7+ digits: cells run together, never one cell's number
            digits = sum(len(v.text.strip()) for v, _ in vals)
            run = not it.table and ((len(vals) < 7 and digits >= 7) or (it.run and len(vals) != 7))
            mapped = None if run else _map_columns(vals, cols)
        if run:
            found = {tuple(v.num for v, _ in f): f for f in split_runs(vals)}
            if len(found) == 1:
                reading = next(iter(found.values()))
                res.notes.append(("resplit", f"s3.{row}.total", [it.values, list(found)[0]]))
                mapped = dict(zip(cols, reading))
            else:  # not one reading: unknown for now, the table may settle it
                ambiguous[row] = (list(found.values()), list(it.values))
                mapped = {c: (Value(0.0, True, None, ""), w) for c, w in zip(cols, it.wheres * 7)}
        if mapped is None and not it.table:
            fixed = _resplit(vals)
            if fixed is not None:
                res.notes.append(
                    ("resplit", f"s3.{row}.total", [it.values, [v.num for v, _ in fixed]])
                )
                mapped = dict(zip(cols, fixed))
        if mapped is None:
            res.notes.append(("columns", row, it.values))
            mapped = _map_columns_loose(vals)
        mapped = _repair_glued(row, mapped, res)
        res.rows.append(row)
        res.columns += 1
        for col, (v, w) in mapped.items():
            key = _key(row, col)
            res.cells[key] = v
            res.where[key] = w
    if ambiguous:
        settle_runs(res, ambiguous)
    return res


@lru_cache(maxsize=1024)
def _key(row: str, col: str) -> str:
    return f"s3.{row}.{col}"


def _bare_other(it: Item) -> bool:
    return bool(it.labels) and it.labels[-1].endswith("其他") and not it.labels[-1].endswith("处理")


def _map_columns(
    vals: list[tuple[Value, str]], cols: tuple[str, ...] = _COLS
) -> dict[str, tuple[Value, str]] | None:
    n = len(vals)
    # A 小计 column after the five organisation columns (some provinces add one); not when the
    # eighth cell is an empty one after a filled total: that is a row padded at its end
    # (pages copied as text write merged cells once and pad the row: `… | 0 | 0 ||`).
    padded = vals[7][0].blank and not vals[6][0].blank if n == 8 else False
    if n == 8 and not padded and not (vals[0][0].blank and not vals[0][0].text.strip()):
        nums = [v.num for v, _ in vals]
        if abs(nums[6] - sum(nums[1:6])) < 1e-9 and abs(nums[7] - nums[0] - nums[6]) < 1e-9:
            return dict(zip(cols, vals[:6] + vals[7:]))
    if n > 7:
        first, last = vals[n - 7 :], vals[:7]  # without the leading / the trailing extras
        lead = all(v.blank for v, _ in vals[: n - 7])
        trail = all(v.blank for v, _ in vals[7:])
        if lead and trail:
            # Empty at both ends: an empty cell before the values (a second label column) or
            # empty cells after them (a short row padded to the table's width). The reading
            # that adds up (R2) wins; else empty cells after a filled total are padding (only
            # the reading that keeps the first cell can add up with a filled total).
            ok_first, ok_last = (_r2([v.num for v, _ in x]) for x in (first, last))
            if ok_first != ok_last:
                vals = first if ok_first else last
            else:
                vals = last if not vals[6][0].blank else first
        elif lead:
            vals = first
        elif trail:
            vals = last
        else:
            return None
        n = 7
    if n == 7:
        return dict(zip(cols, vals))
    if n == 2:  # text copied from a PDF drops empty cells: natural and total are left
        blank = (Value(0.0, True), vals[0][1])
        out = {c: blank for c in _COLS}
        out["natural"], out["total"] = vals[0], vals[1]
        return out
    return None


def _map_columns_loose(vals: list[tuple[Value, str]]) -> dict[str, tuple[Value, str]]:
    """Too few numbers for seven cells (empty cells dropped by a PDF extractor): the first is
    自然人 and the last 总计, those between fill the organisation columns from the left."""
    where = vals[0][1] if vals else ""
    out = {c: (Value(0.0, True), where) for c in _COLS}
    if 2 <= len(vals) < 7:
        out["natural"], out["total"] = vals[0], vals[-1]
        for c, v in zip(_ORG, vals[1:-1]):
            out[c] = v
        return out
    for c, v in zip(_COLS, vals):
        out[c] = v
    return out


def _repair_glued(row: str, mapped: dict, res: S3Result) -> dict:
    """A page number glued onto a cell in PDF text (`769` + page `6` → `7696`) breaks R2.

    When dropping the trailing digits of exactly one cell restores total = sum of parts, the
    row was misread: keep the repaired value and note it.
    """
    nums = {c: v.num for c, (v, _) in mapped.items()}
    if nums["total"] == sum(nums.values()) - nums["total"]:
        return mapped
    fixes = []
    for c in _COLS:
        v, w = mapped[c]
        if " ocr " in (w or ""):  # read from a scan's cell: nothing can be glued to it
            continue
        s = str(int(v.num)) if float(v.num).is_integer() and v.num >= 10 else ""
        for k in (1, 2):
            if len(s) > k:
                cand = float(s[:-k])
                trial = dict(nums)
                trial[c] = cand
                if trial["total"] == sum(trial[x] for x in _COLS if x != "total"):
                    fixes.append((c, cand, s[-k:]))
    if len(fixes) == 1:
        c, cand, dropped = fixes[0]
        v, w = mapped[c]
        res.notes.append(("glued", f"s3.{row}.{c}", [v.num, cand, dropped]))
        mapped = dict(mapped)
        mapped[c] = (Value(cand, False, None, v.text), w)
    return mapped


def _resplit(vals: list[tuple[Value, str]]) -> list[tuple[Value, str]] | None:
    """Text from a PDF with 6 or 8 numbers where 7 belong: two cells run together, or a stray
    number (page number) between them. Accept the one reading that satisfies R2."""
    n = len(vals)
    nums = [v.num for v, _ in vals]
    found: list[list[tuple[Value, str]]] = []
    if n == 6:
        for i, (v, w) in enumerate(vals):
            digits = v.text.strip()
            if v.blank or not digits.isdigit() or len(digits) < 2:
                continue
            for k in range(1, len(digits)):
                a, b = digits[:k], digits[k:]
                if len(b) > 1 and b.startswith("0"):
                    continue
                trial = nums[:i] + [float(a), float(b)] + nums[i + 1 :]
                if _r2(trial):
                    found.append(
                        vals[:i]
                        + [
                            (Value(float(a), False, None, a), w),
                            (Value(float(b), False, None, b), w),
                        ]
                        + vals[i + 1 :]
                    )
    elif n == 8:
        for i in range(8):
            if _r2(nums[:i] + nums[i + 1 :]):
                found.append(vals[:i] + vals[i + 1 :])
    if len(found) == 1 or (
        found and all([v.num for v, _ in f] == [v.num for v, _ in found[0]] for f in found)
    ):
        return found[0]
    return None
