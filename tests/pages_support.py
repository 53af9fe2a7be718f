"""Shared helpers of the AppTest page tests (tests/test_pages_*.py).

Every page test runs the real dashboard (dashboard.py, st.navigation) with AppTest against a
warehouse built from data/sample (the `sample_db` fixture), then compares what the page shows
with lib.analytics and with the source reports parsed again by the real parser.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib import analytics
from lib.analytics import queries
from lib.parse import parse_file
from tests.dbfixture import REAL_REPORTS, SAMPLE_DIR

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = str(ROOT / "dashboard.py")
TIMEOUT = 120


def open_dashboard(page: str = "overview", **params) -> AppTest:
    """The dashboard run on `page` with URL parameters (the database named by $GONGKAI_DB)."""
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.query_params.update({k: str(v) for k, v in params.items()})
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
        at.query_params.update({k: str(v) for k, v in params.items()})
        at.run()
    return at


@pytest.fixture
def app(sample_db, monkeypatch, tmp_path):
    """A function opening the dashboard on `page` with URL parameters, on the sample warehouse."""
    monkeypatch.setenv("GONGKAI_DB", str(sample_db))
    monkeypatch.setenv("GONGKAI_SECRETS", str(tmp_path / "no-secrets.toml"))

    def open_page(page: str = "overview", **params) -> AppTest:
        at = open_dashboard(page, **params)
        assert_clean(at)
        return at

    return open_page


def assert_clean(at: AppTest) -> None:
    """No exception element and no st.error: the page rendered."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def metric(at: AppTest, label: str):
    found = [m for m in at.metric if m.label == label]
    assert found, f"no metric {label!r} in {[m.label for m in at.metric]}"
    return found[0]


def charts(at: AppTest) -> list[dict]:
    """The Vega-Lite specs of the page's Altair charts, in page order, with their data
    (Streamlit sends datasets as Arrow beside the spec: put them back as rows, NaN as None)."""
    from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

    out = []
    for c in at.get("vega_lite_chart"):
        spec = json.loads(c.proto.spec)
        data = spec.setdefault("datasets", {})
        for ds in c.proto.datasets:
            df = convert_arrow_bytes_to_pandas_df(ds.data.data)
            data[ds.name] = df.astype(object).where(df.notna(), None).to_dict("records")
        out.append(spec)
    return out


def chart_rows(spec: dict) -> list[dict]:
    """All data rows of a chart (every dataset)."""
    rows: list[dict] = []
    for values in spec.get("datasets", {}).values():
        rows.extend(values)
    return rows


def dataset_with(spec: dict, column: str) -> list[dict]:
    for values in spec.get("datasets", {}).values():
        if values and column in values[0]:
            return values
    raise AssertionError(f"no dataset with {column!r}")


def source_path(source: str) -> Path:
    """The file on disk a stored report came from: sources are stored as <folder>/<path in it>
    (e.g. sample/示例县/东湖镇/2023.pdf), and the test databases load these two folders."""
    for folder in (SAMPLE_DIR, REAL_REPORTS):
        p = folder.parent / source
        if source.startswith(folder.name + "/") and p.is_file():
            return p
    raise AssertionError(f"{source}: not a file of {SAMPLE_DIR} or {REAL_REPORTS}")


def source_cells(source: str) -> dict[str, float]:
    """The cells of a stored report read again from its source file by the real parser."""
    return parse_file(source_path(source)).cells


def metric_table(db) -> object:
    return analytics.metric_table(str(db), {"county": county(db)})


def county(db) -> str:
    return queries.report_list(str(db))["county"].dropna().iloc[0]
