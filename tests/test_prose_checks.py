"""Prose checks on the real reports, and on real reports changed the way copied reports are."""

from __future__ import annotations

import dataclasses

import pytest

from lib.check.prose import check_prose, sentences
from tests.prose_fixtures import REAL, planted, real_report, sample_body_names, sample_reports

REGISTRY = ["九间楼乡", "石佛寺镇", "淮安市洪泽区人民政府", "淮安市人民政府", "沭阳县发展和改革局"]


def _rules(findings, rule):
    return [f for f in findings if f.rule == rule]


def _quote(f):
    return next(k for k in f.keys if k.startswith("quote:"))[len("quote:") :]


def _edit(report, section, old, new):
    assert old in report.prose[section], f"{old!r} not in {section}"
    prose = dict(report.prose)
    prose[section] = prose[section].replace(old, new)
    return dataclasses.replace(report, prose=prose)


# ------------------------------------------------------------------ real reports


def test_jiujianlou_township_writing_quan_zhen_gets_the_level_finding():
    r = real_report("jiujianlou-2020.txt")
    found = _rules(check_prose(r, REGISTRY), "LEVEL")
    assert len(found) == 1
    f = found[0]
    assert f.severity == "warning"
    assert "prose.s5" in f.keys
    assert "影响了全镇政府信息公开质量" in _quote(f)
    assert "全镇" in f.message_zh and "九间楼乡" in f.message_zh
    assert "影响了全镇政府信息公开质量" in f.message_en and "township" in f.message_en


@pytest.mark.parametrize("name", REAL)
def test_real_reports_have_no_name_or_year_finding(name):
    r = real_report(name)
    found = check_prose(r, REGISTRY)
    assert _rules(found, "NAME") == []
    assert _rules(found, "YEAR") == []


def test_hongze_2024_prose_count_contradicts_the_table():
    # Section I: 区政府办…受理政府信息公开申请 17 件; section III: 95 new applications.
    r = real_report("hongze-district-gov-2024.pdf")
    found = _rules(check_prose(r, REGISTRY), "PROSE_TABLE")
    assert len(found) == 1
    f = found[0]
    assert (f.actual, f.expected) == (17, 95)
    assert f.keys[0] == "s3.new.total"
    assert "受理政府信息公开申请17件" in _quote(f)
    assert "95" in f.message_zh and "17" in f.message_zh


@pytest.mark.parametrize(
    "name",
    [
        "hongze-district-gov-2023.pdf",  # 21 applications, as the table
        "huaian-city-gov-2024.pdf",  # 3119 received, 351 reviews, 46 lawsuits: as the tables
        "shuyang-fgj-2023.html",  # 26 received, as the table
        "jiujianlou-2020.txt",  # 没有依申请公开…, 未发生…行政复议、行政诉讼: all zero in the tables
    ],
)
def test_prose_counts_that_agree_with_the_tables_give_no_finding(name):
    assert _rules(check_prose(real_report(name), REGISTRY), "PROSE_TABLE") == []


def test_pdf_lines_are_rejoined_into_sentences():
    r = real_report("huaian-city-gov-2024.pdf")
    sents = sentences(r.prose["s1"])
    # the sentence runs over three PDF lines in the source
    assert any("全市共受理政府信息公开申请3119件" in s for s in sents)


# ------------------------------------------------------------------ changed real reports


def test_a_town_writing_wo_xiang_gets_the_level_finding():
    # The same text published by a 镇: every 我乡/全乡 sentence is now the wrong level.
    r = dataclasses.replace(real_report("jiujianlou-2020.txt"), body="九间楼镇")
    found = _rules(check_prose(r, REGISTRY), "LEVEL")
    quotes = [_quote(f) for f in found]
    assert any("促进我乡依法行政" in q for q in quotes)
    assert all("我乡" in q or "全乡" in q for q in quotes)
    assert not any("全镇" in q for q in quotes)


def test_another_township_named_in_the_prose():
    r = _edit(real_report("jiujianlou-2020.txt"), "s5", "九间楼乡部分科室", "石佛寺镇部分科室")
    found = _rules(check_prose(r, REGISTRY), "NAME")
    assert len(found) == 1
    assert "石佛寺镇部分科室" in _quote(found[0]) and "石佛寺镇" in found[0].message_zh
    # a neighbour named in joint work is not a copying slip
    r2 = _edit(real_report("jiujianlou-2020.txt"), "s5", "九间楼乡部分科室", "与石佛寺镇联合")
    assert _rules(check_prose(r2, REGISTRY), "NAME") == []


def test_a_county_department_is_not_a_wrong_name_in_a_township_report():
    r = _edit(real_report("jiujianlou-2020.txt"), "s5", "九间楼乡部分科室", "沭阳县发展和改革局")
    assert _rules(check_prose(r, REGISTRY), "NAME") == []


