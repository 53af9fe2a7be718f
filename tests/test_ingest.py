"""Ingest through the real parser into real DuckDB files: idempotence, supersede, failures,
zip hostility, registry, cross-year rules, crash safety and concurrent readers."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from lib import store
from lib.ingest import ensure_database, ingest_files, ingest_paths, preview_files
from lib.parse import parse_file
from lib.report import Report
from tests.dbfixture import REAL_REPORTS, SAMPLE_DIR
from tests.variants import JIUJIANLOU, NEW, set_row, variant, write_variants

ROOT = Path(__file__).resolve().parent.parent
REAL = sorted(p for p in REAL_REPORTS.iterdir() if not p.name.endswith(".json"))
TABLES = ("bodies", "reports", "cells", "prose", "findings")


def counts(db: Path) -> dict[str, int]:
    return {t: int(store.read_df(db, f"SELECT count(*) AS n FROM {t}").n[0]) for t in TABLES}


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lib", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_ingest_twice_changes_nothing(tmp_path):
    db = tmp_path / "g.duckdb"
    first = ingest_paths([REAL_REPORTS], db)
    assert first.ok and first.counts["loaded"] == len(REAL)
    before = counts(db)
    again = ingest_paths([REAL_REPORTS], db)
    assert again.ok and again.counts["already_loaded"] == len(REAL)
    assert again.counts["loaded"] == 0 and counts(db) == before
    log = store.read_df(db, "SELECT result, count(*) AS n FROM ingest_log GROUP BY 1")
    assert dict(zip(log.result, log.n)) == {"loaded": len(REAL), "already_loaded": len(REAL)}


def test_sample_ingested_twice_gives_identical_row_counts(sample_db, tmp_path):
    db = tmp_path / "s.duckdb"
    shutil.copyfile(sample_db, db)
    before = counts(db)
    s = ingest_paths([SAMPLE_DIR], db, registry=SAMPLE_DIR / "bodies.csv")
    assert s.counts["loaded"] == 0 and s.counts["superseded_previous"] == 0
    assert counts(db) == before


def test_every_cell_of_every_real_report_is_stored(real_db):
    for p in REAL:
        rep = parse_file(p)
        got = store.read_df(
            real_db,
            "SELECT c.key, c.value, c.blank FROM cells c JOIN reports r USING (report_id) "
            "WHERE r.sha256 = ?",
            [rep.sha256],
        )
        assert dict(zip(got.key, got.value)) == rep.cells, p.name
        assert set(got.loc[got.blank, "key"]) == rep.blank, p.name


def test_changed_file_supersedes_and_keeps_the_old(tmp_path):
    db = tmp_path / "g.duckdb"
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(JIUJIANLOU, src / "jiujianlou-2020.txt")
    assert ingest_paths([src], db).ok
    # the same report re-sent with one number corrected
    changed = set_row(JIUJIANLOU.read_text(encoding="utf-8"), NEW, [1, 0, 0, 0, 0, 0, 1])
    (src / "jiujianlou-2020-revised.txt").write_text(changed, encoding="utf-8")
    s = ingest_paths([src], db)
    assert s.ok and s.counts["superseded_previous"] == 1 and s.counts["already_loaded"] == 1
    versions = store.read_df(
        db, "SELECT report_id, current, superseded_by, file_name FROM reports ORDER BY report_id"
    )
    assert versions.current.tolist() == [False, True]
    assert versions.superseded_by[0] == versions.report_id[1]
    v = store.read_df(db, "SELECT value FROM report_cells WHERE key = 's3.new.total'")
    assert v.value.tolist() == [1.0]  # the current version's number
    # the revised report breaks R1 (1 new, 0 handled): stored and flagged, not dropped
    rules = store.read_df(
        db, "SELECT DISTINCT rule FROM findings WHERE report_id = ?", [int(versions.report_id[1])]
    )
    assert "R1" in set(rules.rule)


def _evil_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("../evil.txt", "escaped")
        z.writestr("/etc/evil.txt", "absolute")
        z.writestr("good/jiujianlou-2020.txt", JIUJIANLOU.read_bytes())
        z.writestr("bomb.txt", b"0" * (20 * 1024 * 1024))  # ratio ≈ 1000
    return buf.getvalue()


def _broken_docx(path: Path) -> None:
    """A real .docx (made with python-docx) cut in half."""
    import docx

    d = docx.Document()
    d.add_paragraph("九间楼乡政府信息公开工作2020年度报告")
    full = io.BytesIO()
    d.save(full)
    path.write_bytes(full.getvalue()[: len(full.getvalue()) // 2])


def test_mixed_folder_loads_the_good_and_names_the_bad(tmp_path):
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    for p in REAL:
        if p.suffix != ".txt":
            shutil.copy(p, mixed / p.name)
    _broken_docx(mixed / "broken.docx")
    (mixed / "random.pdf").write_bytes(os.urandom(4096))
    (mixed / "noise.txt").write_bytes(os.urandom(2048))
    (mixed / "upload.zip").write_bytes(_evil_zip())
    db = tmp_path / "m.duckdb"
    r = cli("ingest", str(mixed), "--db", str(db), "--no-progress")
    assert r.returncode == 1, r.stdout + r.stderr
    good = [p for p in REAL if p.suffix != ".txt"]
    rl = store.read_df(db, "SELECT source FROM report_list")
    # stored as <folder>/<path inside it>, not as this machine's absolute path
    assert sorted(rl.source) == sorted([f"mixed/{p.name}" for p in good] + [
        "mixed/upload.zip!good/jiujianlou-2020.txt"
    ])  # fmt: skip
    bad = ["broken.docx", "random.pdf", "noise.txt", "upload.zip!../evil.txt",
           "upload.zip!/etc/evil.txt", "upload.zip!bomb.txt"]  # fmt: skip
    failed = store.read_df(db, "SELECT file, reason FROM ingest_log WHERE result = 'failed'")
    assert len(failed) == len(bad)  # exactly the bad ones: no good report failed
    for name in bad:
        hits = [f for f in failed.file if f.endswith(name)]
        assert len(hits) == 1, name
        assert any(line.strip().startswith(hits[0]) for line in r.stdout.splitlines()), name
    assert all(failed.reason.str.len() > 0)
    assert "'..'" in failed.set_index("file").loc["mixed/upload.zip!../evil.txt", "reason"]
    assert not (tmp_path / "evil.txt").exists()


def test_registry_and_folder_layout_assign_bodies(tmp_path):
    root = tmp_path / "in"
    (root / "怀柔区").mkdir(parents=True)
    (root / "怀柔区" / "j.txt").write_text(variant("九间楼乡", 2020), encoding="utf-8")
    (root / "外县" / "乡镇").mkdir(parents=True)
    (root / "外县" / "乡镇" / "x.txt").write_text(variant("新设乡", 2020), encoding="utf-8")
    reg = tmp_path / "bodies.csv"
    reg.write_text("name,county,level,aliases,population\n九间楼乡,怀柔区,乡,,5200\n", "utf-8")
    db = tmp_path / "r.duckdb"
    assert ingest_paths([root], db, registry=reg).ok
    rl = store.read_df(db, "SELECT body, county, level, assigned FROM report_list ORDER BY body")
    assert rl.values.tolist() == [
        ["九间楼乡", "怀柔区", "township", True],
        ["新设乡", "外县", "township", False],  # unassigned, not rejected
    ]


def test_cross_year_rules_recomputed_for_touched_bodies(tmp_path):
    db = tmp_path / "y.duckdb"
    d = tmp_path / "in"
    d.mkdir()
    (d / "a-2020.txt").write_text(variant("东山乡", 2020, new=4, fwd=2), encoding="utf-8")
    assert ingest_paths([d], db).ok
    # 2021 says 3 were carried over, but 2020 carried forward 2: R5 warning on 2021
    (d / "a-2021.txt").write_text(variant("东山乡", 2021, new=1, over=3), encoding="utf-8")
    assert ingest_paths([d], db).ok
    f = store.read_df(
        db, "SELECT year, rule, keys, expected, actual, severity FROM findings "
        "WHERE source = 'years' ORDER BY keys"
    )  # fmt: skip
    r5 = f[f.rule == "R5"]
    assert set(r5.year) == {2021} and set(r5.severity) == {"warning"}
    # only this year's cells are named: the year's own 结转下年度 is not part of the clash
    assert set(r5["keys"]) == {"s3.carried_over.natural", "s3.carried_over.total"}
    assert set(zip(r5.expected, r5.actual)) == {(2.0, 3.0)}
    # a corrected 2020 (carried forward 3) supersedes: the warning goes away
    (d / "a-2020-fixed.txt").write_text(variant("东山乡", 2020, new=5, fwd=3), encoding="utf-8")
    assert ingest_paths([d / "a-2020-fixed.txt"], db).ok
    assert store.read_df(db, "SELECT count(*) AS n FROM findings WHERE source = 'years'").n[0] == 0


def test_upload_page_preview_and_ingest(tmp_path):
    files = [("j.txt", JIUJIANLOU.read_bytes()), ("bad.pdf", b"%PDF-1.4 broken"),
             ("up.zip", _evil_zip())]  # fmt: skip
    prev = preview_files(files)
    reps = [p for p in prev if isinstance(p, Report)]
    errs = [str(p) for p in prev if not isinstance(p, Report)]
    assert [r.body for r in reps] == ["九间楼乡", "九间楼乡"]
    assert len(errs) == 4 and any(e.startswith("up.zip!../evil.txt:") for e in errs)
    db = tmp_path / "u.duckdb"
    s = ingest_files(files, db, user="alice")
    assert not s.ok and s.counts["loaded"] == 1 and s.counts["already_loaded"] == 1
    users = store.read_df(db, "SELECT DISTINCT user_name FROM ingest_log")
    assert users.user_name.tolist() == ["alice"]
    assert "bad.pdf" in s.text() and "up.zip!../evil.txt" in s.text()


def test_ensure_database_builds_once(tmp_path):
    src = tmp_path / "sample"
    src.mkdir()
    shutil.copy(JIUJIANLOU, src / "j.txt")
    db = tmp_path / "e.duckdb"
    assert ensure_database(db, src) is True
    assert ensure_database(db, src) is False
    assert store.meta(db)["origin"] == "sample"
    assert store.read_df(db, "SELECT count(*) AS n FROM report_list").n[0] == 1


# ---------------------------------------------------------------- crash and concurrency
def _expected_cells() -> int:
    return len(parse_file("x.txt", data=variant("东山乡", 2020).encode(), name="x.txt").cells)


def _cell_counts(db: Path):
    return store.read_df(
        db,
        "SELECT r.report_id, count(c.key) AS n FROM reports r LEFT JOIN cells c "
        "USING (report_id) GROUP BY r.report_id",
    )


@pytest.mark.slow
def test_kill_9_mid_ingest_leaves_a_whole_database(tmp_path):
    db = tmp_path / "k.duckdb"
    assert ingest_paths([REAL_REPORTS], db).ok
    before = counts(db)
    many = tmp_path / "many"
    write_variants(many, 700)
    proc = subprocess.Popen(
        [sys.executable, "-m", "lib", "ingest", str(many), "--db", str(db), "--no-progress"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    tmp = Path(str(db) + store.TMP_SUFFIX)
    deadline = time.time() + 60
    # wait until the writer has copied the file and written at least one batch into it
    while time.time() < deadline and proc.poll() is None:
        if tmp.exists() and tmp.stat().st_size > db.stat().st_size:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed: use more files"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert counts(db) == before  # nothing half-published
    n = _cell_counts(db)
    for p in REAL:
        rep = parse_file(p)
        rid = store.read_df(db, "SELECT report_id FROM reports WHERE sha256 = ?", [rep.sha256])
        assert int(n.set_index("report_id").loc[int(rid.report_id[0]), "n"]) == len(rep.cells)
    # the next writer cleans up and completes the job
    s = ingest_paths([many], db)
    assert s.ok and s.counts["loaded"] == 700 and not tmp.exists()
    n = _cell_counts(db)
    assert len(n) == len(REAL) + 700


READER = """
import sys, time
from lib import store
db, expected, stop = sys.argv[1], int(sys.argv[2]), sys.argv[3]
seen, loops, errors = set(), 0, 0
import os
while not os.path.exists(stop):
    try:
        df = store.read_df(db, "SELECT r.report_id, count(c.key) AS n FROM reports r "
                               "LEFT JOIN cells c USING (report_id) GROUP BY r.report_id")
        bad = df[df.n != expected]
        if len(bad):
            print("PARTIAL", bad.values.tolist(), flush=True)
            errors += 1
        seen.add(len(df))
    except Exception as e:
        print("ERROR", type(e).__name__, e, flush=True)
        errors += 1
    loops += 1
