"""Rules R1–R7 on real reports as published, and on real reports with one number changed."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from lib.check.rules import check_report, check_years
from lib.parse import parse_file

FIX = Path(__file__).parent / "fixtures" / "reports"


@pytest.fixture(scope="module")
def reports():
    names = {
        "jiu": "jiujianlou-2020.txt",
        "shuyang": "shuyang-fgj-2023.html",
        "hz23": "hongze-district-gov-2023.pdf",
        "hz24": "hongze-district-gov-2024.pdf",
        "huaian": "huaian-city-gov-2024.pdf",
    }
    return {k: parse_file(FIX / v) for k, v in names.items()}


@pytest.mark.parametrize("name", ["jiu", "shuyang", "hz24", "huaian"])
def test_consistent_reports_have_no_rule_findings(reports, name):
    rep = reports[name]
    assert [f for f in check_report(rep) if f.rule.startswith("R")] == []


def test_hongze_2023_breaks_r4_as_published(reports):
    """The source reads review 10 1 0 0 with total 0, and suit_after 5 0 0 0 with total 0."""
    f = [x for x in check_report(reports["hz23"]) if x.rule == "R4"]
    assert [(x.keys[0], x.expected, x.actual) for x in f] == [
        ("s4.review_total", 11, 0),
        ("s4.suit_after_total", 5, 0),
    ]
    assert all(x.severity == "error" for x in f)
    assert "第四部分“行政复议”：总计 0" in f[0].message_zh
    # parse_file keeps the report and attaches the findings: flagged, never fixed.
    assert reports["hz23"].cells["s4.review_total"] == 0
    assert {x.rule for x in reports["hz23"].findings} >= {"R4"}


def test_changed_total_breaks_r1_and_r2(reports):
    rep = copy.deepcopy(reports["shuyang"])
    rep.cells["s3.new.total"] = 25  # published: 26
    found = {(f.rule, f.keys[0]) for f in check_report(rep)}
    assert ("R2", "s3.new.total") in found
    r1 = [f for f in check_report(rep) if f.rule == "R1"]
    assert len(r1) == 1
    assert r1[0].message_zh == (
        "第三部分“总计”列：本年新收 25 + 上年结转 0 ≠ 办理结果总计 26 + 结转下年度 0"
    )
    assert "new 25 + carried over 0" in r1[0].message_en


def test_changed_outcome_breaks_r3(reports):
    rep = copy.deepcopy(reports["huaian"])
    rep.cells["s3.other_misc.natural"] += 1
    r3 = [f for f in check_report(rep) if f.rule == "R3"]
    assert [(f.keys[0], f.expected, f.actual) for f in r3] == [
        ("s3.handled_total.natural", 2933, 2932)
    ]


def test_blank_total_beside_filled_parts_is_not_a_mismatch(reports):
    rep = copy.deepcopy(reports["huaian"])
    rep.cells["s3.granted.total"] = 0
    rep.blank.add("s3.granted.total")
    f = check_report(rep)
    assert [x.rule for x in f if "s3.granted.total" in x.keys[:1]] == ["BLANK_TOTAL"]
    assert not any(x.rule == "R2" for x in f)
    bt = next(x for x in f if x.rule == "BLANK_TOTAL")
    assert bt.severity == "warning" and bt.expected == 1362


def test_r7_counts_are_whole_and_not_negative(reports):
    rep = copy.deepcopy(reports["jiu"])
    rep.cells["s3.granted.natural"] = -1
    rep.cells["s3.granted.commercial"] = 1.5
    rep.cells["s2.licensing.change"] = -3  # change may be negative
    rep.cells["s2.procurement.amount"] = 1234.56  # amounts may have decimals
    r7 = sorted(f.keys[0] for f in check_report(rep) if f.rule == "R7")
    assert r7 == ["s3.granted.commercial", "s3.granted.natural"]


def _series(*reps):
    return [{"year": r.year, "template": r.template, "cells": dict(r.cells)} for r in reps]


def test_years_consistent_for_hongze(reports):
    # 2023 carried forward 0 == 2024 carried over 0; in force 5 + 3 − 0 == 8.
    assert check_years(_series(reports["hz23"], reports["hz24"])) == []


def test_years_r5_and_r6_warnings(reports):
    s = _series(reports["hz23"], reports["hz24"])
    s[0]["cells"]["s3.carried_forward.natural"] = 2
    s[1]["cells"]["s2.normative_docs.in_force"] = 9
    f = check_years(s)
    assert {(x.rule, x.keys[0], x.severity) for x in f} == {
        ("R5", "s3.carried_over.natural", "warning"),
        ("R6", "s2.normative_docs.in_force", "warning"),
    }
    r6 = next(x for x in f if x.rule == "R6")
    assert (r6.expected, r6.actual) == (8, 9)
    # R5 marks the cell of the year that disagrees only (the later report's 上年结转), not
    # that report's own 结转下年度, which has nothing to do with it
    r5 = next(x for x in f if x.rule == "R5")
    assert r5.keys == ["s3.carried_over.natural"] and (r5.expected, r5.actual) == (2, 0)
    # Years that do not follow each other are not compared.
    assert check_years([s[0], {**s[1], "year": 2026}]) == []


def test_totals_left_blank_are_reported_as_not_given():
    """Shanghai 2019: most 总计 cells are blank beside filled parts; the columns still add up."""
    rep = parse_file(FIX / "shanghai-gov-office-2019.html")
    f = check_report(rep)
    assert {x.rule for x in f} == {"BLANK_TOTAL"}
    granted = next(x for x in f if x.keys == ["s3.granted.total"])
    assert (granted.expected, granted.actual, granted.severity) == (272, None, "warning")
    assert len(f) == 11
