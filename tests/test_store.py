"""The warehouse on real DuckDB files: schema, views, supersede, atomic publish, readers.

Reports here are built from the hand-checked truth of the real 九间楼乡 2020 report, so these
tests exercise the store alone (tests/test_ingest.py goes through the real parser).
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest

from lib import store
from lib.report import Finding, Report
from lib.template import KEYS

ROOT = Path(__file__).resolve().parent.parent
TRUTH = ROOT / "tests/fixtures/reports/jiujianlou-2020.truth.json"


def truth_report(sha: str, year: int = 2020, bump: float = 0) -> Report:
    t = json.loads(TRUTH.read_text(encoding="utf-8"))
    cells = {k: float(v) for k, v in t["cells"].items()}
    cells["s3.new.natural"] += bump
    return Report(
        file="jiujianlou-2020.txt",
        body=t["body"],
        year=year,
        template=t["template"],
        format=t["format"],
        encoding="utf-8",
        sha256=sha,
        cells=cells,
        blank={"s2.fees.change"},
        provenance={"s3.new.total": "line 120"},
        prose={"s1": "2020年，九间楼乡党委高度重视政府信息公开工作。", "s5": "无。"},
        findings=[Finding("R1", ["s3.new.total"], 1.0, 2.0, "error", "不平衡", "unbalanced")],
        published="2021-01-20",
    )


def write(db: Path, *reports: Report, county="怀柔区"):
    with store.Writer(db) as w:
        staged = []
        for r in reports:
            bid = w.body_id(r.body, county, "township", False)
            staged.append(store.Staged(r, bid, r.file, f"source of {r.sha256}".encode()))
        return w.write_reports(staged, "tester")


def test_schema_views_and_round_trip(tmp_path):
    db = tmp_path / "w.duckdb"
    rep = truth_report("a" * 64)
    (w,) = write(db, rep)
    rl = store.read_df(db, "SELECT * FROM report_list")
    assert list(rl.columns) == [
        "report_id", "body_id", "body", "county", "level", "assigned", "year", "template",
        "format", "source", "sha256", "ingested_at", "published", "title", "findings",
        "errors", "warnings",
    ]  # fmt: skip
    row = rl.iloc[0]
    assert (row.body, row.county, row.year, row.template, row.findings, row.errors) == (
        "九间楼乡", "怀柔区", 2020, "2019", 1, 1,
    )  # fmt: skip
    assert str(row.published)[:10] == "2021-01-20"
    rc = store.read_df(db, "SELECT * FROM report_cells ORDER BY key")
    assert list(rc.columns) == [
        "report_id", "body_id", "body", "county", "level", "year", "template", "key", "section",
        "row", "col", "label_zh", "label_en", "value", "blank", "derived", "provenance",
        "corrected", "original",
    ]  # fmt: skip
    assert dict(zip(rc.key, rc.value)) == rep.cells
    assert set(rc.loc[rc.blank, "key"]) == {"s2.fees.change"}
    hit = rc.set_index("key").loc["s3.new.total"]
    assert (hit.section, hit.row, hit.col, hit.provenance) == (3, "new", "total", "line 120")
    assert hit.label_zh == KEYS["s3.new.total"].label_zh
    assert store.meta(db)["schema_version"] == str(store.SCHEMA_VERSION)
    assert store.report_source(db, w.report_id) == (
        "jiujianlou-2020.txt",
        b"source of " + b"a" * 64,
    )
    keys = store.read_df(db, "SELECT key, label_en FROM keys")
    assert dict(zip(keys.key, keys.label_en)) == {k: v.label_en for k, v in KEYS.items()}


def test_supersede_keeps_the_old_version(tmp_path):
    db = tmp_path / "w.duckdb"
    (first,) = write(db, truth_report("a" * 64))
    (second,) = write(db, truth_report("b" * 64, bump=3))
    assert second.superseded == first.report_id
    reps = store.read_df(db, "SELECT report_id, current, superseded_by FROM reports ORDER BY 1")
    assert reps.current.tolist() == [False, True]
    assert reps.superseded_by.iloc[0] == second.report_id
    rl = store.read_df(db, "SELECT report_id FROM report_list")
    assert rl.report_id.tolist() == [second.report_id]
    v = store.read_df(db, "SELECT value FROM report_cells WHERE key = 's3.new.natural'")
    t = json.loads(TRUTH.read_text(encoding="utf-8"))
    assert v.value.tolist() == [t["cells"]["s3.new.natural"] + 3]
    log = store.read_df(db, "SELECT result, reason FROM ingest_log ORDER BY log_id")
    assert log.result.tolist() == ["loaded", "superseded_previous"]


def test_two_versions_in_one_batch_the_later_wins(tmp_path):
    db = tmp_path / "w.duckdb"
    a, b, c = write(
        db, truth_report("a" * 64), truth_report("b" * 64, 2021), truth_report("c" * 64)
    )
    assert (a.superseded, b.superseded, c.superseded) == (None, None, a.report_id)
    cur = store.read_df(db, "SELECT sha256 FROM report_list ORDER BY year")
    assert cur.sha256.tolist() == ["c" * 64, "b" * 64]


def test_failed_writer_leaves_the_published_file_untouched(tmp_path):
    db = tmp_path / "w.duckdb"
    write(db, truth_report("a" * 64))
    before = db.read_bytes()
    with pytest.raises(RuntimeError), store.Writer(db) as w:
        bid = w.body_id("九间楼乡", "怀柔区", "township", False)
        w.write_reports([store.Staged(truth_report("b" * 64), bid, "x", b"x")], "t")
        raise RuntimeError("crash mid-ingest")
    assert db.read_bytes() == before
    assert not Path(str(db) + store.TMP_SUFFIX).exists()
    assert store.read_df(db, "SELECT count(*) AS n FROM reports").n[0] == 1


def test_readers_see_the_old_file_until_publish(tmp_path):
    db = tmp_path / "w.duckdb"
    write(db, truth_report("a" * 64))
    ident = store.db_identity(db)
    with store.Writer(db) as w:
        bid = w.body_id("九间楼乡", "怀柔区", "township", False)
        w.write_reports([store.Staged(truth_report("b" * 64, 2021), bid, "x", b"x")], "t")
        # a reader during the write: not blocked, sees the published state only
        assert store.read_df(db, "SELECT count(*) AS n FROM report_list").n[0] == 1
        with store.reader(db) as con:  # an open snapshot across the publish
            held = con
            assert held.execute("SELECT count(*) FROM reports").fetchall()[0][0] == 1
    assert store.read_df(db, "SELECT count(*) AS n FROM report_list").n[0] == 2
    assert store.db_identity(db) != ident


def test_open_reader_keeps_its_snapshot_across_a_publish(tmp_path):
    db = tmp_path / "w.duckdb"
    write(db, truth_report("a" * 64))
    with store.reader(db) as con:
        write(db, truth_report("b" * 64, 2021))
        # the old inode stays readable: same answer, no error
        assert con.execute("SELECT count(*) FROM reports").fetchall()[0][0] == 1
    assert store.read_df(db, "SELECT count(*) AS n FROM reports").n[0] == 2


def test_registry_upsert_places_an_unassigned_body(tmp_path):
    from lib.parse.registry import BodyInfo

    db = tmp_path / "w.duckdb"
    write(db, truth_report("a" * 64), county=None)
    b = store.read_df(db, "SELECT name, county, assigned FROM bodies")
    assert b.values.tolist() == [["九间楼乡", None, False]]
    with store.Writer(db) as w:
        w.upsert_bodies([BodyInfo("九间楼乡", "怀柔区", "township", 5200, True, ("九间楼",))])
    b = store.read_df(db, "SELECT body_id, name, county, aliases, population, assigned FROM bodies")
    assert b.values.tolist() == [[1, "九间楼乡", "怀柔区", "九间楼", 5200, True]]
    assert store.read_df(db, "SELECT county FROM report_list").county.tolist() == ["怀柔区"]


def test_sources_are_stored_compressed_and_restored(tmp_path):
    db = tmp_path / "w.duckdb"
    data = TRUTH.read_bytes()
    rep = truth_report("d" * 64)
    with store.Writer(db) as w:
        bid = w.body_id(rep.body, None, "township", False)
        (wr,) = w.write_reports([store.Staged(rep, bid, "t.json", data)], "t")
    raw = store.read_df(db, "SELECT source, source_size FROM reports")
    assert raw.source_size[0] == len(data) and len(raw.source[0]) < len(data)
    assert zlib.decompress(raw.source[0]) == data
    assert store.report_source(db, wr.report_id) == ("t.json", data)


def test_reading_a_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(store.StoreError, match="no database"):
        store.read_df(tmp_path / "none.duckdb", "SELECT 1")


def test_a_file_that_is_not_a_database_is_a_one_line_error(tmp_path):
    db = tmp_path / "notes.duckdb"
    db.write_text("not a database", encoding="utf-8")
    for attempt in (lambda: store.read_df(db, "SELECT 1"), lambda: store.Writer(db).__enter__()):
        with pytest.raises(store.StoreError) as e:
            attempt()
        assert str(e.value).startswith(f"{db}: cannot open the database")
        assert "\n" not in str(e.value) and ".writing" not in str(e.value)
    assert db.read_text(encoding="utf-8") == "not a database"  # left as it was
