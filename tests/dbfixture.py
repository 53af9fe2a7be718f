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


# Names a hostile publisher (or a careless one) could put in a report's title, a registry or a
# file name: Markdown links and images to an outside host, a spreadsheet formula, Streamlit
# directives. Every page must show them as text (tests/test_hardening_*.py, the browser test).
EVIL_HOST = "evil.example"
HOSTILE_BODY = f"[点此登录](http://{EVIL_HOST}/x)![t](http://{EVIL_HOST}/t.png)镇"
FORMULA_BODY = f'=HYPERLINK("http://{EVIL_HOST}","点击")镇'
DIRECTIVE_BODY = ":red[**警告**]街道"
HOSTILE_COUNTY = f"[县](http://{EVIL_HOST}/county)县"
HOSTILE_FILE = "[文件](javascript:alert(1))"  # no '/': it is a file name


def build_hostile_db(path: Path) -> Path:
    """A warehouse whose body, county and file names are hostile (see HOSTILE_BODY …): the
    real jiujianlou report retitled, two years of one body (a year-on-year copy) and two other
    bodies in the same year (same-year copies), plus one file that fails to parse."""
    from lib.ingest import ingest_paths

    path = Path(path)
    src = path.parent / (path.stem + "-reports")
    folder = src / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    text = (REAL_REPORTS / "jiujianlou-2020.txt").read_text(encoding="utf-8").split("\n", 1)[1]
    for i, (body, year) in enumerate(
        ((HOSTILE_BODY, 2020), (HOSTILE_BODY, 2021), (FORMULA_BODY, 2021), (DIRECTIVE_BODY, 2021))
    ):
        title = f"{body}{year}年政府信息公开工作年度报告\n"
        (folder / f"{HOSTILE_FILE}{i}-{year}.txt").write_text(
            title + text.replace("2020", str(year)), encoding="utf-8"
        )
    (folder / f"{HOSTILE_FILE}-bad.txt").write_text("不是年度报告", encoding="utf-8")
    registry = src / "bodies.csv"
    rows = [f'"{b.replace(chr(34), chr(34) * 2)}",{HOSTILE_COUNTY},town'
            for b in (HOSTILE_BODY, FORMULA_BODY)]  # fmt: skip
    rows.append(f"{DIRECTIVE_BODY},{HOSTILE_COUNTY},subdistrict")
    registry.write_text("name,county,level\n" + "\n".join(rows) + "\n", encoding="utf-8")
    ingest_paths([folder], path, registry=registry, user="fixture")
    return path
