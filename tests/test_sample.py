"""The embedded sample county: committed files parse back to exactly the numbers the generator
meant, the planted defects are found by the real checks, and regeneration is byte-identical."""

from __future__ import annotations

import csv
import hashlib
import json
import statistics
from collections import Counter
from pathlib import Path

import pytest

from lib.check.prose import check_prose
from lib.check.rules import check_years
from lib.check.similarity import find_pairs, prose_text
from lib.errors import GongkaiError
from lib.parse import parse_file
from lib.sample import build_sample, write_sample
from lib.template import s3_outcome_rows, template_keys

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
RULES_1_4 = {"R1", "R2", "R3", "R4"}


@pytest.fixture(scope="module")
def sample():
    return build_sample(20, (2019, 2025), 2026)  # the arguments data/sample was written with


@pytest.fixture(scope="module")
def parsed(sample):
    """Every committed report file, parsed by the real parser, by filing index."""
    return {i: parse_file(SAMPLE / f.relpath) for i, f in enumerate(sample.filings)}


def _defect(sample, kind):
    found = [d for d in sample.defects if d.kind == kind]
    assert found, f"no {kind} defect planted"
    return found[0]


def _filing(sample, body, year, revision=False):
    return next(
        (i, f)
        for i, f in enumerate(sample.filings)
        if f.body.name == body and f.year == year and f.revision == revision
    )


def test_committed_files_are_exactly_the_generated_set(sample):
    on_disk = {p.relative_to(SAMPLE).as_posix() for p in SAMPLE.rglob("*") if p.is_file()}
    expected = {f.relpath for f in sample.filings} | {"bodies.csv", "README.md"}
    assert on_disk == expected


def test_every_file_parses_to_the_intended_cells(sample, parsed):
    wrong = []
    for i, f in enumerate(sample.filings):
        r = parsed[i]
        assert set(f.cells) == set(template_keys(f.template)), f.relpath
        diffs = {k: (v, r.cells.get(k)) for k, v in f.cells.items() if r.cells.get(k) != v}
        diffs |= {k: (None, r.cells[k]) for k in set(r.cells) - set(f.cells)}
        got = (r.body, r.year, r.template, sorted(r.blank), diffs)
        want = (f.body.name, f.year, f.template, sorted(f.blank), {})
        if got != want:
            wrong.append((f.relpath, got[:4], want[:4], sorted(diffs.items())[:5]))
    assert not wrong, f"{len(wrong)} of {len(sample.filings)} files do not round-trip: {wrong[:3]}"


def test_published_dates_round_trip(sample, parsed):
    for i, f in enumerate(sample.filings):
        expected = f.signed.isoformat() if f.signed else None
        assert parsed[i].published == expected, f.relpath


def test_hand_checked_values_from_committed_files(sample, parsed):
    # Read by eye from data/sample/示例县/龙泉镇/2023.html (the planted R1 break):
    # 本年新收 自然人 4, 总计 4; 办理结果总计 3; nothing carried over or forward.
    i, f = _filing(sample, "龙泉镇", 2023)
    assert f.fmt == "html"
    c = parsed[i].cells
    assert (c["s3.new.natural"], c["s3.new.total"], c["s3.handled_total.total"]) == (4, 4, 3)
    assert c["s3.carried_over.total"] == c["s3.carried_forward.total"] == 0
    # 示例县/城东街道/2024.docx: 上年结转 2, 结转下年度 4 (自然人); its 2025.docx (the planted
    # R5 break): 上年结转 0, 结转下年度 自然人 1, 其他 1, 总计 2.
    i24, _ = _filing(sample, "城东街道", 2024)
    i25, _ = _filing(sample, "城东街道", 2025)
    c24, c25 = parsed[i24].cells, parsed[i25].cells
    assert (c24["s3.carried_over.total"], c24["s3.carried_forward.natural"]) == (2, 4)
    assert c25["s3.carried_over.total"] == 0
    assert (c25["s3.carried_forward.other_org"], c25["s3.carried_forward.total"]) == (1, 2)
    rows = list(csv.DictReader((SAMPLE / "bodies.csv").open(encoding="utf-8")))
    assert len(rows) == 20 and rows[0]["name"] == "城南街道" and rows[0]["county"] == "示例县"
    assert Counter(r["level"] for r in rows) == {"town": 10, "township": 6, "subdistrict": 4}


