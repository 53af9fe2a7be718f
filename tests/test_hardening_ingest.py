"""One bad file never costs a run: `gongkai ingest` of a folder with one file of every bad kind
beside valid reports loads every valid report, names every failure on one line, and prints
no traceback. A fuzz run (random bytes, truncated real files, random names) does the same."""

from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from lib.analytics import queries
from tests.dbfixture import HOSTILE_BODY, REAL_REPORTS, SAMPLE_DIR

ROOT = Path(__file__).resolve().parent.parent
COUNTY = SAMPLE_DIR / "示例县"
VALID = {  # file in the folder → (body, year) it must load as
    "good.pdf": (COUNTY / "东湖镇" / "2023.pdf", "东湖镇", 2023),
    "good.docx": (COUNTY / "临江镇" / "2023.docx", "临江镇", 2023),
    "good.html": (COUNTY / "北岭乡" / "2023.html", "北岭乡", 2023),
}
JIUJIANLOU = (REAL_REPORTS / "jiujianlou-2020.txt").read_text(encoding="utf-8")


def _retitled(body: str) -> bytes:
    return (f"{body}2020年政府信息公开工作年度报告\n" + JIUJIANLOU.split("\n", 1)[1]).encode()


def _ingest(folder: Path, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lib", "ingest", os.fsencode(folder), "--db", str(db),
         "--no-progress"],
        capture_output=True, cwd=ROOT, timeout=600, check=False,
    )  # fmt: skip


def _no_traceback(r: subprocess.CompletedProcess) -> tuple[str, str]:
    out, err = r.stdout.decode("utf-8"), r.stderr.decode("utf-8")
    assert "Traceback" not in out + err, err[-3000:]
    assert r.returncode in (0, 1), (r.returncode, err[-2000:])
    return out, err


def _failure_lines(out: str) -> list[str]:
    lines = out.splitlines()
    i = next((k for k, ln in enumerate(lines) if ln.endswith("file(s) failed:")), len(lines))
    return [ln for ln in lines[i + 1 :] if ln.startswith("  ")]


