"""Analytics on the sample county 示例县 (the `sample_db` fixture: data/sample ingested through
the real readers, parser, rules and store). The expected numbers are read off the sample's
files and its README's list of planted defects, written out here by hand."""

from __future__ import annotations

import math

import pytest

from lib import analytics as an
from lib.analytics import timeliness as tl

COUNTY = "示例县"


@pytest.fixture(scope="module")
def mt(sample_db):
    return an.metric_table(sample_db)


def one(frame, body, year):
    sel = frame[(frame["body"] == body) & (frame["year"] == year)]
    assert len(sel) == 1, f"{body} {year}: {len(sel)} rows"
    return sel.iloc[0]


def test_revision_counts_once_with_its_corrected_numbers(mt):
    # 城北街道/2024（修订）.docx: 予以公开 8 (the original said 9), 部分公开 2, 总计 19
    assert len(mt) == 20 * 7 - 1  # one filing missing; the superseded original not counted
    r = one(mt, "城北街道", 2024)
    assert (r["granted"], r["partial"], r["handled"]) == (8, 2, 19)
    assert (r["disclosure_rate_num"], r["disclosure_rate_den"]) == (8 + 2, 19)
    assert r["disclosure_rate"] == (8 + 2) / 19
    rk = an.ranks(mt, "disclosure_rate", year=2024).set_index("body")
    assert rk.loc["城北街道", "status"] == "too_few"  # 19 handled < 30


def test_missing_year_is_a_gap(mt):
    # 龙泉镇 filed no 2020 report: no row, and 2021 has no year-over-year change
    assert mt[(mt["body"] == "龙泉镇") & (mt["year"] == 2020)].empty
    y = an.yoy(mt, "new")
    r = one(y, "龙泉镇", 2021)
    assert math.isnan(r["prev_value"]) and math.isnan(r["change"])
    assert not r["comparable"]


def test_template_change_is_not_compared(mt):
    y = an.yoy(mt, "normative_docs_new")
    # 梨园乡 keeps the 2019 template in 2021: 本年新制作数量 2020 3 → 2021 1, comparable
    r = one(y, "梨园乡", 2021)
    assert (r["prev_value"], r["value"], r["change"]) == (3, 1, 1 - 3)
    # 2022 switches to 本年制发件数 (1): a different question, no change computed
    r = one(y, "梨园乡", 2022)
    assert r["value"] == 1 and not r["comparable"] and math.isnan(r["change"])
    # a metric with the same meaning in both templates compares across 2020/2021
    assert one(an.yoy(mt, "new"), "梨园乡", 2022)["comparable"]


def test_planted_quality_defects(mt):
    assert one(mt, "桥头镇", 2021)["blank_totals"] == 1  # 三（七）总计 · 总计 blank
    r = one(mt, "龙泉镇", 2023)  # 本年新收 one too high: R1 in the natural and total columns
    assert (r["findings_R1"], r["new"], r["handled"]) == (2, 4, 3)
    assert one(mt, "松坪乡", 2024)["findings_R6"] == 1
    assert one(mt, "城东街道", 2025)["findings_R5"] == 2  # natural and total columns


def test_filing_and_timeliness(sample_db):
    grid = tl.timeliness_table(sample_db)
    assert len(grid) == 20 * 7
    assert one(grid, "龙泉镇", 2020)["timeliness"] == "missing"
    late = grid[grid["timeliness"] == "late"].set_index("body")["days_late"].to_dict()
    # signed 2026-05-28, 2022-05-13, 2024-03-09 against 31 January of the next year
    assert late == {"北岭乡": 28 + 31 + 30 + 28, "枫林镇": 28 + 31 + 30 + 13, "白沙镇": 29 + 9}
    unknown = grid[grid["timeliness"] == "date_unknown"][["body", "year"]]
    assert sorted(map(tuple, unknown.to_numpy().tolist())) == [("云溪乡", 2024), ("松坪乡", 2023)]
    # the revision was uploaded 2025-03-05, but 城北街道 first published on 2025-01-19
    r = one(grid, "城北街道", 2024)
    assert (r["timeliness"], r["days_late"], r["status"]) == ("on_time", -12, "revised")
    s = tl.filing_summary(grid).set_index("year")
    assert (s.loc[2020, "expected"], s.loc[2020, "filed"], s.loc[2020, "missing"]) == (20, 19, 1)
    assert s.loc[2024, "superseded"] == 1 and s.loc[2023, "late"] == 1


