"""Exports: CSV with BOM equal to the database, XLSX, formula injection neutralised."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lib import analytics, export, store
from lib.i18n import level_label

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd", '=HYPERLINK("http://x","y")'],
)
def test_formula_like_text_is_neutralised(text, tmp_path):
    df = pd.DataFrame({"body": [text], "value": [-5.0]})
    csv = export.csv_bytes(df)
    back = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig", keep_default_na=False)
    assert back.body[0] == "'" + text
    assert back.value[0] == -5.0  # numbers stay numbers, even negative ones
    wb = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(df)))
    cell = wb.active["A2"]
    assert cell.data_type == "s" and cell.value.startswith("'")
    assert wb.active["B2"].value == -5


@pytest.mark.parametrize("text", ["九间楼乡", "2020年", "a=b", "1-2"])
def test_ordinary_text_is_untouched(text):
    df = pd.DataFrame({"body": [text]})
    assert export.neutralise(df).body[0] == text


def test_csv_has_a_bom_and_chinese_columns():
    df = export.localise(pd.DataFrame({"body": ["九间楼乡"], "year": [2020]}), "zh")
    raw = export.csv_bytes(df)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines()[0] == "机关,年度"
    assert list(export.localise(pd.DataFrame({"body": [1]}), "en").columns) == ["body"]


def _cells_csv(db: Path, out: Path, *args: str) -> pd.DataFrame:
    r = subprocess.run(
        [sys.executable, "-m", "lib", "export", "--db", str(db), "--what", "cells",
         "--out", str(out), *args],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    return pd.read_csv(out, encoding="utf-8-sig")


def test_cells_export_equals_the_database(real_db, tmp_path):
    df = _cells_csv(real_db, tmp_path / "cells.csv", "--lang", "en")
    db = store.read_df(real_db, "SELECT body, year, key, value FROM report_cells")
    assert len(df) == len(db) > 0
    got = {(b, int(y), k): v for b, y, k, v in zip(df.body, df.year, df.key, df.value)}
    want = {(b, int(y), k): v for b, y, k, v in zip(db.body, db.year, db.key, db.value)}
    assert got == want


def test_export_filters_by_body_and_years(real_db, tmp_path):
    bodies = store.read_df(real_db, "SELECT body, year FROM report_list ORDER BY body")
    body, year = bodies.body[0], int(bodies.year[0])
    df = _cells_csv(real_db, tmp_path / "one.csv", "--body", body, "--years", str(year))
    assert set(df["机关"]) == {body} and set(df["年度"]) == {year}
    n = store.read_df(
        real_db, "SELECT count(*) AS n FROM report_cells WHERE body = ? AND year = ?", [body, year]
    ).n[0]
    assert len(df) == n


def test_reports_and_findings_export_xlsx(real_db, tmp_path):
    for what in ("reports", "findings"):
        out = tmp_path / f"{what}.xlsx"
        n = export.export_to_file(real_db, what, "xlsx", out, lang="zh")
        ws = openpyxl.load_workbook(out).active
        assert ws.max_row == n + 1
    rl = store.read_df(real_db, "SELECT sha256 FROM report_list")
    ws = openpyxl.load_workbook(tmp_path / "reports.xlsx").active
    header = [c.value for c in ws[1]]
    col = header.index("SHA-256")
    assert sorted(r[col] for r in ws.iter_rows(min_row=2, values_only=True)) == sorted(rl.sha256)


def test_injected_body_name_is_neutralised_in_the_export(real_db, tmp_path):
    db = tmp_path / "evil.duckdb"
    shutil.copyfile(real_db, db)
    with store.Writer(db) as w:
        w.con.execute('UPDATE bodies SET name = \'=HYPERLINK("http://evil","x")\'')
    export.export_to_file(db, "reports", "csv", tmp_path / "r.csv", lang="en")
    df = pd.read_csv(tmp_path / "r.csv", encoding="utf-8-sig")
    assert all(b.startswith("'=HYPERLINK") for b in df.body)


def test_missing_database_is_a_one_line_error(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "lib", "export", "--db", str(tmp_path / "no.duckdb"), "--what",
         "cells", "--out", str(tmp_path / "x.csv")],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert r.returncode == 1
    assert r.stderr.strip().count("\n") == 0 and "no database" in r.stderr


def test_metrics_and_supervision_exports_dispatch_to_analytics(sample_db, tmp_path):
    n = export.export_to_file(sample_db, "metrics", "csv", tmp_path / "m.csv", lang="en")
    reports = store.read_df(sample_db, "SELECT count(*) AS n FROM report_list").n[0]
    assert n == reports  # one row per current report
    df = pd.read_csv(tmp_path / "m.csv", encoding="utf-8-sig")
    assert {"body", "year", "New applications", "Handled"} <= set(df.columns)
    # a rate as a percentage beside its exact numerator and denominator
    mt = analytics.metric_table(str(sample_db)).sort_values(["county", "body", "year"])
    got = df.sort_values(["county", "body", "year"])
    pct = got["Disclosure rate (%)"].to_numpy()
    want = (mt["disclosure_rate"] * 100).round(2).to_numpy()
    assert ((pct == want) | (pd.isna(pct) & pd.isna(want))).all()
    assert (got["Disclosure rate: numerator"].fillna(-1).to_numpy()
            == mt["disclosure_rate_num"].fillna(-1).to_numpy()).all()  # fmt: skip
    assert set(got["level"]) == {level_label(c, "en") for c in mt["level"]}
    assert "town" not in set(got["level"])
    n = export.export_to_file(sample_db, "supervision", "xlsx", tmp_path / "s.xlsx", lang="zh")
    assert openpyxl.load_workbook(tmp_path / "s.xlsx").active.max_row == n + 1


def test_chinese_extracts_speak_chinese(sample_db, tmp_path):
    # 龙泉镇 2023 breaks R1 (planted): the findings extract names it in words
    f = export.extract(str(sample_db), "findings", "示例县", "龙泉镇", (2023, 2023), "zh")
    assert f.columns[-1] == "发现环节" and "源文件" not in f.columns
    row = f.iloc[0]
    assert (row["层级"], row["规则"], row["问题"], row["严重程度"], row["发现环节"]) == (
        "镇", "R1", "收支不平衡", "错误", "表格核对")  # fmt: skip
    assert row["涉及单元格"].startswith("本年新收政府信息公开申请数量 · ")
    cells = export.extract(str(sample_db), "cells", "示例县", "龙泉镇", (2023, 2023), "zh")
    assert set(cells["空白"]) <= {"是", "否"} and set(cells["已更正"]) == {"否"}
    # whole numbers are written without ".0", amounts keep their decimals
    n = export.export_to_file(sample_db, "cells", "csv", tmp_path / "c.csv", body="龙泉镇",
                              years=(2023, 2023), lang="zh")  # fmt: skip
    lines = (tmp_path / "c.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == n + 1
    total = [ln for ln in lines if ",s3.new.total," in ln][0]
    assert ",4,否,否," in total
