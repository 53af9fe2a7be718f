"""Filing completeness, timeliness and the 督办清单 on the real-report warehouse of
tests/test_analytics.py (four registry bodies in one test county; 2020, 2023 and 2024 filed;
洪泽区 2024 re-uploaded once; 沭阳 2023 published 2024-01-17, the others' dates not stated)."""

from __future__ import annotations

import pytest

from lib.analytics import timeliness as tl
from tests.test_analytics import COUNTY, HA, HZ, JJL, SY, build_analytics_db


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_analytics_db(tmp_path_factory.mktemp("timeliness") / "t.duckdb")


@pytest.fixture(scope="module")
def grid(db):
    return tl.filing_table(db)


def cell(g, body, year):
    sel = g[(g["body"] == body) & (g["year"] == year)]
    assert len(sel) == 1
    return sel.iloc[0]


def test_registry_times_years(grid):
    # default years: the range of filed years, 2020..2024; four expected bodies
    assert sorted(set(grid["year"])) == [2020, 2021, 2022, 2023, 2024]
    assert len(grid) == 4 * 5 and grid["expected"].all()
    assert int(grid["filed"].sum()) == 5
    assert cell(grid, JJL, 2020)["status"] == "filed"
    assert cell(grid, JJL, 2021)["status"] == "missing"
    assert cell(grid, HZ, 2023)["status"] == "findings"  # R4 broken twice
    hz24 = cell(grid, HZ, 2024)
    assert (hz24["status"], hz24["versions"], hz24["superseded"]) == ("revised", 2, 1)


def test_years_and_filters(db):
    g = tl.filing_table(db, {"years": (2023, 2024)})
    assert sorted(set(g["year"])) == [2023, 2024] and len(g) == 4 * 2
    g = tl.filing_table(db, {"bodies": [SY]}, years=(2022, 2024))
    assert list(g["status"]) == ["missing", "filed", "missing"]


def test_summary(grid):
    s = tl.filing_summary(tl.timeliness(grid)).set_index("year")
    assert (s.loc[2024, "expected"], s.loc[2024, "filed"], s.loc[2024, "missing"]) == (4, 2, 2)
    assert s.loc[2024, "superseded"] == 1
    assert (s.loc[2021, "filed"], s.loc[2021, "missing"]) == (0, 4)
    assert (s.loc[2023, "on_time"], s.loc[2023, "date_unknown"], s.loc[2023, "late"]) == (1, 1, 0)
    assert s.loc[2023, "with_findings"] == 1
    assert list(s["county"].unique()) == [COUNTY]


def test_timeliness_default_and_configurable(grid):
    t = tl.timeliness(grid)
    sy = cell(t, SY, 2023)
    assert sy["timeliness"] == "on_time"
    assert sy["days_late"] == -14  # 2024-01-17 is 14 days before 2024-01-31
    assert cell(t, HA, 2024)["timeliness"] == "date_unknown"  # never assumed on time
    assert cell(t, JJL, 2022)["timeliness"] == "missing"
    t = tl.timeliness(grid, deadline=(1, 15))
    assert (cell(t, SY, 2023)["timeliness"], cell(t, SY, 2023)["days_late"]) == ("late", 2)
    t = tl.timeliness(grid, by_level={"county_dept": (1, 10)})
    assert cell(t, SY, 2023)["days_late"] == 7
    assert str(cell(t, HZ, 2023)["deadline"].date()) == "2024-01-31"  # others keep the default


def test_supervision_list(db):
    s = tl.supervision_table(db)
    f = s[s["issue"] == "finding"]
    assert list(zip(f["body"], f["year"], f["rule"])) == [(HZ, 2023, "R4"), (HZ, 2023, "R4")]
    assert sorted(f["evidence"]) == ["应为 11，实为 0", "应为 5，实为 0"]  # 10+1+0+0, 5+0+0+0
    # the same rule twice in one report: ordered by its keys, so the list reads the same daily
    assert list(f["keys"]) == sorted(f["keys"])
    m = s[s["issue"] == "missing"]
    assert len(m) == 4 * 5 - 5
    assert "未报送 2021 年度报告" in set(m.loc[m["body"] == JJL, "message"])
    assert (s["issue"] == "late").sum() == 0
    late = tl.supervision_table(db, {"bodies": [SY]}, lang="en", deadline=(1, 15))
    row = late[late["issue"] == "late"].iloc[0]
    assert row["message"] == ("Published 2024-01-17, after the deadline 2024-01-15 (2 days late)")


def test_article_49_deadline_for_governments(grid):
    t = tl.timeliness(grid, by_level=tl.ART49_BY_LEVEL)
    assert str(cell(t, HA, 2024)["deadline"].date()) == "2025-03-31"  # 淮安市人民政府
    assert str(cell(t, SY, 2023)["deadline"].date()) == "2024-01-31"  # a county department


def test_supervision_list_says_where_each_number_was_read(real_db):
    s = tl.supervision_table(real_db)
    r4 = s[(s["rule"] == "R4") & (s["body"] == "淮安市洪泽区")]
    # the section IV totals of the real PDF: row 4 of its second table on page 4
    assert sorted(r4["where"]) == ["page 4 table 2 row 4 col 15", "page 4 table 2 row 4 col 5"]
    level = s[(s["rule"] == "LEVEL") & (s["body"] == "九间楼乡")].iloc[0]
    assert level["where"] == "五、存在的主要问题及改进情况"  # a prose finding names its section
