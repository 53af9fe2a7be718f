"""Command line: `python -m lib COMMAND` (also installed as `gongkai`).

Each command is a thin wrapper: argument parsing, output format and exit codes here; the work
in the module that owns it. Exit codes: 0 ok, 1 some input failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

DEFAULT_DB = os.environ.get("GONGKAI_DB", "data/gongkai.duckdb")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="gongkai", description="政府信息公开工作年度报告 — read, check, store, compare."
    )
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("parse", help="parse report files and print the canonical report")
    s.add_argument("files", nargs="+")
    s.add_argument(
        "--json", action="store_true", help="JSON (one object per line for several files)"
    )
    s.add_argument("--provenance", action="store_true", help="include where every cell was read")

    s = sub.add_parser(
        "ingest", help="load report files, folders or .zip archives into the warehouse"
    )
    s.add_argument("paths", nargs="+")
    s.add_argument("--db", default=DEFAULT_DB)
    s.add_argument("--registry", help="bodies.csv (name, county, level, aliases, population)")
    s.add_argument("--county", help="county for bodies the registry does not name")
    s.add_argument(
        "--user", default=os.environ.get("USER", "cli"), help="name written to the audit log"
    )
    s.add_argument("--no-progress", action="store_true")
    s.add_argument(
        "--jobs", type=int, default=0, help="parsing processes (default: all cores; 1: none)"
    )

    s = sub.add_parser("sample", help="generate the fictional sample county")
    s.add_argument("--out", default="data/sample")
    s.add_argument("--bodies", type=int, default=20)
    s.add_argument("--years", default="2019-2025")
    s.add_argument("--seed", type=int, default=2026)

    s = sub.add_parser(
        "export", help="write an extract (CSV with BOM or XLSX), or the warehouse as Parquet"
    )
    s.add_argument("--db", default=DEFAULT_DB)
    s.add_argument("--what", choices=["cells", "metrics", "findings", "reports", "supervision"])
    s.add_argument("--format", default="csv", choices=["csv", "xlsx"])
    s.add_argument("--out")
    s.add_argument(
        "--parquet", metavar="DIR", help="every table as Parquet under DIR, partitioned by year"
    )
    s.add_argument("--county")
    s.add_argument("--body")
    s.add_argument("--years", help="e.g. 2021-2024 or 2023")
    s.add_argument("--lang", default="zh", choices=["zh", "en"], help="column names")

    s = sub.add_parser("build-db", help="build the database from data/sample if it does not exist")
    s.add_argument("--db", default=DEFAULT_DB)
    s.add_argument("--sample", default="data/sample")
    s.add_argument("--force", action="store_true", help="rebuild even if the database exists")

    s = sub.add_parser("adduser", help="add or change a user of the upload page")
    s.add_argument("user")
    s.add_argument("--secrets", default=".streamlit/secrets.toml")
    s.add_argument("--password", help="read from stdin when omitted")

    s = sub.add_parser("bulletin", help="write a county's 通报 for a year (DOCX, or PDF)")
    s.add_argument("--db", default=DEFAULT_DB)
    s.add_argument("--county", required=True)
    s.add_argument("--year", type=int, required=True)
    s.add_argument("--lang", default="zh", choices=["zh", "en"])
    s.add_argument("--out", required=True, help="FILE.docx or FILE.pdf (PDF needs LibreOffice)")

    s = sub.add_parser(
        "metrics-docs",
        help="rewrite docs/METRICS.md and the README's metrics table from the catalogue",
    )
    s.add_argument("--root", default=".", help="the repository (holds docs/ and README.md)")
    return p


def parse_years(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    a, _, b = text.partition("-")
    try:
        lo, hi = int(a), int(b or a)
    except ValueError:
        raise SystemExit(
            f"gongkai: --years must look like 2019-2025 or 2023, not {text!r}"
        ) from None
    return (min(lo, hi), max(lo, hi))


def cmd_parse(args) -> int:
    from lib.errors import GongkaiError, one_line, safe_text
    from lib.parse import parse_file

    failed = 0
    for f in args.files:
        try:
            rep = parse_file(f)
        except GongkaiError as e:
            failed += 1
            print(str(e), file=sys.stderr)
            if args.json:
                print(json.dumps({"file": safe_text(f), "error": e.reason}, ensure_ascii=False))
            continue
        except OSError as e:
            failed += 1
            why = safe_text(e.strerror or e)
            print(f"{one_line(f)}: {one_line(why)}", file=sys.stderr)
            if args.json:
                print(json.dumps({"file": safe_text(f), "error": why}, ensure_ascii=False))
            continue
        if args.json:
            print(json.dumps(rep.to_json(provenance=args.provenance), ensure_ascii=False))
        else:
            print(_summary(rep))
    return 1 if failed else 0


def _summary(rep) -> str:
    from lib.errors import one_line

    c = rep.cells
    lines = [
        f"{one_line(rep.file)}: {one_line(rep.body)} {rep.year} (template {rep.template}, {rep.format}, {rep.encoding or '-'})",
        f"  applications: new {c.get('s3.new.total', 0):g}, carried over {c.get('s3.carried_over.total', 0):g}, "
        f"handled {c.get('s3.handled_total.total', 0):g}, carried forward {c.get('s3.carried_forward.total', 0):g}",
        f"  review {c.get('s4.review_total', 0):g}, lawsuits "
        f"{c.get('s4.suit_direct_total', 0) + c.get('s4.suit_after_total', 0):g}",
        f"  cells {len(c)}, blank {len(rep.blank)}, findings {len(rep.findings)}",
    ]
    lines += [f"  [{f.rule} {f.severity}] {f.message_en}" for f in rep.findings]
    return "\n".join(lines)


def cmd_ingest(args) -> int:
    from lib.ingest import ingest_paths
    from lib.ingest.pool import default_jobs

    summary = ingest_paths(
        [Path(p) for p in args.paths],
        Path(args.db),
        registry=args.registry,
        county=args.county,
        progress=not args.no_progress and sys.stderr.isatty(),
        user=args.user,
        jobs=args.jobs if args.jobs > 0 else default_jobs(),
    )
    print(summary.text())
    return 0 if summary.ok else 1


def cmd_sample(args) -> int:
    from lib.sample import write_sample

    years = parse_years(args.years)
    written = write_sample(Path(args.out), bodies=args.bodies, years=years, seed=args.seed)
    print(f"wrote {len(written)} files to {args.out}")
    return 0


def cmd_export(args) -> int:
    from lib.export import export_to_file
    from lib.ingest import upgrade

    if Path(args.db).exists():
        upgrade(args.db)  # a warehouse of an earlier version gains what extracts read

    if args.parquet:
        from lib.store.parquet import export_database

        counts = export_database(Path(args.db), Path(args.parquet))
        print(f"wrote {args.parquet}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        return 0
    if not args.what or not args.out:
        from lib.errors import GongkaiError

        raise GongkaiError("export", "--what and --out are needed (or --parquet DIR)")

    n = export_to_file(
        Path(args.db),
        args.what,
        args.format,
        Path(args.out),
        county=args.county,
        body=args.body,
        years=parse_years(args.years),
        lang=args.lang,
    )
    print(f"wrote {n} rows to {args.out}")
    return 0


def cmd_build_db(args) -> int:
    from lib.ingest import ensure_database

    built = ensure_database(Path(args.db), Path(args.sample), force=args.force)
    print(f"built {args.db} from {args.sample}" if built else f"{args.db} exists")
    return 0


def cmd_adduser(args) -> int:
    import getpass

    from lib.auth import add_user

    pw = args.password
    if pw is None:
        pw = (
            getpass.getpass("password: ")
            if sys.stdin.isatty()
            else sys.stdin.readline().rstrip("\n")
        )
    add_user(Path(args.secrets), args.user, pw)
    print(f"user {args.user} saved in {args.secrets}")
    return 0


def cmd_bulletin(args) -> int:
    from pathlib import Path

    from lib import bulletin
    from lib.errors import GongkaiError

    out = Path(args.out)
    if out.suffix.lower() not in (".docx", ".pdf"):
        raise GongkaiError(str(out), "the bulletin is written as .docx or .pdf")
    if not Path(args.db).exists():
        raise GongkaiError(str(args.db), "no database (run `gongkai build-db` or ingest first)")
    from lib.ingest import upgrade

    upgrade(args.db)
    make = bulletin.bulletin_pdf if out.suffix.lower() == ".pdf" else bulletin.bulletin_docx
    try:
        data = make(args.db, args.county, args.year, args.lang)
    except bulletin.OfficeError as e:
        raise GongkaiError(str(out), str(e)) from None
    out.write_bytes(data)
    print(f"gongkai: wrote {out} ({len(data):,} bytes)")
    return 0


def cmd_metrics_docs(args) -> int:
    from lib.analytics.metrics import write_docs

    root = Path(args.root)
    if not (root / "docs").is_dir():
        from lib.errors import GongkaiError

        raise GongkaiError(
            str(root), "no docs/ folder here: run from the repository or pass --root"
        )
    write_docs(root)
    print(f"wrote {root / 'docs' / 'METRICS.md'} and the metrics section of {root / 'README.md'}")
    return 0


COMMANDS = {
    "parse": cmd_parse,
    "ingest": cmd_ingest,
    "sample": cmd_sample,
    "export": cmd_export,
    "build-db": cmd_build_db,
    "adduser": cmd_adduser,
    "bulletin": cmd_bulletin,
    "metrics-docs": cmd_metrics_docs,
}


def main(argv: list[str] | None = None) -> int:
    from lib.errors import GongkaiError, one_line

    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except GongkaiError as e:
        print(f"gongkai: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("gongkai: interrupted", file=sys.stderr)
        return 130
    except Exception as e:  # a bug: one line for the user; GONGKAI_DEBUG=1 shows the traceback
        if os.environ.get("GONGKAI_DEBUG"):
            raise
        print(f"gongkai: internal error ({type(e).__name__}: {one_line(e)}); "
              "run with GONGKAI_DEBUG=1 for details", file=sys.stderr)  # fmt: skip
        return 1
