"""Table rows whose cells ran together (crawler text: `713000074` is 71|3|0|0|0|0|74), split by
the template's own arithmetic, never by a guess: a row's reading must satisfy R2 (total = the
six parts) and be the only one; rows that split several ways are settled together by R1 and R3
across the table when exactly one combination holds, else they stay unknown (a note quotes
each run)."""

from __future__ import annotations

import re
from itertools import product

from lib.parse.values import Value
from lib.report import Finding
from lib.template import S3_COLUMNS

_COLS = tuple(c.code for c in S3_COLUMNS)


def _key(row: str, col: str) -> str:
    return f"s3.{row}.{col}"


def r2(nums: list[float]) -> bool:
    """R2 for one section III row: the total equals the six applicant columns."""
    return len(nums) == 7 and abs(sum(nums[:6]) - nums[6]) < 1e-9


MAX_RUN = 30  # digits of a row run together; more is no section III row
_COUNT = re.compile(r"(?:0|[1-9]\d*)$")  # a count: no sign, no leading zero
# a section II cell: a change may be negative, an amount may have decimals
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?$")
MAX_STEPS = 200_000  # cuts tried for one row: beyond it the row is left unknown


def readings(runs: list[str], n: int, cell=_COUNT, check=None) -> list[list[str]] | None:
    """Every way to cut `runs` (in order; a space between two runs is a cell boundary) into
    `n` cells, each matching `cell`, for which `check(cells so far)` never fails (it is asked
    after every cell, so a rule prunes early). None when there are too many to try."""
    runs = [r for r in runs if r]
    found: list[list[str]] = []
    steps = 0

    def walk(i: int, j: int, cells: list[str]) -> bool:
        nonlocal steps
        if i == len(runs):
            if len(cells) == n:
                found.append(list(cells))
            return True
        left = n - len(cells)
        if left < len(runs) - i:  # every run holds a cell at least
            return True
        run = runs[i]
        for end in range(j + 1, len(run) + 1):
            steps += 1
            if steps > MAX_STEPS:
                return False
            part = run[j:end]
            if not cell.match(part):
                continue
            cells.append(part)
            ok = check is None or check(cells)
            if ok and not walk(*((i + 1, 0) if end == len(run) else (i, end)), cells):
                return False
            cells.pop()
        return True

    return found if walk(0, 0, []) else None


def _r2_check(cells: list[str]) -> bool:
    return len(cells) < 7 or r2([float(c) for c in cells])


def _r4_check(cells: list[str]) -> bool:
    k = len(cells)
    if k % 5:
        return True
    g = [float(c) for c in cells[k - 5 : k]]
    return abs(sum(g[:4]) - g[4]) < 1e-9


def split_runs(vals: list[tuple[Value, str]]) -> list[list[tuple[Value, str]]]:
    """Every way to cut the digit runs `vals` into the seven cells of a section III row, no
    cell with a leading zero, that satisfies R2. The caller accepts a reading only when it is
    the one."""
    runs = [v.text.strip() for v, _ in vals]
    if not 7 <= sum(map(len, runs)) <= MAX_RUN:
        return []
    where = [w for (v, w) in vals for _ in v.text.strip()]  # provenance of each digit
    out = []
    for cells in readings(runs, 7, check=_r2_check) or []:
        at = [sum(map(len, cells[:i])) for i in range(7)]
        out.append([(Value(float(p), False, None, p), where[a]) for p, a in zip(cells, at)])
    return out


def split_s4(runs: list[str]) -> list[list[float]] | None:
    """Section IV's 15 cells from run-together digits, each group of five adding up (R4)."""
    found = readings(runs, 15, check=_r4_check)
    return None if found is None else [[float(c) for c in cells] for cells in found]


def split_cells(runs: list[str], n: int) -> list[list[float]] | None:
    """A section II row's `n` cells: no rule ties them, so only a unique cut will do."""
    found = readings(runs, n, cell=_NUMBER)
    return None if found is None else [[float(c) for c in cells] for cells in found]


_NOT_OUTCOMES = {"new", "carried_over", "handled_total", "carried_forward"}
MAX_COMBINATIONS = 4096


def settle_runs(res, ambiguous: dict[str, tuple[list, list]]) -> None:
    """Rows whose run-together digits split more than one way (R2 alone): the readings of all
    such rows together that make R1 and R3 hold in every column, when there is exactly one.
    Otherwise the rows stay blank (unknown) and a note quotes each run."""
    rows = list(ambiguous)
    options = [ambiguous[r][0] for r in rows]
    total = 1
    for o in options:
        total *= max(1, len(o))
    good = []
    if 0 < total <= MAX_COMBINATIONS and all(options):
        for combo in product(*options):
            trial = {k: v.num for k, v in res.cells.items()}
            for r, reading in zip(rows, combo):
                trial.update({_key(r, c): v.num for c, (v, _w) in zip(_COLS, reading)})
            if _table_holds(trial, res.rows, set(rows)):
                good.append(combo)
    if len(good) == 1:
        for r, reading in zip(rows, good[0]):
            for c, (v, w) in zip(_COLS, reading):
                res.cells[_key(r, c)], res.where[_key(r, c)] = v, w
            res.notes.append(
                ("resplit", f"s3.{r}.total", [ambiguous[r][1], [v.num for v, _ in reading]])
            )
        return
    for r in rows:
        res.notes.append(("run", r, [ambiguous[r][1], len(ambiguous[r][0])]))


def _table_holds(cells: dict[str, float], rows: list[str], changed: set[str]) -> bool:
    """R1 and R3 in every column, for the checks that involve a changed row."""
    outcomes = [r for r in rows if r not in _NOT_OUTCOMES]
    if any(r.startswith("other_") for r in outcomes):
        outcomes = [r for r in outcomes if r != "other"]
    have = set(rows)
    r1 = _NOT_OUTCOMES <= have and bool(changed & _NOT_OUTCOMES)
    r3 = "handled_total" in have and bool(changed & {*outcomes, "handled_total"})
    for c in _COLS:
        v = {r: cells.get(_key(r, c), 0.0) for r in have}
        if r1 and v["new"] + v["carried_over"] != v["handled_total"] + v["carried_forward"]:
            return False
        if r3 and v["handled_total"] != sum(v[r] for r in outcomes):
            return False
    return True


def run_finding(keys: list[str], got: list[str], n: int, where_zh: str, where_en: str) -> Finding:
    """The note for cells left unknown: the run as written and why it cannot be split."""
    run = " ".join(got)
    if n > 1:
        why_zh, why_en = f"有 {n} 种拆分都符合表内关系，无法确定", f"split {n} ways that all fit"
    else:
        why_zh = "拆不出符合表内关系的读法（空白单元格可能已被丢掉）"
        why_en = "split no way that fits the table (empty cells may have been dropped)"
    return Finding(
        "LAYOUT",
        keys,
        None,
        None,
        "warning",
        f"{where_zh}的数字连在一起（{run}），{why_zh}，已按空白记录，请核对原文",
        f"{where_en}: its numbers run together ({run}) and {why_en}; stored as blank, "
        "check the source",
    )
