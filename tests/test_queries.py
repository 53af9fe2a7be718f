"""Named queries on a real DuckDB file built from the five real reports (tests/test_analytics.py
explains the warehouse: one test county, a superseded re-upload of 洪泽区 2024)."""

from __future__ import annotations

import pytest

from lib import store
from lib.analytics import queries as q
from tests.test_analytics import COUNTY, HA, HZ, JJL, SY, build_analytics_db


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_analytics_db(tmp_path_factory.mktemp("queries") / "q.duckdb")


def test_report_list_current_only_and_filtered(db):
    rl = q.report_list(db)
    assert len(rl) == 5
    assert sorted(zip(rl["body"], rl["year"])) == sorted(
        [(JJL, 2020), (SY, 2023), (HZ, 2023), (HZ, 2024), (HA, 2024)]
    )
    assert set(q.report_list(db, {"years": (2023, 2023)})["body"]) == {SY, HZ}
    assert set(q.report_list(db, {"years": 2024})["body"]) == {HZ, HA}
    assert list(q.report_list(db, q.Filters(levels=("county_dept",)))["body"]) == [SY]
    assert len(q.report_list(db, {"county": [COUNTY, "别的县"], "bodies": [HZ]})) == 2
    rl = q.report_list(db, {"bodies": [SY]}, columns=("body", "published"))
    assert list(rl.columns) == ["body", "published"]
    assert str(rl["published"].iloc[0])[:10] == "2024-01-17"


def test_user_values_are_parameters_not_sql(db):
    assert q.report_list(db, {"county": "x' OR 1=1 --"}).empty
    assert q.report_cells(db, {"bodies": ["'; DROP TABLE cells; --"]}).empty
    assert len(q.report_list(db)) == 5  # nothing dropped
    with pytest.raises(ValueError, match="unknown column"):
        q.report_list(db, columns=("body; DROP TABLE reports",))
    with pytest.raises(ValueError, match="unknown filter"):
        q.report_list(db, {"town": "x"})


def test_report_cells_by_key(db):
    c = q.report_cells(db, keys=["s3.new.total"], columns=("body", "year", "value"))
    got = {(b, y): v for b, y, v in c.itertuples(index=False)}
    # the replaced 洪泽区 2024 version (17) is not a current cell
    assert got == {(JJL, 2020): 0, (SY, 2023): 26, (HZ, 2023): 21, (HZ, 2024): 95, (HA, 2024): 3119}
    all_sy = q.report_cells(db, {"bodies": [SY]})
    assert all_sy["blank"].sum() == 5 * 25
    assert set(all_sy.loc[all_sy["derived"], "key"]) == {
        f"s3.other.{c}"
        for c in ("natural", "commercial", "research", "social", "legal", "other_org", "total")
    }


def test_blank_counts(db):
    b = q.blank_counts(db, {"bodies": [SY]})
    assert (int(b["blank_cells"].iloc[0]), int(b["blank_totals"].iloc[0])) == (125, 0)


def test_findings_of_current_reports(db):
    f = q.findings(db)
    assert list(zip(f["body"], f["year"], f["rule"])) == [(HZ, 2023, "R4"), (HZ, 2023, "R4")]
    assert set(f["severity"]) == {"error"}
    # the replaced 17-application version breaks nothing the rules check here either way;
    # only current reports' findings are listed
    assert set(f["report_id"]) <= set(q.report_list(db)["report_id"])


def test_revisions_keep_superseded_versions(db):
    r = q.revisions(db, {"bodies": [HZ], "years": 2024})
    assert len(r) == 2
    old, new = r.iloc[0], r.iloc[1]
    assert (bool(old["current"]), bool(new["current"])) == (False, True)
    assert old["superseded_by"] == new["report_id"]


def test_bodies_years_counties(db):
    b = q.bodies(db, {"county": COUNTY, "years": (1990, 1991)})  # years do not filter bodies
    assert len(b) == 4
    assert b.set_index("name").loc[HZ, "population"] == 300000
    assert q.bodies(db, {"levels": ["township"]})["name"].tolist() == [JJL]
    assert q.years(db) == [2020, 2023, 2024]
    assert q.years(db, {"bodies": [HZ]}) == [2023, 2024]
    assert q.counties(db) == [COUNTY]


def test_ingest_log(tmp_path):
    db = tmp_path / "log.duckdb"
    with store.Writer(db, fresh=True) as w:
        w.log("a.txt", "aa", "loaded", None, 1, "tester")
        w.log("b.docx", None, "failed", "b.docx: not a report", None, "tester")
    log = q.ingest_log(db)
    assert list(log["file"]) == ["b.docx", "a.txt"]  # newest first
    failed = q.ingest_log(db, result="failed")
    assert list(failed["reason"]) == ["b.docx: not a report"]
    assert len(q.ingest_log(db, limit=1)) == 1


def test_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(store.StoreError, match="no database"):
        q.report_list(tmp_path / "none.duckdb")


def test_year_filters(db):
    assert set(q.report_list(db, {"years": (2020, 2023)})["year"]) == {2020, 2023}
    assert set(q.report_list(db, {"years": [2024]})["year"]) == {2024}
    assert q.years(db, {"years": [2024]}) == [2020, 2023, 2024]  # the picker ignores the range
    assert set(q.report_list(db, {"years": [2020, 2021, 2024]})["year"]) == {2020, 2024}
