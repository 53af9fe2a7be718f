"""Report-derived text never becomes markup: on every page, each string Streamlit renders as
Markdown (text, captions, alerts, labels, help, link labels) shows a hostile name escaped.

The warehouse (tests/dbfixture.build_hostile_db) holds bodies named like
`[点此登录](http://evil.example/x)![t](…)镇`, a county `[县](http://evil.example/county)县` and
file names `[文件](javascript:alert(1))…`. The browser test checks the rendered page too.
"""

from __future__ import annotations

import re

import pytest
from google.protobuf.json_format import MessageToDict

from lib.markup import md_escape
from tests.dbfixture import DIRECTIVE_BODY, FORMULA_BODY, HOSTILE_BODY, HOSTILE_COUNTY
from tests.pages_support import assert_clean, open_dashboard

# Proto fields that Streamlit renders as Markdown (widget options and table cells are text).
MARKDOWN_FIELDS = {"body", "label", "help", "tooltip", "caption"}
# An unescaped link or image: ']' followed by '(' with no backslash before the bracket.
LINK = re.compile(r"(?<!\\)\]\(")
DIRECTIVE = re.compile(r"(?<!\\):red(?<!\\)\[")


def _markdown_strings(at) -> list[str]:
    out: list[str] = []

    def strings(d, key=None):
        if isinstance(d, dict):
            for k, v in d.items():
                strings(v, k)
        elif isinstance(d, list):
            for v in d:
                strings(v, key)
        elif isinstance(d, str) and key in MARKDOWN_FIELDS:
            out.append(d)

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            strings(MessageToDict(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return out


@pytest.fixture
def hostile(hostile_db, monkeypatch, tmp_path):
    monkeypatch.setenv("GONGKAI_DB", str(hostile_db))
    monkeypatch.setenv("GONGKAI_SECRETS", str(tmp_path / "no-secrets.toml"))
    return hostile_db


@pytest.mark.parametrize(
    "page, params",
    [
        ("overview", {}),
        ("township", {"body": HOSTILE_BODY, "year": 2021}),
        ("township", {"body": FORMULA_BODY, "year": 2021}),
        ("copied", {}),
        ("quality", {}),
        ("rectify", {}),
        ("compare", {}),
        ("trends", {}),
        ("export", {}),
    ],
)
def test_hostile_names_are_shown_as_text(hostile, page, params):
    at = open_dashboard(page, **params)
    assert_clean(at)
    texts = _markdown_strings(at)
    assert texts, "no Markdown found: the scan itself is broken"
    bad = [s for s in texts if LINK.search(s) or DIRECTIVE.search(s) or "<img" in s]
    assert not bad, bad


def test_the_scan_sees_the_names(hostile):
    """The names do reach Markdown (escaped): the test above would catch them unescaped."""
    at = open_dashboard("overview")
    texts = "\n".join(_markdown_strings(at))
    for name in (HOSTILE_BODY, FORMULA_BODY, DIRECTIVE_BODY):
        assert md_escape(name) in texts  # the overview's township links
    at = open_dashboard("township", body=HOSTILE_BODY, year=2021)
    texts = "\n".join(_markdown_strings(at))
    assert md_escape(FORMULA_BODY) in texts  # its copied-text pair links to the other body
    assert "javascript" in texts  # the source file's name, in the caption


def test_county_name_is_never_markup(hostile):
    at = open_dashboard("overview")
    assert HOSTILE_COUNTY in at.sidebar.selectbox[0].options  # a plain option, as written
    assert not [s for s in _markdown_strings(at) if HOSTILE_COUNTY in s]
