"""Connections to the warehouse file: read-only readers, and DuckDB's errors in words."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

import duckdb

from lib.errors import IngestError


class StoreError(IngestError):
    pass


class DatabaseBusy(StoreError):
    """Another program holds the database open for writing (e.g. DuckDB's CLI, a notebook), or
    changed it while an ingest ran. `holder` names it when DuckDB says who it is."""

    def __init__(self, file: str, reason: str, holder: str | None = None):
        super().__init__(file, reason)
        self.holder = holder


_HOLDER = re.compile(r"held in (.+?) \(PID (\d+)\)")


def _busy(path, shown, detail: str) -> DatabaseBusy | None:
    """DuckDB's lock-conflict message as a DatabaseBusy naming the holder; None otherwise."""
    if "Could not set lock" not in detail and "Conflicting lock" not in detail:
        return None
    m = _HOLDER.search(detail)
    holder = f"{Path(m.group(1)).name} (PID {m.group(2)})" if m else None
    who = holder or "another program"
    return DatabaseBusy(
        str(shown or path),
        f"the database is open for writing in {who}; close it there and try again",
        holder,
    )


def db_identity(db: str | Path) -> tuple[int, int, int] | None:
    """(inode, mtime_ns, size) of the published file: changes at every publish (cache key)."""
    try:
        st = os.stat(db)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


@contextlib.contextmanager
def reader(db: str | Path):
    """A short-lived read-only connection (one consistent snapshot for several queries)."""
    if not Path(db).exists():
        raise StoreError(str(db), "no database (run `python -m lib build-db` or ingest first)")
    con = _connect(db, read_only=True)
    try:
        yield con
    finally:
        con.close()


def _connect(path, read_only: bool = False, shown=None):
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as e:
        busy = _busy(path, shown, str(e))
        if busy is not None:
            raise busy from None
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        first = first.replace(str(path), str(shown or path))
        raise StoreError(str(shown or path), f"cannot open the database ({first})") from None
