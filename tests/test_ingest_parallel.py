"""Parsing in worker processes (issue 14): the warehouse a two-process ingest builds is the
one a one-process ingest builds — same reports, cells, findings, log, in the same order."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from lib import store
from lib.ingest import ingest_paths
from lib.ingest.pool import ParsePool
from lib.parse.registry import Registry
from tests.dbfixture import REAL_REPORTS, SAMPLE_DIR

ROOT = Path(__file__).resolve().parent.parent
# everything but the clock
CONTENT = {
    "bodies": "SELECT * FROM bodies ORDER BY body_id",
    "reports": "SELECT * EXCLUDE (ingested_at) FROM reports ORDER BY report_id",
    "cells": "SELECT * FROM cells ORDER BY report_id, key",
    "prose": "SELECT * FROM prose ORDER BY report_id, section",
    "findings": "SELECT * FROM findings ORDER BY ALL",
    "log": "SELECT * EXCLUDE (logged_at) FROM ingest_log ORDER BY log_id",
}


def _folder(tmp_path: Path) -> Path:
    """The sample county plus the real reports, a damaged file, a repeat and a revision."""
    src = tmp_path / "in"
    shutil.copytree(SAMPLE_DIR, src / "sample")
    for p in REAL_REPORTS.iterdir():
        if not p.name.endswith(".json"):
            shutil.copy(p, src / p.name)
    (src / "damaged.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(3000))
    shutil.copy(REAL_REPORTS / "jiujianlou-2020.txt", src / "zz-repeat.txt")
    text = (REAL_REPORTS / "jiujianlou-2020.txt").read_text(encoding="utf-8")
    (src / "zz-revised.txt").write_text(text.replace("九间楼乡人民政府", "九间楼乡人民政府 ", 1),
                                        encoding="utf-8")  # fmt: skip
    return src


def test_two_processes_build_the_same_warehouse(tmp_path):
    src = _folder(tmp_path)
    reg = src / "sample" / "bodies.csv"
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    s1 = ingest_paths([src], one, registry=reg, jobs=1)
    s2 = ingest_paths([src], two, registry=reg, jobs=2)
    assert s1.counts == s2.counts
    assert s1.counts["failed"] == 1 and s1.counts["already_loaded"] >= 1  # zz-repeat.txt
    assert s1.counts["loaded"] > 140
    for table, sql in CONTENT.items():
        a, b = store.read_df(one, sql), store.read_df(two, sql)
        assert len(a) > 0, table
        assert a.equals(b), table


def test_the_pool_parses_in_other_processes_in_order():
    files = sorted(SAMPLE_DIR.rglob("*.txt"))[:12]
    jobs = [(p.name, p.read_bytes(), None) for p in files]
    with ParsePool(Registry(), jobs=2) as pool:
        got = pool.map(jobs)
    assert [g.report.file for g in got] == [p.name for p in files]
    workers = {g.worker for g in got}
    # in worker processes (how the 12 files spread over the two depends on their start)
    assert os.getpid() not in workers and 1 <= len(workers) <= 2


def test_cli_jobs_option(tmp_path):
    db = tmp_path / "c.duckdb"
    r = subprocess.run([sys.executable, "-m", "lib", "ingest", str(SAMPLE_DIR), "--db", str(db),
                        "--no-progress", "--jobs", "2"], cwd=ROOT, capture_output=True,
                       text=True)  # fmt: skip
    assert r.returncode == 0, r.stderr
    n = int(store.read_df(db, "SELECT count(*) AS n FROM reports").n[0])
    assert f"loaded {n - 1}, superseded a previous version 1," in r.stdout and n == 140


def test_progress_bar_counts_outcomes_with_a_total(tmp_path, capsys):
    src = _folder(tmp_path)
    ingest_paths([src], tmp_path / "p.duckdb", progress=True, jobs=2)
    err = capsys.readouterr().err
    total = sum(1 for p in src.rglob("*") if p.is_file())
    assert f"/{total}" in err  # a total, so tqdm shows the remaining time
    last = err.strip().split("\r")[-1]
    assert "100%" in last and "failed=1" in last and "loaded=147" in last and "known=2" in last