print("DONE", loops, errors, sorted(seen), flush=True)
"""


@pytest.mark.slow
def test_reader_process_never_sees_an_error_or_a_partial_report(tmp_path):
    db = tmp_path / "c.duckdb"
    first = tmp_path / "first"
    write_variants(first, 7)
    assert ingest_paths([first], db).ok
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(db), str(_expected_cells()), str(stop)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        for k in range(3):  # three separate ingest processes, three publishes
            d = tmp_path / f"batch{k}"
            paths = write_variants(d, 150, first_year=2000 + 10 * k)
            for p in paths:
                p.rename(p.with_name(f"{k}-{p.name}"))
            r = cli("ingest", str(d), "--db", str(db), "--no-progress")
            assert r.returncode == 0, r.stdout + r.stderr
    finally:
        stop.touch()
        out, err = reader.communicate(timeout=60)
    last = out.strip().splitlines()[-1].split(maxsplit=3)
    assert last[0] == "DONE", out + err
    loops, errors = int(last[1]), int(last[2])
    assert errors == 0, out
    assert loops > 10
    assert "PARTIAL" not in out and "ERROR" not in out
    assert len(eval(last[3])) >= 2  # it read before and after at least one publish


def test_zip_with_too_many_members_is_refused_whole(tmp_path):
    from lib.ingest import archive

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for i in range(archive.MAX_MEMBERS + 1):
            z.writestr(f"r{i}.txt", "x")
    (tmp_path / "many.zip").write_bytes(buf.getvalue())
    s = ingest_paths([tmp_path / "many.zip"], tmp_path / "z.duckdb")
    assert [f.file for f in s.failures] == [str(tmp_path / "many.zip")]
    assert "members" in s.failures[0].reason and s.counts["failed"] == 1


def test_ensure_database_never_overwrites_one_built_while_it_waited(tmp_path):
    import fcntl
    import threading

    src = tmp_path / "sample"
    src.mkdir()
    shutil.copy(JIUJIANLOU, src / "j.txt")
    other = tmp_path / "other.duckdb"
    assert ingest_paths([REAL_REPORTS], other).ok
    db = tmp_path / "e.duckdb"
    lock = open(db.with_name(db.name + ".lock"), "a+b")  # noqa: SIM115
    fcntl.flock(lock, fcntl.LOCK_EX)  # another writer is busy
    result = []
    t = threading.Thread(target=lambda: result.append(ensure_database(db, src)))
    t.start()
    time.sleep(0.5)
    shutil.copyfile(other, db)  # ... and publishes its database
    fcntl.flock(lock, fcntl.LOCK_UN)
    lock.close()
    t.join(60)
    assert result == [False]
    assert db.read_bytes() == other.read_bytes()


def test_copied_prose_findings_follow_the_current_reports(tmp_path):
    db = tmp_path / "sim.duckdb"
    d = tmp_path / "in"
    d.mkdir()
    (d / "a-2021.txt").write_text(variant("东山乡", 2021), encoding="utf-8")
    # 西山乡 copies 东山乡's report, swapping the name
    (d / "b-2021.txt").write_text(variant("东山乡", 2021).replace("东山乡", "西山乡"), "utf-8")
    (d / "c-2021.txt").write_text(variant("南山乡", 2021), encoding="utf-8")
    assert ingest_paths([d], db).ok
    sim = "SELECT body, rule FROM findings f JOIN report_list USING (report_id) WHERE f.source = ?"
    f = store.read_df(db, sim + " ORDER BY body", ["similarity"])
    assert f.values.tolist() == [["东山乡", "SIM"], ["西山乡", "SIM"]]
    # another year loaded later: the 2021 pair is kept
    (d / "a-2022.txt").write_text(variant("东山乡", 2022), encoding="utf-8")
    assert ingest_paths([d / "a-2022.txt"], db).ok
    assert len(store.read_df(db, sim, ["similarity"])) == 2
    # 西山乡 re-sends its own report: the copy finding goes from both sides
    (d / "b-2021-own.txt").write_text(variant("西山乡", 2021), encoding="utf-8")
    s = ingest_paths([d / "b-2021-own.txt"], db)
    assert s.counts["superseded_previous"] == 1
    assert len(store.read_df(db, sim, ["similarity"])) == 0


def test_sample_database_loads_every_report_file_and_nothing_else(sample_db):
    files = sorted(
        p for p in SAMPLE_DIR.rglob("*") if p.suffix in {".txt", ".html", ".docx", ".pdf"}
    )
    log = store.read_df(sample_db, "SELECT file, result FROM ingest_log ORDER BY file")
    # each named as it sits in the loaded folder: sample/示例县/<body>/<year>.<ext>
    assert sorted(log.file) == sorted(p.relative_to(SAMPLE_DIR.parent).as_posix() for p in files)
    assert set(log.result) == {"loaded", "superseded_previous"}
    assert store.meta(sample_db)["origin"] == "sample"


def test_county_option_places_bodies_the_registry_does_not_know(tmp_path):
    db = tmp_path / "c.duckdb"
    r = cli("ingest", str(JIUJIANLOU), "--db", str(db), "--county", "怀柔区", "--no-progress")
    assert r.returncode == 0, r.stderr
    assert "loaded 1" in r.stdout
    rl = store.read_df(db, "SELECT body, county, level, assigned FROM report_list")
    assert rl.values.tolist() == [["九间楼乡", "怀柔区", "township", False]]


def test_folder_walk_skips_readme_and_registry_but_loads_a_markdown_report(tmp_path):
    """A folder's README.md and bodies.csv are not reports (not even failed ones); a markdown
    report beside them is (the real shuyang .md fixture)."""
    d = tmp_path / "in"
    d.mkdir()
    md = REAL_REPORTS / "shuyang-county-gov-2025.md"
    shutil.copy(md, d / md.name)
    shutil.copy(SAMPLE_DIR / "README.md", d / "README.md")
    shutil.copy(SAMPLE_DIR / "bodies.csv", d / "bodies.csv")
    db = tmp_path / "w.duckdb"
    s = ingest_paths([d], db, registry=d / "bodies.csv")
    assert s.counts["loaded"] == 1 and s.counts["failed"] == 0
    log = store.read_df(db, "SELECT file, result FROM ingest_log")
    assert [Path(f).name for f in log.file] == [md.name]
    assert list(log.result) == ["loaded"]


def test_a_folder_without_report_files_says_so(tmp_path):
    # the wrong folder printed "loaded 0 … failed 0" and nothing else, like a quiet success
    (tmp_path / "empty").mkdir()
    s = ingest_paths([tmp_path / "empty"], tmp_path / "e.duckdb")
    assert s.ok and s.text().splitlines()[1].startswith("no report files were found (looked for ")
    assert ".pdf" in s.text() and ".zip" in s.text()
    (tmp_path / "empty" / "notes.xlsx").write_bytes(b"PK")
    s = ingest_paths([tmp_path / "empty"], tmp_path / "e.duckdb")
    assert "skipped 1 (not report files)" in s.text() and "no report files" not in s.text()
