"""报告雷同 page (AppTest on the sample warehouse): the planted near copy is listed, shown side
by side with the shared passages marked, and its section scores match the source files."""

from __future__ import annotations

import re

from lib.analytics import queries
from lib.check import similarity
from lib.i18n import fmt_pct
from lib.parse import parse_file
from lib.sample import build_sample
from tests.pages_support import app, metric, source_path

__all__ = ["app"]


def _planted_pair() -> tuple[set[str], int]:
    d = build_sample().defects
    (copier,) = [(x.body, x.year) for x in d if x.kind == "copy"]
    (source,) = [(x.body, x.year) for x in d if x.kind == "copy_source"]
    return {copier[0], source[0]}, copier[1]


def _panels(at) -> list[str]:
    return [m.value for m in at.markdown if "<mark>" in m.value or "overflow-y" in m.value]


def _plain(panel: str) -> str:
    text = re.sub(r"<br>", "\n", panel)
    text = re.sub(r"<[^>]+>", "", text)
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )


def _source_report(db, body: str, year: int):
    rl = queries.report_list(str(db))
    src = rl[(rl["body"] == body) & (rl["year"] == year)]["source"].iloc[0]
    return parse_file(source_path(src))


def test_the_planted_near_copy_is_the_pair_listed(app):
    at = app("copied")
    bodies, year = _planted_pair()
    (table,) = at.dataframe
    df = table.value
    assert len(df) == 1
    row = df.iloc[0]
    assert {row["机关 A"], row["机关 B"]} == bodies
    assert row["年度 A"] == year and row["年度 B"] == year
    assert row["类型"] == "报告内容雷同（同年度不同机关）"
    assert at.selectbox(key="cp_pair").value is not None


def test_side_by_side_shows_each_reports_prose_with_shared_passages_marked(app, sample_db):
    at = app("copied")
    bodies, year = _planted_pair()
    panels = _panels(at)
    assert len(panels) == 2
    heads = [m.value for m in at.markdown if m.value.startswith("**")]
    names = [h.strip("*").split(" · ")[0] for h in heads]
    assert set(names) == bodies
    for name, panel in zip(names, panels, strict=True):
        # the panel holds exactly the report's prose, as the parser reads it from the source file
        rep = _source_report(sample_db, name, year)
        assert _plain(panel) == similarity.compact(similarity.prose_text(rep))
        marked = "".join(re.findall(r"<mark>(.*?)</mark>", panel, flags=re.S))
        # a near copy: most of the prose is shared
        assert len(marked) > 0.6 * len(_plain(panel))
    # the sentence the copier took over unchanged is marked in both panels
    for panel in panels:
        assert any(
            "村务公开栏内容更新不及时" in m for m in re.findall(r"<mark>(.*?)</mark>", panel, re.S)
        )


def test_section_scores_match_the_source_files(app, sample_db):
    at = app("copied")
    bodies, year = _planted_pair()
    a, b = (_source_report(sample_db, n, year) for n in sorted(bodies))
    for code, label in (("s1", "第一部分相似度"), ("s5", "第五部分相似度")):
        want = similarity.jaccard(a.prose[code], b.prose[code], a.body, b.body)
        assert metric(at, label).value == fmt_pct(want, 0)
    want = similarity.jaccard(similarity.prose_text(a), similarity.prose_text(b), a.body, b.body)
    assert metric(at, "正文整体相似度").value == fmt_pct(want, 0)
    assert want >= similarity.SAME_YEAR_THRESHOLD


def test_years_without_copies_show_the_empty_state(app):
    _, year = _planted_pair()
    at = app("copied", **{"from": year + 1, "to": year + 3})
    assert not at.dataframe
    assert any("没有发现内容雷同" in s.value for s in at.success)


def test_english_labels(app):
    at = app("copied", lang="en")
    assert at.dataframe[0].value.iloc[0]["kind"] == "Copied text (same year, two bodies)"
    assert metric(at, "All prose similarity").value.endswith("%")


def test_counts_per_report_for_the_overview_and_township_pages(sample_db):
    from lib.analytics import copied

    bodies, year = _planted_pair()
    c = copied.counts(str(sample_db))
    assert set(c["body"]) == bodies
    assert set(c["year"]) == {year}
    assert list(c["same_year"]) == [1, 1] and list(c["prior_year"]) == [0, 0]
