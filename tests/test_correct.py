"""Corrections with audit and an earlier revision made current again (lib.store.correct), on copies of
the sample warehouse: the value as read is kept, who/when/why are stored, rules and metrics
follow, undo puts the original back, refusals write nothing, two supervisors at once both land.

龙泉镇 2023 is planted with 本年新收 one too high (R1 on 自然人 and 总计); 城北街道 2024 was
revised (the original, report 41, breaks R3)."""

from __future__ import annotations

import shutil
import threading

import pandas as pd
import pytest

from lib import analytics, export
from lib.analytics import queries
from lib.ingest import upgrade
from lib.store import Writer, correct, db_identity, read_df
from lib.store.correct import Correction, Refused

BODY, YEAR = "龙泉镇", 2023


@pytest.fixture
def db(sample_db, tmp_path):
    path = tmp_path / "c.duckdb"
    shutil.copy(sample_db, path)
    return path


def _rid(db, body=BODY, year=YEAR) -> int:
    rl = queries.report_list(str(db), {"bodies": (body,), "years": (year, year)})
    return int(rl["report_id"].iloc[0])


def _cell(db, rid: int, key: str):
    got = read_df(db, "SELECT value, blank FROM cells WHERE report_id = ? AND key = ?", [rid, key])
    return float(got["value"].iloc[0]), bool(got["blank"].iloc[0])


def _rules(db, rid: int) -> list[str]:
    return sorted(read_df(db, "SELECT rule FROM findings WHERE report_id = ?", [rid])["rule"])


def test_a_correction_is_audited_and_rules_and_metrics_follow(db):
    rid = _rid(db)
    assert _rules(db, rid) == ["R1", "R1"]
    new_before = (
        analytics.metric_table(str(db), {"bodies": (BODY,)}).set_index("year").at[YEAR, "new"]
    )
    changes = correct.correct(
        db, [Correction(rid, "s3.new.natural", 3, "原件为 3"),
             Correction(rid, "s3.new.total", 3, "原件为 3")], "li")  # fmt: skip
    assert changes == [(rid, "s3.new.natural", 4.0, 3.0), (rid, "s3.new.total", 4.0, 3.0)]
    assert _cell(db, rid, "s3.new.total") == (3.0, False)
    log = read_df(db, "SELECT key, kind, original, previous, value, reason, user_name, "
                      "corrected_at FROM corrections ORDER BY correction_id")  # fmt: skip
    assert log[
        ["key", "kind", "original", "previous", "value", "reason", "user_name"]
    ].values.tolist() == [
        ["s3.new.natural", "correct", 4.0, 4.0, 3.0, "原件为 3", "li"],
        ["s3.new.total", "correct", 4.0, 4.0, 3.0, "原件为 3", "li"],
    ]
    assert log["corrected_at"].notna().all()
    # the R1 findings are gone, and the issues they were close as fixed by the system
    assert _rules(db, rid) == []
    acts = read_df(db, "SELECT rule, status, user_name, note FROM latest_actions")
    assert acts.values.tolist() == [["R1", "fixed", "gongkai", f"auto:{rid}"]] * 2
    # metrics read the corrected cells; the view marks them with the value as read
    mt = analytics.metric_table(str(db), {"bodies": (BODY,)}).set_index("year")
    assert (new_before, mt.at[YEAR, "new"]) == (4, 3)
    view = queries.report_cells(str(db), {"bodies": (BODY,), "years": (YEAR, YEAR)},
                                columns=("key", "value", "corrected", "original")).set_index("key")  # fmt: skip
    assert view.loc["s3.new.total", ["value", "corrected", "original"]].tolist() == [3.0, True, 4.0]
    assert int(view["corrected"].sum()) == 2
    fixes = queries.corrections(str(db), {"bodies": (BODY,)})
    assert sorted(fixes["key"]) == ["s3.new.natural", "s3.new.total"]
    # the cells extract says which numbers were corrected and what was read
    ex = export.extract(str(db), "cells", None, BODY, (YEAR, YEAR), "zh").set_index("键")
    assert ex.loc["s3.new.total", ["数值", "已更正", "原识读值"]].tolist() == [3.0, "是", 4.0]
    assert (ex["已更正"] == "是").sum() == 2


def test_undo_puts_the_value_as_read_back_and_keeps_the_history(db):
    rid = _rid(db)
    correct.correct(db, [Correction(rid, "s3.new.total", 3, "原件为 3")], "li")
    assert correct.undo(db, rid, "s3.new.total", "wang", "看错了") == [
        (rid, "s3.new.total", 3.0, 4.0)
    ]
    assert _cell(db, rid, "s3.new.total") == (4.0, False)
    hist = queries.correction_history(str(db), {"bodies": (BODY,)})
    assert hist[["kind", "previous", "value", "user_name"]].values.tolist() == [
        ["undo", 3.0, 4.0, "wang"], ["correct", 4.0, 3.0, "li"]]  # fmt: skip
    assert queries.corrections(str(db)).empty
    assert _rules(db, rid) == ["R1", "R1"]
    with pytest.raises(Refused) as e:
        correct.undo(db, rid, "s3.new.total", "wang", "again")
    assert e.value.code == "not_corrected"


