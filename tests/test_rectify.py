"""整改 tracking (issue 15 item 3): status changes with who/when/why kept as history, the
督办清单's 整改要求/责任单位/期限/状态 columns, automatic closing when a corrected report is
ingested, and two supervisors writing at once. Checked against SQL on the warehouse."""

from __future__ import annotations

import multiprocessing as mp
import shutil
from datetime import date

import pytest

from lib import export
from lib.analytics import rectify
from lib.ingest import ingest_paths
from lib.store import read_df, report_source
from lib.store.actions import SYSTEM_USER, Action
from tests.dbfixture import SAMPLE_DIR

LONGQUAN_2023 = SAMPLE_DIR / "示例县" / "龙泉镇" / "2023.html"
FORWARD_ROW = "四、结转下年度继续办理</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td>"  # noqa: E501


@pytest.fixture
def db(sample_db, tmp_path):
    path = tmp_path / "w.duckdb"
    shutil.copyfile(sample_db, path)
    return path


def _issues(db, body, year, rule):
    s = rectify.supervision_table(db)
    return s[(s["body"] == body) & (s["year"] == year) & (s["rule"] == rule)]


def test_status_change_is_stored_with_who_when_and_why(db):
    r1 = _issues(db, "龙泉镇", 2023, "R1")
    assert len(r1) == 2 and set(r1["status"]) == {"open"}  # the two columns that do not add up
    due = date(2027, 1, 15)
    n = rectify.record(db, rectify.actions_for(r1, "acknowledged", "已电话通知", "镇党政办", due),
                       "alice")  # fmt: skip
    assert n == 2
    got = read_df(db, "SELECT a.status, a.note, a.owner, a.due, a.user_name, b.name, a.year, "
                      "a.rule FROM actions a JOIN bodies b USING (body_id)")  # fmt: skip
    assert len(got) == 2
    assert set(
        map(
            tuple,
            got[["status", "note", "owner", "user_name", "name", "year", "rule"]].itertuples(
                index=False
            ),
        )
    ) == {  # fmt: skip
        ("acknowledged", "已电话通知", "镇党政办", "alice", "龙泉镇", 2023, "R1")
    }
    assert {d.date() if hasattr(d, "date") else d for d in got["due"]} == {due}
    after = _issues(db, "龙泉镇", 2023, "R1")
    assert set(after["status"]) == {"acknowledged"} and set(after["owner"]) == {"镇党政办"}
    assert set(after["status_by"]) == {"alice"} and set(after["status_note"]) == {"已电话通知"}
    # every other issue stays open
    rest = rectify.supervision_table(db)
    assert (rest["status"] != "open").sum() == 2


def test_history_keeps_every_change_and_the_last_one_counts(db):
    miss = _issues(db, "龙泉镇", 2020, "MISSING")
    assert len(miss) == 1 and miss["issue"].iloc[0] == "missing"
    rectify.record(db, rectify.actions_for(miss, "acknowledged", "已督促"), "alice")
    rectify.record(db, rectify.actions_for(miss, "waived", "该年度机构撤并，无需报送"), "bob")
    assert _issues(db, "龙泉镇", 2020, "MISSING")["status"].iloc[0] == "waived"
    h = rectify.history(db)
    assert h["status_by"].tolist() == ["bob", "alice"]  # newest first
    assert h["status"].tolist() == ["不予整改", "整改中"]
    assert h["check"].tolist() == ["未报送年度报告"] * 2
    n = read_df(db, "SELECT count(*) AS n FROM actions")["n"].iloc[0]
    assert n == 2


@pytest.mark.parametrize(
    "status, note, user, why",
    [
        ("closed", "", "alice", "unknown status"),
        ("waived", "  ", "alice", "needs a reason"),
        ("fixed", "", " ", "needs the name"),
        ("fixed", "x" * 2001, "alice", "longer than"),
        ("fixed", "", SYSTEM_USER, "reserved"),
    ],
)
def test_bad_status_changes_are_refused_and_nothing_is_written(db, status, note, user, why):
    act = Action(1, 2023, "R1", "", status, note)
    with pytest.raises(ValueError, match=why):
        rectify.record(db, [act], user)
    assert read_df(db, "SELECT count(*) AS n FROM actions")["n"].iloc[0] == 0


