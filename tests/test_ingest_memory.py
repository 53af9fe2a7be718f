"""Bounded memory at ingest (issue 14): sizes are checked before reading, zips are read
member by member from the file, and a batch holds a byte budget, not a count of files.
(Peak memory itself is measured by benchmarks/bench_memory.py.)"""

from __future__ import annotations

import zipfile

from lib.ingest import BATCH_BYTES, _chunks, ingest_paths
from lib.ingest.archive import Source, walk
from lib.read.limits import MAX_FILE_BYTES
from lib.store import read_df
from tests.dbfixture import REAL_REPORTS

MB = 1024 * 1024


def test_batches_are_cut_by_bytes():
    srcs = [Source(f"f{i}.pdf", size=30 * MB) for i in range(7)] + [Source("e", error="x")]
    batches = list(_chunks(iter(srcs), 256, budget=64 * MB))
    assert [len(b) for b in batches] == [2, 2, 2, 2]  # 60 MB each; the error weighs nothing
    assert BATCH_BYTES <= 64 * MB


def test_files_over_the_limit_are_refused_unread(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        with open(folder / f"huge{i}.pdf", "wb") as fh:  # sparse: 200 MB that takes no disk
            fh.truncate(200 * MB)
    (folder / "jiujianlou-2020.txt").write_bytes(
        (REAL_REPORTS / "jiujianlou-2020.txt").read_bytes()
    )
    srcs = list(walk([folder]))
    assert all(s.data is None for s in srcs)  # nothing read while listing
    s = ingest_paths([folder], tmp_path / "m.duckdb", jobs=1)
    assert s.counts["loaded"] == 1 and s.counts["failed"] == 3
    reasons = read_df(tmp_path / "m.duckdb", "SELECT reason FROM ingest_log "
                                             "WHERE result = 'failed'").reason  # fmt: skip
    assert set(reasons) == {"file too large (200.0 MB; limit 50.0 MB)"}


def test_zip_members_are_read_from_the_file_when_their_batch_comes(tmp_path):
    z = tmp_path / "reports.zip"
    real = (REAL_REPORTS / "jiujianlou-2020.txt").read_bytes()
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("a/jiujianlou-2020.txt", real)
        zf.writestr("b/second.txt", real.replace("九间楼乡".encode(), "石佛寺镇".encode()))
        zf.writestr("big.pdf", b"%PDF" + b"\0" * 16, zipfile.ZIP_STORED)
    info = zipfile.ZipFile(z).getinfo("big.pdf")
    members = list(walk([z]))
    assert [m.data for m in members] == [None, None, None]
    assert [m.size for m in members] == [len(real), len(real), info.file_size]
    assert members[0].read() == real
    s = ingest_paths([z], tmp_path / "z.duckdb", jobs=1)
    assert s.counts["loaded"] == 2 and s.counts["failed"] == 1


def test_member_over_the_file_limit_is_refused_by_its_header(tmp_path):
    z = tmp_path / "big.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("huge.txt", b"x" * (MAX_FILE_BYTES + 1))  # ratio is a bomb's too
    (m,) = list(walk([z]))
    assert m.error == "file too large (50.0 MB; limit 50.0 MB)"  # before the ratio check