def test_a_part_of_a_computed_row_recomputes_the_row(db):
    # 2023 is on the 2021 template: 其他处理 (s3.other.*) is the sum of its three rows
    rid = _rid(db)
    correct.correct(db, [Correction(rid, "s3.other_misc.natural", 1, "原件为 1")], "li")
    assert _cell(db, rid, "s3.other.natural") == (1.0, False)
    assert "R3" in _rules(db, rid)  # 办理结果总计 3 ≠ the outcomes' 4


@pytest.mark.parametrize(
    "key, value, reason, user, code",
    [
        ("s3.new.total", -1, "x", "li", "value"),
        ("s3.new.total", 2.5, "x", "li", "value"),
        ("s3.new.total", float("nan"), "x", "li", "value"),
        ("s3.new.total", 4, "x", "li", "same"),
        ("s3.new.total", 3, " ", "li", "reason"),
        ("s3.new.total", 3, "x", "", "user"),
        ("s3.new.total", 3, "x", "gongkai", "user"),
        ("s3.other.natural", 3, "x", "li", "derived"),
        ("s9.nothing", 3, "x", "li", "cell"),
        ("s3.new.total", 3, "x" * 2001, "li", "note_long"),
    ],
)
def test_refused_corrections_write_nothing(db, key, value, reason, user, code):
    rid = _rid(db)
    before = db_identity(db)
    with pytest.raises(Refused) as e:
        correct.correct(db, [Correction(rid, "s3.new.natural", 3, "ok"),
                             Correction(rid, key, value, reason)], user)  # fmt: skip
    assert e.value.code == code
    assert db_identity(db) == before
    assert read_df(db, "SELECT count(*) AS n FROM corrections")["n"][0] == 0


def test_an_amount_may_have_decimals(db):
    rid = _rid(db)
    correct.correct(db, [Correction(rid, "s2.fees.amount_wan", 1.25, "原件为 1.25 万元")], "li")
    assert _cell(db, rid, "s2.fees.amount_wan") == (1.25, False)


def test_two_supervisors_correcting_at_once_both_land(db):
    rid = _rid(db)
    errors = []

    def one(key, value, user):
        try:
            correct.correct(db, [Correction(rid, key, value, "原件")], user)
        except Exception as e:  # pragma: no cover - the assertion below names it
            errors.append(e)

    ts = [threading.Thread(target=one, args=("s3.new.natural", 3, "li")),
          threading.Thread(target=one, args=("s3.new.total", 3, "wang"))]  # fmt: skip
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not errors
    log = read_df(db, "SELECT key, user_name FROM corrections ORDER BY key")
    assert log.values.tolist() == [["s3.new.natural", "li"], ["s3.new.total", "wang"]]
    assert _rules(db, rid) == []


def test_an_earlier_revision_is_made_current_again(db):
    body, year = "城北街道", 2024
    now = _rid(db, body, year)
    (old,) = read_df(db, "SELECT report_id FROM reports WHERE superseded_by = ?", [now])[
        "report_id"
    ]
    old = int(old)
    assert _rules(db, old) == ["R3", "R3"]
    assert correct.make_revision_current(db, old, "li", "修订版有误，以原件为准") == now
    assert _rid(db, body, year) == old
    rows = read_df(db, "SELECT report_id, current, superseded_by FROM reports "
                       "WHERE report_id IN (?, ?) ORDER BY report_id", [old, now])  # fmt: skip
    assert rows.fillna(-1).values.tolist() == [[old, True, -1], [now, False, old]]
    log = read_df(db, "SELECT result, user_name, reason, report_id FROM ingest_log "
                      "WHERE result = 'made_current'")  # fmt: skip
    assert log.values.tolist() == [
        ["made_current", "li", f"replaces report {now}: 修订版有误，以原件为准", old]
    ]
    # its findings count again on every page (the views read current reports)
    assert len(queries.findings(str(db), {"bodies": (body,), "years": (year, year)})) == 2
    # and back: the revision is current again; making the current one current changes nothing
    assert correct.make_revision_current(db, now, "li", "恢复修订版") == old
    assert correct.make_revision_current(db, now, "li", "再次") is None
    with pytest.raises(Refused) as e:
        correct.make_revision_current(db, old, "li", " ")
    assert e.value.code == "reason"


def test_an_older_warehouse_is_upgraded_in_place(db):
    with Writer(db) as w:  # the writer makes the schema current; then undo what is new
        w.con.execute("DROP VIEW report_cells; DROP VIEW corrected_cells; DROP TABLE corrections")
        w.con.execute("CREATE VIEW report_cells AS SELECT c.report_id, c.key FROM cells c")
    assert queries.corrections(str(db)).empty
    assert upgrade(db) is True
    assert upgrade(db) is False
    cols = queries.report_cells(str(db), {"bodies": (BODY,)}, columns=("key", "corrected"))
    assert not cols["corrected"].any() and len(cols) > 100
    assert isinstance(cols, pd.DataFrame)
