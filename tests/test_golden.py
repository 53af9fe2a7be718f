"""Every real report under tests/fixtures/reports parses to exactly its hand-checked truth."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lib.parse import parse_file

FIXTURES = Path(__file__).parent / "fixtures" / "reports"
# Scans of reports whose text versions are above: kept apart, as the fixture warehouse holds
# one report per body and year.
SCANS = Path(__file__).parent / "fixtures" / "scans"
TRUTHS = sorted(FIXTURES.glob("*.truth.json")) + sorted(SCANS.glob("*.truth.json"))


def _source(truth: Path) -> Path:
    slug = truth.name[: -len(".truth.json")]
    return next(p for p in truth.parent.glob(slug + ".*") if not p.name.endswith(".truth.json"))


def norm_body(s: str | None) -> str:
    """As ../shared/tools/score_corpus.py compares bodies."""
    return re.sub(r"(人民政府|政府|办事处)$", "", (s or "").strip())


@pytest.mark.parametrize("truth_path", TRUTHS, ids=lambda p: p.name[: -len(".truth.json")])
def test_report_matches_truth(truth_path):
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    rep = parse_file(_source(truth_path))
    assert norm_body(rep.body) == norm_body(truth["body"])
    assert rep.year == truth["year"]
    assert rep.template == str(truth["template"])
    wrong = {
        k: (rep.cells.get(k), v)
        for k, v in truth["cells"].items()
        if k not in rep.cells or abs(float(rep.cells[k]) - float(v)) > 1e-6
    }
    assert wrong == {}, f"cells (got, want): {wrong}"
    if "published" in truth:
        assert rep.published == truth["published"]
    if "blank_keys" in truth:
        blank = {k for k in rep.blank if k in truth["cells"]}
        assert blank == set(truth["blank_keys"])


def test_fixtures_present():
    assert len(TRUTHS) >= 5


@pytest.mark.parametrize(
    "name", ["jiujianlou-2020.txt", "shuyang-county-gov-2025.md"], ids=lambda n: n.split(".")[0]
)
def test_provenance_points_at_the_line_holding_the_value(name):
    """For text files every read cell names its line; that line holds the cell's number."""
    from lib.parse.values import parse_value

    rep = parse_file(FIXTURES / name)
    lines = (FIXTURES / name).read_text(encoding="utf-8").split("\n")
    checked = 0
    for key, where in rep.provenance.items():
        if key in rep.derived:
            continue
        n = int(where.removeprefix("line "))
        line = lines[n - 1].strip()
        cells = [c.strip() for c in line.strip("|").split("|")] if "|" in line else [line]
        assert any((v := parse_value(c)) is not None and v.num == rep.cells[key] for c in cells), (
            key,
            where,
            line,
        )
        checked += 1
    assert checked >= 190


def test_provenance_of_pdf_cells_names_page_table_row_and_column():
    rep = parse_file(FIXTURES / "huaian-city-gov-2024.pdf")
    assert rep.provenance["s4.review_total"] == "page 5 table 2 row 4 col 5"
    assert rep.provenance["s3.unable_not_held.total"].startswith("page 4 ")
    assert rep.provenance["s3.unable_needs_creation.total"].startswith("page 5 ")
