"""Named queries over the warehouse → DataFrames. All SQL outside lib.store lives here.

Every function takes the database path (or a `session(db)` to run several queries on one
short-lived read-only connection, which is what the analytics entry points do) and optional
`filters` (a `Filters`, a dict with the same fields, or None); reads go through lib.store. User values always travel as parameters; the SQL text is built only from
fixed fragments and whitelisted column names. The views `report_list` and `report_cells`
hold current reports only, so superseded versions never reach a metric.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from lib.store import frame, read_batches, read_df, reader
from lib.store.actions import IDENT_SQL
from lib.store.results import frames


class Session:
    """One open read-only connection: one consistent snapshot for several queries."""

    def __init__(self, con):
        self.con = con


@contextlib.contextmanager
def session(db):
    """`with session(db) as s:` pass `s` instead of the path to run queries on one connection."""
    if isinstance(db, Session):
        yield db
        return
    with reader(db) as con:
        yield Session(con)


def _read(db, sql: str, params=()) -> pd.DataFrame:
    if isinstance(db, Session):
        return frame(db.con, sql, params)
    return read_df(db, sql, params)


@dataclass(frozen=True)
class Filters:
    """county: one name or several; years: (first, last) inclusive, one year, or a list of
    three or more years (exactly those);
    levels: level codes (township, town, subdistrict, county_dept, ...); bodies: names."""

    county: str | tuple[str, ...] | None = None
    years: tuple[int, int] | int | None = None
    levels: tuple[str, ...] | None = None
    bodies: tuple[str, ...] | None = None


def as_filters(f: Filters | Mapping | None) -> Filters:
    if f is None:
        return Filters()
    if isinstance(f, Filters):
        return f
    unknown = set(f) - {"county", "years", "levels", "bodies"}
    if unknown:
        raise ValueError(f"unknown filter: {', '.join(sorted(unknown))}")
    return Filters(**{k: v for k, v in f.items() if v not in (None, "", [], ())})


def _as_list(v) -> list:
    return [v] if isinstance(v, str | int) else list(v)


def _where(
    f: Filters | Mapping | None, cols: Mapping[str, str], years: bool = True
) -> tuple[str, list]:
    """WHERE clause (leading ' WHERE ...' or '') and its parameters.

    `cols` maps filter fields (county, year, level, body) to the column expressions of the
    queried relation; a field missing from `cols` is not filtered on.
    """
    f = as_filters(f)
    parts: list[str] = []
    params: list = []
    if f.county and "county" in cols:
        parts.append(f"{cols['county']} IN (SELECT unnest(?))")
        params.append(_as_list(f.county))
    if years and f.years is not None and "year" in cols:
        ys = [f.years] if isinstance(f.years, int) else list(f.years)
        if len(ys) in (1, 2):  # one year, or (first, last)
            parts.append(f"{cols['year']} BETWEEN ? AND ?")
            params += [int(min(ys)), int(max(ys))]
        else:  # any other list: exactly those years
            parts.append(f"{cols['year']} IN (SELECT unnest(?))")
            params.append([int(y) for y in ys])
    if f.levels and "level" in cols:
        parts.append(f"{cols['level']} IN (SELECT unnest(?))")
        params.append(_as_list(f.levels))
    if f.bodies and "body" in cols:
        parts.append(f"{cols['body']} IN (SELECT unnest(?))")
        params.append(_as_list(f.bodies))
    return (" WHERE " + " AND ".join(parts) if parts else ""), params


_VIEW_COLS = {"county": "county", "year": "year", "level": "level", "body": "body"}

REPORT_LIST_COLS = (
    "report_id", "body_id", "body", "county", "level", "assigned", "year", "template", "format",
    "source", "sha256", "ingested_at", "published", "title", "findings", "errors", "warnings",
)  # fmt: skip
REPORT_CELLS_COLS = (
    "report_id", "body_id", "body", "county", "level", "year", "template", "key", "section",
    "row", "col", "label_zh", "label_en", "value", "blank", "derived", "provenance",
    "corrected", "original",
)  # fmt: skip
FINDINGS_COLS = (
    "report_id", "body", "county", "level", "year", "template", "rule", "keys", "expected",
    "actual", "severity", "message_zh", "message_en", "source",
)  # fmt: skip


def _select(columns: Iterable[str] | None, allowed: tuple[str, ...], prefix: str = "") -> str:
    cols = list(columns) if columns else list(allowed)
    bad = [c for c in cols if c not in allowed]
    if bad:
        raise ValueError(f"unknown column: {', '.join(bad)}")
    return ", ".join(f'{prefix}"{c}"' for c in cols)


def _limited(sql: str, params: list, limit: int | None) -> tuple[str, list]:
    return (sql + " LIMIT ?", [*params, int(limit)]) if limit is not None else (sql, params)


def batches(db, sql: str, params=(), rows: int = 100_000):
    """A query's rows as DataFrames of at most `rows` (exports: memory holds one batch)."""
    if isinstance(db, Session):
        yield from frames(db.con, sql, params, rows)
    else:
        yield from read_batches(db, sql, params, rows)


