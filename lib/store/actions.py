"""整改 (rectification) in the warehouse: every status change of an issue, kept forever.

An issue is a finding of a body's year, or a missing or late filing (rules MISSING, LATE). It
is named by (body_id, year, rule, ident), not by a report id: a re-ingested report gets new ids
but the same issue keeps its history. `ident` is the finding's keys without the ids of other
reports ("report:96,prose" → "prose"), so a copied-text finding survives the other body's
re-ingest too.

`actions` is append-only: a status change is a new row (who, when, why); `latest_actions` is the
last row of each issue. Writes go through `lib.store.Writer` (one writer at a time, each copying
the latest published file), so two supervisors acting at once both land.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

STATUSES = ("open", "acknowledged", "fixed", "waived")
SYSTEM_USER = "gongkai"  # the user of automatic closings at ingest
AUTO_NOTE = "auto:"  # note of an automatic closing: "auto:<report id that no longer shows it>"
MAX_NOTE = 2000

# SQL of a finding's ident; `{k}` is the keys column
IDENT_SQL = "regexp_replace(coalesce({k}, ''), 'report:[0-9]+,?', '', 'g')"

DDL = """
CREATE TABLE IF NOT EXISTS actions (
    action_id INTEGER, body_id INTEGER, year INTEGER, rule VARCHAR, ident VARCHAR,
    status VARCHAR, note VARCHAR, owner VARCHAR, due DATE, user_name VARCHAR,
    acted_at TIMESTAMP, report_id INTEGER);
CREATE OR REPLACE VIEW latest_actions AS
SELECT * FROM actions
QUALIFY row_number() OVER (PARTITION BY body_id, year, rule, ident ORDER BY action_id DESC) = 1;
"""

COLS = ("action_id", "body_id", "year", "rule", "ident", "status", "note", "owner", "due",
        "user_name", "acted_at", "report_id")  # fmt: skip


@dataclass(frozen=True)
class Action:
    """One status change asked for by a person."""

    body_id: int
    year: int
    rule: str
    ident: str
    status: str
    note: str = ""
    owner: str | None = None  # 责任单位 when not the body itself
    due: date | None = None  # 期限
    report_id: int | None = None


def create(con) -> None:
    for stmt in DDL.split(";"):
        if stmt.strip():
            con.execute(stmt)


# R5 findings written before 2026-12-05 named both years' cells; now only the later year's.
R5_BOTH = r"^(s3\.carried_over\.[a-z_]+),s3\.carried_forward\.[a-z_]+$"


def pending_idents(con) -> int:
    """How many stored findings and issue histories still use an earlier version's ident."""
    sql = "SELECT count(*) FROM {t} WHERE rule = 'R5' AND regexp_matches({c}, ?)"
    return sum(
        con.execute(sql.format(t=t, c=c), [R5_BOTH]).fetchall()[0][0]
        for t, c in (("findings", "keys"), ("actions", "ident"))
    )


def migrate_idents(con) -> int:
    """Give an earlier version's R5 findings and their 整改 history today's ident (the later
    year's cell only), so a status follows its issue: left alone, the next ingest would close
    the old ident as "fixed" and open the same issue again without its history. Only the ident
    changes: who, when, status and note stay as written. Returns the rows renamed."""
    n = pending_idents(con)
    if n:
        for t, c in (("findings", "keys"), ("actions", "ident")):
            con.execute(
                f"UPDATE {t} SET {c} = regexp_replace({c}, ?, '\\1') "
                f"WHERE rule = 'R5' AND regexp_matches({c}, ?)",
                [R5_BOTH, R5_BOTH],
            )
    return n


def _frame(rows: list[tuple], first_id: int) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(COLS[1:]))
    df.insert(0, "action_id", range(first_id, first_id + len(df)))
    df["due"] = pd.to_datetime(df["due"]).dt.date
    df["acted_at"] = pd.to_datetime(df["acted_at"])
    for c in ("body_id", "year", "report_id"):
        df[c] = df[c].astype("Int64")
    return df


def _insert(writer, rows: list[tuple]) -> int:
    if not rows:
        return 0
    first = writer.con.execute("SELECT coalesce(max(action_id), 0) + 1 FROM actions").fetchall()
    writer._bulk("INSERT INTO actions SELECT * FROM act", "act", _frame(rows, first[0][0]))
    return len(rows)