def test_last_years_year_as_the_current_year():
    r = _edit(real_report("jiujianlou-2020.txt"), "s1", "2020年，我乡没有", "2019年，我乡没有")
    found = _rules(check_prose(r, REGISTRY), "YEAR")
    assert len(found) == 1
    assert (found[0].actual, found[0].expected) == (2019, 2020)
    assert "2019年，我乡没有依申请公开" in _quote(found[0])


def test_older_years_named_in_passing_are_not_a_year_finding():
    r = _edit(
        real_report("jiujianlou-2020.txt"),
        "s1",
        "2020年，我乡没有",
        "2019年修订的条例施行以来，我乡认真落实。2019年，我乡较上年多公开信息。2020年，我乡没有",
    )
    assert _rules(check_prose(r, REGISTRY), "YEAR") == []


def test_statistics_period_of_another_year_in_the_opening():
    r = real_report("huaian-city-gov-2024.pdf")
    assert "2024" in r.full_text
    r = dataclasses.replace(
        r, full_text=r.full_text.replace("自 2024 年 1 月 1 日", "自 2023 年 1 月 1 日")
    )
    assert "自 2023 年 1 月 1 日" in r.full_text
    found = _rules(check_prose(r, REGISTRY), "YEAR")
    assert len(found) == 1 and "prose.preface" in found[0].keys
    assert "2023年1月1日" in _quote(found[0])


def test_no_applications_in_prose_while_the_table_has_some():
    r = real_report("jiujianlou-2020.txt")
    r.cells["s3.new.total"] = 2
    found = _rules(check_prose(r, REGISTRY), "PROSE_TABLE")
    assert len(found) == 1
    assert "没有依申请公开政府信息" in _quote(found[0])
    assert (found[0].actual, found[0].expected) == (0, 2)


def test_no_review_in_prose_while_the_table_has_one():
    r = real_report("jiujianlou-2020.txt")
    r.cells["s4.review_total"] = 1
    found = _rules(check_prose(r, REGISTRY), "PROSE_TABLE")
    assert [f.keys[0] for f in found] == ["s4.review_total"]
    assert "未发生政府信息公开方面行政复议、行政诉讼" in _quote(found[0])


def test_lawsuits_stated_against_both_suit_groups():
    # huaian: 行政诉讼 46 件 = 26 direct + 20 after review; change one group's total
    r = real_report("huaian-city-gov-2024.pdf")
    assert r.cells["s4.suit_direct_total"] + r.cells["s4.suit_after_total"] == 46
    r.cells["s4.suit_after_total"] = 19
    found = _rules(check_prose(r, REGISTRY), "PROSE_TABLE")
    assert len(found) == 1
    assert found[0].keys[:2] == ["s4.suit_direct_total", "s4.suit_after_total"]
    assert (found[0].actual, found[0].expected) == (46, 45)


def test_blank_total_is_not_compared():
    r = real_report("hongze-district-gov-2024.pdf")
    r.blank.add("s3.new.total")
    assert _rules(check_prose(r, REGISTRY), "PROSE_TABLE") == []


# ------------------------------------------------------------------ the sample county


def test_sample_county_findings_are_exactly_the_planted_ones():
    names = sample_body_names()
    got = {}
    for _path, r in sample_reports():
        for f in check_prose(r, names):
            got.setdefault(f.rule, []).append((r.body, r.year))
    # 松坪乡-style slip: a 乡 writing 全镇; the copier left the source's name in once
    assert sorted(got.get("LEVEL", [])) == sorted(planted("wrong_level"))
    assert sorted(got.get("NAME", [])) == sorted(planted("copy"))
    # the sample's prose states the table counts correctly and names the right year
    assert got.get("PROSE_TABLE", []) == []
    assert got.get("YEAR", []) == []


def test_a_report_without_year_or_prose_gives_no_finding():
    r = dataclasses.replace(real_report("jiujianlou-2020.txt"), year=None, prose={}, full_text="")
    assert check_prose(r, REGISTRY) == []


def test_name_index_finds_what_a_search_for_every_name_finds():
    """The per-county bigram index (issue 14 hot spot) against the plain search it replaced:
    every name of 3+ characters, of our level group, not inside our own name, in the text."""
    from lib.check.prose import _name_info, _prose_sentences, names_in

    names = frozenset(sample_body_names()) | {"石佛寺镇", "城关镇", "东湖", "临江"}
    seen = 0
    for _path, rep in sample_reports():
        rep = _edit(rep, "s5", "一是", "一是石佛寺镇、城关镇和东湖")  # names to be found
        own, own_group = _name_info(rep.body)
        whole = "".join(s for _, s in _prose_sentences(rep))
        want = set()
        for raw in names:
            n, group = _name_info(raw)
            if len(n) >= 3 and n != own and n not in own and group == own_group and n in whole:
                want.add(n)
        got = names_in(whole, names, own, own_group)
        assert got == want, rep.body
        seen += len(want) > 1
    assert seen > 10
