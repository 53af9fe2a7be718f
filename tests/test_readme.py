"""The README stays true: the two commands first, the metrics table generated from the catalogue."""

import re
from pathlib import Path

from lib.analytics.metrics import METRICS, metrics_markdown

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _table(md: str) -> list[str]:
    return [line for line in md.splitlines() if line.startswith("|")]


def test_readme_opens_with_the_two_commands():
    first_block = README.split("```")[1]
    assert "make run" in first_block and "make test" in first_block
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_metrics_table_is_the_catalogue():
    block = README.split("<!-- metrics:start -->")[1].split("<!-- metrics:end -->")[0]
    assert _table(block) == _table(metrics_markdown())
    for m in METRICS:
        assert f"`{m.id}`" in block
