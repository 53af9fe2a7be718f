"""Query results reach pandas through Arrow (issue 14: `.df()` spent 19 of 21 s converting
`report_cells` at 20,000 body-years); the frames keep the types pages were written against."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from lib.store import frame

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT 1::INT AS i, 2::BIGINT AS b, 1.5 AS d, 'x' AS s, true AS t",
        "SELECT * FROM (VALUES (1, NULL::INT), (NULL, 2)) v(a, b)",  # nullable integers
        "SELECT DATE '2024-01-17' AS d UNION ALL SELECT NULL",  # dates with a gap
        "SELECT TIMESTAMP '2024-01-17 08:30:00' AS ts",
        "SELECT NULL::VARCHAR AS n, 'a' AS s",  # a text column of nothing but NULL
        "SELECT * FROM (VALUES ('a', NULL), ('b', 'x')) v(s, n)",
        "SELECT 12.50::DECIMAL(10, 2) AS amount",
        "SELECT 1 AS i WHERE false",  # no rows
    ],
)
def test_arrow_frame_equals_duckdb_df(sql):
    con = duckdb.connect()
    want, got = con.execute(sql).df(), frame(con, sql)
    assert list(got.dtypes.astype(str)) == list(want.dtypes.astype(str))
    assert (
        got.astype(object).where(got.notna(), None).values.tolist()
        == want.astype(object).where(want.notna(), None).values.tolist()
    )


def test_frame_takes_parameters_not_formatted_sql():
    con = duckdb.connect()
    got = frame(con, "SELECT ? AS a, ? AS b", ["九间楼乡'; DROP TABLE x; --", 3])
    assert got.values.tolist() == [["九间楼乡'; DROP TABLE x; --", 3]]


def test_no_module_converts_results_with_df():
    calls = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in sorted((ROOT / "lib").rglob("*.py"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"[\w)]\.df\(\)", line) and "lib/sample" not in p.as_posix()
    ]
    assert calls == []
