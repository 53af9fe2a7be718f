"""lib.charts on small frames of real report numbers (the hand-checked truth files)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from lib import charts

SHARED = Path(__file__).resolve().parents[2] / "shared"
TRUTH = sorted(SHARED.glob("*/*.truth.json"))


@pytest.fixture(scope="module")
def real() -> pd.DataFrame:
    if not TRUTH:
        pytest.skip("shared reports not present")
    rows = []
    for p in TRUTH:
        d = json.loads(p.read_text(encoding="utf-8"))
        c = d["cells"]
        rows.append(
            {
                "body": d["body"],
                "year": int(d["year"]),
                "new": c.get("s3.new.total"),
                "handled": c.get("s3.handled_total.total"),
                "granted": c.get("s3.granted.total"),
                "not_held": c.get("s3.unable_not_held.total"),
            }
        )
    return pd.DataFrame(rows)


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def _values(spec: dict, layer: dict) -> list[dict]:
    name = layer.get("data", {}).get("name") or spec.get("data", {}).get("name")
    return spec["datasets"][name]


def test_ranked_bar_sorted_with_median_rule_and_highlight(real):
    df = real.groupby("body", as_index=False)["new"].sum()
    top = df.sort_values("new").iloc[-1]["body"]
    spec = charts.ranked_bar(
        df, "new", "新收申请", median=df["new"].median(), highlight=top
    ).to_dict()
    bars, rule = _layers(spec)[0], _layers(spec)[1]
    vals = _values(spec, bars)
    assert [v["new"] for v in vals] == sorted(df["new"], reverse=True)
    assert bars["encoding"]["y"]["sort"] == [v["body"] for v in vals]  # drawn in that order
    assert _values(spec, rule)[0]["median"] == pytest.approx(float(df["new"].median()))
    cond = bars["encoding"]["color"]["condition"]
    assert top in cond["test"] and cond["value"] == charts.HIGHLIGHT_COLOR
    assert {t["field"] for t in bars["encoding"]["tooltip"]} == {"body", "new"}
    assert spec["params"][0]["name"] == charts.PICK


def test_ranked_bar_share_axis_is_percent(real):
    df = real.assign(rate=real["granted"] / real["handled"])
    spec = charts.ranked_bar(df, "rate", "公开率", unit="%").to_dict()
    assert _layers(spec)[0]["encoding"]["x"]["axis"]["format"] == ".1%"
    # a zero denominator is missing: that body is left out, not drawn as 0
    n_valid = int((real["handled"] > 0).sum())
    assert len(_values(spec, _layers(spec)[0])) == n_valid


def test_trend_lines_mark_template_change_and_keep_gaps(real):
    df = real.rename(columns={"body": "series"})[["year", "series", "new"]]
    # a year with no report must stay a gap: add it as missing
    gap = pd.DataFrame({"year": [2021], "series": [df["series"].iloc[0]], "new": [None]})
    data = pd.concat([df, gap])
    spec = charts.trend_lines(data, "new", "新收申请").to_dict()
    layers = _layers(spec)
    assert layers[0]["mark"]["invalid"] == "break-paths-show-domains"
    vals = _values(spec, layers[0])
    assert any(v["new"] is None for v in vals)
    years = data["year"]
    spans = years.min() < 2021 <= years.max()
    has_rule = any(
        isinstance(layer.get("layer"), list) or layer.get("mark", {}).get("type") == "rule"
        for layer in layers[1:]
    )
    assert has_rule == bool(spans)
    only_2023 = charts.trend_lines(df[df["year"] >= 2023], "new", "新收申请").to_dict()
    assert len(_layers(only_2023)) == 1


def test_stacked_outcome_colours_are_fixed(real):
    long = real.melt(id_vars=["year"], value_vars=["granted", "not_held"], var_name="cat")
    long["cat"] = long["cat"].replace({"not_held": "unable"})
    labels = {"granted": "予以公开", "unable": "无法提供"}
    spec = charts.stacked(long, "cat", "value", "件数", labels=labels).to_dict()
    scale = _layers(spec)[0]["encoding"]["color"]["scale"]
    assert scale["domain"] == ["予以公开", "无法提供"]
    assert scale["range"] == [charts.OUTCOME_COLORS["granted"], charts.OUTCOME_COLORS["unable"]]
    # same code, same colour, whatever else is on the chart
    only = charts.stacked(
        long[long["cat"] == "unable"], "cat", "value", "件数", labels={"unable": "x"}
    )
    assert _layers(only.to_dict())[0]["encoding"]["color"]["scale"]["range"] == [
        charts.OUTCOME_COLORS["unable"]
    ]


def test_scatter_and_heatmap_highlight_the_same_body(real):
    body = real["body"].iloc[0]
    sc = charts.scatter(real, "new", "handled", "新收", "办结", highlight=body).to_dict()
    hm = charts.heatmap(real, "new", "新收", highlight=body).to_dict()
    assert body in _layers(sc)[0]["encoding"]["color"]["condition"]["test"]
    assert _layers(sc)[1]["mark"]["type"] == "text"  # the picked body is labelled
    assert body in hm["encoding"]["stroke"]["condition"]["test"]
    assert {p["name"] for p in hm["params"]} == {charts.PICK}
    assert sc["params"][0]["select"]["fields"] == ["body"]


def test_filing_grid_statuses(real):
    grid = real[["body", "year"]].assign(status="filed")
    grid.loc[grid.index[0], "status"] = "missing"
    labels = {"filed": "已报送", "missing": "缺报", "findings": "有问题", "revised": "已修订"}
    spec = charts.filing_grid(grid, status_labels=labels).to_dict()
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"])) == {
        labels[s]: charts.STATUS_COLORS[s] for s in charts.STATUS_ORDER if s in labels
    }
    assert len(spec["layer"]) == 1  # no days_late column: no late marks
    assert spec["params"][0]["select"]["fields"] == ["body", "year"]
