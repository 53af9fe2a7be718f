"""Corrections of misread cells, with their audit trail.

A supervisor who checks a number against the source document may correct it. The cell in
`cells` then holds the corrected value (so every metric, rule and extract uses it), and the
append-only table `corrections` keeps what it was as read (`original`), what it was just before
(`previous`), the new value, who, when and why. Undoing a correction is one more row (kind
"undo") that puts the value as read back. `corrected_cells` is the last row of each corrected
cell still in force: the pages mark these numbers and show the original beside them.

Making an earlier revision of a report current again is audited in `ingest_log` (result
"made_current", the user and the reason).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from lib.store.actions import SYSTEM_USER, Refused
from lib.store.frames import FINDING_COLS, finding_types
from lib.template import KEYS

MAX_REASON = 2000
KINDS = ("correct", "undo")

DDL = """
CREATE TABLE IF NOT EXISTS corrections (
    correction_id INTEGER, report_id INTEGER, key VARCHAR, kind VARCHAR, original DOUBLE,
    original_blank BOOLEAN, previous DOUBLE, value DOUBLE, reason VARCHAR, user_name VARCHAR,
    corrected_at TIMESTAMP);
CREATE OR REPLACE VIEW corrected_cells AS
SELECT * FROM (
    SELECT * FROM corrections
    QUALIFY row_number() OVER (PARTITION BY report_id, key ORDER BY correction_id DESC) = 1)
