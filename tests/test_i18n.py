"""lib.i18n: every string in both languages, placeholders consistent, formatting for people."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from lib.i18n import STRINGS, fmt_delta, fmt_int, fmt_pct, level_label, t

ROOT = Path(__file__).resolve().parent.parent


def _fields(s: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(s) if f}


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_both_languages_present_with_same_placeholders(key):
    zh, en = STRINGS[key]
    assert zh.strip() and en.strip()
    assert _fields(zh) == _fields(en)


def test_string_tables_do_not_overlap():
    # STRINGS merges the tables; a key in two of them would silently lose one translation
    from lib.strings import TABLES

    assert len(STRINGS) == sum(len(table) for table in TABLES)


def test_lookup_and_placeholders():
    assert t("page.overview") == "总览"
    assert t("page.overview", "en") == "Overview"
    assert (
        t("township.no_report", "zh", body="九间楼乡", year=2020)
        == "九间楼乡 没有 2020 年度的报告。"
    )
    assert t("no.such.key", "en") == "no.such.key"


def test_number_formatting():
    assert fmt_int(1234567) == "1,234,567"
    assert fmt_int(12.0) == "12"
    assert fmt_int(190.457379) == "190.46"
    assert fmt_int(None) == "—" and fmt_int(float("nan")) == "—"
    assert fmt_pct(0.1234) == "12.3%" and fmt_pct(1) == "100.0%"
    assert fmt_pct(None) == "—"
    assert fmt_delta(3) == "+3" and fmt_delta(-1200) == "-1,200" and fmt_delta(0) == "0"
    assert fmt_delta(0.025, pct=True) == "+2.5 pp"
    assert level_label("town") == "镇" and level_label("subdistrict", "en").startswith(
        "Subdistrict"
    )


def _string_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    doc_nodes = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                doc_nodes.add(id(first.value))
    return [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in doc_nodes
    ]


PAGES = sorted((ROOT / "pages").glob("*.py")) + [ROOT / "dashboard.py"]


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_pages_hold_no_chinese_text_of_their_own(path):
    """UI text lives in lib.i18n: no page has a Chinese literal (its strings are keys/ids)."""
    cjk = re.compile(r"[\u4e00-\u9fff]")
    offenders = [s for s in _string_literals(path) if cjk.search(s)]
    assert offenders == []


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_every_key_used_by_pages_exists(path):
    src = path.read_text(encoding="utf-8")
    used = set(re.findall(r"""\bt\(\s*["']([a-z0-9_.]+)["']""", src))
    # a key ending with "." is a prefix completed at run time (e.g. "severity." + code)
    prefixes = {k for k in used if k.endswith(".")}
    missing = sorted(k for k in used - prefixes if k not in STRINGS)
    for pre in prefixes:
        assert any(k.startswith(pre) for k in STRINGS), pre
    assert missing == []


def test_english_column_names_are_words_not_identifiers():
    # "days_late" and "report_id" on an English page are internal keys, not labels
    snake = {k: en for k, (_, en) in STRINGS.items() if k.startswith("col.") and "_" in en}
    assert snake == {}


SAME_THING = {frozenset({"col.user", "col.user_name"})}  # the person, under two column names


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_two_column_names_share_a_label(lang):
    # the English 整改 table had "issue" twice (kind of issue, and the check): Arrow refused it
    by_label: dict[str, set[str]] = {}
    for key, (zh, en) in STRINGS.items():
        if key.startswith("col."):
            by_label.setdefault(zh if lang == "zh" else en, set()).add(key)
    clashes = [keys for keys in by_label.values() if len(keys) > 1 and keys not in SAME_THING]
    assert clashes == []
