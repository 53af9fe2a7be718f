"""Analytics on a small real warehouse: the five real reports of tests/fixtures/reports.

The warehouse is built from each report's hand-checked truth cells (so these tests exercise
the analytics, not the parser; tests/test_golden.py checks the parser against the same truth),
with the findings the real rules (lib.check.rules.check_report) give, written through lib.store into
a DuckDB file. For grouping, the registry places the five bodies in one test county (示例比较县)
and gives 淮安市洪泽区人民政府 a population of 300,000 (a registry value of this test, not a fact).
淮安市洪泽区人民政府 2024 is first loaded with the prose figure (17 applications, not 95) and then
replaced by the table's figures, so a superseded version exists and must never be counted.

Every expected number below is written out from the reports' cells (see the truth files).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from lib import analytics as an
from lib import store
from lib.analytics.metrics import report_metrics
from lib.check.rules import check_report
from lib.report import Report

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "reports"
COUNTY = "示例比较县"
HZ = "淮安市洪泽区人民政府"
HA = "淮安市人民政府"
SY = "沭阳县发展和改革局"
JJL = "九间楼乡"
OTHER_ROWS = ("other_no_correction", "other_no_fee", "other_misc")
COLS = ("natural", "commercial", "research", "social", "legal", "other_org", "total")

# name -> (level, published as stated by the source, population in this test's registry)
REPORTS = {
    "jiujianlou-2020": ("township", None, None),
    "shuyang-fgj-2023": ("county_dept", "2024-01-17", None),  # 2024年1月17日 in the page
    "hongze-district-gov-2023": ("government", None, 300000),
    "hongze-district-gov-2024": ("government", None, 300000),
    "huaian-city-gov-2024": ("government", None, None),
}


def truth_report(name: str, new_total: float | None = None) -> Report:
    t = json.loads((FIX / f"{name}.truth.json").read_text(encoding="utf-8"))
    cells = {k: float(v) for k, v in t["cells"].items()}
    derived = set()
    if "s3.other_misc.total" in cells:  # 2021 with three （六） rows: s3.other.* derived (spec)
        for c in COLS:
            cells[f"s3.other.{c}"] = sum(cells[f"s3.{r}.{c}"] for r in OTHER_ROWS)
            derived.add(f"s3.other.{c}")
    if new_total is not None:
        cells["s3.new.natural"] = cells["s3.new.total"] = new_total
    rep = Report(
        file=f"{name}.{t['format'].split()[0]}",
        body=t["body"],
        year=t["year"],
        template=t["template"],
        format=t["format"].split()[0],
        encoding=None,
        sha256=f"{name}-{new_total}",
        cells=cells,
        blank=set(t.get("blank_keys", [])),
        derived=derived,
        single_other="s3.other.total" in t["cells"] and t["template"] == "2021",
        published=REPORTS[name][1],
    )
    rep.findings = check_report(rep)
    return rep


def build_analytics_db(path: Path) -> Path:
    def stage(w, rep, name):
        level, _pub, pop = REPORTS[name]
        bid = w.body_id(rep.body, COUNTY, level, True, population=pop)
        return store.Staged(rep, bid, rep.file, rep.sha256.encode())

    with store.Writer(path, fresh=True) as w:
        first = truth_report("hongze-district-gov-2024", new_total=17)
        w.write_reports([stage(w, first, "hongze-district-gov-2024")], "test")
    with store.Writer(path) as w:
        w.write_reports([stage(w, truth_report(n), n) for n in REPORTS], "test")
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_analytics_db(tmp_path_factory.mktemp("analytics") / "a.duckdb")


@pytest.fixture(scope="module")
def mt(db):
    return an.metric_table(db)


def row(mt: pd.DataFrame, body: str, year: int) -> pd.Series:
    sel = mt[(mt["body"] == body) & (mt["year"] == year)]
    assert len(sel) == 1, f"{body} {year}: {len(sel)} rows"
    return sel.iloc[0]


NAN = float("nan")

# Every per-report metric for 淮安市人民政府 2024, from its cells (truth file).
HUAIAN_2024 = {
    "new": 3119,
    "carried_over": 34,
    "handled": 3050,
    "carried_forward": 103,
    "share_natural": 3001 / 3119,
    "share_org": (53 + 0 + 0 + 61 + 4) / 3119,
    "apps_per_10k": NAN,  # no population in the registry
    "backlog_ratio": 103 / (3119 + 34),
    "granted": 1362,
    "granted_share": 1362 / 3050,
    "partial": 454,
    "partial_share": 454 / 3050,
    "withheld": 2 + 31 + 5 + 6 + 8 + 12 + 9 + 105,
    "withheld_share": 178 / 3050,
    "unable": 769 + 11 + 1,
    "unable_share": 781 / 3050,
    "refused": 62 + 25 + 0 + 0 + 1,
    "refused_share": 88 / 3050,
    "other": 71 + 6 + 110,  # 2021's three rows, summed as 2019's single row
    "other_share": 187 / 3050,
    "disclosure_rate": (1362 + 454) / 3050,
    "not_held_rate": 769 / 3050,
    "reviews": 351,
    "lawsuits": 26 + 20,
    "pending": 37 + 1 + 6,
    "review_correction_rate": 64 / (72 + 64 + 178),
    "suit_correction_rate": (4 + 1) / (13 + 4 + 8 + 12 + 1 + 1),
    "disputes_per_100": (351 + 26 + 20) / 3119 * 100,
    "normative_docs_new": 8,  # 2021: issued
    "normative_docs_issued": 8,
    "normative_docs_in_force": 66,
    "normative_docs_published_total": NAN,  # template 2019 only
    "licensing_decisions": 447228,
    "penalty_decisions": 3985758,
    "enforcement_decisions": 88283,
    "fees_amount": 96171.6,
    "fee_items": NAN,  # template 2019 only
    "procurement_amount": NAN,  # template 2019 only
    "findings": 0,  # R1-R4 hold in this report
    **{f"findings_R{i}": 0 for i in range(1, 8)},
    "findings_OCR": 0,  # a text PDF: nothing was read by OCR
    "blank_totals": 0,
    "blank_cells": 0,
}


def same(a, b) -> bool:
    if isinstance(b, float) and math.isnan(b):
        return a is None or (isinstance(a, float) and math.isnan(a))
    return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-12)


def test_hand_table_covers_every_report_metric():
    assert set(HUAIAN_2024) == {m.id for m in report_metrics()}


@pytest.mark.parametrize("metric", sorted(HUAIAN_2024))
def test_every_metric_for_huaian_2024(mt, metric):
    assert same(row(mt, HA, 2024)[metric], HUAIAN_2024[metric]), metric


def test_rates_travel_with_their_counts(mt):
    r = row(mt, HA, 2024)
    assert (r["disclosure_rate_num"], r["disclosure_rate_den"]) == (1362 + 454, 3050)
    assert (r["review_correction_rate_num"], r["review_correction_rate_den"]) == (64, 314)
    r = row(mt, SY, 2023)
    assert (r["review_correction_rate_num"], r["review_correction_rate_den"]) == (0, 0)


def test_zero_denominator_is_missing_not_zero(mt):
    r = row(mt, JJL, 2020)  # every number in this report is 0
    for m in report_metrics():
        if m.unit in ("%", "per_100"):
            assert math.isnan(r[m.id]), m.id
    # counts stay 0: 0 applications is a fact, not a gap
    assert r["new"] == 0 and r["handled"] == 0 and r["reviews"] == 0
    # review: 0 concluded (only 1 pending) → no correction rate
    assert math.isnan(row(mt, SY, 2023)["review_correction_rate"])


def test_template_specific_metrics(mt):
    r = row(mt, JJL, 2020)  # template 2019
    assert r["normative_docs_new"] == 0  # 2019: made
    assert r["normative_docs_published_total"] == 0
    assert r["fee_items"] == 0 + 0
    assert r["procurement_amount"] == 0
    assert math.isnan(r["normative_docs_issued"]) and math.isnan(r["fees_amount"])
    r = row(mt, HZ, 2024)  # template 2021
    assert r["normative_docs_new"] == 3 and r["normative_docs_in_force"] == 8
    assert r["fees_amount"] == 7545
    assert math.isnan(r["fee_items"]) and math.isnan(r["normative_docs_published_total"])


def test_other_lines_up_across_layouts(mt):
    # 洪泽区 states one （六） row (all 0); 淮安市 has three rows 71 + 6 + 110
    assert row(mt, HZ, 2023)["other"] == 0
    assert row(mt, HA, 2024)["other"] == 187
    # outcome groups add up to handled in both layouts (R3 holds in both)
    for body, year, handled in ((HZ, 2023, 21), (HZ, 2024, 95), (HA, 2024, 3050)):
        r = row(mt, body, year)
        parts = ("granted", "partial", "withheld", "unable", "refused", "other")
        assert sum(r[p] for p in parts) == handled


def test_population_and_quality_inputs(mt):
    assert same(row(mt, HZ, 2024)["apps_per_10k"], 95 / 300000 * 10000)
    assert same(row(mt, HZ, 2023)["apps_per_10k"], 21 / 300000 * 10000)
    # 洪泽区 2023 breaks R4 twice (review total 0 vs 10+1; suit after review 0 vs 5)
    r = row(mt, HZ, 2023)
    assert (r["findings"], r["findings_R4"], r["findings_R1"]) == (2, 2, 0)
    # 沭阳: the five organisation columns blank in all 25 section-III rows; no blank total
    r = row(mt, SY, 2023)
    assert (r["blank_cells"], r["blank_totals"]) == (5 * 25, 0)


def test_superseded_version_never_counted(mt):
    assert len(mt) == 5  # five current reports, the replaced 17-application version excluded
    assert row(mt, HZ, 2024)["new"] == 95


def test_filters(db):
    assert set(an.metric_table(db, {"years": (2024, 2024)})["body"]) == {HZ, HA}
    assert list(an.metric_table(db, {"bodies": [SY]})["new"]) == [26]
    assert list(an.metric_table(db, {"levels": ["township"]})["body"]) == [JJL]
    assert an.metric_table(db, {"county": "别的县"}).empty
    one = an.metric_table(db, {"years": 2023}, metrics=["disclosure_rate"])
    assert sorted(one["disclosure_rate"]) == [4 / 21, 26 / 26]
    assert "new" not in one.columns


def test_county_totals(mt):
    t = an.county_totals(mt, "new").set_index("year")
    assert t.loc[2024, "value"] == 95 + 3119 and t.loc[2024, "n_bodies"] == 2
    assert t.loc[2023, "value"] == 21 + 26 and t.loc[2023, "median"] == (21 + 26) / 2
    assert t.loc[2020, "value"] == 0 and t.loc[2020, "n_bodies"] == 1
    assert 2021 not in t.index  # no report that year: a gap, not a zero
    r = an.county_totals(mt, "disclosure_rate").set_index("year")
    assert same(r.loc[2024, "value"], (59 + 1816) / (95 + 3050))  # pooled
    assert (r.loc[2024, "num"], r.loc[2024, "den"]) == (59 + 1816, 95 + 3050)
    assert same(r.loc[2024, "median"], (59 / 95 + 1816 / 3050) / 2)
    assert math.isnan(r.loc[2020, "value"]) and r.loc[2020, "n_values"] == 0
    c = an.county_totals(mt, "review_correction_rate").set_index("year")
    # 2023: 洪泽区 1 of 11 concluded, 沭阳 none concluded (no value): median over 1 body
    assert same(c.loc[2023, "median"], 1 / 11) and c.loc[2023, "n_values"] == 1
    assert c.loc[2023, "n_bodies"] == 2


def test_yoy(mt):
    y = an.yoy(mt, "new")
    hz = y[y["body"] == HZ].set_index("year")
    assert hz.loc[2024, "change"] == 95 - 21
    assert same(hz.loc[2024, "change_pct"], (95 - 21) / 21)
    assert math.isnan(hz.loc[2023, "change"])  # no 2022 report: a gap, never a jump from 0
    d = an.yoy(mt, "disclosure_rate")
    hz = d[d["body"] == HZ].set_index("year")
    assert same(hz.loc[2024, "change"], 59 / 95 - 4 / 21)
    assert (hz.loc[2024, "num"], hz.loc[2024, "prev_num"]) == (59, 4)
    # county level: 2023 → 2024 on the county totals
    ct = an.yoy(an.county_totals(mt, "new"), "new", keys=("county",)).set_index("year")
    assert ct.loc[2024, "change"] == (95 + 3119) - (21 + 26)
    assert math.isnan(ct.loc[2023, "change"])  # 2022 has no report in the county


def test_yoy_previous_zero_gives_no_percentage(mt):
    f = an.yoy(mt, "reviews")
    hz = f[f["body"] == HZ].set_index("year")  # review_total 0 (as stated) → 2
    assert hz.loc[2024, "change"] == 2 and math.isnan(hz.loc[2024, "change_pct"])


def test_ranks_with_small_number_rule(mt):
    r = an.ranks(mt, "disclosure_rate", year=2024).set_index("body")
    assert r.loc[HZ, "rank"] == 1 and r.loc[HA, "rank"] == 2  # 59/95 > 1816/3050
    assert r.loc[HZ, "percentile"] == 100 and r.loc[HA, "percentile"] == 50
    assert (r["status"] == "rated").all() and (r["n_rated"] == 2).all()
    r = an.ranks(mt, "disclosure_rate", year=2023).set_index("body")
    assert set(r["status"]) == {"too_few"}  # 21 and 26 handled < 30
    assert r["rank"].isna().all()
    assert same(r.loc[SY, "value"], 26 / 26) and r.loc[SY, "den"] == 26  # still listed
    r = an.ranks(mt, "disclosure_rate", year=2023, min_handled=20).set_index("body")
    assert r.loc[SY, "rank"] == 1 and r.loc[HZ, "rank"] == 2
    # lower is better: not-held rate 769/3050 < 31/95
    r = an.ranks(mt, "not_held_rate", year=2024).set_index("body")
    assert r.loc[HA, "rank"] == 1 and r.loc[HZ, "rank"] == 2
    # counts are not gated: 2023 new applications 26 > 21
    r = an.ranks(mt, "new", year=2023).set_index("body")
    assert r.loc[SY, "rank"] == 1 and r.loc[HZ, "rank"] == 2
    r = an.ranks(mt, "disclosure_rate", year=2020).set_index("body")
    assert r.loc[JJL, "status"] == "no_value"


def test_peer_gap(mt):
    p = an.peer_gap(mt, HZ, ["disclosure_rate", "new"]).set_index(["metric", "year"])
    med = (59 / 95 + 1816 / 3050) / 2
    assert same(p.loc[("disclosure_rate", 2024), "median"], med)
    assert same(p.loc[("disclosure_rate", 2024), "gap"], 59 / 95 - med)
    assert p.loc[("new", 2023), "gap"] == 21 - (21 + 26) / 2
    assert math.isnan(p.loc[("new", 2020), "value"])  # did not file in 2020: a gap
    assert p.loc[("new", 2020), "median"] == 0  # 九间楼乡 alone, 0 applications


def test_top_movers(mt):
    m = an.top_movers(mt, "new", 2023, 2024)
    assert list(m["body"]) == [HZ]  # the only body with both years
    assert m.iloc[0]["change"] == 95 - 21 and m.iloc[0]["direction"] == "up"
    d = an.top_movers(mt, "disclosure_rate", 2023, 2024).iloc[0]
    assert d["status"] == "too_few" and math.isnan(d["change"])  # 21 handled in 2023
    d = an.top_movers(mt, "disclosure_rate", 2023, 2024, min_handled=20).iloc[0]
    assert d["status"] == "rated" and same(d["change"], 59 / 95 - 4 / 21)


def test_composition(db):
    c = an.composition_table(db, kind="outcomes")
    y = c[c["year"] == 2024].set_index("category")
    expect = {
        "granted": 50 + 1362,
        "partial": 9 + 454,
        "withheld": 3 + 178,
        "unable": 32 + 781,
        "refused": 1 + 88,
        "other": 0 + 187,
    }
    assert list(y.index) == list(expect)  # stacking order
    assert y["count"].to_dict() == expect
    assert (y["total"] == 95 + 3050).all() and (y["n_bodies"] == 2).all()
    assert same(y.loc["granted", "share"], 1412 / 3145)
    z = c[c["year"] == 2020]
    assert (z["count"] == 0).all() and z["share"].isna().all()  # nothing handled: no shares
    w = an.composition_table(db, kind="withheld").query("year == 2024").set_index("category")
    assert w.loc["withheld_process", "count"] == 1 + 12
    assert w.loc["withheld_query", "count"] == 0 + 105
    assert w["count"].sum() == 3 + 178
    a = an.composition_table(db, kind="applicants", by=("body", "year"))
    a = a[(a["body"] == HA)].set_index("category")
    assert a["count"].to_dict() == {
        "natural": 3001,
        "commercial": 53,
        "research": 0,
        "social": 0,
        "legal": 61,
        "other_org": 4,
    }


def test_findings_summary(db):
    s = an.findings_table(db).set_index("rule")
    assert s.loc["R4", "findings"] == 2 and s.loc["R4", "reports"] == 1
    assert s.loc["R4", "rule_zh"].startswith("行政复议、行政诉讼")  # the rule's own wording
    b = an.findings_table(db, by=("body", "year", "severity"))
    assert b.to_dict("records")[0] == {
        "body": HZ,
        "year": 2023,
        "severity": "error",
        "findings": 2,
        "reports": 1,
    }


def test_metric_long(mt):
    lg = an.metric_long(mt, ["disclosure_rate", "new"])
    r = lg[(lg["body"] == HA) & (lg["metric"] == "disclosure_rate")].iloc[0]
    assert (r["num"], r["den"]) == (1816, 3050)
    assert len(lg) == 2 * 5


def test_parser_output_gives_the_same_metrics(tmp_path):
    """The same metric values when 沭阳 2023 comes through the real reader and parser."""
    from lib.parse import parse_file

    rep = parse_file(FIX / "shuyang-fgj-2023.html")
    with store.Writer(tmp_path / "p.duckdb", fresh=True) as w:
        bid = w.body_id(rep.body, COUNTY, "county_dept", True)
        w.write_reports([store.Staged(rep, bid, rep.file, b"x")], "test")
    r = an.metric_table(tmp_path / "p.duckdb").iloc[0]
    assert (r["new"], r["granted"], r["reviews"], r["pending"]) == (26, 26, 1, 1)
    assert r["disclosure_rate"] == 26 / 26 and r["normative_docs_in_force"] == 18
    assert r["blank_cells"] == 125  # derived s3.other.* cells are not counted as blank


def test_empty_warehouse_gives_empty_frames(tmp_path):
    """A database with no report yet: every function answers with an empty frame, no error."""
    from lib.analytics import timeliness as tl

    db = tmp_path / "empty.duckdb"
    with store.Writer(db, fresh=True):
        pass
    mt = an.metric_table(db)
    assert mt.empty and "disclosure_rate_den" in mt.columns
    for frame in (
        an.county_totals(mt, "new"),
        an.yoy(mt, "disclosure_rate"),
        an.ranks(mt, "disclosure_rate"),
        an.peer_gap(mt, HZ, ["new"]),
        an.top_movers(mt, "new", 2023, 2024),
        an.composition_table(db),
        an.findings_table(db),
        tl.timeliness_table(db),
        tl.supervision_table(db),
    ):
        assert frame.empty


def test_findings_per_report_in_the_county(mt):
    t = an.county_totals(mt, "findings").set_index("year")
    # 2023: 洪泽区 2 findings (R4 twice), 沭阳 none → 2 in total, 1 per report
    assert (t.loc[2023, "value"], t.loc[2023, "mean"], t.loc[2023, "n_bodies"]) == (2, 1, 2)


OUTCOME_KEYS = [
    "s3.granted.total", "s3.partial.total", "s3.withheld_secret.total", "s3.withheld_law.total",
    "s3.withheld_security.total", "s3.withheld_third_party.total", "s3.withheld_internal.total",
    "s3.withheld_process.total", "s3.withheld_enforcement_file.total", "s3.withheld_query.total",
    "s3.unable_not_held.total", "s3.unable_needs_creation.total", "s3.unable_unclear.total",
    "s3.refused_petition.total", "s3.refused_repeat.total", "s3.refused_publication.total",
    "s3.refused_mass.total", "s3.refused_confirm.total", "s3.other.total",
]  # fmt: skip


def test_outcome_shares_partition_handled():
    """For any counts that satisfy R3, the six outcome shares add up to 1 and the disclosure
    rate is (granted + partial) / handled; with nothing handled every share is missing."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=200, deadline=None)
    @given(
        st.lists(st.lists(st.integers(0, 500), min_size=19, max_size=19), min_size=1, max_size=8)
    )
    def check(rows):
        wide = pd.DataFrame(rows, columns=OUTCOME_KEYS).astype(float)
        wide["s3.handled_total.total"] = wide[OUTCOME_KEYS].sum(axis=1)
        wide["template"] = "2019"
        mt = an.compute_metrics(wide)
        shares = mt[
            [f"{g}_share" for g in ("granted", "partial", "withheld", "unable", "refused", "other")]
        ]
        for i, row in enumerate(rows):
            handled = sum(row)
            if handled == 0:
                assert shares.iloc[i].isna().all() and math.isnan(mt["disclosure_rate"].iloc[i])
            else:
                assert math.isclose(shares.iloc[i].sum(), 1.0, rel_tol=1e-12)
                assert mt["disclosure_rate"].iloc[i] == (row[0] + row[1]) / handled
                assert mt["withheld"].iloc[i] == sum(row[2:10])

    check()


def test_county_median_of_rates_can_skip_small_bodies(mt):
    r = an.county_totals(mt, "disclosure_rate", min_handled=30).set_index("year")
    # 2023: 21 and 26 handled, both under 30: no median, but the pooled rate stays
    assert math.isnan(r.loc[2023, "median"]) and r.loc[2023, "n_values"] == 0
    assert same(r.loc[2023, "value"], (4 + 26) / (21 + 26))
    # 2024: 95 and 3050 handled: both count
    assert same(r.loc[2024, "median"], (59 / 95 + 1816 / 3050) / 2)


def test_same_numbers_through_the_real_ingest(real_db):
    """The shared `real_db` fixture ingests tests/fixtures/reports through the real readers
    (PDF here), parser, rules and store: 淮安市 2024 gives every hand-computed value above."""
    full = an.metric_table(real_db)
    r = row(full, "淮安市", 2024)  # the registry-less ingest normalises 淮安市人民政府
    bad = {m: r[m] for m, v in HUAIAN_2024.items() if not same(r[m], v)}
    assert not bad
