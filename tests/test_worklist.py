"""The supervisor's worklist (issue 15 item 1): bodies ranked by their problems in a year,
worst first; checked on a hand-made grid and, on the sample warehouse, against SQL."""

from __future__ import annotations

import pandas as pd

from lib.analytics import worklist
from lib.store import read_df


def _grid(rows):
    cols = ["body", "county", "year", "expected", "filed", "report_id", "days_late", "timeliness"]
    return pd.DataFrame(rows, columns=cols)


def test_worst_first():
    grid = _grid([
        ("甲镇", "县", 2024, True, True, 1, -10, "on_time"),
        ("乙镇", "县", 2024, True, False, None, None, "missing"),
        ("丙镇", "县", 2024, True, True, 3, 12, "late"),
        ("丁镇", "县", 2024, True, True, 4, -3, "on_time"),
        ("戊镇", "县", 2024, True, True, 5, -3, "on_time"),  # no problem: not listed
        ("甲镇", "县", 2023, True, False, None, None, "missing"),  # another year
        ("己镇", "县", 2024, False, False, None, None, "missing"),  # not expected
    ])  # fmt: skip
    found = pd.DataFrame({"report_id": [1, 1, 4, 3], "severity": ["error", "warning", "warning",
                                                                   "info"]})  # fmt: skip
    pairs = pd.DataFrame({"report_a": [4], "report_b": [9]})
    got = worklist.problem_ranking(grid, found, pairs, 2024)
    assert list(got["body"]) == ["乙镇", "甲镇", "丁镇", "丙镇"]
    row = got.set_index("body")
    assert row.loc["甲镇", ["errors", "warnings", "copied"]].tolist() == [1, 1, 0]
    assert row.loc["丁镇", ["errors", "warnings", "copied"]].tolist() == [0, 1, 1]
    assert row.loc["丙镇", "days_late"] == 12 and pd.isna(row.loc["甲镇", "days_late"])
    assert bool(row.loc["乙镇", "missing"])


def test_sample_ranking_matches_sql(sample_db):
    years = read_df(sample_db, "SELECT DISTINCT year FROM report_list ORDER BY year").year
    counts = read_df(sample_db, """
        SELECT b.name AS body, r.year, count(*) FILTER (WHERE f.severity = 'error') AS e,
               count(*) FILTER (WHERE f.severity = 'warning') AS w
        FROM reports r JOIN bodies b USING (body_id) JOIN findings f USING (report_id)
        WHERE r.current GROUP BY ALL""")  # fmt: skip
    listed = 0
    for y in years:
        got = worklist.problem_table(str(sample_db), None, int(y)).set_index("body")
        want = counts[(counts.year == y) & ((counts.e > 0) | (counts.w > 0))]
        for r in want.itertuples():
            assert (got.loc[r.body, "errors"], got.loc[r.body, "warnings"]) == (r.e, r.w)
        errors = got["errors"].tolist()
        filed = got[~got["missing"]]
        assert filed["errors"].tolist() == sorted(filed["errors"], reverse=True)
        listed += len(got) + sum(errors)
    assert listed > 0


def test_a_year_without_problems_is_an_empty_list():
    grid = _grid([("甲镇", "县", 2024, True, True, 1, -10, "on_time")])
    got = worklist.problem_ranking(grid, pd.DataFrame(columns=["report_id", "severity"]),
                                   pd.DataFrame(columns=["report_a", "report_b"]), 2024)  # fmt: skip
    assert got.empty and list(got.columns) == worklist.COLUMNS