def test_a_corrected_report_closes_what_it_fixes(db, tmp_path):
    r1 = _issues(db, "龙泉镇", 2023, "R1")
    rectify.record(db, rectify.actions_for(r1, "acknowledged", "已通知"), "alice")
    level = _issues(db, "松坪乡", 2020, "LEVEL")
    rectify.record(db, rectify.actions_for(level, "acknowledged"), "alice")
    # the body republishes with the carried-forward row it had left out: 4 + 0 = 3 + 1
    html = LONGQUAN_2023.read_text(encoding="utf-8")
    assert FORWARD_ROW in html
    fixed_row = FORWARD_ROW.replace("<td>0</td>", "<td>1</td>", 1)
    fixed_row = fixed_row[: -len("<td>0</td>")] + "<td>1</td>"  # natural persons 1, total 1
    folder = tmp_path / "new" / "示例县" / "龙泉镇"
    folder.mkdir(parents=True)
    (folder / "2023-corrected.html").write_text(html.replace(FORWARD_ROW, fixed_row),
                                                encoding="utf-8")  # fmt: skip
    summary = ingest_paths([tmp_path / "new"], db, registry=SAMPLE_DIR / "bodies.csv",
                           user="clerk")  # fmt: skip
    assert summary.ok, summary.text()
    new_id = read_df(db, "SELECT report_id FROM report_list WHERE body = '龙泉镇' AND year = 2023")
    new_id = int(new_id["report_id"].iloc[0])
    assert not len(read_df(db, "SELECT * FROM findings WHERE report_id = ? AND rule = 'R1'",
                           [new_id]))  # fmt: skip
    after = _issues(db, "龙泉镇", 2023, "R1")
    assert after.empty  # no longer raised: off the list …
    auto = read_df(db, "SELECT rule, status, user_name, note, report_id FROM latest_actions "
                       "WHERE year = 2023 AND rule = 'R1'")  # fmt: skip
    # … and closed in the history, by the program, naming the report that fixed it
    assert len(auto) == 2 and set(auto["status"]) == {"fixed"}
    assert set(auto["user_name"]) == {SYSTEM_USER} and set(auto["report_id"]) == {new_id}
    assert rectify.history(db)["status_note"].iloc[0].startswith("重新导入的报告")
    # what was not fixed keeps its status; what the fix caused is new and open
    assert _issues(db, "松坪乡", 2020, "LEVEL")["status"].iloc[0] == "acknowledged"
    r5 = _issues(db, "龙泉镇", 2024, "R5")
    assert len(r5) and set(r5["status"]) == {"open"}  # 2024 carried over 0, 2023 forward 1


def test_a_filed_report_closes_the_missing_filing(db, tmp_path):
    miss = _issues(db, "龙泉镇", 2020, "MISSING")
    rectify.record(db, rectify.actions_for(miss, "acknowledged", "已督促补报"), "alice")
    folder = tmp_path / "late" / "示例县" / "龙泉镇"
    folder.mkdir(parents=True)
    text = (SAMPLE_DIR / "示例县" / "龙泉镇" / "2022.html").read_text(encoding="utf-8")
    (folder / "2020.html").write_text(text.replace("2022", "2020"), encoding="utf-8")
    assert ingest_paths([tmp_path / "late"], db, registry=SAMPLE_DIR / "bodies.csv").ok
    assert _issues(db, "龙泉镇", 2020, "MISSING").empty
    last = read_df(db, "SELECT status, user_name FROM latest_actions WHERE rule = 'MISSING'")
    assert last.values.tolist() == [["fixed", SYSTEM_USER]]


def _act(args):
    db, user, rule = args
    return rectify.record(db, [Action(11, 2023, rule, "x", "acknowledged", user)], user)


def test_two_supervisors_at_once_both_land(db):
    ctx = mp.get_context("spawn")
    with ctx.Pool(4) as pool:
        done = pool.map(_act, [(str(db), f"user{i}", f"R{i}") for i in range(1, 9)])
    assert done == [1] * 8
    got = read_df(db, "SELECT user_name, rule, action_id FROM actions ORDER BY user_name")
    assert got["user_name"].tolist() == [f"user{i}" for i in range(1, 9)]
    assert sorted(got["action_id"]) == list(range(1, 9))  # no id given twice


