"""Time every dashboard page (default: the sample county, 20 bodies x 7 years; --db a bigger
warehouse such as benchmarks/big_db.py builds, --all with every county chosen).

Runs the real dashboard with Streamlit's AppTest (no browser) against a warehouse built from
data/sample and prints, per page, the script run time cold (empty cache) and warm (cached
queries, as a user switching pages sees it). Target: each page under 1 s warm.

    python benchmarks/bench_dashboard.py [--db FILE]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = (
    "overview",
    "compare",
    "trends",
    "township",
    "contrast",
    "quality",
    "rectify",
    "copied",
    "export",
    "upload",
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="an existing warehouse (default: build one from data/sample)")
    ap.add_argument("--all", action="store_true", help="time the pages with 全部 counties chosen")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp()
    db = Path(args.db) if args.db else Path(tmp) / "bench.duckdb"
    if not db.exists():
        from lib.ingest import ensure_database

        t0 = time.perf_counter()
        ensure_database(db, ROOT / "data" / "sample", force=True)
        print(f"built {db} from data/sample in {time.perf_counter() - t0:.1f} s")
    os.environ["GONGKAI_DB"] = str(db)
    os.environ["GONGKAI_SECRETS"] = str(Path(tmp) / "none.toml")

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    # module imports happen once per server process, not per page view: do them first
    import lib.analytics  # noqa: F401
    import lib.analytics.timeliness  # noqa: F401
    import lib.charts  # noqa: F401
    import lib.export  # noqa: F401
    import lib.ui  # noqa: F401

    print(f"{'page':10} {'cold s':>8} {'warm s':>8}")
    for page in PAGES:
        if not (ROOT / "pages" / f"{page}.py").exists():
            continue
        times = []
        for i in range(2):
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
            if page != "overview" or args.all:
                at.run()
            if args.all:  # every county: the sidebar's first choice
                at.sidebar.selectbox[0].select_index(0)
            if page != "overview":
                at.switch_page(f"pages/{page}.py")
            if i == 0:
                st.cache_data.clear()  # cold: nothing cached, every query runs
            t0 = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t0)
            if at.exception or at.error:
                print(f"  {page}: {[e.value for e in (*at.exception, *at.error)]}")
        print(f"{page:10} {times[0]:8.3f} {times[1]:8.3f}")
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the process that ran every page: {peak:.0f} MB")


if __name__ == "__main__":
    main()