def count(db, sql: str, params=()) -> int:
    """Rows a query returns, counted by DuckDB (the rows never reach Python)."""
    return int(_read(db, f"SELECT count(*) AS n FROM ({sql})", params).n.iloc[0])


def report_list(
    db, filters=None, columns: Iterable[str] | None = None, limit: int | None = None
) -> pd.DataFrame:
    """One row per current report (view `report_list`), ordered by county, body, year."""
    return _read(db, *_limited(*report_list_sql(filters, columns), limit))


def report_list_sql(filters=None, columns: Iterable[str] | None = None) -> tuple[str, list]:
    where, params = _where(filters, _VIEW_COLS)
    sql = f"SELECT {_select(columns, REPORT_LIST_COLS)} FROM report_list{where}"
    return sql + " ORDER BY county, body, year", params


def report_cells(
    db,
    filters=None,
    keys: Iterable[str] | None = None,
    columns: Iterable[str] | None = None,
    ordered: bool = False,
    limit: int | None = None,
) -> pd.DataFrame:
    """Cells of current reports (view `report_cells`), optionally only the given keys;
    `ordered`: by county, body, year, section, key (sorted by DuckDB, not pandas)."""
    return _read(db, *_limited(*report_cells_sql(filters, keys, columns, ordered), limit))


def report_cells_sql(filters=None, keys=None, columns=None, ordered=False) -> tuple[str, list]:
    where, params = _where(filters, _VIEW_COLS)
    if keys is not None:
        where += (" AND " if where else " WHERE ") + "key IN (SELECT unnest(?))"
        params.append(list(keys))
    sql = f"SELECT {_select(columns, REPORT_CELLS_COLS)} FROM report_cells{where}"
    return sql + (" ORDER BY county, body, year, section, key" if ordered else ""), params


_CURRENT_COLS = {"county": "b.county", "year": "r.year", "level": "b.level", "body": "b.name"}


def report_inputs(db, filters=None) -> pd.DataFrame:
    """One row per current report with what the metric table needs besides its cells:
    report_id, body, county, level, year, template, published, population (registry),
    blank_cells and blank_totals (derived cells, not in the document, are never blank)."""
    where, params = _where(filters, _CURRENT_COLS)
    where = " WHERE r.current" + (" AND " + where[7:] if where else "")
    sql = (
        "SELECT r.report_id, b.name AS body, b.county, b.level, r.year, r.template, "
        "r.published, b.population, coalesce(bl.blank_cells, 0) AS blank_cells, "
        "coalesce(bl.blank_totals, 0) AS blank_totals "
        "FROM reports r JOIN bodies b USING (body_id) LEFT JOIN ("
        "SELECT report_id, count(*) AS blank_cells, count(*) FILTER "
        "(WHERE suffix(key, '.total') OR suffix(key, '_total')) AS blank_totals "
        "FROM cells WHERE blank AND NOT coalesce(derived, false) GROUP BY report_id"
        f") bl USING (report_id){where}"
    )
    return _read(db, sql, params)


def cell_positions(db, filters=None, keys: Iterable[str] = ()) -> pd.DataFrame:
    """report_id, k, value, blank of the given keys in current reports, the key as its 0-based
    position in `keys` (integers travel and pivot far faster than 1,000,000 key strings)."""
    keys = list(keys)
    where, params = _where(filters, _CURRENT_COLS)
    where = " WHERE r.current AND c.key IN (SELECT unnest(?))" + (
        " AND " + where[7:] if where else ""
    )
    sql = (
        "SELECT c.report_id, CAST(list_position(?, c.key) - 1 AS INTEGER) AS k, c.value, "
        "coalesce(c.blank, false) AS blank "
        f"FROM cells c JOIN reports r USING (report_id) JOIN bodies b USING (body_id){where}"
    )
    return _read(db, sql, [keys, keys, *params])


