"""Shared fixtures: databases built once per test session by tests/dbfixture.py."""

from __future__ import annotations

import pytest

from tests.dbfixture import (
    REAL_REPORTS,
    SAMPLE_DIR,
    build_hostile_db,
    build_real_db,
    build_sample_db,
)


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory):
    """data/sample ingested with its bodies.csv (read-only for tests: copy before writing)."""
    if not (SAMPLE_DIR / "bodies.csv").exists():
        pytest.fail(f"{SAMPLE_DIR} has no bodies.csv: the sample county is part of the repo")
    yield build_sample_db(tmp_path_factory.mktemp("sample_db") / "sample.duckdb")


@pytest.fixture(scope="session")
def real_db(tmp_path_factory):
    """The real reports of tests/fixtures/reports ingested (read-only for tests)."""
    if not REAL_REPORTS.is_dir():
        pytest.fail(f"{REAL_REPORTS} missing")
    yield build_real_db(tmp_path_factory.mktemp("real_db") / "real.duckdb")


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory):
    """Reports whose body, county and file names carry Markdown links, images and formulas."""
    yield build_hostile_db(tmp_path_factory.mktemp("hostile_db") / "hostile.duckdb")