class Refused(ValueError):
    """A status change that cannot be stored; `code` names the reason for the UI's strings."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def check(action: Action, user: str) -> None:
    """Refused naming what is wrong with an action (pages show it on one line)."""
    if action.status not in STATUSES:
        raise Refused("status", f"unknown status {action.status!r}")
    if not user or not user.strip():
        raise Refused("user", "a status change needs the name of who makes it")
    if user.strip() == SYSTEM_USER:
        raise Refused("user", f"{SYSTEM_USER!r} is reserved for automatic closings")
    if len(action.note or "") > MAX_NOTE:
        raise Refused("note_long", f"the note is longer than {MAX_NOTE} characters")
    if action.status == "waived" and not (action.note or "").strip():
        raise Refused("reason", "waiving an issue needs a reason in the note")


def record(writer, actions: list[Action], user: str) -> int:
    """Append the actions in one transaction; returns how many."""
    for a in actions:
        check(a, user)
    rows = [
        (int(a.body_id), int(a.year), a.rule, a.ident, a.status, (a.note or "").strip(),
         (a.owner or "").strip() or None, a.due, user.strip(), writer.now, a.report_id)
        for a in actions
    ]  # fmt: skip
    with writer.transaction():
        return _insert(writer, rows)


# ---------------------------------------------------------------- closing at ingest
def replaced_issues(writer, first_report: int) -> set[tuple]:
    """Issues of the reports this run superseded (ids below `first_report`, replaced by one of
    this run), taken before the run's year and similarity findings replace theirs."""
    got = writer.con.execute(
        f"SELECT r.body_id, r.year, f.rule, {IDENT_SQL.format(k='f.keys')}, r.superseded_by "
        "FROM findings f JOIN reports r ON r.report_id = f.report_id "
        "WHERE r.report_id < ? AND r.superseded_by >= ?",
        [first_report, first_report],
    ).fetchall()
    return {(b, y, rule, ident, new) for b, y, rule, ident, new in got}


def close_fixed(writer, body_ids: set[int], replaced: set[tuple]) -> int:
    """After an ingest: an issue of a touched body that is no longer raised by its current
    report is closed as fixed by SYSTEM_USER — those of the superseded reports, and those
    being tracked (last status open or acknowledged). A missing filing closes when a report
    for its year is current. Late filings are closed by people."""
    ids = sorted(int(b) for b in body_ids)
    if not ids:
        return 0
    q = writer.con.execute
    now = {
        (b, y, rule, ident)
        for b, y, rule, ident in q(
            f"SELECT r.body_id, r.year, f.rule, {IDENT_SQL.format(k='f.keys')} FROM findings f "
            "JOIN reports r ON r.report_id = f.report_id "
            "WHERE r.current AND r.body_id IN (SELECT unnest(?))",
            [ids],
        ).fetchall()
    }
    current = dict(
        ((b, y), rid)
        for b, y, rid in q(
            "SELECT body_id, year, report_id FROM reports "
            "WHERE current AND body_id IN (SELECT unnest(?))",
            [ids],
        ).fetchall()
    )
    last = {
        (b, y, rule, ident): status
        for b, y, rule, ident, status in q(
            "SELECT body_id, year, rule, ident, status FROM latest_actions "
            "WHERE rule <> 'LATE' AND body_id IN (SELECT unnest(?))",
            [ids],
        ).fetchall()
    }
    tracked = {k for k, s in last.items() if s in ("open", "acknowledged")}
    todo = {(b, y, rule, ident) for b, y, rule, ident, _ in replaced} | tracked
    todo = {k for k in todo if last.get(k) != "fixed"}
    rows = []
    for b, y, rule, ident in sorted(todo, key=lambda x: tuple(str(v) for v in x)):
        rid = current.get((b, y))
        gone = rid is not None if rule == "MISSING" else (b, y, rule, ident) not in now
        if gone and rid is not None:
            rows.append((b, y, rule, ident, "fixed", f"{AUTO_NOTE}{rid}", None, None,
                         SYSTEM_USER, writer.now, rid))  # fmt: skip
    with writer.transaction():
        return _insert(writer, rows)