def finding_counts(db, filters=None) -> pd.DataFrame:
    """report_id, rule, n: findings per current report and rule."""
    where, params = _where(filters, _CURRENT_COLS)
    where = " WHERE r.current" + (" AND " + where[7:] if where else "")
    sql = (
        "SELECT f.report_id, f.rule, count(*) AS n FROM findings f "
        "JOIN reports r ON r.report_id = f.report_id JOIN bodies b ON b.body_id = r.body_id"
        f"{where} GROUP BY f.report_id, f.rule"
    )
    return _read(db, sql, params)


def findings(
    db, filters=None, columns: Iterable[str] | None = None, limit: int | None = None
) -> pd.DataFrame:
    """Findings of current reports with the report's body, county, level, year, template.
    Column "provenance" (asked for by name) is where the finding's first key was read."""
    return _read(db, *_limited(*findings_sql(filters, columns), limit))


def findings_sql(filters=None, columns: Iterable[str] | None = None) -> tuple[str, list]:
    where, params = _where(filters, _CURRENT_COLS)
    where = " WHERE r.current" + (" AND " + where[7:] if where else "")
    cols = (
        _select(columns, FINDINGS_COLS + ("provenance", "body_id", "ident"))
        if columns
        else _select(None, FINDINGS_COLS)
    )
    prov, join = "", ""
    if columns and "provenance" in columns:
        prov = ", c.provenance"
        join = (
            " LEFT JOIN cells c ON c.report_id = f.report_id"
            " AND c.key = trim(split_part(coalesce(f.keys, ''), ',', 1))"
        )
    sql = (
        f"SELECT {cols} FROM (SELECT f.report_id, r.body_id, {IDENT_SQL.format(k='f.keys')} "
        "AS ident, b.name AS body, b.county, b.level, r.year, "
        "r.template, f.rule, f.keys, f.expected, f.actual, f.severity, f.message_zh, "
        f"f.message_en, f.source{prov} FROM findings f JOIN reports r ON r.report_id = f.report_id "
        f"JOIN bodies b ON b.body_id = r.body_id{join}{where}) "
        "ORDER BY county, body, year, rule, keys, message_zh, source"  # ties too: a stable order
    )
    return sql, params


def bodies(db, filters=None) -> pd.DataFrame:
    """The body registry (name, county, level, population, assigned); years are ignored."""
    where, params = _where(
        filters, {"county": "county", "level": "level", "body": "name"}, years=False
    )
    sql = f"SELECT body_id, name, county, level, aliases, population, assigned FROM bodies{where}"
    return _read(db, sql + " ORDER BY county, name", params)


def blank_counts(db, filters=None) -> pd.DataFrame:
    """Per current report: blank cells, and blank 总计 cells (keys ending .total / _total).

    Derived cells (2021's s3.other.*) are not in the document, so never counted as blank."""
    where, params = _where(filters, _VIEW_COLS)
    and_ = " AND" if where else " WHERE"
    sql = (
        "SELECT report_id, count(*) FILTER (WHERE blank) AS blank_cells, "
        "count(*) FILTER (WHERE blank AND (suffix(key, '.total') OR suffix(key, '_total'))) "
        f"AS blank_totals FROM report_cells{where}{and_} NOT coalesce(derived, false) "
        "GROUP BY report_id"
    )
    return _read(db, sql, params)


REVISION_COLS = (
    "report_id", "body", "county", "level", "assigned", "year", "template", "format", "source",
    "sha256", "ingested_at", "ingested_by", "published", "current", "superseded_by",
)  # fmt: skip
# what filing completeness and timeliness read (fewer columns: a faster DataFrame)
FILING_COLS = ("report_id", "body", "county", "level", "year", "published", "current")


