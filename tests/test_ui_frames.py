"""lib.ui.frames on a real report (the jiujianlou text report parsed by the real parser)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lib.markup import md_escape
from lib.parse import parse_file
from lib.template import template_keys
from lib.ui import frames, report_view

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "tests" / "fixtures" / "reports" / "jiujianlou-2020.txt"


def test_report_tables_hold_every_template_cell_in_place():
    rep = parse_file(REPORT)
    cells = pd.DataFrame({"key": list(rep.cells), "value": list(rep.cells.values())})
    cells["blank"] = cells["key"].isin(rep.blank)
    tables = report_view.report_tables(cells, rep.template, "zh")
    shown = {}
    for values, keys in tables.values():
        for i in range(len(values)):
            for j in range(values.shape[1]):
                shown[keys.iloc[i, j]] = values.iloc[i, j]
    stated = [k for k in template_keys(rep.template) if not k.startswith("s3.other.")]
    assert set(stated) <= set(shown)
    assert all(shown[k] == rep.cells[k] for k in stated)
    s3 = tables["s3"][0]
    assert s3.index[0] == "本年新收政府信息公开申请数量"
    assert s3.loc["本年新收政府信息公开申请数量", "总计"] == rep.cells["s3.new.total"]


def test_finding_keys_maps_cells_to_findings():
    f = pd.DataFrame({"keys": ["s3.new.total,s3.handled_total.total", "s4.review_total", None]})
    assert report_view.finding_keys(f) == {
        "s3.new.total": [0],
        "s3.handled_total.total": [0],
        "s4.review_total": [1],
    }


def test_report_text_is_shown_literally():
    text = "见 [链接](http://example.com) ![图](http://x/y.png) <script>x</script> *强调* 1. 项"
    out = md_escape(text)
    for raw in ("](", "![", "<script>", "*强调*", "1. "):
        assert raw not in out
    assert out.replace("\\", "").replace("\u2060", "") == text  # the same text on screen


@pytest.mark.parametrize(
    ("chosen", "bodies"),
    [
        ({}, ["东湖镇", "云溪乡", "东湖镇"]),
        ({"body": []}, ["东湖镇", "云溪乡", "东湖镇"]),  # nothing chosen: no filter
        ({"body": ["东湖镇"]}, ["东湖镇", "东湖镇"]),
        ({"body": ["东湖镇"], "year": [2024]}, ["东湖镇"]),
        ({"year": [2019]}, []),
    ],
)
def test_pick_rows(chosen, bodies):
    df = pd.DataFrame({"body": ["东湖镇", "云溪乡", "东湖镇"], "year": [2023, 2024, 2024]})
    assert frames.pick_rows(df, **chosen)["body"].tolist() == bodies
