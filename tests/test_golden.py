"""Every real report under tests/fixtures/reports parses to exactly its hand-checked truth."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lib.parse import parse_file

FIXTURES = Path(__file__).parent / "fixtures" / "reports"
TRUTHS = sorted(FIXTURES.glob("*.truth.json"))


def _source(truth: Path) -> Path:
    slug = truth.name[: -len(".truth.json")]
    return next(p for p in FIXTURES.glob(slug + ".*") if not p.name.endswith(".truth.json"))


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
