"""Copied-text detection on the real reports and on real prose copied the way reports are."""

from __future__ import annotations

import itertools
import re

import pytest

from lib.check import similarity as sim
from lib.check.prose import sentences
from tests.prose_fixtures import REAL, planted, real_report, sample_reports


def _item(name, **change):
    r = real_report(name)
    d = {"id": name, "body": r.body, "year": r.year, "text": sim.prose_text(r)}
    d.update(change)
    return d


def _copy_as(text: str, old_name: str, new_name: str) -> str:
    """A copier's edit: swap the name, change every number, drop the first sentence of
    section V's problems, reword one phrase."""
    t = text.replace(old_name, new_name)
    t = re.sub(r"\d+", lambda m: str(int(m.group()) + 3), t)
    t = t.replace("一是在思想上对信息公开工作认识还不到位。", "")
    return t.replace("大力推进政府信息公开工作", "全力推进政务公开工作")


JIU = "jiujianlou-2020.txt"


def test_unrelated_real_reports_are_far_below_the_threshold():
    items = [_item(n) for n in REAL]
    for a, b in itertools.combinations(items, 2):
        if a["body"] == b["body"]:
            continue
        s = sim.score(sim.signature(a["text"], a["body"]), sim.signature(b["text"], b["body"]))
        assert s is not None and s < sim.SAME_YEAR_THRESHOLD / 3, (a["id"], b["id"], s)


def test_unrelated_real_reports_put_in_one_year_give_no_pair():
    items = [_item(n, year=2023) for n in REAL]
    assert sim.find_pairs(items) == []


def test_hongze_consecutive_years_share_passages_but_are_not_basically_the_same():
    a, b = real_report("hongze-district-gov-2023.pdf"), real_report("hongze-district-gov-2024.pdf")
    scores = sim.section_scores(a, b)
    assert 0.15 < scores["prose"] < sim.PRIOR_YEAR_THRESHOLD
    items = [_item("hongze-district-gov-2023.pdf"), _item("hongze-district-gov-2024.pdf")]
    assert sim.find_pairs(items) == []
    passages = sim.shared_passages(items[0]["text"], items[1]["text"])
    assert any("全面梳理和优化工作流程" in p for p in passages)


def test_a_near_copy_by_another_township_is_found_with_its_passages():
    orig = _item(JIU)
    copy = {**orig, "id": "copy", "body": "石佛寺乡"}
    copy["text"] = _copy_as(orig["text"], "九间楼乡", "石佛寺乡")
    others = [_item(n, year=2020) for n in REAL if n != JIU]
    pairs = sim.find_pairs([orig, *others, copy])
    assert [(p.id_a, p.id_b, p.kind) for p in pairs] == [(JIU, "copy", "same_year")]
    assert pairs[0].score >= sim.SAME_YEAR_THRESHOLD
    passages = sim.shared_passages(orig["text"], copy["text"])
    assert any("影响了全镇政府信息公开质量" in p for p in passages)
    # number changes cut passages, they do not hide the copy
    assert not any("2020" in p for p in passages)


def test_same_body_next_year_copy_is_a_prior_year_pair():
    orig = _item(JIU)
    nxt = {**orig, "id": "next", "year": 2021}
    nxt["text"] = re.sub(r"2020", "2021", orig["text"])
    pairs = sim.find_pairs([orig, nxt])
    assert [(p.id_a, p.id_b, p.kind) for p in pairs] == [(JIU, "next", "prior_year")]
    f = sim.pair_finding(pairs[0], "九间楼乡", JIU, "九间楼乡", 2020, [])
    assert f.rule == "SIM_PRIOR" and "2020" in f.message_zh and f.actual == pairs[0].score


def test_findings_for_new_compares_only_the_new_report():
    index = [_item(n) for n in REAL]
    index = [{**it, "sig": sim.signature(it["text"], it["body"]), "text": ""} for it in index]
    copy = {"id": "new", "body": "石佛寺乡", "year": 2020}
    copy["text"] = _copy_as(_item(JIU)["text"], "九间楼乡", "石佛寺乡")
    pairs = sim.findings_for_new([copy], index)
    assert [(p.id_a, p.id_b, p.kind) for p in pairs] == [(JIU, "new", "same_year")]
    # a stored duplicate of the index's own pair is not reported again when nothing is new
    assert sim.findings_for_new([], index) == []


def test_signature_is_bytes_that_round_trip():
    it = _item(JIU)
    sig = sim.signature(it["text"], it["body"])
    assert isinstance(sig, bytes) and len(sig) == sim.NUM_PERM * 4
    assert sim.score(sig, bytes(bytearray(sig))) == 1.0
    assert sim.signature(it["text"], it["body"]) == sig  # deterministic


def test_template_wording_alone_is_not_compared():
    # Headings and the table note are in every report: nothing is left to compare.
    text = "\n".join(
        line
        for line in open_lines(JIU)
        if line.strip().startswith(("一、", "二、", "三、", "四、", "五、", "六、", "该部分"))
    )
    assert "总体情况" in text
    assert sim.signature(text) == b""
    assert sim.score(sim.signature(text), sim.signature(text)) is None


def open_lines(name):
    from tests.convert import fixture

    return fixture(name).read_text(encoding="utf-8").splitlines()


def test_own_name_and_numbers_do_not_count():
    it = _item(JIU)
    renamed = it["text"].replace("九间楼乡", "石佛寺乡").replace("2020", "2023")
    a = sim.signature(it["text"], "九间楼乡")
    b = sim.signature(renamed, "石佛寺乡")
    assert sim.score(a, b) == 1.0


def test_side_by_side_marks_shared_segments_in_both_texts():
    a = _item(JIU)["text"]
    b = _copy_as(a, "九间楼乡", "石佛寺乡")
    left, right = sim.side_by_side(a, b)
    assert "".join(s for s, _ in left) == sim.compact(a)
    assert "".join(s for s, _ in right) == sim.compact(b)
    shared_left = "".join(s for s, shared in left if shared)
    shared_right = "".join(s for s, shared in right if shared)
    assert shared_left == shared_right
    assert len(shared_left) > 0.7 * len(sim.compact(a))
    # the sentence the copier dropped is not marked as shared
    assert not any("认识还不到位" in s for s, shared in left if shared)


@pytest.mark.parametrize("name", REAL)
def test_every_real_report_has_enough_prose_to_compare(name):
    r = real_report(name)
    assert sim.signature(sim.prose_text(r), r.body) != b""
    assert len(sentences(r.prose["s1"])) >= 3


def test_sample_near_copies_are_the_only_pair_found():
    reports = sample_reports()
    items = [sim.Item(path, r.body, r.year, sim.prose_text(r)) for path, r in reports]
    pairs = sim.find_pairs(items)
    by_id = {path: r for path, r in reports}
    found = {frozenset((by_id[p.id_a].body, by_id[p.id_b].body)): p for p in pairs}
    ((copier, year),) = planted("copy")
    ((source, source_year),) = planted("copy_source")
    assert year == source_year
    assert list(found) == [frozenset((copier, source))]
    p = found[frozenset((copier, source))]
    assert p.kind == "same_year" and by_id[p.id_a].year == year
    # the bodies' other years are not copies of each other
    assert len(pairs) == 1