def test_clean_reports_break_no_rule(sample, parsed):
    for i, f in enumerate(sample.filings):
        rules = {x.rule for x in parsed[i].findings}
        if not set(f.defects) & {"r1", "blank_total"} and not (
            "revision" in f.defects and not f.revision
        ):
            assert not rules & (RULES_1_4 | {"BLANK_TOTAL"}), (f.relpath, rules)


def test_planted_r1_blank_total_and_revision(sample, parsed):
    d = _defect(sample, "r1")
    i, _ = _filing(sample, d.body, d.year)
    r1 = [x for x in parsed[i].findings if x.rule == "R1"]
    assert r1 and {k for x in r1 for k in x.keys} >= {"s3.new.total", "s3.new.natural"}

    d = _defect(sample, "blank_total")
    i, f = _filing(sample, d.body, d.year)
    assert f.fmt == "html" and "s3.handled_total.total" in parsed[i].blank
    assert any(x.rule == "BLANK_TOTAL" for x in parsed[i].findings)
    assert not {x.rule for x in parsed[i].findings} & RULES_1_4

    d = _defect(sample, "revision")
    i, orig = _filing(sample, d.body, d.year)
    j, fixed = _filing(sample, d.body, d.year, revision=True)
    assert sorted([orig.relpath, fixed.relpath])[-1] == fixed.relpath  # ingested last
    assert any(x.rule == "R3" for x in parsed[i].findings)
    assert not {x.rule for x in parsed[j].findings} & RULES_1_4
    assert parsed[i].cells["s3.granted.total"] == parsed[j].cells["s3.granted.total"] + 1
    assert parsed[j].published > parsed[i].published


def test_planted_gbk_missing_and_old_template(sample, parsed):
    d = _defect(sample, "gbk")
    i, f = _filing(sample, d.body, d.year)
    raw = (SAMPLE / f.relpath).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "charset=gbk" in raw.decode("gbk") and f.title in raw.decode("gbk")
    assert parsed[i].encoding in ("gbk", "gb2312", "gb18030")

    d = _defect(sample, "missing")
    assert not list((SAMPLE / "示例县" / d.body).glob(f"{d.year}*"))
    assert list((SAMPLE / "示例县" / d.body).glob(f"{d.year - 1}.*"))

    d = _defect(sample, "old_template")
    i, _ = _filing(sample, d.body, d.year)
    assert (parsed[i].year, parsed[i].template) == (2021, "2019")


def test_cross_year_warnings_only_where_planted(sample, parsed):
    """R5 and R6 over every body's current reports fire exactly at the planted body-years."""
    current: dict[tuple[str, int], int] = {}
    for i, f in enumerate(sample.filings):  # a revision comes after its original: it wins
        current[(f.body.name, f.year)] = i
    hits = set()
    for body in sample.bodies:
        series = [
            {"year": y, "template": parsed[i].template, "cells": parsed[i].cells}
            for (b, y), i in current.items()
            if b == body.name
        ]
        for x in check_years(series):
            year = int(x.message_en.split()[0]) if x.rule == "R5" else None
            hits.add((x.rule, body.name, year))
    r5, r6 = _defect(sample, "r5"), _defect(sample, "r6")
    assert {(rule, b) for rule, b, _ in hits} == {("R5", r5.body), ("R6", r6.body)}
    assert ("R5", r5.body, r5.year) in hits


def test_prose_defects_are_found_and_nothing_else(sample, parsed):
    names = [b.name for b in sample.bodies]
    found = Counter()
    for i, f in enumerate(sample.filings):
        for x in check_prose(parsed[i], [n for n in names if n != f.body.name]):
            found[(x.rule, f.body.name, f.year)] += 1
    lvl, cp = _defect(sample, "wrong_level"), _defect(sample, "copy")
    assert found == {("LEVEL", lvl.body, lvl.year): 1, ("NAME", cp.body, cp.year): 1}


