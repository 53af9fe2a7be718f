"""A scanned report in the warehouse: the township page shows, for a number read by OCR, the
picture of the scan it was read from (the number boxed in red), next to where it was read."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from lib.analytics import queries
from lib.ingest import ingest_paths
from lib.read.ocr import crop, parse_where
from tests.pages_support import assert_clean, open_dashboard

pytestmark = pytest.mark.slow
SCANS = Path(__file__).parent / "fixtures" / "scans"
SCAN = SCANS / "hongze-district-gov-2023-scan.pdf"


@pytest.fixture(scope="module")
def scan_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("scan") / "scan.duckdb"
    assert ingest_paths([SCANS], db, user="t").ok
    return db


def test_crop_boxes_the_number_in_red():
    truth = json.loads(
        SCAN.with_name("hongze-district-gov-2023-scan.truth.json").read_text("utf-8")
    )
    where = "page 3 box 0.520,0.571-0.560,0.589 ocr 0.99"
    png = Image.open(io.BytesIO(crop(SCAN.read_bytes(), where)))
    assert png.width > 200 and png.height > 40
    rgb = np.asarray(png.convert("RGB")).astype(int)
    red = int(((rgb[:, :, 0] > 180) & (rgb[:, :, 1] < 60) & (rgb[:, :, 2] < 60)).sum())
    assert red > 50  # the box drawn round the number
    assert crop(SCAN.read_bytes(), "page 3 table 1 row 2 col 3") is None
    assert truth["format"] == "pdf"


def test_township_page_shows_the_scan_of_a_number(scan_db, monkeypatch, tmp_path):
    monkeypatch.setenv("GONGKAI_DB", str(scan_db))
    monkeypatch.setenv("GONGKAI_SECRETS", str(tmp_path / "none.toml"))
    rl = queries.report_list(str(scan_db))
    body, year = rl["body"].iloc[0], int(rl["year"].iloc[0])
    cells = queries.report_cells(str(scan_db), {"bodies": (body,)}, keys=["s3.new.total"])
    where = cells["provenance"].iloc[0]
    assert parse_where(where) is not None  # stored with its page, box and confidence
    at = open_dashboard("township", body=body, year=year)
    assert_clean(at)
    box = next(s for s in at.selectbox if s.label == "选择一个单元格")
    box.select("s3.new.total").run()
    assert_clean(at)
    images = at.get("image")
    assert len(images) == 1, "no picture of the scanned number"
    assert "扫描件" in str(images[0].proto)  # its caption
