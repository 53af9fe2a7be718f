"""Small pure rules of the hardening work, as tables: names made storable and printable,
report text made inert in Markdown and HTML, names that are only a level word refused."""

from __future__ import annotations

import re

import pytest

from lib.errors import GongkaiError, one_line, safe_text
from lib.markup import html_text, md_escape
from lib.parse.registry import names_no_body

WJ = "\u2060"


@pytest.mark.parametrize(
    "raw, stored, printed",
    [
        ("东湖镇/2023.pdf", "东湖镇/2023.pdf", "东湖镇/2023.pdf"),
        (b"bad\xff\xfe.txt".decode("utf-8", "surrogateescape"), "bad\\xff\\xfe.txt",
         "bad\\xff\\xfe.txt"),
        ("new\nline.txt", "new\nline.txt", "new\\nline.txt"),
        ("a\rb\tc", "a\rb\tc", "a\\rb\\tc"),
        ("bell\x07\x1b[31mred", "bell\x07\x1b[31mred", "bell\\x07\\x1b[31mred"),
        ("rtl\u202eexe.txt", "rtl\u202eexe.txt", "rtl\\u202eexe.txt"),
        ("lone\ud800", "lone\\ud800", "lone\\ud800"),
    ],
)  # fmt: skip
def test_names_are_stored_and_printed_safely(raw, stored, printed):
    assert safe_text(raw) == stored
    stored.encode("utf-8")  # storable anywhere
    assert one_line(raw) == printed
    assert printed.isprintable()


def test_an_error_names_the_file_on_one_line():
    e = GongkaiError("a\nb\udcff.txt", "bad\nthing")
    assert str(e) == "a\\nb\\xff.txt: bad\\nthing"
    assert e.file == "a\nb\\xff.txt"


@pytest.mark.parametrize(
    "text, absent",
    [
        ("[点此登录](http://e.example/x)", "]("),
        ("![t](http://e.example/t.png)", "!["),
        (":red[警告]", ":red["),
        ("<img src=x onerror=alert(1)>", "<img"),
        ("**粗体**", "**"),
        ("http://e.example/x", "http:"),  # a bare URL: GFM would make it a link
        ("www.e.example", "www."),
        ("a@e.example", "a@e"),
    ],
)
def test_markdown_escape(text, absent):
    out = md_escape(text)
    assert absent not in re.sub(r"\\.", "", out)  # not even once escapes are read
    assert re.sub(r"\\(.)", r"\1", out).replace(WJ, "") == text  # the same text when shown


@pytest.mark.parametrize(
    "text", ["[a](http://e.example)", "见 www.e.example 与 x@e.example", "<b>镇</b> *x* _y_"]
)
def test_html_text_is_inert(text):
    import html

    out = html_text(text)
    assert not re.search(r"[\[\]()<>*_:@]|www\.|http:", out.replace("&#", "").replace(";", ""))
    assert html.unescape(out).replace(WJ, "") == text


@pytest.mark.parametrize(
    "name, refused",
    [("镇", True), ("街道", True), ("人民政府", True), ("县政府", True), ("局", True),
     ("【镇】", True), ("**镇**", True), ("“乡”", True), ("x", True), ("", True),
     ("东湖镇", False), ("九间楼乡人民政府", False), ("科委", False), ("示例县", False),
     ("城南街道", False)],
)  # fmt: skip
def test_a_level_word_is_not_a_body(name, refused):
    assert names_no_body(name) is refused
