"""The warehouse as Parquet files, for analysts who query it from DuckDB, Spark or pandas
without the dashboard. Tables with a year are partitioned by it (Hive layout, `year=2023/`),
so a query for one year reads one folder.

    out/bodies.parquet, out/keys.parquet
    out/reports/year=Y/*.parquet    every report (current and superseded), no original bytes
    out/cells/year=Y/*.parquet      every cell of the current reports, with body and labels
    out/findings/year=Y/*.parquet   every finding of the current reports

The folder is written beside its target and renamed into place, so a reader never sees half
an export; an existing folder is replaced only when an earlier export made it.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from lib.errors import GongkaiError

MARK = "_gongkai_export.json"

_TABLES = {
    "bodies": "SELECT body_id, name, county, level, aliases, population, assigned FROM bodies",
    "keys": "SELECT * FROM keys",
    "reports": (
        "SELECT r.* EXCLUDE (source, prose_sig), b.name AS body, b.county, b.level "
        "FROM reports r JOIN bodies b USING (body_id) WHERE r.year IS NOT NULL"
    ),
    "cells": "SELECT * FROM report_cells WHERE year IS NOT NULL",
    "findings": (
        "SELECT f.*, b.name AS body, b.county FROM findings f JOIN bodies b USING (body_id) "
        "JOIN reports r USING (report_id) WHERE r.current AND f.year IS NOT NULL"
    ),
}
_BY_YEAR = ("reports", "cells", "findings")


def export_database(db: str | Path, out: Path) -> dict[str, int]:
    """The warehouse file `db` as Parquet under `out`, from one read-only snapshot."""
    from lib.store import reader

    with reader(db) as con:
        return export_parquet(con, out)


def export_parquet(con, out: Path) -> dict[str, int]:
    """Write every table under `out`; rows written per table."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARK).exists())):
        raise GongkaiError(str(out), "exists and is not an earlier Parquet export; choose an "
                           "empty or new folder")  # fmt: skip
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir(parents=True)
    except OSError as e:  # a folder that cannot be made there: say so, no traceback
        raise GongkaiError(str(out), f"cannot write here ({e.strerror or e})") from None
    counts: dict[str, int] = {}
    try:
        for name, sql in _TABLES.items():
            counts[name] = int(con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0])
            if name in _BY_YEAR:
                target = (tmp / name).as_posix()
                opts = "FORMAT parquet, COMPRESSION zstd, PARTITION_BY (year)"
            else:
                target = (tmp / f"{name}.parquet").as_posix()
                opts = "FORMAT parquet, COMPRESSION zstd"
            if name in _BY_YEAR and counts[name] == 0:
                (tmp / name).mkdir()  # nothing to partition: the folder still says so
                continue
            # the statements are fixed text; the path is ours (COPY takes no parameters)
            con.execute(f"COPY ({sql}) TO '{target.replace(chr(39), chr(39) * 2)}' ({opts})")
        (tmp / MARK).write_text(json.dumps({"rows": counts}, ensure_ascii=False), "utf-8")
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return counts
