"""A shared link may be old, edited or mistyped: every page renders (no exception, no error box)
for parameters naming what does not exist, years out of range, or not numbers at all."""

from __future__ import annotations

import pytest

from tests.pages_support import app, assert_clean

__all__ = ["app"]

CASES = [
    ("township", {"body": "龙泉镇", "year": 2020}),  # not filed
    ("township", {"body": "不存在镇", "year": 2020}),
    ("township", {"body": "龙泉镇", "year": 1999}),
    ("contrast", {"body": "龙泉镇", "a": 2020, "b": 2021}),
    ("contrast", {"body": "龙泉镇", "a": 2025, "b": 2019}),
    ("contrast", {"body": "龙泉镇", "a": "x", "b": ""}),
    ("trends", {"bodies": "龙泉镇", "metric": "nonsense"}),
    ("compare", {"metric": "nonsense", "year": 1900}),
    ("rectify", {"status": "bogus", "r_body": "不存在"}),
    ("quality", {"rule": "ZZZ", "severity": "x"}),
    ("overview", {"from": 2030, "to": 2020}),
    ("copied", {"year": "abc"}),
    ("export", {"what": "nothing"}),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page, params", CASES)
def test_odd_url_parameters_never_break_a_page(app, page, params, lang):
    at = app(page, lang=lang, **params)
    assert_clean(at)
