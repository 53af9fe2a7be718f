"""The warehouse: one DuckDB file; this package (with .connect) is the only one importing duckdb.

Readers open short-lived READ-ONLY connections (`read_df`). The one writer (`Writer`, serialised
by a lock file) copies the current file to a temp file beside it, writes into the copy,
checkpoints, closes and atomically `os.replace`s it over the current file. Readers therefore
never wait and never see half an ingest: an open reader keeps reading the old file (its inode
stays valid on POSIX until closed); a new reader opens the new one. A crash mid-write leaves
the published file untouched (the stale temp file is removed by the next writer).

Schema and views: see docs/DATA_MODEL.md.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import zlib
from datetime import datetime
from pathlib import Path

import pandas as pd

from lib.store import actions, corrections
from lib.store.connect import (  # noqa: F401 (re-exported)
    DatabaseBusy,
    StoreError,
    _connect,
    db_identity,
    reader,
)
from lib.store.files import fsync_dir, lock_file, replace_file, try_lock_file, unlock_file
from lib.store.frames import (
    BODY_COLS,
    FINDING_COLS,
    INSERT_SELECT,
    LOG_COLS,
    Staged,
    Written,
    finding_types,
    keys_frame,
    report_frames,
)
from lib.store.frames import finding_row as finding_row  # re-exported for lib.ingest
from lib.store.results import frame, read_batches  # noqa: F401 (re-exported)

SCHEMA_VERSION = 1
TMP_SUFFIX = ".writing"
WRITER_MEMORY = "128MB"  # DuckDB buffer limit of the writer (spills to disk beyond it)

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR, value VARCHAR);
CREATE TABLE IF NOT EXISTS bodies (
    body_id INTEGER, name VARCHAR, county VARCHAR, level VARCHAR, aliases VARCHAR,
    population BIGINT, assigned BOOLEAN);
CREATE TABLE IF NOT EXISTS reports (
    report_id INTEGER, body_id INTEGER, year INTEGER, template VARCHAR, format VARCHAR,
    file_name VARCHAR, sha256 VARCHAR, encoding VARCHAR, parser_version VARCHAR,
    ingested_at TIMESTAMP, ingested_by VARCHAR, published DATE, title VARCHAR,
    single_other BOOLEAN, units VARCHAR, extra_rows VARCHAR, current BOOLEAN,
    superseded_by INTEGER, source_size BIGINT, source BLOB, prose_sig BLOB);
CREATE TABLE IF NOT EXISTS cells (
    report_id INTEGER, key VARCHAR, value DOUBLE, blank BOOLEAN, derived BOOLEAN,
    provenance VARCHAR);
CREATE TABLE IF NOT EXISTS prose (report_id INTEGER, section VARCHAR, text VARCHAR);
CREATE TABLE IF NOT EXISTS findings (
    report_id INTEGER, body_id INTEGER, year INTEGER, rule VARCHAR, keys VARCHAR,
    expected DOUBLE, actual DOUBLE, severity VARCHAR, message_zh VARCHAR, message_en VARCHAR,
    source VARCHAR);
CREATE TABLE IF NOT EXISTS ingest_log (
    log_id INTEGER, logged_at TIMESTAMP, user_name VARCHAR, file VARCHAR, sha256 VARCHAR,
    result VARCHAR, reason VARCHAR, report_id INTEGER);
CREATE TABLE IF NOT EXISTS keys (
    key VARCHAR, ord INTEGER, section INTEGER, "row" VARCHAR, col VARCHAR, row_zh VARCHAR,
    row_en VARCHAR, col_zh VARCHAR, col_en VARCHAR, label_zh VARCHAR, label_en VARCHAR,
    kind VARCHAR, templates VARCHAR, derived BOOLEAN);
"""

# The two stable views analysts and exports rely on (documented in docs/DATA_MODEL.md).
_VIEWS = """
CREATE OR REPLACE VIEW report_list AS
SELECT r.report_id, r.body_id, b.name AS body, b.county, b.level, b.assigned, r.year,
       r.template, r.format, r.file_name AS source, r.sha256, r.ingested_at, r.published,
       r.title, coalesce(f.n, 0) AS findings, coalesce(f.e, 0) AS errors,
       coalesce(f.w, 0) AS warnings
FROM reports r JOIN bodies b USING (body_id)
LEFT JOIN (SELECT report_id, count(*) AS n, count(*) FILTER (WHERE severity = 'error') AS e,
                  count(*) FILTER (WHERE severity = 'warning') AS w
           FROM findings GROUP BY report_id) f USING (report_id)
WHERE r.current;
CREATE OR REPLACE VIEW report_cells AS
SELECT r.report_id, r.body_id, b.name AS body, b.county, b.level, r.year, r.template, c.key,
       coalesce(k.section, TRY_CAST(substr(c.key, 2, 1) AS INTEGER)) AS section,
       k."row", k.col, k.label_zh, k.label_en, c.value, c.blank, c.derived, c.provenance,
       x.report_id IS NOT NULL AS corrected, x.original
FROM cells c JOIN reports r USING (report_id) JOIN bodies b USING (body_id)
LEFT JOIN keys k USING (key)
LEFT JOIN corrected_cells x ON x.report_id = c.report_id AND x.key = c.key
WHERE r.current;
"""


