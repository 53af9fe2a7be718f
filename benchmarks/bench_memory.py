"""Peak memory of an ingest given large inputs (issue 14: under 500 MB).

    .venv/bin/python benchmarks/bench_memory.py [--members 8] [--jobs 2]

Cases, each ingested in a fresh process; peak = the largest sum of the resident memory of
that process and all its descendants (forkserver and workers), sampled every 20 ms:
- a folder of three 200 MB files (sparse) beside the real reports: refused by size, unread;
- a zip of N members of 48 MB each (random bytes named .pdf, under the 50 MB file limit):
  every member is read, parsed (and refused as not a PDF) one batch at a time;
- the same members as files in a folder.
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
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def child(src: str, db: str, jobs: int) -> None:
    sys.path.insert(0, str(ROOT))
    from lib.ingest import ingest_paths

    t = time.perf_counter()
    s = ingest_paths([Path(src)], Path(db), jobs=jobs)
    secs = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"counts": s.counts, "seconds": secs, "peak_mb": peak / 1024}))


def _tree_rss(root: int) -> int:
    """Resident bytes of `root` and its descendants (from /proc)."""
    parent, rss = {}, {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                parent[int(d)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{d}/statm") as fh:
                rss[int(d)] = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    total = 0
    for pid in rss:
        p = pid
        while p and p != root:
            p = parent.get(p, 0)
        total += rss[pid] if p == root else 0
    return total


def measure(src: Path, jobs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen([sys.executable, __file__, "--child", str(src),
                                 str(Path(tmp) / "m.duckdb"), str(jobs)], cwd=ROOT,
                                stdout=subprocess.PIPE, text=True)  # fmt: skip
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.02)
        out = json.loads(proc.stdout.read().strip().splitlines()[-1])
    out["tree_mb"] = peak / MB
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=8)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child(a.child[0], a.child[1], int(a.child[2]))
        return
    with tempfile.TemporaryDirectory(prefix="gongkai-mem-") as tmp:
        tmp = Path(tmp)
        big = tmp / "big"
        shutil.copytree(ROOT / "tests" / "fixtures" / "reports", big)
        for i in range(3):
            with open(big / f"huge{i}.pdf", "wb") as fh:
                fh.truncate(200 * MB)
        members = tmp / "members"
        members.mkdir()
        z = tmp / "members.zip"
        with zipfile.ZipFile(z, "w", zipfile.ZIP_STORED) as zf:
            for i in range(a.members):
                data = os.urandom(48 * MB)
                zf.writestr(f"m{i}.pdf", data)
                (members / f"m{i}.pdf").write_bytes(data)
        print(f"jobs {a.jobs}; limit per file 50 MB; target peak ≤ 500 MB")
        for label, src in (("three 200 MB files + real reports", big),
                           (f"zip of {a.members} × 48 MB members", z),
                           (f"folder of {a.members} × 48 MB files", members)):  # fmt: skip
            r = measure(src, a.jobs)
            c = r["counts"]
            print(f"{label:38} peak {r['tree_mb']:6.0f} MB all processes "
                  f"({r['peak_mb']:.0f} MB the writer), {r['seconds']:5.1f} s "
                  f"(loaded {c['loaded']}, failed {c['failed']})")  # fmt: skip


if __name__ == "__main__":
    main()
