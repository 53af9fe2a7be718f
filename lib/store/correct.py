"""Corrections with audit (a supervisor fixes a misread cell) and making an earlier revision
of a report current again — each published like an ingest (one writer, atomic), then the
report's rules (R1–R4, R7, BLANK_TOTAL), the body's year rules (R5, R6) and, for a revision,
the copied-text pairs of its year are recomputed; issues no longer raised close as fixed.

The stored data model is lib.store.corrections; this module is the workflow around it.
"""

from __future__ import annotations

from lib import store
from lib.check.rules import check_report
from lib.report import Report
from lib.store.actions import IDENT_SQL, Refused, close_fixed
from lib.store.corrections import Correction, apply, make_current, recheck

__all__ = ["Correction", "Refused", "correct", "make_revision_current", "undo"]

# the findings lib.check.rules.check_report makes (stored with source "parse")
REPORT_RULES = ("R1", "R2", "R3", "R4", "R7", "BLANK_TOTAL")
OTHER_PARTS = ("other_no_correction", "other_no_fee", "other_misc")


def _report(writer, report_id: int) -> tuple[Report, int]:
    (row,) = writer.con.execute(
        "SELECT r.body_id, b.name, r.year, r.template, r.format, r.encoding, r.sha256, "
        "coalesce(r.single_other, false) FROM reports r JOIN bodies b USING (body_id) "
        "WHERE r.report_id = ?",
        [int(report_id)],
    ).fetchall()
    body_id, body, year, template, fmt, enc, sha, single = row
    rep = Report("", body, year, template, fmt, enc, sha, single_other=bool(single))
    for key, value, blank, derived in writer.con.execute(
        "SELECT key, value, blank, coalesce(derived, false) FROM cells WHERE report_id = ?",
        [int(report_id)],
    ).fetchall():
        rep.cells[key] = 0.0 if value is None else float(value)
        if blank:
            rep.blank.add(key)
        if derived:
            rep.derived.add(key)
    return rep, body_id


def _derived(rep: Report) -> dict[str, tuple[float, bool]]:
    """The computed 其他处理 row (s3.other.*) as the sum of its three parts, as the parser
    makes it; only where the report has it computed."""
    out = {}
    for key in rep.derived:
        if not key.startswith("s3.other."):
            continue
        col = key.rsplit(".", 1)[1]
        parts = [f"s3.{r}.{col}" for r in OTHER_PARTS if f"s3.{r}.{col}" in rep.cells]
        if parts:
            blank = all(p in rep.blank for p in parts)
            out[key] = (sum(rep.cells[p] for p in parts), blank)
            rep.cells[key] = out[key][0]
            (rep.blank.add if blank else rep.blank.discard)(key)
    return out


def _issues(writer, report_id: int) -> set[tuple]:
    """The report's issues as lib.store.actions.close_fixed names them."""
    got = writer.con.execute(
        f"SELECT r.body_id, r.year, f.rule, {IDENT_SQL.format(k='f.keys')}, r.report_id "
        "FROM findings f JOIN reports r ON r.report_id = f.report_id WHERE r.report_id = ?",
        [int(report_id)],
    ).fetchall()
    return set(got)


def _recheck(writer, report_id: int) -> int:
    """Recompute one report's rule findings from its stored cells; returns its body id."""
    rep, body_id = _report(writer, report_id)
    derived = _derived(rep)
    rows = [store.finding_row(int(report_id), body_id, rep.year, "parse", f)
            for f in check_report(rep)]  # fmt: skip
    recheck(writer, report_id, derived, REPORT_RULES, rows)
    return body_id


def correct(db, corrections: list[Correction], user: str, on_wait=None) -> list[tuple]:
    """Apply corrections (all or none; Refused before anything is written when one is wrong)
    and recompute what depends on them. Returns (report_id, key, old, new) per correction."""
    from lib.ingest import year_findings

    with store.Writer(db, on_wait=on_wait) as w:
        reports = sorted({int(c.report_id) for c in corrections})
        before = set().union(*(_issues(w, r) for r in reports)) if reports else set()
        changes = apply(w, corrections, user)
        bodies = {_recheck(w, r) for r in reports}
        year_findings(w, bodies)
        close_fixed(w, bodies, before)
        # pages look here before asking for corrections (none: no query)
        n = w.con.execute("SELECT count(*) FROM corrections").fetchall()[0][0]
        w.set_meta("corrections", str(n))
    return changes


def undo(db, report_id: int, key: str, user: str, reason: str, on_wait=None) -> list[tuple]:
    """Put a corrected cell back to the value as read (one more audited row)."""
    return correct(db, [Correction(report_id, key, None, reason, kind="undo")], user, on_wait)


def make_revision_current(db, report_id: int, user: str, reason: str, on_wait=None):
    """Make an earlier revision current again; returns the report it replaces (or None)."""
    from lib.ingest import similarity_findings, year_findings

    with store.Writer(db, on_wait=on_wait) as w:
        got = w.con.execute(
            "SELECT body_id, year FROM reports WHERE report_id = ?", [int(report_id)]
        ).fetchall()
        old = w.con.execute(
            "SELECT report_id FROM reports WHERE current AND body_id = ? AND year = ?",
            list(got[0]) if got else [None, None],
        ).fetchall()
        before = _issues(w, old[0][0]) if old else set()
        replaced = make_current(w, report_id, user, reason)
        if replaced is None:  # it was the current one already: nothing changed
            return None
        body_id, year = got[0]
        year_findings(w, {body_id})
        similarity_findings(w, {year})
        close_fixed(w, {body_id}, before)
    return replaced
