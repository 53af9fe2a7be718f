"""`gongkai export --parquet DIR` (issue 14): the warehouse as Parquet, partitioned by year,
readable by DuckDB and pandas without gongkai; numbers checked against the database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from lib.errors import GongkaiError
from lib.store import read_df
from lib.store.parquet import MARK, export_database

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def exported(sample_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("pq") / "warehouse"
    r = subprocess.run([sys.executable, "-m", "lib", "export", "--db", str(sample_db),
                        "--parquet", str(out)], cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"wrote {out}: bodies ")
    return out


def test_partitioned_by_year(exported, sample_db):
    years = read_df(sample_db, "SELECT DISTINCT year FROM report_list ORDER BY year").year
    for table in ("reports", "cells", "findings"):
        parts = sorted(p.name for p in (exported / table).iterdir())
        assert parts == [f"year={y}" for y in years], table
    assert (exported / "bodies.parquet").is_file() and (exported / MARK).is_file()


def test_duckdb_reads_the_same_numbers(exported, sample_db):
    sql = ("SELECT year, county, key, sum(value) AS v, count(*) AS n FROM {} "
           "GROUP BY ALL ORDER BY ALL")  # fmt: skip
    want = read_df(sample_db, sql.format("report_cells"))
    got = duckdb.sql(sql.format(
        f"read_parquet('{exported.as_posix()}/cells/*/*.parquet', hive_partitioning = true)"
    )).df()  # fmt: skip
    assert len(want) > 1000
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_pandas_reads_one_year(exported, sample_db):
    got = pd.read_parquet(exported / "findings", filters=[("year", "=", 2023)])
    want = read_df(sample_db, "SELECT f.* FROM findings f JOIN reports r USING (report_id) "
                              "WHERE r.current AND f.year = 2023")  # fmt: skip
    assert len(got) == len(want) > 0
    assert sorted(got.rule) == sorted(want.rule)
    reports = pd.read_parquet(exported / "reports")
    assert len(reports) == int(read_df(sample_db, "SELECT count(*) AS n FROM reports").n[0])
    assert "source" not in reports.columns  # the original files stay in the warehouse


def test_export_again_replaces_and_a_foreign_folder_is_refused(exported, sample_db, tmp_path):
    before = sorted(p.relative_to(exported) for p in exported.rglob("*"))
    export_database(sample_db, exported)  # an earlier export: replaced whole
    assert sorted(p.relative_to(exported) for p in exported.rglob("*")) == before
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_bytes(b"keep me")
    with pytest.raises(GongkaiError, match="not an earlier Parquet export"):
        export_database(sample_db, mine)
    assert [p.name for p in mine.iterdir()] == ["thesis.docx"]


def test_a_folder_that_cannot_be_made_is_one_line(sample_db, tmp_path, capsys):
    # under a file: was an internal FileNotFoundError/NotADirectoryError with a traceback hint
    from lib.cli import main

    (tmp_path / "a-file").write_text("x")
    out = tmp_path / "a-file" / "parquet"
    assert main(["export", "--db", str(sample_db), "--parquet", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"gongkai: {out}: cannot write here (Not a directory)"]