def test_one_file_of_each_bad_kind_beside_valid_reports(tmp_path):
    folder = tmp_path / "县报告"
    folder.mkdir()
    for name, (src, _b, _y) in VALID.items():
        shutil.copy(src, folder / name)
    pdf = VALID["good.pdf"][0].read_bytes()
    docx = VALID["good.docx"][0].read_bytes()
    bad = {
        b"name-\xff\xfe.txt": _retitled("非法名镇"),  # a valid report under an undecodable name
        b"line\nbreak.txt": b"not a report",
        b"empty.txt": b"",
        b"truncated.pdf": pdf[: len(pdf) // 3],
        b"truncated.docx": docx[: len(docx) // 2],
        b"random.pdf": random.Random(1).randbytes(5000),
        b"junk.docx": _junk_docx(),
        b"level-word.txt": _retitled("【镇】"),
        b"not-a-report.html": "<html><body><p>公告</p></body></html>".encode(),
        b"markdown-name.txt": _retitled(HOSTILE_BODY),  # valid: stored as written
        b"mixed.zip": _zip({"inner-good.txt": _retitled("压缩包镇"), "inner-bad.pdf": b"%PDF-1.4"}),
    }
    for name, data in bad.items():
        with open(os.path.join(os.fsencode(folder), name), "wb") as fh:
            fh.write(data)
    (folder / "a-folder.pdf").mkdir()  # a folder named like a report is not a file
    db = tmp_path / "w.duckdb"
    out, err = _no_traceback(_ingest(folder, db))
    rl = queries.report_list(str(db))
    loaded = set(zip(rl["body"], rl["year"]))
    want = {(b, y) for _s, b, y in VALID.values()}
    want |= {("非法名镇", 2020), (HOSTILE_BODY, 2020), ("压缩包镇", 2020)}
    assert loaded == want, (loaded, out)
    assert any(s.endswith("name-\\xff\\xfe.txt") for s in rl["source"])  # the name, escaped
    fails = _failure_lines(out)
    expected_failures = ["line\\nbreak.txt", "empty.txt", "truncated.pdf", "truncated.docx",
                         "random.pdf", "junk.docx", "level-word.txt", "not-a-report.html",
                         "mixed.zip!inner-bad.pdf"]  # fmt: skip
    assert len(fails) == len(expected_failures), out
    for name in expected_failures:
        assert sum(f"/{name}: " in ln for ln in fails) == 1, (name, out)
    assert all(ln.isprintable() and ": " in ln for ln in fails)
    assert "Error:" not in out  # no exception class names: reasons in words
    log = queries.ingest_log(str(db))
    assert (log["result"] == "failed").sum() == len(expected_failures)


def _junk_docx() -> bytes:
    ct = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
          'content-types"><Default Extension="xml" ContentType="application/xml"/><Override '
          'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
          'officedocument.wordprocessingml.document.main+xml"/></Types>')  # fmt: skip
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>')  # fmt: skip
    return _zip({"[Content_Types].xml": ct, "_rels/.rels": rels,
                 "word/document.xml": '<?xml version="1.0"?><foo/>'})  # fmt: skip


def _zip(members: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for k, v in members.items():
            z.writestr(k, v)
    return buf.getvalue()


# ---------------------------------------------------------------- fuzz
SEEDS = [11, 23, int.from_bytes(os.urandom(4), "little")]  # two fixed, one new each run
HEADS = [b"%PDF-1.7\n", b"PK\x03\x04", b"<html><body>", b"\xef\xbb\xbf", b"\xff\xfe", b"{\\rtf1",
         b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x89PNG\r\n\x1a\n", b""]  # fmt: skip
REAL = [REAL_REPORTS / "jiujianlou-2020.txt", REAL_REPORTS / "shuyang-fgj-2023.html",
        COUNTY / "东湖镇" / "2023.pdf", COUNTY / "临江镇" / "2023.docx"]  # fmt: skip
SUFFIXES = [".txt", ".pdf", ".docx", ".html", ".zip", ".md", ""]


def _random_name(rng: random.Random, i: int) -> bytes:
    pool = ["镇", "乡", "报告", "\n", "\t", "\x1b[2J", "\u202e", " ", "%s", "..", "[x](y)", "="]
    name = "".join(rng.choice(pool) for _ in range(rng.randint(0, 4))).replace("/", "_")
    raw = f"{i:03d}{name}".encode()
    if rng.random() < 0.3:
        raw += bytes([rng.randint(0x80, 0xFF)])  # not UTF-8
    return raw + rng.choice(SUFFIXES).encode()


def _random_file(rng: random.Random) -> bytes:
    kind = rng.random()
    if kind < 0.4:  # a real report cut short or with bytes flipped
        data = bytearray(rng.choice(REAL).read_bytes())
        if rng.random() < 0.5:
            data = data[: rng.randint(0, len(data))]
        for _ in range(rng.randint(0, 20)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    if kind < 0.5:  # a zip of such files
        return _zip({f"m{k}{rng.choice(SUFFIXES)}": _random_file(rng) for k in range(3)})
    return rng.choice(HEADS) + rng.randbytes(rng.randint(0, 4000))


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_fuzz_ingest_never_prints_a_traceback(tmp_path, seed):
    rng = random.Random(seed)
    folder = tmp_path / "fuzz"
    folder.mkdir()
    names = []
    for i in range(60):
        name = _random_name(rng, i)
        names.append(name)
        with open(os.path.join(os.fsencode(folder), name), "wb") as fh:
            fh.write(_random_file(rng))
    db = tmp_path / "f.duckdb"
    out, err = _no_traceback(_ingest(folder, db))
    assert all(ln.isprintable() for ln in out.splitlines()), f"seed {seed}"
    summary = out.splitlines()[0]
    assert "loaded" in summary and "failed" in summary, (seed, out)
    fails = _failure_lines(out)
    log = queries.ingest_log(str(db))
    assert (log["result"] == "failed").sum() == len(fails), f"seed {seed}"
    for f in log["file"]:
        f.encode("utf-8")  # every stored name is valid text
