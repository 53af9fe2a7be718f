"""Copied-text counts on the overview and township pages (AppTest on the sample warehouse).

data/sample/README.md plants one copied pair: 梨园乡 2022 copied sections 一 and 五 from
云溪乡 2022 (defects `copy` and `copy_source`); no other report copies another. The expected
numbers below are read off that table by hand and checked against lib.analytics.copied as well.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from lib.analytics import copied, queries
from tests.pages_support import app, metric

__all__ = ["app"]

# from data/sample/README.md, "Planted defects": copy / copy_source
COPIER, SOURCE, YEAR = "梨园乡", "云溪乡", 2022


def _links(at, page: str) -> list:
    return [x.proto for x in at.get("page_link") if x.proto.page == page]


def _report_id(db, body: str, year: int) -> int:
    rl = queries.report_list(str(db))
    return int(rl[(rl["body"] == body) & (rl["year"] == year)]["report_id"].iloc[0])


def test_overview_counts_the_reports_of_the_year_in_a_copied_pair(app, sample_db):
    pairs = copied.pairs(str(sample_db))
    ids = {_report_id(sample_db, COPIER, YEAR), _report_id(sample_db, SOURCE, YEAR)}
    assert set(copied.involved(pairs, YEAR)) == ids

    at = app("overview", year=YEAR)
    assert metric(at, "报告雷同").value == "2"
    assert _links(at, "copied"), "no link to the copied-text page"

    at = app("overview", year=YEAR - 1)  # the README plants no copy in 2021
    assert metric(at, "报告雷同").value == "0"


def test_township_shows_its_copied_pairs_with_a_link_to_the_pair(app, sample_db):
    at = app("township", body=COPIER, year=YEAR)
    assert metric(at, "报告雷同（对）").value == "1"
    (link,) = _links(at, "copied")
    assert SOURCE in link.label and str(YEAR) in link.label
    pair = parse_qs(link.query_string)["pair"][0]
    a, b = (int(x) for x in pair.split("-"))
    assert {a, b} == {_report_id(sample_db, COPIER, YEAR), _report_id(sample_db, SOURCE, YEAR)}

    # the link opens that pair on the copied-text page
    at = app("copied", pair=pair)
    (pick,) = [s for s in at.selectbox if s.label == "查看报告对"]
    assert pick.value == pair

    at = app("township", body=SOURCE, year=YEAR)
    assert metric(at, "报告雷同（对）").value == "1"
    assert COPIER in _links(at, "copied")[0].label


def test_township_without_copies_shows_zero_and_no_link(app):
    at = app("township", body="东湖镇", year=YEAR)
    assert metric(at, "报告雷同（对）").value == "0"
    assert _links(at, "copied") == []
    at = app("township", body=COPIER, year=YEAR - 1)
    assert metric(at, "报告雷同（对）").value == "0"
