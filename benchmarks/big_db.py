"""A provincial-scale warehouse for the dashboard benchmarks, built straight from the sample
generator's model (no rendering or parsing: those are measured by bench_ingest/bench_read).

    .venv/bin/python benchmarks/big_db.py --bodies 2858 --years 2019-2025 --out /tmp/big.duckdb
    .venv/bin/python benchmarks/big_db.py --provinces 10 --out /tmp/nation.duckdb

2,858 bodies × 7 years ≈ 20,000 body-years (a province); ten provinces ≈ 200,000. Each filing becomes the Report its file would
parse to (its cells, blanks, prose, published date), checked by the per-report rules (R1–R4,
R7), stored through lib.store in batches as an ingest does, then the cross-year rules (R5, R6).
Bodies are spread over counties of 20 (a province of ~140 counties at 2,858 bodies), their
originals are not stored (a few bytes each) and the copied-text signatures are skipped.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lib import store  # noqa: E402
from lib.check.rules import check_report  # noqa: E402
from lib.ingest import year_findings  # noqa: E402
from lib.report import Report  # noqa: E402
from lib.sample.model import build_sample  # noqa: E402

BATCH = 2000


def report_of(f, county: str) -> Report:
    sha = hashlib.sha256(f"{county}/{f.relpath}".encode()).hexdigest()
    rep = Report(
        file=f"{county}/{f.relpath}", body=f.body.name, year=f.year, template=f.template,
        format=f.fmt, encoding="utf-8", sha256=sha, cells=dict(f.cells), blank=set(f.blank),
        prose=dict(f.prose), title=f.title, published=f.signed.isoformat() if f.signed else None,
    )  # fmt: skip
    rep.findings = check_report(rep)
    return rep


def build(db: Path, bodies: int, years: tuple[int, int], provinces: int = 1,
          per_county: int = 20) -> int:  # fmt: skip
    t = time.perf_counter()
    n = 0
    with store.Writer(db, fresh=True) as w:
        touched: set[int] = set()
        for p in range(provinces):
            n += _province(w, p, bodies, years, per_county, touched, t)
        year_findings(w, touched)
    print(f"built {db}: {n:,} reports in {time.perf_counter() - t:.0f} s, "
          f"{db.stat().st_size / 1e6:.0f} MB")  # fmt: skip
    return n


def _province(w, p: int, bodies: int, years, per_county: int, touched: set, t: float) -> int:
    sample = build_sample(bodies, years, seed=2026 + p)
    print(f"province {p}: {len(sample.filings):,} filings modelled", flush=True)
    county_of = {b.name: f"省{p:02d}县{i // per_county:03d}" for i, b in enumerate(sample.bodies)}
    n = 0
    staged = []
    for f in sample.filings:
        county = county_of[f.body.name]
        bid = w.body_id(f.body.name, county, f.body.level, True)
        staged.append(store.Staged(report_of(f, county), bid, f"{county}/{f.relpath}", b"-"))
        touched.add(bid)
        if len(staged) >= BATCH:
            w.write_reports(staged, "bench")
            n += len(staged)
            staged = []
    if staged:
        w.write_reports(staged, "bench")
        n += len(staged)
    print(f"  province {p} stored, {time.perf_counter() - t:.0f} s", flush=True)
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bodies", type=int, default=2858)
    ap.add_argument("--years", default="2019-2025")
    ap.add_argument("--provinces", type=int, default=1, help="that many, each its own seed")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    lo, hi = (int(x) for x in a.years.split("-"))
    build(Path(a.out), a.bodies, (lo, hi), a.provinces)


if __name__ == "__main__":
    main()
