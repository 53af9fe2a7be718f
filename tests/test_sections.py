"""Which lines are page footers (dropped) and which are values (kept): a table of raw lines."""

from __future__ import annotations

import pytest

from lib.parse.sections import is_footer


@pytest.mark.parametrize(
    ("line", "footer"),
    [
        ("— 5 —", True),
        ("- 5 -", True),
        ("-12-", True),
        ("第 5 页", True),
        ("第5页 共12页", True),
        ("5/12", True),
        # a negative 本年增/减 on a line of its own (a table pasted as one cell per line)
        ("-193", False),
        ("-8", False),
        ("－3", False),
        ("12", False),
        ("（一）予以公开 5 0 0 0 0 0 5", False),
    ],
)
def test_page_footer_lines(line, footer):
    assert is_footer(line) is footer