# ---------------------------------------------------------------- readers
def read_df(db: str | Path, sql: str, params=()) -> pd.DataFrame:
    """Run one query on a fresh read-only connection. Parameters, never formatted SQL."""
    with reader(db) as con:
        return frame(con, sql, params)


def is_current(db: str | Path) -> bool:
    """Whether the warehouse has everything this version reads (else a Writer run adds it)."""
    with reader(db) as con:
        have = con.execute(  # the newest column of the newest view
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_name = 'report_cells' AND column_name = 'corrected'"
        ).fetchall()[0][0]
        return bool(have) and not actions.pending_idents(con)


def meta(db: str | Path) -> dict[str, str]:
    """The meta table: schema_version, origin ("sample" when built from data/sample), …"""
    with reader(db) as con:
        return dict(con.execute("SELECT key, value FROM meta").fetchall())


def report_source(db: str | Path, report_id: int) -> tuple[str, bytes] | None:
    """The original file of a report (name, bytes), for download."""
    with reader(db) as con:
        row = con.execute(
            "SELECT file_name, source FROM reports WHERE report_id = ?", [int(report_id)]
        ).fetchall()
    row = row[0] if row else None
    if row is None or row[1] is None:
        return None
    return row[0], zlib.decompress(row[1])


# ---------------------------------------------------------------- the writer
def create_schema(con) -> None:
    for stmt in _TABLES.split(";"):
        if stmt.strip():
            con.execute(stmt)
    rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    row = rows[0] if rows else None
    if row is None:
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
    elif int(row[0]) > SCHEMA_VERSION:
        raise StoreError("database", f"schema version {row[0]} is newer than this program")
    # Labels come from lib.template, refreshed at every write: a new key needs no migration.
    kf = keys_frame()
    con.register("kf", kf)
    con.execute("DELETE FROM keys")
    con.execute("INSERT INTO keys SELECT * FROM kf")
    con.unregister("kf")
    actions.create(con)
    actions.migrate_idents(con)  # before anything compares idents (closings at ingest)
    corrections.create(con)  # before the views: report_cells shows the corrections
    for stmt in _VIEWS.split(";"):
        if stmt.strip():
            con.execute(stmt)


def _file_state(db: Path) -> tuple:
    """What must not change under an ingest: the published file and its WAL (a writer that
    opened the file directly writes there first)."""
    return (db_identity(db), db_identity(str(db) + ".wal"))


def check_no_writer(db: Path) -> None:
    """Raise DatabaseBusy when another program holds `db` open for writing: its writes would
    go to the file an ingest is about to replace, and be lost."""
    if Path(db).exists():
        _connect(db, read_only=True).close()


