"""Table rows whose cells ran together (crawler text: `713000074` is 71|3|0|0|0|0|74), split by
the template's own arithmetic, never by a guess: a row's reading must satisfy R2 (total = the
six parts) and be the only one; rows that split several ways are settled together by R1 and R3
across the table when exactly one combination holds, else they stay unknown (a note quotes
each run)."""

from __future__ import annotations

from itertools import combinations, product

from lib.parse.values import Value
from lib.template import S3_COLUMNS

_COLS = tuple(c.code for c in S3_COLUMNS)


def _key(row: str, col: str) -> str:
    return f"s3.{row}.{col}"


def r2(nums: list[float]) -> bool:
    """R2 for one section III row: the total equals the six applicant columns."""
    return len(nums) == 7 and abs(sum(nums[:6]) - nums[6]) < 1e-9


MAX_RUN = 30  # digits of a row run together; more is no section III row


def split_runs(vals: list[tuple[Value, str]]) -> list[list[tuple[Value, str]]]:
    """Every way to cut the digit runs `vals` into the seven cells, no cell with a leading zero,
    that satisfies R2. The caller accepts a reading only when it is the one."""
    runs = [v.text.strip() for v, _ in vals]
    if not 7 <= sum(map(len, runs)) <= MAX_RUN:
        return []
    found = []
    for parts in _cuts(runs, 7):
        nums = [float(p) for _i, p in parts]
        if r2(nums):
            found.append([(Value(x, False, None, p), vals[i][1]) for x, (i, p) in zip(nums, parts)])
    return found


def _cuts(runs: list[str], n: int, start: int = 0):
    """Every split of the digit strings `runs` (in order) into `n` numbers, as (index of the
    run it came from, digits) pairs."""
    if start == len(runs):
        if n == 0:
            yield []
        return
    first, left = runs[start], len(runs) - start - 1
    for k in range(1, min(len(first), n - left) + 1):
        for cut in combinations(range(1, len(first)), k - 1):
            bounds = (0, *cut, len(first))
            parts = [first[a:b] for a, b in zip(bounds, bounds[1:])]
            if any(len(p) > 1 and p[0] == "0" for p in parts):
                continue
            for tail in _cuts(runs, n - k, start + 1):
                yield [(start, p) for p in parts] + tail


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
