"""Township page, corrections and revisions (AppTest on copies of the sample warehouse): only a
signed-in supervisor sees the forms; a correction is stored with who/why and checked with SQL,
the page marks the corrected number with the value as read and drops the finding it fixed;
undo puts the value back; an earlier revision is made current again; a refusal writes nothing.

龙泉镇 2023 is planted with 本年新收 one too high (R1); 城北街道 2024 was revised."""

from __future__ import annotations

import shutil

from lib import auth
from lib.store import db_identity, read_df
from tests.pages_support import app, assert_clean, open_dashboard

__all__ = ["app"]


def _signed_in(sample_db, tmp_path, monkeypatch, **params):
    db = tmp_path / "w.duckdb"
    shutil.copy(sample_db, db)
    secrets = tmp_path / "secrets.toml"
    auth.add_user(secrets, "li", "li-password-1")
    monkeypatch.setenv("GONGKAI_DB", str(db))
    monkeypatch.setenv("GONGKAI_SECRETS", str(secrets))
    at = open_dashboard("township", **params)
    at.text_input(key="login_user").input("li")
    at.text_input(key="login_password").input("li-password-1")
    at.button(key="FormSubmitter:login_form-登录").click().run()
    assert_clean(at)
    return at, db


def _submit(at, form: str, label: str):
    at.button(key=f"FormSubmitter:{form}-{label}").click().run()
    assert_clean(at)


def _rid(db, body, year) -> int:
    return int(read_df(db, "SELECT r.report_id FROM reports r JOIN bodies b USING (body_id) "
                           "WHERE r.current AND b.name = ? AND r.year = ?", [body, year])["report_id"][0])  # fmt: skip


def _value(db, rid, key) -> float:
    return float(read_df(db, "SELECT value FROM cells WHERE report_id = ? AND key = ?",
                         [rid, key])["value"][0])  # fmt: skip


def test_without_login_there_is_no_form(app):
    at = app("township", body="龙泉镇", year=2023)
    assert not [s for s in at.selectbox if s.key == "cx_key"]
    assert any("adduser" in w.value for w in at.warning)


def test_a_signed_in_supervisor_corrects_and_undoes_a_number(sample_db, tmp_path, monkeypatch):
    at, db = _signed_in(
        sample_db, tmp_path, monkeypatch, body="龙泉镇", year=2023, cell="s3.new.total"
    )
    rid = _rid(db, "龙泉镇", 2023)
    assert any(f.value.startswith("**收支不平衡**") for f in at.warning)
    for key in ("s3.new.natural", "s3.new.total"):
        at.selectbox(key="cx_key").set_value(key)
        at.number_input(key="cx_value").set_value(3.0)
        at.text_input(key="cx_reason").input("原件为 3 件")
        _submit(at, f"correct_{rid}", "更正")
        assert any(s.value.endswith("：4 → 3；规则已重新核对。") for s in at.success)
    log = read_df(db, "SELECT key, original, value, reason, user_name FROM corrections ORDER BY 1")
    assert log.values.tolist() == [["s3.new.natural", 4.0, 3.0, "原件为 3 件", "li"],
                                   ["s3.new.total", 4.0, 3.0, "原件为 3 件", "li"]]  # fmt: skip
    assert _value(db, rid, "s3.new.total") == 3.0
    # the page: the finding is gone, the number is marked, its record is beside it
    assert not any(f.value.startswith("**收支不平衡**") for f in at.warning)
    assert any(c.value.startswith("蓝色为更正过的数字") for c in at.caption)
    panel = [i.value for i in at.info if "读取位置" in i.value]
    assert panel and "已更正：原识读值 4，li 于" in panel[0] and "更正为 3" in panel[0]
    hist = [d.value for d in at.dataframe if "更正时间" in d.value.columns][0]
    assert sorted(hist["涉及位置"]) == [
        "本年新收政府信息公开申请数量 · 总计",
        "本年新收政府信息公开申请数量 · 自然人",
    ]
    assert set(hist["用户"]) == {"li"} and set(hist["原识读值"]) == {4.0}
    # undo one: the value as read is back, the history has three rows
    at.selectbox(key="cx_undo_key").set_value("s3.new.total")
    at.text_input(key="cx_undo_reason").input("核对有误")
    _submit(at, f"undo_{rid}", "撤销更正（恢复原值）")
    assert _value(db, rid, "s3.new.total") == 4.0
    kinds = read_df(db, "SELECT kind FROM corrections ORDER BY correction_id")["kind"].tolist()
    assert kinds == ["correct", "correct", "undo"]
    assert len([d.value for d in at.dataframe if "更正时间" in d.value.columns][0]) == 3


def test_a_correction_without_reason_is_refused(sample_db, tmp_path, monkeypatch):
    at, db = _signed_in(sample_db, tmp_path, monkeypatch, body="龙泉镇", year=2023)
    rid = _rid(db, "龙泉镇", 2023)
    before = db_identity(db)
    at.selectbox(key="cx_key").set_value("s3.new.total")
    at.number_input(key="cx_value").set_value(3.0)
    at.button(key=f"FormSubmitter:correct_{rid}-更正").click().run()
    assert [e.value for e in at.error] == ["未保存：请写明理由"]
    assert db_identity(db) == before


def test_an_earlier_revision_is_made_current(sample_db, tmp_path, monkeypatch):
    at, db = _signed_in(sample_db, tmp_path, monkeypatch, body="城北街道", year=2024)
    now = _rid(db, "城北街道", 2024)
    (old,) = read_df(db, "SELECT report_id FROM reports WHERE superseded_by = ?", [now])[
        "report_id"
    ]
    assert at.selectbox(key="cx_rev").options == [at.selectbox(key="cx_rev").format_func(int(old))]
    at.selectbox(key="cx_rev").set_value(int(old))
    at.text_input(key="cx_rev_reason").input("修订版未经审核")
    _submit(at, f"revision_{now}", "设为当前版本")
    assert _rid(db, "城北街道", 2024) == int(old)
    assert any(
        s.value == f"报告 {old} 已恢复为当前版本（替换报告 {now}）；规则已重新核对。"
        for s in at.success
    )
    # the original breaks R3: its findings are the page's now
    assert sum(f.value.startswith("**办理结果合计不符**") for f in at.warning) == 2


def test_every_page_says_when_its_numbers_include_corrections(sample_db, tmp_path, monkeypatch):
    from lib.store import correct

    db = tmp_path / "w.duckdb"
    shutil.copy(sample_db, db)
    monkeypatch.setenv("GONGKAI_DB", str(db))
    monkeypatch.setenv("GONGKAI_SECRETS", str(tmp_path / "none.toml"))
    note = "本视图的数字含 1 处经核对原件的更正"
    assert not any(c.value.startswith(note) for c in open_dashboard("overview").caption)
    rid = _rid(db, "龙泉镇", 2023)
    correct.correct(db, [correct.Correction(rid, "s3.new.total", 3, "原件为 3")], "li")
    for page in ("overview", "compare", "trends", "quality", "export", "contrast"):
        at = open_dashboard(page)
        assert_clean(at)
        assert any(c.value.startswith(note) for c in at.caption), page