class Writer:
    """`with Writer(db) as w:` — copy, write, publish atomically on success, discard on error."""

    def __init__(self, db: str | Path, fresh: bool = False, on_wait=None):
        self.db = Path(db)
        self.fresh = fresh
        self.on_wait = on_wait  # called once when another writer holds the lock
        self.tmp = self.db.with_name(self.db.name + TMP_SUFFIX)
        self.con = None
        self._lock = None
        self._log: list[tuple] = []
        self.cancelled = False
        self.now = datetime.now().replace(microsecond=0)

    # ------------------------------------------------ lifecycle
    def __enter__(self) -> Writer:
        self.db.parent.mkdir(parents=True, exist_ok=True)
        self._lock = open(self.db.with_name(self.db.name + ".lock"), "a+b")  # noqa: SIM115
        if not try_lock_file(self._lock):  # one writer at a time; readers never lock
            if self.on_wait is not None:
                self.on_wait()
            lock_file(self._lock)
        try:
            for p in (self.tmp, Path(str(self.tmp) + ".wal")):
                p.unlink(missing_ok=True)  # left by a crashed writer
            check_no_writer(self.db)
            self._state = _file_state(self.db)
            if self.db.exists() and not self.fresh:
                shutil.copyfile(self.db, self.tmp)
                wal = Path(str(self.db) + ".wal")
                if wal.exists():  # someone wrote to the file directly; keep their changes
                    shutil.copyfile(wal, str(self.tmp) + ".wal")
            self.con = _connect(self.tmp, shown=self.db)
            # bounded cache: memory of a long ingest must not grow with the database
            self.con.execute(f"SET memory_limit = '{WRITER_MEMORY}'")
            create_schema(self.con)
            self._load_state()
        except BaseException:
            self._discard()
            raise
        return self

    def cancel(self) -> None:
        """Publish nothing at exit (e.g. someone else built the database meanwhile)."""
        self.cancelled = True

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None and not self.cancelled:
            self.publish()
        else:
            self._discard()

    def publish(self) -> None:
        try:
            self.flush_log()
            self.con.execute("CHECKPOINT")
            self.con.close()
            self.con = None
            with open(self.tmp, "rb+") as f:
                os.fsync(f.fileno())
            # Someone who wrote to the published file meanwhile would lose their writes.
            check_no_writer(self.db)
            if _file_state(self.db) != self._state:
                raise DatabaseBusy(
                    str(self.db),
                    "the database was changed by another program during this ingest; nothing "
                    "was published (run the ingest again)",
                )
            replace_file(self.tmp, self.db)  # atomic: readers see the old or the new file
            fsync_dir(self.db.parent)
        finally:
            self._discard()

    def _discard(self) -> None:
        if self.con is not None:
            with contextlib.suppress(Exception):
                self.con.close()
            self.con = None
        for p in (self.tmp, Path(str(self.tmp) + ".wal")):
            p.unlink(missing_ok=True)
        if self._lock is not None:
            unlock_file(self._lock)
            self._lock.close()
            self._lock = None

    def _load_state(self) -> None:
        q = self.con.execute
        # fetchall, not fetchone: DuckDB refuses new work while a result is unfinished
        self.next_report = q("SELECT coalesce(max(report_id), 0) + 1 FROM reports").fetchall()[0][0]
        self.next_log = q("SELECT coalesce(max(log_id), 0) + 1 FROM ingest_log").fetchall()[0][0]
        self.next_body = q("SELECT coalesce(max(body_id), 0) + 1 FROM bodies").fetchall()[0][0]
        self.body_ids: dict[tuple[str, str], int] = {}
        self.bodies: dict[int, tuple] = {}
        for row in q(
            "SELECT body_id, name, county, level, aliases, population, assigned FROM bodies"
        ).fetchall():
            self.body_ids[(row[1], row[2] or "")] = row[0]
            self.bodies[row[0]] = row
        self._new_bodies: list[tuple] = []

    # ------------------------------------------------ bodies
    def body_id(self, name, county, level, assigned, aliases=(), population=None) -> int:
        key = (name, county or "")
        if key not in self.body_ids:
            row = (self.next_body, name, county, level, ";".join(aliases), population, assigned)
            self.next_body += 1
            self.body_ids[key] = row[0]
            self.bodies[row[0]] = row
            self._new_bodies.append(row)
        return self.body_ids[key]

    def upsert_bodies(self, infos) -> None:
        """Put registry bodies (BodyInfo) in the table: known ones updated, new ones added."""
        updates = {}
        for info in infos:
            key = (info.name, info.county or "")
            bid = self.body_ids.get(key)
            if bid is None and info.county and (info.name, "") in self.body_ids:
                bid = self.body_ids.pop((info.name, ""))  # an unassigned body now placed
                self.body_ids[key] = bid
            if bid is None:
                self.body_id(info.name, info.county, info.level, True, info.aliases,
                             info.population)  # fmt: skip
                continue
            row = (bid, info.name, info.county, info.level, ";".join(info.aliases))
            row += (info.population, True)
            if self.bodies[bid] != row:
                updates[bid] = row
                self.bodies[bid] = row
        with self.transaction():
            self._insert_new_bodies()
            if updates:
                df = pd.DataFrame(list(updates.values()), columns=BODY_COLS)
                df["population"] = df["population"].astype("Int64")
                self._bulk(
                    "UPDATE bodies SET name = u.name, county = u.county, level = u.level, "
                    "aliases = u.aliases, population = u.population, assigned = true "
                    "FROM u WHERE bodies.body_id = u.body_id",
                    "u",
                    df,
                )

    def registry_rows(self) -> list[tuple]:
        """(body_id, name, county, level, aliases, population, assigned) of every body."""
        return list(self.bodies.values())

    def _insert_new_bodies(self) -> None:
        if self._new_bodies:
            df = pd.DataFrame(self._new_bodies, columns=BODY_COLS)
            df["population"] = df["population"].astype("Int64")
            self._bulk("INSERT INTO bodies SELECT * FROM nb", "nb", df)
            self._new_bodies = []

    # ------------------------------------------------ helpers
    @contextlib.contextmanager
    def transaction(self):
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def _bulk(self, sql: str, name: str, df: pd.DataFrame, params=None) -> None:
        self.con.register(name, df)
        try:
            self.con.execute(sql, params)
        finally:
            self.con.unregister(name)

    def query(self, sql: str, params=()) -> pd.DataFrame:
        return frame(self.con, sql, params)

    def known_sha(self, shas: list[str]) -> dict[str, int]:
        if not shas:
            return {}
        df = self.query(
            "SELECT sha256, min(report_id) AS rid FROM reports WHERE sha256 IN "
            "(SELECT unnest(?)) GROUP BY sha256",
            [list(shas)],
        )
        return dict(zip(df["sha256"], df["rid"].astype(int)))

    # ------------------------------------------------ the log
    def log(self, file: str, sha: str | None, result: str, reason: str | None, rid, user: str):
        self._log.append((self.next_log, self.now, user, file, sha, result, reason, rid))
        self.next_log += 1

    def flush_log(self) -> None:
        if self._log:
            df = pd.DataFrame(self._log, columns=LOG_COLS)
            df["report_id"] = df["report_id"].astype("Int64")
            self._bulk("INSERT INTO ingest_log SELECT * FROM lg", "lg", df)
            self._log = []

    # ------------------------------------------------ reports
    def write_reports(self, staged: list[Staged], user: str) -> list[Written]:
        """Store a batch in ONE transaction (all or nothing); a newer file for a (body, year)
        already stored becomes current and the old one is kept as superseded."""
        if not staged:
            return []
        ids = list(range(self.next_report, self.next_report + len(staged)))
        pairs = pd.DataFrame(
            {"body_id": [s.body_id for s in staged], "year": [s.report.year for s in staged]}
        )
        self.con.register("pairs", pairs)
        try:
            cur = self.con.execute(
                "SELECT r.body_id, r.year, r.report_id FROM reports r "
                "JOIN pairs p ON r.body_id = p.body_id AND r.year = p.year WHERE r.current"
            ).fetchall()
        finally:
            self.con.unregister("pairs")
        current = {(b, y): rid for b, y, rid in cur}
        sup: dict[int, int] = {}  # old report_id -> new report_id
        written: list[Written] = []
        for rid, s in zip(ids, staged):
            k = (s.body_id, s.report.year)
            old = current.get(k) if s.report.year is not None else None
            if old is not None:
                sup[old] = rid
            current[k] = rid
            written.append(Written(rid, old))
        # saved so that a failed transaction leaves the writer's state as it was
        log_before, bodies_before = list(self._log), list(self._new_bodies)
        next_log_before = self.next_log
        for w, s in zip(written, staged):
            result = "superseded_previous" if w.superseded else "loaded"
            why = f"replaces report {w.superseded}" if w.superseded else None
            self.log(s.file_name, s.report.sha256, result, why, w.report_id, user)
        frames = report_frames(staged, ids, self.now, user, sup)
        try:
            with self.transaction():
                self._insert_new_bodies()
                old_in_db = [(o, n) for o, n in sup.items() if o < ids[0]]
                if old_in_db:
                    self._bulk(
                        "UPDATE reports SET current = false, superseded_by = s.new_id FROM s "
                        "WHERE reports.report_id = s.old_id",
                        "s",
                        pd.DataFrame(old_in_db, columns=["old_id", "new_id"]),
                    )
                for table, df in frames.items():
                    sel = INSERT_SELECT.get(table, "*")
                    self._bulk(
                        f"INSERT INTO {table} SELECT {sel} FROM df_{table}", f"df_{table}", df
                    )
                self.flush_log()
        except BaseException:
            self._log, self._new_bodies = log_before, bodies_before
            self.next_log = next_log_before
            raise
        self.next_report += len(staged)
        return written

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.con.execute("DELETE FROM meta WHERE key = ?", [key])
            self.con.execute("INSERT INTO meta VALUES (?, ?)", [key, value])

    def replace_findings(self, source: str, rows: list[tuple], *, body_ids=None, years=None):
        """Swap the findings of one `source` ("years", "similarity") in one transaction: those
        of the given bodies, or of current reports of the given years."""
        df = finding_types(pd.DataFrame(rows, columns=FINDING_COLS))
        if body_ids is not None:
            scope, vals = "body_id IN (SELECT unnest(?))", [int(x) for x in body_ids]
        else:
            scope = "report_id IN (SELECT report_id FROM reports WHERE year IN (SELECT unnest(?)))"
            vals = [int(x) for x in years]
        with self.transaction():
            self.con.execute(f"DELETE FROM findings WHERE source = ? AND {scope}", [source, vals])
            if len(df):
                self._bulk("INSERT INTO findings SELECT * FROM fd", "fd", df)