def test_near_copy_pair_is_the_only_similar_pair(sample, parsed):
    items = [(i, r.body, r.year, prose_text(r)) for i, r in parsed.items()]
    pairs = find_pairs(items)
    cp, src = _defect(sample, "copy"), _defect(sample, "copy_source")
    assert len(pairs) == 1
    p = pairs[0]
    assert {parsed[p.id_a].body, parsed[p.id_b].body} == {cp.body, src.body}
    assert p.kind == "same_year" and p.score > 0.8


def test_numbers_are_realistic(sample):
    originals = [f for f in sample.filings if not f.revision]
    rural = [f.cells["s3.new.total"] for f in originals if f.body.level != "subdistrict"]
    urban = [f.cells["s3.new.total"] for f in originals if f.body.level == "subdistrict"]
    assert statistics.median(rural) <= 2 and sum(v <= 5 for v in rural) / len(rural) > 0.9
    assert statistics.median(urban) >= 10 and max(urban) >= 25
    granted = sum(f.cells["s3.granted.total"] for f in originals)
    not_held = sum(f.cells["s3.unable_not_held.total"] for f in originals)
    handled = sum(f.cells["s3.handled_total.total"] for f in originals)
    assert granted > not_held > 0.1 * handled and granted + not_held > 0.6 * handled
    assert 0 < sum(f.cells["s4.review_total"] > 0 for f in originals) < len(originals) / 3
    for f in originals:  # R3 holds in every column the generator meant to be clean
        if not set(f.defects) & {"blank_total", "revision"}:
            outcome = sum(f.cells[f"s3.{r}.total"] for r in s3_outcome_rows(f.template))
            assert outcome == f.cells["s3.handled_total.total"], f.relpath


def test_formats_spread_and_size(sample):
    bodies_per_fmt = {
        fmt: {f.body.name for f in sample.filings if f.fmt == fmt}
        for fmt in ("txt", "html", "docx", "pdf")
    }
    assert all(len(b) >= 3 for b in bodies_per_fmt.values()), bodies_per_fmt
    size = sum(p.stat().st_size for p in SAMPLE.rglob("*") if p.is_file())
    assert size < 5_000_000


def _digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_regeneration_is_byte_identical(tmp_path):
    written = write_sample(tmp_path, seed=2026)
    assert len(written) == len(_digests(tmp_path))
    assert _digests(tmp_path) == _digests(SAMPLE)


def test_other_seeds_and_sizes_round_trip(tmp_path):
    written = write_sample(tmp_path, bodies=4, years=(2020, 2022), seed=7)
    small = build_sample(4, (2020, 2022), 7)
    assert Counter(b.level for b in small.bodies) == {"town": 2, "subdistrict": 1, "township": 1}
    reports = [p for p in written if p.suffix != ".csv" and p.name != "README.md"]
    assert len(reports) == len(small.filings)
    for f in small.filings:
        r = parse_file(tmp_path / f.relpath)
        assert r.cells == f.cells and r.blank == f.blank, f.relpath
    # A different seed gives different numbers for the same county.
    a = [f.cells for f in build_sample(20, None, 2026).filings]
    b = [f.cells for f in build_sample(20, None, 2027).filings]
    assert a != b


def test_bad_arguments_are_one_line_errors():
    with pytest.raises(GongkaiError, match="at least one body"):
        build_sample(0)
    with pytest.raises(GongkaiError, match="at most"):
        build_sample(20, (1990, 2030))


def test_real_example_is_the_hand_checked_report():
    """data/examples/jiujianlou-2020.txt is the real report whose truth the fixtures hold."""
    example = ROOT / "data" / "examples" / "jiujianlou-2020.txt"
    fixture = ROOT / "tests" / "fixtures" / "reports" / "jiujianlou-2020.txt"
    assert example.read_bytes() == fixture.read_bytes()
    truth = json.loads(fixture.with_suffix(".truth.json").read_text(encoding="utf-8"))
    r = parse_file(example)
    assert (r.body, r.year, r.template) == (truth["body"], truth["year"], truth["template"])
    assert {k: r.cells[k] for k in truth["cells"]} == truth["cells"]
