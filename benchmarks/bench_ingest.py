"""End-to-end ingest benchmark: generated text reports → parse → checks → DuckDB → publish.

    .venv/bin/python benchmarks/bench_ingest.py [--n 10000] [--small 2500]

Reports (--source): `sample` (default) — the fictional county generator (lib.sample) run with
one seed per county, every report rendered as text or HTML alternately (realistic prose and
numbers, its planted defects and revisions included); `variants` — the real 九间楼乡 2020
text report under other names, years, numbers and prose (tests/variants.py). Each size
runs in its own process so that peak memory (ru_maxrss) is that run's alone: if it does not
grow from --small to --n, memory is independent of the number of files. Prints reports/s,
peak memory, database size, and an extrapolation to national scale (≈ 39,000 township-level
bodies × 7 years ≈ 280,000 reports). Targets: ≥ 200 reports/s on one core, ≤ 2 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = 280_000


def write_sample_reports(out: Path, n: int) -> list[Path]:
    """n text/HTML reports from lib.sample, one county (`样本<k>县`) per seed."""
    from lib.sample.model import build_sample
    from lib.sample.render import render_html, render_txt

    paths: list[Path] = []
    k = 0
    while len(paths) < n:
        for i, f in enumerate(build_sample(20, (2019, 2025), seed=1000 + k).filings):
            if len(paths) >= n:
                break
            fmt = "html" if (i + k) % 2 else "txt"
            rel = Path(f.relpath).with_suffix(f".{fmt}")
            p = out / f"样本{k}县" / Path(*rel.parts[1:])
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(render_html(f) if fmt == "html" else render_txt(f))
            paths.append(p)
        k += 1
    return paths


def child(n: int, work: Path, source: str, jobs: int = 1) -> dict:
    sys.path.insert(0, str(ROOT))
    from lib import store
    from lib.ingest import ingest_paths
    from lib.parse import parse_file

    src, db = work / "reports", work / "bench.duckdb"
    paths = sorted(p for p in src.rglob("*") if p.is_file())
    assert len(paths) == n
    sample = paths[:: max(1, n // 300)]
    t = time.perf_counter()
    for p in sample:  # the parser's share of the time
        parse_file(p)
    parse_rate = len(sample) / (time.perf_counter() - t)

    t = time.perf_counter()
    s = ingest_paths([src], db, user="bench", jobs=jobs)
    secs = time.perf_counter() - t
    # peak of the ingest itself (the measuring queries below would add DuckDB's read cache)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stored = s.counts["loaded"] + s.counts["superseded_previous"]
    t = time.perf_counter()
    again = ingest_paths([src], db, user="bench", jobs=jobs)
    again_secs = time.perf_counter() - t
    assert again.counts["already_loaded"] == stored
    rows = store.read_df(db, "SELECT (SELECT count(*) FROM cells) AS cells, "
                             "(SELECT count(*) FROM findings) AS findings")  # fmt: skip
    sizes = store.read_df(
        db,
        "SELECT sum(octet_length(source)) AS src, sum(octet_length(prose_sig)) AS sig FROM reports",
    )
    return {
        "n": n,
        "failed": s.counts["failed"],
        "seconds": secs,
        "rate": n / secs,
        "parse_rate": parse_rate,
        "again_rate": n / again_secs,
        "peak_mb": peak_mb,
        "db_bytes": db.stat().st_size,
        "source_bytes": int(sizes.src[0]),
        "input_bytes": sum(p.stat().st_size for p in paths),
        "cells": int(rows.cells[0]),
        "findings": int(rows.findings[0]),
    }


def generate(n: int, work: Path, source: str) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.variants import write_variants

    src = work / "reports"
    _ = write_variants(src, n) if source == "variants" else write_sample_reports(src, n)


def run(n: int, source: str, jobs: int = 1) -> dict:
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as tmp:
        # generated in a process of its own: the measured process only ingests
        subprocess.run(
            [sys.executable, __file__, "--gen", str(n), "--work", tmp, "--source", source],
            cwd=ROOT, check=True,
        )  # fmt: skip
        # pinned to one CPU where taskset exists: the target is per core
        cpus = "0" if jobs == 1 else f"0-{jobs - 1}"
        pin = ["taskset", "-c", cpus] if shutil.which("taskset") else []
        out = subprocess.run(
            [*pin, sys.executable, __file__, "--child", str(n), "--work", tmp, "--source", source,
             "--jobs", str(jobs)],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--small", type=int, default=2_500)
    ap.add_argument("--source", choices=["sample", "variants"], default="sample")
    ap.add_argument("--jobs", type=int, default=1, help="parsing processes (and cores pinned)")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--gen", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--work", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.gen:
        generate(a.gen, Path(a.work), a.source)
        return
    if a.child:
        print(json.dumps(child(a.child, Path(a.work), a.source, a.jobs)))
        return
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    cpus = "CPU 0" if a.jobs == 1 else f"CPUs 0-{a.jobs - 1}"
    pinned = (
        f"pinned to {cpus} (taskset), {a.jobs} parsing process(es)"
        if shutil.which("taskset")
        else "not pinned"
    )
    print(f"cpu: {os.cpu_count()} logical; the measured ingest process is {pinned}")
    print(f"reports: {a.source} (text and HTML)" if a.source == "sample" else "reports: variants")
    results = [run(a.small, a.source, a.jobs), run(a.n, a.source, a.jobs)]
    for r in results:
        print(
            f"{r['n']:>7,} reports: {r['rate']:7.1f} reports/s end-to-end "
            f"(parser alone {r['parse_rate']:.0f}/s; re-ingest of the same files "
            f"{r['again_rate']:.0f}/s), peak memory {r['peak_mb']:.0f} MB, "
            f"database {r['db_bytes'] / 1e6:.1f} MB ({r['db_bytes'] / r['n'] / 1e3:.2f} kB/report"
            f", of which compressed originals {r['source_bytes'] / r['n'] / 1e3:.2f} kB; "
            f"input {r['input_bytes'] / r['n'] / 1e3:.1f} kB/report), "
            f"{r['cells']:,} cells, {r['findings']:,} findings, {r['failed']} failed"
        )
    big = results[-1]
    per = big["db_bytes"] / big["n"]
    print(
        f"national scale ({NATIONAL:,} reports), extrapolated from {big['n']:,}: "
        f"database ≈ {per * NATIONAL / 1e9:.2f} GB (target ≤ 2 GB), "
        f"ingest ≈ {NATIONAL / big['rate'] / 60:.0f} min at {big['rate']:.0f} reports/s "
        f"(target ≥ 200/s), peak memory {results[0]['peak_mb']:.0f} → {big['peak_mb']:.0f} MB "
        f"from {results[0]['n']:,} to {big['n']:,} files"
    )


if __name__ == "__main__":
    main()
