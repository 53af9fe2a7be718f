"""整改跟踪 page (AppTest): the 督办清单 on screen with 整改要求/责任单位/期限/状态, a signed-in
supervisor records a status change (stored with who/when/why, checked with SQL), the list and
history show it; without login nothing can be written; a waiver without reason is refused."""

from __future__ import annotations

import shutil
from datetime import date

from lib import auth
from lib.analytics import rectify
from lib.store import read_df
from tests.pages_support import app, assert_clean, open_dashboard

__all__ = ["app"]


def _frame(at, needle: str, without: str = "\0"):
    for df in at.dataframe:
        v = df.value
        if needle in v.columns and without not in v.columns:
            return v
    raise AssertionError(
        f"no table with {needle!r}: {[list(d.value.columns) for d in at.dataframe]}"
    )


def test_list_shows_every_issue_worst_first_without_codes(app, sample_db):
    at = app("rectify")
    table = _frame(at, "整改要求")
    n_findings = read_df(sample_db, "SELECT count(*) AS n FROM findings f JOIN reports r "
                                    "USING (report_id) WHERE r.current")["n"].iloc[0]  # fmt: skip
    assert (table["类别"] == "报告问题").sum() == n_findings
    assert (table["类别"] == "未报送").sum() == 1  # 龙泉镇 2020
    assert set(table["状态"]) == {"待整改"}
    sev = {"错误": 0, "警告": 1, "提示": 2}
    assert [sev[s] for s in table["严重程度"]] == sorted(sev[s] for s in table["严重程度"])
    assert table.iloc[0]["问题"] in ("未报送年度报告", "收支不平衡", "办理结果合计不符")
    assert "R1" not in set(table["问题"]) and "rule" not in table.columns
    # writing needs a login: without users there is no form, only how to add one
    assert not [w for w in at.multiselect if w.key == "r_pick"]
    assert any("adduser" in w.value for w in at.warning)


def _signed_in(sample_db, tmp_path, monkeypatch, **params):
    db = tmp_path / "w.duckdb"
    shutil.copy(sample_db, db)
    secrets = tmp_path / "secrets.toml"
    auth.add_user(secrets, "li", "li-password-1")
    monkeypatch.setenv("GONGKAI_DB", str(db))
    monkeypatch.setenv("GONGKAI_SECRETS", str(secrets))
    at = open_dashboard("rectify", **params)
    at.text_input(key="login_user").input("li")
    at.text_input(key="login_password").input("li-password-1")
    at.button[0].click().run()
    assert_clean(at)
    return at, db


def test_signed_in_supervisor_records_a_status_change(sample_db, tmp_path, monkeypatch):
    at, db = _signed_in(sample_db, tmp_path, monkeypatch, r_body="龙泉镇")
    pick = at.multiselect(key="r_pick")
    r1 = [o for o in pick.options if "2023" in o and "收支不平衡" in o]
    assert len(r1) == 2, pick.options
    s = rectify.supervision_table(db)
    ids = [rectify.issue_id(r) for r in s[(s["body"] == "龙泉镇") & (s["year"] == 2023)
                                          & (s["rule"] == "R1")].itertuples()]  # fmt: skip
    assert sorted(pick.format_func(i) for i in ids) == sorted(r1)
    pick.set_value(ids)
    at.radio(key="r_new").set_value("fixed")
    at.text_area(key="r_note").input("已改正并重新发布")
    at.text_input(key="r_owner").input("龙泉镇党政办")
    at.date_input(key="r_due").set_value(date(2027, 2, 1))
    at.button(key="FormSubmitter:r_form-登记").click().run()
    assert_clean(at)
    assert any("已登记 2 条" in s.value for s in at.success)
    got = read_df(db, "SELECT b.name, a.year, a.rule, a.status, a.note, a.owner, a.due, "
                      "a.user_name FROM actions a JOIN bodies b USING (body_id)")  # fmt: skip
    assert len(got) == 2
    assert set(got["name"]) == {"龙泉镇"} and set(got["year"]) == {2023}
    assert set(got["rule"]) == {"R1"} and set(got["status"]) == {"fixed"}
    assert set(got["user_name"]) == {"li"} and set(got["owner"]) == {"龙泉镇党政办"}
    assert {str(d)[:10] for d in got["due"]} == {"2027-02-01"}
    table = _frame(at, "整改要求")
    done = table[table["问题"] == "收支不平衡"]
    assert set(done["状态"]) == {"已整改"} and set(done["登记人"]) == {"li"}
    assert set(done["责任单位"]) == {"龙泉镇党政办"}
    history = _frame(at, "登记时间", without="整改要求")
    assert history["登记人"].tolist() == ["li", "li"] and set(history["状态"]) == {"已整改"}


def test_waiver_without_reason_is_refused(sample_db, tmp_path, monkeypatch):
    at, db = _signed_in(sample_db, tmp_path, monkeypatch)
    pick = at.multiselect(key="r_pick")
    pick.set_value([rectify.issue_id(next(rectify.supervision_table(db).itertuples()))])
    at.radio(key="r_new").set_value("waived")
    at.button(key="FormSubmitter:r_form-登记").click().run()
    assert [e.value for e in at.error] == ["未能登记：不予整改须写明理由。"]
    assert read_df(db, "SELECT count(*) AS n FROM actions")["n"].iloc[0] == 0


def test_status_filter_lives_in_the_url(app):
    at = app("rectify", status="open", r_body="龙泉镇")
    table = _frame(at, "整改要求")
    assert set(table["机关"]) == {"龙泉镇"} and set(table["状态"]) == {"待整改"}
    assert at.query_params["status"] in ("open", ["open"])