def test_supervision_extract_in_chinese_names_everything_in_words(db):
    r1 = _issues(db, "龙泉镇", 2023, "R1")
    rectify.record(db, rectify.actions_for(r1, "fixed", "已改正"), "alice")
    zh = export.extract(db, "supervision", lang="zh")
    assert {"整改要求", "责任单位", "整改期限", "状态", "整改说明", "登记人"} <= set(zh.columns)
    assert {"rule", "keys", "ident", "body_id"}.isdisjoint(zh.columns)
    assert set(zh["严重程度"]) <= {"错误", "警告", "提示"}
    assert set(zh["状态"]) == {"待整改", "已整改"}
    row = zh[(zh["机关"] == "龙泉镇") & (zh["年度"] == 2023) & (zh["问题"] == "收支不平衡")]
    assert set(row["状态"]) == {"已整改"} and set(row["登记人"]) == {"alice"}
    assert all("s3." not in c for c in zh["涉及位置"])
    # sorted by severity: every error before every warning, every warning before info
    order = {"错误": 0, "警告": 1, "提示": 2}
    ranks = [order[s] for s in zh["严重程度"]]
    assert ranks == sorted(ranks)
    # count of rows = findings of current reports + missing + late, from SQL
    n_findings = read_df(db, "SELECT count(*) AS n FROM findings f JOIN reports r "
                             "USING (report_id) WHERE r.current")["n"].iloc[0]  # fmt: skip
    assert (zh["类别"] == "报告问题").sum() == n_findings
    en = export.extract(db, "supervision", lang="en")
    assert set(en["status"]) == {"Open", "Fixed"} and "what to fix" in en.columns


def _as_written_before_2026_12_05(db):
    """An earlier version named both years' cells in an R5 finding (and so in its issue)."""
    import duckdb

    both = "{c} || ',' || replace({c}, 'carried_over', 'carried_forward')"
    with duckdb.connect(str(db)) as con:
        con.execute(f"UPDATE findings SET keys = {both.format(c='keys')} WHERE rule = 'R5'")
        con.execute(f"UPDATE actions SET ident = {both.format(c='ident')} WHERE rule = 'R5'")


def test_r5_issue_of_an_earlier_version_keeps_its_history_at_the_next_ingest(db, tmp_path):
    # data/gongkai.duckdb, built before R5 named only the later year's cell: 城东街道 2025's
    # acknowledged R5 issue was closed as "fixed" by the next ingest and opened again, bare
    import io

    import docx

    r5 = _issues(db, "城东街道", 2025, "R5")
    assert len(r5) == 2  # total and natural persons
    rectify.record(db, rectify.actions_for(r5, "acknowledged", "已通知"), "alice")
    _as_written_before_2026_12_05(db)
    old = read_df(db, "SELECT ident FROM actions WHERE rule = 'R5' ORDER BY ident")
    assert list(old["ident"]) == ["s3.carried_over.natural,s3.carried_forward.natural",
                                  "s3.carried_over.total,s3.carried_forward.total"]  # fmt: skip
    # the body republishes its 2025 report with one more line: the R5 difference stays
    rid = int(r5["report_id"].iloc[0])
    _, data = report_source(db, rid)
    doc = docx.Document(io.BytesIO(data))
    doc.add_paragraph("（本报告于2026年2月更正了附件格式。）")
    folder = tmp_path / "new" / "示例县" / "城东街道"
    folder.mkdir(parents=True)
    doc.save(folder / "2025.docx")
    summary = ingest_paths([tmp_path / "new"], db, registry=SAMPLE_DIR / "bodies.csv", user="clerk")
    assert summary.ok, summary.text()
    after = _issues(db, "城东街道", 2025, "R5")
    assert set(after["status"]) == {"acknowledged"} and len(after) == 2
    hist = read_df(db, "SELECT ident, status, user_name, note FROM actions WHERE rule = 'R5' "
                       "ORDER BY action_id")  # fmt: skip
    assert list(hist["status"]) == ["acknowledged"] * 2  # nothing closed, nothing reopened
    assert set(hist["ident"]) == {"s3.carried_over.natural", "s3.carried_over.total"}
    assert set(hist["user_name"]) == {"alice"} and set(hist["note"]) == {"已通知"}


def test_upgrade_gives_an_earlier_versions_r5_idents_todays(db):
    from lib.ingest import upgrade

    rectify.record(db, rectify.actions_for(_issues(db, "城东街道", 2025, "R5"), "fixed"), "bob")
    before = read_df(db, "SELECT * FROM actions ORDER BY action_id")
    _as_written_before_2026_12_05(db)
    assert upgrade(db) is True
    keys = read_df(db, "SELECT DISTINCT keys FROM findings WHERE rule = 'R5' ORDER BY keys")
    assert list(keys["keys"]) == ["s3.carried_over.natural", "s3.carried_over.total"]
    after = read_df(db, "SELECT * FROM actions ORDER BY action_id")
    assert after.equals(before)  # the ident is back to today's; who/when/status/note untouched
    assert upgrade(db) is False  # nothing left to do
    assert set(_issues(db, "城东街道", 2025, "R5")["status"]) == {"fixed"}
