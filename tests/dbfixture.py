"""THE one fixture-database builder, shared by unit tests, AppTest and the browser test.

`build_sample_db(path)` ingests data/sample (with its bodies.csv) exactly as the dashboard's
first start does (lib.ingest.ensure_database), so every test sees the same database.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "data" / "sample"
REAL_REPORTS = ROOT / "tests" / "fixtures" / "reports"


def build_sample_db(path: Path) -> Path:
    """Build a fresh warehouse from data/sample at `path` and return `path`."""
    from lib.ingest import ensure_database

    if not (SAMPLE_DIR / "bodies.csv").exists():
        raise FileNotFoundError(f"{SAMPLE_DIR}/bodies.csv missing: run `python -m lib sample`")
    ensure_database(Path(path), SAMPLE_DIR, force=True)
    return Path(path)


def build_real_db(path: Path) -> Path:
    """A warehouse of the real reports in tests/fixtures/reports (no registry: unassigned)."""
    from lib.ingest import ingest_paths

    ingest_paths([REAL_REPORTS], Path(path), user="fixture")
    return Path(path)