def test_supervision_list_names_every_planted_problem(sample_db):
    s = an.supervision_table(sample_db)
    issues = set(zip(s["body"], s["year"], s["issue"], s["rule"]))
    for expected in [
        ("龙泉镇", 2020, "missing", ""),
        ("北岭乡", 2025, "late", ""),
        ("龙泉镇", 2023, "finding", "R1"),
        ("松坪乡", 2024, "finding", "R6"),
        ("城东街道", 2025, "finding", "R5"),
        ("桥头镇", 2021, "finding", "BLANK_TOTAL"),
        ("梨园乡", 2022, "finding", "SIM"),
        ("梨园乡", 2022, "finding", "NAME"),
        ("松坪乡", 2020, "finding", "LEVEL"),
    ]:
        assert expected in issues, expected
    r1 = s[(s["body"] == "龙泉镇") & (s["rule"] == "R1")]
    # R1 as lib.check.rules states it: expected new 4 + carried over 0, actual handled 3 + forward 0
    assert set(r1["evidence"]) == {"应为 4，实为 3"}


def test_supervision_evidence_and_where(sample_db):
    from lib.analytics import queries

    s = an.supervision_table(sample_db)
    lv = s[(s["body"] == "松坪乡") & (s["rule"] == "LEVEL")].iloc[0]
    # the sentence of section 五 in which the 乡 writes 全镇
    assert lv["evidence"] == "“二是加强对全镇政务公开工作人员的业务培训，提升依法公开能力。”"
    assert lv["where"] == "五、存在的主要问题及改进情况"
    r1 = s[(s["body"] == "龙泉镇") & (s["rule"] == "R1")]
    cells = queries.report_cells(
        sample_db, {"bodies": ["龙泉镇"], "years": 2023}, keys=["s3.new.total", "s3.new.natural"]
    )
    assert set(r1["where"]) == set(cells["provenance"]) and "" not in set(r1["where"])


def test_top_movers_respect_the_template_change(mt):
    m = an.top_movers(mt, "normative_docs_new", 2021, 2022, n=100).set_index("body")
    # 梨园乡 still on the 2019 template in 2021 (本年新制作数量) and on 2021's in 2022
    assert m.loc["梨园乡", "status"] == "not_comparable" and math.isnan(m.loc["梨园乡", "change"])
    assert (
        m["status"] == "rated"
    ).sum() == 19  # every other body used the 2021 template both years
    assert len(an.top_movers(mt, "normative_docs_new", 2021, 2022)) == 10 + 1  # top 10 + 梨园乡


def test_applications_per_10000_residents(mt):
    # 城北街道 2024: 本年新收 17 (the docx); population 71,860 in data/sample/bodies.csv
    r = one(mt, "城北街道", 2024)
    assert (r["apps_per_10k_num"], r["apps_per_10k_den"]) == (17, 71860)
    assert r["apps_per_10k"] == 17 / 71860 * 10000


def test_blank_total_is_missing_not_zero(mt):
    # 桥头镇 2021: 三（七）总计 · 总计 left blank; the parts add up to 3 (BLANK_TOTAL finding)
    r = one(mt, "桥头镇", 2021)
    assert math.isnan(r["handled"]) and math.isnan(r["disclosure_rate"])
    assert math.isnan(r["disclosure_rate_den"])  # not a 0 denominator: unknown
    assert r["blank_totals"] == 1
    t = an.county_totals(mt, "handled").set_index("year")
    assert t.loc[2021, "n_bodies"] == 20 and t.loc[2021, "n_values"] == 19  # says who is missing
