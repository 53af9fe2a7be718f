"""The warehouse is never silently overwritten: a program holding the database open for
writing (DuckDB's CLI, a notebook) makes an ingest refuse with a clear reason instead of losing
that program's writes at publish, and the dashboard says the database is busy in plain words."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap

import duckdb
import pytest

from lib import store
from lib.ingest import ingest_paths
from tests.dbfixture import SAMPLE_DIR
from tests.pages_support import open_dashboard

HOLDER = textwrap.dedent(
    """
    import sys, duckdb
    con = duckdb.connect(sys.argv[1])
    con.execute("CREATE TABLE IF NOT EXISTS analyst_notes (note VARCHAR)")
    print("ready", flush=True)
    sys.stdin.readline()
    con.execute("INSERT INTO analyst_notes VALUES ('kept')")
    con.close()
    """
)
REPORT = SAMPLE_DIR / "示例县" / "东湖镇" / "2023.pdf"


class Holder:
    """Another process with a read-write connection to `db` until `release()`."""

    def __init__(self, db):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(db)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.proc.stdout.readline().strip() == "ready"

    def release(self) -> None:
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()
        assert self.proc.wait(30) == 0


def _notes(db) -> list:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT note FROM analyst_notes").fetchall()
    finally:
        con.close()


@pytest.fixture
def db(sample_db, tmp_path):
    out = tmp_path / "w.duckdb"
    shutil.copy(sample_db, out)
    return out


def test_ingest_refuses_while_another_program_writes_and_loses_nothing(db):
    before = store.read_df(db, "SELECT count(*) AS n FROM ingest_log")["n"][0]
    holder = Holder(db)
    try:
        with pytest.raises(store.DatabaseBusy) as err:
            ingest_paths([REPORT], db, user="t")
        assert f"PID {holder.proc.pid}" in str(err.value)
        assert "open for writing" in str(err.value) and "\n" not in str(err.value)
    finally:
        holder.release()
    assert _notes(db) == [("kept",)]  # the other program's writes are in the published file
    assert store.read_df(db, "SELECT count(*) AS n FROM ingest_log")["n"][0] == before


def test_publish_refuses_when_the_file_changed_during_the_ingest(db):
    with pytest.raises(store.DatabaseBusy, match="changed by another program"):
        with store.Writer(db) as w:
            w.set_meta("probe", "1")
            Holder(db).release()  # opens, writes, checkpoints and closes meanwhile
    assert _notes(db) == [("kept",)]
    assert "probe" not in store.meta(db)  # the refused run published nothing


def test_publish_after_a_quiet_run_still_works(db):
    with store.Writer(db) as w:
        w.set_meta("probe", "1")
    assert store.meta(db)["probe"] == "1"


def test_dashboard_says_the_database_is_busy(db, monkeypatch, tmp_path):
    monkeypatch.setenv("GONGKAI_DB", str(db))
    monkeypatch.setenv("GONGKAI_SECRETS", str(tmp_path / "no-secrets.toml"))
    holder = Holder(db)
    try:
        at = open_dashboard("overview")
    finally:
        holder.release()
    assert not at.exception
    assert not at.error  # not a raw DuckDB error
    shown = [w.value for w in at.warning]
    assert any("数据库正被其他程序" in w and f"PID {holder.proc.pid}" in w for w in shown), shown
    assert not any("IO Error" in w or "duckdb.org" in w for w in shown)
