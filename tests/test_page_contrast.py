"""年度对照 page (AppTest on the sample warehouse): one body's two years side by side — the
tables' numbers and changes against SQL, the findings of both years, the prose diff with its
sentence counts, the template change named, and a body with one year only."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

import pandas as pd

from lib.store import read_df
from tests.pages_support import app, assert_clean, metric, open_dashboard

__all__ = ["app"]

SQL = (
    "SELECT c.key, c.value FROM cells c JOIN reports r USING (report_id) "
    "JOIN bodies b ON b.body_id = r.body_id WHERE r.current AND b.name = ? AND r.year = ?"
)


def _tables(at) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe if "项目" in d.value.columns]


def _htmls(at) -> list[str]:
    return [h.proto.body for h in at.get("html")]


def test_tables_side_by_side_match_sql(app, sample_db):
    at = app("contrast", body="东湖镇", a=2023, b=2024)
    assert at.selectbox(key="ct_body").value == "东湖镇"
    assert (at.selectbox(key="ct_a").value, at.selectbox(key="ct_b").value) == (2023, 2024)
    tables = _tables(at)
    assert len(tables) == 3  # sections 二, 三, 四
    shown = pd.concat(tables)
    a = read_df(sample_db, SQL, ["东湖镇", 2023])
    b = read_df(sample_db, SQL, ["东湖镇", 2024])
    assert len(shown) == len(set(a["key"]) | set(b["key"]))
    row = shown[shown["项目"] == "本年新收政府信息公开申请数量 · 总计"].iloc[0]
    new_a = a.set_index("key").at["s3.new.total", "value"]
    new_b = b.set_index("key").at["s3.new.total", "value"]
    assert (row["2023"], row["2024"], row["增减"]) == (new_a, new_b, new_b - new_a)
    changed = int((a.set_index("key")["value"] != b.set_index("key")["value"]).sum())
    assert any(c.value == f"{changed} 项数字有变化" for c in at.caption)
    # only the changed items when asked
    at.toggle(key="ct_only").set_value(True).run()
    assert sum(len(t) for t in _tables(at)) == changed


def test_findings_of_both_years_and_prose_diff(app, sample_db):
    at = app("contrast", body="梨园乡", a=2021, b=2022)
    # 2021 on the old template (planted): the change is named
    assert any("2019 版 → 2021 版" in i.value for i in at.info)
    for y in (2021, 2022):
        n = read_df(
            sample_db,
            "SELECT count(*) AS n FROM findings f JOIN reports r ON r.report_id = f.report_id "
            "JOIN bodies b ON b.body_id = r.body_id WHERE r.current AND b.name = ? AND r.year = ?",
            ["梨园乡", y],
        )["n"].iloc[0]
        assert any(m.value == f"**{y} 年度：{n} 个问题**" for m in at.markdown), y
    htmls = _htmls(at)
    panels = [h for h in htmls if "data-status" in h]
    assert panels
    counts = [c.value for c in at.caption if c.value.startswith("相同 ")]
    assert len(counts) == len(panels)
    for caption, panel in zip(counts, panels, strict=True):
        statuses = re.findall(r'data-status="(\w+)"', panel)
        n = dict(
            zip(
                ("same", "figures", "edited", "new", "dropped"),
                map(int, re.findall(r"\d+", caption)),
            )
        )
        assert n == {s: statuses.count(s) for s in n}
    assert metric(at, "与上年相同或仅改数字的正文").value.endswith("%")


def test_english_labels(app):
    at = app("contrast", body="东湖镇", a=2023, b=2024, lang="en")
    assert _tables(at) == []
    assert len([d for d in at.dataframe if "Item" in d.value.columns]) == 3
    assert any(c.value.endswith("numbers changed") for c in at.caption)


def test_a_body_with_one_year_only_says_so(real_db, monkeypatch, tmp_path):
    monkeypatch.setenv("GONGKAI_DB", str(real_db))
    monkeypatch.setenv("GONGKAI_SECRETS", str(tmp_path / "none.toml"))
    body = read_df(real_db, "SELECT min(b.name) AS n FROM reports r JOIN bodies b "
                            "ON b.body_id = r.body_id GROUP BY r.body_id HAVING count(*) = 1")["n"][0]  # fmt: skip
    at = open_dashboard("contrast", body=body)
    assert_clean(at)
    assert any(i.value == f"{body} 只有一个年度的报告，无法对照。" for i in at.info)
    assert _tables(at) == []


def test_township_links_to_the_year_before(app):
    at = app("township", body="东湖镇", year=2024)
    (link,) = [p.proto for p in at.get("page_link") if p.proto.label == "与上一年度对照"]
    assert link.page == "contrast"
    qs = parse_qs(link.query_string)
    assert (qs["body"], qs["a"], qs["b"]) == (["东湖镇"], ["2023"], ["2024"])
