"""lib.analytics.contrast: one body's two years side by side — cells with changes (checked
against SQL on the sample warehouse), the sentence diff of the prose as a table of cases."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.analytics.contrast import (
    DROPPED,
    EDITED,
    FIGURES,
    NEW,
    SAME,
    carried_share,
    cell_contrast,
    contrast,
    prose_diff,
)
from lib.store import read_df

A = "2023年，本镇共收到申请12件。全年主动公开信息56条。我们将进一步加强培训。"


@pytest.mark.parametrize(
    "later, expected",
    [
        (A.replace("2023", "2024").replace("12", "15").replace("56", "61"),
         [FIGURES, FIGURES, SAME]),
        (A, [SAME, SAME, SAME]),
        ("2023年，本镇共收到申请12件。全年主动公开信息56条。我们将进一步加强业务培训和考核。",
         [SAME, SAME, EDITED]),
        ("2023年，本镇共收到申请12件。今年新建了政务公开专区。",
         [SAME, NEW, DROPPED, DROPPED]),
        ("", [DROPPED, DROPPED, DROPPED]),
    ],
    ids=["figures-only", "word-for-word", "one-clause-added", "new-and-dropped", "empty"],
)  # fmt: skip
def test_sentence_diff(later, expected):
    assert [st for st, _, _ in prose_diff(A, later)] == expected


def test_edited_sentence_keeps_its_earlier_wording():
    later = "我们将进一步加强业务培训和考核。"
    (status, sentence, before), *rest = prose_diff(A, later)
    assert (status, sentence, before) == (EDITED, later, "我们将进一步加强培训。")
    assert [st for st, _, _ in rest] == [DROPPED, DROPPED]


def test_carried_share_counts_only_later_text():
    diff = prose_diff("甲乙丙丁。", "甲乙丙丁。新的一句话呀。")
    assert carried_share(diff) == pytest.approx(5 / 12)
    assert carried_share(prose_diff("甲。", "")) is None


def _cells(d: dict) -> pd.DataFrame:
    return pd.DataFrame({"key": list(d), "value": list(d.values()), "blank": False})


def test_cell_contrast_keeps_keys_of_one_template_only():
    a = _cells({"s3.new.total": 10.0, "s3.other_misc.total": 2.0, "s4.review_total": None})
    b = _cells({"s3.new.total": 13.0, "s2.rules.made": 1.0, "s4.review_total": 0.0})
    c = cell_contrast(a, b, "2021").set_index("key")
    assert c.loc["s3.new.total", ["a", "b", "delta", "changed"]].tolist() == [10, 13, 3, True]
    assert pd.isna(c.loc["s3.other_misc.total", "b"]) and pd.isna(
        c.loc["s3.other_misc.total", "delta"]
    )
    assert pd.isna(c.loc["s2.rules.made", "a"]) and c.loc["s2.rules.made", "b"] == 1
    # a blank cell is not a zero: no change can be computed
    assert pd.isna(c.loc["s4.review_total", "a"]) and bool(c.loc["s4.review_total", "changed"])
    # the later report's template order first, then what only the other template has
    assert list(c.index) == [
        "s3.new.total",
        "s4.review_total",
        "s2.rules.made",
        "s3.other_misc.total",
    ]


def _v(x):
    return None if pd.isna(x) else float(x)


def _sql_cells(db, body, year) -> dict:
    df = read_df(
        db,
        "SELECT c.key, c.value FROM cells c JOIN reports r USING (report_id) "
        "JOIN bodies b ON b.body_id = r.body_id WHERE r.current AND b.name = ? AND r.year = ?",
        [body, year],
    )
    return {k: (None if pd.isna(v) else float(v)) for k, v in zip(df["key"], df["value"])}


@pytest.mark.parametrize("body, a, b", [("东湖镇", 2023, 2024), ("梨园乡", 2021, 2022)])
def test_contrast_on_the_sample_matches_sql(sample_db, body, a, b):
    view = contrast(str(sample_db), {"county": "示例县"}, body, a, b)
    cells = view["cells"].set_index("key")
    sa, sb = _sql_cells(sample_db, body, a), _sql_cells(sample_db, body, b)
    assert set(cells.index) == set(sa) | set(sb)
    for k in cells.index:
        assert _v(cells.at[k, "a"]) == sa.get(k) and _v(cells.at[k, "b"]) == sb.get(k), k
        if sa.get(k) is not None and sb.get(k) is not None:
            assert cells.at[k, "delta"] == sb[k] - sa[k]
    for y in (a, b):
        n = read_df(
            sample_db,
            "SELECT count(*) AS n FROM findings f JOIN reports r ON r.report_id = f.report_id "
            "JOIN bodies bo ON bo.body_id = r.body_id WHERE r.current AND bo.name = ? AND r.year = ?",
            [body, y],
        )["n"].iloc[0]
        assert len(view["findings"][y]) == n
    assert view["prose"]["s1"] and 0 <= view["carried"] <= 1


def test_template_change_is_visible(sample_db):
    # 梨园乡 2021 is still on the 2019 template (planted), 2022 on the 2021 one
    view = contrast(str(sample_db), {"county": "示例县"}, "梨园乡", 2021, 2022)
    tpl = dict(zip(view["reports"]["year"], view["reports"]["template"]))
    assert tpl == {2021: "2019", 2022: "2021"}
    cells = view["cells"].set_index("key")
    # s2.rules.made is a 2019 item, s2.rules.issued its 2021 successor
    assert pd.isna(cells.loc["s2.rules.issued", "a"]) and pd.notna(
        cells.loc["s2.rules.issued", "b"]
    )
    assert pd.notna(cells.loc["s2.rules.made", "a"]) and pd.isna(cells.loc["s2.rules.made", "b"])


def test_a_year_without_report_is_named(sample_db):
    view = contrast(str(sample_db), {"county": "示例县"}, "龙泉镇", 2019, 2020)
    assert view["missing"] == [2020]
