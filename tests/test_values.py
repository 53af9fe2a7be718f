"""Cell text → value: digits, full-width, signs, decimals, separators, units, blanks."""

from __future__ import annotations

import pytest

from lib.parse.values import Value, parse_value, token_value, wan, yuan


@pytest.mark.parametrize(
    ("raw", "num", "blank", "unit"),
    [
        ("0", 0, False, None),
        ("12", 12, False, None),
        ("１２", 12, False, None),  # full-width digits
        (" 3119 ", 3119, False, None),
        ("-8", -8, False, None),  # 本年增/减 may be negative
        ("－８", -8, False, None),
        ("−3", -3, False, None),  # U+2212 minus
        ("190.457379", 190.457379, False, None),
        ("7730.28", 7730.28, False, None),
        ("1,234", 1234, False, None),
        ("12,345,678", 12345678, False, None),
        ("251000元", 251000, False, "元"),
        ("25.1万元", 25.1, False, "万元"),
        ("22（其中修订 16 件）", 22, False, None),  # annotation inside the cell
        ("22(其中修订16件)", 22, False, None),
        ("5件", 5, False, None),
        ("", 0, True, None),
        ("\u00a0", 0, True, None),  # &nbsp;
        (" ", 0, True, None),
        ("-", 0, True, None),
        ("—", 0, True, None),
        ("——", 0, True, None),
        ("/", 0, True, None),
        ("无", 0, True, None),
    ],
)
def test_cell_values(raw, num, blank, unit):
    v = parse_value(raw)
    assert v is not None
    assert v.num == pytest.approx(num)
    assert v.blank is blank
    assert v.unit == unit


@pytest.mark.parametrize(
    "raw", ["1.属于国家秘密", "规章", "（一）予以公开", "第二十条第（一）项", "2.重复申请", "总计"]
)
def test_labels_are_not_values(raw):
    assert parse_value(raw) is None


@pytest.mark.parametrize(
    ("tok", "expect"),
    [("12", 12), ("-", None), ("0", 0), ("无", "label"), ("2024年", "label"), ("1.属于", "label")],
)
def test_tokens_of_running_text(tok, expect):
    v = token_value(tok)
    if expect == "label":
        assert v is None
    elif expect is None:
        assert v is not None and v.blank
    else:
        assert v is not None and v.num == expect and not v.blank


def test_amount_units():
    assert yuan(parse_value("25.1万元"), None) == (251000.0, "万元")
    assert yuan(parse_value("251000元"), None) == (251000.0, "元")
    assert yuan(parse_value("25.1"), "万元") == (251000.0, "万元")  # unit from the header
    assert yuan(parse_value("300"), None) == (300.0, "unknown")
    assert wan(parse_value("7545")) == (7545.0, "万元")
    assert wan(parse_value("15000元")) == (1.5, "元")
    assert isinstance(parse_value("1"), Value)


def test_fees_header_in_yuan_is_converted_to_wan():
    assert wan(parse_value("75450"), "元") == (7.545, "元")
    assert wan(parse_value("7545"), "万元") == (7545.0, "万元")
