"""Edge cases every page must render (AppTest): first start without a database (built from the
sample folder, marked fictional), an empty warehouse, a county of one body with a gap year."""

from __future__ import annotations

import shutil

import pytest

from lib.i18n import fmt_int
from lib.markup import md_escape
from lib.parse import parse_file
from lib.ui import PAGE_ICONS, ROOT
from tests.pages_support import assert_clean, metric, open_dashboard

SAMPLE = ROOT / "data" / "sample"
PAGES = tuple(PAGE_ICONS)  # every page of the menu


@pytest.fixture
def one_body(tmp_path, monkeypatch):
    """A sample folder holding one body's 2019 and 2021 reports (2020 missing)."""
    src = SAMPLE / "示例县" / "东湖镇"
    files = sorted(p for p in src.iterdir() if p.stem in ("2019", "2021"))
    assert len(files) == 2
    folder = tmp_path / "sample" / "示例县" / "东湖镇"
    folder.mkdir(parents=True)
    for p in files:
        shutil.copy(p, folder / p.name)
    lines = (SAMPLE / "bodies.csv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "sample" / "bodies.csv").write_text(
        "\n".join([lines[0], *[ln for ln in lines if ln.startswith("东湖镇,")]]) + "\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("GONGKAI_DB", str(tmp_path / "first.duckdb"))
    monkeypatch.setenv("GONGKAI_SAMPLE", str(tmp_path / "sample"))
    monkeypatch.setenv("GONGKAI_SECRETS", str(tmp_path / "none.toml"))
    return tmp_path, files


def test_first_start_builds_the_database_and_every_page_renders(one_body):
    tmp_path, files = one_body
    assert not (tmp_path / "first.duckdb").exists()
    at = open_dashboard("overview")
    assert_clean(at)
    assert (tmp_path / "first.duckdb").exists()
    assert any("虚构" in i.value for i in at.info)  # sample data is marked fictional
    new_2021 = parse_file(files[1]).cells["s3.new.total"]
    assert metric(at, "本年新收申请").value == fmt_int(new_2021)
    assert at.selectbox(key="ov_year").options == ["2021", "2019"]
    for page in PAGES:
        at = open_dashboard(page)
        assert_clean(at)
    # a year without reports, asked for by URL, still renders
    for page in ("compare", "township", "overview"):
        at = open_dashboard(page, year=2020, body="东湖镇")
        assert_clean(at)
    at = open_dashboard("trends", metric="new")
    assert_clean(at)


def test_empty_warehouse_renders_every_page(tmp_path, monkeypatch):
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("GONGKAI_DB", str(tmp_path / "empty.duckdb"))
    monkeypatch.setenv("GONGKAI_SAMPLE", str(tmp_path / "empty"))
    monkeypatch.setenv("GONGKAI_SECRETS", str(tmp_path / "none.toml"))
    for page in PAGES:
        at = open_dashboard(page)
        assert_clean(at)
        if page != "upload":
            assert any("还没有任何报告" in i.value for i in at.info), page


def test_unreadable_database_is_a_clear_error_not_a_traceback(tmp_path, monkeypatch):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"this is not a database file" * 100)
    monkeypatch.setenv("GONGKAI_DB", str(bad))
    monkeypatch.setenv("GONGKAI_SECRETS", str(tmp_path / "none.toml"))
    at = open_dashboard("overview")
    assert not at.exception
    assert len(at.error) == 1
    assert md_escape("bad.duckdb") in at.error[0].value and "\n" not in at.error[0].value


@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_english(page, sample_db, monkeypatch, tmp_path):
    from lib.i18n import t

    monkeypatch.setenv("GONGKAI_DB", str(sample_db))
    monkeypatch.setenv("GONGKAI_SECRETS", str(tmp_path / "none.toml"))
    at = open_dashboard(page, lang="en")
    assert_clean(at)
    assert at.title[0].value == t(f"page.{page}", "en")
    assert any("fictional" in i.value for i in at.info)
