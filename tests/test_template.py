"""The template as data: key counts per template match the spec's tables."""

import pytest

from lib.template import KEYS, RULES, template_keys


@pytest.mark.parametrize(
    ("template", "single_other", "count"),
    [
        # 2019: s2 22 cells, s3 23 rows x 7, s4 15
        ("2019", False, 22 + 23 * 7 + 15),
        # 2021: s2 10 cells, s3 25 rows x 7 + derived other x 7, s4 15
        ("2021", False, 10 + 26 * 7 + 15),
        # 2021 tables with the single 2019 （六） row
        ("2021", True, 10 + 23 * 7 + 15),
    ],
)
def test_template_key_counts(template, single_other, count):
    keys = template_keys(template, single_other)
    assert len(keys) == count
    assert len(set(keys)) == count
    assert all(k in KEYS for k in keys)


def test_key_metadata():
    k = KEYS["s3.withheld_secret.natural"]
    assert (k.section, k.row, k.col) == (3, "withheld_secret", "natural")
    assert k.row_zh == "属于国家秘密" and k.col_zh == "自然人"
    assert KEYS["s2.licensing.change"].kind == "signed"
    assert KEYS["s2.fees.amount_wan"].kind == "amount"
    assert KEYS["s4.suit_after_pending"].col_zh == "尚未审结"
    assert KEYS["s3.other.total"].templates == ("2019", "2021")
    assert KEYS["s3.other_misc.total"].templates == ("2021",)


def test_rules_listed():
    assert [r.id for r in RULES] == ["R1", "R2", "R3", "R4", "R5", "R6", "R7", "OCR"]
    assert {r.severity for r in RULES if r.id in ("R5", "R6", "OCR")} == {"warning"}


def test_every_template_label_read_back_from_traditional_script():
    """Portals mirror reports in traditional script: each label and stem of the template,
    converted to traditional, normalises back to itself (本年增/減 once did not: 減 was missing
    from the quick test for traditional characters)."""
    from opencc import OpenCC

    from lib.parse.text import label
    from lib.template import S2, S3_COLUMNS, S3_ROWS

    to_trad = OpenCC("s2t").convert
    words = {c.zh for c in S3_COLUMNS} | {r.zh for r in S3_ROWS}
    words |= {s for r in (*S3_ROWS, *S3_COLUMNS) for s in r.stems}
    for groups in S2.values():
        for g in groups:
            words |= {x.zh for x in (*g.rows, *g.columns)}
            words |= {s for x in (*g.rows, *g.columns) for s in x.stems}
    words = {w for w in words if w and "文件" not in w}  # 文件 may come back as 檔案 → 文件
    wrong = {w: label(to_trad(w)) for w in words if label(to_trad(w)) != label(w)}
    assert wrong == {}