WHERE kind = 'correct';
"""
COLS = ("correction_id", "report_id", "key", "kind", "original", "original_blank", "previous",
        "value", "reason", "user_name", "corrected_at")  # fmt: skip


@dataclass(frozen=True)
class Correction:
    """One cell of one stored report set to `value` (None with kind "undo": as read)."""

    report_id: int
    key: str
    value: float | None
    reason: str
    kind: str = "correct"


def create(con) -> None:
    for stmt in DDL.split(";"):
        if stmt.strip():
            con.execute(stmt)


def _number(v) -> float | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def check(c: Correction, user: str, cell: tuple | None) -> None:
    """Refused naming what is wrong; `cell` is (value, blank, derived, original) as stored."""
    if not user or not user.strip():
        raise Refused("user", "a correction needs the name of who makes it")
    if user.strip() == SYSTEM_USER:
        raise Refused("user", f"{SYSTEM_USER!r} is reserved for automatic changes")
    if c.kind not in KINDS:
        raise Refused("kind", f"unknown kind of correction {c.kind!r}")
    if not (c.reason or "").strip():
        raise Refused("reason", "a correction needs a reason (what the source document shows)")
    if len(c.reason) > MAX_REASON:
        raise Refused("note_long", f"the reason is longer than {MAX_REASON} characters")
    if cell is None:
        raise Refused("cell", f"report {c.report_id} has no cell {c.key}")
    if cell[2]:
        raise Refused("derived", f"{c.key} is computed from other cells; correct those")
    if c.kind == "undo":
        if cell[3] is None:
            raise Refused("not_corrected", f"{c.key} of report {c.report_id} is not corrected")
        return
    v = c.value
    if v is None or not math.isfinite(v) or v < 0:
        raise Refused("value", f"{c.key}: a count or amount is a number ≥ 0, not {v!r}")
    kind = KEYS[c.key].kind if c.key in KEYS else "count"
    if kind == "count" and not float(v).is_integer():
        raise Refused("value", f"{c.key} counts cases: a whole number, not {v}")
    if _number(cell[0]) == float(v) and not cell[1]:
        raise Refused("same", f"{c.key} already holds {v:g}")


def _cells(writer, report_id: int) -> dict[str, tuple]:
    """key -> (value, blank, derived, original or None) of one report."""
    got = writer.con.execute(
        "SELECT c.key, c.value, c.blank, coalesce(c.derived, false), k.original, "
        "k.original_blank FROM cells c LEFT JOIN corrected_cells k "
        "ON k.report_id = c.report_id AND k.key = c.key WHERE c.report_id = ?",
        [int(report_id)],
    ).fetchall()
    return {k: (v, bool(b), bool(d), (o, ob) if ob is not None else None)
            for k, v, b, d, o, ob in got}  # fmt: skip


def apply(writer, corrections: list[Correction], user: str) -> list[tuple]:
    """Check all, then in one transaction append the audit rows and set the cells.
    Returns (report_id, key, old value, new value) per correction."""
    by_report: dict[int, dict] = {}
    for c in corrections:
        cells = by_report.setdefault(c.report_id, _cells(writer, c.report_id))
        check(c, user, cells.get(c.key))
    first = writer.con.execute(
        "SELECT coalesce(max(correction_id), 0) + 1 FROM corrections"
    ).fetchall()[0][0]
    rows, changes = [], []
    for i, c in enumerate(corrections):
        value, blank, _derived, orig = by_report[c.report_id][c.key]
        original, original_blank = orig if orig is not None else (value, blank)
        new = _number(original) if c.kind == "undo" else float(c.value)
        new_blank = bool(original_blank) if c.kind == "undo" else False
        rows.append((first + i, int(c.report_id), c.key, c.kind, _number(original),
                     bool(original_blank), _number(value), new, c.reason.strip(), user.strip(),
                     writer.now))  # fmt: skip
        changes.append((int(c.report_id), c.key, _number(value), new, new_blank))
    df = pd.DataFrame(rows, columns=list(COLS))
    df["corrected_at"] = pd.to_datetime(df["corrected_at"])
    upd = pd.DataFrame(changes, columns=["report_id", "key", "old", "value", "blank"])
    with writer.transaction():
        writer._bulk("INSERT INTO corrections SELECT * FROM corr", "corr", df)
        writer._bulk(
            "UPDATE cells SET value = u.value, blank = u.blank FROM u "
            "WHERE cells.report_id = u.report_id AND cells.key = u.key",
            "u",
            upd,
        )
    return [(r, k, o, v) for r, k, o, v, _ in changes]


def recheck(writer, report_id: int, derived: dict[str, tuple[float, bool]], rules, rows) -> None:
    """In one transaction: overwrite the report's computed cells (sums whose part was
    corrected) and swap its findings of `rules` (source "parse") for `rows`."""
    with writer.transaction():
        if derived:
            d = pd.DataFrame(
                [(int(report_id), k, float(v), bool(b)) for k, (v, b) in derived.items()],
                columns=["report_id", "key", "value", "blank"],
            )
            writer._bulk(
                "UPDATE cells SET value = d.value, blank = d.blank FROM d WHERE "
                "cells.report_id = d.report_id AND cells.key = d.key AND cells.derived",
                "d",
                d,
            )
        writer.con.execute(
            "DELETE FROM findings WHERE report_id = ? AND source = 'parse' "
            "AND rule IN (SELECT unnest(?))",
            [int(report_id), list(rules)],
        )
        if rows:
            fd = finding_types(pd.DataFrame(rows, columns=FINDING_COLS))
            writer._bulk("INSERT INTO findings SELECT * FROM fd", "fd", fd)


# ---------------------------------------------------------------- revisions
def make_current(writer, report_id: int, user: str, reason: str) -> int | None:
    """Make a stored (superseded) report the current one of its body and year again; the
    report current until now is superseded by it. Returns the report replaced (None if the
    report was current already). Audited in ingest_log."""
    if not user or not user.strip() or user.strip() == SYSTEM_USER:
        raise Refused("user", "making a revision current needs the name of who does it")
    if not (reason or "").strip():
        raise Refused("reason", "making an earlier revision current needs a reason")
    got = writer.con.execute(
        "SELECT body_id, year, current, file_name, sha256 FROM reports WHERE report_id = ?",
        [int(report_id)],
    ).fetchall()
    if not got or got[0][1] is None:
        raise Refused("report", f"no stored report {report_id} with a year")
    body_id, year, current, file_name, sha = got[0]
    if current:
        return None
    old = writer.con.execute(
        "SELECT report_id FROM reports WHERE current AND body_id = ? AND year = ?",
        [body_id, year],
    ).fetchall()
    old_id = old[0][0] if old else None
    with writer.transaction():
        writer.con.execute(
            "UPDATE reports SET current = false, superseded_by = ? "
            "WHERE current AND body_id = ? AND year = ?",
            [int(report_id), body_id, year],
        )
        writer.con.execute(
            "UPDATE reports SET current = true, superseded_by = NULL WHERE report_id = ?",
            [int(report_id)],
        )
        writer.log(file_name, sha, "made_current",
                   f"replaces report {old_id}: {reason.strip()}", int(report_id), user.strip())  # fmt: skip
        writer.flush_log()
    return old_id