def revisions(db, filters=None, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """Every stored version of every report, superseded ones included (current flag,
    superseded_by), for filing completeness and the drill-down's revision list."""
    where, params = _where(
        filters, {"county": "b.county", "year": "r.year", "level": "b.level", "body": "b.name"}
    )
    cols = _select(columns, REVISION_COLS)
    sql = (
        f"SELECT {cols} FROM (SELECT r.report_id, b.name AS body, b.county, b.level, b.assigned, "
        "r.year, r.template, r.format, r.file_name AS source, r.sha256, r.ingested_at, "
        "r.ingested_by, r.published, r.current, r.superseded_by FROM reports r "
        f"JOIN bodies b USING (body_id){where}) ORDER BY county, body, year, report_id"
    )
    return _read(db, sql, params)


def ingest_log(db, limit: int | None = None, result: str | None = None) -> pd.DataFrame:
    """The ingest/audit log, newest first; optionally only one result (e.g. "failed")."""
    where, params = "", []
    if result:
        where, params = " WHERE result = ?", [result]
    sql = f"SELECT log_id, logged_at, user_name, file, sha256, result, reason, report_id FROM ingest_log{where}"
    sql += " ORDER BY logged_at DESC, log_id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return _read(db, sql, params)


def years(db, filters=None) -> list[int]:
    """Years that have at least one current report (for year pickers)."""
    where, params = _where(filters, _VIEW_COLS, years=False)
    df = _read(db, f"SELECT DISTINCT year FROM report_list{where} ORDER BY year", params)
    return [int(y) for y in df["year"].dropna()]


def counties(db) -> list[str]:
    """Counties named in the registry."""
    df = _read(db, "SELECT DISTINCT county FROM bodies WHERE county IS NOT NULL ORDER BY 1")
    return list(df["county"])


def prose(db, report_id: int) -> pd.DataFrame:
    """The prose sections (s1, s5, s6, …) of one stored report: section, text."""
    sql = "SELECT section, text FROM prose WHERE report_id = ? ORDER BY section"
    return _read(db, sql, [int(report_id)])


_ACTION_SQL = (
    "SELECT a.body_id, b.name AS body, b.county, b.level, a.year, a.rule, a.ident, a.status, "
    "a.note, a.owner, a.due, a.user_name, a.acted_at, a.report_id, a.action_id FROM {rel} a "
    "JOIN bodies b ON b.body_id = a.body_id"
)
ACTION_COLS = ("body_id", "body", "county", "level", "year", "rule", "ident", "status", "note",
               "owner", "due", "user_name", "acted_at", "report_id", "action_id")  # fmt: skip
_ACTION_COLS = {"county": "b.county", "year": "a.year", "level": "b.level", "body": "b.name"}


def _known(s: Session, table: str) -> bool:
    """A warehouse written by an earlier version may lack a later table (actions, …)."""
    got = s.con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
    ).fetchall()
    return bool(got[0][0])


def _actions(db, rel: str, filters, order: str) -> pd.DataFrame:
    where, params = _where(filters, _ACTION_COLS)
    sql = _ACTION_SQL.format(rel=rel) + where + order
    with session(db) as s:
        if not _known(s, "actions"):
            return pd.DataFrame(columns=list(ACTION_COLS))
        return frame(s.con, sql, params)


def issue_status(db, filters=None) -> pd.DataFrame:
    """The latest 整改 status of every tracked issue (body, year, rule, ident), with who set it,
    when, the note, the responsible unit and the deadline."""
    return _actions(db, "latest_actions", filters, " ORDER BY b.county, b.name, a.year, a.rule")


def action_history(db, filters=None) -> pd.DataFrame:
    """Every status change of the filtered issues, newest first."""
    return _actions(db, "actions", filters, " ORDER BY a.action_id DESC")


CORRECTION_COLS = ("report_id", "body", "county", "year", "key", "kind", "original",
                   "original_blank", "previous", "value", "reason", "user_name", "corrected_at",
                   "correction_id")  # fmt: skip


def empty_corrections() -> pd.DataFrame:
    return pd.DataFrame(columns=list(CORRECTION_COLS))


def _corrections(db, rel: str, filters, current: bool) -> pd.DataFrame:
    where, params = _where(filters, _CURRENT_COLS)
    cond = " AND r.current" if current else ""
    where = " WHERE true" + cond + (" AND " + where[7:] if where else "")
    sql = (
        "SELECT k.report_id, b.name AS body, b.county, r.year, k.key, k.kind, k.original, "
        "k.original_blank, k.previous, k.value, k.reason, k.user_name, k.corrected_at, "
        f"k.correction_id FROM {rel} k JOIN reports r ON r.report_id = k.report_id "
        f"JOIN bodies b ON b.body_id = r.body_id{where} ORDER BY k.correction_id DESC"
    )
    with session(db) as s:
        if not _known(s, "corrections"):
            return empty_corrections()
        return frame(s.con, sql, params)


def corrections(db, filters=None) -> pd.DataFrame:
    """The corrected cells of current reports (the correction in force of each), newest
    first: the value as read (`original`), the value now, who, when and why."""
    return _corrections(db, "corrected_cells", filters, current=True)


def correction_history(db, filters=None) -> pd.DataFrame:
    """Every correction and undo of the filtered bodies' reports (any revision), newest first."""
    return _corrections(db, "corrections", filters, current=False)
